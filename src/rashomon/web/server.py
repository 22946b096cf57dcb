"""`rashomon serve`: the dashboard under uvicorn, loopback-only unless a token guards it."""

from __future__ import annotations

import ipaddress
import logging
import re

import uvicorn

from rashomon.errors import UsageError
from rashomon.web.app import create_app

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
# Shortest token accepted: 16 characters of a random token (secrets.token_urlsafe gives 43) are far
# beyond guessing over a network; shorter ones are typed passwords, which is what this refuses.
MIN_TOKEN_CHARS = 16


def is_loopback(host: str) -> bool:
    if host.strip("[]").lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a host name other than localhost may resolve anywhere


def check_binding(host: str, token: str | None) -> None:
    """Refuse to listen beyond this machine without a token, and refuse weak tokens."""
    if token is not None and len(token) < MIN_TOKEN_CHARS:
        raise UsageError(
            f"the token is too short ({len(token)} characters, at least {MIN_TOKEN_CHARS}): "
            "make one with: python -c 'import secrets; print(secrets.token_urlsafe())'"
        )
    if token is None and not is_loopback(host):
        raise UsageError(
            f"refusing to serve on {host} without a token: anyone who can reach it could read the store. "
            "Pass --token (or set RASHOMON_TOKEN), or bind 127.0.0.1"
        )


class _RedactToken(logging.Filter):
    """Keeps a `token=` query parameter out of uvicorn's access log."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(
                re.sub(r"(?<=token=)[^&\s]+", "***", arg) if isinstance(arg, str) else arg
                for arg in record.args
            )
        return True


def serve(
    db: str | None, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, token: str | None = None
) -> None:
    """Serve the dashboard and JSON API over the store at `db` until interrupted."""
    token = token or None  # an empty RASHOMON_TOKEN means none
    check_binding(host, token)
    app = create_app(db, token=token)
    shown = f"[{host}]" if ":" in host else host  # an IPv6 address is bracketed in a URL
    print(f"Rashomon dashboard on http://{shown}:{port}/ (read-only; Ctrl+C stops it)", flush=True)
    logging.getLogger("uvicorn.access").addFilter(_RedactToken())
    uvicorn.run(app, host=host, port=port, log_level="info", server_header=False, proxy_headers=False)
