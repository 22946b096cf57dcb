"""Descriptions of a state without its name: "the occupiers", "this criminal enemy", "the invaders".

A demonym or a name before them ("Russian occupiers") is read by framing_phrases; alone, the words still
name a side, and an analyst reads which one from what came before:

- the state the article already called by a word of the same family ("the occupiers" after "Russian
  occupational forces", "the occupation" after "Zionist occupation");
- after "its" or "their" ("Iran ... on its arch-foe"), the latest state the paragraph names other than
  the one named last, whose enemy it is;
- in someone's words (quoted or reported), the latest state named in the same paragraph other than the
  speaker's own ("... carried out by the Zionist occupation” and ... “this criminal enemy”": a speaker's
  enemy is not the speaker). In the outlet's narration that reading is left out: the outlet's own "the
  enemy" is whoever its side fights, which the text does not say.

Words for a state's rulers or its regular forces need no name either: "the junta", "regime forces", "the
military council", "the government forces".
Where no name stands before them, they count for the state whose bodies (army, government, capital)
the article names most, when it names them twice as often as any other state's, or names no other
state's (a report on one country's rulers); otherwise nothing says whose. A country's bare name is
left out of the count: "trade routes with China" names a place, not its rulers; so is a state's body
abroad ("the U.S. embassy"). Only where no state's body is named at all do the rulers belong to the
country the article names most (where the story is), named more than once and twice as often as any
other. Where the article alone says no state, its ruler words are left to its story: they count for
the state the story's other articles name most (rashomon.reconcile.framing_story.story_states).

Words are language data (data/<lang>/framing.json: state_descriptions, ruler_nouns).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from rashomon.kb.countries import find_countries
from rashomon.kb.knowledge import KnowledgeBase
from rashomon.language_data import load_language_data
from rashomon.reconcile.echo import actor_side
from rashomon.reconcile.framing_inputs import ActorSpan
from rashomon.reconcile.framing_labels import DETERMINERS, Labelled, fold_key, group_of
from rashomon.types import Span

_STATE = re.compile(r"[A-Z]{3}\Z")  # a country's id: the side of a state and its bodies
# the actor id of a phrase for a state's side that names no state ("pro-government forces":
# framing_phrases), placed by `ruler_descriptions` like "the junta"
UNNAMED_STATE = "state:unnamed"
_FAMILY = 5  # letters that make words one family: "occupiers", "occupation", "occupational"
_PARAGRAPH = re.compile(r"\n[ \t]*\n")
_DOMINANCE = 2  # how many times more often the main state is named than any other

# (in someone's words, the speaker's actor id) for a span; the actor id is None where unknown
SpeakerAt = Callable[[int, int], tuple[bool, str | None]]


@lru_cache(maxsize=4)
def _description(language: str = "en") -> re.Pattern[str] | None:
    heads = load_language_data("framing", language).get("state_descriptions", [])
    if not heads:
        return None
    alternatives = "|".join(sorted(map(re.escape, heads), key=len, reverse=True))
    # a compound ("occupation soldiers") is a description on its own; a single word needs a
    # determiner ("the enemy", not "enemy aircraft")
    compounds = "|".join(sorted((re.escape(h) for h in heads if " " in h), key=len, reverse=True))
    return re.compile(
        r"(?<![\w-])(?:(?:[Tt]he|[Tt]his|[Tt]hat|[Tt]hese|[Tt]hose|(?P<poss>[Ii]ts|[Tt]heir))[ \t]+"
        rf"(?P<np>(?:[a-z][\w'’-]*[ \t]+){{0,2}}(?:{alternatives}))"
        rf"|(?P<bare>(?i:{compounds or '(?!)'})))(?![\w-])"
    )


def state_descriptions(
    text: str, labelled: Sequence[Labelled], kb: KnowledgeBase, speaker_at: SpeakerAt, language: str = "en"
) -> list[Labelled]:
    """The labels with unnamed descriptions of a state added, for the state they refer to."""
    pattern = _description(language)
    if pattern is None:
        return list(labelled)
    states = [(item, side) for item in labelled if (side := _state_side(item, kb)) is not None]
    spans = [item.span for item in labelled]
    added = []
    for found in pattern.finditer(text):
        start, end = found.span("np") if found.group("np") else found.span("bare")
        if any(s < end and start < e for s, e in spans):
            continue
        earlier = [(item, side) for item, side in states if item.span[1] <= found.start()]
        if found.group("poss"):  # "Iran ... on its arch-foe": the enemy of the state "its" is
            referent = _other_than_latest(text, earlier, found.start())
        else:
            referent = _same_family(earlier, fold_key(text[start:end]).split()[-1][:_FAMILY])
        if referent is None and not found.group("poss"):
            referent = _named_before_by_other(text, earlier, found.start(), speaker_at(start, end), kb)
        if referent is not None:
            mention = replace(referent.mention, start=start, end=end)
            added.append(Labelled(mention, (start, end), text[start:end]))
    return sorted([*labelled, *added], key=lambda item: item.span)


@lru_cache(maxsize=4)
def _rulers(language: str = "en") -> re.Pattern[str] | None:
    nouns = load_language_data("framing", language).get("ruler_nouns", [])
    if not nouns:
        return None
    alternatives = "|".join(sorted(map(re.escape, nouns), key=len, reverse=True))
    return re.compile(rf"(?<![\w'’-])(?:{alternatives})(?![\w'’])", re.IGNORECASE)


@dataclass(frozen=True)
class Rulers:
    """An article's labels with its unnamed rulers placed, the state they count for, and the ruler
    words no state of the article claims (rashomon.reconcile.framing_story places them by the story)."""

    labelled: list[Labelled]
    state: ActorSpan | None  # the article's main state (its government where the packs have one)
    unplaced: tuple[Span, ...] = ()


def ruler_descriptions(
    text: str, labelled: Sequence[Labelled], kb: KnowledgeBase, language: str = "en"
) -> Rulers:
    """The labels with unnamed rulers ("the junta", "regime targets") added for the article's state."""
    pattern = _rulers(language)
    stances = [item for item in labelled if item.mention.actor_id == UNNAMED_STATE]
    if stances:
        labelled = [item for item in labelled if item.mention.actor_id != UNNAMED_STATE]
    if not stances and (pattern is None or pattern.search(text) is None):
        main = _main_state(labelled, kb, language)
        return Rulers(list(labelled), main.mention if main is not None else None)
    main = _main_state(labelled, kb, language) or _main_country(text, kb)
    spans = [item.span for item in labelled]
    found = [
        (match.span(), match.group())
        for match in (pattern.finditer(text) if pattern is not None else ())
        if not any(s < match.end() and match.start() < e for s, e in spans)
        and not _named_before(text, match.start())
    ]
    found = sorted([*found, *((item.span, item.written) for item in stances)])
    if main is None:
        return Rulers(list(labelled), None, tuple(span for span, _ in found))
    added = [
        Labelled(replace(main.mention, start=start, end=end, label=written), (start, end), written)
        for (start, end), written in found
    ]
    return Rulers(sorted([*labelled, *added], key=lambda item: item.span), main.mention)


