"""An article's page: its clean text cut into segments with each statement's content, cue and source
marked (the report's highlighter, so both show the same thing), its statements and its events."""

from __future__ import annotations

import re
from typing import Any

from rashomon.report.highlight import Mark, SegmentView, highlight, segment_view
from rashomon.store.models import Article, StatementRow

UNNAMED = "Unnamed speaker"


def statement_number(statement_id: str) -> int:
    """N of "<article id>/st-N": the statement's anchor (st-N) on its article's page."""
    found = re.search(r"st-(\d+)$", statement_id)
    return int(found.group(1)) if found else 0


def _marks(number: int, row: StatementRow) -> list[Mark]:
    spans = (
        ("content", row.content_start, row.content_end),
        ("cue", row.cue_start, row.cue_end),
        ("source", row.source_start, row.source_end),
    )
    return [Mark(start, end, role, number) for role, start, end in spans if start is not None and end]


def _title(row: StatementRow) -> str:
    about = ", ".join(part for part in (row.speaker_role, row.speaker_affiliation) if part)
    speaker = row.speaker_name or UNNAMED
    return (
        f"{speaker} — {about} ({row.claim_type}, {row.mode})"
        if about
        else f"{speaker} ({row.claim_type}, {row.mode})"
    )


def highlighted_text(text: str, statements: list[tuple[int, StatementRow]]) -> list[list[SegmentView]]:
    marks = [mark for number, row in statements for mark in _marks(number, row)]
    titles = {number: _title(row) for number, row in statements}
    modes = {number: row.mode for number, row in statements}
    return [[segment_view(seg, titles, modes) for seg in paragraph] for paragraph in highlight(text, marks)]


def article_context(article: Article) -> dict[str, Any]:
    statements = [(statement_number(row.id), row) for row in article.statements]
    return {
        "article": article,
        "paragraphs": highlighted_text(article.text, statements),
        "statements": statements,
        "statement_by_number": dict(statements),
        "events": article.events,
    }
