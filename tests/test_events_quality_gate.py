"""Quality gate: the event stage on the PLOVER GSR must keep its pinned type, mode, actor and target
scores, its actor and target countries and its event triples."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import load_bench_module

REPO = Path(__file__).resolve().parent.parent
BENCH_DIR = REPO.parent / "shared" / "bench" / "events" / "plover-gsr"
GATE = json.loads((REPO / "bench" / "quality_gate.json").read_text(encoding="utf-8"))["events"]


def test_gate_is_pinned_below_what_was_measured() -> None:
    for name in ("type_accuracy", "mode_accuracy", "actor_agreement", "target_agreement", "triple",
                 "actor_country", "target_country"):  # fmt: skip
        assert GATE[f"{name}_min"] <= GATE[f"measured_{name}"], name


@pytest.mark.slow
@pytest.mark.skipif(
    not (BENCH_DIR / "PLOVER_GSR_CAMEO.json").is_file(), reason=f"PLOVER GSR not found at {BENCH_DIR}"
)
def test_events_meet_the_gate() -> None:
    scores = load_bench_module("events_eval").run_evaluation(BENCH_DIR).scores
    summary = (
        f"type {scores.type.rate}, mode {scores.mode.rate}, actor {scores.actor.rate}, "
        f"target {scores.target.rate}, triples {scores.triple.rate}, actor country "
        f"{scores.actor_country.rate}, target country {scores.target_country.rate} "
        f"over {scores.records} records"
    )
    assert scores.records == GATE["records"], summary
    assert scores.type.rate >= GATE["type_accuracy_min"], summary
    assert scores.mode.rate >= GATE["mode_accuracy_min"], summary
    assert scores.actor.rate >= GATE["actor_agreement_min"], summary
    assert scores.target.rate >= GATE["target_agreement_min"], summary
    assert scores.triple.rate >= GATE["triple_min"], summary
    assert scores.actor_country.rate >= GATE["actor_country_min"], summary
    assert scores.target_country.rate >= GATE["target_country_min"], summary
