"""Event patterns on short invented sentences about several conflicts (Ukraine, Sudan, Gaza, Myanmar,
the Sahel, Syria), one or more per rule of the event stage. Places and figures are invented.

The first tests need no model (the lexicon, the background rule); the rest load the spaCy pipeline
once for the module.
"""

from __future__ import annotations

import datetime
import json
from importlib import resources

import pytest

from rashomon.extract.event_args import is_background
from rashomon.extract.event_lexicon import event_lexicon
from rashomon.extract.events import Event, extract_events

PUBLISHED = datetime.date(2023, 3, 10)
PLOVER_TYPES = {
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
    "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
}  # fmt: skip
ACLED_EVENT_TYPES = {
    "Battles", "Explosions/Remote violence", "Violence against civilians", "Protests", "Riots",
    "Strategic developments",
}  # fmt: skip


# --- without a model ------------------------------------------------------------------------------


def test_every_sense_is_a_plover_type_with_an_acled_event_type_where_one_is_given() -> None:
    lex = event_lexicon()
    choices = [*lex.verbs.values(), *lex.phrasal.values(), *lex.nouns.values()]
    choices += [c for table in lex.verb_objects.values() for c in table.values() if c is not None]
    senses = [s for choice in choices for s in choice.values() if s is not None]
    senses += [*lex.instruments.values(), *lex.adverb_modes.values()]
    assert {s.type for s in senses} <= PLOVER_TYPES
    assert {s.acled_event for s in senses if s.acled_event} <= ACLED_EVENT_TYPES
    assert all(s.acled_event for s in senses if s.acled_sub)


def test_lexicon_is_valid_json_with_documentation() -> None:
    data = json.loads((resources.files("rashomon.data") / "en" / "events.json").read_text(encoding="utf-8"))
    assert data["about"]
    assert set(event_lexicon().governors) >= {"threaten", "agree", "refuse", "demand", "vow", "ready"}


@pytest.mark.parametrize(
    ("date_text", "published", "expected"),
    [
        ("2015", PUBLISHED, True),
        ("March 2023", PUBLISHED, False),
        ("June 2022", PUBLISHED, True),
        ("September 2022", PUBLISHED, True),  # ended more than 90 days before publication
        ("January 2023", PUBLISHED, False),
        ("last year", None, True),
        ("the 1990s", None, True),
        ("2015", None, False),  # without a publication date a bare year says nothing
        ("Tuesday", PUBLISHED, False),
        (None, PUBLISHED, False),
    ],
)
def test_background_dates(date_text: str | None, published: datetime.date | None, expected: bool) -> None:
    assert is_background(date_text, published) is expected


# --- with the pipeline ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def events():
    from rashomon.nlp.pipeline import load_pipeline

    nlp, _ = load_pipeline("auto")

    def run(text: str, published: datetime.date | None = PUBLISHED) -> list[Event]:
        doc = nlp(text)
        found = extract_events(doc, statements=doc._.rashomon_statements or (), published=published)
        for event in found:  # every span indexes the text it came from
            assert text[event.trigger.span[0] : event.trigger.span[1]] == event.trigger.text
            assert event.span[0] <= event.trigger.span[0] and event.trigger.span[1] <= event.span[1]
        return found

    return run


def one(found: list[Event], plover_type: str, modality: str | None = None) -> Event:
    """The single event of this type (and modality) among `found`."""
    matching = [e for e in found if e.plover_type == plover_type and modality in (None, e.modality)]
    assert len(matching) == 1, [(e.plover_type, e.trigger.text, e.modality) for e in found]
    return matching[0]


pytestmark_slow = pytest.mark.slow  # the tests below load the spaCy pipeline


@pytestmark_slow
def test_airstrike_with_light_verb_fatalities_and_date(events) -> None:
    found = events("Russian jets carried out airstrikes on Kharkiv on Tuesday, killing at least 14 people.")
    event = one(found, "ASSAULT")
    assert (event.plover_mode, event.acled_event_type, event.acled_sub_event_type) == (
        "aerial",
        "Explosions/Remote violence",
        "Air/drone strike",
    )
    assert event.trigger.text == "carried out airstrikes"
    assert event.actor is not None and event.actor.text == "Russian jets" and event.actor.country == "RU"
    assert event.target is not None and event.target.text == "Kharkiv"
    assert event.fatalities == 14 and event.injured is None
    assert event.date_text == "Tuesday" and not event.background
    assert (event.modality, event.negated, event.reported_by) == ("asserted", False, None)


@pytestmark_slow
def test_shelling_in_the_passive_voice(events) -> None:
    event = one(events("The village of Stepove was shelled by Russian artillery overnight."), "ASSAULT")
    assert event.plover_mode == "heavy-weapons"
    assert event.acled_sub_event_type == "Shelling/artillery/missile attack"
    assert event.actor is not None and event.actor.text == "Russian artillery" and event.actor.country == "RU"
    assert event.target is not None and event.target.text == "The village of Stepove"


