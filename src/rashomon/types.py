"""Plain records passed between the pipeline stages (ingest -> clean -> nlp -> store).

They carry no behaviour so that every stage can be tested on its own with hand-made values.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Literal

from rashomon.safe_text import printable_path, scrub_text

DocumentKind = Literal["text", "html"]
Precision = Literal["day", "month", "year", "unknown"]


@dataclass(frozen=True)
class RawDocument:
    """One article as read from disk or stdin, decoded but not yet cleaned."""

    source_path: str  # the file it came from, or "<stdin>"
    kind: DocumentKind
    content: str  # decoded text (HTML markup included for kind == "html")
    encoding: str  # the encoding it was decoded with, e.g. "utf-8", "cp1251"
    line: int | None = None  # 1-based line for records of a JSONL file
    url: str | None = None  # declared by the input (JSONL field), never fetched
    title: str | None = None
    date: str | None = None
    outlet: str | None = None
    # When this copy was fetched (UTC): a crawl or collect time. An upper bound for the publication
    # date, never the date itself.
    retrieved_at: datetime.datetime | None = None

    def __post_init__(self) -> None:
        # Every reader builds documents here: text that UTF-8 cannot encode stops at the door.
        object.__setattr__(self, "source_path", printable_path(self.source_path))
        for name in ("content", "url", "title", "date", "outlet"):
            value = getattr(self, name)
            if value is not None:
                object.__setattr__(self, name, scrub_text(value))

    @property
    def location(self) -> str:
        """Where the document came from, as shown to users: path, plus ':line' for JSONL records."""
        return f"{self.source_path}:{self.line}" if self.line is not None else self.source_path


@dataclass(frozen=True)
class DroppedLine:
    """A line of the raw text that cleaning removed, and why (a stable reason code)."""

    line_no: int  # 1-based line number in the raw text
    text: str
    reason: str


@dataclass(frozen=True)
class PublishedDate:
    """When an article appeared, as far as the evidence goes.

    `date` is ISO and may be partial ("2020-02", "2020") to match `precision`; `basis` names the
    evidence; `not_before` is a lower bound (e.g. from a photo caption) that never sets the day itself;
    `not_after` an upper bound (e.g. an "Updated" line). When the evidence conflicts the two bound a
    window of days and the date is coarser than a day, or None.
    """

    date: str | None
    precision: Precision
    basis: str
    not_before: str | None = None
    not_after: str | None = None


UNKNOWN_DATE = PublishedDate(date=None, precision="unknown", basis="no date evidence")


@dataclass(frozen=True)
class Outlet:
    """A news outlet as described in the outlets data pack."""

    name: str
    domain: str | None
    country: str | None  # ISO 3166-1 alpha-2 of where it is based
    ownership: str  # "state" | "public" | "private"
    speaks_for: str | None = None  # ISO alpha-2 of the state it speaks for when state-run
    basis: str = ""  # how it was identified: "url", "jsonl field", "text signature '...'", ...


@dataclass
class CleanText:
    """Result of cleaning scraped text or extracting an HTML page."""

    title: str | None
    text: str  # the clean story text: kept paragraphs joined by blank lines
    dropped: list[DroppedLine] = field(default_factory=list)
    site_name: str | None = None  # from HTML metadata, when any
    url: str | None = None  # from HTML metadata (canonical / og:url), when any
    metadata_date: str | None = None  # ISO date from HTML metadata, when any
    head: str | None = None  # HTML: the visible lines around the headline, where pages print their date
    text_scan_date: str | None = None  # HTML without a metadata date: htmldate's scan of the free text
    marked_date: str | None = None  # HTML: the day the page's own date elements show (<time>, itemprop)
    labelled_lines: tuple[str, ...] = ()  # HTML: visible lines a publication label opens ("Published ...")


Span = tuple[int, int]  # [start, end) character offsets into the article's clean text


@dataclass(frozen=True)
class Statement:
    """An attributed statement: who said what, with which cue, as found in one article's clean text.

    `content`, `cue` and `source` are spans of the clean text; `source` is the speaker mention in the
    attribution itself (a pronoun or role noun there is resolved into `speaker_name`).
    """

    content: Span
    cue: Span | None  # None for a quote that continues the previous speaker with no cue of its own
    source: Span | None
    mode: Literal["direct", "indirect", "mixed"]
    claim_type: str = "assert"  # assert | accuse | deny | threaten | demand | appeal | agree | ...
    speaker_name: str | None = None
    speaker_role: str | None = None
    speaker_affiliation: str | None = None
    speaker_kind: str = "unknown"  # person | organization | country | group | unknown
    speaker_actor_id: str | None = None  # id in the actor knowledge base, when the speaker is in it
    relayed_by: str | None = None  # "TRThaber quoted the president as saying": TRThaber
    target: str | None = None  # who the statement is about: the accused, the one asked
    said_on: str | None = None  # ISO date the statement was made, when the text gives one
    speaker_country: str | None = None  # ISO alpha-2, coded as event parties are (extract.grounding)
    speaker_sector: str | None = None  # CAMEO sector ("GOV", "REB"), likewise
