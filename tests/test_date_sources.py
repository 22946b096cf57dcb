"""Publication dates from several sources weighed together: URL forms, date lines of scraped pages,
and the traps (render times, Updated lines, captions) that must not win. Invented texts."""

from __future__ import annotations

import datetime

import pytest

from rashomon.clean.article import clean_document
from rashomon.clean.date_lines import read_line_dates
from rashomon.clean.published import infer_published_date
from rashomon.clean.url_dates import date_from_url
from rashomon.types import PublishedDate, RawDocument

TODAY = datetime.date(2026, 11, 23)
STORY = "The ministers met in the capital and said on Thursday that the talks would go on."


def scraped(text: str, url: str | None = None) -> PublishedDate:
    raw = RawDocument(source_path="page.jsonl", kind="text", content=text, encoding="utf-8", url=url)
    return clean_document(raw).published


@pytest.mark.parametrize(
    ("url", "expected", "precision"),
    [
        ("https://news.example/world/2019/06/13/talks-resume/", "2019-06-13", "day"),
        ("https://news.example/world/201906131075839457-talks-resume/", "2019-06-13", "day"),
        ("https://news.example/21-Oct-2020/talks-resume", "2020-10-21", "day"),
        ("https://news.example/en/africa/20221102-talks-resume", "2022-11-02", "day"),
        ("https://news.example/section/2019/02/talks-resume", "2019-02-01", "month"),
        ("https://web.archive.org/web/20130307194448/news.example/2008/05/26/talks", "2008-05-26", "day"),
    ],
)
def test_url_dates(url: str, expected: str, precision: str) -> None:
    found = date_from_url(url, TODAY)
    assert found is not None
    assert (found.day.isoformat(), found.precision) == (expected, precision)


@pytest.mark.parametrize(
    "url",
    [
        "https://news.example/story-124156593.html",
        "https://news.example/a/2003784013",
        "https://web.archive.org/web/20120216182711/http://news.example/story",  # crawl time only
        "https://news.example/2031/01/05/future",
    ],
)
def test_urls_without_a_publication_date(url: str) -> None:
    assert date_from_url(url, TODAY) is None


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Published 13.06.2019 11:21", "2019-06-13"),
        ("13-06-2019 12:53:24", "2019-06-13"),
        ("Thu 13th June 2019 | 02:55 PM", "2019-06-13"),
        ("26.10.20 11:25", "2020-10-26"),
        ("Posted Jun 13, 2019 4:29 am EDT", "2019-06-13"),
        ("30 June 2019 01:54 (UTC+04:00)", "2019-06-30"),
        ("Oct 18, 2020", "2020-10-18"),
        ("date 2019-06-13", "2019-06-13"),
    ],
)
def test_header_line_formats(line: str, expected: str) -> None:
    assert read_line_dates(line)[0].day.isoformat() == expected
    page = f"Talks resume in the capital\n{line}\n{STORY}"
    result = scraped(page)
    assert (result.date, result.precision) == (expected, "day")


def test_ambiguous_slashed_date_reads_both_ways() -> None:
    found = read_line_dates("05/06/2019")[0]
    assert {found.day, *found.alternatives} == {datetime.date(2019, 6, 5), datetime.date(2019, 5, 6)}


def test_ambiguous_slashed_date_takes_the_reading_the_url_supports() -> None:
    result = scraped(f"Talks resume\n05/06/2019\n{STORY}", url="https://news.example/2019/05/06/talks")
    assert (result.date, result.precision) == ("2019-05-06", "day")


def test_issue_page_url_and_published_line_agree() -> None:
    story = f"{STORY} A truce began on June 12. In 2018 ..."
    page = f"Talks resume in the capital\nPublished 13.06.2019 11:21\n{story}"
    result = scraped(page, url="https://news.example/world/2019/06/13/talks/")
    assert (result.date, result.precision) == ("2019-06-13", "day")
    assert "url" in result.basis and "published line" in result.basis


def test_dateline_year_from_reporting_weekday() -> None:
    body = "ANKARA, June 16. /AGENCY/. The minister said on Sunday that the border, shut in 2017, stays open."
    result = infer_published_date(body, today=TODAY)
    assert (result.date, result.precision) == ("2019-06-16", "day")  # 16 June 2019 was a Sunday


# --- traps --------------------------------------------------------------------------------------


def test_render_time_above_the_article_loses_to_the_url() -> None:
    page = f"Thursday, October 29, 2020\nTalks resume in the capital\n{STORY}"
    result = scraped(page, url="https://news.example/2020/10/18/talks-resume/")
    assert (result.date, result.precision) == ("2020-10-18", "day")


def test_render_time_later_than_the_story_line_loses() -> None:
    page = f"02 July 2020 20:35 GMT\nTalks resume in the capital\nJune 13, 2019\n{STORY}"
    result = scraped(page)
    assert (result.date, result.precision) == ("2019-06-13", "day")
    assert "later than all other evidence" in result.basis


def test_updated_line_is_an_upper_bound_not_the_date() -> None:
    page = f"Talks resume\nPublished: June 13, 2019\nUpdated: June 20, 2019 10:00\n{STORY}"
    result = scraped(page)
    assert (result.date, result.precision) == ("2019-06-13", "day")
    alone = scraped(f"Talks resume\nUpdated: June 20, 2019 10:00\n{STORY}")
    assert alone.date is None


def test_photo_caption_is_not_a_date_line() -> None:
    page = f"Talks resume\nDelegates at the conference centre in the capital, October 20, 2020\n{STORY}"
    result = scraped(page)
    assert result.date is None or result.precision != "day"


def test_conflicting_strong_sources_give_a_window_not_a_day() -> None:
    result = infer_published_date(
        STORY, url="https://news.example/2019/06/13/talks/", metadata_date="2019-06-25", today=TODAY
    )
    assert result.precision == "month" and result.date == "2019-06"
    assert (result.not_before, result.not_after) == ("2019-06-13", "2019-06-25")
    assert result.basis.startswith("sources disagree")


def test_weekday_guess_years_after_the_text_is_not_a_day() -> None:
    # June 12 fell on a Thursday in 2025; the text only fixes 2018, so the year is a guess.
    body = "The minister said on Thursday that the truce begun on June 12 held. It was agreed in 2018."
    result = infer_published_date(body, today=TODAY)
    assert (result.date, result.precision) == (None, "unknown")
