"""Infer when an article was published from weak evidence, with a precision and the evidence used.

Evidence, strongest first:
1. a metadata date (HTML metadata or a JSONL field), unless it lies after `today`;
2. a dateline with a year ("KYIV, March 2, 2022 (AP) -"), or with a month and year only;
3. a year-less month-day (dateline "UNITED NATIONS, February 14. /TASS/." or "on June 13" in the text)
   whose year is fixed by weekday consistency: the weekday named in reporting clauses ("said on
   Friday") must be the weekday of that month-day, in the first year not before the latest year the
   text mentions;
4. photo captions, which date the photo, so they only give a lower bound (`not_before`).

Nothing is dated after `today`, nor after the page was retrieved (a web archive's crawl time): a
page cannot carry a publication date later than the moment it was fetched, so evidence pointing
later is ignored. The retrieval time is only a bound: it never becomes the date itself.

Relative dates ("yesterday", "last week") are deliberately not used: without an anchor they never
give a day. When the evidence does not fix a day, the result says what was seen and why it is not
enough, instead of guessing. The month and weekday words are the English ones of data/en/.

Written dates are read by the patterns here rather than by dateparser, which supplies a missing year
from today and reads a weekday or "yesterday" as a day: this module must know what the text itself
fixes (bench/dates_libraries.py compares the two). HTML pages are dated by htmldate (clean/html.py).
"""

from __future__ import annotations

import datetime
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rashomon.language_data import load_language_data
from rashomon.types import PublishedDate

# Time zones run up to 14 hours ahead of UTC: a page fetched at 23:00 UTC may already carry the
# next day's date where it was published.
_EARLIEST_ZONE = datetime.timedelta(hours=14)

# --- language data: month and weekday words (rashomon/data/<lang>/calendar.json, dating.json) -------

_CALENDAR = load_language_data("calendar")
_DATING = load_language_data("dating")
# Every month word (full name and abbreviations) -> month number, in the data's order.
MONTHS: dict[str, int] = {
    word: number for number, words in enumerate(_CALENDAR["months"], 1) for word in words
}
MONTH_NAMES: tuple[str, ...] = tuple(words[0] for words in _CALENDAR["months"])
WEEKDAYS: tuple[str, ...] = tuple(words[0] for words in _CALENDAR["weekdays"])
ORDINAL_SUFFIXES: tuple[str, ...] = tuple(_CALENDAR["ordinal_suffixes"])

# Verbs and nouns that introduce what a source said; the weekday next to them is the reporting day.
REPORTING_WORDS: tuple[str, ...] = tuple(_DATING["reporting_words"])
# Words that start a new clause: a weekday after them dates that clause's event, not the report
# ("said militants attacked on Tuesday").
_CLAUSE_WORDS: frozenset[str] = frozenset(_DATING["clause_words"])
# Word endings that make a word a clause word too (past tenses: "said troops attacked on Tuesday").
_CLAUSE_ENDINGS: tuple[str, ...] = tuple(_DATING["clause_word_endings"])

# --- regex table ----------------------------------------------------------------------------------


def _in_order(words: Sequence[str]) -> str:
    """A regex alternation in the data's order, spaces matching any whitespace."""
    return "|".join(w.replace(" ", r"\s+") for w in words)


# Month words must be capitalised (Title or UPPER case) so that the verbs "may" and "march" are not
# read as months. Longest first so that "Sept" wins over "Sep" and "June" over "Jun".
_MONTH_WORDS = sorted(MONTHS, key=len, reverse=True)
_MONTH = r"(?P<month>" + "|".join(w for m in _MONTH_WORDS for w in (m, m.upper())) + r")\b\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:" + "|".join(ORDINAL_SUFFIXES) + r")?(?![\d:])"
_YEAR = r"(?P<year>(?:19|20)\d{2})(?!\d)"
_DATE_PATTERNS: tuple[re.Pattern[str], ...] = (
    # "Feb. 3", "March 2, 2022", "January 03,2023"
    re.compile(rf"\b{_MONTH}\s+{_DAY}(?:(?:,\s*|\s+){_YEAR})?"),
    re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR})?"),  # "12 October 2023"
    re.compile(rf"\b{_MONTH},?\s+{_YEAR}"),  # "March 2022": month precision only
)
# A dateline opens a line: one to four capitalised words for the place, optionally ", Country",
# then a comma and the date, then ".", "/", "(" or a dash ("MOSCOW, Feb 3 (Reuters) -").
_PLACE_WORD = r"[A-ZÀ-Ý][^\W\d_]*(?:['’.\-][^\W\d_]+)*\.?"
_PLACE = rf"{_PLACE_WORD}(?:\s+{_PLACE_WORD}){{0,3}}"
# Wire copy filed from two cities joins them with a slash ("ISLAMABAD/NEW DELHI, February 26").
_PLACES = rf"{_PLACE}(?:/{_PLACE})*"
_DATELINE_PLACE = re.compile(rf"^[ \t]*{_PLACES}(?:,\s+{_PLACE})?,\s+", re.MULTILINE)
_DATELINE_END = re.compile(r"\s*(?:[./(:\-—–]|$)")
# Some agencies put the date in brackets after the place ("BANGKOK (July 28):").
_BRACKETED_DATELINE = re.compile(rf"^[ \t]*{_PLACES}\s*\(\s*", re.MULTILINE)
_BRACKETED_END = re.compile(r"\s*\)\s*[:\-—–]")
# Scraped text puts a title, a standfirst and some navigation before the dateline (TASS: 3rd
# paragraph); a "PLACE, Month day." line deeper down is usually a related-story teaser.
_DATELINE_MAX_LINES = 8

