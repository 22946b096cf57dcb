"""The perpetrator is a party: who died, a document, an abstract noun or a place is none; a name
is cut from what it is said to be; relative and reported pronouns stand for the right one. Short
invented sentences; places are invented."""

from __future__ import annotations

import pytest

from tests.helpers import actor_of


@pytest.mark.parametrize(
    ("text", "trigger", "actor"),
    [
        ("Officials said 300 people had died in Ruritania's bombardment.", "bombardment", "Ruritania"),
        ("At least 85 villagers died by a Ruritanian military strike on Tuesday.", "strike", "Ruritanian"),
        ("More than 60 soldiers have died from Hezbollah attacks.", "attacks", "Hezbollah"),
    ],
)
def test_who_died_is_not_who_attacked(attacks, text: str, trigger: str, actor: str) -> None:
    assert actor_of(attacks(text), trigger) == actor


def test_a_name_is_cut_from_what_it_is_said_to_be(attacks) -> None:
    found = attacks("Hezbollah, the Lebanese movement backed by Iran, said it had fired rockets at soldiers.")
    assert actor_of(found, "fired") == "Hezbollah"


def test_a_relative_clause_is_cut_from_the_name(attacks) -> None:
    found = attacks("The report says the RSF, who have been battling the army, attacked the town.")
    assert actor_of(found, "battling") == "the RSF"


def test_whose_stands_for_its_antecedent(attacks) -> None:
    found = attacks("Hamas, whose attack last week killed 1,400 people, called the strike a massacre.")
    assert actor_of(found, "attack") == "Hamas"


def test_a_pronoun_does_not_stand_for_a_witness(attacks) -> None:
    found = attacks("The rebels entered the town. Witnesses said they also raided nearby villages.")
    assert actor_of(found, "raided") != "Witnesses"


@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        ("Sirens blared as the drone strike hit, targeting three towns.", "targeting"),
        ("This was the region's deadliest attack on civilians since 2000.", "attack"),
    ],
)
def test_documents_abstract_nouns_and_places_are_no_perpetrator(attacks, text: str, trigger: str) -> None:
    assert actor_of(attacks(text), trigger) is None
