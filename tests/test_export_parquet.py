"""Parquet export: one file per kind, streamed in row groups, equal to the JSONL export record for
record; empty kinds keep their schema; odd text round-trips; unusable directories are refused."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from rashomon.errors import UsageError
from rashomon.export import KINDS, write_csv, write_jsonl
from rashomon.export_parquet import (
    SchemaMismatch,
    flatten_record,
    parquet_schema,
    read_parquet_records,
    write_parquet,
)
from rashomon.records import KIND_SPECS, Group
from rashomon.store.db import open_store
from tests.helpers import invented_article
from tests.test_ingest_warc import page, write_warc
from tests.test_store_postgres import PG_URL_VARIABLE, _wipe_postgres

STORIES = Path(__file__).parent / "data" / "stories" / "articles.jsonl"
# Quotes, a backslash, a tab, newlines, a line separator, right-to-left text, a zero-width joiner and
# characters outside the Basic Multilingual Plane (emoji, mathematical letters).
ODD_TITLE = 'Envoy\'s "final" offer \\ rejected\t— 🕊️ 𝔘𝔑 talks, «перемирие», هدنة'
ODD_TEXT = (
    f"{ODD_TITLE}\n\n"
    "The envoy said on Monday that the \"final\" offer, quoted as 'take it or leave it', was rejected "
    "by both delegations in Portvale.\u2028A second line 👨‍👩‍👧 followed, with 𝔘𝔑 observers present.\n\n"
    'Negotiators said talks would resume next week; a spokesperson added: "We won\'t sign\\n anything."'
)


def rashomon(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "rashomon", *args], cwd=cwd, capture_output=True, text=True, timeout=300
    )


@pytest.fixture(scope="module")
def analysed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The invented stories, one odd article and one archived page, analysed with --parquet."""
    work = tmp_path_factory.mktemp("parquet")
    odd = {"text": ODD_TEXT, "title": ODD_TITLE, "url": "https://odd.example/a?q=\"x\"&b='y'"}
    # ASCII-escaped JSON: the JSONL reader splits lines with str.splitlines, which also breaks at a raw
    # U+2028 (a separate bug in ingest/readers.py).
    (work / "odd.jsonl").write_text(json.dumps(odd) + "\n", encoding="utf-8")
    write_warc(
        work / "crawl.warc.gz", [("response", "https://news.example.org/p", "200 OK; text/html", page(7))]
    )
    result = rashomon("analyze", str(STORIES), "odd.jsonl", "crawl.warc.gz", "--parquet", "pq", cwd=work)
    assert result.returncode == 0, result.stderr
    assert "parquet: " in result.stderr
    return work


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty store: a SQLite file, or the PostgreSQL test database wiped (skipped without one)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'r.db'}"
    url = os.environ.get(PG_URL_VARIABLE)
    if not url:
        pytest.skip(
            f"PostgreSQL needs {PG_URL_VARIABLE}: export {PG_URL_VARIABLE}=$(bash scripts/postgres.sh)"
        )
    _wipe_postgres(url)
    return url


def jsonl_records(db: Path | str, kind: str | None = None) -> list[dict]:
    out = io.StringIO()
    with open_store(str(db), create=False) as store, store.session() as session:
        write_jsonl(session, out, kind)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def expected(records: list[dict], kind: str) -> list[dict]:
    """JSONL records of a kind with every column's field present (absent fields read back as None)."""
    chosen = [r for r in records if r["kind"] == kind]
    names = KIND_SPECS[kind].names
    assert all(set(r) <= set(names) for r in chosen)
    return [{key: r.get(key) for key in names} for r in chosen]


@pytest.mark.slow
def test_every_kind_reads_back_equal_to_the_jsonl_export(analysed: Path) -> None:
    records = jsonl_records(analysed / "rashomon.db")
    assert sorted(p.stem for p in (analysed / "pq").glob("*.parquet")) == sorted(KINDS)
    assert not list((analysed / "pq").glob(".*"))  # no partial files left behind
    for kind in KINDS:
        path = analysed / "pq" / f"{kind}.parquet"
        assert pq.read_schema(path).equals(parquet_schema(kind), check_metadata=True), kind
        assert list(read_parquet_records(path)) == expected(records, kind), kind
    kinds_seen = {r["kind"] for r in records}
    assert {"article", "statement", "event", "place", "story", "incident", "framing"} <= kinds_seen


