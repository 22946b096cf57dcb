"""Who, to whom, where and when for the event extractor: arguments read off the dependency parse.

- The actor of a verb is its subject, or the subject of the verb it shares one with (conjoined verbs,
  infinitive complements, participle adjuncts); after "urged X to", "allowed X to" the object X; after
  "accused X of", "blamed X for" the accused X. A relative pronoun stands for its antecedent, and a
  pronoun in a reported clause ("Kyiv said it would ...") for the reporting verb's subject.
- The object of a passive verb is its subject, the actor its "by" phrase; a participle after a noun
  ("the curfew imposed in ...") has the noun as its object.
- Places are the objects of "in", "near", "at", ... that name a place; dates are the DATE entities of
  the event's own clause, not of the verb that reports it.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Collection, Iterable
from functools import lru_cache

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from rashomon.clean.dates import MONTHS
from rashomon.extract.doc_views import span_ents
from rashomon.extract.event_lexicon import EventLexicon
from rashomon.extract.places import locative_words
from rashomon.kb.countries import find_countries, find_country, misspelt_country, takes_sides
from rashomon.kb.gazetteer import load_gazetteer
from rashomon.language_data import load_language_data

_STATE_KINDS = frozenset({"name", "capital", "metonym"})
_RELATIVE = frozenset({"who", "which", "that", "whom", "whose"})
_DASHES = frozenset({"-", "--", "\u2013", "\u2014"})
_DATELINE_TOKENS = 12  # "WASHINGTON, Jan 5, 2024 (Reuters) -" and the like
_DATELINE_POS = frozenset({"PROPN", "NUM", "PUNCT"})  # a dateline holds names, numbers and commas only
_PERSONAL = frozenset({"it", "they", "he", "she", "we", "i"})
_POSSESSIVE = frozenset({"its", "their"})
_ANSWERS = frozenset({"retaliation", "response", "reprisal"})
_ACCUSING = frozenset(
    {"accuse", "blame", "charge", "suspect", "convict", "condemn", "criticize", "criticise"}
)
_LOCATION_PREPS = frozenset({"in", "near", "at", "outside", "around", "inside", "across", "along", "off"})
_PLACE_ENTS = frozenset({"GPE", "LOC", "FAC"})
_NOT_PLACE_ENTS = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"})
# Dates after these prepositions say how long, not when the event happened; "since late April" does
# say when an ongoing event began, which is the date an analyst codes for it.
_NOT_WHEN = frozenset({"for", "after", "within", "over", "throughout", "until", "before", "during"})
_DURATION = _NOT_WHEN | {"since"}
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_PAST_PERIOD = re.compile(r"\b(?:last year|years? ago|decades? ago|(?:19|20)\d0s)\b", re.IGNORECASE)
# A dated event whose month ended more than a quarter before publication is background: older than
# the weeks of news an article reports on, while "last month" stays news. Chosen by reading, not tuned.
BACKGROUND_DAYS = 90


def result_before_object(token: Token) -> bool:
    """'dead' in 'shot dead 12 villagers': the verb's result, which the parser takes for a modifier of
    the object written after it; it says what became of the victims, not who they are."""
    victims = token.head
    return (
        token.dep_ == "amod"
        and token.lower_ == "dead"
        and victims.dep_ == "dobj"
        and token.i > 0
        and token.doc[token.i - 1] == victims.head
    )


def phrase(token: Token, lex: EventLexicon | None = None) -> SpacySpan:
    """The noun phrase headed by `token`, without relative clauses, participle clauses and edge
    punctuation ("the militants, who ..." -> "the militants"); given the lexicon, without a place
    after it either ("gunmen near Menaka" -> "gunmen"), which is where, not who."""
    dropped = {
        t.i
        for c in token.children
        if c.dep_ in ("relcl", "acl")
        or (c.i > token.i and (_named_appos(token, c) or c.left_edge.lower_ in ("which", "who", "whose")))
        for t in c.subtree
    }
    if lex is not None:
        dropped |= {t.i for c in _place_preps(token, lex) for t in c.subtree}
    dropped |= {t.i for c in _blame_frame(token) for t in c.subtree}
    dropped |= {c.i for c in token.lefts if result_before_object(c)}
    kept = [t.i for t in token.subtree if t.i not in dropped]
    if not in_dateline(token):  # "GAZA - Israeli jets": the jets
        kept = [i for i in kept if i == token.i or not in_dateline(token.doc[i])]
    doc = token.doc
    left, right = min(kept), max(kept)
    # a party's phrase ends where what is said of it begins, though a comma after that still hangs
    # from the name; a thing keeps it ("the base, located in X" says where)
    cut = dropped if lex is not None else set()
    while left < token.i and (left in cut or doc[left].is_punct or doc[left].is_space):
        left += 1
    while right > token.i and (
        right in cut or doc[right].is_punct or doc[right].tag_ == "POS" or doc[right].is_space
    ):
        right -= 1
    return doc[left : right + 1]


def _named_appos(token: Token, child: Token) -> bool:
    """'Hezbollah, the Lebanese movement backed by Iran': what a group's name is said to be, not the
    name. A person keeps it: 'X, the former president of Kenya' says whom X acts for."""
    return child.dep_ == "appos" and token.pos_ == "PROPN" and token.ent_type_ != "PERSON"


def _blame_frame(token: Token) -> list[Token]:
    """What the one blamed is blamed for, when parsed under it ('accused [Y of the attack]', 'held [Y
    responsible for it]'): the frame, not part of who Y is."""
    words = load_language_data("events")["attribution"]
    found = [c for c in token.children if c.dep_ == "amod" and c.lower_ in words["responsibility_words"]]
    blaming = set(words["blame_verbs"]) | set(words["accuse_verbs"])
    if token.dep_ == "dobj" and token.head.lemma_.lower() in blaming:
        found += [c for c in token.rights if c.dep_ == "prep" and c.lower_ in ("for", "of")]
    return found


