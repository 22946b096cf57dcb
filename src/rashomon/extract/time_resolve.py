"""Reading one time core (a month-day, a month, a season, a weekday, a year, a relative word, "N units
ago", "the past N units", a duration) for `rashomon.extract.times`: each reader turns the core's
regex groups into bounds resolved against the publication date, or leaves them unresolved."""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

from rashomon.clean.dates import MONTHS, WEEKDAYS
from rashomon.extract import time_patterns as tp
from rashomon.extract.time_calendar import (
    Anchor,
    Bounds,
    Kind,
    Precision,
    Ref,
    add_months,
    choose,
    end_of_month,
    month_span,
    orthodox_easter,
    period,
    shift_date,
    western_easter,
)

_UNIT_PRECISION: dict[str, Precision] = {
    "day": "day", "week": "week", "month": "month", "year": "year", "decade": "decade"
}  # fmt: skip
_NEEDED = {"day": "day", "week": "day", "month": "month", "year": "year", "decade": "year"}


@dataclass(frozen=True)
class Context:
    ref: Ref | None
    mode: str | None  # last | next | this | future | nearest | None (the core's default)

    def anchor(self, needed: str) -> Ref | None:
        """The publication date, if it is known at least as finely as `needed`."""
        return self.ref if self.ref is not None and self.ref.allows(needed) else None


@dataclass(frozen=True)
class Reading:
    precision: Precision
    anchor: Anchor
    bounds: tuple[Bounds, ...] = ()  # one per date; several for a set; empty when unresolved
    kind: Kind = "date"
    duration: str | None = None
    relation: str | None = None  # set by the core itself ("more than a year ago" -> before)
    modifier: str | None = None


Groups = dict[str, str | None]


def norm(words: str) -> str:
    return " ".join(words.lower().split())


def _number(word: str | None) -> int | None:
    """A count word as a number: a missing count is one ("the past year"), "a few" is unknown."""
    if word is None:
        return 1
    return int(word) if word.isdigit() else tp.NUMBERS[norm(word)]


def _day_number(word: str | None) -> int:
    found = re.match(r"\d+", word or "")
    return int(found.group()) if found else 0


def _years(ref: Ref) -> range:
    return range(ref.day.year - 2, ref.day.year + 3)


def _read_month_day(g: Groups, ctx: Context) -> Reading | None:
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
            return Reading("day", "unresolved", kind=kind)
        options = [(y, _safe_date(y, month, days[0])) for y in _years(ref)]
        bounds = [(d, d) for _, d in options if d is not None]
        year = choose(bounds, ref.day, ctx.mode or "lookback")[0].year
    dates = [_safe_date(year, month, day) for day in days]
    if any(d is None for d in dates) or (is_range and dates[0] >= dates[1]):
        return None
    found = [d for d in dates if d is not None]
    spans = ((found[0], found[1]),) if is_range else tuple((d, d) for d in found)
    return Reading("day", anchor, spans, kind=kind)


def _safe_date(year: int, month: int, day: int) -> datetime.date | None:
    try:
        return datetime.date(year, month, day)
    except ValueError:  # "June 31", "February 29" outside leap years
        return None


def _read_month(g: Groups, ctx: Context) -> Reading:
    month = MONTHS[(g["month"] or "").title()]
    if g.get("year"):
        return Reading("month", "absolute", (month_span(int(g["year"] or 0), month),))
    ref = ctx.anchor("month")
    if ref is None:
        return Reading("month", "unresolved")
    options = [month_span(year, month) for year in _years(ref)]
    return Reading("month", "published", (choose(options, ref.day, ctx.mode or "past"),))


def _read_season(g: Groups, ctx: Context) -> Reading:
    first, length = tp.SEASONS[(g["season"] or "").lower()]

    def season(year: int) -> Bounds:
        last = add_months(datetime.date(year, first, 1), length - 1)
        return datetime.date(year, first, 1), end_of_month(last.year, last.month)

    if g.get("year"):
        return Reading("season", "absolute", (season(int(g["year"] or 0)),))
    ref = ctx.anchor("month")
    if ref is None:
        return Reading("season", "unresolved")
    options = [season(year) for year in _years(ref)]
    return Reading("season", "published", (choose(options, ref.day, ctx.mode or "past"),))


