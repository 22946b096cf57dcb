"""A known name inside a longer proper name is the longer name's actor
(rashomon.reconcile.framing_longer_names). Sentences written by hand."""

from __future__ import annotations

from tests.test_framing_phrases import labels, linked


def test_a_capitalised_word_before_a_known_group_makes_a_group_of_its_own() -> None:
    text = (
        "A commander of the Iran-backed Kataib Hezbollah militia denied the attack. "
        "Kataib Hezbollah said the militants were not involved."
    )
    found = {(label, actor) for label, actor, _ in labels(linked(text))}
    assert ("militants", "discovered:kataib-hezbollah") in found
    assert not any(actor == "LBN.HEZBOLLAH" for _, actor in found)


def test_a_headline_or_a_word_written_in_lower_case_elsewhere_joins_no_name() -> None:
    text = "Israel Strikes Hezbollah Targets\n\nThe army said Hezbollah fired rockets. It strikes again."
    actors = {actor for _, actor, _ in labels(linked(text))}
    assert "LBN.HEZBOLLAH" in actors
    assert not any(actor.startswith("discovered:strikes") for actor in actors)