@pytestmark_slow
def test_agentless_passive_has_no_actor(events) -> None:
    event = one(events("Five soldiers were killed near Menaka on Sunday."), "ASSAULT")
    assert event.actor is None
    assert event.target is not None and event.target.text == "Five soldiers"
    assert event.fatalities == 5
    assert event.location_text == "Menaka"


@pytestmark_slow
def test_drone_strike_that_hit_a_depot_is_one_event(events) -> None:
    event = one(events("A Ukrainian drone strike hit an oil depot in Bryansk."), "ASSAULT")
    assert event.trigger.text == "drone strike"
    assert (event.plover_mode, event.acled_sub_event_type) == ("drone", "Air/drone strike")
    assert event.actor is not None and event.actor.country == "UA"
    assert event.target is not None and event.target.text == "an oil depot"
    assert event.location_text == "Bryansk"


@pytestmark_slow
def test_clash_is_a_battle(events) -> None:
    found = events("The Rapid Support Forces clashed with the Sudanese army in El Fasher on Saturday.")
    event = one(found, "ASSAULT")
    assert (event.acled_event_type, event.acled_sub_event_type) == ("Battles", "Armed clash")
    assert event.actor is not None and event.actor.text == "The Rapid Support Forces"
    assert event.target is not None and event.target.text == "the Sudanese army"
    assert event.target.country == "SD"
    assert event.location_text == "El Fasher"


@pytestmark_slow
def test_killing_civilians_is_violence_against_civilians(events) -> None:
    event = one(events("Gunmen killed 12 villagers in central Mali on Friday."), "ASSAULT")
    assert (event.acled_event_type, event.acled_sub_event_type) == ("Violence against civilians", "Attack")
    assert event.plover_mode == "firearms"
    assert event.fatalities == 12


@pytestmark_slow
def test_agreeing_to_a_ceasefire(events) -> None:
    found = events("Israel and Hamas agreed to a ceasefire on Wednesday.")
    agree = one(found, "AGREE")
    assert agree.modality == "asserted"
    assert (agree.acled_event_type, agree.acled_sub_event_type) == ("Strategic developments", "Agreement")
    assert agree.actor is not None and agree.actor.text == "Israel and Hamas"
    ceasefire = one(found, "RETREAT")
    assert (ceasefire.plover_mode, ceasefire.modality) == ("ceasefire", "future")


@pytestmark_slow
def test_signing_a_ceasefire_agreement(events) -> None:
    event = one(events("The Sudanese army and the RSF signed a ceasefire agreement in Jeddah."), "AGREE")
    assert event.trigger.text == "signed a ceasefire agreement"
    assert event.acled_sub_event_type == "Agreement"
    assert event.location_text == "Jeddah"


@pytestmark_slow
def test_declared_ceasefire_is_a_retreat(events) -> None:
    event = one(events("The junta declared a unilateral ceasefire in Rakhine State."), "RETREAT")
    assert (event.plover_mode, event.acled_sub_event_type) == ("ceasefire", "Agreement")
    assert event.actor is not None and event.actor.text == "The junta"
    assert event.modality == "asserted"


@pytestmark_slow
def test_withdrawal(events) -> None:
    event = one(events("Junta troops withdrew from the town of Lashio."), "RETREAT")
    assert event.plover_mode == "withdraw"
    assert event.target is not None and event.target.text == "the town of Lashio"


@pytestmark_slow
def test_deployment_moves_troops_to_a_place(events) -> None:
    event = one(events("Mali deployed 500 troops to Menaka."), "MOBILIZE")
    assert event.plover_mode == "troops"
    assert event.actor is not None and event.actor.country == "ML"
    assert event.target is not None and event.target.text == "Menaka"  # the troops are what is moved


@pytestmark_slow
def test_conditional_threat_is_a_threaten_over_a_hypothetical_assault(events) -> None:
    found = events("Israel would strike Beirut if another soldier is hurt, the minister said.")
    threat = one(found, "THREATEN")
    assert (threat.modality, threat.plover_mode, threat.reported_by) == ("asserted", "violence", 0)
    assert threat.actor is not None and threat.actor.country == "IL"
    strike = one(found, "ASSAULT")
    assert strike.modality == "hypothetical" and not strike.negated
    assert strike.injured is None  # the soldier hurt in the condition is no casualty of the strike
    assert strike.target is not None and strike.target.text == "Beirut"


