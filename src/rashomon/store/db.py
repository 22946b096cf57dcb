"""Opening a store: engine, migrations to the latest schema, and sessions."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, SessionTransaction, SessionTransactionOrigin, sessionmaker

from rashomon.errors import StoreError
from rashomon.settings import normalise_db_url

if TYPE_CHECKING:
    from alembic.config import Config

# Seconds a SQLite writer waits for another process's write lock before giving up ("database is
# locked"): pysqlite's default of 5 s is shorter than one reconcile stage on a large store.
SQLITE_BUSY_TIMEOUT = 120
# PostgreSQL advisory lock that serialises this application's write transactions on one database.
_PG_WRITE_LOCK = 0x52415348  # "RASH"


@dataclass
class Store:
    url: str
    engine: Engine
    sessions: sessionmaker[Session]

    def session(self) -> Session:
        return self.sessions()

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_store(db: str | None, *, create: bool = True, current: bool = False) -> Store:
    """Open (and migrate) the store at `db`: a SQLAlchemy URL or a plain SQLite file path.

    With `create=False` a missing SQLite file is an error instead of being created, which is what
    read-only commands (export, report, info) want. `current`: the caller knows the schema is the
    newest (a Dask worker reading the store its driver has opened), so it is not checked; alembic,
    which checks it, is then never imported (a fifth of a second of a worker's start).
    """
    url = normalise_db_url(db)
    if not create:
        _require_existing_sqlite(url)
    try:
        sqlite = url.startswith("sqlite")
        engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT} if sqlite else {})
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", _sqlite_pragmas)
        if not current:
            migrate(engine)
    except SQLAlchemyError as err:
        raise StoreError(f"cannot open store {url}: {err.__class__.__name__}: {err}") from err
    sessions = sessionmaker(engine, expire_on_commit=False)
    event.listen(sessions, "after_begin", _serialise_writers)
    return Store(url=url, engine=engine, sessions=sessions)


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest migration (a no-op when it is current).

    Processes opening a new store at once must not each create its tables: the one that migrates
    holds the store's write lock until its schema is committed, and the others, once they get the
    lock, read the revision again, find it current and do nothing.
    """
    from alembic import command
    from alembic.script import ScriptDirectory

    config = _alembic_config()
    head = ScriptDirectory.from_config(config).get_current_head()
    with engine.connect() as connection:  # a current store takes no lock: readers never wait on writers
        if _revision(connection) == head:
            return
    with engine.begin() as connection:
        _take_write_lock(connection)
        if _revision(connection) == head:
            return
        # alembic sees a transaction already begun and leaves it to us: every migration runs in it,
        # committed (or rolled back) at once with the lock's release.
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def _revision(connection: Connection) -> str | None:
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(connection).get_current_revision()


def _alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(resources.files("rashomon.store") / "migrations"))
    return config


def _serialise_writers(_session: Session, transaction: SessionTransaction, connection: Connection) -> None:
    """Take the store's write lock at the start of every `session.begin()` block, until it ends.

    Every write (an article, a run, the reconcile stage's rebuilds) is such a block, and several
    read what is stored and then write from it. With two processes writing to one store at once,
    each block must see the other's committed work from its first read, or both insert the same
    story or incident. Sessions that only read (autobegun) take no lock.
    """
    if transaction.origin is not SessionTransactionOrigin.BEGIN or transaction.nested:
        return
    _take_write_lock(connection)


def _take_write_lock(connection: Connection) -> None:
    """Hold the store's write lock until `connection`'s transaction ends, waiting for another
    writer's (on SQLite up to the busy timeout). Call it before the transaction's first statement."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_WRITE_LOCK})
    elif connection.dialect.name == "sqlite":
        # pysqlite would begin lazily at the first INSERT, and runs DDL outside any transaction;
        # IMMEDIATE takes the write lock now, and what follows runs inside this transaction.
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")  # SQLite ignores FOREIGN KEY clauses unless asked
    cursor.close()


def _require_existing_sqlite(url: str) -> None:
    prefix = "sqlite:///"
    if url.startswith(prefix) and url != "sqlite:///:memory:":
        path = Path(url[len(prefix) :])
        if not path.exists():
            raise StoreError(f"no store at {path}: run 'rashomon analyze' first or pass --db")
