"""Generic descriptions of an armed group counted for the group an article reports on.

The linker counts "the militants", "terrorists" or "Iran-backed rebels" for their category (category:REB),
since the words alone say what, not who. An article about one armed group uses them for that group: an
outlet that names Hamas and then writes "the terrorists fired rockets" is describing Hamas. So a generic
description of an armed category counts for the article's armed group, when the article names one:

- a named group is armed when the packs say so (an armed sector), or when the article itself ties it to
  an armed word ("Houthi rebels", "Jaish fighters", "Hamas, the militant group") or makes it the doer of
  violence (an assault event);
- with one armed group named, every generic description is that group's; with several, the one the
  article names most, when it is named at least twice as often as any other; otherwise the category
  stays (nothing says which group the outlet means).

Descriptions with a country of their own ("Syrian rebels", SYR.REB) are as generic as the bare word.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from rashomon.kb.knowledge import KnowledgeBase
from rashomon.kb.matchers import slug
from rashomon.kb.packs import CATEGORY_PREFIX, DISCOVERED_PREFIX, PERSON_PREFIX
from rashomon.language_data import load_language_data
from rashomon.reconcile.framing_inputs import ActorSpan, Violence
from rashomon.reconcile.framing_labels import Labelled, fold_key, group_of, normalise_label

# Sectors of non-state armed actors (the generic pack's sector codes): rebels, insurgents, separatists.
ARMED_SECTORS = frozenset({"REB", "INS", "SEP"})
_DOMINANCE = 2  # how many times more often the main group is named than any other armed group


@dataclass(frozen=True)
class ArmedWords:
    words: frozenset[str]  # folded words that make a name an armed group's: "militant", "rebel"


@lru_cache(maxsize=4)
def armed_words(kb: KnowledgeBase, language: str = "en") -> ArmedWords:
    """One-word terms of the armed categories, and the language's armed-group nouns."""
    words = {
        fold_key(term)
        for sector, category in kb.categories.items()
        if sector in ARMED_SECTORS
        for term in category.terms
        if " " not in term.strip()
    }
    words |= {fold_key(w) for w in load_language_data("framing", language).get("armed_group_words", [])}
    return ArmedWords(frozenset(words))


def is_generic_armed(mention: ActorSpan, kb: KnowledgeBase) -> bool:
    """A category mention of an armed sector: "militants", "Syrian rebels", "separatists"."""
    if mention.kind != "category":
        return False
    group, _, sector = group_of(mention, kb)
    return group.startswith(CATEGORY_PREFIX) and sector in ARMED_SECTORS


def violent_doers(violence: Iterable[Violence], kb: KnowledgeBase) -> frozenset[str]:
    """Discovered groups that do violence in the article: the doer written as the bare name ("the
    Houthis", not "a Buk missile"), not the doer of an attack on an armed category (who fights them)."""
    doers = set()
    for event in violence:
        target = kb.actor(event.target_id) if event.target_id else None
        if target is not None and target.type == "category" and target.sector in ARMED_SECTORS:
            continue
        if (
            event.doer_id.startswith(DISCOVERED_PREFIX)
            and slug(normalise_label(event.doer)) == event.doer_id[len(DISCOVERED_PREFIX) :]
        ):
            doers.add(event.doer_id)
    return frozenset(doers)


def _armed_evidence(
    item: Labelled, kb: KnowledgeBase, words: ArmedWords, violent: frozenset[str]
) -> str | None:
    """How a named mention shows an armed group: "pack", "words" (its own label), "violence", or None."""
    mention = item.mention
    if mention.kind == "category" or mention.actor_id.startswith(PERSON_PREFIX):
        return None
    actor = kb.actor(mention.actor_id) if mention.kind != "discovered" else None
    if actor is not None:
        return "pack" if actor.type != "category" and actor.sector in ARMED_SECTORS else None
    if mention.kind != "discovered":
        return None
    own = set(fold_key(item.written).split()) - set(fold_key(mention.name).split())
    if own & words.words:
        return "words"
    return "violence" if mention.actor_id in violent else None


def _group_key(mention: ActorSpan, kb: KnowledgeBase) -> str:
    """The group a mention counts under, a discovered name's plural and singular as one ("Houthis")."""
    group = group_of(mention, kb)[0]
    return group.removesuffix("s") if mention.kind == "discovered" else group


def main_armed_group(
    labelled: Sequence[Labelled], kb: KnowledgeBase, words: ArmedWords, violent: frozenset[str] = frozenset()
) -> ActorSpan | None:
    """The armed group the article reports on: the only one it names, or the one it names most by far.
    Violence alone makes a group armed only where it is named twice: a one-off doer may be misread."""
    counts: Counter[str] = Counter()
    first: dict[str, ActorSpan] = {}
    evidence: dict[str, set[str]] = {}
    for item in labelled:
        if item.mention.kind == "category":
            continue
        key = _group_key(item.mention, kb)
        counts[key] += 1
        first.setdefault(key, item.mention)
        shown = _armed_evidence(item, kb, words, violent)
        if shown is not None:
            evidence.setdefault(key, set()).add(shown)
    armed = [k for k, shown in evidence.items() if shown != {"violence"} or counts[k] >= _DOMINANCE]
    if not armed:
        return None
    ranked = sorted(armed, key=lambda k: -counts[k])
    if len(ranked) > 1 and counts[ranked[0]] < _DOMINANCE * counts[ranked[1]]:
        return None
    return first[ranked[0]]


def counted_for_group(
    labelled: Sequence[Labelled],
    kb: KnowledgeBase,
    words: ArmedWords,
    violent: frozenset[str] = frozenset(),
) -> tuple[list[Labelled], dict[ActorSpan, ActorSpan]]:
    """The labels with generic armed descriptions moved to the article's armed group, and the
    mentions moved (category mention -> the group's mention), for the loaded terms on them."""
    group = main_armed_group(labelled, kb, words, violent)
    if group is None:
        return list(labelled), {}
    moved = {
        item.mention: replace(group, start=item.mention.start, end=item.mention.end, label=item.mention.label)
        for item in labelled
        if is_generic_armed(item.mention, kb)
    }  # where it stands and the word used stay: its voice and term are its own
    return [replace(item, mention=moved.get(item.mention, item.mention)) for item in labelled], moved


def moved_mention(mention: ActorSpan | None, moved: Mapping[ActorSpan, ActorSpan]) -> ActorSpan | None:
    return moved.get(mention, mention) if mention is not None else None
