"""Answers to a breach claim that do not name the agreement again: "X said Y violated the truce, and
Y said X did", "... Y said X had broken it", "... while Y blamed X", "Y said X was responsible",
"Y accused X of breaking it". Each is a claim that the other side broke the agreement of the claim
it answers. Helpers of `rashomon.extract.agreements`, which looks for answers only in the sentence
of a breach claim and the one after it, so that "it" and "did" can only stand for that breach
(lexicon: the "answers" of data/en/agreements.json).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from spacy.tokens import Token

from rashomon.extract import agreement_args as args
from rashomon.extract.agreement_args import ComplianceClaim
from rashomon.extract.agreement_lexicon import AgreementLexicon
from rashomon.extract.grounding import Party
from rashomon.kb.actors import ActorMention
from rashomon.types import Statement


def answers(
    tokens: Iterable[Token],
    answered: ComplianceClaim,
    lex: AgreementLexicon,
    actors: Sequence[ActorMention],
    statements: Sequence[Statement],
) -> list[ComplianceClaim]:
    """The claims among `tokens` (after the answered claim's cue) that the side it accuses answers
    with: the other side broke it. Each is someone's (a statement, or the accusing verb's subject)."""
    found: dict[tuple[int, int], ComplianceClaim] = {}
    for token in tokens:
        if token.idx <= answered.cue_span[0]:
            continue
        accused = _accuses(token, lex, actors)
        if accused is None or _same_side(accused, answered.accused):
            continue
        index = _statement_at(token.idx, statements)
        accusing = token if _lemma(token) in lex.accusing_verbs else _accusing_verb(token, lex)
        accuser = args.subject_party(accusing, actors) if accusing is not None else None
        if accuser is not None and not _same_side(accuser, answered.accused):
            continue  # only the accused side answers back
        if index is None and accuser is None:
            continue  # the outlet's own words are no answer
        span = (token.idx, token.idx + len(token.text))
        found[span] = ComplianceClaim("broken", token.text, span, accused, index, accuser=accuser)
    return list(found.values())


def _accuses(token: Token, lex: AgreementLexicon, actors: Sequence[ActorMention]) -> Party | None:
    """Who an answering word says broke it: the subject of "did" with no object, of a breach verb
    whose object is "it", or of "was responsible"; the object of "blamed" with no other complement."""
    if any(c.dep_ == "neg" for c in token.children):
        return None  # "Y said X did not": a denial, not an answer
    lemma = _lemma(token)
    objects = [c for c in token.children if c.dep_ in {"dobj", "attr"}]
    if lemma in lex.pro_verbs and token.pos_ in {"VERB", "AUX"} and token.dep_ != "aux" and not objects:
        return args.subject_party(token, actors)
    if lemma in lex.break_words and objects and all(o.lower_ in lex.anaphors for o in objects):
        accusing = _accusing_verb(token, lex)
        if accusing is not None:  # "Y accused X of breaking it"
            accused = [c for c in accusing.children if c.dep_ == "dobj"]
            return args.party_at(accused[0], actors) if accused else None
        return args.subject_party(token, actors)
    if lemma == "be" and any(_lemma(c) in lex.blame_adjectives for c in token.children if c.dep_ == "acomp"):
        return args.subject_party(token, actors)
    # "blamed X for the floods" blames X for something else
    blames = lemma in lex.accusing_verbs and token.pos_ == "VERB" and len(objects) == 1
    if blames and not any(c.dep_ == "prep" for c in token.children):
        return args.party_at(objects[0], actors)
    return None


def _accusing_verb(word: Token, lex: AgreementLexicon) -> Token | None:
    """The verb of "accused X of <word>", if `word` is its "of" complement."""
    verb = word.head.head
    if word.dep_ == "pcomp" and word.head.lower_ == "of" and _lemma(verb) in lex.accusing_verbs:
        return verb
    return None


def _same_side(a: Party | None, b: Party | None) -> bool:
    return a is not None and b is not None and (a.country or a.actor_id) == (b.country or b.actor_id)


def _statement_at(offset: int, statements: Sequence[Statement]) -> int | None:
    for index, statement in enumerate(statements):
        if statement.content[0] <= offset < statement.content[1]:
            return index
    return None


def _lemma(token: Token) -> str:
    return token.lemma_.lower()
