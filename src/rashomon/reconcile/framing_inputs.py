"""What framing and outlet echo read: one article's outlet, text, actor mentions and statements.

Plain records, so the reconcile functions run on hand-made values in tests, on the pipeline's
results (`article_from_nlp`) or on what a store holds (`articles_from_store`, read-only).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, selectinload

from rashomon.store.models import Article, StoryMemberRow

if TYPE_CHECKING:
    from rashomon.kb.linking import ActorMention
    from rashomon.nlp.pipeline import NlpResult
    from rashomon.store.db import Store

# Event types whose doer is an armed actor of the story (PLOVER codes): an assault, a fight.
VIOLENT_EVENT_TYPES = frozenset({"ASSAULT"})

UNKNOWN_OUTLET = "unknown"  # articles whose outlet could not be identified are pooled under this name


@dataclass(frozen=True)
class ActorSpan:
    """An actor mention: the span it covers and how the linker linked it (rashomon.kb.linking)."""

    start: int
    end: int
    actor_id: str
    name: str
    kind: str  # known | pattern | category | discovered
    label: str | None = None  # the alias or pack term the linker matched ("regime", "terrorists")
    sector: str | None = None


@dataclass(frozen=True)
class Said:
    """An attributed statement: its content span, who said it and what kind of claim it is."""

    id: str
    start: int
    end: int
    speaker: str | None
    actor_id: str | None
    claim_type: str  # assert | accuse | deny | reject | criticize | ...
    mode: str = "indirect"  # direct | indirect | mixed
    cue: str | None = None
    target: str | None = None  # who it is about, as written ("Turkey", "that assertion")
    relayed_by: str | None = None
    source: tuple[int, int] | None = None  # the speaker as written in the attribution


@dataclass(frozen=True)
class ArticleInput:
    article_id: str
    outlet: str
    text: str
    actors: tuple[ActorSpan, ...] = ()
    statements: tuple[Said, ...] = ()
    violence: tuple[Violence, ...] = ()  # its violent events


@dataclass(frozen=True)
class Violence:
    """A violent event's doer and target: actor ids and the words naming them."""

    doer_id: str | None
    doer: str
    target_id: str | None
    target: str = ""


def violence_of(
    events: Iterable[tuple[str, str | None, str | None, str | None, str | None]],
) -> tuple[Violence, ...]:
    """The violent events among (event type, doer id, doer, target id, target) rows, as written."""
    return tuple(
        Violence(doer_id, doer or "", target_id, target or "")
        for kind, doer_id, doer, target_id, target in events
        if kind in VIOLENT_EVENT_TYPES and (doer_id or target_id)
    )


def actor_span(mention: ActorMention) -> ActorSpan:
    m = mention
    return ActorSpan(m.start, m.end, m.actor_id, m.name, m.kind, m.label, m.sector)


def article_from_nlp(article_id: str, outlet: str | None, text: str, result: NlpResult) -> ArticleInput:
    """An article analysed by the pipeline (rashomon.nlp.pipeline.analyse_text), not yet stored;
    statement ids follow the store's ("<article id>/st-<n>")."""
    statements = tuple(
        Said(
            id=f"{article_id}/st-{number}",
            start=s.content[0],
            end=s.content[1],
            speaker=s.speaker_name,
            actor_id=s.speaker_actor_id,
            claim_type=s.claim_type,
            mode=s.mode,
            cue=text[s.cue[0] : s.cue[1]] if s.cue else None,
            target=s.target,
            relayed_by=s.relayed_by,
            source=s.source,
        )
        for number, s in enumerate(result.statements, start=1)
    )
    actors = tuple(actor_span(m) for m in result.actors)
    violent = violence_of(
        (
            c.event.plover_type,
            c.actor.actor_id if c.actor else None,
            c.actor.name if c.actor else None,
            c.target.actor_id if c.target else None,
            c.target.name if c.target else None,
        )
        for c in result.events
        if not c.event.negated
    )
    return ArticleInput(article_id, outlet or UNKNOWN_OUTLET, text, actors, statements, violent)


