"""An article's page: its clean text with each statement's content, cue and source, event triggers and
actor, place and agreement mentions marked (built by the report's `highlighted_article`, so both show the
same thing; the route loads those rows with the article), its statements and its events."""

from __future__ import annotations

from typing import Any

from rashomon.report.highlight import highlighted_article
from rashomon.store.models import Article


def article_context(article: Article) -> dict[str, Any]:
    return {**highlighted_article(article), "events": article.events}
