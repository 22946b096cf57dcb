"""Exports per the export contract in GUIDE.md: JSONL records (one object a line, each with `kind`
and `id`) and CSV tables. Fields may be added; none may be renamed or dropped without a version bump.

Each kind's fields are declared in `rashomon.records.kinds`: the builders here read a record's
columns from its store row through that declaration and compute only the rest (ids, spans of
several rows, objects present only when the event names them)."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, TextIO

from sqlalchemy import select
from sqlalchemy.orm import Session

from rashomon.errors import UsageError
from rashomon.export_reconciled import (
    contradiction_records,
    echo_records,
    framing_records,
    incident_records,
    story_records,
)
from rashomon.kb.countries import by_iso2
from rashomon.records.agreements import agreement_mention_records, agreement_records
from rashomon.records.kinds import ACTOR, ARTICLE, DROPPED_LINE, EVENT, KIND_SPECS, MENTION, PLACE, STATEMENT
from rashomon.records.spec import Field, Group, Json, ListOf, Record, build_record, declared_field
from rashomon.store.models import Article, EventRow
from rashomon.store.repository import ARTICLE_ORDER

EXPORT_FORMAT_VERSION = 1


def article_record(article: Article) -> Record:
    return build_record(ARTICLE, article, format_version=EXPORT_FORMAT_VERSION)


def _model(article: Article) -> Record:
    """The model that analysed the article, as each of its records names it."""
    return {"name": article.model_name, "version": article.model_version}


def dropped_line_records(article: Article) -> Iterator[Record]:
    for line in article.dropped_lines:
        yield build_record(DROPPED_LINE, line, id=f"{article.id}/line-{line.line_no}")


def mention_records(article: Article) -> Iterator[Record]:
    """Named-entity mentions from the spaCy pipeline; `span` indexes the article's `text`."""
    model = _model(article)
    for mention in article.mentions:
        mention_id = f"{article.id}/mention-{mention.start}-{mention.end}"
        yield build_record(MENTION, mention, id=mention_id, model=model)


def statement_records(article: Article) -> Iterator[Record]:
    """Attributed statements; `span` is the content's span in the article's `text`."""
    model = _model(article)
    for statement in article.statements:
        yield build_record(STATEMENT, statement, content=statement.content, model=model)


def actor_records(article: Article) -> Iterator[Record]:
    """Mentions linked to the actor knowledge base; `kind` of the link is in `link`."""
    for mention in article.actor_mentions:
        yield build_record(ACTOR, mention, id=f"{article.id}/actor-{mention.start}-{mention.end}")


def place_records(article: Article) -> Iterator[Record]:
    """Every resolved place-name mention (export contract: `place`)."""
    for place in article.places:
        yield build_record(PLACE, place, id=f"{article.id}/place-{place.start}-{place.end}")


def _party(name: str | None, actor_id: str | None, country: str | None, sector: str | None) -> Record | None:
    if name is None:
        return None
    return {"name": name, "actor_id": actor_id, "country": country, "sector": sector}


def event_records(article: Article) -> Iterator[Record]:
    """Coded events (export contract: `event`); an object the event lacks (no ACLED type, no place,
    no actor or target named) is null rather than an object of nulls."""
    model = _model(article)
    for event in article.events:
        acled = (
            {"event_type": event.acled_event_type, "sub_event_type": event.acled_sub_event_type}
            if event.acled_event_type
            else None
        )
        location = None
        if event.location_name:
            location = {
                "name": event.location_name, "geonameid": event.geonameid, "lat": event.lat,
                "lon": event.lon, "country": event.location_country, "precision": event.location_precision,
            }  # fmt: skip
        yield build_record(
            EVENT,
            event,
            acled=acled,
            actor=_party(event.actor_name, event.actor_id, event.actor_country, event.actor_sector),
            target=_party(event.target_name, event.target_id, event.target_country, event.target_sector),
            location=location,
            model=model,
        )


_PER_ARTICLE: dict[str, Callable[[Article], Iterator[Record]]] = {
    "article": lambda article: iter([article_record(article)]),
    "dropped_line": dropped_line_records,
    "mention": mention_records,
    "statement": statement_records,
    "actor": actor_records,
    "place": place_records,
    "event": event_records,
    "agreement_mention": agreement_mention_records,
}
# Kinds of the reconcile stage: records about the whole corpus, made after the per-article ones.
_PER_CORPUS: dict[str, Callable[[Session], Iterator[Record]]] = {
    "agreement": agreement_records,
    "story": story_records,
    "incident": incident_records,
    "framing": framing_records,
    "contradiction": contradiction_records,
    "echo": echo_records,
}
KINDS = (*_PER_ARTICLE, *_PER_CORPUS)


