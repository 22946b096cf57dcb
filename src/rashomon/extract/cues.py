"""The attribution-cue lexicon (data/<lang>/cues.json), loaded once."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from rashomon.language_data import load_language_data

# claim types (values of the lexicon's verbs) of a statement that denies or rejects what it answers:
# agreement arguments, denial contradictions and echo replies all read a denial by them
DENYING = frozenset({"deny", "reject"})


@dataclass(frozen=True)
class CueLexicon:
    verbs: dict[str, str]  # lemma -> claim type
    phrasal: dict[str, str]  # "point out" -> claim type
    quote_verbs: dict[str, str]  # "continue" -> claim type, a cue only right at a quotation
    belief_verbs: frozenset[str]
    nouns: frozenset[str]
    statement_nouns: dict[str, str]  # "claim" -> claim type, for "X's claim that ..."
    negative_content: tuple[str, ...]
    role_nouns: frozenset[str]
    # Whole words and phrases only: "lies" must not match inside "families" or "allies".
    _negative: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        words = "|".join(re.escape(phrase) for phrase in self.negative_content)
        object.__setattr__(self, "_negative", re.compile(rf"\b(?:{words})\b", re.IGNORECASE))

    def rejects_as_untrue(self, content: str) -> bool:
        """True when the content calls something untrue ("baseless", "lies"): a said-verb denial."""
        return self._negative.search(content) is not None

    def claim_type(self, lemma: str, particle: str | None = None) -> str | None:
        """Claim type of a speech cue, or None when the verb is not one."""
        if particle and f"{lemma} {particle}" in self.phrasal:
            return self.phrasal[f"{lemma} {particle}"]
        return self.verbs.get(lemma)


@lru_cache(maxsize=1)
def cue_lexicon() -> CueLexicon:
    data = load_language_data("cues")
    return CueLexicon(
        verbs=dict(data["verbs"]),
        phrasal=dict(data["phrasal"]),
        quote_verbs=dict(data["quote_verbs"]),
        belief_verbs=frozenset(data["belief_verbs"]),
        nouns=frozenset(data["nouns"]),
        statement_nouns=dict(data["statement_nouns"]),
        negative_content=tuple(data["negative_content"]),
        role_nouns=frozenset(data["role_nouns"]),
    )
