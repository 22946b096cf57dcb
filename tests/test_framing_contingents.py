"""An international body's plain noun after a country word is that country's contingent
(rashomon.reconcile.framing_contingents). Sentences written by hand."""

from __future__ import annotations

from tests.test_framing_phrases import labels, linked


def test_a_country_word_before_peacekeepers_makes_them_the_countrys_forces() -> None:
    text = "Russian peacekeepers entered the town, while Turkish troops stayed at the border."
    assert labels(linked(text)) == [
        ("russian peacekeepers", "RUS.MIL", "outlet"),
        ("turkish troops", "TUR.MIL", "outlet"),
    ]


def test_the_bodys_own_name_stays_the_bodys() -> None:
    assert labels(linked("UN peacekeepers entered the town.")) == [
        ("UN peacekeepers", "IGO.UN.PKO", "outlet")
    ]