@pytestmark_slow
def test_threatened_to_launch_an_offensive(events) -> None:
    found = events("Turkey threatened to launch a new offensive against Kurdish fighters in northern Syria.")
    assert one(found, "THREATEN").modality == "asserted"
    offensive = one(found, "ASSAULT")
    assert offensive.modality == "hypothetical"
    assert offensive.target is not None and offensive.target.text == "Kurdish fighters"


@pytestmark_slow
def test_accusation_and_the_alleged_shelling(events) -> None:
    found = events("Ukraine accused Russia of shelling the Zaporizhzhia plant.")
    accuse = one(found, "ACCUSE")
    assert accuse.actor is not None and accuse.actor.country == "UA"
    assert accuse.target is not None and accuse.target.country == "RU"
    shelling = one(found, "ASSAULT")
    assert shelling.actor is not None and shelling.actor.text == "Russia"


@pytestmark_slow
def test_request_to_halt_the_fighting(events) -> None:
    found = events("The UN urged both sides to halt the fighting.")
    request = one(found, "REQUEST")
    assert request.target is not None and request.target.text == "both sides"
    assert one(found, "RETREAT").modality == "hypothetical"


@pytestmark_slow
def test_must_in_a_reported_clause_is_a_request(events) -> None:
    request = one(events("ASEAN said the junta must release Aung San Suu Kyi."), "REQUEST")
    assert request.trigger.text == "must release"
    assert request.actor is not None and request.actor.text == "ASEAN"
    assert request.target is not None and request.target.text == "the junta"


@pytestmark_slow
def test_nominal_trigger_with_by_and_a_toll(events) -> None:
    event = one(events("The shelling of Kramatorsk by Russian forces killed three people."), "ASSAULT")
    assert event.trigger.text == "shelling"
    assert event.actor is not None and event.actor.text == "Russian forces"
    assert event.fatalities == 3


@pytestmark_slow
def test_nominal_trigger_with_on(events) -> None:
    event = one(events("Israeli airstrikes on Rafah were reported overnight."), "ASSAULT")
    assert event.actor is not None and event.actor.country == "IL"
    assert event.target is not None and event.target.text == "Rafah"


@pytestmark_slow
@pytest.mark.parametrize(
    ("text", "fatalities", "injured"),
    [
        ("Russian forces shelled Avdiivka, killing more than 360 civilians and wounding dozens.", 360, 12),
        ("An airstrike on a market in Nyala killed between 20 and 30 people and injured dozens.", 20, 12),
        ("Rebel artillery killed or wounded 50 soldiers near Myawaddy.", None, None),
        ("Militants attacked a checkpoint in Burkina Faso, killing a soldier.", 1, None),
        ("An attack on a convoy near Gao killed up to 20 people.", None, None),
        ("No one was hurt in the shelling of the town overnight.", None, 0),
        ("Gunmen shot dead 12 villagers near Gao on Sunday.", 12, None),
    ],
)
def test_casualties_the_acled_way(events, text: str, fatalities: int | None, injured: int | None) -> None:
    event = one(events(text), "ASSAULT")
    assert (event.fatalities, event.injured) == (fatalities, injured)


@pytestmark_slow
def test_the_result_of_shooting_is_not_part_of_the_victims(events) -> None:
    event = one(events("Soldiers shot dead two protesters near the border on Monday."), "ASSAULT")
    assert event.target is not None and event.target.text == "two protesters"


@pytestmark_slow
def test_vehicle_is_no_perpetrator(events) -> None:
    event = one(events("A truck exploded on the bridge on Saturday, killing three people."), "ASSAULT")
    assert event.actor is None and event.fatalities == 3


@pytestmark_slow
def test_negated_shelling(events) -> None:
    event = one(events("The army did not shell the camp, a spokesman said."), "ASSAULT")
    assert event.negated and event.modality == "asserted" and event.reported_by == 0


@pytestmark_slow
def test_denied_shelling_is_negated(events) -> None:
    found = events("Damascus denied that its forces shelled the observation post.")
    assert one(found, "REJECT").modality == "asserted"
    assert one(found, "ASSAULT").negated


@pytestmark_slow
def test_future_withdrawal_is_an_announced_intention(events) -> None:
    found = events("Russian troops will withdraw from Kherson next week.")
    withdrawal = one(found, "RETREAT")
    assert withdrawal.modality == "future" and withdrawal.date_text == "next week"
    intention = one(found, "AGREE")
    assert intention.trigger.text == "will withdraw" and intention.modality == "asserted"


@pytestmark_slow
def test_background_year_is_not_news(events) -> None:
    event = one(events("Russia launched a military intervention in Syria in 2015."), "ASSAULT")
    assert event.date_text == "2015" and event.background
    assert event.location_text == "Syria"
    recent = one(events("Russian jets bombed Idlib on Monday."), "ASSAULT")
    assert not recent.background


