"""robots.txt (RFC 9309): which URLs of a host our User-Agent may fetch, and how slowly.

Written here rather than taken from urllib.robotparser, which lets the first matching rule win and
knows no `*` or `$`: RFC 9309 (and Google, Bing, and the sites written for them) use the longest
matching rule, Allow winning a tie, with both wildcards.

What the answer to /robots.txt means (`rules_for_failure`), as common crawlers read it:
- 200: its rules; 2xx without a body, or 4xx "unavailable" (404, 410, ...): everything allowed.
- 401, 403: the host denies us access, so everything is disallowed (urllib.robotparser's reading;
  RFC 9309 would allow it, but a host that locks its robots.txt rarely welcomes robots).
- 429, 5xx (after the fetcher's retries), a network error, a refused redirect, too many redirects
  or an oversized file: unreachable. RFC 9309 says assume complete disallow; the host is skipped for
  this run and its URLs are reported as such (never marked done, so a later run tries them again).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import quote, urlsplit

_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
_ESCAPE = re.compile(r"%([0-9A-Fa-f]{2})")
_TOKEN = re.compile(r"[A-Za-z_-]+|\*")
_PRINTABLE = "".join(chr(c) for c in range(0x21, 0x7F))  # left as they are by the normalisation


@dataclass(frozen=True)
class Rule:
    allow: bool
    path: str  # as written, for the log
    pattern: str  # normalised; of the rules matching a URL, the longest wins


@dataclass(frozen=True)
class RobotsRules:
    """The rules of one origin for our User-Agent; `refusal` set: every URL refused for that reason."""

    rules: tuple[Rule, ...] = ()
    crawl_delay: float | None = None
    refusal: str | None = None

    def refuses(self, url: str) -> str | None:
        """Why robots.txt refuses `url`, or None when it may be fetched."""
        if self.refusal is not None:
            return self.refusal
        target = _target(url)
        if target == "/robots.txt":  # RFC 9309: always allowed
            return None
        matches = [rule for rule in self.rules if _matches(rule.pattern, target)]
        if not matches:
            return None
        # Longest path wins (RFC 9309 counts octets); on a tie Allow, the less restrictive, wins.
        best = max(matches, key=lambda rule: (len(rule.pattern), rule.allow))
        return None if best.allow else f"refused by robots.txt (Disallow: {best.path})"


@dataclass
class _Group:
    agents: set[str] = field(default_factory=set)
    rules: list[Rule] = field(default_factory=list)
    crawl_delay: float | None = None


def product_token(user_agent: str) -> str:
    """The name robots.txt groups are matched against: 'Rashomon/1.0 (...)' -> 'rashomon'."""
    match = _TOKEN.match(user_agent.strip())
    return match.group().lower() if match else ""


def parse_robots(body: bytes, user_agent: str) -> RobotsRules:
    """The rules for `user_agent`: every group naming its product token (merged), else the `*`
    groups, else none (everything allowed). Crawl-delay is taken from the same groups."""
    groups = _groups(body.decode("utf-8", errors="replace").lstrip("\ufeff"))
    token = product_token(user_agent)
    chosen = [g for g in groups if token and token in g.agents] or [g for g in groups if "*" in g.agents]
    delays = [g.crawl_delay for g in chosen if g.crawl_delay is not None]
    return RobotsRules(
        rules=tuple(rule for group in chosen for rule in group.rules),
        crawl_delay=max(delays) if delays else None,
    )


def rules_for_failure(status: int | None, reason: str) -> RobotsRules:
    """The rules when /robots.txt gave no 200 (see the module's docstring); `status` None: no answer."""
    if status in (401, 403):
        return RobotsRules(refusal=f"refused by robots.txt (it answers {reason}: access denied)")
    if status is not None and (200 <= status < 300 or (400 <= status < 500 and status != 429)):
        return RobotsRules()
    return RobotsRules(
        refusal=f"robots.txt unreachable ({reason}); host skipped for this run, try again later"
    )


def _groups(text: str) -> list[_Group]:
    """The groups of a robots.txt: user-agent lines in a row, then the rules that follow them."""
    groups: list[_Group] = []
    current: _Group | None = None
    naming = False  # the previous line was a user-agent line: another one joins the same group
    for line in text.splitlines():
        key, sep, value = line.split("#", 1)[0].partition(":")
        key, value = key.strip().lower(), value.strip()
        if not sep:
            continue
        if key == "user-agent":
            if current is None or not naming:
                current = _Group()
                groups.append(current)
            current.agents.add(product_token(value))
            naming = True
        elif current is not None and key in ("allow", "disallow", "crawl-delay"):
            naming = False
            _add_line(current, key, value)
    return groups


def _add_line(group: _Group, key: str, value: str) -> None:
    if key == "crawl-delay":
        try:
            delay = float(value)
        except ValueError:
            return  # unreadable: as if absent
        if delay >= 0 and delay == delay:  # not NaN
            group.crawl_delay = max(group.crawl_delay or 0.0, delay)
    elif value:  # an empty Disallow (or Allow) matches nothing
        group.rules.append(Rule(key == "allow", value, _normalise(value)))


def _matches(pattern: str, target: str) -> bool:
    """Whether a rule's path matches the start of `target`: `*` any characters, a final `$` the end.
    Segment by segment, each at its leftmost place: exact for such patterns and linear, where a
    regex could backtrack for minutes over a hostile file's many stars."""
    anchored = pattern.endswith("$")
    first, *rest = (pattern[:-1] if anchored else pattern).split("*")
    if not target.startswith(first):
        return False
    if not rest:
        return not anchored or target == first
    position = len(first)
    for part in rest[:-1]:
        position = target.find(part, position)
        if position < 0:
            return False
        position += len(part)
    if anchored:
        return target.endswith(rest[-1]) and len(target) - len(rest[-1]) >= position
    return target.find(rest[-1], position) >= 0


def _target(url: str) -> str:
    """The part of a URL that rules are matched against: path and query, normalised."""
    parts = urlsplit(url)
    return _normalise((parts.path or "/") + (f"?{parts.query}" if parts.query else ""))


def _normalise(path: str) -> str:
    """RFC 9309 2.2.2: non-ASCII percent-encoded, escapes of unreserved characters decoded, the
    rest of the escapes in upper case, so '/caf%C3%A9', '/café' and '/caf%c3%a9' compare equal."""
    encoded = quote(path, safe=_PRINTABLE)

    def unescape(match: re.Match[str]) -> str:
        char = chr(int(match.group(1), 16))
        return char if char in _UNRESERVED else match.group().upper()

    return _ESCAPE.sub(unescape, encoded)
