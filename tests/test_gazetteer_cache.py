"""The gazetteer's cached index: built once, mapped by later processes, the same places as a fresh build;
an unwritable or damaged cache falls back to building in memory."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from rashomon import cache
from rashomon.kb import gazetteer as gz

NAMES = ["Idlib", "Aleppo", "Kyiv", "Kiev", "Saint Petersburg", "B.C.", "LA", "al-Hol camp", "Qamishli",
         "Belgorod", "Khartoum", "El Fasher", "North", "Gaza", "Tripoli", "Springfield", "zzqx"]  # fmt: skip

_DUMP = (
    "import dataclasses, json\n"
    "from rashomon.kb.gazetteer import load_gazetteer\n"
    "g = load_gazetteer()\n"
    f"names = {NAMES!r}\n"
    "print(json.dumps({'lookups': [[dataclasses.astuple(c) for c in g.lookup(n)] for n in names],\n"
    "                  'capitals': sorted(g.capitals.items()), 'size': len(g),\n"
    "                  'mapped': type(g._keys.base).__name__}))\n"
)


def _dump(folder: Path | str) -> dict[str, object]:
    env = {**os.environ, cache.CACHE_VARIABLE: str(folder)}
    out = subprocess.run(
        [sys.executable, "-c", _DUMP], capture_output=True, text=True, check=True, timeout=300, env=env
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def built() -> gz.Gazetteer:
    return gz.build_gazetteer()


def _expected(gazetteer: gz.Gazetteer) -> dict[str, object]:
    return json.loads(
        json.dumps(
            {
                "lookups": [[dataclasses.astuple(c) for c in gazetteer.lookup(n)] for n in NAMES],
                "capitals": sorted(gazetteer.capitals.items()),
                "size": len(gazetteer),
            }
        )
    )


def test_the_index_is_built_once_then_mapped_with_the_same_places(
    tmp_path: Path, built: gz.Gazetteer
) -> None:
    first = _dump(tmp_path)
    indexes = list(tmp_path.glob("gazetteer-*"))
    assert len(indexes) == 1 and (indexes[0] / "meta.json").exists()
    stamp = (indexes[0] / "keys.npy").stat().st_mtime_ns
    second = _dump(tmp_path)
    assert (indexes[0] / "keys.npy").stat().st_mtime_ns == stamp  # read, not rebuilt
    assert first.pop("mapped") == second.pop("mapped") == "memmap"
    assert first == second == _expected(built)


def test_an_unwritable_cache_builds_in_memory(tmp_path: Path, built: gz.Gazetteer) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    found = _dump(blocked / "cache")  # cannot be created: a file is in the way
    assert found.pop("mapped") != "memmap"
    assert found == _expected(built)


def test_a_damaged_index_is_rebuilt(tmp_path: Path, built: gz.Gazetteer) -> None:
    _dump(tmp_path)
    (index,) = tmp_path.glob("gazetteer-*")
    (index / "keys.npy").write_bytes(b"garbage")
    found = _dump(tmp_path)
    assert found.pop("mapped") == "memmap"
    assert found == _expected(built)
    assert (index / "keys.npy").stat().st_size > 1000


def test_indexes_of_other_sources_are_removed_when_stale(tmp_path: Path) -> None:
    keep, fresh, stale = (tmp_path / f"gazetteer-{n}" for n in ("keep", "fresh", "stale"))
    for folder in (keep, fresh, stale):
        folder.mkdir()
        (folder / "meta.json").write_text("{}")
    old = (stale / "meta.json").stat().st_mtime - (cache.STALE_DAYS + 1) * 86400
    os.utime(stale / "meta.json", (old, old))
    cache.forget_stale(tmp_path, keep=keep)
    assert keep.exists() and fresh.exists() and not stale.exists()
