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

A block quote has no marks: a paragraph that ends in a colon after words that give a speaker or a
statement ("the ministry said:", "Netanyahu's office:"; data/<lang>/framing.json: block_quote_cues)
introduces the next paragraph as that speaker's words, as if quoted.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from rashomon.extract.quotes import can_open, quote_regions
from rashomon.language_data import load_language_data
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
            regions += _continued(text, regions)
            return sorted(regions + block_quotes(text, regions))
        position = restart


# a paragraph ending in a colon, then the next paragraph (not opened by a quotation mark)
_COLON_PARAGRAPH = re.compile(r"(?P<intro>[^\n]*):[ \t]*\n\s*\n[ \t]*(?P<block>[^\s“\"'‘«][^\n]*)")
_SENTENCE_END = re.compile(r"[.!?][\"”’)]*\s+")
_WORD = re.compile(r"[\w'’]+")


def block_quotes(text: str, regions: Sequence[Span] = (), language: str = "en") -> list[Span]:
    """Paragraphs introduced as someone's words by a colon (see the module docstring), outside
    `regions` (quotes with marks)."""
    cues = _block_quote_cues(language)
    found = []
    for match in _COLON_PARAGRAPH.finditer(text):
        start, end = match.span("block")
        if any(s <= start < e for s, e in regions):
            continue
        intro = _SENTENCE_END.split(match.group("intro"))[-1]
        if any(
            word.casefold().removesuffix("'s").removesuffix("’s") in cues for word in _WORD.findall(intro)
        ):
            found.append((start, end))
    return found


@lru_cache(maxsize=4)
def _block_quote_cues(language: str = "en") -> frozenset[str]:
    return frozenset(
        w.casefold() for w in load_language_data("framing", language).get("block_quote_cues", [])
    )


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
