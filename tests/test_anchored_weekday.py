"""A page with no day of its own, dated by the latest full date its story writes and the weekday
it names (rashomon.clean.anchored_weekday)."""

from __future__ import annotations

import datetime

from rashomon.clean.anchored_weekday import first_named_weekday
from rashomon.clean.published import infer_published_date

TODAY = datetime.date(2026, 11, 23)


def test_weekday_of_the_full_date_restates_the_events_day() -> None:
    body = (
        "The two delegations met in the lakeside town on March 4, 2021, after weeks of shuttle talks.\n"
        "They signed the accord on Thursday, in front of the press."  # March 4, 2021 was a Thursday
    )
    result = infer_published_date(body, today=TODAY)
    assert result.precision != "day"  # reports of the next days name the event's day so too


def test_weekday_just_after_the_full_date() -> None:
    body = "Talks opened on March 4, 2021. The envoys announced on Saturday that a deal was close."
    result = infer_published_date(body, today=TODAY)
    assert (result.date, result.precision) == ("2021-03-06", "day")


def test_weekday_far_after_the_full_date_dates_nothing() -> None:
    # Tuesday is five days after a Thursday: as likely the Tuesday before, told days later.
    body = "Talks opened on March 4, 2021. The envoys announced on Tuesday that a deal was close."
    assert infer_published_date(body, today=TODAY).date is None


def test_a_later_year_makes_the_full_date_a_past_event() -> None:
    body = (
        "The accord of March 4, 2021 held until 2023. The envoys announced on Thursday that new talks "
        "would open."
    )
    assert infer_published_date(body, today=TODAY).date is None


def test_a_caption_date_is_no_anchor() -> None:
    body = "The envoys announced on Thursday that a deal was close."
    captions = ["Delegates arrive at the hotel on March 4, 2021."]
    result = infer_published_date(body, captions=captions, today=TODAY)
    assert result.date is None and result.not_before == "2021-03-03"


def test_the_site_month_must_hold_the_day() -> None:
    body = "Talks opened on March 4, 2021. The envoys announced on Friday that a deal was close."
    inside = infer_published_date(body, url="https://example.org/2021/03/talks.html", today=TODAY)
    assert (inside.date, inside.precision) == ("2021-03-05", "day")
    outside = infer_published_date(body, url="https://example.org/2021/05/talks.html", today=TODAY)
    assert outside.precision != "day"


def test_a_weekday_beside_a_date_is_not_the_named_weekday() -> None:
    text = "The round began on Tuesday, 25 October and the sides met again on Friday."
    assert first_named_weekday(text) == "Friday"
    assert first_named_weekday("The round began on Tuesday 25 October.") is None
