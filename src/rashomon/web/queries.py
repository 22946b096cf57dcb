"""SQL for the per-article lists (articles, statements, events): filters become WHERE clauses and
paging happens in the database.

Text search is LIKE-based: case-insensitive, every term must occur. It runs unchanged on SQLite and
PostgreSQL and needs no index built at write time (the store is opened read-only); a scan of a few
thousand articles takes milliseconds.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Select, exists, func, or_, select
from sqlalchemy.orm import Session, contains_eager

from rashomon.store.models import ActorMentionRow, Article, EventRow, PlaceRow, StatementRow
from rashomon.web.params import Filters, Paging

T = TypeVar("T")
# Most names offered in a filter's suggestion list: enough for a conflict's main actors.
MAX_SUGGESTIONS = 300

STATEMENT_TEXT = func.substr(
    Article.text, StatementRow.content_start + 1, StatementRow.content_end - StatementRow.content_start
)
EVENT_TEXT = func.substr(Article.text, EventRow.start + 1, EventRow.end - EventRow.start)


def _contains(column: Any, term: str) -> ColumnElement[bool]:
    return column.icontains(term, autoescape=True)  # autoescape: a '%' or '_' typed is literal


def _is_actor(actor: str, id_column: Any, *names: Any) -> ColumnElement[bool]:
    return or_(func.lower(id_column) == actor.lower(), *(_contains(name, actor) for name in names))


def _in_dates(column: Any, f: Filters) -> list[ColumnElement[bool]]:
    conditions = []
    if f.date_from:
        conditions.append(column >= f.date_from)
    if f.date_to:
        # '~' sorts after digits and '-', so date_to "2020-02" keeps every day of February.
        conditions.append(column <= f.date_to + "~")
    return conditions


def _is_event_type(event_type: str) -> ColumnElement[bool]:
    wanted = event_type.lower()
    return or_(
        func.lower(EventRow.plover_type) == wanted,
        func.lower(EventRow.acled_event_type) == wanted,
        func.lower(EventRow.acled_sub_event_type) == wanted,
    )


def _place_named(place: str) -> ColumnElement[bool]:
    return or_(_contains(PlaceRow.name, place), _contains(PlaceRow.resolved_name, place))


def article_conditions(f: Filters, *, search: bool = True) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if f.outlet:
        conditions.append(Article.outlet_name == f.outlet)
    if f.actor:
        mentioned = _is_actor(f.actor, ActorMentionRow.actor_id, ActorMentionRow.name, ActorMentionRow.text)
        conditions.append(exists().where(ActorMentionRow.article_id == Article.id, mentioned))
    if f.place:
        conditions.append(exists().where(PlaceRow.article_id == Article.id, _place_named(f.place)))
    conditions += _in_dates(Article.published_date, f)
    if f.event_type:
        conditions.append(exists().where(EventRow.article_id == Article.id, _is_event_type(f.event_type)))
    if search:
        conditions += [or_(_contains(Article.title, t), _contains(Article.text, t)) for t in f.terms]
    return conditions


def statement_conditions(f: Filters) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if f.outlet:
        conditions.append(Article.outlet_name == f.outlet)
    if f.actor:
        conditions.append(_is_actor(f.actor, StatementRow.speaker_actor_id, StatementRow.speaker_name))
    if f.place:  # a place named inside the statement's content
        inside = (PlaceRow.start >= StatementRow.content_start, PlaceRow.end <= StatementRow.content_end)
        conditions.append(
            exists().where(PlaceRow.article_id == StatementRow.article_id, *inside, _place_named(f.place))
        )
    conditions += _in_dates(func.coalesce(StatementRow.said_on, Article.published_date), f)
    if f.event_type:  # statements that report an event of that type
        conditions.append(
            exists().where(EventRow.reported_by == StatementRow.id, _is_event_type(f.event_type))
        )
    conditions += [_contains(STATEMENT_TEXT, t) for t in f.terms]
    return conditions


def event_conditions(f: Filters) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if f.outlet:
        conditions.append(Article.outlet_name == f.outlet)
    if f.actor:
        conditions.append(
            or_(
                _is_actor(f.actor, EventRow.actor_id, EventRow.actor_name),
                _is_actor(f.actor, EventRow.target_id, EventRow.target_name),
            )
        )
    if f.place:
        conditions.append(_contains(EventRow.location_name, f.place))
    conditions += _in_dates(func.coalesce(EventRow.date_value, Article.published_date), f)
    if f.event_type:
        conditions.append(_is_event_type(f.event_type))
    conditions += [or_(_contains(EVENT_TEXT, t), _contains(EventRow.trigger, t)) for t in f.terms]
    return conditions


def _page(
    session: Session, query: Select[tuple[T]], order: Sequence[Any], paging: Paging
) -> tuple[list[T], int]:
    total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
    rows = session.scalars(query.order_by(*order).limit(paging.limit).offset(paging.offset)).unique()
    return list(rows), total


def page_articles(session: Session, f: Filters, paging: Paging) -> tuple[list[Article], int]:
    """Newest first; undated articles last."""
    query = select(Article).where(*article_conditions(f))
    order = (Article.published_date.is_(None), Article.published_date.desc(), Article.id)
    return _page(session, query, order, paging)


def page_statements(session: Session, f: Filters, paging: Paging) -> tuple[list[StatementRow], int]:
    query = (
        select(StatementRow)
        .join(StatementRow.article)
        .options(contains_eager(StatementRow.article))
        .where(*statement_conditions(f))
    )
    order = (
        Article.published_date.is_(None),
        Article.published_date.desc(),
        Article.id,
        StatementRow.content_start,
    )
    return _page(session, query, order, paging)


def page_events(session: Session, f: Filters, paging: Paging) -> tuple[list[EventRow], int]:
    """Newest first by the event's own date where it has one, else its article's."""
    when = func.coalesce(EventRow.date_value, Article.published_date)
    query = (
        select(EventRow)
        .join(EventRow.article)
        .options(contains_eager(EventRow.article))
        .where(*event_conditions(f))
    )
    return _page(session, query, (when.is_(None), when.desc(), Article.id, EventRow.start), paging)


def matching_article_ids(session: Session, f: Filters) -> set[str] | None:
    """Ids of the articles the filters (not the text search) keep; None when no filter applies."""
    conditions = article_conditions(f, search=False)
    if not conditions:
        return None
    return set(session.scalars(select(Article.id).where(*conditions)))


def counts_by_article(session: Session, column: Any, article_ids: Sequence[str]) -> dict[str, int]:
    """How many rows of `column`'s table each of these articles has."""
    if not article_ids:
        return {}
    query = select(column, func.count()).where(column.in_(article_ids)).group_by(column)
    return {article_id: count for article_id, count in session.execute(query)}


def outlets(session: Session) -> list[str]:
    query = select(Article.outlet_name).where(Article.outlet_name.is_not(None)).distinct()
    return sorted(session.scalars(query), key=str.casefold)


def event_types(session: Session) -> list[str]:
    plover = set(session.scalars(select(EventRow.plover_type).distinct()))
    acled = set(
        session.scalars(select(EventRow.acled_event_type).where(EventRow.acled_event_type.is_not(None)))
    )
    return sorted(plover) + sorted(acled - plover)


def actor_suggestions(session: Session) -> list[tuple[str, str]]:
    """(actor id, name) of the most mentioned actors, for the filter's suggestion list."""
    query = (
        select(ActorMentionRow.actor_id, ActorMentionRow.name)
        .group_by(ActorMentionRow.actor_id, ActorMentionRow.name)
        .order_by(func.count().desc(), ActorMentionRow.actor_id)
        .limit(MAX_SUGGESTIONS)
    )
    return [(actor_id, name) for actor_id, name in session.execute(query)]
