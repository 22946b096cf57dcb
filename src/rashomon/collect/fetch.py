"""Polite HTTP GET: robots.txt obeyed (read once per origin, its Crawl-delay honoured), a minimum
interval per host, retries with exponential backoff (honouring Retry-After), a timeout for each
attempt as a whole, a size limit, and every redirect hop checked like the first URL, its host
resolved once and the connection pinned to the checked addresses."""

from __future__ import annotations

import datetime
import email.utils
import functools
import ssl
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import urljoin

import httpx

from rashomon.collect.options import CollectOptions
from rashomon.collect.pinning import Deadline, PinnedTransport, Pins
from rashomon.collect.robots import RobotsRules, parse_robots, rules_for_failure
from rashomon.collect.urls import (
    RefusedURL,
    Resolver,
    check_fetchable,
    check_url,
    connect_target,
    host_of,
    origin_of,
    printable,
    system_resolver,
)

_RETRY_STATUS = frozenset({429, 500, 502, 503, 504})
_REDIRECT_STATUS = frozenset({301, 302, 303, 307, 308})


class FetchError(Exception):
    """A URL that could not be fetched; the message says why, `status` the HTTP status if any,
    `transient` whether trying again later may succeed (a timeout, a connection failure)."""

    def __init__(self, message: str, status: int | None = None, *, transient: bool = False) -> None:
        super().__init__(message)
        self.status = status
        self.transient = transient


class RobotsRefused(FetchError):
    """A URL that the host's robots.txt refuses us, or whose robots.txt could not be read."""


