"""URL checks before any request: http(s) only, and no private, loopback, link-local or reserved
addresses unless allowed; plus the canonical form under which a URL counts as done.

The host is parsed with httpx's own URL parser and resolved here, once: the addresses returned are
the only ones the connection may use (see `pinning`), so neither a second DNS answer nor a parser
that reads the host differently can send a request somewhere the check did not see."""

from __future__ import annotations

import ipaddress
import re
import socket
from collections.abc import Callable, Sequence
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import httpx

_DEFAULT_PORTS = {"http": 80, "https": 443}
# Longer than common servers accept in a request line: garbage or an attack, never a news page.
MAX_URL_LENGTH = 8192
# Control characters (C0, DEL, C1), line and paragraph separators, unpaired surrogates: urllib drops
# some silently, httpx refuses others, and any of them would break the one-URL-a-line state file.
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
# Query parameters that track the reader and never change the page.
_TRACKING = ("utm_", "fbclid", "gclid", "mc_cid", "mc_eid", "ocid", "cmpid")

# (host name in ASCII, port) -> its IP addresses; tests inject one to play a hostile DNS.
Resolver = Callable[[str, int], Sequence[str]]


class RefusedURL(Exception):
    """A URL the collector will not fetch; the message says why."""


def check_fetchable(url: str) -> None:
    """Raise RefusedURL, saying why, unless `url` is an absolute http(s) URL with a host that both
    urllib (which the canonical form and robots.txt use) and httpx (which fetches) can parse. Any
    URL from a feed, a page or a redirect passes here before anything else reads it."""
    if len(url) > MAX_URL_LENGTH:
        raise RefusedURL(f"longer than {MAX_URL_LENGTH} characters ({len(url)})")
    if (bad := _UNPRINTABLE.search(url)) is not None:
        raise RefusedURL(f"not a valid URL (control character {bad.group()!a})")
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - read for its check: a port that is not a number in 0-65535 raises
    except ValueError as err:
        raise RefusedURL(f"not a valid URL ({err})") from err
    scheme = parts.scheme.lower()
    if not scheme:
        raise RefusedURL("not an absolute URL (no scheme: a relative link?)")
    if scheme not in _DEFAULT_PORTS:
        raise RefusedURL(f"only http and https URLs are fetched, not '{scheme[:20]}'")
    if not parts.hostname:
        raise RefusedURL("no host in the URL")
    try:
        httpx.URL(url)
    except (httpx.InvalidURL, ValueError) as err:
        raise RefusedURL(f"not a valid URL ({err})") from err


def printable(text: str, limit: int = 300) -> str:
    """`text` for a one-line report: control characters escaped, cut at `limit` characters."""
    text = _UNPRINTABLE.sub(lambda match: ascii(match.group())[1:-1], text)
    return text if len(text) <= limit else f"{text[:limit]}... ({len(text)} characters)"


def canonical_url(url: str) -> str:
    """Scheme and host in lower case, default port, fragment and tracking parameters dropped.
    `url` must have passed `check_fetchable` (urllib raises ValueError on some malformed URLs).

    Not courlan's normalize_url, which serves link discovery: it drops parameters without a value
    ('?12345') and any whose name looks like tracking ('ref', 'source', 'gallery'), collapses '//'
    (web.archive.org's embedded URLs) and keeps the fragment, so it would merge distinct pages under
    one key; and a key that changes form makes existing state files re-fetch what they hold."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if ":" in host:
        host = f"[{host}]"
    port = parts.port
    netloc = host if port in (None, _DEFAULT_PORTS.get(scheme)) else f"{host}:{port}"
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not k.startswith(_TRACKING)]
    return urlunsplit((scheme, netloc, parts.path or "/", urlencode(query), ""))


def host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def origin_of(url: str) -> str:
    """scheme://host[:port], the unit robots.txt applies to (RFC 9309)."""
    parts = urlsplit(canonical_url(url))
    return f"{parts.scheme}://{parts.netloc}"


def system_resolver(host: str, port: int) -> list[str]:
    """The host's addresses from the system resolver, in its order of preference."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(sockaddr[0]) for *_, sockaddr in infos))


def connect_target(url: str) -> tuple[str, int]:
    """The host name (ASCII, as the connection will ask for it) and port of an http(s) URL."""
    check_fetchable(url)
    parsed = httpx.URL(url)
    host = parsed.raw_host.decode("ascii").lower()
    if not host:
        raise RefusedURL("no host in the URL")
    return host, parsed.port or _DEFAULT_PORTS[parsed.scheme]


def check_url(url: str, *, allow_private: bool, resolver: Resolver = system_resolver) -> tuple[str, ...]:
    """The addresses `url`'s host resolves to (looked up once), every one of them checked; raise
    RefusedURL unless `url` is http(s) and each address may be fetched."""
    host, port = connect_target(url)
    try:
        addresses = tuple(resolver(host, port))
    except (OSError, ValueError) as err:
        raise RefusedURL(f"cannot resolve host {host} ({err})") from err
    if not addresses:
        raise RefusedURL(f"cannot resolve host {host} (no address)")
    for text in addresses:
        address = _ip(host, text)
        if not allow_private and not is_public(address):
            raise RefusedURL(
                f"host {host} resolves to a non-public address {address} "
                "(private, loopback, link-local or reserved); pass --allow-private to fetch it"
            )
    return addresses


def _ip(host: str, text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address:
    try:
        return ipaddress.ip_address(text.split("%")[0])  # "%eth0": an IPv6 zone, not the address
    except ValueError as err:
        raise RefusedURL(f"host {host} resolves to something not an IP address ({text!r})") from err


def is_public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """A globally routable unicast address (an IPv4-mapped IPv6 address is judged as IPv4)."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_global and not address.is_multicast
