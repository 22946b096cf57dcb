"""Deaths and injuries reported with an event, counted the ACLED way.

ACLED's rule: fatalities are deaths only, and where reports differ or are vague, the most conservative
figure. Here:
- a count is read off the victims of a killing or wounding word: the object of "killed", the subject
  of "were killed" or "died", the noun a participle describes ("20 people killed"), the object of
  "left ... dead" and of "shot dead", the number of "deaths";
- "more than 360", "at least 156", "over 20" give the number (a lower bound); "up to 16", "as many as
  20" give none (no lower bound); "about 20", "nearly 25" give the number stated; "20 to 30",
  "between 20 and 30" the lower one;
- vague words count as ACLED codes them ("tens" 10, "dozens" 12, "hundreds" 100) or, for the others,
  the least they can mean ("several" 3, "scores" 20); "many", "some", "a number of" give none;
- one victim named in the singular ("a journalist", "the deputy chief") counts as 1; victims joined
  by "and" add up ("two soldiers and three civilians": 5);
- "no one was hurt", "nobody died" report none (0);
- "killed or wounded 50" separates no deaths from injuries: neither is counted;
- two figures for the same event (two killing words in its clause) are two reports: the lower wins.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from spacy.tokens import Token

from rashomon.extract.event_args import resolve, result_before_object
from rashomon.extract.event_lexicon import EventLexicon

_DIE = frozenset({"die", "perish"})
_MULTIPLIERS = frozenset({100, 1000, 1000000})
_SINGULAR_DETERMINERS = frozenset({"a", "an", "one", "the", "this", "that", "another", "single", "lone"})
_NOBODY = frozenset({"nobody", "none", "no-one"})


@dataclass(frozen=True)
class Casualties:
    fatalities: int | None
    injured: int | None


NO_CASUALTIES = Casualties(None, None)


def count_casualties(tokens: Iterable[Token], lex: EventLexicon) -> Casualties:
    """The most conservative death and injury counts reported by the casualty words among `tokens`."""
    deaths: list[int] = []
    injuries: list[int] = []
    for token in tokens:
        kind = _kind(token, lex)
        if kind is None or _combined(token, lex):
            continue
        victims = _victims(token)
        count = _count(victims, lex) if victims is not None else None
        if count is not None:
            (deaths if kind == "death" else injuries).append(count)
    return Casualties(min(deaths, default=None), min(injuries, default=None))


def is_casualty_word(token: Token, lex: EventLexicon) -> bool:
    return _kind(token, lex) is not None


def _kind(token: Token, lex: EventLexicon) -> str | None:
    words = (token.lemma_.lower(), token.lower_)
    if any(w in lex.deaths for w in words):
        return "death"
    if any(w in lex.injuries for w in words):
        return "injury"
    return None


def _combined(token: Token, lex: EventLexicon) -> bool:
    """'killed or wounded', 'dead or injured': one figure for both."""
    kind = _kind(token, lex)
    pairs = [(token, c) for c in token.children if c.dep_ == "conj"]
    if token.dep_ == "conj":
        pairs.append((token.head, token.head))
    for head, other in pairs:
        other_kind = _kind(other, lex)
        has_or = any(c.dep_ == "cc" and c.lower_ == "or" for c in (*head.children, *other.children))
        if other_kind is not None and other_kind != kind and has_or:
            return True
    return False


def _victims(token: Token) -> Token | None:
    """The phrase that says who was killed or hurt."""
    if token.pos_ == "NOUN" and token.lemma_.lower() in ("death", "fatality", "injury"):
        return token
    if token.dep_ in ("acl", "amod") and token.tag_ == "VBN":
        return token.head
    if token.lemma_.lower() in _DIE:
        return _child(token, ("nsubj",))
    if token.pos_ in ("ADJ", "NOUN"):  # "left 20 dead", "were dead", "the dead"
        if token.dep_ in ("oprd", "ccomp", "xcomp", "acomp"):
            return _child(token.head, ("dobj", "nsubj", "nsubjpass"))
        if result_before_object(token):  # "shot dead 12 villagers"
            return token.head
        return token if any(_counts(c) for c in token.children) else None
    found = _child(token, ("nsubjpass",)) or _child(token, ("dobj",))
    if found is None and token.tag_ == "VBN":  # "... and 40 wounded"
        found = _child(token, ("nsubj",))
    if found is None and token.dep_ == "conj":  # "were killed and 30 wounded"
        found = _child(token.head, ("nsubjpass",))
    return resolve(found) if found is not None else None


def _child(token: Token, deps: tuple[str, ...]) -> Token | None:
    return next((c for c in token.children if c.dep_ in deps), None)


def _count(token: Token, lex: EventLexicon) -> int | None:
    """Victims joined by 'and' add up; an unknown part leaves the known ones (a lower bound)."""
    parts = [_single(token, lex)]
    parts += [_single(c, lex) for c in token.children if c.dep_ == "conj"]
    known = [n for n in parts if n is not None]
    return sum(known) if known else None


def _single(token: Token, lex: EventLexicon) -> int | None:
    lower = token.lower_
    if lower in _NOBODY or any(c.dep_ == "det" and c.lower_ == "no" for c in token.children):
        return 0  # "no one was hurt", "no civilians were killed": a report of none, not of one
    if lower in lex.vague_numbers:
        return lex.vague_numbers[lower]
    if _is_number(token, lex):
        return _number(token, lex)
    number = next((c for c in token.children if _counts(c)), None)
    if number is not None:
        return _number(number, lex)
    quantifier = _quantifier(token, lex)
    if quantifier is not None:
        return lex.vague_numbers[quantifier]
    determiner = next((c for c in token.children if c.dep_ in ("det", "poss", "amod")), None)
    if token.tag_ in ("NN", "NNP") and (
        token.pos_ == "PROPN" or (determiner is not None and determiner.lower_ in _SINGULAR_DETERMINERS)
    ):
        return 1
    if token.tag_ == "NN" and any(c.dep_ == "poss" for c in token.children):
        return 1
    return None


def _counts(child: Token) -> bool:
    """A number that counts its noun: not the year or day of a date ("the February 14, 2020 massacre")."""
    return child.dep_ == "nummod" and child.ent_type_ not in ("DATE", "TIME")


def _quantifier(token: Token, lex: EventLexicon) -> str | None:
    """'several civilians', 'a few soldiers', 'a number of people': the vague word, if any."""
    left = [c for c in token.lefts if c.dep_ in ("det", "amod", "nummod", "quantmod")]
    words = " ".join(c.lower_ for c in left)
    for phrase in sorted(lex.vague_numbers, key=len, reverse=True):
        if f" {phrase} " in f" {words} ":
            return phrase
    head = token.head
    if token.dep_ == "pobj" and head.lower_ == "of" and head.head.lower_ == "number":
        return "a number of"
    return None


def _is_number(token: Token, lex: EventLexicon) -> bool:
    return token.like_num or (token.lower_ in lex.number_words and token.pos_ == "NUM")


def _number(token: Token, lex: EventLexicon) -> int | None:
    """The value of a number, None under an upper bound ('up to 20'); of a range, the lower end."""
    if _bound(token, lex) == "upper":
        return None
    values = [_value(token, lex)]
    values += [
        _value(c, lex) for c in token.children if c.dep_ in ("quantmod", "conj") and _is_number(c, lex)
    ]
    known = [v for v in values if v is not None]
    return min(known) if known else None


def _bound(token: Token, lex: EventLexicon) -> str | None:
    doc = token.doc
    before = " ".join(t.lower_ for t in doc[max(token.sent.start, token.i - 4) : token.i])
    if any(before.endswith(phrase) for phrase in lex.upper_bounds):
        return "upper"
    if any(before.endswith(phrase) for phrase in lex.lower_bounds):
        return "lower"
    return None


def _value(token: Token, lex: EventLexicon) -> int | None:
    value = _word_value(token.lower_, lex)
    if value is None:
        return None
    if value in _MULTIPLIERS:  # "two hundred", "1.5 million"
        factors = [
            _word_value(c.lower_, lex) for c in token.children if c.dep_ in ("compound", "nummod", "quantmod")
        ]
        factor = next((f for f in factors if f is not None and f not in _MULTIPLIERS), None)
        if factor is not None:
            return int(factor * value)
    return int(value)


def _word_value(word: str, lex: EventLexicon) -> float | None:
    digits = word.replace(",", "")
    try:
        return float(digits)
    except ValueError:
        pass
    if word in lex.number_words:
        return float(lex.number_words[word])
    if "-" in word:  # "twenty-five"
        parts = [lex.number_words.get(p) for p in word.split("-")]
        if all(p is not None for p in parts):
            return float(sum(p for p in parts if p is not None))
    return None
