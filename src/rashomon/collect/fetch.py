"""Polite HTTP GET: robots.txt obeyed (read once per origin, its Crawl-delay honoured), a minimum
interval per host, retries with exponential backoff (honouring Retry-After), a timeout, a size
limit, and every redirect hop checked like the first URL, its host resolved once and the connection
pinned to the checked addresses."""

from __future__ import annotations

import datetime
import email.utils
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urljoin

import httpx

from rashomon.collect.options import CollectOptions
from rashomon.collect.pinning import PinnedTransport, Pins
from rashomon.collect.robots import RobotsRules, parse_robots, rules_for_failure
from rashomon.collect.urls import (
    RefusedURL,
    Resolver,
    check_url,
    connect_target,
    host_of,
    origin_of,
    system_resolver,
)

_RETRY_STATUS = frozenset({429, 500, 502, 503, 504})
_REDIRECT_STATUS = frozenset({301, 302, 303, 307, 308})


class FetchError(Exception):
    """A URL that could not be fetched; the message says why, `status` the HTTP status if any."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class RobotsRefused(FetchError):
    """A URL that the host's robots.txt refuses us, or whose robots.txt could not be read."""


@dataclass(frozen=True)
class Fetched:
    url: str  # after redirects
    body: bytes
    content_type: str  # the Content-Type header, lower case, "" when absent
    fetched_at: datetime.datetime | None = None  # UTC, when the response came


class Fetcher:
    """One HTTP client for a whole collection, so that the per-host intervals span every request.

    `resolver` answers every DNS lookup (each host once a run); `ssl_context` replaces the default
    (certifi's CAs, verification on), e.g. to trust a private CA."""

    def __init__(
        self,
        options: CollectOptions,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        resolver: Resolver = system_resolver,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        self.options = options
        self._clock, self._sleep, self._resolver = clock, sleep, resolver
        self._next_allowed: dict[str, float] = {}
        self._interval: dict[str, float] = {}  # per host, when its Crawl-delay exceeds options.rate
        self._robots: dict[str, RobotsRules] = {}  # per origin
        self._pins = Pins()
        self._client = httpx.Client(
            headers={"User-Agent": options.user_agent, "Accept-Encoding": "gzip, deflate"},
            timeout=options.timeout,
            follow_redirects=False,  # followed by hand: each hop's address is checked first
            trust_env=False,  # a proxy from the environment would bypass the address check
            transport=PinnedTransport(self._pins, ssl_context),
        )

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get(self, url: str, *, obey_robots: bool = True) -> Fetched:
        """The body at `url` (status 200), following redirects; raises FetchError (RobotsRefused
        when robots.txt refuses `url` or a hop, unless `obey_robots` or the options say not to)."""
        for _ in range(self.options.max_redirects + 1):
            self._check_address(url)
            if obey_robots and not self.options.ignore_robots:
                self._check_robots(url)
            response, body = self._get_with_retries(url)
            if response.status_code in _REDIRECT_STATUS and "location" in response.headers:
                url = urljoin(url, response.headers["location"])
                continue
            if response.status_code != 200:
                status = response.status_code
                raise FetchError(f"HTTP {status} {response.reason_phrase}".strip(), status)
            content_type = response.headers.get("content-type", "").lower()
            return Fetched(url, body, content_type, datetime.datetime.now(datetime.timezone.utc))
        raise FetchError(f"more than {self.options.max_redirects} redirects")

    def _check_address(self, url: str) -> None:
        """Refuse a URL whose host resolves to a forbidden address; pin the host to what was checked.
        A host is resolved once a run: later URLs reuse its pinned, already checked addresses."""
        try:
            host, _ = connect_target(url)
            if not self._pins.get(host):
                self._pins.pin(
                    host, check_url(url, allow_private=self.options.allow_private, resolver=self._resolver)
                )
        except RefusedURL as err:
            raise FetchError(f"refused: {err}") from err

    def _check_robots(self, url: str) -> None:
        origin = origin_of(url)
        if origin not in self._robots:
            self._robots[origin] = self._read_robots(origin)
            if (delay := self._robots[origin].crawl_delay) is not None:
                self._slow_down(host_of(url), delay)
        if (reason := self._robots[origin].refuses(url)) is not None:
            raise RobotsRefused(reason)

    def _read_robots(self, origin: str) -> RobotsRules:
        """The origin's robots.txt, fetched like any page (address checks, interval, retries)."""
        try:
            fetched = self.get(f"{origin}/robots.txt", obey_robots=False)
        except FetchError as err:
            return rules_for_failure(err.status, str(err))
        rules = parse_robots(fetched.body, self.options.user_agent)
        delay, longest = rules.crawl_delay, self.options.max_crawl_delay
        if delay is not None and delay > longest:
            why = f"robots.txt asks a Crawl-delay of {delay:g} s, over the {longest:g} s we wait"
            return RobotsRules(refusal=f"{why}; host skipped")
        return rules

    def _slow_down(self, host: str, delay: float) -> None:
        """Crawl-delay: the host's interval becomes at least `delay`, counted from the robots.txt request."""
        self._interval[host] = max(self._interval.get(host, self.options.rate), delay)
        self._defer(host, delay)

    def _get_with_retries(self, url: str) -> tuple[httpx.Response, bytes]:
        host = host_of(url)
        for attempt in range(self.options.retries + 1):
            last = attempt == self.options.retries
            self._wait_turn(host)
            try:
                response, body = self._get_once(url)
            except httpx.TimeoutException as err:
                if last:
                    raise FetchError(f"timed out after {self.options.timeout:g} s") from err
                self._defer(host, self._backoff(attempt))
                continue
            except httpx.TransportError as err:
                if last:
                    raise FetchError(f"connection failed ({err.__class__.__name__}: {err})") from err
                self._defer(host, self._backoff(attempt))
                continue
            if response.status_code in _RETRY_STATUS and not last:
                wait = _retry_after(response) or self._backoff(attempt)
                if wait > self.options.max_retry_after:
                    raise FetchError(f"HTTP {response.status_code}, Retry-After {wait:g} s is too long")
                self._defer(host, wait)
                continue
            return response, body
        raise AssertionError("unreachable: the last attempt returns or raises")

    def _get_once(self, url: str) -> tuple[httpx.Response, bytes]:
        limit = self.options.max_bytes
        with self._client.stream("GET", url) as response:
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > limit:
                raise FetchError(f"larger than the limit ({declared} bytes > {limit})")
            chunks, size = [], 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > limit:
                    raise FetchError(f"larger than the limit ({limit} bytes)")
                chunks.append(chunk)
        return response, b"".join(chunks)

    def _wait_turn(self, host: str) -> None:
        """Sleep until `host` may be asked again, then book its next slot."""
        now = self._clock()
        wait = self._next_allowed.get(host, now) - now
        if wait > 0:
            self._sleep(wait)
            now = self._clock()
        self._next_allowed[host] = now + self._interval.get(host, self.options.rate)

    def _defer(self, host: str, seconds: float) -> None:
        """The host asked us (or failed and so tells us) to wait: no request before then."""
        self._next_allowed[host] = max(self._next_allowed.get(host, 0.0), self._clock() + seconds)

    def _backoff(self, attempt: int) -> float:
        return self.options.backoff * 2**attempt


def _retry_after(response: httpx.Response) -> float | None:
    """Retry-After in seconds: a number of seconds or an HTTP date."""
    value = response.headers.get("retry-after", "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())
