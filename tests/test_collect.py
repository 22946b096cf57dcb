"""`rashomon collect`: feeds and pages from a local HTTP server on 127.0.0.1, never the network."""

from __future__ import annotations

import datetime
import ipaddress
import itertools
import json
import shutil
import socket
import socketserver
import sqlite3
import ssl
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from typer.testing import CliRunner

import rashomon.collect.run
from rashomon.cli import app
from rashomon.collect import CollectOptions, collect
from rashomon.collect.fetch import Fetcher, FetchError
from rashomon.collect.urls import RefusedURL, canonical_url, check_url, is_public

# A reply: status, headers, body; or a callable of the request count giving one.
Reply = tuple[int, dict[str, str], bytes]


@dataclass
class Site:
    """Routes of the test server and a log of every request: (path, host, monotonic time, UA)."""

    routes: dict[str, Reply | Callable[[int], Reply]] = field(default_factory=dict)
    log: list[tuple[str, str, float, str]] = field(default_factory=list)
    base: str = ""
    port: int = 0
    sni: list[str | None] = field(default_factory=list)  # server names asked for in TLS handshakes

    def hits(self, path: str) -> int:
        return sum(1 for p, *_ in self.log if p == path)


@contextmanager
def serve_site(tls: tuple[Path, Path] | None = None) -> Iterator[Site]:
    """A threaded HTTP server on 127.0.0.1 (HTTPS with `tls`: certificate and key files) serving
    `Site.routes`; a reply with status 0 closes the connection without answering."""
    state = Site()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            path = self.path.split("?")[0]
            state.log.append((path, self.headers["Host"], time.monotonic(), self.headers["User-Agent"]))
            route = state.routes.get(path)
            if route is None:
                status, headers, body = 404, {"Content-Type": "text/plain"}, b"not here"
            elif callable(route):
                status, headers, body = route(state.hits(path))
            else:
                status, headers, body = route
            if status == 0:  # a dropped connection, as a network failure looks to the client
                self.close_connection = True
                return
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:  # keep the test output quiet
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    if tls is not None:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(*tls)
        context.sni_callback = lambda _socket, name, _context: state.sni.append(name)  # type: ignore[assignment,misc]
        server.socket = context.wrap_socket(server.socket, server_side=True)
    state.port = server.server_address[1]
    state.base = f"{'https' if tls else 'http'}://127.0.0.1:{state.port}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def site() -> Iterator[Site]:
    with serve_site() as state:
        yield state


HTML = {"Content-Type": "text/html; charset=utf-8"}


def article_page(i: int, canonical: str | None = None) -> bytes:
    """An invented news page, long enough to be analysed."""
    link = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    return (
        f"<html><head><title>Relief convoy {i} reaches Westbrook</title>{link}</head><body>"
        "<nav>Home | Region | Opinion</nav><article>"
        f"<h1>Relief convoy {i} reaches Westbrook</h1>"
        f"<p>A convoy of {i + 11} trucks carrying flour and medicine reached the besieged town of "
        "Westbrook on Wednesday, aid workers said, after negotiators secured a six-hour pause in the "
        "fighting.</p>"
        f"<p>The district governor said {i * 3 + 40} families had registered for food parcels and that a "
        "second convoy was expected within days if the pause held.</p>"
        "</article><footer>Contact us</footer></body></html>"
    ).encode()


def rss(base: str, paths: list[str]) -> bytes:
    items = "".join(
        f"<item><title>Convoy story {n}</title><link>{base}{path}</link>"
        f"<pubDate>Wed, 0{n + 1} May 2024 08:30:00 GMT</pubDate></item>"
        for n, path in enumerate(paths)
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>Westbrook Herald</title>'
        f"<link>{base}/</link><description>News</description>{items}</channel></rss>"
    ).encode()


def atom(paths: list[str]) -> bytes:
    entries = "".join(
        f'<entry><title>Atom story {n}</title><link rel="alternate" href="{path}"/>'
        f"<id>urn:story:{n}</id><updated>2024-06-1{n}T12:00:00Z</updated></entry>"
        for n, path in enumerate(paths)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        "<title>Eastport Courier</title><id>urn:feed</id><updated>2024-06-19T00:00:00Z</updated>"
        f"{entries}</feed>"
    ).encode()


