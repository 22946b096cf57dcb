"""Time expressions normalised against the publication date: short invented sentences (no model),
then the seed articles through the spaCy pipeline.

Publication days used: Thursday 2019-06-13 and Friday 2020-02-14.
"""

from __future__ import annotations

import datetime
from functools import cache

import pytest

from rashomon.extract.times import TimeExpression, normalise_times
from tests.helpers import cleaned_seed, publication_day

JUNE_13_2019 = datetime.date(2019, 6, 13)  # a Thursday
FEB_14_2020 = datetime.date(2020, 2, 14)  # a Friday


def find(text: str, published: datetime.date | None, needle: str, **options: str) -> TimeExpression:
    """The one expression whose text contains `needle`."""
    found = [e for e in normalise_times(text, published, **options) if needle in e.text]
    assert len(found) == 1, (needle, normalise_times(text, published, **options))
    return found[0]


def summary(expression: TimeExpression) -> tuple[str | None, str, str, str]:
    return expression.value, expression.precision, expression.relation, expression.anchor


# --- the examples of the issue --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "published", "needle", "expected"),
    [
        ("Speaking at the council on Wednesday, he said so.", FEB_14_2020, "Wednesday",
         ("2020-02-12", "day", "at", "published")),
        ("The minister said on Thursday that talks went well.", JUNE_13_2019, "Thursday",
         ("2019-06-13", "day", "at", "published")),  # the day of publication itself
        ("Back in mid-January, forces tried to impose a truce.", FEB_14_2020, "January",
         ("2020-01-11/2020-01-20", "month", "at", "published")),
        ("They have upped the bombardment since late April.", JUNE_13_2019, "April",
         ("2019-04-21/2019-04-30", "month", "since", "published")),
        ("On the night of June 13, the post was shelled.", JUNE_13_2019, "June",
         ("2019-06-13", "day", "at", "published")),
        ("Troops must retreat by the end of February, he said.", FEB_14_2020, "February",
         ("2020-02-21/2020-02-29", "month", "by", "published")),
        ("The deal was reached more than a year ago.", FEB_14_2020, "ago",
         ("2019-02-14", "year", "before", "published")),
        ("A buffer zone deal was signed in September.", JUNE_13_2019, "September",
         ("2018-09", "month", "at", "published")),  # the latest September on or before June 2019
        ("A ceasefire was brokered as of midnight on June 12, Moscow said.", JUNE_13_2019, "June",
         ("2019-06-12", "day", "since", "published")),
    ],
)  # fmt: skip
def test_issue_examples(
    text: str, published: datetime.date, needle: str, expected: tuple[str, str, str, str]
) -> None:
    assert summary(find(text, published, needle)) == expected


def test_spans_take_in_the_preposition_and_modifier() -> None:
    text = "Moscow announced a ceasefire as of midnight on June 12, after weeks of fire since late April."
    found = normalise_times(text, JUNE_13_2019)
    assert [e.text for e in found] == ["as of midnight on June 12", "after weeks", "since late April"]
    assert all(text[e.start : e.end] == e.text for e in found)
    assert [e.modifier for e in found] == ["midnight", None, "late"]


def test_narrowed_periods_are_intervals_and_plain_ones_dates() -> None:
    assert find("in mid-January", FEB_14_2020, "January").kind == "interval"
    assert find("in January", FEB_14_2020, "January").kind == "date"
    assert find("more than a year ago", FEB_14_2020, "ago").modifier == "more than"


