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


# Taking a person into custody is never the attack it follows, however alike the tellings
# ("arrested after the shooting": two events, as ACLED codes arrests apart). One side's "detained"
# may be the other's "abducted", so an abduction stays comparable with an arrest; people displaced
# by an attack are told as part of it, so displacement is no custody.
CUSTODY_KINDS = frozenset({"arrest"})


def is_custody(plover_type: str, plover_mode: str | None) -> bool:
    """An arrest or detention (by its mode's kind)."""
    return bool(MODE_KINDS.get(plover_mode or "", frozenset()) & CUSTODY_KINDS)


def is_attack(plover_type: str, plover_mode: str | None) -> bool:
    """An assault that no telling could call an arrest: any but an abduction."""
    return plover_type == "ASSAULT" and "abduct" not in MODE_KINDS.get(plover_mode or "", frozenset())


def senses_apart(type_a: str, mode_a: str | None, type_b: str, mode_b: str | None) -> bool:
    """Two senses of one family that cannot name one occurrence: custody against an attack."""
    return (is_custody(type_a, mode_a) and is_attack(type_b, mode_b)) or (
        is_custody(type_b, mode_b) and is_attack(type_a, mode_a)
    )
