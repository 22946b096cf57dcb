"""The self-contained HTML report: plain files with inline CSS and no scripts or remote assets, so it
opens from file:// on an air-gapped machine. Jinja2 autoescaping escapes all article text."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from itertools import groupby
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from sqlalchemy import select
from sqlalchemy.orm import Session

from rashomon import __version__
from rashomon.store.db import Store
from rashomon.store.models import Article, InputFailure, Run
from rashomon.store.repository import articles

# Most frequent distinct names shown per entity type on an article page.
_MENTIONS_PER_LABEL = 12


@dataclass(frozen=True)
class Page:
    """A top-level page of the report; later stages register theirs in PAGES."""

    filename: str
    title: str
    template: str
    context: Callable[[Session], dict[str, Any]]


def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("rashomon.report", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _index_context(session: Session) -> dict[str, Any]:
    stored = articles(session)
    # Each group is (its first article, which carries the outlet fields; all its articles).
    by_outlet = [
        (rows[0], rows) for rows in (list(g) for _, g in groupby(stored, key=lambda a: a.outlet_name))
    ]
    failures = list(session.scalars(select(InputFailure).order_by(InputFailure.run_id, InputFailure.id)))
    return {"articles": stored, "by_outlet": by_outlet, "failures": failures}


PAGES: list[Page] = [Page("index.html", "Articles", "index.html", _index_context)]


def write_report(store: Store, out_dir: Path) -> Path:
    """Write `out_dir/index.html`, the registered pages and one page per article; returns index path."""
    env = _environment()
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "articles").mkdir(exist_ok=True)
    with store.session() as session:
        common = _common_context(session)
        for page in PAGES:
            html = env.get_template(page.template).render(**common, **page.context(session), root="")
            (out_dir / page.filename).write_text(html, encoding="utf-8")
        article_template = env.get_template("article.html")
        for article in articles(session):
            html = article_template.render(**common, **_article_context(article), root="../")
            (out_dir / "articles" / f"{article.id}.html").write_text(html, encoding="utf-8")
    return out_dir / "index.html"


def _common_context(session: Session) -> dict[str, Any]:
    runs = session.execute(select(Run.model_name, Run.model_version).distinct())
    models = sorted(f"{name} {version}" for name, version in runs)
    generated = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    return {"pages": PAGES, "models": models, "version": __version__, "generated": generated}


def _article_context(article: Article) -> dict[str, Any]:
    names_by_label: dict[str, Counter[str]] = defaultdict(Counter)
    for mention in article.mentions:
        names_by_label[mention.label][mention.text] += 1
    mentions = [
        (label, [name for name, _ in counts.most_common(_MENTIONS_PER_LABEL)])
        for label, counts in sorted(names_by_label.items())
    ]
    paragraphs = [p for p in article.text.split("\n\n") if p.strip()]
    return {"article": article, "paragraphs": paragraphs, "mentions": mentions}
