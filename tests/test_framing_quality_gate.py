"""Quality gate: framing labels of the real `rashomon analyze` on NewsWCL50 (how each of five outlets
names each actor, against human gold) must keep their pinned label recall and precision."""

from __future__ import annotations

import pytest

from tests.helpers import load_bench_module, quality_gate

_DATA = load_bench_module("framing_eval").DEFAULT_DATA


def test_gate_is_pinned_below_the_measurement() -> None:
    gate = quality_gate("framing")
    for name in ("macro_recall", "macro_precision", "micro_recall", "micro_precision"):
        assert 0 < float(gate[f"{name}_min"]) <= float(gate[f"measured_{name}"])  # type: ignore[arg-type]


@pytest.mark.slow
@pytest.mark.skipif(
    not (_DATA / "mentions.jsonl").is_file(),
    reason="NewsWCL50 not found (needs ../shared/bench/framing/newswcl50)",
)
def test_framing_labels_meet_the_gate() -> None:
    gate = quality_gate("framing")
    result = load_bench_module("framing_eval").evaluate(_DATA)  # 50 docs: about 2 minutes on 2 busy cores
    overall = result["overall"]
    assert result["analysed"] == 50
    for name in ("macro_recall", "macro_precision", "micro_recall", "micro_precision"):
        assert overall[name] >= gate[f"{name}_min"], f"framing {name} fell: {overall}"
