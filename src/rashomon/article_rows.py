"""An analysed article as the store's rows: plain dicts, column -> value, one list per table.

`article_rows` is pure (no store, no session): it runs where the article was analysed, on a Dask
worker or in this process, and the driver hands the rows to `store.bulk.insert_rows` once it has
added what depends on the run and the store (`store.bulk.RUN_COLUMNS`). It turns the pipeline's types
into rows here, outside `store/`, so that the store knows only its tables and plain rows.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from rashomon.clean.cleaned import CleanedArticle
from rashomon.extract.agreements import AgreementMention
from rashomon.extract.grounding import CodedEvent, Party
from rashomon.extract.places import Place
from rashomon.kb.gazetteer import region_key
from rashomon.nlp.pipeline import NlpResult
from rashomon.records.kinds import ACTOR, DROPPED_LINE, MENTION
from rashomon.records.spec import KindSpec
from rashomon.store.bulk import ArticleRows, Row, article_id_for, naive_utc
from rashomon.types import Statement

__all__ = ["ArticleRows", "agreement_rows", "article_rows", "party_json"]


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
        "published_not_after": published.not_after,
        "language": cleaned.language.code,
        "language_confidence": cleaned.language.confidence,
        "status": "not-analysed" if not_analysed_reason else "analysed",
        "status_reason": not_analysed_reason,
        "minhash": minhash,
        "sentence_count": nlp.sentence_count if nlp else 0,
    }
    children: dict[str, list[Row]] = {"dropped_line": mirrored_rows(DROPPED_LINE, article_id, clean.dropped)}
    if nlp is not None:
        agreements, claims = agreement_rows(article_id, nlp.agreements)
        children["mention"] = mirrored_rows(MENTION, article_id, nlp.mentions)
        children["statement"] = _statement_rows(article_id, clean.text, nlp.statements)
        children["actor_mention"] = mirrored_rows(ACTOR, article_id, nlp.actors)
        children["place"] = _place_rows(article_id, nlp.places)
        children["event"] = _event_rows(article_id, nlp.events)
        children["agreement_mention"] = agreements
        children["compliance_claim"] = claims
    return ArticleRows(article=article, children={k: v for k, v in children.items() if v})


def mirrored_rows(spec: KindSpec, article_id: str, items: Iterable[object]) -> list[Row]:
    """Rows of a table whose columns the kind's records read and the pipeline's records carry under
    the same names (`start`, `label`, `actor_id`, ...): a field declared for the kind is stored too."""
    columns = [column for column in spec.store_columns() if column != "article_id"]
    return [
        {"article_id": article_id, **{column: getattr(item, column) for column in columns}} for item in items
    ]


def _statement_id(article_id: str, index: int | None) -> str | None:
    return f"{article_id}/st-{index + 1}" if index is not None else None


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
                "speaker_country": statement.speaker_country,
                "speaker_sector": statement.speaker_sector,
                "mode": statement.mode,
                "claim_type": statement.claim_type,
                "relayed_by": statement.relayed_by,
                "target": statement.target,
                "said_on": statement.said_on,
            }
        )
    return rows


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
            reported_by=_statement_id(article_id, event.reported_by),
            background=event.background,
        )
        rows.append(row)
    return rows


def party_json(parties: tuple[Party, ...] | list[Party], announcers: tuple[Party, ...] = ()) -> str:
    """Parties as stored: a JSON list of {name, actor_id, country}; one that only announced the
    agreement ("X announced a truce") also has "announced": true."""
    told = {p.span for p in announcers}
    return json.dumps(
        [
            {"name": p.name, "actor_id": p.actor_id, "country": p.country}
            | ({"announced": True} if p.span in told else {})
            for p in parties
        ],
        ensure_ascii=False,
    )


def agreement_rows(article_id: str, mentions: list[AgreementMention]) -> tuple[list[Row], list[Row]]:
    """The mention rows and the claim rows of one article (for the `agreement_mention` and
    `compliance_claim` tables), ids numbered in text order."""
    rows: list[Row] = []
    claims: list[Row] = []
    for number, mention in enumerate(mentions, start=1):
        mention_id = f"{article_id}/ag-{number}"
        date = mention.date
        rows.append(
            {
                "id": mention_id,
                "article_id": article_id,
                "instance": mention.instance,
                "start": mention.span[0],
                "end": mention.span[1],
                "text": mention.text,
                "head": mention.head,
                "family": mention.family,
                "topic": mention.topic,
                "venue": mention.venue,
                "name": mention.name,
                "definite": mention.definite,
                "date_text": date.text if date else None,
                "date_value": date.value if date else None,
                "date_precision": date.precision if date and date.value else "unknown",
                "parties": party_json(mention.parties, mention.announcers),
                "brokers": party_json(mention.brokers),
                "provisions": json.dumps(list(mention.provisions)),
                "made_by": mention.made_by,
                "reported_by": _statement_id(article_id, mention.statement),
            }
        )
        for claim in mention.claims:
            accused, accuser = claim.accused, claim.accuser
            claims.append(
                {
                    "id": f"{article_id}/cc-{len(claims) + 1}",
                    "article_id": article_id,
                    "mention_id": mention_id,
                    "stance": claim.stance,
                    "cue": claim.cue,
                    "cue_start": claim.cue_span[0],
                    "cue_end": claim.cue_span[1],
                    "accused_name": accused.name if accused else None,
                    "accused_id": accused.actor_id if accused else None,
                    "accused_country": accused.country if accused else None,
                    "statement_id": _statement_id(article_id, claim.statement),
                    "accuser_name": accuser.name if accuser else None,
                    "accuser_id": accuser.actor_id if accuser else None,
                    "accuser_country": accuser.country if accuser else None,
                }
            )
    return rows, claims
