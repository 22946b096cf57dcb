"""Actor, target and weapon of one event trigger.

- Actor: the verb's subject (the "by" phrase when passive); for an event noun its "by" phrase, its
  possessor or a modifier naming a country or organisation ("Israeli raids", "NATO strikes"); a
  weapon ("a car bomb killed ...") is no actor unless it names who used it ("Russian aircraft").
- Target: the object, unless it is what is moved or used ("sent troops", "imposed a curfew",
  "confiscated weapons from X": then X); the victims of a killing; the subject of "came under attack";
  the one asked or allowed ("demanded that X ...", "allowed X to ..."); else the object of a
  preposition the type takes ("attack on", "talks with", "sanctions against"), then of a common one
  ("to", "with", "on", "between"), looked for on the event noun, the moved object and the verb. An
  event noun as target stands for its actor ("prevented the demonstration by students": students).
  A hostile act with none is aimed at what its aim names ("opened fire to disperse demonstrators"),
  another act at the first named party of its purpose clause. Where a curfew, deployment, visit,
  protest, attack or sanction names no one, the place it is in is its target.
- An intention or refusal whose act names no event of ours targets the party the act's condition
  waits for ("threatened to stop talks if the United States ..."), else the first named party of the
  act (`complement_target`); a target that is a thing stands for the party it is about
  (`party_within`: "refused admittance to Ghanaians").
- Mode and ACLED type come from an adverb ("sexually abused"), a weapon in the actor or a
  "with"/"using" phrase ("aircraft killed", "with machetes"), and the victims ("killed civilians":
  violence against civilians).
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from rashomon.extract import event_args as args
from rashomon.extract import event_blame as blame
from rashomon.extract import event_doers as doers
from rashomon.extract import event_sites as sites
from rashomon.extract.event_lexicon import EventLexicon, Sense
from rashomon.extract.event_triggers import Candidate, noun_choice, violent
from rashomon.language_data import load_language_data

_ACTOR_ENTS = frozenset({"NORP", "GPE", "ORG", "PERSON"})
_OF_TARGETS = frozenset({"ASSAULT", "COERCE", "ACCUSE"})
_COMMON_PREPS = frozenset({"to", "with", "against", "on", "upon", "between", "among", "at"})
_THEME_TYPES = frozenset({"AID", "MOBILIZE", "RETREAT", "SANCTION", "AGREE", "COERCE", "CONCEDE"})
_THEME_CLASSES = ("forces", "aid", "weapons", "peacekeepers", "restrictions", "property", "information")
# Types whose target, when nothing else names one, is the place they happen in.
PLACE_IS_TARGET = frozenset(
    {"MOBILIZE", "COERCE", "CONSULT", "CONCEDE", "PROTEST", "SANCTION", "ASSAULT", "REQUEST"}
)
# Prepositions after which a named party is the one an act is done to, for or against.
_COMPLEMENT_PREPS = frozenset({"to", "against", "with", "toward", "towards", "on", "for"})


# Entity kinds that time or count an event, never do it ("Thursday's attack", "Today's strike").
_NOT_ACTOR_ENTS = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "PERCENT", "MONEY"})


_RELATIVE = frozenset({"who", "which", "that", "whom", "whose"})


@lru_cache(maxsize=1)
def _not_party_words() -> frozenset[str]:
    return frozenset(load_language_data("events")["parties"]["not_party_words"])


@lru_cache(maxsize=1)
def _teller_words() -> frozenset[str]:
    return frozenset(load_language_data("events")["parties"]["teller_words"])


def _tells(found: Token) -> bool:
    return bool(set(args.word_keys(found)) & _teller_words())


def actor_of(c: Candidate, lex: EventLexicon) -> Token | None:
    """Who did the event, or None: a party (see `as_party`); the group a doer's modifier names
    ("militants affiliated with X": X) acted. Those who tell of violence do not do it: "an attack
    by state media" is a misread "labelled an attack by state media"."""
    found = as_party(_actor(c, lex), lex)
    # the phrase's words are read only for violence, the one kind of event tellers are kept from
    if found is not None and found.pos_ != "PROPN" and violent(c.choice) and _tells(found):
        return None
    return doers.group_of_doer(found, lex) or doers.antecedent_group(found) or found


