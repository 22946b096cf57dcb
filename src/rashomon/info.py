"""What a store holds: counts, runs, failures, models and versions (`rashomon info`)."""

from __future__ import annotations

from typing import Any

from alembic.runtime.migration import MigrationContext
from sqlalchemy import func, select

from rashomon import __version__
from rashomon.store.db import Store
from rashomon.store.models import (
    ActorMentionRow,
    Article,
    DroppedLineRow,
    InputFailure,
    MentionRow,
    Run,
    StatementRow,
)


def store_info(store: Store) -> dict[str, Any]:
    with store.session() as session:

        def count(column: Any, *where: Any) -> int:
            return session.scalar(select(func.count(column)).where(*where)) or 0

        def grouped(column: Any) -> dict[Any, int]:
            query = select(column, func.count()).group_by(column).order_by(func.count().desc())
            return {key: n for key, n in session.execute(query).all()}

        runs = session.scalars(select(Run).order_by(Run.id.desc()).limit(5))
        with store.engine.connect() as connection:
            revision = MigrationContext.configure(connection).get_current_revision()
        return {
            "store": store.url,
            "schema_revision": revision,
            "versions": {"rashomon": __version__, "spacy": _version_of("spacy")},
            "articles": count(Article.id),
            "near_duplicates": count(Article.id, Article.duplicate_of.is_not(None)),
            "by_outlet": {name or "unknown": n for name, n in grouped(Article.outlet_name).items()},
            "by_status": grouped(Article.status),
            "by_language": grouped(Article.language),
            "by_date_precision": grouped(Article.published_precision),
            "models": [
                {"name": name, "version": version}
                for name, version in session.execute(
                    select(Article.model_name, Article.model_version)
                    .where(Article.model_name.is_not(None))
                    .distinct()
                )
            ],
            "dropped_lines": count(DroppedLineRow.id),
            "mentions": count(MentionRow.id),
            "statements": count(StatementRow.id),
            "statements_by_type": grouped(StatementRow.claim_type),
            "actor_mentions": count(ActorMentionRow.id),
            "input_failures": count(InputFailure.id),
            "recent_runs": [
                {
                    "id": run.id,
                    "started_at": run.started_at.isoformat(timespec="seconds"),
                    "finished_at": run.finished_at.isoformat(timespec="seconds") if run.finished_at else None,
                    "status": run.status,
                    "documents_read": run.documents_read,
                    "articles_added": run.articles_added,
                    "already_stored": run.already_stored,
                    "failed": count(InputFailure.id, InputFailure.run_id == run.id),
                    "model": f"{run.model_name} {run.model_version}",
                }
                for run in runs
            ],
        }


def _version_of(package: str) -> str:
    """An installed package's version, without importing it (spaCy takes a second to import)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(package)
    except PackageNotFoundError:
        return "not installed"
