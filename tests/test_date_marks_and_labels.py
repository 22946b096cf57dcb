"""Dates a page shows its reader: marked-up date elements (<time>, itemprop="datePublished") and
labelled publication lines anywhere on the page, in the languages news sites print them in.
Invented pages and values."""

from __future__ import annotations

import datetime

import pytest
from lxml import html as lxml_html

from rashomon.clean.article import clean_document
from rashomon.clean.date_candidates import labelled_candidate, labelled_lines
from rashomon.clean.date_lines import line_label, read_line_dates
from rashomon.clean.html_dates import marked_publication_day
from rashomon.clean.published import infer_published_date
from rashomon.clean.url_dates import date_from_url
from rashomon.types import RawDocument

TODAY = datetime.date(2026, 11, 23)
STORY = "The council met in the town hall and agreed to repair the bridge before the winter."
PARAGRAPHS = "".join(
    f"<p>{STORY} Paragraph {n} adds that the work will take three months and cost little.</p>"
    for n in range(20)  # the footer stands far below the headline
)


def _page(header: str = "", footer: str = "", head_meta: str = "") -> str:
    return (
        f"<html><head><title>Bridge repairs agreed</title>{head_meta}</head><body>"
        f"<article><h1>Bridge repairs agreed</h1>{header}{PARAGRAPHS}{footer}</article></body></html>"
    )


def _marked(body: str) -> str | None:
    return marked_publication_day(lxml_html.fromstring(f"<html><body>{body}</body></html>"))


def test_one_time_element_gives_its_day() -> None:
    assert _marked(
        '<div class="meta"><time datetime="2022-01-25T08:00:00+01:00">25.01.2022</time></div>'
    ) == ("2022-01-25")


def test_comment_and_embedded_post_times_are_not_the_page_date() -> None:
    body = (
        '<time datetime="2022-01-25">25.01.2022</time>'
        '<div class="comment-body"><time datetime="2022-02-03">3 Feb</time></div>'
        '<blockquote class="instagram-media"><time datetime="2021-04-21">Apr 21</time></blockquote>'
    )
    assert _marked(body) == "2022-01-25"


def test_time_elements_naming_several_days_date_nothing() -> None:
    body = '<time datetime="2022-01-25">25 Jan</time><time datetime="2022-01-28">28 Jan</time>'
    assert _marked(body) is None


def test_element_marked_as_publication_speaks_before_bare_times() -> None:
    body = (
        '<span itemprop="datePublished" content="2019-10-18T17:08:11+02:00">18.10.2019</span>'
        '<time datetime="2019-10-20">20.10.2019</time>'
    )
    assert _marked(body) == "2019-10-18"


def test_marked_date_beats_header_metadata_alone() -> None:
    result = infer_published_date(STORY, metadata_date="2022-01-15", marked_date="2022-01-25", today=TODAY)
    assert (result.date, result.precision) == ("2022-01-25", "day")
    assert "metadata 2022-01-15 set aside" in result.basis


def test_marked_date_agreeing_with_metadata_is_a_day() -> None:
    result = infer_published_date(STORY, metadata_date="2022-01-27", marked_date="2022-01-26", today=TODAY)
    assert (result.date, result.precision) == ("2022-01-26", "day")


def test_marked_date_does_not_overrule_url_and_metadata_together() -> None:
    result = infer_published_date(
        STORY,
        url="https://news.example/2022/02/04/bridge-repairs",
        metadata_date="2022-02-04",
        marked_date="2021-12-14",
        today=TODAY,
    )
    assert result.date != "2021-12-14"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Veröffentlicht am 16.08.2019", "2019-08-16"),
        ("Mittwoch, 01. November 2023", "2023-11-01"),
        ("26. Jan 2022", "2022-01-26"),
        ("Publié le 11 septembre 2018 à 10h57", "2018-09-11"),
        ("Avr 6, 2022 - 04:54", "2022-04-06"),
        ("6 de abril de 2022", "2022-04-06"),
        ("Pubblicato il 3 maggio 2021", "2021-05-03"),
        ("14 Eylül 2022 12:00", "2022-09-14"),
        ("12 марта 2022 года", "2022-03-12"),
        ("Diterbitkan 14 September 2022", "2022-09-14"),
    ],
)
def test_date_lines_in_other_languages(line: str, expected: str) -> None:
    assert read_line_dates(line)[0].day.isoformat() == expected


@pytest.mark.parametrize(
    ("line", "label"),
    [
        ("Erschienen am: 01.11.2023", "published"),
        ("Publié le 11 septembre 2018", "published"),
        ("Letzte Änderung: 31.10.2023", "updated"),
        ("Mis à jour le 12 septembre 2018", "updated"),
        ("Aktualisiert: 11.04.2020, 10:27", "updated"),
    ],
)
def test_labels_in_other_languages(line: str, label: str) -> None:
    assert line_label(line, read_line_dates(line)[0].start) == label


def test_label_and_date_in_separate_elements_are_read_together() -> None:
    assert labelled_lines(["Autor: Jane Roe", "Datum:", "03.02.2022", "Teilen"]) == ["Datum: 03.02.2022"]


def test_labelled_lines_naming_several_days_date_nothing() -> None:
    lines = ["Published: 3 May 2021", "Published: 9 May 2021"]
    assert labelled_candidate(lines) is None
    assert labelled_candidate(lines[:1]).day == datetime.date(2021, 5, 3)  # type: ignore[union-attr]


def test_labelled_footer_line_beats_header_metadata() -> None:
    html = _page(
        footer="<p>Lesungen: 61<br>Erschienen am: 01.11.2023</p>",
        head_meta='<meta name="date" content="2023-01-11">',
    )
    raw = RawDocument(
        source_path="page.html",
        kind="html",
        content=html,
        encoding="utf-8",
        url="https://news.example/bridge",
    )
    published = clean_document(raw).published
    assert (published.date, published.precision) == ("2023-11-01", "day")


def test_scraped_text_published_line_far_below_the_title() -> None:
    lines = ["Bridge repairs agreed", *[f"{STORY} ({n})" for n in range(14)], "Published: 3 May 2021"]
    raw = RawDocument(source_path="page.txt", kind="text", encoding="utf-8", content="\n\n".join(lines))
    published = clean_document(raw).published
    assert (published.date, published.precision) == ("2021-05-03", "day")


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://news.example/world/2008/aug/12/talks-in-moscow", "2008-08-12"),
        ("https://news.example/news/hotspots/12-08-2008/106069-ceasefire", "2008-08-12"),
    ],
)
def test_more_url_date_forms(url: str, expected: str) -> None:
    found = date_from_url(url, TODAY)
    assert found is not None and found.day.isoformat() == expected


def test_epoch_zero_update_stamp_bounds_nothing() -> None:
    stamp = "Updated: 00:00 GMT, Jan 1, 1970 | Published: 04:39 GMT, Oct 9, 2016"
    head = f"Ceasefire talks open\n{stamp}\nBy Jane Roe"
    result = infer_published_date(STORY, head=head, today=TODAY)
    assert (result.date, result.precision) == ("2016-10-09", "day")


def test_cache_stamps_of_other_stories_are_not_date_lines() -> None:
    assert read_line_dates("2025-03-28-08-29-11") == []
