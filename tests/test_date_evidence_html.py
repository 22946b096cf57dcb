"""HTML pages' dates: the visible date lines against the page's metadata, and htmldate's free-text
scan as a weak hint. Invented pages and values."""

from __future__ import annotations

import datetime

from rashomon.clean.article import clean_document
from rashomon.clean.published import infer_published_date
from rashomon.types import RawDocument

TODAY = datetime.date(2026, 11, 23)
STORY = "The council met in the town hall and agreed to repair the bridge before the winter."


def from_markup(head: str, metadata_date: str | None = None, **extra: str) -> tuple[str | None, str]:
    result = infer_published_date(
        STORY, head=head, head_from_markup=True, metadata_date=metadata_date, today=TODAY, **extra
    )
    return result.date, result.precision


def test_visible_line_a_day_from_the_metadata_gives_its_own_day() -> None:
    # The page prints its local day; the metadata's UTC time falls on the next day.
    head = "Bridge repairs agreed\nNovember 8, 2023\nBy Jane Roe"
    assert from_markup(head, "2023-11-09T02:10:00+00:00") == ("2023-11-08", "day")


def test_metadata_contradicted_by_a_later_visible_line_is_a_window() -> None:
    head = "Bridge repairs agreed\n12.01.2022\nBy Jane Roe"
    result = infer_published_date(
        STORY, head=head, head_from_markup=True, metadata_date="2021-11-29", today=TODAY
    )
    assert result.precision != "day"
    assert (result.not_before, result.not_after) == ("2021-11-29", "2022-01-12")
    assert "metadata and the page's date lines disagree" in result.basis


def test_metadata_contradicted_by_a_slightly_earlier_visible_line_is_a_window() -> None:
    head = "Bridge repairs agreed\n13.10.2021\nBy Jane Roe"
    assert from_markup(head, "2021-10-15") == ("2021-10", "month")


def test_a_date_line_long_before_the_metadata_names_an_older_event() -> None:
    head = "Bridge repairs agreed\nOpened: 11.02.2005\nBy Jane Roe"
    assert from_markup(head, "2023-11-01") == ("2023-11-01", "day")


def test_text_scan_dates_a_page_with_no_other_evidence() -> None:
    assert from_markup("Bridge repairs agreed", text_scan_date="2021-11-03") == ("2021-11-03", "day")


def test_text_scan_on_new_years_day_is_a_bare_year() -> None:
    assert from_markup("Bridge repairs agreed", text_scan_date="2022-01-01") == (None, "unknown")


def test_text_scan_never_outweighs_the_metadata() -> None:
    head = "Bridge repairs agreed"
    assert from_markup(head, "2021-11-03", text_scan_date="2021-08-17") == ("2021-11-03", "day")


def _page(body_date: str, meta: str = "") -> RawDocument:
    paragraphs = "".join(f"<p>{STORY} Paragraph {n} adds a detail about the works.</p>" for n in range(6))
    html = (
        f"<html><head><title>Bridge</title>{meta}</head><body><h1>Bridge repairs agreed</h1>"
        f"<article>{paragraphs}<p>The works, the mayor wrote to the residents on {body_date}, will take "
        "two months.</p></article></body></html>"
    )
    return RawDocument(source_path="page.html", kind="html", content=html, encoding="utf-8")


def test_html_page_without_markup_date_gets_the_text_scan() -> None:
    cleaned = clean_document(_page("3 November 2021"))
    assert cleaned.clean.metadata_date is None
    assert cleaned.clean.text_scan_date == "2021-11-03"
    assert (cleaned.published.date, cleaned.published.basis) == ("2021-11-03", "text scan")


def test_html_page_with_markup_date_is_not_scanned() -> None:
    meta = '<meta property="article:published_time" content="2021-11-05T10:00:00+00:00">'
    cleaned = clean_document(_page("3 November 2021", meta))
    assert cleaned.clean.metadata_date == "2021-11-05"
    assert cleaned.clean.text_scan_date is None
