"""Places: the gazetteer and the resolver, on short invented texts about several conflicts."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from rashomon.extract.places import Place, resolve_places, resolve_spans
from rashomon.kb.gazetteer import ADMIN, COUNTRY, TOWN, fold, load_gazetteer

MEMORY_LIMIT_MB = 150  # the budget for the gazetteer, per process


def resolve(text: str, *names: str, focus: list[str] | None = None) -> list[Place | None]:
    """Resolve the given names, each taken at its next occurrence in the text."""
    spans, cursor = [], 0
    for name in names:
        start = text.index(name, cursor)
        spans.append((start, start + len(name)))
        cursor = start + len(name)
    return resolve_spans(text, spans, focus_countries=focus)


def only(text: str, name: str, focus: list[str] | None = None) -> Place:
    place = resolve(text, name, focus=focus)[0]
    assert place is not None, name
    return place


# --- the gazetteer ---------------------------------------------------------------------------------


def test_fold_ignores_case_diacritics_apostrophes_and_hyphens() -> None:
    assert fold("Ma‘arrat an-Nu‘mān") == "maarrat an numan"
    assert fold("Diyarbakır") == fold("DIYARBAKIR") == "diyarbakir"
    assert fold("St. Louis") == fold("Saint Louis") == "st louis"


def test_lookup_finds_towns_regions_countries_and_curated_places() -> None:
    gaz = load_gazetteer()
    kinds = {(c.kind, c.country) for c in gaz.lookup("Idlib")}
    assert {(TOWN, "SY"), (ADMIN, "SY")} <= kinds
    assert any(c.kind == COUNTRY and c.country == "SY" for c in gaz.lookup("Syria"))
    assert [c.kind for c in gaz.lookup("al-Hol camp")] == ["camp"]
    # an alias of the supplement points at the extract's town
    assert any(c.name == "Al Qāmishlī" for c in gaz.lookup("Qamishli"))
    # abbreviations match only as written: "B.C." is the province, "LA" is not Louisiana
    assert any(c.name == "British Columbia" for c in gaz.lookup("B.C."))
    assert not any(c.name == "Louisiana" for c in gaz.lookup("LA"))


def test_gazetteer_adds_less_than_150_mb_of_resident_memory() -> None:
    code = (
        "import json, numpy\n"
        "from rashomon.kb.gazetteer import load_gazetteer, resident_memory_mb\n"
        "before = resident_memory_mb(); load_gazetteer(); after = resident_memory_mb()\n"
        "print(json.dumps({'before': before, 'after': after}))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    rss = json.loads(out.stdout.strip().splitlines()[-1])
    if rss["before"] == 0.0:
        pytest.skip("no /proc/self/status on this platform")
    assert rss["after"] - rss["before"] < MEMORY_LIMIT_MB, rss


# --- disambiguation --------------------------------------------------------------------------------


def test_tripoli_follows_the_article_focus() -> None:
    libya = (
        "Libyan forces loyal to the government in Tripoli clashed with fighters east of Sirte, Libya said."
    )
    lebanon = "Lebanese troops deployed in Tripoli after clashes in northern Lebanon, near the Syrian border."
    assert only(libya, "Tripoli").country == "LY"
    assert only(lebanon, "Tripoli").country == "LB"


def test_focus_countries_given_by_the_caller() -> None:
    text = "Clashes erupted overnight in Tripoli, residents said."
    assert only(text, "Tripoli").country == "LY"
    assert only(text, "Tripoli", focus=["LB"]).country == "LB"


def test_a_region_named_after_the_mention_decides() -> None:
    text = "Protesters marched in Portland, Ore., and in Portland, Maine, on Saturday."
    oregon, _, maine, _ = resolve(text, "Portland", "Ore.", "Portland", "Maine")
    assert oregon is not None and oregon.admin1 == "OR"
    assert maine is not None and maine.admin1 == "ME"


def test_town_and_province_of_the_same_name() -> None:
    text = "An air strike hit a market in Sarmada, in Idlib province, while shells fell on Idlib."
    sarmada, province, town = resolve(text, "Sarmada", "Idlib province", "Idlib")
    assert sarmada is not None and (sarmada.country, sarmada.admin1, sarmada.kind) == ("SY", "12", TOWN)
    assert sarmada.precision == 1
    assert province is not None and (province.kind, province.admin1, province.precision) == (ADMIN, "12", 3)
    assert town is not None and (town.kind, town.geonameid, town.precision) == (TOWN, 169389, 1)


def test_countries_resolve_with_precision_3() -> None:
    place = only("Syria's government rejected the plan.", "Syria")
    assert (place.kind, place.country, place.geonameid, place.precision) == (COUNTRY, "SY", 163843, 3)


def test_proximity_words_lower_the_precision() -> None:
    text = "Fighting raged near Saraqib and 10 km south of Maarat al-Numan, in Idlib, Syria."
    saraqib, maarat = resolve(text, "Saraqib", "Maarat al-Numan")
    assert saraqib is not None and (saraqib.country, saraqib.precision) == ("SY", 2)
    assert maarat is not None and (maarat.country, maarat.precision) == ("SY", 2)


def test_unknown_names_are_left_unresolved() -> None:
    assert resolve("They met in Qwertzuiopland.", "Qwertzuiopland") == [None]


# --- several conflicts -----------------------------------------------------------------------------


def test_syria_supplement_sites() -> None:
    text = (
        "Aid trucks crossed at Bab al-Hawa while fighting continued along the M4 highway in Syria. "
        "Conditions worsened in al-Hol camp, Russian jets took off from Hmeymim air base and US troops "
        "stayed at al-Tanf."
    )
    crossing, road, _, camp, base, tanf = resolve(
        text, "Bab al-Hawa", "M4 highway", "Syria", "al-Hol camp", "Hmeymim air base", "al-Tanf"
    )
    assert crossing is not None and (crossing.kind, crossing.country, crossing.precision) == (
        "border crossing",
        "SY",
        1,
    )
    assert road is not None and (road.kind, road.precision) == ("highway", 2)
    assert camp is not None and (camp.kind, camp.country) == ("camp", "SY")
    assert base is not None and base.kind == "military base"
    assert tanf is not None and tanf.kind == "military base"


def test_a_road_number_needs_its_conflict() -> None:
    assert resolve("The M4 carbine was shown at a gun fair in Dallas, Texas.", "M4") == [None]


def test_ukraine() -> None:
    text = (
        "Ukrainian officials said shelling hit the Zaporizhzhia nuclear power plant as Russian troops "
        "pressed on Pokrovsk in the Kharkiv region and near Bakhmut. The Kerch Bridge was struck again."
    )
    plant, pokrovsk, region, bakhmut, bridge = resolve(
        text, "Zaporizhzhia nuclear power plant", "Pokrovsk", "Kharkiv region", "Bakhmut", "Kerch Bridge"
    )
    assert plant is not None and (plant.kind, plant.country, plant.precision) == ("site", "UA", 1)
    assert pokrovsk is not None and pokrovsk.country == "UA"  # not Engels (RU), once called Pokrovsk
    assert region is not None and (region.kind, region.admin1, region.precision) == (ADMIN, "07", 3)
    assert bakhmut is not None and (bakhmut.country, bakhmut.precision) == ("UA", 2)
    assert bridge is not None and bridge.kind == "site"


def test_sudan() -> None:
    text = "The RSF besieged El Fasher, the capital of North Darfur, and shelled the Zamzam camp, Sudan said."
    fasher, darfur, camp = resolve(text, "El Fasher", "North Darfur", "Zamzam camp")
    assert fasher is not None and (fasher.country, fasher.kind, fasher.admin1) == ("SD", TOWN, "55")
    assert darfur is not None and (darfur.kind, darfur.admin1, darfur.precision) == (ADMIN, "55", 3)
    assert camp is not None and (camp.kind, camp.country) == ("camp", "SD")


def test_gaza() -> None:
    text = (
        "Israeli troops raided Al-Shifa hospital in Gaza City while aid trucks waited at the Rafah "
        "crossing and families fled to Khan Younis."
    )
    hospital, city, crossing, khan = resolve(
        text, "Al-Shifa hospital", "Gaza City", "Rafah crossing", "Khan Younis"
    )
    assert hospital is not None and (hospital.kind, hospital.country) == ("site", "PS")
    assert city is not None and (city.kind, city.country) == (TOWN, "PS")
    assert crossing is not None and crossing.kind == "border crossing"
    assert khan is not None and (khan.kind, khan.country) == (TOWN, "PS")


def test_sahel() -> None:
    text = (
        "Jihadists attacked an army post at Menaka in Mali, gunmen killed villagers in the Tillaberi "
        "region of Niger, and Burkina Faso said Djibo remained under blockade."
    )
    menaka, tillaberi, djibo = resolve(text, "Menaka", "Tillaberi region", "Djibo")
    assert menaka is not None and menaka.country == "ML"
    assert tillaberi is not None and (tillaberi.kind, tillaberi.country, tillaberi.precision) == (
        ADMIN,
        "NE",
        3,
    )
    assert djibo is not None and djibo.country == "BF"


def test_myanmar() -> None:
    text = "Myanmar's army lost Lashio in Shan State, and fighting spread to Rakhine State and Myawaddy."
    lashio, shan, rakhine, myawaddy = resolve(text, "Lashio", "Shan State", "Rakhine State", "Myawaddy")
    assert lashio is not None and (lashio.country, lashio.admin1) == ("MM", "11")
    assert shan is not None and (shan.kind, shan.admin1) == (ADMIN, "11")
    assert rakhine is not None and (rakhine.kind, rakhine.admin1) == (ADMIN, "01")
    assert myawaddy is not None and myawaddy.country == "MM"


def _parsed(words: list[str], pos: list[str], heads: list[int], deps: list[str], ents: list[str]):  # type: ignore[no-untyped-def]
    """A hand-parsed Doc: the parser's labels as given, no model."""
    import spacy
    from spacy.tokens import Doc

    spaces = [
        i + 1 < len(words) and words[i + 1] not in (".", "-") and words[i] != "-" for i in range(len(words))
    ]
    return Doc(
        spacy.blank("en").vocab, words=words, spaces=spaces, pos=pos, heads=heads, deps=deps, ents=ents
    )


