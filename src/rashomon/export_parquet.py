"""Parquet export for large runs: one file per record kind (`DIR/event.parquet`, ...), holding the
records of the JSONL export with a fixed, typed schema per kind, derived from the kind's declaration
in `rashomon.records.kinds`.

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
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from sqlalchemy.orm import Session

from rashomon.errors import RashomonError, UsageError
from rashomon.export import EXPORT_FORMAT_VERSION, KINDS, iter_records
from rashomon.records.kinds import KIND_SPECS
from rashomon.records.spec import Field, Group, Json, ListOf, Record, Scalar, SchemaMismatch

__all__ = [
    "BATCH_ROWS",
    "ParquetError",
    "SchemaMismatch",
    "flatten_record",
    "parquet_schema",
    "read_parquet_records",
    "record_from_row",
    "write_parquet",
]

# Records per row group: a few MB for most kinds; ~10 MB for articles with 5 KB of text each. Small
# enough to bound memory with every kind's writer open at once, large enough for column statistics.
BATCH_ROWS = 2000
_COMPRESSION = "zstd"  # read by pyarrow, pandas, DuckDB, Polars and Spark; smaller than snappy on text
_JSON_METADATA = {b"rashomon.encoding": b"json"}


STR, INT, FLOAT, BOOL = pa.string(), pa.int64(), pa.float64(), pa.bool_()
_SCALARS = {Scalar.STR: STR, Scalar.INT: INT, Scalar.FLOAT: FLOAT, Scalar.BOOL: BOOL, Scalar.TIME: STR}


def _arrow_field(name: str, field_type: Scalar | ListOf | Json) -> pa.Field:
    """A column of the declared type; every column may be null (the columns of a null object are)."""
    if isinstance(field_type, Json):
        return pa.field(name, STR, metadata=_JSON_METADATA)
    if isinstance(field_type, ListOf):
        # Lists name their item "element", as Parquet files do, so a schema read back equals the one written.
        return pa.field(name, pa.list_(pa.field("element", _SCALARS[field_type.item])))
    return pa.field(name, _SCALARS[field_type])


def parquet_schema(kind: str) -> pa.Schema:
    """The Parquet schema of one record kind, derived from its declaration (`rashomon.records.kinds`):
    the same for every export, whatever the data."""
    fields = [_arrow_field(name, field_type) for name, field_type in KIND_SPECS[kind].columns()]
    meta = {"rashomon.kind": kind, "rashomon.format_version": str(EXPORT_FORMAT_VERSION)}
    return pa.schema(fields, metadata=meta)


class ParquetError(RashomonError):
    """The Parquet files cannot be written (disk full, permissions changed during the export)."""

    code = "export"


def flatten_record(record: Record, kind: str) -> dict[str, Any]:
    """One record as {column: value}, JSON fields encoded; a field with no column is refused, never
    silently dropped."""
    return _flatten(record, KIND_SPECS[kind].fields, kind, "")


def _flatten(record: Record, fields: tuple[Field, ...], kind: str, where: str) -> dict[str, Any]:
    unknown = set(record) - {field.name for field in fields}
    if unknown:
        names = ", ".join(sorted(f"{where}{k}" for k in unknown))
        raise SchemaMismatch(f"'{kind}' records have fields with no Parquet column: {names}")
    flat: dict[str, Any] = {}
    for field in fields:
        key, value = field.name, record.get(field.name)
        if isinstance(field.type, Group):
            if value is not None and not isinstance(value, dict):
                raise SchemaMismatch(f"'{kind}' field {where}{key} is not an object")
            inner = _flatten(value or {}, field.type.fields, kind, f"{where}{key}.")
            flat.update({f"{key}_{name}": v for name, v in inner.items()})
        elif isinstance(field.type, Json):
            flat[key] = None if value is None else json.dumps(value, ensure_ascii=False)
        else:
            flat[key] = value
    return flat


def record_from_row(row: dict[str, Any], fields: tuple[Field, ...], prefix: str = "") -> Record:
    """A Parquet row back as the JSONL record (JSON text decoded, objects rebuilt). Fields the JSONL
    leaves out of a record (a contradiction's `event_id` or `subject`) come back as None."""
    record: Record = {}
    for field in fields:
        name = f"{prefix}{field.name}"
        if isinstance(field.type, Group):
            inner = record_from_row(row, field.type.fields, f"{name}_")
            empty = field.type.optional and all(v is None for v in inner.values())
            record[field.name] = None if empty else inner
        elif isinstance(field.type, Json):
            record[field.name] = None if row[name] is None else json.loads(row[name])
        else:
            record[field.name] = row[name]
    return record


def read_parquet_records(path: Path) -> Iterator[Record]:
    """The records of one exported Parquet file, a row group at a time."""
    source = pq.ParquetFile(path)
    kind = (source.schema_arrow.metadata or {}).get(b"rashomon.kind", b"").decode()
    if kind not in KIND_SPECS:
        raise UsageError(f"{path} is not a Rashomon Parquet export (no known rashomon.kind)")
    for batch in source.iter_batches():
        for row in batch.to_pylist():
            yield record_from_row(row, KIND_SPECS[kind].fields)


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
        self.kind, self.schema = kind, parquet_schema(kind)
        self.final = directory / f"{kind}.parquet"
        self.partial = directory / f".{kind}.parquet.partial"
        self.batch_rows, self.rows, self.count = batch_rows, [], 0
        self.columns = self.schema.names
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
