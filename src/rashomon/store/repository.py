"""Writes and reads the pipeline needs. Articles are written a batch at a time, each batch (its
articles with their dropped lines and mentions, and its input failures) in one transaction: an
interrupted run leaves either the whole batch or nothing of it."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Protocol

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from rashomon import __version__
from rashomon.errors import InputError
from rashomon.store import bulk
from rashomon.store.bulk import ArticleRows, article_id_for
from rashomon.store.db import Store
from rashomon.store.models import Article, InputFailure, Run

__all__ = ["article_id_for"]


class ModelInfo(Protocol):
    """The model an article was analysed with, as stored: `nlp.pipeline.ModelInfo` is one."""

    @property
    def name(self) -> str: ...

    @property
    def version(self) -> str: ...


def utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def start_run(store: Store, inputs: Iterable[str], model: ModelInfo) -> int:
    with store.session() as session, session.begin():
        # A run still marked running was killed before it could finish: say so.
        session.execute(update(Run).where(Run.status == "running").values(status="interrupted"))
        run = Run(
            started_at=utcnow(),
            status="running",
            inputs=json.dumps(list(inputs)),
            model_name=model.name,
            model_version=model.version,
            rashomon_version=__version__,
        )
        session.add(run)
        session.flush()
        return run.id


@dataclass(frozen=True)
class RunProgress:
    """A run's tallies: inputs whose outcome is stored, articles it added, inputs already stored."""

    documents_read: int = 0
    added: int = 0
    already_stored: int = 0


def finish_run(store: Store, run_id: int, progress: RunProgress, status: str = "completed") -> None:
    """Close a run: `completed`, or `interrupted` (stopped by the user) or `failed` (stopped by an
    error), with the tallies of what was stored before it stopped."""
    with store.session() as session, session.begin():
        run = session.get_one(Run, run_id)
        run.finished_at = utcnow()
        run.status = status
        _set_tallies(run, progress)


def _set_tallies(run: Run, progress: RunProgress) -> None:
    run.documents_read = progress.documents_read
    run.articles_added = progress.added
    run.already_stored = progress.already_stored


def stored_hashes(store: Store) -> set[str]:
    """The content hash of every stored article, looked up once per run rather than per input."""
    with store.session() as session:
        return set(session.scalars(select(Article.content_hash)))


def stored_signatures(store: Store) -> list[tuple[str, bytes]]:
    """(id, MinHash bytes) of every stored article, oldest first, to seed the duplicate index."""
    with store.session() as session:
        rows = session.execute(
            select(Article.id, Article.minhash)
            .where(Article.minhash.is_not(None))
            .order_by(Article.created_at, Article.id)
        )
        return [(row.id, row.minhash) for row in rows]


def save_articles(
    store: Store,
    run_id: int,
    model: ModelInfo,
    batch: Sequence[ArticleRows],
    failures: Sequence[InputError] = (),
    link: Callable[[ArticleRows], str | None] = lambda _rows: None,
    progress: RunProgress | None = None,
) -> list[str | None]:
    """Write a batch of articles (rows from `rashomon.article_rows`) and input failures in one transaction:
    an interrupted run leaves the whole batch or nothing of it. Returns, per article, its id, or None
    when another process stored the same content first.

    The transaction holds the store's write lock from its start (see `db._serialise_writers`), so
    which contents other writers have stored since the driver looked them up is known before anything is
    written: those articles are skipped (they count as already stored, as the copy kept is the other
    writer's). `link` is then called with each article to write, in order, and returns the id of the
    article it nearly duplicates, or None.

    `progress` is the run's tallies before this batch's articles (its inputs counted as read): the
    run row gets them, plus the batch's outcome, in the same transaction, so a run that is stopped
    shows what it stored."""
    if not batch and not failures and progress is None:
        return []
    with store.session() as session, session.begin():
        stored = stored_among(session, [rows.content_hash for rows in batch])
        ids: list[str | None] = []
        written: list[ArticleRows] = []
        for rows in batch:
            if rows.content_hash in stored:
                ids.append(None)
                continue
            analysed = rows.analysed
            article = {
                **rows.article,
                "run_id": run_id,
                "created_at": _creation_time(),
                "duplicate_of": link(rows),
                "model_name": model.name if analysed else None,
                "model_version": model.version if analysed else None,
                "rashomon_version": __version__,
            }
            written.append(ArticleRows(article=article, children=rows.children))
            ids.append(rows.id)
        failure_rows = [{"run_id": run_id, "location": f.location, "reason": f.reason} for f in failures]
        bulk.insert_rows(session, written)
        if failure_rows:
            session.connection().execute(insert(InputFailure.__table__), failure_rows)
        if progress is not None:
            added = sum(article_id is not None for article_id in ids)
            tallies = RunProgress(
                progress.documents_read, progress.added + added, progress.already_stored + len(ids) - added
            )
            _set_tallies(session.get_one(Run, run_id), tallies)
    return ids


def stored_among(session: Session, digests: Sequence[str]) -> set[str]:
    """The content hashes among `digests` that are stored."""
    if not digests:
        return set()
    return set(session.scalars(select(Article.content_hash).where(Article.content_hash.in_(digests))))


_last_created_at = datetime.min


def _creation_time() -> datetime:
    """`utcnow`, strictly later than the previous call's: articles written together keep their input
    order in `created_at`, which orders the near-duplicate index when a later run rebuilds it."""
    global _last_created_at
    _last_created_at = max(utcnow(), _last_created_at + timedelta(microseconds=1))
    return _last_created_at


# The report's and exports' order of articles: by outlet (unknown last), date and title.
ARTICLE_ORDER = (
    Article.outlet_name.is_(None),
    Article.outlet_name,
    Article.published_date,
    Article.title,
    Article.id,
)


def articles(session: Session) -> list[Article]:
    """All stored articles, ordered by outlet, date and title (the report's and exports' order)."""
    return list(session.scalars(select(Article).order_by(*ARTICLE_ORDER)))
