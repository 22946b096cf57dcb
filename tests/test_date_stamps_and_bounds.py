"""Stamps a scraper ran into the text, "Updated" lines alone, photo days and feeds of other stories'
stamps: what each says about the publication day, and what it must not be taken for."""

from __future__ import annotations

import datetime

from rashomon.clean.article import clean_document
from rashomon.clean.date_lines import is_date_line, read_line_dates
from rashomon.clean.published import infer_published_date
from rashomon.types import PublishedDate, RawDocument

TODAY = datetime.date(2026, 11, 23)


def scraped(text: str, url: str | None = None) -> PublishedDate:
    raw = RawDocument(source_path="page.jsonl", kind="text", content=text, encoding="utf-8", url=url)
    return clean_document(raw).published


def test_time_run_into_the_date() -> None:
    assert [d.day.isoformat() for d in read_line_dates("12:5327/01/2025, lundi")] == ["2025-01-27"]


def test_date_and_time_opening_a_long_line_are_a_stamp() -> None:
    line = "21 May 2023 at 00:09 New seven-day ceasefire signed The two armies have signed a ceasefire."
    assert is_date_line(line)
    assert not is_date_line("In 2023 at 10:00 the army attacked the town and killed many people there.")


def test_first_of_january_in_a_glued_stamp_is_a_year() -> None:
    result = scraped("date 2020-01-01 Residents buried at least 43 people after the attack.\nMore text.")
    assert (result.date, result.precision) == ("2020", "year")


def test_glued_month_stamp_stays_a_month() -> None:
    result = scraped("date 2025-01 The city is at the mercy of the rebels.\nMore text.")
    assert (result.date, result.precision) == ("2025-01", "month")


def test_photo_day_on_the_reporting_weekday_is_a_bound_only() -> None:
    # A file photo a week old shares the weekday as often as not: the photo's day dates nothing.
    body = "Rebels marched into the city, officials said on Monday."
    captions = ["Armed men walk in the streets of the city on January 27, 2025. (AFP)"]  # a Monday
    result = infer_published_date(body, captions=captions, today=TODAY)
    assert (result.date, result.not_before) == (None, "2025-01-26")


def test_updated_line_alone_is_an_upper_bound_only() -> None:
    # The story may be a week older than its update, "on Tuesday" fits both.
    page = "Updated : Jun 24, 2025 15:15\nThe truce held, the army said on Tuesday.\nMore text."  # a Tuesday
    result = scraped(page)
    assert result.date is None and "updated 2025-06-24 (upper bound)" in result.basis


def test_a_feed_of_stamps_dates_nothing() -> None:
    stamps = ["20:29, 08.01.2026", "11:40, 07.01.2026", "11:34, 05.01.2026", "11:23, 31.12.2025"]
    page = "Poroshenko says the jet was shot down\n" + "\n".join(
        f"{stamp}\nOther story number {n} headline" for n, stamp in enumerate(stamps)
    )
    page += "\nThe president said during his trip on Tuesday that the missile came from the east."
    result = scraped(page)
    assert result.date is None
    assert "list of other stories" in result.basis


def test_updated_line_gives_the_year_of_a_month_day_on_the_reporting_weekday() -> None:
    page = "Updated : Jun 24, 2025 15:15\nThe army said on Tuesday that the truce of June 24 held.\nMore."
    result = scraped(page)
    assert (result.date, result.precision) == ("2025-06-24", "day")


def test_month_day_after_the_update_is_not_read_in_the_update_year() -> None:
    page = "Updated : Jan 2, 2025 15:15\nThe army said on Tuesday that the truce of December 31 held.\nMore."
    assert scraped(page).date is None


def test_year_after_a_comma_without_a_space() -> None:
    assert [d.day.isoformat() for d in read_line_dates("Published January 03,2023")] == ["2023-01-03"]
