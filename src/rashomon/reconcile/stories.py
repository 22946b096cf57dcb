"""Stories: articles about the same developing situation, clustered incrementally.

Single-pass clustering (the classic online "topic detection and tracking" scheme): each article, in
order of publication, joins the most similar open story or starts a new one. An article is compared
only with stories found through an inverted index of its actors, places and title words, bucketed by
month, so adding one article costs a bounded number of comparisons whatever the size of the corpus
(posting lists are capped) and clustering n articles costs O(n log n), the log for the sort.

Similarity is the cosine between the article's weighted features and the story's summed features;
weights are TF x IDF with document frequencies counted as articles arrive (so they never need the whole
corpus). A story accepts articles published within `window_days` of its dated members; undated
articles need a higher similarity, since time gives them no support.

Adding articles never moves an article already placed: `StoryClusterer.add` only places the new one,
and `StoryClusterer.resume` rebuilds the index from stored stories (ids kept) to go on later.
Story ids are "story-" + the id of the article that started it, so reruns on the same input in the
same order give the same ids. A bridging article does not merge two stories (kept simple; stories
are cheap to read side by side and a merge would change ids).
"""

from __future__ import annotations

import datetime
import math
from collections import Counter, defaultdict, deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from rashomon.reconcile.records import ArticleFacts, DateSpan

Features = dict[str, float]


