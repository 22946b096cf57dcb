"""The report's timeline: per story, its events and statements over time, one lane per outlet, with
the agreements its articles speak of and the deadlines they set marked on the same axis.

An event is placed on the day the text gives it, else on its article's publication day (the hover
says which); a statement on the day it was made, else the same way. Undated ones are counted."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from rashomon.export_reconciled import story_records
from rashomon.records.agreements import agreement_records
from rashomon.report.reconciled_pages import outlet_colours
from rashomon.store.models import AgreementMentionRow, Article, EventRow, StatementRow

_UNKNOWN_OUTLET = "Unknown outlet"
_TEXT_CHARS = 160  # hover text per item; the article page has it all
# Date phrases that set a limit rather than say when something happened ("by the end of February").
_DEADLINE = re.compile(r"^\s*(by|until|till|before|no later than|deadline)\b", re.I)


def plot_day(value: str | None) -> str | None:
    """A partial ISO date ("2020", "2020-02", "2020-02-12/2020-02-14", "2020-02-03,2020-02-10") as
    one day a chart can place: the first of a range or list, a month's 15th, a year's 1 July."""
    if not value:
        return None
    first = re.split(r"[/,]", value)[0].strip()
    found = re.fullmatch(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", first)
    if not found:
        return None
    year, month, day = found.groups()
    return f"{year}-{month or '07'}-{day or ('15' if month else '01')}"


def timeline_context(session: Session) -> dict[str, Any]:
    articles = {a.id: a for a in session.scalars(select(Article))}
    events = list(session.scalars(select(EventRow)))
    statements = list(session.scalars(select(StatementRow)))
    mentions = list(session.scalars(select(AgreementMentionRow)))
    agreements = list(agreement_records(session))
    stories = []
    for story in story_records(session):
        members = set(story["article_ids"])
        items = [_event_item(e, articles[e.article_id]) for e in events if e.article_id in members]
        items += [_statement_item(s, articles[s.article_id]) for s in statements if s.article_id in members]
        dated = sorted((i for i in items if i["day"]), key=lambda i: (i["day"], i["outlet"], i["kind"]))
        stories.append(
            {
                "id": story["id"],
                "title": story["title"] or "(untitled story)",
                "first": story["first"],
                "last": story["last"],
                "items": dated,
                "undated": len(items) - len(dated),
                "marks": _marks(members, agreements, mentions, articles),
            }
        )
    stories.sort(key=lambda s: (-len(s["items"]), s["first"] or ""))
    outlets = [a.outlet_name or _UNKNOWN_OUTLET for a in articles.values()]
    return {"timeline": {"stories": stories, "colours": outlet_colours(outlets)}}


def _event_item(row: EventRow, article: Article) -> dict[str, Any]:
    place = f" in {row.location_name}" if row.location_name else ""
    toll = f", {row.fatalities} killed" if row.fatalities is not None else ""
    who = f"{row.actor_name or 'someone unnamed'} → {row.target_name or '?'}"
    return _item("event", row.date_value, article, f"{row.plover_type}{place}: {who}{toll}", None)


def _statement_item(row: StatementRow, article: Article) -> dict[str, Any]:
    found = re.search(r"/(st-\d+)$", row.id)
    text = f"{row.speaker_name or 'Unnamed speaker'} ({row.claim_type}): {_clip(row.content)}"
    return _item("statement", row.said_on, article, text, found.group(1) if found else None)


def _item(kind: str, own: str | None, article: Article, text: str, anchor: str | None) -> dict[str, Any]:
    day = plot_day(own)
    return {
        "kind": kind,
        "day": day or plot_day(article.published_date),
        "date": own or article.published_date,
        "basis": "text" if day else "publication",
        "outlet": article.outlet_name or _UNKNOWN_OUTLET,
        "text": text,
        "article": article.id,
        "anchor": anchor,
    }


def _marks(
    members: set[str],
    agreements: list[dict[str, Any]],
    mentions: list[AgreementMentionRow],
    articles: dict[str, Article],
) -> list[dict[str, Any]]:
    """The dates of the agreements the story's articles mention, and the deadlines they quote."""
    marks = []
    for agreement in agreements:
        day = plot_day(agreement["date"])
        if day and members & set(agreement["article_ids"]):
            label = agreement["name"]
            marks.append({"kind": "agreement", "day": day, "date": agreement["date"], "label": label})
    for mention in mentions:
        day = plot_day(mention.date_value)
        if day and mention.article_id in members and _DEADLINE.match(mention.date_text or ""):
            outlet = articles[mention.article_id].outlet_name or _UNKNOWN_OUTLET
            label = f"deadline ({mention.date_text}, {outlet}): {mention.name or mention.text}"
            marks.append({"kind": "deadline", "day": day, "date": mention.date_value, "label": label})
    return sorted(marks, key=lambda m: (m["day"], m["kind"]))


def _clip(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= _TEXT_CHARS else flat[: _TEXT_CHARS - 1].rstrip() + "…"
