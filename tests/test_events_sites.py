"""Who is not the perpetrator: the site an attack is named after, a dateline read as a subject,
what burst, and the victims of a passive the parser left without its auxiliary. Short invented
sentences; places and groups are invented."""

from __future__ import annotations

import pytest

from tests.helpers import actor_of

pytestmark = pytest.mark.slow  # the tests load the spaCy pipeline


@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        ("Officials condemned the Arden airport blast.", "blast"),
        ("The council asked for an inquiry into the Brill market air strike.", "air strike"),
        ("The Ashby massacre left dozens dead. Villagers were shot in Ashby at dawn.", "massacre"),
        ("Police seized men over the Kestrel Express attack. Gunmen attacked the Kestrel Express.", "attack"),
        ("The Kestrel Express train was stopped. Officials condemned the Kestrel Express attack.", "attack"),
    ],
)  # fmt: skip
def test_a_site_named_before_the_event_is_no_perpetrator(attacks, text: str, trigger: str) -> None:
    assert actor_of(attacks(text), trigger) is None


@pytest.mark.parametrize(
    ("text", "trigger", "actor"),
    [
        ("Witnesses described the Ruritanian air strike on the depot.", "air strike", "Ruritanian"),
        ("Hamas said it fired rockets. The Hamas attack killed nine.", "attack", "Hamas"),
    ],
)  # fmt: skip
def test_a_country_or_a_group_before_the_event_did_it(attacks, text: str, trigger: str, actor: str) -> None:
    assert actor_of(attacks(text), trigger) == actor


def test_a_dateline_is_no_subject(attacks) -> None:
    found = attacks("ARDEN, Ruritania (AP) - An airstrike hit a busy market on Tuesday.")
    assert actor_of(found, "airstrike") is None
    found = attacks("ARDEN, May 5 (Reuters) - Ruritanian forces shelled the town.")
    assert actor_of(found, "shelled") == "Ruritanian forces"


def test_the_phrase_after_a_dateline_taken_for_the_subject_did_it(attacks) -> None:
    # the parser reads "ARDEN" as the subject and the missiles as its apposition
    found = attacks("ARDEN, Ruritania - Ruritanian missiles hit several houses in a village on Sunday.")
    assert actor_of(found, "hit") == "Ruritanian missiles"


def test_what_burst_did_nothing_unless_someone_set_it_off(attacks) -> None:
    assert actor_of(attacks("The army said fuel containers exploded during a firefight."), "exploded") is None
    found = attacks("A bomb planted by the rebels exploded near the market.")
    assert actor_of(found, "exploded") == "the rebels"


@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        ("Witnesses reported more than 50 people killed.", "killed"),
        ("The officer killed was commanding a battalion.", "killed"),
        ("The region has been unstable since its ruler was deposed and killed in 2011.", "killed"),
    ],
)  # fmt: skip
def test_a_bare_passive_has_its_victims_as_subject(attacks, text: str, trigger: str) -> None:
    assert actor_of(attacks(text), trigger) is None


def test_a_dateline_run_into_the_line_before_dates_and_places_nothing(attacks) -> None:
    text = "Group blames army for massacre in north Ruritania Arden, Feb 25, 2020 (AFP) - A group said."
    massacre = next(e for e in attacks(text) if e.trigger.text == "massacre")
    assert massacre.date is None and massacre.location is None


@pytest.mark.parametrize(
    ("text", "trigger", "actor"),
    [
        ("Egypt is the one that bombed the migrants.", "bombed", "Egypt"),
        ("The one who ordered this attack is none other than Vucic.", "ordered this attack", "Vucic"),
        ("The country that leads the union is the one that bombed the camp.", "bombed", None),
    ],
)  # fmt: skip
def test_the_one_that_did_it_is_who_it_is_equated_with(
    attacks, text: str, trigger: str, actor: str | None
) -> None:
    assert actor_of(attacks(text), trigger) == actor


def test_a_naming_or_the_event_s_own_word_is_no_doer(attacks) -> None:
    assert not any(
        e.trigger.text == "called" for e in attacks("Ruritania's president called the blast an attack.")
    )
    assert (
        actor_of(attacks("The army denied involvement in the ambush that killed a policeman."), "killed")
        is None
    )