def country_of(token: Token, span: SpacySpan) -> str | None:
    """ISO alpha-2 of the country the phrase names, looked for first up to its head word
    ("Israel's militia ally in Lebanon": Israel)."""
    core = span.doc[span.start : token.i + 1].text if span.start <= token.i < span.end else span.text
    for text in (core, span.text):  # not a side it takes: "a pro-Iranian group", "an anti-Syria journalist"
        match = next(
            (
                m
                for m in find_countries(text)
                if not takes_sides(text, m.start) and not _language(text, m.end)
            ),
            None,
        )
        if match is not None:
            return match.iso2
    return None


def misspelt_country_of(span: SpacySpan) -> str | None:
    """ISO alpha-2 of a misspelt country name the phrase holds ("Ethopia has agreed"): a one-word
    proper noun, no person's name nor part of a longer name, that names no place
    (rashomon.kb.countries.misspelt_country)."""
    for token in span:
        if token.pos_ != "PROPN" or token.ent_type_ == "PERSON" or _in_longer_name(token):
            continue
        match = misspelt_country(token.text)
        if match is not None and not load_gazetteer().lookup(token.text):
            return match.iso2
    return None


def _in_longer_name(token: Token) -> bool:
    """'Hungry Horse', 'Frances Greene': a word of a name of several proper nouns."""
    doc = token.doc
    return any(0 <= i < len(doc) and doc[i].pos_ == "PROPN" for i in (token.i - 1, token.i + 1))


def _language(text: str, end: int) -> bool:
    """'the Russian language': a language named by a country's adjective belongs to no country."""
    following = text[end:].split(maxsplit=1)
    return bool(following) and following[0].lower().strip(",.;") in party_words("language_words")


@lru_cache(maxsize=8)
def party_words(key: str) -> frozenset[str]:
    """A word list of events.json "parties" (purpose words, travel verbs, language words, ...)."""
    return frozenset(load_language_data("events")["parties"][key])