@pytestmark_slow
def test_reported_by_links_to_the_statement(events) -> None:
    reported = one(events("The ministry said that Russian forces shelled Kherson."), "ASSAULT")
    assert reported.reported_by == 0
    told = one(events("Russian forces shelled Kherson on Monday."), "ASSAULT")
    assert told.reported_by is None  # the outlet's own account


@pytestmark_slow
def test_arrest_is_a_strategic_development(events) -> None:
    event = one(events("Myanmar's military arrested 20 protesters in Yangon."), "COERCE")
    assert (event.plover_mode, event.acled_sub_event_type) == ("arrest", "Arrests")
    assert event.actor is not None and event.actor.country == "MM"
    assert event.location_text == "Yangon"


@pytestmark_slow
def test_protest(events) -> None:
    event = one(events("Thousands of people protested in Khartoum against the coup."), "PROTEST")
    assert (event.plover_mode, event.acled_event_type) == ("demo", "Protests")
    assert event.location_text == "Khartoum"


@pytestmark_slow
@pytest.mark.parametrize(
    ("text", "target"),
    [
        (
            "Thousands of people blocked roads in Khartoum in defiance of the Sudanese army to demand votes.",
            "the Sudanese army",
        ),
        ("Protesters rallied in Bamako, calling for the removal of President Keita.", "President Keita"),
    ],
)
def test_a_protest_is_aimed_at_the_party_its_aim_names(events, text: str, target: str) -> None:
    event = one(events(text), "PROTEST")
    assert event.target is not None and event.target.text == target


@pytestmark_slow
@pytest.mark.parametrize(
    ("text", "target"),
    [
        (
            "Thousands of workers went on strike over a pension law signed by President Macron.",
            "President Macron",
        ),
        (
            "Prisoners rioted at a jail in Dili, demanding independence from Indonesian rule.",
            "Indonesian rule",
        ),
        ("Prisoners rioted at a jail in Dili on Monday.", "a jail in Dili"),
    ],
)
def test_a_protest_s_cause_before_its_place(events, text: str, target: str) -> None:
    event = one(events(text), "PROTEST")
    assert event.target is not None and event.target.text == target


@pytestmark_slow
def test_inspectors_sent_are_who_investigates(events) -> None:
    event = one(
        events("The agency dispatched inspectors to the Natanz plant in central Iran on Monday."), "ACCUSE"
    )
    assert event.target is not None and event.target.text == "the Natanz plant"


@pytestmark_slow
def test_a_thing_refused_to_someone_targets_them(events) -> None:
    event = one(events("Benin was still refusing admittance to Ghanaians, police said."), "REJECT")
    assert event.target is not None and event.target.text == "Ghanaians"


@pytestmark_slow
@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("The ousted president has agreed to resign without returning to Kyrgyzstan.", None),
        (
            "The ousted president has agreed to hand over power to Kyrgyzstan's parliament.",
            "Kyrgyzstan's parliament",
        ),
    ],
)
def test_what_an_agreement_leaves_undone_is_aimed_at_no_one(events, text: str, target: str | None) -> None:
    event = one(events(text), "AGREE")
    assert (event.target.text if event.target is not None else None) == target


@pytestmark_slow
def test_a_refusal_targets_who_presses_for_it(events) -> None:
    text = "The prime minister declined to resign despite pressure from the Kenyan parliament."
    event = one(events(text), "REJECT")
    assert event.target is not None and event.target.text == "the Kenyan parliament"


@pytestmark_slow
def test_who_comes_for_talks_holds_them(events) -> None:
    found = events("Sudanese and Chadian negotiators arrived in Doha for talks on Tuesday.")
    talks = next(e for e in found if e.trigger.text == "talks")
    assert talks.actor is not None and talks.actor.text == "Sudanese and Chadian negotiators"


@pytestmark_slow
def test_came_under_shelling_by_reverses_the_roles(events) -> None:
    event = one(
        events("Ukrainian troops came under shelling by Russian forces near Bakhmut on Monday."), "ASSAULT"
    )
    assert event.trigger.text == "came under shelling" and event.plover_mode == "heavy-weapons"
    assert event.actor is not None and event.actor.text == "Russian forces"
    assert event.target is not None and event.target.text == "Ukrainian troops"
    assert (event.location_text, event.date_text) == ("Bakhmut", "Monday")