_WEEKDAY = r"(?P<wd>" + "|".join(WEEKDAYS) + r")\b"
_REPORT = rf"(?:{_in_order(REPORTING_WORDS)})"
_LEAD = _in_order(_DATING["weekday_leads"])
_LEAD_BEFORE_REPORT = _in_order(_DATING["weekday_leads_before_reporting"])
_END_OF_DAY = _in_order(_DATING["end_of_day_words"])
_WEEKDAY_PATTERNS: tuple[re.Pattern[str], ...] = (
    # "said on Friday", "said Wednesday", "issued late Thursday"
    re.compile(rf"\b{_REPORT}\s+(?:(?:{_LEAD})\s+)?{_WEEKDAY}"),
    # "on Thursday said", "on Thursday also said"
    re.compile(rf"\b(?:{_LEAD_BEFORE_REPORT})\s+{_WEEKDAY}\s+(?:[a-z]+\s+)?{_REPORT}\b"),
    # "late Thursday": wire copy's way of timing a statement issued at the end of a day
    re.compile(rf"\b(?:{_END_OF_DAY})\s+{_WEEKDAY}"),
)
# "told a news briefing in Moscow on Thursday": a reporting word, a few words, "on <weekday>".
_DISTANT_LEAD = _in_order(_DATING["distant_weekday_leads"])
_DISTANT_WEEKDAY = re.compile(
    rf"\b{_REPORT}\s+(?P<between>(?:[\w'’\-]+\s+){{1,6}}?)(?:{_DISTANT_LEAD})\s+{_WEEKDAY}"
)

# Four-digit years, not part of a larger number ("370,000", "12.2019") or an ISO date's tail.
_YEAR_MENTION = re.compile(r"(?<![\d,.\-])((?:19|20)\d{2})(?![\d]|[,.]\d)")
_ISO_DATE = re.compile(r"^\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:[T ]\S*)?\s*$")


@dataclass(frozen=True)
class DateMention:
    """A date written in the text; `day` or `year` is None when the text does not give it."""

    month: int
    day: int | None
    year: int | None
    start: int
    end: int

    def label(self) -> str:
        name = MONTH_NAMES[self.month - 1]
        if self.day is None:
            return f"{name} {self.year}"
        return f"{name} {self.day}" + (f", {self.year}" if self.year is not None else "")


# --- evidence: single kinds -----------------------------------------------------------------------


def _mention_from_match(match: re.Match[str]) -> DateMention | None:
    """A regex match as a DateMention, or None when it names an impossible day ("June 31")."""
    groups = match.groupdict()
    month = MONTHS[match.group("month").title()]
    day = int(groups["day"]) if groups.get("day") else None
    year = int(groups["year"]) if groups.get("year") else None
    check_year = year if year is not None else 2000  # a leap year, so that "February 29" is possible
    try:
        datetime.date(check_year, month, day or 1)
    except ValueError:
        return None
    return DateMention(month, day, year, match.start(), match.end())


def find_dates(text: str) -> list[DateMention]:
    """Every written date in `text`, in order, overlapping readings dropped (the longest wins)."""
    found = [m for pattern in _DATE_PATTERNS for m in map(_mention_from_match, pattern.finditer(text)) if m]
    found.sort(key=lambda m: (m.start, m.start - m.end))
    kept: list[DateMention] = []
    for mention in found:
        if not kept or mention.start >= kept[-1].end:
            kept.append(mention)
    return kept


def find_dateline(body: str) -> DateMention | None:
    """The date of a dateline opening one of the first lines, or None (also for "BEIRUT (AFP) --")."""
    head = "\n".join([line for line in body.splitlines() if line.strip()][:_DATELINE_MAX_LINES])
    found = []
    for opening, ending in ((_DATELINE_PLACE, _DATELINE_END), (_BRACKETED_DATELINE, _BRACKETED_END)):
        for place in opening.finditer(head):
            for pattern in _DATE_PATTERNS:
                match = pattern.match(head, place.end())
                mention = _mention_from_match(match) if match else None
                if mention and ending.match(head, mention.end):
                    found.append(mention)
                    break
    return min(found, key=lambda m: m.start, default=None)


