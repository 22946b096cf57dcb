"""Event triggers in a sentence, before their arguments are read: the words that report an event and
the sense (or senses by actor class) the lexicon gives them.

In order of precedence for a verb:
1. a verb with its object ('opened fire', 'imposed a curfew', 'sent troops', 'expelled diplomats');
2. a light verb with an event noun ('launched airstrikes', 'held talks', 'went on strike', 'came
   under attack'): the noun's sense, the verb's subject as actor;
3. a phrasal verb ('pulled back', 'called on') or the verb alone ('shelled').
A lemma the lexicon does not know is tried again from the written form ('staged' lemmatized 'stag').
An event gerund after a light verb's particle is its noun ('came under shelling by X': one event).
A verb that reports speech with a that-clause is no event where the lexicon says so ('conceded that').
A killing or hitting verb whose subject or cause is an event noun ('an airstrike killed ...',
'killed in a suicide bombing', 'a drone strike hit ...') is one event with that noun, which gives
its type; a killing participle after an event ('..., killing 20') only adds casualties to it, unless
it names its victims without a count ('..., killing two' counts; '..., killing the governor' is a
killing of its own).
Event nouns left over are events when anchored: with an actor or target of their own ('airstrikes by
X', 'the shelling of Y', 'Israeli raids'), as subject or object of a verb, governed by a word like
'agreed to', 'a proposal for', or with a doer a frame names ('blamed Y for the attack'). A noun after
'since', 'amid', 'after' with nothing of its own is a reference, not a report, unless it is an attack
or an arrest named as one occurrence ('after the shooting', 'the scene of the explosion'): a mention
of it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from rashomon.extract.event_args import direct_object, object_keys, resolve, through_quantity, word_keys
from rashomon.extract.event_blame import attributed_actor
from rashomon.extract.event_casualties import is_casualty_word
from rashomon.extract.event_families import is_custody
from rashomon.extract.event_lexicon import DEFAULT, Choice, EventLexicon

_NOT_EVENT_DEPS = frozenset({"amod", "compound", "nmod"})
_PARTICLE_DEPS = frozenset({"prt", "prep", "acomp", "oprd", "advmod", "agent"})
_CAUSE_PREPS = frozenset({"in", "during", "by", "from", "of", "after", "as", "under"})
_FRAMING_PREPS = frozenset(
    {"since", "after", "before", "amid", "despite", "following", "until", "throughout"}
)
_TOLL_TYPES = frozenset({"ASSAULT", "COERCE", "PROTEST"})
_ONGOING_PREPS = frozenset({"amid", "despite", "throughout"})
_DEFINITE = frozenset({"the", "this", "that"})
_ANCHOR_PREPS = frozenset(
    {"by", "on", "against", "at", "of", "between", "with", "to", "from", "in", "near", "into"}
)
_ANCHOR_ENTS = frozenset({"NORP", "GPE", "ORG", "PERSON"})
# Endings tried, in order, when the lemmatizer gives a verb the lexicon does not know.
_ENDINGS = (("ied", "y"), ("ed", "e"), ("ed", ""), ("ing", "e"), ("ing", ""), ("es", ""), ("s", ""))
# A light verb and its noun further apart than this are two trigger words, not one phrase.
_TRIGGER_REACH = 6
# Objects matched through these classes are the ones acted on (the target), not what is used or moved.
TARGET_CLASSES = frozenset(
    {"@place", "@person", "@diplomats", "@inspectors", "@peacekeepers", "@people", "@civilians"}
)


@dataclass
class Candidate:
    """A trigger before its arguments are read."""

    words: list[Token]  # the trigger words ("opened", "fire")
    choice: Choice  # its sense, by actor class
    clause: Token  # the verb (or, for a nominal, the noun) the arguments hang from
    noun: Token | None = None  # the event noun of a nominal or light-verb trigger
    obj: Token | None = None  # the verb's object (its subject when passive)
    theme: bool = False  # the object is what is used or moved ('sent troops'), not the target
    casualty: Token | None = None  # a killing verb merged into a nominal event
    undergo: bool = False  # 'came under attack': the subject is the target
    participle: bool = False  # '..., killing 20': casualties of the verb it hangs from
    extra: list[Token] = field(default_factory=list)

    @property
    def root(self) -> Token:
        """The token whose subtree is the event's clause."""
        return self.casualty or self.clause

    @property
    def trigger_range(self) -> tuple[int, int]:
        indices = [t.i for t in self.words]
        return min(indices), max(indices) + 1