# --- background dates: the text gives the year ----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "needle", "value", "precision"),
    [
        ("Russia intervened in 2015.", "2015", "2015", "year"),
        ("In September 2018, Moscow and Ankara agreed in Sochi.", "2018", "2018-09", "month"),
        ("The Astana (2017) zones were set up.", "2017", "2017", "year"),
        ("The Moscow protocol of 5 March 2020 holds.", "2020", "2020-03-05", "day"),
        ("Talks on March 2, 2022 failed.", "2022", "2022-03-02", "day"),
        ("Talks failed in early 2019.", "2019", "2019-01/2019-04", "year"),
        ("Talks failed in mid-2019.", "2019", "2019-05/2019-08", "year"),
        ("It was quiet in the 1990s.", "1990s", "1990/1999", "decade"),
        ("Fighting resumed in the spring of 2018.", "spring", "2018-03/2018-05", "season"),
    ],
)
def test_background_dates_are_absolute(text: str, needle: str, value: str, precision: str) -> None:
    found = find(text, JUNE_13_2019, needle)
    assert (found.value, found.precision, found.anchor) == (value, precision, "absolute")


@pytest.mark.parametrize(
    ("text", "needle", "value", "precision"),
    [
        ("Between 2015 and 2017 the zone grew.", "2015", "2015/2017", "year"),
        ("Talks ran from January to March.", "January", "2020-01/2020-03", "month"),
        ("The fighting lasted from November to February.", "November", "2019-11/2020-02", "month"),
        ("Shelling went on from March 3 until March 5.", "March", "2019-03-03/2019-03-05", "day"),
        ("Talks were held on March 3-5, 2019.", "March", "2019-03-03/2019-03-05", "day"),
        ("Talks were held 3-5 March 2019.", "March", "2019-03-03/2019-03-05", "day"),
    ],
)
def test_ranges_become_one_interval(text: str, needle: str, value: str, precision: str) -> None:
    found = find(text, FEB_14_2020, needle)
    assert (found.value, found.precision, found.kind) == (value, precision, "interval")
    assert text[found.start : found.end] == found.text


def test_several_days_of_one_month_are_a_set() -> None:
    found = find("Soldiers came under shelling on February 3 and 10.", FEB_14_2020, "February")
    assert (found.value, found.kind, found.text) == ("2020-02-03,2020-02-10", "set", "on February 3 and 10")


# --- relative expressions -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "precision"),
    [
        ("He spoke yesterday.", "2020-02-13", "day"),
        ("He will speak tomorrow.", "2020-02-15", "day"),
        ("He spoke two days ago.", "2020-02-12", "day"),
        ("He spoke last week.", "2020-02-03/2020-02-09", "week"),
        ("He spoke earlier this month.", "2020-02-01/2020-02-14", "month"),
        ("He spoke this year.", "2020", "year"),
        ("He spoke last year.", "2019", "year"),
        ("He spoke last month.", "2020-01", "month"),
        ("He spoke over the past four years.", "2016-02-14/2020-02-14", "year"),
        ("He spoke last Friday.", "2020-02-07", "day"),  # strictly before publication
        ("He will speak next Monday.", "2020-02-17", "day"),
        ("He spoke late Thursday.", "2020-02-13", "day"),
        ("He spoke last summer.", "2019-06/2019-08", "season"),
        ("It has grown in recent weeks.", "2020-01-24/2020-02-14", "week"),
    ],
)
def test_relative_expressions(text: str, value: str, precision: str) -> None:
    (found,) = normalise_times(text, FEB_14_2020)
    assert (found.value, found.precision, found.anchor) == (value, precision, "published")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("They met on June 20.", "2019-06-20"),  # a week ahead: an announced date this year
        ("They met on December 5.", "2018-12-05"),  # would be six months ahead: last year
        ("They will meet on July 30.", "2019-07-30"),  # a future cue allows any time ahead
    ],
)
def test_year_of_a_month_day(text: str, value: str) -> None:
    (found,) = normalise_times(text, JUNE_13_2019)
    assert found.value == value


def test_durations() -> None:
    assert summary(find("The truce held for three days.", FEB_14_2020, "three")) == (
        "P3D", "day", "at", "absolute"
    )  # fmt: skip
    after_weeks = find("It came after weeks of shelling.", FEB_14_2020, "weeks")
    assert (after_weeks.value, after_weeks.kind, after_weeks.relation) == ("PXW", "duration", "after")


# --- future context and deadlines -----------------------------------------------------------------


