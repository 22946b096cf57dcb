"""Clustering scores against gold clusters: pairwise precision/recall/F1 and BCubed (Bagga and
Baldwin 1998; Amigó et al. 2009). Items missing from one side count as singletons there."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from itertools import combinations


@dataclass(frozen=True)
class Scores:
    precision: float
    recall: float
    f1: float

    def rounded(self, digits: int = 4) -> dict[str, float]:
        return {k: round(v, digits) for k, v in (("p", self.precision), ("r", self.recall), ("f1", self.f1))}


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def labels(clusters: Iterable[Iterable[Hashable]]) -> dict[Hashable, int]:
    """Item -> cluster number, from a list of clusters."""
    return {item: n for n, cluster in enumerate(clusters) for item in cluster}


def _complete(
    predicted: Mapping[Hashable, Hashable], gold: Mapping[Hashable, Hashable]
) -> tuple[dict[Hashable, Hashable], dict[Hashable, Hashable]]:
    items = set(predicted) | set(gold)
    pred = {i: predicted.get(i, ("solo", i)) for i in items}
    true = {i: gold.get(i, ("solo", i)) for i in items}
    return pred, true


def _groups(assign: Mapping[Hashable, Hashable]) -> dict[Hashable, set[Hashable]]:
    out: dict[Hashable, set[Hashable]] = {}
    for item, cluster in assign.items():
        out.setdefault(cluster, set()).add(item)
    return out


def pairwise(predicted: Mapping[Hashable, Hashable], gold: Mapping[Hashable, Hashable]) -> Scores:
    """Over pairs of items put together: precision of the predicted pairs, recall of the gold ones.
    With no pair on a side, its measure is 1.0 (nothing claimed, nothing missed)."""
    pred, true = _complete(predicted, gold)

    def pairs(assign: Mapping[Hashable, Hashable]) -> set[frozenset[Hashable]]:
        return {frozenset(p) for g in _groups(assign).values() for p in combinations(sorted(g, key=str), 2)}

    p_pairs, g_pairs = pairs(pred), pairs(true)
    both = len(p_pairs & g_pairs)
    precision = both / len(p_pairs) if p_pairs else 1.0
    recall = both / len(g_pairs) if g_pairs else 1.0
    return Scores(precision, recall, _f1(precision, recall))


def bcubed(predicted: Mapping[Hashable, Hashable], gold: Mapping[Hashable, Hashable]) -> Scores:
    """Per item: the share of its predicted cluster that is in its gold cluster (precision) and the
    share of its gold cluster found in its predicted cluster (recall), averaged over items."""
    pred, true = _complete(predicted, gold)
    if not pred:
        return Scores(1.0, 1.0, 1.0)
    p_groups, g_groups = _groups(pred), _groups(true)
    precision = recall = 0.0
    for item in pred:
        mine, right = p_groups[pred[item]], g_groups[true[item]]
        shared = len(mine & right)
        precision += shared / len(mine)
        recall += shared / len(right)
    precision, recall = precision / len(pred), recall / len(pred)
    return Scores(precision, recall, _f1(precision, recall))