def resolve(token: Token) -> Token:
    """The antecedent of a relative pronoun ("Hamas, whose attack ..." too), or the speaker a
    reported pronoun stands for, unless the speaker only tells what they saw ("witnesses said they
    raided villages")."""
    lower = token.lower_
    if lower in _RELATIVE and token.head.dep_ == "relcl":
        return token.head.head
    if lower == "whose" and token.dep_ == "poss":
        clause = token.head.head
        if clause.dep_ == "relcl":
            return clause.head
    if lower in _PERSONAL and token.dep_ in ("nsubj", "nsubjpass"):
        verb = token.head
        for _ in range(5):  # "X was quoted as saying he would": through "saying" and "as"
            if verb.dep_ not in ("ccomp", "xcomp", "advcl", "conj", "pcomp", "prep") or verb.head.i == verb.i:
                break
            quoted = verb.dep_ in ("pcomp", "prep")  # "was quoted as saying": the quoted one speaks
            verb = verb.head
            deps = ("nsubj", "nsubjpass") if quoted else ("nsubj",)
            speaker = next((c for c in verb.children if c.dep_ in deps), None)
            if speaker is not None and speaker.pos_ != "PRON" and speaker.lower_ not in _RELATIVE:
                return token if is_observer(speaker.text) else speaker
    return token


@lru_cache(maxsize=1)
def _observers() -> frozenset[str]:
    return frozenset(load_language_data("events")["parties"]["observer_words"])


def is_observer(text: str) -> bool:
    """'witnesses', 'local residents', 'a source': one who tells what they saw, not a party to it."""
    words = text.lower().split()
    last = words[-1] if words else ""
    return bool({last, last[:-1], last[:-2]} & _observers())


def possessor(span: SpacySpan) -> Token | None:
    """Who 'its' or 'their' in the phrase stands for when someone else tells of it: the subject of the
    verb that reports the phrase's clause ("Kyiv says that strikes killed dozens of its soldiers")."""
    pronoun = next((t for t in span if t.dep_ == "poss" and t.lower_ in _POSSESSIVE), None)
    if pronoun is None:
        return None
    verb = clause_head(pronoun)
    for _ in range(3):
        if verb.dep_ not in ("ccomp", "advcl", "conj") or verb.head.i == verb.i:
            return None
        verb = verb.head
        speaker = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if speaker is not None and speaker.lower_ not in _PERSONAL | _RELATIVE:
            return speaker
    return None


def in_dateline(token: Token) -> bool:
    """'NAIROBI, Kenya (AP) - An airstrike hit ...': names and dates before a dash that opens the
    sentence say where and when the story was filed; the parser may take them for the subject."""
    if token.pos_ not in _DATELINE_POS:
        return False  # cheap first: `phrase` asks this of every word it keeps
    if _before_agency_dash(token):
        return True
    sentence = token.sent
    opening = sentence[:_DATELINE_TOKENS]
    dash = next((t for t in opening if t.pos_ == "PUNCT" and t.text in _DASHES), None)
    if dash is None or token.i >= dash.i:
        return False
    line = sentence.doc[sentence.start : dash.i]
    if not all(t.pos_ in _DATELINE_POS for t in line):
        return False
    # a place with its country, date or agency, or a place in capitals: not "Hamas - the group that ..."
    return any(t.text in (",", "(") for t in line) or (line[0].is_upper and len(line[0]) > 2)


def past_dateline(token: Token) -> Token | None:
    """The token, or when it lies in a dateline the phrase the parser set in apposition to it after
    the dash ("QANA, Lebanon - Israeli missiles hit": QANA, with "missiles" its apposition), else None."""
    if not in_dateline(token):
        return token
    return next((c for c in token.rights if c.dep_ == "appos" and not in_dateline(c)), None)


def _before_agency_dash(token: Token) -> bool:
    """'... in the north Arden, Feb 25, 2020 (AFP) - Rights groups said': a dateline run into the
    line before it, names, numbers and commas up to an agency in brackets and a dash."""
    doc = token.doc
    for i in range(token.i, min(len(doc) - 3, token.i + _DATELINE_TOKENS)):
        current = doc[i]
        if current.text == "(":
            close = next((t for t in doc[i + 1 : i + 4] if t.text == ")"), None)
            if close is None or close.i + 1 >= len(doc) or doc[close.i + 1].text not in _DASHES:
                return False
            return all(t.pos_ == "PROPN" for t in doc[i + 1 : close.i]) and close.i > i + 1
        if current.pos_ not in _DATELINE_POS or current.text in _DASHES:
            return False
    return False


