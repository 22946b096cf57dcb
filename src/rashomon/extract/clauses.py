"""Small helpers over a spaCy parse shared by the extraction stages: phrases, spans, paragraphs."""

from __future__ import annotations

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from rashomon.clean.dates import WEEKDAYS as CALENDAR_WEEKDAYS
from rashomon.extract.doc_views import doc_text
from rashomon.types import Span

WEEKDAYS = tuple(day.lower() for day in CALENDAR_WEEKDAYS)  # "monday", ... as spaCy's lower_ gives them


def phrase(token: Token) -> SpacySpan:
    """The noun phrase headed by `token`, without a trailing relative clause or punctuation."""
    dropped = {
        t.i
        for c in token.children
        if c.dep_ in ("relcl", "acl") or c.left_edge.lower_ in ("which", "who", "whose")
        for t in c.subtree
    }
    kept = [
        t for t in token.subtree if t.i not in dropped and not (t.dep_ == "punct" and t.head.i == token.i)
    ]
    left = min(t.i for t in kept)
    right = max(t.i for t in kept)
    doc = token.doc
    while right > left and (doc[right].is_punct or doc[right].tag_ == "POS"):
        right -= 1
    return doc[left : right + 1]


def paragraph_of(token: Token) -> Span:
    text = doc_text(token.doc)
    start = text.rfind("\n\n", 0, token.idx)
    end = text.find("\n\n", token.idx)
    return (0 if start == -1 else start + 2), (len(text) if end == -1 else end)


def trim(text: str, start: int, end: int) -> Span:
    while start < end and text[start] in " ,;:—–-":
        start += 1
    while end > start and text[end - 1] in " ,;:—–-":
        end -= 1
    return start, end


def widen_to_quotes(start: int, end: int, regions: list[Span]) -> Span:
    """A content that overlaps a quote takes the whole quote: split and multi-sentence quotes stay one."""
    for region_start, region_end in regions:
        if region_start < end and start < region_end:
            start, end = min(start, region_start), max(end, region_end)
    return start, end


def has_that(clause: Token) -> bool:
    return any(c.dep_ == "mark" and c.lower_ == "that" for c in clause.children)


def end_of(token: Token) -> int:
    return token.idx + len(token.text)


def is_time(token: Token) -> bool:
    return token.ent_type_ in ("DATE", "TIME") or token.lower_ in WEEKDAYS


def inside(token: Token, span: SpacySpan) -> bool:
    return span.start <= token.i < span.end
