"""The collect job: feeds and URLs in, one JSONL batch out, resumable and deduplicated.

Library first: the CLI's `collect` command is a thin wrapper around `collect`.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO, TypeVar

from rashomon.collect.fetch import Fetched, Fetcher, FetchError, RobotsRefused
from rashomon.collect.options import CollectOptions
from rashomon.collect.pages import FeedItem, canonical_link, feed_items, is_feed, page_record
from rashomon.collect.state import DoneURLs
from rashomon.collect.urls import RefusedURL, canonical_url, check_fetchable, printable
from rashomon.errors import UsageError

_T = TypeVar("_T")
# A URL scheme of two characters or more: a one-letter one is a Windows drive, as in C:\feeds.txt.
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]+:")


@dataclass
class CollectSummary:
    out: Path
    state: Path
    feeds_read: int = 0
    pages_saved: int = 0
    already_done: int = 0  # saved by an earlier run (in the state file)
    duplicates: int = 0  # the same URL, or canonical URL, met again in this run
    failures: list[tuple[str, str]] = field(default_factory=list)  # (url, reason)
    robots_refused: int = 0  # of the failures, those refused by (or for want of) robots.txt

    def fail(self, url: str, why: FetchError | str) -> None:
        """A URL not saved, and not marked done: a later run tries it again. Both are kept printable
        (control characters escaped, long ones cut): each failure is one line of the report."""
        self.failures.append((printable(url), printable(str(why), 500)))
        self.robots_refused += isinstance(why, RobotsRefused)


def collect(
    sources: Sequence[str],
    out: Path,
    *,
    state: Path | None = None,
    options: CollectOptions | None = None,
) -> CollectSummary:
    """Fetch every feed's items and every page under `sources` (URLs, or files listing one URL a
    line) into the JSONL batch `out` (appended to). URLs in the state file (default: `out` plus
    '.state') are skipped, and every page saved is added to it. Each host's robots.txt is obeyed
    unless `options.ignore_robots`; what it refuses is a failure, so a later run tries it again."""
    options = options or CollectOptions()
    if options.rate < 0:
        raise UsageError("--rate must be zero or more seconds")
    urls = list(_expand_sources(sources))
    state = state or out.with_name(out.name + ".state")
    summary = CollectSummary(out=out, state=state)
    done = DoneURLs(state)
    out.parent.mkdir(parents=True, exist_ok=True)
    try:
        with Fetcher(options) as fetcher, out.open("a", encoding="utf-8") as sink:
            job = _Collection(fetcher, sink, done, summary)
            for url in urls:
                job.source(url)
    finally:
        done.close()
    return summary


def _expand_sources(sources: Sequence[str]) -> list[str]:
    """The URLs: each source that names a file stands for its lines, any other with a scheme
    (`https://...`, but also `mailto:...`, checked and failed later) is one URL."""
    urls: list[str] = []
    for source in sources:
        if "://" in source or (not _is_file(source) and _SCHEME.match(source)):
            urls.append(source.strip())
            continue
        if not _is_file(source):
            raise UsageError(f"not a URL nor a file of URLs: {printable(source)}")
        try:
            lines = Path(source).read_text(encoding="utf-8").splitlines()
        except UnicodeDecodeError as err:
            raise UsageError(f"{source}: not UTF-8 text ({err.reason} at byte {err.start})") from err
        urls.extend(line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#"))
    return urls


def _is_file(source: str) -> bool:
    try:
        return Path(source).is_file()
    except (OSError, ValueError):  # a name too long for the system, or with a NUL byte
        return False


@dataclass(frozen=True)
class _Page:
    record: dict[str, str | None]
    requested: str  # the canonical URL asked for
    keys: set[str]  # the canonical URLs it goes by: after redirects, and the one it declares


class _Collection:
    def __init__(self, fetcher: Fetcher, sink: TextIO, done: DoneURLs, summary: CollectSummary) -> None:
        self.fetcher, self.sink, self.done, self.summary = fetcher, sink, done, summary
        self.seen: set[str] = set()  # canonical URLs met in this run, feeds and pages

    def source(self, url: str) -> None:
        """A command-line URL: a feed whose items are fetched, or a page saved as it is."""
        if not self._first_time(url):
            return
        fetched = self._per_url(url, functools.partial(self.fetcher.get, url))
        if fetched is None:
            return
        if not is_feed(fetched):
            self._keep(url, functools.partial(self._page, url, fetched, None, None))
            return
        items = self._per_url(url, functools.partial(feed_items, fetched))
        if items is None:
            return
        self.summary.feeds_read += 1
        for item in items:
            self.item(item, url)

    def item(self, item: FeedItem, feed_url: str) -> None:
        if not item.url:
            self.summary.fail(f"{feed_url} item {item.number}", "its link is empty or not a valid URL")
        elif self._first_time(item.url):
            self._keep(item.url, functools.partial(self._item_page, item, feed_url))

    def _first_time(self, url: str) -> bool:
        """Whether `url` is new to this run and to the state; a URL that is no fetchable http(s)
        URL (javascript:, mailto:, garbage) is listed as failed here, before anything reads it."""
        key = self._per_url(url, functools.partial(_key, url))
        if key is None:
            return False
        if key in self.seen:
            self.summary.duplicates += 1
            return False
        self.seen.add(key)
        if key in self.done:
            self.summary.already_done += 1
            return False
        return True

    def _per_url(self, url: str, work: Callable[[], _T]) -> _T | None:
        """`work()`, or None with `url` listed as failed: one URL's feed or page, however hostile,
        costs that URL only, never the rest of the run."""
        try:
            return work()
        except FetchError as err:
            self.summary.fail(url, err)
        except Exception as err:  # a case no check foresaw: the URL fails, saying what was raised
            self.summary.fail(url, f"unexpected error ({err.__class__.__name__}: {err})")
        return None

    def _item_page(self, item: FeedItem, feed_url: str) -> _Page:
        fetched = self.fetcher.get(item.url)
        if is_feed(fetched):
            raise FetchError("a feed, not a page")
        return self._page(item.url, fetched, item, feed_url)

    def _page(self, url: str, fetched: Fetched, item: FeedItem | None, feed_url: str | None) -> _Page:
        keys = {canonical_url(fetched.url)}
        if (declared := canonical_link(fetched)) is not None:
            keys.add(canonical_url(declared))
        return _Page(page_record(fetched, item, feed_url), canonical_url(url), keys)

    def _keep(self, url: str, make: Callable[[], _Page]) -> None:
        """Save the page `make` gives (unless met under another name), or list `url` as failed.
        Writing is outside the per-URL guard: a full disk stops the run, it is no URL's failure."""
        page = self._per_url(url, make)
        if page is None:
            return
        # Met under another name (a redirect target or the page's canonical URL) earlier: a duplicate.
        if any(key in self.done or (key in self.seen and key != page.requested) for key in page.keys):
            self.summary.duplicates += 1
            return
        # The page first, then the state: a crash in between re-fetches it, and loses nothing.
        self.sink.write(json.dumps(page.record, ensure_ascii=False) + "\n")
        self.sink.flush()
        self.done.add(page.requested, *sorted(page.keys))
        self.seen.update(page.keys)
        self.summary.pages_saved += 1


def _key(url: str) -> str:
    """The canonical URL under which `url` counts as done; FetchError if it is no fetchable URL."""
    try:
        check_fetchable(url)
    except RefusedURL as err:
        raise FetchError(str(err)) from err
    return canonical_url(url)
