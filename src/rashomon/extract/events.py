"""Events from a parsed Doc: who did what to whom, where, when, with what toll, as the text tells it.

Each event is coded with a PLOVER 2.0 type and mode and, where ACLED has one, an ACLED event and
sub-event type (lexicon: data/en/events.json, loaded by `rashomon.extract.event_lexicon`). The steps:
1. triggers (`event_triggers`): verbs, verbs with their object, light verbs with an event noun,
   anchored event nouns;
2. arguments (`event_roles`, `event_args`): actor and target (passive voice and "by"/"on"/"of"
   phrases included; "X and Y agreed": Y is X's co-actor, not a target, as the PLOVER GSR codes
   joint agreements and talks), the place and the date of the event's own clause
   (a named place word as target or in the object's "of" phrase: "control of the town of X"; for
   "during talks" the clause's date; an event in another event noun's "of" phrase shares its
   place); the country a phrase names, or for "its troops" in a reported clause the teller's;
3. modality and negation (`event_modality`); deaths and injuries (`event_casualties`, ACLED's rule:
   deaths only, the most conservative figure), counted for violent events only;
4. events of intent and demand, as PLOVER codes them: the word that governs an event is an event of
   its own ("threatened to shell": THREATEN, asserted, over an ASSAULT, hypothetical; "agreed to
   withdraw": AGREE over a RETREAT, future; "refused to": REJECT); a bare "will"/"would" with an
   actor is an intention (a hostile act: THREATEN; a cooperative one: AGREE; a cooperative one
   refused: REJECT); "X said Y must ..." is X's REQUEST to Y;
5. who reports it: the statement (of `statements`) whose content holds the trigger, else None (the
   outlet); background: the event's clause carries a date well before publication ("in 2015").

Coding choices: signing an agreement is AGREE with ACLED "Agreement" (CAMEO2PLOVER-2021 maps CAMEO 057
to SUPPORT); abduction is ASSAULT/abduct and imposing sanctions SANCTION, as CAMEO2PLOVER-2021 has them.
Known limitations: one parse, no coreference beyond a relative pronoun, a reported pronoun and a
statement's speaker; an event told over two sentences is two partial events; a misparsed sentence
(en_core_web_sm) gives a wrong actor or none; vague victims ("many killed") give no count.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from rashomon.extract import event_args as args
from rashomon.extract import event_doers as doers
from rashomon.extract import event_roles as roles
from rashomon.extract.doc_views import doc_sents, doc_text, span_ents
from rashomon.extract.event_casualties import NO_CASUALTIES, count_casualties
from rashomon.extract.event_intents import (
    Draft,
    condition_drafts,
    governor_drafts,
    intent_draft,
    request_drafts,
)
from rashomon.extract.event_lexicon import EventLexicon, event_lexicon, pick
from rashomon.extract.event_modality import Modality, read
from rashomon.extract.event_triggers import Candidate, find_candidates, noun_choice
from rashomon.kb.countries import find_country
from rashomon.types import Span, Statement

_SPEAKER_PRONOUNS = frozenset({"he", "she", "it", "they", "we", "i"})
_VIOLENT = frozenset({"ASSAULT", "PROTEST", "COERCE"})
# Acts a group claims or is blamed for: attacks, abductions.
_ATTACKS = frozenset({"ASSAULT", "COERCE"})
# Types whose target, when it is a place, is also where the event happened.
PLACED_TYPES = frozenset({"ASSAULT", "COERCE", "MOBILIZE", "RETREAT", "CONSULT", "AID", "PROTEST"})
# Types done together: "Russia and Turkey agreed" is Russia agreeing with Turkey.
_RECIPROCAL = frozenset({"AGREE", "CONSULT", "COOPERATE"})
# Intentions and refusals: their target may be named only inside the act they are about.
_INTENT_TYPES = frozenset({"THREATEN", "AGREE", "REJECT", "SUPPORT"})
_OTHER_MARKS = frozenset(
    {"if", "unless", "whether", "because", "although", "though", "after", "before", "since"}
)


@dataclass(frozen=True)
class TextSpan:
    text: str
    span: Span


@dataclass(frozen=True)
class Participant:
    """An actor or target as written, with the country its phrase names (ISO alpha-2), if any."""

    text: str
    span: Span
    country: str | None = None
    group: bool = False  # its head is the name of an organisation or group ("Hamas", "the Taliban")


@dataclass(frozen=True)
class Event:
    span: Span  # the event's clause (or the trigger's noun phrase)
    trigger: TextSpan
    plover_type: str
    plover_mode: str | None
    acled_event_type: str | None
    acled_sub_event_type: str | None
    actor: Participant | None
    target: Participant | None
    location: TextSpan | None
    date: TextSpan | None
    fatalities: int | None
    injured: int | None
    negated: bool
    modality: Modality
    reported_by: int | None  # index in `statements` of the statement that reports it; None: the outlet
    background: bool  # dated well before publication: context, not news
    co_actor: Participant | None = None  # "Israel and Lebanon agreed": Lebanon acted with Israel

    @property
    def location_text(self) -> str | None:
        return self.location.text if self.location else None

    @property
    def date_text(self) -> str | None:
        return self.date.text if self.date else None


def extract_events(
    doc: Doc, *, statements: Sequence[Statement] = (), published: datetime.date | None = None
) -> list[Event]:
    """Every event in `doc`, in text order (see the module notes)."""
    lex = event_lexicon()
    drafts: list[Draft] = []
    for sentence in doc_sents(doc):
        drafts.extend(_sentence_drafts(sentence, lex))
    _name_generic_doers(doc, drafts, lex)
    events = {(d.words, d.sense.type): _event(d, statements, published, lex) for d in drafts}
    return sorted(events.values(), key=lambda e: (e.trigger.span, e.plover_type))


def _name_generic_doers(doc: Doc, drafts: list[Draft], lex: EventLexicon) -> None:
    """An attack by a doer that names no group ("the assailants") or only the group it is linked to
    ("al Qaeda-linked militants") is by the one group the article says claimed an attack or was
    blamed for one."""
    attacks = [d for d in drafts if d.sense.type in _ATTACKS and d.actor is not None]
    generic = [d for d in attacks if doers.is_generic_doer(d.actor, lex) or doers.linked_only(d.actor)]
    claimed = doers.claimed_group(doc, lex) if generic else None
    for draft in generic if claimed is not None else ():
        draft.actor = claimed


def _sentence_drafts(sentence: SpacySpan, lex: EventLexicon) -> list[Draft]:
    candidates = find_candidates(sentence, lex)
    roots = {c.root.i for c in candidates}
    drafts = [d for c in candidates if (d := _draft(c, roots, lex)) is not None]
    _share_locations(drafts)
    drafts += governor_drafts(drafts, lex)
    drafts += condition_drafts(drafts, lex)
    drafts += [d for d in (intent_draft(d, lex) for d in drafts) if d is not None]
    drafts += request_drafts(sentence, drafts, lex)
    for draft in drafts:
        if draft.target is None and draft.sense.type in _INTENT_TYPES and not _same_clause(draft):
            hostile = draft.sense.type == "THREATEN"
            draft.target = roles.complement_target(draft.root, draft.actor, lex, hostile=hostile)
    return drafts


def _same_clause(draft: Draft) -> bool:
    """'will boycott': an intention read off its own act's clause, whose complement is not the act."""
    return draft.embedded is not None and draft.embedded.root.i == draft.root.i


