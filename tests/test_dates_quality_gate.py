"""Quality gate: publication dates of the clean stage on the htmldate-eval HTML pages must keep their
pinned right count, and give no more wrong days than htmldate with the project's settings."""

from __future__ import annotations

import json
from pathlib import Path
from types import ModuleType

import pytest

from tests.helpers import load_bench_module

REPO = Path(__file__).resolve().parent.parent
BENCH_DIR = REPO.parent / "shared" / "bench" / "dates" / "htmldate-eval"
GATE = REPO / "bench" / "quality_gate.json"


def _load_eval() -> ModuleType:
    return load_bench_module("dates_eval")


def test_gate_allows_no_more_wrong_days_than_htmldate() -> None:
    gate = json.loads(GATE.read_text(encoding="utf-8"))["dates"]
    assert gate["html_wrong_max"] <= gate["measured_htmldate_project_wrong"]


@pytest.mark.slow
@pytest.mark.skipif(
    not (BENCH_DIR / "gold.json").is_file(),
    reason=f"date benchmark not found at {BENCH_DIR} (needs ../shared/bench/dates/htmldate-eval)",
)
def test_html_dates_meet_the_gate() -> None:
    gate = json.loads(GATE.read_text(encoding="utf-8"))["dates"]
    bench = _load_eval()
    htmldate_project = {"htmldate": lambda raw: bench.htmldate_page(raw.content, raw.url, bench._DATE_PARAMS)}
    result = bench.run_set(bench.html_pages(BENCH_DIR, None), htmldate_project)
    ours, theirs = result["readers"]["rashomon clean stage"], result["readers"]["htmldate"]
    wrong_pages = result["ours_wrong"][:3]
    assert ours["right"] >= gate["html_right_min"], f"right days fell: {ours}; wrong pages: {wrong_pages}"
    assert ours["wrong"] <= gate["html_wrong_max"], f"wrong days rose: {ours}; wrong pages: {wrong_pages}"
    assert ours["wrong"] <= theirs["wrong"], f"more wrong days than htmldate: {ours} vs {theirs}"
