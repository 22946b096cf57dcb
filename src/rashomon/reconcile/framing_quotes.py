"""Quotation marks for the voice of a label, with quotes opened twice before they close.

A writer who opens a quote and opens it again before closing it ("sources' said over 300 militants
were killed in the "intelligence-led" operation; a paragraph quote that starts again “Much of those
areas ...”) leaves the first mark without its closing one: paired with the closing mark of the second
quote, it would put the narration between them in someone's words. A mark reopened so is unclosed,
and the quote runs from the second mark.

A quote that goes on into the next paragraph is not closed where its paragraph ends: the next
paragraph opens with the mark again (the English convention for quotes of several paragraphs). An
opening mark left without its closing mark is a quote to its paragraph's end where the next paragraph
opens with the same mark, or where its paragraph is the text's last (a page cut off inside a quote).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rashomon.extract.quotes import can_open, quote_regions
from rashomon.types import Span

_SPACES = re.compile(r"\s*")

# double marks whose reopening (the same mark, opening a word) before the closing one is a new quote
_REOPENED = ("“", '"', "«")


def balanced_quote_regions(text: str) -> list[Span]:
    """`quote_regions`, with a quote whose mark opens again before it closes read from the second."""
    regions: list[Span] = []
    position = 0
    while True:
        found = [(s + position, e + position) for s, e in quote_regions(text[position:])]
        restart = None
        for start, end in found:
            restart = _reopened_at(text, start, end)
            if restart is not None:
                break
            regions.append((start, end))
        if restart is None:
            return sorted(regions + _continued(text, regions))
        position = restart


def _continued(text: str, regions: Sequence[Span]) -> list[Span]:
    """Quotes whose paragraph ends before they close, with the next paragraph opening them again."""
    found: list[Span] = []
    covered = list(regions)
    for mark in _REOPENED:
        index = text.find(mark)
        while index != -1:
            end = text.find("\n", index)
            end = len(text) if end == -1 else end
            opens = can_open(text, index, 1) and not any(s <= index < e for s, e in covered)
            if opens and (
                _cut_off(text, index, end) or text.startswith(mark, _SPACES.match(text, end).end())
            ):
                found.append((index, end))
                covered.append((index, end))
            index = text.find(mark, index + 1)
    return found


def _cut_off(text: str, index: int, end: int) -> bool:
    """The text ends inside the quote: its paragraph is the last, with no mark after the opening one."""
    return not text[end:].strip() and not any(m in text[index + 1 : end] for m in (*_REOPENED, "”", "»"))


def _reopened_at(text: str, start: int, end: int) -> int | None:
    """Where the quote's opening mark opens again inside it, or None."""
    mark = text[start]
    if mark not in _REOPENED:
        return None
    index = text.find(mark, start + 1, end - 1)
    while index != -1:
        if text[index - 1].isspace() and can_open(text, index, 1):
            return index
        index = text.find(mark, index + 1, end - 1)
    return None
