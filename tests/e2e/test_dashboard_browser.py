"""The dashboard in a real browser: the real server (`rashomon serve` in a subprocess) and headless
Chromium. Pages load with their own CSS and script under the strict CSP, live filters and search
work, a hostile article stays inert, and no request leaves 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.e2e.conftest import Server, Watched, watching
from tests.e2e.web_store import HOSTILE

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

TOKEN = "e2e-token-0123456789abcdef"
NAV = ("Articles", "Statements", "Events", "Agreements", "Stories", "Contradictions", "Framing")


@pytest.fixture
def watched(browser: Any) -> Iterator[Watched]:
    with watching(browser, lambda url: urlsplit(url).hostname == "127.0.0.1") as seen:
        yield seen
    seen.assert_quiet()


def rows(page: Any) -> int:
    return int(page.locator("main table tbody tr").count())


def styled(page: Any) -> bool:
    """The app's stylesheet applied (served by the app itself, allowed by the CSP)."""
    border = page.eval_on_selector("header.site", "e => getComputedStyle(e).borderBottomStyle")
    return border == "solid"


def test_every_page_loads(serve: Server, watched: Watched) -> None:
    base = serve()
    page = watched.page
    assert page.goto(base + "/").status == 200
    assert styled(page)
    for title in NAV:
        page.get_by_role("link", name=title, exact=True).first.click()
        page.wait_for_load_state()
        assert page.locator("h1").inner_text() == title
        assert page.locator('nav.main a[aria-current="page"]').inner_text() == title
    assert page.goto(base + "/openapi.json").status == 200


def test_choosing_an_outlet_filters_the_list_at_once(serve: Server, watched: Watched) -> None:
    page = watched.page
    page.goto(serve() + "/")
    everyone = rows(page)
    page.select_option("form.filters select[name=outlet]", "Kyiv Courier")  # app.js submits on change
    page.wait_for_url("**outlet=Kyiv+Courier**")
    assert 0 < rows(page) < everyone
    outlets = page.locator("main table tbody tr td:nth-child(3)").all_inner_texts()
    assert outlets and all(text.startswith("Kyiv Courier") for text in outlets)
    page.fill("form.filters input[name=place]", "Kupiansk")
    page.press("form.filters input[name=place]", "Enter")
    page.wait_for_url("**place=Kupiansk**")
    assert "outlet=Kyiv+Courier" in page.url  # filters combine
    page.get_by_role("link", name="clear filters").click()
    page.wait_for_load_state()
    assert rows(page) == everyone


def test_event_type_filter(serve: Server, watched: Watched) -> None:
    page = watched.page
    page.goto(serve() + "/events?limit=200")
    everyone = rows(page)
    page.select_option("form.filters select[name=event_type]", "ASSAULT")
    page.wait_for_url("**event_type=ASSAULT**")
    assert 0 < rows(page) < everyone
    types = page.locator("main table tbody tr td:nth-child(2) .tag").all_inner_texts()
    assert {t for t in types if t.isupper()} == {"ASSAULT"}


def test_search_finds_and_leads_to_the_article(serve: Server, watched: Watched) -> None:
    page = watched.page
    page.goto(serve() + "/")
    page.fill("header form.search input[name=q]", "hospital Khartoum")
    page.press("header form.search input[name=q]", "Enter")
    page.wait_for_url("**/search?q=hospital+Khartoum**")
    marks = page.locator("main mark").all_inner_texts()
    assert {m.lower() for m in marks} >= {"hospital", "khartoum"}
    first = page.locator("#article-hits ~ table a").first
    title = first.inner_text()
    first.click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == title
    assert page.locator("div.story p").count() > 0


def test_statements_are_highlighted_and_open_their_card(serve: Server, watched: Watched) -> None:
    page = watched.page
    page.goto(serve() + "/statements")
    page.locator("main table tbody tr td:last-child a").first.click()
    page.wait_for_load_state()
    highlights = page.locator("div.story a.st.content")
    assert highlights.count() > 0
    highlights.first.click()
    card = page.locator("div.story .card:target")
    assert card.count() == 1 and card.first.is_visible()
    # The other layers, hidden and shown again by the legend's checkboxes (CSS only: no inline script).
    actor = page.locator("div.story span.mk-actor").first
    assert actor.get_attribute("title").startswith("Actor: ")
    width = "e => getComputedStyle(e).borderBottomWidth"
    assert actor.evaluate(width) == "2px"
    page.click('label[for="layer-actor"]')
    assert actor.evaluate(width) == "0px"
    page.click('label[for="layer-statement"]')
    assert highlights.first.evaluate("e => getComputedStyle(e).backgroundColor") == "rgba(0, 0, 0, 0)"


def test_hostile_article_stays_inert(serve: Server, watched: Watched) -> None:
    base = serve()
    page = watched.page
    page.goto(base + "/search?q=pwned")
    page.locator("#article-hits ~ table a").first.click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == HOSTILE["title"]  # shown as text
    story = page.locator("div.story").inner_text()
    assert "<script>window.__pwned = 2; alert('text')</script>" in story
    assert "<img src=x onerror=" in story
    for url in (page.url, base + "/", base + "/statements", base + "/events?limit=200", base + "/framing"):
        page.goto(url)
        assert page.evaluate("typeof window.__pwned") == "undefined"
        scripts = page.eval_on_selector_all("script", "s => s.map(e => e.getAttribute('src'))")
        assert scripts == ["/static/app.js"], scripts
        handlers = page.evaluate(
            "[...document.querySelectorAll('*')].flatMap(e => [...e.attributes].map(a => a.name))"
            ".filter(n => n.startsWith('on') || n === 'style')"
        )
        assert handlers == []
        assert page.locator("a[href^='javascript:'], img, iframe, object, embed").count() == 0
        page.locator("body").hover()  # the attribute break-out attempt had an onmouseover
    assert watched.dialogs == []


def test_token_guards_every_request_and_a_cookie_carries_it(serve: Server, watched: Watched) -> None:
    base = serve(token=TOKEN)
    page = watched.page
    assert page.goto(base + "/").status == 401
    assert page.goto(f"{base}/?token={TOKEN}").status == 200
    assert TOKEN not in page.url  # traded for a cookie: out of the address bar and the history
    assert styled(page)  # the stylesheet comes with the cookie
    page.get_by_role("link", name="Statements", exact=True).click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Statements"
    page.select_option("form.filters select[name=outlet]", "Kyiv Courier")
    page.wait_for_url("**outlet=Kyiv+Courier**")
    assert page.locator("h1").inner_text() == "Statements" and TOKEN not in page.content()
    cookies = page.context.cookies()
    assert [c["httpOnly"] for c in cookies] == [True] and TOKEN not in cookies[0]["value"]
    watched.errors.clear()  # the first, refused navigation logged its 401 on the console
