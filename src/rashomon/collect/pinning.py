"""DNS pinning: connections go only to the addresses the URL check approved for the host name.

Resolving a name to check it and letting the HTTP client resolve it again to connect leaves a gap
that a hostile DNS server fills (DNS rebinding): a public address for the check, 127.0.0.1 or a
cloud metadata address for the connection. Here the client never resolves: httpcore's network
backend is replaced by one that looks the host up in `Pins` (filled by the check) and connects to
those IP addresses. Everything above the TCP socket is left to httpx and httpcore, so the Host
header, TLS SNI and certificate verification still use the host name of the URL.

The backend also enforces a `Deadline` for the whole request, which httpx's own timeouts do not give.
"""

from __future__ import annotations

import ssl
import time
from collections.abc import Iterable
from typing import Any

import httpcore
import httpx

SocketOption = Any  # httpcore's SOCKET_OPTION, which it does not export; passed through untouched


class Pins:
    """Checked addresses by host name (ASCII, lower case): written by the check, read to connect."""

    def __init__(self) -> None:
        self._by_host: dict[str, tuple[str, ...]] = {}

    def pin(self, host: str, addresses: Iterable[str]) -> None:
        self._by_host[host.lower()] = tuple(addresses)

    def get(self, host: str) -> tuple[str, ...]:
        return self._by_host.get(host.lower(), ())


class Deadline:
    """The moment (time.monotonic) by which the request under way must be over; None: no limit.

    httpx's timeouts bound each socket operation, not the request: a server sending a byte every few
    seconds holds it for ever. Every blocking operation of a connection (connect, TLS handshake, each
    write and read) is given at most the time left here, and refused once none is left, so a request
    ends by the deadline however the server paces its bytes, the status line and headers included.
    No watchdog thread: one closing a socket, or a TLS session, under a reader races with it."""

    def __init__(self) -> None:
        self.at: float | None = None

    def cap(self, timeout: float | None, expired: type[httpcore.TimeoutException]) -> float | None:
        """`timeout` shortened to the time left; raises `expired` when none is left."""
        if self.at is None:
            return timeout
        left = self.at - time.monotonic()
        if left <= 0:
            raise expired("the request's deadline has passed")
        return left if timeout is None else min(timeout, left)


class _DeadlineStream(httpcore.NetworkStream):
    """A connection's stream whose every operation obeys the deadline."""

    def __init__(self, stream: httpcore.NetworkStream, deadline: Deadline) -> None:
        self._stream, self._deadline = stream, deadline

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._stream.read(max_bytes, self._deadline.cap(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, self._deadline.cap(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(
        self, ssl_context: ssl.SSLContext, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        timeout = self._deadline.cap(timeout, httpcore.ConnectTimeout)
        return _DeadlineStream(self._stream.start_tls(ssl_context, server_hostname, timeout), self._deadline)

    def get_extra_info(self, info: str) -> Any:
        return self._stream.get_extra_info(info)


class _PinnedBackend(httpcore.NetworkBackend):
    """httpcore's socket backend, given a pinned IP address in place of the host name; its
    connections obey `deadline`."""

    def __init__(self, pins: Pins, deadline: Deadline) -> None:
        self._pins, self._deadline = pins, deadline
        self._sockets = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[SocketOption] | None = None,
    ) -> httpcore.NetworkStream:
        addresses = self._pins.get(host)
        if not addresses:  # fail closed: a host the check never saw is not connected to
            raise httpcore.ConnectError(f"no checked address for host {host}")
        failure: httpcore.ConnectError | httpcore.ConnectTimeout | None = None
        for address in addresses:  # in the resolver's order, as socket.create_connection would
            try:
                limit = self._deadline.cap(timeout, httpcore.ConnectTimeout)
                stream = self._sockets.connect_tcp(address, port, limit, local_address, socket_options)
                return _DeadlineStream(stream, self._deadline)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as err:
                failure = err
        assert failure is not None
        raise failure

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[SocketOption] | None = None
    ) -> httpcore.NetworkStream:
        raise httpcore.ConnectError("the collector connects to checked TCP addresses only")

    def sleep(self, seconds: float) -> None:
        self._sockets.sleep(seconds)


class PinnedTransport(httpx.HTTPTransport):
    """httpx's transport (no proxy, certificates verified) whose connections go to pinned addresses
    and end by `deadline` (whoever sends requests sets it for each)."""

    def __init__(
        self, pins: Pins, ssl_context: ssl.SSLContext | None = None, deadline: Deadline | None = None
    ) -> None:
        context = ssl_context or httpx.create_ssl_context(trust_env=False)
        super().__init__(verify=context, trust_env=False)
        # httpx offers no public way to pass a network backend: the pool it built is replaced by
        # one with the same settings (httpx's default limits) and the pinned backend.
        self._pool = httpcore.ConnectionPool(
            ssl_context=context,
            max_connections=100,
            max_keepalive_connections=20,
            keepalive_expiry=5.0,
            network_backend=_PinnedBackend(pins, deadline or Deadline()),
        )
