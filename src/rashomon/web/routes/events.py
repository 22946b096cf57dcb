"""Coded events across articles (PLOVER, with ACLED types where they apply)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from rashomon.report.highlight import statement_number
from rashomon.web.deps import FiltersDep, PagingDep, SessionDep
from rashomon.web.pages import page_nav, render
from rashomon.web.params import PageOut
from rashomon.web.queries import page_events
from rashomon.web.records import event_page_records

api = APIRouter(prefix="/api/events", tags=["events"])
html = APIRouter(include_in_schema=False)


@api.get("", summary="Events, newest first")
def list_events(session: SessionDep, f: FiltersDep, paging: PagingDep) -> PageOut:
    """`event` records. `actor` matches the actor or the target (id or name), `place` the location,
    dates the event's date (else its article's), `event_type` the PLOVER or ACLED type, `q` the
    sentence that tells it."""
    rows, total = page_events(session, f, paging)
    return PageOut(total=total, limit=paging.limit, offset=paging.offset, items=event_page_records(rows))


@html.get("/events", response_class=HTMLResponse)
def events_page(request: Request, session: SessionDep, f: FiltersDep, paging: PagingDep) -> HTMLResponse:
    rows, total = page_events(session, f, paging)
    entries = [
        (
            row,
            " ".join(row.article.text[row.start : row.end].split()),
            statement_number(row.reported_by or ""),
        )
        for row in rows
    ]
    return render(
        request, session, "events.html", f,
        entries=entries, page=page_nav("/events", f, paging, len(rows), total),
    )  # fmt: skip
