"""The sides an article tells fighting, from its events: who the announcer of a truce must be to be one
of its parties when the article names no two sides of the truce otherwise.

"X announced the truce" makes X a party only when X fights: a mediator or an outside leader who
announces a truce between others is no side of it ("Trump announced a ceasefire"), a government that
declares its own truce is. Where the article tells two or more sides attacking or attacked (asserted,
not negated), an announcer that is none of them is set aside: the truce's parties stay unknown rather
than wrong. Where it tells fewer, the announcer stays a party (nothing says otherwise).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rashomon.extract.grounding import CodedEvent, Party

# Events that are fighting: PLOVER's assault, or ACLED's battles and remote violence.
_FIGHTING_PLOVER = frozenset({"ASSAULT"})
_FIGHTING_ACLED = frozenset({"Battles", "Explosions/Remote violence"})


def side(party: Party) -> str:
    """What stands for a party's side: its country, else its actor, else its name."""
    return party.country or party.actor_id or party.name


def fighting_sides(events: Sequence[CodedEvent]) -> set[str]:
    """The sides of the actors and targets of the article's asserted fighting events; a category
    ("militants", "troops") with no country names no side."""
    found: set[str] = set()
    for coded in events:
        event = coded.event
        fighting = event.plover_type in _FIGHTING_PLOVER or event.acled_event_type in _FIGHTING_ACLED
        if not fighting or event.negated or event.modality != "asserted":
            continue
        found.update(side(p) for p in _named((coded.actor, coded.target)))
    return found


def _named(parties: Iterable[Party | None]) -> list[Party]:
    return [
        p
        for p in parties
        if p is not None and (p.country or (p.actor_id and not p.actor_id.startswith("category:")))
    ]
