"""Which group a doer acts for, when the doer's own word names none.

- Modifiers: "militants affiliated with X", "gunmen loyal to X", "fighters of X", "members of X",
  "X-linked militants", "the attacker, identified as a member of X", "the gunman, a member of X":
  the group X is the actor, as the source names it.
- Generic doers: "the assailants", "gunmen" with no name of their own are the group the
  same article says claimed an attack ("X claimed responsibility", "the attack, claimed by X") or,
  where none claims, was blamed for one ("Y blamed X for the attack", "X was behind the attack",
  "the attack was carried out by X"), when it names one group so. So are doers named only by the
  group they are linked to ("al Qaeda-linked militants"), when the article names such a group: the
  affiliate that claimed the attack (JNIM, "an al Qaeda affiliate") did it.
- "The group" (the movement, the outfit) that acts or claims is the organisation named just before.
The words live in data/en/events.json ("parties").
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from rashomon.extract import event_args as args
from rashomon.extract import event_blame as blame
from rashomon.extract.event_lexicon import EventLexicon
from rashomon.extract.event_triggers import noun_choice

_NAME_ENTS = ("ORG", "NORP", "GPE", "PERSON")
_GROUP_ENTS = ("ORG", "NORP", "PERSON")
_PLACE_ENTS = ("GPE", "LOC")


def group_of_doer(doer: Token | None, lex: EventLexicon) -> Token | None:
    """The group a doer's modifier names (see the module notes), or None."""
    if doer is None or doer.pos_ == "PROPN":
        return None
    affiliation = args.party_words("affiliation_words")
    members = args.party_words("member_words")
    for child in doer.children:
        if child.dep_ in ("acl", "amod", "relcl") and child.lower_ in affiliation:
            found = args.prep_object(child, ("with", "to"))
            if found is not None and names_a_group(found):
                return found
        named_as = _identified_as(child, members)
        if named_as is not None:
            return named_as
    if doer.lemma_.lower() in members or doer.lower_ in members:
        found = args.prep_object(doer, ("of",))
        if found is not None and names_a_group(found):
            return found
        found = args.prep_object(doer, ("from",))
        if found is not None and names_a_group(found) and not args.is_place(found, lex):
            return found  # "fighters from Aleppo" come from a place
        return _hyphen_group(doer, affiliation)
    return None


def _identified_as(child: Token, members: frozenset[str]) -> Token | None:
    """The group an apposition or an identifying participle gives a doer: "the gunman, a member of
    X", "the attacker, identified as a member of X" or "identified as an X fighter"."""
    said = child
    if child.dep_ == "acl" and child.lower_ in args.party_words("identity_words"):
        found = args.prep_object(child, ("as",))
        if found is None:
            return None
        said = found
    elif child.dep_ != "appos":
        return None
    if said.lemma_.lower() in members or said.lower_ in members:
        found = args.prep_object(said, ("of",))
        if found is not None and names_a_group(found):
            return found
    if said is not child and said.pos_ == "PROPN" and names_a_group(said):
        return said  # "identified as Jaish al-Adl"
    return None


def linked_only(actor: Token) -> bool:
    """An actor named only by the group it is linked to: that group ("militants affiliated with X",
    "X-linked militants": X), or the doer itself when its modifier was read as a part of it
    ("al Qaeda-linked militants"); not a doer's own group ("fighters of X"). An affiliate of X may
    have done it."""
    affiliation = args.party_words("affiliation_words")
    doc = actor.doc
    if actor.i + 2 < len(doc) and doc[actor.i + 1].text == "-" and doc[actor.i + 2].lower_ in affiliation:
        return True
    prep = actor.head
    if actor.dep_ == "pobj" and prep.lower_ in ("with", "to") and prep.head.lower_ in affiliation:
        return True
    return any(c.dep_ in ("acl", "amod") and c.lower_ in affiliation for c in actor.children)


def names_a_group(token: Token) -> bool:
    """A name in the phrase ('JNIM', 'the Rapid Support Forces', 'the sect, Boko Haram'); a place
    is where a doer comes from, not whom it acts for ('fighters from Syria')."""
    if token.ent_type_ in _PLACE_ENTS:
        return False
    return any(t.pos_ == "PROPN" or t.ent_type_ in _GROUP_ENTS for t in _with_appositions(token))


def _with_appositions(token: Token) -> list[Token]:
    named = [t for c in token.children if c.dep_ == "appos" for t in c.subtree]
    return [*args.phrase(token), *named]