# --- one trigger ----------------------------------------------------------------------------------


def _draft(candidate: Candidate, roots: set[int], lex: EventLexicon) -> Draft | None:
    actor = roles.actor_of(candidate, lex)
    classes = args.actor_classes(actor, lex)
    sense = pick(candidate.choice, classes)
    if sense is None:
        return None
    instrument = actor if "instrument" in classes else None
    if instrument is not None and not roles.names_someone(instrument, lex):
        actor = None
    target = roles.target_of(candidate, sense, lex)
    if target is not None and actor is not None and target.i == actor.i:
        target = None
    if target is not None and _names_no_one(target, lex):
        target = roles.party_within(target, lex) or roles.recipient(candidate, target, lex) or target
    co_actor = roles.partner(actor) if sense.type in _RECIPROCAL else None
    if co_actor is not None and (target is None or target.head.lower_ != "with"):
        target = None  # "Israel and Lebanon renewed negotiations on X": both act, X is the topic
    sense = roles.refine(sense, candidate, instrument or actor, target, lex)
    anchor = candidate.casualty or candidate.clause
    moved = args.through_quantity(candidate.obj, lex) if candidate.obj is not None else None
    # "strengthened its forces in Lebanon": a place of what is moved or used is where it happened
    heads = [
        t
        for t in (candidate.clause, candidate.noun, candidate.casualty, target, actor, candidate.obj, moved)
        if t is not None
    ]
    skip = {t.i for t in (actor, target) if t is not None}
    draft = Draft(
        words=candidate.trigger_range,
        root=candidate.root,
        sense=sense,
        actor=actor,
        target=target,
        reading=read(anchor, lex),
        location=args.location(heads, skip, lex),
        date=_date(candidate, anchor),
        co_actor=co_actor,
    )
    if draft.location is None and target is not None and sense.type in PLACED_TYPES:
        draft.location = roles.place_target(target, lex)
    if draft.location is None and candidate.obj is not None and sense.type in PLACED_TYPES:
        of = args.prep_object(candidate.obj, ("of",))  # "gained control of the town of X"
        draft.location = roles.place_target(of, lex) if of is not None else None
    if draft.target is None and draft.location is not None and sense.type in roles.PLACE_IS_TARGET:
        draft.target = draft.location.root
    if sense.type in _VIOLENT:
        draft.casualties = count_casualties(_scope(candidate.root, roots), lex)
    return draft


