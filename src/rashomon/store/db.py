"""Opening a store: engine, migrations to the latest schema, and sessions."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from rashomon.errors import StoreError
from rashomon.settings import normalise_db_url


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


def open_store(db: str | None, *, create: bool = True) -> Store:
    """Open (and migrate) the store at `db`: a SQLAlchemy URL or a plain SQLite file path.

    With `create=False` a missing SQLite file is an error instead of being created, which is what
    read-only commands (export, report, info) want.
    """
    url = normalise_db_url(db)
    if not create:
        _require_existing_sqlite(url)
    try:
        engine = create_engine(url)
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", _sqlite_pragmas)
        migrate(engine)
    except SQLAlchemyError as err:
        raise StoreError(f"cannot open store {url}: {err.__class__.__name__}: {err}") from err
    return Store(url=url, engine=engine, sessions=sessionmaker(engine, expire_on_commit=False))


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest migration (a no-op when it is current)."""
    config = _alembic_config()
    head = ScriptDirectory.from_config(config).get_current_head()
    with engine.begin() as connection:
        if MigrationContext.configure(connection).get_current_revision() == head:
            return
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def _alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(resources.files("rashomon.store") / "migrations"))
    return config


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
