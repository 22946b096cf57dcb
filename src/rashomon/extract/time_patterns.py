"""Regexes for time expressions, built from the words of data/<lang>/times.json and calendar.json;
used by `rashomon.extract.times`.

A time expression is read as: an optional relation word ("since", "by", "as of"), an optional
modifier ("late", "the end of", "midnight on"), a core (a date, a weekday, a relative phrase), and an
optional time-of-day suffix ("Thursday night"). The cores are matched over the whole text; the
prefix is matched backwards from each core's start.
"""

from __future__ import annotations

import re

from rashomon.clean.dates import MONTHS, ORDINAL_SUFFIXES, REPORTING_WORDS, WEEKDAYS
from rashomon.language_data import load_language_data


def _alternation(words: list[str] | tuple[str, ...]) -> str:
    """A regex alternation, longest first, spaces matching any whitespace."""
    return "|".join(w.replace(" ", r"\s+") for w in sorted(words, key=len, reverse=True))


def _in_order(words: list[str] | tuple[str, ...]) -> str:
    """A regex alternation in the data's order (it decides between alternatives that both match),
    spaces matching any whitespace."""
    return "|".join(w.replace(" ", r"\s+") for w in words)


# --- word tables (rashomon/data/<lang>/times.json, described in its "about" field) --------------

_WORDS = load_language_data("times")
# Preposition (or phrase) before a time -> the relation it sets ("as of" -> "since").
RELATIONS: dict[str, str] = dict(_WORDS["relations"])
# Modifiers written before the core. "the end of" narrows like "late", "the start of" like "early".
MODIFIERS: dict[str, str] = dict(_WORDS["modifiers"])
# Count words in "two days ago" / "a few months"; None means an unspecified count.
NUMBERS: dict[str, int | None] = dict(_WORDS["numbers"])
UNITS: tuple[str, ...] = tuple(_WORDS["units"])
# Meteorological seasons (northern hemisphere): first month and length in months.
SEASONS: dict[str, tuple[int, int]] = {
    name: (first, length) for name, (first, length) in _WORDS["seasons"].items()
}
# Holiday names as written -> the holidays (ids of data/holidays.json) each may stand for.
HOLIDAYS: dict[str, tuple[str, ...]] = {
    name: tuple(ids) for name, ids in load_language_data("calendar").get("holidays", {}).items()
}
# Shift words before a month, weekday or season.
SHIFTS: dict[str, str] = dict(_WORDS["shifts"])
# Words that put a bare month or weekday in the future when they come shortly before it in the same
# sentence ("talks will resume in September"), unless a reporting verb comes in between.
FUTURE_CUE = re.compile(
    rf"\b(?:{_alternation(_WORDS['future_cues'])})\b|['’](?:{_alternation(_WORDS['future_contractions'])})\b",
    re.IGNORECASE,
)
FUTURE_WINDOW_WORDS = 10  # words looked back for a future cue: about one clause


REPORTING = re.compile(r"\b(?:" + _alternation(REPORTING_WORDS) + r")\b", re.IGNORECASE)

# --- building blocks ------------------------------------------------------------------------------

# Month and weekday words must be capitalised so that "may" and "march" stay verbs.
_MONTH_WORDS = sorted(MONTHS, key=len, reverse=True)
# An abbreviation may take a full stop ("Sept.", "Feb."); after a full name it ends the sentence.
MONTH = (
    r"(?P<month>" + "|".join(w for m in _MONTH_WORDS for w in (m, m.upper())) + r")\b"
    r"(?:(?<=Sept)\.|(?<=[JFMASOND][a-z]{2})(?<!May)\.)?"
)
_DAY = r"[0-3]?\d(?:" + "|".join(ORDINAL_SUFFIXES) + r")?(?![\d:])"
DAY = rf"(?P<day>{_DAY})"
DAY2 = rf"(?P<day2>{_DAY})"
YEAR = r"(?P<year>(?:19|20)\d{2})(?![\d]|[,.]\d)"
# Four digits followed by a time zone or "hrs" are a time of day ("21:45 local time (1945 GMT)").
_CLOCK_ZONE = (
    r"\s*(?:" + "|".join(re.escape(z).replace(r"\ ", r"\s+") for z in _WORDS["clock_zones"]) + r")\b"
)
WEEKDAY = r"(?P<weekday>" + "|".join(WEEKDAYS) + r")\b"
_NUM = rf"(?:\d+|{_alternation(list(NUMBERS))})"
NUM = rf"(?P<num>{_NUM})"
UNIT = rf"(?P<unit>{_alternation(UNITS)})(?P<plural>s)?\b"
SHIFT = rf"(?:(?P<shift>(?i:{_alternation(list(SHIFTS))}))\s+)"
_SEASON = "(?i:" + _alternation(list(SEASONS)) + ")"
# Written as named (case kept): "Easter" and "Eid" are holidays, "easter" is not written so.
_HOLIDAY = _alternation(list(HOLIDAYS)).replace("'", "['’]") or r"(?!)"
HOLIDAY_NAME = re.compile(rf"\b(?:{_HOLIDAY})(?![\w-])")
APPROX = _alternation([w for w, m in MODIFIERS.items() if m in {"about", "more than", "less than"}])
# Relative days and periods ("yesterday", "earlier this week", "the coming month").
_RELATIVE_DAY = _in_order(_WORDS["relative_days"])
_SAME_PERIOD_WORD = _in_order(_WORDS["relative_same_period_words"])
_SAME_PERIOD = _in_order(_WORDS["relative_same_periods"])
_PERIOD_SHIFT = _in_order(_WORDS["relative_period_shifts"])
_PERIOD = _in_order(_WORDS["relative_periods"])
# Stretches of time up to or from publication ("the past four years", "in recent weeks").
_SPAN_DIRECTION = _in_order(_WORDS["span_directions"])
_SPAN_DIRECTION_BEFORE_COUNT = _in_order(_WORDS["span_directions_before_count"])
_SPAN_RECENT = _in_order(_WORDS["span_recent"])

