"""The dashboard's guard, one ASGI middleware in front of every route:

- only GET and HEAD: nothing a request carries can change anything (405 otherwise);
- with a token configured, every request carries it (`Authorization: Bearer <token>`, a `token` query
  parameter, or the session cookie), compared in constant time (401 otherwise). A page opened with
  `?token=` is answered with a redirect to the same address without it, setting an HttpOnly,
  SameSite=Strict cookie that holds a digest of the token (never the token itself): the token leaves
  the address bar, the history and every link, and the browser carries the cookie from then on. The
  API keeps taking `?token=` as it is, for scripts;
- without a token the server is loopback-only, and the Host header must name the loopback too, so a
  web page elsewhere cannot reach it through a DNS-rebound name;
- every response carries a strict Content-Security-Policy (nothing but this server: no inline script,
  no remote assets) and headers that keep it out of frames and referrers.
"""

from __future__ import annotations

import hashlib
import hmac
from urllib.parse import parse_qs, urlencode

from starlette.types import ASGIApp, Message, Receive, Scope, Send

ALLOWED_METHODS = ("GET", "HEAD")
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1", "[::1]"})
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = (
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),  # a token in a link never leaks to another site
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cache-control", b"no-store"),
)


COOKIE = "rashomon_session"
_NO_REDIRECT_PREFIXES = ("/api/", "/openapi.json")  # scripts read these: they get no redirect


def token_matches(given: str | None, token: str) -> bool:
    return given is not None and hmac.compare_digest(given.encode(), token.encode())


def cookie_value(token: str) -> str:
    """What the session cookie holds: a digest of the token, so the cookie never shows the token."""
    return hmac.new(token.encode(), b"rashomon dashboard session", hashlib.sha256).hexdigest()


def request_cookie(scope: Scope) -> str | None:
    for name, value in scope.get("headers", []):
        if name == b"cookie":
            for pair in value.decode("latin-1").split(";"):
                key, _, cookie = pair.strip().partition("=")
                if key == COOKIE:
                    return cookie
    return None


def _query_token(scope: Scope) -> str | None:
    values = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("token")
    return values[0] if values else None


def request_token(scope: Scope) -> str | None:
    """The token a request carries: the bearer header first, else the `token` query parameter."""
    for name, value in scope.get("headers", []):
        if name == b"authorization":
            scheme, _, credentials = value.decode("latin-1").partition(" ")
            if scheme.lower() == "bearer":
                return credentials.strip()
    return _query_token(scope)


def _host_name(scope: Scope) -> str:
    for name, value in scope.get("headers", []):
        if name == b"host":
            host = value.decode("latin-1").strip().lower()
            return host.rsplit(":", 1)[0] if not host.endswith("]") else host  # drop the port
    return ""


class Guard:
    def __init__(self, app: ASGIApp, token: str | None = None) -> None:
        self.app = app
        self.token = token

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 1008})
            return
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if self.token is None and _host_name(scope) not in LOOPBACK_HOSTS:
            await _plain(send, 421, "This server answers requests for 127.0.0.1 or localhost only.")
            return
        if self.token is not None and not _authorised(scope, self.token):
            headers = [(b"www-authenticate", b'Bearer realm="rashomon"')]
            await _plain(send, 401, "Missing or wrong token.", headers)
            return
        if scope["method"] not in ALLOWED_METHODS:
            await _plain(send, 405, "Read-only: only GET and HEAD.", [(b"allow", b"GET, HEAD")])
            return
        if self.token is not None and _opens_a_page_with_query_token(scope):
            await _trade_token_for_cookie(scope, send, self.token)
            return
        head = scope["method"] == "HEAD"
        if head:  # answer HEAD as GET without the body (FastAPI's routes take GET only)
            scope = {**scope, "method": "GET"}

        async def send_guarded(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), *SECURITY_HEADERS]}
            elif message["type"] == "http.response.body" and head:
                message = {**message, "body": b""}
            await send(message)

        await self.app(scope, receive, send_guarded)


def _authorised(scope: Scope, token: str) -> bool:
    if token_matches(request_token(scope), token):
        return True
    return token_matches(request_cookie(scope), cookie_value(token))


def _opens_a_page_with_query_token(scope: Scope) -> bool:
    path = scope.get("path", "")
    return _query_token(scope) is not None and not path.startswith(_NO_REDIRECT_PREFIXES)


async def _trade_token_for_cookie(scope: Scope, send: Send, token: str) -> None:
    """303 to the same address without `token`, setting the session cookie."""
    query = parse_qs(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
    query.pop("token", None)
    path = scope.get("raw_path") or scope.get("path", "/").encode()  # raw: as the browser escaped it
    path = b"/" + path.lstrip(b"/")  # "//host/..." would send the browser to another site
    location = path.decode("latin-1") + (f"?{urlencode(query, doseq=True)}" if query else "")
    secure = "; Secure" if scope.get("scheme") == "https" else ""
    cookie = f"{COOKIE}={cookie_value(token)}; Path=/; HttpOnly; SameSite=Strict{secure}"
    headers = [(b"location", location.encode("latin-1")), (b"set-cookie", cookie.encode("latin-1"))]
    await _plain(send, 303, "Signed in: the token now travels in a cookie.", headers)


async def _plain(
    send: Send, status: int, text: str, headers: list[tuple[bytes, bytes]] | None = None
) -> None:
    body = text.encode()
    start_headers = [
        (b"content-type", b"text/plain; charset=utf-8"),
        (b"content-length", str(len(body)).encode()),
        *(headers or []),
        *SECURITY_HEADERS,
    ]
    await send({"type": "http.response.start", "status": status, "headers": start_headers})
    await send({"type": "http.response.body", "body": body})
