"""Writing many articles' rows at once: one executemany per table for a whole batch of articles,
instead of the ORM's unit of work per object.

Rows are plain dicts (column -> value), made outside the store (`rashomon.article_rows`) where the
article was analysed; the driver adds what depends on the run and the store (`RUN_COLUMNS`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy import insert
from sqlalchemy.orm import Session

from rashomon.store.models import (
    ActorMentionRow,
    AgreementMentionRow,
    Article,
    Base,
    ComplianceClaimRow,
    DroppedLineRow,
    EventRow,
    MentionRow,
    PlaceRow,
    StatementRow,
)

Row = dict[str, object]

# The article's own tables, in the order rows are inserted (a row only refers to rows before it).
CHILD_MODELS: tuple[type[Base], ...] = (
    DroppedLineRow,
    MentionRow,
    StatementRow,
    ActorMentionRow,
    PlaceRow,
    EventRow,
    AgreementMentionRow,
    ComplianceClaimRow,
)


def article_id_for(digest: str) -> str:
    return f"art-{digest[:16]}"


@dataclass(frozen=True)
class ArticleRows:
    """One article's rows: `article` lacks the columns the driver fills (`RUN_COLUMNS`); `children`
    holds a list of rows per table name of `CHILD_MODELS`, each row with its `article_id`."""

    article: Row
    children: dict[str, list[Row]]

    @property
    def id(self) -> str:
        return str(self.article["id"])

    @property
    def content_hash(self) -> str:
        return str(self.article["content_hash"])

    @property
    def analysed(self) -> bool:
        return self.article["status"] == "analysed"


# Article columns that depend on the run or the store rather than on the article: set by the driver.
RUN_COLUMNS = ("run_id", "created_at", "duplicate_of", "model_name", "model_version", "rashomon_version")


def insert_rows(session: Session, batch: Sequence[ArticleRows]) -> None:
    """Insert the rows of `batch` (articles complete with `RUN_COLUMNS`), one executemany per table,
    in the order of `batch` and of each article's lists: the order the ORM would insert them in."""
    if not batch:
        return
    connection = session.connection()
    connection.execute(insert(Article.__table__), [rows.article for rows in batch])
    for model in CHILD_MODELS:
        table = model.__table__
        rows = [row for article in batch for row in article.children.get(table.name, ())]
        if rows:
            connection.execute(insert(table), rows)


def naive_utc(moment: datetime | None) -> datetime | None:
    """Datetimes are stored as naive UTC, the one form SQLite and PostgreSQL agree on."""
    if moment is None or moment.tzinfo is None:
        return moment
    return moment.astimezone(timezone.utc).replace(tzinfo=None)