def is_passive(verb: Token) -> bool:
    """A passive clause or a reduced one; 'X is opposed to', 'X was engaged in' tell a state of X,
    its subject the one who acts, unless a 'by' phrase names someone else."""
    children = list(verb.children)
    if any(c.dep_ in ("nsubjpass", "auxpass") for c in children):
        stative = verb.lower_ in _stative_participles() and not any(c.dep_ == "agent" for c in children)
        return not stative
    return reduced_passive(verb) or _bare_participle(verb) or _passive_conjunct(verb)


def _bare_participle(verb: Token) -> bool:
    """'witnesses reported 50 people killed', 'leaving ten soldiers killed': a participle with no
    auxiliary as what is reported or left tells what was done to its subject (or to the object of
    the verb above), which the parser may still label its subject."""
    if verb.tag_ != "VBN" or verb.dep_ not in ("ccomp", "xcomp", "oprd"):
        return False
    return not any(c.dep_ in ("aux", "auxpass", "dobj") for c in verb.children)


def _passive_conjunct(verb: Token) -> bool:
    """'was deposed and killed', 'was damaged or destroyed': a participle joined to a passive verb,
    with no subject or auxiliary of its own, shares its passive."""
    if verb.dep_ != "conj" or verb.tag_ != "VBN" or verb.head.i == verb.i:
        return False
    own = ("nsubj", "nsubjpass", "aux", "auxpass", "dobj")
    return not any(c.dep_ in own for c in verb.children) and is_passive(verb.head)


@lru_cache(maxsize=1)
def _stative_participles() -> frozenset[str]:
    return frozenset(load_language_data("events")["parties"]["stative_participles"])


def reduced_passive(verb: Token) -> bool:
    """'the curfew imposed in ...': a participle after a noun, that noun its object. One with a
    subject or an object of its own ('a report that forces had launched attacks', misparsed as a
    modifier of 'report') is a clause, not a participle."""
    participle = verb.tag_ == "VBN" or (verb.tag_ == "VBD" and verb.dep_ == "acl")  # "the officer killed was"
    if verb.dep_ not in ("acl", "amod") or not participle:
        return False
    return not any(c.dep_ in ("nsubj", "dobj", "aux") for c in verb.children)


def subject(verb: Token, lex: EventLexicon) -> Token | None:
    """Who does what `verb` says (see the module notes); None when the text does not say."""
    current = verb
    for step in range(5):
        acting = step > 0 or not is_passive(current)  # "Israel is opposed to": Israel opposes
        deps = ("nsubj", "csubj", "nsubjpass") if acting else ("nsubj", "csubj")
        found = next(
            (s for c in current.children if c.dep_ in deps and (s := past_dateline(c)) is not None), None
        )
        if found is not None:
            return resolve(found)
        controller = _controller(current, lex)
        if controller is not None:
            return resolve(controller)
        if current.dep_ in ("relcl", "acl") and current.tag_ in ("VBG", "VBD", "VBZ", "VBP"):
            return current.head  # "gunmen firing at the convoy"
        if not _shares_subject(current):
            return None
        answering = _retaliator(current)
        if answering is not None:
            return resolve(answering)
        if current.dep_ == "advcl" and is_passive(current.head):
            return agent(current.head)  # "were killed by X, shelling ...": X shelled, not the killed
        current = current.head if current.dep_ != "pcomp" else current.head.head
        if current.dep_ == "acomp" and current.head.pos_ in ("VERB", "AUX"):
            current = current.head  # "X are guilty of violating", "X is willing to forgive"
    return None


def _retaliator(conjunct: Token) -> Token | None:
    """'Kyiv says Moscow breached the truce and threatened to strike in retaliation': who
    retaliates is not who did what is retaliated for, but the one telling of it."""
    if conjunct.dep_ != "conj" or not any(_is_retaliation(t) for t in conjunct.subtree):
        return None
    first = conjunct.head
    if first.dep_ != "ccomp" or not any(c.dep_ == "nsubj" for c in first.children):
        return None
    teller = next((c for c in first.head.children if c.dep_ == "nsubj"), None)
    return teller if teller is not None and teller.lower_ not in _PERSONAL | _RELATIVE else None


