"""What a fetched body is: a feed (RSS or Atom, read with feedparser), an HTML or text page, or
something else; and the batch record a page becomes."""

from __future__ import annotations

import calendar
import codecs
import datetime
import io
import re
from dataclasses import dataclass
from urllib.parse import urljoin

import feedparser

from rashomon.collect.fetch import Fetched, FetchError
from rashomon.errors import InputError
from rashomon.ingest.decoding import decode_bytes

_FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml")
_XML_TYPES = ("application/xml", "text/xml")
_FEED_ROOT = re.compile(rb"<(rss|feed|rdf:RDF)[\s>]", re.IGNORECASE)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_CANONICAL = re.compile(
    r"""<link\b(?=[^>]*\brel\s*=\s*["']?canonical\b)[^>]*\bhref\s*=\s*["']([^"']+)["']""", re.IGNORECASE
)


@dataclass(frozen=True)
class FeedItem:
    url: str
    title: str | None
    date: str | None  # ISO, UTC, as the feed gives it


def is_feed(fetched: Fetched) -> bool:
    """A feed by its media type, or generic XML (or a mislabelled page) whose root is a feed's."""
    media = fetched.content_type.split(";")[0].strip()
    if media in _FEED_TYPES:
        return True
    if media and media not in _XML_TYPES and media != "text/plain":
        return False
    return bool(_FEED_ROOT.search(fetched.body[:2048]))


def feed_items(fetched: Fetched) -> list[FeedItem]:
    """The linked items of a feed, relative links resolved against the feed's URL."""
    # A stream, never bytes or str: given a string, feedparser would fetch URLs and open files.
    parsed = feedparser.parse(
        io.BytesIO(fetched.body),
        response_headers={"content-location": fetched.url, "content-type": fetched.content_type},
    )
    if not parsed.entries and parsed.get("bozo"):
        raise FetchError(f"malformed feed ({parsed.get('bozo_exception')})")
    items = []
    for entry in parsed.entries:
        link = entry.get("link") or next(
            (x.get("href") for x in entry.get("links", []) if x.get("rel") == "alternate"), None
        )
        if link:
            items.append(FeedItem(link, entry.get("title") or None, _entry_date(entry)))
    return items


def _entry_date(entry: feedparser.FeedParserDict) -> str | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if not parsed:
        return None
    moment = datetime.datetime.fromtimestamp(calendar.timegm(parsed), tz=datetime.timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def page_record(fetched: Fetched, item: FeedItem | None, feed_url: str | None) -> dict[str, str | None]:
    """The JSONL record for a page (the fields the JSONL reader takes, plus where it came from)."""
    media = fetched.content_type.split(";")[0].strip()
    if media not in ("text/html", "application/xhtml+xml", "text/plain", ""):
        raise FetchError(f"not a page ({media})")
    try:
        text = _decode(fetched)
    except InputError as err:
        raise FetchError(err.reason) from err
    field = "text" if media == "text/plain" else "html"
    return {
        field: text,
        "url": fetched.url,
        "title": item.title if item else None,
        "date": item.date if item else None,
        # When it was fetched: bounds the publication date from above, never stands in for it.
        "retrieved_at": fetched.fetched_at.strftime("%Y-%m-%dT%H:%M:%SZ") if fetched.fetched_at else None,
        # No outlet: a declared name would override the outlet the cleaner finds from the URL host.
        "feed": feed_url,
    }


def canonical_link(fetched: Fetched) -> str | None:
    """The page's own <link rel="canonical"> (absolute), when it declares one."""
    match = _CANONICAL.search(fetched.body[:65536].decode("ascii", errors="replace"))
    if not match:
        return None
    return urljoin(fetched.url, match.group(1).strip())


def _decode(fetched: Fetched) -> str:
    """The charset the server declares, then the page's <meta charset>, then detection."""
    declared = re.search(r"charset=([\w.:-]+)", fetched.content_type)
    meta = _META_CHARSET.search(fetched.body[:4096])
    for charset in (declared.group(1) if declared else None, meta.group(1).decode() if meta else None):
        if charset and b"\x00" not in fetched.body:
            try:
                return fetched.body.decode(codecs.lookup(charset).name)
            except (LookupError, UnicodeDecodeError):
                continue
    return decode_bytes(fetched.body, fetched.url)[0]
