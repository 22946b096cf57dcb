"""The store: migrations, idempotent re-runs, one transaction per batch of articles (a failing batch
keeps nothing, and the articles before the one that fails still land), interrupted runs."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, event, func, select
from sqlalchemy.exc import OperationalError

from rashomon.analyze import analyze
from rashomon.article_rows import article_rows
from rashomon.clean.article import clean_document, content_hash
from rashomon.errors import InputError, StoreError
from rashomon.nlp.pipeline import ModelInfo
from rashomon.store import repository
from rashomon.store.bulk import ArticleRows, article_id_for
from rashomon.store.db import _alembic_config, open_store
from rashomon.store.models import Article, DroppedLineRow, InputFailure, Run
from rashomon.types import RawDocument
from tests.helpers import invented_article
from tests.test_store_postgres import store_url

__all__ = ["store_url"]  # the fixture: a SQLite file, and PostgreSQL when RASHOMON_TEST_PG_URL is set


def write_articles(folder: Path, count: int, start: int = 0) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(start, start + count):
        path = folder / f"article_{i:03d}.txt"
        path.write_text(invented_article(i), encoding="utf-8")
        paths.append(path)
    return paths


def counts(db: Path) -> tuple[int, int]:
    with sqlite3.connect(db) as connection:
        articles = connection.execute("select count(*) from article").fetchone()[0]
        dropped = connection.execute("select count(*) from dropped_line").fetchone()[0]
    return articles, dropped


def test_fresh_store_is_migrated_to_head(tmp_path: Path) -> None:
    db = tmp_path / "r.db"
    open_store(str(db)).close()
    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    with sqlite3.connect(db) as connection:
        assert connection.execute("select version_num from alembic_version").fetchone()[0] == head
    open_store(f"sqlite:///{db}").close()  # a second open is a no-op, URL form accepted too


def test_read_only_commands_do_not_create_a_store(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no store at"):
        open_store(str(tmp_path / "missing.db"), create=False)
    assert not (tmp_path / "missing.db").exists()


def test_rerun_on_same_input_adds_nothing(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    write_articles(inputs, 3)
    db = str(tmp_path / "r.db")
    first = analyze([str(inputs)], db=db)
    second = analyze([str(inputs)], db=db)
    assert (len(first.added), first.already_stored) == (3, 0)
    assert (len(second.added), second.already_stored) == (0, 3)
    # The same text under another name (or with CRLF line ends) is the same article.
    copy = tmp_path / "copy.txt"
    copy.write_bytes(invented_article(1).replace("\n", "\r\n").encode())
    assert analyze([str(copy)], db=db).already_stored == 1
    assert counts(tmp_path / "r.db")[0] == 3


def test_a_failure_while_writing_an_article_leaves_nothing_of_it(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    first, second = write_articles(inputs, 2)
    db = tmp_path / "r.db"
    analyze([str(first)], db=str(db))
    before = counts(db)

    def fail_on_dropped_line(_conn, _cursor, statement, parameters, *_: object) -> None:  # type: ignore[no-untyped-def]
        if statement.startswith("INSERT INTO dropped_line"):
            raise OperationalError(statement, parameters, Exception("disk I/O error"))

    event.listen(Engine, "before_cursor_execute", fail_on_dropped_line)
    try:
        with pytest.raises(OperationalError, match="disk I/O error"):  # the store failing stops the run
            analyze([str(second)], db=str(db))
    finally:
        event.remove(Engine, "before_cursor_execute", fail_on_dropped_line)
    assert counts(db) == before  # neither the article row nor any of its lines were kept
    resumed = analyze([str(second)], db=str(db))
    assert len(resumed.added) == 1
    with open_store(str(db)) as store, store.session() as session:
        orphans = session.scalar(
            select(func.count(DroppedLineRow.id)).where(DroppedLineRow.article_id.not_in(select(Article.id)))
        )
        assert orphans == 0
        statuses = list(session.scalars(select(Run.status).order_by(Run.id)))
    assert statuses == ["completed", "failed", "completed"]


def test_an_article_the_store_refuses_becomes_its_failure(store_url: str, tmp_path: Path) -> None:
    """Five articles written as one batch; the store refuses the fourth's dropped lines (not a
    failure of the store itself). The batch rolls back, then the articles are written one by one:
    the fourth is recorded as that input's failure, the others land whole, and the run completes."""
    inputs = tmp_path / "in"
    paths = write_articles(inputs, 5)
    (inputs / "empty.txt").write_text("  \n", encoding="utf-8")  # an input failure in the same batch
    text = paths[3].read_text(encoding="utf-8")
    failing = article_id_for(content_hash(RawDocument(str(paths[3]), "text", text, "utf-8")))

    def refuse_its_lines(_conn, _cursor, statement, parameters, _context, _many) -> None:  # type: ignore[no-untyped-def]
        if statement.startswith("INSERT INTO dropped_line") and failing in repr(parameters):
            raise ValueError("value out of range")

    event.listen(Engine, "before_cursor_execute", refuse_its_lines)
    try:
        summary = analyze([str(inputs)], db=store_url)
    finally:
        event.remove(Engine, "before_cursor_execute", refuse_its_lines)
    with open_store(store_url) as store, store.session() as session:
        kept = list(session.scalars(select(Article.source_path).order_by(Article.created_at)))
        incomplete = session.scalar(
            select(func.count()).where(
                ~select(DroppedLineRow.id).where(DroppedLineRow.article_id == Article.id).exists()
            )
        )
        failures = dict(session.execute(select(InputFailure.location, InputFailure.reason)).all())
        statuses = list(session.scalars(select(Run.status)))
    assert kept == [str(p) for p in (*paths[:3], paths[4])]
    assert incomplete == 0
    assert set(failures) == {str(inputs / "empty.txt"), str(paths[3])}
    assert "internal error in storing (ValueError: value out of range)" in failures[str(paths[3])]
    assert statuses == ["completed"]
    assert (len(summary.added), len(summary.failures)) == (4, 2)
    resumed = analyze([str(inputs)], db=store_url)
    assert (len(resumed.added), resumed.already_stored) == (1, 4)


