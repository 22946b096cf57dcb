"""How the reconcile stage reads an article's date: a publication date, or the bounds on it."""

from __future__ import annotations

import datetime

from rashomon.reconcile.load import article_date
from rashomon.reconcile.records import DateSpan
from rashomon.store.models import Article


def day(iso: str) -> int:
    return datetime.date.fromisoformat(iso).toordinal()


def article(**fields: object) -> Article:
    base: dict[str, object] = {"published_date": None, "published_precision": "unknown"}
    return Article(**{**base, **fields})


def test_a_publication_date_is_the_span() -> None:
    dated = article(published_date="2020-02", published_precision="month")
    assert article_date(dated) == DateSpan(day("2020-02-01"), day("2020-02-29"))


def test_without_a_date_the_caption_and_the_retrieval_bound_it() -> None:
    crawled = datetime.datetime(2020, 2, 14, 10, 5)
    assert article_date(article(retrieved_at=crawled)) == DateSpan(None, day("2020-02-14"))
    both = article(published_not_before="2020-02-01", retrieved_at=crawled)
    assert article_date(both) == DateSpan(day("2020-02-01"), day("2020-02-14"))
    assert article_date(article(published_not_before="2020-02-01")) == DateSpan(day("2020-02-01"), None)
    assert article_date(article()) is None


def test_a_retrieved_copy_never_moves_a_known_date() -> None:
    dated = article(
        published_date="2019-06-12", published_precision="day", retrieved_at=datetime.datetime(2024, 1, 1)
    )
    assert article_date(dated) == DateSpan(day("2019-06-12"), day("2019-06-12"))


def test_stop_words_are_spacys_english_list() -> None:
    from spacy.lang.en.stop_words import STOP_WORDS

    from rashomon.reconcile.load import _stop_words

    assert _stop_words() == frozenset(STOP_WORDS)
