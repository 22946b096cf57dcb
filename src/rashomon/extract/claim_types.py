"""Claim type from what a statement's content does (its speech act), not from its cue verb.

A statement whose cue is neutral ("said", "announced") is typed by its content, read with the events
the content reports (`Event.reported_by`) and a few word lists (data/en/claims.json), in order:
1. deny: the content calls another's claim untrue ("there is no truth in", "nobody gave a promise");
   reject: the speaker's side rejects something (a REJECT event, "out of the question");
2. threaten: a threat phrase ("we will do what is necessary", "respond in kind"), a THREATEN event of
   the speaker's side, or a hostile act it intends ("would strike", "determined to push", "could begin");
3. demand / appeal: a request (a REQUEST event on a verb: "calls on", "must") of the speaker's side;
4. accuse / criticize: a hostile act asserted of another party ("the regime is targeting hospitals"),
   a blameworthy predicate of another party ("Ankara is delaying to honour", "Damascus breached"),
   a blame phrase ("the work of"), or words of disapproval ("dissatisfied", "illegal");
5. promise: the speaker's side intends a cooperative act ("will continue cooperating", "committed to").
Anything else keeps the cue's type. A specific cue ("accused", "urged") already names the act and is
kept. The cue verb stays its own field (`Statement.cue`). `plover_type` maps a claim type onto PLOVER's
verbal event types (ACCUSE, THREATEN, REJECT, REQUEST, AGREE, SUPPORT).

Sides: another party is an actor that is neither first person, nor the speaker named again, nor of
the speaker's country; a speaker outside the state (an NGO, a monitor, the media) has no country side.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache

from spacy.tokens import Doc, Token

from rashomon.extract.doc_views import doc_text
from rashomon.extract.events import Event, Participant
from rashomon.kb.actors import link_text
from rashomon.kb.countries import find_countries, find_country
from rashomon.language_data import load_language_data
from rashomon.types import Statement

_HOSTILE = frozenset({"ASSAULT", "COERCE", "SANCTION"})
_COOPERATIVE = frozenset({"AGREE", "COOPERATE", "AID", "CONSULT", "RETREAT", "CONCEDE", "SUPPORT"})
_INTENDED = frozenset({"future", "hypothetical"})
# Speakers outside the state speak for no country: a monitor's "Syrian" is not the Syrian government's.
_STATE_SECTORS = frozenset({"GOV", "MIL", "COP", "SPY", "LEG", "JUD"})
_SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj"})
_WORD = re.compile(r"\w+")
_PHRASE_LISTS = (
    "denials", "rejections", "commitments", "threats", "blame_phrases", "criticism", "demand_words",
)  # fmt: skip


@dataclass(frozen=True)
class ClaimLexicon:
    refined_cues: frozenset[str]
    denials: tuple[str, ...]
    rejections: tuple[str, ...]
    commitments: tuple[str, ...]
    threats: tuple[str, ...]
    blame_phrases: tuple[str, ...]
    criticism: tuple[str, ...]
    blame_verbs: frozenset[str]
    hostile_verbs: frozenset[str]
    intent_auxiliaries: frozenset[str]
    intent_heads: frozenset[str]
    demand_words: tuple[str, ...]
    not_requests: frozenset[str]
    first_person: frozenset[str]
    plover: dict[str, str]
    _patterns: dict[str, re.Pattern[str]] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        for name in _PHRASE_LISTS:
            words = "|".join(re.escape(w) for w in getattr(self, name))
            # Whole words only: "lies" must not match inside "allies".
            self._patterns[name] = re.compile(rf"\b(?:{words})\b", re.IGNORECASE)

    def has(self, name: str, text: str) -> bool:
        return self._patterns[name].search(text) is not None

    def starts(self, name: str, text: str) -> list[int]:
        """Where the phrases of list `name` start in `text`."""
        return [m.start() for m in self._patterns[name].finditer(text)]


@lru_cache(maxsize=1)
def claim_lexicon() -> ClaimLexicon:
    data = load_language_data("claims")
    return ClaimLexicon(
        refined_cues=frozenset(data["refined_cues"]),
        denials=tuple(data["denials"]),
        rejections=tuple(data["rejections"]),
        commitments=tuple(data["commitments"]),
        threats=tuple(data["threats"]),
        blame_phrases=tuple(data["blame_phrases"]),
        criticism=tuple(data["criticism"]),
        blame_verbs=frozenset(data["blame_verbs"]),
        hostile_verbs=frozenset(data["hostile_verbs"]),
        intent_auxiliaries=frozenset(data["intent_auxiliaries"]),
        intent_heads=frozenset(data["intent_heads"]),
        demand_words=tuple(data["demand_words"]),
        not_requests=frozenset(data["not_requests"]),
        first_person=frozenset(data["first_person"]),
        plover=dict(data["plover"]),
    )


def plover_type(claim_type: str) -> str | None:
    """PLOVER's verbal event type for a claim type ("criticize" -> ACCUSE); None for a plain assertion."""
    return claim_lexicon().plover.get(claim_type)


