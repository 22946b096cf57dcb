"""Actor packs: the records of the knowledge base, the pack files, and one pack's validation.

A pack is read and checked on its own here (`read_pack`); references across packs (sectors, parents,
`extends`) are checked when the packs merge (rashomon.kb.knowledge). Every error names the file and
the field (docs/packs.md).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from rashomon.errors import UsageError
from rashomon.kb.countries import Country, countries

ENV_VAR = "RASHOMON_PACKS"
CATEGORY_PREFIX = "category:"
DISCOVERED_PREFIX = "discovered:"
PERSON_PREFIX = "person:"
ACTOR_TYPES = ("organisation", "person")
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:/-]*$")

_PACK_KEYS = frozenset(
    {"pack", "version", "description", "countries", "sectors", "institutions", "categories", "qualifiers",
     "backing_cues", "non_actors", "false_friends", "actors"}
)  # fmt: skip
ACTOR_KEYS = frozenset(
    {"id", "extends", "name", "type", "sector", "country", "cameo", "role", "affiliation", "parent", "backer",
     "related", "aliases", "context_aliases", "note"}
)  # fmt: skip
EXTENDS_KEYS = frozenset({"extends", "aliases", "context_aliases", "note"})
_INSTITUTION_KEYS = frozenset({"unit", "sector", "name", "cameo", "terms", "titles"})
_CATEGORY_KEYS = frozenset({"sector", "name", "terms"})


def known_actor(actor_id: str | None) -> bool:
    """An actor of the packs or a category: an id discovered in one text may be another text's alias
    ("JeM", "Jaish-e-Mohammed"), so it names no actor known beyond that text."""
    return actor_id is not None and actor_id != "" and not actor_id.startswith(DISCOVERED_PREFIX)


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


@lru_cache(maxsize=1)
def countries_by_iso3() -> dict[str, Country]:
    return {country.iso3: country for country in countries()}


# --- pack files ----------------------------------------------------------------------------------


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


def read_pack_files(paths: Iterable[Path]) -> list[tuple[str, str]]:
    """(name, text) of pack files."""
    sources = []
    for path in paths:
        try:
            sources.append((str(path), path.read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError) as err:
            raise PackError(f"{path}: cannot read pack ({err})") from err
    return sources


# --- one pack ------------------------------------------------------------------------------------


def _parse_yaml(text: str) -> Any:
    """`yaml.safe_load`, parsed by libyaml where PyYAML has it (several times faster: the shipped packs
    are read at every start); an error is raised by the pure-Python parser, so it reads the same."""
    fast = getattr(yaml, "CSafeLoader", None)
    if fast is not None:
        try:
            return yaml.load(text, Loader=fast)  # CSafeLoader: the safe loader, in C
        except yaml.YAMLError:
            pass
    return yaml.safe_load(text)


def read_pack(source: str, text: str) -> Pack:
    """Parse and check one pack's own fields; references across packs are checked on merge."""
    try:
        data = _parse_yaml(text)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark is not None else ""
        problem = getattr(err, "problem", None) or str(err).splitlines()[0]
        raise PackError(f"{source}: not valid YAML{where}: {problem}") from err
    if not isinstance(data, dict):
        raise PackError(f"{source}: a pack is a mapping with at least `pack` and `actors`")
    fields = Fields(source, "", data, _PACK_KEYS)
    actors = fields.list_of("actors", dict, required=False)
    return Pack(
        name=fields.text("pack"),
        source=source,
        countries=frozenset(
            fields.iso3(f"countries[{i}]", c) for i, c in enumerate(fields.strings("countries"))
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


class Fields:
    """Typed access to one mapping of a pack, with errors that name the file and the field; the
    mapping's keys are checked first against `allowed` when given."""

    def __init__(
        self, source: str, where: str, data: dict[str, Any], allowed: frozenset[str] | None = None
    ) -> None:
        self.source, self.where, self.data = source, where, data
        if allowed is not None:
            self.check_keys(allowed)

    def fail(self, key: str, message: str) -> PackError:
        return PackError(f"{self.source}: {self.where}{key}: {message}")

    def check_keys(self, allowed: frozenset[str]) -> None:
        unknown = sorted(str(key) for key in self.data if key not in allowed)
        if unknown:
            raise self.fail(unknown[0], f"unknown field (allowed: {', '.join(sorted(allowed))})")

    def text(self, key: str, required: bool = True) -> str:
        value = self.data.get(key)
        if value is None and not required:
            return ""
        if not isinstance(value, str | int) or isinstance(value, bool) or not str(value).strip():
            raise self.fail(
                key, "missing" if value is None else f"expected a non-empty string, got {value!r}"
            )
        return str(value).strip()

    def optional(self, key: str, required: bool = False) -> str | None:
        """`text`, with None for an absent field."""
        return self.text(key, required=required) or None

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

    def iso3(self, key: str, code: object) -> str:
        if not isinstance(code, str) or code not in countries_by_iso3():
            raise self.fail(key, f"{code!r} is not an ISO 3166-1 alpha-3 country code")
        return code


def _institution(source: str, index: int, row: dict[str, Any]) -> Institution:
    fields = Fields(source, f"institutions[{index}].", row, _INSTITUTION_KEYS)
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
    fields = Fields(source, f"categories[{index}].", row, _CATEGORY_KEYS)
    return Category(
        sector=fields.text("sector"), name=fields.text("name"), terms=tuple(fields.strings("terms"))
    )


# --- one actor entry (checked on merge, where a duplicate id is found between the two steps) ----


def valid_actor_id(fields: Fields) -> str:
    actor_id = fields.text("id")
    if not _ID.match(actor_id) or actor_id.startswith((CATEGORY_PREFIX, DISCOVERED_PREFIX)):
        raise fields.fail(
            "id",
            f"{actor_id!r} is not a valid id (letters, digits and . _ : / -; "
            f"not starting with {CATEGORY_PREFIX} or {DISCOVERED_PREFIX})",
        )
    return actor_id


def read_actor(fields: Fields, actor_id: str, pack: str) -> Actor:
    """The actor of an entry whose keys and id are checked."""
    kind = fields.text("type", required=False) or "organisation"
    if kind not in ACTOR_TYPES:
        raise fields.fail("type", f"{kind!r} is not one of {', '.join(ACTOR_TYPES)}")
    country = fields.optional("country")
    if country is not None:
        fields.iso3("country", country)
    person = kind == "person"
    return Actor(
        id=actor_id,
        name=fields.text("name"),
        sector=fields.optional("sector", required=not person),
        country=country,
        cameo=fields.optional("cameo"),
        type=kind,
        role=fields.optional("role", required=person),
        affiliation=fields.optional("affiliation", required=person),
        parent=fields.optional("parent"),
        backer=fields.optional("backer"),
        related=tuple(fields.strings("related")),
        aliases=tuple(dict.fromkeys([fields.text("name"), *fields.strings("aliases")])),
        context_aliases=tuple(fields.strings("context_aliases")),
        pack=pack,
    )
