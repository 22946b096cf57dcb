"""The report's map: every located event as a point on an offline basemap, sized by the fatalities
its article reports, with the event type, actor and outlet to filter on. The page's script reads the
points and the basemap from JSON blocks (see `charts.json_script`)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from rashomon.report.basemap import basemap_geojson, box_around
from rashomon.report.reconciled_pages import outlet_colours
from rashomon.store.models import EventRow

_UNKNOWN_OUTLET = "Unknown outlet"
_NO_ACTOR = "(no actor named)"
_AREA_ONLY = 3  # ACLED geo_precision of a place known only as a region or country


def event_point(row: EventRow) -> dict[str, Any]:
    """One located event as the map's script reads it (all text raw: the script escapes it)."""
    article = row.article
    return {
        "id": row.id,
        "lat": row.lat,
        "lon": row.lon,
        "place": row.location_name,
        # ACLED geo_precision: 1 the town or site, 2 near it or part of it, 3 only a region or country
        # named: drawn as a ring at that area's centre, which is no place of the event's own.
        "precision": row.location_precision,
        "type": row.plover_type,
        "acled": " / ".join(filter(None, (row.acled_event_type, row.acled_sub_event_type))) or None,
        "actor": row.actor_name or _NO_ACTOR,
        "target": row.target_name,
        "fatalities": row.fatalities,
        "injured": row.injured,
        "date": row.date_value or article.published_date,
        "outlet": article.outlet_name or _UNKNOWN_OUTLET,
        "article": article.id,
        "title": article.title or "(no title)",
        "trigger": row.trigger,
        "status": _status(row),
    }


def _status(row: EventRow) -> list[str]:
    """Why the event is not a plain reported fact (future, hypothetical, negated), if it is not."""
    flags = ((row.modality, row.modality != "asserted"), ("negated", row.negated))
    return [label for label, on in flags if on]


def map_context(session: Session) -> dict[str, Any]:
    rows = list(session.scalars(select(EventRow).options(selectinload(EventRow.article))))
    located = [row for row in rows if row.lat is not None and row.lon is not None]
    located.sort(key=lambda r: (r.article.published_date or "", r.article_id, r.start))
    points = [event_point(row) for row in located]
    box = box_around([(p["lon"], p["lat"]) for p in points])
    basemap = basemap_geojson(box) if points else None
    return {
        "map_data": {
            "points": points,
            "colours": outlet_colours([p["outlet"] for p in points]),
            "filters": {key: _choices(points, key) for key in ("type", "actor", "outlet")},
        },
        "basemap": basemap,
        "located_count": len(points),
        "event_count": len(rows),
        "killed": sum(p["fatalities"] or 0 for p in points),
        "with_toll": sum(1 for p in points if p["fatalities"] is not None),
        "area_only": sum(1 for p in points if p["precision"] == _AREA_ONLY),
        "basemap_source": basemap["source"] if basemap else None,
    }


def _choices(points: list[dict[str, Any]], key: str) -> list[list[Any]]:
    """[value, count] pairs for a filter, most frequent first."""
    counts = Counter(p[key] for p in points)
    return [[value, n] for value, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
