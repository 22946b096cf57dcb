"""`rashomon demo` as a newcomer runs it: the real CLI in a real process, on the corpus shipped in the
package, and every record kind it is there to show, read back through `rashomon export`."""

from __future__ import annotations

import fnmatch
import json
import shutil
import subprocess
import sys
import zipfile
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.slow

TOPICS = {"perpetrator", "casualties", "denial", "agreement", "compliance"}


def rashomon(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "rashomon", *args], cwd=cwd, capture_output=True, text=True, timeout=600
    )


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess[str]]:
    work = tmp_path_factory.mktemp("demo")
    return work, rashomon("demo", "--out", str(work / "out"), cwd=work)


@pytest.fixture(scope="module")
def records(demo_run: tuple[Path, subprocess.CompletedProcess[str]]) -> dict[str, list[dict[str, Any]]]:
    work, result = demo_run
    assert result.returncode == 0, result.stderr
    exported = rashomon("export", "--db", str(work / "out" / "demo.db"), "--format", "jsonl", cwd=work)
    assert exported.returncode == 0, exported.stderr
    by_kind: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for line in exported.stdout.splitlines():
        record = json.loads(line)
        by_kind[record["kind"]].append(record)
    return by_kind


def test_demo_writes_a_fresh_store_and_the_report_and_says_where(
    demo_run: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    work, result = demo_run
    assert result.returncode == 0, result.stderr
    out = work / "out"
    index = out / "report" / "index.html"
    assert index.is_file() and (out / "demo.db").is_file()
    assert f"report: {index.resolve()}" in result.stderr
    assert f"rashomon serve --db {out / 'demo.db'}" in result.stderr
    assert not (work / "rashomon.db").exists(), "the user's default store is never touched"
    assert sorted(p.name for p in (out / "articles").iterdir()) == sorted(_packaged_names())


def test_every_article_is_read_from_every_format(records: dict[str, list[dict[str, Any]]]) -> None:
    articles = records["article"]
    assert len(articles) >= 20
    suffixes = {Path(a["source"]["path"].split(":")[0]).suffix for a in articles}
    assert suffixes == {".txt", ".html", ".jsonl"}
    assert len({a["outlet"]["name"] for a in articles if a["outlet"]}) >= 6
    assert any(a["duplicate_of"] for a in articles), "the republished wire is a near-duplicate"
    assert records["dropped_line"], "scraped junk is dropped with its reason"


def test_stories_and_an_incident_told_by_several_outlets(records: dict[str, list[dict[str, Any]]]) -> None:
    outlets = {a["id"]: (a["outlet"] or {}).get("name") for a in records["article"]}
    assert any(len({outlets[i] for i in s["article_ids"]} - {None}) >= 3 for s in records["story"])
    told = [i for i in records["incident"] if len({v["outlet"] for v in i["versions"]} - {None}) >= 2]
    assert told, "an incident with versions from different outlets"
    assert any(len({v["actor"] for v in i["versions"] if v["actor"]}) >= 2 and i["location"] for i in told), (
        "a located incident whose versions name different perpetrators"
    )


def test_a_contradiction_of_every_topic(records: dict[str, list[dict[str, Any]]]) -> None:
    found = {c["topic"] for c in records["contradiction"]}
    assert found >= TOPICS, f"missing: {sorted(TOPICS - found)}"
    for item in records["contradiction"]:
        assert len(item["sides"]) >= 2 and item["summary"]


def test_agreements_with_parties_and_compliance_claims(records: dict[str, list[dict[str, Any]]]) -> None:
    disputed = [
        a
        for a in records["agreement"]
        if len(a["parties"]) >= 2 and any(c["stance"] == "broken" and c["accused"] for c in a["claims"])
    ]
    assert disputed, [a["name"] for a in records["agreement"]]
    assert any(a["brokers"] for a in records["agreement"])


def test_framing_differs_by_outlet_for_one_actor(records: dict[str, list[dict[str, Any]]]) -> None:
    labels: dict[str, dict[str, set[str]]] = defaultdict(dict)
    for item in records["framing"]:
        if item["outlet"] and item["labels"]:
            labels[item["actor_id"]][item["outlet"]] = {t.casefold() for t in item["labels"]}
    differing = [
        actor
        for actor, by_outlet in labels.items()
        if len(by_outlet) >= 3 and len({frozenset(terms) for terms in by_outlet.values()}) >= 3
    ]
    assert differing
    # the generic words count for the armed group each article reports on: one outlet's "terrorists"
    # are another's "rebels"
    group = labels["SYR.HTS"]
    assert any("terrorists" in terms for terms in group.values())
    assert any("rebels" in terms for terms in group.values())


def test_statements_of_several_types_and_events_on_the_map(records: dict[str, list[dict[str, Any]]]) -> None:
    types = {s["type"] for s in records["statement"]}
    assert {"assert", "accuse", "deny", "appeal"} <= types
    located = [e for e in records["event"] if (e["location"] or {}).get("lat") is not None]
    assert len({e["location"]["name"] for e in located}) >= 5
    assert records["place"] and records["actor"]


def test_a_second_demo_replaces_the_first_and_a_used_store_is_refused(
    demo_run: tuple[Path, subprocess.CompletedProcess[str]], records: dict[str, list[dict[str, Any]]]
) -> None:
    work, _ = demo_run
    out = work / "out"
    refused = rashomon("demo", "--out", str(out), "--db", str(out / "demo.db"), cwd=work)
    assert refused.returncode == 2 and "already holds" in refused.stderr
    assert (out / "report" / "index.html").is_file(), "a refused run removes nothing"
    stranger = work / "mine"
    stranger.mkdir()
    (stranger / "notes.txt").write_text("mine", encoding="utf-8")
    refused = rashomon("demo", "--out", str(stranger), cwd=work)
    assert refused.returncode == 2 and "not an earlier demo" in refused.stderr
    assert (stranger / "notes.txt").read_text(encoding="utf-8") == "mine"


def _packaged_names() -> list[str]:
    return sorted(p.name for p in (REPO / "src" / "rashomon" / "data" / "demo").iterdir() if p.is_file())


def test_the_corpus_ships_as_package_data() -> None:
    from rashomon.demo import article_files, corpus_files

    names = _packaged_names()
    assert {Path(n).suffix for n in names} >= {".txt", ".html", ".jsonl", ".md"}
    assert [f.name for f in corpus_files()] == names
    assert len(article_files()) == len(names) - 1  # all but ABOUT.md
    tomllib = pytest.importorskip("tomllib", reason="tomllib is Python 3.11+")
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["rashomon"]
    for name in names:
        assert any(fnmatch.fnmatch(f"data/demo/{name}", p) for p in patterns), name


def test_the_built_wheel_holds_the_corpus(tmp_path: Path) -> None:
    source = tmp_path / "source"  # built from a copy: a build writes build/ and *.egg-info beside its sources
    shutil.copytree(REPO / "src", source / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(REPO / name, source / name)
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path / "dist"), str(source)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    if built.returncode != 0:
        pytest.skip(
            f"cannot build a wheel here (pip fetches the build backend): {built.stderr.strip()[-300:]}"
        )
    (wheel,) = (tmp_path / "dist").glob("rashomon-*.whl")
    inside = set(zipfile.ZipFile(wheel).namelist())
    assert {f"rashomon/data/demo/{n}" for n in _packaged_names()} <= inside