def options(**overrides: object) -> CollectOptions:
    """Loopback allowed (the test server), quick intervals and backoff."""
    values: dict[str, object] = {"allow_private": True, "rate": 0.0, "backoff": 0.05, "timeout": 5.0}
    values.update(overrides)
    return CollectOptions(**values)  # type: ignore[arg-type]


def records(path: Path) -> list[dict[str, str | None]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_rss_and_atom_feeds_become_a_batch_that_analyze_stores(site: Site, tmp_path: Path) -> None:
    site.routes["/rss.xml"] = (200, {"Content-Type": "application/rss+xml"}, rss(site.base, ["/a/1", "/a/2"]))
    # Atom links relative to the feed, served as generic XML: recognised by its root element.
    site.routes["/atom"] = (200, {"Content-Type": "text/xml"}, atom(["/b/3", "b/4?utm_source=feed"]))
    for path, i in (("/a/1", 1), ("/a/2", 2), ("/b/3", 3), ("/b/4", 4)):
        site.routes[path] = (200, HTML, article_page(i))
    out = tmp_path / "batch.jsonl"
    summary = collect([f"{site.base}/rss.xml", f"{site.base}/atom"], out, options=options())
    assert summary.failures == []
    assert (summary.feeds_read, summary.pages_saved) == (2, 4)
    rows = records(out)
    assert [r["url"] for r in rows] == [f"{site.base}{p}" for p in ("/a/1", "/a/2", "/b/3")] + [
        f"{site.base}/b/4?utm_source=feed"
    ]
    assert rows[0]["title"] == "Convoy story 0" and rows[0]["date"] == "2024-05-01T08:30:00Z"
    assert rows[3]["title"] == "Atom story 1" and rows[3]["date"] == "2024-06-11T12:00:00Z"
    assert "Westbrook" in (rows[0]["html"] or "") and rows[0]["feed"] == f"{site.base}/rss.xml"
    assert all(ua.startswith("Rashomon/") for *_, ua in site.log)
    fetched = {datetime.datetime.fromisoformat(r["retrieved_at"].replace("Z", "+00:00")) for r in rows}
    now = datetime.datetime.now(datetime.timezone.utc)
    assert all(now - datetime.timedelta(minutes=5) < moment <= now for moment in fetched)

    from rashomon.analyze import analyze

    db = tmp_path / "r.db"
    result = analyze([str(out)], db=str(db))
    assert (len(result.added), result.failures) == (4, [])
    with sqlite3.connect(db) as connection:
        stored = connection.execute(
            "select source_url, published_date, title from article order by title"
        ).fetchall()
    assert stored[0] == (f"{site.base}/b/3", "2024-06-10", "Atom story 0")
    assert {row[1] for row in stored} == {"2024-05-01", "2024-05-02", "2024-06-10", "2024-06-11"}
    with sqlite3.connect(db) as connection:  # the fetch time is kept, as a bound only
        assert connection.execute(
            "select count(*) from article where retrieved_at is not null"
        ).fetchone() == (4,)


def test_requests_to_one_host_keep_the_minimum_interval(site: Site, tmp_path: Path) -> None:
    paths = [f"/p/{i}" for i in range(4)]
    for i, path in enumerate(paths):
        site.routes[path] = (200, HTML, article_page(i))
    # Two host names for the one server: 127.0.0.1 and localhost are rate-limited separately.
    other = f"http://localhost:{site.port}"
    urls = [f"{site.base}{p}" for p in paths] + [f"{other}/p/0"]
    rate = 0.3
    summary = collect(urls, tmp_path / "b.jsonl", options=options(rate=rate))
    assert summary.failures == [] and summary.pages_saved == 5
    asked = [(path, t) for path, host, t, _ in site.log if host.startswith("127.0.0.1")]
    assert [path for path, _ in asked] == ["/robots.txt", *paths]  # robots.txt keeps the interval too
    times = [t for _, t in asked]
    assert all(b - a >= rate * 0.95 for a, b in itertools.pairwise(times)), times
    localhost_time = next(t for _, host, t, _ in site.log if host.startswith("localhost"))
    assert localhost_time - times[-1] < rate  # its own host: no wait behind the other one's queue


def test_503_then_200_is_retried_with_backoff(site: Site, tmp_path: Path) -> None:
    site.routes["/flaky"] = lambda n: (
        (503, {"Retry-After": "1"}, b"busy") if n == 1 else (200, HTML, article_page(5))
    )
    site.routes["/slow-down"] = lambda n: (429, {}, b"") if n <= 2 else (200, HTML, article_page(6))
    summary = collect(
        [f"{site.base}/flaky", f"{site.base}/slow-down"], tmp_path / "b.jsonl", options=options(backoff=0.2)
    )
    assert summary.failures == [] and summary.pages_saved == 2
    flaky = [t for p, _, t, _ in site.log if p == "/flaky"]
    assert len(flaky) == 2 and flaky[1] - flaky[0] >= 0.95  # Retry-After: 1 honoured
    slow = [t for p, _, t, _ in site.log if p == "/slow-down"]
    gaps = [b - a for a, b in itertools.pairwise(slow)]
    assert len(slow) == 3 and gaps[0] >= 0.19 and gaps[1] >= 0.39  # 0.2 s, then doubled


def test_a_server_that_stays_down_fails_after_the_retries(site: Site, tmp_path: Path) -> None:
    site.routes["/down"] = (502, {}, b"")
    summary = collect([f"{site.base}/down"], tmp_path / "b.jsonl", options=options(retries=2))
    assert summary.failures == [(f"{site.base}/down", "HTTP 502 Bad Gateway")]
    assert site.hits("/down") == 3


def test_timeouts_are_retried(site: Site, tmp_path: Path) -> None:
    def slow_first(n: int) -> Reply:
        if n == 1:
            time.sleep(1.0)
        return 200, HTML, article_page(7)

    site.routes["/slow"] = slow_first
    summary = collect([f"{site.base}/slow"], tmp_path / "b.jsonl", options=options(timeout=0.3))
    assert summary.failures == [] and summary.pages_saved == 1 and site.hits("/slow") == 2


def test_rerun_resumes_and_skips_saved_urls(site: Site, tmp_path: Path) -> None:
    site.routes["/feed"] = (200, {"Content-Type": "application/rss+xml"}, rss(site.base, ["/r/1", "/r/2"]))
    site.routes["/r/1"] = (200, HTML, article_page(1))
    site.routes["/r/2"] = lambda n: (500, {}, b"") if n <= 2 else (200, HTML, article_page(2))
    out, state = tmp_path / "batch.jsonl", tmp_path / "done.txt"
    first = collect([f"{site.base}/feed"], out, state=state, options=options(retries=1))
    assert first.pages_saved == 1 and [u for u, _ in first.failures] == [f"{site.base}/r/2"]
    second = collect([f"{site.base}/feed"], out, state=state, options=options(retries=1))
    assert (second.pages_saved, second.already_done, second.failures) == (1, 1, [])
    assert site.hits("/r/1") == 1  # not fetched again
    assert [r["url"] for r in records(out)] == [f"{site.base}/r/1", f"{site.base}/r/2"]
    third = collect([f"{site.base}/feed"], out, state=state, options=options())
    assert (third.pages_saved, third.already_done) == (0, 2) and len(records(out)) == 2


def test_the_same_page_is_saved_once(site: Site, tmp_path: Path) -> None:
    site.routes["/d/1"] = (200, HTML, article_page(1))
    site.routes["/old"] = (301, {"Location": "/d/1"}, b"")
    site.routes["/amp/1"] = (200, HTML, article_page(1, canonical="/d/1"))
    base = site.base
    list_file = tmp_path / "urls.txt"
    list_file.write_text(
        f"# pages to collect\n{base}/d/1\n{base}/d/1#comments\nHTTP://127.0.0.1:{site.port}/d/1?utm_medium=x\n"
        f"{base}/old\n{base}/amp/1\n",
        encoding="utf-8",
    )
    summary = collect([str(list_file)], tmp_path / "b.jsonl", options=options())
    assert (summary.pages_saved, summary.duplicates, summary.failures) == (1, 4, [])
    assert site.hits("/d/1") == 2  # once asked for, once reached through the redirect (then dropped)


def test_private_addresses_are_refused_unless_allowed(site: Site, tmp_path: Path) -> None:
    site.routes["/x"] = (200, HTML, article_page(1))
    summary = collect([f"{site.base}/x"], tmp_path / "b.jsonl", options=options(allow_private=False))
    assert summary.pages_saved == 0 and site.log == []
    ((_, reason),) = summary.failures
    assert "non-public address 127.0.0.1" in reason and "--allow-private" in reason
    assert collect([f"{site.base}/x"], tmp_path / "c.jsonl", options=options()).pages_saved == 1


@pytest.mark.parametrize(
    "url",
    [
        "http://10.1.2.3/", "http://192.168.0.1/", "http://172.16.5.5/", "http://169.254.169.254/latest/",
        "http://[::1]/", "http://[fe80::1]/", "http://0.0.0.0/", "http://240.0.0.1/", "http://100.64.0.1/",
        "http://[::ffff:127.0.0.1]/", "http://localhost/", "http://224.0.0.1/",
    ],
)  # fmt: skip
def test_non_public_addresses_are_refused(url: str) -> None:
    with pytest.raises(RefusedURL, match="non-public address"):
        check_url(url, allow_private=False)


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "ftp://example.org/x", "gopher://x/", "http:///nohost"]
)
def test_only_http_and_https_are_fetched(url: str) -> None:
    with pytest.raises(RefusedURL):
        check_url(url, allow_private=True)


