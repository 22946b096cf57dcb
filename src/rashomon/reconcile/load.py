"""Build reconcile records from an open store: read-only queries over the per-article tables.

Places carry their first-level region, so that a town and the province it lies in can be compared.
The store keeps it since migration 0008; rows stored before have none, and their region is looked up
in the gazetteer, which is then loaded (about five seconds) on the first such row. Pass
`regions=None` to go without regions for those rows.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import cache
from typing import TypeVar

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from rashomon.clean.headline import body_text
from rashomon.language_data import load_language_data
from rashomon.reconcile.records import ArticleFacts, DateSpan, EventFacts, PlaceRef, ordinal, parse_date
from rashomon.store.models import ActorMentionRow, Article, EventRow, PlaceRow, StatementRow

ArticleChild = TypeVar("ArticleChild", PlaceRow, EventRow)

# Region of a place: (resolved name, geonameid, country) -> "CC.code" or None.
RegionLookup = Callable[[str, int | None, str | None], str | None]

# Words of the title and of the text's first characters describe what an article is about; the rest
# of a news article is mostly background. 1,200 characters is about the first three paragraphs.
LEAD_CHARS = 1200
STEM = 6  # letters kept of a word: "attack"/"attacks"/"attacked" meet; set by reading the seeds
_WORD = re.compile(r"[^\W\d_]{4,}")
_NEWS_WORDS = frozenset(
    {"said", "says", "told", "according", "added", "statement", "reported", "report", "news", "also",
     "would", "could", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
     "photo", "subscribe", "international", "ministry", "spokesman", "spokeswoman", "official",
     "officials"}
)  # fmt: skip


def content_words(title: str | None, text: str, lead_chars: int = LEAD_CHARS) -> tuple[str, ...]:
    """Stemmed content words of the title and the lead, repeats kept (they weigh as term frequency)."""
    stop_words = _stop_words()
    words = _WORD.findall(f"{title or ''}\n{text[:lead_chars]}".lower())
    return tuple(w[:STEM] for w in words if w not in stop_words and w not in _NEWS_WORDS)


@cache
def _stop_words() -> frozenset[str]:
    return frozenset(load_language_data("stop_words")["stop_words"])


def gazetteer_regions() -> RegionLookup:
    """A cached region lookup backed by the gazetteer, loaded on the first lookup."""
    from rashomon.kb.gazetteer import load_gazetteer

    cache: dict[tuple[str, int | None, str | None], str | None] = {}

    def region(name: str, geonameid: int | None, country: str | None) -> str | None:
        key = (name, geonameid, country)
        if key not in cache:
            found = [
                c
                for c in load_gazetteer().lookup(name)
                if (geonameid is not None and c.geonameid == geonameid)
                or (geonameid is None and c.country == country)
            ]
            cache[key] = found[0].admin_key if found else None
        return cache[key]

    return region


def article_date(article: Article) -> DateSpan | None:
    """Publication date as a span. Without one, what bounds it: a photo caption's date from below, the
    day the copy was retrieved (crawl or fetch time) from above; None when nothing does."""
    span = parse_date(article.published_date) if article.published_precision != "unknown" else None
    if span is not None:
        return span
    lo = ordinal(article.published_not_before) if article.published_not_before else None
    hi = article.retrieved_at.date().toordinal() if article.retrieved_at else None
    return None if lo is None and hi is None else DateSpan(lo, hi)


def _place(row: PlaceRow, regions: RegionLookup | None) -> PlaceRef:
    if row.kind == "country":
        admin1 = None
    elif row.region is not None:
        admin1 = row.region or None  # as resolved ("" for none)
    else:  # stored before the store kept regions
        admin1 = regions(row.resolved_name, row.geonameid, row.country) if regions else None
    return PlaceRef(row.resolved_name, row.geonameid, row.country, admin1, row.kind)


def _unmentioned(row: EventRow, regions: RegionLookup | None) -> PlaceRef:
    """An event place that is no place mention of its article: a region that holds the towns the
    event is told in ("blasts in Jammu and Srinagar", precision 3), else a town."""
    region = None
    if row.location_precision == 3 and regions is not None and row.location_name:
        region = regions(row.location_name, row.geonameid, row.location_country)
    kind = "admin region" if region else "town"
    return PlaceRef(row.location_name or "", row.geonameid, row.location_country, region, kind)


def _analysed_ids(ids: Sequence[str] | None) -> Select[tuple[str]]:
    """The ids of analysed, non-duplicate articles (all, or those in `ids`), as a subquery."""
    query = select(Article.id).where(Article.status == "analysed", Article.duplicate_of.is_(None))
    return query.where(Article.id.in_(list(ids))) if ids is not None else query


def _analysed(session: Session, ids: Sequence[str] | None) -> Iterator[Article]:
    yield from session.scalars(select(Article).where(Article.id.in_(_analysed_ids(ids))).order_by(Article.id))


def _by_article(rows: Iterable[ArticleChild]) -> dict[str, list[ArticleChild]]:
    """Rows grouped by their article, each group in the order read."""
    grouped: dict[str, list[ArticleChild]] = defaultdict(list)
    for row in rows:
        grouped[row.article_id].append(row)
    return grouped


def load_articles(
    session: Session, ids: Sequence[str] | None = None, regions: RegionLookup | None = None
) -> list[ArticleFacts]:
    """Analysed, non-duplicate articles (all, or those in `ids`) as `ArticleFacts`."""
    # One query per table for all the articles (in insertion order, as per article), not one each.
    of_analysed = _analysed_ids(ids)
    actors: dict[str, set[str]] = defaultdict(set)
    mentioned = select(ActorMentionRow.article_id, ActorMentionRow.actor_id)
    for article_id, actor_id in session.execute(mentioned.where(ActorMentionRow.article_id.in_(of_analysed))):
        actors[article_id].add(actor_id)
    literal = select(PlaceRow).where(PlaceRow.article_id.in_(of_analysed), PlaceRow.literal)
    places = _by_article(session.scalars(literal.order_by(PlaceRow.id)))
    out = []
    for article in _analysed(session, ids):
        out.append(
            ArticleFacts(
                id=article.id,
                outlet=article.outlet_name,
                title=article.title,
                date=article_date(article),
                actors=frozenset(actors.get(article.id, ())),
                places=tuple(_place(p, regions) for p in places.get(article.id, ())),
                # The title is counted once: the text starts with it as the headline.
                words=content_words(article.title, body_text(article.title, article.text)),
            )
        )
    return out


def main_place(places: Sequence[PlaceRef]) -> PlaceRef | None:
    """The most mentioned place more specific than a country (ties: the first mentioned)."""
    specific = [p for p in places if p.level >= 2]
    if not specific:
        return None
    counts = Counter((p.geonameid, p.name) for p in specific)
    return max(specific, key=lambda p: counts[(p.geonameid, p.name)])


def load_events(
    session: Session, ids: Sequence[str] | None = None, regions: RegionLookup | None = None
) -> list[EventFacts]:
    """Events of analysed, non-duplicate articles (all, or those of `ids`) as `EventFacts`."""
    of_analysed = _analysed_ids(ids)
    all_places = _by_article(
        session.scalars(select(PlaceRow).where(PlaceRow.article_id.in_(of_analysed)).order_by(PlaceRow.id))
    )
    said = select(StatementRow.id, StatementRow.speaker_name, StatementRow.speaker_actor_id)
    speakers = {
        statement_id: name or actor_id
        for statement_id, name, actor_id in session.execute(
            said.where(StatementRow.article_id.in_(of_analysed))
        )
    }
    # Read in insertion order, then sorted by start: ties keep the order the events were found in.
    events = _by_article(session.scalars(select(EventRow).where(EventRow.article_id.in_(of_analysed))))
    out: list[EventFacts] = []
    for article in _analysed(session, ids):
        places = all_places.get(article.id, [])
        by_gid = {p.geonameid: p for p in places if p.geonameid is not None}
        focus = main_place([_place(p, regions) for p in places if p.literal])
        published = article_date(article)
        for row in sorted(events.get(article.id, ()), key=lambda event: event.start):
            out.append(_event(row, article, published, by_gid, focus, speakers, regions))
    return out


def _event(
    row: EventRow,
    article: Article,
    published: DateSpan | None,
    by_gid: dict[int, PlaceRow],
    focus: PlaceRef | None,
    speakers: dict[str, str | None],
    regions: RegionLookup | None,
) -> EventFacts:
    place = None
    if row.location_name:
        known = by_gid.get(row.geonameid) if row.geonameid is not None else None
        place = _place(known, regions) if known is not None else _unmentioned(row, regions)
    return EventFacts(
        id=row.id,
        article_id=article.id,
        plover_type=row.plover_type,
        outlet=article.outlet_name,
        plover_mode=row.plover_mode,
        actor_id=row.actor_id,
        actor_name=row.actor_name,
        target_id=row.target_id,
        target_name=row.target_name,
        place=place,
        date=parse_date(row.date_value),
        article_date=published,
        fatalities=row.fatalities,
        injured=row.injured,
        negated=row.negated,
        modality=row.modality,
        background=row.background,
        statement_id=row.reported_by,
        speaker=speakers.get(row.reported_by) if row.reported_by else None,
        start=row.start,
        end=row.end,
        trigger=row.trigger,
        article_place=focus,
    )
