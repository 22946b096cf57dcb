"""A person's surname used alone is no place, however the tagger labels it
(rashomon.extract.place_people); places named like a part of a person's name stay places."""

from __future__ import annotations

import pytest

from rashomon.extract.places import resolve_places


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    from rashomon.nlp.pipeline import load_pipeline

    return load_pipeline("auto")[0]


def names(nlp, text: str) -> set[str]:  # type: ignore[no-untyped-def]
    return {p.name for p in resolve_places(nlp(text))}


@pytest.mark.slow
def test_a_surname_after_the_full_name_is_no_place(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "President Gustavo Petro announced a six-month truce with five armed groups. "
        "A first round of talks since Petro came to power ended in Caracas."
    )
    found = names(nlp, text)
    assert "Petro" not in found
    assert "Caracas" in found


@pytest.mark.slow
def test_a_country_in_a_persons_name_stays_a_place(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Defence Minister Israel Katz said Israel would answer the attack on Haifa."
    assert {"Israel", "Haifa"} <= names(nlp, text)


@pytest.mark.slow
def test_without_a_full_name_the_place_reading_stands(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Shells hit Kherson overnight and the governor said two people were hurt in Kherson."
    assert "Kherson" in names(nlp, text)
