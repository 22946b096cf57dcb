"""Places named together and datelines: "the Jammu and Kashmir region" is one region, "blasts in X
and Y" happened in the region holding both towns, "BOGOTA, Jan 1 (Reuters) -" names the article's
place. Short invented sentences; the places are real, since the gazetteer must know them."""

from __future__ import annotations

from functools import cache

import pytest

from rashomon.clean.dates import find_dateline_place
from rashomon.nlp.pipeline import NlpResult, analyse_text, load_pipeline
from rashomon.reconcile.incident_rules import places_compatible
from rashomon.reconcile.load import _unmentioned, gazetteer_regions
from rashomon.reconcile.records import PlaceRef
from rashomon.store.models import EventRow


@cache
def analysed(text: str) -> NlpResult:
    nlp, _ = load_pipeline("auto")
    return analyse_text(nlp, text)


def place_names(text: str) -> list[tuple[str, str]]:
    return [(p.name, p.kind) for p in analysed(text).places]


def event_place(text: str, trigger: str) -> tuple[str, str, int] | None:
    event = next(e for e in analysed(text).events if e.event.trigger.text == trigger)
    return (event.place.resolved_name, event.place.kind, event.place.precision) if event.place else None


# --- names joined by "and" -------------------------------------------------------------------------


@pytest.mark.slow
def test_a_region_named_with_and_is_one_place_not_its_namesake_town() -> None:
    text = "Explosions were reported in the disputed Jammu and Kashmir region on Saturday."
    assert place_names(text) == [("Jammu and Kashmir region", "admin region")]
    assert event_place(text, "Explosions") == ("Jammu and Kashmir", "admin region", 3)


@pytest.mark.slow
def test_a_country_named_with_and_is_one_place() -> None:
    assert place_names("Officials from Bosnia and Herzegovina met on Monday.") == [
        ("Bosnia and Herzegovina", "country")
    ]


@pytest.mark.slow
def test_towns_listed_together_place_the_event_in_their_region() -> None:
    text = "Blasts were heard in Lviv and Stryi in western Ukraine."
    assert ("Lviv", "town") in place_names(text) and ("Stryi", "town") in place_names(text)
    name, kind, precision = event_place(text, "Blasts") or ("", "", 0)
    assert (kind, precision) == ("admin region", 3) and "Lviv" in name


@pytest.mark.slow
def test_a_town_placed_by_another_keeps_its_town() -> None:
    text = "Explosions shook Sarmada, near Idlib, in northwestern Syria on Monday."
    assert event_place(text, "Explosions") == ("Sarmada", "town", 1)


def test_a_region_stored_as_an_event_place_loads_as_a_region() -> None:
    """The region of listed towns is no place mention of its article: it must still load as the
    region, compatible with each of its towns."""
    row = EventRow(
        location_name="Jammu and Kashmir", geonameid=1269320, location_country="IN", location_precision=3
    )
    region = _unmentioned(row, gazetteer_regions())
    assert (region.kind, region.admin1, region.level) == ("admin region", "IN.12", 2)
    town = PlaceRef("Srinagar", 1255634, "IN", "IN.12", "town")
    assert places_compatible(region, town)
    town_row = EventRow(location_name="Arden", geonameid=None, location_country=None, location_precision=1)
    assert _unmentioned(town_row, gazetteer_regions()).kind == "town"


# --- datelines ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("A headline\n\nBOGOTA, Jan 1 (Reuters) - The rebels said", "BOGOTA"),
        ("Bogotá (AFP) – The government said on Wednesday", "Bogotá"),
        ("Bogotá, Jan 3 (AFP/APP):The rebels denied it", "Bogotá"),
        ("ISLAMABAD — A ceasefire between the neighbours", "ISLAMABAD"),
        ("PUTRAJAYA, Malaysia, July 28 (Xinhua) -- Leaders agreed", "PUTRAJAYA"),
        ("BANGKOK (July 28): The prime minister said", "BANGKOK"),
        ("ISLAMABAD/NEW DELHI, February 26 (Reuters) - Both said", "ISLAMABAD"),
    ],
)
def test_a_datelines_place_is_found(text: str, place: str) -> None:
    found = find_dateline_place(text)
    assert found is not None and text[found[0] : found[1]] == place


@pytest.mark.parametrize(
    "text",
    [
        "Hamas - the group that rules the strip - said",
        "An envoy (left) - the mediator - spoke",
        "The talks, held on Monday - were long",
        "Redwan Hussien (left)-Representative of the government",
    ],
)
def test_lines_that_are_not_datelines_give_no_place(text: str) -> None:
    assert find_dateline_place(text) is None


@pytest.mark.slow
def test_a_dateline_the_tagger_misses_is_a_place_of_the_article() -> None:
    text = "Bogotá (AFP) – The government said on Wednesday it was suspending the ceasefire."
    assert ("Bogotá", "town") in place_names(text)
