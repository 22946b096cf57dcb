"""Shared fixtures. Seeds and benchmarks live in ../shared beside the repo and are never copied in."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "seeds"


@pytest.fixture
def seeds_dir() -> Path:
    if not SEEDS.is_dir() or not any(SEEDS.glob("*.txt")):
        pytest.skip(f"seed articles not found at {SEEDS} (../shared/seeds beside the repo)")
    return SEEDS


def seed_text(prefix: str) -> str:
    """The seed whose file name starts with `prefix` (e.g. "003"); skips when seeds are absent."""
    matches = sorted(SEEDS.glob(f"{prefix}*.txt"))
    if not matches:
        pytest.skip(f"seed {prefix} not found in {SEEDS}")
    return matches[0].read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def invented(tmp_path_factory: pytest.TempPathFactory) -> object:
    """The invented labelled set of tests/data/stories, analysed once (bench/clustering_eval.py)."""
    from tests.helpers import load_bench_module

    bench = load_bench_module("clustering_eval")
    return bench.Analysed("invented", Path(tmp_path_factory.mktemp("invented")))


@pytest.fixture(scope="session")
def seeds(tmp_path_factory: pytest.TempPathFactory) -> object:
    """The seed articles analysed once, with their gold locators (bench/clustering_eval.py); the
    seeds whose year the text cannot fix are given their known day (tests/helpers.py, KNOWN_DAYS)."""
    from rashomon.analyze import analyze
    from tests.helpers import load_bench_module, seed_inputs

    bench = load_bench_module("clustering_eval")
    workdir = Path(tmp_path_factory.mktemp("seeds"))
    inputs = seed_inputs(workdir)
    if not inputs:
        pytest.skip(f"seed articles not found at {SEEDS}")
    db = f"sqlite:///{workdir / 'seeds.db'}"
    assert not analyze(inputs, db=db).failures
    return bench.Analysed("seeds", workdir, db=db)


@pytest.fixture(scope="module")
def attacks():
    """Text -> the ASSAULT events the real pipeline extracts from it."""
    from rashomon.extract.events import extract_events
    from rashomon.nlp.pipeline import load_pipeline

    nlp, _ = load_pipeline("auto")

    def run(text: str) -> list[object]:
        doc = nlp(text)
        found = extract_events(doc, statements=doc._.rashomon_statements or ())
        return [e for e in found if e.plover_type == "ASSAULT"]

    return run
