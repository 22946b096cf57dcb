"""Articles: the paged, filtered list (the dashboard's home page) and one article with its clean text
and its statements highlighted."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import selectinload

from rashomon.export import agreement_mention_records, event_records, statement_records
from rashomon.store.models import Article, EventRow, StatementRow
from rashomon.web.article_view import article_context
from rashomon.web.deps import FiltersDep, PagingDep, SessionDep
from rashomon.web.pages import page_nav, render, render_error
from rashomon.web.params import PageOut
from rashomon.web.queries import counts_by_article, page_articles
from rashomon.web.records import article_page_records

api = APIRouter(prefix="/api/articles", tags=["articles"])
html = APIRouter(include_in_schema=False)


@api.get("", summary="Articles, newest first")
def list_articles(session: SessionDep, f: FiltersDep, paging: PagingDep) -> PageOut:
    """`article` records of the export contract. `q` searches titles and clean texts; `actor`,
    `place` and `event_type` keep articles that mention such an actor or place or tell such an event."""
    rows, total = page_articles(session, f, paging)
    return PageOut(total=total, limit=paging.limit, offset=paging.offset, items=article_page_records(rows))


@api.get("/{article_id}", summary="One article with its statements, events and agreement mentions")
def get_article(article_id: str, session: SessionDep) -> dict[str, Any]:
    article = session.get(Article, article_id)
    if article is None:
        raise HTTPException(404, f"no article {article_id}")
    return {
        "article": article_page_records([article])[0],
        "statements": list(statement_records(article)),
        "events": list(event_records(article)),
        "agreement_mentions": list(agreement_mention_records(article)),
    }


@html.get("/", response_class=HTMLResponse)
def articles_page(request: Request, session: SessionDep, f: FiltersDep, paging: PagingDep) -> HTMLResponse:
    rows, total = page_articles(session, f, paging)
    ids = [a.id for a in rows]
    return render(
        request, session, "articles.html", f,
        articles=rows,
        statement_counts=counts_by_article(session, StatementRow.article_id, ids),
        event_counts=counts_by_article(session, EventRow.article_id, ids),
        page=page_nav("/", f, paging, len(rows), total),
    )  # fmt: skip


@html.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(article_id: str, request: Request, session: SessionDep) -> HTMLResponse:
    options = (
        selectinload(Article.statements),
        selectinload(Article.events),
        selectinload(Article.dropped_lines),
        selectinload(Article.actor_mentions),
        selectinload(Article.places),
        selectinload(Article.agreement_mentions),
    )
    article = session.get(Article, article_id, options=options)
    if article is None:
        return render_error(request, 404, f"No article {article_id} in this store.")
    return render(request, session, "article.html", **article_context(article))
