"""Writes and reads the pipeline needs. Each article is written in one transaction: an interrupted
run leaves either the whole article (with its dropped lines and mentions) or nothing of it."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from rashomon import __version__
from rashomon.clean.article import CleanedArticle
from rashomon.errors import InputError
from rashomon.extract.grounding import CodedEvent, Party
from rashomon.extract.places import Place
from rashomon.kb.actors import ActorMention
from rashomon.nlp.pipeline import ModelInfo, NlpResult
from rashomon.store.agreement_rows import agreement_rows
from rashomon.store.db import Store
from rashomon.store.models import (
    ActorMentionRow,
    Article,
    DroppedLineRow,
    EventRow,
    InputFailure,
    MentionRow,
    PlaceRow,
    Run,
    StatementRow,
)
from rashomon.types import Statement


def utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def article_id_for(digest: str) -> str:
    return f"art-{digest[:16]}"


@dataclass(frozen=True)
class ArticleOutcome:
    """What the pipeline decided for an article before it is written."""

    status: str  # analysed | not-analysed
    status_reason: str | None
    duplicate_of: str | None
    minhash: bytes | None
    nlp: NlpResult | None


def start_run(store: Store, inputs: Iterable[str], model: ModelInfo) -> int:
    with store.session() as session, session.begin():
        # A run still marked running was killed before it could finish: say so.
        session.execute(update(Run).where(Run.status == "running").values(status="interrupted"))
        run = Run(
            started_at=utcnow(),
            status="running",
            inputs=json.dumps(list(inputs)),
            model_name=model.name,
            model_version=model.version,
            rashomon_version=__version__,
        )
        session.add(run)
        session.flush()
        return run.id


def finish_run(store: Store, run_id: int, *, documents_read: int, added: int, already_stored: int) -> None:
    with store.session() as session, session.begin():
        run = session.get_one(Run, run_id)
        run.finished_at = utcnow()
        run.status = "completed"
        run.documents_read = documents_read
        run.articles_added = added
        run.already_stored = already_stored


def record_failure(store: Store, run_id: int, error: InputError) -> None:
    with store.session() as session, session.begin():
        session.add(InputFailure(run_id=run_id, location=error.location, reason=error.reason))


def is_stored(store: Store, digest: str) -> bool:
    with store.session() as session:
        return session.scalar(select(func.count()).where(Article.content_hash == digest)) > 0


def stored_signatures(store: Store) -> list[tuple[str, bytes]]:
    """(id, MinHash bytes) of every stored article, oldest first, to seed the duplicate index."""
    with store.session() as session:
        rows = session.execute(
            select(Article.id, Article.minhash)
            .where(Article.minhash.is_not(None))
            .order_by(Article.created_at, Article.id)
        )
        return [(row.id, row.minhash) for row in rows]


def save_article(
    store: Store, cleaned: CleanedArticle, outcome: ArticleOutcome, model: ModelInfo, run_id: int
) -> str | None:
    """Write the article, its dropped lines and its mentions in one transaction; returns its id,
    or None when another process stored the same content first.

    That other writer may have stored it since this one checked (`is_stored`): the unique content
    hash then refuses the row, and the article the other writer stored is the one kept, so the
    clash counts as already stored rather than as a failure."""
    article = _article_row(cleaned, outcome, model, run_id)
    try:
        with store.session() as session, session.begin():
            session.add(article)
    except IntegrityError:
        if not is_stored(store, cleaned.content_hash):
            raise  # a real constraint failure, not the race
        return None
    return article.id


def _statement_rows(article_id: str, text: str, statements: list[Statement]) -> list[StatementRow]:
    rows = []
    for number, statement in enumerate(statements, start=1):
        cue_start, cue_end = statement.cue or (None, None)
        source_start, source_end = statement.source or (None, None)
        rows.append(
            StatementRow(
                id=f"{article_id}/st-{number}",
                content_start=statement.content[0],
                content_end=statement.content[1],
                cue_start=cue_start,
                cue_end=cue_end,
                cue=text[cue_start:cue_end] if statement.cue else None,
                source_start=source_start,
                source_end=source_end,
                speaker_name=statement.speaker_name,
                speaker_role=statement.speaker_role,
                speaker_affiliation=statement.speaker_affiliation,
                speaker_kind=statement.speaker_kind,
                speaker_actor_id=statement.speaker_actor_id,
                mode=statement.mode,
                claim_type=statement.claim_type,
                relayed_by=statement.relayed_by,
                target=statement.target,
                said_on=statement.said_on,
            )
        )
    return rows


def _actor_rows(mentions: list[ActorMention]) -> list[ActorMentionRow]:
    return [
        ActorMentionRow(
            start=m.start, end=m.end, text=m.text, actor_id=m.actor_id, name=m.name, country=m.country,
            sector=m.sector, cameo=m.cameo, kind=m.kind, label=m.label,
        )
        for m in mentions
    ]  # fmt: skip


def _place_rows(places: list[Place]) -> list[PlaceRow]:
    return [
        PlaceRow(
            start=p.start, end=p.end, name=p.name, resolved_name=p.resolved_name or p.name,
            geonameid=p.geonameid, lat=p.lat, lon=p.lon, country=p.country, kind=p.kind,
            precision=p.precision, literal=p.literal,
        )
        for p in places
    ]  # fmt: skip


def _party_columns(prefix: str, party: Party | None) -> dict[str, object]:
    return {
        f"{prefix}_name": party.name if party else None,
        f"{prefix}_id": party.actor_id if party else None,
        f"{prefix}_country": party.country if party else None,
        f"{prefix}_sector": party.sector if party else None,
    }


def _event_rows(article_id: str, events: list[CodedEvent]) -> list[EventRow]:
    rows = []
    for number, coded in enumerate(events, start=1):
        event, place = coded.event, coded.place
        reported_by = f"{article_id}/st-{event.reported_by + 1}" if event.reported_by is not None else None
        rows.append(
            EventRow(
                id=f"{article_id}/ev-{number}",
                start=event.span[0],
                end=event.span[1],
                trigger=event.trigger.text,
                plover_type=event.plover_type,
                plover_mode=event.plover_mode,
                acled_event_type=event.acled_event_type,
                acled_sub_event_type=event.acled_sub_event_type,
                **_party_columns("actor", coded.actor),
                **_party_columns("target", coded.target),
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
        )
    return rows


def _article_row(cleaned: CleanedArticle, outcome: ArticleOutcome, model: ModelInfo, run_id: int) -> Article:
    raw, clean, outlet, published = cleaned.raw, cleaned.clean, cleaned.outlet, cleaned.published
    analysed = outcome.nlp is not None
    article_id = article_id_for(cleaned.content_hash)
    agreements, claims = agreement_rows(article_id, outcome.nlp.agreements if outcome.nlp else [])
    return Article(
        id=article_id,
        content_hash=cleaned.content_hash,
        run_id=run_id,
        created_at=utcnow(),
        source_path=raw.source_path,
        source_line=raw.line,
        source_url=raw.url or clean.url,
        retrieved_at=_naive_utc(cleaned.retrieved_at),
        input_kind=raw.kind,
        encoding=raw.encoding,
        title=clean.title,
        text=clean.text,
        outlet_name=outlet.name if outlet else None,
        outlet_domain=outlet.domain if outlet else None,
        outlet_country=outlet.country if outlet else None,
        outlet_ownership=outlet.ownership if outlet else None,
        outlet_speaks_for=outlet.speaks_for if outlet else None,
        outlet_basis=outlet.basis if outlet else None,
        published_date=published.date,
        published_precision=published.precision,
        published_basis=published.basis,
        published_not_before=published.not_before,
        language=cleaned.language.code,
        language_confidence=cleaned.language.confidence,
        status=outcome.status,
        status_reason=outcome.status_reason,
        duplicate_of=outcome.duplicate_of,
        minhash=outcome.minhash,
        model_name=model.name if analysed else None,
        model_version=model.version if analysed else None,
        rashomon_version=__version__,
        sentence_count=outcome.nlp.sentence_count if outcome.nlp else 0,
        dropped_lines=[
            DroppedLineRow(line_no=line.line_no, text=line.text, reason=line.reason)
            for line in cleaned.clean.dropped
        ],
        mentions=[
            MentionRow(start=m.start, end=m.end, label=m.label, text=m.text)
            for m in (outcome.nlp.mentions if outcome.nlp else [])
        ],
        statements=_statement_rows(article_id, clean.text, outcome.nlp.statements if outcome.nlp else []),
        actor_mentions=_actor_rows(outcome.nlp.actors if outcome.nlp else []),
        places=_place_rows(outcome.nlp.places if outcome.nlp else []),
        events=_event_rows(article_id, outcome.nlp.events if outcome.nlp else []),
        agreement_mentions=agreements,
        compliance_claims=claims,
    )


def _naive_utc(moment: datetime | None) -> datetime | None:
    """Datetimes are stored as naive UTC (as `utcnow`), the one form SQLite and PostgreSQL agree on."""
    if moment is None or moment.tzinfo is None:
        return moment
    return moment.astimezone(timezone.utc).replace(tzinfo=None)


# The report's and exports' order of articles: by outlet (unknown last), date and title.
ARTICLE_ORDER = (
    Article.outlet_name.is_(None),
    Article.outlet_name,
    Article.published_date,
    Article.title,
    Article.id,
)


def articles(session: Session) -> list[Article]:
    """All stored articles, ordered by outlet, date and title (the report's and exports' order)."""
    return list(session.scalars(select(Article).order_by(*ARTICLE_ORDER)))
