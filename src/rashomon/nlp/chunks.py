"""Cutting a text too long for the model into pieces the pipeline can read one at a time.

Cuts fall, in order of preference, after a blank line (between paragraphs), after a line break, after
a sentence's end, or at any whitespace, so no word is cut; only a run of more than `size` characters
without whitespace is cut where the limit falls. The whitespace at a cut ends the piece before it (as
much of it as fits), and the pieces cover the text exactly, in order.
"""

from __future__ import annotations

import re

from rashomon.types import Span

# From the preferred cut to the last resort; each matches the whitespace a cut goes after.
_CUTS = (
    re.compile(r"\n[^\S\n]*\n\s*"),  # a blank line
    re.compile(r"\n\s*"),  # a line break
    re.compile(r"(?<=[.!?…])[\"'”’)\]]*\s+"),  # a sentence's end, closing quotes included
    re.compile(r"\s+"),
)


def text_chunks(text: str, size: int) -> list[Span]:
    """[start, end) spans of at most `size` characters that cover `text` in order, cut as above."""
    if size < 1:
        raise ValueError(f"chunk size must be positive, not {size}")
    spans: list[Span] = []
    start = 0
    while len(text) - start > size:
        end = _cut(text, start, start + size)
        spans.append((start, end))
        start = end
    spans.append((start, len(text)))
    return spans


def _cut(text: str, start: int, limit: int) -> int:
    """Where to end the piece starting at `start` and ending by `limit`: after the last preferred cut
    whose whitespace ends by `limit`."""
    for pattern in _CUTS:
        end = _last_match_end(pattern, text, start, limit)
        if end is not None:
            return end
    return limit


def _last_match_end(pattern: re.Pattern[str], text: str, start: int, limit: int) -> int | None:
    last = None
    for match in pattern.finditer(text, start, limit):
        if match.end() > start:
            last = match.end()
    return last


def trimmed(text: str, span: Span) -> Span:
    """`span` without the whitespace at its ends (the separator a cut leaves at a piece's end)."""
    start, end = span
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
