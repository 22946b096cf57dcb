"""Events grounded in the rest of the article: actor ids from the linked actor mentions, a resolved
place for the location, a normalised date, and the statement that reports the event.

What only a state does ("was arrested in Lebanon", "put under investigation in Italy", "was banned
in Turkey"), told with no one doing it, is coded as event coders code it: done by the state of the
country where it happened."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from rashomon.extract.events import PLACED_TYPES, Event, Participant, TextSpan
from rashomon.extract.party_coding import (
    INTERNATIONAL_SECTORS,
    code_country,
    code_group,
    code_residence,
    with_sector,
)
from rashomon.extract.places import Place, common_region
from rashomon.extract.times import TimeExpression
from rashomon.kb.actors import ActorMention
from rashomon.kb.countries import by_iso2, find_countries, find_country, takes_sides
from rashomon.kb.packs import known_actor
from rashomon.types import Span, Statement


@dataclass(frozen=True)
class Party:
    """An event's actor or target: as written, and the knowledge-base actor it links to, if any."""

    name: str
    span: Span
    actor_id: str | None
    country: str | None
    sector: str | None


@dataclass(frozen=True)
class CodedEvent:
    event: Event
    actor: Party | None
    target: Party | None
    place: Place | None
    date_value: str | None  # ISO, possibly partial or an interval
    date_precision: str  # day | week | month | season | year | decade | unknown
    co_actor: Party | None = None  # "Russia and Turkey agreed": Turkey, who acted with Russia


_THE = re.compile(r"^the\s+", re.IGNORECASE)
_LINKING = re.compile(r"\b(?:the|and)\b|[,&]")  # what may join place names in one phrase
_FIRST_PERSON = frozenset({"we", "i", "us", "our", "my"})  # "our attack": the speaker's
_BARE_STATE = re.compile(r"^[A-Z]{3}$")  # a country itself as the actor id ("CYP")
_OF = re.compile(r"\sof\s")
_PLACE_AFTER_CHARS = 12  # " in Tripoli": a place phrase right after a party's name
_STATE_WORDS = frozenset({"name", "adjective"})
_THIRD_PERSON = {
    "he": "person", "she": "person", "it": "body", "they": "body",
    "his": "person", "her": "person", "its": "body", "their": "body",
}  # fmt: skip
# (PLOVER type, mode) of acts only a state does: arrests, investigations, bans.
_STATE_ACTS = frozenset({("COERCE", "arrest"), ("ACCUSE", "investigate"), ("COERCE", "ban")})


def ground_events(
    events: Sequence[Event],
    actors: Sequence[ActorMention],
    places: Sequence[Place],
    times: Sequence[TimeExpression],
    statements: Sequence[Statement] = (),
    text: str = "",
    sentences: Sequence[Span] = (),
) -> list[CodedEvent]:
    """Each event with its parties, place and date. With the article's `text` and `sentences`, a
    party that names no country takes the one its context gives (rashomon.extract.party_coding)."""
    coded = []
    for event in events:
        when = _overlapping(times, event.date.span) if event.date else None
        actor = _placed(_party(event.actor, actors), places)
        target = _placed(_party(event.target, actors), places)
        place = _place(event.location, places, text)
        if actor is not None and _town_named(actor, places) is not None:
            actor = None  # a dateline or a town read as the subject: a town does not act
        town = _town_named(target, places) if target is not None else None
        if town is not None and place is None and event.plover_type in PLACED_TYPES:
            place, target = town, replace(target, actor_id=None)  # "shelled Kupiansk": where it hit
        actor = with_sector(actor or _pronoun_party(event, statements) or _state_of(event, place))
        target = with_sector(target)
        if text:
            actor = code_residence(actor, text, sentences, places)
            target = code_residence(target, text, sentences, places)
            facing = target
            if target is not None and event.location is not None and target.span == event.location.span:
                facing = replace(target, actor_id=None)  # "declared a curfew in Haiti": a place, no state
            actor = code_country(actor, facing, text, sentences, places, place)
            target = code_country(target, actor, text, sentences, places, place)
            if event.actor is not None and event.actor.group:
                actor = code_group(actor, target, place, text, places)
            if event.target is not None and event.target.group:
                target = code_group(target, actor, place, text, places)
        co_actor = with_sector(_placed(_party(event.co_actor, actors), places))
        coded.append(
            CodedEvent(
                event=event,
                actor=actor,
                target=target,
                place=place,
                date_value=when.value if when else None,
                date_precision=when.precision if when and when.value else "unknown",
                co_actor=co_actor,
            )
        )
    return coded


