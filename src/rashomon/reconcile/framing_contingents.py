"""An international body's common noun after a country word is that country's contingent.

The packs give an international body plain-noun aliases ("peacekeepers" for the UN's), so the linker
reads "Russian peacekeepers" as the UN's. A country's adjective right before such a noun says whose
they are: the country's forces (a peacekeeping contingent is its army's), with the country word in
their label ("russian peacekeepers").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rashomon.kb.countries import find_countries
from rashomon.kb.knowledge import KnowledgeBase
from rashomon.reconcile.framing_inputs import ActorSpan

_INTERNATIONAL = "IGO"  # the sector of international bodies
_ADJECTIVE_KINDS = ("adjective", "demonym")
_SPACE_BEFORE = re.compile(r"[ \t]+\Z")


def national_contingents(text: str, mentions: Sequence[ActorSpan], kb: KnowledgeBase) -> list[ActorSpan]:
    """The mentions with an international body's plain noun after a country's adjective given to the
    country's forces."""
    adjective_before = {found.end: found for found in find_countries(text) if found.kind in _ADJECTIVE_KINDS}
    out = []
    for mention in mentions:
        actor = kb.actor(mention.actor_id) if mention.kind == "known" else None
        written = text[mention.start : mention.end]
        if actor is not None and actor.sector == _INTERNATIONAL and written.islower():
            gap = _SPACE_BEFORE.search(text, max(0, mention.start - 8), mention.start)
            country = adjective_before.get(gap.start()) if gap is not None else None
            forces = kb.actor(f"{country.country.iso3}.MIL") if country is not None else None
            if country is not None and forces is not None:
                mention = ActorSpan(
                    country.start, mention.end, forces.id, forces.name, "pattern", mention.label, "MIL"
                )
        out.append(mention)
    return out
