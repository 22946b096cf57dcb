"""URL checks before any request: http(s) only, and no private, loopback, link-local or reserved
addresses unless allowed; plus the canonical form under which a URL counts as done."""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

_DEFAULT_PORTS = {"http": 80, "https": 443}
# Query parameters that track the reader and never change the page.
_TRACKING = ("utm_", "fbclid", "gclid", "mc_cid", "mc_eid", "ocid", "cmpid")


class RefusedURL(Exception):
    """A URL the collector will not fetch; the message says why."""


def canonical_url(url: str) -> str:
    """Scheme and host in lower case, default port, fragment and tracking parameters dropped."""
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


def check_url(url: str, *, allow_private: bool) -> None:
    """Raise RefusedURL unless `url` is http(s) with a host whose every address may be fetched."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in _DEFAULT_PORTS:
        raise RefusedURL(f"only http and https URLs are fetched, not '{parts.scheme or url}'")
    if not parts.hostname:
        raise RefusedURL("no host in the URL")
    if allow_private:
        return
    try:
        port = parts.port or _DEFAULT_PORTS[parts.scheme.lower()]
        infos = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except (OSError, ValueError) as err:
        raise RefusedURL(f"cannot resolve host {parts.hostname} ({err})") from err
    for *_, sockaddr in infos:
        address = ipaddress.ip_address(str(sockaddr[0]).split("%")[0])
        if not is_public(address):
            raise RefusedURL(
                f"host {parts.hostname} resolves to a non-public address {address} "
                "(private, loopback, link-local or reserved); pass --allow-private to fetch it"
            )


def is_public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """A globally routable unicast address (an IPv4-mapped IPv6 address is judged as IPv4)."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_global and not address.is_multicast
