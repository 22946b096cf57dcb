"""Attributed statements across articles, filtered by outlet, speaker, place, date and text."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from rashomon.report.highlight import statement_number
from rashomon.web.deps import FiltersDep, PagingDep, SessionDep
from rashomon.web.pages import page_nav, render
from rashomon.web.params import PageOut
from rashomon.web.queries import page_statements
from rashomon.web.records import statement_page_records
from rashomon.web.search import snippet

api = APIRouter(prefix="/api/statements", tags=["statements"])
html = APIRouter(include_in_schema=False)


@api.get("", summary="Statements, newest article first")
def list_statements(session: SessionDep, f: FiltersDep, paging: PagingDep) -> PageOut:
    """`statement` records. `actor` matches the speaker's actor id or name, `place` a place named in
    the content, dates the day it was said (else the article's), `event_type` the events it reports,
    `q` the content."""
    rows, total = page_statements(session, f, paging)
    return PageOut(total=total, limit=paging.limit, offset=paging.offset, items=statement_page_records(rows))


@html.get("/statements", response_class=HTMLResponse)
def statements_page(request: Request, session: SessionDep, f: FiltersDep, paging: PagingDep) -> HTMLResponse:
    rows, total = page_statements(session, f, paging)
    entries = [(row, statement_number(row.id), snippet(row.content, f.terms, 160)) for row in rows]
    return render(
        request, session, "statements.html", f,
        entries=entries, page=page_nav("/statements", f, paging, len(rows), total),
    )  # fmt: skip
