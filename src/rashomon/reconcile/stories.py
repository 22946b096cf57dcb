"""Stories: articles about the same developing situation, clustered incrementally.

Single-pass clustering (the classic online "topic detection and tracking" scheme): each article, in
order of publication, joins the most similar story or starts a new one. What an article is about comes
from its content (`story_features`: actors, places, title and lead words, weighted to favour the rare
ones); its date is only a constraint: two dated articles far apart are never in one story, while an
undated article joins on content alone. An article the English pipeline does not read comes with its
names only (`story_foreign`), and one left alone joins the story its content clearly points to.

An article is compared only with stories found through an inverted index of its actors, places and
most distinctive words, bucketed by month for dated stories, and every posting list keeps only its
most recent stories: adding one article costs a bounded number of comparisons whatever the size of the
corpus, and clustering n articles costs O(n log n), the log for the sort.

Similarity is the cosine between the article's features and the story's summed features (its
centroid), so a story is judged by all its members rather than by its closest one. Document
frequencies come from the whole corpus at hand when `observe` is given it, else from the articles
seen so far.

Adding articles never moves an article already placed: `StoryClusterer.add` only places the new one,
and `StoryClusterer.resume` rebuilds the index from stored stories (ids kept) to go on later.
Story ids are "story-" + the id of the article that started it, so reruns on the same input in the
same order give the same ids. A bridging article does not merge two stories (kept simple; stories
are cheap to read side by side and a merge would change ids).
"""

from __future__ import annotations

import datetime
import heapq
import operator
from collections import Counter, defaultdict, deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import repeat

from rashomon.reconcile.records import ArticleFacts, DateSpan
from rashomon.reconcile.story_features import (
    DocumentFrequencies,
    Features,
    FeatureWeights,
    norm,
    raw_features,
)
from rashomon.reconcile.story_foreign import place_name_keys

_INDEXED = ("a:", "p:", "r:")  # actor, place and region features


@dataclass(frozen=True)
class StorySettings:
    # A dated article never joins a story with a dated member more than this many days away: follow-ups
    # come within days, while the next story of the same conflict comes weeks later.
    window_days: int = 10
    # Cosine to the story's centroid needed to join it when both are dated within the window: time
    # agrees, so less shared content is needed.
    join_min: float = 0.1
    # Cosine needed when either side is undated: content alone decides.
    undated_join_min: float = 0.15
    # Stories examined per indexed key and month bucket: bounds the work per article (the most
    # recent ones are kept).
    max_postings: int = 64
    # Cosine between two large stories' centroids above which `settle` merges a story begun in this
    # run into an older one: single-pass placement depends on arrival order, and an early article may
    # have started a story its later neighbours then outgrew. For smaller stories the bar falls
    # towards the join threshold (see `_best_story`).
    merge_min: float = 0.4
    # Stories begun in a run with at most this many articles are settled like a lone article: they
    # join whatever story they pass the one-article join threshold for.
    small_story: int = 2
    # A lone article still alone once settled joins the story it is clearly closest to, under the
    # join threshold: its cosine there at least `lone_min` and `lone_margin` times that to any other
    # story. An article with few words to share (a short page, another language) reaches no threshold
    # made for full English articles, yet its few words can all point to one story.
    lone_min: float = 0.1
    lone_margin: float = 2.0
    # Words of an article put in the index besides its actors and places: its most distinctive ones.
    index_words: int = 8
    weights: FeatureWeights = field(default_factory=FeatureWeights)


@dataclass(frozen=True)
class Story:
    id: str
    title: str | None
    article_ids: tuple[str, ...]
    first: str | None  # ISO day of the earliest dated member's earliest possible date
    last: str | None


@dataclass
class _Open:
    """A story being built: its members, summed features and the span of its dated members."""

    id: str
    title: str | None
    members: list[str] = field(default_factory=list)
    features: Counter[str] = field(default_factory=Counter)
    lo: int | None = None
    hi: int | None = None
    _norm: float | None = None  # cached: every candidate article needs it, only a new member moves it

    def span(self) -> DateSpan | None:
        return None if self.lo is None else DateSpan(self.lo, self.hi)

    def norm(self) -> float:
        if self._norm is None:
            self._norm = norm(self.features)
        return self._norm

    def add_features(self, vector: Features) -> None:
        self.features.update(vector)
        self._norm = None