def type_claims(doc: Doc, statements: Sequence[Statement], events: Sequence[Event]) -> list[Statement]:
    """The statements with the claim type their content gives (see the module notes); the target is
    filled from the content where the cue gave none (the accused, the threatened, the one asked)."""
    lex = claim_lexicon()
    typed = []
    for i, statement in enumerate(statements):
        if statement.claim_type not in lex.refined_cues:
            typed.append(statement)
            continue
        reported = [e for e in events if e.reported_by == i and not e.negated]
        found = _content_type(doc, statement, reported, lex)
        if found is None:
            typed.append(statement)
            continue
        claim_type, target = found
        typed.append(replace(statement, claim_type=claim_type, target=statement.target or target))
    return typed


@dataclass(frozen=True)
class _Side:
    """The speaker's side: its country (None outside the state), its actor ids and its name's words."""

    country: str | None
    actor_ids: frozenset[str]
    words: frozenset[str]
    first_person: frozenset[str]

    def is_other(self, text: str, country: str | None) -> bool:
        """Another party: named, not first person, not the speaker again, not of its country."""
        words = {w.lower() for w in _WORD.findall(text)}
        initials = "".join(w[0] for w in _WORD.findall(text) if w[:1].isupper()).lower()
        if not words or words & self.first_person or words <= _PRONOUNS or words & self.words:
            return False
        if len(initials) > 1 and initials in self.words:  # "United Nations" for a "UN" speaker
            return False
        if self.actor_ids & {m.actor_id for m in link_text(text)}:
            return False
        countries = {m.country.iso2 for m in find_countries(text)} | ({country} if country else set())
        return self.country is None or self.country not in countries

    def is_own(self, participant: Participant | None) -> bool:
        return participant is None or not self.is_other(participant.text, participant.country)


_PRONOUNS = frozenset({"he", "she", "it", "they", "them", "his", "her", "its", "their", "who", "which"})


def _side(statement: Statement, lex: ClaimLexicon) -> _Side:
    """The speaker as the knowledge base knows it, else its affiliation ('Syria' for a Syrian monitor
    only when the monitor itself is unknown)."""
    names = [n for n in (statement.speaker_name, statement.speaker_affiliation) if n]
    linked = next(([m for m in link_text(n) if m.kind != "discovered"] for n in names if link_text(n)), [])
    ids = {m.actor_id for m in linked} | {statement.speaker_actor_id or ""}
    # The speaker named again ("Cavusoglu", "UN" for "United Nations"); its country words are left to
    # the country test, so that a "Syrian" monitor is not the "Syrian" government.
    words = {w.lower() for w in _WORD.findall(" ".join(names)) if w[:1].isupper() and not find_country(w)}
    sectors = {m.sector for m in linked if m.sector}
    if sectors and not sectors & _STATE_SECTORS:
        country = None  # a monitor or an IGO speaks for no country
    else:
        stated = next((m.country for m in linked if m.country), None)
        match = None if stated else find_country(" ".join(names))
        country = stated or (match.country.iso2 if match else None)
    return _Side(country, frozenset(ids), frozenset(words), lex.first_person)


def _content_type(
    doc: Doc, statement: Statement, events: list[Event], lex: ClaimLexicon
) -> tuple[str, str | None] | None:
    text = doc_text(doc)[statement.content[0] : statement.content[1]]
    span = doc.char_span(*statement.content, alignment_mode="expand")
    tokens = list(span) if span is not None else []
    side = _side(statement, lex)
    if lex.has("denials", text):
        return "deny", None
    if lex.has("rejections", text) or any(e.plover_type == "REJECT" and side.is_own(e.actor) for e in events):
        return "reject", None
    phrased = _own_phrase(lex.starts("threats", text), statement.content[0], tokens, side)
    threat = ("threaten", None) if phrased else _threat(tokens, events, side, lex)
    if threat is not None:
        # A threat "in retaliation" with no target of its own is aimed at whom the content blames.
        return threat if threat[1] else ("threaten", _accused(tokens, events, side, lex))
    request = next((e for e in events if _is_request(e, doc, side, lex)), None)
    if request is not None:
        kind = "demand" if lex.has("demand_words", text) else "appeal"
        return kind, request.target.text if request.target else None
    accused = _accused(tokens, events, side, lex)
    if accused is not None or lex.has("blame_phrases", text):
        return "accuse", accused
    if lex.has("criticism", text):
        return "criticize", None
    if lex.has("commitments", text) or any(_is_own_intent(e, side, lex) for e in events):
        return "promise", None
    return None


def _is_own_intent(event: Event, side: _Side, lex: ClaimLexicon) -> bool:
    """A cooperative act the speaker's side will do, or declares itself willing to ('is willing to')."""
    if event.plover_type not in _COOPERATIVE or event.actor is None or not side.is_own(event.actor):
        return False
    return event.modality in _INTENDED or event.trigger.text.lower() in lex.intent_heads


