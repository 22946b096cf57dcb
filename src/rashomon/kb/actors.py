"""Actors: the knowledge base of who acts in a conflict (YAML packs), and the linker from text to it.

Packs are data (docs/packs.md): the shipped ones in `rashomon/data/actors/*.yaml` (the generic layer and
the Syria pack), then every pack in the folders or files named by the RASHOMON_PACKS variable
(separated like PATH), then those passed to `load_kb`. Each is validated on load; an error names the
file and the field. Packs merge: an id defined twice is an error, `extends: ID` adds names to an actor.

`link_actors(doc)` (or `link_text(text, entities)`) gives every actor mention of a text, of four kinds:
- known: an alias of a pack actor ("Hay'at Tahrir al-Sham", "Ja'afari", "the regime" in a Syria article);
- pattern: a state institution built on the country layer ("Turkish forces" TUR.MIL, "Russia's defence
  ministry" RUS.GOV.MOD, "the Kremlin" RUS.GOV), or a country named as a doer ("Russia has accused");
- category: a generic phrase ("terrorists" category:REB; "militants supported by Turkey" with backer TUR);
- discovered: a PERSON, ORG or NORP entity that matches nothing, kept as `discovered:<name>`.

Matching rules: aliases are case-sensitive except the first letter of an alias written in lower case
("the regime", "The regime"); a text with no lower-case letter is matched without case, acronyms left
out; hyphens and spaces are interchangeable, so are straight and curly apostrophes; an alias with
diacritics also matches without them ("Erdoğan", "Erdogan"). The longest mention wins an overlap, then
known before pattern before category. Institution terms and categories match in any case.
Context aliases and non-actors of a pack apply only in an article that names one of the pack's
countries or one of the pack's own actors based there.

Known limitations: a country name counts as a doer unless the words around it make it a place
("in Syria", "northwest Syria", "Idlib, Syria", "Syria's Idlib"), which misses rarer place phrasings
and takes "appealed to Russia" for a place; "the Turkish side of the border" is the Turkish government;
a category phrase with two backers keeps the first; a place the NER model takes for a person or an
organisation ("Kharkiv" as ORG) becomes a discovered actor unless a pack lists it under `non_actors`;
discovered names are not merged across articles.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from rashomon.errors import UsageError
from rashomon.kb.countries import Country, CountryMatch, countries, find_countries

if TYPE_CHECKING:
    from spacy.tokens import Doc

ENV_VAR = "RASHOMON_PACKS"
CATEGORY_PREFIX = "category:"
DISCOVERED_PREFIX = "discovered:"
PERSON_PREFIX = "person:"
KINDS = ("known", "pattern", "category", "discovered")
_KIND_RANK = {kind: rank for rank, kind in enumerate(KINDS)}
_ACTOR_TYPES = ("organisation", "person")
_DISCOVERABLE = frozenset({"PERSON", "ORG", "NORP"})
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:/-]*$")
_ISO3 = re.compile(r"^[A-Z]{3}$")


class PackError(UsageError):
    """A pack file cannot be read, or its content breaks the format (docs/packs.md)."""

    code = "bad-pack"


# --- records -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Actor:
    id: str
    name: str
    sector: str | None
    country: str | None  # ISO 3166-1 alpha-3, CAMEO style
    cameo: str | None = None
    type: str = "organisation"  # organisation | person | state | institution | category
    role: str | None = None
    affiliation: str | None = None  # persons: the actor they speak or act for
    parent: str | None = None
    backer: str | None = None  # actor id of a backer (a state's id is its ISO3 code)
    related: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    context_aliases: tuple[str, ...] = ()
    pack: str = ""


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


@dataclass(frozen=True)
class Institution:
    unit: str  # the id suffix: GOV, GOV.MFA, MIL, ...
    sector: str
    name: str  # template: "{adj} foreign ministry"
    cameo: str  # template: "{iso3}GOV"
    terms: tuple[str, ...]
    titles: tuple[str, ...]


@dataclass(frozen=True)
class Category:
    sector: str
    name: str
    terms: tuple[str, ...]


@dataclass(frozen=True)
class Pack:
    name: str
    source: str  # the file it was read from, as shown in errors
    countries: frozenset[str]  # ISO3; empty: applies to every article
    sectors: Mapping[str, str]
    institutions: tuple[Institution, ...]
    categories: tuple[Category, ...]
    qualifiers: tuple[str, ...]
    backing_cues: tuple[str, ...]
    non_actors: tuple[str, ...]
    false_friends: tuple[str, ...]
    actors: tuple[tuple[str, dict[str, Any]], ...]  # (where, raw entry) in file order


# --- text keys and the trie-shaped expressions ------------------------------------------------

_DASHES = r"\-‐‑‒–"  # for character classes
_APOSTROPHES = "'’ʼ‘"
_SEPARATORS = re.compile(rf"[\s{_DASHES}]+")
_NO_DECOMPOSITION = str.maketrans({"ı": "i", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "ß": "ss"})


def _key(text: str) -> str:
    """Lookup key: NFC, straight apostrophes, dashes and runs of spaces as one space."""
    text = unicodedata.normalize("NFC", text)
    for mark in _APOSTROPHES[1:]:
        text = text.replace(mark, "'")
    return _SEPARATORS.sub(" ", text).strip()


def _ascii_fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.translate(_NO_DECOMPOSITION))
    return unicodedata.normalize("NFC", "".join(ch for ch in decomposed if not unicodedata.combining(ch)))


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _is_acronym(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and all(ch.isupper() for ch in letters) and len(letters) <= 5


def _trie_pattern(keys: Iterable[str]) -> str:
    """One alternation shaped like a trie: branches start with distinct characters and a greedy `?`
    tries the longer key first, so the leftmost match is also the longest."""
    trie: dict[str, Any] = {}
    for key in keys:
        node = trie
        for char in key:
            node = node.setdefault(char, {})
        node[""] = {}
    return _node_pattern(trie) or "(?!)"


def _node_pattern(node: dict[str, Any]) -> str:
    branches = [_char_pattern(char) + _node_pattern(child) for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    if len(branches) == 1 and "" not in node:
        return branches[0]
    group = "(?:" + "|".join(branches) + ")"
    return group + "?" if "" in node else group


def _char_pattern(char: str) -> str:
    if char == " ":
        return rf"[\s{_DASHES}]+"
    if char == "'":
        return f"[{_APOSTROPHES}]"
    return re.escape(char)


# --- loading -------------------------------------------------------------------------------------

_PACK_KEYS = frozenset(
    {"pack", "version", "description", "countries", "sectors", "institutions", "categories", "qualifiers",
     "backing_cues", "non_actors", "false_friends", "actors"}
)  # fmt: skip
_ACTOR_KEYS = frozenset(
    {"id", "extends", "name", "type", "sector", "country", "cameo", "role", "affiliation", "parent", "backer",
     "related", "aliases", "context_aliases", "note"}
)  # fmt: skip
_EXTENDS_KEYS = frozenset({"extends", "aliases", "context_aliases", "note"})


def shipped_pack_sources() -> list[tuple[str, str]]:
    """(name, text) of the packs shipped in rashomon/data/actors, generic first."""
    folder = resources.files("rashomon.data").joinpath("actors")
    files = sorted(
        (item for item in folder.iterdir() if item.is_file() and item.name.endswith((".yaml", ".yml"))),
        key=lambda item: (item.name != "generic.yaml", item.name),
    )
    return [(f"rashomon/data/actors/{item.name}", item.read_text(encoding="utf-8")) for item in files]


def example_pack_path(name: str) -> Path:
    """A shipped example pack (not loaded by default), e.g. `example_pack_path("sudan")`."""
    return Path(str(resources.files("rashomon.data").joinpath("actors", "examples", f"{name}.yaml")))


def pack_paths(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """Files named, and the *.yaml / *.yml files of folders named, in order; missing ones are errors."""
    found: list[Path] = []
    for item in paths:
        path = Path(item)
        if path.is_dir():
            found.extend(sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file()))
        elif path.is_file():
            found.append(path)
        else:
            raise PackError(f"{path}: no such pack file or folder")
    return found


def env_pack_paths(environ: Mapping[str, str] | None = None) -> list[Path]:
    value = (os.environ if environ is None else environ).get(ENV_VAR, "")
    return pack_paths(part for part in value.split(os.pathsep) if part.strip())


def read_pack(source: str, text: str) -> Pack:
    """Parse and check one pack's own fields; references across packs are checked on merge."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark is not None else ""
        problem = getattr(err, "problem", None) or str(err).splitlines()[0]
        raise PackError(f"{source}: not valid YAML{where}: {problem}") from err
    if not isinstance(data, dict):
        raise PackError(f"{source}: a pack is a mapping with at least `pack` and `actors`")
    _check_keys(source, "", data, _PACK_KEYS)
    fields = _Fields(source, "", data)
    actors = fields.list_of("actors", dict, required=False)
    return Pack(
        name=fields.text("pack"),
        source=source,
        countries=frozenset(
            _iso3(source, f"countries[{i}]", c) for i, c in enumerate(fields.strings("countries"))
        ),
        sectors={str(code): str(text) for code, text in fields.mapping("sectors").items()},
        institutions=tuple(
            _institution(source, i, row) for i, row in enumerate(fields.list_of("institutions", dict))
        ),
        categories=tuple(
            _category(source, i, row) for i, row in enumerate(fields.list_of("categories", dict))
        ),
        qualifiers=tuple(fields.strings("qualifiers")),
        backing_cues=tuple(fields.strings("backing_cues")),
        non_actors=tuple(fields.strings("non_actors")),
        false_friends=tuple(fields.strings("false_friends")),
        actors=tuple((f"actors[{i}]", row) for i, row in enumerate(actors)),
    )


