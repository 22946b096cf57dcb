"""Agreements in short invented texts about several conflicts, and their linking across articles.

The texts are written for these tests; none is about Syria, so nothing here can lean on the Syria
pack. Linking tests use hand-made store rows (no model)."""

from __future__ import annotations

import datetime
import json
from functools import cache

import pytest

from rashomon.extract.agreements import AgreementMention, stated_hours, values_overlap
from rashomon.nlp.pipeline import analyse_text, load_pipeline
from rashomon.reconcile.agreements import Instance, agreement_row, link
from rashomon.store.models import AgreementMentionRow

PUBLISHED = datetime.date(2022, 7, 25)  # a Monday


@cache
def agreements_in(text: str) -> list[AgreementMention]:
    nlp, _ = load_pipeline("auto")
    return analyse_text(nlp, text, PUBLISHED).agreements


def only(text: str) -> AgreementMention:
    found = agreements_in(text)
    assert len(found) == 1, [m.text for m in found]
    return found[0]


def ids(parties: object) -> set[str | None]:
    return {p.actor_id for p in parties}  # type: ignore[attr-defined]


def test_signed_deal_with_venue_date_parties_and_brokers() -> None:
    deal = only(
        "Russia and Ukraine signed a grain deal in Istanbul on Friday, "
        "brokered by Turkey and the United Nations."
    )
    assert (deal.family, deal.topic, deal.venue, deal.made_by) == (
        "agreement",
        "grain exports",
        "Istanbul",
        "sign",
    )
    assert deal.date is not None and deal.date.value == "2022-07-22"
    assert ids(deal.parties) == {"RUS", "UKR"}
    assert {"TUR", "IGO.UN"} <= ids(deal.brokers)


def test_agreed_ceasefire_takes_the_subjects_as_parties_and_the_mediator_as_broker() -> None:
    truce = only(
        "The Sudanese army and the Rapid Support Forces agreed to a seven-day ceasefire, "
        "mediated by Saudi Arabia."
    )
    assert truce.family == "ceasefire" and truce.made_by == "agree"
    assert truce.date is None, "a seven-day truce says how long, not when"
    assert "SAU" in ids(truce.brokers) and "SAU" not in ids(truce.parties)
    assert len(truce.parties) == 2


def test_a_town_abroad_is_the_venue_a_town_at_home_is_where_the_truce_applies() -> None:
    abroad = only("Armenia and Azerbaijan agreed to a ceasefire in Geneva on Saturday.")
    assert abroad.venue == "Geneva" and abroad.name == "Geneva ceasefire"
    home = only("Ethiopia and Eritrea agreed to a ceasefire in Mekele on Saturday.")
    assert home.venue is None


def test_proper_name_and_passive_signatories() -> None:
    protocol = only(
        "The Minsk Protocol, signed by Ukraine, Russia and the OSCE in September 2014, provided for a "
        "ceasefire and the withdrawal of heavy weapons."
    )
    assert protocol.name == "Minsk Protocol"
    assert protocol.date is not None and protocol.date.value == "2014-09"
    assert {"UKR", "RUS"} <= ids(protocol.parties)
    assert "withdrawal of heavy weapons" in protocol.provisions


def test_accusation_of_violating_names_the_accused_and_not_the_accuser() -> None:
    truce = only("Kyiv accused Moscow of violating the ceasefire on Sunday.")
    [claim] = truce.claims
    assert claim.stance == "broken" and claim.cue == "violating"
    assert claim.accused is not None and claim.accused.country == "RU"
    assert truce.date is None, "Sunday dates the violation, not the ceasefire"


def test_failure_to_honour_is_a_breach_by_the_one_who_fails() -> None:
    deal = only(
        "Armenia said Azerbaijan had failed to honour its commitments under the November 2020 agreement."
    )
    assert deal.date is not None and deal.date.value == "2020-11"
    [claim] = deal.claims
    assert claim.stance == "broken" and claim.accused is not None and claim.accused.country == "AZ"
    assert claim.statement is not None, "Armenia makes the claim, not the outlet"


def test_a_truce_said_to_hold_is_kept() -> None:
    [claim] = only("Colombia's government and the ELN rebels said the truce was holding.").claims
    assert claim.stance == "kept"


