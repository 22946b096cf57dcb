"""The reconcile stage as `analyze` runs it: stories grown incrementally, incidents, framing and
contradictions stored and exported (JSONL and CSV), on the invented multi-outlet set in
tests/data/stories (runs the pipeline)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from rashomon.analyze import analyze
from rashomon.export import write_csv, write_jsonl
from rashomon.store.db import open_store

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