def _date(c: Candidate, anchor: Token) -> SpacySpan | None:
    """The date of the event's clause; for a noun deeper in another clause ('in retaliation for an
    air raid'), a date of its own ('the raid on Sunday', "Sunday's raid") only."""
    if c.noun is None or c.clause.i != c.noun.i or c.noun.dep_ in ("nsubj", "nsubjpass", "dobj"):
        return args.event_date(args.clause_head(anchor))
    if c.noun.dep_ == "pobj" and c.noun.head.lower_ == "during":  # "in 2017, ... during talks"
        return args.event_date(args.clause_head(anchor))
    inside = {t.i for t in c.noun.subtree}
    dates = (e for e in span_ents(c.noun.sent) if e.label_ == "DATE" and e.root.i in inside)
    return next((e for e in dates if not args.in_dateline(e.root)), None)


def _share_locations(drafts: list[Draft]) -> None:
    """'the deployment of forces and joint patrols on the highway': an event named in the 'of'
    phrase of another event noun happened where that one did."""
    by_root = {d.root.i: d for d in drafts}
    for draft in drafts:
        if draft.location is not None or draft.root.pos_ not in ("NOUN", "PROPN"):
            continue
        holder = _of_holder(draft.root)
        found = by_root.get(holder.i) if holder is not None else None
        if found is not None and found.location is not None:
            draft.location = found.location


def _of_holder(noun: Token) -> Token | None:
    """The noun whose 'of' phrase holds `noun`, through conjuncts and nested phrases."""
    current = noun
    for _ in range(6):
        if current.head.i == current.i:
            return None
        if current.dep_ == "prep" and current.lower_ == "of":
            return current.head
        if current.dep_ not in ("conj", "pobj", "prep"):
            return None
        current = current.head
    return None


def _scope(root: Token, roots: set[int]) -> list[Token]:
    """The clause of `root`, without the clauses of other events inside it or clauses that tell
    of something else ("if another soldier is hurt", "after 20 were killed last year")."""
    found: list[Token] = []
    stack = [root]
    while stack:
        token = stack.pop()
        found.append(token)
        stack.extend(c for c in token.children if c.i not in roots and not _other_clause(c))
    return found


def _other_clause(token: Token) -> bool:
    return token.dep_ == "advcl" and any(
        c.dep_ == "mark" and c.lower_ in _OTHER_MARKS for c in token.children
    )


# --- the record ------------------------------------------------------------------------------------


def _event(
    draft: Draft, statements: Sequence[Statement], published: datetime.date | None, lex: EventLexicon
) -> Event:
    doc = draft.root.doc
    first, last = doc[draft.words[0]], doc[draft.words[1] - 1]
    trigger = (first.idx, last.idx + len(last.text))
    date = _text_span(draft.date)
    derived = draft.embedded is not None and draft.casualties == NO_CASUALTIES
    reported_by = _reporter(trigger, statements)
    return Event(
        span=_clause_span(draft.root),
        trigger=TextSpan(doc_text(doc)[trigger[0] : trigger[1]], trigger),
        plover_type=draft.sense.type,
        plover_mode=draft.sense.mode,
        acled_event_type=draft.sense.acled_event,
        acled_sub_event_type=draft.sense.acled_sub,
        actor=_speaker(draft.actor, reported_by, statements) or _participant(draft.actor, lex),
        target=_participant(draft.target, lex if _is_party(draft.target, lex) else None),
        location=_text_span(draft.location),
        date=date,
        fatalities=draft.casualties.fatalities,
        injured=draft.casualties.injured,
        negated=draft.reading.negated,
        modality=draft.reading.modality,
        reported_by=reported_by,
        background=not derived and args.is_background(date.text if date else None, published),
        co_actor=_participant(draft.co_actor, lex),
    )


