"""The dashboard and JSON API in-process (FastAPI's TestClient) over a small analysed store: paging,
filters, search, the OpenAPI description, read-only access, the token and hostile article text."""

from __future__ import annotations

import os
import sqlite3
import warnings
from collections.abc import Iterator
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rashomon.errors import StoreError, UsageError
from rashomon.web.server import check_binding
from tests.e2e.web_store import HOSTILE, build_store

with warnings.catch_warnings():  # Starlette nudges towards httpx2; httpx works the same here
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from rashomon.web import create_app

BASE = "http://127.0.0.1"
TOKEN = "s3cret-token-for-tests-0123456789"
LISTS = (
    "articles",
    "statements",
    "events",
    "agreements",
    "stories",
    "incidents",
    "contradictions",
    "framing",
)
PAGES = (
    "/",
    "/statements",
    "/events",
    "/agreements",
    "/stories",
    "/incidents",
    "/contradictions",
    "/framing",
)


@pytest.fixture(scope="module")
def store_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_store(tmp_path_factory.mktemp("web"))


@pytest.fixture(scope="module")
def client(store_db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(str(store_db)), base_url=BASE) as test_client:
        yield test_client


def everything(client: TestClient, kind: str, **params: str) -> list[dict]:
    body = client.get(f"/api/{kind}", params={"limit": 200, **params}).json()
    assert body["total"] == len(body["items"]) <= 200
    return body["items"]


def hostile_id(client: TestClient) -> str:
    return next(a["id"] for a in everything(client, "articles") if a["title"] == HOSTILE["title"])


# Paging ------------------------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("kind", LISTS)
def test_every_list_pages_with_a_total(client: TestClient, kind: str) -> None:
    whole = everything(client, kind)
    assert whole, f"the test store should have some {kind}"
    seen = []
    for offset in range(0, len(whole) + 2, 2):
        body = client.get(f"/api/{kind}", params={"limit": 2, "offset": offset}).json()
        assert (body["total"], body["limit"], body["offset"]) == (len(whole), 2, offset)
        assert len(body["items"]) <= 2
        seen += [item["id"] for item in body["items"]]
    assert seen == [item["id"] for item in whole]
    assert client.get(f"/api/{kind}", params={"limit": 201}).status_code == 422  # the maximum holds
    assert client.get(f"/api/{kind}", params={"offset": -1}).status_code == 422


@pytest.mark.slow
def test_records_are_the_export_contract(client: TestClient, store_db: Path) -> None:
    from rashomon.export import iter_records
    from rashomon.store.db import open_store

    with open_store(str(store_db), create=False) as store, store.session() as session:
        exported = {(r["kind"], r["id"]): r for r in iter_records(session)}
    for kind in LISTS:
        for item in everything(client, kind):
            assert exported[(item["kind"], item["id"])] == item


@pytest.mark.slow
def test_html_lists_page(client: TestClient) -> None:
    page = client.get("/statements", params={"limit": 3})
    assert page.status_code == 200
    assert "Showing 1–3 of" in page.text and 'rel="next"' in page.text
    assert 'href="/statements?limit=3&amp;offset=3"' in page.text


# Filters and search ------------------------------------------------------------------------------


@pytest.mark.slow
def test_outlet_filter(client: TestClient) -> None:
    everyone = everything(client, "articles")
    kyiv = everything(client, "articles", outlet="Kyiv Courier")
    assert 0 < len(kyiv) < len(everyone)
    assert {a["outlet"]["name"] for a in kyiv} == {"Kyiv Courier"}
    statements = everything(client, "statements", outlet="Kyiv Courier")
    assert statements and {s["article_id"] for s in statements} <= {a["id"] for a in kyiv}
    assert (
        "Moscow Dispatch" not in client.get("/", params={"outlet": "Kyiv Courier"}).text.split("<table", 1)[1]
    )


@pytest.mark.slow
def test_date_place_actor_and_event_type_filters(client: TestClient) -> None:
    total = len(everything(client, "articles"))
    in_2020 = everything(client, "articles", date_from="2020", date_to="2020-12")
    assert 0 < len(in_2020) < total and all(a["published"]["date"].startswith("2020") for a in in_2020)
    khartoum = everything(client, "articles", place="khartoum")
    assert 0 < len(khartoum) < total
    assert all("Khartoum" in a["text"] for a in khartoum)
    events = everything(client, "events")
    assault = everything(client, "events", event_type="ASSAULT")
    assert 0 < len(assault) < len(events) and {e["plover"]["type"] for e in assault} == {"ASSAULT"}
    speakers = everything(client, "statements")
    named = next(s["speaker"] for s in speakers if s["speaker"]["actor_id"])
    by_actor = everything(client, "statements", actor=named["actor_id"])
    assert 0 < len(by_actor) < len(speakers)
    assert all(named["actor_id"] == s["speaker"]["actor_id"] for s in by_actor)
    stories = everything(client, "stories")
    sudan = everything(client, "stories", place="Khartoum")
    assert 0 < len(sudan) < len(stories)


