"""Truces told with no truce word: "Ukraine and Russia agreed on March 18 to stop attacking each
other's energy facilities", "the two sides agreed to cease hostilities for 72 hours starting
Saturday". An agreeing verb (data/en/agreements.json "halting") whose complement halts a hostile act
is a ceasefire made by its subjects, dated along the same clause. Helpers of
`rashomon.extract.agreements`.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Token

from rashomon.extract.agreement_lexicon import AgreementLexicon

_COMPLEMENTS = frozenset({"dobj", "xcomp", "pobj", "pcomp", "prep"})


def halting_clauses(doc: Doc, lex: AgreementLexicon) -> Iterator[tuple[Token, Token, list[Token]]]:
    """(agreeing verb, halting verb, the halted act's tokens) for each "agreed to stop <act>"."""
    for verb in doc:
        if verb.lemma_.lower() not in lex.halting_agree or verb.pos_ not in {"VERB", "AUX"}:
            continue
        if any(c.dep_ == "neg" for c in verb.children):
            continue  # "did not agree to stop fighting"
        for halt in (c for c in verb.children if c.dep_ in {"xcomp", "ccomp"}):
            if halt.lemma_.lower() not in lex.halting_verbs or any(c.dep_ == "neg" for c in halt.children):
                continue
            act = _halted_act(halt, lex)
            if act is not None:
                yield verb, halt, sorted([halt, *act.subtree], key=lambda t: t.i)


def _halted_act(halt: Token, lex: AgreementLexicon) -> Token | None:
    """The hostile act a halting verb stops: its object, its verbal complement ("stop attacking"),
    or the object of its preposition ("refrain from shelling")."""
    for child in halt.children:
        if child.dep_ not in _COMPLEMENTS:
            continue
        if child.lemma_.lower() in lex.hostile_acts or child.lower_ in lex.hostile_acts:
            return child
        if child.dep_ == "prep":
            found = next((g for g in child.children if g.lemma_.lower() in lex.hostile_acts), None)
            if found is not None:
                return found
    return None