def test_a_truce_in_force_at_a_clock_time_is_dated_to_the_publication_day() -> None:
    midnight = only("A humanitarian truce between Armenia and Azerbaijan took force at midnight.")
    assert midnight.date is not None and midnight.date.value == PUBLISHED.isoformat()
    noon = only("The new ceasefire came into force at noon on Saturday.")
    assert noon.date is not None and noon.date.value == "2022-07-23", "the day named beats the clock"
    brief = only("The truce lasted just five minutes before the shelling resumed.")
    assert brief.date is None, "how long it lasted says nothing of when it was made"


def test_agreed_on_a_day_and_announced_on_a_weekday() -> None:
    agreed = only("Armenia and Azerbaijan agreed on July 17 to a ceasefire brokered by France.")
    assert agreed.date is not None and agreed.date.value == "2022-07-17"
    assert ids(agreed.brokers) == {"FRA"}
    announced = only("Azerbaijan announced on Saturday a unilateral truce.")
    assert announced.date is not None and announced.date.value == "2022-07-23"


def test_sides_accusing_each_other_each_accuse_the_other_and_are_its_parties() -> None:
    truce = only("Armenia and Azerbaijan accused each other of violating the truce.")
    said = {
        (c.accuser.actor_id, c.accused.actor_id, c.stance) for c in truce.claims if c.accuser and c.accused
    }
    assert said == {("ARM", "AZE", "broken"), ("AZE", "ARM", "broken")}
    assert ids(truce.parties) == {"ARM", "AZE"}


def test_saying_it_keeps_the_truce_while_accusing_the_other_side() -> None:
    truce = only(
        "Azerbaijan insisted it was observing the ceasefire but accused Armenian forces of shelling "
        "its villages."
    )
    said = {(c.stance, c.accused.country if c.accused else None) for c in truce.claims}
    assert said == {("kept", "AZ"), ("broken", "AM")}


@pytest.mark.parametrize(
    "text",
    [
        "Azerbaijan said Armenia had violated the truce, and Armenia said Azerbaijan did.",
        "Azerbaijan said Armenian forces violated the ceasefire. Armenia said Azerbaijan had broken it.",
        "Azerbaijan said Armenia had violated the truce, while Armenia blamed Azerbaijan.",
    ],
)
def test_each_side_says_the_other_broke_the_truce_without_naming_it_again(text: str) -> None:
    truce = only(text)
    accused = [c.accused.country for c in truce.claims if c.stance == "broken" and c.accused]
    assert accused == ["AM", "AZ"]


def test_an_answer_that_denies_is_no_counter_accusation() -> None:
    truce = only("Azerbaijan said Armenia had violated the truce, and Armenia said Azerbaijan did not.")
    assert [c.accused.country for c in truce.claims if c.accused] == ["AM"]


def test_shelling_in_breach_of_the_truce_accuses_the_shelling_side() -> None:
    truce = only(
        "The ministry said Azerbaijani forces had shelled the town overnight, in breach of the "
        "humanitarian ceasefire."
    )
    said = {(c.stance, c.accused.country if c.accused else None) for c in truce.claims}
    assert said == {("broken", "AZ")}


def test_who_holds_another_responsible_for_a_breach_is_the_accuser() -> None:
    """The subject of "held X responsible for breaching" accuses X; a "we" speaks for its body."""
    for text, accuser in (
        ("The Azerbaijani defence ministry held Armenia responsible for breaching the truce.", "AZ"),
        ("We in the Armenian government hold Azerbaijan responsible for violating the truce.", "AM"),
    ):
        (claim,) = only(text).claims
        assert claim.accused is not None and claim.accused.country != accuser, text
        assert claim.accuser is not None and claim.accuser.country == accuser, text


def test_the_truce_is_the_humanitarian_ceasefire_of_the_sentence_before() -> None:
    found = agreements_in(
        "A humanitarian ceasefire brokered by Russia took effect. Officials said Armenia had violated "
        "the truce."
    )
    assert len(found) == 2 and found[0].instance == found[1].instance