class _Fields:
    """Typed access to one mapping of a pack, with errors that name the file and the field."""

    def __init__(self, source: str, where: str, data: dict[str, Any]) -> None:
        self.source, self.where, self.data = source, where, data

    def fail(self, key: str, message: str) -> PackError:
        return PackError(f"{self.source}: {self.where}{key}: {message}")

    def text(self, key: str, required: bool = True) -> str:
        value = self.data.get(key)
        if value is None and not required:
            return ""
        if not isinstance(value, str | int) or isinstance(value, bool) or not str(value).strip():
            raise self.fail(
                key, "missing" if value is None else f"expected a non-empty string, got {value!r}"
            )
        return str(value).strip()

    def strings(self, key: str) -> list[str]:
        value = self.data.get(key) or []
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise self.fail(key, f"expected a list of non-empty strings, got {value!r}")
        return [v.strip() for v in value]

    def list_of(self, key: str, kind: type, required: bool = False) -> list[Any]:
        value = self.data.get(key)
        if value is None:
            if required:
                raise self.fail(key, "missing")
            return []
        if not isinstance(value, list):
            raise self.fail(key, f"expected a list, got {value!r}")
        noun = "mapping" if kind is dict else kind.__name__
        for index, item in enumerate(value):
            if not isinstance(item, kind):
                raise self.fail(f"{key}[{index}]", f"expected a {noun}, got {item!r}")
        return value

    def mapping(self, key: str) -> dict[str, Any]:
        value = self.data.get(key) or {}
        if not isinstance(value, dict):
            raise self.fail(key, "expected a mapping")
        return value


