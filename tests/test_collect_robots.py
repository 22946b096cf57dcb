"""`rashomon collect` obeys robots.txt: rules read per RFC 9309 (by protego), each origin's file read
once through the polite fetcher, Crawl-delay honoured, and each answer status read as common crawlers do."""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rashomon.cli import app
from rashomon.collect import collect
from rashomon.collect.robots import parse_robots, product_token
from tests.test_collect import HTML, Reply, Site, article_page, options, records, rss, serve_site

UA = "Rashomon/1.0 (news collector)"
TEXT = {"Content-Type": "text/plain"}
REFUSED = "refused by robots.txt (a Disallow rule matches)"


@pytest.fixture
def site() -> Iterator[Site]:
    with serve_site() as state:
        yield state


def allowed(robots: str, path: str, agent: str = UA) -> bool:
    return parse_robots(robots.encode(), agent).refuses(f"http://news.example{path}") is None


def test_our_group_wins_over_star_and_the_longest_rule_wins() -> None:
    robots = (
        "User-agent: *\nDisallow: /\n\n"
        "# ours, split over two groups that merge\n"
        "User-agent: rashomon\nDisallow: /drafts/\nAllow: /drafts/public\n\n"
        "User-agent: OtherBot\nUser-agent: RASHOMON/2\nDisallow: /*.pdf$\nDisallow: /search*q=\n"
    )
    assert allowed(robots, "/news/1")  # the * group's Disallow: / is not ours
    assert not allowed(robots, "/drafts/2")
    assert allowed(robots, "/drafts/public-3")  # longer Allow beats shorter Disallow
    assert not allowed(robots, "/files/report.pdf") and allowed(robots, "/files/report.pdf?page=2")
    assert not allowed(robots, "/search?lang=en&q=truce") and allowed(robots, "/search?lang=en")
    assert allowed(robots, "/robots.txt")
    assert not allowed(robots, "/news/1", agent="SomeoneElse/1.0")  # falls back to the * group
    # Groups are matched against the product token, not the words of the whole User-Agent.
    assert allowed("User-agent: news\nDisallow: /\n", "/x", agent="Rashomon/1.0 (news collector)")


def test_rule_details() -> None:
    assert allowed("User-agent: *\nDisallow: /a\nAllow: /a\n", "/a/b")  # a tie: Allow wins
    assert allowed("User-agent: *\nDisallow:\n", "/anything")  # an empty Disallow allows all
    assert allowed("User-agent: other\nDisallow: /\n", "/x")  # no group for us nor *: all allowed
    assert allowed("", "/x") and allowed("\ufeffjunk\n<html>", "/x")
    assert not allowed("User-agent: * # everyone\nDisallow: /caf%C3%A9 # comment\n", "/café")
    assert not allowed("User-agent: *\nDisallow: /%7Euser\n", "/~user/page")  # %7E is ~
    assert parse_robots(b"User-agent: *\nCrawl-delay: 2.5\nCrawl-delay: x\n", UA).crawl_delay == 2.5
    assert product_token(UA) == "rashomon"


@pytest.mark.parametrize(
    ("rule", "path", "matched"),
    [
        ("/a*b*c", "/axxbyyc/more", True), ("/a*b*c", "/axxcyyb", False), ("/a*", "/a", True),
        ("/*.php$", "/x/index.php", True), ("/*.php$", "/x/index.php5", False), ("/x$", "/x", True),
        ("/x$", "/x/", False), ("*/print", "/news/1/print", True), ("/a*b$", "/ab/ab", True),
        ("/fish*", "/Fish", False),  # paths are case-sensitive
    ],
)  # fmt: skip
def test_wildcards(rule: str, path: str, matched: bool) -> None:
    assert allowed(f"User-agent: *\nDisallow: {rule}\n", path) is not matched


def test_many_stars_do_not_backtrack() -> None:
    started = time.monotonic()
    assert allowed("User-agent: *\nDisallow: /" + "*a" * 60 + "*b$\n", "/" + "a" * 5000)
    assert time.monotonic() - started < 1.0


def test_disallowed_items_are_reported_not_fetched_and_retried_on_a_later_run(
    site: Site, tmp_path: Path
) -> None:
    site.routes["/robots.txt"] = (200, TEXT, b"User-agent: *\nDisallow: /members/\n")
    site.routes["/feed"] = (
        200,
        {"Content-Type": "application/rss+xml"},
        rss(site.base, ["/n/1", "/members/2"]),
    )
    site.routes["/n/1"] = (200, HTML, article_page(1))
    site.routes["/members/2"] = (200, HTML, article_page(2))
    out, state = tmp_path / "b.jsonl", tmp_path / "state"
    first = collect([f"{site.base}/feed"], out, state=state, options=options())
    assert (first.pages_saved, first.robots_refused) == (1, 1)
    assert first.failures == [(f"{site.base}/members/2", REFUSED)]
    assert site.hits("/members/2") == 0 and site.hits("/robots.txt") == 1  # read once for the run
    assert state.read_text(encoding="utf-8").split() == [f"{site.base}/n/1"]
    site.routes["/robots.txt"] = (200, TEXT, b"User-agent: *\nAllow: /\n")  # the site changes its mind
    second = collect([f"{site.base}/feed"], out, state=state, options=options())
    assert (second.pages_saved, second.already_done, second.failures) == (1, 1, [])
    assert [r["url"] for r in records(out)] == [f"{site.base}/n/1", f"{site.base}/members/2"]


