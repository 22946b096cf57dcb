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

The same holds for a singular group noun with an armed or loaded word ("the militant group", "an
Iran-backed armed group", "a primarily anti-India group"): right before a name it joins that name's label
("the militant group Hezbollah"); right after a name, in apposition or as its predicate ("JeM, a primarily
anti-India group", "Hezbollah is a Shiite group"), it labels that name; alone, it is the article's armed
group's, else its category's.

Descriptions with a country of their own ("Syrian rebels", SYR.REB) are as generic as the bare word.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from rashomon.kb.knowledge import KnowledgeBase
from rashomon.kb.matchers import slug
from rashomon.kb.packs import CATEGORY_PREFIX, DISCOVERED_PREFIX, PERSON_PREFIX
from rashomon.language_data import load_language_data
from rashomon.reconcile.framing_inputs import ActorSpan, Violence
from rashomon.reconcile.framing_labels import DETERMINERS, Labelled, fold_key, group_of, normalise_label

# Sectors of non-state armed actors (the generic pack's sector codes): rebels, insurgents, separatists.
ARMED_SECTORS = frozenset({"REB", "INS", "SEP"})
_DOMINANCE = 2  # how many times more often the main group is named than any other armed group


@dataclass(frozen=True)
class ArmedWords:
    words: frozenset[str]  # folded words that make a name an armed group's: "militant", "rebel"
    group_nouns: frozenset[str] = frozenset()  # singular, lower case: "group", "organization"
    category_id: str = CATEGORY_PREFIX + "REB"  # where a lone group phrase counts with no group named


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
    data = load_language_data("framing", language)
    words |= {fold_key(w) for w in data.get("armed_group_words", [])}
    nouns = frozenset(data.get("group_nouns", []))  # singular, as written
    return ArmedWords(frozenset(words), nouns)


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


# A word of a group phrase: letters, hyphens, apostrophes, inner dots ("U.S.-designated").
_WORD = re.compile(r"[^\W\d_](?:[\w'’-]|\.(?=[\w-]))*\.?")
_WORD_END = re.compile(r"(?P<w>[^\W\d_](?:[\w'’-]|\.(?=[\w-]))*\.?)[ \t]+\Z")
_BEFORE_NAME = re.compile(r"[ \t]+")
_APPOSED = re.compile(
    r"(?:,|[ \t]*[—–][ \t]*|[ \t]+(?:(?:that|which)[ \t]+)?(?:is|was|remains|are|were)[ \t]+)"
    r"[ \t]*(?:(?:a|an|the)[ \t]+)?\Z"
)
_MAX_MODIFIERS = 4


def group_phrases(
    text: str,
    labelled: Sequence[Labelled],
    words: ArmedWords,
    qualifies: Callable[[str], bool],
    group: ActorSpan | None,
) -> list[Labelled]:
    """The labels with singular group phrases added (see the module docstring)."""
    out: dict[int, Labelled] = dict(enumerate(labelled))
    by_start = {item.span[0]: i for i, item in out.items() if item.mention.kind != "category"}
    by_end = {item.span[1]: item for item in labelled if item.mention.kind != "category"}
    for noun in _group_nouns(words.group_nouns).finditer(text):
        start = _modifiers_start(text, noun.start(), words, qualifies)
        if start is None:
            continue
        overlapping = [i for i, item in out.items() if item.span[0] < noun.end() and start < item.span[1]]
        if any(out[i].mention.kind not in ("category", "pattern") for i in overlapping):
            continue  # another actor's words; a category word ("rebel") or a backer ("Iran-") is ours
        for i in overlapping:
            if out[i].mention.kind == "category":
                del out[i]
        after = _BEFORE_NAME.match(text, noun.end())
        named = by_start.get(after.end()) if after is not None else None
        if named is not None and named in out:  # "the militant group Hezbollah": one label, the name's
            item = out[named]
            out[named] = Labelled(item.mention, (start, item.span[1]), text[start : item.span[1]])
            continue
        before = _APPOSED.search(text, max(0, start - 12), start)
        owner = by_end.get(before.start()) if before is not None else None
        mention = owner.mention if owner is not None else group
        if mention is None:
            mention = ActorSpan(
                start, noun.end(), words.category_id, "armed groups", "category", noun.group()
            )
        mention = replace(mention, start=start, end=noun.end())
        phrase = Labelled(mention, (start, noun.end()), text[start : noun.end()])
        out[len(labelled) + noun.start()] = phrase
        if owner is not None:
            by_end[noun.end()] = phrase  # "Hamas, an Islamist group that is a terrorist organization"
    return sorted(out.values(), key=lambda item: item.span)


@lru_cache(maxsize=4)
def _group_nouns(nouns: frozenset[str]) -> re.Pattern[str]:
    """A singular group noun in lower case, without its possessive ending ("the militant group's")."""
    alternatives = "|".join(sorted(map(re.escape, nouns), key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?=(?:['’]s?)?(?![\w-]))")


def _modifiers_start(text: str, end: int, words: ArmedWords, qualifies: Callable[[str], bool]) -> int | None:
    """Start of the modifiers before a group noun, when one of them is armed or loaded; else None."""
    start, armed = end, False
    for _ in range(_MAX_MODIFIERS):
        found = _WORD_END.search(text, max(0, start - 40), start)
        if found is None:
            break
        word = found.group("w")
        key = fold_key(word.rstrip("."))
        if key in words.words or qualifies(word):
            armed = True
        elif not ("-" in word or key.endswith("ly")) or key in _STOPS:
            break  # a hyphenated word or an adverb may stand among them ("Gaza-based", "primarily")
        start = found.start("w")
    return start if armed else None


_STOPS = DETERMINERS | {"another", "other"}
