"""Every date a page offers for its publication, each with where it comes from and how far to trust
it; `rashomon.clean.date_resolver` weighs them together.

Sources: the URL, HTML metadata (or a JSONL field), the page's date lines near its top ("Published
13.06.2019 11:21"), date-stamp lines the cleaner dropped, a dateline with a year, htmldate's scan of
an HTML page's free text, and a year-less month-day dated by the weekday the text names. Lines that
say Updated or Modified give an upper bound, not a candidate.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from rashomon.clean.date_lines import (
    MAX_DATE_LINE_WORDS,
    is_date_line,
    is_year_filled_stamp,
    line_label,
    opens_with_publish_label,
    read_line_dates,
)
from rashomon.clean.url_dates import date_from_url

# How far each source is trusted when it stands alone. A URL, a page's metadata and a labelled
# "Published" line are written by the site for this article; a bare date line near the top may be
# the site's render time; a free-text scan or a weekday inference is a guess.
STRONG, MEDIUM, WEAK = 3, 2, 1
# Date lines are looked for among the first lines of scraped text: the title, a byline and the date
# come before the story; deeper down a dated line belongs to a related story or a caption.
HEAD_LINES = 12
# A date line names at most a byline or a section before its date ("By Jane Doe 27 Sep 2024",
# "World | April 14, 2024"); more words before it make a caption ("Talks at the UN offices, May 2").
MAX_WORDS_BEFORE_DATE = 4


@dataclass(frozen=True)
class DateCandidate:
    """One reading of the publication day (or month, with `day` its first day)."""

    day: datetime.date
    precision: str  # "day" or "month"
    source: str  # "url", "metadata", "date line", "published line", "dateline", "text scan", "weekday"
    strength: int
    position: int = 0  # line number in the page's head, 0 when not from a line
    detail: str = ""
    alternatives: tuple[datetime.date, ...] = ()  # other readings of an ambiguous numeric date

    def label(self) -> str:
        shown = self.day.isoformat() if self.precision == "day" else self.day.isoformat()[:7]
        return f"{self.source} {shown}" + (f" ({self.detail})" if self.detail else "")


@dataclass
class DateEvidence:
    """Candidates and bounds gathered from one page."""

    candidates: list[DateCandidate]
    updated: list[datetime.date]  # "Updated ..." days: the publication is no later


def url_candidate(url: str | None, today: datetime.date) -> DateCandidate | None:
    found = date_from_url(url, today)
    if found is None:
        return None
    return DateCandidate(found.day, found.precision, "url", STRONG, detail=found.form)


def head_lines(content: str) -> list[str]:
    """The first non-empty lines of scraped text."""
    return [line.strip() for line in content.splitlines() if line.strip()][:HEAD_LINES]


def line_candidates(
    lines: Sequence[str], evidence: DateEvidence, *, first_position: int = 1, bare_strength: int = MEDIUM
) -> None:
    """Dates on date lines, added to `evidence`; updates go to its upper bounds. `bare_strength` is
    the weight of a date line without a label."""
    for position, line in enumerate(lines, first_position):
        if not is_date_line(line):
            continue
        for found in read_line_dates(line):
            label = line_label(line, found.start)
            if label == "updated":
                evidence.updated.append(found.day)
                continue
            if label is None and len(line[: found.start].split()) > MAX_WORDS_BEFORE_DATE:
                break
            source, strength = ("published line", STRONG) if label else ("date line", bare_strength)
            precision = "year" if is_year_filled_stamp(line, found) else found.precision
            evidence.candidates.append(
                DateCandidate(found.day, precision, source, strength, position, line[:60], found.alternatives)
            )
            break  # the first date of a line is its own; later ones are updates or other stories


def labelled_lines(lines: Sequence[str]) -> list[str]:
    """The lines a publication label opens, wherever they stand on the page ("Erschienen am:
    01.11.2023" in a footer); a label alone on its line is read with the line after it, as pages
    print "Datum:" and the date in separate elements."""
    found = []
    for at, line in enumerate(lines):
        if len(line.split()) > MAX_DATE_LINE_WORDS or not opens_with_publish_label(line):
            continue
        if not read_line_dates(line) and at + 1 < len(lines):
            line = f"{line} {lines[at + 1]}"
        found.append(line)
    return found


def labelled_candidate(lines: Sequence[str]) -> DateCandidate | None:
    """The day labelled publication lines anywhere on the page give, when they give one: several
    days are the dates of comments or of other stories' teasers."""
    evidence = DateEvidence([], [])
    line_candidates(lines, evidence, first_position=0)
    published = [c for c in evidence.candidates if c.source == "published line" and c.precision == "day"]
    return published[0] if len({c.day for c in published}) == 1 else None


def month_span(candidate: DateCandidate) -> tuple[datetime.date, datetime.date]:
    """The days a month (or year) candidate covers."""
    if candidate.precision == "year":
        return candidate.day.replace(month=1, day=1), candidate.day.replace(month=12, day=31)
    first = candidate.day.replace(day=1)
    following = (first + datetime.timedelta(days=32)).replace(day=1)
    return first, following - datetime.timedelta(days=1)
