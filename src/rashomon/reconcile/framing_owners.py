"""Generic armed descriptions whose owner the text itself names, so they do not count for the armed
group the article reports on (rashomon.reconcile.framing_described.counted_for_group):

- tied to a named group: "mercenaries from Wagner", "fighters of the Wagner Group" (a description,
  then "from" or "of" and the name), "Wagner's mercenaries" (the name's possessive before it);
- foreigners: a country word before an armed noun names fighters from that country ("Russian
  mercenaries"); they fight for that country when the noun says they are hired abroad
  (framing.json: foreign_fighter_nouns) or when the article names the country only so while it
  names another country ("suspected Russian militants" in a story on Mali that never names Russia
  otherwise). A country's own rebels
  ("Syrian rebels" in a story on Syria) stay a generic description;
- a state's forces in someone's words: inside a statement (quoted or reported), a country word before an
  armed noun ("“Russian terrorists”", "territory controlled by Russian fighters") counts for that
  country when the article names the country's armed forces as such ("Moscow's forces", "Russian
  soldiers") and the speaker is not of that country: a party's name for the enemy state's troops. In
  the outlet's own words the same phrase mostly names a group ("Palestinian militants"), so it stays.

States, countries and persons are no owners: "militants from Pakistan" says where, not whose.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import lru_cache

from rashomon.kb.countries import find_countries
from rashomon.kb.knowledge import KnowledgeBase
from rashomon.kb.packs import CATEGORY_PREFIX, PERSON_PREFIX
from rashomon.language_data import load_language_data
from rashomon.reconcile.echo import actor_side
from rashomon.reconcile.framing_described import ARMED_SECTORS
from rashomon.reconcile.framing_inputs import ActorSpan
from rashomon.reconcile.framing_labels import Labelled, fold_key, group_of

_OWNER_AFTER = re.compile(r"[ \t]+(?:from|of)[ \t]+(?:the[ \t]+)?")
_POSSESSIVE = re.compile(r"['’]s?[ \t]+\Z")
_STATE_ID = re.compile(r"[A-Z]{3}(?:\.[A-Z]{3})?\Z")  # a country or one of its bodies ("RUS", "MLI.MIL")
_COUNTRY_ARMED = re.compile(r"(?P<iso3>[A-Z]{3})\.(?P<sector>[A-Z]{3})\Z")  # "RUS.REB": a country's armed

# (in someone's words, the speaker's actor id) for a span (rashomon.reconcile.framing_states.SpeakerAt)
SpeakerAt = Callable[[int, int], tuple[bool, str | None]]


@lru_cache(maxsize=4)
def foreign_fighter_nouns(language: str = "en") -> frozenset[str]:
    """Folded nouns of fighters hired abroad ("mercenaries")."""
    return frozenset(
        fold_key(w) for w in load_language_data("framing", language).get("foreign_fighter_nouns", [])
    )


def owned_descriptions(
    text: str, labelled: Sequence[Labelled], kb: KnowledgeBase, speaker_at: SpeakerAt | None = None
) -> list[Labelled]:
    """The labels with generic armed descriptions given to the owner the text names (see above);
    `speaker_at` says whose words a span is in."""
    owners = _owners_by_edge(text, labelled)
    only_so = _countries_named_only_as_fighters(text, labelled)
    armies = _states_with_forces_named(labelled)
    out = []
    for item in labelled:
        if _is_generic(item.mention, kb):
            enemy = _enemy_state_forces(item.mention, armies, speaker_at, kb)
            owner = _owner(text, item, owners) or _foreign_country(item.mention, only_so | enemy, kb)
            if owner is not None:
                mention = replace(
                    owner, start=item.mention.start, end=item.mention.end, label=item.mention.label
                )
                item = replace(item, mention=mention)
        out.append(item)
    return out


def _is_generic(mention: ActorSpan, kb: KnowledgeBase) -> bool:
    group, _, sector = group_of(mention, kb)
    return group.startswith(CATEGORY_PREFIX) and sector in ARMED_SECTORS


def _can_own(mention: ActorSpan) -> bool:
    return (
        mention.kind in ("known", "discovered")
        and not mention.actor_id.startswith(PERSON_PREFIX)
        and _STATE_ID.match(mention.actor_id) is None
    )


def _owners_by_edge(
    text: str, labelled: Sequence[Labelled]
) -> tuple[dict[int, ActorSpan], dict[int, ActorSpan]]:
    """Named mentions that may own a description, by where their label starts and where it ends; a
    name inside a compound ("the al-Qaeda-linked group") owns nothing."""
    owning = [x for x in labelled if _can_own(x.mention) and text[x.mention.end : x.mention.end + 1] != "-"]
    return {x.span[0]: x.mention for x in owning}, {x.mention.end: x.mention for x in owning}


def _owner(
    text: str, item: Labelled, owners: tuple[dict[int, ActorSpan], dict[int, ActorSpan]]
) -> ActorSpan | None:
    starts, ends = owners
    after = _OWNER_AFTER.match(text, item.span[1])
    if after is not None and after.end() in starts:
        return starts[after.end()]
    before = _POSSESSIVE.search(text, max(0, item.span[0] - 4), item.span[0])
    return ends.get(before.start()) if before is not None else None


def _countries_named_only_as_fighters(text: str, labelled: Sequence[Labelled]) -> frozenset[str]:
    """Countries whose every mention in the text is the country word of an armed description, in a
    text that names another country by its name (where the story is)."""
    armed_starts = {
        item.mention.start
        for item in labelled
        if (found := _COUNTRY_ARMED.match(item.mention.actor_id)) and found.group("sector") in ARMED_SECTORS
    }
    named, as_fighters, by_name = Counter[str](), Counter[str](), set()
    for match in find_countries(text):
        named[match.country.iso3] += 1
        as_fighters[match.country.iso3] += match.start in armed_starts
        if match.kind == "name":
            by_name.add(match.country.iso3)
    return frozenset(iso3 for iso3, times in named.items() if times == as_fighters[iso3] and by_name - {iso3})


def _foreign_country(mention: ActorSpan, only_so: frozenset[str], kb: KnowledgeBase) -> ActorSpan | None:
    found = _COUNTRY_ARMED.match(mention.actor_id)
    if found is None or mention.kind != "pattern":
        return None
    iso3 = found.group("iso3")
    hired = fold_key(mention.label or "") in foreign_fighter_nouns()
    if not (hired or iso3 in only_so):
        return None
    state = kb.actor(iso3)
    name = state.name if state is not None else iso3
    return ActorSpan(mention.start, mention.end, iso3, name, "pattern", mention.label, "GOV")


def _states_with_forces_named(labelled: Sequence[Labelled]) -> frozenset[str]:
    """Countries whose armed forces the article names as such ("RUS.MIL": "Moscow's forces")."""
    return frozenset(
        found.group("iso3")
        for item in labelled
        if (found := _COUNTRY_ARMED.match(item.mention.actor_id)) and found.group("sector") == "MIL"
    )


def _enemy_state_forces(
    mention: ActorSpan, armies: frozenset[str], speaker_at: SpeakerAt | None, kb: KnowledgeBase
) -> frozenset[str]:
    """The country of a country word + armed noun in the words of a speaker of another country, when
    the article names that country's forces (see the module docstring); empty otherwise."""
    found = _COUNTRY_ARMED.match(mention.actor_id)
    if speaker_at is None or found is None or found.group("iso3") not in armies:
        return frozenset()
    said, speaker = speaker_at(mention.start, mention.end)
    if not said or (speaker is not None and actor_side(speaker, kb) == found.group("iso3")):
        return frozenset()
    return frozenset({found.group("iso3")})
