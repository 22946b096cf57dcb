"""Full-text search over article texts (and titles) and statement contents, with the other filters."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from pydantic import BaseModel

from rashomon.web.deps import FiltersDep, PagingDep, SessionDep
from rashomon.web.pages import render
from rashomon.web.params import PageOut
from rashomon.web.search import Hits, search_articles, search_statements, snippet_text

api = APIRouter(prefix="/api", tags=["search"])
html = APIRouter(include_in_schema=False)


class SearchOut(BaseModel):
    q: str | None
    terms: list[str]
    articles: PageOut
    statements: PageOut


def _page(hits: Hits, limit: int, offset: int) -> PageOut:
    items: list[dict[str, Any]] = [
        {**record, "snippet": snippet_text(pieces)}
        for record, pieces in zip(hits.records, hits.snippets, strict=True)
    ]
    return PageOut(total=hits.total, limit=limit, offset=offset, items=items)


@api.get("/search", summary="Search articles and statements")
def search(session: SessionDep, f: FiltersDep, paging: PagingDep) -> SearchOut:
    """Every word or "quoted phrase" of `q` must occur (case-insensitive). Each hit is its export
    record with a `snippet` of text around the first match; both lists take the same paging."""
    articles = search_articles(session, f, paging)
    statements = search_statements(session, f, paging)
    return SearchOut(
        q=f.q,
        terms=f.terms,
        articles=_page(articles, paging.limit, paging.offset),
        statements=_page(statements, paging.limit, paging.offset),
    )


@html.get("/search", response_class=HTMLResponse)
def search_page(request: Request, session: SessionDep, f: FiltersDep, paging: PagingDep) -> HTMLResponse:
    articles = search_articles(session, f, paging) if f.terms else None
    statements = search_statements(session, f, paging) if f.terms else None
    return render(request, session, "search.html", f, article_hits=articles, statement_hits=statements)
