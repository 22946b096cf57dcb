"""Dates on a page's own date lines: "Published 13.06.2019 11:21", "Thu 13th June 2019 | 02:55 PM",
"Posted Jun 13, 2019 4:29 am EDT", "26.10.20 11:25", "date 2019-06-13".

Numeric dates are read day first when written with dots or dashes (the order of most of the world's
news sites; a month-first site writes slashes). A slashed date whose two first numbers could both be
a month is ambiguous: both readings are returned and the other evidence chooses. The label before
the date says whether the line gives the publication or a later update. Labels and month names
are the English ones of data/en/ and those of data/page_dates.json for the other languages news
sites print their dates in ("Veröffentlicht am 16.08.2019", "Publié le 11 septembre 2018").
"""

from __future__ import annotations

import datetime
import json
import re
from dataclasses import dataclass
from importlib import resources

from rashomon.clean.dates import find_dates
from rashomon.language_data import load_language_data

_DATING = load_language_data("dating")
_PAGE_DATES = json.loads((resources.files("rashomon.data") / "page_dates.json").read_text(encoding="utf-8"))


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


def _labels(kind: str) -> list[str]:
    return [word for labels in _PAGE_DATES["labels"].values() for word in labels[kind]]


_PUBLISH = re.compile(rf"\b(?:{_alternation(_DATING['publish_labels'] + _labels('publish'))})\b", re.I)
_UPDATE = re.compile(rf"\b(?:{_alternation(_DATING['update_labels'] + _labels('update'))})\b", re.I)
# Month names of every language in data/page_dates.json -> month number (English ones are read by
# rashomon.clean.dates). On a date line they stand with a day and a year, which makes them dates.
_MONTH_NUMBERS: dict[str, int] = {
    word: number
    for months in _PAGE_DATES["months"].values()
    for number, words in enumerate(months, 1)
    for word in words
}
_MONTH_NAME = rf"(?P<month>{_alternation(list(_MONTH_NUMBERS))})\.?"
_WORDED = (
    # "16. August 2019", "11 septembre 2018", "6 de abril de 2022", "14 Eylül 2022"
    re.compile(
        rf"(?<!\w)(?P<day>[0-3]?\d)\.?\s*(?:de\s+)?{_MONTH_NAME}\s*,?\s*(?:de\s+)?(?P<year>(?:19|20)\d{{2}})(?!\d)",
        re.I,
    ),
    # "Avr 6, 2022", "Mär 27, 2018"
    re.compile(rf"(?<!\w){_MONTH_NAME}\s+(?P<day>[0-3]?\d)\s*,?\s+(?P<year>(?:19|20)\d{{2}})(?!\d)", re.I),
)
# A label opening the line, then the date: such a line is a date line whatever follows it.
_LEADING_LABEL = re.compile(rf"^\W*(?:{_PUBLISH.pattern}|{_UPDATE.pattern})\s*(?:on|at)?\s*[:\-–|]?\s*", re.I)

# A day followed by more dashed numbers is a file or cache stamp ("2025-03-28-08-29-11"), not a date line.
_ISO_DAY = re.compile(r"(?<![\d./-])((?:19|20)\d{2})-(\d{1,2})-(\d{1,2})(?![\d]|-\d)")
_ISO_MONTH = re.compile(r"(?<![\d./-])((?:19|20)\d{2})-(\d{2})(?![\d-])")
_NUMERIC = re.compile(r"(?<![\d./:-])(\d{1,2})([./-])(\d{1,2})\2((?:19|20)\d{2}|\d{2})(?![\d]|[./-]\d)")
# Longer lines are story sentences, not date lines (unless a label opens them).
MAX_DATE_LINE_WORDS = 12


@dataclass(frozen=True)
class LineDate:
    """A date read on a line; `alternatives` holds the other reading of an ambiguous numeric date."""

    day: datetime.date
    precision: str  # "day" or "month"
    start: int
    alternatives: tuple[datetime.date, ...] = ()


# The Unix epoch's first day (and its eve west of Greenwich) is a missing time printed as a date.
_EPOCH_DAYS = (datetime.date(1970, 1, 1), datetime.date(1969, 12, 31))


def _date(year: int, month: int, day: int) -> datetime.date | None:
    try:
        found = datetime.date(year, month, day)
    except ValueError:
        return None
    return None if found in _EPOCH_DAYS else found


def _numeric(match: re.Match[str]) -> LineDate | None:
    first, separator, second, year_text = match.groups()
    year = int(year_text) + (2000 if len(year_text) == 2 else 0)
    a, b = int(first), int(second)
    day_first = _date(year, b, a)
    month_first = _date(year, a, b)
    if separator != "/":
        return LineDate(day_first, "day", match.start()) if day_first else None
    readings = [d for d in (day_first, month_first) if d]
    if not readings:
        return None
    others = tuple(d for d in readings[1:] if d != readings[0])
    return LineDate(readings[0], "day", match.start(), others)


