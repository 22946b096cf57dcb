"""The reconcile stage, run after the per-article stages of every `analyze`: agreements linked
across articles, stories grown with the new articles, incidents, framing and contradictions rebuilt.
Each part writes in its own transaction; a part that fails leaves the earlier ones stored."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from rashomon.reconcile.agreements import rebuild_agreements
from rashomon.reconcile.contradiction_rules import Contradiction
from rashomon.reconcile.contradictions import SaidInArticles, load_contradictions
from rashomon.reconcile.framing import ArticleFraming, FramingRow, load_framing
from rashomon.reconcile.incidents import cluster_incidents
from rashomon.reconcile.load import RegionLookup, gazetteer_regions, load_articles, load_events
from rashomon.reconcile.records import EventFacts
from rashomon.reconcile.stories import StoryClusterer, order_key
from rashomon.reconcile.story_foreign import load_foreign_articles
from rashomon.store.db import Store
from rashomon.store.models import (
    Article,
    Base,
    ContradictionRow,
    FramingRowModel,
    IncidentRow,
    StoryMemberRow,
    StoryRow,
)


@dataclass(frozen=True)
class ReconcileSummary:
    agreements: int
    stories: int
    incidents: int  # told more than once
    framing_rows: int
    contradictions: int


class Elsewhere(Protocol):
    """Parts of this stage that other processes compute meanwhile, from what the per-article
    stages stored. Each `start_*` returns what hands the result over (None from it: computed here)."""

    def start_framings(self) -> Callable[[], Sequence[ArticleFraming] | None]: ...

    def start_said(self) -> Callable[[], SaidInArticles | None]: ...


def reconcile(store: Store, elsewhere: Elsewhere | None = None) -> ReconcileSummary:
    """Rebuild every cross-article record from what the store holds; `elsewhere` takes on the
    articles' framings and what the contradictions read of each article while this process rebuilds
    the rest. The events are read once, for the incidents and the contradictions."""
    framings = elsewhere.start_framings() if elsewhere is not None else None
    said = elsewhere.start_said() if elsewhere is not None else None  # after the framings
    agreements = rebuild_agreements(store)
    regions = gazetteer_regions()
    with store.session() as session, session.begin():
        story_of = update_stories(session, regions)
    with store.session() as session, session.begin():
        events = load_events(session, regions=regions)
        incidents = rebuild_incidents(session, events, story_of)
    framing = rebuild_framing(store, framings() if framings is not None else None)
    contradictions = rebuild_contradictions(store, said() if said is not None else None, events)
    return ReconcileSummary(agreements, len(set(story_of.values())), incidents, framing, contradictions)


def update_stories(session: Session, regions: RegionLookup) -> dict[str, str]:
    """Place the articles no story holds yet, keeping every stored story and its members as they
    are; returns article id -> story id for all."""
    # Articles in other languages join stories on their names (see story_foreign).
    read = [*load_articles(session, regions=regions), *load_foreign_articles(session)]
    facts = {f.id: f for f in read}
    stored = dict(session.execute(select(StoryMemberRow.article_id, StoryMemberRow.story_id)).all())
    clusterer = StoryClusterer()
    clusterer.observe(facts.values())  # weights from the whole store, not only what came before
    members: dict[str, list[str]] = {}
    for article_id, story_id in stored.items():
        members.setdefault(story_id, []).append(article_id)
    resumed = set()
    for story in session.scalars(select(StoryRow)):
        clusterer.resume(story.id, [facts[a] for a in members.get(story.id, []) if a in facts], story.title)
        resumed.add(story.id)
    new = sorted((f for f in facts.values() if f.id not in stored), key=order_key)
    for article in new:
        clusterer.add(article)
    clusterer.settle()
    for story in clusterer.stories():
        row = StoryRow(id=story.id, title=story.title, first=story.first, last=story.last)
        if story.id in resumed:
            session.merge(row)  # in the session already: no query
        else:
            session.add(row)  # merging would first look it up in the store
    session.flush()
    for article in new:
        story_id = clusterer.story_of(article.id)
        if story_id is not None:
            session.add(StoryMemberRow(article_id=article.id, story_id=story_id))
    story_of = {a: s for a in facts if (s := clusterer.story_of(a)) is not None}
    # A near-duplicate (a reprint, the same wire copy) tells the story of the article it copies.
    copied = Article.duplicate_of.is_not(None)
    copies = session.execute(select(Article.id, Article.duplicate_of).where(copied))
    for article_id, original in copies:
        story_id = story_of.get(original)
        if story_id is not None and article_id not in stored:
            session.add(StoryMemberRow(article_id=article_id, story_id=story_id))
            story_of[article_id] = story_id
    return story_of


def rebuild_incidents(session: Session, events: Sequence[EventFacts], story_of: dict[str, str]) -> int:
    """Replace the incidents: events (`load_events`) told more than once, merged across articles."""
    session.execute(delete(IncidentRow))
    count = 0
    for incident in cluster_incidents(events, story_of):
        if len(incident.event_ids) < 2:
            continue  # a single telling is just its event
        location = dataclasses.asdict(incident.location) if incident.location else None
        session.add(
            IncidentRow(
                id=incident.id,
                plover_type=incident.plover_type,
                date=incident.date,
                location=json.dumps(location, ensure_ascii=False) if location else None,
                event_ids=json.dumps(list(incident.event_ids)),
                article_ids=json.dumps(list(incident.article_ids)),
                outlets=json.dumps(list(incident.outlets), ensure_ascii=False),
                versions=json.dumps([dataclasses.asdict(v) for v in incident.versions], ensure_ascii=False),
            )
        )
        count += 1
    return count


def rebuild_framing(store: Store, framings: Sequence[ArticleFraming] | None = None) -> int:
    rows = load_framing(store, framings=framings)
    _replace_table(store, FramingRowModel, [_framing_values(r) for r in rows])
    return len(rows)


def _replace_table(store: Store, model: type[Base], values: list[dict[str, object]]) -> None:
    """The table's rows replaced in one transaction, written in one executemany."""
    with store.session() as session, session.begin():
        session.execute(delete(model))
        if values:
            session.connection().execute(insert(model.__table__), values)


def _framing_values(row: FramingRow) -> dict[str, object]:
    return {
        "outlet": row.outlet,
        "actor_id": row.actor_id,
        "actor_name": row.actor_name,
        "sector": row.sector,
        "mentions": row.mentions,
        "articles": row.articles,
        "labels": json.dumps(row.labels, ensure_ascii=False),
        "own_labels": json.dumps(row.own_labels, ensure_ascii=False),
        "quoted_labels": json.dumps(row.quoted_labels, ensure_ascii=False),
        "loaded_terms": json.dumps(row.loaded_terms, ensure_ascii=False),
        "side": row.side,
        "distinctive": json.dumps(list(row.distinctive), ensure_ascii=False),
    }


def rebuild_contradictions(
    store: Store, said: SaidInArticles | None = None, events: Sequence[EventFacts] | None = None
) -> int:
    """`said`, `events`: `said_in_articles` and `load_events` of the store, when read already."""
    with store.session() as session:
        found = load_contradictions(session, said=said, events=events)
    _replace_table(store, ContradictionRow, [_contradiction_values(c) for c in found])
    return len(found)


def _contradiction_values(item: Contradiction) -> dict[str, object]:
    return {
        "id": item.id,
        "topic": item.topic,
        "aspect": item.aspect,
        "subject": item.subject,
        "sides": json.dumps([dataclasses.asdict(side) for side in item.sides], ensure_ascii=False),
        "summary": item.summary,
    }