@pytest.mark.slow
def test_search_finds_words_and_phrases(client: TestClient) -> None:
    body = client.get("/api/search", params={"q": "kupiansk MARKET"}).json()
    assert body["terms"] == ["kupiansk", "MARKET"]
    articles = body["articles"]["items"]
    assert articles and all(
        "kupiansk" in a["text"].lower() and "market" in a["text"].lower() for a in articles
    )
    assert all("upiansk" in a["snippet"] for a in articles)
    assert body["statements"]["total"] == len(everything(client, "statements", q="kupiansk market"))
    phrase = everything(client, "articles", q='"prisoner swap"')
    assert phrase == []  # those articles are not in the test store
    assert everything(client, "articles", q='"air defence missile"')
    assert everything(client, "articles", q="100%_") == []  # LIKE wildcards are literal
    page = client.get("/search", params={"q": "Khartoum"})
    assert "<mark>Khartoum</mark>" in page.text


# The API's description ---------------------------------------------------------------------------


@pytest.mark.slow
def test_openapi_lists_the_api_routes_only(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for kind in LISTS:
        parameters = {p["name"] for p in paths[f"/api/{kind}"]["get"]["parameters"]}
        assert {"limit", "offset", "q", "outlet"} <= parameters
    assert "/api/search" in paths and "/api/articles/{article_id}" in paths
    assert not [path for path in paths if not path.startswith("/api/")]
    assert client.get("/docs").status_code == 404  # Swagger UI would load scripts from a CDN


@pytest.mark.slow
def test_stylesheet_is_the_one_the_report_inlines_plus_the_dashboards(client: TestClient) -> None:
    response = client.get("/static/app.css")
    assert response.headers["content-type"] == "text/css; charset=utf-8"
    shared = resources.files("rashomon") / "templates_shared"
    for name in ("base.css", "article.css", "contradictions.css"):
        assert (shared / name).read_text(encoding="utf-8").strip() in response.text
    assert "nav.main a" in response.text and "form.filters" in response.text


# Read-only -------------------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE", "OPTIONS"])
@pytest.mark.parametrize("path", ["/api/articles", "/", "/api/articles/x", "/static/app.css"])
def test_writes_are_refused(client: TestClient, method: str, path: str) -> None:
    response = client.request(method, path, content=b"{}")
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, HEAD"


@pytest.mark.slow
def test_head_answers_without_a_body(client: TestClient) -> None:
    response = client.head("/api/articles")
    assert response.status_code == 200 and response.content == b""


@pytest.mark.slow
def test_store_is_never_written(store_db: Path) -> None:
    before = (store_db.read_bytes(), store_db.stat().st_mtime_ns, sorted(os.listdir(store_db.parent)))
    app = create_app(str(store_db))
    with TestClient(app, base_url=BASE) as client:
        for path in (*PAGES, "/search?q=market", *(f"/api/{k}" for k in LISTS), "/api/search?q=x"):
            assert client.get(path).status_code == 200
        for method in ("POST", "PUT", "DELETE"):
            client.request(method, "/api/articles", json={"title": "x"})
        with (
            app.state.store.engine.connect() as connection,
            pytest.raises(Exception, match=r"readonly|read-only"),
        ):
            connection.exec_driver_sql("UPDATE article SET title = 'changed'")
    after = (store_db.read_bytes(), store_db.stat().st_mtime_ns, sorted(os.listdir(store_db.parent)))
    assert after == before


def test_a_missing_store_is_an_error_not_a_new_store(tmp_path: Path) -> None:
    missing = tmp_path / "none.db"
    with pytest.raises(StoreError, match="no store at"):
        create_app(str(missing))
    assert not missing.exists()
    sqlite3.connect(tmp_path / "empty.db").close()
    with pytest.raises(StoreError, match="not a Rashomon store"):
        create_app(str(tmp_path / "empty.db"))


# Access ------------------------------------------------------------------------------------------


@pytest.mark.slow
def test_token_is_enforced_when_configured(store_db: Path) -> None:
    with TestClient(create_app(str(store_db), token=TOKEN), base_url="http://192.0.2.7:8000") as client:
        assert client.get("/api/articles").status_code == 401
        assert client.get("/api/articles", headers={"Authorization": "Bearer wrong"}).status_code == 401
        assert client.get("/", params={"token": TOKEN[:-1]}).status_code == 401
        assert client.get("/static/app.css").status_code == 401
        assert client.post("/api/articles").status_code == 401
        assert client.get("/api/articles", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200
        assert client.get("/api/articles", params={"token": TOKEN}).status_code == 200  # scripts
        # A page opened with ?token= trades it for a cookie and drops it from the address.
        opened = client.get(
            "/statements", params={"token": TOKEN, "outlet": "Kyiv Courier"}, follow_redirects=False
        )
        assert opened.status_code == 303
        assert opened.headers["location"] == "/statements?outlet=Kyiv+Courier"
        cookie = opened.headers["set-cookie"]
        assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and TOKEN not in cookie
        page = client.get(opened.headers["location"])  # the client keeps the cookie, as a browser does
        assert page.status_code == 200 and "Kyiv Courier" in page.text
        assert TOKEN not in page.text  # no link or form carries it
        assert client.get("/static/app.css").status_code == 200
        client.cookies.clear()
        assert client.get("/statements").status_code == 401
        client.cookies.set("rashomon_session", "0" * 64)
        assert client.get("/statements").status_code == 401  # a made-up cookie is refused
        client.cookies.clear()
        odd = client.get(
            "http://192.0.2.7:8000//evil.example/x", params={"token": TOKEN}, follow_redirects=False
        )
        assert odd.headers["location"].startswith("/evil.example")  # never another site


@pytest.mark.slow
def test_without_a_token_only_loopback_host_names_are_served(store_db: Path) -> None:
    app = create_app(str(store_db))
    with TestClient(app, base_url="http://rebound.example.com") as client:
        assert client.get("/").status_code == 421  # a DNS-rebound name reaching 127.0.0.1
    with TestClient(app, base_url="http://localhost:8000") as client:
        assert client.get("/").status_code == 200


def test_binding_beyond_the_loopback_needs_a_token() -> None:
    for host in ("127.0.0.1", "localhost", "::1", "127.0.0.2"):
        check_binding(host, None)
    for host in ("0.0.0.0", "192.168.1.5", "::", "dashboard.example.org"):
        with pytest.raises(UsageError, match="without a token"):
            check_binding(host, None)
        check_binding(host, TOKEN)
    with pytest.raises(UsageError, match="too short"):
        check_binding("0.0.0.0", "short")


def test_serve_command_refuses_a_public_host_without_token(tmp_path: Path) -> None:
    from rashomon.cli import app

    runner = CliRunner()
    result = runner.invoke(app, ["serve", "--db", str(tmp_path / "x.db"), "--host", "0.0.0.0"], env={})
    assert result.exit_code == 2
    assert "refusing to serve on 0.0.0.0 without a token" in result.output
    missing = runner.invoke(app, ["serve", "--db", str(tmp_path / "x.db")], env={"RASHOMON_TOKEN": ""})
    assert missing.exit_code == 2 and "no store at" in missing.output
    assert not (tmp_path / "x.db").exists()


# Untrusted article text --------------------------------------------------------------------------


class Tags(HTMLParser):
    """Every start tag with its attributes, as a browser's tokenizer sees them."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def assert_inert(html: str) -> None:
    parser = Tags()
    parser.feed(html)
    for tag, attrs in parser.tags:
        assert tag not in ("img", "iframe", "object", "embed"), tag
        if tag == "script":
            assert attrs.get("src", "").startswith("/static/app.js"), attrs
        assert not [name for name in attrs if name.startswith("on") or name == "style"], (tag, attrs)
        for name in ("href", "src", "action"):
            value = (attrs.get(name) or "").strip().lower()
            assert not value.startswith(("javascript:", "data:")), (tag, attrs)
            assert not value.startswith(("http:", "https:", "//")) or tag == "a", (
                tag,
                attrs,
            )  # no remote assets


@pytest.mark.slow
def test_hostile_article_is_shown_inert(client: TestClient) -> None:
    article_id = hostile_id(client)
    pages = [
        client.get(f"/articles/{article_id}"),
        client.get("/", params={"q": "reader"}),
        client.get("/search", params={"q": "pwned"}),
        client.get("/statements"),
        client.get("/events", params={"limit": 200}),
        *(client.get(path) for path in PAGES),
    ]
    for page in pages:
        assert page.status_code == 200
        assert_inert(page.text)
    article = pages[0].text
    assert "&lt;script&gt;window.__pwned = 2" in article and "&lt;img src=x onerror=" in article
    assert "javascript:alert(&#39;url&#39;)" in article  # shown as text, never as a link
    assert "Harrow &lt;b onclick=alert(1)&gt;Post&lt;/b&gt;" in article


@pytest.mark.slow
def test_every_page_sends_a_strict_content_security_policy(client: TestClient) -> None:
    for path in (*PAGES, "/api/articles", "/nope"):
        csp = client.get(path).headers["content-security-policy"]
        assert "default-src 'self'" in csp and "script-src 'self'" in csp and "unsafe" not in csp
    missing = client.get("/articles/art-none")
    assert missing.status_code == 404 and "No article art-none" in missing.text
    assert client.get("/api/articles/art-none").json() == {"detail": "no article art-none"}


@pytest.mark.slow
def test_incidents_page_shows_every_version_with_its_source(client: TestClient) -> None:
    incidents = everything(client, "incidents")
    told_twice = next(i for i in incidents if len({v["article_id"] for v in i["versions"]}) > 1)
    page = client.get("/incidents", params={"limit": 200}).text
    section = page.split(f'id="{told_twice["id"]}"', 1)[1].split("</section>", 1)[0]
    assert section.count("<tr>") == len(told_twice["versions"]) + 1  # the header row and one per version
    for version in told_twice["versions"]:
        anchor = f"#{version['statement_id'].rsplit('/', 1)[1]}" if version["statement_id"] else ""
        assert f'href="/articles/{version["article_id"]}{anchor}"' in section
    kyiv = client.get("/incidents", params={"outlet": "Kyiv Courier", "limit": 200}).text
    assert 0 < kyiv.count('class="incident"') < page.count('class="incident"')