def find_candidates(sentence: SpacySpan, lex: EventLexicon) -> list[Candidate]:
    found: list[Candidate] = []
    consumed: set[int] = set()
    for token in sentence:
        if _is_verb(token) and token.i not in consumed:  # 'came under shelling': one event
            candidate = _verb_candidate(token, lex)
            if candidate is not None:
                found.append(candidate)
                consumed.update(t.i for t in candidate.words if t.i != token.i)
    for token in sentence:
        if token.i not in consumed and token.pos_ in ("NOUN", "PROPN") and token.dep_ not in _NOT_EVENT_DEPS:
            candidate = _noun_candidate(token, lex)
            if candidate is not None:
                found.append(candidate)
    holders = {t.i for c in found if violent(c.choice) for t in (c.clause, c.noun) if t is not None}
    return [c for c in found if not (c.participle and _held(c.clause, holders))]


def violent(choice: Choice) -> bool:
    """A trigger that can carry a toll: a killing in a charge's or a denial's clause ('charged in a
    crash that killed a woman') is told for itself."""
    return any(sense is not None and sense.type in _TOLL_TYPES for sense in choice.values())


def _held(verb: Token, holders: set[int]) -> bool:
    """A killing verb inside another event's clause or noun phrase ('..., killing 20'; 'an attack in
    which 20 were killed') adds casualties to that event."""
    current = verb
    for _ in range(8):
        if current.dep_ == "pcomp":
            return False  # "accused the rebels of (shooting and) killing ten": told for itself
        if current.head.i == current.i:
            return False
        current = current.head
        if current.i in holders:
            return True
    return False


def _is_verb(token: Token) -> bool:
    """A verb used as one: not a participle used as an adjective ('the recognized government')."""
    if token.dep_ in _NOT_EVENT_DEPS:
        return False
    return token.pos_ == "VERB" or (token.tag_.startswith("VB") and token.pos_ != "AUX")


def noun_choice(token: Token, lex: EventLexicon) -> tuple[Choice, str] | None:
    """The sense of an event noun; a generic head takes its modifier's ('a mediation mission')."""
    for key in word_keys(token):
        if key in lex.nouns:
            return lex.nouns[key], key
    if token.lemma_.lower() in lex.classes["generic_events"]:
        for modifier in token.lefts:
            if modifier.dep_ in ("compound", "amod", "nmod") and modifier.lemma_.lower() in lex.nouns:
                return lex.nouns[modifier.lemma_.lower()], modifier.lemma_.lower()
    return None


def verb_lemma(verb: Token, lex: EventLexicon) -> str:
    """The verb's lemma, or the form the lexicon knows where the lemmatizer erred ('staged' ->
    'stag'): the written form without its ending."""
    lemma = verb.lemma_.lower()
    if _known_verb(lemma, lex) or not verb.tag_.startswith("VB"):
        return lemma
    lower = verb.lower_
    for ending, replacement in _ENDINGS:
        if lower.endswith(ending) and len(lower) > len(ending) + 2:
            form = lower[: -len(ending)] + replacement
            if _known_verb(form, lex):
                return form
    return lemma


def _known_verb(lemma: str, lex: EventLexicon) -> bool:
    if lemma in lex.verbs or lemma in lex.light_verbs or lemma in lex.verb_objects:
        return True
    return lemma in lex.phrasal_verbs


def _verb_candidate(verb: Token, lex: EventLexicon) -> Candidate | None:
    lemma = verb_lemma(verb, lex)
    if lemma in lex.clause_blocked and any(c.dep_ == "ccomp" for c in verb.children):
        return None
    name, particle = _phrasal(verb, lex)
    obj = _light_object(verb, name, lex) or direct_object(verb)
    if is_casualty_word(verb, lex) or lemma in lex.effect_verbs:
        merged = _casualty_candidate(verb, lex)
        if merged is not None:
            return merged
    for verb_name in dict.fromkeys((name, lemma)):
        found, choice, key = lex.object_sense(verb_name, object_keys(obj, lex) if obj is not None else [])
        if found and choice is not None:
            words = [verb, *particle] + ([obj] if key is not None and obj is not None else [])
            theme = key is not None and key not in TARGET_CLASSES and not key.startswith("@place")
            return Candidate(words, choice, verb, obj=obj, theme=theme)
        if found:
            return _light_candidate(verb, name, obj, lex)
    light = _light_candidate(verb, name, obj, lex)
    if light is not None:
        return light
    choice = lex.phrasal.get(name) if name != lemma else None
    choice = choice if choice is not None else lex.verbs.get(lemma)
    if choice is None:
        return None
    participle = is_casualty_word(verb, lex) and _has_no_actor(verb, lex) and _counted(obj, lex)
    return Candidate([verb, *particle], choice, verb, obj=obj, participle=participle)


