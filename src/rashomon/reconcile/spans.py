"""Span look-ups over one article's records (mentions, statements, quotes) in logarithmic time.

A long article carries thousands of mentions and statements, so a scan of all of them for each one
makes the reconcile stage quadratic. `SpanIndex` answers the questions those scans asked, with the
same answers in the same order (the items' original order), for any items: overlapping, nested or
malformed (end before start) ones included.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator, Sequence
from typing import Generic, TypeVar

T = TypeVar("T")


class SpanIndex(Generic[T]):
    """Items with [start, end) spans, sorted by start, with the running maximum of their ends: every
    item that reaches past a point lies at or after the last position whose running maximum does not."""

    def __init__(
        self,
        items: Sequence[T],
        start: Callable[[T], int] = lambda item: item.start,  # type: ignore[attr-defined]
        end: Callable[[T], int] = lambda item: item.end,  # type: ignore[attr-defined]
    ) -> None:
        self.items = items
        spans = [(start(item), end(item)) for item in items]
        # Malformed spans break the running-maximum argument; there are none in practice, so scan them.
        self._odd = [i for i, (s, e) in enumerate(spans) if e < s]
        odd = set(self._odd)
        order = sorted((i for i in range(len(items)) if i not in odd), key=lambda i: spans[i][0])
        self._order = order
        self._starts = [spans[i][0] for i in order]
        self._ends = [spans[i][1] for i in order]
        self._max_end: list[int] = []
        top = -1 << 62
        for e in self._ends:
            top = max(top, e)
            self._max_end.append(top)
        self._spans = spans

    def _reaching(self, before: int, past: int, inclusive: bool) -> Iterator[int]:
        """Positions (in start order) of items starting before `before` (at or before, when
        `inclusive`) whose running maximum of ends is above `past` (at or above when `inclusive`)."""
        position = (bisect_right if inclusive else bisect_left)(self._starts, before) - 1
        while position >= 0:
            top = self._max_end[position]
            if top < past or (top == past and not inclusive):
                break
            yield position
            position -= 1

    def overlapping(self, start: int, end: int) -> list[T]:
        """Items with item.start < end and start < item.end, in their original order."""
        found = [self._order[p] for p in self._reaching(end, start, False) if self._ends[p] > start]
        found += [i for i in self._odd if self._spans[i][0] < end and start < self._spans[i][1]]
        return [self.items[i] for i in sorted(found)]

    def any_overlapping(self, start: int, end: int) -> bool:
        """Whether any item has item.start < end and start < item.end."""
        position = bisect_left(self._starts, end) - 1
        if position >= 0 and self._max_end[position] > start:
            return True
        return any(self._spans[i][0] < end and start < self._spans[i][1] for i in self._odd)

    def containing(self, start: int, end: int) -> list[T]:
        """Items with item.start <= start and end <= item.end, in their original order."""
        found = [self._order[p] for p in self._reaching(start, end, True) if self._ends[p] >= end]
        found += [i for i in self._odd if self._spans[i][0] <= start and end <= self._spans[i][1]]
        return [self.items[i] for i in sorted(found)]

    def within(self, start: int, end: int) -> list[T]:
        """Items with start <= item.start and item.end <= end, in their original order."""
        low = bisect_left(self._starts, start)
        high = bisect_right(self._starts, end)
        found = [self._order[p] for p in range(low, high) if self._ends[p] <= end]
        found += [i for i in self._odd if start <= self._spans[i][0] and self._spans[i][1] <= end]
        return [self.items[i] for i in sorted(found)]


def first_by_key(items: Sequence[T], key: Callable[[T], object]) -> dict[object, T]:
    """The first item (in order) for each key: what `next(i for i in items if key(i) == k)` finds."""
    out: dict[object, T] = {}
    for item in items:
        out.setdefault(key(item), item)
    return out
