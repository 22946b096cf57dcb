"""A party's sector from the head of its phrase, its country from its context."""

from __future__ import annotations

import pytest

from rashomon.extract.grounding import Party
from rashomon.extract.party_coding import code_country, code_group, code_residence, phrase_sector, with_sector
from rashomon.extract.places import Place


@pytest.mark.parametrize(
    ("phrase", "sector"),
    [
        ("President Bill Clinton", "GOV"),
        ("Judge Alejandro Rivera", "JUD"),
        ("Jewish settlers", "CVL"),
        ("Former Socialist prime minister Andreas Papandreou", "ELI"),
        ("About 200 supporters of former President Ahmed Ben Bella", "OPP"),
        ("Leaders of the opposition coalition", "OPP"),
        ("The military government of President Prosper Avril", "GOV"),
        ("Hamas", None),
    ],
)
def test_the_head_of_the_phrase_gives_the_sector(phrase: str, sector: str | None) -> None:
    assert phrase_sector(phrase) == sector


def _party(name: str, start: int, country: str | None = None, actor_id: str | None = None) -> Party:
    return with_sector(Party(name, (start, start + len(name)), actor_id, country, None))  # type: ignore[return-value]


def test_a_state_facing_another_state_is_of_another_country() -> None:
    text = "President Bush has threatened further action against Russia."
    bush = _party("President Bush", 0)
    russia = Party("Russia", (53, 59), "RUS", "RU", "GOV")
    assert code_country(bush, russia, text, [(0, len(text))], []).country is None


def test_a_state_facing_a_non_state_party_is_of_its_country() -> None:
    text = "Rebels in the Ivory Coast dismissed an appeal from President Laurent Gbagbo."
    rebels = Party("Rebels in the Ivory Coast", (0, 25), "category:REB", "CI", "REB")
    president = _party("President Laurent Gbagbo", 51)
    assert code_country(president, rebels, text, [(0, len(text))], []).country == "CI"


def test_the_sentence_names_the_country() -> None:
    text = "Ousted President Askar Akayev has agreed to resign without returning to Kyrgyzstan."
    akayev = _party("Ousted President Askar Akayev", 0)
    coded = code_country(akayev, None, text, [(0, len(text))], [])
    assert (coded.country, coded.sector) == ("KG", "ELI")


def test_international_organisations_and_bare_names_get_no_country() -> None:
    text = "The Red Cross said it would stay in Iraq; Hamas said the same in Gaza."
    red_cross = Party("The Red Cross", (0, 13), "NGO.ICRC", None, "NGO")
    hamas = _party("Hamas", 42)
    assert code_country(red_cross, None, text, [(0, len(text))], []).country is None
    assert code_country(hamas, None, text, [(0, len(text))], []).country is None


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("Bosnian Serbs demanded a truce.", "BA"),
        ("Up to 100 ethnic Albanians demonstrated on Tuesday in Serbia.", "RS"),
        ("The Albanians of southern Serbia are demanding autonomy.", "RS"),
    ],
)
def test_an_ethnic_group_is_coded_where_it_lives(text: str, country: str) -> None:
    name = text.split(" demanded")[0].split(" demonstrated")[0].split(" are")[0]
    party = Party(name, (0, len(name)), None, "AL", "CVL")
    assert code_residence(party, text, [(0, len(text))], []).country == country


def _place(name: str, start: int, country: str) -> Place:
    return Place(name, start, start + len(name), None, 0.0, 0.0, country, "town", 1, 0.0)


def test_a_named_group_takes_the_country_it_acts_in() -> None:
    text = "Al-Shabaab attacked a hotel in Mogadishu."
    group = Party("Al-Shabaab", (0, 10), "discovered:al-shabaab", None, None)
    mogadishu = _place("Mogadishu", 31, "SO")
    assert code_group(group, None, mogadishu, text, [mogadishu]).country == "SO"  # type: ignore[union-attr]


def test_a_group_takes_the_country_the_text_is_about_only_when_it_is_clear() -> None:
    once = "Hamas threatened to resume attacks in Israel."
    twice = "In Somalia, al-Shabaab said it would fight on. Somalia's army disagreed."
    hamas = Party("Hamas", (0, 5), "discovered:hamas", None, None)
    shabaab = Party("al-Shabaab", (12, 22), "discovered:al-shabaab", None, None)
    assert code_group(hamas, None, None, once, []).country is None  # type: ignore[union-attr]
    assert code_group(shabaab, None, None, twice, []).country == "SO"  # type: ignore[union-attr]


def test_an_institution_is_no_armed_group() -> None:
    text = "The International Labor Office met in Geneva."
    office = Party(
        "The International Labor Office", (0, 30), "discovered:international-labor-office", None, None
    )
    geneva = _place("Geneva", 38, "CH")
    assert code_group(office, None, geneva, text, [geneva]).country is None  # type: ignore[union-attr]


def test_a_crowd_is_of_the_place_it_acts_in_before_the_state_it_faces() -> None:
    text = "Thousands of people blocked streets in Hong Kong in defiance of Chinese authorities."
    people = _party("people", 22)
    authorities = Party("Chinese authorities", (65, 84), "CHN.GOV", "CN", "GOV")
    place = _place("Hong Kong", 39, "HK")
    assert code_country(people, authorities, text, [(0, len(text))], [place], place).country == "HK"


def test_a_currency_is_no_country_named_even_as_a_place() -> None:
    text = "Ousted president Aristide misused US $50 million, Haitian officials said."
    aristide = _party("Ousted president Aristide", 0)
    us = _place("US", text.index("US"), "US")
    assert code_country(aristide, None, text, [(0, len(text))], [us]).country == "HT"
