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
from dataclasses import dataclass

from spacy.tokens import Doc

from rashomon.extract import time_patterns as tp
from rashomon.extract.doc_views import doc_text
from rashomon.extract.time_calendar import (
    LOOK_AHEAD_DAYS,
    NARROWING,
    RANK,
    Anchor,
    Bounds,
    Kind,
    Precision,
    Ref,
    first_year_after,
    iso,
    narrow,
    reference,
)
from rashomon.extract.time_resolve import READERS, Context, norm

__all__ = ["LOOK_AHEAD_DAYS", "TimeExpression", "normalise_times"]

_DAY_CORES = frozenset({"md", "dm", "md_set", "weekday", "relword"})
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
class _Candidate:
    name: str
    match: re.Match[str]
    start: int  # the relation word or modifier included
    end: int  # a time-of-day suffix included
    relation_word: str | None
    modifier: str | None


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
    modifier = tp.MODIFIERS[norm(modifier_word)] if modifier_word else None
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
        return tp.SHIFTS[norm(shift)]
    if _future_context(text, candidate.start):
        return "future"
    word = norm(candidate.relation_word or "")
    return "nearest" if tp.RELATIONS.get(word) in ("by", "until") else None


def _item(text: str, candidate: _Candidate, ref: Ref | None, after: int) -> _Item | None:
    reading = READERS[candidate.name](candidate.match.groupdict(), Context(ref, _mode(text, candidate)))
    if reading is None:
        return None
    bounds = tuple(narrow(b, reading.precision, candidate.modifier) for b in reading.bounds)
    value = reading.duration or ",".join(iso(b) for b in bounds) or None
    kind = reading.kind
    if kind == "date" and ((value and "/" in value) or (not value and candidate.modifier in NARROWING)):
        kind = "interval"
    word = candidate.relation_word
    relation = reading.relation or (tp.RELATIONS[norm(word)] if word else "at")
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
    if norm(first.relation_word or "") not in ("from", "between") or kinds & {"duration", "set"}:
        return False
    gap = text[first.expression.end : second.expression.start] + (second.relation_word or "")
    return tp.RANGE_JOINER.match(gap) is not None


def _merged(text: str, first: _Item, second: _Item) -> _Item:
    a, b = first.expression, second.expression
    bounds: tuple[Bounds, ...] = ()
    if first.bounds and second.bounds:
        lo, hi = first.bounds[0][0], second.bounds[-1][1]
        if b.anchor == "published":  # "from November to February": the first February after November
            hi = first_year_after(hi, lo)
        bounds = ((lo, hi),)
    order: tuple[Anchor, ...] = ("unresolved", "published", "absolute")
    anchor = next(x for x in order if x in (a.anchor, b.anchor))
    precision = max(a.precision, b.precision, key=RANK.__getitem__)
    value = iso(bounds[0]) if bounds else None
    merged = TimeExpression(text[a.start : b.end], a.start, b.end, value, precision, "interval", "at", anchor)
    return _Item(merged, bounds, None)


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
        relation = tp.RELATIONS[norm(word)] if word else "at"
        expression = TimeExpression(
            text[start:hi], start, hi, None, "unknown", "date", relation, "unresolved"
        )
        out.append(_Item(expression, (), word))
    return out


def normalise_times(
    doc_or_text: Doc | str, published: datetime.date | None, *, precision_of_published: str = "day"
) -> list[TimeExpression]:
    """Every time expression of a text or spaCy `Doc`, in text order, resolved against `published`
    (known to `precision_of_published`: day, month or year; "unknown" is like None)."""
    text = doc_or_text if isinstance(doc_or_text, str) else doc_text(doc_or_text)
    zones: list[Span] = []
    if isinstance(doc_or_text, Doc):
        zones = [(e.start_char, e.end_char) for e in doc_or_text.ents if e.label_ in ("DATE", "TIME")]
    ref = reference(published, precision_of_published)
    items: list[_Item] = []
    for candidate in _candidates(text, zones):
        item = _item(text, candidate, ref, items[-1].expression.end if items else 0)
        if item is not None:
            items.append(item)
    items = _merge_ranges(text, items)
    items += _unread_entities(text, zones, items)
    return sorted((i.expression for i in items), key=lambda e: e.start)
