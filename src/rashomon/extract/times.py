"""Time expressions in an article, normalised against its publication date, with a precision.

Every expression becomes a set of days (one day, a range, several days) or a duration. Rules, kept
simple on purpose:
- A year in the text makes the expression absolute ("in September 2018", "Astana (2017)").
- A weekday is the latest such day on or before publication (the day itself allowed); a month name
  the latest such month on or before the publication month; a year-less month-day ("June 12") falls
  in the publication year unless that puts it more than `LOOK_AHEAD_DAYS` after publication, then in
  the year before (news looks back).
- "last" picks the previous one strictly before publication, "next"/"coming" the first strictly after;
  a future cue earlier in the sentence ("will", "plans to") picks the first on or after publication;
  a deadline ("by", "until") picks the nearest one either way ("by the end of February" in a January
  article is the coming February, in a March article the past one).
- "early"/"the start of", "mid", "late"/"the end of" keep the first, middle or last third of a month
  (days 1-10, 11-20, 21-end), a year (January-April, May-August, September-December), a season or
  a decade. Times of day ("night", "midnight") are kept as a modifier only: nothing is finer than a day.
- "N units ago" is the day N units before publication (the value is that day, the precision says how
  loose it is); "more than ... ago" sets relation "before", "less than ... ago" "after". "the past N
  units" runs from then to publication. "a few"/"several" count as about three.
- The relation comes from the preposition: "since"/"from"/"as of" -> since ("as of" marks when a
  measure takes effect), "by" -> by, "until" -> until, "before", "after", otherwise at.
- Without a publication date (or with one too coarse for the expression) relative expressions are
  kept with anchor "unresolved" and no value.
Only English is known. A text gives regex matches only; a spaCy `Doc` adds its DATE/TIME entities:
bare years and months inside them count as times, and entities no rule reads are kept with
precision "unknown".
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from spacy.tokens import Doc

from rashomon.clean.dates import MONTHS, WEEKDAYS
from rashomon.extract import time_patterns as tp

Precision = Literal["day", "week", "month", "season", "year", "decade", "unknown"]
Kind = Literal["date", "interval", "duration", "set"]
Anchor = Literal["published", "absolute", "unresolved"]

LOOK_AHEAD_DAYS = 7  # a year-less month-day up to a week after publication is an announced date
_RANK = {"day": 0, "week": 1, "month": 2, "season": 3, "year": 4, "decade": 5, "unknown": 6}
_UNIT_PRECISION: dict[str, Precision] = {
    "day": "day", "week": "week", "month": "month", "year": "year", "decade": "decade"
}  # fmt: skip
_NEEDED = {"day": "day", "week": "day", "month": "month", "year": "year", "decade": "year"}
_NARROWING = {"early": 0, "start": 0, "mid": 1, "late": 2, "end": 2}
_DAY_CORES = frozenset({"md", "dm", "md_set", "weekday", "relword"})
_ONE_DAY = datetime.timedelta(days=1)

Bounds = tuple[datetime.date, datetime.date]
Span = tuple[int, int]


@dataclass(frozen=True)
class TimeExpression:
    """A time mentioned in a text. `value` is ISO 8601: a date, possibly partial ("2020-02", "2020"),
    an interval ("2019-04-21/2019-04-30"), several dates joined by commas (kind "set") or a duration
    ("P3D"); None when it cannot be resolved. `start`/`end` index the text, preposition included."""

    text: str
    start: int
    end: int
    value: str | None
    precision: Precision
    kind: Kind
    relation: str  # at | before | after | since | until | by
    anchor: Anchor
    modifier: str | None = None  # early | mid | late | end | start | night | midnight | about | ...


@dataclass(frozen=True)
class _Ref:
    """The publication date as an anchor: the last day of the published period, and its precision."""

    day: datetime.date
    precision: str

    def allows(self, needed: str) -> bool:
        return _RANK[self.precision] <= _RANK[needed]


@dataclass(frozen=True)
class _Context:
    ref: _Ref | None
    mode: str | None  # last | next | this | future | nearest | None (the core's default)

    def anchor(self, needed: str) -> _Ref | None:
        """The publication date, if it is known at least as finely as `needed`."""
        return self.ref if self.ref is not None and self.ref.allows(needed) else None


@dataclass(frozen=True)
class _Reading:
    precision: Precision
    anchor: Anchor
    bounds: tuple[Bounds, ...] = ()  # one per date; several for a set; empty when unresolved
    kind: Kind = "date"
    duration: str | None = None
    relation: str | None = None  # set by the core itself ("more than a year ago" -> before)
    modifier: str | None = None


@dataclass(frozen=True)
class _Candidate:
    name: str
    match: re.Match[str]
    start: int  # the relation word or modifier included
    end: int  # a time-of-day suffix included
    relation_word: str | None
    modifier: str | None


# --- calendar helpers -----------------------------------------------------------------------------


def _month_end(year: int, month: int) -> datetime.date:
    following = datetime.date(year + month // 12, month % 12 + 1, 1)
    return following - _ONE_DAY


def _month(year: int, month: int) -> Bounds:
    return datetime.date(year, month, 1), _month_end(year, month)


def _add_months(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return datetime.date(year, month + 1, min(day.day, _month_end(year, month + 1).day))


def _shift(day: datetime.date, unit: str, count: int) -> datetime.date:
    if unit in ("day", "week"):
        return day + datetime.timedelta(days=count * (7 if unit == "week" else 1))
    return _add_months(day, count * {"month": 1, "year": 12, "decade": 120}[unit])


def _week(day: datetime.date) -> Bounds:
    monday = day - datetime.timedelta(days=day.weekday())
    return monday, monday + datetime.timedelta(days=6)


def _distance(bounds: Bounds, day: datetime.date) -> int:
    lo, hi = bounds
    return 0 if lo <= day <= hi else min(abs((lo - day).days), abs((hi - day).days))


def _choose(options: list[Bounds], ref: datetime.date, mode: str) -> Bounds:
    """One occurrence of a recurring period (a month, a weekday) relative to the reference day."""
    if mode == "nearest" or mode == "this":
        return min(options, key=lambda b: (_distance(b, ref), -b[0].toordinal()))
    if mode in ("next", "future"):
        after = [b for b in options if (b[0] > ref if mode == "next" else b[1] >= ref)]
        return min(after)
    if mode == "last":
        return max(b for b in options if b[1] < ref)
    limit = ref + datetime.timedelta(days=LOOK_AHEAD_DAYS if mode == "lookback" else 0)
    return max(b for b in options if b[0] <= limit)


def _iso(bounds: Bounds) -> str:
    lo, hi = bounds
    if lo == hi:
        return lo.isoformat()
    if lo.day == 1 and hi == _month_end(hi.year, hi.month):
        if lo.month == 1 and hi.month == 12:
            return str(lo.year) if lo.year == hi.year else f"{lo.year}/{hi.year}"
        first, last = lo.isoformat()[:7], hi.isoformat()[:7]
        return first if first == last else f"{first}/{last}"
    return f"{lo.isoformat()}/{hi.isoformat()}"


def _narrow(bounds: Bounds, precision: str, modifier: str | None) -> Bounds:
    """The first, middle or last third of a period for "early", "mid", "late" (year: by months)."""
    third = _NARROWING.get(modifier or "")
    if third is None or precision in ("day", "week"):
        return bounds
    lo, hi = bounds
    if precision == "month" and (lo.year, lo.month) == (hi.year, hi.month):  # days 1-10, 11-20, 21-end
        return lo.replace(day=10 * third + 1), hi if third == 2 else lo.replace(day=10 * third + 10)
    if precision == "year" and lo.year == hi.year:
        return _month(lo.year, 4 * third + 1)[0], _month(lo.year, 4 * third + 4)[1]
    days = (hi - lo).days + 1
    start = lo + datetime.timedelta(days=days * third // 3)
    return start, lo + datetime.timedelta(days=days * (third + 1) // 3 - 1)


# --- reading one core -----------------------------------------------------------------------------

Groups = dict[str, str | None]


def _norm(words: str) -> str:
    return " ".join(words.lower().split())


def _number(word: str | None) -> int | None:
    """A count word as a number: a missing count is one ("the past year"), "a few" is unknown."""
    if word is None:
        return 1
    return int(word) if word.isdigit() else tp.NUMBERS[_norm(word)]


def _day_number(word: str | None) -> int:
    found = re.match(r"\d+", word or "")
    return int(found.group()) if found else 0


def _years(ref: _Ref) -> range:
    return range(ref.day.year - 2, ref.day.year + 3)


def _read_month_day(g: Groups, ctx: _Context) -> _Reading | None:
    month = MONTHS[(g["month"] or "").title()]
    is_range = g.get("day2") is not None
    if g.get("days"):
        days = [int(d) for d in re.findall(r"\d+", g["days"] or "")]
    else:
        days = [_day_number(g["day"])] + ([_day_number(g["day2"])] if is_range else [])
    kind = "interval" if is_range else "set" if len(days) > 1 else "date"
    year, anchor = (int(g["year"]), "absolute") if g.get("year") else (None, "published")
    if year is None:
        ref = ctx.anchor("month")
        if ref is None:
            return _Reading("day", "unresolved", kind=kind)
        options = [(y, _safe_date(y, month, days[0])) for y in _years(ref)]
        bounds = [(d, d) for _, d in options if d is not None]
        year = _choose(bounds, ref.day, ctx.mode or "lookback")[0].year
    dates = [_safe_date(year, month, day) for day in days]
    if any(d is None for d in dates) or (is_range and dates[0] >= dates[1]):
        return None
    found = [d for d in dates if d is not None]
    spans = ((found[0], found[1]),) if is_range else tuple((d, d) for d in found)
    return _Reading("day", anchor, spans, kind=kind)


def _safe_date(year: int, month: int, day: int) -> datetime.date | None:
    try:
        return datetime.date(year, month, day)
    except ValueError:  # "June 31", "February 29" outside leap years
        return None


def _read_month(g: Groups, ctx: _Context) -> _Reading:
    month = MONTHS[(g["month"] or "").title()]
    if g.get("year"):
        return _Reading("month", "absolute", (_month(int(g["year"] or 0), month),))
    ref = ctx.anchor("month")
    if ref is None:
        return _Reading("month", "unresolved")
    options = [_month(year, month) for year in _years(ref)]
    return _Reading("month", "published", (_choose(options, ref.day, ctx.mode or "past"),))


def _read_season(g: Groups, ctx: _Context) -> _Reading:
    first, length = tp.SEASONS[(g["season"] or "").lower()]

    def season(year: int) -> Bounds:
        last = _add_months(datetime.date(year, first, 1), length - 1)
        return datetime.date(year, first, 1), _month_end(last.year, last.month)

    if g.get("year"):
        return _Reading("season", "absolute", (season(int(g["year"] or 0)),))
    ref = ctx.anchor("month")
    if ref is None:
        return _Reading("season", "unresolved")
    options = [season(year) for year in _years(ref)]
    return _Reading("season", "published", (_choose(options, ref.day, ctx.mode or "past"),))


def _read_weekday(g: Groups, ctx: _Context) -> _Reading:
    ref = ctx.anchor("day")
    if ref is None:
        return _Reading("day", "unresolved")
    target = WEEKDAYS.index(g["weekday"] or "")
    days = (ref.day + datetime.timedelta(days=k) for k in range(-14, 15))
    options = [(d, d) for d in days if d.weekday() == target]
    return _Reading("day", "published", (_choose(options, ref.day, ctx.mode or "past"),))


def _read_year(g: Groups, ctx: _Context) -> _Reading | None:
    if g.get("decade"):
        first = int(g["decade"] or 0)
        decade = (datetime.date(first, 1, 1), datetime.date(first + 9, 12, 31))
        return _Reading("decade", "absolute", (decade,))
    first = int(g["year"] or 0)
    second = g.get("year2")
    last = first if not second else int(second) if len(second) == 4 else first // 100 * 100 + int(second)
    if last < first or (second and last == first):
        return None
    spans = ((datetime.date(first, 1, 1), datetime.date(last, 12, 31)),)
    return _Reading("year", "absolute", spans, kind="interval" if second else "date")


def _period(day: datetime.date, unit: str, step: int) -> Bounds:
    """The week, weekend, month or year containing `day`, moved `step` of them back or forward."""
    if unit in ("week", "weekend"):
        monday, sunday = _week(day + datetime.timedelta(days=7 * step))
        return (sunday - _ONE_DAY, sunday) if unit == "weekend" else (monday, sunday)
    if unit == "month":
        moved = _add_months(day, step)
        return _month(moved.year, moved.month)
    return datetime.date(day.year + step, 1, 1), datetime.date(day.year + step, 12, 31)


def _read_relword(g: Groups, ctx: _Context) -> _Reading:
    words = _norm(g["rel"] or "").split()
    head, unit = words[1] if words[0] == "the" else words[0], words[-1]
    step = {"last": -1, "next": 1, "coming": 1}.get(head, 0)
    if unit in ("week", "weekend", "month", "year"):
        precision = "week" if unit == "weekend" else unit
        ref = ctx.anchor("day" if precision == "week" else unit)
        if ref is None:
            return _Reading(precision, "unresolved")
        lo, hi = _period(ref.day, unit, step)
        bounds = (lo, ref.day) if head == "earlier" else (ref.day, hi) if head == "later" else (lo, hi)
        return _Reading(precision, "published", (bounds,))
    offset = {"yesterday": -1, "tomorrow": 1}.get(unit, step) - (1 if "before" in words else 0)
    modifier = "night" if unit in ("tonight", "night") else unit if unit in tp.MODIFIERS else None
    ref = ctx.anchor("day")
    if ref is None:
        return _Reading("day", "unresolved", modifier=modifier)
    day = ref.day + datetime.timedelta(days=offset)
    return _Reading("day", "published", ((day, day),), modifier=modifier)


def _read_ago(g: Groups, ctx: _Context) -> _Reading:
    unit, count = (g["unit"] or "").lower(), _number(g["num"])
    approx = tp.MODIFIERS[_norm(g["approx"])] if g.get("approx") else None
    relation = {"more than": "before", "less than": "after"}.get(approx or "")
    modifier = approx or ("about" if count is None else None)
    ref = ctx.anchor(_NEEDED[unit])
    if ref is None:
        return _Reading(_UNIT_PRECISION[unit], "unresolved", relation=relation, modifier=modifier)
    day = _shift(ref.day, unit, -(count or 3))  # "a few days ago": about three
    return _Reading(_UNIT_PRECISION[unit], "published", ((day, day),), relation=relation, modifier=modifier)


def _read_past_n(g: Groups, ctx: _Context) -> _Reading:
    """ "the past four years", "the next two days", "in recent weeks" (no count: about three)."""
    unit = (g["unit"] or "").lower()
    count = None if g["num"] is None and g["plural"] else _number(g["num"])
    forward = (g["dir"] or g["dir2"] or "").lower() in ("next", "coming")
    modifier = "about" if count is None else None
    ref = ctx.anchor(_NEEDED[unit])
    if ref is None:
        return _Reading(_UNIT_PRECISION[unit], "unresolved", kind="interval", modifier=modifier)
    other = _shift(ref.day, unit, (count or 3) * (1 if forward else -1))
    bounds = (ref.day, other) if forward else (other, ref.day)
    return _Reading(_UNIT_PRECISION[unit], "published", (bounds,), kind="interval", modifier=modifier)


def _read_duration(g: Groups, ctx: _Context) -> _Reading:
    bare = g.get("bare")
    unit = bare.lower()[:-1] if bare else (g["unit"] or "").lower()
    count = None if bare else _number(g["num"])
    amount = "X" if count is None else str(count * (10 if unit == "decade" else 1))
    letter = {"day": "D", "week": "W", "month": "M"}.get(unit, "Y")
    return _Reading(_UNIT_PRECISION[unit], "absolute", kind="duration", duration=f"P{amount}{letter}")


_READERS: dict[str, Callable[[Groups, _Context], _Reading | None]] = {
    "md_set": _read_month_day, "md_range": _read_month_day, "dm_range": _read_month_day,
    "md": _read_month_day, "dm": _read_month_day, "my": _read_month, "month": _read_month,
    "season": _read_season, "decade": _read_year, "year_range": _read_year, "year": _read_year,
    "weekday": _read_weekday, "relword": _read_relword, "ago": _read_ago, "past_n": _read_past_n,
    "duration": _read_duration,
}  # fmt: skip


# --- finding candidates ---------------------------------------------------------------------------


def _marked(text: str, name: str, match: re.Match[str], zones: list[Span], prefixed: bool) -> bool:
    """Whether a core that may not be a time (a bare "May", "2015", "Spring") is marked as one."""
    g = match.groupdict()
    if name == "season" and (g["season"] or "").lower() == "fall" and not g.get("year"):
        return False  # "the fall of Aleppo"
    if name not in tp.NEEDS_MARKER or prefixed or g.get("shift"):
        return True
    if (name == "duration" and not g.get("bare")) or (name == "season" and g.get("year")):
        return True
    start, end = match.span()
    if text[start - 1 : start] == "(" and text[end : end + 1] == ")":
        return True  # "Astana (2017)"
    if tp.JOINED_BEFORE.search(text, max(0, start - 24), start):
        return True  # "from 2015 to 2017", "between January and March"
    return any(lo <= start and end <= hi for lo, hi in zones)


def _candidate(text: str, name: str, match: re.Match[str], zones: list[Span]) -> _Candidate | None:
    prefix = tp.PREFIX.search(text, max(0, match.start() - tp.PREFIX_REACH), match.start())
    relation_word = prefix.group("relation") if prefix else None
    modifier_word = (prefix.group("mod_of") or prefix.group("mod")) if prefix else None
    if not _marked(text, name, match, zones, bool(relation_word or modifier_word)):
        return None
    start = prefix.start() if prefix and (relation_word or modifier_word) else match.start()
    suffix = tp.SUFFIX.match(text, match.end()) if name in _DAY_CORES else None
    end = suffix.end() if suffix else match.end()
    time_of_day = (suffix.group("tod") or suffix.group("tod2")) if suffix else None
    modifier = tp.MODIFIERS[_norm(modifier_word)] if modifier_word else None
    return _Candidate(
        name, match, start, end, relation_word, modifier or (time_of_day.lower() if time_of_day else None)
    )


def _candidates(text: str, zones: list[Span]) -> list[_Candidate]:
    """Every core found, overlapping readings dropped: the longest core wins, then the earliest,
    then the one listed first in the table."""
    found = [
        (order, candidate)
        for order, (name, pattern) in enumerate(tp.CORES)
        for match in pattern.finditer(text)
        if (candidate := _candidate(text, name, match, zones)) is not None
    ]
    found.sort(key=lambda oc: (oc[1].match.start() - oc[1].match.end(), oc[1].match.start(), oc[0]))
    kept: list[_Candidate] = []
    for _, candidate in found:
        start, end = candidate.match.span()
        if all(end <= k.match.start() or start >= k.match.end() for k in kept):
            kept.append(candidate)
    return sorted(kept, key=lambda c: c.match.start())


# --- resolving ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Item:
    expression: TimeExpression
    bounds: tuple[Bounds, ...]
    relation_word: str | None


def _future_context(text: str, start: int) -> bool:
    """A future cue ("will", "plans to") among the words just before, in the same sentence, with no
    reporting verb after it ("Turkey will not leave, Erdogan said on Wednesday" is not future)."""
    sentence = max(text.rfind(mark, 0, start) for mark in ".!?\n") + 1
    window = " ".join(text[sentence:start].split()[-tp.FUTURE_WINDOW_WORDS :])
    cues = list(tp.FUTURE_CUE.finditer(window))
    return bool(cues) and tp.REPORTING.search(window, cues[-1].end()) is None


def _mode(text: str, candidate: _Candidate) -> str | None:
    """How to pick among occurrences: a shift word, then a future cue, then a deadline preposition."""
    shift = candidate.match.groupdict().get("shift")
    if shift:
        return tp.SHIFTS[_norm(shift)]
    if _future_context(text, candidate.start):
        return "future"
    word = _norm(candidate.relation_word or "")
    return "nearest" if tp.RELATIONS.get(word) in ("by", "until") else None


def _item(text: str, candidate: _Candidate, ref: _Ref | None, after: int) -> _Item | None:
    reading = _READERS[candidate.name](candidate.match.groupdict(), _Context(ref, _mode(text, candidate)))
    if reading is None:
        return None
    bounds = tuple(_narrow(b, reading.precision, candidate.modifier) for b in reading.bounds)
    value = reading.duration or ",".join(_iso(b) for b in bounds) or None
    kind = reading.kind
    if kind == "date" and ((value and "/" in value) or (not value and candidate.modifier in _NARROWING)):
        kind = "interval"
    word = candidate.relation_word
    relation = reading.relation or (tp.RELATIONS[_norm(word)] if word else "at")
    start = max(candidate.start, after)
    expression = TimeExpression(
        text=text[start : candidate.end], start=start, end=candidate.end, value=value,
        precision=reading.precision, kind=kind, relation=relation, anchor=reading.anchor,
        modifier=candidate.modifier or reading.modifier,
    )  # fmt: skip
    return _Item(expression, bounds, word)


def _joins(text: str, first: _Item, second: _Item) -> bool:
    """ "from X to Y", "between X and Y", "from X until Y": two times that make one range."""
    kinds = {first.expression.kind, second.expression.kind}
    if _norm(first.relation_word or "") not in ("from", "between") or kinds & {"duration", "set"}:
        return False
    gap = text[first.expression.end : second.expression.start] + (second.relation_word or "")
    return tp.RANGE_JOINER.match(gap) is not None


def _merged(text: str, first: _Item, second: _Item) -> _Item:
    a, b = first.expression, second.expression
    bounds: tuple[Bounds, ...] = ()
    if first.bounds and second.bounds:
        lo, hi = first.bounds[0][0], second.bounds[-1][1]
        if b.anchor == "published":  # "from November to February": the first February after November
            hi = _first_year_after(hi, lo)
        bounds = ((lo, hi),)
    order: tuple[Anchor, ...] = ("unresolved", "published", "absolute")
    anchor = next(x for x in order if x in (a.anchor, b.anchor))
    precision = max(a.precision, b.precision, key=_RANK.__getitem__)
    value = _iso(bounds[0]) if bounds else None
    merged = TimeExpression(text[a.start : b.end], a.start, b.end, value, precision, "interval", "at", anchor)
    return _Item(merged, bounds, None)


def _first_year_after(day: datetime.date, floor: datetime.date) -> datetime.date:
    """`day` moved by whole years to its first occurrence on or after `floor` (month ends kept)."""
    month_end = day == _month_end(day.year, day.month)
    years = floor.year - day.year + (1 if (day.month, day.day) < (floor.month, floor.day) else 0)
    moved = _add_months(day, 12 * years)
    return _month_end(moved.year, moved.month) if month_end else moved


def _merge_ranges(text: str, items: list[_Item]) -> list[_Item]:
    out: list[_Item] = []
    for item in items:
        if out and _joins(text, out[-1], item):
            out[-1] = _merged(text, out[-1], item)
        else:
            out.append(item)
    return out


def _unread_entities(text: str, zones: list[Span], items: list[_Item]) -> list[_Item]:
    """spaCy DATE/TIME entities that no rule read, kept with their preposition and no value."""
    out: list[_Item] = []
    for lo, hi in zones:
        if any(lo < i.expression.end and i.expression.start < hi for i in items):
            continue
        prefix = tp.PREFIX.search(text, max(0, lo - tp.PREFIX_REACH), lo)
        word = prefix.group("relation") if prefix else None
        start = prefix.start() if prefix and word else lo
        relation = tp.RELATIONS[_norm(word)] if word else "at"
        expression = TimeExpression(
            text[start:hi], start, hi, None, "unknown", "date", relation, "unresolved"
        )
        out.append(_Item(expression, (), word))
    return out


def _reference(published: datetime.date | None, precision: str) -> _Ref | None:
    """The anchor: the last day of the published day, month or year; None when unknown."""
    if published is None or precision not in ("day", "month", "year"):
        return None
    day = datetime.date(published.year, published.month, published.day)
    if precision == "month":
        day = _month_end(day.year, day.month)
    elif precision == "year":
        day = datetime.date(day.year, 12, 31)
    return _Ref(day, precision)


def normalise_times(
    doc_or_text: Doc | str, published: datetime.date | None, *, precision_of_published: str = "day"
) -> list[TimeExpression]:
    """Every time expression of a text or spaCy `Doc`, in text order, resolved against `published`
    (known to `precision_of_published`: day, month or year; "unknown" is like None)."""
    text = doc_or_text if isinstance(doc_or_text, str) else doc_or_text.text
    zones: list[Span] = []
    if isinstance(doc_or_text, Doc):
        zones = [(e.start_char, e.end_char) for e in doc_or_text.ents if e.label_ in ("DATE", "TIME")]
    ref = _reference(published, precision_of_published)
    items: list[_Item] = []
    for candidate in _candidates(text, zones):
        item = _item(text, candidate, ref, items[-1].expression.end if items else 0)
        if item is not None:
            items.append(item)
    items = _merge_ranges(text, items)
    items += _unread_entities(text, zones, items)
    return sorted((i.expression for i in items), key=lambda e: e.start)
