"""Word tables and regexes for time expressions (English), used by `rashomon.extract.times`.

A time expression is read as: an optional relation word ("since", "by", "as of"), an optional
modifier ("late", "the end of", "midnight on"), a core (a date, a weekday, a relative phrase), and an
optional time-of-day suffix ("Thursday night"). The cores are matched over the whole text; the
prefix is matched backwards from each core's start.
"""

from __future__ import annotations

import re

from rashomon.clean.dates import MONTHS, REPORTING_WORDS, WEEKDAYS


def _alternation(words: list[str] | tuple[str, ...]) -> str:
    """A regex alternation, longest first, spaces matching any whitespace."""
    return "|".join(w.replace(" ", r"\s+") for w in sorted(words, key=len, reverse=True))


# --- word tables ----------------------------------------------------------------------------------

# Preposition (or phrase) before a time -> the relation it sets. "as of" is read as "since": in the
# news it mostly marks when a measure takes effect ("a ceasefire as of midnight on June 12").
RELATIONS: dict[str, str] = {
    "as of": "since", "since": "since", "from": "since", "starting": "since", "effective": "since",
    "by": "by", "no later than": "by", "within": "by",
    "until": "until", "till": "until", "through": "until", "up to": "until",
    "before": "before", "prior to": "before", "ahead of": "before",
    "after": "after", "following": "after",
    "on": "at", "in": "at", "at": "at", "during": "at", "throughout": "at", "over": "at",
    "for": "at", "between": "at",
}  # fmt: skip
# Modifiers written before the core. "the end of" narrows like "late", "the start of" like "early".
MODIFIERS: dict[str, str] = {
    "early": "early", "mid": "mid", "middle": "mid", "late": "late",
    "end": "end", "beginning": "start", "start": "start",
    "night": "night", "morning": "morning", "evening": "evening", "afternoon": "afternoon",
    "midnight": "midnight", "noon": "noon", "dawn": "dawn",
    "about": "about", "around": "about", "approximately": "about", "roughly": "about",
    "nearly": "about", "almost": "about", "some": "about",
    "more than": "more than", "over": "more than", "less than": "less than", "under": "less than",
}  # fmt: skip
# Count words in "two days ago" / "a few months"; None means an unspecified count.
NUMBERS: dict[str, int | None] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "a couple of": 2, "a dozen": 12,
    "a few": None, "few": None, "several": None,
}  # fmt: skip
UNITS: tuple[str, ...] = ("day", "week", "month", "year", "decade")
# Meteorological seasons (northern hemisphere): first month and length in months. Winter Y runs
# from December Y to February Y+1.
SEASONS: dict[str, tuple[int, int]] = {
    "spring": (3, 3), "summer": (6, 3), "autumn": (9, 3), "fall": (9, 3), "winter": (12, 3),
}  # fmt: skip
# Shift words before a month, weekday or season.
SHIFTS: dict[str, str] = {
    "last": "last", "past": "last", "previous": "last", "next": "next", "coming": "next",
    "upcoming": "next", "this coming": "next", "this": "this",
}  # fmt: skip
# Words that put a bare month or weekday in the future when they come shortly before it in the same
# sentence ("talks will resume in September"), unless a reporting verb comes in between.
FUTURE_CUE = re.compile(
    r"\b(?:will|shall|would|going\s+to|plans?\s+to|planned\s+to|intends?\s+to|expected\s+to|"
    r"due\s+to|set\s+to|scheduled|deadline|ultimatum)\b|['’]ll\b",
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
_DAY = r"[0-3]?\d(?:st|nd|rd|th)?(?![\d:])"
DAY = rf"(?P<day>{_DAY})"
DAY2 = rf"(?P<day2>{_DAY})"
YEAR = r"(?P<year>(?:19|20)\d{2})(?![\d]|[,.]\d)"
WEEKDAY = r"(?P<weekday>" + "|".join(WEEKDAYS) + r")\b"
_NUM = rf"(?:\d+|{_alternation(list(NUMBERS))})"
NUM = rf"(?P<num>{_NUM})"
UNIT = rf"(?P<unit>{_alternation(UNITS)})(?P<plural>s)?\b"
SHIFT = rf"(?:(?P<shift>(?i:{_alternation(list(SHIFTS))}))\s+)"
_SEASON = "(?i:" + _alternation(list(SEASONS)) + ")"
APPROX = _alternation([w for w, m in MODIFIERS.items() if m in {"about", "more than", "less than"}])

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
        ("weekday", rf"\b{SHIFT}?{WEEKDAY}"),
        ("month", rf"\b{SHIFT}?{MONTH}"),
        ("year", rf"(?<![\d,./])(?<!\d[-–]){YEAR}"),  # "mid-2019", not "12-2019"
        ("ago", rf"\b(?:(?P<approx>{APPROX})\s+)?{NUM}\s+{UNIT}\s+ago\b"),
        (
            "past_n",
            rf"\b(?:the\s+(?P<dir>past|last|previous|next|coming)|(?P<dir2>past|last|next)(?=\s+{_NUM}\s)|recent)"
            rf"\s+(?:{NUM}\s+)?{UNIT}",
        ),
        (
            "relword",
            r"\b(?P<rel>today|tonight|yesterday|tomorrow|the\s+day\s+before\s+yesterday|last\s+night"
            r"|(?:earlier|later)\s+(?:today|this\s+(?:week|month|year))"
            r"|(?:this|last|next|the\s+coming)\s+(?:morning|afternoon|evening|weekend|week|month|year))\b",
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

_MOD_OF = r"(?:the\s+(?:very\s+)?)?(?P<mod_of>end|beginning|start|middle|night|morning|evening|afternoon)"
_MOD = r"(?P<mod>early|mid|late|midnight|noon|dawn|about|around|approximately|roughly|nearly|almost)"
PREFIX = re.compile(
    rf"(?:(?<![\w\-])(?P<relation>{_alternation(list(RELATIONS))})\s+)?"
    rf"(?:(?<![\w\-])(?:{_MOD_OF}(?:\s+of)?\s+|{_MOD}(?:\s+(?:on|of|in))?(?:\s+|-)))?$",
    re.IGNORECASE,
)
PREFIX_REACH = 48  # characters looked back for a prefix: "no later than the very beginning of "
SUFFIX = re.compile(
    r"\s+(?:(?P<tod>night|morning|evening|afternoon)\b|at\s+(?P<tod2>midnight|noon|dawn)\b)", re.IGNORECASE
)
RANGE_JOINER = re.compile(r"^\s*(?:to|and|until|till|through|[-–—])\s*$", re.IGNORECASE)
# A bare month or year right after another time and a joiner: "from 2015 to 2017", "January and March".
_MONTH_ANY = "|".join(w for m in _MONTH_WORDS for w in (m, m.upper()))
JOINED_BEFORE = re.compile(
    rf"(?:\d|\b(?:{_MONTH_ANY}))\.?\s*(?:\s(?:to|and|or|through|until|till)\s+|[-–—]\s*)$"
)
