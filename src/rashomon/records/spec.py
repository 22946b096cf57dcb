"""The vocabulary of record declarations: field types, fields, object groups and kinds.

A `KindSpec` lists an export kind's fields in the JSONL order; each `Field` says its type, whether it
may be null, and which store column it is read from (`column`), or none when a builder computes it.
The exports derive everything else from these declarations: the Parquet schema, the CSV and Parquet
columns (objects flattened to `outer_inner`), which values are JSON-encoded, and the records read
straight from a store row (`build_record`). This module imports neither the store nor pyarrow.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import Any

Record = dict[str, Any]


class Scalar(Enum):
    STR = "string"
    INT = "int"
    FLOAT = "float"
    BOOL = "bool"
    # A stored naive-UTC datetime, exported as an ISO 8601 string with its zone ("...T10:05:00Z").
    TIME = "utc time"


@dataclass(frozen=True)
class ListOf:
    """A list of scalars (`span`, `article_ids`): a Parquet list, JSON text in a CSV cell."""

    item: Scalar


@dataclass(frozen=True)
class Json:
    """A value whose keys vary from record to record (a list of objects, a {term: count} tally):
    JSON text in both CSV and Parquet, since no fixed column type holds it."""

    tally: bool = False  # a {term: count} object rather than a list of objects


@dataclass(frozen=True)
class Group:
    """An object field, written as one column per key (`outer_inner`)."""

    fields: tuple[Field, ...]
    optional: bool = False  # the whole object may be null; read back as None when all columns are


FieldType = Scalar | ListOf | Json | Group
# A span's two store columns (start, end); the span is null when its start is.
SpanColumns = tuple[str, str]


@dataclass(frozen=True)
class Field:
    name: str
    type: FieldType
    nullable: bool = True
    # The store column (of the kind's table) the value is copied from, or a span's two columns; None
    # when a builder computes the value. A builder may still pass a value for a field with a column,
    # when more than a copy is needed (an optional object present only when its name is known).
    column: str | SpanColumns | None = None
    json_text: bool = False  # the store column holds the value as JSON text


@dataclass(frozen=True)
class KindSpec:
    """One export kind: its fields in record order, the store table its records are read from, and
    that table's columns no record exports (kept for the pipeline or the store's own use)."""

    name: str
    fields: tuple[Field, ...]
    table: str | None = None
    store_only: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        """The record's top-level field names."""
        return tuple(f.name for f in self.fields)

    def columns(self) -> list[tuple[str, Scalar | ListOf | Json]]:
        """(column name, type) of the flat table (CSV, Parquet): objects as `outer_inner` columns."""
        return list(_flat_columns(self.fields, ""))

    def store_columns(self) -> tuple[str, ...]:
        """The store columns the records of this kind read, in field order."""
        return tuple(dict.fromkeys(_store_columns(self.fields)))


def _flat_columns(fields: tuple[Field, ...], prefix: str) -> Iterator[tuple[str, Scalar | ListOf | Json]]:
    for field in fields:
        if isinstance(field.type, Group):
            yield from _flat_columns(field.type.fields, f"{prefix}{field.name}_")
        else:
            yield f"{prefix}{field.name}", field.type


def _store_columns(fields: tuple[Field, ...]) -> Iterator[str]:
    for field in fields:
        if isinstance(field.column, tuple):
            yield from field.column
        elif field.column is not None:
            yield field.column
        if isinstance(field.type, Group):
            yield from _store_columns(field.type.fields)


class SchemaMismatch(Exception):
    """A record holds a field its kind does not declare: a builder is ahead of `kinds` (a bug, not input)."""


def declared_field(fields: tuple[Field, ...], name: str, kind: str, where: str = "") -> Field:
    """The declared field `name` among `fields` (of `kind`, inside object `where`), or SchemaMismatch."""
    for field in fields:
        if field.name == name:
            return field
    raise SchemaMismatch(f"'{kind}' records have fields with no declared column: {where}{name}")


def col(
    name: str,
    type: FieldType,
    column: str | SpanColumns | None = None,
    *,
    nullable: bool = True,
    json_text: bool = False,
) -> Field:
    """A field copied from a store column, by default the column of the same name."""
    return Field(name, type, nullable, column or name, json_text)


def computed(name: str, type: FieldType, *, nullable: bool = True) -> Field:
    """A field a builder computes (an id made from several columns, a list gathered from other rows)."""
    return Field(name, type, nullable)


def build_record(spec: KindSpec, row: object, **computed_values: Any) -> Record:
    """A record of `spec`'s kind, in field order: `kind` is the kind's name, a computed value is taken
    from `computed_values`, any other field is read from `row`'s column."""
    return _build(spec.fields, row, {"kind": spec.name, **computed_values}, spec.name)


def _build(fields: tuple[Field, ...], row: object, given: Mapping[str, Any], where: str) -> Record:
    record: Record = {}
    for field in fields:
        if field.name in given:
            record[field.name] = given[field.name]
        elif isinstance(field.type, Group) and field.column is None:
            record[field.name] = _build(field.type.fields, row, {}, f"{where}.{field.name}")
        elif field.column is None:
            raise TypeError(f"'{where}' field {field.name} is computed but no value was given")
        else:
            record[field.name] = _read(field, row)
    return record


def _read(field: Field, row: object) -> Any:
    if isinstance(field.column, tuple):
        start, end = (getattr(row, name) for name in field.column)
        return None if start is None else [start, end]
    value = getattr(row, str(field.column))
    if field.json_text:
        return None if value is None else json.loads(value)
    if field.type is Scalar.TIME:
        return utc_iso(value)
    return value


def utc_iso(moment: datetime | None) -> str | None:
    """A stored naive-UTC datetime as ISO 8601 with its zone ("2020-02-14T10:05:00Z")."""
    return f"{moment:%Y-%m-%dT%H:%M:%S}Z" if moment is not None else None
