"""Who a text says did an event it names without an actor of its own: attribution frames and the
ground an attack came from.

- Blame: "X blamed Y for the attack", "Y was blamed for the attack", "held Y responsible for the
  attack", "accused Y of the attack", "accused Y of involvement in / a role in / causing the attack": Y.
- Responsibility: "Y was responsible for the attack", "Y claimed responsibility for the attack", "the
  attack, claimed by Y": Y,
  unless the subject names no one ("no group claimed responsibility").
- Behind: "Y was behind the attack", "Y is said to be behind the attack", "Y, the group behind
  the attack": Y.
- Carried out: "the attack was carried out by Y" (a light verb in the passive), "the blast was
  caused by Y", "Y caused the blast": Y.
- Ground: "was shelled from areas under the control of Y", "from Y-held territory", "from territory
  controlled by Y": Y.
- Armed body as modifier: "an army drone strike", "a rebel attack" (not "a convoy attack": whom).
What is found may itself be an event ("blamed an Israeli air strike for the blast") or a weapon ("a
rocket fired by Y caused the blast"); the caller looks through it to who did that.
The words of the frames live in data/en/events.json ("attribution").
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Token

from rashomon.extract import event_args as args
from rashomon.extract.event_lexicon import EventLexicon
from rashomon.language_data import load_language_data

_SUBJECTS = ("nsubj", "nsubjpass")


@dataclass(frozen=True)
class Frames:
    blame_verbs: frozenset[str]
    accuse_verbs: frozenset[str]
    accuse_links: frozenset[str]
    responsibility_words: frozenset[str]
    claim_verbs: frozenset[str]
    behind_words: frozenset[str]
    cause_verbs: frozenset[str]
    attribute_verbs: frozenset[str]
    owner_words: frozenset[str]
    doer_modifiers: frozenset[str]
    control_words: frozenset[str]
    no_one: frozenset[str]
    reciprocal: frozenset[str]
    dismissing: frozenset[str]


@lru_cache(maxsize=1)
def frames() -> Frames:
    data = load_language_data("events")["attribution"]
    return Frames(**{name: frozenset(words) for name, words in data.items()})


def attributed_actor(noun: Token, lex: EventLexicon) -> Token | None:
    """Who a frame around the event noun names as its doer (see the module notes)."""
    words = frames()
    found = _prep_frame(noun.head, words) if noun.dep_ == "pobj" else None
    found = found if found is not None else _accused_through(noun, words)
    found = found if found is not None else claimed_by(noun)
    for stand_in in [noun, *_relatives(noun)]:
        if found is not None:
            break
        verb, role = stand_in.head, stand_in.dep_
        if role in ("dobj", "nsubjpass") and verb.lemma_.lower() in words.attribute_verbs:
            found = _named(args.prep_object(verb, ("to", "on")), words)  # "attributed it to Y"
        if found is None and role in _SUBJECTS:
            found = _carrier(verb, lex, words)
        if found is None and role == "dobj" and verb.lemma_.lower() in words.cause_verbs:
            found = _named(_subject(verb), words)  # "a rocket fired by Y caused the blast"
    return found if found is not None and not denied(noun, lex) else None


def _relatives(noun: Token) -> list[Token]:
    """The relative pronouns that stand for the noun ('the blast, which Y says was caused by ...')."""
    clauses = [c for c in noun.children if c.dep_ == "relcl"]
    return [t for c in clauses for t in c.subtree if t.lower_ in ("which", "that") and t.dep_ != "mark"]


def denied(token: Token, lex: EventLexicon) -> bool:
    """'denied that its forces were responsible for the strike', 'did not blame Y for it',
    'dismissed suggestions that Y was behind it': an attribution said not to hold names no one. 'denied
    aiding Y, the group behind the attack' denies the aid, not who was behind the attack."""
    dismissing = frames().dismissing
    current = token
    for _ in range(8):
        if any(c.dep_ == "neg" for c in current.children) or current.lemma_.lower() in dismissing:
            return True
        governor = lex.governors.get(current.lemma_.lower())
        if governor is not None and governor.negates:
            return True
        if current.head.i == current.i or current.dep_ == "appos":
            return False  # an apposition is the writer's own description, outside what is denied
        current = current.head
    return False


