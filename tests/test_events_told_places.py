"""Where an event noun happened when the verb telling of it carries the place: "explosions were
heard across the city of X", "blasts were reported in X", "explosions shook X", "a strike on X".
Short invented sentences; places are invented."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow  # the tests load the spaCy pipeline


def location_of(found: list[object], trigger: str) -> str | None:
    event = next(e for e in found if e.trigger.text == trigger)  # type: ignore[attr-defined]
    return event.location.text if event.location else None  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("text", "trigger", "place"),
    [
        ("Blasts were heard across the city of Arden shortly after midnight.", "Blasts", "the city of Arden"),
        ("Explosions were reported in Arden, the capital of the province.", "Explosions", "Arden"),
        ("Loud explosions shook Arden on Saturday evening.", "explosions", "Arden"),
    ],
)  # fmt: skip
def test_the_verb_telling_of_the_event_places_it(attacks, text: str, trigger: str, place: str) -> None:
    assert location_of(attacks(text), trigger) == place


def test_a_telling_verb_with_no_place_places_nothing(attacks) -> None:
    assert location_of(attacks("Explosions were reported by residents on Saturday."), "Explosions") is None


def test_a_strike_on_a_town_is_placed_there(attacks) -> None:
    found = attacks("The strike on the city of Arden killed four people.")
    assert location_of(found, "strike") == "the city of Arden"
