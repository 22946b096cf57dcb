"""Coreference scores for clusters of mentions: MUC, B3, CEAF-e and their mean (CoNLL F1).

The definitions follow Pradhan et al. 2014 ("Scoring Coreference Partitions of Predicted Mentions: A
Reference Implementation"): a key (gold) and a response (predicted) partition, each a list of entities,
an entity a set of hashable mention ids. A mention that only one side holds counts as a singleton of its
own on the other side, as the reference scorer does for MUC and B3.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass

Entity = frozenset[Hashable]


@dataclass(frozen=True)
class Score:
    recall: float
    precision: float

    @property
    def f1(self) -> float:
        total = self.recall + self.precision
        return 2 * self.recall * self.precision / total if total else 0.0

    def as_dict(self) -> dict[str, float]:
        return {
            "recall": round(self.recall, 4),
            "precision": round(self.precision, 4),
            "f1": round(self.f1, 4),
        }


def entities_from_labels(labels: Mapping[Hashable, Hashable]) -> list[Entity]:
    """Entities of a mention -> cluster-label map: the mentions sharing a label form one entity."""
    groups: dict[Hashable, set[Hashable]] = defaultdict(set)
    for mention, label in labels.items():
        groups[label].add(mention)
    return [frozenset(group) for group in groups.values()]


def _entity_of(entities: Iterable[Entity]) -> dict[Hashable, int]:
    return {mention: index for index, entity in enumerate(entities) for mention in entity}


def _muc_side(key: Sequence[Entity], response: Sequence[Entity]) -> float:
    """MUC recall of `key` against `response` (precision is the same with the sides swapped)."""
    owner = _entity_of(response)
    found = wanted = 0
    for entity in key:
        # each mention the response leaves out is a partition of its own
        parts = {owner.get(mention, ("alone", mention)) for mention in entity}
        found += len(entity) - len(parts)
        wanted += len(entity) - 1
    return found / wanted if wanted else 0.0


def muc(key: Sequence[Entity], response: Sequence[Entity]) -> Score:
    """Vilain et al. 1995: links kept, counted over the partitions one side cuts the other into."""
    return Score(_muc_side(key, response), _muc_side(response, key))


def _b3_side(key: Sequence[Entity], response: Sequence[Entity]) -> float:
    owner = _entity_of(response)
    total = 0.0
    mentions = 0
    for entity in key:
        for mention in entity:
            mentions += 1
            index = owner.get(mention)
            if index is not None:
                total += len(entity & response[index]) / len(entity)
    return total / mentions if mentions else 0.0


def b3(key: Sequence[Entity], response: Sequence[Entity]) -> Score:
    """Bagga and Baldwin 1998: per mention, the share of its key entity its response entity holds."""
    return Score(_b3_side(key, response), _b3_side(response, key))


def _phi4(a: Entity, b: Entity) -> float:
    return 2 * len(a & b) / (len(a) + len(b))


def _max_weight_assignment(weights: list[list[float]]) -> float:
    """Largest total weight of a one-to-one matching of rows to columns (Hungarian method with
    potentials, on the costs of a square matrix padded with zeros)."""
    size = max(len(weights), len(weights[0]) if weights else 0)
    if size == 0:
        return 0.0
    top = max((w for row in weights for w in row), default=0.0)
    cost = [
        [top - (weights[i][j] if i < len(weights) and j < len(weights[i]) else 0.0) for j in range(size)]
        for i in range(size)
    ]
    inf = float("inf")
    u = [0.0] * (size + 1)
    v = [0.0] * (size + 1)
    match = [0] * (size + 1)  # match[column] = row, 1-based; 0 = free
    way = [0] * (size + 1)
    for row in range(1, size + 1):
        match[0] = row
        column = 0
        least = [inf] * (size + 1)
        used = [False] * (size + 1)
        while True:
            used[column] = True
            current, delta, nearest = match[column], inf, 0
            for j in range(1, size + 1):
                if used[j]:
                    continue
                reduced = cost[current - 1][j - 1] - u[current] - v[j]
                if reduced < least[j]:
                    least[j], way[j] = reduced, column
                if least[j] < delta:
                    delta, nearest = least[j], j
            for j in range(size + 1):
                if used[j]:
                    u[match[j]] += delta
                    v[j] -= delta
                else:
                    least[j] -= delta
            column = nearest
            if match[column] == 0:
                break
        while column:
            previous = way[column]
            match[column] = match[previous]
            column = previous
    total = 0.0
    for j in range(1, size + 1):
        i = match[j]
        if i and i - 1 < len(weights) and j - 1 < len(weights[i - 1]):
            total += weights[i - 1][j - 1]
    return total


def _components(key: Sequence[Entity], response: Sequence[Entity]) -> list[tuple[list[int], list[int]]]:
    """Groups of key and response entities linked by shared mentions: the alignment is solved in each
    group apart, as entities that share nothing score zero together."""
    parent = list(range(len(key) + len(response)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    owner = _entity_of(key)
    for j, entity in enumerate(response):
        for mention in entity:
            i = owner.get(mention)
            if i is not None:
                parent[find(i)] = find(len(key) + j)
    groups: dict[int, tuple[list[int], list[int]]] = defaultdict(lambda: ([], []))
    for i in range(len(key)):
        groups[find(i)][0].append(i)
    for j in range(len(response)):
        groups[find(len(key) + j)][1].append(j)
    return [group for group in groups.values() if group[0] and group[1]]


def ceaf_e(key: Sequence[Entity], response: Sequence[Entity]) -> Score:
    """Luo 2005, entity-based: the best one-to-one alignment of entities under phi4 similarity, divided
    by the number of key entities (recall) and of response entities (precision)."""
    if not key or not response:
        return Score(0.0, 0.0)
    similarity = 0.0
    for rows, columns in _components(key, response):
        weights = [[_phi4(key[i], response[j]) for j in columns] for i in rows]
        similarity += _max_weight_assignment(weights)
    return Score(similarity / len(key), similarity / len(response))


def conll(key: Sequence[Entity], response: Sequence[Entity]) -> dict[str, dict[str, float] | float]:
    """MUC, B3 and CEAF-e scores and CoNLL F1, their F1s' mean."""
    scores = {"muc": muc(key, response), "b3": b3(key, response), "ceaf_e": ceaf_e(key, response)}
    result: dict[str, dict[str, float] | float] = {name: score.as_dict() for name, score in scores.items()}
    result["conll_f1"] = round(sum(score.f1 for score in scores.values()) / 3, 4)
    return result