@pytestmark_slow
@pytest.mark.parametrize(
    ("text", "trigger", "actor", "location"),
    [
        ("Rebels staged an ambush on a convoy near Gao.", "staged an ambush", "Rebels", "Gao"),
        ("Sudanese army jets delivered strikes at RSF positions in Omdurman.", "delivered strikes",
         "Sudanese army jets", "Omdurman"),
        ("Rebels seized control of the town of Lashio in Shan State.", "seized control", "Rebels",
         "the town of Lashio in Shan State"),
        ("Drones attacked the Engels air base overnight.", "attacked", None, "the Engels air base"),
    ],
)  # fmt: skip
def test_light_verbs_and_named_places(
    events, text: str, trigger: str, actor: str | None, location: str
) -> None:
    event = one(events(text), "ASSAULT")
    assert event.trigger.text == trigger and event.location_text == location
    assert (event.actor.text if event.actor else None) == actor


@pytestmark_slow
def test_joint_actor_agrees_with_its_partner(events) -> None:
    text = "Armenia and Azerbaijan came to an agreement on a prisoner exchange on Friday."
    event = one(events(text), "AGREE")
    assert event.actor is not None and event.actor.country == "AM"
    assert event.target is None  # both agreed: a co-actor, as the PLOVER GSR codes it
    assert event.co_actor is not None and event.co_actor.text == "Azerbaijan"
    assert event.date_text == "Friday"


@pytestmark_slow
def test_impossible_and_could_are_not_asserted(events) -> None:
    talks = one(events("The envoy said it was impossible to hold talks in Khartoum now."), "CONSULT")
    assert talks.negated and talks.modality == "hypothetical"
    assault = one(events("The mayor warned that an assault on Kherson could begin within days."), "ASSAULT")
    assert assault.modality == "hypothetical"


@pytestmark_slow
def test_a_definite_event_subject_of_a_modal_verb_is_told_as_real(events) -> None:
    arrest = one(events("The arrest will not affect his status for Sunday's game."), "COERCE")
    assert arrest.modality == "asserted"
    found = events("The alleged fatal stabbing would be at least his third attack on her.")
    assert [e.modality for e in found if e.trigger.text == "stabbing"] == ["asserted"]
    offensive = one(events("The offensive could begin at any moment, officials said."), "ASSAULT")
    assert offensive.modality == "hypothetical"


@pytestmark_slow
def test_a_participle_keeps_its_own_modality_whatever_is_said_of_its_noun(events) -> None:
    found = events("A trial date has been set for a man accused of murdering his mother.")
    assert one(found, "ACCUSE").modality == "asserted"
    assert one(found, "ASSAULT").modality == "asserted"


@pytestmark_slow
def test_participle_with_named_victims_is_a_killing_of_its_own(events) -> None:
    found = events("Militants stepped up their attacks, killing the district governor.")
    killing = next(e for e in found if e.trigger.text == "killing")
    assert killing.actor is not None and killing.actor.text == "Militants"
    assert killing.target is not None and killing.target.text == "the district governor"


@pytestmark_slow
def test_toll_of_an_attack_in_a_reported_clause(events) -> None:
    text = (
        "Officials confirmed a report that Russian forces had launched drone attacks on a depot in Odesa, "
        "wounding four workers."
    )
    event = one(events(text), "ASSAULT")
    assert event.trigger.text == "launched drone attacks" and event.injured == 4
    assert event.actor is not None and event.actor.text == "Russian forces"


@pytestmark_slow
def test_since_dates_an_ongoing_campaign(events) -> None:
    event = one(events("Sudan's army has stepped up its shelling of El Fasher since early May."), "ASSAULT")
    assert event.date_text == "early May"


@pytestmark_slow
def test_date_of_the_clause_holds_for_talks_during_it(events) -> None:
    talks = one(events("In 2021, the two sides signed a deal during talks in Doha."), "CONSULT")
    assert (talks.date_text, talks.location_text) == ("2021", "Doha")


@pytestmark_slow
def test_promise_to_act_on_a_hostile_condition_is_a_threat(events) -> None:
    threat = one(events("If Russia attacks again, NATO will respond."), "THREATEN")
    assert threat.trigger.text == "will respond"
    assert threat.actor is not None and threat.actor.text == "NATO"
    assert threat.target is not None and threat.target.text == "Russia"


@pytestmark_slow
def test_participle_after_an_attack_by_someone_is_theirs(events) -> None:
    text = (
        '"We are seeing new attacks by the militias, mostly targeting schools in Nyala," the official said.'
    )
    targeting = next(e for e in events(text) if e.trigger.text == "targeting")
    assert targeting.actor is not None and targeting.actor.text == "the militias"


@pytestmark_slow
def test_its_in_a_reported_clause_is_the_teller(events) -> None:
    event = one(events("Kyiv says Russian strikes killed dozens of its soldiers."), "ASSAULT")
    assert event.target is not None and event.target.country == "UA"


@pytestmark_slow
def test_retaliation_is_not_by_the_one_it_answers(events) -> None:
    text = "Kyiv says Moscow violated the truce and threatened to strike back in retaliation."
    threat = one(events(text), "THREATEN")
    assert threat.actor is not None and threat.actor.text == "Kyiv"


