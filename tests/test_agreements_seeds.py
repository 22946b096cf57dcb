"""Agreements in the five seed articles, linked across them, as an analyst reading them would list
them: the Astana talks (2017), the Sochi deal (September 2018), the March 5 deal (its article has no
date, so no year), the truce from midnight on June 12 2019 and the January 2020 attempt at a truce;
with the claims about who is breaking them. Seeds are read from ../shared/seeds, never copied here."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from rashomon.analyze import analyze
from rashomon.records.agreements import agreement_records
from rashomon.store.db import open_store
from rashomon.store.models import Article
from tests.conftest import SEEDS
from tests.helpers import seed_inputs

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def linked(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """The agreement records, and the seed prefix ("000") of every article id; a seed whose text
    cannot fix its year is given its known day (tests/helpers.py, KNOWN_DAYS)."""
    workdir = tmp_path_factory.mktemp("agreements")
    inputs = seed_inputs(workdir)
    if not inputs:
        pytest.skip(f"seed articles not found at {SEEDS}")
    db = str(workdir / "r.db")
    analyze(inputs, db=db)
    with open_store(db) as store, store.session() as session:
        seeds = {a.id: Path(a.source_path).name[:3] for a in session.scalars(select(Article))}
        return list(agreement_records(session)), seeds


def find(linked: tuple[list[dict[str, Any]], dict[str, str]], **wanted: object) -> dict[str, Any]:
    records, _ = linked
    hits = [r for r in records if all(r.get(k) == v for k, v in wanted.items())]
    assert len(hits) == 1, [(r["name"], r["date"]) for r in records]
    return hits[0]


def seeds_of(linked: tuple[list[dict[str, Any]], dict[str, str]], record: dict[str, Any]) -> set[str]:
    return {linked[1][a] for a in record["article_ids"]}


def countries(parties: list[dict[str, Any]]) -> set[str]:
    return {p["country"] for p in parties if p["country"]}


def test_astana_talks_of_2017_told_by_two_outlets(linked: Any) -> None:
    astana = find(linked, venue="Astana")
    assert astana["date"] == "2017"
    assert seeds_of(linked, astana) == {"000", "002"}
    assert {"RU", "TR", "IR"} <= countries(astana["parties"])


def test_sochi_deal_of_september_2018_links_the_unnamed_buffer_zone_deal(linked: Any) -> None:
    sochi = find(linked, venue="Sochi")
    assert sochi["date"] == "2018-09", "the Baghdad Post's 'deal signed ... in September' dates it"
    assert seeds_of(linked, sochi) == {"000", "002", "004"}
    assert countries(sochi["parties"]) == {"RU", "TR"}
    assert countries(sochi["brokers"]) == {"IR"}, "Press TV says Iran brokered it"
    assert {"demilitarised zone", "observation posts"} <= set(sochi["provisions"])
    kremlin = [c for c in sochi["claims"] if c["speaker"] == "Kremlin"]
    assert kremlin and kremlin[0]["stance"] == "broken"


def test_march_5_deal_and_russias_claim_that_turkey_drags_its_feet(linked: Any) -> None:
    deal = find(linked, name="Agreement of March 5 (Russia, Turkey)")
    assert seeds_of(linked, deal) == {"001"} and deal["date"] is None
    accused = {(c["speaker"], c["accused"]["country"]) for c in deal["claims"] if c["accused"]}
    assert ("Maria Zakharova", "TR") in accused


def test_truce_from_midnight_on_june_12_2019(linked: Any) -> None:
    truce = find(linked, family="ceasefire", date="2019-06-12")
    assert countries(truce["parties"]) == {"RU", "TR"}
    [claim] = truce["claims"]
    assert (claim["speaker"], claim["stance"]) == ("Mevlut Cavusoglu", "broken")


def test_january_2020_attempt_at_a_truce_across_two_outlets(linked: Any) -> None:
    attempt = find(linked, family="ceasefire", date="2020-01")
    assert seeds_of(linked, attempt) == {"000", "003"}, (
        "Press TV's 'mid-January' (no year) and TASS's 'in January'"
    )
    assert countries(attempt["parties"]) == {"RU", "TR"}


def test_ankara_says_damascus_breached_a_ceasefire(linked: Any) -> None:
    records, seeds = linked
    claims = [
        c for r in records for c in r["claims"] if seeds[c["article_id"]] == "002" and c["cue"] == "breached"
    ]
    assert [(c["speaker"], c["accused"]["actor_id"], c["stance"]) for c in claims] == [
        ("Ankara", "SYR.GOV", "broken")
    ]


def test_every_mention_and_claim_points_into_its_article(linked: Any, seeds_dir: Path) -> None:
    records, _ = linked
    for record in records:
        assert record["mentions"], record["name"]
        for mention in record["mentions"]:
            assert mention["agreement_id"] == record["id"]
            assert mention["span"][0] < mention["span"][1]
