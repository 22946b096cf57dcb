"""JSON records for the API, made by the export's own builders (export.py, export_reconciled.py) so
the API and `rashomon export` share one contract; this module only picks, filters and pages them."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import Any

from sqlalchemy.orm import Session

from rashomon.export import Record, article_record, event_records, statement_records
from rashomon.export_reconciled import (
    contradiction_records,
    framing_records,
    incident_records,
    story_records,
)
from rashomon.records.agreements import agreement_records
from rashomon.store.models import Article, EventRow, StatementRow
from rashomon.web.params import Filters, Paging
from rashomon.web.queries import matching_article_ids

# Corpus-wide kinds: few records (one per agreement, story, ...), built whole and filtered here.
CORPUS_KINDS: dict[str, Callable[[Session], Iterator[Record]]] = {
    "agreements": agreement_records,
    "stories": story_records,
    "incidents": incident_records,
    "contradictions": contradiction_records,
    "framing": framing_records,
}


def article_page_records(rows: Iterable[Article]) -> list[Record]:
    return [article_record(article) for article in rows]


def _per_article(rows: list[Any], build: Callable[[Article], Iterator[Record]]) -> list[Record]:
    """The records of `rows` (statement or event rows), each built by its article's builder."""
    wanted = {row.id for row in rows}
    built: dict[str, Record] = {}
    for article in {row.article_id: row.article for row in rows}.values():
        built.update((r["id"], r) for r in build(article) if r["id"] in wanted)
    return [built[row.id] for row in rows]


def statement_page_records(rows: list[StatementRow]) -> list[Record]:
    return _per_article(rows, statement_records)


def event_page_records(rows: list[EventRow]) -> list[Record]:
    return _per_article(rows, event_records)


def record_article_ids(record: Record) -> set[str]:
    if "article_ids" in record:
        return set(record["article_ids"])
    return {side.get("article_id") for side in record.get("sides", []) if side.get("article_id")}


def _record_text(record: Record) -> str:
    """What text search looks at in a corpus record: its names, titles and summaries."""
    kind = record["kind"]
    if kind == "framing":
        parts = [record["actor_name"], record["actor_id"], *record["labels"], *record["loaded_terms"]]
    elif kind == "agreement":
        parties = [p.get("name") or "" for p in record["parties"] + record["brokers"]]
        parts = [record["name"], record["venue"] or "", *parties, *map(str, record["provisions"])]
    elif kind == "incident":
        parts = [
            record["plover_type"],
            (record["location"] or {}).get("name") or "",
            *map(str, record["versions"]),
        ]
    elif kind == "contradiction":
        parts = [record["topic"], record["summary"], *(side.get("says") or "" for side in record["sides"])]
    else:
        parts = [record.get("title") or ""]
    return "\n".join(parts).casefold()


def _framing_kept(record: Record, f: Filters) -> bool:
    if f.outlet and record["outlet"] != f.outlet:
        return False
    actor = (f.actor or "").casefold()
    return not actor or actor == record["actor_id"].casefold() or actor in record["actor_name"].casefold()


def corpus_records(session: Session, kind: str, f: Filters) -> Iterator[Record]:
    """Records of a corpus kind that the filters keep. Framing is per outlet and actor, so only the
    outlet, actor and text filters apply to it; the others are kept when at least one article that
    tells them passes the article filters (outlet, actor, place, dates, event type)."""
    keep = None if kind == "framing" else matching_article_ids(session, f)
    terms = [t.casefold() for t in f.terms]
    for record in CORPUS_KINDS[kind](session):
        if kind == "framing" and not _framing_kept(record, f):
            continue
        if keep is not None and not record_article_ids(record) & keep:
            continue
        if terms and not all(t in _record_text(record) for t in terms):
            continue
        yield record


def corpus_page(session: Session, kind: str, f: Filters, paging: Paging) -> tuple[list[Record], int]:
    records = corpus_records(session, kind, f)
    total = sum(1 for _ in islice(records, paging.offset))
    items = list(islice(records, paging.limit))
    total += len(items) + sum(1 for _ in records)
    return items, total
