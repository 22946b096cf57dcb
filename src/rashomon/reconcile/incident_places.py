"""Places the gazetteer left unresolved, read again against the places resolved elsewhere in the same
set: "the city of Kramatorsk, which local authorities said ..." names Kramatorsk, which another report
resolved. Run once before matching, so the bulk scorer and the pair rules see the same places.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from rashomon.reconcile.records import EventFacts, PlaceRef

MAX_NAME_WORDS = 4  # the longest place name looked for inside an unresolved phrase
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")


def _key(words: Sequence[str]) -> str:
    return " ".join(words)


def resolved_names(events: Sequence[EventFacts]) -> dict[str, PlaceRef | None]:
    """Each resolved place by its name's words; None where one name stands for two places."""
    found: dict[str, PlaceRef | None] = {}
    for event in events:
        for place in (event.place, event.article_place):
            if place is None or place.geonameid is None:
                continue
            key = _key(_WORD.findall(place.name))
            if not key:
                continue
            known = found.get(key, place)
            found[key] = place if known is not None and known.geonameid == place.geonameid else None
    return found


def named_within(phrase: str, names: dict[str, PlaceRef | None]) -> PlaceRef | None:
    """The resolved place whose name appears, as whole capitalised words, in `phrase` (the longest
    name; none when two places of that length appear or the longest is ambiguous)."""
    words = _WORD.findall(phrase)
    for size in range(min(MAX_NAME_WORDS, len(words)), 0, -1):
        hits = set()
        for start in range(len(words) - size + 1):
            part = words[start : start + size]
            if not part[0][:1].isupper():
                continue
            key = _key(part)
            if key in names:
                hits.add(key)
        if len(hits) == 1:
            return names[hits.pop()]
        if hits:
            return None
    return None


def with_places_read_again(events: Sequence[EventFacts]) -> list[EventFacts]:
    """`events` with each unresolved place replaced by the resolved place it names (others as they are)."""
    names = resolved_names(events)
    found: dict[str, PlaceRef | None] = {}
    out = []
    for event in events:
        place = event.place
        if place is None or place.geonameid is not None:
            out.append(event)
            continue
        if place.name not in found:
            found[place.name] = named_within(place.name, names)
        better = found[place.name]
        out.append(event if better is None else replace(event, place=better))
    return out
