"""Quotation regions: the character spans between paired quotation marks.

Curly, straight, guillemet and single quotes are paired left to right. An apostrophe inside a word
(Ja’afari, Turkey’s) is never a quote mark, and a region never crosses a paragraph break.
"""

from __future__ import annotations

import re

from rashomon.types import Span

_PAIRS = {"“": "”", "«": "»", "„": "“", '"': '"', "‘": "’", "''": "''", "``": "''"}
# Typed and curly double quotes get mixed in edited copy (“...," he said): a quote left unclosed by
# its own mark may close with the other,
_MIXED = {"“": '"', '"': "”"}
# ... and the other mark right after closing punctuation ends the quote even when its own mark comes
# later ('“We will look into it," he said. ... “...”').
_QUOTE_END = ",.?!"
# Two apostrophes or backticks stand for a double quote in some wire and archive text.
_OPENERS = re.compile(r"''|``|[“«„\"‘]")


def quote_regions(text: str) -> list[Span]:
    """[start, end) spans including the marks, in text order, non-overlapping."""
    regions: list[Span] = []
    position = 0
    while (match := _OPENERS.search(text, position)) is not None:
        start, mark = match.start(), match.group()
        if not can_open(text, start, len(mark)):
            position = start + 1
            continue
        end = _closing(text, start + len(mark), _PAIRS[mark])
        if mark in _MIXED:
            mixed = _closing(text, start + len(mark), _MIXED[mark])
            if mixed is not None and (end is None or (mixed < end and text[mixed - 2] in _QUOTE_END)):
                end = mixed
        if end is None:
            position = start + 1
            continue
        regions.append((start, end))
        position = end
    return regions


def can_open(text: str, index: int, width: int) -> bool:
    """An opening mark starts a word: after a space, a bracket, a dash or the text start."""
    before = text[index - 1] if index > 0 else " "
    after = text[index + width] if index + width < len(text) else " "
    return (before.isspace() or before in "([—–-:/") and not after.isspace()


def _closing(text: str, inner_start: int, closer: str) -> int | None:
    """End (exclusive) of the region whose text starts at `inner_start`, or None if it is not
    closed within the paragraph."""
    paragraph_end = text.find("\n\n", inner_start)
    limit = len(text) if paragraph_end == -1 else paragraph_end
    index = inner_start
    while (index := text.find(closer, index, limit)) != -1:
        after = text[index + len(closer)] if index + len(closer) < len(text) else " "
        before = text[index - 1]
        if closer == "’" and after.isalpha():
            index += 1  # an apostrophe (Turkey’s, isn't), not the end of a quote
            continue
        if not before.isspace():
            return index + len(closer)
        index += 1
    return None
