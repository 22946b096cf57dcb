"""The linker: every actor mention of a text, known, pattern, category or discovered.

Aliases come first (context ones only where their pack is in context), then institution patterns and
countries as doers over the country layer, then category phrases; the longest mention wins an overlap,
then known before pattern before category; PERSON, ORG and NORP entities left over are discovered
actors; a title just before a person is absorbed into the person's mention.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from rashomon.kb.countries import CountryMatch, find_countries, takes_sides
from rashomon.kb.matchers import folded_key, is_acronym, lower_first, slug, text_key, usage_label
from rashomon.kb.packs import CATEGORY_PREFIX, DISCOVERED_PREFIX, countries_by_iso3

if TYPE_CHECKING:
    from rashomon.kb.knowledge import Alias, KnowledgeBase

KINDS = ("known", "pattern", "category", "discovered")
_KIND_RANK = {kind: rank for rank, kind in enumerate(KINDS)}
_DISCOVERABLE = frozenset({"PERSON", "ORG", "NORP"})
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})


@dataclass(frozen=True)
class ActorMention:
    text: str
    start: int
    end: int
    actor_id: str
    name: str
    country: str | None  # ISO 3166-1 alpha-2, as in every other record
    country_iso3: str | None
    sector: str | None
    cameo: str | None
    kind: str  # known | pattern | category | discovered
    label: str | None = None  # the term used ("regime", "terrorists"): what framing counts
    backer: str | None = None  # actor id of a backer named in the phrase ("TUR")

    @property
    def span(self) -> tuple[int, int]:
        return (self.start, self.end)


# --- context that makes a country a place, not a doer -------------------------------------------

_PLACE_WORDS_BEFORE = re.compile(
    r"(?<!\w)(?:in|into|inside|at|(?<!according\s)(?<!due\s)to|from|near|across|throughout|within|"
    r"around|toward|towards|via|outside|through|over|entered|entering|invaded|invading|visited|"
    r"visiting|capital|(?:city|town|province|parts?|areas?|territory|soil|"
    r"(?:north|south|east|west)(?:east|west)?)\s+of)\s+(?:the\s+)?\Z"
    r"|(?<!\w)(?:north|south|east|west|northern|southern|eastern|western|north-?western|north-?eastern|"
    r"south-?western|south-?eastern|northwest|northeast|southwest|southeast|central|neighbou?ring|"
    r"war-torn|war-ravaged|occupied)\s+\Z",
    re.IGNORECASE,
)
_COMMA_BEFORE = re.compile(r",\s*\Z")
_BASED_AFTER = re.compile(r"[-–](?:based|born|headquartered)\b")
_POSSESSIVE_PLACE = re.compile(
    r"['’]s\s+(?:[a-z][\w-]*\s+){0,2}?(?P<next>(?:province|governorate|region|city|town|border|borders|"
    r"territory|soil|north|south|east|west|northwest|northeast|southwest|southeast|coast|capital|"
    r"countryside|airspace)\b|[A-Z])"
)
_EVENT_AFTER = re.compile(
    r"\s*(?:[-–]\s*[A-Z][\w'’-]*\s*)?(?:and\s+[A-Z][\w'’-]*\s+)?(?:peace\s+)?"
    r"(?:agreements?|deal|process|talks|format|protocol|memorandum|summit|accords?|declaration|"
    r"conference|negotiations|meeting|platform|news)\b",
    re.IGNORECASE,
)
_CONNECTOR = re.compile(r"\s*,\s*(?:(?:and|or)\s+)?|\s+(?:and|or|&)\s+|\s*[-–/]\s*")
_THE_BEFORE = re.compile(r"(?<!\w)[Tt]he\s+\Z")
_CAPS_BEFORE = re.compile(r"(?:(?<!\w)[A-Z]{2,}[ \t]+)+\Z")  # shouted words just before a match
_CAPS_AFTER = re.compile(r"(?:[ \t]+[A-Z]{2,}(?!\w))+")
_ENTITY_TRIM = re.compile(r"^(?:[Tt]he\s+)|(?:['’]s?)$|[\s\W]+$|^[\s\W]+")
# A name's hyphenated particles that NER leaves out: "Jaish" of "Jaish-e-Mohammed", "Hizb-ut-Tahrir".
_NAME_CONTINUATION = re.compile(r"(?:-[a-z]{1,3})+-[A-Z][\w'’]*(?![\w-])")


@dataclass(frozen=True)
class _Candidate:
    mention: ActorMention
    title: bool = False  # a pattern naming a person's office ("Russian Foreign Minister")
    person: bool = False  # a known person or a discovered entity: what a title before it names
    block: bool = False  # a non-actor or false friend: occupies its span, links nothing

    @property
    def rank(self) -> tuple[int, int, int]:
        m = self.mention
        return (-(m.end - m.start), -1 if self.block else _KIND_RANK[m.kind], m.start)


@dataclass
class Linker:
    kb: KnowledgeBase
    text: str
    entities: list[tuple[int, int, str]]
    matches: list[CountryMatch] = field(default_factory=list)

    def run(self) -> list[ActorMention]:
        self.matches = find_countries(self.text)
        shouted = not any(ch.islower() for ch in self.text)
        hits = list(self._alias_hits(shouted))
        iso3_codes = {m.country.iso3 for m in self.matches}
        linked_packs = {
            e.pack
            for entries, _, _ in hits
            for e in entries
            if e.actor_id is not None and not e.context and self._based_in_pack(e.actor_id, e.pack)
        }
        known = []
        for entries, start, end in hits:  # plain entries first, then context ones
            usable = (
                e for e in entries if not e.context or self.kb.in_context(e.pack, iso3_codes, linked_packs)
            )
            alias = next(usable, None)
            if alias is not None:
                known.append(self._known(alias, start, end))
        candidates = [*known, *self._patterns(known), *self._categories()]
        chosen = _resolve(candidates)
        chosen.extend(self._discovered(chosen))
        return [c.mention for c in _absorb_titles(self.text, sorted(chosen, key=lambda c: c.mention.start))]

    def _based_in_pack(self, actor_id: str, pack: str) -> bool:
        actor = self.kb.actor(actor_id)
        return actor is not None and actor.country in self.kb._pack_countries.get(pack, frozenset())

    # .. known aliases

    def _alias_hits(self, shouted: bool) -> Iterator[tuple[list[Alias], int, int]]:
        pattern = self.kb._matchers.aliases_shouted if shouted else self.kb._matchers.aliases
        for found in pattern.finditer(self.text):
            start, end = found.span("a")
            entries = self._lookup(found.group("a"), shouted)
            if entries and (shouted or not self._shouted_neighbour(start, end)):
                yield entries, start, end

    def _lookup(self, written: str, shouted: bool) -> list[Alias]:
        key = text_key(written)
        if shouted:
            entries = self.kb._shouted.get(key.casefold(), [])
        else:
            entries = self.kb._aliases.get(key) or [
                e for e in self.kb._aliases.get(lower_first(key), []) if e.text[:1].islower()
            ]
        return sorted(entries, key=lambda e: e.context)

    def _shouted_neighbour(self, start: int, end: int) -> bool:
        """A short acronym next to a shouted word ("CONTACT US", "WHO IS") is that word, not a name."""
        written = self.text[start:end]
        if not (is_acronym(written) and len(written) <= 4):
            return False
        before = _CAPS_BEFORE.search(self.text, max(0, start - 60), start)
        after = _CAPS_AFTER.match(self.text, end)
        words = [*(before.group().split() if before else []), *(after.group().split() if after else [])]
        if len(words) >= 2:  # in a run of three shouted words or more: a shouted line
            return True
        return any(len(word) >= 4 and word not in self.kb._aliases for word in words)

    def _known(self, alias: Alias, start: int, end: int) -> _Candidate:
        if alias.actor_id is None:
            placeholder = self._mention(start, end, "", "known", None)
            return _Candidate(placeholder, block=True)
        actor = self.kb.actor(alias.actor_id)
        assert actor is not None  # aliases come from defined actors
        mention = self._mention(start, end, actor.id, "known", usage_label(alias.text))
        return _Candidate(mention, person=actor.type == "person")

    # .. institution patterns and countries as doers

    def _patterns(self, known: list[_Candidate]) -> list[_Candidate]:
        places = [(s, e) for s, e, label in self.entities if label in _PLACE_LABELS]
        places += [(c.mention.start, c.mention.end) for c in known if c.block]
        place_starts, place_ends = {s for s, _ in places}, {e for _, e in places}
        found: list[_Candidate | None] = [None] * len(self.matches)
        units: list[str | None] = [None] * len(self.matches)
        for i in range(len(self.matches) - 1, -1, -1):  # right to left: "Russian and Turkish forces"
            match = self.matches[i]
            if takes_sides(self.text, match.start):
                continue  # "pro-Russian forces", "an anti-Syria journalist": not Russia's, not Syria's
            found[i], units[i] = self._institution(match)
            if found[i] is None and match.kind == "adjective" and i + 1 < len(self.matches):
                found[i], units[i] = self._coordinated(match, self.matches[i + 1], found[i + 1], units[i + 1])
            if found[i] is None:
                found[i] = self._country_doer(match, place_starts, place_ends)
        return [c for c in found if c is not None]

    def _institution(self, match: CountryMatch) -> tuple[_Candidate | None, str | None]:
        """ "Turkish forces", "Russia's defence ministry", "the government of Syria"; and the unit an
        adjective form found, which an adjective coordinated before it shares."""
        matchers = self.kb._matchers
        if match.kind in ("adjective", "demonym"):
            after = matchers.after_adjective.match(self.text, match.end)
            if after is None:
                return None, None
            cand = self._unit_candidate(match, match.start, after.end(), after.group("t"))
            return cand, cand.mention.actor_id.partition(".")[2]
        after = matchers.after_name.match(self.text, match.end)
        if after is not None:
            return self._unit_candidate(match, match.start, after.end(), after.group("t")), None
        before = matchers.before_name.search(self.text, max(0, match.start - 80), match.start)
        if before is not None:
            return self._unit_candidate(match, before.start("t"), match.end, before.group("t")), None
        return None, None

    def _coordinated(
        self, match: CountryMatch, after: CountryMatch, after_found: _Candidate | None, unit: str | None
    ) -> tuple[_Candidate | None, str | None]:
        if unit is None or after_found is None or not _CONNECTOR.fullmatch(self.text, match.end, after.start):
            return None, None
        mention = self._mention(
            match.start, match.end, f"{match.country.iso3}.{unit}", "pattern", after_found.mention.label
        )
        return _Candidate(mention, title=after_found.title), unit

    def _unit_candidate(self, match: CountryMatch, start: int, end: int, term_text: str) -> _Candidate:
        key = folded_key(term_text)
        term = self.kb._matchers.terms[key]
        mention = self._mention(start, end, f"{match.country.iso3}.{term.unit}", "pattern", key)
        return _Candidate(mention, title=term.title)

    def _country_doer(
        self, match: CountryMatch, place_starts: set[int], place_ends: set[int]
    ) -> _Candidate | None:
        """A country, capital or metonym standing for a state ("Ankara says"), unless it is a place."""
        iso3 = match.country.iso3
        if match.kind == "adjective":
            return None
        if match.kind == "demonym":  # "the Russians" are the Russian side; "Syrians" are people
            with_the = _THE_BEFORE.search(self.text, max(0, match.start - 8), match.start) is not None
            actor_id = iso3 if with_the else f"{iso3}.CVL"
        elif self._is_place(match, place_starts, place_ends) or _EVENT_AFTER.match(self.text, match.end):
            return None
        else:
            actor_id = iso3 if match.kind == "name" else f"{iso3}.{match.sector or 'GOV'}"
        return _Candidate(self._mention(match.start, match.end, actor_id, "pattern", usage_label(match.text)))

    def _is_place(self, match: CountryMatch, place_starts: set[int], place_ends: set[int]) -> bool:
        """ "in Syria", "northwest Syria", "Idlib, Syria", "Syria's Idlib", "Syria's north"."""
        window = max(0, match.start - 40)
        if _PLACE_WORDS_BEFORE.search(self.text, window, match.start):
            return True
        if _BASED_AFTER.match(self.text, match.end):
            return True
        comma = _COMMA_BEFORE.search(self.text, window, match.start)
        if comma is not None and comma.start() in place_ends:
            return True
        possessive = _POSSESSIVE_PLACE.match(self.text, match.end)
        if possessive is None:
            return False
        return not possessive.group("next")[0].isupper() or possessive.start("next") in place_starts

    # .. generic categories

    def _categories(self) -> Iterator[_Candidate]:
        matchers = self.kb._matchers
        for found in matchers.category.finditer(self.text):
            term = folded_key(found.group("t"))
            sector = matchers.category_terms[term]
            start, end = found.start(), found.end("t")
            backer = None
            if found.group("q") and folded_key(found.group("q")).endswith(matchers.cues):
                backer = self._country_within(found.start("q"), found.end("q"))
            if backer is None and found.group("by"):
                by = next((m for m in self.matches if m.start == found.end("by")), None)
                if by is not None:
                    backer, end = by.country.iso3, by.end
            yield _Candidate(self._mention(start, end, CATEGORY_PREFIX + sector, "category", term, backer))

    def _country_within(self, start: int, end: int) -> str | None:
        inside = (m for m in self.matches if start <= m.start and m.end <= end)
        return next((m.country.iso3 for m in inside if not takes_sides(self.text, m.start)), None)

    # .. discovered entities

    def _discovered(self, chosen: list[_Candidate]) -> Iterator[_Candidate]:
        taken = [(c.mention.start, c.mention.end) for c in chosen]
        blocked_keys = self.kb._not_discoverable
        surnames: dict[str, tuple[str, str]] = {}
        for start, end, label in sorted(self.entities):
            if label not in _DISCOVERABLE:
                continue
            start, end = _trim_entity(self.text, start, end)
            if not self._discoverable(self.text[start:end], start, end, label, taken, blocked_keys):
                continue
            continued = _NAME_CONTINUATION.match(self.text, end)
            if continued is not None and not _overlaps(end, continued.end(), taken):
                end = continued.end()
            written = self.text[start:end]
            name = " ".join(written.split())
            actor_id, name = surnames.get(name, (DISCOVERED_PREFIX + slug(name), name))
            if label == "PERSON" and " " in name:
                surnames.setdefault(name.split()[-1], (actor_id, name))
            country = None if label == "PERSON" else self._country_within(start, end)
            mention = self._mention(start, end, actor_id, "discovered", None, country_iso3=country, name=name)
            taken.append((start, end))
            yield _Candidate(mention, person=True)  # may follow a title: NER takes some people for ORG

    def _discoverable(
        self,
        written: str,
        start: int,
        end: int,
        label: str,
        taken: list[tuple[int, int]],
        blocked: frozenset[str],
    ) -> bool:
        if len(written) < 2 or "\n" in written or not any(ch.isupper() for ch in written):
            return False
        if _overlaps(start, end, taken) or folded_key(written) in blocked:
            return False
        leftover = written
        for match in find_countries(written):
            leftover = leftover.replace(match.text, " ")
        if not any(ch.isalpha() for ch in leftover):
            return False  # a country's name, adjective or demonym: the pattern layer's business
        return not (label == "NORP" and re.match(r"\s+[a-z]", self.text[end : end + 2]))

    # .. records

    def _mention(
        self,
        start: int,
        end: int,
        actor_id: str,
        kind: str,
        label: str | None,
        backer: str | None = None,
        country_iso3: str | None = None,
        name: str | None = None,
    ) -> ActorMention:
        actor = self.kb.actor(actor_id) if actor_id and kind != "discovered" else None
        iso3 = actor.country if actor is not None else country_iso3
        country = countries_by_iso3().get(iso3 or "")
        return ActorMention(
            text=self.text[start:end],
            start=start,
            end=end,
            actor_id=actor_id,
            name=actor.name if actor is not None else (name or self.text[start:end]),
            country=country.iso2 if country is not None else None,
            country_iso3=iso3,
            sector=actor.sector if actor is not None else None,
            cameo=actor.cameo if actor is not None else None,
            kind=kind,
            label=label,
            backer=backer,
        )


def _resolve(candidates: list[_Candidate]) -> list[_Candidate]:
    """Non-overlapping candidates: longest first, then blocks, known, pattern, category; leftmost."""
    kept: list[_Candidate] = []
    occupied: list[tuple[int, int]] = []
    for cand in sorted(candidates, key=lambda c: c.rank):
        start, end = cand.mention.start, cand.mention.end
        if start >= end or _overlaps(start, end, occupied):
            continue
        occupied.append((start, end))
        kept.append(cand)
    return kept


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(s < end and start < e for s, e in spans)


def _absorb_titles(text: str, ordered: list[_Candidate]) -> list[_Candidate]:
    """ "Russian Foreign Minister" + "Sergei Lavrov" is one mention of Lavrov; blocks are dropped."""
    out: list[_Candidate] = []
    for cand in ordered:
        previous = out[-1] if out else None
        if (
            previous is not None
            and previous.title
            and cand.person
            and not text[previous.mention.end : cand.mention.start].strip()
        ):
            out[-1] = _Candidate(_merge_title(text, previous.mention, cand.mention), person=True)
            continue
        out.append(cand)
    return [c for c in out if not c.block]


def _merge_title(text: str, title: ActorMention, person: ActorMention) -> ActorMention:
    changes = {"text": text[title.start : person.end], "start": title.start, "label": title.label}
    if person.kind == "discovered":  # the title says whose official an unknown person is
        changes.update(country=title.country, country_iso3=title.country_iso3, sector=title.sector)
    return replace(person, **changes)


def _trim_entity(text: str, start: int, end: int) -> tuple[int, int]:
    while True:
        span = text[start:end]
        found = _ENTITY_TRIM.search(span)
        if found is None or found.start() == found.end():
            return start, end
        if found.start() == 0:
            start += found.end()
        else:
            end = start + found.start()
