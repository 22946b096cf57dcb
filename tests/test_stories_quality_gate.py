"""Quality gate: stories and incidents of the real `rashomon analyze` on ECB+ dev must keep their pinned
scores (story BCubed F1 against the gold subtopic, also with each topic clustered alone as a small
batch, and incident CoNLL F1 on violent and coercive events)."""

from __future__ import annotations

from types import ModuleType

import pytest

from tests.helpers import load_bench_module, quality_gate


def _load_eval() -> ModuleType:
    return load_bench_module("ecbplus_eval")


def test_gate_is_pinned_below_the_measurement() -> None:
    gate = quality_gate("stories_incidents")
    assert 0 < float(gate["story_bcubed_f1_min"]) <= float(gate["measured_story_bcubed_f1"])  # type: ignore[arg-type]
    assert 0 < float(gate["incident_conll_f1_min"]) <= float(gate["measured_incident_conll_f1"])  # type: ignore[arg-type]
    alone = float(gate["story_topic_alone_bcubed_f1_min"])  # type: ignore[arg-type]
    assert 0 < alone <= float(gate["measured_story_topic_alone_bcubed_f1"])  # type: ignore[arg-type]


@pytest.mark.slow
@pytest.mark.skipif(
    not (load_bench_module("ecbplus_eval").DEFAULT_DATA / "docs.jsonl").is_file(),
    reason="ECB+ dev not found (needs ../shared/bench/stories/ecbplus-dev)",
)
def test_stories_and_incidents_meet_the_gate() -> None:
    gate = quality_gate("stories_incidents")
    bench = _load_eval()
    result = bench.evaluate(bench.DEFAULT_DATA)  # all topics: about 2.5 minutes on 2 busy cores
    stories = result["stories"]["ours"]["bcubed"]
    incidents = result["incidents"]["found_in_text"]["ours"]
    assert result["stories"]["docs"] >= 700
    assert stories["f1"] >= gate["story_bcubed_f1_min"], f"story BCubed fell: {stories}"
    assert incidents["conll_f1"] >= gate["incident_conll_f1_min"], f"incident CoNLL fell: {incidents}"
    alone = result["stories"]["one_topic_alone"]
    assert alone["topics"] >= 30
    assert alone["mean_bcubed"]["f1"] >= gate["story_topic_alone_bcubed_f1_min"], f"topic alone fell: {alone}"
