"""Whether an event happened, as the text tells it: negation and modality.

- asserted: told as having happened or happening ("shelled", "is shelling", "has been shelled");
- future: announced or intended ("will withdraw", "agreed to withdraw", "vowed to retake", "ready to
  contribute", "is going to");
- hypothetical: conditional, possible, demanded or threatened ("would strike ... if", "could", "must",
  "threatened to shell", "urged Moscow to withdraw", "a proposal for a ceasefire").
The event's own auxiliaries and conditional mark count first (for an event noun that is a subject, those
of its verb: "an offensive could begin"), then every governing word up the parse
(verbs, adjectives, nouns of the lexicon's `governors` and `governor_nouns`), as far as the first verb
that governs nothing (a reporting verb: "X said Y shelled Z" stays asserted); the strongest wins.
Negated: "not", "never", "no" on the event, or a governor that negates it ("refused to", "denied").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from spacy.tokens import Token

from rashomon.extract.event_lexicon import EventLexicon

Modality = Literal["asserted", "future", "hypothetical"]
_RANK: dict[str, int] = {"asserted": 0, "future": 1, "hypothetical": 2}
_MODALITIES: dict[str, Modality] = {
    "asserted": "asserted",
    "future": "future",
    "hypothetical": "hypothetical",
}
FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo"})
INTENT_AUX = FUTURE_AUX | {"would", "'d"}
_HYPOTHETICAL_AUX = frozenset(
    {"would", "could", "might", "may", "should", "must", "can", "ca", "'d", "ought"}
)
_CONDITIONAL = frozenset({"if", "unless", "whether"})
_DEFINITE = frozenset({"the", "this", "that", "these", "those"})
_WALK = frozenset(
    {"xcomp", "ccomp", "pcomp", "pobj", "prep", "dobj", "acl", "relcl", "attr", "oprd", "acomp"}
)


@dataclass(frozen=True)
class Reading:
    modality: Modality
    negated: bool
    governor: Token | None  # the nearest governing word with an event type ("threatened" in "threatened to")
    modal: Token | None  # the event's own "will"/"would", where it has one


def read(anchor: Token, lex: EventLexicon) -> Reading:
    """Modality and negation of the event whose clause (or noun) is `anchor`."""
    modality, modal = _own_modality(anchor)
    negated = is_negated(anchor)
    governor: Token | None = None
    current = anchor
    if _subject_of_predicate(anchor) and _verb_tells_occurrence(anchor, lex):
        current = anchor.head  # "an offensive could begin": the verb says whether it will
        modality = _own_modality(current)[0]
    for _ in range(6):
        if current.head.i == current.i or _via(current) not in _WALK:
            break
        clause = current
        via, current = _via(current), current.head
        word = _predicate(current, via)
        lemma = word.lemma_.lower()
        rule = lex.governors.get(lemma) if word.pos_ in ("VERB", "AUX", "ADJ") else None
        if rule is not None:
            modality = _max(modality, rule.embedded)
            negated = negated or rule.negates
            governor = governor or (word if rule.type else None)
        elif current.pos_ in ("NOUN", "PROPN") and lemma in lex.governor_nouns:
            modality = _max(modality, lex.governor_nouns[lemma])
        if via == "relcl" or (via == "acl" and _participle(clause)):
            # a relative clause or a participle ("a man accused of murder") says something of its
            # own about the noun it hangs from, whatever is said of that noun
            break
        elif current.pos_ in ("VERB", "AUX") and via != "xcomp":
            break  # a reporting verb, or a verb whose object the event is
        if current.pos_ in ("VERB", "AUX") and via == "xcomp":  # "would try to", "did not begin to"
            modality = _max(modality, _own_modality(current)[0])
            negated = negated or (rule is None and is_negated(current))
    return Reading(modality, negated, governor, modal)


def _subject_of_predicate(anchor: Token) -> bool:
    """An event noun that is the subject of a verb ('the offensive could begin at any moment')."""
    nominal = anchor.pos_ in ("NOUN", "PROPN") and anchor.dep_ in ("nsubj", "nsubjpass")
    return nominal and anchor.head.pos_ in ("VERB", "AUX")


def _participle(clause: Token) -> bool:
    """A participle hanging from a noun ("a man accused of", "troops firing on"); a past participle
    with a direct object is a finite verb the parser hung from a noun ("one of its raids killed 56")."""
    if clause.tag_ == "VBG":
        return True
    return clause.tag_ == "VBN" and not any(c.dep_ == "dobj" for c in clause.children)


def _verb_tells_occurrence(subject: Token, lex: EventLexicon) -> bool:
    """Whether the verb of an event-noun subject says if the event happens: an occurrence or light
    verb does ("the strike will begin", "the raid would be carried out"); another verb says something
    of an event a definite noun presents as real ("the arrest will not affect his status", "the
    alleged stabbing would be his third attack"), but of an indefinite one it may still ask whether it
    happens ("an invasion could lead to war")."""
    verb = subject.head
    particles = [c.lower_ for c in verb.children if c.dep_ in ("prt", "advmod")]
    names = [verb.lemma_.lower(), *(f"{verb.lemma_.lower()} {p}" for p in particles)]
    names += [f"{verb.lemma_.lower()} {c.lower_}" for c in verb.children if c.dep_ == "dobj"]
    if lex.in_class("occurrence_verbs", names) or any(n in lex.light_verbs for n in names):
        return True
    definite = any((c.dep_ == "det" and c.lower_ in _DEFINITE) or c.dep_ == "poss" for c in subject.children)
    return not definite


def _predicate(head: Token, via: str) -> Token:
    """The word that governs a complement: the adjective of 'it is impossible to ...', else the head."""
    if via == "xcomp" and head.lemma_ == "be":
        return next((c for c in head.children if c.dep_ == "acomp" and c.pos_ == "ADJ"), head)
    return head


def _via(token: Token) -> str:
    """How a clause hangs from its head; an infinitive parsed as an adjunct ('sworn to fight') is
    read as the complement it almost always is."""
    if token.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children):
        return "xcomp"
    return token.dep_


def _max(first: Modality, second: str) -> Modality:
    return first if _RANK[first] >= _RANK[second] else _MODALITIES[second]


def _own_modality(token: Token) -> tuple[Modality, Token | None]:
    if token.pos_ not in ("VERB", "AUX", "ADJ"):
        return "asserted", None
    auxiliaries = [c for c in token.children if c.dep_ in ("aux", "auxpass")]
    if not auxiliaries and token.dep_ == "conj" and not _has_subject(token):
        auxiliaries = [c for c in token.head.children if c.dep_ in ("aux", "auxpass")]
    head = token.head
    if token.dep_ == "xcomp" and head.lemma_ == "go" and head.tag_ == "VBG":
        return "future", head  # "is going to withdraw"
    for aux in auxiliaries:
        if aux.lower_ in FUTURE_AUX:
            return "future", aux
        if aux.lower_ in _HYPOTHETICAL_AUX:
            return "hypothetical", aux
    if any(c.dep_ == "mark" and c.lower_ in _CONDITIONAL for c in token.children):
        return "hypothetical", None
    return "asserted", None


def is_negated(token: Token) -> bool:
    """'did not shell', 'never withdrew', 'no airstrikes'; a conjoined verb shares its head's 'not'."""
    if any(c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ == "no") for c in token.children):
        return True
    if token.dep_ == "conj" and token.pos_ in ("VERB", "AUX") and not _has_subject(token):
        own_aux = any(c.dep_ in ("aux", "auxpass") for c in token.children)
        return not own_aux and any(c.dep_ == "neg" for c in token.head.children)
    return False


def _has_subject(token: Token) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass", "csubj") for c in token.children)
