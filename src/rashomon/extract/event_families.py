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
