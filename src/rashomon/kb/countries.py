"""Countries (data/countries.json), loaded once, and the country a phrase refers to.

`find_country("Russian Foreign Ministry spokeswoman")` gives Russia, matched as an adjective;
`find_countries(text)` gives every mention in a longer text. Every alias of every country (names,
adjectives, demonyms, metonyms such as "the Kremlin" or "Ankara") is compiled at load time into one
regular expression shaped like a trie, so a sentence is scanned once, left to right.

Matching rules:
- Case-sensitive: "turkey" (the bird), "china" (porcelain) and "us" (the pronoun) never match. A text
  with no lower-case letter at all (a shouted headline) is matched without case, acronyms left out.
- Word boundaries on both sides; the longest alias at the leftmost position wins ("South Sudan" over
  "Sudan", "Papua New Guinea" over "Guinea").
- A leading "the" is part of the span only when the alias is written with it ("the Kremlin").
- A capital is matched as kind `capital`; other seats of power as `metonym`, with a sector (GOV unless
  the data says MIL or LEG: "the Pentagon", "Capitol Hill").
- False friends (data `false_friends`: "New Mexico", "Indian Ocean", "Washington Post") are matched
  as a whole and give no country, so the alias inside them does not match either.
- An alias claimed by two entries resolves as the data's `ambiguous` table says: "Congo" and
  "Congolese" to DR Congo (far more reported than the Republic of the Congo, which keeps
  "Congo-Brazzaville" and "Republic of the Congo"); "Dominican" to the Dominican Republic. "Korea" and
  "Korean" belong to South Korea only; North Korea is "North Korea", "DPRK", "Pyongyang".
- "US" and "CAR" are also shouted English words ("CONTACT US"): they do not match right after another
  all-capital word.

Known limitations: "Georgia" is always the country, never the US state (a false friend covers
"Georgia Tech" only); first names that are country names ("Jordan", "Chad", "Georgia", "India") match
as the country; language names equal to adjectives ("in Russian") match as the adjective; a capital that
commonly means something else is left out of the metonyms (Victoria, Kingston, San José, Sofia,
Santiago, Brussels for the EU, the contested Jerusalem), so it gives no country.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from typing import Any

GOVERNMENT = "GOV"
# Acronym aliases that are also ordinary words when written in capitals ("CONTACT US", "CAR BOMB").
_WORDLIKE_ACRONYMS = frozenset({"US", "CAR"})
_SHOUTED_WORD_BEFORE = re.compile(r"(?<!\w)[A-Z]{2,}\s+$")
_ARTICLE = re.compile(r"^[Tt]he\s+")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Metonym:
    name: str
    sector: str = GOVERNMENT


@dataclass(frozen=True)
class Country:
    iso2: str
    iso3: str
    name: str
    names: tuple[str, ...]
    adjectives: tuple[str, ...]
    demonyms: tuple[str, ...]
    capital: str
    metonyms: tuple[Metonym, ...]
    region: str


@dataclass(frozen=True)
class CountryMatch:
    country: Country
    kind: str  # name | adjective | demonym | metonym | capital
    text: str  # the matched substring
    start: int
    end: int
    sector: str | None = None  # for metonyms and capitals: GOV, MIL, LEG

    @property
    def iso2(self) -> str:
        return self.country.iso2

    @property
    def name(self) -> str:
        return self.country.name

    @property
    def span(self) -> tuple[int, int]:
        return (self.start, self.end)


@dataclass(frozen=True)
class _Alias:
    country: Country | None  # None for a false friend
    kind: str
    sector: str | None
    with_article: bool  # written "the X" in the data: the span includes "the"


@dataclass(frozen=True)
class _Matcher:
    aliases: dict[str, _Alias]
    pattern: re.Pattern[str]
    fold: Callable[[str], str]


@dataclass(frozen=True)
class _Index:
    countries: tuple[Country, ...]
    by_iso2: dict[str, Country]
    cased: _Matcher
    shouted: _Matcher


def countries() -> list[Country]:
    return list(_index().countries)


def by_iso2(code: str) -> Country | None:
    return _index().by_iso2.get(code.strip().upper())


def find_country(text: str) -> CountryMatch | None:
    """The country a short phrase refers to: the leftmost (then longest) country alias in it."""
    return next(_iter_matches(text), None)


def find_countries(text: str) -> list[CountryMatch]:
    """Every non-overlapping country mention in a text, in order."""
    return list(_matches_of(text))


@lru_cache(maxsize=16)
def _matches_of(text: str) -> tuple[CountryMatch, ...]:
    # Several framing stages ask for the countries of the same article text in turn.
    return tuple(_iter_matches(text))


# Shortest word read as a misspelt country: shorter ones are too often other words or names ("Angela"
# for Angola, "Greene", "Finish").
MISSPELT_MIN_LETTERS = 7


def misspelt_country(word: str) -> CountryMatch | None:
    """The country a capitalised one-word name, adjective or demonym of it names with one letter
    missing or doubled ("Ethopia", "Afganistan", "Phillippines"), where only one country's does and
    the first letter is right; None for an alias or false friend itself ("the Americas"). Callers
    rule out the names of real places and people first ("Cameron", "Solomon")."""
    if len(word) < MISSPELT_MIN_LETTERS or not word[:1].isupper() or not word.isalpha():
        return None
    table = _misspelling_table()
    if word in _index().cased.aliases:
        return None
    found = {
        (alias, kind_country)
        for variant in {word, *_deletions(word)}
        for alias, kind_country in table.get(variant, ())
        if alias[0] == word[0] and _one_edit(alias, word)
    }
    countries_found = {country.iso2 for _, (_, country) in found}
    if len(countries_found) != 1:
        return None
    _, (kind, country) = min(found, key=lambda item: item[0])
    return CountryMatch(country, kind, word, 0, len(word))


@lru_cache(maxsize=1)
def _misspelling_table() -> dict[str, list[tuple[str, tuple[str, Country]]]]:
    """Each one-word alias and its one-letter deletions -> (alias, (kind, country))."""
    table: dict[str, list[tuple[str, tuple[str, Country]]]] = {}
    for key, alias in _index().cased.aliases.items():
        if alias.country is None or alias.kind not in _SPELT_KINDS:
            continue
        if len(key) < MISSPELT_MIN_LETTERS - 1 or not key.isalpha():  # "Ethopia" for "Ethiopia"
            continue
        for variant in {key, *_deletions(key)}:
            table.setdefault(variant, []).append((key, (alias.kind, alias.country)))
    return table


_SPELT_KINDS = frozenset({"name", "adjective", "demonym"})


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def _one_edit(alias: str, word: str) -> bool:
    """One letter of the alias missing ("Ethopia") or doubled ("Phillippines"). A letter changed,
    swapped or added makes another word too often ("Georgina", "Brutish", "Frances")."""
    if alias == word or abs(len(alias) - len(word)) > 1:
        return False
    if len(alias) == len(word):  # "Georgina" for "Georgian", "Brutish" for "British": other words
        return False
    if len(word) < len(alias):
        return any(alias[:i] + alias[i + 1 :] == word for i in range(len(alias)))
    return any(
        word[:i] + word[i + 1 :] == alias and word[i] in word[max(0, i - 1) : i] + word[i + 1 : i + 2]
        for i in range(len(word))
    )


def takes_sides(text: str, start: int) -> bool:
    """'pro-Iranian', 'anti-Syria': the country named at `start` is one the phrase is for or against,
    not the one it is of."""
    return _SIDE_PREFIX.search(text, max(0, start - 6), start) is not None


_SIDE_PREFIX = re.compile(r"(?<![\w-])(?:pro|anti)-\s*\Z", re.IGNORECASE)


def _iter_matches(text: str) -> Iterator[CountryMatch]:
    index = _index()
    matcher = index.shouted if _is_shouted(text) else index.cased
    for found in matcher.pattern.finditer(text):
        alias = matcher.aliases.get(matcher.fold(_key(found.group("alias"))))
        if alias is None or alias.country is None or _shouted_word(text, found):
            continue
        start = found.start() if alias.with_article else found.start("alias")
        end = found.end()
        yield CountryMatch(alias.country, alias.kind, text[start:end], start, end, alias.sector)


def _is_shouted(text: str) -> bool:
    return not any(ch.islower() for ch in text) and any(ch.isupper() for ch in text)


def _shouted_word(text: str, found: re.Match[str]) -> bool:
    if found.group("alias") not in _WORDLIKE_ACRONYMS:
        return False
    start = found.start("alias")
    return _SHOUTED_WORD_BEFORE.search(text, max(0, start - 40), start) is not None


def _key(text: str) -> str:
    """Lookup key of an alias as written: single spaces, straight apostrophes, no leading "the"."""
    return _ARTICLE.sub("", _SPACES.sub(" ", text.strip()).replace("’", "'"))


# --- loading -----------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _index() -> _Index:
    data = json.loads((resources.files("rashomon.data") / "countries.json").read_text(encoding="utf-8"))
    entries = tuple(_country(row) for row in data["countries"])
    aliases = _alias_table(entries, data.get("ambiguous", {}), data.get("false_friends", []))
    shouted = {key.lower(): alias for key, alias in aliases.items() if not _is_acronym(key)}
    return _Index(
        countries=entries,
        by_iso2={country.iso2: country for country in entries},
        cased=_Matcher(aliases, _compile(aliases, 0), lambda key: key),
        shouted=_Matcher(shouted, _compile(shouted, re.IGNORECASE), str.lower),
    )


def _country(row: dict[str, Any]) -> Country:
    return Country(
        iso2=row["iso2"],
        iso3=row["iso3"],
        name=row["name"],
        names=tuple(row.get("names", ())),
        adjectives=tuple(row.get("adjectives", ())),
        demonyms=tuple(row.get("demonyms", ())),
        capital=row.get("capital", ""),
        metonyms=tuple(_metonym(item) for item in row.get("metonyms", ())),
        region=row.get("region", ""),
    )


def _metonym(item: str | dict[str, str]) -> Metonym:
    if isinstance(item, str):
        return Metonym(item)
    return Metonym(item["name"], item.get("sector", GOVERNMENT))


def _forms(country: Country) -> Iterator[tuple[str, str, str | None]]:
    """(alias as written, kind, sector), in order of precedence when one string has several kinds."""
    for form in (country.name, *country.names):
        yield form, "name", None
    for metonym in country.metonyms:
        yield metonym.name, "capital" if metonym.name == country.capital else "metonym", metonym.sector
    for form in country.adjectives:
        yield form, "adjective", None
    for form in country.demonyms:
        yield form, "demonym", None


def _alias_table(
    entries: Iterable[Country], ambiguous: dict[str, str], false_friends: Iterable[str]
) -> dict[str, _Alias]:
    candidates: dict[str, list[_Alias]] = {}
    for country in entries:
        for form, kind, sector in _forms(country):
            alias = _Alias(country, kind, sector, _ARTICLE.match(form) is not None)
            candidates.setdefault(_key(form), []).append(alias)
    chosen = {_key(form): iso2 for form, iso2 in ambiguous.items()}
    table = {key: _resolve(key, found, chosen.get(key)) for key, found in candidates.items()}
    for phrase in false_friends:
        table[_key(phrase)] = _Alias(None, "false_friend", None, False)
    return table


def _resolve(key: str, found: list[_Alias], chosen: str | None) -> _Alias:
    """One alias per key: the chosen country's where two claim it, its highest-precedence kind."""
    owners = {alias.country.iso2 for alias in found if alias.country is not None}
    if len(owners) > 1:
        if chosen not in owners:
            raise ValueError(
                f"country alias {key!r} is claimed by {sorted(owners)}; list it under 'ambiguous'"
            )
        found = [alias for alias in found if alias.country is not None and alias.country.iso2 == chosen]
    return replace(found[0], with_article=any(alias.with_article for alias in found))


def _is_acronym(key: str) -> bool:
    letters = [ch for ch in key if ch.isalpha()]
    return bool(letters) and all(ch.isupper() for ch in letters) and len(letters) <= 5


# --- the trie-shaped expression ----------------------------------------------------------------


def _compile(aliases: dict[str, _Alias], flags: int) -> re.Pattern[str]:
    trie: dict[str, Any] = {}
    for key in aliases:
        node = trie
        for char in key:
            node = node.setdefault(char, {})
        node[""] = {}
    return re.compile(rf"(?<!\w)(?:[Tt]he\s+)?(?P<alias>{_node_pattern(trie)})(?!\w)", flags)


def _node_pattern(node: dict[str, Any]) -> str:
    """Alternatives start with distinct characters, and a greedy `?` tries the longer alias first."""
    branches = [_char_pattern(char) + _node_pattern(child) for char, child in sorted(node.items()) if char]
    ends_here = "" in node
    if not branches:
        return ""
    if len(branches) == 1 and not ends_here:
        return branches[0]
    group = "(?:" + "|".join(branches) + ")"
    return group + "?" if ends_here else group


def _char_pattern(char: str) -> str:
    if char == " ":
        return r"\s+"
    if char == "'":
        return "['’]"
    return re.escape(char)
