"""HTML rendering: one Jinja2 environment (the report's, see `rashomon.report.templating`: autoescape on
for every template, as article text, titles, outlet names and URLs are untrusted), links that keep the
filters, the context every page shares, and the stylesheet."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from rashomon import __version__
from rashomon.report.templating import environment
from rashomon.web import queries
from rashomon.web.params import DEFAULT_LIMIT, Filters, Paging

NAV = (
    ("/", "Articles"),
    ("/statements", "Statements"),
    ("/events", "Events"),
    ("/agreements", "Agreements"),
    ("/stories", "Stories"),
    ("/incidents", "Incidents"),
    ("/contradictions", "Contradictions"),
    ("/framing", "Framing"),
)


def web_url(url: str | None) -> str | None:
    """`url` when it is an http(s) address, else None: a stored `javascript:` or `data:` URL never
    becomes a link."""
    if url and url.lower().startswith(("http://", "https://")):
        return url
    return None


ENV = environment("rashomon.web", web_url=web_url)


def link(path: str, /, **params: Any) -> str:
    """A link within the dashboard with its query parameters (empty ones left out). No token: a
    browser that opened `?token=` carries a session cookie instead (see `security`)."""
    query = {key: value for key, value in params.items() if value not in (None, "")}
    target = quote(path, safe="/#")
    return f"{target}?{urlencode(query)}" if query else target


@dataclass(frozen=True)
class PageNav:
    """ "Showing 51–100 of 230" with the previous and next page's links."""

    first: int
    last: int
    total: int
    previous: str | None
    next: str | None


def page_nav(path: str, f: Filters, paging: Paging, shown: int, total: int) -> PageNav:
    size = paging.limit if paging.limit != DEFAULT_LIMIT else None  # the default stays out of links

    def at(offset: int) -> str:
        return link(path, **f.active(), limit=size, offset=offset or None)

    previous = at(max(0, paging.offset - paging.limit)) if paging.offset > 0 else None
    following = at(paging.offset + paging.limit) if paging.offset + paging.limit < total else None
    first = paging.offset + 1 if shown else 0
    return PageNav(first, paging.offset + shown, total, previous, following)


def render(
    request: Request, session: Session, template: str, f: Filters | None = None, **context: Any
) -> HTMLResponse:
    f = f or Filters()
    common = {
        "link": link,
        "nav": NAV,
        "current": request.url.path,
        "filters": f,
        "version": __version__,
        "outlets": queries.outlets(session),
        "event_types": queries.event_types(session),
        "actors": queries.actor_suggestions(session),
    }
    return HTMLResponse(ENV.get_template(template).render(**common, **context))


def render_error(request: Request, status: int, message: str) -> HTMLResponse:
    html = ENV.get_template("error.html").render(
        link=link, nav=NAV, current="", filters=Filters(), version=__version__,
        status=status, message=message,
    )  # fmt: skip
    return HTMLResponse(html, status_code=status)


def stylesheet() -> bytes:
    """/static/app.css: the stylesheet shared with the report, then the dashboard's own rules."""
    return ENV.get_template("app.css").render().encode("utf-8")
