"""Weigh a page's publication-date candidates into one PublishedDate, never a confident wrong day.

A day wins when the candidates that agree on it (within a day: time zones) outweigh every other
reading clearly. Evidence in the text adjusts the weights: the weekday it names in reporting clauses
("said on Sunday": published that day or the next), the years it mentions (a page cannot predate
them) and the month-days it names (news cites recent days). A bare date line later than all other
evidence is a page's render time or an update and loses. When the readings still conflict, the
answer is a window (`not_before` / `not_after`) at month or year precision, with a basis saying why.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from rashomon.clean.date_candidates import WEAK, DateCandidate, month_span
from rashomon.clean.dates import WEEKDAYS
from rashomon.types import PublishedDate

# Candidates within a day of each other agree: a page dated in one time zone, its URL in another.
_AGREE_DAYS = 1
# A winner must outweigh the next reading by this much; else the answer is a window.
_CLEAR_MARGIN = 2
# News names the days around it: a candidate with no month-day of the text in this window before it
# is suspect (a render time, a later copy).
_RECENT_DAYS = 45
# Sources the site writes for the article itself; a lone bare date line or a scan may be anything.
_SITE_SOURCES = frozenset({"url", "metadata", "published line", "marked date"})
# When candidates tie, the more specific source represents the agreeing group.
_SOURCE_ORDER = (
    "url",
    "published line",
    "marked date",
    "date line",
    "date stamp",
    "metadata",
    "dateline",
    "text scan",
    "weekday",
)


@dataclass(frozen=True)
class TextSignals:
    """What the story text says about its own time."""

    reporting_weekday: str | None = None
    latest_year: int | None = None
    month_days: tuple[tuple[int, int], ...] = ()  # (month, day) named without a year


@dataclass
class _Group:
    members: list[DateCandidate] = field(default_factory=list)
    weight: int = 0

    @property
    def first(self) -> datetime.date:
        return min(m.day for m in self.members)

    @property
    def last(self) -> datetime.date:
        return max(m.day for m in self.members)

    def representative(self) -> DateCandidate:
        return min(self.members, key=lambda m: (_SOURCE_ORDER.index(m.source), m.day))

    def sources(self) -> str:
        return " and ".join(dict.fromkeys(m.label() for m in self.members))

    def basis(self) -> str:
        """The source alone when one source decided; the agreeing sources and their dates otherwise."""
        if len(self.members) == 1:
            member = self.members[0]
            if member.source == "dateline" and member.detail:  # where a year-less dateline's year came from
                return f"dateline {member.detail}"
            return member.detail if member.source == "weekday" else member.source
        return self.sources() + " agree"


def _near(day: datetime.date, first: datetime.date, last: datetime.date) -> bool:
    return first - datetime.timedelta(_AGREE_DAYS) <= day <= last + datetime.timedelta(_AGREE_DAYS)


def _text_adjustment(day: datetime.date, signals: TextSignals) -> tuple[int, list[str]]:
    """Weight the text adds to (or takes from) a day, with the reasons."""
    change, why = 0, []
    if signals.reporting_weekday:
        target = WEEKDAYS.index(signals.reporting_weekday)
        if target in (day.weekday(), (day - datetime.timedelta(1)).weekday()):
            change += 1
            why.append(f"fits reporting weekday {signals.reporting_weekday}")
    if signals.latest_year and day.year < signals.latest_year:
        change -= 1
        why.append(f"before the year {signals.latest_year} the text mentions")
    if signals.month_days:
        recent = False
        for month, month_day in signals.month_days:
            for year in (day.year, day.year - 1):
                try:
                    named = datetime.date(year, month, month_day)
                except ValueError:
                    continue
                if -1 <= (day - named).days <= _RECENT_DAYS:
                    recent = True
        if not recent:
            change -= 1
            why.append("far from the days the text names")
    return change, why


def _resolve_ambiguous(candidates: list[DateCandidate]) -> list[DateCandidate]:
    """An ambiguous numeric date takes the reading another candidate supports; unsupported, it is weak."""
    resolved = []
    for candidate in candidates:
        if not candidate.alternatives:
            resolved.append(candidate)
            continue
        others = [c.day for c in candidates if c is not candidate and c.precision == "day"]
        readings = (candidate.day, *candidate.alternatives)
        supported = [r for r in readings if any(abs((r - o).days) <= _AGREE_DAYS for o in others)]
        if len(supported) == 1:
            resolved.append(replace(candidate, day=supported[0], alternatives=()))
        else:
            resolved.append(
                replace(candidate, strength=WEAK, detail=candidate.detail + "; day/month order unsure")
            )
    return resolved


def _groups(days: list[DateCandidate], signals: TextSignals, notes: list[str]) -> list[_Group]:
    groups: list[_Group] = []
    for candidate in sorted(days, key=lambda c: c.day):
        if groups and _near(candidate.day, groups[-1].first, groups[-1].first):
            groups[-1].members.append(candidate)
        else:
            groups.append(_Group([candidate]))
    for group in groups:
        by_source: dict[str, int] = {}
        for member in group.members:
            by_source[member.source] = max(by_source.get(member.source, 0), member.strength)
        change, why = _text_adjustment(group.representative().day, signals)
        group.weight = sum(by_source.values()) + change
        if why and len(groups) > 1:
            notes.append(f"{group.representative().label()}: " + ", ".join(why))
    return groups


# How far before the metadata's day a visible date line still reads as this page's own date.
_EARLIER_LINE_DAYS = 92
_VISIBLE_SOURCES = frozenset({"published line", "marked date", "date line", "date stamp"})


# Visible dates the page itself labels or marks up as its publication date.
_SHOWN_AS_PUBLISHED = frozenset({"published line", "marked date"})


def _shown_as_published(group: _Group) -> bool:
    return any(m.source in _SHOWN_AS_PUBLISHED for m in group.members)


def _metadata_alone(group: _Group) -> bool:
    return {m.source for m in group.members} == {"metadata"}


def _visible(group: _Group) -> bool:
    return any(m.source in _VISIBLE_SOURCES for m in group.members)


def _contradicts_metadata(group: _Group, metadata_day: datetime.date) -> bool:
    """A visible date later than the metadata's, or a little earlier; a date line long before the
    metadata names an older event (a release, an anniversary), not this page."""
    if not _visible(group):
        return False
    return group.first > metadata_day or (metadata_day - group.first).days <= _EARLIER_LINE_DAYS


def _window(groups: Sequence[_Group], why: str) -> PublishedDate:
    first = min(g.first for g in groups)
    last = max(g.last for g in groups)
    if (first.year, first.month) == (last.year, last.month):
        date, precision = first.isoformat()[:7], "month"
    elif first.year == last.year:
        date, precision = f"{first.year:04d}", "year"
    else:
        date, precision = None, "unknown"
    readings = "; ".join(g.sources() for g in groups)
    return PublishedDate(date, precision, f"{why}: {readings}", first.isoformat(), last.isoformat())  # type: ignore[arg-type]


def resolve(
    candidates: Sequence[DateCandidate],
    *,
    signals: TextSignals,
    latest: datetime.date,
    not_before: datetime.date | None,
    updated: Sequence[datetime.date] = (),
    later: str = "in the future",
) -> tuple[PublishedDate | None, list[str]]:
    """The publication date the candidates support, or None plus notes on what was set aside.

    `latest` is the last possible day; `later` says why a candidate after it is impossible."""
    notes: list[str] = []
    upper = min([latest, *[d for d in updated if d <= latest]])
    if upper < latest:
        notes.append(f"updated {upper.isoformat()} (upper bound)")
    kept: list[DateCandidate] = []
    for candidate in candidates:
        first, last = (
            (candidate.day, candidate.day) if candidate.precision == "day" else month_span(candidate)
        )
        if first > upper:
            notes.append(f"{candidate.label()} ignored ({later if upper == latest else 'after the update'})")
        elif not_before and last < not_before:
            notes.append(f"{candidate.label()} ignored (before a photo of {not_before.isoformat()})")
        else:
            kept.append(candidate)
    months = [c for c in kept if c.precision != "day"]
    days = _resolve_ambiguous([c for c in kept if c.precision == "day"])
    if months:
        frame = max(months, key=lambda c: c.strength)
        first, last = month_span(frame)
        outside = [c for c in days if not _near(c.day, first, last) and c.source not in ("url", "metadata")]
        if outside and len(outside) == len(days):  # no day fits the month: a conflict, not a choice
            frame_group = _Group([replace(frame, day=first), replace(frame, day=last)])
            window = _window([frame_group, _Group(outside)], "sources disagree")
            return replace(window, basis="; ".join([window.basis, *notes])), []
        for candidate in outside:
            notes.append(f"{candidate.label()} ignored (outside {frame.label()})")
        days = [c for c in days if c not in outside]
    if not days:
        if not months:
            return None, notes
        frame = max(months, key=lambda c: c.strength)
        basis = "; ".join([frame.source, *notes])
        shown = frame.day.isoformat()[: 4 if frame.precision == "year" else 7]
        return PublishedDate(shown, frame.precision, basis), []  # type: ignore[arg-type]
    groups = _groups(days, signals, notes)
    if len(groups) > 1:
        latest_group = max(groups, key=lambda g: g.first)
        others = [g for g in groups if g is not latest_group]
        if not any(m.source in _SITE_SOURCES for m in latest_group.members) and not any(
            _metadata_alone(g) for g in others
        ):
            notes.append(f"{latest_group.sources()} ignored (later than all other evidence)")
            groups.remove(latest_group)
    ranked = sorted(groups, key=lambda g: -g.weight)
    best = ranked[0]
    shown = [g for g in ranked if _shown_as_published(g)]
    rivals = [g for g in ranked if g not in shown]
    # What the page shows its reader as its publication date beats header metadata, which CMSes
    # fill with modification and crawl times.
    if (
        len(shown) == 1
        and rivals
        and _metadata_alone(rivals[0])
        and _contradicts_metadata(shown[0], rivals[0].first)
    ):
        notes.append(f"{rivals[0].sources()} set aside (the page shows another day)")
        ranked, best = [shown[0], *rivals[1:]], shown[0]
    if _metadata_alone(best) and any(_contradicts_metadata(g, best.first) for g in ranked[1:]):
        window = _window(ranked, "metadata and the page's date lines disagree")
        return replace(window, basis="; ".join([window.basis, *notes])), []
    if best.weight < WEAK:
        return None, [*notes, f"{best.sources()} not trusted alone"]
    if len(ranked) > 1 and best.weight - ranked[1].weight < _CLEAR_MARGIN:
        window = _window(ranked, "sources disagree")
        return replace(window, basis="; ".join([window.basis, *notes])), []
    chosen = best.representative()
    basis = "; ".join([best.basis(), *notes])
    return PublishedDate(chosen.day.isoformat(), "day", basis), []
