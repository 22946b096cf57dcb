"""Calendar arithmetic for `rashomon.extract.times`: months, weeks and periods as (first day, last
day) bounds, picking one occurrence of a recurring period around the publication date, narrowing a
period to its early, mid or late third, and writing bounds as ISO 8601."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Literal

Precision = Literal["day", "week", "month", "season", "year", "decade", "unknown"]
Kind = Literal["date", "interval", "duration", "set"]
Anchor = Literal["published", "absolute", "unresolved"]

LOOK_AHEAD_DAYS = 7  # a year-less month-day up to a week after publication is an announced date
RANK = {"day": 0, "week": 1, "month": 2, "season": 3, "year": 4, "decade": 5, "unknown": 6}
NARROWING = {"early": 0, "start": 0, "mid": 1, "late": 2, "end": 2}
ONE_DAY = datetime.timedelta(days=1)

Bounds = tuple[datetime.date, datetime.date]


@dataclass(frozen=True)
class Ref:
    """The publication date as an anchor: the last day of the published period, and its precision."""

    day: datetime.date
    precision: str

    def allows(self, needed: str) -> bool:
        return RANK[self.precision] <= RANK[needed]


def reference(published: datetime.date | None, precision: str) -> Ref | None:
    """The anchor: the last day of the published day, month or year; None when unknown."""
    if published is None or precision not in ("day", "month", "year"):
        return None
    day = datetime.date(published.year, published.month, published.day)
    if precision == "month":
        day = end_of_month(day.year, day.month)
    elif precision == "year":
        day = datetime.date(day.year, 12, 31)
    return Ref(day, precision)


def end_of_month(year: int, month: int) -> datetime.date:
    following = datetime.date(year + month // 12, month % 12 + 1, 1)
    return following - ONE_DAY


def month_span(year: int, month: int) -> Bounds:
    return datetime.date(year, month, 1), end_of_month(year, month)


def add_months(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return datetime.date(year, month + 1, min(day.day, end_of_month(year, month + 1).day))


def shift_date(day: datetime.date, unit: str, count: int) -> datetime.date:
    if unit in ("day", "week"):
        return day + datetime.timedelta(days=count * (7 if unit == "week" else 1))
    return add_months(day, count * {"month": 1, "year": 12, "decade": 120}[unit])


def week_of(day: datetime.date) -> Bounds:
    monday = day - datetime.timedelta(days=day.weekday())
    return monday, monday + datetime.timedelta(days=6)


def distance(bounds: Bounds, day: datetime.date) -> int:
    lo, hi = bounds
    return 0 if lo <= day <= hi else min(abs((lo - day).days), abs((hi - day).days))


def choose(options: list[Bounds], ref: datetime.date, mode: str) -> Bounds:
    """One occurrence of a recurring period (a month, a weekday) relative to the reference day."""
    if mode == "nearest" or mode == "this":
        return min(options, key=lambda b: (distance(b, ref), -b[0].toordinal()))
    if mode in ("next", "future"):
        after = [b for b in options if (b[0] > ref if mode == "next" else b[1] >= ref)]
        return min(after)
    if mode == "last":
        return max(b for b in options if b[1] < ref)
    limit = ref + datetime.timedelta(days=LOOK_AHEAD_DAYS if mode == "lookback" else 0)
    return max(b for b in options if b[0] <= limit)


def iso(bounds: Bounds) -> str:
    lo, hi = bounds
    if lo == hi:
        return lo.isoformat()
    if lo.day == 1 and hi == end_of_month(hi.year, hi.month):
        if lo.month == 1 and hi.month == 12:
            return str(lo.year) if lo.year == hi.year else f"{lo.year}/{hi.year}"
        first, last = lo.isoformat()[:7], hi.isoformat()[:7]
        return first if first == last else f"{first}/{last}"
    return f"{lo.isoformat()}/{hi.isoformat()}"


def narrow(bounds: Bounds, precision: str, modifier: str | None) -> Bounds:
    """The first, middle or last third of a period for "early", "mid", "late" (year: by months)."""
    third = NARROWING.get(modifier or "")
    if third is None or precision in ("day", "week"):
        return bounds
    lo, hi = bounds
    if precision == "month" and (lo.year, lo.month) == (hi.year, hi.month):  # days 1-10, 11-20, 21-end
        return lo.replace(day=10 * third + 1), hi if third == 2 else lo.replace(day=10 * third + 10)
    if precision == "year" and lo.year == hi.year:
        return month_span(lo.year, 4 * third + 1)[0], month_span(lo.year, 4 * third + 4)[1]
    days = (hi - lo).days + 1
    start = lo + datetime.timedelta(days=days * third // 3)
    return start, lo + datetime.timedelta(days=days * (third + 1) // 3 - 1)


def period(day: datetime.date, unit: str, step: int) -> Bounds:
    """The week, weekend, month or year containing `day`, moved `step` of them back or forward."""
    if unit in ("week", "weekend"):
        monday, sunday = week_of(day + datetime.timedelta(days=7 * step))
        return (sunday - ONE_DAY, sunday) if unit == "weekend" else (monday, sunday)
    if unit == "month":
        moved = add_months(day, step)
        return month_span(moved.year, moved.month)
    return datetime.date(day.year + step, 1, 1), datetime.date(day.year + step, 12, 31)


def first_year_after(day: datetime.date, floor: datetime.date) -> datetime.date:
    """`day` moved by whole years to its first occurrence on or after `floor` (month ends kept)."""
    month_end = day == end_of_month(day.year, day.month)
    years = floor.year - day.year + (1 if (day.month, day.day) < (floor.month, floor.day) else 0)
    moved = add_months(day, 12 * years)
    return end_of_month(moved.year, moved.month) if month_end else moved


# --- Easter by rule (holidays of any year, not only those data/holidays.json lists) -------------


def western_easter(year: int) -> datetime.date:
    """Easter Sunday of the Gregorian calendar (the anonymous Gregorian computus)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    weekday = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 19 * weekday) // 433
    month = (h + weekday - 7 * m + 90) // 25
    day = (h + weekday - 7 * m + 33 * month + 19) % 32
    return datetime.date(year, month, day)


def orthodox_easter(year: int) -> datetime.date:
    """Easter Sunday of the Julian calendar (Meeus), as a Gregorian date."""
    a, b, c = year % 4, year % 7, year % 19
    d = (19 * c + 15) % 30
    e = (2 * a + 4 * b - d + 34) % 7
    month, day = divmod(d + e + 114, 31)
    julian = datetime.date(year, month, day + 1)
    return julian + datetime.timedelta(days=year // 100 - year // 400 - 2)
