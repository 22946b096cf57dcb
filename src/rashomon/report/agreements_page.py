"""The report's agreements page: every agreement linked across articles, placed on a timeline by
the date the corpus gives it, each with its own timeline of what every outlet and speaker says
about it (mentions, and claims that it is kept or broken)."""

from __future__ import annotations

import datetime
import json
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from rashomon.store.models import AgreementMentionRow, AgreementRow, Article, ComplianceClaimRow, StatementRow

_UNKNOWN_SPEAKER = "Unnamed speaker"


@dataclass(frozen=True)
class Entry:
    """One line of an agreement's own timeline: an article that mentions it, and what is said."""

    when: str  # the article's publication date, or "date unknown"
    article_id: str
    outlet: str
    title: str
    mention: AgreementMentionRow
    claims: list[tuple[ComplianceClaimRow, str, str | None]]  # claim, who says so, st-N anchor


@dataclass(frozen=True)
class AgreementView:
    row: AgreementRow
    parties: list[dict[str, Any]]
    brokers: list[dict[str, Any]]
    provisions: list[str]
    entries: list[Entry]
    offset: float | None  # position on the overall timeline, 0-100 (percent); None: undated

    @property
    def anchor(self) -> str:
        return self.row.id

    @property
    def broken_claims(self) -> int:
        return sum(1 for e in self.entries for c, _, _ in e.claims if c.stance == "broken")


def agreements_context(session: Session) -> dict[str, Any]:
    articles = {a.id: a for a in session.scalars(select(Article))}
    speakers = {s.id: s.speaker_name or _UNKNOWN_SPEAKER for s in session.scalars(select(StatementRow))}
    claims: dict[str, list[ComplianceClaimRow]] = {}
    for claim in session.scalars(select(ComplianceClaimRow).order_by(ComplianceClaimRow.cue_start)):
        claims.setdefault(claim.mention_id, []).append(claim)
    mentions: dict[str, list[AgreementMentionRow]] = {}
    for mention in session.scalars(select(AgreementMentionRow).order_by(AgreementMentionRow.start)):
        mentions.setdefault(mention.agreement_id or "", []).append(mention)
    rows = list(session.scalars(select(AgreementRow)))
    span = _year_span(rows)
    views = [
        AgreementView(
            row=row,
            parties=json.loads(row.parties),
            brokers=json.loads(row.brokers),
            provisions=json.loads(row.provisions),
            entries=_entries(mentions.get(row.id, []), claims, articles, speakers),
            offset=_offset(row.date_value, span),
        )
        for row in rows
    ]
    views.sort(key=lambda v: (v.row.date_value is None, v.row.date_value or "", -len(v.entries), v.row.name))
    return {
        "agreements": views,
        "years": list(range(span[0], span[1] + 1)) if span else [],
        "claim_count": sum(len(c) for c in claims.values()),
    }


def _entries(
    mentions: list[AgreementMentionRow],
    claims: dict[str, list[ComplianceClaimRow]],
    articles: dict[str, Article],
    speakers: dict[str, str],
) -> list[Entry]:
    entries = []
    for mention in mentions:
        article = articles[mention.article_id]
        said = [
            (
                c,
                speakers.get(c.statement_id or "", article.outlet_name or "the outlet"),
                _anchor(c.statement_id),
            )
            for c in claims.get(mention.id, [])
        ]
        entries.append(
            Entry(
                when=article.published_date or "date unknown",
                article_id=article.id,
                outlet=article.outlet_name or "Unknown outlet",
                title=article.title or "(no title)",
                mention=mention,
                claims=said,
            )
        )
    entries.sort(key=lambda e: (e.when == "date unknown", e.when, e.outlet, e.mention.start))
    return entries


def _anchor(statement_id: str | None) -> str | None:
    found = re.search(r"/(st-\d+)$", statement_id or "")
    return found.group(1) if found else None


def _year_span(rows: list[AgreementRow]) -> tuple[int, int] | None:
    years = [int(r.date_value[:4]) for r in rows if r.date_value]
    return (min(years), max(years)) if years else None


def _offset(value: str | None, span: tuple[int, int] | None) -> float | None:
    """Where a date falls between 1 January of the first year and 31 December of the last."""
    if not value or not span:
        return None
    start = datetime.date(span[0], 1, 1)
    total = (datetime.date(span[1], 12, 31) - start).days or 1
    parts = [int(p) for p in value.split("/")[0].split("-")]
    day = datetime.date(parts[0], parts[1] if len(parts) > 1 else 7, parts[2] if len(parts) > 2 else 1)
    return round(100 * (day - start).days / total, 2)
