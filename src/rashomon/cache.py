"""Rashomon's cache folder: data built once from shipped sources and read at every start since.

What is cached (the gazetteer's index, the language model unpacked) is a folder of `.npy` arrays and a
JSON file, named by a digest of everything it is built from, so a new version of a source or of the
code that builds it gets a folder of its own. A folder is built under a temporary name and renamed
into place when complete (its meta file is written last), so a process never reads half of one, and
two processes building the same one at once both end up reading the first complete one. Folders of
other digests not read for `STALE_DAYS` are removed when a new one is built.

The folder is `RASHOMON_CACHE_DIR`, else `$XDG_CACHE_HOME/rashomon`, else `~/.cache/rashomon`. Where
it cannot be created or written, callers build what they need in memory, as when nothing is cached.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

CACHE_VARIABLE = "RASHOMON_CACHE_DIR"
META = "meta.json"
STALE_DAYS = 30
# What a damaged or foreign folder raises on reading: it is then built again.
READ_ERRORS = (OSError, ValueError, KeyError, TypeError, IndexError)

T = TypeVar("T")


def cache_folder() -> Path | None:
    """The cache folder, created if needed; None when it cannot be."""
    given = os.environ.get(CACHE_VARIABLE) or ""
    if given:
        folder = Path(given)
    else:
        base = os.environ.get("XDG_CACHE_HOME") or ""
        folder = (Path(base) if base else Path.home() / ".cache") / "rashomon"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except (OSError, RuntimeError):  # RuntimeError: no home directory
        return None
    return folder


def read_meta(entry: Path) -> Any:
    """The meta file of a cached folder (OSError when there is none); marks the folder as in use."""
    path = entry / META
    meta = json.loads(path.read_text(encoding="utf-8"))
    with contextlib.suppress(OSError):
        os.utime(path)
    return meta


def write_entry(entry: Path, fill: Callable[[Path], Any]) -> None:
    """Build the cached folder `entry`: `fill(folder)` writes its files into a new folder and returns
    the meta data, written last; the folder is then renamed into place. Raises OSError when it cannot
    be written (unless another process put a complete one in place meanwhile)."""
    if entry.exists():
        shutil.rmtree(entry, ignore_errors=True)  # damaged: replaced
    building = Path(tempfile.mkdtemp(prefix=entry.name + ".", dir=entry.parent))
    try:
        meta = fill(building)
        (building / META).write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
        building.rename(entry)
    except OSError:
        shutil.rmtree(building, ignore_errors=True)
        if not (entry / META).exists():
            raise
    forget_stale(entry.parent, keep=entry)


def forget_stale(folder: Path, keep: Path, days: float = STALE_DAYS) -> None:
    """Remove the folders of other digests of the same kind as `keep` ("gazetteer-*") not read for
    `days`."""
    horizon = time.time() - days * 86400
    kind = keep.name.rsplit("-", 1)[0]
    for other in folder.glob(f"{kind}-*"):
        try:
            if other != keep and (other / META).stat().st_mtime < horizon:
                shutil.rmtree(other)
        except OSError:
            continue


def cached(
    name: str, digest: str, read: Callable[[Path], T], build: Callable[[], T], write: Callable[[T, Path], Any]
) -> T:
    """`read` of the cached folder NAME-DIGEST; built (`build`), cached (`write` fills a folder and
    returns its meta data) and read back the first time; `build` alone where nothing can be cached."""
    folder = cache_folder()
    if folder is None:
        return build()
    entry = folder / f"{name}-{digest}"
    with contextlib.suppress(*READ_ERRORS):
        return read(entry)
    built = build()
    try:
        write_entry(entry, lambda building: write(built, building))
        return read(entry)
    except READ_ERRORS:
        return built


def prepare() -> None:
    """Build what is cached now (`scripts/setup.sh`), so that no run pays for it."""
    from rashomon.clean.language import detect_language
    from rashomon.kb.gazetteer import load_gazetteer

    load_gazetteer()
    detect_language("The talks will resume in Geneva next week, the ministry said.")