def iter_records(session: Session, kind: str | None = None) -> Iterator[Record]:
    """Every record of `kind` (all kinds when None), article by article."""
    if kind is not None and kind not in KINDS:
        raise UsageError(f"unknown export kind '{kind}': choose one of {', '.join(KINDS)}")
    makers = [_PER_ARTICLE[kind]] if kind in _PER_ARTICLE else [] if kind else list(_PER_ARTICLE.values())
    if makers:
        for article in stream_articles(session):
            for make in makers:
                yield from make(article)
    for name, make_all in _PER_CORPUS.items():
        if kind in (None, name):
            yield from make_all(session)


# Articles loaded per round trip when streaming: bounds memory (text and rows of one batch) on
# stores of any size, while keeping the number of queries small.
ARTICLE_BATCH = 200


def stream_articles(session: Session) -> Iterator[Article]:
    """Every stored article in the exports' order, loaded a batch at a time: articles already
    handed out are not kept, so memory does not grow with the store."""
    query = select(Article).order_by(*ARTICLE_ORDER).execution_options(yield_per=ARTICLE_BATCH)
    yield from session.scalars(query)


def write_jsonl(session: Session, out: TextIO, kind: str | None = None) -> int:
    count = 0
    for record in iter_records(session, kind):
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        count += 1
    return count


# A spreadsheet takes a cell that begins with one of these for a formula (OWASP "CSV injection").
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_cell(value: Any) -> Any:
    """`value` for a CSV cell that a spreadsheet shows as text, never runs: a string that begins with
    a formula trigger gets a leading single quote. Numbers (a negative longitude), booleans and None
    are written as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


class CsvTable(csv.DictWriter):
    """A CSV table for spreadsheets: every text cell through `spreadsheet_cell`, one row a line."""

    def __init__(self, out: TextIO, columns: Sequence[str]) -> None:
        # Rows are made ending in CRLF so that the csv module quotes a cell holding a carriage
        # return (with LF endings older Pythons leave it bare, gh-67044, and readers split the row
        # there); _LfRows turns each ending back into LF.
        super().__init__(_LfRows(out), fieldnames=columns, lineterminator="\r\n")

    def writerow(self, rowdict: Mapping[str, Any]) -> Any:
        return super().writerow({key: spreadsheet_cell(value) for key, value in rowdict.items()})


class _LfRows:
    """The stream a csv writer writes to: the writer hands over one whole row per call."""

    def __init__(self, out: TextIO) -> None:
        self._out = out

    def write(self, row: str) -> int:
        return self._out.write(row.removesuffix("\r\n") + "\n")


def write_csv(session: Session, out: TextIO, kind: str = "article") -> int:
    """One table: nested objects flattened to `outer_inner` columns, lists as JSON. Two passes over
    the records, so that a column only some records fill (an optional location) is in the header,
    without holding the table in memory."""
    columns: dict[str, None] = {}
    for record in iter_records(session, kind):
        columns.update(dict.fromkeys(_flatten(record)))
    writer = CsvTable(out, list(columns))
    if columns:
        writer.writeheader()
    count = 0
    for record in iter_records(session, kind):
        writer.writerow(_flatten(record))
        count += 1
    return count


def write_geojson(session: Session, out: TextIO, kind: str = "event") -> int:
    """Places or events with coordinates as a GeoJSON FeatureCollection (lon, lat order)."""
    if kind not in ("event", "place"):
        raise UsageError(f"geojson export takes --kind event or place, not '{kind}'")
    features = []
    for record in iter_records(session, kind):
        point = record.get("location") if kind == "event" else record
        if not point or point.get("lat") is None:
            continue
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [point["lon"], point["lat"]]},
                "properties": {k: v for k, v in _flatten(record).items() if k != "text"},
            }
        )
    json.dump({"type": "FeatureCollection", "features": features}, out, ensure_ascii=False)
    out.write("\n")
    return len(features)


# ACLED's interaction codes by the sector of an actor (ACLED codebook: 1 state forces, 2 rebel groups,
# 3 political militias, 4 identity militias, 5 rioters, 6 protesters, 7 civilians, 8 external/other).
_ACLED_INTER = {
    "GOV": 1,
    "MIL": 1,
    "POL": 1,
    "REB": 2,
    "MIL_NONSTATE": 3,
    "PRO": 6,
    "CVL": 7,
    "IGO": 8,
    "NGO": 8,
}
_ACLED_TIME_PRECISION = {"day": 1, "week": 2}  # anything coarser is ACLED's 3
ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "event_type", "sub_event_type", "actor1",
    "inter1", "actor2", "inter2", "interaction", "civilian_targeting", "country", "location", "latitude",
    "longitude", "geo_precision", "source", "notes", "fatalities", "rashomon_event_id", "article_id",
    "plover_type", "reported_by",
)  # fmt: skip


def write_acled_csv(session: Session, out: TextIO) -> int:
    """Events that occurred (asserted, not negated, not background) with an ACLED type, in ACLED's
    columns where they apply; fatalities follow ACLED's conservative rule (0 when none is given)."""
    writer = CsvTable(out, ACLED_COLUMNS)
    writer.writeheader()
    count = 0
    for article in stream_articles(session):
        for event in article.events:
            if (
                event.acled_event_type is None
                or event.negated
                or event.background
                or event.modality != "asserted"
            ):
                continue
            writer.writerow(_acled_row(article, event))
            count += 1
    return count