def test_a_written_date_beats_the_weekday_beside_it() -> None:
    truce = only("This humanitarian ceasefire will commence on Friday, August 1, 2014.")
    assert truce.date is not None and truce.date.value == "2014-08-01"


@pytest.mark.parametrize(
    "text",
    [
        "There is no prospect of a ceasefire, the minister said.",
        "Aid workers hope for a ceasefire before the rains.",
        "Negotiators have not reached any deal on prisoners, and a deal looks distant.",
    ],
)
def test_wishes_and_hypotheses_are_not_agreements(text: str) -> None:
    assert [m.text for m in agreements_in(text)] == []


def test_mentions_of_one_truce_in_an_article_share_an_instance() -> None:
    found = agreements_in(
        "Ethiopia and the TPLF announced a truce on Thursday. The truce was holding on Saturday, "
        "officials said, although the earlier Pretoria talks had stalled."
    )
    truces = [m for m in found if m.family == "ceasefire"]
    assert len(truces) == 2 and truces[0].instance == truces[1].instance
    assert all(m.instance != truces[0].instance for m in found if m.family == "talks")


# --- linking across articles (no model) -----------------------------------------------------------


def row(article: str, *, venue: str | None = None, date: str | None = None, precision: str = "unknown",
        text: str | None = None, family: str = "agreement", topic: str | None = None,
        countries: tuple[str, ...] = ()) -> AgreementMentionRow:  # fmt: skip
    parties = json.dumps([{"name": c, "actor_id": None, "country": c} for c in countries])
    return AgreementMentionRow(
        id=f"{article}/ag-1", article_id=article, instance=1, start=0, end=5, text="deal", head="deal",
        family=family, topic=topic, venue=venue, name=None, definite=True, date_text=text, date_value=date,
        date_precision=precision, parties=parties, brokers="[]", provisions="[]", made_by=None,
        reported_by=None,
    )  # fmt: skip


def groups(*rows: AgreementMentionRow) -> list[set[str]]:
    instances = [Instance(f"{r.article_id}#1", r.article_id, [r]) for r in rows]
    return sorted(({i.article_id for i in g} for g in link(instances)), key=sorted)


def test_same_venue_links_and_clashing_dates_do_not() -> None:
    later = row("b", venue="Dayton", date="1995-11", precision="month")
    assert groups(row("a", venue="Dayton"), later) == [{"a", "b"}]
    early = row("a", venue="Dayton", date="1995", precision="year")
    assert groups(early, row("b", venue="Dayton", date="2001", precision="year")) == [{"a"}, {"b"}]


def test_an_unnamed_deal_links_by_month_and_parties() -> None:
    named = row("a", venue="Lusaka", date="1999", precision="year", countries=("CD", "RW"))
    unnamed = row("b", date="1999-07", precision="month", countries=("RW",))
    other = row("c", date="1999-07", precision="month", countries=("AO",))
    assert groups(named, unnamed, other) == [{"a", "b"}, {"c"}]


def test_an_unresolved_month_links_to_a_resolved_one_with_a_common_party() -> None:
    dated = row("a", family="ceasefire", date="2020-01", precision="month", countries=("RU", "TR"))
    undated = row("b", family="ceasefire", text="in mid-January", countries=("TR",))
    assert groups(dated, undated) == [{"a", "b"}]


def test_different_topics_stay_apart() -> None:
    truce = row("a", topic="ceasefire", date="2023-05", precision="month")
    swap = row("b", topic="prisoner exchange", date="2023-05", precision="month")
    assert groups(truce, swap) == [{"a"}, {"b"}]


def test_linked_agreement_takes_the_most_precise_date_and_pools_parties() -> None:
    first = row("a", venue="Lusaka", date="1999", precision="year", countries=("CD",))
    second = row("b", venue="Lusaka", date="1999-07-10", precision="day", countries=("RW",))
    agreement = agreement_row([Instance("a#1", "a", [first]), Instance("b#1", "b", [second])])
    assert agreement.date_value == "1999-07-10" and agreement.name == "Lusaka deal"
    assert {p["country"] for p in json.loads(agreement.parties)} == {"CD", "RW"}
    assert json.loads(agreement.article_ids) == ["a", "b"]


