"""robots.txt (RFC 9309): which URLs of a host our User-Agent may fetch, and how slowly.

The rules are read and matched by protego (the parser Scrapy uses): the longest matching rule
wins, Allow winning a tie, with `*` and `$` wildcards and percent-encoding normalised, as RFC 9309,
Google and Bing read them (urllib.robotparser lets the first matching rule win and knows no
wildcards). Our group is the one naming our product token, else `*`, else none (all allowed).

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
from dataclasses import dataclass

from protego import Protego

_TOKEN = re.compile(r"[A-Za-z_-]+|\*")
# A user-agent line; its value is reduced to the product token before protego reads the file.
_AGENT_LINE = re.compile(r"^(\s*user-agent\s*:\s*)([^#\s]*)", re.IGNORECASE | re.MULTILINE)


@dataclass(frozen=True)
class RobotsRules:
    """The rules of one origin for our User-Agent; `refusal` set: every URL refused for that reason."""

    parser: Protego | None = None  # None: no rules, everything allowed
    agent: str = ""  # our product token, the name protego matches groups against
    crawl_delay: float | None = None
    refusal: str | None = None

    def refuses(self, url: str) -> str | None:
        """Why robots.txt refuses `url`, or None when it may be fetched."""
        if self.refusal is not None:
            return self.refusal
        if self.parser is None or self.parser.can_fetch(url, self.agent):
            return None
        return "refused by robots.txt (a Disallow rule matches)"


def product_token(user_agent: str) -> str:
    """The name robots.txt groups are matched against: 'Rashomon/1.0 (...)' -> 'rashomon'."""
    match = _TOKEN.match(user_agent.strip())
    return match.group().lower() if match else ""


def parse_robots(body: bytes, user_agent: str) -> RobotsRules:
    """The rules for `user_agent`: the groups naming its product token (merged), else the `*`
    groups, else none (everything allowed); Crawl-delay is taken from the same groups."""
    text = body.decode("utf-8", errors="replace").lstrip("\ufeff")
    # 'User-agent: Rashomon/2' names us too (RFC 9309 matches the product token alone).
    text = _AGENT_LINE.sub(lambda line: line.group(1) + product_token(line.group(2)), text)
    parser = Protego.parse(text)
    agent = product_token(user_agent)
    return RobotsRules(parser=parser, agent=agent, crawl_delay=parser.crawl_delay(agent))


def rules_for_failure(status: int | None, reason: str) -> RobotsRules:
    """The rules when /robots.txt gave no 200 (see the module's docstring); `status` None: no answer."""
    if status in (401, 403):
        return RobotsRules(refusal=f"refused by robots.txt (it answers {reason}: access denied)")
    if status is not None and (200 <= status < 300 or (400 <= status < 500 and status != 429)):
        return RobotsRules()
    return RobotsRules(
        refusal=f"robots.txt unreachable ({reason}); host skipped for this run, try again later"
    )
