"""The year of a dateline that gives only a month and a day ("KUALA LUMPUR, July 30 (KUNA) --",
"BANGKOK (July 28):"), taken from the page's other evidence, never guessed.

A dateline's month-day is the day the story was filed, so it is the publication day once its year
is known. The year comes from a coarser date the site gives (a URL or a date line with a month or a
year only: the dateline must fall inside it), or from the latest full date the page names (a photo
caption, "on August 26, 2021" in the text): news reports recent days, so the dateline is that day or
a few weeks after it, in that year or, across New Year, the next. Without either, the weekday the text
names may still fix it (rashomon.clean.dates); otherwise the day stays unknown.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from rashomon.clean.date_candidates import DateCandidate, month_span
from rashomon.clean.dates import DateMention, find_dateline, find_dates

# How long after the latest dated event the page names a dateline may still stand; longer gaps
# leave two readings of the year open.
_RECENT_DAYS = 45
# Time zones: a dateline may carry the day before an anchor written in another zone.
_ZONE_DAYS = 1


def find_story_dateline(body: str, head: str | None) -> tuple[DateMention | None, str]:
    """The dateline of the story and the text to read its weekday in. The cleaner may have set the
    dateline's line aside (it reads like a caption when the place and the date run into the lead),
    so the page's raw first lines are read too, and that line joins the text."""
    dateline = find_dateline(body)
    if dateline is not None or not head:
        return dateline, body
    dateline = find_dateline(head)
    if dateline is None:
        return None, body
    line_start = head.rfind("\n", 0, dateline.start) + 1
    line_end = head.find("\n", dateline.end)
    line = head[line_start : line_end if line_end >= 0 else len(head)]
    return dateline, f"{line}\n{body}"


def _month_day(mention: DateMention, year: int) -> datetime.date | None:
    try:
        return datetime.date(year, mention.month, mention.day or 0)
    except ValueError:
        return None


def _in_frames(mention: DateMention, frames: Sequence[DateCandidate]) -> datetime.date | None:
    """The dateline's day inside the month or year the site gives, when every such frame agrees."""
    days = set()
    for frame in frames:
        first, last = month_span(frame)
        day = _month_day(mention, first.year)
        if day is None or not first <= day <= last:
            return None
        days.add(day)
    return days.pop() if len(days) == 1 else None


def _after_anchor(mention: DateMention, anchor: datetime.date) -> datetime.date | None:
    """The dateline's day in the weeks after the latest dated event the page names."""
    for year in (anchor.year, anchor.year + 1):
        day = _month_day(mention, year)
        if day and -_ZONE_DAYS <= (day - anchor).days <= _RECENT_DAYS:
            return day
    return None


def full_dates(texts: Sequence[str], latest: datetime.date) -> list[datetime.date]:
    """Every full date (day, month and year) in the texts, up to `latest`."""
    days = []
    for text in texts:
        for mention in find_dates(text):
            day = _month_day(mention, mention.year) if mention.year and mention.day else None
            if day and day <= latest:
                days.append(day)
    return days


def dateline_day(
    mention: DateMention,
    *,
    frames: Sequence[DateCandidate],
    anchors: Sequence[datetime.date],
    latest: datetime.date,
    not_before: datetime.date | None,
    latest_year: int | None = None,
) -> tuple[datetime.date, str] | None:
    """The day of a year-less dateline and the evidence that gave its year, or None. `latest_year`
    is the latest year the page names anywhere."""
    if mention.year is not None or mention.day is None:
        return None
    found, why = None, ""
    if frames:
        found, why = _in_frames(mention, frames), "inside " + frames[0].label()
    elif anchors:
        anchor = max(anchors)
        found, why = _after_anchor(mention, anchor), f"after {anchor.isoformat()} named on the page"
        # A later year named on the page makes the latest full date a past event's, not a recent one.
        if found is not None and latest_year is not None and latest_year > found.year:
            return None
    if found is None or found > latest or (not_before is not None and found < not_before):
        return None
    return found, why
