"""Where an event noun's modifier names the site or the victim, not the doer.

News names attacks after their place or what they hit as often as after who did them: "the Kabul
airport blast", "the Tigray market air strike", "the Crocus City Hall massacre", "the Ngarbuh
massacre" (a village the article puts elsewhere "in Ngarbuh"), "the Jaffar Express attack" (a train
the article says was attacked). A modifier is taken for the site when:

- a site word stands between it and the noun, or is its own head ("airport", "market", "hall":
  `classes` place, base, roads and sites of the event lexicon);
- it is a place name that is no country: a city, region or facility as the tagger labels it, a
  capital too ("the Moscow attack"; "Moscow's strikes" is a possessor, which still names the doer);
- it is another proper name that the same article uses as a place ("in Ngarbuh", "the village of
  Ngarbuh"), as what an attack hit ("attacked the Jaffar Express") or as the name of a site ("the
  Jaffar Express train"), and never as a doer (the subject of an event verb, or a "by" phrase).
A country's name, adjective or demonym ("US strikes", "Israeli raids") always names the doer.
"""

from __future__ import annotations

from spacy.tokens import Token

from rashomon.extract import event_args as args
from rashomon.extract.event_lexicon import EventLexicon
from rashomon.extract.places import placed_by_head
from rashomon.kb.countries import find_countries

_SITE_CLASSES = ("place", "base", "roads", "sites")
_PLACE_ENTS = frozenset({"GPE", "LOC", "FAC"})
_STATE_NAMES = frozenset({"name", "adjective", "demonym"})
# Prepositions whose object is where something is, not whom it comes from or goes to.
_AT_PREPS = frozenset({"in", "at", "near", "outside", "inside", "around", "across"})
_NAME_DEPS = frozenset({"compound", "flat"})


def names_site(modifier: Token, noun: Token, lex: EventLexicon) -> bool:
    """Whether `modifier` (a compound or adjective of the event noun) tells where the event was or
    what it hit rather than who did it (see the module notes)."""
    between = [t for t in noun.lefts if modifier.i <= t.i < noun.i and t.dep_ in ("compound", "nmod", "amod")]
    if any(_is_site_word(t, lex) for t in between):
        return True
    if modifier.pos_ != "PROPN":
        return False
    start = _name_start(modifier)
    name = modifier.doc[start : modifier.i + 1].text
    with_noun = modifier.doc[start : noun.i + 1].text  # "US" alone reads as a shouted word
    if any(m.kind in _STATE_NAMES for m in find_countries(with_noun) if m.start < len(name)):
        return False
    if modifier.ent_type_ in _PLACE_ENTS:
        return True
    return _placed_in_article(modifier, name, lex)


def _is_site_word(token: Token, lex: EventLexicon) -> bool:
    keys = args.word_keys(token)
    return any(lex.in_class(name, keys) for name in _SITE_CLASSES)


def _name_start(token: Token) -> int:
    """Where the proper name ending in `token` starts: 'Jaffar Express', 'Crocus City Hall'."""
    parts = [t for t in token.lefts if t.dep_ in _NAME_DEPS and t.pos_ == "PROPN"]
    return min((t.i for t in parts), default=token.i)


def _placed_in_article(modifier: Token, name: str, lex: EventLexicon) -> bool:
    placed = acting = False
    for token in modifier.doc:
        if token.i == modifier.i or token.pos_ != "PROPN" or token.lower_ != modifier.lower_:
            continue
        if token.doc[_name_start(token) : token.i + 1].text.lower() != name.lower():
            continue
        acting = acting or _acts(token, lex)
        placed = placed or _at_or_hit(token) or _before_site_word(token, lex)
    return placed and not acting


def _before_site_word(token: Token, lex: EventLexicon) -> bool:
    """'the Jaffar Express train', 'the Crocus City Hall venue': the name of a site, followed by what
    kind of site it is."""
    following = token.nbor(1) if token.i + 1 < len(token.doc) else None
    return following is not None and following.pos_ == "NOUN" and _is_site_word(following, lex)


def _at_or_hit(token: Token) -> bool:
    """'in X', 'the village of X', 'attacked X', 'an attack on X'."""
    if placed_by_head(token):
        return True
    at = token.dep_ == "pobj" and token.head.lower_ in _AT_PREPS
    return at and not any(c.dep_ == "det" for c in token.children)


def _acts(token: Token, lex: EventLexicon) -> bool:
    """The subject of an event verb, or the one a 'by' phrase names."""
    if token.dep_ == "pobj" and token.head.dep_ == "agent":
        return True
    return token.dep_ == "nsubj" and token.head.lemma_.lower() in lex.verbs