def test_public_addresses_pass() -> None:
    assert is_public(ipaddress.ip_address("93.184.216.34"))
    assert is_public(ipaddress.ip_address("2606:2800:220:1:248:1893:25c8:1946"))
    check_url("http://93.184.216.34/news", allow_private=False)  # an IP literal: no DNS needed


def test_canonical_url() -> None:
    assert canonical_url("HTTPS://News.Example.org:443/a?b=1&utm_source=x&fbclid=y#top") == (
        "https://news.example.org/a?b=1"
    )
    assert canonical_url("http://example.org") == "http://example.org/"
    assert canonical_url("http://example.org:8080/x") == "http://example.org:8080/x"


def test_size_limit_and_non_pages(site: Site, tmp_path: Path) -> None:
    site.routes["/huge"] = (200, HTML, b"<p>" + b"x" * 5000 + b"</p>")
    site.routes["/photo.png"] = (200, {"Content-Type": "image/png"}, b"\x89PNG\r\n\x1a\n")
    summary = collect(
        [f"{site.base}/huge", f"{site.base}/photo.png", f"{site.base}/missing"],
        tmp_path / "b.jsonl",
        options=options(max_bytes=1000),
    )
    reasons = dict(summary.failures)
    assert "larger than the limit" in reasons[f"{site.base}/huge"]
    assert reasons[f"{site.base}/photo.png"] == "not a page (image/png)"
    assert reasons[f"{site.base}/missing"] == "HTTP 404 Not Found"