def doer_modifier(noun: Token) -> Token | None:
    """'an army drone strike', 'a military air strike', 'a rebel attack': a modifier that says which
    armed body carried out the attack, on the noun or on the noun's own modifiers."""
    words = frames().doer_modifiers
    modifiers = [c for c in noun.lefts if c.dep_ in ("amod", "compound", "nmod")]
    modifiers += [g for c in modifiers for g in c.lefts if g.dep_ in ("amod", "compound", "nmod")]
    return next((m for m in sorted(modifiers, key=lambda t: t.i) if m.lemma_.lower() in words), None)


def _prep_frame(prep: Token, words: Frames) -> Token | None:
    """The frames where the event is the object of a preposition: 'for', 'of', 'behind'."""
    holder, word = prep.head, prep.lower_
    lemma = holder.lemma_.lower()
    framing = words.blame_verbs if word == "for" else words.accuse_verbs if word == "of" else ()
    if holder.dep_ == "dobj" and holder.head.lemma_.lower() in framing and holder.head.lemma_ != "hold":
        return _named(holder, words)  # "blamed [Y for the blast]": the preposition parsed under Y
    if word == "for" and lemma in words.blame_verbs:
        return _blamed(holder, words)
    if word == "of" and lemma in words.accuse_verbs:
        return _blamed(holder, words)
    if word == "for" and lemma in words.responsibility_words:
        return _responsible(holder, words)
    if word in words.behind_words and holder.pos_ in ("AUX", "VERB"):
        return _named(_subject(holder), words)  # "Y was behind the attack"
    if word in words.behind_words and holder.dep_ == "appos":
        return _named(holder.head, words)  # "Y, the group behind the attack"
    return None


def _accused_through(noun: Token, words: Frames) -> Token | None:
    """'accused Y of involvement in the blast', 'of being involved in', 'of a role in', 'of being
    behind', 'of causing the attack': Y, when every word between the event and 'of' says taking part
    (not 'accused Y of lying about the attack')."""
    current = noun
    for _ in range(3):
        if current.dep_ == "pobj" and current.head.lower_ in ("in", "behind"):
            holder = current.head.head
        elif current.dep_ == "dobj":
            holder = current.head
        else:
            return None
        if holder.lemma_.lower() not in words.accuse_links:
            return None
        if holder.dep_ in ("pobj", "pcomp") and holder.head.lower_ == "of":
            verb = holder.head.head
            if verb.lemma_.lower() in words.accuse_verbs:
                return _blamed(verb, words)
            if verb.dep_ == "dobj" and verb.head.lemma_.lower() in words.accuse_verbs:
                return _named(verb, words)  # "accused [Y of a role in it]": 'of' parsed under Y
            return None
        current = holder
    return None