def _check_keys(source: str, where: str, data: dict[str, Any], allowed: frozenset[str]) -> None:
    unknown = sorted(str(key) for key in data if key not in allowed)
    if unknown:
        raise PackError(
            f"{source}: {where}{unknown[0]}: unknown field (allowed: {', '.join(sorted(allowed))})"
        )


def _iso3(source: str, where: str, code: object) -> str:
    if not isinstance(code, str) or code not in _countries_by_iso3():
        raise PackError(f"{source}: {where}: {code!r} is not an ISO 3166-1 alpha-3 country code")
    return code


def _institution(source: str, index: int, row: dict[str, Any]) -> Institution:
    where = f"institutions[{index}]."
    _check_keys(source, where, row, frozenset({"unit", "sector", "name", "cameo", "terms", "titles"}))
    fields = _Fields(source, where, row)
    sector = fields.text("sector")
    return Institution(
        unit=fields.text("unit"),
        sector=sector,
        name=fields.text("name"),
        cameo=fields.text("cameo", required=False) or "{iso3}" + sector,
        terms=tuple(fields.strings("terms")),
        titles=tuple(fields.strings("titles")),
    )


def _category(source: str, index: int, row: dict[str, Any]) -> Category:
    where = f"categories[{index}]."
    _check_keys(source, where, row, frozenset({"sector", "name", "terms"}))
    fields = _Fields(source, where, row)
    return Category(
        sector=fields.text("sector"), name=fields.text("name"), terms=tuple(fields.strings("terms"))
    )