def test_names_misread_by_the_tagger_are_places_where_a_place_stands() -> None:
    from rashomon.extract.places import slot_mentions

    doc = _parsed(
        ["Fighting", "spread", "between", "Kramatorsk", "and", "Sloviansk", "in", "eastern", "Ukraine", "."],
        ["NOUN", "VERB", "ADP", "PROPN", "CCONJ", "PROPN", "ADP", "ADJ", "PROPN", "PUNCT"],
        [1, 1, 1, 2, 3, 3, 1, 8, 6, 1],
        ["nsubj", "ROOT", "prep", "pobj", "cc", "conj", "prep", "amod", "pobj", "punct"],
        ["O", "O", "O", "B-PERSON", "O", "B-ORG", "O", "O", "B-GPE", "O"],
    )
    found = [doc.text[start:end] for start, end in slot_mentions(doc, load_gazetteer())]
    assert found == ["Kramatorsk", "Sloviansk"]
    places = {p.name: p for p in resolve_places(doc)}
    assert places["Sloviansk"].country == "UA" and places["Kramatorsk"].kind == TOWN


def test_a_name_outside_a_place_slot_or_the_article_countries_is_no_place() -> None:
    from rashomon.extract.places import slot_mentions

    doc = _parsed(  # Kramatorsk as a subject, and no country named: no guess
        ["Kramatorsk", "met", "envoys", "from", "Sloviansk", "."],
        ["PROPN", "VERB", "NOUN", "ADP", "PROPN", "PUNCT"],
        [1, 1, 1, 2, 3, 1],
        ["nsubj", "ROOT", "dobj", "prep", "pobj", "punct"],
        ["B-PERSON", "O", "O", "O", "B-PERSON", "O"],
    )
    assert slot_mentions(doc, load_gazetteer()) == []