def test_deadline_in_a_january_article_is_the_coming_february() -> None:
    found = find("Troops must retreat by the end of February.", datetime.date(2020, 1, 20), "February")
    assert (found.value, found.relation, found.modifier) == ("2020-02-21/2020-02-29", "by", "end")


def test_deadline_in_a_march_article_is_the_past_february() -> None:
    found = find("Troops were told to retreat by the end of February.", datetime.date(2020, 3, 2), "Feb")
    assert found.value == "2020-02-21/2020-02-29"


def test_future_cue_moves_a_month_forward_but_not_across_a_reporting_verb() -> None:
    assert find("Elections will be held in September.", JUNE_13_2019, "Sept").value == "2019-09"
    said = find("Turkey will not leave Idlib, Erdogan said on Wednesday.", JUNE_13_2019, "Wed")
    assert said.value == "2019-06-12"


# --- unknown or coarse publication date -----------------------------------------------------------


def test_without_publication_date_only_absolute_dates_resolve() -> None:
    text = "On Wednesday he recalled that in 2015, and in September 2018, and since late April, and June 12."
    found = {e.text: (e.value, e.anchor) for e in normalise_times(text, None)}
    assert found == {
        "On Wednesday": (None, "unresolved"),
        "in 2015": ("2015", "absolute"),
        "in September 2018": ("2018-09", "absolute"),
        "since late April": (None, "unresolved"),
        "June 12": (None, "unresolved"),
    }


def test_month_precise_publication_resolves_months_but_not_weekdays() -> None:
    text = "He said on Wednesday that the deal signed in September and last year held."
    found = {
        e.text: e.value
        for e in normalise_times(text, datetime.date(2019, 6, 1), precision_of_published="month")
    }
    assert found == {"on Wednesday": None, "in September": "2018-09", "last year": "2018"}


# --- words that are not times ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Officials may march on the capital.",
        "May God protect them, March said.",
        "The Arab Spring changed the region.",
        "After the fall of Aleppo, 2000 fighters left.",
        "Syria's war has killed more than 370,000 people.",
    ],
)
def test_words_that_are_not_times(text: str) -> None:
    assert normalise_times(text, FEB_14_2020) == []


# --- the seed articles (spaCy Doc input) ----------------------------------------------------------


@cache
def seed_times(prefix: str) -> tuple[datetime.date | None, list[TimeExpression]]:
    """The seed's publication day (its known one from tests/helpers.py's KNOWN_DAYS where its text
    cannot fix the year) and its time expressions."""
    from rashomon.nlp.pipeline import load_pipeline

    cleaned = cleaned_seed(prefix)
    day = publication_day(cleaned)
    nlp, _ = load_pipeline("auto")
    return day, normalise_times(nlp(cleaned.clean.text), day)


def seed_find(prefix: str, text: str) -> TimeExpression:
    _, found = seed_times(prefix)
    matches = [e for e in found if e.text == text]
    assert len(matches) == 1, (text, [e.text for e in found])
    return matches[0]


@pytest.mark.slow
def test_seed_afp_ceasefire_article() -> None:
    """AFP via Baghdad Post, published Thursday 2019-06-13."""
    day, _ = seed_times("004")
    assert day == JUNE_13_2019
    # the ceasefire took effect at midnight the day before publication
    truce = seed_find("004", "as of midnight on June 12")
    assert (truce.value, truce.relation, truce.modifier) == ("2019-06-12", "since", "midnight")
    # the bombardment has been going on since some day in the last third of April 2019
    bombing = seed_find("004", "since late April")
    assert (bombing.value, bombing.relation, bombing.kind) == ("2019-04-21/2019-04-30", "since", "interval")
    # the buffer zone deal: the September before June 2019, not the coming one
    assert summary(seed_find("004", "in September")) == ("2018-09", "month", "at", "published")
    # the Russian intervention: the text gives the year
    assert summary(seed_find("004", "in 2015")) == ("2015", "year", "at", "absolute")
    # the defence ministry's "night of June 13" and Turkey's "late Thursday" are the day of publication
    assert seed_find("004", "On the night of June 13").value == "2019-06-13"
    assert seed_find("004", "late Thursday").value == "2019-06-13"


