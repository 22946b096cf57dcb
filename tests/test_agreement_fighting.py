"""An announcer of a truce is one of its parties only if the article tells it fighting, when the
article names no two sides of the truce otherwise (rashomon.extract.agreement_fighting)."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    from rashomon.nlp.pipeline import load_pipeline

    return load_pipeline("auto")[0]


def truce_parties(nlp, text: str) -> set[str]:  # type: ignore[no-untyped-def]
    doc = nlp(text)
    return {p.country or p.name for a in doc._.rashomon_agreements for p in a.parties}


@pytest.mark.slow
def test_an_outsider_announcing_the_truce_is_no_party(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "The US president announced the truce on Saturday. Hours later, Indian troops shelled a "
        "Pakistani army post near the border. Pakistani troops attacked an Indian patrol the next morning."
    )
    assert "US" not in truce_parties(nlp, text)


@pytest.mark.slow
def test_a_side_declaring_its_own_truce_stays_a_party(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Russia declared a 30-hour Easter truce. Russian troops shelled a Ukrainian army post near "
        "Kherson, and Ukrainian troops attacked a Russian convoy."
    )
    assert "RU" in truce_parties(nlp, text)


@pytest.mark.slow
def test_without_the_fighting_sides_the_announcer_stays(nlp) -> None:  # type: ignore[no-untyped-def]
    # nothing in the article says who fights: the announcer is all there is to go on
    assert "KE" in truce_parties(nlp, "The president of Kenya announced a truce on Sunday.")
