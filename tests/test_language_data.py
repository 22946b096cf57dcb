"""The language-data loader: every shipped table loads, and a missing language or table says which file."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from rashomon.errors import UsageError
from rashomon.language_data import (
    LanguageDataError,
    available_languages,
    available_tables,
    language_data_path,
    load_language_data,
)

EXPECTED_EN_TABLES = {
    "agreements",
    "calendar",
    "claims",
    "contradictions",
    "cues",
    "dating",
    "events",
    "framing",
    "headlines",
    "page_lines",
    "parties",
    "places",
    "speakers",
    "stop_words",
    "times",
}


def test_english_is_shipped_and_other_data_folders_are_no_languages() -> None:
    assert available_languages() == ["en"]  # not "actors" or "demo"


def test_every_english_table_loads_as_a_described_object() -> None:
    names = available_tables("en")
    assert set(names) == EXPECTED_EN_TABLES
    for name in names:
        data = load_language_data(name, "en")
        assert isinstance(data, dict) and data, name
        assert "about" in data, f"{language_data_path(name)} has no 'about' field"


def test_every_file_in_the_english_folder_is_valid_json() -> None:
    folder = resources.files("rashomon.data").joinpath("en")
    files = [item for item in folder.iterdir() if item.name.endswith(".json")]
    assert len(files) == len(EXPECTED_EN_TABLES)
    for item in files:
        assert isinstance(json.loads(item.read_text(encoding="utf-8")), dict), item.name


def test_the_default_language_is_english_and_tables_are_read_once() -> None:
    assert load_language_data("calendar") is load_language_data("calendar", "en")


def test_a_missing_language_names_the_file_and_the_shipped_languages() -> None:
    with pytest.raises(
        LanguageDataError, match=r"language 'xx' \(rashomon/data/xx/calendar\.json; shipped: en\)"
    ):
        load_language_data("calendar", "xx")


def test_a_missing_table_names_the_file_and_the_shipped_tables() -> None:
    with pytest.raises(LanguageDataError, match=r"rashomon/data/en/nonexistent\.json; shipped: agreements, "):
        load_language_data("nonexistent", "en")


@pytest.mark.parametrize("language", ["actors", "demo", "../en", "", "EN"])
def test_other_folders_and_paths_are_no_languages(language: str) -> None:
    with pytest.raises(LanguageDataError, match="no language data for language"):
        load_language_data("calendar", language)


@pytest.mark.parametrize("name", ["../countries", "en/cues", ".hidden", ""])
def test_a_table_name_is_no_path(name: str) -> None:
    with pytest.raises(LanguageDataError):
        load_language_data(name, "en")


def test_the_error_is_a_usage_error_with_a_stable_code() -> None:
    with pytest.raises(UsageError) as caught:
        load_language_data("calendar", "zz")
    assert caught.value.code == "language-data"


def test_the_calendar_has_twelve_months_and_seven_weekdays() -> None:
    calendar = load_language_data("calendar")
    assert len(calendar["months"]) == 12 and all(calendar["months"])
    assert len(calendar["weekdays"]) == 7 and all(calendar["weekdays"])


def test_loaders_of_a_missing_language_fail_with_the_clear_error() -> None:
    from rashomon.reconcile.contradiction_rules import load_words
    from rashomon.reconcile.framing_terms import load_lexicon

    with pytest.raises(LanguageDataError, match=r"rashomon/data/qq/framing\.json"):
        load_lexicon("qq")
    with pytest.raises(LanguageDataError, match=r"rashomon/data/qq/contradictions\.json"):
        load_words("qq")


def test_page_line_words_build_the_caption_credit_byline_and_signature_rules() -> None:
    from rashomon.clean import line_rules

    assert line_rules._IN_THIS.match("In this handout photo taken on Monday")
    assert line_rules._IN_THIS.match("These frame grabs show")
    assert line_rules._PHOTO_LABEL.match("File photo by Jane Doe")
    assert line_rules._PHOTO_PAREN.search("Troops on patrol (AP Photo)")
    assert line_rules._COPYRIGHT_FOOTER.search("Copyright © Outlet")
    assert line_rules._BYLINE.match("By Jane Doe and John Roe")
    assert line_rules._BYLINE.match("BY JANE DOE") and not line_rules._BYLINE.match("bY Jane Doe")
    assert line_rules._WEB_WORDS.search("Follow us on our web site")
    assert line_rules._STAMP_FILLER.search("11:21 GMT")


def test_dating_words_build_the_reporting_weekday_patterns() -> None:
    from rashomon.clean.dates import reporting_weekday

    assert reporting_weekday("The ministry said late Thursday that") == "Thursday"
    assert reporting_weekday("On Friday the ministry said") is None  # a word between: not a lead
    assert reporting_weekday("He told a news briefing in Moscow on Tuesday") == "Tuesday"
    assert reporting_weekday("He said militants attacked on Tuesday") is None  # a past tense: new clause


def test_time_words_build_the_relative_day_span_and_joiner_patterns() -> None:
    from rashomon.extract import time_patterns as tp

    cores = dict(tp.CORES)
    for text in ("the day before yesterday", "earlier this  month", "the coming weekend", "last night"):
        match = cores["relword"].search(text)
        assert match is not None and match.group("rel") == text, text
    assert cores["past_n"].search("in recent weeks") and cores["past_n"].search("the previous two years")
    assert tp.RANGE_JOINER.match(" through ") and not tp.RANGE_JOINER.match(" or ")
    assert tp.JOINED_BEFORE.search("January or ")


def test_framing_and_agreement_words_come_from_the_data() -> None:
    from rashomon.reconcile import agreements, framing_terms

    calendar = load_language_data("calendar")
    assert [words[0].lower() for words in calendar["months"]] == agreements._MONTHS
    assert framing_terms._BY_AFTER.match(" by the army").end() == len(" by the ")
    assert framing_terms.phrase_after("illegal and unauthorised bases attacking", 7, []) == (12, 30)
