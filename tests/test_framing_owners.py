"""Generic armed descriptions whose owner the text names (rashomon.reconcile.framing_owners). Invented
sentences: the linker without a model, discovered actors written by hand."""

from __future__ import annotations

from rashomon.reconcile.framing_inputs import ArticleInput
from tests.test_framing_described import mention, uses
from tests.test_framing_phrases import linked


def test_a_description_from_or_of_a_named_group_or_after_its_possessive_is_that_groups() -> None:
    text = "Zaria rebels held the town. Mercenaries from Kobo and Kobo's fighters guarded the road."
    kobo = "discovered:kobo"
    actors = (
        mention(text, "Zaria", "discovered:zaria", "discovered"),
        mention(text, "rebels", "category:REB", "category", label="rebels"),
        mention(text, "Mercenaries", "category:REB", "category", label="mercenaries"),
        mention(text, "Kobo", kobo, "discovered"),
        mention(text, "Kobo", kobo, "discovered", nth=1),
        mention(text, "fighters", "category:REB", "category", label="fighters"),
    )
    found = uses(ArticleInput("a", "X", text, actors))
    assert ("mercenaries", kobo) in found
    assert ("fighters", kobo) in found


def test_a_country_or_a_compound_name_owns_no_description() -> None:
    text = "Zaria rebels held the town. Militants from Pakistan and fighters of the Kobo-linked Zaria fled."
    actors = (
        mention(text, "Zaria", "discovered:zaria", "discovered"),
        mention(text, "rebels", "category:REB", "category", label="rebels"),
        mention(text, "Militants", "category:REB", "category", label="militants"),
        mention(text, "fighters", "category:REB", "category", label="fighters"),
        mention(text, "Kobo", "discovered:kobo", "discovered"),
    )
    found = dict(uses(ArticleInput("a", "X", text, actors)))
    assert found["militants"] != "PAK" and found["fighters"] != "discovered:kobo"


def test_foreign_mercenaries_and_fighters_of_a_country_named_only_so_are_that_countrys() -> None:
    text = "Malian troops and Russian mercenaries raided Moura. Officials in Mali said Syrian rebels fled."
    found = uses(linked(text))
    assert ("russian mercenaries", "RUS") in found
    assert ("syrian rebels", "RUS") not in found and ("syrian rebels", "SYR") in found


def test_a_countrys_own_rebels_stay_a_generic_description() -> None:
    text = "Syrian rebels shelled Aleppo. Syria's army said the rebels came from Idlib."
    assert not any(actor == "SYR" and label == "syrian rebels" for label, actor in uses(linked(text)))