def dated(article: str, day: str, countries: tuple[str, ...] = ("AM", "AZ")) -> AgreementMentionRow:
    return row(article, family="ceasefire", date=day, precision="day", countries=countries)


def test_truces_between_the_same_sides_a_week_apart_stay_apart() -> None:
    """Reports of one truce differ by a day or two (agreed, in force); the next truce comes a week
    later, and reports between the two must not chain them into one."""
    found = groups(
        dated("a", "2020-10-10"), dated("b", "2020-10-11"), dated("c", "2020-10-13"),
        dated("d", "2020-10-15"), dated("e", "2020-10-17"), dated("f", "2020-10-18"),
    )  # fmt: skip
    assert {"a", "b"} in found and {"e", "f"} in found
    assert not any({"a", "f"} <= g for g in found)
    assert groups(dated("a", "2020-10-10"), dated("b", "2020-10-10", ("IN", "PK"))) == [{"a"}, {"b"}]


def test_an_undated_truce_joins_the_latest_one_before_its_article() -> None:
    first, second = dated("a", "2020-10-10"), dated("b", "2020-10-17")
    undated = row("c", family="ceasefire", countries=("AZ",))
    rows = [first, second, undated]
    instances = [Instance(f"{r.article_id}#1", r.article_id, [r]) for r in rows]
    instances[2].published = "2020-10-19"
    linked = sorted(({i.article_id for i in g} for g in link(instances)), key=sorted)
    assert linked == [{"a"}, {"b", "c"}]
    instances[2].published = "2020-10-12"
    linked = sorted(({i.article_id for i in g} for g in link(instances)), key=sorted)
    assert linked == [{"a", "c"}, {"b"}]


def test_an_undated_truce_naming_one_side_joins_a_group_whose_reports_name_either() -> None:
    """One report names both sides, another only one of them: the undated report naming the other
    side still refers to that truce."""
    both, one = dated("a", "2020-10-10"), dated("b", "2020-10-10", ("AM",))
    undated = row("c", family="ceasefire", countries=("AZ",))
    instances = [Instance(f"{r.article_id}#1", r.article_id, [r]) for r in (both, one, undated)]
    instances[2].published = "2020-10-11"
    assert [{i.article_id for i in g} for g in link(instances)] == [{"a", "b", "c"}]


def test_a_day_of_a_month_without_its_year_joins_the_truce_of_that_day() -> None:
    """An undated article's "on July 28" is the truce resolved to July 28 elsewhere, even when the
    report names no party; another day of that month is not."""
    truce = dated("a", "2025-07-28", ("TH", "KH"))
    assert groups(truce, row("b", family="ceasefire", text="on July 28")) == [{"a", "b"}]
    assert groups(truce, row("b", family="ceasefire", text="on 12 July")) == [{"a"}, {"b"}]


def test_a_truce_is_named_by_what_it_is_never_by_a_time_phrase() -> None:
    vague = row("a", family="ceasefire", text="just five minutes", countries=("AM", "AZ"))
    vague.head = "truce"
    assert agreement_row([Instance("a#1", "a", [vague])]).name == "Ceasefire (Armenia, Azerbaijan)"
    brokered = dated("b", "2020-10-10")
    brokered.brokers = json.dumps([{"name": "Russia", "actor_id": "RUS", "country": "RU"}])
    name = agreement_row([Instance("b#1", "b", [brokered])]).name
    assert name == "Ceasefire brokered by Russia of 2020-10-10 (Armenia, Azerbaijan)"


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [("2018", "2018-09", True), ("2018-09", "2019", False), ("2019-04-21/2019-04-30", "2019-04", True),
     ("2019-04-21/2019-04-30", "2019-05-01", False), ("2020-01-05", "2020-01-05", True)],
)  # fmt: skip
def test_date_overlap_at_the_coarser_precision(a: str, b: str, expected: bool) -> None:
    assert values_overlap(a, b) is expected


