"""Place names spelt with their spaces closed up or opened ("Sisaket" and "Si Sa Ket"): one place,
matched as an alternate spelling (rashomon.kb.gazetteer.squash)."""

from __future__ import annotations

from rashomon.extract.places import resolve_spans
from rashomon.kb.gazetteer import ADMIN, TOWN, load_gazetteer, squash


def test_squash_closes_up_spaces_only() -> None:
    assert squash("si sa ket") == "sisaket"
    assert squash("sanaa") == "sanaa"


def test_a_closed_up_spelling_finds_the_region_spelt_apart() -> None:
    found = load_gazetteer().lookup("Sisaket")
    regions = [c for c in found if c.kind == ADMIN and c.country == "TH"]
    assert regions and all(c.alternate for c in regions)


def test_a_spelling_with_spaces_finds_the_name_written_as_one_word() -> None:
    found = load_gazetteer().lookup("Abu Dhabi")
    assert any(c.kind == TOWN and c.country == "AE" and not c.alternate for c in found)
    apart = load_gazetteer().lookup("San Aa")  # the town is written "Sanaa"
    assert any(c.kind == TOWN and c.country == "YE" and c.alternate for c in apart)


def test_an_exact_name_is_no_alternate() -> None:
    found = load_gazetteer().lookup("Si Sa Ket")
    assert {c.kind for c in found if not c.alternate} >= {TOWN, ADMIN}


def test_a_province_spelt_closed_up_is_the_province() -> None:
    text = "Border guards said shells landed near a temple in Sisaket province overnight."
    start = text.index("Sisaket")
    place = resolve_spans(text, [(start, start + len("Sisaket province"))])[0]
    assert place is not None
    assert (place.country, place.kind) == ("TH", ADMIN)