def _read_weekday(g: Groups, ctx: Context) -> Reading:
    ref = ctx.anchor("day")
    if ref is None:
        return Reading("day", "unresolved")
    target = WEEKDAYS.index(g["weekday"] or "")
    days = (ref.day + datetime.timedelta(days=k) for k in range(-14, 15))
    options = [(d, d) for d in days if d.weekday() == target]
    return Reading("day", "published", (choose(options, ref.day, ctx.mode or "past"),))


# Holidays dated by a rule, so in any year, beside the years the table lists.
_BY_RULE: dict[str, Callable[[int], datetime.date]] = {
    "easter": western_easter,
    "orthodox_easter": orthodox_easter,
}


@cache
def _holiday_data() -> dict[str, dict[str, str]]:
    """data/holidays.json: 'fixed' (holiday id -> month-day) and 'movable' (id -> {year: value})."""
    return json.loads((resources.files("rashomon.data") / "holidays.json").read_text(encoding="utf-8"))


def _holiday_on(name: str, year: int) -> str | None:
    """The holiday's ISO date (or "start/end") in that year: a fixed one's month-day, a rule's
    date, else the table's; None where the table does not cover the year."""
    data = _holiday_data()
    if name in data["fixed"]:
        return f"{year}-{data['fixed'][name]}"
    if name in _BY_RULE:
        return _BY_RULE[name](year).isoformat()
    return data["movable"].get(name, {}).get(str(year))


def _occurrences(names: Sequence[str], years: Iterable[int]) -> list[tuple[str, str]]:
    return [(str(year), value) for name in names for year in years if (value := _holiday_on(name, year))]


def _holiday_bounds(value: str) -> Bounds:
    first, _, last = value.partition("/")
    return datetime.date.fromisoformat(first), datetime.date.fromisoformat(last or first)


def _holiday_precision(bounds: Bounds) -> Precision:
    """A holiday is a day; a holy month ("during Ramadan") is known to the month."""
    return "day" if (bounds[1] - bounds[0]).days < 7 else "month"


def _read_holiday(g: Groups, ctx: Context) -> Reading:
    """A holiday by name ("Easter", "an Eid truce", "Orthodox Christmas 2023"): its date in the year
    written, else the occurrence nearest to publication (a truce for a holiday is announced ahead)."""
    written = " ".join((g["holiday"] or "").replace("’", "'").split())
    names = tp.HOLIDAYS[written]
    if g.get("year"):
        found = [_holiday_bounds(v) for _, v in _occurrences(names, [int(g["year"] or 0)])]
        if not found:
            return Reading("day", "unresolved")
        return Reading(_holiday_precision(found[0]), "absolute", (found[0],))
    ref = ctx.anchor("month")
    if ref is None:
        return Reading("day", "unresolved")
    year = ref.day.year
    options = [_holiday_bounds(v) for _, v in _occurrences(names, range(year - 1, year + 2))]
    if not options:
        return Reading("day", "unresolved")
    try:
        chosen = choose(options, ref.day, ctx.mode or "nearest")
        return Reading(_holiday_precision(chosen), "published", (chosen,))
    except ValueError:  # "last Easter" before the first year covered
        return Reading("day", "unresolved")


def _read_year(g: Groups, ctx: Context) -> Reading | None:
    if g.get("decade"):
        first = int(g["decade"] or 0)
        decade = (datetime.date(first, 1, 1), datetime.date(first + 9, 12, 31))
        return Reading("decade", "absolute", (decade,))
    first = int(g["year"] or 0)
    second = g.get("year2")
    last = first if not second else int(second) if len(second) == 4 else first // 100 * 100 + int(second)
    if last < first or (second and last == first):
        return None
    spans = ((datetime.date(first, 1, 1), datetime.date(last, 12, 31)),)
    return Reading("year", "absolute", spans, kind="interval" if second else "date")


