"""Parquet export for large runs: one file per record kind (`DIR/event.parquet`, ...), holding the
records of the JSONL export with a fixed, typed schema per kind (see `PARQUET_SCHEMAS`).

Columns follow the CSV export, so a script can move from one to the other:
- an object field becomes one column per key, named `outer_inner` (`outlet_name`, `published_date`,
  `location_lat`); when the whole object is null (an event with no location) all its columns are;
- a list of numbers or strings (`span`, `article_ids`) is a Parquet list, not JSON text as in CSV;
- a list of objects (`versions`, `sides`, `claims`) and a {term: count} tally (`labels`) is JSON text,
  as in CSV: their keys vary from record to record, which no fixed column type holds. These columns
  carry the field metadata `rashomon.encoding = json`.
- strings, 64-bit integers, doubles and booleans otherwise; dates stay ISO strings, since they may be
  partial ("2020-02").

Records are streamed: each kind is written in row groups of `BATCH_ROWS` records, so memory holds at
most one batch per kind whatever the size of the store. A kind with no records still gets its file,
with the schema and no rows. Files are written under a temporary name and renamed at the end, so an
export that fails leaves no half-written `.parquet` file.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from sqlalchemy.orm import Session

from rashomon.errors import RashomonError, UsageError
from rashomon.export import EXPORT_FORMAT_VERSION, KINDS, Record, iter_records

# Records per row group: a few MB for most kinds; ~10 MB for articles with 5 KB of text each. Small
# enough to bound memory with every kind's writer open at once, large enough for column statistics.
BATCH_ROWS = 2000
_COMPRESSION = "zstd"  # read by pyarrow, pandas, DuckDB, Polars and Spark; smaller than snappy on text
_JSON_METADATA = {b"rashomon.encoding": b"json"}


@dataclass(frozen=True)
class Group:
    """An object field, written as one column per key (`outer_inner`)."""

    fields: dict[str, Field]
    optional: bool = False  # the whole object may be null; read back as None when all columns are


class _Json:
    """A field whose keys vary from record to record: written as JSON text."""


JSON = _Json()
Field = pa.DataType | Group | _Json

STR, INT, FLOAT, BOOL = pa.string(), pa.int64(), pa.float64(), pa.bool_()
# Lists name their item "element", as Parquet files do, so a schema read back equals the one written.
SPAN, STRINGS = pa.list_(pa.field("element", INT)), pa.list_(pa.field("element", STR))
_MODEL = Group({"name": STR, "version": STR})
_PARTY = Group({"name": STR, "actor_id": STR, "country": STR, "sector": STR}, optional=True)

# The export contract's fields per kind (export.py, export_reconciled.py), with their types.
SPECS: dict[str, dict[str, Field]] = {
    "article": {
        "kind": STR, "id": STR,
        "source": Group({"path": STR, "line": INT, "url": STR, "retrieved_at": STR}),
        "title": STR,
        "outlet": Group({
            "name": STR, "domain": STR, "country": STR, "affiliation": STR, "speaks_for": STR, "basis": STR,
        }),
        "published": Group({"date": STR, "precision": STR, "basis": STR, "not_before": STR}),
        "language": STR, "text": STR, "duplicate_of": STR, "status": STR, "status_reason": STR,
        "model": _MODEL, "rashomon_version": STR, "format_version": INT,
    },
    "dropped_line": {"kind": STR, "id": STR, "article_id": STR, "line": INT, "text": STR, "reason": STR},
    "mention": {
        "kind": STR, "id": STR, "article_id": STR, "text": STR, "label": STR, "span": SPAN, "model": _MODEL,
    },
    "statement": {
        "kind": STR, "id": STR, "article_id": STR,
        "speaker": Group({"name": STR, "actor_id": STR, "role": STR, "affiliation": STR, "kind": STR}),
        "cue": STR, "type": STR, "mode": STR, "content": STR,
        "span": SPAN, "cue_span": SPAN, "source_span": SPAN,
        "date": STR, "relayed_by": STR, "target": STR, "model": _MODEL,
    },
    "actor": {
        "kind": STR, "id": STR, "article_id": STR, "text": STR, "span": SPAN, "actor_id": STR, "name": STR,
        "country": STR, "sector": STR, "cameo": STR, "link": STR, "label": STR,
    },
    "place": {
        "kind": STR, "id": STR, "article_id": STR, "name": STR, "span": SPAN, "geonameid": INT,
        "lat": FLOAT, "lon": FLOAT, "country": STR, "kind_of_place": STR, "precision": INT,
        "resolved_name": STR, "literal": BOOL,
    },
    "event": {
        "kind": STR, "id": STR, "article_id": STR,
        "plover": Group({"type": STR, "mode": STR}),
        "acled": Group({"event_type": STR, "sub_event_type": STR}, optional=True),
        "actor": _PARTY, "target": _PARTY,
        "location": Group({
            "name": STR, "geonameid": INT, "lat": FLOAT, "lon": FLOAT, "country": STR, "precision": INT,
        }, optional=True),
        "date": Group({"value": STR, "precision": STR}),
        "fatalities": INT, "injured": INT, "reported_by": STR, "negated": BOOL, "modality": STR,
        "background": BOOL, "trigger": STR, "span": SPAN, "model": _MODEL,
    },
    "agreement_mention": {
        "kind": STR, "id": STR, "article_id": STR, "agreement_id": STR, "text": STR, "span": SPAN,
        "family": STR, "topic": STR, "venue": STR, "name": STR,
        "date": Group({"text": STR, "value": STR, "precision": STR}),
        "parties": JSON, "brokers": JSON, "provisions": STRINGS, "made_by": STR, "reported_by": STR,
        "claims": JSON,
    },
    "agreement": {
        "kind": STR, "id": STR, "name": STR, "date": STR, "date_precision": STR, "family": STR,
        "topic": STR, "venue": STR, "parties": JSON, "brokers": JSON, "provisions": STRINGS,
        "article_ids": STRINGS, "mentions": JSON, "claims": JSON,
    },
    "story": {
        "kind": STR, "id": STR, "title": STR, "article_ids": STRINGS, "outlets": STRINGS,
        "first": STR, "last": STR,
    },
    "incident": {
        "kind": STR, "id": STR, "event_ids": STRINGS, "article_ids": STRINGS, "outlets": STRINGS,
        "plover_type": STR, "date": STR,
        "location": Group({
            "name": STR, "geonameid": INT, "country": STR, "admin1": STR, "kind": STR,
        }, optional=True),
        "versions": JSON,
    },
    "framing": {
        "kind": STR, "id": STR, "outlet": STR, "actor_id": STR, "actor_name": STR, "sector": STR,
        "mentions": INT, "articles": INT,
        "labels": JSON, "own_labels": JSON, "quoted_labels": JSON, "loaded_terms": JSON,
    },
    # A contradiction names an incident (`event_id`) or a `subject`, never both: both columns exist.
    "contradiction": {
        "kind": STR, "id": STR, "topic": STR, "aspect": STR, "event_id": STR, "subject": STR,
        "sides": JSON, "summary": STR,
    },
    "echo": {
        "kind": STR, "id": STR, "outlet": STR, "speaker": STR, "actor_id": STR, "side": STR,
        "statements": INT, "articles": INT, "direct": INT, "relayed": INT, "claim_types": JSON,
        "claims": INT, "answered": INT, "denied": INT,
    },
}  # fmt: skip


def _columns(spec: dict[str, Field], prefix: str = "") -> list[tuple[str, pa.DataType | _Json]]:
    """(column name, type) of a spec, objects flattened to `outer_inner` names."""
    out: list[tuple[str, pa.DataType | _Json]] = []
    for key, field in spec.items():
        if isinstance(field, Group):
            out += _columns(field.fields, f"{prefix}{key}_")
        else:
            out.append((f"{prefix}{key}", field))
    return out


def parquet_schema(kind: str) -> pa.Schema:
    """The Parquet schema of one record kind: the same for every export, whatever the data."""
    fields = [
        pa.field(name, STR, metadata=_JSON_METADATA) if isinstance(field, _Json) else pa.field(name, field)
        for name, field in _columns(SPECS[kind])
    ]
    meta = {"rashomon.kind": kind, "rashomon.format_version": str(EXPORT_FORMAT_VERSION)}
    return pa.schema(fields, metadata=meta)


class ParquetError(RashomonError):
    """The Parquet files cannot be written (disk full, permissions changed during the export)."""

    code = "export"


class SchemaMismatch(Exception):
    """A record holds a field the Parquet schema lacks: SPECS is behind export.py (a bug, not input)."""


def flatten_record(record: Record, kind: str) -> dict[str, Any]:
    """One record as {column: value}, JSON fields encoded; a field with no column is refused, never
    silently dropped."""
    return _flatten(record, SPECS[kind], kind, "")


def _flatten(record: Record, spec: dict[str, Field], kind: str, where: str) -> dict[str, Any]:
    unknown = set(record) - set(spec)
    if unknown:
        names = ", ".join(sorted(f"{where}{k}" for k in unknown))
        raise SchemaMismatch(f"'{kind}' records have fields with no Parquet column: {names}")
    flat: dict[str, Any] = {}
    for key, field in spec.items():
        value = record.get(key)
        if isinstance(field, Group):
            if value is not None and not isinstance(value, dict):
                raise SchemaMismatch(f"'{kind}' field {where}{key} is not an object")
            inner = _flatten(value or {}, field.fields, kind, f"{where}{key}.")
            flat.update({f"{key}_{name}": v for name, v in inner.items()})
        elif isinstance(field, _Json):
            flat[key] = None if value is None else json.dumps(value, ensure_ascii=False)
        else:
            flat[key] = value
    return flat


def record_from_row(row: dict[str, Any], spec: dict[str, Field], prefix: str = "") -> Record:
    """A Parquet row back as the JSONL record (JSON text decoded, objects rebuilt). Fields the JSONL
    leaves out of a record (a contradiction's `event_id` or `subject`) come back as None."""
    record: Record = {}
    for key, field in spec.items():
        name = f"{prefix}{key}"
        if isinstance(field, Group):
            inner = record_from_row(row, field.fields, f"{name}_")
            empty = field.optional and all(v is None for v in inner.values())
            record[key] = None if empty else inner
        elif isinstance(field, _Json):
            record[key] = None if row[name] is None else json.loads(row[name])
        else:
            record[key] = row[name]
    return record


def read_parquet_records(path: Path) -> Iterator[Record]:
    """The records of one exported Parquet file, a row group at a time."""
    source = pq.ParquetFile(path)
    kind = (source.schema_arrow.metadata or {}).get(b"rashomon.kind", b"").decode()
    if kind not in SPECS:
        raise UsageError(f"{path} is not a Rashomon Parquet export (no known rashomon.kind)")
    for batch in source.iter_batches():
        for row in batch.to_pylist():
            yield record_from_row(row, SPECS[kind])


def output_directory(path: Path) -> Path:
    """`path` as a directory to write into, created if missing; a UsageError when it cannot be one."""
    if path.exists() and not path.is_dir():
        raise UsageError(f"Parquet output {path} is a file, not a directory")
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise UsageError(f"cannot create Parquet output directory {path} ({err.strerror or err})") from err
    try:  # a real probe, not os.access: permission bits say nothing for root or on read-only mounts
        with tempfile.TemporaryFile(dir=path):
            pass
    except OSError as err:
        raise UsageError(f"Parquet output directory {path} is not writable ({err.strerror or err})") from err
    return path


class _KindWriter:
    """One kind's file: records buffered up to a row group, then written."""

    def __init__(self, directory: Path, kind: str, batch_rows: int) -> None:
        self.kind, self.spec, self.schema = kind, SPECS[kind], parquet_schema(kind)
        self.final = directory / f"{kind}.parquet"
        self.partial = directory / f".{kind}.parquet.partial"
        self.batch_rows, self.rows, self.count = batch_rows, [], 0
        self.columns = [name for name, _ in _columns(self.spec)]
        try:
            self.writer = pq.ParquetWriter(self.partial, self.schema, compression=_COMPRESSION)
        except OSError as err:
            raise UsageError(f"cannot write Parquet files in {directory} ({err})") from err

    def add(self, record: Record) -> None:
        self.rows.append(flatten_record(record, self.kind))
        if len(self.rows) >= self.batch_rows:
            self.flush()

    def flush(self) -> None:
        if self.rows:
            arrays = [
                pa.array([r[n] for r in self.rows], type=self.schema.field(n).type) for n in self.columns
            ]
            self.writer.write_batch(pa.RecordBatch.from_arrays(arrays, schema=self.schema))
            self.count += len(self.rows)
            self.rows = []

    def finish(self) -> None:
        self.flush()
        self.writer.close()
        os.replace(self.partial, self.final)

    def abandon(self) -> None:
        self.writer.close()
        self.partial.unlink(missing_ok=True)


def write_parquet(
    session: Session, directory: Path, kind: str | None = None, *, batch_rows: int = BATCH_ROWS
) -> dict[str, int]:
    """Write `DIR/KIND.parquet` for `kind` (every kind when None); returns the records written per
    kind. One pass over the store feeds every kind's writer at once."""
    if kind is not None and kind not in KINDS:
        raise UsageError(f"unknown export kind '{kind}': choose one of {', '.join(KINDS)}")
    directory = output_directory(directory)
    writers: dict[str, _KindWriter] = {}
    try:
        for name in [kind] if kind else KINDS:
            writers[name] = _KindWriter(directory, name, batch_rows)
        for record in iter_records(session, kind):
            writers[record["kind"]].add(record)
        for writer in writers.values():
            writer.finish()
    except OSError as err:
        _abandon(writers)
        raise ParquetError(f"cannot write Parquet files in {directory} ({err})") from err
    except BaseException:
        _abandon(writers)
        raise
    return {name: writer.count for name, writer in writers.items()}


def _abandon(writers: dict[str, _KindWriter]) -> None:
    for writer in writers.values():
        writer.abandon()