def _hyphen_group(doer: Token, affiliation: frozenset[str]) -> Token | None:
    """'al Qaeda-linked militants': the name before the hyphen before the affiliation word."""
    doc = doer.doc
    for token in doc[doer.left_edge.i : doer.i]:
        if token.lower_ not in affiliation or token.i < 2 or doc[token.i - 1].text != "-":
            continue
        named = doc[token.i - 2]
        if named.pos_ == "PROPN" and (named.left_edge.i == 0 or doc[named.left_edge.i - 1].pos_ != "PROPN"):
            return named  # a name cut by the parse ("al Qaeda" read as "Qaeda") stays in the doer's phrase
    return None


def is_generic_doer(doer: Token | None, lex: EventLexicon) -> bool:
    """A doer word that names no group and no country ('the assailants', 'dozens of gunmen')."""
    if doer is None:
        return False
    counted = args.through_quantity(doer, lex)
    if counted.pos_ == "PROPN" or counted.lemma_.lower() not in args.party_words("generic_doers"):
        return False
    return not any(t.pos_ == "PROPN" or t.ent_type_ in _NAME_ENTS for t in args.phrase(doer))


def claimed_group(doc: Doc, lex: EventLexicon) -> Token | None:
    """The one group the text says claimed an attack or was blamed for one; None when it names
    none, or more than one."""
    found = [t for t in claimants(doc, lex) if names_a_group(t)]
    names = {args.phrase(t).root.lower_ for t in found}
    return found[0] if len(names) == 1 else None


def claimants(doc: Doc, lex: EventLexicon) -> list[Token]:
    """Who the text says claimed an attack ('Y claimed responsibility'), else who it says was blamed
    for one ('X blamed Y for the attack', 'Y was blamed for the attack'); one said not to ('denied')
    is left out."""
    words = blame.frames()
    claimed, blamed = [], []
    for token in doc:
        lemma = token.lemma_.lower()
        if lemma in words.responsibility_words:
            claimed.append((token, blame.claimer(token)))
        elif lemma in words.blame_verbs and lemma != "hold" and _blamed_for_attack(token, lex):
            blamed.append((token, blame.blamed_one(token)))
        elif token.pos_ == "NOUN" and is_attack_noun(token, lex):
            claimed.append((token, blame.claimed_by(token)))  # also among those below: counted first
            blamed.append((token, blame.attributed_actor(token, lex)))
    claimed = [(frame, antecedent_group(who) or who) for frame, who in claimed]
    said = [who for frame, who in claimed + blamed if who is not None and not blame.denied(frame, lex)]
    # a claim is the doer's own word; blame is another's, so it counts only where no one claims
    owned = [who for frame, who in claimed if who is not None and not blame.denied(frame, lex)]
    return owned or said


def antecedent_group(who: Token | None) -> Token | None:
    """The organisation named last before "the group" (or "the movement", "the outfit") that acts or
    claims: "... the Dawn Brigade, an armed group active in the region. The group claimed
    responsibility".
    Looked for in the claim's sentence and the two before it; None when "the group" has a name of its
    own or none is named there."""
    if who is None or who.lemma_.lower() not in args.party_words("group_nouns"):
        return None
    if not any(c.lower_ == "the" for c in who.children) or names_a_group(who):
        return None
    sentence = who.sent
    start = sentence.start
    for _ in range(2):
        if start > 0:
            start = who.doc[start - 1].sent.start
    named = [e for e in who.doc.ents if e.label_ == "ORG" and start <= e.start and e.end <= who.i]
    return named[-1].root if named else None


def _blamed_for_attack(verb: Token, lex: EventLexicon) -> bool:
    """'blamed Y for the attack', parsed with 'for' under the verb or under Y."""
    holders = [verb, *(c for c in verb.children if c.dep_ in ("dobj", "nsubjpass"))]
    preps = [c for h in holders for c in h.children if c.dep_ == "prep" and c.lower_ == "for"]
    objects = [c for p in preps for c in p.children if c.dep_ == "pobj"]
    return any(is_attack_noun(o, lex) for o in objects)


def is_attack_noun(noun: Token, lex: EventLexicon) -> bool:
    """'attack', 'strike', 'massacre': a noun that names an assault in one of its senses."""
    found = noun_choice(noun, lex)
    return found is not None and any(s is not None and s.type == "ASSAULT" for s in found[0].values())
