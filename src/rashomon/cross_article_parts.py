"""Work of the cross-article stage that splits by article, done by the workers of a local Dask
cluster while the driver rebuilds what needs every article at once (agreements, stories, incidents):
the articles' framings. The workers sit idle after the per-article stages, and on a small machine
this work would otherwise run after them on one core.

The workers read the store themselves (it holds the articles by then, and the driver's writes in
the meantime touch other tables), so only stores that another process on the machine can open are
shared: a SQLite file (by its absolute path) or a database server.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from rashomon.reconcile.framing import ArticleFraming, load_framings
from rashomon.store.db import open_store

if TYPE_CHECKING:
    from distributed import Client, Future

Item = TypeVar("Item")

SQLITE_PREFIX = "sqlite:///"


def framings_part(url: str, part: int, parts: int) -> list[ArticleFraming]:
    """Run on a worker: `load_framings` of the store at `url`, the `part`-th of `parts` shares."""
    with open_store(url, create=False) as store:
        return load_framings(store, part=part, parts=parts)


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


def framings_on_workers(client: Client, url: str) -> Callable[[], Sequence[ArticleFraming] | None] | None:
    """Start the framings on every worker of `client`, one share each; returns what hands them over
    in store order (None if a share failed: the caller computes them itself), or None when the store
    cannot be shared."""
    shared = shared_store_url(url)
    workers = list(client.scheduler_info()["workers"])
    if shared is None or not workers:
        return None
    futures: list[Future] = [
        client.submit(framings_part, shared, part, len(workers), workers=[worker], pure=False)
        for part, worker in enumerate(workers)
    ]

    def gathered() -> Sequence[ArticleFraming] | None:
        try:
            return interleaved(client.gather(futures))
        except Exception:  # a store the workers could not read: the driver reads it
            return None

    return gathered


def interleaved(shares: Sequence[Sequence[Item]]) -> list[Item]:
    """Shares taken as `items[part::parts]` put back in the order of `items`."""
    merged: list[Item] = []
    for index in range(max((len(share) for share in shares), default=0)):
        merged.extend(share[index] for share in shares if index < len(share))
    return merged
