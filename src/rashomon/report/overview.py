"""The overview at the top of the report's index: which outlets the corpus holds and how much of each,
the dates it covers, its stories and the contradictions that head the contradictions page."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from rashomon.export_reconciled import contradiction_records, story_records
from rashomon.store.models import Article, EventRow, StatementRow

# Contradictions shown on the index; the contradictions page has them all.
_HEADLINES = 5
# Topics shown first: who did it and how many died are what a reader checks before anything else.
_TOPIC_ORDER = ("perpetrator", "casualties", "denial", "agreement")
_UNKNOWN_OUTLET = "Unknown outlet"


@dataclass(frozen=True)
class OutletCount:
    name: str
    articles: int
    statements: int
    events: int
    first: str | None
    last: str | None


def overview_context(session: Session) -> dict[str, Any]:
    outlets = _outlet_counts(session)
    dates = sorted(d for (d,) in session.execute(select(Article.published_date)) if d)
    undated = session.scalar(select(func.count()).where(Article.published_date.is_(None))) or 0
    stories = sorted(story_records(session), key=lambda s: (-len(s["article_ids"]), s["first"] or ""))
    contradictions = list(contradiction_records(session))
    rank = {topic: i for i, topic in enumerate(_TOPIC_ORDER)}
    contradictions.sort(key=lambda c: (rank.get(c["topic"], len(rank)), -len(c["sides"]), c["id"]))
    return {
        "outlet_counts": outlets,
        "date_range": (dates[0], dates[-1]) if dates else None,
        "undated_count": undated,
        "overview_stories": stories,
        "headline_contradictions": contradictions[:_HEADLINES],
        "contradiction_count": len(contradictions),
    }


def _outlet_counts(session: Session) -> list[OutletCount]:
    """Per outlet: articles, statements and events stored, and its first and last publication day."""
    outlet_of = {a: o or _UNKNOWN_OUTLET for a, o in session.execute(select(Article.id, Article.outlet_name))}
    statements = Counter(outlet_of[a] for (a,) in session.execute(select(StatementRow.article_id)))
    events = Counter(outlet_of[a] for (a,) in session.execute(select(EventRow.article_id)))
    articles: Counter[str] = Counter(outlet_of.values())
    days: dict[str, list[str]] = {}
    for article_id, date in session.execute(select(Article.id, Article.published_date)):
        if date:
            days.setdefault(outlet_of[article_id], []).append(date)
    rows = [
        OutletCount(
            name=name,
            articles=n,
            statements=statements[name],
            events=events[name],
            first=min(days[name]) if name in days else None,
            last=max(days[name]) if name in days else None,
        )
        for name, n in articles.items()
    ]
    return sorted(rows, key=lambda r: (r.name == _UNKNOWN_OUTLET, -r.articles, r.name.casefold()))