def test_truces_of_different_lengths_are_different_truces() -> None:
    """A 12-hour truce and the 24-hour one declared after it are two agreements; a length written
    in words counts too."""
    found = agreements_in(
        "Israel and Hamas observed a 12-hour humanitarian ceasefire on Saturday. On Sunday Hamas "
        "announced its own 24-hour truce."
    )
    twelve, twenty_four = (m for m in found if "hour" in m.text)
    assert twelve.instance != twenty_four.instance
    assert stated_hours("a three-day truce") == {72} and stated_hours("the truce") == frozenset()


def test_a_holiday_truce_is_dated_by_its_holiday() -> None:
    """ "an Easter truce" is dated to Easter nearest to publication (2022-07-25: Easter 2022, the
    17 April), from its eve to the day after: a holiday truce spans the holiday."""
    truce = only("The president announced an Easter truce earlier this month.")
    assert truce.date is not None and truce.date.value == "2022-04-16/2022-04-18"


def test_a_truce_ahead_of_a_holiday_is_not_dated_to_it() -> None:
    truce = only("Ukraine and Russia agreed to a new truce ahead of the Eid al-Adha holiday.")
    assert truce.date is None or "Eid" not in truce.date.text


def test_a_year_less_day_of_a_truce_is_the_coming_one() -> None:
    """Published 2022-07-25: "from August 2-4" is read in 2022, not a year back."""
    truce = only("Ethiopia declared a three-day ceasefire from August 2-4.")
    assert truce.date is not None and truce.date.value == "2022-08-02/2022-08-04"


def test_the_side_accepting_a_truce_is_its_party() -> None:
    truce = only("Israeli officials voted to accept the truce on Monday.")
    assert truce.made_by == "accept" and {p.country for p in truce.parties} == {"IL"}
    assert truce.date is not None and truce.date.value == "2022-07-25"


def test_the_sides_bound_by_a_moratorium_are_its_parties() -> None:
    truce = only(
        'The decree sets a "moratorium on attacks against the power grid," which both Ukraine '
        "and Russia are supposed to observe."
    )
    assert truce.family == "ceasefire"
    assert {"UKR", "RUS"} <= ids(truce.parties)


def test_a_truce_starting_at_a_time_is_dated_by_it() -> None:
    truce = only("Armenia and Azerbaijan agreed a humanitarian truce starting at midnight on Saturday.")
    assert truce.date is not None and truce.date.value == "2022-07-23"
    assert {"ARM", "AZE"} <= ids(truce.parties)


def test_an_accusation_of_breaking_it_answers_a_breach_claim() -> None:
    """ "Y accused X of breaking it": Y's answer to the claim that Y broke the truce; the two
    sides blaming each other are its parties."""
    truce = only("Ukraine said Russia violated the truce. Russia accused Ukraine of breaking it.")
    blamed = {(c.accused and c.accused.actor_id, c.accuser and c.accuser.actor_id) for c in truce.claims}
    assert ("UKR", "RUS") in blamed
    assert ids(truce.parties) == {"UKR", "RUS"}


def test_agreeing_to_stop_fighting_is_a_truce_with_no_truce_word() -> None:
    truce = only("Armenia and Azerbaijan agreed to halt fighting from Friday.")
    assert (truce.family, truce.made_by) == ("ceasefire", "agree")
    assert truce.date is not None and truce.date.value == "2022-07-22"
    assert {"ARM", "AZE"} <= ids(truce.parties)


@pytest.mark.parametrize(
    "text",
    [
        "Armenia and Azerbaijan did not agree to stop fighting.",
        "Ukraine agreed to stop exporting grain.",
    ],
)
def test_no_truce_without_agreeing_to_halt_hostilities(text: str) -> None:
    assert agreements_in(text) == []


def test_a_definite_holiday_truce_is_one_mention_dated_by_the_holiday() -> None:
    """ "the Orthodox Christmas truce": the holiday dates it and names no venue (one mention)."""
    truce = only("Ukraine said Russia violated the Orthodox Christmas truce.")
    assert truce.venue is None
    assert truce.date is not None and truce.date.value == "2023-01-06/2023-01-08"


def test_a_spokesman_condemning_a_breach_is_no_party_to_the_truce() -> None:
    """One accuser alone may speak for a side or stand outside the truce; only two sides blaming
    each other make it theirs."""
    truce = only("Somchai Rattana, the army spokesman, condemned Cambodia for violating the ceasefire.")
    assert not any(p.name.startswith("Somchai") for p in truce.parties)
    assert any(c.stance == "broken" for c in truce.claims)


