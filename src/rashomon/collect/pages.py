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
from rashomon.collect.urls import RefusedURL, check_fetchable
from rashomon.errors import InputError
from rashomon.ingest.decoding import decode_bytes

_FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml")
_XML_TYPES = ("application/xml", "text/xml")
_FEED_ROOT = re.compile(rb"<(rss|feed|rdf:RDF)[\s>]", re.IGNORECASE)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
# A character reference, as feedparser's lenient parser reads them (in attributes, without ';' too).
_CHARREF = re.compile(rb"&#(?:[xX]([0-9a-fA-F]+)|([0-9]+));?")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_CANONICAL = re.compile(
    r"""<link\b(?=[^>]*\brel\s*=\s*["']?canonical\b)[^>]*\bhref\s*=\s*["']([^"']+)["']""", re.IGNORECASE
)


@dataclass(frozen=True)
class FeedItem:
    url: str  # "" when the feed's link could not be read as a URL
    title: str | None
    date: str | None  # ISO, UTC, as the feed gives it
    number: int = 0  # its place in the feed (from 1), given when `url` is ""


def is_feed(fetched: Fetched) -> bool:
    """A feed by its media type, or generic XML (or a mislabelled page) whose root is a feed's."""
    media = fetched.content_type.split(";")[0].strip()
    if media in _FEED_TYPES:
        return True
    if media and media not in _XML_TYPES and media != "text/plain":
        return False
    return bool(_FEED_ROOT.search(fetched.body[:2048]))


def feed_items(fetched: Fetched) -> list[FeedItem]:
    """The linked items of a feed, relative links resolved against the feed's URL. A link may still
    be anything (javascript:, garbage): the caller checks it like any URL."""
    try:
        # A stream, never bytes or str: given a string, feedparser would fetch URLs and open files.
        parsed = feedparser.parse(
            io.BytesIO(_valid_charrefs(fetched.body)),
            response_headers={"content-location": fetched.url, "content-type": fetched.content_type},
        )
    except Exception as err:  # a large parser fed hostile bytes: whatever it raises, the feed failed
        raise FetchError(f"unreadable feed ({err.__class__.__name__}: {err})") from err
    if not parsed.entries and parsed.get("bozo"):
        raise FetchError(f"malformed feed ({parsed.get('bozo_exception')})")
    items = []
    for number, entry in enumerate(parsed.entries, start=1):
        link = entry.get("link") or next(
            (x.get("href") for x in entry.get("links", []) if x.get("rel") == "alternate"), None
        )
        title = entry.get("title")
        title = title if isinstance(title, str) and title else None
        if isinstance(link, str) and link.strip():
            items.append(FeedItem(link.strip(), title, _entry_date(entry)))
        elif "link" in entry:  # feedparser blanks a link it cannot parse (http://[::1): still an item
            items.append(FeedItem("", title, None, number))
    return items


def _valid_charrefs(body: bytes) -> bytes:
    """`body` with references to code points no string holds (surrogates, past U+10FFFF) made
    U+FFFD: on an invalid feed, feedparser's lenient parser raises on them and loses every item."""

    def fix(match: re.Match[bytes]) -> bytes:
        hexadecimal, decimal = match.group(1), match.group(2)
        digits = (hexadecimal or decimal).lstrip(b"0") or b"0"
        if len(digits) <= 7:
            value = int(digits, 16 if hexadecimal else 10)
            if value <= 0x10FFFF and not 0xD800 <= value <= 0xDFFF:
                return match.group()
        return b"&#xFFFD;"

    return _CHARREF.sub(fix, body)


def _entry_date(entry: feedparser.FeedParserDict) -> str | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if not parsed:
        return None
    try:
        moment = datetime.datetime.fromtimestamp(calendar.timegm(parsed), tz=datetime.timezone.utc)
    except (OverflowError, ValueError, OSError):  # a year datetime cannot hold (0000, 99999): no date
        return None
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
        field: _scrub(text),
        "url": fetched.url,
        "title": _scrub(item.title) if item and item.title else None,
        "date": item.date if item else None,
        # When it was fetched: bounds the publication date from above, never stands in for it.
        "retrieved_at": fetched.fetched_at.strftime("%Y-%m-%dT%H:%M:%SZ") if fetched.fetched_at else None,
        # No outlet: a declared name would override the outlet the cleaner finds from the URL host.
        "feed": feed_url,
    }


def canonical_link(fetched: Fetched) -> str | None:
    """The page's own <link rel="canonical"> (absolute), when it declares a fetchable http(s) URL;
    any other (javascript:, garbage) is ignored, the page being no worse for it."""
    match = _CANONICAL.search(fetched.body[:65536].decode("ascii", errors="replace"))
    if not match:
        return None
    try:
        link = urljoin(fetched.url, match.group(1).strip())
        check_fetchable(link)
    except (ValueError, RefusedURL):  # ValueError: urljoin's, on a malformed authority
        return None
    return link


def _decode(fetched: Fetched) -> str:
    """The charset the server declares, then the page's <meta charset>, then detection."""
    declared = re.search(r"charset=([\w.:-]+)", fetched.content_type)
    meta = _META_CHARSET.search(fetched.body[:4096])
    for charset in (declared.group(1) if declared else None, meta.group(1).decode() if meta else None):
        if charset and b"\x00" not in fetched.body:
            try:
                return fetched.body.decode(codecs.lookup(charset).name)
            # LookupError: unknown, or no text encoding ("base64"); UnicodeError, which is a
            # ValueError: bytes that do not decode, or a codec that never does ("undefined").
            except (LookupError, ValueError):
                continue
    return decode_bytes(fetched.body, fetched.url)[0]


def _scrub(text: str) -> str:
    """`text` with unpaired surrogates (which some codecs, such as "unicode_escape", and character
    references such as &#xD800; produce) replaced: UTF-8, and so the batch file, cannot hold them."""
    return _SURROGATE.sub("\ufffd", text)
