"""The report in a real browser, opened from file:// as a reader would: the map and the timelines
draw, a map filter changes the points shown, nothing is requested from the network and the hostile
article's text runs no script. Needs Debian's chromium (/usr/bin/chromium) and Python Playwright."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

CHROMIUM = "/usr/bin/chromium"
HOSTILE = "</script><script>alert(1)</script><img src=x onerror=alert(2)>"
STORIES = Path(__file__).resolve().parent.parent / "data" / "stories" / "articles.jsonl"
# Schemes that stay on this machine: the pages and the library, and images plotly draws in memory.
_LOCAL = ("file://", "data:", "blob:")


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from rashomon.analyze import analyze  # loads spaCy

    tmp = tmp_path_factory.mktemp("browser")
    hostile = {
        "outlet": f"Wire {HOSTILE}",
        "date": "2023-09-15",
        "title": f"Shelling in Kupiansk {HOSTILE}",
        "text": f"Shelling in Kupiansk {HOSTILE}\n\nKUPIANSK, September 15 - Fighters of the {HOSTILE} "
        "brigade shelled the market in Kupiansk on Friday, killing five civilians, the governor said.\n",
    }
    lines = [*STORIES.read_text(encoding="utf-8").splitlines(), json.dumps(hostile)]
    (tmp / "batch.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    analyze([str(tmp / "batch.jsonl")], db=str(tmp / "r.db"), report_dir=tmp / "report")
    return tmp / "report"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).is_file() and not shutil.which("chromium"):
        pytest.skip(f"no chromium at {CHROMIUM} (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="Python Playwright is not installed")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM if Path(CHROMIUM).is_file() else shutil.which("chromium"),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1300, "height": 1400})
    tab = context.new_page()
    tab.requests = []  # every URL asked for, and every dialog opened, for the tests to check
    tab.dialogs = []
    tab.errors = []
    tab.on("request", lambda request: tab.requests.append(request.url))
    tab.on("dialog", lambda dialog: (tab.dialogs.append(dialog.message), dialog.dismiss()))
    tab.on("pageerror", lambda error: tab.errors.append(str(error)))
    yield tab
    context.close()


def _open(page: Any, path: Path) -> None:
    page.goto(path.resolve().as_uri(), wait_until="load")
    page.wait_for_timeout(300)  # plotly draws on the next frames


def _offline(page: Any) -> None:
    remote = [url for url in page.requests if not url.startswith(_LOCAL)]
    assert not remote, remote
    assert not page.dialogs, page.dialogs
    assert not page.errors, page.errors


def test_map_draws_points_on_the_basemap_and_filters_them(page: Any, report: Path) -> None:
    _open(page, report / "map.html")
    page.wait_for_selector("#map .scattergeo path.point")
    points = page.locator("#map .scattergeo path.point")
    shown = int(page.inner_text("#map-shown"))
    assert shown > 1 and points.count() == shown
    assert page.locator("#map .scattergeo path.js-line").count() >= 2  # shorelines and borders
    outlets = page.eval_on_selector_all("#filter-outlet option", "els => els.map(e => e.value)")
    page.select_option("#filter-outlet", outlets[1])  # the outlet with the most located events
    page.wait_for_timeout(200)
    fewer = int(page.inner_text("#map-shown"))
    assert 0 < fewer < shown and points.count() == fewer
    page.select_option("#filter-outlet", "")
    page.wait_for_timeout(200)
    assert points.count() == shown
    _offline(page)


def test_timelines_draw_a_chart_per_story(page: Any, report: Path) -> None:
    _open(page, report / "timeline.html")
    page.wait_for_selector("#timeline-0 .scatterlayer path.point")
    charts = page.locator("div.chart[id^=timeline-]")
    assert charts.count() >= 5
    for i in range(charts.count()):
        assert charts.nth(i).locator(".scatterlayer path.point").count() > 0
    _offline(page)


def test_framing_heatmap_draws(page: Any, report: Path) -> None:
    _open(page, report / "framing.html")
    page.wait_for_selector("#heatmap .hm")
    assert page.locator("#heatmap-actor option").count() >= 2
    _offline(page)


def test_hostile_article_runs_no_script_anywhere(page: Any, report: Path) -> None:
    pages = [report / "index.html", *sorted(report.glob("*.html")), *sorted(report.glob("articles/*.html"))]
    titles = []
    for path in pages:
        _open(page, path)
        titles.append(page.title())
    assert any(HOSTILE in title for title in titles)  # the article page's title, as text
    _open(page, report / "index.html")
    assert HOSTILE in page.inner_text("#outlets")  # shown as text, not run
    _offline(page)