def _counted(victims: Token | None, lex: EventLexicon) -> bool:
    """'..., killing 20 (people)' counts the toll of the event it follows; '..., killing two
    commanders' names victims of a killing of its own. No object: a toll ('where 20 were killed')."""
    if victims is None:
        return True
    words = [victims, *(c for c in victims.children if c.dep_ in ("nummod", "amod", "quantmod", "det"))]
    if any(_is_count(w, lex) or w.lower_ in lex.number_words for w in words):
        return True  # "killing a soldier" is a toll of one
    return victims.lemma_.lower() in lex.classes["quantities"]


def _phrasal(verb: Token, lex: EventLexicon) -> tuple[str, list[Token]]:
    """The verb's name with its particle when the lexicon knows it ('pull back', 'carry out')."""
    lemma = verb_lemma(verb, lex)
    for child in verb.children:
        if child.dep_ not in _PARTICLE_DEPS:
            continue
        for name in (f"{lemma} {child.lower_}", f"{child.lower_} {lemma}"):
            if name in lex.phrasal or name in lex.light_verbs or name in lex.verb_objects:
                return name, [child]
    return lemma, []


def _light_object(verb: Token, name: str, lex: EventLexicon) -> Token | None:
    """The noun after a light verb with a preposition: 'went on strike', 'engaged in fighting',
    'came to an agreement'; a gerund too ('came under shelling')."""
    if " " not in name or (name not in lex.light_verbs and name not in lex.verb_objects):
        return None
    particle = name.split(" ", 1)[1]
    prep = next((c for c in verb.children if c.lower_ == particle and c.dep_ in ("prep", "prt")), None)
    if prep is None:
        return None
    found = next((c for c in prep.children if c.dep_ == "pobj"), None)
    return found if found is not None else _gerund_after(prep, lex)


def _gerund_after(prep: Token, lex: EventLexicon) -> Token | None:
    """The event gerund right after the particle, whether parsed as its object or as a clause of the
    verb ('came under shelling by ...')."""
    if prep.i + 1 >= len(prep.doc):
        return None
    gerund = prep.doc[prep.i + 1]
    if gerund.tag_ != "VBG" or gerund.head.i not in (prep.i, prep.head.i):
        return None
    return gerund if noun_choice(gerund, lex) is not None else None


def _light_candidate(verb: Token, name: str, obj: Token | None, lex: EventLexicon) -> Candidate | None:
    lemma = verb_lemma(verb, lex)
    if obj is None or (name not in lex.light_verbs and not (name == lemma and lemma in lex.light_verbs)):
        return None
    if any(c.dep_ == "oprd" for c in verb.children):
        return None  # "called the explosion a terrorist attack": a naming, not an act
    obj = through_quantity(obj, lex)
    found = noun_choice(obj, lex)
    if found is None:
        return None
    words = [verb, obj] if abs(obj.i - verb.i) <= _TRIGGER_REACH else [verb]
    undergo = name in lex.undergo_verbs or lemma in lex.undergo_verbs
    return Candidate(words, found[0], verb, noun=obj, undergo=undergo)


def _casualty_candidate(verb: Token, lex: EventLexicon) -> Candidate | None:
    """'An airstrike killed ...', 'killed in a suicide bombing', 'died of torture', 'a drone strike hit
    a depot': one event, typed by the noun, with the verb's victims and counts."""
    cause = _cause_noun(verb, lex)
    if cause is None:
        return None
    found = noun_choice(cause, lex)
    if found is None:
        return None
    return Candidate(_key_words(cause, found[1]), found[0], verb, noun=cause, casualty=verb)