def test_redirect_hops_are_checked(site: Site) -> None:
    site.routes["/to-file"] = (302, {"Location": "file:///etc/passwd"}, b"")
    with Fetcher(options()) as fetcher, pytest.raises(FetchError, match="only http and https"):
        fetcher.get(f"{site.base}/to-file")


def test_cli_collect(site: Site, tmp_path: Path) -> None:
    site.routes["/feed"] = (200, {"Content-Type": "application/atom+xml"}, atom(["/c/1"]))
    site.routes["/c/1"] = (200, HTML, article_page(9))
    out = tmp_path / "batch.jsonl"
    args = ["collect", f"{site.base}/feed", "--out", str(out), "--rate", "0"]
    refused = CliRunner().invoke(app, args)
    assert refused.exit_code == 1 and "--allow-private" in refused.output
    result = CliRunner().invoke(app, [*args, "--allow-private"])
    assert result.exit_code == 0, result.output
    assert "1 page(s) saved" in result.output and len(records(out)) == 1
    assert Path(f"{out}.state").read_text(encoding="utf-8").strip() == f"{site.base}/c/1"
    usage = CliRunner().invoke(app, ["collect", "no-such-list.txt", "--out", str(out)])
    assert usage.exit_code == 2 and "not a URL nor a file of URLs" in usage.output


