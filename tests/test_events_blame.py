"""Perpetrators named outside the event's own clause: attribution frames ('blamed Y for the attack',
'Y was behind it', 'claimed responsibility for'), passive carriers ('was carried out by Y'), and the
ground an attack came from ('from Y-held territory'). Short invented sentences; places are invented.
"""

from __future__ import annotations

import pytest

from rashomon.extract.event_blame import frames
from tests.helpers import actor_of


def test_frame_words_load_from_the_lexicon() -> None:
    words = frames()
    assert "blame" in words.blame_verbs and "responsible" in words.responsibility_words
    assert "each other" in words.reciprocal and "dismiss" in words.dismissing


pytestmark = pytest.mark.slow  # the tests below load the spaCy pipeline


@pytest.mark.parametrize(
    ("text", "trigger", "actor"),
    [
        ("Officials blamed the rebels for the bombing of the market.", "bombing", "the rebels"),
        ("The governor held the militia responsible for the strike.", "strike", "the militia"),
        ("Police said a breakaway faction was behind the attack.", "attack", "a breakaway faction"),
        ("A breakaway faction is said to be behind the attack.", "attack", "A breakaway faction"),
        ("The militia is believed to have been behind the bombing.", "bombing", "The militia"),
        ("The armed group claimed responsibility for the attack.", "attack", "The armed group"),
        ("The armed group issued a statement claiming responsibility for the attack.", "attack",
         "The armed group"),
        ("The ministry accused the militia of the attack.", "attack", "the militia"),
        ("Officials said the attack was carried out by the rebels.", "attack", "the rebels"),
        ("The attack, which the council attributed to the rebels, killed nine.", "attack", "the rebels"),
        ("The army said a rocket fired by the rebels caused the explosion.", "explosion", "the rebels"),
        ("The mayor blamed the rebels, saying the strike killed twelve villagers.", "strike", "the rebels"),
        ("The ministry accused Ruritanian forces of blowing up the dam.", "blowing up", "Ruritanian forces"),
        ("Officials accused the rebels of killing ten villagers.", "killing", "the rebels"),
    ],
)  # fmt: skip
def test_attribution_frames_name_the_perpetrator(attacks, text: str, trigger: str, actor: str) -> None:
    assert actor_of(attacks(text), trigger) == actor


@pytest.mark.parametrize(
    ("text", "actor"),
    [
        ("The governor accused the militia of involvement in the bombing.", "the militia"),
        ("Officials accused the rebels of being involved in an attack on a depot.", "the rebels"),
        ("The minister accused a breakaway faction of causing the explosion.", "a breakaway faction"),
        ("The mayor accused the border militia of being behind the attack.", "the border militia"),
        ("The police accused the gang of a role in the bombing of the bus station.", "the gang"),
    ],
)  # fmt: skip
def test_accused_of_taking_part_in_an_attack_names_the_accused(attacks, text: str, actor: str) -> None:
    trigger = next(w for w in ("bombing", "attack", "explosion") if w in text.split(" accused ")[1])
    assert actor_of(attacks(text), trigger) == actor


def test_an_event_blamed_stands_for_its_actor(attacks) -> None:
    found = attacks("Local officials blame a Ruritanian air strike for the deadly blast at the clinic.")
    event = next(e for e in found if e.trigger.text == "blast")
    assert event.actor is not None and event.actor.text == "Ruritanian"


@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        ("No group has claimed responsibility for the attack on the checkpoint.", "attack"),
        ("The two armies blamed each other for the explosion at the depot.", "explosion"),
        ("The ministry denied that its forces were responsible for the strike.", "strike"),
        ("A commander dismissed suggestions that the rebels were behind the attack.", "attack"),
        ("Protesters accused the governor of lying about the bombing.", "bombing"),
    ],
)  # fmt: skip
def test_frames_that_name_no_one_or_are_denied_give_no_perpetrator(attacks, text: str, trigger: str) -> None:
    assert actor_of(attacks(text), trigger) is None


@pytest.mark.parametrize(
    ("text", "actor"),
    [
        ("The village was shelled from areas under the control of the rebels.", "the rebels"),
        ("The village was shelled overnight from rebel-held territory.", "rebel"),
    ],
)
def test_the_ground_an_attack_came_from_names_who_holds_it(attacks, text: str, actor: str) -> None:
    assert actor_of(attacks(text), "shelled") == actor


def test_a_weapon_with_an_owner_names_the_owner(attacks) -> None:
    found = attacks("The army admitted that one of its drones had accidentally struck the hamlet.")
    assert actor_of(found, "struck") == "The army"


def test_an_armed_body_modifying_an_attack_carried_it_out(attacks) -> None:
    assert actor_of(attacks("An army drone strike killed 12 people at the market."), "drone strike") == "army"
    assert actor_of(attacks("The convoy attack left five dead."), "attack") is None  # whom, not who


def test_a_denied_claim_about_its_weapon_names_no_owner(attacks) -> None:
    found = attacks("The ministry denied claims that one of its missiles struck the station.")
    assert actor_of(found, "struck") != "The ministry"


@pytest.mark.parametrize(
    ("text", "trigger", "actor"),
    [
        ("Thursday's attack killed 13 people in the town of Varno.", "attack", None),
        ("Today's strike killed ten civilians near the border.", "strike", None),
        ("Those who attacked the convoy killed five soldiers on Friday.", "attacked", None),
        (
            "Red Hand militants stormed the hotel on Friday, killing 21 people.",
            "stormed",
            "Red Hand militants",
        ),
    ],
)
def test_times_numbers_and_bare_demonstratives_name_no_perpetrator(
    attacks, text: str, trigger: str, actor: str | None
) -> None:
    assert actor_of(attacks(text), trigger) == actor