def _blamed(verb: Token, words: Frames) -> Token | None:
    """'blamed Y for', 'Y was blamed for', 'held Y responsible for' (hold blames only so)."""
    if verb.lemma_.lower() == "hold" and not any(
        c.lemma_.lower() in words.responsibility_words for c in verb.children
    ):
        return None
    found = next((c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")), None)
    return _named(args.resolve(found), words) if found is not None else None


def _responsible(word: Token, words: Frames) -> Token | None:
    """'Y was responsible for', 'held Y responsible for', 'Y claimed responsibility for', 'the
    responsibility of Y for'."""
    own = next((c for c in word.children if c.dep_ in _SUBJECTS), None)
    if own is not None:
        return _named(args.resolve(own), words)  # "held [Y responsible]" parsed as a clause
    head = word.head
    if word.dep_ == "amod":
        return _named(head, words)  # "held [the militia responsible] for"
    if word.dep_ in ("acomp", "attr") and head.pos_ in ("AUX", "VERB"):
        return _named(_subject(head), words)
    if word.dep_ in ("oprd", "ccomp", "xcomp") and head.lemma_.lower() in words.blame_verbs:
        return _blamed(head, words)
    if word.dep_ == "dobj" and head.lemma_.lower() in words.claim_verbs:
        return claimer(word)
    return args.prep_object(word, ("of",))


def _carrier(verb: Token, lex: EventLexicon, words: Frames) -> Token | None:
    """'the attack was carried out by Y', 'the blast was caused by Y'."""
    lemma = verb.lemma_.lower()
    particle = next((c.lower_ for c in verb.children if c.dep_ == "prt"), "")
    named = lemma in lex.light_verbs or f"{lemma} {particle}" in lex.light_verbs
    if not (named or lemma in words.cause_verbs) or not args.is_passive(verb):
        return None
    by = args.agent(verb) or args.prep_object(verb, ("by",))  # "by" is at times parsed a plain preposition
    return _named(by, words)


def _subject(verb: Token) -> Token | None:
    """The verb's subject; that of the verb it completes when it has none of its own ("Y is said to
    be behind the attack", "Y is believed to have been behind it": Y)."""
    found = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if found is None and verb.dep_ == "xcomp":
        found = next((c for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return args.resolve(found) if found is not None else None


def _named(token: Token | None, words: Frames) -> Token | None:
    """The token, unless it names no one ('no group', 'nobody') or is a bare pronoun of a question."""
    if token is None:
        return None
    if token.lower_ in words.no_one or any(c.dep_ == "det" and c.lower_ in words.no_one for c in token.lefts):
        return None
    if token.lower_ in ("who", "what", "whom"):
        return None
    if args.phrase(token).text.lower() in words.reciprocal:
        return None  # "blamed each other": both sides, so no one
    return token


def ground_actor(head: Token, words: Frames | None = None) -> Token | None:
    """Who holds the ground an attack came from: 'from areas under the control of Y', 'from
    Y-held territory', 'from territory controlled by Y'."""
    words = words or frames()
    ground = args.prep_object(head, ("from",))
    if ground is None:
        return None
    control = args.prep_object(ground, ("under",))
    if control is not None and control.lemma_.lower() in words.control_words:
        return args.prep_object(control, ("of",))
    for child in ground.children:
        if child.dep_ in ("acl", "relcl") and child.lemma_.lower() in words.control_words:
            return args.agent(child)  # "territory controlled by Y"
    return _hyphen_holder(ground, words)


def _hyphen_holder(ground: Token, words: Frames) -> Token | None:
    """'Y-held territory': the word before the hyphen before 'held' among the ground's modifiers."""
    doc = ground.doc
    for token in doc[ground.left_edge.i : ground.i]:
        if token.lower_ not in words.control_words or token.i < 2 or doc[token.i - 1].text != "-":
            continue
        holder = doc[token.i - 2]
        if holder.pos_ in ("PROPN", "NOUN", "ADJ"):
            return holder
    return None


def blamed_in_sentence(noun: Token, lex: EventLexicon, words: Frames | None = None) -> Token | None:
    """'Kyiv blamed Moscow, saying the strike killed 30': an attack told inside a clause that blames
    someone, with no frame of its own, is laid at the blamed one's door."""
    words = words or frames()
    current = noun
    for _ in range(8):
        if current.head.i == current.i:
            return None
        below, current = current, current.head
        another_act = below.dep_ == "pcomp" and below.lemma_.lower() not in words.accuse_links
        if current.lower_ == "of" and another_act:
            return None  # "accused Y of lying about the bombing", 'of' parsed under Y
        lemma = current.lemma_.lower()
        if lemma in words.accuse_verbs or (lemma in words.blame_verbs and lemma != "hold"):
            if below.dep_ == "prep":
                return None  # "accused Y of covering up the killing": Y did another act
            return _blamed(current, words) if not denied(current, lex) else None
    return None


def claimer(word: Token) -> Token | None:
    """'Y claimed responsibility', 'Y issued a statement claiming responsibility': Y, given
    'responsibility' as the claim verb's object."""
    words = frames()
    verb = word.head
    if word.dep_ != "dobj" or verb.lemma_.lower() not in words.claim_verbs:
        return None
    who = _subject(verb)
    if who is None and verb.dep_ == "acl" and verb.head.dep_ == "dobj":
        who = _subject(verb.head.head)  # the claim is a statement (a video, a message) Y issued
    return _named(who, words)


def claimed_by(noun: Token) -> Token | None:
    """'the attack, claimed by Y', 'the attack was claimed by Y', 'killed in the attack, claimed by
    Y' (the participle hung from the clause that tells the attack): Y."""
    words = frames()
    holders = [noun]
    if noun.dep_ == "nsubjpass" and noun.head.lemma_.lower() in words.claim_verbs:
        return _named(args.agent(noun.head), words)
    if noun.dep_ == "pobj" and noun.head.dep_ == "prep":
        holders.append(noun.head.head)
    for holder in holders:
        for clause in holder.children:
            if clause.dep_ in ("acl", "advcl") and clause.lemma_.lower() in words.claim_verbs:
                by = args.agent(clause)
                if by is not None:
                    return _named(by, words)
    return None


def blamed_one(verb: Token) -> Token | None:
    """'X blamed Y', 'Y was blamed': Y (see `_blamed`)."""
    return _blamed(verb, frames())
