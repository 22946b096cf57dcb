"""The HTML report: self-contained (no remote assets, no scripts but the report's own) and escaping
untrusted article text."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from rashomon.analyze import analyze
from rashomon.report.render import write_report
from rashomon.store.db import open_store
from tests.helpers import invented_article
from tests.test_report_views import assert_only_report_scripts

pytestmark = pytest.mark.slow

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.fixture
def report_dir(tmp_path: Path) -> Path:
    batch = tmp_path / "batch.jsonl"
    hostile = {
        "text": invented_article(5) + f"\nA reader wrote {HOSTILE} in the comments of the story today.\n",
        "title": f"Headline {HOSTILE}",
        "url": "https://news.example.org/a?x=<b>",
        "outlet": f"Site {HOSTILE}",
    }
    records = [hostile, {"text": invented_article(6)}]
    batch.write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    db = str(tmp_path / "r.db")
    analyze([str(batch)], db=db)
    out = tmp_path / "report"
    with open_store(db) as store:
        write_report(store, out)
    return out


def all_pages(report_dir: Path) -> list[str]:
    return [page.read_text(encoding="utf-8") for page in sorted(report_dir.rglob("*.html"))]


def test_article_text_title_url_and_outlet_are_escaped(report_dir: Path) -> None:
    pages = all_pages(report_dir)
    from rashomon.report.render import PAGES

    assert len(pages) == len(PAGES) + 2  # every registered page and the two article pages
    joined = "\n".join(pages)
    assert '<script>alert("x")' not in joined
    for page in pages:
        assert_only_report_scripts(page)  # the chart library, the report's own code, JSON data
    assert "<img" not in joined.lower()
    assert "&lt;script&gt;" in joined


def test_report_is_self_contained(report_dir: Path) -> None:
    for page in all_pages(report_dir):
        targets = re.findall(r'(?:href|src)="([^"]*)"', page)
        assert all(not re.match(r"[a-z]+:", target) for target in targets), targets  # relative links only
        assert "@import" not in page and "url(" not in page


def test_index_links_every_article_page(report_dir: Path) -> None:
    index = (report_dir / "index.html").read_text(encoding="utf-8")
    for link in re.findall(r'href="(articles/[^"]+)"', index):
        assert (report_dir / link).is_file()
