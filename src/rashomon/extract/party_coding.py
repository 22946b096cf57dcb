"""A party's sector and country where neither its linked actor nor its own words give them, as event
coders code actors: the sector from the head of its phrase ("President X" GOV, "Judge X" JUD, "Jewish
settlers" CVL, "former prime minister X" ELI), the country from the text around it.

The country rule follows how news pairs parties: a government or army facing another is of another
country ("President X threatened Russia"); a non-state party facing a state, a state facing a
non-state party, and the police, courts and parliament facing anyone are of the same country
("rebels in Ivory Coast dismissed an appeal from President X", "Judge X opened investigations
against Chilean officials"). Otherwise (two governments, two non-state parties, a party alone) the
party is of the country of the event's place when it is no state organ, else of the first country
the event's sentence names outside both parties' phrases (the other government's country left out),
else of the country the whole text names most.
An ethnic group is coded where it lives, as event coders code minorities: "Bosnian Serbs" and
"Croatian Serb refugees" by their first adjective; "ethnic Albanians in south Serbia" and "the
Albanians of southern Serbia" by the place their phrase, else their sentence, names (their own
people's country left out).
International organisations and parties with no sector get no country this way: a name alone says
nothing of where it belongs. A named group with no sector ("Hamas", "the Taliban", a militia the
text names) is coded as event coders code non-state armed groups, with the country it acts in: the
country of the event's place, else the country the text is about (named more than once, and more
than any other; not the state it faces, which across a border is the enemy's); a name with an
institution word ("the Arab League", "the International Labor Office") is no such group.

Word lists: rashomon/data/en/parties.json.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache
from itertools import pairwise
from typing import TYPE_CHECKING

from rashomon.kb.countries import CountryMatch, find_countries
from rashomon.language_data import load_language_data
from rashomon.types import Span

if TYPE_CHECKING:
    from rashomon.extract.grounding import Party
    from rashomon.extract.places import Place

INTERNATIONAL_SECTORS = frozenset({"IGO", "NGO"})
FORMER_SECTOR = "ELI"
_HEAD_END = re.compile(
    r"\s(?:of|from|in|at|who|which|that|with|affiliated|based|loyal)\s|[,(]", re.IGNORECASE
)
_CURRENCY = re.compile(r"\s?\$")  # "US $50 million" names a currency, not a country
_ETHNIC = re.compile(r"\bethnic\s+\Z", re.IGNORECASE)
_PEOPLE = frozenset({"adjective", "demonym"})
# Times the text must name a country, more than any other, to be the one it is about.
_ARTICLE_COUNTRY_MIN = 2
_BARE_STATE = re.compile(r"^[A-Z]{3}$")  # a country itself as the actor id ("RUS")


@dataclass(frozen=True)
class _Words:
    institution_words: frozenset[str]
    sector_pattern: re.Pattern[str]
    sector_of: dict[str, str]
    former: re.Pattern[str]
    abroad_sectors: frozenset[str]
    domestic_sectors: frozenset[str]
    people_nouns: frozenset[str]


@cache
def _words() -> _Words:
    data = load_language_data("parties")
    sector_of = {word.lower(): sector for sector, words in data["sector_words"].items() for word in words}
    alternatives = "|".join(re.escape(w) for w in sorted(sector_of, key=len, reverse=True))
    former = "|".join(re.escape(w) for w in data["former_words"])
    return _Words(
        institution_words=frozenset(data["institution_words"]),
        sector_pattern=re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.IGNORECASE),
        sector_of=sector_of,
        former=re.compile(rf"(?<![\w-])(?:{former})(?=[\s\w])", re.IGNORECASE),
        abroad_sectors=frozenset(data["abroad_sectors"]),
        domestic_sectors=frozenset(data["domestic_sectors"]),
        people_nouns=frozenset(data["people_nouns"]),
    )


def phrase_sector(phrase: str) -> str | None:
    """The sector the head of a party's phrase names (see the module notes), or None."""
    words = _words()
    rest = phrase
    while rest:
        cut = _HEAD_END.search(rest)
        head, rest = (rest[: cut.start()], rest[cut.end() :]) if cut else (rest, "")
        found = list(words.sector_pattern.finditer(head))
        if found:
            last = found[-1]
            sector = words.sector_of[last.group(0).lower()]
            if sector == "GOV" and words.former.search(head[: last.start()]):
                return FORMER_SECTOR
            return sector
    return None


def state_role(party: Party | None) -> str | None:
    """ "abroad" for a state, its government, army or intelligence; "domestic" for its police, courts
    and parliament; None for anyone else."""
    if party is None:
        return None
    words = _words()
    if (
        party.actor_id is not None and _BARE_STATE.match(party.actor_id)
    ) or party.sector in words.abroad_sectors:
        return "abroad"
    return "domestic" if party.sector in words.domestic_sectors else None


def with_sector(party: Party | None) -> Party | None:
    """The party, with the sector of its phrase when it has none."""
    if party is None or party.sector is not None:
        return party
    sector = phrase_sector(party.name)
    return replace(party, sector=sector) if sector else party


