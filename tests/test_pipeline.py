"""The analyze job on invented inputs: statuses, language flags, near-duplicates, model loading."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from rashomon.analyze import analyze
from rashomon.nlp import compat
from rashomon.nlp.pipeline import load_pipeline
from rashomon.store.db import open_store
from rashomon.store.models import Article
from tests.helpers import invented_article

pytestmark = pytest.mark.slow

RUSSIAN = (
    "Министерство обороны заявило в четверг, что переговоры о прекращении огня продолжаются, а "
    "гуманитарные коридоры остаются открытыми для мирных жителей. По словам представителя ведомства, "
    "обстрелы в районе города прекратились ночью, однако ситуация остаётся напряжённой."
)


def stored_articles(db: str) -> dict[str, Article]:
    with open_store(db) as store, store.session() as session:
        rows = session.scalars(select(Article).options(selectinload(Article.mentions))).all()
        return {Path(a.source_path).name: a for a in rows}


def test_non_english_is_stored_and_flagged_not_dropped(tmp_path: Path) -> None:
    (tmp_path / "ru.txt").write_bytes(RUSSIAN.encode("cp1251"))
    (tmp_path / "en.txt").write_text(invented_article(1), encoding="utf-8")
    db = str(tmp_path / "r.db")
    summary = analyze([str(tmp_path)], db=db)
    assert not summary.failures
    articles = stored_articles(db)
    russian = articles["ru.txt"]
    assert (russian.language, russian.encoding, russian.status) == ("ru", "cp1251", "not-analysed")
    assert "language 'ru'" in (russian.status_reason or "")
    assert russian.text.startswith("Министерство")
    assert russian.model_name is None and not russian.mentions
    assert articles["en.txt"].status == "analysed"


def test_too_short_text_is_kept_with_a_reason(tmp_path: Path) -> None:
    (tmp_path / "stub.txt").write_text("Subscribe\n\nTruce holds.\n", encoding="utf-8")
    db = str(tmp_path / "r.db")
    analyze([str(tmp_path)], db=db)
    stub = stored_articles(db)["stub.txt"]
    assert stub.status == "not-analysed" and "too short" in (stub.status_reason or "")


def test_syndicated_copy_links_to_the_first_article_across_runs(tmp_path: Path) -> None:
    original = invented_article(7)
    copy = "Wire Desk\n\n" + original.replace("Back to top button", "Reporting by the wire desk.")
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "original.txt").write_text(original, encoding="utf-8")
    (tmp_path / "b.jsonl").write_text(json.dumps({"text": copy, "outlet": "Example Wire"}), encoding="utf-8")
    (tmp_path / "other.txt").write_text(invented_article(8), encoding="utf-8")
    db = str(tmp_path / "r.db")
    analyze([str(tmp_path / "a")], db=db)  # the original lands in an earlier run
    analyze([str(tmp_path / "b.jsonl"), str(tmp_path / "other.txt")], db=db)
    articles = stored_articles(db)
    assert articles["b.jsonl"].duplicate_of == articles["original.txt"].id
    assert articles["other.txt"].duplicate_of is None
    assert articles["original.txt"].duplicate_of is None


def test_jsonl_metadata_is_used(tmp_path: Path) -> None:
    record = {
        "text": invented_article(9),
        "url": "https://www.reuters.com/world/some-story",
        "title": "Declared headline",
        "date": "2024-03-02T10:00:00Z",
    }
    (tmp_path / "in.jsonl").write_text(json.dumps(record), encoding="utf-8")
    db = str(tmp_path / "r.db")
    analyze([str(tmp_path / "in.jsonl")], db=db)
    article = stored_articles(db)["in.jsonl"]
    assert article.title == "Declared headline"
    assert (article.published_date, article.published_precision) == ("2024-03-02", "day")
    assert article.outlet_name == "Reuters"
    assert article.source_url == record["url"]


def test_the_model_is_loaded_once_per_process() -> None:
    first, info = load_pipeline("auto")
    second, _ = load_pipeline("auto")
    assert first is second
    assert info.name.startswith("en_core_web_sm") and info.version.startswith("3.")
    assert dict(info.paths) == dict.fromkeys(compat.REPLACEMENTS, compat.FAST)  # the tested versions