def as_party(found: Token | None, lex: EventLexicon) -> Token | None:
    """The token when it names a party that can act (a number through what it counts); a time, a
    number alone, a bare demonstrative ("those who attacked"), a relative pronoun left without its
    antecedent, a document, an abstract noun or a place word ("the reason", "sirens", "the region")
    names no one; an event that is no weapon ("the hostilities killed") stands for its own actor, a
    document or demand one issued ("issued a declaration demanding") for who issued it."""
    if found is None or args.in_dateline(found):
        return None
    if found.lemma_.lower() == "one" and any(c.lower_ == "the" for c in found.children):
        return as_party(_cleft_named(found), lex)  # "X is the one that bombed", "the one who ... is X"
    if found.ent_type_ in _NOT_ACTOR_ENTS:
        counted = args.through_quantity(found, lex)  # "thousands of Iraqi Kurds demonstrated"
        return as_party(counted, lex) if counted.i != found.i else None
    if found.pos_ == "PRON" and ("Dem" in found.morph.get("PronType") or found.lower_ in _RELATIVE):
        return None
    lemma = found.lemma_.lower()
    if found.dep_ == "dobj" and (lemma in lex.speech_nouns or lemma in lex.governor_nouns):
        return as_party(args.subject(found.head, lex), lex)  # "X issued a declaration demanding": X
    if found.pos_ != "PROPN" and set(args.word_keys(found)) & _not_party_words():
        named = next((c for c in found.rights if c.dep_ == "appos"), None)
        return as_party(named, lex)  # "date 2024-10-26 Israel bombed", parsed with the dateline as subject
    event = found.pos_ == "NOUN" and noun_choice(found, lex) is not None
    if event and "instrument" not in args.actor_classes(found, lex):
        return noun_actor(found, lex)
    return found


def _cleft_named(one: Token) -> Token | None:
    """The name 'the one' is equated with by 'be' ("Egypt is the one that bombed", "the one who
    ordered it is none other than X"); a description there ("the country that ...") names no one."""
    verb = one.head
    if verb.lemma_ != "be":
        return None
    other = next((c for c in verb.children if c.dep_ == ("nsubj" if one.dep_ == "attr" else "attr")), None)
    if other is not None and other.lower_ == "none":  # "none other than X"
        than = next((t for t in other.subtree if t.lower_ == "than"), None)
        other = next((c for c in than.children if c.dep_ == "pobj"), None) if than is not None else None
    named = other is not None and (other.pos_ == "PROPN" or other.ent_type_ in _ACTOR_ENTS)
    return other if named else None


def _actor(c: Candidate, lex: EventLexicon) -> Token | None:
    if c.noun is not None and (c.clause.i == c.noun.i or c.undergo):
        found = noun_actor(c.noun, lex)
        if found is None and c.undergo:
            found = blame.ground_actor(c.clause) or args.prep_object(c.clause, ("by", "from"))
        return found if found is not None else _attributed(c.noun, lex)
    verb = c.casualty or c.clause
    if args.is_passive(verb):
        found = args.agent(verb) or blame.ground_actor(verb)
    elif c.casualty is not None and c.noun is not None and _dying(verb, c.noun, lex):
        found = None  # "3,000 people died in X's bombardment": the subject is who died
    else:
        found = _participle_actor(verb, lex)
        found = found if found is not None else args.subject(verb, lex)
        if found is not None and _burst(verb):
            setter = _doer(found, lex)  # "a bomb planted by X exploded": X; "fuel tanks exploded": none
            acts = found.ent_type_ in _ACTOR_ENTS or "force" in args.actor_classes(found, lex)
            found = setter if setter.i != found.i or acts else None
    if found is not None and c.noun is not None and found.i == c.noun.i:
        found = None  # "an airstrike killed ...": the noun is the event, not its actor
    if found is not None and c.casualty is not None and found.i != verb.i:
        found = _doer(found, lex)  # "killed by a Nigerian military strike": who struck
    elif found is not None and "instrument" in args.actor_classes(found, lex):
        found = _doer(found, lex)  # "killed by a drone belonging to Y"
    if found is None and c.noun is not None:
        found = noun_actor(c.noun, lex) or _attributed(c.noun, lex)
    return found