# What closes a dateline's place: a date, or a bracket opening with a capital or a digit (an agency,
# "(July 28)"; not a caption's "(left)"), then the dash or colon that starts the story.
_DATELINE_TAIL = re.compile(
    r"(?:,\s+(?P<date>[A-Z0-9][^()\n]{2,24}?)\s*(?:\([A-Z][^()\n]{0,30}\))?\s*[-—–:]"
    r"|\s*\([A-Z0-9][^()\n]{0,30}\)\s*[-—–:])"
)
_OPENING_PLACE = re.compile(rf"[ \t]*(?P<place>{_PLACE_WORD}(?:\s+{_PLACE_WORD}){{0,3}})(?=/|,|\s*\()")
_CAPS_DATELINE = re.compile(r"^[ \t]*(?P<place>[A-Z][A-Z'’.\-]+(?:\s+[A-Z][A-Z'’.\-]+){0,3})\s+(?:--?|—|–)\s")


def find_dateline_place(text: str) -> tuple[int, int] | None:
    """Where the place of a dateline opening one of the first lines is written ("BOGOTA, Jan 1
    (Reuters) -", "Bogotá (AFP) –", "ISLAMABAD —"): the first place of a slash-joined pair, with no
    country after it; None without a dateline."""
    limit = 0
    for number, line in enumerate(text.splitlines(keepends=True)):
        limit += len(line)
        if number >= 4 * _DATELINE_MAX_LINES:
            break
    lines = [m for m in re.finditer(r"^.*$", text[:limit], re.MULTILINE) if m.group().strip()]
    for line in lines[:_DATELINE_MAX_LINES]:
        caps = _CAPS_DATELINE.match(line.group())
        if caps:
            return line.start() + caps.start("place"), line.start() + caps.end("place")
        place = _OPENING_PLACE.match(line.group())
        if place is None:
            continue
        rest = re.match(rf"(?:/{_PLACE})*(?:,\s+{_PLACE}(?=,|\s*\())?", line.group()[place.end() :])
        tail = _DATELINE_TAIL.match(line.group(), place.end() + (rest.end() if rest else 0))
        if tail and (tail.group("date") is None or _dated(tail.group("date"))):
            return line.start() + place.start("place"), line.start() + place.end("place")
    return None


def _dated(words: str) -> bool:
    """Whether a dateline's words after the place open with a date ("Jan 3", "July 28, 2025")."""
    return any(pattern.match(words) for pattern in _DATE_PATTERNS)


def reporting_weekday(body: str) -> str | None:
    """The weekday named most often in reporting clauses; a tie goes to the earliest mention, as the
    lead sentence carries the main statement (TASS: "said on Friday" before "claimed on Wednesday")."""
    positions: dict[int, str] = {}
    for pattern in _WEEKDAY_PATTERNS:
        for match in pattern.finditer(body):
            positions[match.start("wd")] = match.group("wd")
    for match in _DISTANT_WEEKDAY.finditer(body):
        between = match.group("between").lower().split()
        if not any(w in _CLAUSE_WORDS or w.endswith(_CLAUSE_ENDINGS) for w in between):
            positions[match.start("wd")] = match.group("wd")
    if not positions:
        return None
    counts = Counter(positions.values())
    first_seen = {wd: pos for pos, wd in sorted(positions.items(), reverse=True)}
    return min(counts, key=lambda wd: (-counts[wd], first_seen[wd]))


def latest_year_mentioned(texts: Iterable[str], today: datetime.date) -> int | None:
    """The latest plausible year written in the texts; years after today are forecasts, not dates."""
    years = [int(y) for text in texts for y in _YEAR_MENTION.findall(text)]
    plausible = [y for y in years if 1900 <= y <= today.year]
    return max(plausible, default=None)


def caption_lower_bound(captions: Sequence[str], today: datetime.date) -> datetime.date | None:
    """The latest full date (day, month and year) in the photo captions, not after today."""
    dates = [
        datetime.date(m.year, m.month, m.day)
        for caption in captions
        for m in find_dates(caption)
        if m.year is not None and m.day is not None
    ]
    return max((d for d in dates if d <= today), default=None)


def from_metadata(value: str | None, today: datetime.date) -> PublishedDate | None:
    """An ISO date or datetime ("2020", "2020-02", "2020-02-14T10:00Z"); None if invalid or future."""
    match = _ISO_DATE.match(value or "")
    if not match:
        return None
    year, month, day = (int(g) if g else None for g in match.groups())
    try:
        first_day = datetime.date(year or 0, month or 1, day or 1)
    except ValueError:
        return None
    if first_day > today:
        return None
    if day is not None:
        return PublishedDate(first_day.isoformat(), "day", "metadata")
    if month is not None:
        return PublishedDate(first_day.isoformat()[:7], "month", "metadata")
    return PublishedDate(f"{first_day.year:04d}", "year", "metadata")