@pytest.mark.slow
def test_seed_tass_article() -> None:
    """TASS, dateline February 14, published Friday 2020-02-14."""
    assert seed_find("003", "on Wednesday").value == "2020-02-12"  # Erdogan's claim, two days before
    assert seed_find("003", "in January").value == "2020-01"  # the January truce attempt
    assert seed_find("003", "on February 3 and 10").value == "2020-02-03,2020-02-10"  # two shellings
    assert seed_find("003", "in 2017").anchor == "absolute"


@pytest.mark.slow
def test_seed_with_unknown_date_keeps_background_dates_only() -> None:
    """Sputnik: no day could be inferred, so "more than a year ago" stays open; the Sochi and Astana
    years are written out."""
    day, _ = seed_times("002")
    if day is not None:
        pytest.skip(f"seed 002 now has a publication day ({day}); this test is about an unknown one")
    assert seed_find("002", "more than a year ago").anchor == "unresolved"
    assert seed_find("002", "by the end of February").value is None
    assert seed_find("002", "In September 2018").value == "2018-09"
    assert seed_find("002", "In 2017").value == "2017"


# --- holidays (data/holidays.json) ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "published", "needle", "value", "precision"),
    [
        # the nearest occurrence: a holiday truce is announced ahead of it, or told just after
        ("The army declared an Easter truce.", datetime.date(2025, 4, 19), "Easter", "2025-04-20", "day"),
        ("Fighting went on over Easter.", datetime.date(2024, 4, 3), "Easter", "2024-03-31", "day"),
        ("The Orthodox Easter ceasefire failed.", datetime.date(2023, 4, 17), "Orthodox Easter",
         "2023-04-16", "day"),
        ("The Orthodox Christmas truce began.", datetime.date(2023, 1, 6), "Christmas", "2023-01-07", "day"),
        ("The group agreed to an Eid truce.", datetime.date(2014, 7, 27), "Eid", "2014-07-28", "day"),
        ("A lull came before Eid al-Adha.", datetime.date(2016, 9, 10), "Adha", "2016-09-12", "day"),
        ("Raids continued during Ramadan.", datetime.date(2014, 7, 10), "Ramadan",
         "2014-06-28/2014-07-27", "month"),
        ("Rockets fell at Christmas 2019.", datetime.date(2025, 4, 28), "Christmas", "2019-12-25", "day"),
        ("A truce for Victory Day was declared.", datetime.date(2025, 4, 28), "Victory", "2025-05-09", "day"),
    ],
)  # fmt: skip
def test_holidays_are_dated_from_the_holiday_facts(
    text: str, published: datetime.date, needle: str, value: str, precision: str
) -> None:
    found = find(text, published, needle)
    assert (found.value, found.precision) == (value, precision)


def test_a_holiday_outside_the_years_the_table_covers_stays_unresolved() -> None:
    assert find("It began at Eid al-Adha.", datetime.date(1950, 5, 1), "Adha").value is None


@pytest.mark.parametrize(
    ("text", "published", "needle", "value"),
    [
        ("It began at Easter.", datetime.date(1950, 5, 1), "Easter", "1950-04-09"),
        ("An Orthodox Easter truce was agreed.", datetime.date(1995, 4, 20), "Orthodox Easter", "1995-04-23"),
        ("Troops met at Christmas 1914.", datetime.date(2014, 12, 20), "Christmas", "1914-12-25"),
    ],
)  # fmt: skip
def test_fixed_holidays_and_easter_are_dated_in_any_year(
    text: str, published: datetime.date, needle: str, value: str
) -> None:
    assert find(text, published, needle).value == value


def test_a_lower_case_word_is_no_holiday() -> None:
    assert normalise_times("The rebels moved easter from the river.", JUNE_13_2019) == []