def _burst(verb: Token) -> bool:
    """'exploded', 'went off', 'blew up' with no object: the subject is what burst."""
    if any(c.dep_ in ("dobj", "dative") for c in verb.children):
        return False
    particle = next((c.lower_ for c in verb.children if c.dep_ == "prt"), "")
    lemma, bursting = verb.lemma_.lower(), args.party_words("bursting_verbs")
    return lemma in bursting or f"{lemma} {particle}" in bursting


def _dying(verb: Token, noun: Token, lex: EventLexicon) -> bool:
    """A casualty verb with no object ("died", "perished") has the victims as its subject."""
    if any(child.dep_ in ("dobj", "dative") for child in verb.children):
        return False
    found = args.subject(verb, lex)
    return found is not None and found.i != noun.i


def _attributed(noun: Token, lex: EventLexicon) -> Token | None:
    """Who a frame around the event noun names ('blamed Y for the attack', 'Y was behind it', 'from
    Y-held areas'); an attack told inside a clause that blames someone, the one blamed."""
    found = blame.attributed_actor(noun, lex) or blame.ground_actor(noun)
    if found is None and _is_attack(noun, lex):
        found = blame.doer_modifier(noun)
    if found is None and _is_attack(noun, lex):
        found = blame.blamed_in_sentence(noun, lex)
    return _doer(found, lex) if found is not None and found.i != noun.i else None


def _is_attack(noun: Token, lex: EventLexicon) -> bool:
    found = noun_choice(noun, lex)
    return found is not None and any(s is not None and s.type == "ASSAULT" for s in found[0].values())


def _doer(token: Token, lex: EventLexicon) -> Token | None:
    """Who did what the frame names: an event stands for its actor ('blamed an Israeli air strike for
    the blast'), a weapon for who fired it ('a rocket fired by Y caused the blast')."""
    if noun_choice(token, lex) is not None:
        return noun_actor(token, lex)
    by = args.prep_object(token, ("by",))  # "a botched launch by Y"
    for clause in (c for c in token.children if c.dep_ == "acl"):
        if by is None and args.reduced_passive(clause):
            by = args.agent(clause)  # "a rocket fired by Y"
        if by is None and clause.lemma_.lower() in blame.frames().owner_words:
            by = args.prep_object(clause, ("to",))  # "a drone belonging to Y"
    if by is None and "instrument" in args.actor_classes(token, lex) and not blame.denied(token, lex):
        by = args.possessor(args.phrase(token))  # "the army admitted one of its drones struck"
    return by if by is not None else token


def _participle_actor(verb: Token, lex: EventLexicon) -> Token | None:
    """'we see attacks by the regime, targeting hospitals': a participle after an event noun with an
    actor of its own tells more of that event (the parser often hangs it from the verb instead)."""
    if verb.dep_ != "advcl" or verb.tag_ != "VBG" or any(c.dep_ in ("nsubj", "mark") for c in verb.children):
        return None
    event = next((c for c in verb.head.children if c.dep_ == "dobj" and c.i < verb.i), None)
    if event is None or noun_choice(event, lex) is None:
        return None
    return args.prep_object(event, ("by",))