# --- on a parsed article (the spaCy model) ---------------------------------------------------------


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    from rashomon.nlp.pipeline import load_pipeline

    return load_pipeline("auto")[0]


@pytest.mark.slow
def test_resolve_places_finds_entities_and_supplement_sites(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp(
        "Moscow said on Tuesday that the convoy had crossed at Bab al-Hawa into Idlib province. "
        "Turkish officials in Ankara denied it."
    )
    places = {p.name: p for p in resolve_places(doc)}
    assert places["Bab al-Hawa"].kind == "border crossing"
    assert places["Moscow"].country == "RU" and places["Moscow"].literal is False
    assert places["Ankara"].literal is True
    idlib = next(p for name, p in places.items() if name.startswith("Idlib"))
    assert (idlib.kind, idlib.country) == (ADMIN, "SY")
    assert all(doc.text[p.start : p.end] == p.name for p in places.values())


def test_a_city_struck_is_a_place_and_no_discovered_actor() -> None:
    from rashomon.extract.places import slot_mentions
    from rashomon.kb.actors import link_actors
    from rashomon.nlp.components import places_first

    doc = _parsed(  # the tagger took the city for a person
        ["Missiles", "struck", "the", "city", "of", "Ganja", "in", "Azerbaijan", "."],
        ["NOUN", "VERB", "DET", "NOUN", "ADP", "PROPN", "ADP", "PROPN", "PUNCT"],
        [1, 1, 3, 1, 3, 4, 1, 6, 1],
        ["nsubj", "ROOT", "det", "dobj", "prep", "pobj", "prep", "pobj", "punct"],
        ["O", "O", "O", "O", "O", "B-PERSON", "O", "B-GPE", "O"],
    )
    assert [doc.text[s:e] for s, e in slot_mentions(doc, load_gazetteer())] == ["Ganja"]
    places = resolve_places(doc)
    assert {p.name: p.country for p in places}["Ganja"] == "AZ"
    actors = link_actors(doc)
    assert any(a.text == "Ganja" and a.kind == "discovered" for a in actors)
    assert not any(a.text == "Ganja" for a in places_first(actors, places))


def test_a_small_namesake_abroad_is_no_place_of_an_article_about_another_country() -> None:
    # the village the article reports is missing from the gazetteer; Moura in Portugal is a namesake
    text = "Soldiers killed dozens of men in Moura. Mali's army said the operation in Mali went on."
    assert resolve(text, "Moura") == [None]
    named = "Moura, a town in Portugal, held a festival. Portugal's mayors met there."
    assert only(named, "Moura").country == "PT"