# --- the cores, tried in this order when two match the same span ---------------------------------

CORES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern, re.IGNORECASE if name in {"ago", "past_n", "relword", "duration"} else 0))
    for name, pattern in (
        # "February 3 and 10", "June 5, 6 and 7 2019": several days of one month
        ("md_set", rf"\b{MONTH}\s+(?P<days>{_DAY}(?:(?:\s*,\s*|\s+and\s+|\s+or\s+){_DAY})+)(?:,?\s+{YEAR})?"),
        ("md_range", rf"\b{MONTH}\s+{DAY}\s*[-–]\s*{DAY2}(?:,?\s+{YEAR})?"),  # "March 3-5"
        ("dm_range", rf"\b{DAY}\s*[-–]\s*{DAY2}\s+{MONTH}(?:,?\s+{YEAR})?"),  # "3-5 March 2020"
        ("md", rf"\b{MONTH}\s+{DAY}(?:,?\s+{YEAR})?"),  # "June 12", "March 2, 2022"
        ("dm", rf"\b{DAY}\s+(?:of\s+)?{MONTH}(?:,?\s+{YEAR})?"),  # "5 March 2020"
        ("my", rf"\b{MONTH}(?:,|\s+of)?\s+{YEAR}"),  # "September 2018"
        ("season", rf"\b(?:the\s+)?{SHIFT}?(?P<season>{_SEASON})(?:(?:\s+of)?\s+{YEAR})?\b"),
        ("decade", r"\b(?:the\s+)?(?P<decade>(?:19|20)\d0)['’]?s\b"),
        ("year_range", rf"\b{YEAR}\s*[-–]\s*(?P<year2>(?:19|20)?\d{{2}})(?!\d)"),
        # "the Orthodox Easter", "Eid al-Fitr 2014"
        ("holiday", rf"\b(?:the\s+)?{SHIFT}?(?P<holiday>{_HOLIDAY})(?:,?\s+{YEAR})?(?![\w-])"),
        ("weekday", rf"\b{SHIFT}?{WEEKDAY}"),
        ("month", rf"\b{SHIFT}?{MONTH}"),
        ("year", rf"(?<![\d,./])(?<!\d[-–]){YEAR}(?!{_CLOCK_ZONE})"),  # "mid-2019", not "12-2019", "1945 GMT"
        ("ago", rf"\b(?:(?P<approx>{APPROX})\s+)?{NUM}\s+{UNIT}\s+ago\b"),
        (
            "past_n",
            rf"\b(?:the\s+(?P<dir>{_SPAN_DIRECTION})|(?P<dir2>{_SPAN_DIRECTION_BEFORE_COUNT})(?=\s+{_NUM}\s)"
            rf"|{_SPAN_RECENT})\s+(?:{NUM}\s+)?{UNIT}",
        ),
        (
            "relword",
            rf"\b(?P<rel>{_RELATIVE_DAY}|(?:{_SAME_PERIOD_WORD})\s+(?:{_SAME_PERIOD})"
            rf"|(?:{_PERIOD_SHIFT})\s+(?:{_PERIOD}))\b",
        ),
        ("duration", rf"\b{NUM}\s+{UNIT}(?!\s+ago)|\b(?P<bare>days|weeks|months|years|decades)\b"),
    )
)
# Cores that stand for a time only when something marks them as one (a relation, a modifier, a
# range joiner, parentheses or a spaCy DATE entity): a bare "May" or "2015" may be a verb or a count,
# "Spring" a name ("the Arab Spring"). Seasons with a year or a shift word, and counted durations
# ("two days"), need no marker.
NEEDS_MARKER: frozenset[str] = frozenset({"month", "year", "duration", "season"})

# --- prefixes and suffixes ------------------------------------------------------------------------

_MOD_OF = r"(?:the\s+(?:very\s+)?)?(?P<mod_of>" + "|".join(_WORDS["modifiers_before_of"]) + ")"
_MOD = r"(?P<mod>" + "|".join(_WORDS["modifiers_before"]) + ")"
PREFIX = re.compile(
    rf"(?:(?<![\w\-])(?P<relation>{_alternation(list(RELATIONS))})\s+)?"
    rf"(?:(?<![\w\-])(?:{_MOD_OF}(?:\s+of)?\s+|{_MOD}(?:\s+(?:on|of|in))?(?:\s+|-)))?$",
    re.IGNORECASE,
)
PREFIX_REACH = 48  # characters looked back for a prefix: "no later than the very beginning of "
SUFFIX = re.compile(
    rf"\s+(?:(?P<tod>{'|'.join(_WORDS['times_of_day'])})\b|at\s+(?P<tod2>{'|'.join(_WORDS['times_of_day_at'])})\b)",
    re.IGNORECASE,
)
RANGE_JOINER = re.compile(rf"^\s*(?:{_in_order(_WORDS['range_joiners'])}|[-–—])\s*$", re.IGNORECASE)
# A bare month or year right after another time and a joiner: "from 2015 to 2017", "January and March".
_MONTH_ANY = "|".join(w for m in _MONTH_WORDS for w in (m, m.upper()))
JOINED_BEFORE = re.compile(
    rf"(?:\d|\b(?:{_MONTH_ANY}))\.?\s*(?:\s(?:{_in_order(_WORDS['joiners_before_bare'])})\s+|[-–—]\s*)$"
)
