"""Places: place-name mentions resolved to coordinates with the gazetteer and the article as context.

Mentions are spaCy's GPE, LOC and FAC entities plus the supplement's sites that the model misses
("Bab al-Hawa", "al-Hol camp", "M4 highway"), plus proper names the model labelled otherwise that
stand in a place slot ("between X and Y", "near X", "now named X") and name a town of at least
10,000 people in a country the article names. Each mention's candidates come from the gazetteer
(`rashomon.kb.gazetteer`) and the country knowledge base (names, adjectives, capitals, metonyms).
Candidates are scored in two passes, in log10 units of population:

- prior: log10 of the population (towns at least 500); a first-level region 0.5 less (its population
  is the sum of its towns', which overstates how often it is meant), and 1 less again when one of its
  own towns has the same name, so "Idlib" is the town unless a division word follows ("Idlib
  province"); a country named as such (name, adjective, demonym) 9, as much as a town of a billion;
  seas, continents and world regions of the supplement 9 too, its other places 6.5; a national
  capital +1; a match on one of a town's alternate names -1.5 ("Pokrovsk" is also an old name of
  Engels);
- focus: the article's countries, counted from country names and adjectives (`find_countries`; its
  capitals and seats of government are left to the towns) and from the first pass's clear
  resolutions (no candidate in another country within 1.0): +3 x the country's share of those counts,
  +0.75 for any country counted at all; `focus_countries` given by the caller count as a share of 1;
- region context: +2 when the candidate lies in a region that the article names, +1 when other
  mentions resolved to towns of its region; +4 for the region and +3 for the country written right
  after the mention ("Sarmada, in Idlib province", "Portland, Ore.", "Tripoli, Lebanon").
The weights were set by hand on invented conflict texts, then checked on GeoWebNews
(bench/geo_eval.py): moving any one of them by a half to a third changes the share within 161 km by
less than one point.

Precision follows ACLED's geo_precision: 1 the town or site itself; 2 near a town or part of a
region ("near Saraqib", "the Afrin district", a road, a facility resolved to the article's main town,
a place found inside a longer name); 3 only the region: first-level regions, and also countries,
world regions and seas (ACLED would not code a country-only location; such mentions are kept with
precision 3 and kind "country"). A mention that is the subject of a speech verb ("Moscow said") is a
metonym for a government: it is still resolved, with `literal` False.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from rashomon.clean.dates import find_dateline_place
from rashomon.extract.cues import cue_lexicon
from rashomon.extract.doc_views import doc_ents, doc_text
from rashomon.extract.place_people import without_people
from rashomon.kb.countries import CountryMatch, find_countries, find_country
from rashomon.kb.gazetteer import ADMIN, COUNTRY, TOWN, Candidate, Gazetteer, fold, load_gazetteer
from rashomon.language_data import load_language_data

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
COUNTRY_PRIOR = 9.0
CURATED_PRIOR = 6.5
REGION_DISCOUNT = 0.5
NAMESAKE_PENALTY = 1.0
CAPITAL_BONUS = 1.0
ALTERNATE_PENALTY = 1.5
FOCUS_WEIGHT = 3.0
FOCUS_PRESENT = 0.75
REGION_IN_ARTICLE = 2.0
REGION_AFTER = 4.0
NEIGHBOUR_TOWNS = 1.0
CLEAR_MARGIN = 1.0  # a first-pass resolution counts towards the focus only when no other country is close
COUNTRY_AFTER = 3.0
# A misread name in a place slot is taken for a town only if this large (and in a country the
# article names): few people or organisations share the name of a town of 10,000 in that country.
SLOT_POPULATION = 10_000
_SLOT_PREPS = frozenset({"in", "near", "between", "from", "at", "outside", "around", "toward", "towards"})
_NAMING = frozenset({"name", "rename", "call"})
# a town this small, in a country the article does not name while one country has this share of its
# country mentions, is a namesake abroad of a place the gazetteer lacks (`_stray_town`)
STRAY_TOWN_POPULATION = 100_000
STRAY_FOCUS_SHARE = 0.5
FACILITY_TOWN = 10_000  # a facility name matching a smaller town elsewhere is taken as a local facility
PART_PRIOR = 5.0  # a place inside a longer name must be well known: a town of 100,000, a region, a country
_COUNTRY_KINDS = frozenset({"name", "adjective", "demonym"})  # capitals are towns, resolved like others
_POINT_KINDS = frozenset({TOWN, "site", "camp", "military base", "border crossing", "highway"})
_AREA_KINDS = {"highway": 2, "county": 3, "region": 3, "sea": 3, "continent": 3, ADMIN: 3, COUNTRY: 3}
_DIVISION = r"(?:province|governorate|region|oblast|state|district|department|prefecture|krai|county|area)"
_DIVISION_AFTER = re.compile(rf" {_DIVISION}\b")
_SUFFIX = re.compile(rf"^(?P<base>.+?)\s+{_DIVISION}$", re.IGNORECASE)
_PREFIX = re.compile(rf"^{_DIVISION}\s+of\s+(?P<base>.+)$", re.IGNORECASE)
_CITY = re.compile(r"^(?P<base>.+?)\s+city$|^city\s+of\s+(?P<base2>.+)$", re.IGNORECASE)
_ARTICLE = re.compile(r"^(?:al|el|ad|ar|as|ash|at|az|an|ed|er|es|et|ez|en) ")
_THE = re.compile(r"^the\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"['’]s?$")
_NEAR = re.compile(
    r"(?:\bnear|\boutside|\boutskirts of|\baround|\bvicinity of|\bcountryside of)\s+(?:the\s+)?$|"
    r"\b(?:north|south|east|west|northeast|northwest|southeast|southwest)(?:ern)?\s+(?:of\s+)?(?:the\s+)?$",
    re.IGNORECASE,
)
_DISTANCE = re.compile(r"\b(?:km|kilometres|kilometers|miles)\s+(?:\w+\s+)?(?:of|from)\s+(?:the\s+)?$", re.I)
_AFTER = re.compile(
    r"\s*(?:,\s*)?(?:in\s+|of\s+)?(?:the\s+)?(?:(?:north|south|east|west|central)\w*\s+)?"
    rf"(?P<ctx>[A-Z][\w'’.\-]*(?:\s+(?:al-|el-)?[A-Z][\w'’.\-]*){{0,3}}(?:\s+{_DIVISION})?)"
)
_FACILITY = re.compile(
    r"\b(?:street|st|avenue|ave|road|rd|boulevard|blvd|lane|drive|square|plaza|bridge|church|cathedral|"
    r"mosque|temple|hospital|clinic|school|college|university|park|stadium|arena|station|airport|hotel|"
    r"market|center|centre|building|tower|hall|library|museum|mall|prison|jail|court|courthouse|"
    r"quarter|neighbourhood|neighborhood|campus|base|camp|port|harbour|harbor)\.?$",
    re.IGNORECASE,
)
_FILLER = re.compile(
    r"of|the|and|for|de|la|le|del|university|state|international|national|airport|cent(?:er|re)|college|"
    r"school|hospital|city",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Place:
    """A place-name mention resolved to a place."""

    name: str  # as written in the text
    start: int
    end: int
    geonameid: int | None
    lat: float
    lon: float
    country: str | None  # ISO 3166-1 alpha-2
    kind: str  # town | admin region | country | site | camp | military base | border crossing | ...
    precision: int  # ACLED geo_precision: 1 exact, 2 near or part of, 3 region only
    score: float  # the winning candidate's score (log10 units); higher is surer
    literal: bool = True  # False when the mention stands for a government ("Moscow said")
    resolved_name: str = ""  # the gazetteer's name for the place
    admin1: str | None = None  # first-level region code within the country


@dataclass
class _Option:
    candidate: Candidate
    prior: float
    precision: int
    via: str = "name"  # name | country | capital | division | area | part | facility


@dataclass
class _Mention:
    start: int
    end: int
    text: str
    options: list[_Option] = field(default_factory=list)
    after_regions: set[str] = field(default_factory=set)
    after_countries: set[str] = field(default_factory=set)


def resolve_places(doc: Doc, *, focus_countries: Iterable[str] | None = None) -> list[Place]:
    """Every place mention of a parsed article, resolved; mentions with no candidate are left out."""
    spans = place_mentions(doc)
    places = resolve_spans(doc_text(doc), spans, focus_countries=focus_countries, doc=doc)
    return [place for place in places if place is not None]


def place_mentions(doc: Doc, gazetteer: Gazetteer | None = None) -> list[tuple[int, int]]:
    """Spans of GPE/LOC/FAC entities (with a division word that follows: "Idlib province"), of
    supplement sites (a longer supplement match wins), of names in place slots and of the dateline's
    place; none that names a person of the article ("Petro" after "Gustavo Petro")."""
    text = doc_text(doc)
    spans = []
    for ent in doc_ents(doc):
        if ent.label_ in PLACE_LABELS:
            division = _DIVISION_AFTER.match(text, ent.end_char)
            spans.append((ent.start_char, division.end() if division else ent.end_char))
    gaz = gazetteer or load_gazetteer()
    spans = _joined_names(text, sorted(spans), gaz)
    for start, end in _curated_matches(text, gaz):
        overlapping = [s for s in spans if s[0] < end and start < s[1]]
        if all(s[1] - s[0] < end - start for s in overlapping):
            spans = [s for s in spans if s not in overlapping] + [(start, end)]
    dateline = find_dateline_place(text)  # "BOGOTA, Jan 1 (Reuters) -": the tagger often misses it
    for start, end in [*slot_mentions(doc, gaz), *([dateline] if dateline else [])]:
        if not any(s[0] < end and start < s[1] for s in spans):
            spans.append((start, end))
    return sorted(without_people(text, spans, doc, gaz))


_JOINER = re.compile(r"\s+(?:and|&)\s+")


def _joined_names(text: str, spans: list[tuple[int, int]], gaz: Gazetteer) -> list[tuple[int, int]]:
    """Two place names joined by "and" that the gazetteer knows as one region or country are one
    mention ("the Jammu and Kashmir region", "Bosnia and Herzegovina"), not a town and another
    place; joined names it does not know stay two places ("blasts in Jammu and Srinagar")."""
    out: list[tuple[int, int]] = []
    for span in spans:
        if out and _JOINER.fullmatch(text, out[-1][1], span[0]):
            name = _THE.sub("", text[out[-1][0] : span[1]].strip())
            country = find_country(name)
            whole = country is not None and country.text == name
            if whole or any(o.candidate.kind not in _POINT_KINDS for o in _lookup(name, gaz)):
                out[-1] = (out[-1][0], span[1])
                continue
        out.append(span)
    return out


_LISTED = re.compile(r"(?:\s*,\s*|\s+)(?:and\s+|or\s+)?(?:the\s+)?")


def common_region(places: Sequence[Place], text: str) -> Place | None:
    """Towns listed together ("blasts in Jammu and Srinagar", "strikes on X, Y and Z") as one place:
    the first-level region that holds them all (precision 3, named as the gazetteer names it);
    None for fewer than two towns, towns in different regions, or names not joined by "and",
    "or" or commas alone ("Sarmada, near Idlib" is one town placed by another)."""
    towns = sorted(
        {p.geonameid: p for p in places if p.literal and p.kind == TOWN}.values(), key=lambda p: p.start
    )
    if len(towns) < 2 or len({(p.country, p.admin1) for p in towns}) != 1:
        return None
    if not all(_LISTED.fullmatch(text, a.end, b.start) for a, b in itertools.pairwise(towns)):
        return None
    first = towns[0]
    region = load_gazetteer().admin_region(first.country or "", first.admin1 or "") if first.admin1 else None
    if region is None:
        return None
    return Place(
        region.name, first.start, towns[-1].end, region.geonameid, round(region.lat, 5), round(region.lon, 5),
        region.country, region.kind, 3, min(p.score for p in towns), True, region.name, region.admin1,
    )  # fmt: skip


def slot_mentions(doc: Doc, gaz: Gazetteer) -> list[tuple[int, int]]:
    """Proper names the tagger did not take for places (a person, an organisation, nothing) that
    stand where a place stands ('between Kramatorsk and X', 'near X', 'Kyiv (then called X)') and
    name a town of at least `SLOT_POPULATION` in a country the article names."""
    named = {m.iso2 for m in find_countries(doc_text(doc))}
    found = []
    for token in doc:
        if token.pos_ != "PROPN" or token.ent_type_ in PLACE_LABELS or not _in_slot(token):
            continue
        start = _name_start(token)
        surface = doc_text(doc)[start : token.idx + len(token.text)]
        if _known_town(surface, gaz, named):
            found.append((start, token.idx + len(token.text)))
    return found


def _in_slot(token: Token, depth: int = 0) -> bool:
    """The object of a place preposition, a name given to a place ("now named X", "the city of
    X", "X, the region's capital"), where an attack hit ("struck X", "X was hit", "a strike on X"),
    or a conjunct of any of these."""
    words = locative_words()
    if placed_by_head(token):
        return True
    if token.dep_ == "pobj":
        return token.head.lower_ in _SLOT_PREPS
    if token.dep_ in ("oprd", "attr") and token.head.lemma_.lower() in _NAMING:
        return True
    if token.dep_ == "dobj" and _lemma(token.head) in words["shaking_verbs"]:
        return True  # "explosions shook X"
    if any(c.dep_ == "appos" and _lemma(c) in words["settlement_nouns"] for c in token.children):
        return True
    if token.dep_ == "conj" and depth < 4:
        return token.head.ent_type_ in PLACE_LABELS or _in_slot(token.head, depth + 1)
    return False


def placed_by_head(token: Token) -> bool:
    """A word its head makes a place or what an attack hit: "the city of X", "a strike on X",
    "struck X", "X was hit"."""
    words = locative_words()
    if token.dep_ == "pobj":
        prep, governor = token.head.lower_, _lemma(token.head.head)
        return (prep == "of" and governor in words["settlement_nouns"]) or (
            prep == "on" and governor in words["attack_nouns"]
        )
    return token.dep_ in ("dobj", "nsubjpass") and _lemma(token.head) in words["attack_verbs"]


def _lemma(token: Token) -> str:
    return (token.lemma_ or token.text).lower()  # a parse without lemmas: the word as written


@lru_cache(maxsize=1)
def locative_words() -> dict[str, frozenset[str]]:
    """The words that make a name a place (data/en/places.json): settlement and attack nouns, attack
    verbs, and the verbs whose place phrase or object places the event noun they tell of."""
    data = load_language_data("places")
    keys = ("settlement_nouns", "attack_nouns", "attack_verbs")
    keys += ("telling_verbs", "over_preps", "shaking_verbs")
    return {key: frozenset(data[key]) for key in keys}


def _name_start(token: Token) -> int:
    """Where a multi-word name ending in `token` starts ('Jisr al-Shughur', 'Nur-Sultan')."""
    doc, left = token.doc, token.i
    while left > token.sent.start:
        before = doc[left - 1]
        if before.head.i != token.i or not (before.pos_ == "PROPN" or before.text == "-"):
            break
        left -= 1
    return doc[left].idx


def _known_town(name: str, gaz: Gazetteer, countries: set[str]) -> bool:
    return any(
        o.candidate.kind in (TOWN, ADMIN)
        and o.candidate.population >= SLOT_POPULATION
        and o.candidate.country in countries
        for o in _lookup(_THE.sub("", name.strip()), gaz)
    )


def resolve_spans(
    text: str,
    spans: Sequence[tuple[int, int]],
    *,
    focus_countries: Iterable[str] | None = None,
    doc: Doc | None = None,
    gazetteer: Gazetteer | None = None,
) -> list[Place | None]:
    """Resolve given mention spans of `text`, the whole text serving as context; None where unresolved."""
    gaz = gazetteer or load_gazetteer()
    country_matches = {(m.start, m.end): m for m in find_countries(text)}
    mentions = [_mention(text, start, end, gaz, country_matches) for start, end in spans]
    explicit = {code.upper() for code in focus_countries or ()}
    counts = Counter(m.iso2 for m in country_matches.values() if m.kind in _COUNTRY_KINDS)
    first_focus = _focus(counts, explicit)
    first = [_best(m, first_focus, set()) for m in mentions]
    for mention, option in zip(mentions, first, strict=True):
        if option is not None and option.via != "country" and _clear_country(mention, option, first_focus):
            counts[option.candidate.country or ""] += 1
    counts.pop("", None)
    focus = _focus(counts, explicit)
    regions = {o.candidate.admin_key for o in first if o is not None and o.candidate.kind == ADMIN}
    regions.discard(None)
    towns = _town_regions(mentions, first)
    chosen = [_best(m, focus, regions, towns.get(m.text.lower(), Counter())) for m in mentions]
    home = _home_town(chosen)
    places: list[Place | None] = []
    for mention, option in zip(mentions, chosen, strict=True):
        if home is not None and _FACILITY.search(mention.text) and _minor(option, home):
            option = _Option(home.candidate, 0.0, 2, "facility")
        if option is None or _out_of_focus(option, focus):
            places.append(None)
            continue
        neighbours = towns.get(mention.text.lower())
        places.append(_place(text, mention, option, _score(option, mention, focus, regions, neighbours), doc))
    return places


def _mention(
    text: str, start: int, end: int, gaz: Gazetteer, country_matches: Mapping[tuple[int, int], CountryMatch]
) -> _Mention:
    surface = text[start:end]
    mention = _Mention(start, end, surface)
    cleaned = _POSSESSIVE.sub("", _THE.sub("", surface.strip()))
    match = _country_match(country_matches, start, end, end - len(cleaned))
    if match is not None and match.kind in _COUNTRY_KINDS:
        country = gaz.country(match.iso2)
        if country is not None:
            mention.options.append(_Option(country, COUNTRY_PRIOR, 3, "country"))
    elif match is not None:  # a capital or a seat of government: the capital town
        capital = gaz.capital(match.iso2)
        if capital is not None:
            mention.options.append(_Option(capital, _prior(capital) + CAPITAL_BONUS, 1, "capital"))
    mention.options += _lookup(cleaned, gaz)
    _prefer_regions(mention, cleaned)
    if not mention.options:
        mention.options = _part_options(cleaned, gaz)
    _read_after(text, mention, gaz, country_matches)
    return mention


def _country_match(
    matches: Mapping[tuple[int, int], CountryMatch], start: int, end: int, clean_start: int
) -> CountryMatch | None:
    """The country-table match of the mention ('U.S' also takes a match of 'U.S.')."""
    for key in ((start, end), (clean_start, end), (start, end + 1), (clean_start, end + 1)):
        if key in matches:
            return matches[key]
    return None


def _prefer_regions(mention: _Mention, name: str) -> None:
    """A region named like one of its towns gives way to the town ('Idlib', 'Kherson' are the towns
    unless a division word follows); a country-table name that is a region of that country
    ('Wales', 'England', 'Scottish') is the region, not the whole country."""
    key = fold(name)
    regions = [o.candidate for o in mention.options if o.candidate.kind == ADMIN]
    towns = {o.candidate.admin_key for o in mention.options if o.candidate.kind == TOWN}
    for option in mention.options:
        if option.candidate.kind == ADMIN and option.candidate.admin_key in towns:
            option.prior -= NAMESAKE_PENALTY
    own = {c.country for c in regions}
    mention.options = [
        o
        for o in mention.options
        if not (o.candidate.kind == COUNTRY and o.candidate.country in own and fold(o.candidate.name) != key)
    ]


def _lookup(name: str, gaz: Gazetteer) -> list[_Option]:
    """Options for a name: as written, then without a division word, 'city', or an Arabic article."""
    options = [_option(c, "name", gaz) for c in gaz.lookup(name) if not c.generic]
    if options:
        return options
    for pattern in (_SUFFIX, _PREFIX):
        found = pattern.match(name)
        if found:
            base = found.group("base")
            regions = [c for c in gaz.lookup(base) if c.kind in (ADMIN, "region")]
            if regions:
                return [_option(c, "division", gaz) for c in regions]
            return [_option(c, "area", gaz) for c in gaz.lookup(base) if c.kind == TOWN]
    found = _CITY.match(name)
    if found:
        base = found.group("base") or found.group("base2")
        return [_option(c, "name", gaz) for c in gaz.lookup(base) if c.kind == TOWN]
    key = fold(name)
    variant = _ARTICLE.sub("", key) if _ARTICLE.match(key) else f"al {key}"
    return [_option(c, "name", gaz) for c in gaz.lookup(variant) if not c.generic and not c.alternate]


def _part_options(name: str, gaz: Gazetteer) -> list[_Option]:
    """A place inside a longer name ("University of Louisville", "Dubai World Cup"): precision 2."""
    words = name.split()
    for size in range(len(words) - 1, 0, -1):
        for i in range(len(words) - size + 1):
            part = words[i : i + size]
            if not part[0][:1].isupper() or all(_FILLER.fullmatch(w) for w in part):
                continue
            options = [o for o in _lookup(" ".join(part), gaz) if o.prior >= PART_PRIOR]
            for option in options:
                option.via, option.precision = "part", 2
            if options:
                return options
    return []


def _option(candidate: Candidate, via: str, gaz: Gazetteer) -> _Option:
    prior = _prior(candidate)
    if candidate.kind == TOWN and gaz.capitals.get(candidate.country or "") == candidate.entry:
        prior += CAPITAL_BONUS
    if via == "division":
        prior += NAMESAKE_PENALTY  # the division word says it is the region, not its namesake town
    precision = candidate.precision or _AREA_KINDS.get(candidate.kind, 1)
    return _Option(candidate, prior, 2 if via == "area" else precision, via)


def _prior(candidate: Candidate) -> float:
    if candidate.curated and candidate.country is None:
        return COUNTRY_PRIOR  # world regions, seas and continents: as salient as countries
    if candidate.curated:
        return CURATED_PRIOR + (math.log10(candidate.population) - 4 if candidate.population > 10_000 else 0)
    if candidate.kind == COUNTRY:
        return COUNTRY_PRIOR - 1.0  # a country reached by a gazetteer name, not the country table
    prior = math.log10(max(candidate.population, 500))
    if candidate.kind == ADMIN:
        prior -= REGION_DISCOUNT  # summed town populations overstate how often a region is meant
    return prior - (ALTERNATE_PENALTY if candidate.alternate else 0.0)


def _read_after(
    text: str, mention: _Mention, gaz: Gazetteer, country_matches: Mapping[tuple[int, int], CountryMatch]
) -> None:
    """Regions and countries named right after the mention: 'X, in Y province', 'X, Ore.', 'X, Syria'."""
    found = _AFTER.match(text, mention.end, min(len(text), mention.end + 60))
    if not found:
        return
    ctx = found.group("ctx")
    start = found.start("ctx")
    for (s, _), match in country_matches.items():
        if s == start and match.kind in _COUNTRY_KINDS:
            mention.after_countries.add(match.iso2)
    state = gaz.postal_code(ctx)
    if state is not None and state.admin_key:
        mention.after_regions.add(state.admin_key)
    best = max(_lookup(ctx, gaz), key=lambda o: o.prior, default=None)  # a town ("Washington, New
    if best is None:  # York and Boston") is a list, not a region
        return
    if best.candidate.kind == ADMIN and best.candidate.admin_key:
        mention.after_regions.add(best.candidate.admin_key)
    elif best.candidate.kind == COUNTRY and best.candidate.country:
        mention.after_countries.add(best.candidate.country)


def _focus(counts: Counter[str], explicit: set[str]) -> dict[str, float]:
    total = sum(counts.values())
    focus = {code: n / total for code, n in counts.items()} if total else {}
    for code in explicit:
        focus[code] = 1.0
    return focus


def _score(
    option: _Option,
    mention: _Mention,
    focus: Mapping[str, float],
    regions: set[str],
    neighbours: Counter[str] | None = None,
) -> float:
    c = option.candidate
    score = option.prior
    if c.country in focus:
        score += FOCUS_WEIGHT * focus[c.country] + FOCUS_PRESENT
    if c.admin_key and c.kind != ADMIN and c.admin_key in regions:
        score += REGION_IN_ARTICLE
    elif c.admin_key and c.kind == TOWN and neighbours and c.admin_key in neighbours:
        score += NEIGHBOUR_TOWNS
    if c.admin_key and c.admin_key in mention.after_regions and c.kind != ADMIN:
        score += REGION_AFTER
    if c.country and c.country in mention.after_countries and c.kind != COUNTRY:
        score += COUNTRY_AFTER
    return score


def _best(
    mention: _Mention, focus: Mapping[str, float], regions: set[str], neighbours: Counter[str] | None = None
) -> _Option | None:
    options = [o for o in mention.options if not o.candidate.needs_focus or o.candidate.country in focus]
    return max(options, key=lambda o: _score(o, mention, focus, regions, neighbours), default=None)


def _out_of_focus(option: _Option, focus: Mapping[str, float]) -> bool:
    """Left unresolved: a place that resolves only where the article's focus includes its country,
    outside it, or a small namesake abroad (`_stray_town`)."""
    c = option.candidate
    return (c.needs_focus and c.country not in focus) or _stray_town(option, focus)


def _stray_town(option: _Option, focus: Mapping[str, float]) -> bool:
    """A small town in a country the article never names, while it is about another: the village
    it reports is missing from the gazetteer and this is a namesake abroad (Moura in Mali is not
    Moura in Portugal). The mention is left unresolved rather than put in the wrong country."""
    c = option.candidate
    if c.kind != TOWN or c.country in focus or c.population >= STRAY_TOWN_POPULATION:
        return False
    return any(share >= STRAY_FOCUS_SHARE for share in focus.values())


def _clear_country(mention: _Mention, best: _Option, focus: Mapping[str, float]) -> bool:
    """Whether the first pass's choice is clear enough to count towards the article's focus: no
    candidate in another country comes within `CLEAR_MARGIN` of it."""
    country = best.candidate.country
    if country is None:
        return False
    top = _score(best, mention, focus, set())
    others = [_score(o, mention, focus, set()) for o in mention.options if o.candidate.country != country]
    return not others or top - max(others) >= CLEAR_MARGIN


def _town_regions(mentions: Sequence[_Mention], first: Sequence[_Option | None]) -> dict[str, Counter[str]]:
    """For each mention text, the regions of the towns that the other mentions resolved to."""
    resolved = [
        (m.text.lower(), o.candidate.admin_key)
        for m, o in zip(mentions, first, strict=True)
        if o is not None and o.candidate.kind == TOWN and o.candidate.admin_key
    ]
    out: dict[str, Counter[str]] = {}
    for text in {m.text.lower() for m in mentions}:
        out[text] = Counter(key for other, key in resolved if other != text)
    return out


def _minor(option: _Option | None, home: _Option) -> bool:
    """A facility name ('Washington Square') matched no place, or only a small town elsewhere."""
    if option is None:
        return True
    c = option.candidate
    return c.kind == TOWN and c.population < FACILITY_TOWN and c.admin_key != home.candidate.admin_key


def _home_town(chosen: Sequence[_Option | None]) -> _Option | None:
    """The town the article is mostly about: its most resolved town (the first on a tie)."""
    towns = [o for o in chosen if o is not None and o.candidate.kind == TOWN]
    if not towns:
        return None
    counts = Counter(o.candidate.entry for o in towns)
    top = max(counts.values())
    return next(o for o in towns if counts[o.candidate.entry] == top)


def _place(text: str, mention: _Mention, option: _Option, score: float, doc: Doc | None) -> Place:
    c = option.candidate
    precision = option.precision
    if precision == 1 and (
        _NEAR.search(text, max(0, mention.start - 30), mention.start)
        or _DISTANCE.search(text, max(0, mention.start - 40), mention.start)
    ):
        precision = 2
    kind = "site" if option.via == "facility" else c.kind
    geonameid = None if option.via == "facility" else c.geonameid
    return Place(
        mention.text,
        mention.start,
        mention.end,
        geonameid,
        round(c.lat, 5),
        round(c.lon, 5),
        c.country,
        kind,
        precision,
        round(score, 3),
        _literal(doc, mention),
        c.name,
        c.admin1,
    )


def _literal(doc: Doc | None, mention: _Mention) -> bool:
    """False when the mention is the subject of a speech verb ("Moscow said", "Ankara denied")."""
    if doc is None:
        return True
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is None:
        return True
    root = span.root
    if root.dep_ not in ("nsubj", "nsubjpass"):
        return True
    return cue_lexicon().claim_type(root.head.lemma_) is None


def _curated_matches(text: str, gaz: Gazetteer) -> list[tuple[int, int]]:
    pattern = _curated_pattern(gaz)
    return [(m.start(), m.end()) for m in pattern.finditer(text)] if pattern else []


@lru_cache(maxsize=4)
def _curated_pattern(gaz: Gazetteer) -> re.Pattern[str] | None:
    """One expression for the supplement's point-like places (sites, camps, bases, roads, towns)."""
    forms = sorted({name for name, c in gaz.curated_names() if c.kind in _POINT_KINDS}, key=len, reverse=True)
    if not forms:
        return None
    body = "|".join(re.escape(form) for form in forms)
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])")
