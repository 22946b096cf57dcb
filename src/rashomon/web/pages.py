"""HTML rendering: one Jinja2 environment (the report's, see `rashomon.report.templating`: autoescape on
for every template, as article text, titles, outlet names and URLs are untrusted), links that keep the
filters and the access token, the context every page shares, and the stylesheet."""

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
from rashomon.web.security import request_token

NAV = (
    ("/", "Articles"),
    ("/statements", "Statements"),
    ("/events", "Events"),
    ("/agreements", "Agreements"),
    ("/stories", "Stories"),
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


@dataclass(frozen=True)
class Links:
    """Makes links within the dashboard. When the page was opened with `?token=`, every link carries
    it on, so a browser can follow them on a server that requires one."""

    token: str | None = None

    def __call__(self, path: str, /, **params: Any) -> str:
        query = {key: value for key, value in params.items() if value not in (None, "")}
        if self.token:
            query["token"] = self.token
        target = quote(path, safe="/#")
        return f"{target}?{urlencode(query)}" if query else target


def links_for(request: Request) -> Links:
    has_header = any(name == b"authorization" for name, _ in request.scope.get("headers", []))
    carried = request_token(request.scope) if request.app.state.token and not has_header else None
    return Links(carried)


@dataclass(frozen=True)
class PageNav:
    """ "Showing 51–100 of 230" with the previous and next page's links."""

    first: int
    last: int
    total: int
    previous: str | None
    next: str | None


def page_nav(links: Links, path: str, f: Filters, paging: Paging, shown: int, total: int) -> PageNav:
    size = paging.limit if paging.limit != DEFAULT_LIMIT else None  # the default stays out of links

    def at(offset: int) -> str:
        return links(path, **f.active(), limit=size, offset=offset or None)

    previous = at(max(0, paging.offset - paging.limit)) if paging.offset > 0 else None
    following = at(paging.offset + paging.limit) if paging.offset + paging.limit < total else None
    first = paging.offset + 1 if shown else 0
    return PageNav(first, paging.offset + shown, total, previous, following)


def render(
    request: Request, session: Session, template: str, f: Filters | None = None, **context: Any
) -> HTMLResponse:
    f = f or Filters()
    common = {
        "link": links_for(request),
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
        link=links_for(request), nav=NAV, current="", filters=Filters(), version=__version__,
        status=status, message=message,
    )  # fmt: skip
    return HTMLResponse(html, status_code=status)


def stylesheet() -> bytes:
    """/static/app.css: the stylesheet shared with the report, then the dashboard's own rules."""
    return ENV.get_template("app.css").render().encode("utf-8")
