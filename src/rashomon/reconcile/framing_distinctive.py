"""The labels that set an outlet apart: for each outlet and actor, the labels it uses for that actor more
than the other outlets telling the same stories do, by the weighted log-odds ratio with an informative
Dirichlet prior (Monroe, Colaresi and Quinn 2008, "Fightin' Words", section 3.5).

For outlet i and actor a, over the stories where i names a: y_i are i's label counts, y_j those of every
other outlet naming a in those stories, and the prior alpha spreads `PRIOR_MENTIONS` pseudo-mentions
over the labels as the whole store uses them for a. For a label w,
    delta = log((y_iw + a_w) / (n_i + a_0 - y_iw - a_w)) - log((y_jw + a_w) / (n_j + a_0 - y_jw - a_w))
    z = delta / sqrt(1 / (y_iw + a_w) + 1 / (y_jw + a_w))
and a label is distinctive when z >= `Z_MIN`. An outlet alone on its stories has nothing to be told
apart from: no distinctive labels.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from rashomon.reconcile.framing_labels import fold_key

# A prior worth three mentions, spread as the store uses the labels: one stray use is not distinctive
# (1 of 5 against 0 of 20: z 1.1), a label used for 2 of 3 mentions against 0 of 6 is (z 1.7). Larger
# priors change little (10: z 1.2 and 1.3) but keep story-sized counts below any threshold.
PRIOR_MENTIONS = 3.0
Z_MIN = 1.645  # one-sided 95%: labels an outlet uses more than the others, not less


@dataclass(frozen=True)
class Use:
    """One label use, as the measure reads it."""

    article_id: str
    outlet: str
    actor_id: str
    label: str
    quoted: bool


def distinctive_labels(
    uses: Iterable[Use], story_of: Mapping[str, str] | None = None
) -> dict[tuple[str, str], list[dict[str, object]]]:
    """{(outlet, actor): [{label, count, own, quoted, others, z}, ...]}, most distinctive first.
    Articles in no story (or `story_of` None) are compared as one story."""
    story_of = story_of or {}
    counts: dict[tuple[str, str, str], Counter[str]] = defaultdict(Counter)  # (story, actor, outlet)
    quoted: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)  # (outlet, actor)
    forms: dict[tuple[str, str, str], Counter[str]] = defaultdict(Counter)  # (outlet, actor, key)
    background: dict[str, Counter[str]] = defaultdict(Counter)
    for use in uses:
        key = fold_key(use.label)
        counts[(story_of.get(use.article_id, ""), use.actor_id, use.outlet)][key] += 1
        forms[(use.outlet, use.actor_id, key)][use.label] += 1
        background[use.actor_id][key] += 1
        if use.quoted:
            quoted[(use.outlet, use.actor_id)][key] += 1
    stories: dict[tuple[str, str], set[str]] = defaultdict(set)  # (outlet, actor) -> stories
    by_story: dict[tuple[str, str], list[str]] = defaultdict(list)  # (story, actor) -> outlets
    for story, actor, outlet in counts:
        stories[(outlet, actor)].add(story)
        by_story[(story, actor)].append(outlet)
    out = {}
    for (outlet, actor), told in stories.items():
        own: Counter[str] = Counter()
        others: Counter[str] = Counter()
        for story in told:
            for other in by_story[(story, actor)]:
                (own if other == outlet else others).update(counts[(story, actor, other)])
        scores = log_odds(own, others, background[actor]) if others else {}
        kept = sorted(((z, k) for k, z in scores.items() if z >= Z_MIN), key=lambda t: (-t[0], t[1]))
        out[(outlet, actor)] = [
            {
                "label": forms[(outlet, actor, key)].most_common(1)[0][0],
                "count": own[key],
                "own": own[key] - quoted[(outlet, actor)][key],
                "quoted": quoted[(outlet, actor)][key],
                "others": others[key],
                "z": round(z, 2),
            }
            for z, key in kept
        ]
    return out


def log_odds(own: Counter[str], others: Counter[str], background: Counter[str]) -> dict[str, float]:
    """z-scores of the weighted log-odds ratio of each label `own` uses (Monroe et al. 2008, eq. 22)."""
    total = sum(background.values())
    if len(+background) < 2:
        return {}  # one label for the actor in the whole store: nothing to tell apart (and no odds)
    n_i, n_j = sum(own.values()), sum(others.values())
    scores = {}
    for key, y_i in own.items():
        a_w = PRIOR_MENTIONS * background[key] / total
        y_j = others[key]
        delta = math.log((y_i + a_w) / (n_i + PRIOR_MENTIONS - y_i - a_w)) - math.log(
            (y_j + a_w) / (n_j + PRIOR_MENTIONS - y_j - a_w)
        )
        scores[key] = delta / math.sqrt(1 / (y_i + a_w) + 1 / (y_j + a_w))
    return scores