def noun_actor(noun: Token, lex: EventLexicon) -> Token | None:
    """'airstrikes by X', 'an attack carried out by X', "Russia's offensive", 'Israeli raids', 'NATO
    strikes', 'a demand from X'; "its demand" is the demand of the subject of its clause."""
    by = args.prep_object(noun, ("by",))
    if by is not None:
        return by
    for clause in (c for c in noun.children if c.dep_ == "acl" and args.reduced_passive(c)):
        by = args.agent(clause)  # "the demonstration staged by students", "an attack carried out by X"
        if by is not None:
            return by
    if noun.lemma_.lower() in lex.classes["movement_nouns"]:
        mover = args.prep_object(noun, ("of",))
        if mover is not None and lex.in_class("forces", args.object_keys(mover, lex)):
            return mover  # "the withdrawal of Serbian forces": the forces withdraw
    announcer = _announcer(noun, lex)
    if announcer is not None:
        return announcer
    if noun.lemma_.lower() in lex.classes["talks"]:
        members = args.prep_object(noun, ("of",))  # "a meeting of the Security Council"
        if members is not None and (members.pos_ == "PROPN" or members.ent_type_ in _ACTOR_ENTS):
            return members
    if _came_for(noun):
        return args.subject(noun.head.head, lex)  # "negotiators returned to Geneva for talks"
    lemma = noun.lemma_.lower()
    if lemma in lex.governor_nouns or lemma in lex.speech_nouns:
        sender = args.prep_object(noun, ("from",))  # "demands from UNITA", "an offer from Kabul"
        if sender is not None and (sender.pos_ == "PROPN" or sender.ent_type_ in _ACTOR_ENTS):
            return sender
    for child in noun.lefts:
        if child.dep_ == "poss" and child.pos_ == "PRON":
            verb = args.clause_head(noun)
            subject = args.subject(verb, lex) if verb.i != noun.i else None
            return subject if subject is not None and subject.i != noun.i else child
        if child.dep_ == "poss":
            return args.resolve(child)
        if child.dep_ in ("amod", "compound", "nmod") and (
            child.ent_type_ in _ACTOR_ENTS or args.country_of(child, args.phrase(child))
        ):
            if sites.names_site(child, noun, lex) or f"{child.lower_} {noun.lemma_.lower()}" in lex.nouns:
                continue  # "the Kabul airport blast": where, not who; "Martial Law": the event's own word
            return child
    return None


def _came_for(noun: Token) -> bool:
    """'arrived in Doha for talks': an event someone comes to, who then takes part in it."""
    if noun.dep_ != "pobj" or noun.head.lower_ != "for" or args.is_passive(noun.head.head):
        return False
    return noun.head.head.lemma_.lower() in args.party_words("travel_verbs")


def _announcer(noun: Token, lex: EventLexicon) -> Token | None:
    """'Hamas announced a truce starting at midnight', parsed with the truce as subject of
    'starting': the one who announced or declared it."""
    clause = noun.head if noun.dep_ == "nsubj" else None
    if clause is None or clause.dep_ != "ccomp" or clause.head.lemma_.lower() not in lex.light_verbs:
        return None
    return args.subject(clause.head, lex)


def names_someone(token: Token, lex: EventLexicon) -> bool:
    """'Israeli tanks', 'rebel artillery' name who fired; 'a car bomb' names no one."""
    span = args.phrase(token)
    if any(t.ent_type_ in _ACTOR_ENTS for t in span) or args.country_of(token, span) is not None:
        return True
    shooters = lex.actor_classes["force"] | lex.actor_classes["state"]
    return any(t.lemma_.lower() in shooters for t in span if t.i != token.i)


def target_of(c: Candidate, sense: Sense, lex: EventLexicon) -> Token | None:
    if c.undergo:
        return args.subject(c.clause, lex)
    direct = _direct_target(c, sense, lex)
    direct = _through_event(direct, lex) if direct is not None else None
    if direct is not None:
        return direct
    skip = {t.i for t in c.words}
    own = lex.target_preps.get(sense.type, frozenset())
    noun_own = own | {"of"} if sense.type in _OF_TARGETS else own
    heads = _target_heads(c, lex)
    where = None
    for preps in (own, _COMMON_PREPS):
        for head in heads:
            is_noun = c.noun is not None and head.i == c.noun.i
            found = args.prep_object(head, noun_own if is_noun and preps is own else preps, skip)
            if found is not None and preps is not own and _where(found, sense, lex):
                where = where or found  # "rioted at a jail": where, its target if nothing else is
            elif found is not None and _only_a_reason(found, sense, lex):
                continue
            elif found is not None:
                return _through_event(found, lex)
    return _aimed_at(c, sense, lex) or where