@dataclass(frozen=True)
class StorySettings:
    # An article joins a story with a dated member at most this many days before or after it. Chosen
    # on the invented set: its stories span up to four days, distinct stories of one conflict lie
    # two to six weeks apart; 10 days keeps follow-ups and separates those.
    window_days: int = 10
    # Cosine needed to join a story. Chosen on the invented set and the seeds (bench/clustering_eval.py):
    # same-story pairs score 0.25-0.6, different stories of one conflict 0.05-0.2.
    join_min: float = 0.15
    # Undated articles: no time evidence, so more shared content is needed (same bench).
    undated_join_min: float = 0.4
    # Stories examined per indexed key and month bucket: bounds the work per article (the most
    # recent ones are kept; 64 is far above what the benches need and still constant).
    max_postings: int = 64
    # Feature weights before IDF: a shared specific place or named actor says more than a shared word;
    # generic categories ("civilians", "rebels") and countries say little. Set by reading the seeds.
    actor_weight: float = 1.0
    category_weight: float = 0.3
    place_weight: float = 1.5
    country_weight: float = 0.5
    word_weight: float = 1.0


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
            self._norm = math.sqrt(sum(v * v for v in self.features.values()))
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
        self._df: Counter[str] = Counter()
        self._docs = 0
        self._by_month: dict[tuple[str, int], deque[str]] = defaultdict(self._postings)
        self._recent: dict[str, deque[str]] = defaultdict(self._postings)

    def _postings(self) -> deque[str]:
        return deque(maxlen=self.settings.max_postings)

    def add_all(self, articles: Iterable[ArticleFacts]) -> dict[str, str]:
        """Place every article (in `order_key` order); returns article id -> story id."""
        return {a.id: self.add(a) for a in sorted(articles, key=order_key)}

    def add(self, article: ArticleFacts) -> str:
        """Place one article (already placed: its story) and return its story id."""
        if article.id in self._story_of:
            return self._story_of[article.id]
        raw = self._raw_features(article)
        self._docs += 1
        self._df.update(raw.keys())
        vector = self._weighted(raw)
        best = self._best_story(article, vector)
        story = best or self._new_story(article)
        self._attach(story, article, vector)
        return story.id

    def resume(self, story_id: str, members: Sequence[ArticleFacts], title: str | None = None) -> None:
        """Index a stored story (its id and members kept) so that later articles can join it."""
        ordered = sorted(members, key=order_key)
        if not ordered:
            return
        story = self._stories.setdefault(story_id, _Open(story_id, title or ordered[0].title))
        for article in ordered:
            if article.id in self._story_of:
                continue
            raw = self._raw_features(article)
            self._docs += 1
            self._df.update(raw.keys())
            self._attach(story, article, self._weighted(raw))

    def story_of(self, article_id: str) -> str | None:
        return self._story_of.get(article_id)

    def stories(self) -> list[Story]:
        """The stories, largest first then by id."""
        out = [Story(s.id, s.title, tuple(s.members), _iso(s.lo), _iso(s.hi)) for s in self._stories.values()]
        return sorted(out, key=lambda s: (-len(s.article_ids), s.id))

    # -- features ------------------------------------------------------------------------------------

    def _raw_features(self, article: ArticleFacts) -> Features:
        s = self.settings
        counts: Counter[str] = Counter()
        weight: dict[str, float] = {}
        for actor in article.actors:
            key = f"a:{actor}"
            counts[key] += 1
            weight[key] = s.category_weight if actor.startswith("category:") else s.actor_weight
        for place in article.places:
            if place.level >= 2:
                key = f"p:{place.geonameid or place.name}"
                counts[key] += 1
                weight[key] = s.place_weight
                if place.admin1:  # a town and its region share this key
                    counts[f"r:{place.admin1}"] += 1
                    weight[f"r:{place.admin1}"] = s.place_weight / 2
            elif place.country:
                counts[f"c:{place.country}"] += 1
                weight[f"c:{place.country}"] = s.country_weight
        for word in article.words:
            counts[f"w:{word}"] += 1
            weight[f"w:{word}"] = s.word_weight
        # Repeats count with diminishing returns (sublinear TF).
        return {k: weight[k] * (1.0 + math.log(n)) for k, n in counts.items()}

    def _weighted(self, raw: Features) -> Features:
        n = self._docs
        return {k: v * (math.log((n + 1) / (self._df[k] + 0.5)) + 1.0) for k, v in raw.items()}

    @staticmethod
    def _keys(vector: Features) -> list[str]:
        """Index keys: actors, places and regions (words only when nothing else is known)."""
        keys = [k for k in vector if not k.startswith(("w:", "c:", "a:category:"))]
        return keys or [k for k in vector if k.startswith("w:")]

    # -- placement -----------------------------------------------------------------------------------

    def _candidates(self, article: ArticleFacts, vector: Features) -> list[_Open]:
        found: dict[str, None] = {}
        months = _months(article.date, self.settings.window_days)
        for key in self._keys(vector):
            if months is None:
                found.update(dict.fromkeys(self._recent[key]))
                continue
            for month in months:
                found.update(dict.fromkeys(self._by_month.get((key, month), ())))
            found.update(dict.fromkeys(self._by_month.get((key, -1), ())))  # undated stories
        return [self._stories[i] for i in found]

    def _best_story(self, article: ArticleFacts, vector: Features) -> _Open | None:
        s = self.settings
        best: tuple[float, str] | None = None
        norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
        for story in self._candidates(article, vector):
            span = story.span()
            dated = article.date is not None and span is not None
            if dated and article.date.gap(span) > s.window_days:  # type: ignore[union-attr]
                continue
            dot = sum(w * story.features.get(k, 0.0) for k, w in vector.items())
            score = dot / (norm * (story.norm() or 1.0))
            needed = s.join_min if dated else s.undated_join_min
            if score >= needed and (best is None or (score, story.id) > best):
                best = (score, story.id)
        return self._stories[best[1]] if best else None

    def _new_story(self, article: ArticleFacts) -> _Open:
        story = _Open(story_id_for(article.id), article.title)
        self._stories[story.id] = story
        return story

    def _attach(self, story: _Open, article: ArticleFacts, vector: Features) -> None:
        story.members.append(article.id)
        story.add_features(vector)
        self._story_of[article.id] = story.id
        if article.date is not None and article.date.mid is not None:
            day = article.date.mid
            story.lo = day if story.lo is None else min(story.lo, day)
            story.hi = day if story.hi is None else max(story.hi, day)
        months = _months(article.date, 0) or [-1]
        for key in self._keys(vector):
            self._recent[key].append(story.id)
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
