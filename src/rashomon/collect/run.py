"""The collect job: feeds and URLs in, one JSONL batch out, resumable and deduplicated.

Library first: the CLI's `collect` command is a thin wrapper around `collect`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from rashomon.collect.fetch import Fetched, Fetcher, FetchError, RobotsRefused
from rashomon.collect.options import CollectOptions
from rashomon.collect.pages import FeedItem, canonical_link, feed_items, is_feed, page_record
from rashomon.collect.state import DoneURLs
from rashomon.collect.urls import canonical_url
from rashomon.errors import UsageError


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

    def fail(self, url: str, err: FetchError) -> None:
        """A URL not saved, and not marked done: a later run tries it again."""
        self.failures.append((url, str(err)))
        self.robots_refused += isinstance(err, RobotsRefused)


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
    urls: list[str] = []
    for source in sources:
        if "://" in source:
            urls.append(source.strip())
            continue
        path = Path(source)
        if not path.is_file():
            raise UsageError(f"not a URL nor a file of URLs: {source}")
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.lstrip().startswith("#"):
                urls.append(line.strip())
    return urls


class _Collection:
    def __init__(self, fetcher: Fetcher, sink: TextIO, done: DoneURLs, summary: CollectSummary) -> None:
        self.fetcher, self.sink, self.done, self.summary = fetcher, sink, done, summary
        self.seen: set[str] = set()  # canonical URLs met in this run, feeds and pages

    def source(self, url: str) -> None:
        """A command-line URL: a feed whose items are fetched, or a page saved as it is."""
        if not self._first_time(url):
            return
        try:
            fetched = self.fetcher.get(url)
            if not is_feed(fetched):
                self._save(url, fetched, None, None)
                return
            items = feed_items(fetched)
        except FetchError as err:
            self.summary.fail(url, err)
            return
        self.summary.feeds_read += 1
        for item in items:
            self.item(item, url)

    def item(self, item: FeedItem, feed_url: str) -> None:
        if not self._first_time(item.url):
            return
        try:
            fetched = self.fetcher.get(item.url)
            if is_feed(fetched):
                raise FetchError("a feed, not a page")
            self._save(item.url, fetched, item, feed_url)
        except FetchError as err:
            self.summary.fail(item.url, err)

    def _first_time(self, url: str) -> bool:
        key = canonical_url(url)
        if key in self.seen:
            self.summary.duplicates += 1
            return False
        self.seen.add(key)
        if key in self.done:
            self.summary.already_done += 1
            return False
        return True

    def _save(self, url: str, fetched: Fetched, item: FeedItem | None, feed_url: str | None) -> None:
        record = page_record(fetched, item, feed_url)
        requested = canonical_url(url)
        keys = {canonical_url(fetched.url)}
        if (declared := canonical_link(fetched)) is not None:
            keys.add(canonical_url(declared))
        # Met under another name (a redirect target or the page's canonical URL) earlier: a duplicate.
        if any(key in self.done or (key in self.seen and key != requested) for key in keys):
            self.summary.duplicates += 1
            return
        # The page first, then the state: a crash in between re-fetches it, and loses nothing.
        self.sink.write(json.dumps(record, ensure_ascii=False) + "\n")
        self.sink.flush()
        self.done.add(requested, *sorted(keys))
        self.seen.update(keys)
        self.summary.pages_saved += 1
