"""The plain records that story and incident reconciliation work on, and the date spans they compare.

They are built from the store by `rashomon.reconcile.load`, or by hand in tests: the algorithms in
`stories` and `incidents` never touch SQLAlchemy, so they run on any source of articles and events.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass


@dataclass(frozen=True)
class DateSpan:
    """The days a date may stand for, as proleptic ordinals (inclusive); `None` bounds are open."""

    lo: int | None
    hi: int | None

    def overlaps(self, other: DateSpan, slack: int = 0) -> bool:
        """True when the spans share a day, or come within `slack` days of each other."""
        if self.lo is not None and other.hi is not None and self.lo > other.hi + slack:
            return False
        return not (other.lo is not None and self.hi is not None and other.lo > self.hi + slack)

    def gap(self, other: DateSpan) -> int:
        """Days between the spans (0 when they overlap or a bound is open)."""
        if self.lo is not None and other.hi is not None and self.lo > other.hi:
            return self.lo - other.hi
        if other.lo is not None and self.hi is not None and other.lo > self.hi:
            return other.lo - self.hi
        return 0

    @property
    def width(self) -> int | None:
        return None if self.lo is None or self.hi is None else self.hi - self.lo + 1

    @property
    def mid(self) -> int | None:
        """A representative day: the middle of a closed span, else its one known bound."""
        if self.lo is not None and self.hi is not None:
            return (self.lo + self.hi) // 2
        return self.lo if self.lo is not None else self.hi

    def intersect(self, other: DateSpan) -> DateSpan:
        lo = max((b for b in (self.lo, other.lo) if b is not None), default=None)
        hi = min((b for b in (self.hi, other.hi) if b is not None), default=None)
        return DateSpan(lo, hi)

    def iso(self) -> str | None:
        """ISO 8601: a day, or an interval "a/b" of days; None when both bounds are open."""
        if self.lo is None and self.hi is None:
            return None
        lo = datetime.date.fromordinal(self.lo).isoformat() if self.lo is not None else ".."
        hi = datetime.date.fromordinal(self.hi).isoformat() if self.hi is not None else ".."
        return lo if lo == hi else f"{lo}/{hi}"


def _partial_bounds(value: str) -> tuple[int, int] | None:
    """First and last day of "YYYY", "YYYY-MM" or "YYYY-MM-DD"; None for anything else."""
    parts = value.strip().split("-")
    try:
        numbers = [int(p) for p in parts]
    except ValueError:
        return None
    try:
        if len(numbers) == 1 and len(parts[0]) == 4:
            year = numbers[0]
            return datetime.date(year, 1, 1).toordinal(), datetime.date(year, 12, 31).toordinal()
        if len(numbers) == 2:
            year, month = numbers
            first = datetime.date(year, month, 1)
            last = datetime.date(year + month // 12, month % 12 + 1, 1) - datetime.timedelta(days=1)
            return first.toordinal(), last.toordinal()
        if len(numbers) == 3:
            day = datetime.date(*numbers).toordinal()
            return day, day
    except ValueError:
        return None
    return None


def parse_date(value: str | None) -> DateSpan | None:
    """The span an ISO value stands for: a full or partial date, an interval "a/b" (either end may be
    partial or ".."), or a comma-joined set (its hull). Durations ("P3D") and anything unreadable give
    None: an unknown date, which constrains nothing."""
    if not value:
        return None
    value = value.strip()
    if "/" in value:
        start, _, end = value.partition("/")
        lo = _partial_bounds(start) if start not in ("", "..") else None
        hi = _partial_bounds(end) if end not in ("", "..") else None
        if lo is None and hi is None:
            return None
        return DateSpan(lo[0] if lo else None, hi[1] if hi else None)
    bounds = [b for b in map(_partial_bounds, value.split(",")) if b is not None]
    if not bounds:
        return None
    return DateSpan(min(b[0] for b in bounds), max(b[1] for b in bounds))


def ordinal(day: str) -> int | None:
    """The ordinal of an ISO day "YYYY-MM-DD", else None."""
    bounds = _partial_bounds(day)
    return bounds[0] if bounds and bounds[0] == bounds[1] else None


@dataclass(frozen=True)
class PlaceRef:
    """A place as the gazetteer resolved it. `admin1` is "CC.code" (the first-level region the place
    lies in, or is); `kind` is the gazetteer's (town, admin region, country, site, ...)."""

    name: str
    geonameid: int | None = None
    country: str | None = None
    admin1: str | None = None
    kind: str = "town"

    @property
    def level(self) -> int:
        """How specific: 3 a point inside a region, 2 a region, 1 a country, 0 nothing known."""
        if self.kind == "country":
            return 1
        if self.kind == "admin region":
            return 2
        return 3 if self.geonameid is not None or self.admin1 else (1 if self.country else 0)


@dataclass(frozen=True)
class ArticleFacts:
    """What story clustering needs to know about one article."""

    id: str
    outlet: str | None
    title: str | None
    date: DateSpan | None  # when it was published; None when unknown
    actors: frozenset[str] = frozenset()  # linked actor ids
    places: tuple[PlaceRef, ...] = ()
    words: tuple[str, ...] = ()  # content words of title and lead (see load.content_words)


@dataclass(frozen=True)
class EventFacts:
    """What incident matching needs to know about one per-article event."""

    id: str
    article_id: str
    plover_type: str
    outlet: str | None = None
    plover_mode: str | None = None
    actor_id: str | None = None
    actor_name: str | None = None
    target_id: str | None = None
    target_name: str | None = None
    place: PlaceRef | None = None
    date: DateSpan | None = None  # the event's own date, when the text gives one
    article_date: DateSpan | None = None  # publication date: bounds an undated event from above
    fatalities: int | None = None
    injured: int | None = None
    negated: bool = False
    modality: str = "asserted"  # asserted | future | hypothetical
    background: bool = False
    statement_id: str | None = None  # the statement that reports it; None: the outlet's own voice
    speaker: str | None = None  # that statement's speaker (name, or actor id when unnamed)
    start: int = 0  # span in the article text
    end: int = 0
    trigger: str = ""
    article_place: PlaceRef | None = None  # the article's main specific place, for undated-place events
    # the article's first telling of violence (see `incident_leads`): what the article reports
    lead: bool = False
