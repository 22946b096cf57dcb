"""Report pages of the reconcile stage: stories as timelines, contradictions side by side, and how
each outlet frames each actor."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from rashomon.export_reconciled import contradiction_records, framing_records, incident_records, story_records
from rashomon.report.framing_heatmap import heatmap_data
from rashomon.store.models import Article

# Outlets are told apart by colour on the timelines: a small fixed palette, assigned in name order.
_PALETTE = ("#8a3b12", "#2f6b8f", "#5a7d2a", "#7b4b94", "#b07d1a", "#3d7f7a", "#a33d5c", "#5b6675")
# Labels shown per outlet and actor in the framing overview; the outlet tables show them all.
_TOP_LABELS = 3


@dataclass
class TimelineItem:
    when: str
    kind: str  # article | incident
    outlet: str | None
    text: str
    article_id: str | None = None
    details: list[str] = field(default_factory=list)


def outlet_colours(names: list[str]) -> dict[str, str]:
    return {name: _PALETTE[i % len(_PALETTE)] for i, name in enumerate(sorted(set(names)))}


def stories_context(session: Session) -> dict[str, Any]:
    articles = {a.id: a for a in session.scalars(select(Article))}
    incidents = list(incident_records(session))
    stories = []
    for story in story_records(session):
        members = set(story["article_ids"])
        items = [_article_item(articles[a]) for a in story["article_ids"] if a in articles]
        items += [_incident_item(i) for i in incidents if members & set(i["article_ids"])]
        items.sort(key=lambda item: (item.when == "date unknown", item.when, item.kind))
        stories.append({"story": story, "items": items})
    stories.sort(key=lambda s: (-len(s["story"]["article_ids"]), s["story"]["first"] or ""))
    outlets = [a.outlet_name or "Unknown outlet" for a in articles.values()]
    return {"stories": stories, "colours": outlet_colours(outlets)}


def _article_item(article: Article) -> TimelineItem:
    return TimelineItem(
        when=article.published_date or "date unknown",
        kind="article",
        outlet=article.outlet_name or "Unknown outlet",
        text=article.title or "(no title)",
        article_id=article.id,
    )


def _incident_item(incident: dict[str, Any]) -> TimelineItem:
    place = (incident["location"] or {}).get("name")
    details = []
    for v in incident["versions"]:
        who = v["actor"] or "someone unnamed"
        toll = f", {v['fatalities']} killed" if v["fatalities"] is not None else ""
        speaker = f" (says {v['speaker']})" if v["speaker"] else ""
        details.append(f"{v['outlet'] or 'Unknown outlet'}: {who} → {v['target'] or '?'}{toll}{speaker}")
    return TimelineItem(
        when=(incident["date"] or "date unknown").split("/")[0],
        kind="incident",
        outlet=None,
        text=f"{incident['plover_type']}"
        + (f" in {place}" if place else "")
        + f", told {len(details)} times",
        details=details,
    )


def incidents_context(session: Session) -> dict[str, Any]:
    """Every incident with its versions; those told in several outlets first, then by date."""
    records = list(incident_records(session))
    records.sort(key=lambda i: (-len(set(i["outlets"])), i["date"] is None, i["date"] or "", i["id"]))
    return {"incidents": records, "told_by_several": sum(1 for i in records if len(set(i["outlets"])) > 1)}


def contradictions_context(session: Session) -> dict[str, Any]:
    records = list(contradiction_records(session))
    for record in records:
        for side in record["sides"]:
            found = re.search(r"^(art-[^/]+)/(st-\d+)$", str(side.get("claim_id") or ""))
            side["anchor"] = found.group(2) if found else None
    topics: dict[str, int] = defaultdict(int)
    for record in records:
        topics[record["topic"]] += 1
    return {"contradictions": records, "topics": sorted(topics.items())}


def framing_context(session: Session) -> dict[str, Any]:
    rows = list(framing_records(session))
    by_outlet: dict[str, list[dict[str, Any]]] = defaultdict(list)
    mentions: dict[str, int] = defaultdict(int)
    names: dict[str, str] = {}
    for row in rows:
        by_outlet[row["outlet"]].append(row)
        mentions[row["actor_id"]] += row["mentions"]
        names[row["actor_id"]] = row["actor_name"]
    # The overview crosses the actors most mentioned with every outlet.
    top = sorted(mentions, key=lambda a: -mentions[a])[:12]
    cells = {(r["outlet"], r["actor_id"]): list(r["labels"].items())[:_TOP_LABELS] for r in rows}
    return {
        "outlets": sorted(by_outlet),
        "by_outlet": dict(sorted(by_outlet.items())),
        "actors": [(a, names[a]) for a in top],
        "cells": cells,
        "loaded": {o: _loaded(rs) for o, rs in by_outlet.items()},
        "heatmap": heatmap_data(rows),
    }


def _loaded(rows: list[dict[str, Any]]) -> list[tuple[str, str, int]]:
    """Loaded terms an outlet uses: (term, attached to, count), most used first."""
    found = [(term, r["actor_name"], n) for r in rows for term, n in r["loaded_terms"].items()]
    return sorted(found, key=lambda t: -t[2])
