"""Search hits shown in context: a window of text around the first match, cut into plain and matched
pieces that the template writes as escaped text (matched pieces inside <mark>), never as markup."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from rashomon.export import Record
from rashomon.web.params import Filters, Paging
from rashomon.web.queries import page_articles, page_statements
from rashomon.web.records import article_page_records, statement_page_records

# Characters of context either side of the first match: about two lines of a results page.
CONTEXT_CHARS = 90


@dataclass(frozen=True)
class Piece:
    text: str
    match: bool = False


def snippet(text: str, terms: list[str], context: int = CONTEXT_CHARS) -> list[Piece]:
    """The stretch of `text` around the first occurrence of any term, every occurrence marked."""
    flat = " ".join(text.split())
    if not terms:
        return [Piece(_clip(flat, 0, 2 * context))]
    pattern = re.compile("|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)), re.IGNORECASE)
    first = pattern.search(flat)
    if first is None:
        return [Piece(_clip(flat, 0, 2 * context))]
    start, end = max(0, first.start() - context), min(len(flat), first.end() + context)
    pieces = [Piece("…")] if start else []
    cursor = start
    for found in pattern.finditer(flat, start, end):
        pieces += [Piece(flat[cursor : found.start()]), Piece(found.group(), match=True)]
        cursor = found.end()
    pieces.append(Piece(flat[cursor:end] + ("…" if end < len(flat) else "")))
    return [p for p in pieces if p.text]


def _clip(text: str, start: int, end: int) -> str:
    return text[start:end] + ("…" if end < len(text) else "")


def snippet_text(pieces: list[Piece]) -> str:
    return "".join(p.text for p in pieces)


@dataclass(frozen=True)
class Hits:
    rows: list[Any]  # Article or StatementRow
    records: list[Record]
    snippets: list[list[Piece]]
    total: int


def search_articles(session: Session, f: Filters, paging: Paging) -> Hits:
    rows, total = page_articles(session, f, paging)
    return Hits(rows, article_page_records(rows), [snippet(a.text, f.terms) for a in rows], total)


def search_statements(session: Session, f: Filters, paging: Paging) -> Hits:
    rows, total = page_statements(session, f, paging)
    return Hits(rows, statement_page_records(rows), [snippet(s.content, f.terms) for s in rows], total)
