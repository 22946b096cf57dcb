"""Opening the store read-only for the dashboard: no migration, no file created, no write possible.

`rashomon.store.db.open_store` migrates on open, which writes; a web server must never do that. Here
SQLite is opened through a `file:...?mode=ro` URI (the driver refuses every write) with `query_only`
on as well, and PostgreSQL sessions start read-only. A store whose schema is not the one this version
reads is a clear error rather than a page of SQL errors later.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

from rashomon.errors import StoreError
from rashomon.settings import normalise_db_url


@dataclass
class ReadOnlyStore:
    url: str
    engine: Engine
    sessions: sessionmaker[Session]

    def close(self) -> None:
        self.engine.dispose()


def open_read_only(db: str | None) -> ReadOnlyStore:
    """The store at `db` (SQLAlchemy URL or SQLite path), opened so that nothing can write to it."""
    url = normalise_db_url(db)
    try:
        parsed = make_url(url)
    except SQLAlchemyError as err:
        raise StoreError(f"cannot read store URL {url!r}: {err}") from err
    try:
        if parsed.get_backend_name() == "sqlite":
            engine = _sqlite_engine(parsed.database)
        elif parsed.get_backend_name() == "postgresql":
            engine = create_engine(url)
            event.listen(engine, "connect", _postgres_read_only)
        else:
            engine = create_engine(url)
        _check_schema(engine, url)
    except SQLAlchemyError as err:
        raise StoreError(f"cannot open store {url}: {err.__class__.__name__}: {err}") from err
    return ReadOnlyStore(url=url, engine=engine, sessions=sessionmaker(engine, autoflush=False))


def _sqlite_engine(database: str | None) -> Engine:
    if not database or database == ":memory:" or database.startswith("file:"):
        raise StoreError("the dashboard serves a store file: pass --db PATH (or sqlite:///PATH)")
    path = Path(database).resolve()
    if not path.is_file():
        raise StoreError(f"no store at {path}: run 'rashomon analyze' first or pass --db")
    uri = f"{path.as_uri()}?mode=ro"  # as_uri percent-encodes '?', '#' and spaces in the path

    def connect() -> sqlite3.Connection:
        # check_same_thread off: FastAPI runs handlers in a thread pool; the pool hands each
        # connection to one thread at a time.
        return sqlite3.connect(uri, uri=True, check_same_thread=False)

    engine = create_engine("sqlite+pysqlite://", creator=connect, poolclass=QueuePool)
    event.listen(engine, "connect", _query_only)
    return engine


def _query_only(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA query_only = ON")  # a second lock besides mode=ro
    cursor.close()


def _postgres_read_only(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    # Every later transaction of this connection is read-only: the server refuses writes. Committed
    # at once, since a SET rolled back with its transaction would be undone.
    cursor = dbapi_connection.cursor()
    cursor.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
    cursor.close()
    dbapi_connection.commit()


def _check_schema(engine: Engine, url: str) -> None:
    config = Config()
    config.set_main_option("script_location", str(resources.files("rashomon.store") / "migrations"))
    scripts = ScriptDirectory.from_config(config)
    with engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_revision()
    head = scripts.get_current_head()
    if current == head:
        return
    if current is None:
        raise StoreError(f"{url} is not a Rashomon store (no schema version): run 'rashomon analyze' first")
    known = {script.revision for script in scripts.walk_revisions()}
    if current not in known:
        raise StoreError(f"{url} was written by a newer Rashomon (schema {current}); upgrade Rashomon")
    raise StoreError(
        f"{url} has an older schema ({current}, this version reads {head}): "
        "run 'rashomon info --db ...' once to migrate it, then serve again"
    )
