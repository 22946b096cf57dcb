"""Generic armed descriptions on pages that name no armed group, counted for their story's group.

An article that names one armed group counts its "militants" and "terrorists" for that group
(rashomon.reconcile.framing_described). Many short reports name none: a wire brief that only says
"the militants fired rockets" or "rebels shot down the plane". They are about the same group as the
other articles of their story, so where those articles agree on one armed group (one group, or one
named by far the most articles), the generic descriptions of an article that names none count for it.
An article that names an armed group of its own, or several, keeps its own reading; a story whose
articles disagree keeps the category (nothing says which group the outlet means).

An article that names several armed groups alike ("jihadists linked to al-Qaeda and the Islamic
State", background to an attack) is about the one of them its story names most: the story tells
which group it is reporting on where the article alone does not.

Words for a state's rulers ("the junta", "the military council") in an article that names no state's
bodies (a report that only says "the junta admitted the loss") are about the state the story's other
articles name most (each article's main state: rashomon.reconcile.framing_states), where one leads.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any, TypeVar

from rashomon.kb.knowledge import KnowledgeBase
from rashomon.kb.packs import CATEGORY_PREFIX
from rashomon.reconcile.framing_described import ARMED_SECTORS

Use = TypeVar("Use", bound=Any)  # a LabelUse or a LoadedTerm (rashomon.reconcile.framing)

_DOMINANCE = 2  # how many more articles must read the main group than any other armed group


def is_generic_armed_group(actor_id: str | None, kb: KnowledgeBase) -> bool:
    """A label row of an armed category ("category:REB", a country's rebels): words, not a group."""
    if not actor_id:
        return False
    if actor_id.startswith(CATEGORY_PREFIX):
        return actor_id.removeprefix(CATEGORY_PREFIX) in ARMED_SECTORS
    actor = kb.actor(actor_id)
    return actor is not None and actor.type == "category" and actor.sector in ARMED_SECTORS


def story_armed_groups(
    groups: Mapping[str, tuple[str, str] | None], story_of: Mapping[str, str]
) -> dict[str, tuple[str, str]]:
    """Story id -> (group id, name) its articles read as their armed group, where they agree.

    `groups`: article id -> the (group id, name) its generic descriptions count for, None when it
    names no armed group. A named group outranks an armed category; among named groups, the one most
    articles read wins when it leads the next by `_DOMINANCE` times."""
    chosen = {}
    for story, counted in _votes(groups, story_of).items():
        named = Counter({g: n for g, n in counted.items() if not g[0].startswith(CATEGORY_PREFIX)})
        ranked = (named or counted).most_common(2)
        if len(ranked) > 1 and ranked[0][1] < _DOMINANCE * ranked[1][1]:
            continue
        chosen[story] = ranked[0][0]
    return chosen


def story_group_for(
    article_id: str,
    groups: Mapping[str, tuple[str, str] | None],
    story_of: Mapping[str, str],
    chosen: Mapping[str, tuple[str, str]],
) -> tuple[str, str] | None:
    """The group an article's generic descriptions move to: its story's, where it names none of its own
    (an article whose own reading is only a category, "separatists", takes the story's named group)."""
    own = groups.get(article_id)
    if own is not None and not own[0].startswith(CATEGORY_PREFIX):
        return None
    story = story_of.get(article_id)
    group = chosen.get(story) if story is not None else None
    return group if group is not None and group != own else None


def story_votes(
    named: Mapping[str, Sequence[tuple[str, str]]], story_of: Mapping[str, str]
) -> dict[str, Counter[tuple[str, str]]]:
    """Story id -> how many of its articles name each armed group (`named`: article id -> the armed
    groups it names)."""
    votes: dict[str, Counter[tuple[str, str]]] = defaultdict(Counter)
    for article_id, names in named.items():
        story = story_of.get(article_id)
        if story is not None:
            votes[story].update(set(names))
    return votes


def story_pick_among(
    article_id: str,
    own: Sequence[tuple[str, str]],
    groups: Mapping[str, tuple[str, str] | None],
    votes: Mapping[str, Counter[tuple[str, str]]],
    story_of: Mapping[str, str],
) -> tuple[str, str] | None:
    """For an article naming several armed groups (`own`) with none dominant (no group of its own
    in `groups`), the one of them that the most articles of its story name (`votes`, by
    `story_votes`), when it leads the next of them by `_DOMINANCE` times."""
    story = story_of.get(article_id)
    if groups.get(article_id) is not None and not str(groups[article_id][0]).startswith(CATEGORY_PREFIX):
        return None
    if len(own) < 2 or story is None:
        return None
    told = votes.get(story, Counter())
    ranked = Counter({group: told[group] for group in set(own) if told[group]}).most_common(2)
    if len(ranked) < 2 or ranked[0][1] < _DOMINANCE * ranked[1][1]:
        return None
    return ranked[0][0]


def moved_uses(uses: Sequence[Use], group: tuple[str, str], kb: KnowledgeBase) -> tuple[Use, ...]:
    """Label uses (or loaded terms) with their generic armed rows moved to `group`."""
    out = []
    for use in uses:
        if is_generic_armed_group(use.actor_id, kb):
            if hasattr(use, "actor_name"):
                use = replace(use, actor_id=group[0], actor_name=group[1])
            else:
                use = replace(use, actor_id=group[0])
        out.append(use)
    return tuple(out)


def story_states(
    states: Mapping[str, tuple[str, str] | None], story_of: Mapping[str, str]
) -> dict[str, tuple[str, str]]:
    """Story id -> the (state id, name) most of its articles name as their main state, where it leads
    the next by `_DOMINANCE` times (`states`: article id -> its main state, None where it has none)."""
    chosen = {}
    for story, counted in _votes(states, story_of).items():
        ranked = counted.most_common(2)
        if len(ranked) < 2 or ranked[0][1] >= _DOMINANCE * ranked[1][1]:
            chosen[story] = ranked[0][0]
    return chosen


def _votes(
    read: Mapping[str, tuple[str, str] | None], story_of: Mapping[str, str]
) -> dict[str, Counter[tuple[str, str]]]:
    """Story id -> how many of its articles read each (id, name) (`read`: article id -> its reading,
    None where it has none)."""
    votes: dict[str, Counter[tuple[str, str]]] = defaultdict(Counter)
    for article_id, reading in read.items():
        story = story_of.get(article_id)
        if story is not None and reading is not None:
            votes[story][reading] += 1
    return votes
