"""An article's store rows as plain dicts, and writing many articles' rows at once.

`article_rows` is pure (no store, no session): it runs where the article was analysed, on a Dask
worker or in this process, so the driver only adds what depends on the run and the store (run id,
creation time, near-duplicate link, model) and hands the rows to `insert_rows`, one executemany per
table for a whole batch of articles instead of the ORM's unit of work per object.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy import insert
from sqlalchemy.orm import Session

from rashomon.clean.article import CleanedArticle
from rashomon.extract.grounding import CodedEvent, Party
from rashomon.extract.places import Place
from rashomon.kb.actors import ActorMention
from rashomon.kb.gazetteer import region_key
from rashomon.nlp.pipeline import NlpResult
from rashomon.store.agreement_rows import agreement_rows
from rashomon.store.models import (
    ActorMentionRow,
    AgreementMentionRow,
    Article,
    Base,
    ComplianceClaimRow,
    DroppedLineRow,
    EventRow,
    MentionRow,
    PlaceRow,
    StatementRow,
)
from rashomon.types import Statement

Row = dict[str, object]

# The article's own tables, in the order rows are inserted (a row only refers to rows before it).
CHILD_MODELS: tuple[type[Base], ...] = (
    DroppedLineRow,
    MentionRow,
    StatementRow,
    ActorMentionRow,
    PlaceRow,
    EventRow,
    AgreementMentionRow,
    ComplianceClaimRow,
)


def article_id_for(digest: str) -> str:
    return f"art-{digest[:16]}"


@dataclass(frozen=True)
class ArticleRows:
    """One article's rows: `article` lacks the columns the driver fills (`RUN_COLUMNS`); `children`
    holds a list of rows per table name of `CHILD_MODELS`, each row with its `article_id`."""

    article: Row
    children: dict[str, list[Row]]

    @property
    def id(self) -> str:
        return str(self.article["id"])

    @property
    def content_hash(self) -> str:
        return str(self.article["content_hash"])

    @property
    def analysed(self) -> bool:
        return self.article["status"] == "analysed"


# Article columns that depend on the run or the store rather than on the article: set by the driver.
RUN_COLUMNS = ("run_id", "created_at", "duplicate_of", "model_name", "model_version", "rashomon_version")


def article_rows(
    cleaned: CleanedArticle, not_analysed_reason: str | None, minhash: bytes, nlp: NlpResult | None
) -> ArticleRows:
    """The rows of one cleaned (and, unless `not_analysed_reason`, analysed) article."""
    raw, clean, outlet, published = cleaned.raw, cleaned.clean, cleaned.outlet, cleaned.published
    article_id = article_id_for(cleaned.content_hash)
    article: Row = {
        "id": article_id,
        "content_hash": cleaned.content_hash,
        "source_path": raw.source_path,
        "source_line": raw.line,
        "source_url": raw.url or clean.url,
        "retrieved_at": naive_utc(cleaned.retrieved_at),
        "input_kind": raw.kind,
        "encoding": raw.encoding,
        "title": clean.title,
        "text": clean.text,
        "outlet_name": outlet.name if outlet else None,
        "outlet_domain": outlet.domain if outlet else None,
        "outlet_country": outlet.country if outlet else None,
        "outlet_ownership": outlet.ownership if outlet else None,
        "outlet_speaks_for": outlet.speaks_for if outlet else None,
        "outlet_basis": outlet.basis if outlet else None,
        "published_date": published.date,
        "published_precision": published.precision,
        "published_basis": published.basis,
        "published_not_before": published.not_before,
        "language": cleaned.language.code,
        "language_confidence": cleaned.language.confidence,
        "status": "not-analysed" if not_analysed_reason else "analysed",
        "status_reason": not_analysed_reason,
        "minhash": minhash,
        "sentence_count": nlp.sentence_count if nlp else 0,
    }
    children: dict[str, list[Row]] = {
        "dropped_line": [
            {"article_id": article_id, "line_no": line.line_no, "text": line.text, "reason": line.reason}
            for line in clean.dropped
        ]
    }
    if nlp is not None:
        agreements, claims = agreement_rows(article_id, nlp.agreements)
        children["mention"] = [
            {"article_id": article_id, "start": m.start, "end": m.end, "label": m.label, "text": m.text}
            for m in nlp.mentions
        ]
        children["statement"] = _statement_rows(article_id, clean.text, nlp.statements)
        children["actor_mention"] = _actor_rows(article_id, nlp.actors)
        children["place"] = _place_rows(article_id, nlp.places)
        children["event"] = _event_rows(article_id, nlp.events)
        children["agreement_mention"] = agreements
        children["compliance_claim"] = claims
    return ArticleRows(article=article, children={k: v for k, v in children.items() if v})


def insert_rows(session: Session, batch: Sequence[ArticleRows]) -> None:
    """Insert the rows of `batch` (articles complete with `RUN_COLUMNS`), one executemany per table,
    in the order of `batch` and of each article's lists: the order the ORM would insert them in."""
    if not batch:
        return
    connection = session.connection()
    connection.execute(insert(Article.__table__), [rows.article for rows in batch])
    for model in CHILD_MODELS:
        table = model.__table__
        rows = [row for article in batch for row in article.children.get(table.name, ())]
        if rows:
            connection.execute(insert(table), rows)