def _aimed_at(c: Candidate, sense: Sense, lex: EventLexicon) -> Token | None:
    """The target an act's aim or purpose names, when no argument of its own does."""
    if sense.type == "PROTEST":
        return _purpose_target(c, lex)
    if sense.type in lex.hostile:
        return _aim(c.clause, lex)
    purpose = next((k for k in c.clause.children if k.dep_ == "advcl" and _infinitive(k)), None)
    return _named_within(purpose, _COMPLEMENT_PREPS, set(), lex) if purpose is not None else None


def _only_a_reason(found: Token, sense: Sense, lex: EventLexicon) -> bool:
    """'suspended aid for Bosnia' names whom it was for; 'expelled him for security reasons' only
    why: after 'for', only a named party is a sanction's target."""
    return sense.type == "SANCTION" and found.head.lower_ == "for" and not _named_party(found, lex)


def _where(found: Token, sense: Sense, lex: EventLexicon) -> bool:
    """A place word or a site's name after a common preposition, for an act whose place is its
    target when nothing else is: the location, not yet the target."""
    if sense.type not in PLACE_IS_TARGET or found.ent_type_ in _ACTOR_ENTS:
        return False
    return found.ent_type_ in ("LOC", "FAC") or lex.in_class("place", args.word_keys(found))


def _infinitive(clause: Token) -> bool:
    return any(a.dep_ == "aux" and a.lower_ == "to" for a in clause.children)


def _aim(verb: Token, lex: EventLexicon) -> Token | None:
    """Whom a hostile act is done to, told by its aim: 'opened fire to disperse demonstrators',
    'mobilized reservists for a war against Iraq'."""
    for child in verb.children:
        if child.dep_ in ("advcl", "xcomp") and _infinitive(child):
            aimed = args.direct_object(child)
            party = as_party(aimed, lex) if aimed is not None else None
            if party is not None and _named_party(party, lex):
                return party
    aim = args.prep_object(verb, ("for",))  # "for a war against Iraq", "for operations against X"
    against = args.prep_object(aim, ("against",)) if aim is not None else None
    return against if against is not None and _named_party(against, lex) else None


def _direct_target(c: Candidate, sense: Sense, lex: EventLexicon) -> Token | None:
    if c.casualty is not None:
        return _victims(c.casualty, lex)
    verb = c.clause
    if c.noun is not None and verb.i != c.noun.i and args.is_passive(verb):
        passive_subject = args.direct_object(verb)  # "was put under investigation"
        return passive_subject if passive_subject is not None and passive_subject.i != c.noun.i else None
    if c.noun is not None:
        return _asked(c.noun) if sense.type == "REQUEST" else None
    if c.obj is not None and not c.theme and not _is_theme(c.obj, sense, lex):
        return c.obj
    if sense.type == "REQUEST" or verb.lemma_.lower() in lex.object_control:
        clause = next((k for k in verb.children if k.dep_ in ("ccomp", "xcomp")), None)
        asked = next((k for k in clause.children if k.dep_ == "nsubj"), None) if clause is not None else None
        if asked is not None:
            return args.resolve(asked)  # "demanded that Moscow withdraw"
    return args.dative(verb)


def _asked(noun: Token) -> Token | None:
    """'its demand that Israel ease restrictions': the one a demand's that-clause asks to act (the
    parser often hangs the clause from the verb that governs the noun)."""
    clauses = [c for c in noun.children if c.dep_ in ("acl", "ccomp")]
    if noun.dep_ in ("dobj", "pobj"):
        governor = noun.head.head if noun.dep_ == "pobj" else noun.head
        clauses += [c for c in governor.children if c.dep_ == "ccomp" and c.i > noun.i]
    for clause in clauses:
        if any(m.dep_ == "mark" and m.lower_ == "that" for m in clause.children):
            asked = next((k for k in clause.children if k.dep_ == "nsubj"), None)
            if asked is not None:
                return args.resolve(asked)
    return None


def _target_heads(c: Candidate, lex: EventLexicon) -> list[Token]:
    """Where a target preposition may hang: the event noun, the moved object, the verb."""
    heads = [c.noun] if c.noun is not None else []
    if c.obj is not None:
        heads += [c.obj, args.through_quantity(c.obj, lex), args.prep_object(c.obj, ("of",))]
        heads += [t for t in c.obj.subtree if t.dep_ == "conj" and t.head.i in _chain(c.obj)]
    if c.noun is not None:
        heads.append(args.prep_object(c.noun, ("of",)))  # "suspension of air links with Serbia"
    heads.append(c.clause)
    unique = {t.i: t for t in heads if t is not None}
    return list(unique.values())


