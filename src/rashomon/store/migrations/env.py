"""Alembic environment. The store passes its open connection in `config.attributes`, so migrations
run on the same engine as the application (any SQLAlchemy URL) and no alembic.ini is needed."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from rashomon.store.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations() -> None:
    connection = config.attributes.get("connection")
    if connection is None:  # invoked from the alembic command line, e.g. to autogenerate
        engine = create_engine(config.get_main_option("sqlalchemy.url") or "sqlite:///rashomon.db")
        with engine.begin() as own_connection:
            _configure_and_run(own_connection)
        return
    _configure_and_run(connection)


def _configure_and_run(connection) -> None:  # type: ignore[no-untyped-def]
    # render_as_batch lets ALTER TABLE migrations work on SQLite, which cannot alter columns.
    context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
