"""A headline's events folded into the body's matching ones.

An article tells its main event twice, in the headline and in the body ("Shelling kills at least 10
in Kherson" over "Russian forces shelled Kherson on Monday, killing 12"): two records would count it
twice (two incident versions from one outlet, a casualty contradiction between one article's rounded
and exact tolls). So a headline event yields to the body event it matches: same PLOVER family, same
polarity and modality, actors and targets of the same sides, places that can be one. The body event
stays, with what only the headline says (a place, a toll, a date) filled in where the body lacks it;
its parties stay its own, as a headline's party added to a body event makes it look like the other
events its body tells of that actor, and incidents then merge what they should not. A headline event
the body does not tell stays on its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from rashomon.extract.event_families import family_of
from rashomon.extract.grounding import CodedEvent, Party
from rashomon.extract.places import Place


def fold_headline_events(events: Sequence[CodedEvent], headline_end: int) -> list[CodedEvent]:
    """`events` (in text order) with each event that starts in the headline (`text[:headline_end]`)
    merged into the best matching body event, or kept where none matches."""
    headline = [e for e in events if e.event.span[0] < headline_end]
    body = [e for e in events if e.event.span[0] >= headline_end]
    if not headline or not body:
        return list(events)
    unmatched: list[CodedEvent] = []
    for told in headline:
        index = _best_match(told, body)
        if index is None:
            unmatched.append(told)
        else:
            body[index] = _filled_in(body[index], told)
    return unmatched + body


def _best_match(told: CodedEvent, body: Sequence[CodedEvent]) -> int | None:
    """The body event the headline event tells, best evidence first, then the earliest (the lead)."""
    scored = [(_affinity(told, event), -i) for i, event in enumerate(body) if _can_be_one(told, event)]
    return -max(scored)[1] if scored else None


def _can_be_one(told: CodedEvent, event: CodedEvent) -> bool:
    a, b = told.event, event.event
    if family_of(a.plover_type) != family_of(b.plover_type):
        return False
    if a.negated != b.negated or a.modality != b.modality or b.background:
        return False
    if _differ(told.actor, event.actor) or _differ(told.target, event.target):
        return False
    if _same_actor(told.actor, event.target) or _same_actor(told.target, event.actor):
        return False  # the roles are reversed: a reprisal, not the same act
    return _places_agree(told.place, event.place)


def _affinity(told: CodedEvent, event: CodedEvent) -> float:
    """How much more than a family the two share (type, parties, place, toll)."""
    a, b = told.event, event.event
    total = 1.0 if a.plover_type == b.plover_type else 0.0
    total += 1.0 if _same_actor(told.actor, event.actor) else 0.0
    total += 1.0 if _same_actor(told.target, event.target) else 0.0
    if told.place and event.place and told.place.geonameid == event.place.geonameid:
        total += 1.0
    return total + (0.5 if _close(a.fatalities, b.fatalities) else 0.0)


def _close(x: int | None, y: int | None) -> bool:
    """Two tolls within a factor of two (a headline rounds: "at least 10" over "12")."""
    return bool(x and y) and max(x or 0, y or 0) <= 2 * min(x or 0, y or 0)


def _same_actor(a: Party | None, b: Party | None) -> bool:
    return a is not None and b is not None and a.actor_id is not None and a.actor_id == b.actor_id


def _differ(a: Party | None, b: Party | None) -> bool:
    """Both name a linked actor, of different sides: ids of one state ("AZE", "AZE.GOV", "AZE.MIL":
    a capital for its government, the government for its army) are one side."""
    if a is None or b is None or not (a.actor_id and b.actor_id):
        return False
    return _side(a.actor_id) != _side(b.actor_id)


def _side(actor_id: str) -> str:
    return actor_id.split(".", 1)[0]


def _places_agree(a: Place | None, b: Place | None) -> bool:
    """Unknown fits anything; else one country, and two different exact places only when one lies in
    the other's region."""
    if a is None or b is None:
        return True
    if a.country and b.country and a.country != b.country:
        return False
    if a.geonameid == b.geonameid or a.precision != 1 or b.precision != 1:
        return True
    return a.kind != b.kind and a.admin1 is not None and a.admin1 == b.admin1


def _filled_in(event: CodedEvent, told: CodedEvent) -> CodedEvent:
    """The body event with the headline's facts where the body has none."""
    inner, said = event.event, told.event
    take_place = event.place is None and told.place is not None
    inner = replace(
        inner,
        fatalities=inner.fatalities if inner.fatalities is not None else said.fatalities,
        injured=inner.injured if inner.injured is not None else said.injured,
        location=said.location if take_place else inner.location or said.location,
    )
    dated = event.date_value is not None
    return replace(
        event,
        event=inner,
        place=told.place if take_place else event.place,
        date_value=event.date_value if dated else told.date_value,
        date_precision=event.date_precision if dated else told.date_precision,
    )