def test_pronoun_actors_resolve_through_the_statements() -> None:
    from rashomon.nlp.pipeline import analyse_text, load_pipeline

    nlp, _ = load_pipeline("auto")
    text = (
        "Sudan's army accused the Rapid Support Forces of shelling the market. It threatened to strike "
        'back on Monday. "We will bomb their bases," army spokesman Nabil Abdallah said.'
    )
    events = analyse_text(nlp, text).events
    threat = next(e for e in events if e.event.plover_type == "THREATEN")
    assert threat.actor is not None and threat.actor.country == "SD"
    assert threat.actor.name == "It" and threat.actor.actor_id == "SDN.MIL"  # the last body speaking
    bombing = next(e for e in events if e.event.trigger.text == "bomb")
    assert bombing.actor is not None and "Nabil Abdallah" in bombing.actor.name  # "We": the quote's speaker


def test_bare_country_word_as_party_is_that_state() -> None:
    from rashomon.nlp.pipeline import analyse_text, load_pipeline

    nlp, _ = load_pipeline("auto")
    coded = analyse_text(nlp, "Kyiv says Russian strikes killed dozens of its soldiers.").events
    strike = next(e for e in coded if e.event.plover_type == "ASSAULT")
    assert strike.actor is not None and (strike.actor.name, strike.actor.actor_id) == ("Russian", "RUS")
    assert strike.target is not None and strike.target.country == "UA" and strike.target.actor_id is None


def test_party_takes_the_country_of_the_place_it_names() -> None:
    from rashomon.nlp.pipeline import analyse_text, load_pipeline

    nlp, _ = load_pipeline("auto")
    coded = analyse_text(nlp, "Soldiers shot the mayor of Nablus on Monday.").events
    shooting = next(e for e in coded if e.event.plover_type == "ASSAULT")
    assert shooting.target is not None and shooting.target.country == "PS"


# --- actors and targets event coders code (issue #18) ----------------------------------------------


@pytestmark_slow
def test_an_actor_counted_by_a_number_is_what_it_counts(events) -> None:
    protest = one(events("Thousands of Iraqi Kurds demonstrated in Kirkuk on Sunday."), "PROTEST")
    assert protest.actor is not None and protest.actor.text == "Iraqi Kurds"
    assert protest.target is not None and protest.target.text == "Kirkuk"  # no one named: the place


@pytestmark_slow
@pytest.mark.parametrize(
    ("text", "plover_type", "target"),
    [
        ("Russia threatened to halt the talks if the United States deploys new missiles.", "THREATEN",
         "the United States"),
        ("The minister promised to continue military aid to Mozambique.", "AGREE", "Mozambique"),
        ("The agency reiterated its demand that Israel ease the restrictions.", "REQUEST", "Israel"),
        ("The president conceded to demands from UNITA to overhaul the judiciary.", "CONCEDE", "UNITA"),
        ("Islamic Jihad rejected an invitation to attend a meeting of Palestinian factions.", "REJECT",
         "Palestinian factions"),
    ],
)  # fmt: skip
def test_a_target_named_inside_the_act_or_the_thing(events, text: str, plover_type: str, target: str) -> None:
    event = one(events(text), plover_type, "asserted")
    assert event.target is not None and event.target.text == target


@pytestmark_slow
def test_a_stative_participle_is_no_passive(events) -> None:
    event = one(events("Israel is opposed to French mediation in the talks."), "REJECT")
    assert event.actor is not None and event.actor.text == "Israel"


def test_capital_us_is_the_country_and_a_group_takes_the_place_it_acts_in() -> None:
    from rashomon.nlp.pipeline import analyse_text, load_pipeline

    nlp, _ = load_pipeline("auto")
    coded = analyse_text(nlp, "Barak agreed to US mediation in the talks.").events
    agree = next(e for e in coded if e.event.plover_type == "AGREE")
    assert agree.target is not None and (agree.target.name, agree.target.country) == ("US", "US")
    coded = analyse_text(nlp, "JNIM attacked a village in northern Burkina Faso on Friday.").events
    attack = next(e for e in coded if e.event.plover_type == "ASSAULT")
    assert attack.actor is not None and attack.actor.country == "BF"


def test_a_government_acting_on_its_place_is_of_that_place() -> None:
    from rashomon.nlp.pipeline import analyse_text, load_pipeline

    nlp, _ = load_pipeline("auto")
    text = "The military government of President Prosper Avril declared a state of siege in Haiti."
    coerce = next(e for e in analyse_text(nlp, text).events if e.event.plover_type == "COERCE")
    assert coerce.actor is not None and coerce.actor.country == "HT"


