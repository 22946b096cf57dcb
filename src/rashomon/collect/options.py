"""Defaults for `rashomon collect`, each with the reason for its value."""

from __future__ import annotations

from dataclasses import dataclass

from rashomon import __version__

USER_AGENT = (
    f"Rashomon/{__version__} (news collector for conflict research; fetches each page once, "
    "at most one request per host per second)"
)


@dataclass(frozen=True)
class CollectOptions:
    # Minimum seconds between two requests to one host. One a second is the crawl delay most news
    # sites' robots.txt ask of unnamed bots; a feed and its articles usually share one host.
    rate: float = 1.0
    # Seconds one attempt at a URL may take as a whole: DNS, connect, TLS, headers and body, of every
    # redirect hop, however slowly the server drips its bytes. A news page that has not come in 20 s
    # is down; each retry is a new attempt with its own 20 s.
    timeout: float = 20.0
    # Largest page or feed accepted, in bytes: news pages are rarely over 2 MB of HTML.
    max_bytes: int = 5 * 1024 * 1024
    # Retries after a timeout, a connection error, 429 or 5xx: 3 retries with backoff 1, 2, 4 s
    # ride out a restart or a brief overload without hammering a server that is really down.
    retries: int = 3
    backoff: float = 1.0
    # Longest Retry-After honoured, in seconds; a server asking for more is treated as failed.
    max_retry_after: float = 120.0
    max_redirects: int = 5
    # Loopback, private, link-local and reserved addresses are refused unless this is set, so a
    # feed cannot point the collector at a router, a cloud metadata service or the host itself.
    allow_private: bool = False
    # robots.txt is obeyed unless this is set: meant only for servers one runs or may crawl anyway.
    ignore_robots: bool = False
    # Longest robots.txt Crawl-delay honoured, in seconds; a host asking more is skipped for the run:
    # at one page a minute a feed of 50 items already takes most of an hour.
    max_crawl_delay: float = 60.0
    user_agent: str = USER_AGENT