def _clause_span(root: Token) -> Span:
    sentence = root.sent
    left = max(root.left_edge.i, sentence.start)
    right = min(root.right_edge.i, sentence.end - 1)
    doc = root.doc
    return doc[left].idx, doc[right].idx + len(doc[right].text)


def _participant(token: Token | None, lex: EventLexicon | None) -> Participant | None:
    """The phrase as written (an actor without a place after it: "gunmen near Menaka" acted, the
    place is where), and the country its whole phrase names."""
    if token is None:
        return None
    span = _bracket_closed(args.phrase(token, lex))
    country = args.country_of(token, span) or args.country_of(token, args.phrase(token))
    country = country or args.misspelt_country_of(span)
    owner = args.possessor(span) if country is None else None
    if owner is not None:  # "dozens of its troops", as Kyiv tells it
        country = args.country_of(owner, args.phrase(owner))
    group = token.pos_ == "PROPN" and token.ent_type_ in ("ORG", "NORP")
    return Participant(span.text, (span.start_char, span.end_char), country, group)


def _bracket_closed(span: SpacySpan) -> SpacySpan:
    """'Jama'at Nusrat al-Islam wal-Muslimin (JNIM)': a phrase that opens a bracket keeps its close."""
    doc = span.doc
    opened = sum(t.text == "(" for t in span) > sum(t.text == ")" for t in span)
    if opened and span.end < len(doc) and doc[span.end].text == ")":
        return doc[span.start : span.end + 1]
    return span


def _names_no_one(token: Token, lex: EventLexicon) -> bool:
    """A thing ('admittance', 'an invitation'), no event nor place, with no name or people word
    before it ("Turkey's efforts", 'the Taliban religious faction' name someone)."""
    if _is_party(token, lex) or noun_choice(token, lex) is not None or args.is_place(token, lex):
        return False  # "the village of Stepove" is the place hit
    before = [t for child in token.lefts for t in child.subtree]
    return not any(t.pos_ == "PROPN" or t.ent_type_ in ("NORP", "GPE", "ORG", "PERSON") for t in before)


def _is_party(token: Token | None, lex: EventLexicon) -> bool:
    """A group or a named party ('the army in El Fasher' is the army), not a thing ('targets in
    Jericho' are the ones there)."""
    # "joint" says only that a phrase holds a conjunction, not that it names a group
    return token is not None and (
        token.pos_ == "PROPN" or bool(set(args.actor_classes(token, lex)) - {"joint"})
    )


def _speaker(
    token: Token | None, reported_by: int | None, statements: Sequence[Statement]
) -> Participant | None:
    """A pronoun actor in a statement ('he would be ready to ...') is its speaker, as written,
    unless the speaker only tells what they saw."""
    if token is None or reported_by is None or token.lower_ not in _SPEAKER_PRONOUNS:
        return None
    source = statements[reported_by].source
    if source is None:
        return None
    text = doc_text(token.doc)[source[0] : source[1]]
    if text.lower() in _SPEAKER_PRONOUNS or args.is_observer(text):
        return None  # "witnesses said they raided": they are not the witnesses
    match = find_country(text)
    return Participant(text, source, match.iso2 if match else None)


def _text_span(span: SpacySpan | None) -> TextSpan | None:
    return TextSpan(span.text, (span.start_char, span.end_char)) if span is not None else None


def _reporter(trigger: Span, statements: Sequence[Statement]) -> int | None:
    """The statement whose content holds the trigger (the innermost where contents nest)."""
    holding = [
        (s.content[1] - s.content[0], i)
        for i, s in enumerate(statements)
        if s.content[0] <= trigger[0] and trigger[1] <= s.content[1]
    ]
    return min(holding)[1] if holding else None