# A time run into the date after it by a scraper that joined two elements ("12:5327/01/2025").
_GLUED_TIME = re.compile(r"(?<![\d:])(\d{1,2}:\d{2})(?=\d)")


def read_line_dates(line: str) -> list[LineDate]:
    """Every full date (day, month, year) on the line, in order, plus ISO months ("2022-04")."""
    line = _GLUED_TIME.sub(r"\1 ", line)
    found: list[LineDate] = []
    for match in _ISO_DAY.finditer(line):
        day = _date(*map(int, match.groups()))
        if day:
            found.append(LineDate(day, "day", match.start()))
    for match in _NUMERIC.finditer(line):
        reading = _numeric(match)
        if reading:
            found.append(reading)
    for mention in find_dates(line):
        worded = _date(mention.year, mention.month, mention.day) if mention.year and mention.day else None
        if worded:
            found.append(LineDate(worded, "day", mention.start))
    for pattern in _WORDED:
        for match in pattern.finditer(line):
            month = _MONTH_NUMBERS[match.group("month").lower()]
            day = _date(int(match.group("year")), month, int(match.group("day")))
            if day and not any(f.start == match.start() for f in found):
                found.append(LineDate(day, "day", match.start()))
    for match in _ISO_MONTH.finditer(line):
        month = _date(int(match.group(1)), int(match.group(2)), 1)
        if month:
            found.append(LineDate(month, "month", match.start()))
    return sorted(found, key=lambda d: d.start)


def line_label(line: str, position: int) -> str | None:
    """ "updated" or "published" when such a label stands before the date at `position`, else None.
    The nearest label wins ("Published: 3 May | Updated: 4 May" has one of each)."""
    before = line[:position]
    labels = [(m.end(), "updated") for m in _UPDATE.finditer(before)]
    labels += [(m.end(), "published") for m in _PUBLISH.finditer(before)]
    return max(labels)[1] if labels else None


_OPENING_PUBLISH_LABEL = re.compile(rf"^\W*(?:{_PUBLISH.pattern})", re.I)


def opens_with_publish_label(line: str) -> bool:
    """Whether a publication label opens the line ("Published: ...", "Erschienen am ...")."""
    return bool(_OPENING_PUBLISH_LABEL.match(line)) and not _UPDATE.match(line.lstrip(" \t:-|"))


# A scraper's date label glued to a text's first words ("date 2021-08-28 Blast at the gate ..."): the
# stamp is the page's, read by the date stage from the raw text, not the story's first words.
_GLUED_STAMP = re.compile(
    rf"^\s*(?:{_alternation(_DATING['publish_labels'])})\s*:?\s*"
    r"(?:19|20)\d{2}-\d{2}(?:-\d{2})?[ \t]+(?=\S)",
    re.I,
)


def without_glued_stamp(text: str) -> str:
    """`text` without a date label and ISO date glued to its first words."""
    return _GLUED_STAMP.sub("", text, count=1)


def is_year_filled_stamp(line: str, found: LineDate) -> bool:
    """Whether a glued stamp's day is 1 January: a year alone, filled out to a day by the tool that
    wrote the stamp (a stamp that knows only the month writes "2022-09")."""
    first_of_year = found.precision == "day" and (found.day.month, found.day.day) == (1, 1)
    return first_of_year and bool(_GLUED_STAMP.match(line))


# A full date and a time opening a line are the page's stamp, however long the line the scraper
# ran them into ("21 May 2023 at 00:09 New seven-day ceasefire signed ...").
_OPENING_STAMP = re.compile(
    r"^\W{0,3}[^\n]{0,30}?(?:19|20)\d{2}"
    r"(?:,|\s+at|\s*[-–|])?\s*\d{1,2}:\d{2}(?!\d)"
)
# The stamp's date may follow a weekday ("Monday, 31 July 2006, 05:43 GMT").
_STAMP_START = 12


def is_date_line(line: str) -> bool:
    """A short line that is not a sentence, or a line a date label opens."""
    stripped = line.strip()
    opening_stamp = _OPENING_STAMP.match(stripped)
    if opening_stamp and any(d.start <= _STAMP_START for d in read_line_dates(stripped[:40])):
        return True
    if _LEADING_LABEL.match(stripped) and _LEADING_LABEL.match(stripped).end() > 0:  # type: ignore[union-attr]
        return True
    return len(stripped.split()) <= MAX_DATE_LINE_WORDS and not stripped.endswith((".", "?", "!", '"', "”"))