def _is_retaliation(token: Token) -> bool:
    """'in retaliation', 'in response', 'in reprisal', with nothing said of what for."""
    if token.dep_ != "pobj" or token.head.lower_ != "in" or token.lemma_.lower() not in _ANSWERS:
        return False
    return not any(c.dep_ == "prep" for c in token.children)


def _controller(verb: Token, lex: EventLexicon) -> Token | None:
    """'urged Moscow to withdraw': Moscow; 'accused Kyiv of shelling': Kyiv."""
    head = verb.head
    if verb.dep_ == "xcomp" and head.lemma_.lower() in lex.object_control:
        return next((c for c in head.children if c.dep_ in ("dobj", "dative")), None)
    if verb.dep_ == "pcomp" and head.dep_ == "prep" and head.head.lemma_.lower() in _ACCUSING:
        return next((c for c in head.head.children if c.dep_ == "dobj"), None)
    accused = head.head if verb.dep_ == "pcomp" and head.dep_ == "prep" and head.lower_ == "of" else None
    if accused is not None and accused.dep_ == "dobj" and accused.head.lemma_.lower() in _ACCUSING:
        return accused  # "accused [Russian forces of blowing up] the dam", parsed under the object
    return None


def _shares_subject(verb: Token) -> bool:
    if verb.head.i == verb.i:
        return False
    if verb.dep_ in ("conj", "xcomp"):
        return True
    if verb.dep_ == "pcomp" and verb.head.dep_ == "prep":
        holder = verb.head.head  # "carried out by ... shelling", "guilty of violating"
        return holder.pos_ in ("VERB", "AUX") or (
            holder.dep_ == "acomp" and holder.head.pos_ in ("VERB", "AUX")
        )
    if verb.dep_ != "advcl" or any(c.dep_ == "mark" for c in verb.children):
        return False
    return verb.tag_ == "VBG" or any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def direct_object(verb: Token) -> Token | None:
    """The one the verb acts on: its object, or its subject when passive."""
    if reduced_passive(verb):
        return verb.head
    current, passive = verb, is_passive(verb)
    for _ in range(3):
        for dep in ("nsubjpass", "nsubj") if passive else ("dobj", "dative"):
            found = next((c for c in current.children if c.dep_ == dep), None)
            if found is not None:
                return resolve(found)
        if passive and current.dep_ == "xcomp":  # "leaving ten soldiers killed": the soldiers
            left = next((c for c in current.head.children if c.dep_ == "dobj"), None)
            return resolve(left) if left is not None else None
        if current.dep_ != "conj" or not passive:
            return _shared_object(verb)
        current = current.head
    return None


def _shared_object(verb: Token) -> Token | None:
    """'killed or wounded 50 soldiers': the object of the last conjoined verb is the first one's too;
    not of a verb whose complement is its object ('refused to deploy troops and urged its citizens')."""
    if any(c.dep_ in ("xcomp", "ccomp") for c in verb.children):
        return None
    for conj in (c for c in verb.children if c.dep_ == "conj" and c.pos_ == "VERB"):
        found = next((c for c in conj.children if c.dep_ == "dobj"), None)
        if found is not None and not any(c.dep_ == "nsubj" for c in conj.children):
            return resolve(found)
    return None


def dative(verb: Token) -> Token | None:
    found = next((c for c in verb.children if c.dep_ == "dative" and c.pos_ != "ADP"), None)
    if found is None:
        to = next((c for c in verb.children if c.dep_ == "dative" and c.lower_ in ("to", "for")), None)
        found = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
    return found


def agent(verb: Token) -> Token | None:
    by = next((c for c in verb.children if c.dep_ == "agent"), None)
    return next((c for c in by.children if c.dep_ == "pobj"), None) if by is not None else None


