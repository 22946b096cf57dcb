"""Records about the whole corpus (agreements, stories, incidents, contradictions, framing): the
reconcile stage's output, paged and filtered through the articles that tell them."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from rashomon.web.deps import FiltersDep, PagingDep, SessionDep
from rashomon.web.pages import page_nav, render
from rashomon.web.params import PageOut
from rashomon.web.records import CORPUS_KINDS, corpus_page

api = APIRouter(prefix="/api", tags=["corpus"])
html = APIRouter(include_in_schema=False)

_ABOUT = {
    "agreements": "`agreement` records: agreements linked across articles, with mentions and claims.",
    "stories": "`story` records: articles about one developing situation.",
    "incidents": "`incident` records: one real-world event as told across articles, each outlet's version.",
    "contradictions": "`contradiction` records: accounts that cannot all be true, side by side.",
    "framing": "`framing` records: how each outlet names each actor (only outlet, actor and q apply).",
}
_FILTERS_NOTE = (
    " Filters other than `q` keep the records told by at least one article that passes them; `q` "
    "searches names, titles and summaries."
)
_PAGES = ("agreements", "stories", "incidents", "contradictions", "framing")


def _api_endpoint(kind: str) -> Callable[..., PageOut]:
    def endpoint(session: SessionDep, f: FiltersDep, paging: PagingDep) -> PageOut:
        items, total = corpus_page(session, kind, f, paging)
        return PageOut(total=total, limit=paging.limit, offset=paging.offset, items=items)

    endpoint.__name__ = f"list_{kind}"
    endpoint.__doc__ = _ABOUT[kind] + ("" if kind == "framing" else _FILTERS_NOTE)
    return endpoint


def _html_endpoint(kind: str) -> Callable[..., HTMLResponse]:
    def endpoint(request: Request, session: SessionDep, f: FiltersDep, paging: PagingDep) -> HTMLResponse:
        items, total = corpus_page(session, kind, f, paging)
        nav = page_nav(f"/{kind}", f, paging, len(items), total)
        return render(request, session, f"{kind}.html", f, items=items, page=nav)

    endpoint.__name__ = f"{kind}_page"
    return endpoint


for _kind in CORPUS_KINDS:
    api.add_api_route(f"/{_kind}", _api_endpoint(_kind), methods=["GET"], summary=_kind.capitalize())
for _kind in _PAGES:
    html.add_api_route(f"/{_kind}", _html_endpoint(_kind), methods=["GET"], response_class=HTMLResponse)
