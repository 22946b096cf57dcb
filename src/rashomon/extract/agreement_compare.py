"""Comparisons of agreement mentions that need no parse: stated lengths, topics, date values.

Apart from `rashomon.extract.agreements` so that the cross-article stage compares stored mentions
without importing the NLP stack.
"""

from __future__ import annotations

import re
from functools import cache

from rashomon.language_data import load_language_data

# "a 12-hour truce", "the 72-hour humanitarian ceasefire", "a three-day pause": how long it lasts
_LENGTH = re.compile(r"\b(\d+|[a-z]+)[- ](hour|day|week|month)s?\b", re.IGNORECASE)
_HOURS = {"hour": 1, "day": 24, "week": 24 * 7, "month": 24 * 30}


def stated_hours(phrase: str) -> frozenset[int]:
    """How long an agreement's phrase says it lasts, in hours ("a three-day truce": 72)."""
    numbers = _number_words()
    found = set()
    for number, unit in _LENGTH.findall(phrase):
        count = int(number) if number.isdigit() else numbers.get(number.lower())
        if count:
            found.add(count * _HOURS[unit.lower()])
    return frozenset(found)


@cache
def _number_words() -> dict[str, int]:
    return dict(load_language_data("events")["number_words"])


def topics_clash(a_topics: set[str], a_families: set[str], b_topics: set[str], b_families: set[str]) -> bool:
    """Whether two mentions' topics say they are different agreements. A truce's own word says only
    that it is one: "the truce" can be "the humanitarian truce" of the sentence before."""
    if not a_topics or not b_topics or a_topics & b_topics:
        return False
    truces = "ceasefire" in a_families and "ceasefire" in b_families
    return not (truces and "ceasefire" in a_topics | b_topics)


def values_overlap(a: str, b: str) -> bool:
    """ISO values (partial dates or intervals "x/y") overlap once cut to the coarser precision."""
    a_start, _, a_end = a.split(",")[0].partition("/")
    b_start, _, b_end = b.split(",")[0].partition("/")
    return _not_after(a_start, b_end or b_start) and _not_after(b_start, a_end or a_start)


def _not_after(first: str, second: str) -> bool:
    """`first` <= `second`, compared at the coarser of their precisions."""
    n = min(len(first), len(second))
    return first[:n] <= second[:n]