def _main_state(labelled: Sequence[Labelled], kb: KnowledgeBase, language: str = "en") -> Labelled | None:
    """A mention of the state the article names most, when it leads by far (see the module docstring)."""
    abroad = _representation_words(language)
    counts: Counter[str] = Counter()
    first: dict[str, Labelled] = {}
    for item in labelled:
        side = _state_side(item, kb)
        if side is None or group_of(item.mention, kb)[0] == side:  # a country as a place, not a body
            continue
        if fold_key(item.mention.label or "") in abroad:  # "the U.S. embassy": a state abroad
            continue
        counts[side] += 1
        first.setdefault(side, item)
    ranked = counts.most_common(2)
    if not ranked or (len(ranked) > 1 and ranked[0][1] < _DOMINANCE * ranked[1][1]):
        return None
    state = ranked[0][0]
    return Labelled(replace(first[state].mention, actor_id=_government(state, kb)), (0, 0), "")


def _main_country(text: str, kb: KnowledgeBase) -> Labelled | None:
    """With no state's bodies named: the country the article names most (where the story is), when it
    names it more than once and twice as often as any other country."""
    counts = Counter(match.country.iso3 for match in find_countries(text))
    ranked = counts.most_common(2)
    if not ranked or ranked[0][1] < _DOMINANCE:  # named once, it is a place in passing
        return None
    if len(ranked) > 1 and ranked[0][1] < _DOMINANCE * ranked[1][1]:
        return None
    state = ranked[0][0]
    actor = kb.actor(state)
    name = actor.name if actor is not None else state
    mention = ActorSpan(0, 0, _government(state, kb), name, "pattern", None, "GOV")
    return Labelled(mention, (0, 0), "")


@lru_cache(maxsize=4)
def _representation_words(language: str = "en") -> frozenset[str]:
    """Folded words of a state's bodies abroad ("embassy"): they say nothing of whose rulers a story
    is about."""
    return frozenset(
        fold_key(w) for w in load_language_data("framing", language).get("representation_words", [])
    )


def _government(state: str, kb: KnowledgeBase) -> str:
    return f"{state}.GOV" if kb.actor(f"{state}.GOV") is not None else state


_WORD_BEFORE = re.compile(r"(?P<w>[A-Z][\w'’.-]*)[ \t]+\Z")


def _named_before(text: str, start: int) -> bool:
    """A name right before ("Assad regime", "Kyiv junta"): whose it is, the name says. A determiner
    ("The junta") or a possessive ("Myanmar's ruling junta") leaves it to the article's state."""
    found = _WORD_BEFORE.search(text, max(0, start - 40), start)
    if found is None:
        return False
    word = found.group("w")
    return word.casefold() not in DETERMINERS and not word.endswith(("'s", "’s"))


def _state_side(item: Labelled, kb: KnowledgeBase) -> str | None:
    side = actor_side(group_of(item.mention, kb)[0], kb)
    return side if _STATE.match(side) else None


def _same_family(earlier: Sequence[tuple[Labelled, str]], stem: str) -> Labelled | None:
    for item, _ in reversed(earlier):
        if any(word.startswith(stem) for word in fold_key(item.written).split()):
            return item
    return None


def _other_than_latest(text: str, earlier: Sequence[tuple[Labelled, str]], before: int) -> Labelled | None:
    """For "its enemy": the latest state named in the paragraph other than the one named last (whose
    enemy it is)."""
    if not earlier:
        return None
    return _latest_of_another_side(text, earlier, before, earlier[-1][1])


def _named_before_by_other(
    text: str,
    earlier: Sequence[tuple[Labelled, str]],
    before: int,
    speaker: tuple[bool, str | None],
    kb: KnowledgeBase,
) -> Labelled | None:
    said, speaker_id = speaker
    if not said:
        return None
    own = actor_side(speaker_id, kb) if speaker_id else None
    return _latest_of_another_side(text, earlier, before, own)


def _latest_of_another_side(
    text: str, earlier: Sequence[tuple[Labelled, str]], before: int, side: str | None
) -> Labelled | None:
    """The latest item named in the paragraph before `before` whose side is not `side`."""
    paragraph = max((m.end() for m in _PARAGRAPH.finditer(text, 0, before)), default=0)
    for item, its_side in reversed(earlier):
        if item.span[0] < paragraph:
            return None
        if its_side != side:
            return item
    return None
