"""Year-less datelines ("BANGKOK (July 28):") dated from the page's other dates, never guessed."""

from __future__ import annotations

import datetime

import pytest

from rashomon.clean.dates import find_dateline
from rashomon.clean.published import infer_published_date

TODAY = datetime.date(2026, 11, 23)


def infer(body: str, **kwargs: object) -> tuple[str | None, str]:
    result = infer_published_date(body, today=TODAY, **kwargs)  # type: ignore[arg-type]
    return result.date, result.precision


@pytest.mark.parametrize(
    ("line", "month_day"),
    [
        ("BANGKOK (July 28): Thailand's acting prime minister on Monday thanked Malaysia.", (7, 28)),
        ("ISLAMABAD/NEW DELHI, February 26 (Reuters) - India said its warplanes struck.", (2, 26)),
        ("KUALA LUMPUR, July 30 (KUNA) -- Thailand on Wednesday accused Cambodia.", (7, 30)),
    ],
)
def test_year_less_dateline_forms(line: str, month_day: tuple[int, int]) -> None:
    found = find_dateline(line)
    assert found is not None and (found.month, found.day, found.year) == (*month_day, None)


def test_bracketed_words_are_not_a_dateline() -> None:
    assert find_dateline("Talks (May 5) were postponed.") is None


def test_year_from_a_caption_date_just_before() -> None:
    body = "ISLAMABAD/NEW DELHI, February 26 (Reuters) - India said its warplanes struck a camp."
    captions = ["The foreign secretary speaks in New Delhi, India, February 26, 2019. REUTERS"]
    assert infer(body, captions=captions) == ("2019-02-26", "day")


def test_year_from_the_month_a_url_gives() -> None:
    body = "BEIRUT, Nov 27 (Agency) - The truce took hold along the border."
    assert infer(body, url="https://example.com/2024/11/truce-holds.html") == ("2024-11-27", "day")


def test_year_across_new_year() -> None:
    body = "BOGOTA, Jan 3 (AFP) - The rebels denied the deal announced on December 31, 2022."
    assert infer(body) == ("2023-01-03", "day")


def test_dated_event_long_before_leaves_the_year_open() -> None:
    body = "BOGOTA, Jan 3 (AFP) - The rebels denied the deal. Talks began on March 4, 2021."
    assert infer(body) == (None, "unknown")


def test_a_past_event_in_an_older_year_gives_no_year() -> None:
    body = (
        "BEIRUT, Nov 27 (Agency) - The truce took hold. The 2006 war's ceasefire was signed on"
        " October 20, 2006. Talks resume in 2024."
    )
    assert infer(body) == (None, "unknown")


def test_no_year_anywhere_stays_unknown() -> None:
    body = "KUALA LUMPUR, July 30 (KUNA) -- Thailand accused Cambodia of violations."
    assert infer(body) == (None, "unknown")


def test_dateline_set_aside_by_the_cleaner_is_read_in_the_page_head() -> None:
    head = "Rebels deny truce\nBogotá, Jan 3 (AFP/APP):Rebels on Tuesday denied the truce.\nThey spoke."
    body = "They spoke in 2023 of a truce."
    assert infer(body, head=head) == ("2023-01-03", "day")