def reply(status: int) -> Reply:
    return status, TEXT, b"User-agent: *\nDisallow: /\n"  # obeyed only if read as robots.txt


@pytest.mark.parametrize(
    ("status", "saved", "reason"),
    [
        (404, True, ""),
        (410, True, ""),
        (401, False, "refused by robots.txt (it answers HTTP 401 Unauthorized: access denied)"),
        (403, False, "refused by robots.txt (it answers HTTP 403 Forbidden: access denied)"),
        (503, False, "robots.txt unreachable (HTTP 503 Service Unavailable); host skipped for this run"),
        (0, False, "robots.txt unreachable (connection failed (RemoteProtocolError"),  # dropped
    ],
)
def test_robots_txt_status(site: Site, tmp_path: Path, status: int, saved: bool, reason: str) -> None:
    site.routes["/robots.txt"] = reply(status)
    site.routes["/a"] = (200, HTML, article_page(1))
    site.routes["/b"] = (200, HTML, article_page(2))
    urls = [f"{site.base}/a", f"{site.base}/b"]
    summary = collect(urls, tmp_path / "b.jsonl", options=options(retries=1))
    assert summary.pages_saved == (2 if saved else 0)
    assert all(why.startswith(reason) for _, why in summary.failures)
    assert summary.robots_refused == len(summary.failures) == (0 if saved else 2)
    assert site.hits("/a") == (1 if saved else 0)
    # Read once for the run, after the fetcher's own retries of a 5xx or a dropped connection.
    assert site.hits("/robots.txt") == (2 if status in (503, 0) else 1)


def test_crawl_delay_raises_the_interval_never_lowers_it(site: Site, tmp_path: Path) -> None:
    site.routes["/robots.txt"] = (200, TEXT, b"User-agent: *\nCrawl-delay: 0.4\n")
    for i in range(3):
        site.routes[f"/p/{i}"] = (200, HTML, article_page(i))
    urls = [f"{site.base}/p/{i}" for i in range(3)]
    assert collect(urls, tmp_path / "a.jsonl", options=options(rate=0.0)).pages_saved == 3
    times = [t for *_, t, _ in site.log]
    assert len(times) == 4 and all(b - a >= 0.38 for a, b in itertools.pairwise(times)), times
    site.log.clear()
    site.routes["/robots.txt"] = (200, TEXT, b"User-agent: *\nCrawl-delay: 0.05\n")
    assert collect(urls, tmp_path / "b.jsonl", options=options(rate=0.3)).pages_saved == 3
    times = [t for *_, t, _ in site.log]
    assert all(b - a >= 0.28 for a, b in itertools.pairwise(times)), times


def test_a_crawl_delay_too_long_skips_the_host(site: Site, tmp_path: Path) -> None:
    site.routes["/robots.txt"] = (200, TEXT, b"User-agent: *\nCrawl-delay: 3600\n")
    site.routes["/a"] = (200, HTML, article_page(1))
    summary = collect([f"{site.base}/a"], tmp_path / "b.jsonl", options=options())
    assert summary.failures == [
        (f"{site.base}/a", "robots.txt asks a Crawl-delay of 3600 s, over the 60 s we wait; host skipped")
    ]
    assert site.hits("/a") == 0


def test_robots_txt_is_fetched_politely_and_its_redirects_are_checked(site: Site, tmp_path: Path) -> None:
    site.routes["/robots.txt"] = (302, {"Location": "file:///etc/passwd"}, b"")
    site.routes["/a"] = (200, HTML, article_page(1))
    summary = collect([f"{site.base}/a"], tmp_path / "b.jsonl", options=options())
    ((_, reason),) = summary.failures
    assert reason.startswith("robots.txt unreachable (refused: only http and https URLs")
    assert [(path, ua.split("/")[0]) for path, _, _, ua in site.log] == [("/robots.txt", "Rashomon")]


def test_cli_ignore_robots(site: Site, tmp_path: Path) -> None:
    site.routes["/robots.txt"] = (200, TEXT, b"User-agent: *\nDisallow: /\n")
    site.routes["/a"] = (200, HTML, article_page(1))
    out = tmp_path / "b.jsonl"
    args = ["collect", f"{site.base}/a", "--out", str(out), "--rate", "0", "--allow-private"]
    obeyed = CliRunner().invoke(app, args)
    assert obeyed.exit_code == 1 and REFUSED in obeyed.output
    assert "1 failed (1 by robots.txt)" in obeyed.output
    ignored = CliRunner().invoke(app, [*args, "--ignore-robots"])
    assert ignored.exit_code == 0, ignored.output
    assert site.hits("/robots.txt") == 1 and site.hits("/a") == 1 and len(records(out)) == 1
