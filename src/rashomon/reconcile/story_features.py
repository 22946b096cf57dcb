"""What an article is about, as weighted sparse features for story clustering.

An article's features are its linked actors, its places (a town, the region it lies in, or only a
country) and the content words of its title and lead. Each is weighted by kind, by how often the
article repeats it (sublinearly) and by how rare it is in the corpus (IDF), so that the names, places
and terms that set one event apart from another of the same kind weigh most.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise

from rashomon.reconcile.records import ArticleFacts

Features = dict[str, float]


@dataclass(frozen=True)
class FeatureWeights:
    # A shared specific place or named actor says more than a shared word; generic categories
    # ("civilians", "rebels") and countries say little.
    actor: float = 1.0
    category: float = 0.3
    place: float = 1.5
    country: float = 0.5
    word: float = 1.0
    # Two content words in a row ("ins sukanya", "magnitude quake"): more specific than either.
    pair: float = 0.5
    # Exponent of the IDF: above 1 favours the rare terms (names, places, figures) that tell two
    # events of one kind apart over the vocabulary they share.
    idf_power: float = 1.5
    # The IDF counts a corpus of fewer articles as this many, the missing ones holding none of its
    # features. In a run of a dozen reports of one event every word they share is in most of them,
    # and a plain IDF weighs the event's own names ("Barsalogho", "Kakhovka") as it weighs filler,
    # so its reports fall apart into as many stories; in a large corpus the floor changes nothing.
    min_documents: int = 100


# Spellings one name takes in the languages written in the Latin script ("Kakhovka", "Kachowka";
# "Kherson", "Cherson"; "Zelensky", "Selenskyj"), folded to one.
_SPELLINGS = (("sch", "sh"), ("kh", "h"), ("ch", "h"), ("gh", "g"), ("ph", "f"), ("w", "v"), ("z", "s"),
              ("y", "i"), ("j", "i"))  # fmt: skip


def spelling_key(word: str) -> str:
    """A word as story features compare it, with the spelling variants of names folded."""
    for old, new in _SPELLINGS:
        word = word.replace(old, new)
    return word


def raw_features(article: ArticleFacts, weights: FeatureWeights) -> Features:
    """Kind weight x sublinear term frequency of every feature of the article."""
    counts: Counter[str] = Counter()
    kind: dict[str, float] = {}
    for actor in article.actors:
        key = f"a:{actor}"
        counts[key] += 1
        kind[key] = weights.category if actor.startswith("category:") else weights.actor
    for place in article.places:
        if place.level >= 2:
            key = f"p:{place.geonameid or place.name}"
            counts[key] += 1
            kind[key] = weights.place
            if place.admin1:  # a town and its region share this key
                counts[f"r:{place.admin1}"] += 1
                kind[f"r:{place.admin1}"] = weights.place / 2
        elif place.country:
            counts[f"c:{place.country}"] += 1
            kind[f"c:{place.country}"] = weights.country
    words = [spelling_key(w) for w in article.words]
    for word in words:
        counts[f"w:{word}"] += 1
        kind[f"w:{word}"] = weights.word
    for first, second in pairwise(words):
        key = f"b:{first} {second}"
        counts[key] += 1
        kind[key] = weights.pair
    return {k: kind[k] * (1.0 + math.log(n)) for k, n in counts.items()}


class DocumentFrequencies:
    """How many articles hold each feature. Counted once per article, either ahead of placement from
    the whole corpus at hand (better weights for the first articles) or as articles arrive."""

    def __init__(self) -> None:
        self._df: Counter[str] = Counter()
        self._seen: set[str] = set()

    @property
    def documents(self) -> int:
        return len(self._seen)

    def count(self, article_id: str, keys: Iterable[str]) -> None:
        if article_id not in self._seen:
            self._seen.add(article_id)
            self._df.update(keys)

    def shared(self, vector: Features) -> Features:
        """The features of `vector` that some other article holds too."""
        return {k: v for k, v in vector.items() if self._df[k] > 1}

    def weighted(self, raw: Features, idf_power: float, min_documents: int = 0) -> Features:
        n = max(len(self._seen), min_documents)
        return {k: v * (math.log((n + 1) / (self._df[k] + 0.5)) + 1.0) ** idf_power for k, v in raw.items()}


def norm(vector: Features) -> float:
    return math.sqrt(sum(v * v for v in vector.values()))
