"""Attacker nouns: the fighters of a side named by what they did ("the assailants", "the hijackers",
"the killers").

A story that blames a side for an attack often calls its fighters by the deed rather than by who they
are. Such a plural noun that no mention covers is a generic description of an armed actor, like "the
militants": it is added as a mention of the armed category, so that it counts for the armed group the
article reports on, or else for the group its story names (rashomon.reconcile.framing_described,
framing_story). Right after a name it joins that name's label ("Al-Shabaab attackers"); right after a
country word it is left to the demonym rule ("Israeli attackers": rashomon.reconcile.framing_phrases).
Singular nouns ("the gunman") are left out: one person is not a side. Plural nouns of armed groups that
the packs' categories lack ("the guerrillas") are added the same way. Words are language data
(data/<lang>/framing.json: attacker_nouns, armed_plural_nouns).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from rashomon.kb.countries import find_countries
from rashomon.kb.packs import CATEGORY_PREFIX
from rashomon.language_data import load_language_data
from rashomon.reconcile.framing_inputs import ActorSpan

ARMED_SECTOR = "REB"  # the generic armed category (data/actors/generic.yaml)
ARMED_CATEGORY = CATEGORY_PREFIX + ARMED_SECTOR
_GAP = re.compile(r"[ \t]+\Z")


@lru_cache(maxsize=4)
def attacker_nouns(language: str = "en") -> tuple[str, ...]:
    """The language's plural attacker nouns and armed nouns the packs lack, lower case."""
    data = load_language_data("framing", language)
    return (*data.get("attacker_nouns", []), *data.get("armed_plural_nouns", []))


@lru_cache(maxsize=4)
def _pattern(nouns: tuple[str, ...]) -> re.Pattern[str] | None:
    if not nouns:
        return None
    # lower case, or capitalised at a sentence's start ("Assailants stormed the hotel")
    forms = "|".join(
        f"[{re.escape(n[0])}{re.escape(n[0].upper())}]{re.escape(n[1:])}"
        for n in sorted(nouns, key=len, reverse=True)
    )
    return re.compile(rf"(?<![\w-])(?:{forms})(?![\w-])")


def attacker_mentions(text: str, mentions: Sequence[ActorSpan]) -> list[ActorSpan]:
    """The mentions with an armed-category mention added for each attacker noun no mention covers
    and no country word stands right before."""
    pattern = _pattern(attacker_nouns())
    if pattern is None:
        return list(mentions)
    covered = [(m.start, m.end) for m in mentions]
    country_ends = {c.end for c in find_countries(text)}
    added = []
    for found in pattern.finditer(text):
        start, end = found.span()
        if any(s < end and start < e for s, e in covered):
            continue
        gap = _GAP.search(text, max(0, start - 4), start)
        if gap is not None and gap.start() in country_ends:
            continue  # "Israeli attackers": the country's, by the demonym rule
        term = found.group().casefold()
        added.append(ActorSpan(start, end, ARMED_CATEGORY, "armed groups", "category", term, ARMED_SECTOR))
    return sorted([*mentions, *added], key=lambda m: (m.start, m.end))
