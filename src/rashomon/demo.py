"""The demo: invented articles shipped inside the package, analysed into a fresh store, with the report.

A newcomer has no corpus of their own; `rashomon demo` (a thin wrapper around `run_demo`) gives them
one that shows every output. The corpus lives in `rashomon/data/demo/` (read with importlib.resources,
so it works from an installed wheel) and is copied into `OUT/articles/` before the run, where the
user can read what was analysed. Everything the demo writes stays under OUT:

    OUT/.rashomon-demo   marker: this folder is a demo's, so a later demo may replace it
    OUT/articles/        the corpus as analysed (.txt, .html, a .jsonl batch, ABOUT.md)
    OUT/demo.db          the store (SQLite), unless --db names another, which must hold no article
    OUT/report/          the HTML report (index.html)

The user's own store (rashomon.db) is never touched: the demo always names its store.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from rashomon.analyze import AnalyzeSummary, analyze
from rashomon.errors import UsageError
from rashomon.ingest.readers import input_format
from rashomon.settings import DEFAULT_SETTINGS, Settings, normalise_db_url
from rashomon.store.db import open_store
from rashomon.store.models import Article

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

DEFAULT_OUT = Path("rashomon-demo")
MARKER = ".rashomon-demo"
CORPUS_DIR, STORE_FILE, REPORT_DIR = "articles", "demo.db", "report"
# What a previous demo left in OUT, removed before a new one (SQLite's side files included).
_DEMO_OUTPUTS = (CORPUS_DIR, REPORT_DIR, STORE_FILE, f"{STORE_FILE}-journal", f"{STORE_FILE}-wal",
                 f"{STORE_FILE}-shm")  # fmt: skip


@dataclass(frozen=True)
class DemoPlan:
    """Where a demo run reads and writes; `replaced` says an earlier demo in `out` was removed."""

    out: Path
    corpus: Path
    db: str  # as `--db` takes it: a URL, or a plain path to a SQLite file
    report_dir: Path
    replaced: bool


@dataclass(frozen=True)
class DemoResult:
    plan: DemoPlan
    summary: AnalyzeSummary
    report_index: Path


def corpus_files() -> list[Traversable]:
    """The demo corpus in the installed package: its article files (and ABOUT.md), sorted by name."""
    folder = resources.files("rashomon.data") / "demo"
    files = [f for f in folder.iterdir() if f.is_file() and not f.name.startswith(".")]
    return sorted(files, key=lambda f: f.name)


def article_files() -> list[Traversable]:
    """The corpus files `analyze` reads (by suffix, as it would in a directory)."""
    return [f for f in corpus_files() if input_format(Path(f.name)) is not None]


def prepare_demo(out: Path = DEFAULT_OUT, db: str | None = None) -> DemoPlan:
    """Check and clear OUT (only an earlier demo's outputs are ever removed), check that `db`, when
    given, holds no article, and copy the corpus to OUT/articles. Raises UsageError when OUT is a
    file or a folder that is not a demo's, or `db` is not empty."""
    if db is not None:
        _require_empty_store(db)  # before OUT is cleared: a refused run removes nothing
    replaced = _clear(out)
    corpus = out / CORPUS_DIR
    corpus.mkdir(parents=True)
    note = "Written by `rashomon demo`; a later demo replaces this folder's outputs.\n"
    (out / MARKER).write_text(note, encoding="utf-8")
    for source in corpus_files():
        (corpus / source.name).write_bytes(source.read_bytes())
    store = db if db is not None else str(out / STORE_FILE)  # a plain path: shown as the user types it
    return DemoPlan(out=out, corpus=corpus, db=store, report_dir=out / REPORT_DIR, replaced=replaced)


def analyse_demo(
    plan: DemoPlan,
    *,
    settings: Settings = DEFAULT_SETTINGS,
    progress: Callable[[str], None] | None = None,
) -> DemoResult:
    """Analyse the copied corpus into the plan's store and write the report."""
    summary = analyze(
        [str(plan.corpus)], db=plan.db, report_dir=plan.report_dir, settings=settings, progress=progress
    )
    index = summary.report_path or plan.report_dir / "index.html"
    return DemoResult(plan=plan, summary=summary, report_index=index)


def run_demo(
    out: Path = DEFAULT_OUT,
    db: str | None = None,
    *,
    settings: Settings = DEFAULT_SETTINGS,
    progress: Callable[[str], None] | None = None,
) -> DemoResult:
    """The whole demo: a fresh store and report under `out` from the packaged corpus."""
    return analyse_demo(prepare_demo(out, db), settings=settings, progress=progress)


def _clear(out: Path) -> bool:
    """Make OUT ready: missing or empty is fine, an earlier demo's outputs are removed (True),
    anything else is refused, so a mistyped --out never deletes a user's files."""
    if out.exists() and not out.is_dir():
        raise UsageError(f"--out {out} is a file; give a folder for the demo")
    if not out.exists() or not any(out.iterdir()):
        return False
    if not (out / MARKER).is_file():
        raise UsageError(
            f"--out {out} already holds files and is not an earlier demo's folder (no {MARKER}); "
            "give a new or empty folder"
        )
    for name in _DEMO_OUTPUTS:
        path = out / name
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        elif path.exists() or path.is_symlink():
            path.unlink()
    return True


def _require_empty_store(db: str) -> None:
    """A store named with --db must hold no article: the demo's counts and report are its own."""
    url = normalise_db_url(db)
    prefix = "sqlite:///"
    if url.startswith(prefix) and not Path(url[len(prefix) :]).exists():
        return  # a new SQLite file: created by the run
    with open_store(db) as store, store.session() as session:
        stored = session.scalar(select(func.count()).select_from(Article)) or 0
    if stored:
        raise UsageError(
            f"store {url} already holds {stored} article(s); the demo needs a fresh store: "
            "give a new --db, or leave --db out to use OUT/demo.db"
        )