def code_country(
    party: Party | None,
    other: Party | None,
    text: str,
    sentences: Sequence[Span],
    places: Sequence[Place],
    place: Place | None = None,
) -> Party | None:
    """The party, with the country its context gives when it has none (see the module notes);
    `place`: where the event happened."""
    if (
        party is None
        or party.country is not None
        or not party.sector
        or party.sector in INTERNATIONAL_SECTORS
    ):
        return party
    if party.actor_id is not None and party.actor_id.split(".")[0] in INTERNATIONAL_SECTORS:
        return party
    roles = (state_role(party), state_role(other) if other is not None else None)
    foreign = other.country if other is not None and roles == ("abroad", "abroad") else None
    if roles[0] is None and place is not None and place.country:
        return replace(party, country=place.country)  # "prisoners rioted at a jail in Dili"
    if other is not None and other.country is not None and (roles[0] != roles[1] or "domestic" in roles):
        return replace(party, country=other.country)
    # the other party's own country words are its, not this party's; a place as the other ("postpone
    # the demonstration in Baku") is no party and names where this one acts
    bare_place = (
        other is not None
        and other.actor_id is None
        and other.sector is None
        and any((p.start, p.end) == other.span for p in places)
    )
    skip = [party.span] + ([other.span] if other is not None and not bare_place else [])
    named = [
        (start, country)
        for start, end, country in _countries_named(text, places)
        if country != foreign and not any(s < end and start < e for s, e in skip)
    ]
    sentence = next(((s, e) for s, e in sentences if s <= party.span[0] < e), None)
    nearby = [country for start, country in named if sentence and sentence[0] <= start < sentence[1]]
    if nearby:
        return replace(party, country=nearby[0])
    counts = Counter(country for _, country in named)
    if counts:
        return replace(party, country=counts.most_common(1)[0][0])
    return party


def code_group(
    party: Party | None,
    other: Party | None,
    place: Place | None,
    text: str,
    places: Sequence[Place],
) -> Party | None:
    """A named group with no sector and no country, with the country it acts in (see the module
    notes)."""
    if party is None or party.country is not None or party.sector is not None:
        return party
    words = {w.lower() for w in re.findall(r"[\w-]+", party.name)}
    if words & _words().institution_words:
        return party
    if place is not None and place.country:
        return replace(party, country=place.country)
    skip = [party.span] + ([other.span] if other is not None else [])
    counts = Counter(
        country
        for start, end, country in _countries_named(text, places)
        if not any(s < end and start < e for s, e in skip)
    )
    ranked = [*counts.most_common(2), ("", 0)]
    if ranked[0][1] >= _ARTICLE_COUNTRY_MIN and ranked[0][1] > ranked[1][1]:
        return replace(party, country=ranked[0][0])
    return party


def code_residence(
    party: Party | None, text: str, sentences: Sequence[Span], places: Sequence[Place]
) -> Party | None:
    """An ethnic group's country of residence, when its phrase says it lives away from its people's
    country (see the module notes)."""
    if party is None:
        return party
    found = find_countries(party.name)
    for first, second in pairwise(found):
        if (
            first.kind == "adjective"
            and second.kind in _PEOPLE
            and not party.name[first.end : second.start].strip()
        ):
            return replace(party, country=first.iso2)
    ethnic = next((m for m in found if m.kind in _PEOPLE and _ethnic(party, m)), None)
    if ethnic is None and found and found[0].kind == "demonym":
        # "the Albanians of southern Serbia": a people named with a country where they live
        elsewhere = any(m.kind == "name" and m.iso2 != found[0].iso2 for m in found[1:])
        ethnic = found[0] if elsewhere else None
    if ethnic is None:
        return party
    start = party.span[0]
    sentence = next(((s, e) for s, e in sentences if s <= start < e), (start, start + len(party.name)))
    nearby = [
        (begin, country)
        for begin, _, country in _countries_named(text, places)
        if sentence[0] <= begin < sentence[1] and country != ethnic.iso2
    ]
    # where they live is a country or place named as such, before an adjective ("Serb forces")
    lands = {m.start for m in find_countries(text) if m.kind not in _PEOPLE} | {p.start for p in places}
    nearby.sort(key=lambda item: item[0] not in lands)
    return replace(party, country=nearby[0][1]) if nearby else party


def _ethnic(party: Party, people: CountryMatch) -> bool:
    """'ethnic Albanians'; 'the Albanian population', 'the Serb minority': a people named as one
    within a country."""
    if _ETHNIC.search(party.name[: people.start]):
        return True
    rest = party.name[people.end :].split()
    return bool(rest) and rest[0].lower() in _words().people_nouns


def _countries_named(text: str, places: Sequence[Place]) -> list[tuple[int, int, str]]:
    """Every country the text names (names, adjectives, capitals, metonyms) and every place of known
    country, as (start, end, ISO alpha-2), in text order."""
    named = [(m.start, m.end, m.iso2) for m in find_countries(text) if not _CURRENCY.match(text, m.end)]
    named += [(p.start, p.end, p.country) for p in places if p.country and not _CURRENCY.match(text, p.end)]
    return sorted(set(named))