def from_dated_dateline(mention: DateMention, today: datetime.date) -> PublishedDate | None:
    """A dateline that carries its year gives the day (or the month) directly, unless in the future."""
    if mention.year is None:
        return None
    first_day = datetime.date(mention.year, mention.month, mention.day or 1)
    if first_day > today:
        return None
    if mention.day is None:
        return PublishedDate(first_day.isoformat()[:7], "month", "dateline")
    return PublishedDate(first_day.isoformat(), "day", "dateline")


def year_by_weekday(
    month_days: Sequence[DateMention],
    weekday: str,
    first_year: int,
    not_before: datetime.date | None,
    today: datetime.date,
) -> datetime.date | None:
    """The earliest year from `first_year` in which a cited month-day falls on `weekday`.

    News names the reporting day both ways ("on Thursday ... on June 13"), so a month-day on the
    reporting weekday is that day. Of two such days in one year, the later one is the newer news.
    """
    target = WEEKDAYS.index(weekday)
    hits: list[datetime.date] = []
    for mention in month_days:
        for year in range(first_year, today.year + 1):
            try:
                day = datetime.date(year, mention.month, mention.day or 1)
            except ValueError:  # February 29 outside leap years
                continue
            if day.weekday() == target and day <= today and (not_before is None or day >= not_before):
                hits.append(day)
                break
    return min(hits, key=lambda d: (d.year, -d.toordinal()), default=None)


# --- combining ------------------------------------------------------------------------------------


def _year_less_month_days(body: str, dateline: DateMention | None) -> tuple[list[DateMention], str]:
    """The month-days that may be the reporting day, and where they come from.

    The dateline's month-day is the reporting day when there is one; otherwise any year-less
    month-day in the text is a candidate.
    """
    if dateline is not None and dateline.day is not None and dateline.year is None:
        return [dateline], "dateline"
    return [m for m in find_dates(body) if m.day is not None and m.year is None], "month-day"


def _weekday_inference(
    body: str,
    dateline: DateMention | None,
    not_before: datetime.date | None,
    today: datetime.date,
    known_year: int | None = None,
) -> tuple[PublishedDate | None, list[str]]:
    """A day fixed by weekday consistency, or None plus the evidence seen (for the basis).
    `known_year` is a year the page fixes outside the text (an "Updated" line's)."""
    month_days, source = _year_less_month_days(body, dateline)
    weekday = reporting_weekday(body)
    labels = list(dict.fromkeys(m.label() for m in month_days))[:3]
    evidence = ([f"weekday {weekday}"] if weekday else []) + [f"{source} {label}" for label in labels]
    if not evidence:
        return None, []
    fixed = (latest_year_mentioned([body], today), not_before and not_before.year, known_year)
    years = [y for y in fixed if y]
    if not years:
        return None, [*evidence, "year undetermined"]
    if weekday is None or not month_days:
        return None, [*evidence, "no " + ("reporting weekday" if weekday is None else "month-day")]
    first_year = max(years)
    found = year_by_weekday(month_days, weekday, first_year, not_before, today)
    if found is None:
        return None, [*evidence, f"no year from {first_year} to {today.year} fits"]
    basis = f"{source} {MONTH_NAMES[found.month - 1]} {found.day} on reporting weekday {weekday}"
    basis += f"; first such year from {first_year}"
    return PublishedDate(found.isoformat(), "day", basis), []


def _utc(moment: datetime.datetime) -> datetime.datetime:
    """`moment` as naive UTC (a naive datetime is taken to be UTC already). A time whose offset
    carries it past the calendar's ends (0001-01-01T05:00+14:00) is held at the end it passed."""
    if moment.tzinfo is None:
        return moment
    try:
        return moment.astimezone(datetime.timezone.utc).replace(tzinfo=None)
    except OverflowError:
        ahead = (moment.utcoffset() or datetime.timedelta(0)) > datetime.timedelta(0)
        return datetime.datetime.min if ahead else datetime.datetime.max


def latest_publication_day(retrieved_at: datetime.datetime | None, today: datetime.date) -> datetime.date:
    """The last day an article can be dated: today, or the day it was retrieved as written in the
    time zone furthest ahead, when that is earlier."""
    if retrieved_at is None:
        return today
    moment = _utc(retrieved_at)
    if moment > datetime.datetime.max - _EARLIEST_ZONE:
        return today  # retrieved on the calendar's last day (a bogus crawl time): no bound before today
    return min(today, (moment + _EARLIEST_ZONE).date())
