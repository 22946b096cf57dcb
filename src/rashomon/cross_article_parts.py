"""Parts of the cross-article stage done by the workers of a local Dask cluster while the driver
rebuilds the rest (`reconcile.run.Elsewhere`): the articles' framings, then what the contradictions
read of each article (its statements with their sides, its text), each shared out by article, while
the driver rebuilds agreements, stories and incidents and writes the framing table; the driver then
finds the contradictions from those and the events it has read for the incidents. The workers sit
idle after the per-article stages, and on a small machine this work would otherwise run after them
on one core.

The workers only read the store (what they read is stored by then, and the driver's writes in the
meantime touch other tables), so only stores that another process on the machine can open are
shared: a SQLite file (by its absolute path) or a database server.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from rashomon.reconcile.contradictions import SaidInArticles, joined, said_in_articles
from rashomon.reconcile.framing import ArticleFraming, load_framings
from rashomon.store.db import open_store

if TYPE_CHECKING:
    from distributed import Client, Future

Item = TypeVar("Item")

SQLITE_PREFIX = "sqlite:///"


def framings_part(url: str, part: int, parts: int) -> list[ArticleFraming]:
    """Run on a worker: `load_framings` of the store at `url`, the `part`-th of `parts` shares."""
    with open_store(url, create=False, current=True) as store:
        return load_framings(store, part=part, parts=parts)


def said_part(url: str, part: int, parts: int) -> SaidInArticles:
    """Run on a worker: `said_in_articles` of the store at `url`, the `part`-th of `parts` shares."""
    with open_store(url, create=False, current=True) as store, store.session() as session:
        return said_in_articles(session, part=part, parts=parts)


def shared_store_url(url: str) -> str | None:
    """The store's URL as another local process opens it; None for an in-memory SQLite store."""
    if not url.startswith("sqlite"):
        return url
    if not url.startswith(SQLITE_PREFIX):
        return None  # sqlite:// is a store in memory
    path, separator, query = url[len(SQLITE_PREFIX) :].partition("?")
    if not path or path == ":memory:" or "mode=memory" in query:
        return None
    return f"{SQLITE_PREFIX}{Path(path).resolve()}{separator}{query}"


class WorkersShare:
    """What the workers of `client` take on of the cross-article stage of the store at `url` (a
    shared URL, see `shared_store_url`); a result they fail to hand over is computed by the caller."""

    def __init__(self, client: Client, url: str) -> None:
        self.client, self.url = client, url
        self.workers = list(client.scheduler_info()["workers"])

    def start_framings(self) -> Callable[[], Sequence[ArticleFraming] | None]:
        """One share of the articles per worker; handed over in store order."""
        futures = self._shared(framings_part)
        return lambda: self._gathered(futures, interleaved)

    def start_said(self) -> Callable[[], SaidInArticles | None]:
        """One share of the articles per worker, each run after the worker's framings."""
        futures = self._shared(said_part)
        return lambda: self._gathered(futures, joined)

    def _shared(self, task: Callable[[str, int, int], Any]) -> list[Future]:
        parts = len(self.workers)
        # Loose restrictions: a share whose worker died (and came back under another address)
        # runs on another worker instead of waiting for ever for the one that is gone.
        return [
            self.client.submit(
                task, self.url, part, parts, workers=[worker], allow_other_workers=True, pure=False
            )
            for part, worker in enumerate(self.workers)
        ]

    def _gathered(self, futures: list[Future], combine: Callable[[list[Any]], Any]) -> Any:
        try:
            return combine(self.client.gather(futures))
        except Exception:  # a store the workers could not read: the caller reads it
            return None


def workers_share(client: Client, url: str) -> WorkersShare | None:
    """The workers' share of the cross-article stage, or None when the store cannot be shared or
    there are no workers."""
    shared = shared_store_url(url)
    share = WorkersShare(client, shared) if shared is not None else None
    return share if share is not None and share.workers else None


def interleaved(shares: Sequence[Sequence[Item]]) -> list[Item]:
    """Shares taken as `items[part::parts]` put back in the order of `items`."""
    merged: list[Item] = []
    for index in range(max((len(share) for share in shares), default=0)):
        merged.extend(share[index] for share in shares if index < len(share))
    return merged