# DNS pinning: the host is resolved once, every address checked, and the connection made to them.

PUBLIC = "93.184.216.34"


@pytest.fixture
def loopback_only(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int]]:
    """Every TCP connection attempt, recorded; any but to a loopback IP (a host name included) is
    refused here, so nothing leaves the machine. A guard on the socket, not a mock of httpx."""
    attempts: list[tuple[str, int]] = []
    real = socket.create_connection

    def guarded(address: tuple[str, int], *args: object, **kwargs: object) -> socket.socket:
        attempts.append((address[0], address[1]))
        try:
            loopback = ipaddress.ip_address(address[0]).is_loopback
        except ValueError:
            loopback = False  # a name: the connection would resolve it again
        if not loopback:
            raise ConnectionRefusedError(f"test network: no route to {address[0]}")
        return real(address, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(socket, "create_connection", guarded)
    return attempts


@pytest.mark.parametrize("ignore_robots", [True, False])
def test_dns_rebinding_cannot_reach_loopback(
    site: Site, loopback_only: list[tuple[str, int]], ignore_robots: bool
) -> None:
    site.routes["/x"] = (200, HTML, article_page(1))
    lookups: list[str] = []

    def hostile(host: str, port: int) -> list[str]:  # public to the check, loopback afterwards
        lookups.append(host)
        return [PUBLIC] if len(lookups) == 1 else ["127.0.0.1"]

    url = f"http://news.example:{site.port}/x"
    fetch = options(allow_private=False, retries=0, ignore_robots=ignore_robots)
    with Fetcher(fetch, resolver=hostile) as fetcher:
        for _ in range(2):  # the second URL of the host reuses the pinned address: no new lookup
            with pytest.raises(FetchError, match=r"connection failed|robots\.txt unreachable"):
                fetcher.get(url)
    assert lookups == ["news.example"]
    assert loopback_only and set(loopback_only) == {(PUBLIC, site.port)}
    assert site.log == []


def test_every_address_is_checked(site: Site, loopback_only: list[tuple[str, int]]) -> None:
    with (
        Fetcher(options(allow_private=False), resolver=lambda host, port: [PUBLIC, "127.0.0.1"]) as fetcher,
        pytest.raises(FetchError, match=r"non-public address 127\.0\.0\.1"),
    ):
        fetcher.get(f"http://news.example:{site.port}/x")
    assert loopback_only == [] and site.log == []


def test_the_connection_goes_to_the_checked_address_by_host_name(
    site: Site, loopback_only: list[tuple[str, int]]
) -> None:
    site.routes["/x"] = (200, HTML, article_page(1))
    lookups: list[str] = []

    def rebinding(host: str, port: int) -> list[str]:  # loopback (allowed here) first, then elsewhere
        lookups.append(host)
        return ["127.0.0.1"] if len(lookups) == 1 else ["192.0.2.1"]

    url = f"http://news.example:{site.port}/x"
    with Fetcher(options(), resolver=rebinding) as fetcher:
        assert fetcher.get(url).url == url
    assert lookups == ["news.example"] and {ip for ip, _ in loopback_only} == {"127.0.0.1"}
    # robots.txt, then the page; the Host header is the URL's name, not the address connected to
    assert [(path, host) for path, host, *_ in site.log] == [
        ("/robots.txt", f"news.example:{site.port}"),
        ("/x", f"news.example:{site.port}"),
    ]


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A self-signed certificate for news.test, and its key."""
    if shutil.which("openssl") is None:
        pytest.skip("needs the openssl command to make a test certificate")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
         "-keyout", str(key), "-out", str(cert), "-days", "2", "-subj", "/CN=news.test",
         "-addext", "subjectAltName=DNS:news.test"],
        check=True, capture_output=True,
    )  # fmt: skip
    return cert, key


def test_https_verifies_the_host_name_while_connecting_to_the_pinned_address(
    certificate: tuple[Path, Path], loopback_only: list[tuple[str, int]]
) -> None:
    trusted = ssl.create_default_context(cafile=str(certificate[0]))
    with serve_site(tls=certificate) as site:
        site.routes["/x"] = (200, HTML, article_page(1))
        fetch = options(retries=0, ignore_robots=True)
        with Fetcher(fetch, resolver=lambda host, port: ["127.0.0.1"], ssl_context=trusted) as fetcher:
            assert fetcher.get(f"https://news.test:{site.port}/x").body == article_page(1)
            # The same address under another name: the certificate (for news.test) does not match.
            with pytest.raises(FetchError, match="Hostname mismatch"):
                fetcher.get(f"https://other.test:{site.port}/x")
        with (
            Fetcher(fetch, resolver=lambda host, port: ["127.0.0.1"]) as fetcher,  # default CAs
            pytest.raises(FetchError, match="CERTIFICATE_VERIFY_FAILED"),
        ):
            fetcher.get(f"https://news.test:{site.port}/x")
    assert site.sni[0] == "news.test" and "other.test" in site.sni
    assert [host for _, host, *_ in site.log] == [f"news.test:{site.port}"]


# Hostile feeds and pages: each bad URL or body is that URL's failure, never the end of the run.


def rss_items(items: list[str]) -> bytes:
    """An RSS feed of raw <item> contents."""
    body = "".join(f"<item>{item}</item>" for item in items)
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>{body}</channel></rss>'.encode()


def test_cli_collect_lists_a_javascript_link_as_failed_and_saves_the_other_items(
    site: Site, tmp_path: Path
) -> None:
    site.routes["/feed"] = (200, {"Content-Type": "application/rss+xml"}, rss("", [
        f"{site.base}/g/1", "javascript:alert(1)", f"{site.base}/g/2"
    ]))  # fmt: skip
    site.routes["/g/1"] = (200, HTML, article_page(1))
    site.routes["/g/2"] = (200, HTML, article_page(2))
    out = tmp_path / "batch.jsonl"
    run = subprocess.run(
        [sys.executable, "-m", "rashomon", "collect", f"{site.base}/feed", "--out", str(out),
         "--allow-private", "--rate", "0"],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert run.returncode == 1, run.stderr
    assert "Traceback" not in run.stderr
    assert "failed: javascript:alert(1): only http and https URLs are fetched, not 'javascript'" in run.stderr
    assert "1 feed(s), 2 page(s) saved" in run.stderr and "1 failed (0 by robots.txt)" in run.stderr
    assert [r["url"] for r in records(out)] == [f"{site.base}/g/1", f"{site.base}/g/2"]


def test_links_that_are_no_fetchable_http_url_are_listed_as_failed(site: Site, tmp_path: Path) -> None:
    long = f"{site.base}/{'a' * 9000}"
    bad = {
        "mailto:editor@example.org": "only http and https URLs are fetched, not 'mailto'",
        "data:text/html,x": "only http and https URLs are fetched, not 'data'",
        "ftp://example.org/x": "only http and https URLs are fetched, not 'ftp'",
        "http://127.0.0.1:99999/x": "not a valid URL (Port out of range 0-65535)",
        long: "longer than 8192 characters (9023)",
    }
    links = [*bad, "http://[::1", f"{site.base}/g/1"]  # feedparser blanks the link it cannot parse
    feed = (200, {"Content-Type": "application/rss+xml"}, rss_items([f"<link>{x}</link>" for x in links]))
    site.routes["/feed"] = feed
    site.routes["/g/1"] = (200, HTML, article_page(1))
    listed = tmp_path / "urls.txt"  # given URLs too
    listed.write_text(
        f"{site.base}/feed\nhttp://127.0.0.1/a\x1b[2Jb\nnot even a URL\nhttp://[::1\n", encoding="utf-8"
    )
    summary = collect([str(listed), "javascript:alert(1)"], tmp_path / "b.jsonl", options=options())
    assert summary.pages_saved == 1
    cut = f"{long[:300]}... (9023 characters)"  # reported cut, on one line
    assert dict(summary.failures) == {
        **{cut if url == long else url: why for url, why in bad.items()},
        f"{site.base}/feed item 6": "its link is empty or not a valid URL",
        "http://127.0.0.1/a\\x1b[2Jb": r"not a valid URL (control character '\x1b')",
        "not even a URL": "not an absolute URL (no scheme: a relative link?)",
        "http://[::1": "not a valid URL (Invalid IPv6 URL)",
        "javascript:alert(1)": "only http and https URLs are fetched, not 'javascript'",
    }


def test_hostile_pages_fail_alone_or_are_saved_cleanly(site: Site, tmp_path: Path) -> None:
    def page(charset: str, body: bytes) -> Reply:
        return 200, {"Content-Type": f"text/html; charset={charset}"}, body

    site.routes.update({
        "/to-nowhere": (302, {"Location": "http://[::1"}, b""),
        "/gzip": (200, {**HTML, "Content-Encoding": "gzip"}, b"not gzip at all"),
        "/canonical": (200, HTML, article_page(1, canonical="http://127.0.0.1:99999/x")),
        "/js-canonical": (200, HTML, article_page(2, canonical="javascript:alert(1)")),
        "/undefined": page("undefined", article_page(3)),  # a Python codec that never decodes
        "/escape": page("unicode_escape", article_page(4).replace(b"Westbrook", b"West\\ud800brook")),
        "/busy": lambda n: (503, {"Retry-After": "\u00b2"}, b"") if n == 1 else (200, HTML, article_page(5)),
    })  # fmt: skip
    items = [f"<link>{site.base}{path}</link>" for path in site.routes]
    # Not XML (a surrogate's reference), so read by feedparser's lenient parser; a year 0 date.
    items[2] += "<title>Odd &#xD800; title &#99999999;</title><pubDate>0000-00-00T00:00:00Z</pubDate>"
    site.routes["/feed"] = (200, {"Content-Type": "application/rss+xml"}, rss_items(items))
    out = tmp_path / "b.jsonl"
    summary = collect([f"{site.base}/feed"], out, options=options(retries=1))
    reasons = dict(summary.failures)
    assert reasons.pop(f"{site.base}/to-nowhere") == (
        "refused: not a valid URL (Invalid IPv6 URL), in a redirect to 'http://[::1'"
    )
    assert reasons.pop(f"{site.base}/gzip").startswith("undecodable body")
    assert reasons == {}
    rows = {row["url"]: row for row in records(out)}
    assert len(rows) == summary.pages_saved == 5
    assert (rows[f"{site.base}/canonical"]["title"], rows[f"{site.base}/canonical"]["date"]) == (
        "Odd \ufffd title \ufffd",
        None,
    )
    assert "West\ufffdbrook" in (rows[f"{site.base}/escape"]["html"] or "")
    assert "Westbrook" in (rows[f"{site.base}/undefined"]["html"] or "")
    state = Path(f"{out}.state").read_text(encoding="utf-8")
    assert "javascript" not in state and "99999" not in state  # unusable canonical links ignored


def test_an_unexpected_error_fails_its_url_only(
    site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site.routes["/feed"] = (200, {"Content-Type": "application/rss+xml"}, rss(site.base, ["/u/1", "/u/2"]))
    site.routes["/u/1"] = (200, HTML, article_page(1))
    site.routes["/u/2"] = (200, HTML, article_page(2))
    real = rashomon.collect.run.page_record

    def flawed(fetched: object, *args: object) -> dict[str, str | None]:  # a bug met by one page
        if str(getattr(fetched, "url", "")).endswith("/u/1"):
            raise KeyError("boom")
        return real(fetched, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(rashomon.collect.run, "page_record", flawed)
    summary = collect([f"{site.base}/feed"], tmp_path / "b.jsonl", options=options())
    assert summary.failures == [(f"{site.base}/u/1", "unexpected error (KeyError: 'boom')")]
    assert summary.pages_saved == 1


# The timeout bounds a whole request, however slowly a server sends its bytes.

# A scripted reply: (pause in seconds, bytes sent after it), in order.
Script = list[tuple[float, bytes]]


@contextmanager
def serve_script(script: Callable[[str], Script]) -> Iterator[tuple[str, list[str]]]:
    """A raw HTTP server on 127.0.0.1 that sends each reply as `script(path)` says, one request a
    connection; it stops when the client hangs up or the test ends. Yields its base URL and the
    paths asked for."""
    stop, paths = threading.Event(), []

    class Handler(socketserver.BaseRequestHandler):
        def handle(self) -> None:
            self.request.settimeout(5)
            head = b""
            while b"\r\n\r\n" not in head and len(head) < 65536:
                if not (chunk := self.request.recv(4096)):
                    return
                head += chunk
            paths.append(head.split(b" ")[1].decode("ascii", "replace"))
            for pause, data in script(paths[-1]):
                if stop.wait(pause):
                    return
                try:
                    self.request.sendall(data)
                except OSError:  # the client gave up
                    return

    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", paths
    finally:
        stop.set()
        server.shutdown()
        server.server_close()


HEAD = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 60\r\nConnection: close\r\n\r\n"


def drip(data: bytes, every: float) -> Script:
    return [(every, data[i : i + 1]) for i in range(len(data))]


@pytest.mark.parametrize(
    ("script", "timeout", "retries"),
    [
        ([(0.0, HEAD), *drip(b"<p>" + b"x" * 57, 0.5)], 2.0, 0),  # the body, a byte every 0.5 s
        (drip(HEAD, 0.3), 1.0, 1),  # the status line and headers; and a retry, with its own deadline
    ],
    ids=["body", "headers"],
)
def test_a_server_dripping_bytes_is_cut_off_at_the_timeout(
    tmp_path: Path, script: Script, timeout: float, retries: int
) -> None:
    with serve_script(lambda path: script) as (base, paths):
        started = time.monotonic()
        summary = collect(
            [f"{base}/slow"],
            tmp_path / "b.jsonl",
            options=options(timeout=timeout, retries=retries, ignore_robots=True),
        )
        took = time.monotonic() - started
    assert summary.failures == [(f"{base}/slow", f"timed out after {timeout:g} s (whole request)")]
    assert len(paths) == retries + 1
    assert (retries + 1) * timeout <= took < (retries + 1) * timeout + 0.05 * retries + 1.0, took


def test_redirect_hops_share_the_attempts_deadline(tmp_path: Path) -> None:
    def script(path: str) -> Script:
        if path == "/end":
            return drip(HEAD, 0.3)
        hop = b"HTTP/1.1 302 Found\r\nLocation: /%s\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        return [(0.8, hop % (b"hop2" if path == "/hop1" else b"end"))]

    with serve_script(script) as (base, paths):
        started = time.monotonic()
        summary = collect(
            [f"{base}/hop1"],
            tmp_path / "b.jsonl",
            options=options(timeout=2.0, retries=0, ignore_robots=True),
        )
        took = time.monotonic() - started
    assert paths == ["/hop1", "/hop2", "/end"]
    assert summary.failures == [(f"{base}/hop1", "timed out after 2 s (whole request)")]
    assert 2.0 <= took < 3.0, took  # not 0.8 + 0.8 + 2 s: the hops spend one allowance


def test_a_slow_dns_lookup_counts_against_the_timeout() -> None:
    def stuck(host: str, port: int) -> list[str]:
        time.sleep(3)
        return ["127.0.0.1"]

    started = time.monotonic()
    with (
        Fetcher(options(timeout=1.0), resolver=stuck) as fetcher,
        pytest.raises(FetchError, match="no answer within 1 s"),
    ):
        fetcher.get("http://news.example/x")
    assert time.monotonic() - started < 2.0