def story_id_for(article_id: str) -> str:
    return f"story-{article_id.removeprefix('art-')}"


def order_key(article: ArticleFacts) -> tuple[int, int, str]:
    """Dated articles first, by date; then undated ones; ties by id (stable reruns)."""
    day = article.date.mid if article.date else None
    return (0, day, article.id) if day is not None else (1, 0, article.id)


class StoryClusterer:
    """Incremental story clustering; see the module notes."""

    def __init__(self, settings: StorySettings | None = None) -> None:
        self.settings = settings or StorySettings()
        self._stories: dict[str, _Open] = {}
        self._story_of: dict[str, str] = {}
        # Each placed article's own date: a lone article is compared with its whole span (a month, say),
        # not only the middle day its story keeps.
        self._date_of: dict[str, DateSpan | None] = {}
        self._df = DocumentFrequencies()
        self._by_month: dict[tuple[str, int], deque[str]] = defaultdict(self._postings)
        self._recent: dict[str, deque[str]] = defaultdict(self._postings)
        self._fresh: list[str] = []  # stories begun by `add`, in order: only they may be merged
        self._merged_into: dict[str, str] = {}
        self._order: dict[str, int] = {}  # creation rank of the stories begun here

    def _postings(self) -> deque[str]:
        return deque(maxlen=self.settings.max_postings)

    def observe(self, articles: Iterable[ArticleFacts]) -> None:
        """Count document frequencies over the corpus at hand before placing any of it."""
        for article in articles:
            self._df.count(article.id, self._raw(article).keys())

    def add_all(self, articles: Iterable[ArticleFacts]) -> dict[str, str]:
        """Place every article (in `order_key` order); returns article id -> story id."""
        ordered = sorted(articles, key=order_key)
        self.observe(ordered)
        for article in ordered:
            self.add(article)
        self.settle()
        return {a.id: self._story_of[a.id] for a in ordered}

    def add(self, article: ArticleFacts) -> str:
        """Place one article (already placed: its story) and return its story id."""
        if article.id in self._story_of:
            return self._story_of[article.id]
        vector = self._vector(article)
        story = self._best_story(article.date, vector) or self._new_story(article)
        self._attach(story, article, vector)
        return story.id

    def resume(self, story_id: str, members: Sequence[ArticleFacts], title: str | None = None) -> None:
        """Index a stored story (its id and members kept) so that later articles can join it."""
        ordered = sorted(members, key=order_key)
        if not ordered:
            return
        story = self._stories.setdefault(story_id, _Open(story_id, title or ordered[0].title))
        for article in ordered:
            if article.id not in self._story_of:
                self._attach(story, article, self._vector(article))

    def settle(self) -> None:
        """Settle the stories begun since the clusterer was made (or last settled): a lone article (or
        a small story) joins the story it is now close enough to, then each story merges into the most
        similar older story whose centroid is close enough; stored stories only gain members."""
        fresh, self._fresh = self._fresh, []
        # A story of one article (or two) begun here was only that small for want of its neighbours
        # when it came: it joins whatever story (older or newer) it now passes the join threshold for.
        for story_id in fresh:
            story = self._stories.get(story_id)
            if story is None or len(story.members) > self.settings.small_story:
                continue
            # a lone article is compared with its whole date span, a small story with its members' days
            date = self._date_of[story.members[0]] if len(story.members) == 1 else story.span()
            target = self._best_story(date, story.features, exclude=story)
            if target is not None:
                self._merge(story, target)
        for story_id in reversed(fresh):  # the latest first: an older story absorbs it
            story = self._stories.get(story_id)
            if story is None:
                continue
            target = self._best_story(
                story.span(), story.features, len(story.members), exclude=story, older_than=story_id
            )
            if target is not None:
                self._merge(story, target)
        for story_id in fresh:
            story = self._stories.get(story_id)
            if story is not None and len(story.members) == 1:
                target = self._clearly_closest(self._date_of[story.members[0]], self._lone(story), story)
                if target is not None:
                    self._merge(story, target)

    def story_of(self, article_id: str) -> str | None:
        return self._story_of.get(article_id)

    def stories(self) -> list[Story]:
        """The stories, largest first then by id."""
        out = [Story(s.id, s.title, tuple(s.members), _iso(s.lo), _iso(s.hi)) for s in self._stories.values()]
        return sorted(out, key=lambda s: (-len(s.article_ids), s.id))

    # -- features ------------------------------------------------------------------------------------

    def _raw(self, article: ArticleFacts) -> Features:
        return raw_features(article, self.settings.weights)

    def _vector(self, article: ArticleFacts) -> Features:
        raw = self._raw(article)
        self._df.count(article.id, raw.keys())
        weights = self.settings.weights
        vector = self._df.weighted(raw, weights.idf_power, weights.min_documents)
        # Unit length: a long article weighs as much as a short one in its story's centroid.
        size = norm(vector) or 1.0
        return {k: v / size for k, v in vector.items()}

    def _keys(self, vector: Features) -> list[str]:
        """Index keys: actors, places, regions, and the article's most distinctive words; all its words
        when it has no actor or place (a page in another language, known by its names alone)."""
        keys = [k for k in vector if k.startswith(_INDEXED) and not k.startswith("a:category:")]
        words = [(w, k) for k, w in vector.items() if k.startswith("w:")]
        if not keys:
            return [k for _, k in words]
        return keys + [k for _, k in heapq.nlargest(self.settings.index_words, words)]

    # -- placement -----------------------------------------------------------------------------------

    def _candidates(self, date: DateSpan | None, vector: Features) -> list[_Open]:
        found: dict[str, None] = {}
        months = _months(date, self.settings.window_days)
        for key in self._keys(vector):
            if months is None:
                found.update(dict.fromkeys(self._recent[key]))
                continue
            for month in months:
                found.update(dict.fromkeys(self._by_month.get((key, month), ())))
            found.update(dict.fromkeys(self._by_month.get((key, -1), ())))  # undated stories
        live = dict.fromkeys(self._live_id(i) for i in found)
        return [self._stories[i] for i in live]

    def _live_id(self, story_id: str) -> str:
        while story_id in self._merged_into:
            story_id = self._merged_into[story_id]
        return story_id

    def _score(self, vector: Features, size: float, story: _Open) -> float:
        small, large = sorted((vector, story.features), key=len)  # walk the shorter one
        # The same products summed in the same order as a generator over `small.items()` would, in
        # C: the most frequent loop of the stage (~10,000 calls of ~200 terms per 200 articles).
        dot = sum(map(operator.mul, small.values(), map(large.get, small, repeat(0.0))))
        return dot / ((size or 1.0) * (story.norm() or 1.0))

    def _in_window(
        self, date: DateSpan | None, vector: Features, exclude: _Open | None
    ) -> Iterator[tuple[_Open, float, bool]]:
        """The candidate stories the date allows (none more than `window_days` from a dated one),
        each with its cosine to `vector` and whether both sides are dated."""
        size = norm(vector)
        for story in self._candidates(date, vector):
            if story is exclude:
                continue
            span = story.span()
            dated = date is not None and span is not None
            if dated and date.gap(span) > self.settings.window_days:  # type: ignore[union-attr]
                continue
            yield story, self._score(vector, size, story), dated

    def _best_story(
        self,
        date: DateSpan | None,
        vector: Features,
        members: int = 1,
        exclude: _Open | None = None,
        older_than: str | None = None,
    ) -> _Open | None:
        s = self.settings
        best: tuple[float, str] | None = None
        for story, score, dated in self._in_window(date, vector, exclude):
            if older_than is not None and not self._older(story.id, older_than):
                continue
            join = s.join_min if dated else s.undated_join_min
            # Two stories merge at a cosine rising from the join threshold (one article) to `merge_min`
            # as the smaller one grows: a centroid of few articles is as noisy as one article.
            needed = s.merge_min - (s.merge_min - join) / min(members, len(story.members))
            if score >= needed and (best is None or (score, story.id) > best):
                best = (score, story.id)
        return self._stories[best[1]] if best else None

    def _lone(self, story: _Open) -> Features:
        """A lone article's features for `_clearly_closest`. One known by its names alone (a page in
        another language: no actor or place) is compared on the names other articles hold too: its
        own spellings and the people it quotes match nothing and only dilute its cosine. An English
        article's own words are what it is about, and stay."""
        if any(k.startswith(_INDEXED) for k in story.features):
            return story.features
        return self._df.shared(story.features)

    def _clearly_closest(self, date: DateSpan | None, vector: Features, exclude: _Open) -> _Open | None:
        """The story of several articles whose cosine to `vector` is at least `lone_min` and
        `lone_margin` times the next best such story (of the stories the date allows), else None.
        Another lone article is neither a story to be clearly close to (two weak links make no
        story) nor a rival: a page like this one, alone too, is mostly its sibling in another
        language, close to it for the names they share and pointing to the same story."""
        s = self.settings
        scored = [
            (score, story.id)
            for story, score, _ in self._in_window(date, vector, exclude)
            if len(story.members) > 1
        ]
        if not scored:
            return None
        ranked = heapq.nlargest(2, scored)
        best, story_id = ranked[0]
        runner_up = ranked[1][0] if len(ranked) > 1 else 0.0
        clear = best >= s.lone_min and best >= s.lone_margin * runner_up
        return self._stories[story_id] if clear else None

    def _new_story(self, article: ArticleFacts) -> _Open:
        story = _Open(story_id_for(article.id), article.title)
        self._stories[story.id] = story
        self._order[story.id] = len(self._order)
        self._fresh.append(story.id)
        return story

    def _older(self, story_id: str, than: str) -> bool:
        """Stories resumed from the store count as older than any begun here."""
        return self._order.get(story_id, -1) < self._order[than]

    def _merge(self, story: _Open, into: _Open) -> None:
        for article_id in story.members:
            self._story_of[article_id] = into.id
        into.members.extend(story.members)
        into.add_features(story.features)
        for bound in (story.lo, story.hi):
            if bound is not None:
                into.lo = bound if into.lo is None else min(into.lo, bound)
                into.hi = bound if into.hi is None else max(into.hi, bound)
        del self._stories[story.id]
        self._merged_into[story.id] = into.id

    def _attach(self, story: _Open, article: ArticleFacts, vector: Features) -> None:
        story.members.append(article.id)
        story.add_features(vector)
        self._story_of[article.id] = story.id
        self._date_of[article.id] = article.date
        if article.date is not None and article.date.mid is not None:
            day = article.date.mid
            story.lo = day if story.lo is None else min(story.lo, day)
            story.hi = day if story.hi is None else max(story.hi, day)
        months = _months(article.date, 0) or [-1]
        for key in dict.fromkeys([*self._keys(vector), *place_name_keys(article)]):
            recent = self._recent[key]
            if story.id not in recent:
                recent.append(story.id)
            for month in months:
                bucket = self._by_month[(key, month)]
                if story.id not in bucket:
                    bucket.append(story.id)


def cluster_stories(articles: Iterable[ArticleFacts], settings: StorySettings | None = None) -> list[Story]:
    """Stories of a whole set of articles (one clusterer, articles in `order_key` order)."""
    clusterer = StoryClusterer(settings)
    clusterer.add_all(articles)
    return clusterer.stories()


def _months(date: DateSpan | None, slack_days: int) -> list[int] | None:
    """Month indexes (year * 12 + month - 1) the date's middle day lies in, +- slack; None: undated."""
    if date is None or date.mid is None:
        return None

    def month(ordinal: int) -> int:
        day = datetime.date.fromordinal(ordinal)
        return day.year * 12 + day.month - 1

    return sorted({month(date.mid - slack_days), month(date.mid), month(date.mid + slack_days)})


def _iso(ordinal: int | None) -> str | None:
    return None if ordinal is None else datetime.date.fromordinal(ordinal).isoformat()
