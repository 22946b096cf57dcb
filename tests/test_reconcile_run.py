"""The reconcile stage as `analyze` runs it: stories grown incrementally, incidents, framing and
contradictions stored and exported (JSONL and CSV), on the invented multi-outlet set in
tests/data/stories (runs the pipeline)."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import pytest
from sqlalchemy import select, update

from rashomon.analyze import analyze
from rashomon.export import write_csv, write_jsonl
from rashomon.kb import gazetteer
from rashomon.reconcile.run import reconcile
from rashomon.store.db import open_store
from rashomon.store.models import PlaceRow

pytestmark = pytest.mark.slow

ARTICLES = Path(__file__).parent / "data" / "stories" / "articles.jsonl"
Grown = tuple[str, list[dict[str, object]]]


def records(db: str, kind: str) -> list[dict[str, object]]:
    out = io.StringIO()
    with open_store(db) as store, store.session() as session:
        write_jsonl(session, out, kind)
    return [json.loads(line) for line in out.getvalue().splitlines()]


@pytest.fixture(scope="module")
def grown(tmp_path_factory: pytest.TempPathFactory) -> Grown:
    """A store fed the first half of the set, its stories then, and then fed the rest."""
    tmp = tmp_path_factory.mktemp("reconcile")
    lines = ARTICLES.read_text(encoding="utf-8").splitlines()
    half = len(lines) // 2
    first, rest = tmp / "first.jsonl", tmp / "rest.jsonl"
    first.write_text("\n".join(lines[:half]) + "\n", encoding="utf-8")
    rest.write_text("\n".join(lines[half:]) + "\n", encoding="utf-8")
    db = f"sqlite:///{tmp / 'r.db'}"
    analyze([str(first)], db=db)
    before = records(db, "story")
    analyze([str(rest)], db=db)
    return db, before


def test_new_articles_join_stories_without_moving_stored_ones(
    grown: tuple[str, list[dict[str, object]]],
) -> None:
    db, before = grown
    after = {s["id"]: s for s in records(db, "story")}
    for story in before:
        assert story["id"] in after, "a stored story keeps its id"
        assert set(story["article_ids"]) <= set(after[story["id"]]["article_ids"])  # type: ignore[arg-type]
    members = [a for s in after.values() for a in s["article_ids"]]  # type: ignore[attr-defined]
    assert len(members) == len(set(members)) == 20, "every article in exactly one story"
    assert any(len(s["article_ids"]) > 1 for s in after.values())  # type: ignore[arg-type]


def test_incidents_hold_versions_from_several_outlets(grown: Grown) -> None:
    db, _ = grown
    incidents = records(db, "incident")
    assert incidents
    told_twice = [i for i in incidents if len(set(i["outlets"])) > 1]  # type: ignore[arg-type]
    assert told_twice, "the set tells several incidents in more than one outlet"
    for incident in incidents:
        assert len(incident["versions"]) == len(incident["event_ids"])  # type: ignore[arg-type]


def test_framing_counts_labels_per_outlet_and_actor(grown: Grown) -> None:
    db, _ = grown
    rows = records(db, "framing")
    assert len({r["outlet"] for r in rows}) >= 3
    for row in rows:
        labels = row["labels"]
        assert isinstance(labels, dict) and sum(labels.values()) == row["mentions"]


def test_every_reconciled_kind_exports_as_csv(grown: Grown) -> None:
    db, _ = grown
    for kind in ("story", "incident", "framing", "contradiction", "agreement", "echo"):
        out = io.StringIO()
        with open_store(db) as store, store.session() as session:
            count = write_csv(session, out, kind)
        rows = list(csv.DictReader(io.StringIO(out.getvalue())))
        assert len(rows) == count
        if kind in ("story", "incident", "framing", "echo"):
            assert count > 0, kind


RECONCILED = ("story", "incident", "contradiction", "framing")


def test_places_keep_the_region_they_were_resolved_in(grown: Grown) -> None:
    db, _ = grown
    with open_store(db) as store, store.session() as session:
        regions = list(session.scalars(select(PlaceRow.region)))
    assert regions and None not in regions
    assert any(regions) and all(r == "" or re.fullmatch(r"[A-Z]{2}\.\w+", r) for r in regions)


def test_reconcile_reads_stored_regions_without_loading_the_gazetteer(
    grown: Grown, monkeypatch: pytest.MonkeyPatch
) -> None:
    db, _ = grown
    before = {kind: records(db, kind) for kind in RECONCILED}

    def refuse() -> None:
        raise AssertionError("the gazetteer was loaded")

    monkeypatch.setattr(gazetteer, "load_gazetteer", refuse)
    with open_store(db) as store:
        reconcile(store)
    assert {kind: records(db, kind) for kind in RECONCILED} == before


def test_rows_stored_before_regions_were_kept_get_them_from_the_gazetteer(
    grown: Grown, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db, _ = grown
    old = tmp_path / "old.db"
    shutil.copy(db.removeprefix("sqlite:///"), old)
    with open_store(str(old)) as store, store.session() as session, session.begin():
        session.execute(update(PlaceRow).values(region=None))  # as migration 0008 leaves old rows
    loads: list[int] = []
    real = gazetteer.load_gazetteer
    monkeypatch.setattr(gazetteer, "load_gazetteer", lambda: loads.append(1) or real())
    with open_store(str(old)) as store:
        reconcile(store)
    assert loads, "the regions were looked up"
    for kind in RECONCILED:
        assert records(str(old), kind) == records(db, kind), kind
