"""Several processes opening one NEW store at the same moment: exactly one creates the schema, the
others wait for it and find it current (SQLite: the write lock; PostgreSQL: an advisory lock).

PostgreSQL cases run when RASHOMON_TEST_PG_URL names a database the tests may wipe (see
tests/test_store_postgres.py); without it they skip.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, event

from rashomon.store.db import _alembic_config, migrate
from tests.helpers import invented_article
from tests.test_store_postgres import PG_URL_VARIABLE, _wipe_postgres

REPO = Path(__file__).resolve().parent.parent
HEAD = ScriptDirectory.from_config(_alembic_config()).get_current_head()


def new_store(backend: str, folder: Path) -> str:
    """The URL of a store with no schema yet: a SQLite file not yet created, or the PostgreSQL test
    database wiped."""
    if backend == "sqlite":
        return f"sqlite:///{folder / 'new.db'}"
    url = os.environ.get(PG_URL_VARIABLE)
    if not url:
        pytest.skip(f"PostgreSQL tests need {PG_URL_VARIABLE} (bash scripts/postgres.sh prints one)")
    _wipe_postgres(url)
    return url


def start_all(commands: list[list[str]]) -> list[tuple[int, str, str]]:
    """Start every command before waiting for any; (exit status, stdout, stderr) of each."""
    processes = [
        subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO)
        for command in commands
    ]
    results = []
    for process in processes:
        out, err = process.communicate(timeout=600)
        results.append((process.returncode, out, err))
    return results


def rashomon(*args: str) -> list[str]:
    return [sys.executable, "-m", "rashomon", *args]


def info(url: str) -> dict:
    status, out, err = start_all([rashomon("info", "--json", "--db", url)])[0]
    assert status == 0, err[-2000:]
    return json.loads(out)


def test_migration_runs_in_one_transaction_under_the_write_lock(tmp_path: Path) -> None:
    """On SQLite every CREATE runs after BEGIN IMMEDIATE and before the one COMMIT: pysqlite runs DDL
    outside a transaction unless one is open, and alembic must not commit or begin one of its own."""
    statements: list[str] = []
    engine = create_engine(f"sqlite:///{tmp_path / 'new.db'}")
    event.listen(engine, "connect", lambda dbapi, _record: dbapi.set_trace_callback(statements.append))
    try:
        migrate(engine)
        migrate(engine)  # current: no lock taken, nothing written
    finally:
        engine.dispose()
    control = [(i, s.split()[0].upper()) for i, s in enumerate(statements) if s.split()[0].upper() in
               ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE", "END")]  # fmt: skip
    creates = [i for i, s in enumerate(statements) if s.upper().startswith("CREATE")]
    assert [kind for _, kind in control] == ["BEGIN", "COMMIT"]
    assert statements[control[0][0]] == "BEGIN IMMEDIATE"
    assert control[0][0] < min(creates) and max(creates) < control[1][0]


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_processes_migrating_a_new_store_at_once_all_succeed(backend: str, tmp_path: Path) -> None:
    """`rashomon info` migrates a store it opens; six of them at once on an empty store file (or an
    empty database), round after round."""
    for round_number in range(4):
        folder = tmp_path / f"round{round_number}"
        folder.mkdir()
        url = new_store(backend, folder)
        if backend == "sqlite":
            (folder / "new.db").touch()  # info opens only an existing file; an empty one has no schema
        results = start_all([rashomon("info", "--json", "--db", url) for _ in range(6)])
        for status, out, err in results:
            assert status == 0, err[-2000:]
            assert json.loads(out)["schema_revision"] == HEAD


@pytest.mark.slow
@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_analyze_processes_on_a_new_store_at_once_all_succeed(backend: str, tmp_path: Path) -> None:
    """Four `rashomon analyze` on one new store, started together with different inputs: every run
    completes and every article is stored once."""
    writers = 4
    for round_number in range(3):
        folder = tmp_path / f"round{round_number}"
        folder.mkdir()
        url = new_store(backend, folder)
        inputs = []
        for i in range(writers):
            path = folder / f"article_{i}.txt"
            path.write_text(invented_article(round_number * writers + i), encoding="utf-8")
            inputs.append(str(path))
        results = start_all([rashomon("analyze", path, "--db", url) for path in inputs])
        for status, _, err in results:
            assert status == 0, err[-2000:]
        summary = info(url)
        assert summary["schema_revision"] == HEAD
        assert summary["articles"] == writers
        runs = summary["recent_runs"]
        assert len(runs) == writers and {run["status"] for run in runs} == {"completed"}
        assert sum(run["articles_added"] for run in runs) == writers
