"""Events of intent and demand, as PLOVER codes them, derived from the events they are about.

- The word that governs an event ("threatened to shell", "agreed to withdraw", "refused to meet",
  "ready to contribute", "allowed refugees to return") is an event of its own, asserted: the
  lexicon's type for the governor, or for an intention ("vowed to", "plans to", "ready to") THREATEN
  when the act is hostile and AGREE when cooperative; "failed to" a cooperative act is a REJECT.
  A THREATEN takes its mode from the threatened act (violence, restrict, relations, ...).
- A bare "will" or "would" on an event with an actor is an intention: THREATEN for a hostile act,
  AGREE for a cooperative one (or a hostile one renounced: "will not attack"), REJECT for a
  cooperative one refused ("will not accept"). The event itself stays future or hypothetical.
- "X said (that) Y must / should / has to ..." is X's REQUEST to Y (not when Y is X or "we").
- "If Y keeps attacking, we will do what is necessary": a promise to act, on the condition of a
  hostile act (or "unless" a cooperative one), is a THREATEN against Y, whatever the act promised.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from rashomon.extract import event_args as args
from rashomon.extract.cues import cue_lexicon
from rashomon.extract.event_casualties import NO_CASUALTIES, Casualties
from rashomon.extract.event_lexicon import EventLexicon, Sense
from rashomon.extract.event_modality import INTENT_AUX, Reading, read

ASSERTED = Reading("asserted", False, None, None)
_OBLIGATION = frozenset({"must", "should", "ought"})
_SELF = frozenset({"we", "i", "us"})
_MAY = frozenset({"may", "might", "could", "can"})
_AGREEMENT = ("Strategic developments", "Agreement")
_ACTING_PRONOUNS = frozenset({"we", "i", "they", "he", "she", "it"})


@dataclass
class Draft:
    """An event while it is being put together (tokens, not yet character spans)."""

    words: tuple[int, int]  # trigger token range [start, end)
    root: Token  # the clause head (or the event noun)
    sense: Sense
    actor: Token | None
    target: Token | None
    reading: Reading
    location: SpacySpan | None = None
    date: SpacySpan | None = None
    casualties: Casualties = NO_CASUALTIES
    embedded: Draft | None = None  # for an event of intent or demand: the event it is about
    co_actor: Token | None = None  # the second party of a joint actor of a reciprocal event


def governor_drafts(drafts: list[Draft], lex: EventLexicon) -> list[Draft]:
    """New events for governing words the trigger pass did not already make events of; those it did
    take the type an intention calls for, and the target and mode of the event they govern."""
    by_root = {d.root.i: d for d in drafts}
    made: dict[int, Draft] = {}
    for draft in drafts:
        governor = draft.reading.governor
        if governor is None:
            continue
        rule = lex.governors[governor.lemma_.lower()]
        event_type = _governing_type(rule.type, draft.sense, lex)
        existing = by_root.get(governor.i) or made.get(governor.i)
        if existing is not None:
            _govern(existing, draft, event_type if rule.type and rule.type.startswith("@") else None, lex)
        elif event_type is not None:
            made[governor.i] = _new_governor(governor, draft, event_type, lex)
    return list(made.values())


def _governing_type(rule_type: str | None, embedded: Sense, lex: EventLexicon) -> str | None:
    if rule_type == "@intent":
        return _intent_type(embedded.type, negated=False, lex=lex)
    if rule_type == "@fail":
        return "REJECT" if embedded.type in lex.cooperative else None
    return rule_type


def _intent_type(event_type: str, negated: bool, lex: EventLexicon) -> str | None:
    if event_type in lex.hostile:
        return "AGREE" if negated else "THREATEN"
    if event_type in lex.cooperative:
        return "REJECT" if negated else "AGREE"
    return None


def _govern(governing: Draft, embedded: Draft, event_type: str | None, lex: EventLexicon) -> None:
    if governing.embedded is not None:
        return  # governs an earlier event already
    governing.embedded = embedded
    if event_type is not None:
        governing.sense = Sense(event_type)
    governing.sense = _governing_sense(governing.sense, embedded.sense, lex)
    if governing.target is None:
        governing.target = _embedded_target(governing.actor, embedded)


def _governing_sense(sense: Sense, embedded: Sense, lex: EventLexicon) -> Sense:
    if sense.type == "THREATEN" and sense.mode is None:
        mode = lex.threat_modes.get(embedded.key) or lex.threat_modes.get(embedded.type)
        return Sense("THREATEN", mode)
    if sense.type == "AGREE" and (embedded.acled_event, embedded.acled_sub) == _AGREEMENT:
        return Sense("AGREE", sense.mode, *_AGREEMENT)
    return sense


def _new_governor(governor: Token, embedded: Draft, event_type: str, lex: EventLexicon) -> Draft:
    verb = governor.head if governor.pos_ == "ADJ" and governor.dep_ in ("acomp", "oprd") else governor
    controlled = next((c for c in governor.children if c.dep_ in ("dobj", "dative")), None)
    sense = _governing_sense(Sense(event_type), embedded.sense, lex)
    return Draft(
        words=(governor.i, governor.i + 1),
        root=verb,
        sense=sense,
        actor=args.subject(verb, lex),
        target=controlled if controlled is not None else _embedded_target(args.subject(verb, lex), embedded),
        reading=read(verb, lex),
        date=args.event_date(verb),
        embedded=embedded,
    )


def _embedded_target(actor: Token | None, embedded: Draft) -> Token | None:
    """Agreeing to or rejecting someone else's act ('agreed to US mediation') targets them; one's own
    act ('threatened to shell Iraqi towns') targets its target."""
    other = embedded.actor
    if other is not None and (actor is None or other.i != actor.i):
        return other
    return embedded.target


def intent_draft(draft: Draft, lex: EventLexicon) -> Draft | None:
    """'Russia will withdraw' (AGREE), 'would strike ... if' (THREATEN), 'will not accept' (REJECT)."""
    modal = draft.reading.modal
    if modal is None or modal.i >= draft.words[0]:
        return None
    if modal.lower_ not in INTENT_AUX and not (modal.lower_ in _MAY and _conditional(draft.root)):
        return None
    if draft.reading.governor is not None or draft.actor is None or draft.embedded is not None:
        return None
    event_type = _intent_type(draft.sense.type, draft.reading.negated, lex)
    if event_type is None:
        return None
    return Draft(
        words=(modal.i, draft.words[1]),
        root=draft.root,
        sense=_governing_sense(Sense(event_type), draft.sense, lex),
        actor=draft.actor,
        target=draft.target,
        reading=ASSERTED,
        embedded=draft,
    )


def condition_drafts(drafts: list[Draft], lex: EventLexicon) -> list[Draft]:
    """'If the rebels attack again, we will respond': THREATEN by the one who will act, against the
    actor of the condition; a main clause that is an event already is an intention (`intent_draft`)."""
    roots = {d.root.i for d in drafts}
    found: dict[int, Draft] = {}
    for draft in drafts:
        main = _threat_clause(draft, lex)
        if main is None or main.i in roots or main.i in found:
            continue
        modal = next(c for c in main.children if c.dep_ == "aux" and c.lower_ in INTENT_AUX)
        subject = args.resolve(next(c for c in main.children if c.dep_ == "nsubj"))
        if draft.actor is not None and subject.i == draft.actor.i:
            continue
        words = (modal.i, main.i + 1)
        found[main.i] = Draft(words, main, Sense("THREATEN"), subject, draft.actor, ASSERTED)
    return list(found.values())


def _threat_clause(condition: Draft, lex: EventLexicon) -> Token | None:
    """The main clause of an if-clause with a hostile act (unless-clause: a cooperative one) that
    says what someone will do: a modal and a party (or a pronoun) as subject."""
    clause = condition.root
    while clause.dep_ == "xcomp":  # "if the army keeps shelling": the clause is that of "keeps"
        clause = clause.head
    mark = next((c.lower_ for c in clause.children if c.dep_ == "mark"), None)
    kind = lex.hostile if mark == "if" else lex.cooperative if mark == "unless" else None
    if clause.dep_ != "advcl" or kind is None or condition.sense.type not in kind:
        return None
    main = clause.head
    subject = next((c for c in main.children if c.dep_ == "nsubj"), None)
    if subject is None or not any(c.dep_ == "aux" and c.lower_ in INTENT_AUX for c in main.children):
        return None
    party = subject.lower_ in _ACTING_PRONOUNS or subject.pos_ == "PROPN" or args.actor_classes(subject, lex)
    return main if party else None


def _conditional(verb: Token) -> bool:
    """'may halt mediation if ...': a condition makes a possibility a threat or an offer."""
    return any(
        c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("if", "unless") for m in c.children)
        for c in verb.children
    )


def request_drafts(sentence: SpacySpan, drafts: list[Draft], lex: EventLexicon) -> list[Draft]:
    """'The ministry said Kyiv must withdraw': the ministry's REQUEST to Kyiv."""
    requests = {d.root.i for d in drafts if d.sense.type == "REQUEST"}
    by_root = {d.root.i: d for d in drafts}
    found = []
    for token in sentence:
        obligation = _obligation(token)
        if obligation is None:
            continue
        modal, clause = obligation
        reporter, addressee = _reporter(clause, lex)
        if reporter is None or reporter.i in requests:
            continue
        requester = args.subject(reporter, lex)
        obliged = next((c for c in clause.children if c.dep_ == "nsubj"), None)
        if requester is None or obliged is None or (obliged.pos_ == "PRON" and obliged.lower_ in _SELF):
            continue
        obliged = args.resolve(obliged)
        if obliged.pos_ == "PRON" and addressee is not None:
            obliged = addressee  # "a reminder to Iraq that it must ..."
        if obliged.i == requester.i:
            continue
        words = (min(modal.i, token.i), max(modal.i, token.i) + 1)
        found.append(
            Draft(
                words, clause, Sense("REQUEST"), requester, obliged, ASSERTED, embedded=by_root.get(token.i)
            )
        )
    return found


def _reporter(clause: Token, lex: EventLexicon) -> tuple[Token | None, Token | None]:
    """The verb that reports an obligation ("said that ... must"), or the verb of a speech noun
    ("issued a reminder to Iraq that ... must"), with the noun's addressee."""
    head = clause.head
    if clause.dep_ == "ccomp" and head.pos_ in ("VERB", "AUX"):
        return head, None
    lemma = head.lemma_.lower()
    if clause.dep_ in ("acl", "ccomp") and (
        lemma in cue_lexicon().statement_nouns or lemma in lex.speech_nouns
    ):
        verb = args.clause_head(head)
        if verb.i != head.i:
            return verb, args.prep_object(head, ("to",))
    return None, None


def _obligation(token: Token) -> tuple[Token, Token] | None:
    """(the modal, the clause head) of 'must withdraw', 'should stop', 'has to leave', 'needs to'."""
    modal = next((c for c in token.children if c.dep_ == "aux" and c.lower_ in _OBLIGATION), None)
    if modal is not None:
        return modal, token
    head = token.head
    infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)
    if token.dep_ == "xcomp" and head.lemma_ in ("have", "need") and head.tag_ != "VBN" and infinitive:
        return head, head
    return None