def _cause_noun(verb: Token, lex: EventLexicon) -> Token | None:
    for child in verb.children:
        subject = resolve(child) if child.dep_ == "nsubj" else None
        if subject is not None and noun_choice(subject, lex) is not None:
            return subject
        if child.dep_ == "agent" or (child.dep_ == "prep" and child.lower_ in _CAUSE_PREPS):
            for pobj in (c for c in child.children if c.dep_ == "pobj"):
                if noun_choice(pobj, lex) is not None:
                    return pobj
                nested = next((c for c in pobj.children if c.dep_ == "prep" and c.lower_ == "of"), None)
                inner = next((c for c in nested.children if c.dep_ == "pobj"), None) if nested else None
                if inner is not None and noun_choice(inner, lex) is not None:
                    return inner  # "as a result of torture"
    return None


def _has_no_actor(verb: Token, lex: EventLexicon) -> bool:
    """'..., killing 20', 'where 20 were killed': a killing verb with no one named as the killer."""
    if any(c.dep_ == "agent" for c in verb.children):
        return False
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    return subject is None or subject.lower_ in ("which", "that") or _is_count(subject, lex)


def _is_count(token: Token, lex: EventLexicon) -> bool:
    """'... and 40 wounded': a number is who was hurt, not who hurt them."""
    return token.like_num or token.lower_ in lex.vague_numbers


def _noun_candidate(noun: Token, lex: EventLexicon) -> Candidate | None:
    found = noun_choice(noun, lex)
    if found is None or not (_anchored(noun, lex) or _one_occurrence(noun, found[0])):
        return None
    choice, key = found
    words = _key_words(noun, key)
    return Candidate(words, choice, noun, noun=noun)


def _key_words(noun: Token, key: str) -> list[Token]:
    """The words of a multi-word key: 'air strike' -> [air, strike]; 'cease-fire' -> [cease, -, fire]."""
    doc = noun.doc
    if "-" in key and " " not in key and noun.i >= 2 and noun.nbor(-1).text == "-":
        return [doc[noun.i - 2], doc[noun.i - 1], noun]
    size = len(key.split(" "))
    if " of " in key or size == 1:
        return [noun]
    modifiers = [c for c in noun.lefts if c.dep_ in ("compound", "amod", "nmod")]
    return [*modifiers[-(size - 1) :], noun]


def _anchored(noun: Token, lex: EventLexicon) -> bool:
    own = _has_own_arguments(noun, lex) or attributed_actor(noun, lex) is not None  # "blamed Y for it"
    if noun.dep_ == "pobj" and noun.head.lower_ in _FRAMING_PREPS:
        return own
    if own or noun.dep_ in ("nsubj", "nsubjpass", "dobj"):
        return True
    return _governed(noun, lex)


def _one_occurrence(noun: Token, choice: Choice) -> bool:
    """'after the shooting', 'the scene of the explosion', 'hours after the arrest': an attack or an
    arrest, singular and definite, names one occurrence the text told or will tell, not violence in
    general; a measure that lasts ('since the blockade', 'the ban') is no occurrence. After a word
    of ongoing circumstance ('amid the fighting') it stays the background it is."""
    sense = choice.get(DEFAULT)
    if sense is None or noun.tag_ not in ("NN", "NNP"):
        return False
    if sense.type != "ASSAULT" and not is_custody(sense.type, sense.mode):
        return False
    if noun.dep_ == "pobj" and noun.head.lower_ in _ONGOING_PREPS:
        return False
    return any(c.dep_ == "det" and c.lower_ in _DEFINITE for c in noun.children)


def _has_own_arguments(noun: Token, lex: EventLexicon) -> bool:
    for child in noun.children:
        if child.dep_ in ("prep", "agent") and child.lower_ in _ANCHOR_PREPS:
            return True
        if child.dep_ == "poss" or (child.dep_ == "acl" and child.lower_ == "targeting"):
            return True
        if child.dep_ in ("amod", "compound", "nmod") and child.ent_type_ in _ANCHOR_ENTS:
            return True
    return False


def _governed(noun: Token, lex: EventLexicon) -> bool:
    """'agreed to a truce', 'called for a ceasefire', 'a proposal for a ceasefire'."""
    current = noun
    for _ in range(3):
        if current.head.i == current.i or current.dep_ not in ("pobj", "prep", "dobj", "attr"):
            return False
        current = current.head
        lemma = current.lemma_.lower()
        if lemma in lex.governors or lemma in lex.governor_nouns:
            return True
    return False
