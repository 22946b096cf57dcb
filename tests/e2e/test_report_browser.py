"""The report in a real browser, opened from file:// as a reader would: the map and the timelines
draw, a map filter changes the points shown, nothing is requested from the network and the hostile
article's text runs no script. Needs Debian's chromium (/usr/bin/chromium) and Python Playwright."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import Watched, watching
from tests.e2e.web_store import COUNTRY_ONLY, build_report, kupiansk_article

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

HOSTILE = "</script><script>alert(1)</script><img src=x onerror=alert(2)>"
# Schemes that stay on this machine: the pages and the library, and images plotly draws in memory.
_LOCAL = ("file://", "data:", "blob:")


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_report(tmp_path_factory.mktemp("browser"), kupiansk_article(HOSTILE, COUNTRY_ONLY))[0]


@pytest.fixture
def watched(browser: Any) -> Iterator[Watched]:
    with watching(
        browser, lambda url: url.startswith(_LOCAL), viewport={"width": 1300, "height": 1400}
    ) as seen:
        yield seen


def _open(page: Any, path: Path) -> None:
    page.goto(path.resolve().as_uri(), wait_until="load")
    page.wait_for_timeout(300)  # plotly draws on the next frames


def test_map_draws_points_on_the_basemap_and_filters_them(watched: Watched, report: Path) -> None:
    page = watched.page
    _open(page, report / "map.html")
    page.wait_for_selector("#map .scattergeo path.point")
    points = page.locator("#map .scattergeo path.point")
    shown = int(page.inner_text("#map-shown"))
    assert shown > 1 and points.count() == shown
    assert page.locator("#map .scattergeo path.js-line").count() >= 2  # shorelines and borders
    data = json.loads(page.inner_text("#map-data"))
    area_only = sum(1 for p in data["points"] if p["precision"] == 3)
    styles = page.eval_on_selector_all("#map .scattergeo path.point", "els => els.map(e => e.style.fill)")
    assert area_only and styles.count("none") == area_only  # a ring where only a region or country is named
    outlets = page.eval_on_selector_all("#filter-outlet option", "els => els.map(e => e.value)")
    page.select_option("#filter-outlet", outlets[1])  # the outlet with the most located events
    page.wait_for_timeout(200)
    fewer = int(page.inner_text("#map-shown"))
    assert 0 < fewer < shown and points.count() == fewer
    page.select_option("#filter-outlet", "")
    page.wait_for_timeout(200)
    assert points.count() == shown
    watched.assert_quiet()


def test_timelines_draw_a_chart_per_story(watched: Watched, report: Path) -> None:
    page = watched.page
    _open(page, report / "timeline.html")
    page.wait_for_selector("#timeline-0 .scatterlayer path.point")
    charts = page.locator("div.chart[id^=timeline-]")
    assert charts.count() >= 5
    for i in range(charts.count()):
        assert charts.nth(i).locator(".scatterlayer path.point").count() > 0
    watched.assert_quiet()


def test_framing_heatmap_draws(watched: Watched, report: Path) -> None:
    page = watched.page
    _open(page, report / "framing.html")
    page.wait_for_selector("#heatmap .hm")
    assert page.locator("#heatmap-actor option").count() >= 2
    watched.assert_quiet()


def test_hostile_article_runs_no_script_anywhere(watched: Watched, report: Path) -> None:
    page = watched.page
    pages = [report / "index.html", *sorted(report.glob("*.html")), *sorted(report.glob("articles/*.html"))]
    titles = []
    for path in pages:
        _open(page, path)
        titles.append(page.title())
    assert any(HOSTILE in title for title in titles)  # the article page's title, as text
    _open(page, report / "index.html")
    assert HOSTILE in page.inner_text("#outlets")  # shown as text, not run
    watched.assert_quiet()


def test_article_layers_show_titles_and_toggle_without_scripts(watched: Watched, report: Path) -> None:
    page = watched.page
    article = next(p for p in sorted(report.glob("articles/*.html")) if "Kupiansk" in p.read_text("utf-8"))
    _open(page, article)
    for kind in ("event", "actor", "place"):
        mark = page.locator(f"div.story span.mk-{kind}").first
        assert mark.get_attribute("title").startswith(kind.capitalize() + ": ")
        # Drawn with a border or an underline; unticking the layer in the legend takes it away.
        drawn = "e => getComputedStyle(e).borderBottomWidth + ' ' + getComputedStyle(e).textDecorationLine"
        before = mark.evaluate(drawn)
        assert before != "0px none", kind
        page.click(f'label[for="layer-{kind}"]')
        assert not page.is_checked(f"#layer-{kind}")
        assert mark.evaluate(drawn) == "0px none", kind
        page.click(f'label[for="layer-{kind}"]')
        assert mark.evaluate(drawn) == before
    watched.assert_quiet()