class _Attempt:
    """One try at a fetch: its number (0: the first) and the seconds of network time it has left.

    The timeout bounds an attempt as a whole: its DNS lookups and every request of its redirect hops
    (connect, TLS, status line, headers, body) share one allowance, so a fetch with no retry ends
    within about the timeout. The polite waits between requests are not counted: they are ours, not
    the server's. Each retry is a new attempt with the whole timeout again, so a fetch takes at most
    (retries + 1) timeouts plus the backoff waits, however many redirects it follows."""

    def __init__(self, seconds: float) -> None:
        self.number, self.left = 0, seconds

    def retry(self, seconds: float) -> None:
        self.number, self.left = self.number + 1, seconds


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
        self._deadline = Deadline()  # set around each request by _on_the_clock
        self._client = httpx.Client(
            headers={"User-Agent": options.user_agent, "Accept-Encoding": "gzip, deflate"},
            timeout=options.timeout,  # per socket operation; the deadline bounds the whole request
            follow_redirects=False,  # followed by hand: each hop's address is checked first
            trust_env=False,  # a proxy from the environment would bypass the address check
            transport=PinnedTransport(self._pins, ssl_context, self._deadline),
            # httpx parses a redirect's Location even when not following it, and reports one it cannot
            # parse as a protocol error, retried like a network failure: refused here, before it.
            event_hooks={"response": [_check_location]},
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
        try:
            check_fetchable(url)
        except RefusedURL as err:
            raise FetchError(str(err)) from err
        attempt = _Attempt(self.options.timeout)
        for _ in range(self.options.max_redirects + 1):
            response, body = self._get_hop(url, attempt, obey_robots=obey_robots)
            if response.status_code in _REDIRECT_STATUS and "location" in response.headers:
                url = _redirect_target(url, response.headers["location"])
                continue
            if response.status_code != 200:
                status = response.status_code
                raise FetchError(f"HTTP {status} {response.reason_phrase}".strip(), status)
            content_type = response.headers.get("content-type", "").lower()
            return Fetched(url, body, content_type, datetime.datetime.now(datetime.timezone.utc))
        raise FetchError(f"more than {self.options.max_redirects} redirects")

    def _get_hop(self, url: str, attempt: _Attempt, *, obey_robots: bool) -> tuple[httpx.Response, bytes]:
        """One hop's response, its address and robots.txt checked first; retried after a timeout, a
        connection failure, 429 or 5xx while the fetch (all its hops together) has retries left."""
        self._check_address(url, attempt)
        if obey_robots and not self.options.ignore_robots:
            self._check_robots(url)
        host = host_of(url)
        while True:
            last = attempt.number == self.options.retries
            self._wait_turn(host)
            try:
                response, body = self._get_once(url, attempt)
            except FetchError as err:
                if last or not err.transient:
                    raise
                wait = self._backoff(attempt.number)
            else:
                if response.status_code not in _RETRY_STATUS or last:
                    return response, body
                wait = _retry_after(response) or self._backoff(attempt.number)
                if wait > self.options.max_retry_after:
                    raise FetchError(f"HTTP {response.status_code}, Retry-After {wait:g} s is too long")
            self._defer(host, wait)
            attempt.retry(self.options.timeout)

    def _check_address(self, url: str, attempt: _Attempt) -> None:
        """Refuse a URL whose host resolves to a forbidden address; pin the host to what was checked.
        A host is resolved once a run: later URLs reuse its pinned, already checked addresses. The
        lookup counts against the attempt's time."""
        try:
            host, _ = connect_target(url)
            if not self._pins.get(host):
                resolver = functools.partial(_resolve_within, attempt.left, self._resolver)
                with self._on_the_clock(attempt):
                    addresses = check_url(url, allow_private=self.options.allow_private, resolver=resolver)
                self._pins.pin(host, addresses)
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

    def _get_once(self, url: str, attempt: _Attempt) -> tuple[httpx.Response, bytes]:
        """One request, within the attempt's time; a timeout or a connection failure is transient."""
        try:
            with self._on_the_clock(attempt):
                return self._read(url)
        except httpx.TimeoutException as err:
            why = f"timed out after {self.options.timeout:g} s (whole request)"
            raise FetchError(why, transient=True) from err
        except httpx.DecodingError as err:  # a corrupt gzip or deflate body: sent again, still corrupt
            raise FetchError(f"undecodable body ({err})") from err
        except httpx.LocalProtocolError as err:  # a request h11 will not send: the same on a retry
            raise FetchError(f"request refused by the HTTP library ({err})") from err
        except httpx.TransportError as err:
            raise FetchError(f"connection failed ({err.__class__.__name__}: {err})", transient=True) from err

    def _read(self, url: str) -> tuple[httpx.Response, bytes]:
        limit = self.options.max_bytes
        with self._client.stream("GET", url) as response:
            declared = response.headers.get("content-length", "")
            if _is_number(declared) and int(declared) > limit:
                raise FetchError(f"larger than the limit ({declared} bytes > {limit})")
            chunks, size = [], 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > limit:
                    raise FetchError(f"larger than the limit ({limit} bytes)")
                chunks.append(chunk)
        return response, b"".join(chunks)

    @contextmanager
    def _on_the_clock(self, attempt: _Attempt) -> Iterator[None]:
        """The connections' deadline set to the attempt's time left; the time spent is charged."""
        start = time.monotonic()
        self._deadline.at = start + attempt.left
        try:
            yield
        finally:
            self._deadline.at = None
            attempt.left -= time.monotonic() - start

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
    """Retry-After in seconds: a number of seconds or an HTTP date; None when absent or unreadable."""
    value = response.headers.get("retry-after", "").strip()
    if not value:
        return None
    if _is_number(value):
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
        return max(0.0, when.timestamp() - time.time())
    except (TypeError, ValueError, OverflowError):  # OverflowError: a date past what datetime holds
        return None


def _is_number(value: str) -> bool:
    """ASCII digits only: str.isdigit() also accepts '²' and other digits that int() refuses."""
    return value.isascii() and value.isdigit()


def _check_location(response: httpx.Response) -> None:
    if response.status_code in _REDIRECT_STATUS and "location" in response.headers:
        _redirect_target(str(response.request.url), response.headers["location"])


def _redirect_target(url: str, location: str) -> str:
    """The absolute URL a redirect points to; FetchError when it is no fetchable http(s) URL."""
    try:
        target = urljoin(url, location.strip())
        check_fetchable(target)
    except ValueError as err:  # urljoin's, on a malformed authority
        why = f"not a valid URL ({err})"
    except RefusedURL as err:
        why = str(err)
    else:
        return target
    raise FetchError(f"refused: {why}, in a redirect to '{printable(location, 200)}'")


def _resolve_within(seconds: float, resolver: Resolver, host: str, port: int) -> Sequence[str]:
    """`resolver`'s answer, or OSError after `seconds`: the system's getaddrinfo takes no timeout, so
    the lookup runs in a daemon thread, left to finish on its own if it takes too long."""
    answer: list[Sequence[str]] = []
    failure: list[Exception] = []

    def lookup() -> None:
        try:
            answer.append(resolver(host, port))
        except Exception as err:  # re-raised in the caller's thread below
            failure.append(err)

    worker = threading.Thread(target=lookup, name=f"resolve {host}", daemon=True)
    worker.start()
    worker.join(max(seconds, 0.0))
    if failure:
        raise failure[0]
    if not answer:
        raise OSError(f"no answer within {max(seconds, 0.0):.3g} s")
    return answer[0]
