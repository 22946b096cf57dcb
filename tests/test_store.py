"""The store: migrations, idempotent re-runs, one transaction per article, interrupted runs."""

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
from sqlalchemy import event, func, select

from rashomon.analyze import analyze
from rashomon.errors import StoreError
from rashomon.store.db import _alembic_config, open_store
from rashomon.store.models import Article, DroppedLineRow, Run
from tests.helpers import invented_article


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

    def fail_on_dropped_line(*_: object) -> None:
        raise RuntimeError("disk on fire")

    event.listen(DroppedLineRow, "before_insert", fail_on_dropped_line)
    try:
        with pytest.raises(RuntimeError, match="disk on fire"):
            analyze([str(second)], db=str(db))
    finally:
        event.remove(DroppedLineRow, "before_insert", fail_on_dropped_line)
    assert counts(db) == before  # neither the article row nor any of its lines were kept
    resumed = analyze([str(second)], db=str(db))
    assert len(resumed.added) == 1
    with open_store(str(db)) as store, store.session() as session:
        orphans = session.scalar(
            select(func.count(DroppedLineRow.id)).where(DroppedLineRow.article_id.not_in(select(Article.id)))
        )
        assert orphans == 0
        statuses = list(session.scalars(select(Run.status).order_by(Run.id)))
    assert statuses == ["completed", "interrupted", "completed"]


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
