"""Generic armed descriptions whose owner the text names (rashomon.reconcile.framing_owners). Invented
sentences: the linker without a model, discovered actors written by hand."""

from __future__ import annotations

from dataclasses import replace

from rashomon.reconcile.framing_inputs import ArticleInput, Said
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


def _said(text: str, quote: str, actor_id: str | None = None) -> ArticleInput:
    article = linked(text)
    start = text.index(quote)
    said = (Said("a/st-1", start, start + len(quote), "the mayor", actor_id, "accuse", "direct"),)
    return replace(article, statements=said)


def test_a_country_armed_noun_in_a_speakers_words_is_that_states_forces_where_they_are_named() -> None:
    text = "Moldovan soldiers crossed at dawn. The mayor said: “Moldovan terrorists burned our school.”"
    quote = "“Moldovan terrorists burned our school.”"
    assert ("moldovan terrorists", "MDA") in uses(_said(text, quote))
    # the speaker's own country's fighters are not its enemy
    assert ("moldovan terrorists", "MDA") not in uses(_said(text, quote, "MDA.GOV"))


def test_a_country_armed_noun_stays_generic_in_narration_or_where_no_forces_of_it_are_named() -> None:
    narrated = "Moldovan soldiers crossed at dawn. Moldovan terrorists burned the school, police said."
    assert ("moldovan terrorists", "MDA") not in uses(linked(narrated))
    text = "Floods hit the valley at dawn. The mayor said: “Moldovan terrorists burned our school.”"
    assert ("moldovan terrorists", "MDA") not in uses(_said(text, "“Moldovan terrorists burned our school.”"))