def naive_utc(moment: datetime | None) -> datetime | None:
    """Datetimes are stored as naive UTC, the one form SQLite and PostgreSQL agree on."""
    if moment is None or moment.tzinfo is None:
        return moment
    return moment.astimezone(timezone.utc).replace(tzinfo=None)


def _statement_rows(article_id: str, text: str, statements: list[Statement]) -> list[Row]:
    rows: list[Row] = []
    for number, statement in enumerate(statements, start=1):
        cue_start, cue_end = statement.cue or (None, None)
        source_start, source_end = statement.source or (None, None)
        rows.append(
            {
                "id": f"{article_id}/st-{number}",
                "article_id": article_id,
                "content_start": statement.content[0],
                "content_end": statement.content[1],
                "cue_start": cue_start,
                "cue_end": cue_end,
                "cue": text[cue_start:cue_end] if statement.cue else None,
                "source_start": source_start,
                "source_end": source_end,
                "speaker_name": statement.speaker_name,
                "speaker_role": statement.speaker_role,
                "speaker_affiliation": statement.speaker_affiliation,
                "speaker_kind": statement.speaker_kind,
                "speaker_actor_id": statement.speaker_actor_id,
                "mode": statement.mode,
                "claim_type": statement.claim_type,
                "relayed_by": statement.relayed_by,
                "target": statement.target,
                "said_on": statement.said_on,
            }
        )
    return rows


def _actor_rows(article_id: str, mentions: list[ActorMention]) -> list[Row]:
    return [
        {
            "article_id": article_id, "start": m.start, "end": m.end, "text": m.text, "actor_id": m.actor_id,
            "name": m.name, "country": m.country, "sector": m.sector, "cameo": m.cameo, "kind": m.kind,
            "label": m.label,
        }
        for m in mentions
    ]  # fmt: skip


def _place_rows(article_id: str, places: list[Place]) -> list[Row]:
    return [
        {
            "article_id": article_id, "start": p.start, "end": p.end, "name": p.name,
            "resolved_name": p.resolved_name or p.name, "geonameid": p.geonameid, "lat": p.lat, "lon": p.lon,
            "country": p.country, "kind": p.kind, "precision": p.precision, "literal": p.literal,
            "region": region_key(p.country, p.admin1) or "",
        }
        for p in places
    ]  # fmt: skip


def _party_columns(row: Row, prefix: str, party: Party | None) -> None:
    row[f"{prefix}_name"] = party.name if party else None
    row[f"{prefix}_id"] = party.actor_id if party else None
    row[f"{prefix}_country"] = party.country if party else None
    row[f"{prefix}_sector"] = party.sector if party else None


def _event_rows(article_id: str, events: list[CodedEvent]) -> list[Row]:
    rows: list[Row] = []
    for number, coded in enumerate(events, start=1):
        event, place = coded.event, coded.place
        reported_by = f"{article_id}/st-{event.reported_by + 1}" if event.reported_by is not None else None
        row: Row = {
            "id": f"{article_id}/ev-{number}",
            "article_id": article_id,
            "start": event.span[0],
            "end": event.span[1],
            "trigger": event.trigger.text,
            "plover_type": event.plover_type,
            "plover_mode": event.plover_mode,
            "acled_event_type": event.acled_event_type,
            "acled_sub_event_type": event.acled_sub_event_type,
        }
        _party_columns(row, "actor", coded.actor)
        _party_columns(row, "target", coded.target)
        row.update(
            location_name=place.name if place else event.location_text,
            geonameid=place.geonameid if place else None,
            lat=place.lat if place else None,
            lon=place.lon if place else None,
            location_country=place.country if place else None,
            location_precision=place.precision if place else None,
            date_value=coded.date_value,
            date_precision=coded.date_precision,
            fatalities=event.fatalities,
            injured=event.injured,
            negated=event.negated,
            modality=event.modality,
            reported_by=reported_by,
            background=event.background,
        )
        rows.append(row)
    return rows
