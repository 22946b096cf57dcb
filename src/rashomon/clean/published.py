"""When an article was published: candidates from every source (rashomon.clean.date_candidates)
weighed together (rashomon.clean.date_resolver), within the bounds the page allows.

Nothing is dated after `today`, nor after the page was retrieved (a web archive's crawl time): the
retrieval time is only an upper bound, never the date itself. Photo captions date the photo, so they
give a lower bound only, a day before the photo's day (which is local to where it was taken). A
dateline without a year takes one from the page's other dates (rashomon.clean.dateline_years). A
year-less month-day dated by the weekday the text names counts only when the month-day is the
dateline's or the year is one the text fixes (or the next): the pattern recurs. Before that, the
weekday the story names dates it when it falls on or just after the latest full date the story
writes (rashomon.clean.anchored_weekday).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import replace

from rashomon.clean.anchored_weekday import anchored_weekday_day
from rashomon.clean.date_candidates import (
    MEDIUM,
    STRONG,
    WEAK,
    DateCandidate,
    DateEvidence,
    head_lines,
    labelled_candidate,
    line_candidates,
    url_candidate,
)
from rashomon.clean.date_resolver import TextSignals, resolve
from rashomon.clean.dateline_years import dateline_day, find_story_dateline, full_dates
from rashomon.clean.dates import (
    MONTH_NAMES,
    DateMention,
    _utc,
    _weekday_inference,
    caption_lower_bound,
    find_dates,
    from_dated_dateline,
    from_metadata,
    latest_publication_day,
    latest_year_mentioned,
    reporting_weekday,
)
from rashomon.types import UNKNOWN_DATE, PublishedDate

# A caption's date is the photo's local day; where the story was published the clock may still
# show the day before (an attack at night in Asia, reported the same evening in America).
_CAPTION_ZONE_SLACK = datetime.timedelta(days=1)

# A month-day the text names may be the event's day rather than the report's: dated by the weekday,
# it counts only in the latest year the text fixes or the next (news of January still cites last
# year). A dateline's month-day is the report's own day, so its first fitting year is kept.
_ANCHOR_YEARS = 1


def _iso_candidate(
    value: str | None, source: str, strength: int, today: datetime.date
) -> DateCandidate | None:
    found = from_metadata(value, today)
    if found is None or found.date is None:
        return None
    precision = found.precision
    day = datetime.date.fromisoformat((found.date + "-01-01")[:10])
    return DateCandidate(day, precision, source, strength)


def _scan_candidate(value: str | None, today: datetime.date) -> DateCandidate | None:
    """A free-text scan's date; on 1 January it is a year alone (a copyright line, "2022" in a
    heading) that the scan filled out to a day, so it dates nothing."""
    candidate = _iso_candidate(value, "text scan", WEAK, today)
    if candidate is None or (candidate.day.month, candidate.day.day) == (1, 1):
        return None
    return candidate


def _text_signals(body: str, today: datetime.date) -> TextSignals:
    return TextSignals(
        reporting_weekday=reporting_weekday(body),
        latest_year=latest_year_mentioned([body], today),
        month_days=tuple(dict.fromkeys((m.month, m.day) for m in find_dates(body) if m.day is not None)),
    )


def _weekday_candidate(
    body: str,
    dateline: DateMention | None,
    not_before: datetime.date | None,
    today: datetime.date,
    updated: datetime.date | None = None,
) -> tuple[DateCandidate | None, list[str]]:
    """A month-day on the reporting weekday, kept only in a year the text (or a caption) fixes.
    An "Updated" day fixes a year too: the month-days are read no later than it."""
    if updated is not None:
        today = min(today, updated)
    known_year = updated.year if updated else None
    inferred, evidence = _weekday_inference(body, dateline, not_before, today, known_year)
    if inferred is None or inferred.date is None:
        return None, evidence
    day = datetime.date.fromisoformat(inferred.date)
    years = (latest_year_mentioned([body], today), not_before and not_before.year, known_year)
    anchor = max(y for y in years if y)
    from_dateline = inferred.basis.startswith("dateline")
    if not from_dateline and day.year > anchor + _ANCHOR_YEARS:
        return None, [f"{inferred.basis.split(';')[0]} in {day.year}, years after the text's {anchor}"]
    return DateCandidate(day, "day", "weekday", WEAK, detail=inferred.basis.split(";")[0]), []


# Bare date lines and stamps naming this many separate days are a list of other stories' stamps.
_FEED_DAYS = 3
_BARE_LINE_SOURCES = frozenset({"date line", "date stamp"})


def _without_feed_stamps(evidence: DateEvidence) -> list[str]:
    """Drops bare date lines and stamps when they name many separate days: a feed of related
    stories printed around the article, whose own stamp cannot be told from theirs."""
    bare = sorted({c.day for c in evidence.candidates if c.source in _BARE_LINE_SOURCES})
    separate = [day for at, day in enumerate(bare) if at == 0 or (day - bare[at - 1]).days > 1]
    if len(separate) < _FEED_DAYS:
        return []
    evidence.candidates[:] = [c for c in evidence.candidates if c.source not in _BARE_LINE_SOURCES]
    return [f"{len(bare)} days on bare date lines ignored (a list of other stories)"]


def infer_published_date(
    body: str,
    *,
    url: str | None = None,
    head: str | None = None,
    head_from_markup: bool = False,
    metadata_date: str | None = None,
    text_scan_date: str | None = None,
    marked_date: str | None = None,
    labelled_lines: Sequence[str] = (),
    captions: Sequence[str] = (),
    stamps: Sequence[str] = (),
    today: datetime.date | None = None,
    retrieved_at: datetime.datetime | None = None,
) -> PublishedDate:
    """When the article was published, as precisely as the evidence allows.

    `body` is the clean story text; `head` the page's text before cleaning (scraped text: its first
    lines hold the date lines; HTML, `head_from_markup`: the visible lines around the headline);
    `stamps` lines that hold only a date, dropped by the cleaner;
    `text_scan_date` a date found by scanning an HTML page's free text (a weak hint);
    `marked_date` the day an HTML page's own date elements show its reader;
    `labelled_lines` lines anywhere on the page that a publication label opens.
    """
    real_today = today or datetime.date.today()
    latest = latest_publication_day(retrieved_at, real_today)
    photo_day = caption_lower_bound(captions, latest)
    not_before = photo_day - _CAPTION_ZONE_SLACK if photo_day else None
    evidence = DateEvidence([], [])
    for candidate in (
        url_candidate(url, latest),
        _iso_candidate(metadata_date, "metadata", STRONG, real_today),
        _scan_candidate(text_scan_date, real_today),
        _iso_candidate(marked_date, "marked date", STRONG, real_today),
        labelled_candidate(labelled_lines),
    ):
        if candidate:
            evidence.candidates.append(candidate)
    notes_meta = []
    if metadata_date and not any(c.source == "metadata" for c in evidence.candidates):
        notes_meta.append(f"metadata date {metadata_date!r} ignored (invalid or in the future)")
    if head:
        # Around an HTML headline, unlabelled dates are as often teasers' as the page's own: weak.
        line_candidates(head_lines(head), evidence, bare_strength=WEAK if head_from_markup else MEDIUM)
    stamp_evidence = DateEvidence([], evidence.updated)
    line_candidates(stamps, stamp_evidence, first_position=0)
    evidence.candidates += [
        replace(c, source="date stamp") if c.source == "date line" else c for c in stamp_evidence.candidates
    ]
    feed_notes = _without_feed_stamps(evidence)
    dateline, story = find_story_dateline(body, None if head_from_markup else head)
    if dateline is not None and dateline.year is not None:
        dated = from_dated_dateline(dateline, datetime.date.max)
        if dated and dated.date:
            day = datetime.date.fromisoformat(dated.date if dated.precision == "day" else dated.date + "-01")
            evidence.candidates.append(DateCandidate(day, dated.precision, "dateline", MEDIUM))
    weekday_notes: list[str] = []
    if dateline is not None and not any(c.precision == "day" for c in evidence.candidates):
        upper = min([latest, *evidence.updated])
        found = dateline_day(
            dateline,
            frames=[c for c in evidence.candidates if c.precision != "day"],
            anchors=full_dates([body, *captions], upper),
            latest=upper,
            not_before=not_before,
            latest_year=latest_year_mentioned([body, *captions], upper),
        )
        if found:
            day, why = found
            detail = f"{MONTH_NAMES[day.month - 1]} {day.day}, year {why}"
            evidence.candidates.append(DateCandidate(day, "day", "dateline", MEDIUM, detail=detail))
    if not any(c.precision == "day" for c in evidence.candidates):
        upper = min([latest, *evidence.updated])
        anchored = anchored_weekday_day(
            story,
            anchors=full_dates([story], upper),
            frames=[c for c in evidence.candidates if c.precision != "day"],
            latest=upper,
            not_before=not_before,
            latest_year=latest_year_mentioned([body, *captions], upper),
        )
        if anchored:
            day, why = anchored
            evidence.candidates.append(DateCandidate(day, "day", "weekday", WEAK, detail=why))
    if not any(c.precision == "day" for c in evidence.candidates):  # a fallback, never a rival
        updated = min([d for d in evidence.updated if d <= latest], default=None)
        weekday, weekday_notes = _weekday_candidate(story, dateline, not_before, latest, updated)
        if weekday:
            evidence.candidates.append(weekday)
    published, notes = resolve(
        evidence.candidates,
        signals=_text_signals(body, latest),
        latest=latest,
        not_before=not_before,
        updated=evidence.updated,
        later="in the future" if latest == real_today else f"after the page was retrieved, {latest}",
    )
    bound = not_before.isoformat() if not_before else None
    if published is not None:
        if published.not_before is None and bound:
            published = replace(published, not_before=bound)
        return published
    parts = (["photo caption (lower bound only)"] if not_before else []) + weekday_notes + notes_meta
    parts += feed_notes + notes
    if retrieved_at is not None:
        parts.append(f"retrieved {_utc(retrieved_at).date().isoformat()} (upper bound only)")
    if not parts:
        return UNKNOWN_DATE
    return PublishedDate(None, "unknown", "; ".join(parts), not_before=bound)
