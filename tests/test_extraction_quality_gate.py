"""Quality gate: extract_html on the whole article-extraction benchmark must keep its pinned F1."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parent.parent
BENCH_DIR = REPO.parent / "shared" / "bench" / "extraction"
GATE = REPO / "bench" / "quality_gate.json"


def _load_eval() -> ModuleType:
    name = "extraction_eval"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, REPO / "bench" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def test_gate_is_pinned_at_or_above_the_issue_requirement() -> None:
    gate = json.loads(GATE.read_text(encoding="utf-8"))["extraction"]
    assert gate["f1_min"] >= 0.95


@pytest.mark.slow
@pytest.mark.skipif(
    not (BENCH_DIR / "ground-truth.json").is_file(),
    reason=f"article extraction benchmark not found at {BENCH_DIR} (needs ../shared/bench/extraction)",
)
def test_extraction_f1_meets_the_gate() -> None:
    f1_min = json.loads(GATE.read_text(encoding="utf-8"))["extraction"]["f1_min"]
    result = _load_eval().run_evaluation(BENCH_DIR)
    assert result.pages > 0
    assert result.f1 >= f1_min, (
        f"extraction F1 {result.f1:.4f} fell below the pinned {f1_min} "
        f"(precision {result.precision:.4f}, recall {result.recall:.4f}); worst pages: {result.worst[:3]}"
    )