def _read_relword(g: Groups, ctx: Context) -> Reading:
    words = norm(g["rel"] or "").split()
    head, unit = words[1] if words[0] == "the" else words[0], words[-1]
    step = {"last": -1, "next": 1, "coming": 1}.get(head, 0)
    if unit in ("week", "weekend", "month", "year"):
        precision = "week" if unit == "weekend" else unit
        ref = ctx.anchor("day" if precision == "week" else unit)
        if ref is None:
            return Reading(precision, "unresolved")
        lo, hi = period(ref.day, unit, step)
        bounds = (lo, ref.day) if head == "earlier" else (ref.day, hi) if head == "later" else (lo, hi)
        return Reading(precision, "published", (bounds,))
    offset = {"yesterday": -1, "tomorrow": 1}.get(unit, step) - (1 if "before" in words else 0)
    modifier = "night" if unit in ("tonight", "night") else unit if unit in tp.MODIFIERS else None
    ref = ctx.anchor("day")
    if ref is None:
        return Reading("day", "unresolved", modifier=modifier)
    day = ref.day + datetime.timedelta(days=offset)
    return Reading("day", "published", ((day, day),), modifier=modifier)


def _read_ago(g: Groups, ctx: Context) -> Reading:
    unit, count = (g["unit"] or "").lower(), _number(g["num"])
    approx = tp.MODIFIERS[norm(g["approx"])] if g.get("approx") else None
    relation = {"more than": "before", "less than": "after"}.get(approx or "")
    modifier = approx or ("about" if count is None else None)
    ref = ctx.anchor(_NEEDED[unit])
    if ref is None:
        return Reading(_UNIT_PRECISION[unit], "unresolved", relation=relation, modifier=modifier)
    day = shift_date(ref.day, unit, -(count or 3))  # "a few days ago": about three
    return Reading(_UNIT_PRECISION[unit], "published", ((day, day),), relation=relation, modifier=modifier)


def _read_past_n(g: Groups, ctx: Context) -> Reading:
    """ "the past four years", "the next two days", "in recent weeks" (no count: about three)."""
    unit = (g["unit"] or "").lower()
    count = None if g["num"] is None and g["plural"] else _number(g["num"])
    forward = (g["dir"] or g["dir2"] or "").lower() in ("next", "coming")
    modifier = "about" if count is None else None
    ref = ctx.anchor(_NEEDED[unit])
    if ref is None:
        return Reading(_UNIT_PRECISION[unit], "unresolved", kind="interval", modifier=modifier)
    other = shift_date(ref.day, unit, (count or 3) * (1 if forward else -1))
    bounds = (ref.day, other) if forward else (other, ref.day)
    return Reading(_UNIT_PRECISION[unit], "published", (bounds,), kind="interval", modifier=modifier)


def _read_duration(g: Groups, ctx: Context) -> Reading:
    bare = g.get("bare")
    unit = bare.lower()[:-1] if bare else (g["unit"] or "").lower()
    count = None if bare else _number(g["num"])
    amount = "X" if count is None else str(count * (10 if unit == "decade" else 1))
    letter = {"day": "D", "week": "W", "month": "M"}.get(unit, "Y")
    return Reading(_UNIT_PRECISION[unit], "absolute", kind="duration", duration=f"P{amount}{letter}")


READERS: dict[str, Callable[[Groups, Context], Reading | None]] = {
    "md_set": _read_month_day, "md_range": _read_month_day, "dm_range": _read_month_day,
    "md": _read_month_day, "dm": _read_month_day, "my": _read_month, "month": _read_month,
    "season": _read_season, "decade": _read_year, "year_range": _read_year, "year": _read_year,
    "holiday": _read_holiday, "weekday": _read_weekday, "relword": _read_relword, "ago": _read_ago,
    "past_n": _read_past_n,
    "duration": _read_duration,
}  # fmt: skip
