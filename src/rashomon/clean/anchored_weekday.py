"""The day a page's latest full date and the weekday its text names agree on, for a page that gives
no day otherwise ("... signed on Wednesday" and, in the text, "in Pretoria on November 2, 2022").

News tells what happened in the last day or two and names it by its weekday; a full date the story
writes fixes the week. The weekday's first day just after the latest full date is the day the story
tells, so the page was published then (or just after); the full date's own weekday is the event's.
The weekday is the reporting one ("said on Friday") or, without one, the first weekday the text names
that no date stands next to ("on Wednesday signed"; "on Tuesday 25 October" is dated already). Photo
captions are not anchors: a file photo a week old shares the weekday (they stay lower bounds,
rashomon.clean.published). Never used when the page names a later year than the full date (the date
is a past event's), nor outside a month or year the site gives.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence

from rashomon.clean.date_candidates import DateCandidate, month_span
from rashomon.clean.dates import MONTHS, WEEKDAYS, reporting_weekday

# How many days after the latest full date its weekday may fall: the story's day is that date or
# the next days (talks on Thursday, a deal "signed on Friday"). Further on, the full date is as
# likely a deadline ahead of the story ("the ceasefire runs until June 30, 2023"). Chosen on the dev
# pages (bench/realnews, dates only): 0 to 3 date the same 3 more pages with none wrong, 4 dates one
# page six months late, 6 three pages wrong.
_MAX_DAYS_AFTER = 2
# A weekday naming the full date's own day ("on Sunday", the attack's date) restates the event's
# day, which reports of the next days name too: 3 dev pages dated right and 1 of six clusters gathered
# later dated a day early. A later weekday is a later development the page tells.
_MIN_DAYS_AFTER = 1

_MONTH_WORDS = "|".join(sorted(MONTHS, key=len, reverse=True))
# "on Wednesday", "early Friday", "late on Sunday"; not "Tuesday, 25 October" or "Wednesday, Nov. 27".
_NAMED_WEEKDAY = re.compile(
    r"\b(?:on|early|late|earlier|later)\s+(?:(?:early|late|on)\s+)?"
    rf"(?P<wd>{'|'.join(WEEKDAYS)})\b"
    rf"(?!,?\s+(?:the\s+)?(?:\d|(?:{_MONTH_WORDS})\b))"
)


def first_named_weekday(body: str) -> str | None:
    """The first weekday the text names with no date beside it."""
    match = _NAMED_WEEKDAY.search(body)
    return match.group("wd") if match else None


def anchored_weekday_day(
    body: str,
    *,
    anchors: Sequence[datetime.date],
    frames: Sequence[DateCandidate],
    latest: datetime.date,
    not_before: datetime.date | None,
    latest_year: int | None,
) -> tuple[datetime.date, str] | None:
    """The day the latest full date and the text's weekday agree on, with the basis, or None.
    `anchors` are the full dates the page names (text and captions), `latest_year` the latest year
    it names anywhere, `frames` the months or years the site gives."""
    if not anchors:
        return None
    anchor = max(anchors)
    if latest_year is not None and latest_year > anchor.year:
        return None
    weekday = reporting_weekday(body) or first_named_weekday(body)
    if weekday is None:
        return None
    offset = (WEEKDAYS.index(weekday) - anchor.weekday()) % 7
    if offset > _MAX_DAYS_AFTER or offset < _MIN_DAYS_AFTER:
        return None
    day = anchor + datetime.timedelta(days=offset)
    if day > latest or (not_before is not None and day < not_before):
        return None
    if any(not month_span(frame)[0] <= day <= month_span(frame)[1] for frame in frames):
        return None
    return day, f"{weekday} on or just after {anchor.isoformat()} named on the page"