def _state_of(event: Event, place: Place | None) -> Party | None:
    """The state of the country where an act only a state does happened, when no one is named."""
    if event.actor is not None or (event.plover_type, event.plover_mode) not in _STATE_ACTS:
        return None
    country = by_iso2(place.country) if place is not None and place.country else None
    if place is None or country is None:
        return None
    return Party(country.name, (place.start, place.end), country.iso3, country.iso2, None)


def code_speakers(
    statements: Sequence[Statement],
    actors: Sequence[ActorMention],
    places: Sequence[Place],
    text: str,
    sentences: Sequence[Span] = (),
) -> list[Statement]:
    """Each statement with its speaker's country and sector, coded as an event's actor is: the
    linked mention of its source phrase, a place it names, the sector of its head word, then the
    context ("President X said": the country of the text around it). A pronoun source ("he said")
    takes the coding its speaker got where the text named them."""
    coded = []
    known: dict[str, tuple[str | None, str | None]] = {}
    for statement in statements:
        speaker = statement.speaker_actor_id or statement.speaker_name or ""
        party = _speaker_party(statement, actors, places, text)
        if party is not None and text:
            party = code_residence(party, text, sentences, places)
            party = code_country(party, None, text, sentences, places)
        found = (party.country, party.sector) if party is not None else known.get(speaker, (None, None))
        if party is not None and speaker and any(found):
            known.setdefault(speaker, found)
        country, sector = found
        coded.append(replace(statement, speaker_country=country, speaker_sector=sector))
    return coded


def _speaker_party(
    statement: Statement, actors: Sequence[ActorMention], places: Sequence[Place], text: str
) -> Party | None:
    """The party the statement's source phrase names; None for a pronoun."""
    if statement.source is None:
        return None
    start, end = statement.source
    written = text[start:end]
    if _pronoun(written) in _FIRST_PERSON | set(_THIRD_PERSON):
        return None
    match = find_country(written)
    participant = Participant(written, statement.source, match.iso2 if match else None)
    party = with_sector(_placed(_party(participant, actors), places))
    if party is not None and party.country is None and statement.speaker_affiliation:
        affiliation = find_country(statement.speaker_affiliation)
        party = replace(party, country=affiliation.iso2) if affiliation else party
    return party


def _town_named(party: Party, places: Sequence[Place]) -> Place | None:
    """The town or region a party's phrase names and nothing more ("Kupiansk", "Kramatorsk and
    Sloviansk": the first), when no known actor goes by that name (unlinked, or discovered in this
    text only). A name the article resolves elsewhere counts too: a dateline ("KUPIANSK, May 1 -")
    read as the subject. A capital standing for its government is no town here."""
    if known_actor(party.actor_id):
        return None
    towns = [p for p in places if p.literal and p.kind != "country"]
    start, end = party.span
    inside = sorted((p for p in towns if start <= p.start and p.end <= end), key=lambda p: p.start)
    rest = party.name.lower()
    for place in inside:
        rest = rest.replace(place.name.lower(), " ")
    if inside and not _LINKING.sub("", rest).strip():
        return inside[0]
    name = _THE.sub("", party.name.strip()).lower()
    return next((p for p in towns if p.name.lower() == name), None)


def _pronoun_party(event: Event, statements: Sequence[Statement]) -> Party | None:
    """A pronoun actor resolved through the statements: "we" in a quote is its speaker; "it" or "he"
    is the last speaker of that kind before the event."""
    actor = event.actor
    word = _pronoun(actor.text) if actor else ""
    speaker: Statement | None = None
    if word in _FIRST_PERSON and event.reported_by is not None and event.reported_by < len(statements):
        speaker = statements[event.reported_by]
    elif word in _THIRD_PERSON and actor is not None:
        wanted = _THIRD_PERSON[word]
        earlier = [
            s for s in statements
            if s.content[1] <= actor.span[0] or (s.source and s.source[1] <= actor.span[0])
            if s.speaker_name and (s.speaker_kind == "person") == (wanted == "person")
        ]  # fmt: skip
        speaker = earlier[-1] if earlier else None
    if speaker is None or actor is None or not speaker.speaker_name:
        return None
    country = find_country(speaker.speaker_affiliation or "")
    return Party(actor.text, actor.span, speaker.speaker_actor_id, country.iso2 if country else None, None)