@pytest.mark.slow
def test_columns_are_flat_typed_and_json_only_where_keys_vary(analysed: Path) -> None:
    events = pq.read_table(analysed / "pq" / "event.parquet")
    assert events.schema.field("span").type == pa.list_(pa.field("element", pa.int64()))
    assert events.schema.field("location_lat").type == pa.float64()
    assert events.schema.field("negated").type == pa.bool_()
    assert events.schema.field("fatalities").type == pa.int64()
    framing = pq.read_schema(analysed / "pq" / "framing.parquet").field("labels")
    assert framing.type == pa.string() and framing.metadata == {b"rashomon.encoding": b"json"}
    stories = pq.read_schema(analysed / "pq" / "story.parquet")
    assert stories.field("article_ids").type == pa.list_(pa.field("element", pa.string()))
    # The columns are the CSV export's headers (objects flattened to outer_inner).
    articles = pq.read_table(analysed / "pq" / "article.parquet")
    assert {"source_path", "source_retrieved_at", "outlet_name", "published_date"} <= set(
        articles.column_names
    )


@pytest.mark.slow
def test_csv_headers_are_the_declared_columns(analysed: Path) -> None:
    """A CSV table's columns are the Parquet file's (the kind's declared columns), plus one column
    per optional object that some record leaves null."""
    with open_store(str(analysed / "rashomon.db"), create=False) as store, store.session() as session:
        for kind in KINDS:
            out = io.StringIO()
            write_csv(session, out, kind)
            header = out.getvalue().partition("\n")[0].split(",") if out.getvalue() else []
            optional = {
                f.name for f in KIND_SPECS[kind].fields if isinstance(f.type, Group) and f.type.optional
            }
            assert set(header) <= set(parquet_schema(kind).names) | optional, kind


@pytest.mark.slow
def test_odd_text_and_the_crawl_time_round_trip(analysed: Path) -> None:
    rows = pq.read_table(analysed / "pq" / "article.parquet").to_pylist()
    odd = next(r for r in rows if r["source_path"].endswith("odd.jsonl"))
    assert odd["title"] == ODD_TITLE
    assert "👨\u200d👩\u200d👧" in odd["text"] and "𝔘𝔑" in odd["text"] and '"final"' in odd["text"]
    assert "sign\\n anything" in odd["text"]  # a backslash and an n, not a newline
    assert odd["source_url"] == "https://odd.example/a?q=\"x\"&b='y'"
    archived = next(r for r in rows if r["source_path"].endswith("crawl.warc.gz"))
    assert archived["source_retrieved_at"] and archived["source_retrieved_at"].endswith("Z")
    assert odd["source_retrieved_at"] is None


def test_an_empty_store_gives_every_file_with_its_schema(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "r.db")) as store, store.session() as session:
        counts = write_parquet(session, tmp_path / "out")
    assert counts == dict.fromkeys(KINDS, 0)
    for kind in KINDS:
        table = pq.read_table(tmp_path / "out" / f"{kind}.parquet")
        assert table.num_rows == 0 and table.schema.equals(parquet_schema(kind), check_metadata=True)


