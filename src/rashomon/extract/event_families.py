"""Families of PLOVER types: types whose events can be the same occurrence described differently
("shelled" an ASSAULT, "bombardment" a COERCE)."""

from __future__ import annotations

FAMILY = {
    "ASSAULT": "violence", "COERCE": "violence",
    "MOBILIZE": "posture", "SANCTION": "posture", "PROTEST": "protest",
    "AGREE": "deal", "RETREAT": "deal", "CONCEDE": "deal",
    "CONSULT": "talks", "COOPERATE": "help", "AID": "help", "SUPPORT": "help",
    "REQUEST": "words", "ACCUSE": "words", "REJECT": "words", "THREATEN": "words",
}  # fmt: skip


def family_of(plover_type: str) -> str:
    """The type's family; a type in none is a family of its own."""
    return FAMILY.get(plover_type, plover_type)


# The kinds of act a PLOVER mode can name. Two tellings of one attack may give it different modes
# ("the missile hit", "the explosion", "fired at the city"), but never modes of no common kind: an
# air strike is not a suicide bombing, a kidnapping not a shelling, an arrest not a ban.
MODE_KINDS: dict[str, frozenset[str]] = {
    "aerial": frozenset({"ordnance"}),
    "drone": frozenset({"ordnance"}),
    "heavy-weapons": frozenset({"ordnance"}),
    "cbrn": frozenset({"ordnance"}),
    "explosives": frozenset({"ordnance", "suicide"}),
    "suicide-attack": frozenset({"suicide"}),
    "firearms": frozenset({"ordnance", "close"}),  # "fired" names guns and rockets alike
    "massacre": frozenset({"ordnance", "close"}),
    "assassinate": frozenset({"ordnance", "close"}),
    "cleansing": frozenset({"ordnance", "close"}),
    "beat": frozenset({"close"}),
    "torture": frozenset({"close"}),
    "sexual": frozenset({"close"}),
    "primitive": frozenset({"close"}),
    "abduct": frozenset({"abduct"}),
    "arrest": frozenset({"arrest"}),
    "deport": frozenset({"deport"}),
    "seize": frozenset({"seize"}),
    "destroy": frozenset({"destroy"}),
    "restrict": frozenset({"restrict"}),
    "ban": frozenset({"restrict"}),
    "curfew": frozenset({"restrict"}),
    "martial-law": frozenset({"restrict"}),
}


def modes_apart(a: str | None, b: str | None) -> bool:
    """Two modes that cannot name one act (both known, no kind in common)."""
    kinds_a, kinds_b = MODE_KINDS.get(a or ""), MODE_KINDS.get(b or "")
    return kinds_a is not None and kinds_b is not None and not kinds_a & kinds_b
