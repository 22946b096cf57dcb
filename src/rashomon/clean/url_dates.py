"""The publication date a page's URL holds ("/2019/06/13/", "/20221102-", "/13-Mar-2019/",
"/2008/aug/12/", "/12-08-2008/").

htmldate reads the year/month/day path forms; the compact forms news sites also use (a day glued to
an article number, a day with a month word) are read here. A URL that gives only "/2019/06/" dates
the month. Nothing after `today` and nothing before the web's news sites is taken.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from htmldate.extractors import extract_url_date
from htmldate.utils import Extractor

from rashomon.clean.dates import MONTHS

# Older dates in a URL are article numbers that happen to look like one.
_EARLIEST_YEAR = 1995

# "/20221102/", "/20231218-title", "/201906131075839457-title": a day at the start of a path part.
_COMPACT_DAY = re.compile(r"(?<=[/_\-])((?:19|20)\d{2})(\d{2})(\d{2})(?=\d{0,12}(?:[/_\-.]|$))")
# "/21-Oct-2020/", "/13-mar-2019-": day, month word, year.
_WORDED_DAY = re.compile(r"/(\d{1,2})[-_]([A-Za-z]{3,9})[-_]((?:19|20)\d{2})(?=[/_\-.]|$)")
# "/2008/aug/12/": year, month word, day.
_YEAR_WORD_DAY = re.compile(r"/((?:19|20)\d{2})/([A-Za-z]{3,9})/(\d{1,2})(?=[/_\-.]|$)")
# "/12-08-2008/": day, month, year with dashes, day first as most of the world's sites write it.
_DASHED_DAY = re.compile(r"/(\d{1,2})-(\d{1,2})-((?:19|20)\d{2})(?=[/_\-.]|$)")
# "/2019/06/" and "/202204/": a month without its day.
_MONTH_PATH = re.compile(r"/((?:19|20)\d{2})/?(\d{2})(?=/)")
# A web archive's address holds its crawl time, then the archived page's own URL.
_ARCHIVED = re.compile(r"^/\w+/\d{14}[a-z_]*/+(?P<inner>.+)$")
_MONTH_WORDS = {word.lower(): number for word, number in MONTHS.items()}


@dataclass(frozen=True)
class UrlDate:
    """A URL's date: `day` is the first day of the month when `precision` is "month"."""

    day: datetime.date
    precision: str  # "day" or "month"
    form: str  # which path form gave it, for the basis


def _checked(year: int, month: int, day: int, today: datetime.date) -> datetime.date | None:
    try:
        found = datetime.date(year, month, day)
    except ValueError:
        return None
    return found if year >= _EARLIEST_YEAR and found <= today else None


def _htmldate_day(url: str, today: datetime.date) -> datetime.date | None:
    options = Extractor(
        False,
        datetime.datetime(today.year, today.month, today.day),
        datetime.datetime(_EARLIEST_YEAR, 1, 1),
        True,
        "%Y-%m-%d",
    )
    found = extract_url_date(url, options)
    return datetime.date.fromisoformat(found) if found else None


def date_from_url(url: str | None, today: datetime.date) -> UrlDate | None:
    """The day (or month) the URL's path names, or None."""
    if not url:
        return None
    try:
        path = unquote(urlsplit(url).path)
    except ValueError:
        return None
    archived = _ARCHIVED.match(path)
    if archived:  # the crawl time only bounds the date; the archived URL may hold it
        inner = archived.group("inner")
        return date_from_url(inner if "//" in inner else "http://" + inner, today)
    day = _htmldate_day(url, today)
    if day is not None:
        return UrlDate(day, "day", "year/month/day path")
    for match in _COMPACT_DAY.finditer(path):
        found = _checked(*map(int, match.groups()), today)
        if found:
            return UrlDate(found, "day", "compact date in path")
    for match in _WORDED_DAY.finditer(path):
        month = _MONTH_WORDS.get(match.group(2).lower())
        found = _checked(int(match.group(3)), month, int(match.group(1)), today) if month else None
        if found:
            return UrlDate(found, "day", "day-month-year in path")
    for match in _YEAR_WORD_DAY.finditer(path):
        month = _MONTH_WORDS.get(match.group(2).lower())
        found = _checked(int(match.group(1)), month, int(match.group(3)), today) if month else None
        if found:
            return UrlDate(found, "day", "year/month-word/day path")
    for match in _DASHED_DAY.finditer(path):
        found = _checked(int(match.group(3)), int(match.group(2)), int(match.group(1)), today)
        if found:
            return UrlDate(found, "day", "day-month-year in path")
    for match in _MONTH_PATH.finditer(path + "/"):
        found = _checked(int(match.group(1)), int(match.group(2)), 1, today)
        if found:
            return UrlDate(found, "month", "year/month path")
    return None
