"""Who a statement's source phrase is: a name, a role and an affiliation.

Persons are registered from the named-entity mentions of the whole article, each with the role
written next to the name ("Russian Foreign Ministry spokeswoman Maria Zakharova"). Spelling
variants of one surname (Jaafari, al-Jaafari, Ja’afari) share a key. A pronoun ("he") refers to the
last person before it; a role noun ("the diplomat", "the Turkish president") to the last person whose
role fits; a country or institution speaks for itself.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from rashomon.extract.cues import cue_lexicon
from rashomon.extract.doc_views import doc_ents, doc_text, span_ents
from rashomon.kb.actors import link_text
from rashomon.kb.countries import CountryMatch, find_country
from rashomon.language_data import load_language_data
from rashomon.types import Span

if TYPE_CHECKING:  # spaCy types only: the report reads speakers' names without loading spaCy
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as SpacySpan

_WORDS = load_language_data("speakers")
_PERSON_PRONOUNS = frozenset(_WORDS["person_pronouns"])
_GROUP_PRONOUNS = frozenset(_WORDS["group_pronouns"])
_NAME_PREFIX = re.compile(r"^(?:" + "|".join(_WORDS["name_particles"]) + r")[-‐ ]", re.IGNORECASE)
# Role nouns that may stand for a more specific one ("the diplomat" for a foreign minister).
_ROLE_FAMILIES: dict[str, tuple[str, ...]] = {
    noun: tuple(covered) for noun, covered in _WORDS["role_families"].items()
}
_DROP_FROM_ROLE = frozenset({"DET", "PUNCT", "CCONJ"})
# Heads of phrases that name an institution even when NER misses it ("the army said").
_INSTITUTIONS = frozenset(_WORDS["institutions"])
_LEADING_DETERMINER = re.compile(r"^(?:" + "|".join(_WORDS["determiners"]) + r")\s+", re.IGNORECASE)


@dataclass(frozen=True)
class Speaker:
    name: str | None
    role: str | None
    affiliation: str | None
    kind: str  # person | organization | country | group | unknown


@dataclass(frozen=True)
class _Person:
    position: int  # character offset of the mention
    key: str
    name: str
    role: str | None
    end: int = -1  # end of the name in the text, when it was named in the source phrase


@dataclass
class _Registry:
    persons: list[_Person]
    canonical: dict[str, str]  # key -> fullest name
    roles: dict[str, str]  # key -> first role written with the name
    last_speaker: _Person | None = None  # the salient person a later "he"/"she" refers to
    last_body: Speaker | None = None  # the salient institution or country a later "it" refers to
    affiliations: dict[str, str] = field(default_factory=dict)  # key -> affiliation once known


def resolve_speakers(doc: Doc, sources: list[Span | None]) -> list[Speaker]:
    """Speakers of the given source spans, which must be in text order (pronouns look back)."""
    persons = _register_persons(doc)
    registry = _Registry(persons, _canonical_names(persons), _roles_by_key(persons))
    return [_resolve(doc, source, registry) for source in sources]


@lru_cache(maxsize=4096)
def actor_id_of(name: str | None, kind: str) -> str | None:
    """The knowledge-base id of a resolved speaker ('Maria Zakharova', 'Ankara', "Russia's defense
    ministry"), or None when the packs do not know it. A person must link to a person."""
    if not name or kind in ("unknown", "group"):
        return None
    linked = [m for m in link_text(name) if m.kind != "discovered"]
    if kind == "person":
        linked = [m for m in linked if m.actor_id.startswith("person:")]
    return max(linked, key=lambda m: m.end - m.start).actor_id if linked else None


def name_key(name: str) -> str:
    """Surname key shared by spelling variants: Jaafari, al-Jaafari and Ja’afari give 'jaafari'."""
    last = name.split()[-1] if name.split() else name
    last = _NAME_PREFIX.sub("", last)
    decomposed = unicodedata.normalize("NFKD", last)
    return "".join(ch for ch in decomposed if ch.isalpha()).lower()


def _register_persons(doc: Doc) -> list[_Person]:
    people = []
    for ent in doc_ents(doc):
        if ent.label_ != "PERSON" or not ent.text[:1].isupper():
            continue
        name = _strip_titles(ent.text)
        people.append(_Person(ent.start_char, name_key(name), name, _role_around(ent)))
    return people


_BREAKS = frozenset({"–", "—", ":"})


def _role_around(ent: SpacySpan) -> str | None:
    """The title written with a name: modifiers before it ("Turkish President X"), an apposition
    after it ("X, spokesperson for ..."), or the noun it stands in apposition to ("his French
    counterpart X")."""
    root = ent.root
    titles = [t for t in ent if t.lower_ in cue_lexicon().role_nouns and t.i < root.i]
    before = [t for t in root.subtree if t.i < ent.start] + titles
    appos = [c for c in root.children if c.dep_ == "appos" and c.i >= ent.end]
    after = [t for c in appos for t in c.subtree]
    if root.dep_ == "appos" and root.head.pos_ == "NOUN":
        head = root.head
        before = [t for t in head.subtree if t.i <= head.i and not (ent.start <= t.i < ent.end)]
    return _words(sorted({*_after_break(before), *after}, key=lambda t: t.i))


def _after_break(tokens: list[Token]) -> list[Token]:
    """The tokens after the last dash, colon or line break among them: a dateline the parser hung on
    the subject ("MOSCOW, March 3 - Russian Foreign Minister X") is not part of the title."""
    ordered = sorted(tokens, key=lambda t: t.i)
    cut = max((k for k, t in enumerate(ordered) if _breaks(t)), default=-1)
    return ordered[cut + 1 :]


def _breaks(token: Token) -> bool:
    """A spaced dash, a colon or a line break (a hyphen inside "Vice-President" is none)."""
    if "\n" in token.text_with_ws:
        return True
    if token.text == "-":
        return token.i > 0 and bool(token.doc[token.i - 1].whitespace_)
    return token.text in _BREAKS


def _words(tokens: list[Token]) -> str | None:
    """Tokens as written (keeping "Syria’s" whole), without determiners and punctuation at the ends."""
    kept = list(tokens)
    while kept and (kept[0].pos_ in _DROP_FROM_ROLE or kept[0].tag_ == "POS"):
        kept = kept[1:]
    while kept and kept[-1].pos_ in _DROP_FROM_ROLE:
        kept = kept[:-1]
    text = "".join(t.text_with_ws if i + 1 < len(kept) and kept[i + 1].i == t.i + 1 else t.text + " "
                   for i, t in enumerate(kept))  # fmt: skip
    return " ".join(text.split()) or None


def _canonical_names(persons: list[_Person]) -> dict[str, str]:
    """The fullest spelling of each person, preferring the earliest when equally full."""
    best: dict[str, str] = {}
    for person in persons:
        current = best.get(person.key)
        if current is None or len(person.name.split()) > len(current.split()):
            best[person.key] = person.name
    return best


def _roles_by_key(persons: list[_Person]) -> dict[str, str]:
    roles: dict[str, str] = {}
    for person in persons:
        if person.role and person.key not in roles:
            roles[person.key] = person.role
    return roles


def _resolve(doc: Doc, source: Span | None, registry: _Registry) -> Speaker:
    if source is None:
        return Speaker(None, None, None, "unknown")
    phrase = doc.char_span(*source, alignment_mode="expand")
    if phrase is None:
        return Speaker(doc_text(doc)[source[0] : source[1]], None, None, "unknown")
    named = _named_person(phrase, registry)
    person = named
    head = phrase.root.lower_
    if person is None and head in _PERSON_PRONOUNS:
        person = registry.last_speaker or _last_before(registry.persons, source[0])
    elif person is None and head == "it" and registry.last_body is not None:
        return registry.last_body
    elif person is None and _is_role_phrase(phrase):
        earlier = [p for p in registry.persons if p.position < source[0]]
        person = _by_role(phrase, earlier, registry.roles)
    if person is None:
        body = _non_person(phrase)
        if body.kind in ("country", "organization"):
            registry.last_body = body
        return body
    registry.last_speaker = person
    role = (_role_in(phrase, person) if named else None) or registry.roles.get(person.key)
    affiliation = _affiliation(role, phrase) or registry.affiliations.get(person.key)
    if affiliation:
        registry.affiliations.setdefault(person.key, affiliation)
    return Speaker(registry.canonical.get(person.key, person.name), role, affiliation, "person")


def _named_person(phrase: SpacySpan, registry: _Registry) -> _Person | None:
    """A person named in the phrase: a PERSON entity, or a proper noun sharing a registered surname
    (the tagger often reads a bare surname such as 'Lavrov' as an organisation)."""
    people = [e for e in span_ents(phrase) if e.label_ == "PERSON" and find_country(e.text) is None]
    holding_root = [e for e in people if e.start <= phrase.root.i < e.end]
    for ent in holding_root or people[-1:]:
        if ent.label_ == "PERSON":
            name = _strip_titles(ent.text)
            return _Person(ent.end_char - len(name), name_key(name), name, None, ent.end_char)
    for token in reversed(phrase):
        if token.pos_ == "PROPN" and name_key(token.text) in registry.canonical:
            first = token
            while first.i > phrase.start and first.nbor(-1).pos_ == "PROPN" and first.nbor(-1).is_title:
                first = first.nbor(-1)  # "Le Drian": the whole run of name words
            name = doc_text(phrase.doc)[first.idx : token.idx + len(token.text)]
            return _Person(first.idx, name_key(token.text), name, None, token.idx + len(token.text))
    return None


def _last_before(persons: list[_Person], position: int) -> _Person | None:
    earlier = [p for p in persons if p.position < position]
    return earlier[-1] if earlier else None


def _is_role_phrase(phrase: SpacySpan) -> bool:
    head = phrase.root.lemma_.lower()
    return head in cue_lexicon().role_nouns or head in _ROLE_FAMILIES


def _role_in(phrase: SpacySpan, person: _Person) -> str | None:
    """Words of the phrase besides the name: 'Turkish Foreign Minister' in '... Mevlut Cavusoglu'."""
    return _words(_after_break([t for t in phrase if not (person.position <= t.idx < person.end)]))


def _strip_titles(name: str) -> str:
    """'Spokeswoman Maria Zakharova' -> 'Maria Zakharova': NER sometimes takes the title in."""
    words = name.split()
    roles = cue_lexicon().role_nouns
    while len(words) > 1 and words[0].lower() in roles:
        words = words[1:]
    return " ".join(words)


def _by_role(phrase: SpacySpan, earlier: list[_Person], roles: dict[str, str]) -> _Person | None:
    """The last person whose role fits 'the [Turkish] <role noun>'."""
    head = phrase.root.lower_
    family = _ROLE_FAMILIES.get(head, (head,))
    country = find_country(phrase.text)
    for person in reversed(earlier):
        role = (roles.get(person.key) or "").lower()
        if not any(word in role for word in family):
            continue
        written = find_country(roles.get(person.key) or "")
        if country is not None and written is not None and written.iso2 != country.iso2:
            continue
        return person
    return None


def _affiliation(role: str | None, phrase: SpacySpan) -> str | None:
    for text in (role or "", phrase.text):
        match = find_country(text)
        if match is not None:
            return match.name
    orgs = [e.text for e in span_ents(phrase) if e.label_ == "ORG"]
    return orgs[0] if orgs else None


def _non_person(phrase: SpacySpan) -> Speaker:
    """A country, an institution, or an unnamed or collective source ('activists', 'a monitor')."""
    text = phrase.text
    name = _LEADING_DETERMINER.sub("", text)
    country = find_country(text)
    labels = {e.label_ for e in span_ents(phrase)}
    if phrase.root.lower_ in _GROUP_PRONOUNS:
        return Speaker(text, None, None, "unknown")
    if country is not None and country.kind in ("name", "metonym", "capital") and len(phrase) <= 3:
        return Speaker(name, "government", country.name, "country")
    institution = labels & {"ORG", "GPE"} or phrase.root.lemma_.lower() in _INSTITUTIONS
    kind = "organization" if institution else "group"
    return Speaker(
        name, _body_role(phrase, country), country.name if country else _affiliation(None, phrase), kind
    )


def _body_role(phrase: SpacySpan, country: CountryMatch | None) -> str | None:
    """'defense ministry' in "Russia's defense ministry", 'military spokesman' in "a military
    spokesman": the phrase without its country and determiners; None for a bare proper name."""
    if all(t.pos_ == "PROPN" or t.pos_ in _DROP_FROM_ROLE for t in phrase):
        return None
    skip = range(country.start, country.end) if country is not None else range(0)
    offset = phrase.start_char
    return _words([t for t in phrase if t.idx - offset not in skip and t.tag_ != "POS"])