def _interaction(inter1: int, inter2: int) -> int:
    """ACLED's two-digit interaction code: the lower code first; a sole actor is X0."""
    low, high = sorted((inter1, inter2))
    return int(f"{high}0") if low == 0 else int(f"{low}{high}")


def _acled_row(article: Article, event: EventRow) -> Record:
    inter1 = _ACLED_INTER.get(event.actor_sector or "", 0) if event.actor_name else 0
    inter2 = _ACLED_INTER.get(event.target_sector or "", 0) if event.target_name else 0
    country = by_iso2(event.location_country or "") if event.location_country else None
    date = event.date_value if event.date_value and len(event.date_value) == 10 else None
    text = article.text[event.start : event.end]
    # ACLED ids are a country code and a number; ours stay unique across articles.
    number = f"{article.id[4:12]}-{event.id.rsplit('/', 1)[-1]}"
    return {
        "event_id_cnty": f"{country.iso3 if country else 'XXX'}-{number}",
        "event_date": date,
        "year": (event.date_value or "")[:4] or None,
        "time_precision": _ACLED_TIME_PRECISION.get(event.date_precision, 3),
        "event_type": event.acled_event_type,
        "sub_event_type": event.acled_sub_event_type,
        "actor1": event.actor_name,
        "inter1": inter1,
        "actor2": event.target_name,
        "inter2": inter2,
        "interaction": _interaction(inter1, inter2),
        "civilian_targeting": "Civilian targeting" if event.target_sector == "CVL" else "",
        "country": country.name if country else None,
        "location": event.location_name,
        "latitude": event.lat,
        "longitude": event.lon,
        "geo_precision": event.location_precision,
        "source": article.outlet_name,
        "notes": " ".join(text.split()),
        "fatalities": event.fatalities or 0,
        "rashomon_event_id": event.id,
        "article_id": article.id,
        "plover_type": event.plover_type,
        "reported_by": event.reported_by,
    }


def _flatten(record: Record) -> Record:
    """A record as CSV cells, as its kind's declaration says: objects flattened to `outer_inner`
    columns (a null object is one empty `outer` cell), lists and varying-key values as JSON."""
    return _cells(record, KIND_SPECS[record["kind"]].fields, record["kind"], "")


def _cells(record: Record, fields: tuple[Field, ...], kind: str, where: str) -> Record:
    flat: Record = {}
    for key, value in record.items():
        field = declared_field(fields, key, kind, where)
        name = f"{where.replace('.', '_')}{key}"
        if isinstance(field.type, Group) and isinstance(value, dict):
            flat.update(_cells(value, field.type.fields, kind, f"{where}{key}."))
        elif _json_cell(field, value):
            flat[name] = json.dumps(value, ensure_ascii=False)
        else:
            flat[name] = value
    return flat


def _json_cell(field: Field, value: Any) -> bool:
    """A tally is always JSON text; a list is, unless null (an empty cell)."""
    if isinstance(field.type, Json) and field.type.tally:
        return True
    return value is not None and isinstance(field.type, (ListOf, Json))