def _threat(
    tokens: list[Token], events: list[Event], side: _Side, lex: ClaimLexicon
) -> tuple[str, str | None] | None:
    for event in events:
        if event.plover_type == "THREATEN" and _done_by_own_side(event, tokens, side):
            return "threaten", event.target.text if event.target else None
        intended = event.plover_type == "ASSAULT" and event.modality in _INTENDED
        if intended and _done_by_own_side(event, tokens, side) and not _conditional(event, tokens):
            return "threaten", event.target.text if event.target else None
    for token in tokens:
        if token.pos_ == "VERB" and token.lemma_.lower() in lex.hostile_verbs and _intended(token, lex):
            subject = _subject(token)
            if subject is None or not side.is_other(_phrase(subject), _country(subject)):
                return "threaten", None
    return None


def _own_phrase(starts: list[int], offset: int, tokens: list[Token], side: _Side) -> bool:
    """Whether a threat phrase stands in a clause of the speaker's side: "we will respond" is a
    threat; "Damascus threatened an offensive in retaliation" tells of another party's."""
    for start in starts:
        token = next((t for t in tokens if t.idx >= offset + start), None)
        while token is not None and token.pos_ not in ("VERB", "AUX") and token.head.i != token.i:
            token = token.head
        subject = _subject(token) if token is not None else None
        if subject is None or not side.is_other(_phrase(subject), _country(subject)):
            return True
    return False


def _done_by_own_side(event: Event, tokens: list[Token], side: _Side) -> bool:
    """The event's actor is the speaker's side; without an extracted actor, the subject of its verb
    or of the verb it is conjoined to decides ("Damascus breached the truce and threatened to ...":
    a threat told of another party is an accusation, not the speaker's threat)."""
    if event.actor is not None:
        return side.is_own(event.actor)
    token = next((t for t in tokens if t.idx == event.trigger.span[0]), None)
    subject = _subject(token) if token is not None else None
    return subject is None or not side.is_other(_phrase(subject), _country(subject))


def _conditional(event: Event, tokens: list[Token]) -> bool:
    """The act of an 'if' clause ('if the regime continues these attacks') is the condition."""
    start = event.trigger.span[0]
    token = next((t for t in tokens if t.idx == start), None)
    while token is not None and token.dep_ not in ("ROOT", "advcl"):
        token = token.head if token.head.i != token.i else None
    marks = (c.lower_ for c in token.children if c.dep_ == "mark") if token is not None else ()
    return any(mark in ("if", "unless") for mark in marks)


def _intended(verb: Token, lex: ClaimLexicon) -> bool:
    """'would strike', 'will respond', 'determined to push', 'ready to retaliate'."""
    if any(c.dep_ == "aux" and c.lower_ in lex.intent_auxiliaries for c in verb.children):
        return True
    return verb.dep_ == "xcomp" and verb.head.lemma_.lower() in lex.intent_heads


def _is_request(event: Event, doc: Doc, side: _Side, lex: ClaimLexicon) -> bool:
    """A request made by the speaker's side on a verb ('calls on', 'must'), not a noun ('its demands')."""
    if event.plover_type != "REQUEST" or not side.is_own(event.actor):
        return False
    span = doc.char_span(*event.trigger.span, alignment_mode="expand")
    head = span[0] if span is not None and len(span) else None
    return head is not None and head.pos_ in ("VERB", "AUX") and head.lemma_.lower() not in lex.not_requests


def _accused(tokens: list[Token], events: list[Event], side: _Side, lex: ClaimLexicon) -> str | None:
    """Who the content blames: the doer of a hostile act it asserts, or the subject of a blameworthy
    predicate ('Ankara is delaying to honour its commitments'); never the speaker's side."""
    for event in events:
        actor = event.actor
        asserted = event.plover_type in _HOSTILE and event.modality == "asserted"
        if asserted and actor is not None and side.is_other(actor.text, actor.country):
            return actor.text
    for token in tokens:
        if token.pos_ in ("VERB", "AUX") and token.lemma_.lower() in lex.blame_verbs and not _negated(token):
            subject = _subject(token)
            if subject is not None and side.is_other(_phrase(subject), _country(subject)):
                return _phrase(subject)
    return None


def _negated(token: Token) -> bool:
    return any(c.dep_ == "neg" for c in token.children)


def _subject(verb: Token) -> Token | None:
    """The verb's subject, or that of the verb it completes or is conjoined to ('wants to hamper')."""
    current = verb
    for _ in range(3):
        subject = next((c for c in current.children if c.dep_ in _SUBJECTS), None)
        if subject is not None:
            return subject
        if current.dep_ not in ("xcomp", "conj", "advcl") or current.head.i == current.i:
            return None
        current = current.head
    return None


def _phrase(token: Token) -> str:
    return token.doc[token.left_edge.i : token.right_edge.i + 1].text


def _country(token: Token) -> str | None:
    match = find_country(_phrase(token))
    return match.country.iso2 if match else None