def _chain(token: Token) -> set[int]:
    """A word and its conjuncts ('artillery, mortar and rocket fire against X')."""
    found = {token.i}
    for t in token.subtree:
        if t.dep_ == "conj" and t.head.i in found:
            found.add(t.i)
    return found


def _victims(verb: Token, lex: EventLexicon) -> Token | None:
    if verb.lemma_.lower() in ("die", "perish"):
        return args.subject(verb, lex)
    return args.direct_object(verb)


def _is_theme(obj: Token, sense: Sense, lex: EventLexicon) -> bool:
    """'deployed troops', 'provided aid', 'imposed a curfew', 'exploded bombs': what is moved or used,
    not who is acted on. What AID and MOBILIZE move is always a theme unless it names someone."""
    keys = args.object_keys(obj, lex)
    if any(key in lex.instruments for key in keys):
        return True
    if sense.mode == "investigate" and lex.in_class("inspectors", keys):
        return True  # "dispatched inspectors to X": who investigates, sent to what they investigate
    if sense.type in ("AID", "MOBILIZE") and not (obj.ent_type_ in _ACTOR_ENTS or obj.pos_ == "PROPN"):
        return not lex.in_class("people", keys) and not lex.in_class("civilians", keys)
    return sense.type in _THEME_TYPES and any(lex.in_class(name, keys) for name in _THEME_CLASSES)


def _through_event(token: Token, lex: EventLexicon) -> Token | None:
    """An event noun as target stands for who carried it out ('the demonstration by students'); one
    that names no one ('agreed to a ceasefire') is no target."""
    if noun_choice(token, lex) is not None:
        return noun_actor(token, lex)
    return token


def _purpose_target(c: Candidate, lex: EventLexicon) -> Token | None:
    """'staged a hunger strike to protest against X', 'demonstrated, demanding the release of X',
    'blocked streets in defiance of X to demand reforms': the first aim that names a party, else the
    first aim ('to demand democratic reforms')."""
    words, preps = args.party_words("purpose_words"), args.party_words("purpose_preps")
    first = None
    for token in c.root.subtree:
        if token.lemma_.lower() not in words or token.i in {w.i for w in c.words}:
            continue
        found = next((k for k in token.children if k.dep_ == "dobj"), None)
        found = found or args.prep_object(token, preps)
        if found is not None and _names_party_within(found, lex):
            return found
        first = first or found
    return first


def _names_party_within(token: Token, lex: EventLexicon) -> bool:
    """'the removal of President X', "the United States' policies": a phrase naming a party."""
    return any(_named_party(t, lex) for t in token.subtree)


def place_target(target: Token, lex: EventLexicon) -> SpacySpan | None:
    """'shelled the town of Avdiivka', 'visited Kyiv': the target is where it happened."""
    of = args.prep_object(target, ("of",))
    for token in (target, of):
        if token is not None and token.ent_type_ in ("GPE", "LOC", "FAC"):
            return args.phrase(target)
    if lex.in_class("place", args.word_keys(target)) and _named(target, of):
        return args.phrase(target)
    return None


def _named(place: Token, of: Token | None) -> bool:
    """'the town of Avdiivka', 'the Hmeymim base', 'the M4 highway': a place word with its name."""
    if of is not None and of.pos_ == "PROPN":
        return True
    return any(c.dep_ in ("compound", "nmod") and c.pos_ == "PROPN" for c in place.lefts)


def partner(actor: Token | None) -> Token | None:
    """'Russia and Turkey agreed': the second party of a joint actor, with whom the first acted."""
    if actor is None:
        return None
    return next((c for c in actor.children if c.dep_ == "conj" and c.pos_ in ("PROPN", "NOUN")), None)