def _rows(i: int) -> ArticleRows:
    raw = RawDocument(f"a{i}.txt", "text", invented_article(i), "utf-8")
    digest = content_hash(raw)
    return article_rows(clean_document(raw, digest), "not analysed in this test", b"", None)


def test_a_batch_skips_what_another_writer_stored_meanwhile(store_url: str) -> None:
    """Content stored by another writer since it was checked counts as already stored (None), and
    the near-duplicate link is asked for the articles written only, in order."""
    model = ModelInfo(name="m", version="1", spacy_version="3")
    with open_store(store_url) as store:
        run_id = repository.start_run(store, ["x"], model)
        first = _rows(1)
        assert repository.save_articles(store, run_id, model, [first]) == [first.id]
        batch = [_rows(0), _rows(1), _rows(2)]
        linked: list[str] = []

        def link(rows: ArticleRows) -> str | None:
            linked.append(rows.id)
            return first.id if rows is batch[2] else None

        failure = InputError("broken.txt", "unreadable")
        ids = repository.save_articles(store, run_id, model, batch, [failure], link)
        assert ids == [batch[0].id, None, batch[2].id]
        assert linked == [batch[0].id, batch[2].id]
        with store.session() as session:
            stored = session.execute(select(Article.id, Article.duplicate_of, Article.model_name)).all()
            assert sorted(stored) == sorted(
                [(first.id, None, None), (batch[0].id, None, None), (batch[2].id, first.id, None)]
            )
            assert list(session.scalars(select(InputFailure.location))) == ["broken.txt"]
            order = list(session.scalars(select(Article.id).order_by(Article.created_at)))
        assert order == [first.id, batch[0].id, batch[2].id]  # creation times follow the writes


def test_killed_run_loses_nothing_and_resumes_cleanly(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    total = 60
    write_articles(inputs, total)
    db = tmp_path / "r.db"
    command = [sys.executable, "-m", "rashomon.cli", "analyze", str(inputs), "--db", str(db)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    stored = 0
    while time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
        if db.exists():
            try:
                stored = counts(db)[0]
            except sqlite3.OperationalError:
                continue  # schema not created yet, or the writer holds the lock
            if stored >= 3:
                break
    if process.poll() is not None:
        pytest.fail(f"the run ended before it could be interrupted: {process.stderr.read().decode()[-500:]}")
    os.kill(process.pid, signal.SIGKILL)
    process.wait()

    with sqlite3.connect(db) as connection:
        assert connection.execute("pragma integrity_check").fetchone()[0] == "ok"
        articles_kept, _ = counts(db)
        incomplete = connection.execute(
            "select count(*) from article a"
            " where not exists (select 1 from dropped_line d where d.article_id = a.id)"
        ).fetchone()[0]
    assert 0 < articles_kept < total
    assert incomplete == 0  # every stored article came with its dropped lines

    resumed = analyze([str(inputs)], db=str(db))
    assert resumed.already_stored == articles_kept
    assert len(resumed.added) == total - articles_kept
    assert counts(db)[0] == total
