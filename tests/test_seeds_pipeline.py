"""The whole pipeline on the five seed articles (read from ../shared/seeds, never copied here)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from rashomon.analyze import analyze
from rashomon.store.db import open_store
from rashomon.store.models import Article

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def stored(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Article]:
    from tests.conftest import SEEDS

    if not SEEDS.is_dir():
        pytest.skip(f"seed articles not found at {SEEDS}")
    db = tmp_path_factory.mktemp("seeds") / "r.db"
    summary = analyze([str(SEEDS)], db=str(db))
    assert not summary.failures
    with open_store(str(db)) as store, store.session() as session:
        rows = session.scalars(select(Article)).all()
        for row in rows:  # load relationships before the session closes
            _ = (row.dropped_lines, row.mentions)
        return {Path(row.source_path).name[:3]: row for row in rows}


def test_every_seed_is_stored_analysed_in_english_with_the_model_recorded(stored: dict[str, Article]) -> None:
    assert sorted(stored) == ["000", "001", "002", "003", "004"]
    for article in stored.values():
        assert article.status == "analysed"
        assert article.language == "en"
        assert article.model_name and article.model_version
        assert article.sentence_count > 5
        assert article.duplicate_of is None  # five different stories, no syndicated copies


def test_outlets_found_from_the_text(stored: dict[str, Article]) -> None:
    assert stored["000"].outlet_name == "Press TV"
    assert stored["002"].outlet_name == "Sputnik"
    assert stored["003"].outlet_name == "TASS"
    assert stored["004"].outlet_name == "The Baghdad Post"
    assert stored["000"].outlet_ownership == "state" and stored["000"].outlet_speaks_for == "IR"
    assert stored["003"].outlet_speaks_for == "RU"


def test_dates_follow_the_evidence(stored: dict[str, Article]) -> None:
    tass, baghdad, sputnik = stored["003"], stored["004"], stored["002"]
    assert (tass.published_date, tass.published_precision) == ("2020-02-14", "day")  # dateline + "on Friday"
    # "on Thursday" and "June 13" fit 2019 and 2024 alike, both after the last year the text names
    # (2015): no day, and the basis says why (the analyses after the date get the known day through
    # tests/helpers.py's KNOWN_DAYS, as a user who knows it would give it).
    assert (baghdad.published_date, baghdad.published_precision) == (None, "unknown")
    assert "June 13" in baghdad.published_basis and "years after the text's 2015" in baghdad.published_basis
    # The caption dates the photo a week before the article: a lower bound, never the day, and a day
    # earlier still, since the photo's date is local to where it was taken.
    assert sputnik.published_date != "2020-02-12"
    assert sputnik.published_not_before == "2020-02-11"
    assert sputnik.published_precision in {"unknown", "year"}
    for press_tv in (stored["000"], stored["001"]):
        assert press_tv.published_precision == "unknown"


def test_titles_and_clean_text(stored: dict[str, Article]) -> None:
    for article in stored.values():
        assert article.title and len(article.title.split()) >= 5
        # The headline is analysed with the story: the text's first paragraph, and there only.
        assert article.text.startswith(f"{article.title}\n\n") and article.text.count(article.title) == 1
        reasons = {line.reason for line in article.dropped_lines}
        assert "title" in reasons
    sputnik = stored["002"].text
    assert "Subscribe" not in sputnik and "log in or register" not in sputnik and "©" not in sputnik
    assert "Press TV" not in stored["000"].text.split("\n\n")[-1]  # the site footer is gone


def test_mentions_index_the_clean_text(stored: dict[str, Article]) -> None:
    for article in stored.values():
        assert article.mentions
        for mention in article.mentions:
            assert article.text[mention.start : mention.end] == mention.text
