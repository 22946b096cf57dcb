"""Lead events: each article's first telling of violence (its first attack, shelling, killing).
A news article opens with what it reports, so its first violent event is its news, while later ones
are context, history and reactions. The lead events of two articles of one story are therefore
likely tellings of the story's one attack, more so than any two violent events of the story.
A denial can be the lead ("X denied it fired at Y"): it still holds the lead's place, so the next
event of the article does not take it.

Only violence: reports of talks, aid or agreements often open with another meeting or deal than the
one the story follows (bench/results/clustering.json and realnews.json measure the choice).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from rashomon.extract.event_families import family_of
from rashomon.reconcile.records import EventFacts

LEAD_FAMILIES = frozenset({"violence"})


def lead_events(events: Sequence[EventFacts]) -> set[str]:
    """Ids of the events that come first in their article among its asserted, current (not
    background) events of a lead family, negated ones included."""
    first: dict[tuple[str, str], EventFacts] = {}
    for event in events:
        family = family_of(event.plover_type)
        if family not in LEAD_FAMILIES or event.modality != "asserted" or event.background:
            continue
        key = (event.article_id, family)
        known = first.get(key)
        if known is None or event.start < known.start:
            first[key] = event
    return {event.id for event in first.values()}


def with_leads_marked(events: Sequence[EventFacts]) -> list[EventFacts]:
    """`events` with `lead` set on each article's lead events and cleared on the others."""
    leads = lead_events(events)
    return [e if (e.id in leads) == e.lead else replace(e, lead=e.id in leads) for e in events]