def test_who_urges_a_side_to_agree_is_no_party() -> None:
    truce = only("Britain urged Russia to agree to an unconditional truce.")
    assert ids(truce.parties) == {"RUS"}


def test_who_announces_a_truce_between_two_named_sides_is_no_party() -> None:
    truce = only("President Emmanuel Macron announced a ceasefire agreement between Israel and Hezbollah.")
    assert {p.name for p in truce.parties} == {"Israel", "Hezbollah"}


def test_monitors_and_helpers_are_brokers_not_parties() -> None:
    monitored = only("The ceasefire, monitored by Qatar and Egypt, was reached after five weeks of fighting.")
    assert not monitored.parties and {p.name for p in monitored.brokers} == {"Qatar", "Egypt"}
    helped = only("The truce was reached with the help of Qatar.")
    assert not helped.parties and {p.name for p in helped.brokers} == {"Qatar"}


def test_a_denied_breach_says_the_truce_is_kept() -> None:
    """ "X did not violate the truce" is X keeping it, not a claim that X broke it."""
    truce = only("Russia did not violate the truce, the ministry said.")
    assert [(c.stance, c.accused and c.accused.actor_id) for c in truce.claims] == [("kept", "RUS")]


def test_four_digits_before_a_time_zone_do_not_date_a_truce_to_that_year() -> None:
    truce = only(
        "Both armies pledged to hold fire before the ceasefire comes into effect at 21:45 local time "
        "(1945 GMT) on 22 May."
    )
    assert truce.date is not None and truce.date.value.endswith("-05-22")


Said = set[tuple[str, str | None]]


def claims_of(text: str) -> Said:
    """(stance, accused country) of every claim about the text's agreements."""
    found = agreements_in(text)
    return {(c.stance, c.accused.country if c.accused else None) for m in found for c in m.claims}


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("Azerbaijan denied violating the truce.", {("kept", "AZ")}),
        ("Azerbaijan rejected Armenian claims that it had violated the ceasefire.", {("kept", "AZ")}),
        ("The Azerbaijani defence minister denied any violations of the ceasefire.", {("kept", "AZ")}),
    ],
)
def test_a_denied_breach_says_the_truce_was_kept(text: str, said: Said) -> None:
    assert claims_of(text) == said


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("Armenia said Azerbaijan fired missiles after the ceasefire came into force.", {("broken", "AZ")}),
        ("Despite the truce, Azerbaijani forces shelled the town, Armenia said.", {("broken", "AZ")}),
        ("Azerbaijan's army denied firing any shells after the ceasefire took effect.", {("kept", "AZ")}),
        ("Azerbaijan resumed strikes after the truce expired.", set()),
    ],
)
def test_an_attack_while_the_truce_is_in_force_breaks_it(text: str, said: Said) -> None:
    assert claims_of(text) == said


def test_a_denied_attack_is_the_deniers_own_claim() -> None:
    (claim,) = only("Azerbaijan's army denied firing any shells after the ceasefire took effect.").claims
    assert claim.accuser is not None and claim.accuser.country == "AZ"


@pytest.mark.parametrize(
    "text",
    [
        "Azerbaijan said it remains committed to the ceasefire.",
        "Azerbaijan's foreign ministry stated its commitment to the ceasefire.",
        "Azerbaijan remains committed to the faithful implementation of the ceasefire, the spokesman said.",
    ],
)
def test_remaining_committed_to_the_truce_keeps_it(text: str) -> None:
    assert claims_of(text) == {("kept", "AZ")}


def test_sides_trading_accusations_accuse_each_other() -> None:
    truce = only("Armenia and Azerbaijan traded accusations of ceasefire violations.")
    said = {(c.accuser.country, c.accused.country) for c in truce.claims if c.accuser and c.accused}
    assert said == {("AM", "AZ"), ("AZ", "AM")}


def test_violations_by_a_side_accuse_it() -> None:
    assert claims_of("Armenia reported ceasefire violations by Azerbaijani forces.") == {("broken", "AZ")}


