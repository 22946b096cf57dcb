"""bench/coref_metrics.py on the worked examples of the metric definitions (Pradhan et al. 2014)."""

from __future__ import annotations

import itertools
import random
from types import ModuleType

import pytest

from tests.helpers import load_bench_module


@pytest.fixture(scope="module")
def metrics() -> ModuleType:
    return load_bench_module("coref_metrics")


def _entities(*groups: str) -> list[frozenset[str]]:
    return [frozenset(group) for group in groups]


# Pradhan et al. 2014, section 3: key {a,b,c} {d,e,f,g}; response {a,b} {c,d} {f,g,h,i}
KEY = _entities("abc", "defg")
RESPONSE = _entities("ab", "cd", "fghi")


def test_muc_of_the_worked_example(metrics: ModuleType) -> None:
    score = metrics.muc(KEY, RESPONSE)
    # recall ((3-2) + (4-3)) / ((3-1) + (4-1)); precision ((2-1) + (2-2) + (4-3)) / ((2-1) + (2-1) + (4-1))
    assert score.recall == pytest.approx(2 / 5)
    assert score.precision == pytest.approx(2 / 5)
    assert score.f1 == pytest.approx(0.4)


def test_b3_of_the_worked_example(metrics: ModuleType) -> None:
    score = metrics.b3(KEY, RESPONSE)
    # recall 1/7 (2/3 + 2/3 + 1/3 + 1/4 + 0 + 2/4 + 2/4)
    # precision 1/8 (1 + 1 + 1/2 + 1/2 + 2/4 + 2/4 + 0 + 0)
    assert score.recall == pytest.approx(35 / 84)
    assert score.precision == pytest.approx(4 / 8)


def test_ceaf_e_of_the_worked_example(metrics: ModuleType) -> None:
    score = metrics.ceaf_e(KEY, RESPONSE)
    # best alignment {a,b,c}-{a,b}: 2*2/5 and {d,e,f,g}-{f,g,h,i}: 2*2/8, total 1.3
    assert score.recall == pytest.approx(1.3 / 2)
    assert score.precision == pytest.approx(1.3 / 3)


def test_conll_f1_is_the_mean_of_the_three_f1s(metrics: ModuleType) -> None:
    result = metrics.conll(KEY, RESPONSE)
    mean = (result["muc"]["f1"] + result["b3"]["f1"] + result["ceaf_e"]["f1"]) / 3
    assert result["conll_f1"] == pytest.approx(mean, abs=1e-4)


def test_a_perfect_response_scores_one(metrics: ModuleType) -> None:
    result = metrics.conll(KEY, list(KEY))
    assert result["conll_f1"] == pytest.approx(1.0)


def test_all_singletons_have_no_muc_links_and_full_b3_precision(metrics: ModuleType) -> None:
    singletons = _entities(*"abcdefg")
    assert metrics.muc(KEY, singletons).f1 == 0.0
    score = metrics.b3(KEY, singletons)
    assert score.precision == pytest.approx(1.0)
    assert score.recall == pytest.approx((3 * (1 / 3) + 4 * (1 / 4)) / 7)


def test_one_big_response_entity_has_full_recall(metrics: ModuleType) -> None:
    merged = _entities("abcdefg")
    assert metrics.muc(KEY, merged).recall == pytest.approx(1.0)
    assert metrics.muc(KEY, merged).precision == pytest.approx(5 / 6)
    assert metrics.b3(KEY, merged).recall == pytest.approx(1.0)
    assert metrics.b3(KEY, merged).precision == pytest.approx((3 * 3 / 7 + 4 * 4 / 7) / 7)


def test_entities_from_labels_groups_mentions_by_label(metrics: ModuleType) -> None:
    entities = metrics.entities_from_labels({"a": 1, "b": 1, "c": 2})
    assert sorted(sorted(e) for e in entities) == [["a", "b"], ["c"]]


def _brute_force_alignment(key: list[frozenset[int]], response: list[frozenset[int]]) -> float:
    def phi4(a: frozenset[int], b: frozenset[int]) -> float:
        return 2 * len(a & b) / (len(a) + len(b))

    small, large = (key, response) if len(key) <= len(response) else (response, key)
    return max(
        sum(phi4(a, b) for a, b in zip(small, chosen, strict=True))
        for chosen in itertools.permutations(large, len(small))
    )


def test_ceaf_e_alignment_is_the_best_one_to_one(metrics: ModuleType) -> None:
    rng = random.Random(7)
    for _ in range(40):
        mentions = list(range(rng.randint(2, 9)))
        key, response = (metrics.entities_from_labels({m: rng.randint(0, 3) for m in mentions}) for _ in "kr")
        best = _brute_force_alignment(key, response)
        assert metrics.ceaf_e(key, response).recall == pytest.approx(best / len(key))
