"""The headline as the first paragraph of the analysed text.

A headline carries an article's main claim ("Army denies bombing market"), so it is analysed with the
story: the clean text starts with it as a paragraph of its own, and every span indexes that text. The
title stays the article's title too; these helpers tell where the headline ends and the body starts,
for what must read the body alone (near-duplicates, the lead) or show the headline once (the views).

Pure string work: no model, no store.
"""

from __future__ import annotations

import re

PARAGRAPH_BREAK = "\n\n"

_SPACES = re.compile(r"\s+")
# A paragraph ends at a blank line (possibly holding spaces).
_BLANK_LINE = re.compile(r"\n[^\S\n]*\n")


def one_line(title: str) -> str:
    """The title as one line: a headline split over lines is still one paragraph."""
    return _SPACES.sub(" ", title).strip()


def _key(text: str) -> str:
    return one_line(text).casefold()


def with_headline(title: str | None, body: str) -> str:
    """The text to analyse: the headline, a blank line, then the body; the body alone when there is no
    title or the body already starts with it (a one-line item is all headline)."""
    headline = one_line(title or "")
    if not headline or _key(body).startswith(_key(headline)):
        return body
    return f"{headline}{PARAGRAPH_BREAK}{body}" if body.strip() else headline


def headline_end(title: str | None, text: str) -> int:
    """Where the headline paragraph ends in `text`, or 0 when the text does not start with it."""
    headline = one_line(title or "")
    if not headline:
        return 0
    gap = _BLANK_LINE.search(text)
    first = text[: gap.start()] if gap else text
    return len(first) if _key(first) == _key(headline) else 0


def body_start(title: str | None, text: str) -> int:
    """Where the body starts in `text`: after the headline paragraph and the blank lines that follow it
    (0 when the text does not start with the headline; the text's length when it is all headline)."""
    end = headline_end(title, text)
    if end == 0:
        return 0
    rest = text[end:]
    return end + len(rest) - len(rest.lstrip())


def body_text(title: str | None, text: str) -> str:
    """The text less its headline paragraph; the whole text when it is all headline."""
    start = body_start(title, text)
    return text[start:] if start < len(text) else text