def article_from_row(row: Article) -> ArticleInput:
    """A stored article (its actor mentions and statements loaded)."""
    actors = tuple(
        ActorSpan(m.start, m.end, m.actor_id, m.name, m.kind, m.label, m.sector) for m in row.actor_mentions
    )
    statements = tuple(
        Said(
            id=s.id,
            start=s.content_start,
            end=s.content_end,
            speaker=s.speaker_name,
            actor_id=s.speaker_actor_id,
            claim_type=s.claim_type,
            mode=s.mode,
            cue=s.cue,
            target=s.target,
            relayed_by=s.relayed_by,
            source=(s.source_start, s.source_end) if s.source_start is not None and s.source_end else None,
        )
        for s in row.statements
    )
    outlet = row.outlet_name or row.outlet_domain or UNKNOWN_OUTLET
    violent = violence_of(
        (e.plover_type, e.actor_id, e.actor_name, e.target_id, e.target_name)
        for e in row.events
        if not e.negated
    )
    return ArticleInput(row.id, outlet, row.text, actors, statements, violent)


def articles_from_store(store: Store, part: int = 0, parts: int = 1) -> list[ArticleInput]:
    """Every analysed article of a store (see `articles_from_session`); with `parts`, every
    `parts`-th of them from the `part`-th, and only those are read."""
    with store.session() as session:
        if parts == 1:
            return articles_from_session(session)
        return _articles_by_id(session, _kept_ids(session)[part::parts])


def articles_from_session(session: Session) -> list[ArticleInput]:
    """Every analysed article, in id order. Articles not analysed (too short, another language)
    have no mentions and are left out; so is a near-duplicate of an article of the same outlet
    (counted once), while a copy carried by another outlet counts for that outlet too."""
    rows = list(session.scalars(_with_children(select(Article).where(Article.status == "analysed"))))
    by_id = {row.id: article_from_row(row) for row in rows}
    return [
        article
        for row, article in zip(rows, by_id.values(), strict=True)
        if not _same_outlet_copy(row.duplicate_of, article.outlet, by_id)
    ]


def _with_children(query: Select[tuple[Article]]) -> Select[tuple[Article]]:
    return query.options(
        selectinload(Article.actor_mentions),
        selectinload(Article.statements),
        selectinload(Article.events),
    ).order_by(Article.id)


def _kept_ids(session: Session) -> list[str]:
    """The ids `articles_from_session` keeps, in its order, from the articles' columns alone."""
    columns = select(Article.id, Article.duplicate_of, Article.outlet_name, Article.outlet_domain)
    rows = session.execute(columns.where(Article.status == "analysed").order_by(Article.id)).all()
    outlet = {id_: name or domain or UNKNOWN_OUTLET for id_, _, name, domain in rows}
    return [id_ for id_, original, _, _ in rows if original is None or outlet.get(original) != outlet[id_]]


def _articles_by_id(session: Session, ids: list[str]) -> list[ArticleInput]:
    """The articles of `ids` (in id order)."""
    return [article_from_row(row) for row in rows_by_id(session, ids)]


def rows_by_id(session: Session, ids: Sequence[str], chunk: int = 500) -> Iterator[Article]:
    """The stored articles of `ids` in id order, with their actor mentions, statements and events
    loaded, read a chunk at a time: a database limits the values one statement may bind."""
    for start in range(0, len(ids), chunk):
        query = select(Article).where(Article.id.in_(ids[start : start + chunk]))
        yield from session.scalars(_with_children(query))


def stories_and_sides(store: Store) -> tuple[dict[str, str], dict[str, str]]:
    """Article id -> story id, and outlet -> side (the state it speaks for, else its country, from the
    outlet registry; outlets it does not know have none), as `articles_from_store` names outlets."""
    with store.session() as session:
        story_of = dict(session.execute(select(StoryMemberRow.article_id, StoryMemberRow.story_id)).all())
        rows = session.execute(
            select(
                Article.outlet_name, Article.outlet_domain, Article.outlet_speaks_for, Article.outlet_country
            )
        ).all()
    sides = {}
    for name, domain, speaks_for, country in rows:
        side = speaks_for or country
        if side:
            sides[name or domain or UNKNOWN_OUTLET] = side
    return story_of, sides


def _same_outlet_copy(original: str | None, outlet: str, by_id: dict[str, ArticleInput]) -> bool:
    return original is not None and original in by_id and by_id[original].outlet == outlet


def outlets(articles: Iterable[ArticleInput]) -> list[str]:
    """The outlets of some articles, each once, in first-seen order."""
    return list(dict.fromkeys(a.outlet for a in articles))
