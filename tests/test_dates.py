"""Publication-date inference: unit tests on short invented sentences, then the seed articles."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from rashomon.clean.dates import (
    caption_lower_bound,
    find_dateline,
    find_dates,
    latest_year_mentioned,
    reporting_weekday,
)
from rashomon.clean.published import infer_published_date
from rashomon.types import UNKNOWN_DATE, PublishedDate

TODAY = datetime.date(2026, 11, 23)
SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"


def infer(
    body: str,
    *,
    metadata_date: str | None = None,
    captions: list[str] | None = None,
    today: datetime.date = TODAY,
) -> PublishedDate:
    return infer_published_date(body, metadata_date=metadata_date, captions=captions or (), today=today)


# --- datelines ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "expected", "precision"),
    [
        ("KYIV, March 2, 2022 (AP) — Officials said the bridge was closed.", "2022-03-02", "day"),
        ("Gaza City, 12 October 2023 - Residents queued for water.", "2023-10-12", "day"),
        ("DAMASCUS, Syria, Sept. 5, 2019 (AP) — The ministry said talks resumed.", "2019-09-05", "day"),
        ("KHARTOUM, 3rd of June 2021 / A statement was read.", "2021-06-03", "day"),
        ("LONDON, March 2022 - Ministers met for a second round.", "2022-03", "month"),
    ],
)
def test_dateline_with_year_gives_date_directly(body: str, expected: str, precision: str) -> None:
    result = infer(body)
    assert (result.date, result.precision, result.basis) == (expected, precision, "dateline")


def test_dateline_after_title_lines_is_found() -> None:
    body = "Headline about talks\n\nA standfirst line.\n\nHAVANA, Feb. 3. /AGENCY/. The envoy spoke."
    mention = find_dateline(body)
    assert mention is not None and (mention.month, mention.day, mention.year) == (2, 3, None)


@pytest.mark.parametrize(
    "body",
    [
        "BEIRUT (AFP) -- Officials said on Monday that the border was shut.",
        "On March 5, Russia and Turkey agreed a truce.",
        "Meanwhile, talks went on.",
    ],
)
def test_lines_that_are_not_dated_datelines(body: str) -> None:
    assert find_dateline(body) is None


def test_yearless_dateline_gets_year_from_weekday() -> None:
    body = "MOSCOW, Feb 3 (Reuters) - The foreign ministry said on Monday that talks begun in 2019 stalled."
    result = infer(body)
    assert (result.date, result.precision) == ("2020-02-03", "day")  # 3 February 2020 was a Monday
    assert result.basis.startswith("dateline February 3 on reporting weekday Monday")


def test_weekday_year_far_after_the_texts_years_is_not_a_day() -> None:
    # The page: the weekday fits June 12 in 2025, seven years after the year the text gives.
    body = "The minister on Thursday said a truce began on June 12. Talks started in 2018."
    result = infer(body)
    assert (result.date, result.precision) == (None, "unknown")
    assert "years after the text's 2018" in result.basis


def test_dateline_month_day_wins_over_other_month_days() -> None:
    # 9 May 2017 was a Tuesday, but the dateline names the reporting day.
    body = "CAIRO, Feb 3 - The envoy said on Monday the 9 May truce of 2019 held."
    assert infer(body).date == "2020-02-03"


# --- reporting weekday -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "weekday"),
    [
        ("The minister said Wednesday that aid was blocked.", "Wednesday"),
        ("The minister on Thursday said that aid was blocked.", "Thursday"),
        ("The minister on Thursday also said that aid was blocked.", "Thursday"),
        ("In a statement issued late Thursday, the ministry denied it.", "Thursday"),
        ("The spokeswoman told a news briefing in the capital on Friday that it was calm.", "Friday"),
        ("The army said militants attacked on Tuesday.", None),
        ("Shelling resumed on Sunday.", None),
    ],
)
def test_reporting_weekday_forms(body: str, weekday: str | None) -> None:
    assert reporting_weekday(body) == weekday


def test_most_frequent_weekday_then_earliest() -> None:
    assert reporting_weekday("A said on Friday. B claimed on Tuesday. C said on Tuesday.") == "Tuesday"
    assert reporting_weekday("A said on Friday. B claimed on Tuesday.") == "Friday"


# --- weekday consistency in the text ---------------------------------------------------------------


def test_text_month_day_on_reporting_weekday() -> None:
    body = "The governor said on Tuesday that the curfew imposed on 9 May stays. The war began in 2016."
    result = infer(body)
    assert (result.date, result.precision) == ("2017-05-09", "day")  # first Tuesday 9 May since 2016
    assert datetime.date.fromisoformat(result.date).strftime("%A") == "Tuesday"


def test_earliest_year_across_month_days() -> None:
    # June 12 is a Thursday in 2025, June 13 in 2019: the earlier year wins.
    body = "The minister on Thursday said a truce began on June 12. On June 13 it broke. Since 2018 ..."
    assert infer(body).date == "2019-06-13"


def test_leap_day() -> None:
    body = "Officials said on Thursday that the vote on February 29 stands, as it did in 2023."
    assert infer(body).date == "2024-02-29"


def test_no_year_means_unknown_with_evidence() -> None:
    body = "The spokeswoman said on Thursday that the deal concluded on March 5 is not honoured."
    result = infer(body)
    assert (result.date, result.precision) == (None, "unknown")
    assert result.basis == "weekday Thursday; month-day March 5; year undetermined"


def test_weekday_without_month_day_is_unknown() -> None:
    result = infer("The envoy said on Wednesday that a 2018 deal had failed.")
    assert (result.date, result.precision) == (None, "unknown")
    assert "weekday Wednesday" in result.basis


def test_relative_dates_alone_give_nothing() -> None:
    assert infer("Officials said yesterday that last week's raid killed four.") == UNKNOWN_DATE


# --- future dates ----------------------------------------------------------------------------------


def test_future_years_are_not_mentions() -> None:
    assert latest_year_mentioned(["a plan for 2030 agreed in 2019, 370,000 people"], TODAY) == 2019


def test_future_dateline_is_rejected() -> None:
    result = infer("KYIV, March 2, 2027 (AP) — Officials said the bridge was closed.")
    assert result.date is None and "in the future" in result.basis


def test_weekday_inference_never_passes_today() -> None:
    body = "The governor said on Tuesday that the curfew imposed on 9 May stays. It began in 2016."
    result = infer(body, today=datetime.date(2017, 5, 8))  # 9 May 2017, a Tuesday, is tomorrow
    assert (result.date, result.precision) == (None, "unknown")


# --- metadata ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected", "precision"),
    [
        ("2020-02-14", "2020-02-14", "day"),
        ("2020-02-14T10:31:00+03:00", "2020-02-14", "day"),
        ("2020-02", "2020-02", "month"),
        ("2020", "2020", "year"),
    ],
)
def test_metadata_wins(value: str, expected: str, precision: str) -> None:
    result = infer("KYIV (AP) — Officials met.", metadata_date=value)
    assert (result.date, result.precision) == (expected, precision)
    assert result.basis.startswith("metadata")


def test_metadata_month_against_a_dated_dateline_is_a_window() -> None:
    result = infer("KYIV, March 2, 2022 (AP) — Officials met.", metadata_date="2020-02")
    assert (result.date, result.precision) == (None, "unknown")
    assert (result.not_before, result.not_after) == ("2020-02-01", "2022-03-02")


@pytest.mark.parametrize("value", ["2027-01-05", "2026-12", "2020-13-01", "not a date"])
def test_future_or_invalid_metadata_is_ignored(value: str) -> None:
    result = infer("KYIV, March 2, 2022 (AP) — Officials met.", metadata_date=value)
    assert (result.date, result.basis) == ("2022-03-02", "dateline")


# --- photo captions ------------------------------------------------------------------------------


def test_caption_only_gives_lower_bound() -> None:
    # The bound is the photo's day less one: the caption gives the local day where it was taken.
    captions = ["A convoy near the town, Wednesday, Feb. 12, 2020", "Troops on Sunday, Feb. 2, 2020"]
    result = infer("The minister said on Wednesday that talks failed.", captions=captions)
    assert (result.date, result.precision, result.not_before) == (None, "unknown", "2020-02-11")
    assert result.basis.startswith("photo caption (lower bound only)")


def test_caption_bounds_candidate_years() -> None:
    body = "The governor said on Tuesday that the curfew imposed on 9 May stays. It began in 2015."
    result = infer(body, captions=["Soldiers at a checkpoint, March 1, 2019 (Photo by Agency)"])
    # Not 2017 (before the photo); the next Tuesday 9 May, in 2023, is years after anything the page fixes.
    assert (result.date, result.not_before) == (None, "2019-02-28")
    assert "2023" in result.basis


def test_future_caption_date_is_ignored() -> None:
    assert caption_lower_bound(["Taken on 1 January 2030"], TODAY) is None


def test_month_words_must_be_capitalised() -> None:
    assert [(m.month, m.day) for m in find_dates("They may resume on 5 May, and march on.")] == [(5, 5)]


# --- seed articles (integration) -----------------------------------------------------------------


def _split_captions(text: str) -> tuple[str, list[str]]:
    """Photo captions and credits go to `captions`, every other line stays in the body."""
    body: list[str] = []
    captions: list[str] = []
    for line in text.splitlines():
        stripped = line.strip()
        is_caption = (
            "©" in stripped
            or "(Photo by" in stripped
            or stripped.startswith(("In this frame grab", "In this photo"))
            or stripped.endswith("- Sputnik International")
        )
        (captions if is_caption else body).append(stripped)
    return "\n".join(body), captions


def _seed(number: str) -> tuple[str, list[str]]:
    if not SEEDS.is_dir():
        pytest.skip(f"seed articles not found at {SEEDS} (they live outside the repo, in ../shared/seeds)")
    matches = sorted(SEEDS.glob(f"{number}_*.txt"))
    if not matches:
        pytest.skip(f"seed {number} not found in {SEEDS}")
    return _split_captions(matches[0].read_text(encoding="utf-8"))


@pytest.mark.parametrize(("number", "expected"), [("003", "2020-02-14")])
def test_seed_days(number: str, expected: str) -> None:
    body, captions = _seed(number)
    result = infer(body, captions=captions)
    assert (result.date, result.precision) == (expected, "day")


def test_seed_text_month_day_years_after_the_texts_years_is_not_a_day() -> None:
    # "on June 13" in the text, a Thursday in 2019, four years after the latest year the text gives.
    body, captions = _seed("004")
    result = infer(body, captions=captions)
    assert (result.date, result.precision) == (None, "unknown")
    assert "June 13" in result.basis


def test_seed_caption_date_is_not_the_article_date() -> None:
    body, captions = _seed("002")
    result = infer(body, captions=captions)
    assert result.date != "2020-02-12"
    assert result.precision in ("unknown", "year")
    assert result.not_before == "2020-02-11"  # the photo's day, less a day for time zones


@pytest.mark.parametrize("number", ["000", "001"])
def test_seed_weekday_only_is_unknown(number: str) -> None:
    body, captions = _seed(number)
    result = infer(body, captions=captions)
    assert (result.date, result.precision) == (None, "unknown")
    assert "weekday" in result.basis


def test_page_date_stamp_gives_the_day_and_the_earliest_stamp_wins() -> None:
    result = infer_published_date(
        "Officials said on Monday that the talks would resume.",
        stamps=["Published 12 March 2024 14:05", "Updated: March 13, 2024"],
        today=TODAY,
    )
    assert (result.date, result.precision) == ("2024-03-12", "day")
    assert result.basis.startswith("published line")


def test_page_date_stamp_in_the_future_is_ignored() -> None:
    result = infer_published_date("No date here.", stamps=["1 January 2031"], today=TODAY)
    assert result.precision == "unknown"