@lru_cache(maxsize=1)
def _countries_by_iso3() -> dict[str, Country]:
    return {country.iso3: country for country in countries()}


def load_kb(*paths: str | os.PathLike[str], env: bool = True) -> KnowledgeBase:
    """The shipped packs, then RASHOMON_PACKS (when `env`), then `paths` (files or folders)."""
    sources = shipped_pack_sources()
    extra = [*(env_pack_paths() if env else []), *pack_paths(paths)]
    for path in extra:
        try:
            sources.append((str(path), path.read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError) as err:
            raise PackError(f"{path}: cannot read pack ({err})") from err
    return KnowledgeBase([read_pack(source, text) for source, text in sources])


@lru_cache(maxsize=4)
def _default_kb(env_value: str) -> KnowledgeBase:
    return load_kb(env=bool(env_value))


def default_kb() -> KnowledgeBase:
    """The shipped packs plus RASHOMON_PACKS, loaded once per value of the variable."""
    return _default_kb(os.environ.get(ENV_VAR, ""))


# --- the merged knowledge base -------------------------------------------------------------------


@dataclass(frozen=True)
class _Alias:
    actor_id: str | None  # None: a non-actor or false friend, which links nothing
    pack: str
    text: str  # as written in the pack
    context: bool  # applies only when its pack is in context
    blocks_discovery: bool = False  # non-actors: not a discovered actor either


@dataclass(frozen=True)
class _Term:
    unit: str
    title: bool


@dataclass
class _Origin:
    source: str
    where: str


class KnowledgeBase:
    """Merged packs: actors by id, institution units, categories, and the compiled matchers."""

    def __init__(self, packs: Sequence[Pack]) -> None:
        if not packs:
            raise PackError("no actor packs loaded")
        self.packs = tuple(packs)
        self.sectors: dict[str, str] = {}
        self.institutions: dict[str, Institution] = {}
        self.categories: dict[str, Category] = {}
        self.actors: dict[str, Actor] = {}
        self._origins: dict[str, _Origin] = {}
        self._generated: dict[str, Actor | None] = {}
        qualifiers: list[str] = []
        cues: list[str] = []
        for pack in self.packs:
            self.sectors.update(pack.sectors)
            qualifiers.extend(pack.qualifiers)
            cues.extend(pack.backing_cues)
        for pack in self.packs:
            self._add_layers(pack)
        for pack in self.packs:
            for where, row in pack.actors:
                self._add_actor(pack, where, row)
        for actor_id, actor in self.actors.items():
            self.actors[actor_id] = self._check_actor(actor)
        self._pack_countries = {pack.name: pack.countries for pack in self.packs}
        self._aliases = self._alias_table()
        self._shouted: dict[str, list[_Alias]] = {}
        for key, entries in self._aliases.items():
            if not _is_acronym(key):
                self._shouted.setdefault(key.casefold(), []).extend(entries)
        self._not_discoverable = frozenset(
            key.casefold()
            for key, entries in self._aliases.items()
            if any(e.blocks_discovery for e in entries)
        )
        self._matchers = _Matchers.build(self, qualifiers, cues)

    # .. merging

    def _add_layers(self, pack: Pack) -> None:
        for index, inst in enumerate(pack.institutions):
            where = f"{pack.source}: institutions[{index}]"
            if inst.unit in self.institutions:
                raise PackError(f"{where}.unit: {inst.unit!r} is defined twice")
            if inst.sector not in self.sectors:
                raise PackError(f"{where}.sector: {inst.sector!r} is not a known sector")
            self.institutions[inst.unit] = inst
        for index, cat in enumerate(pack.categories):
            where = f"{pack.source}: categories[{index}]"
            if cat.sector not in self.sectors:
                raise PackError(f"{where}.sector: {cat.sector!r} is not a known sector")
            old = self.categories.get(cat.sector)
            merged = cat if old is None else Category(old.sector, old.name, old.terms + cat.terms)
            self.categories[cat.sector] = merged

    def _add_actor(self, pack: Pack, where: str, row: dict[str, Any]) -> None:
        fields = _Fields(pack.source, f"{where}.", row)
        if "extends" in row:
            _check_keys(pack.source, f"{where}.", row, _EXTENDS_KEYS)
            self._extend(pack, fields)
            return
        _check_keys(pack.source, f"{where}.", row, _ACTOR_KEYS)
        actor_id = fields.text("id")
        if not _ID.match(actor_id) or actor_id.startswith((CATEGORY_PREFIX, DISCOVERED_PREFIX)):
            raise fields.fail(
                "id",
                f"{actor_id!r} is not a valid id (letters, digits and . _ : / -; "
                f"not starting with {CATEGORY_PREFIX} or {DISCOVERED_PREFIX})",
            )
        if actor_id in self.actors:
            first = self._origins[actor_id]
            raise fields.fail(
                "id",
                f"{actor_id!r} is already defined in {first.source} ({first.where}); "
                "use `extends` to add names to it",
            )
        kind = fields.text("type", required=False) or "organisation"
        if kind not in _ACTOR_TYPES:
            raise fields.fail("type", f"{kind!r} is not one of {', '.join(_ACTOR_TYPES)}")
        country = fields.text("country", required=False) or None
        if country is not None:
            _iso3(pack.source, f"{where}.country", country)
        person = kind == "person"
        self.actors[actor_id] = Actor(
            id=actor_id,
            name=fields.text("name"),
            sector=fields.text("sector", required=not person) or None,
            country=country,
            cameo=fields.text("cameo", required=False) or None,
            type=kind,
            role=fields.text("role", required=person) or None,
            affiliation=fields.text("affiliation", required=person) or None,
            parent=fields.text("parent", required=False) or None,
            backer=fields.text("backer", required=False) or None,
            related=tuple(fields.strings("related")),
            aliases=tuple(dict.fromkeys([fields.text("name"), *fields.strings("aliases")])),
            context_aliases=tuple(fields.strings("context_aliases")),
            pack=pack.name,
        )
        self._origins[actor_id] = _Origin(pack.source, where)

    def _extend(self, pack: Pack, fields: _Fields) -> None:
        target = fields.text("extends")
        actor = self.actors.get(target) or self._generate(target)
        if actor is None:
            raise fields.fail("extends", f"{target!r} is not a defined or generated actor id")
        self.actors[target] = _replace_names(
            actor,
            aliases=actor.aliases + tuple(fields.strings("aliases")),
            context_aliases=actor.context_aliases + tuple(fields.strings("context_aliases")),
            pack=actor.pack or pack.name,
        )
        self._origins.setdefault(target, _Origin(pack.source, fields.where.rstrip(".")))

    def _check_actor(self, actor: Actor) -> Actor:
        origin = self._origins.get(actor.id, _Origin("?", actor.id))

        def fail(key: str, message: str) -> PackError:
            return PackError(f"{origin.source}: {origin.where}.{key}: {message}")

        if actor.type == "person":
            affiliation = self.actor(actor.affiliation or "")
            if affiliation is None:
                raise fail("affiliation", f"{actor.affiliation!r} is not a defined or generated actor id")
            actor = _replace_names(
                actor, sector=actor.sector or affiliation.sector, country=actor.country or affiliation.country
            )
        if actor.sector not in self.sectors:
            raise fail(
                "sector", f"{actor.sector!r} is not a known sector ({', '.join(sorted(self.sectors))})"
            )
        for key in ("parent", "backer"):
            ref = getattr(actor, key)
            if ref is not None and self.actor(ref) is None:
                raise fail(key, f"{ref!r} is not a defined or generated actor id")
        for index, ref in enumerate(actor.related):
            if self.actor(ref) is None:
                raise fail(f"related[{index}]", f"{ref!r} is not a defined or generated actor id")
        return actor

    def _alias_table(self) -> dict[str, list[_Alias]]:
        table: dict[str, list[_Alias]] = {}
        for actor in self.actors.values():
            for alias, context in [
                *((a, False) for a in actor.aliases),
                *((a, True) for a in actor.context_aliases),
            ]:
                self._add_alias(table, alias, _Alias(actor.id, actor.pack, alias, context))
        for pack in self.packs:
            in_context = bool(pack.countries)
            for phrase in pack.non_actors:
                self._add_alias(table, phrase, _Alias(None, pack.name, phrase, in_context, True))
            for phrase in pack.false_friends:
                self._add_alias(table, phrase, _Alias(None, pack.name, phrase, in_context))
        # "the UN" would win over "UN Security Council" in "the UN Security Council" (leftmost first):
        # an alias written with "the" is dropped where the alias without it exists.
        redundant = [key for key in table if _LEADING_THE.match(key) and _LEADING_THE.sub("", key) in table]
        for key in redundant:
            del table[key]
        return table

    def _add_alias(self, table: dict[str, list[_Alias]], text: str, alias: _Alias) -> None:
        for form in dict.fromkeys([_key(text), _key(_ascii_fold(text))]):
            entries = table.setdefault(form, [])
            clash = next(
                (
                    e
                    for e in entries
                    if not e.context
                    and not alias.context
                    and e.actor_id != alias.actor_id
                    and e.actor_id is not None
                    and alias.actor_id is not None
                ),
                None,
            )
            if clash is not None:
                origin = self._origins[alias.actor_id or ""]
                raise PackError(
                    f"{origin.source}: {origin.where}.aliases: {text!r} already names {clash.actor_id!r}"
                    f" (pack {clash.pack}); make one of them a context alias or drop it"
                )
            if alias not in entries:
                entries.append(alias)

    # .. lookups

    def actor(self, actor_id: str) -> Actor | None:
        """A pack actor, or one generated from the layers: ISO3 (a state), ISO3.UNIT, category:SECTOR."""
        return self.actors.get(actor_id) or self._generate(actor_id)

    def _generate(self, actor_id: str) -> Actor | None:
        if actor_id not in self._generated:
            self._generated[actor_id] = _generated_actor(self, actor_id)
        return self._generated[actor_id]

    def in_context(self, pack: str, iso3_codes: set[str], linked_packs: set[str]) -> bool:
        own = self._pack_countries.get(pack, frozenset())
        return not own or bool(own & iso3_codes) or pack in linked_packs

    def link(self, text: str, entities: Iterable[tuple[int, int, str]] = ()) -> list[ActorMention]:
        return _Linker(self, text, list(entities)).run()


def _replace_names(actor: Actor, **changes: Any) -> Actor:
    values = {name: getattr(actor, name) for name in Actor.__dataclass_fields__}
    values.update(changes)
    return Actor(**values)


def _generated_actor(kb: KnowledgeBase, actor_id: str) -> Actor | None:
    if actor_id.startswith(CATEGORY_PREFIX):
        cat = kb.categories.get(actor_id[len(CATEGORY_PREFIX) :])
        return None if cat is None else Actor(actor_id, cat.name, cat.sector, None, None, "category")
    iso3, _, unit = actor_id.partition(".")
    country = _countries_by_iso3().get(iso3)
    if country is None:
        return None
    adjective = country.adjectives[0] if country.adjectives else country.name
    if not unit:
        return Actor(actor_id, country.name, "GOV", iso3, iso3, "state")
    inst = kb.institutions.get(unit)
    if inst is not None:
        name = inst.name.format(adj=adjective, country=country.name, iso3=iso3)
        return Actor(
            actor_id,
            name,
            inst.sector,
            iso3,
            inst.cameo.format(iso3=iso3),
            "institution",
            parent=_parent_id(actor_id),
        )
    cat = kb.categories.get(unit)
    if cat is not None:
        return Actor(actor_id, f"{adjective} {cat.name}", cat.sector, iso3, iso3 + cat.sector, "category")
    return None


def _parent_id(actor_id: str) -> str | None:
    head, _, _ = actor_id.rpartition(".")
    return head or None


# --- compiled matchers -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Matchers:
    aliases: re.Pattern[str]
    aliases_shouted: re.Pattern[str]
    terms: dict[str, _Term]  # casefolded key -> unit
    after_adjective: re.Pattern[str]
    after_name: re.Pattern[str]
    before_name: re.Pattern[str]
    category_terms: dict[str, str]  # casefolded key -> sector
    category: re.Pattern[str]
    cues: tuple[str, ...]

    @classmethod
    def build(cls, kb: KnowledgeBase, qualifiers: Sequence[str], cues: Sequence[str]) -> _Matchers:
        cased = set()
        for key in kb._aliases:
            cased.add(key)
            if key[:1].islower():
                cased.add(key[:1].upper() + key[1:])
        terms: dict[str, _Term] = {}
        for inst in kb.institutions.values():
            for word, title in [*((t, False) for t in inst.terms), *((t, True) for t in inst.titles)]:
                key = _key(word).casefold()
                if key in terms and terms[key].unit != inst.unit:
                    raise PackError(
                        f"institution term {word!r} is claimed by units {terms[key].unit!r} and {inst.unit!r}"
                    )
                terms[key] = _Term(inst.unit, title)
        category_terms = {_key(t).casefold(): cat.sector for cat in kb.categories.values() for t in cat.terms}
        for key, sector in category_terms.items():
            terms.setdefault(key, _Term(sector, False))
        term_pattern = _trie_pattern(terms)
        cue_pattern = "|".join(re.escape(cue) for cue in sorted(set(cues), key=len, reverse=True)) or "(?!)"
        qualifier = (
            rf"(?:{_trie_pattern(_key(q).casefold() for q in qualifiers)}"
            rf"|[^\W\d_][\w.'’]*[{_DASHES}](?:{cue_pattern})|(?:pro|anti)[{_DASHES}][\w.'’-]+)"
        )
        flags = re.IGNORECASE
        return cls(
            aliases=re.compile(rf"(?<!\w)(?P<a>{_trie_pattern(cased)})(?!\w)"),
            aliases_shouted=re.compile(rf"(?<!\w)(?P<a>{_trie_pattern(kb._shouted)})(?!\w)", flags),
            terms=terms,
            after_adjective=re.compile(rf"\s+(?P<t>{term_pattern})(?!\w)", flags),
            after_name=re.compile(rf"(?:['’]s)?\s+(?P<t>{term_pattern})(?!\w)", flags),
            before_name=re.compile(rf"(?<!\w)(?P<t>{term_pattern})\s+of\s+(?:the\s+)?\Z", flags),
            category_terms=category_terms,
            category=re.compile(
                rf"(?<![\w-])(?:(?P<q>{qualifier})\s+)?(?P<t>{_trie_pattern(category_terms)})(?!\w)"
                rf"(?P<by>\s+(?:{cue_pattern})\s+by\s+(?:the\s+)?)?",
                flags,
            ),
            cues=tuple(cues),
        )


# --- linking ---------------------------------------------------------------------------------------

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
_LEADING_THE = re.compile(r"^[Tt]he\s+")
_CAPS_BEFORE = re.compile(r"(?:(?<!\w)[A-Z]{2,}[ \t]+)+\Z")  # shouted words just before a match
_CAPS_AFTER = re.compile(r"(?:[ \t]+[A-Z]{2,}(?!\w))+")
_ENTITY_TRIM = re.compile(r"^(?:[Tt]he\s+)|(?:['’]s?)$|[\s\W]+$|^[\s\W]+")


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
class _Linker:
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

    def _alias_hits(self, shouted: bool) -> Iterator[tuple[list[_Alias], int, int]]:
        pattern = self.kb._matchers.aliases_shouted if shouted else self.kb._matchers.aliases
        for found in pattern.finditer(self.text):
            start, end = found.span("a")
            entries = self._lookup(found.group("a"), shouted)
            if entries and (shouted or not self._shouted_neighbour(start, end)):
                yield entries, start, end

    def _lookup(self, written: str, shouted: bool) -> list[_Alias]:
        key = _key(written)
        if shouted:
            entries = self.kb._shouted.get(key.casefold(), [])
        else:
            entries = self.kb._aliases.get(key) or [
                e for e in self.kb._aliases.get(_lower_first(key), []) if e.text[:1].islower()
            ]
        return sorted(entries, key=lambda e: e.context)

    def _shouted_neighbour(self, start: int, end: int) -> bool:
        """A short acronym next to a shouted word ("CONTACT US", "WHO IS") is that word, not a name."""
        written = self.text[start:end]
        if not (_is_acronym(written) and len(written) <= 4):
            return False
        before = _CAPS_BEFORE.search(self.text, max(0, start - 60), start)
        after = _CAPS_AFTER.match(self.text, end)
        words = [*(before.group().split() if before else []), *(after.group().split() if after else [])]
        if len(words) >= 2:  # in a run of three shouted words or more: a shouted line
            return True
        return any(len(word) >= 4 and word not in self.kb._aliases for word in words)

    def _known(self, alias: _Alias, start: int, end: int) -> _Candidate:
        if alias.actor_id is None:
            placeholder = self._mention(start, end, "", "known", None)
            return _Candidate(placeholder, block=True)
        actor = self.kb.actor(alias.actor_id)
        assert actor is not None  # aliases come from defined actors
        mention = self._mention(start, end, actor.id, "known", _label(alias.text))
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
        term = self.kb._matchers.terms[_key(term_text).casefold()]
        actor_id = f"{match.country.iso3}.{term.unit}"
        mention = self._mention(start, end, actor_id, "pattern", _key(term_text).casefold())
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
            return _Candidate(self._mention(match.start, match.end, actor_id, "pattern", _label(match.text)))
        if self._is_place(match, place_starts, place_ends) or _EVENT_AFTER.match(self.text, match.end):
            return None
        actor_id = iso3 if match.kind == "name" else f"{iso3}.{match.sector or 'GOV'}"
        return _Candidate(self._mention(match.start, match.end, actor_id, "pattern", _label(match.text)))

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
            sector = matchers.category_terms[_key(found.group("t")).casefold()]
            start, end = found.start(), found.end("t")
            backer = None
            if found.group("q") and any(_key(found.group("q")).casefold().endswith(c) for c in matchers.cues):
                backer = self._country_within(found.start("q"), found.end("q"))
            if backer is None and found.group("by"):
                by = next((m for m in self.matches if m.start == found.end("by")), None)
                if by is not None:
                    backer, end = by.country.iso3, by.end
            mention = self._mention(
                start, end, CATEGORY_PREFIX + sector, "category", _key(found.group("t")).casefold(), backer
            )
            yield _Candidate(mention)

    def _country_within(self, start: int, end: int) -> str | None:
        return next((m.country.iso3 for m in self.matches if start <= m.start and m.end <= end), None)

    # .. discovered entities

    def _discovered(self, chosen: list[_Candidate]) -> Iterator[_Candidate]:
        taken = [(c.mention.start, c.mention.end) for c in chosen]
        blocked_keys = self.kb._not_discoverable
        surnames: dict[str, tuple[str, str]] = {}
        for start, end, label in sorted(self.entities):
            if label not in _DISCOVERABLE:
                continue
            start, end = _trim_entity(self.text, start, end)
            written = self.text[start:end]
            if not self._discoverable(written, start, end, label, taken, blocked_keys):
                continue
            name = " ".join(written.split())
            actor_id, name = surnames.get(name, (DISCOVERED_PREFIX + _slug(name), name))
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
        if any(s < end and start < e for s, e in taken) or _key(written).casefold() in blocked:
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
        country = _countries_by_iso3().get(iso3 or "")
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
        if start >= end or any(s < end and start < e for s, e in occupied):
            continue
        occupied.append((start, end))
        kept.append(cand)
    return kept


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
    values = {name: getattr(person, name) for name in ActorMention.__dataclass_fields__}
    values.update(text=text[title.start : person.end], start=title.start, label=title.label)
    if person.kind == "discovered":  # the title says whose official an unknown person is
        values.update(country=title.country, country_iso3=title.country_iso3, sector=title.sector)
    return ActorMention(**values)


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


def _label(text: str) -> str:
    """The name or term as used, for framing: apostrophes straightened, spaces single, no "the"."""
    text = unicodedata.normalize("NFC", text)
    for mark in _APOSTROPHES[1:]:
        text = text.replace(mark, "'")
    return _LEADING_THE.sub("", " ".join(text.split()))


def _slug(name: str) -> str:
    return "-".join(re.findall(r"\w+", _ascii_fold(_key(name)).casefold()))


# --- public entry points ------------------------------------------------------------------------------


def link_text(
    text: str, entities: Iterable[tuple[int, int, str]] = (), kb: KnowledgeBase | None = None
) -> list[ActorMention]:
    """Actor mentions of a text; `entities` are NER spans (start, end, label) for discovery and places."""
    return (kb or default_kb()).link(text, entities)


def link_actors(doc: Doc, kb: KnowledgeBase | None = None) -> list[ActorMention]:
    """Actor mentions of a parsed document, in text order."""
    entities = [(ent.start_char, ent.end_char, ent.label_) for ent in doc.ents]
    return link_text(doc.text, entities, kb)