def test_speakers_are_coded_as_event_parties_are() -> None:
    from rashomon.nlp.pipeline import analyse_text, load_pipeline

    nlp, _ = load_pipeline("auto")
    text = (
        "Russian Foreign Minister Sergei Lavrov said Turkey must stop the attacks. "
        '"We will not wait," he said.'
    )
    statements = analyse_text(nlp, text).statements
    assert [(s.speaker_country, s.speaker_sector) for s in statements] == [("RU", "GOV"), ("RU", "GOV")]


@pytestmark_slow
def test_quoted_as_saying_he_is_the_one_quoted(events) -> None:
    text = "King Hassan of Morocco was quoted as saying he would be ready to host a meeting."
    agree = one(events(text), "AGREE")
    assert agree.actor is not None and agree.actor.text == "King Hassan of Morocco"


def test_an_arrest_with_no_one_named_is_the_state_s() -> None:
    from rashomon.nlp.pipeline import analyse_text, load_pipeline

    nlp, _ = load_pipeline("auto")
    coded = analyse_text(nlp, "A missionary was arrested in Lebanon on Monday.").events
    arrest = next(e for e in coded if e.event.plover_type == "COERCE")
    assert arrest.actor is not None and (arrest.actor.actor_id, arrest.actor.country) == ("LBN", "LB")
    killing = analyse_text(nlp, "Five people were killed in Gaza on Monday.").events
    assert all(e.actor is None for e in killing)  # anyone may kill: no one is named


@pytestmark_slow
@pytest.mark.parametrize(
    ("text", "plover_type", "role", "country"),
    [
        ("Ethopia has agreed to reopen its borders to aid workers.", "AGREE", "actor", "ET"),
        (
            "Syrian officers ended mediation between militias in Tripoli as shells hit the Lebanese port.",
            "SANCTION",
            "target",
            "LB",
        ),
        (
            "The Turkish and Greek sides of the island of Cyprus agreed to share data on missing people.",
            "AGREE",
            "actor",
            "TR",
        ),
        (
            "Serb forces attacked the Albanian minority of the province in Montenegro.",
            "ASSAULT",
            "target",
            "ME",
        ),
    ],
)
def test_a_party_s_country_from_its_own_words(text: str, plover_type: str, role: str, country: str) -> None:
    """A misspelt country name, a capital the article places elsewhere ("Tripoli" beside "Lebanese"),
    the adjective of a phrase's head before a state in its complement, a minority where it lives."""
    from rashomon.nlp.pipeline import analyse_text, load_pipeline

    nlp, _ = load_pipeline("auto")
    coded = next(e for e in analyse_text(nlp, text).events if e.event.plover_type == plover_type)
    party = getattr(coded, role)
    assert party is not None and party.country == country


@pytestmark_slow
@pytest.mark.parametrize(
    ("text", "plover_type", "target", "country"),
    [
        (
            "The Turkish government refused to commit to any assistance to the US-led war against Iraq.",
            "REJECT",
            "US",
            "US",
        ),
        (
            "Pakistan has refused to deploy peacekeepers in Iraq and has urged its citizens to stay home.",
            "REJECT",
            "Iraq",
            "IQ",
        ),
        (
            "Leaders of the opposition coalition agreed to postpone the rally in Baku until November.",
            "AGREE",
            "Baku",
            "AZ",
        ),
    ],
)
def test_the_party_an_intended_act_is_for(text: str, plover_type: str, target: str, country: str) -> None:
    """The leader of what the act is for ('the US-led war'); the country the act is done in, which
    also says where its doers are from; a refusal's complement, not the next verb's object."""
    from rashomon.nlp.pipeline import analyse_text, load_pipeline

    nlp, _ = load_pipeline("auto")
    coded = next(e for e in analyse_text(nlp, text).events if e.event.plover_type == plover_type)
    assert coded.target is not None and (coded.target.name, coded.target.country) == (target, country)
    assert coded.actor is not None and coded.actor.country is not None


@pytestmark_slow
@pytest.mark.parametrize(
    ("text", "trigger", "actor"),
    [
        (
            "Both the army and the rebels are guilty of violating the ceasefire agreement, monitors said.",
            "violating",
            "Both the army and the rebels",
        ),
        ("The rebels are willing to release the hostages, a mediator said.", "release", "The rebels"),
        (
            "Thousands of Kenyans were converging on Nairobi for a rally against the new tax.",
            "rally",
            "Kenyans",
        ),
    ],
)
def test_the_subject_of_an_adjective_or_of_coming_does_the_act(
    events, text: str, trigger: str, actor: str
) -> None:
    event = next(e for e in events(text) if trigger in e.trigger.text)
    assert event.actor is not None and event.actor.text == actor