@pytest.mark.slow
def test_records_are_written_in_row_groups_of_the_batch_size(analysed: Path, tmp_path: Path) -> None:
    with open_store(str(analysed / "rashomon.db"), create=False) as store, store.session() as session:
        counts = write_parquet(session, tmp_path / "small", "mention", batch_rows=7)
    meta = pq.ParquetFile(tmp_path / "small" / "mention.parquet").metadata
    assert meta.num_rows == counts["mention"] > 7
    assert meta.num_row_groups == -(-counts["mention"] // 7)
    assert all(meta.row_group(i).num_rows <= 7 for i in range(meta.num_row_groups))
    assert list(read_parquet_records(tmp_path / "small" / "mention.parquet")) == expected(
        jsonl_records(analysed / "rashomon.db", "mention"), "mention"
    )


def test_a_field_with_no_column_is_refused_not_dropped() -> None:
    record = {"kind": "story", "id": "s1", "title": "t", "article_ids": [], "outlets": [], "first": None,
              "last": None, "mood": "grim"}  # fmt: skip
    with pytest.raises(SchemaMismatch, match="mood"):
        flatten_record(record, "story")
    with pytest.raises(SchemaMismatch, match=r"outlet\.owner"):
        flatten_record({"kind": "article", "outlet": {"name": "X", "owner": "Y"}}, "article")


def test_unusable_output_directories_are_clear_errors(tmp_path: Path) -> None:
    a_file = tmp_path / "taken"
    a_file.write_text("not a directory")
    with open_store(str(tmp_path / "r.db")) as store, store.session() as session:
        with pytest.raises(UsageError, match="is a file, not a directory"):
            write_parquet(session, a_file)
        with pytest.raises(UsageError, match="cannot create"):
            write_parquet(session, a_file / "sub")
        blocked = tmp_path / "blocked"
        (blocked / ".event.parquet.partial").mkdir(parents=True)  # cannot be opened as a file
        with pytest.raises(UsageError, match="cannot write Parquet files"):
            write_parquet(session, blocked)
        assert not [p for p in blocked.iterdir() if p.name != ".event.parquet.partial"]


def test_a_read_only_directory_is_refused(tmp_path: Path) -> None:
    # Linux's /proc/self/fd takes no new file, even from root (CI runs as root, whom permission bits
    # do not stop); elsewhere a directory without write permission.
    read_only = Path("/proc/self/fd")
    if not read_only.is_dir():
        read_only = tmp_path / "ro"
        read_only.mkdir()
        read_only.chmod(0o500)
    with (
        open_store(str(tmp_path / "r.db")) as store,
        store.session() as session,
        pytest.raises(UsageError, match="not writable"),
    ):
        write_parquet(session, read_only)


def test_cli_refuses_a_file_as_the_directory_and_a_missing_out(tmp_path: Path) -> None:
    (tmp_path / "taken").write_text("x")
    (tmp_path / "in.txt").write_text("Some text long enough to be an article. " * 5)
    result = rashomon("analyze", "in.txt", "--parquet", "taken", cwd=tmp_path)
    assert result.returncode == 2 and "is a file, not a directory" in result.stderr
    assert not (tmp_path / "rashomon.db").exists()  # refused before the run, not after it
    open_store(str(tmp_path / "rashomon.db")).close()
    result = rashomon("export", "--format", "parquet", "--out", "taken", cwd=tmp_path)
    assert result.returncode == 2 and result.stderr.count("\n") == 1
    result = rashomon("export", "--format", "parquet", cwd=tmp_path)
    assert result.returncode == 2 and "needs --out DIR" in result.stderr


@pytest.mark.slow
def test_streaming_export_matches_on_sqlite_and_postgresql(store_url: str, tmp_path: Path) -> None:
    """Articles are streamed from the store (server-side cursor on PostgreSQL) while each one's rows
    are loaded: the files still equal the JSONL export."""
    from rashomon.analyze import analyze

    for i in range(5):
        (tmp_path / f"a{i}.txt").write_text(invented_article(i), encoding="utf-8")
    write_warc(tmp_path / "c.warc", [("response", "https://n.example/1", "200 OK; text/html", page(1))])
    analyze([str(tmp_path)], db=store_url)
    with open_store(store_url, create=False) as store, store.session() as session:
        counts = write_parquet(session, tmp_path / "pq", batch_rows=2)
    records = jsonl_records(store_url)
    assert counts["article"] == 6 and sum(counts.values()) == len(records)
    for kind in KINDS:
        assert list(read_parquet_records(tmp_path / "pq" / f"{kind}.parquet")) == expected(records, kind)