def refine(sense: Sense, c: Candidate, actor: Token | None, target: Token | None, lex: EventLexicon) -> Sense:
    """The mode and ACLED type an adverb, a weapon or the victims add (see the module notes)."""
    anchor = c.casualty or c.clause
    adverb = next((lex.adverb_modes[a.lower_] for a in anchor.children if a.lower_ in lex.adverb_modes), None)
    if adverb is not None:
        return adverb
    if sense.type != "ASSAULT":
        return sense
    if sense.mode is None or sense.acled_sub is None:
        weapon = _instrument(c, actor, lex)
        if weapon is not None:
            sense = _fill(sense, weapon)
    civilian = target is not None and lex.in_class("civilians", args.object_keys(target, lex))
    if civilian and sense.acled_event in (None, "Violence against civilians") and sense.acled_sub is None:
        sense = replace(sense, acled_event="Violence against civilians", acled_sub="Attack")
    return sense


def _fill(sense: Sense, weapon: Sense) -> Sense:
    mode = sense.mode or weapon.mode
    if sense.acled_sub is None and weapon.acled_event is not None:
        return replace(sense, mode=mode, acled_event=weapon.acled_event, acled_sub=weapon.acled_sub)
    return replace(sense, mode=mode)


def _instrument(c: Candidate, actor: Token | None, lex: EventLexicon) -> Sense | None:
    """The first weapon word in the actor, the event noun's modifiers, or a 'with'/'using' phrase."""
    anchor = c.casualty or c.clause
    places: list[Token] = list(actor.subtree) if actor is not None else []
    if c.noun is not None:
        places += [c.noun, *c.noun.lefts]
    for child in anchor.children:
        if child.dep_ in ("prep", "agent", "advcl", "acl") and child.lower_ in (
            "with",
            "using",
            "by",
            "from",
        ):
            places += list(child.subtree)
    for token in places:
        found = next((lex.instruments[k] for k in args.word_keys(token) if k in lex.instruments), None)
        if found is not None:
            return found
    return None