def prep_object(token: Token, preps: Collection[str], skip: Collection[int] = ()) -> Token | None:
    """The object of the first of `token`'s prepositions in `preps` ('targeting X' counts as 'on'),
    not a date ('on Tuesday') nor one of the `skip` tokens."""
    for child in token.children:
        if child.dep_ in ("prep", "agent", "dative") and child.lower_ in preps:
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if pobj is not None and pobj.i not in skip and pobj.ent_type_ not in ("DATE", "TIME"):
                return resolve(pobj)
        if child.dep_ == "acl" and child.lower_ == "targeting" and "targeting" in preps:
            return next((c for c in child.children if c.dep_ == "dobj"), None)
    return None


def word_keys(token: Token) -> list[str]:
    """Lookup keys for a word, most specific first: its modifiers with it ('joint military exercise',
    'air strike'), the hyphenated word it ends ('cease-fire'), 'state of emergency', the lemma."""
    lemma, lower = token.lemma_.lower(), token.lower_
    keys: list[str] = []
    modifiers = [c for c in token.lefts if c.dep_ in ("compound", "amod", "nmod") and c.i >= token.i - 3]
    if len(modifiers) > 1:
        keys.append(" ".join([*(m.lemma_.lower() for m in modifiers), lemma]))
    for modifier in reversed(modifiers):
        keys += [f"{modifier.lemma_.lower()} {lemma}", f"{modifier.lower_} {lower}"]
    hyphenated = _hyphenated(token)
    if hyphenated:
        keys.append(hyphenated)
    of = next((c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    pobj = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
    if pobj is not None:
        keys += [f"{lemma} of {key}" for key in (pobj.lemma_.lower(), pobj.lower_)]
    keys += [lemma, lower]
    return list(dict.fromkeys(keys))


def _hyphenated(token: Token) -> str | None:
    """'cease-fire' for the 'fire' of 'cease - fire', which the tokenizer splits."""
    if token.i >= 2 and token.nbor(-1).text == "-" and token.nbor(-2).is_alpha:
        before = token.nbor(-2)
        if before.idx + len(before.text) + 1 == token.idx:
            return f"{before.lower_}-{token.lower_}"
    return None


def through_quantity(token: Token, lex: EventLexicon) -> Token:
    """The noun a quantity is of: 'part of the town', '10 days of war games', 'a patch of troops'."""
    if token.lemma_.lower() in lex.classes["quantities"] or token.like_num:
        of = next((c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        pobj = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
        if pobj is not None:
            return pobj
    return token


def object_keys(token: Token, lex: EventLexicon) -> list[str]:
    """Keys of an object, looking through quantities, with the words compounded with it."""
    inner = through_quantity(token, lex)
    keys = word_keys(inner) + (word_keys(token) if inner.i != token.i else [])
    keys += [c.lemma_.lower() for c in inner.children if c.dep_ == "compound"]
    return keys


def actor_classes(token: Token | None, lex: EventLexicon) -> list[str]:
    """The classes of `lex.actor_classes` the actor phrase's head belongs to, e.g. ["force"];
    a bare country name or metonym ("Moscow protested") is a state."""
    if token is None:
        return []
    keys = word_keys(through_quantity(token, lex))
    found = [name for name, words in lex.actor_classes.items() if any(key in words for key in keys)]
    country = find_country(token.text) if token.pos_ == "PROPN" else None
    if not found and country is not None and country.kind in _STATE_KINDS:
        found.append("state")
    if not found and token.pos_ == "PROPN" and token.ent_type_ == "ORG":
        found.append("organization")
    if any(t.dep_ == "conj" for t in token.subtree):
        found.append("joint")  # "French and Egyptian warships": two parties act together
    return found


def location(heads: Iterable[Token], skip: Collection[int], lex: EventLexicon) -> SpacySpan | None:
    """The first place named after 'in', 'near', 'at', ... of one of `heads`."""
    for head in heads:
        for prep in _place_preps(head, lex):
            pobj = next(c for c in prep.children if c.dep_ == "pobj")
            if pobj.i not in skip and not in_dateline(pobj):
                return phrase(pobj)
    return next((p for h in heads if (p := _told_place(h, skip, lex)) is not None), None)


def _told_place(noun: Token, skip: Collection[int], lex: EventLexicon) -> SpacySpan | None:
    """Where the verb telling of an event noun places it: "explosions were heard across Srinagar",
    "blasts were reported in the city of Jammu", "explosions shook Srinagar"."""
    if noun.pos_ not in ("NOUN", "PROPN"):
        return None
    if noun.dep_ == "pobj" and noun.head.lower_ == "of":
        noun = noun.head.head  # "a series of explosions shook X"
    verb = noun.head
    if noun.dep_ not in ("nsubj", "nsubjpass") or verb.i == noun.i:
        return None
    words = locative_words()
    lemma = verb.lemma_.lower()
    found: list[Token] = []
    if lemma in words["telling_verbs"]:
        preps = [c for c in verb.children if c.dep_ == "prep" and c.lower_ in words["over_preps"]]
        found = [g for p in preps for g in p.children if g.dep_ == "pobj"]
    elif lemma in words["shaking_verbs"]:
        found = [c for c in verb.children if c.dep_ == "dobj"]
    place = next((t for t in found if t.i not in skip and is_place(t, lex) and not in_dateline(t)), None)
    return phrase(place) if place is not None else None


def _place_preps(head: Token, lex: EventLexicon) -> list[Token]:
    found = []
    # "a strike on the city of X": what an attack noun is on is where it hit
    on = {"on"} if head.pos_ == "NOUN" and head.lemma_.lower() in locative_words()["attack_nouns"] else set()
    for prep in head.children:
        if prep.dep_ != "prep" or (prep.lower_ not in _LOCATION_PREPS and prep.lower_ not in on):
            continue
        pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
        if pobj is not None and is_place(pobj, lex):
            found.append(prep)
    return found


def is_place(token: Token, lex: EventLexicon) -> bool:
    """A place name, or a word for a place ('the town', 'a checkpoint')."""
    if token.pos_ == "PROPN":  # the tagger's entity type is often wrong for small towns
        return token.ent_type_ not in _NOT_PLACE_ENTS
    if token.ent_type_ in _NOT_PLACE_ENTS | {"PERSON", "NORP"}:
        return False
    if token.ent_type_ in _PLACE_ENTS:
        return True
    return lex.in_class("place", word_keys(token))


def clause_head(token: Token) -> Token:
    """The verb whose clause `token` belongs to (the token itself when it is a verb)."""
    current = token
    while current.pos_ not in ("VERB", "AUX") and current.head.i != current.i:
        current = current.head
    return current


def event_date(clause: Token) -> SpacySpan | None:
    """The DATE entity of the clause headed by `clause` (or of the verb it is conjoined to)."""
    for verb in (clause, clause.head) if clause.dep_ == "conj" else (clause,):
        for ent in span_ents(verb.sent):
            if ent.label_ != "DATE" or clause_head(ent.root).i != verb.i or in_dateline(ent.root):
                continue  # a dateline's day is when the story was filed
            prep = ent.root.head if ent.root.dep_ == "pobj" else None
            if prep is None or prep.lower_ not in _NOT_WHEN:
                return _until_duration(ent)
    return None


def _until_duration(ent: SpacySpan) -> SpacySpan:
    """The date without a duration the tagger ran into it: 'June 12, after weeks' -> 'June 12'."""
    for token in ent[1:]:
        if token.lower_ in _DURATION:
            end = token.i
            while end > ent.start + 1 and ent.doc[end - 1].is_punct:
                end -= 1
            return ent.doc[ent.start : end]
    return ent


def is_background(date_text: str | None, published: datetime.date | None) -> bool:
    """A date before the publication year, a past period ("last year", "in the 1990s", "three years
    ago"), or a month that ended more than `BACKGROUND_DAYS` before publication."""
    if not date_text:
        return False
    if _PAST_PERIOD.search(date_text):
        return True
    years = [int(y) for y in _YEAR.findall(date_text)]
    if published is None or not years:
        return False
    if max(years) < published.year:
        return True
    month = next((n for name, n in MONTHS.items() if re.search(rf"\b{name}\b", date_text)), None)
    if month is None:
        return False
    month_end = datetime.date(max(years) + month // 12, month % 12 + 1, 1) - datetime.timedelta(days=1)
    return (published - month_end).days > BACKGROUND_DAYS
