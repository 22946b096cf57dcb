"""The group a doer acts for: a modifier that names it ('militants affiliated with X', 'gunmen loyal
to X', 'fighters of X', 'X-linked militants'), and, for a doer that names none ('the assailants'),
the group the same article says claimed the attack or was blamed for it. Short invented sentences;
groups and places are invented.
"""

from __future__ import annotations

import pytest

from tests.helpers import actor_of

pytestmark = pytest.mark.slow  # the tests load the spaCy pipeline


@pytest.mark.parametrize(
    ("text", "trigger", "actor"),
    [
        ("Militants affiliated with the Sahel Front killed 40 villagers.", "killed", "the Sahel Front"),
        ("Dozens were killed by members affiliated with the Sahel Front.", "killed", "the Sahel Front"),
        ("Fighters of the Northern Guard attacked the town of Ostrava.", "attacked", "the Northern Guard"),
        ("Twelve farmers were killed by Kuvari-linked militants on Sunday.", "killed", "Kuvari"),
        ("A bomber associated with the Sahel Front killed 25 worshippers.", "killed", "the Sahel Front"),
        ("The attacker, identified as a member of the Dawn Brigade, opened fire on the station.",
         "opened fire", "the Dawn Brigade"),
        ("The gunman, a member of the Northern Guard, shot two policemen in Ostrava.", "shot",
         "the Northern Guard"),
    ],
)  # fmt: skip
def test_a_doers_modifier_that_names_its_group_gives_the_group(
    attacks, text: str, trigger: str, actor: str
) -> None:
    assert actor_of(attacks(text), trigger) == actor


def test_a_modifier_that_names_no_group_keeps_the_doer(attacks) -> None:
    assert actor_of(attacks("Gunmen loyal to the local chief attacked the village."), "attacked") == (
        "Gunmen loyal to the local chief"
    )


def test_an_apposition_that_names_no_group_keeps_the_doer(attacks) -> None:
    text = "The gunman, a resident of the town, shot two policemen in Ostrava."
    assert actor_of(attacks(text), "shot") == "The gunman, a resident of the town"


def test_a_generic_doer_is_the_group_that_claimed_the_attack(attacks) -> None:
    text = "The assailants opened fire on the worshippers. The Sahel Front claimed responsibility."
    assert actor_of(attacks(text), "opened fire") == "The Sahel Front"


@pytest.mark.parametrize(
    "text",
    [
        "Farmers were killed by Kuvari-linked militants. The Dawn Brigade claimed responsibility.",
        "Militants affiliated with the Kuvari Front killed 40. The Dawn Brigade claimed responsibility.",
    ],
)  # fmt: skip
def test_doers_named_by_the_group_they_are_linked_to_are_the_affiliate_that_claimed_it(
    attacks, text: str
) -> None:
    assert actor_of(attacks(text), "killed") == "The Dawn Brigade"


def test_a_generic_doer_is_the_group_blamed_when_no_one_claims(attacks) -> None:
    text = "Gunmen stormed the hotel in Ostrava. Officials blamed the Sahel Front for the attack."
    assert actor_of(attacks(text), "stormed") == "the Sahel Front"


def test_a_generic_doer_stays_when_the_claim_is_denied(attacks) -> None:
    text = "Gunmen stormed the hotel. The Sahel Front denied responsibility for the attack."
    assert actor_of(attacks(text), "stormed") == "Gunmen"


def test_a_place_the_doer_comes_from_is_no_group(attacks) -> None:
    text = "Fighters from Ostrava attacked the village of Lidice."
    assert actor_of(attacks(text), "attacked") == "Fighters from Ostrava"


def test_a_group_described_as_behind_the_attack_inside_a_denial_still_names_it(attacks) -> None:
    text = (
        "The gunmen attacked the train. Officials dismissed claims that the town had sheltered"
        " the Sahel Front, the group behind the attack."
    )
    assert actor_of(attacks(text), "attacked") == "the Sahel Front"


def test_who_tells_of_an_attack_did_not_do_it(attacks) -> None:
    text = "Two blasts killed 95 people in Ostrava, in what was labelled a terrorist attack by state media."
    found = attacks(text)
    assert any(e.trigger.text == "attack" for e in found)  # the event is read, without a doer
    assert actor_of(found, "attack") is None


def test_the_group_that_claims_is_the_organisation_named_just_before(attacks) -> None:
    text = (
        "Gunmen stormed a school in Ostrava, killing 41 people. Analysts have long warned about the "
        "Dawn Brigade, an armed group active in the region. The group claimed responsibility."
    )
    assert actor_of(attacks(text), "stormed") == "the Dawn Brigade"


def test_the_group_with_no_organisation_named_before_stays_itself(attacks) -> None:
    text = "The group attacked a police post near the border on Monday, killing two officers."
    assert actor_of(attacks(text), "attacked") == "The group"