def complement_target(verb: Token, actor: Token | None, lex: EventLexicon, *, hostile: bool) -> Token | None:
    """The party an intention or a refusal is about, when its act names no event of ours: the one
    whose act a condition waits for ("threatened to stop talks if the United States goes ahead"),
    else the first named party the act is done to, for or against ("promised to continue aid to
    Mozambique"; an act named by an event noun stands for that act's doer, and ends the search),
    or, for a refusal or promise, the party whose pressure it holds out against ("declined to resign
    despite pressure from X");
    for a threat, a named country the act would hit ("vowed to resume attacks in X")."""
    complement = _complement(verb)
    if complement is None:
        return None
    mine = {t.i for t in actor.subtree} if actor is not None else set()
    condition = next((c for c in complement.subtree if _is_condition(c)), None)
    if condition is not None:
        subject = next((c for c in condition.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        party = as_party(args.resolve(subject), lex) if subject is not None else None
        if party is not None and party.i not in mine and _named_party(party, lex):
            return party
    resisted = _resisted(verb, complement, lex) if not hostile else None
    if resisted is not None and resisted.i not in mine:
        return resisted
    preps = _COMPLEMENT_PREPS | {"in"}
    if not hostile:  # a country the act is done in, not one that a thing in it is in
        mine |= {t.i for t in complement.subtree if t.dep_ == "pobj" and t.head.lower_ == "in"}
        mine -= {t.i for t in _done_in(complement)}
    if condition is not None:
        mine |= {t.i for t in condition.subtree}
    # "agreed to resign without returning to X": what is left undone is aimed at no one
    mine |= {t.i for w in complement.subtree if w.dep_ == "prep" and w.lower_ == "without" for t in w.subtree}
    found = _named_within(complement, preps, mine, lex)
    if found is not None and actor is not None and found.dep_ == "dobj" and found.ent_type_ == "GPE":
        own = args.country_of(actor, args.phrase(actor))
        if own is not None and own == args.country_of(found, args.phrase(found)):
            return None  # "the Serbian president promised to democratize Serbia": his own country
    return found


def recipient(c: Candidate, thing: Token, lex: EventLexicon) -> Token | None:
    """The named party a thing done as the verb's object goes to or is kept from: 'refused
    admittance to Ghanaians', 'granted asylum to X' (the parser hangs the 'to' from the verb)."""
    if thing.dep_ != "dobj" or thing.head.i != c.clause.i:
        return None
    found = args.prep_object(c.clause, ("to", "for"), {thing.i})
    party = as_party(found, lex) if found is not None else None
    return party if party is not None and _named_party(party, lex) else None


def _resisted(verb: Token, complement: Token, lex: EventLexicon) -> Token | None:
    """'declined to resign despite pressure from X': the party whose pressure, demand or call a
    refusal holds out against."""
    for head in (verb, complement):
        pushed = args.prep_object(head, args.party_words("resisted_preps"))
        if pushed is None:
            continue
        party = noun_actor(pushed, lex) or args.prep_object(pushed, ("from", "by"))
        if party is not None and _named_party(party, lex):
            return party
    return None


def party_within(thing: Token, lex: EventLexicon) -> Token | None:
    """The named party a target that is no party is about: 'refused admittance to Ghanaians',
    'rejected an invitation to a meeting of Palestinian factions'."""
    return _named_within(thing, _COMPLEMENT_PREPS | {"of", "by", "from"}, {thing.i}, lex)


def _named_within(top: Token, preps: frozenset[str], skip: set[int], lex: EventLexicon) -> Token | None:
    """The first named party in `top`'s phrase after one of `preps` ('in' only for a country) or
    named as an object ('to help defend Saudi Arabia'); an event noun stands for its doer and ends
    the search."""
    for token in top.subtree:
        named_object = token.dep_ == "dobj" and (token.pos_ == "PROPN" or token.ent_type_ in _ACTOR_ENTS)
        if token.i in skip or not (named_object or (token.dep_ == "pobj" and token.head.lower_ in preps)):
            continue
        if token.head.lower_ == "in" and token.ent_type_ != "GPE":
            continue
        if noun_choice(token, lex) is not None:  # "refused a demand from X": X, if anyone
            party = noun_actor(token, lex) or args.prep_object(token, ("from",))
            return party if party is not None and _named_party(party, lex) else None
        party = _leader(token) or as_party(args.resolve(token), lex)
        if party is not None and _named_party(party, lex):
            return party
    return None


def _done_in(act: Token) -> list[Token]:
    """'deploy peacekeepers in Iraq', 'set up a centre in Tokyo': a place the act or its object is in."""
    heads = [act, *(c for c in act.children if c.dep_ == "dobj")]
    return [
        p
        for h in heads
        for c in h.children
        if c.dep_ == "prep" and c.lower_ == "in"
        for p in c.children
        if p.dep_ == "pobj"
    ]


def _leader(token: Token) -> Token | None:
    """'the US-led war', 'a Saudi-led coalition': the named party that leads it."""
    for child in token.lefts:
        if child.dep_ == "amod" and child.lower_ == "led":
            named = next((c for c in child.children if c.pos_ == "PROPN" or c.ent_type_ in _ACTOR_ENTS), None)
            if named is not None:
                return named
    return None


def _complement(verb: Token) -> Token | None:
    """The act an intention governs: 'threatened to X', 'is willing to X', 'is prepared to X'."""
    for child in verb.children:
        if child.dep_ in ("xcomp", "ccomp"):
            return child
        if child.dep_ in ("acomp", "oprd"):
            inner = next((c for c in child.children if c.dep_ == "xcomp"), None)
            if inner is not None:
                return inner
    return None


def _is_condition(token: Token) -> bool:
    marks = (c.lower_ for c in token.children if c.dep_ == "mark")
    return token.dep_ == "advcl" and any(mark in ("if", "unless") for mark in marks)


def _named_party(token: Token, lex: EventLexicon) -> bool:
    """A party named as such: a country, a people, an organisation, a person, a group word."""
    if token.ent_type_ in _ACTOR_ENTS or token.pos_ == "PROPN":
        return True
    if any(c.ent_type_ in ("NORP", "GPE") for c in token.lefts):  # "Palestinian factions"
        return True
    return bool(set(args.actor_classes(token, lex)) - {"instrument", "joint"})
