"""The store on SQLite and on PostgreSQL: migrations, idempotent re-runs, one transaction per
article, and two writers on one store at once.

PostgreSQL runs when RASHOMON_TEST_PG_URL names a database the tests may wipe (scripts/postgres.sh
starts one and prints its URL); without it those cases skip.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, func, select, text
from sqlalchemy.exc import OperationalError

from rashomon.analyze import analyze
from rashomon.store.db import _alembic_config, open_store
from rashomon.store.models import Article, Base, DroppedLineRow, InputFailure, Run
from tests.helpers import invented_article

PG_URL_VARIABLE = "RASHOMON_TEST_PG_URL"


def _wipe_postgres(url: str) -> None:
    """An empty public schema: every test starts from a database with no tables at all."""
    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
    finally:
        engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A store URL for an empty store: a SQLite file, or the PostgreSQL test database wiped."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'r.db'}"
        return
    url = os.environ.get(PG_URL_VARIABLE)
    if not url:
        pytest.skip(
            f"PostgreSQL tests need {PG_URL_VARIABLE}: export {PG_URL_VARIABLE}=$(bash scripts/postgres.sh)"
        )
    _wipe_postgres(url)
    yield url


def write_articles(folder: Path, numbers: range | list[int]) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in numbers:
        path = folder / f"article_{i:03d}.txt"
        path.write_text(invented_article(i), encoding="utf-8")
        paths.append(path)
    return paths


def scalar(url: str, statement: str) -> object:
    with open_store(url) as store, store.session() as session:
        return session.scalar(text(statement))


def test_migrates_to_head_and_matches_the_models(store_url: str) -> None:
    open_store(store_url).close()
    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    assert scalar(store_url, "select version_num from alembic_version") == head
    with open_store(store_url) as store, store.engine.connect() as connection:  # a second open: a no-op
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == []  # the migrations build exactly the tables the models describe


def test_rerun_adds_nothing(store_url: str, tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    write_articles(inputs, range(3))
    first = analyze([str(inputs)], db=store_url)
    second = analyze([str(inputs)], db=store_url)
    assert (len(first.added), first.already_stored) == (3, 0)
    assert (len(second.added), second.already_stored) == (0, 3)
    assert scalar(store_url, "select count(*) from article") == 3


def test_one_transaction_per_article(store_url: str, tmp_path: Path) -> None:
    first, second = write_articles(tmp_path / "in", range(2))
    analyze([str(first)], db=store_url)
    before = (
        scalar(store_url, "select count(*) from article"),
        scalar(store_url, "select count(*) from dropped_line"),
    )

    def fail_on_dropped_line(_conn, _cursor, statement, parameters, *_: object) -> None:  # type: ignore[no-untyped-def]
        if statement.startswith("INSERT INTO dropped_line"):
            raise OperationalError(statement, parameters, Exception("disk I/O error"))

    event.listen(Engine, "before_cursor_execute", fail_on_dropped_line)
    try:
        with pytest.raises(OperationalError, match="disk I/O error"):  # the store failing stops the run
            analyze([str(second)], db=store_url)
    finally:
        event.remove(Engine, "before_cursor_execute", fail_on_dropped_line)
    after = (
        scalar(store_url, "select count(*) from article"),
        scalar(store_url, "select count(*) from dropped_line"),
    )
    assert after == before  # neither the article row nor any of its lines were kept
    assert len(analyze([str(second)], db=store_url).added) == 1


def test_two_writers_on_one_store_lose_nothing(store_url: str, tmp_path: Path) -> None:
    """Two processes analyse overlapping inputs into one store at the same time. The shared
    articles come first in both, so that both writers race to store the very same articles."""
    shared, only_a, only_b = range(0, 8), range(8, 12), range(12, 16)
    dir_a, dir_b = tmp_path / "a", tmp_path / "b"
    for folder, own in ((dir_a, only_a), (dir_b, only_b)):
        write_articles(folder / "1-shared", shared)
        write_articles(folder / "2-own", own)
    (dir_a / "3-broken.txt").write_bytes(b"\x00\x01\x02 not text")
    (dir_b / "3-empty.txt").write_bytes(b"   \n")
    open_store(store_url).close()  # migrate once first: two processes must not both create the schema

    command = [sys.executable, "-m", "rashomon.cli", "analyze", "--db", store_url]
    writers = [
        subprocess.Popen([*command, str(folder)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for folder in (dir_a, dir_b)
    ]
    outputs = [writer.communicate(timeout=300) for writer in writers]
    for writer, (_, err) in zip(writers, outputs, strict=True):
        assert writer.returncode == 1, err[-2000:]  # 1: its broken input, and nothing worse
        assert "Traceback" not in err and "document(s) read" in err, err[-2000:]

    total = len(shared) + len(only_a) + len(only_b)
    with open_store(store_url) as store, store.session() as session:
        assert session.scalar(select(func.count()).select_from(Article)) == total
        assert session.scalar(select(func.count(func.distinct(Article.content_hash)))) == total
        orphans = session.scalar(
            select(func.count(DroppedLineRow.id)).where(DroppedLineRow.article_id.not_in(select(Article.id)))
        )
        assert orphans == 0
        failures = set(session.scalars(select(InputFailure.location)))
        statuses = list(session.scalars(select(Run.status)))
        added = sum(session.scalars(select(Run.articles_added)))
    assert failures == {str(dir_a / "3-broken.txt"), str(dir_b / "3-empty.txt")}
    assert added == total, "an article the other writer stored first counts as already stored"
    assert statuses == ["completed", "completed"]