def _pronoun(text: str) -> str:
    """The text in lower case as a pronoun; "US" in capitals is the country, not "us"."""
    return "" if len(text) > 1 and text.isupper() else text.lower()


def _party(participant: Participant | None, actors: Sequence[ActorMention]) -> Party | None:
    """The linked mention inside the participant's phrase; the longest wins ("Syrian government
    forces" over "Syrian"). None when the phrase links to nothing, or when it is a pronoun."""
    if participant is None or _pronoun(participant.text) in _FIRST_PERSON | set(_THIRD_PERSON):
        return None
    start, end = participant.span
    inside = [m for m in actors if start <= m.start and m.end <= end]
    best = max(inside, key=lambda m: (m.end - m.start, m.kind != "discovered"), default=None)
    if best is None:
        return Party(participant.text, participant.span, _country_id(participant), participant.country, None)
    if best.sector in INTERNATIONAL_SECTORS:  # "the Red Cross in Iraq" is of no country
        return Party(participant.text, participant.span, best.actor_id, best.country, best.sector)
    if _BARE_STATE.match(best.actor_id or "") and participant.country not in (None, best.country):
        before = participant.text[: best.start - start]
        if _OF.search(before):  # "the Turkish and Greek sides of the island of Cyprus": Turkish
            return Party(participant.text, participant.span, None, participant.country, None)
    return Party(
        participant.text, participant.span, best.actor_id, best.country or participant.country, best.sector
    )


def _placed(party: Party | None, places: Sequence[Place]) -> Party | None:
    """A party with no country word takes the country of the place its phrase names: "the mayor of
    Nablus", "Baghdad University", "gunmen in West Darfur" are of the place's country. A party whose
    only country word is a capital is of the country the article resolves that capital to
    ("militias in Tripoli", of Lebanon)."""
    if party is None or party.sector in INTERNATIONAL_SECTORS:
        return party
    start, end = party.span
    inside = [
        p
        for p in places
        if start <= p.start and p.end <= end and p.country and not takes_sides(party.name, p.start - start)
    ]  # "an anti-Syria journalist" is not of Syria
    if party.country is not None:
        return _capital_resolved(party, places)
    return replace(party, country=min(inside, key=lambda p: p.start).country) if inside else party


def _capital_resolved(party: Party, places: Sequence[Place]) -> Party:
    """A capital is ambiguous ("Tripoli"); the place resolver reads it in its context. The capital
    is in the party's phrase or in the place phrase just after it ("militias in Tripoli")."""
    named = find_countries(party.name)
    if any(m.kind not in ("capital", "metonym") for m in named):
        return party
    start, end = party.span
    near = [p for p in places if start <= p.start < end + _PLACE_AFTER_CHARS and p.literal and p.country]
    for place in near:
        capital = find_country(place.name)
        if capital is None or capital.kind not in ("capital", "metonym") or capital.iso2 != party.country:
            continue
        if place.country != party.country:
            return replace(party, country=place.country)
    return party


def _country_id(participant: Participant) -> str | None:
    """A bare country word as a party ("Eritrean offensives": the actor is "Eritrean") is that country,
    as the actor knowledge base names states (ISO alpha-3); a longer phrase is left unlinked."""
    match = find_country(participant.text)
    if match is None or match.text != participant.text.strip() or match.kind not in _STATE_WORDS:
        return None
    return match.country.iso3


def _place(location: TextSpan | None, places: Sequence[Place], text: str = "") -> Place | None:
    if location is None:
        return None
    start, end = location.span
    overlapping = [p for p in places if p.start < end and start < p.end]
    # Towns listed together ("blasts in Jammu and Srinagar"): the region holding them, not the first
    listed = common_region(overlapping, text) if text else None
    if listed is not None:
        return listed
    # The most precise place named in the phrase: a town over its province over its country.
    return min(overlapping, key=lambda p: (p.precision, p.start), default=None)


def _overlapping(times: Sequence[TimeExpression], span: Span) -> TimeExpression | None:
    start, end = span
    overlapping = [t for t in times if t.start < end and start < t.end]
    return max(overlapping, key=lambda t: min(end, t.end) - max(start, t.start), default=None)
