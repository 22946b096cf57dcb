"""The record declarations (rashomon.records) and the store agree: every column a kind reads exists
with the nullability declared, every stored column is exported or declared store-only, the rows made
from an analysed article fill every column; and the layers import in one direction only."""

from __future__ import annotations

import ast
import datetime
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Table

from rashomon.article_rows import article_rows
from rashomon.clean.article import clean_document, content_hash
from rashomon.export import KINDS, _flatten
from rashomon.records import KIND_SPECS, UNEXPORTED_TABLES, Field, Group, build_record
from rashomon.records.kinds import STORY
from rashomon.records.spec import SchemaMismatch
from rashomon.store.bulk import RUN_COLUMNS
from rashomon.store.models import Base
from rashomon.types import RawDocument

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "rashomon"
STORED_KINDS = [spec for spec in KIND_SPECS.values() if spec.table]


def table(name: str) -> Table:
    return Base.metadata.tables[name]


def column_fields(fields: tuple[Field, ...], where: str = "") -> Iterator[tuple[str, Field]]:
    """(dotted name, field) of every field copied from one store column, objects included."""
    for field in fields:
        if isinstance(field.type, Group) and field.column is None:
            yield from column_fields(field.type.fields, f"{where}{field.name}.")
        elif isinstance(field.column, str):
            yield f"{where}{field.name}", field


def test_every_export_kind_is_declared_in_export_order() -> None:
    assert tuple(KIND_SPECS) == KINDS


@pytest.mark.parametrize("spec", STORED_KINDS, ids=lambda spec: spec.name)
def test_declared_columns_exist_with_the_declared_nullability(spec) -> None:  # type: ignore[no-untyped-def]
    columns = table(spec.table).c
    assert set(spec.store_columns()) <= set(columns.keys())
    for name, field in column_fields(spec.fields):
        assert field.nullable == columns[field.column].nullable, f"{spec.name}.{name}"


@pytest.mark.parametrize("spec", STORED_KINDS, ids=lambda spec: spec.name)
def test_every_stored_column_is_exported_or_declared_store_only(spec) -> None:  # type: ignore[no-untyped-def]
    exported, store_only = set(spec.store_columns()), set(spec.store_only)
    assert not exported & store_only
    assert exported | store_only == set(table(spec.table).c.keys())


def test_every_table_is_read_by_a_kind_or_says_where_it_goes() -> None:
    read = {spec.table for spec in STORED_KINDS}
    assert set(Base.metadata.tables) == read | set(UNEXPORTED_TABLES)
    assert not read & set(UNEXPORTED_TABLES)


TEXT = (
    "Russia and Ukraine signed a ceasefire agreement in Istanbul on Friday, brokered by Turkey.\n\n"
    "Advertisement\n\n"
    'On Sunday, Ukraine accused Russia of violating the ceasefire. "Russian forces shelled Kharkiv '
    'overnight, killing three civilians," said Ukrainian President Volodymyr Zelensky.\n\n'
    "Russia denied breaking the truce."
)


# Columns the reconcile stage fills after the article is stored.
SET_BY_RECONCILE = {"agreement_mention": {"agreement_id"}}


def test_an_analysed_articles_rows_fill_every_column() -> None:
    """A column added to a model but not to `article_rows` (or the other way) fails here."""
    from rashomon.nlp.pipeline import analyse_text, load_pipeline

    raw = RawDocument("a.txt", "text", TEXT, "utf-8")
    cleaned = clean_document(raw, content_hash(raw))
    nlp, _ = load_pipeline("auto")
    rows = article_rows(cleaned, None, b"", analyse_text(nlp, cleaned.clean.text, datetime.date(2022, 7, 25)))
    assert set(rows.article) == set(table("article").c.keys()) - set(RUN_COLUMNS)
    children = {
        "dropped_line", "mention", "statement", "actor_mention", "place", "event", "agreement_mention",
        "compliance_claim",
    }  # fmt: skip
    assert set(rows.children) == children
    for name, table_rows in rows.children.items():
        generated = {c.name for c in table(name).c if c.primary_key and c.autoincrement is True}
        generated |= SET_BY_RECONCILE.get(name, set())
        for row in table_rows:
            assert set(row) == set(table(name).c.keys()) - generated, name


def test_records_are_built_in_declared_order_and_computed_fields_are_required() -> None:
    class Story:
        id, title, first, last = "s1", "Talks", "2024-01-02", None

    record = build_record(STORY, Story(), article_ids=["a"], outlets=["X"], coverage={})
    assert list(record) == list(STORY.names) and record["kind"] == "story"
    with pytest.raises(TypeError, match="outlets"):
        build_record(STORY, Story(), article_ids=[])


def test_csv_cells_follow_the_declaration() -> None:
    record = {"kind": "framing", "id": "f", "labels": {"=a": 1}, "mentions": 2, "sector": None}
    assert _flatten(record) == {
        "kind": "framing",
        "id": "f",
        "labels": '{"=a": 1}',
        "mentions": 2,
        "sector": None,
    }
    event = {
        "kind": "event",
        "location": None,
        "date": {"value": "2024", "precision": "year"},
        "span": [1, 2],
    }
    cells = {
        "kind": "event",
        "location": None,
        "date_value": "2024",
        "date_precision": "year",
        "span": "[1, 2]",
    }
    assert _flatten(event) == cells
    with pytest.raises(SchemaMismatch, match=r"date\.mood"):
        _flatten({"kind": "event", "date": {"mood": "grim"}})


def imported_modules(path: Path) -> Iterator[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module
        elif isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)


def rashomon_imports(folder: str) -> dict[str, set[str]]:
    return {
        str(path.relative_to(PACKAGE)): {m for m in imported_modules(path) if m.split(".")[0] == "rashomon"}
        for path in (PACKAGE / folder).rglob("*.py")
    }


def test_the_store_depends_on_nothing_of_the_pipeline() -> None:
    # Its own modules, and the leaves every layer shares: typed errors and settings.
    allowed = ("rashomon.store", "rashomon.errors", "rashomon.settings")
    for module, imports in rashomon_imports("store").items():
        outside = {m for m in imports if m != "rashomon" and not m.startswith(allowed)}
        assert not outside, f"{module} imports {sorted(outside)}"


def test_reconcile_reads_no_export_module() -> None:
    for module, imports in rashomon_imports("reconcile").items():
        exports = {m for m in imports if m.startswith("rashomon.export")}
        assert not exports, f"{module} imports {sorted(exports)}"


def test_the_declarations_import_nothing_but_each_other() -> None:
    for module, imports in rashomon_imports("records").items():
        # These read the store, like the exports.
        if module not in ("records/agreements.py", "records/coverage.py"):
            assert all(m.startswith("rashomon.records") for m in imports), module
