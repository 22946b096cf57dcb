"""Data for the framing page's heatmap: for each of the most mentioned actors, how often each outlet
uses each label for it (the framing records' `labels` counts, unchanged)."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

# Actors offered in the heatmap, most mentioned first; the tables below it list every actor.
_ACTORS = 15
# Labels per actor: past twenty rows the rare ones are single mentions that the tables still show.
_LABELS = 20


def heatmap_data(records: list[dict[str, Any]]) -> dict[str, Any]:
    """{outlets, actors: [{id, name, mentions, labels, counts, totals}]}: `counts[i][j]` is how often
    outlet j calls the actor `labels[i]`; `totals[j]` is the actor's mentions in outlet j."""
    outlets = sorted({r["outlet"] for r in records})
    column = {name: j for j, name in enumerate(outlets)}
    by_actor: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for record in records:
        by_actor[record["actor_id"]].append(record)
    ranked = sorted(by_actor.items(), key=lambda kv: (-sum(r["mentions"] for r in kv[1]), kv[0]))
    actors = []
    for actor_id, rows in ranked[:_ACTORS]:
        used: Counter[str] = Counter()
        for row in rows:
            used.update(row["labels"])
        labels = [label for label, _ in sorted(used.items(), key=lambda kv: (-kv[1], kv[0]))[:_LABELS]]
        counts = [[0] * len(outlets) for _ in labels]
        totals = [0] * len(outlets)
        for row in rows:
            totals[column[row["outlet"]]] = row["mentions"]
            for i, label in enumerate(labels):
                counts[i][column[row["outlet"]]] = row["labels"].get(label, 0)
        actors.append(
            {
                "id": actor_id,
                "name": rows[0]["actor_name"],
                "mentions": sum(r["mentions"] for r in rows),
                "labels": labels,
                "counts": counts,
                "totals": totals,
            }
        )
    return {"outlets": outlets, "actors": actors}