@pytestmark_slow
def test_a_conjunction_inside_a_thing_makes_no_party_of_it(events) -> None:
    """'crimes ... against farmers and traders' names no group: the party is who committed them."""
    found = events(
        "Police opened an investigation into crimes committed by the militia against farmers and traders."
    )
    event = one(found, "ACCUSE")
    assert event.target is not None and event.target.text.startswith("the militia")


@pytestmark_slow
@pytest.mark.parametrize(
    ("text", "plover_type", "target", "country"),
    [
        (
            "Serbia on Tuesday demanded a meeting of the U.N. Security Council to discuss the offensive.",
            "REQUEST",
            "the U.N. Security Council",
            None,
        ),
        (
            "The Latvian court cancelled restrictions on the use of the Russian language on radio.",
            "CONCEDE",
            "the Russian language",
            None,
        ),
        ("Kyiv protested against the Russian army.", "PROTEST", "the Russian army", "RU"),
    ],
)
def test_who_meets_and_what_a_language_is(
    text: str, plover_type: str, target: str, country: str | None
) -> None:
    """A meeting asked for is asked of who meets ('a meeting of the Security Council'); a language
    named by a country's adjective is of no country."""
    from rashomon.nlp.pipeline import analyse_text, load_pipeline

    nlp, _ = load_pipeline("auto")
    coded = next(e for e in analyse_text(nlp, text).events if e.event.plover_type == plover_type)
    assert coded.target is not None and (coded.target.name, coded.target.country) == (target, country)


@pytestmark_slow
@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("The United States suspended military aid for Bosnia.", "Bosnia"),
        ("The EU imposed sanctions on Iran for its nuclear programme.", "Iran"),
    ],
)
def test_a_sanction_for_a_named_party_targets_it(events, text: str, target: str) -> None:
    event = one(events(text), "SANCTION")
    assert event.target is not None and event.target.text == target


@pytest.mark.parametrize(
    "text", ["Cameron has agreed to resign, his spokesman said.", "Georgina refused to leave the building."]
)
def test_a_name_near_a_country_s_is_no_misspelt_country(text: str) -> None:
    """'Cameron' is a place's name too, 'Georgina' an added letter away: neither is read as a country."""
    from rashomon.nlp.pipeline import analyse_text, load_pipeline

    nlp, _ = load_pipeline("auto")
    coded = analyse_text(nlp, text).events
    assert coded and all(e.actor is not None and e.actor.country is None for e in coded)


@pytestmark_slow
@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        ("He was arrested twelve days after the shooting.", "shooting"),
        ("Both men were dead at the scene of the explosion.", "explosion"),
        ("Police detained the suspect hours after the attack.", "attack"),
    ],
)
def test_violence_named_as_one_occurrence_is_an_event(events, text: str, trigger: str) -> None:
    assert trigger in [e.trigger.text for e in events(text) if e.plover_type == "ASSAULT"]


@pytestmark_slow
def test_ongoing_violence_after_amid_is_background_not_an_event(events) -> None:
    assert not [e for e in events("The talks went on amid the fighting.") if e.plover_type == "ASSAULT"]


@pytestmark_slow
def test_stabbing_and_custody(events) -> None:
    stabbed = one(events("Two women were stabbed inside a home in the city."), "ASSAULT")
    assert (stabbed.trigger.text, stabbed.plover_mode) == ("stabbed", "primitive")
    arrest = one(events("The gunman was taken into custody on Friday."), "COERCE")
    assert (arrest.trigger.text, arrest.plover_mode) == ("taken into custody", "arrest")


@pytestmark_slow
def test_an_attempt_takes_the_sense_of_its_event_noun(events) -> None:
    attempt = one(events("A warship foiled a piracy attempt in the Gulf of Aden."), "ASSAULT")
    assert attempt.trigger.text == "attempt"


@pytestmark_slow
@pytest.mark.parametrize(
    "text",
    [
        "A man has been charged in a crash that killed a woman.",
        "A man accused of running down and killing a woman was charged.",
    ],
)
def test_a_killing_inside_a_charge_is_told_for_itself(events, text: str) -> None:
    assert one(events(text), "ASSAULT").trigger.text in ("killed", "killing")


@pytestmark_slow
def test_a_killing_participle_after_an_attack_is_its_toll(events) -> None:
    attack = one(events("Gunmen opened fire on a bus, killing 12 passengers."), "ASSAULT")
    assert (attack.trigger.text, attack.fatalities) == ("opened fire", 12)


@pytestmark_slow
def test_a_lasting_measure_after_a_framing_word_is_no_occurrence(events) -> None:
    assert not [e for e in events("Protests continued after the blockade.") if e.plover_type == "COERCE"]
    assert one(events("He was released hours after the arrest."), "COERCE").trigger.text == "arrest"