def test_who_retaliates_after_violations_accuses_their_author() -> None:
    (claim,) = only("Armenia retaliated after Azerbaijan's repeated violations of the truce.").claims
    assert claim.accused is not None and claim.accused.country == "AZ"
    assert claim.accuser is not None and claim.accuser.country == "AM"


def test_an_attack_after_the_truce_told_by_an_accuser() -> None:
    (claim,) = only("Armenia accused Azerbaijan of firing shells after the ceasefire took effect.").claims
    assert (claim.stance, claim.accused.country if claim.accused else None) == ("broken", "AZ")
    assert claim.accuser is not None and claim.accuser.country == "AM"


def test_violations_named_by_a_country_adjective() -> None:
    assert claims_of("Armenia said it had responded to Azerbaijani violations of the truce.") == {
        ("broken", "AZ")
    }


@pytest.mark.parametrize(
    "text",
    [
        "Azerbaijan denied launching missiles at Armenia after the ceasefire.",
        "Azerbaijan denies firing shells at Armenia after ceasefire",
    ],
)
def test_denying_an_attack_after_the_truce_keeps_it(text: str) -> None:
    (claim,) = only(text).claims
    assert claim.stance == "kept" and claim.accused is not None and claim.accused.country == "AZ"


def test_an_attack_after_the_truce_is_no_breach_unless_denied() -> None:
    assert claims_of("Azerbaijan resumed strikes on the town after the truce.") == set()


@pytest.mark.parametrize(
    "text",
    [
        "Armenia said it had detected two missiles launched from Azerbaijan after the ceasefire took effect.",
        "Armenia said shells were fired from Azerbaijan after the ceasefire came into force.",
    ],
)
def test_an_attack_in_force_with_no_subject_is_by_where_it_came_from(text: str) -> None:
    assert claims_of(text) == {("broken", "AZ")}


# --- announcers and hyphenated brokers ---------------------------------------------------------------


def test_a_hyphenated_broker_in_one_token_is_a_broker_not_a_party() -> None:
    truce = only("Armenia and Azerbaijan agreed to a U.S.-brokered ceasefire on Saturday.")
    assert ids(truce.parties) == {"ARM", "AZE"} and ids(truce.brokers) == {"USA"}
    talks = only("Negotiators held UN-mediated talks in Geneva on Monday.")
    assert ids(talks.brokers) == {"IGO.UN"} and not talks.parties


def test_who_announces_a_truce_between_others_is_not_a_party() -> None:
    told = only("France announced a ceasefire between the two neighbours on Saturday.")
    assert "FRA" not in ids(told.parties)
    brokered = only("France announced that a truce had been brokered after four days of fighting.")
    assert "FRA" not in ids(brokered.parties)


def test_an_announcer_is_set_aside_where_the_article_names_two_other_sides() -> None:
    found = agreements_in(
        "Armenia and Azerbaijan agreed to a ceasefire on Saturday. Hours after France announced "
        "the ceasefire, Armenia accused Azerbaijan of shelling."
    )
    assert len({m.instance for m in found}) == 1
    assert all("FRA" not in ids(m.parties) for m in found)
    assert ids(found[0].parties) == {"ARM", "AZE"}


def test_a_side_declaring_its_own_truce_stays_its_party() -> None:
    truce = only("Russia declared a ceasefire for the Orthodox Easter holiday.")
    assert ids(truce.parties) == {"RUS"} and ids(truce.announcers) == {"RUS"}


def test_a_party_only_announcing_is_dropped_across_reports_naming_two_sides() -> None:
    told = dated("a", "2020-10-10", ("FR",))
    told.parties = json.dumps([{"name": "France", "actor_id": "FRA", "country": "FR", "announced": True}])
    made = dated("b", "2020-10-10")
    agreement = agreement_row([Instance("a#1", "a", [told]), Instance("b#1", "b", [made])])
    assert {p["country"] for p in json.loads(agreement.parties)} == {"AM", "AZ"}
    alone = agreement_row([Instance("a#1", "a", [told])])
    assert {p["country"] for p in json.loads(alone.parties)} == {"FR"}, "no other sides: it stays"
