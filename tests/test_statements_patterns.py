"""Attribution patterns on short invented sentences about other conflicts (Ukraine, Sudan, Myanmar,
Gaza, the Sahel), one or more per rule of the statements stage. People and places may be invented.

The pipeline is loaded once for the module. Known gaps are strict xfails with the reason, so the
assertions stay as an analyst would write them.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest

from rashomon.nlp.pipeline import analyse_text, load_pipeline
from rashomon.types import Statement

pytestmark = pytest.mark.slow

FRIDAY = datetime.date(2023, 3, 10)


@dataclass(frozen=True)
class Said:
    """A statement with the text its spans point into."""

    statement: Statement
    text: str

    @property
    def content(self) -> str:
        return self.text[self.statement.content[0] : self.statement.content[1]]

    @property
    def cue(self) -> str:
        cue = self.statement.cue
        return self.text[cue[0] : cue[1]] if cue else ""

    @property
    def speaker(self) -> str:
        return self.statement.speaker_name or ""

    def __getattr__(self, name: str) -> object:
        return getattr(self.statement, name)


@pytest.fixture(scope="module")
def statements():
    nlp, _ = load_pipeline("auto")

    def run(text: str, published: datetime.date | None = None) -> list[Said]:
        return [Said(s, text) for s in analyse_text(nlp, text, published).statements]

    return run


def having(found: list[Said], *words: str) -> list[Said]:
    """The statements whose content contains every one of `words`."""
    return [s for s in found if all(w.lower() in s.content.lower() for w in words)]


def one(found: list[Said], *words: str) -> Said:
    matches = having(found, *words)
    assert len(matches) == 1, [(s.speaker, s.cue, s.content) for s in found]
    return matches[0]


def known_gap(reason: str) -> pytest.MarkDecorator:
    return pytest.mark.xfail(strict=True, reason=reason)


# --- direct quotes -----------------------------------------------------------------------------------


def test_direct_quote_with_trailing_cue(statements) -> None:
    found = statements(
        '"The bridge at Kherson will be rebuilt by spring," said Olena Marchuk, the regional governor.'
    )
    said = one(found, "rebuilt by spring")
    assert (said.speaker, said.cue, said.mode) == ("Olena Marchuk", "said", "direct")
    assert "regional governor" in (said.speaker_role or "")


def test_cue_before_the_quote_with_a_colon(statements) -> None:
    found = statements(
        'Sudanese army spokesman Nabil Abdallah said: "The Rapid Support Forces attacked the market in El '
        'Fasher at dawn."'
    )
    said = one(found, "attacked the market")
    assert (said.speaker, said.mode) == ("Nabil Abdallah", "direct")
    assert said.content.startswith('"') and said.content.endswith('"')
    assert said.speaker_affiliation == "Sudan"
    assert "army spokesman" in (said.speaker_role or "")


def test_quote_split_around_the_cue_is_one_statement(statements) -> None:
    found = statements(
        '"We did not shell the village," Colonel Aung Kyaw told reporters, "and we will prove it to the '
        'monitors."'
    )
    said = one(found, "did not shell")
    assert "prove it to the monitors" in said.content
    assert having(found, "prove it") == [said]
    assert (said.speaker, said.cue) == ("Aung Kyaw", "told")


def test_quote_split_around_the_cue_is_direct(statements) -> None:
    found = statements(
        '"We did not shell the village," Colonel Aung Kyaw told reporters, "and we will prove it to the '
        'monitors."'
    )
    assert one(found, "did not shell").mode == "direct"


def test_quote_running_over_sentences_is_one_statement(statements) -> None:
    found = statements(
        '"The convoy was hit twice. Three drivers were killed. We demand an independent inquiry," said Amina '
        "Diallo, a spokeswoman for the aid group."
    )
    said = one(found, "hit twice", "drivers were killed", "independent inquiry")
    assert (said.speaker, said.mode) == ("Amina Diallo", "direct")


def test_second_half_after_the_cue_joins_the_first(statements) -> None:
    found = statements(
        '"We will hold Bakhmut," the general said. "Every street is defended. Our reserves have arrived."'
    )
    said = one(found, "hold Bakhmut")
    assert "reserves have arrived" in said.content
    assert said.speaker == "general"


def test_speech_verb_inside_the_second_half_stays_with_the_speaker(statements) -> None:
    found = statements(
        'Kherson mayor Ihor Kovalenko visited the port. "We have asked Kyiv for generators," Kovalenko said. '
        '"They have promised to send them this week."'
    )
    assert all(s.speaker == "Ihor Kovalenko" for s in having(found, "promised to send"))


def test_quote_with_no_cue_continues_the_previous_speaker(statements) -> None:
    found = statements(
        'The governor, Hamid Osman, spoke in Kosti on Monday. "The siege of Kadugli is over," Osman said.\n\n'
        '"The road to El Obeid will reopen next week and the first trucks are already waiting."'
    )
    said = one(found, "first trucks")
    assert said.speaker == "Hamid Osman"
    assert said.statement.cue is None


# --- indirect speech ---------------------------------------------------------------------------------


def test_indirect_said_that(statements) -> None:
    said = one(
        statements("The governor of Kharkiv said that three drones struck an energy facility overnight."),
        "three drones",
    )
    assert (said.cue, said.mode) == ("said", "indirect")
    assert "governor" in said.speaker


def test_told_reporters_keeps_the_listener_out_of_the_content(statements) -> None:
    found = statements(
        "Malian transport minister Ibrahim Keita told reporters that the road to Gao had reopened."
    )
    said = one(found, "road to Gao")
    assert "reporters" not in said.content
    assert (said.speaker, said.cue, said.speaker_affiliation) == ("Ibrahim Keita", "told", "Mali")


def test_told_a_news_conference(statements) -> None:
    found = statements(
        '"The siege of Kadugli is over," the governor, Hamid Osman, told a news conference in Kosti.'
    )
    said = one(found, "siege of Kadugli")
    assert "news conference" not in said.content
    assert (said.speaker, said.cue) == ("Hamid Osman", "told")
    assert "governor" in (said.speaker_role or "")


def test_name_after_a_possessive_country_is_the_speaker(statements) -> None:
    found = statements(
        "Mali's transport minister Ibrahim Keita told reporters that the road to Gao had reopened."
    )
    assert one(found, "road to Gao").speaker == "Ibrahim Keita"


def test_conjoined_cue_shares_the_subject(statements) -> None:
    found = statements(
        "Ukraine's foreign ministry rejected the Russian proposal and stressed that any talks must include "
        "Kyiv."
    )
    stressed = one(found, "talks must include")
    assert (stressed.speaker, stressed.cue) == ("Ukraine's foreign ministry", "stressed")
    rejected = [s for s in found if s.cue == "rejected"]
    assert rejected and rejected[0].claim_type == "reject"
    assert "Russian proposal" in (rejected[0].target or "")


def test_participle_saying_shares_the_subject(statements) -> None:
    found = statements(
        "The Rapid Support Forces denied attacking the camp, saying the fighters there were army loyalists."
    )
    saying = one(found, "army loyalists")
    assert (saying.speaker, saying.cue) == ("Rapid Support Forces", "saying")
    denied = one(found, "attacking the camp")
    assert denied.claim_type == "deny"


def test_participle_adding_is_a_statement_of_its_own(statements) -> None:
    found = statements(
        "Lt. Col. Moussa Traore said the convoy was ambushed near Menaka, adding that two soldiers were "
        "wounded."
    )
    adding = one(found, "two soldiers")
    assert (adding.speaker, adding.cue) == ("Moussa Traore", "adding")
    assert "wounded" not in one(found, "ambushed").content


def test_according_to(statements) -> None:
    found = statements(
        "According to the Gaza health ministry, 40 people were killed in the strike on the school."
    )
    said = one(found, "40 people")
    assert said.cue.lower() == "according to"
    assert "health ministry" in said.speaker
    assert "According" not in said.content


def test_quoted_as_saying_with_a_quote(statements) -> None:
    found = statements(
        '"The elections will go ahead in November," the state broadcaster MRTV quoted General Kyaw Zin as '
        "saying."
    )
    said = one(found, "elections will go ahead")
    assert said.speaker == "Kyaw Zin"
    assert "MRTV" in (said.relayed_by or "")


def test_quoted_as_saying_that(statements) -> None:
    found = statements(
        "The state broadcaster MRTV quoted General Kyaw Zin as saying that the elections would go ahead in "
        "November."
    )
    said = one(found, "elections would go ahead")
    assert said.speaker == "Kyaw Zin"
    assert "MRTV" in (said.relayed_by or "")


def test_noun_cue_with_a_possessor(statements) -> None:
    found = statements(
        "The raid on Tillaberi went ahead despite Niger's warning that civilians were in the area."
    )
    said = one(found, "civilians were in the area")
    assert (said.speaker, said.claim_type, said.cue) == ("Niger", "warn", "warning")


def test_noun_cue_the_ministrys_claim(statements) -> None:
    found = statements(
        "The ministry's claim that no civilians were hurt in the raid was disputed by aid workers."
    )
    said = one(found, "no civilians were hurt")
    assert (said.speaker, said.cue) == ("ministry", "claim")


@known_gap(
    "a cue inside another statement's content is dropped as nested: the ministry's claim disappears "
    "into what the aid workers disputed"
)
def test_disputed_claim_keeps_its_own_speaker(statements) -> None:
    found = statements("Aid workers disputed the ministry's claim that no civilians were hurt in the raid.")
    assert any(s.cue == "claim" and "ministry" in s.speaker for s in found)


# --- who the speaker is ------------------------------------------------------------------------------

BURHAN = (
    "Sudanese army chief Abdel Fattah al-Burhan visited Port Sudan on Monday. He said the war would end only "
    "with the defeat of the militia.\n\nBurhan told troops that reinforcements were on their way."
)


def test_pronoun_resolves_to_the_person_named_before(statements) -> None:
    said = one(statements(BURHAN), "defeat of the militia")
    assert said.speaker == "Abdel Fattah al-Burhan"
    assert "army chief" in (said.speaker_role or "")
    assert said.speaker_affiliation == "Sudan"


def test_name_variant_gets_the_full_name(statements) -> None:
    said = one(statements(BURHAN), "reinforcements")
    assert (said.speaker, said.cue) == ("Abdel Fattah al-Burhan", "told")


def test_role_noun_with_nationality_resolves_to_the_general(statements) -> None:
    found = statements(
        "Sudanese army chief General Abdel Fattah al-Burhan visited Port Sudan on Monday. The Sudanese "
        "general "
        "added that talks in Jeddah were suspended."
    )
    assert one(found, "talks in Jeddah").speaker == "Abdel Fattah al-Burhan"


def test_the_minister_resolves_to_the_minister(statements) -> None:
    found = statements(
        "Ukrainian Defence Minister Taras Hrytsenko inspected the front near Avdiivka. The minister said "
        "that "
        "new air defence systems had arrived."
    )
    said = one(found, "air defence systems")
    assert (said.speaker, said.speaker_affiliation) == ("Taras Hrytsenko", "Ukraine")


def test_the_mayor_resolves_to_the_mayor(statements) -> None:
    found = statements(
        "Kherson mayor Ihor Kovalenko visited the port on Monday. The mayor said the water supply had been "
        "cut."
    )
    assert one(found, "water supply").speaker == "Ihor Kovalenko"


def test_surname_alone_after_an_apposition(statements) -> None:
    found = statements(
        'Olena Marchuk, the regional governor, toured Kherson on Tuesday.\n\n"Our drones hit two fuel depots '
        'near the river," Marchuk said.'
    )
    said = one(found, "fuel depots")
    assert (said.speaker, said.speaker_kind) == ("Olena Marchuk", "person")


@known_gap(
    "with no earlier speaker, 'she' goes to the last PERSON entity before it, and the NER tags the town "
    "Gao as a person; neither the previous sentence's subject nor gender is considered"
)
def test_she_skips_a_place_tagged_as_a_person(statements) -> None:
    found = statements(
        'Amina Diallo, a spokeswoman for the aid group, reached Gao on Friday. "The convoy was hit twice," '
        "she said."
    )
    assert one(found, "hit twice").speaker == "Amina Diallo"


def test_activists_are_a_collective_source(statements) -> None:
    said = one(
        statements("Activists said at least 12 people died in the shelling of Khartoum North."), "12 people"
    )
    assert (said.speaker, said.speaker_kind) == ("Activists", "group")


def test_a_monitoring_group_is_a_collective_source(statements) -> None:
    said = one(
        statements("A monitoring group said the strike hit a crowded market in Sittwe."), "crowded market"
    )
    assert said.speaker == "monitoring group"
    assert said.speaker_kind == "group"


def test_institution_said_in_a_statement(statements) -> None:
    found = statements(
        "Russia's defence ministry said in a statement that its forces had taken the village of Novohrad."
    )
    said = one(found, "village of Novohrad")
    assert (said.speaker, said.speaker_affiliation, said.speaker_kind) == (
        "Russia's defence ministry",
        "Russia",
        "organization",
    )
    assert "statement" not in said.content


def test_it_refers_back_to_the_institution(statements) -> None:
    found = statements(
        "Russia's defence ministry said its forces had taken Novohrad. It said in a statement that the city "
        "was "
        "fully encircled."
    )
    assert one(found, "fully encircled").speaker == "Russia's defence ministry"


def test_the_ministry_said_in_a_statement_that(statements) -> None:
    found = statements(
        "The interior ministry said in a statement that two drones were shot down over the Black Sea."
    )
    assert "interior ministry" in one(found, "two drones").speaker


def test_it_refers_back_to_the_army(statements) -> None:
    found = statements(
        "The army said it would not withdraw from Kramatorsk. It said in a statement that the city was fully "
        "encircled."
    )
    assert one(found, "fully encircled").speaker == "army"


def test_capital_speaks_for_its_government(statements) -> None:
    said = one(statements("Moscow accused Kyiv of shelling the Zaporizhzhia nuclear plant."), "Zaporizhzhia")
    assert (said.speaker, said.speaker_kind, said.speaker_affiliation) == ("Moscow", "country", "Russia")


# --- claim types and targets -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "words", "claim_type"),
    [
        ("Moscow accused Kyiv of shelling the Zaporizhzhia nuclear plant.", "shelling", "accuse"),
        ("The junta said reports of a massacre in Sagaing were not true.", "massacre in Sagaing", "deny"),
        ("Sudan's foreign ministry said the claims were false.", "claims were false", "deny"),
        ("The militia threatened to storm the city of El Obeid.", "storm the city", "threaten"),
        ("The UN envoy urged both sides to open a corridor to Rafah.", "corridor to Rafah", "appeal"),
        (
            "Israel's foreign minister Dan Levin called on Egypt to open the Rafah crossing.",
            "Rafah crossing",
            "appeal",
        ),
        ("The African Union condemned the coup in Niamey.", "coup in Niamey", "criticize"),
        ("The president vowed to rebuild every school in Kharkiv.", "rebuild every school", "promise"),
        ("Hamas denied that its fighters were in the hospital.", "fighters were in the hospital", "deny"),
        pytest.param(
            "The Arakan Army called the airstrike on Sittwe a war crime.",
            "war crime",
            "criticize",
            marks=known_gap(
                "_cue_type reads any 'on' phrase under 'called' as the particle of 'call on' (appeal), "
                "though here it locates the airstrike"
            ),
        ),
    ],
)
def test_claim_type(statements, text: str, words: str, claim_type: str) -> None:
    assert one(statements(text), words).claim_type == claim_type


@pytest.mark.parametrize(
    ("text", "words", "claim_type", "target"),
    [
        # A neutral cue ("said") is typed by what the content does.
        (
            "Kyiv said Russian forces were shelling the Kherson hospital.",
            "Kherson hospital",
            "accuse",
            "Russian forces",
        ),
        ("The army said the RSF had breached the truce in El Fasher.", "breached the truce", "accuse", "RSF"),
        (
            "“If the junta keeps bombing our villages, we will respond,” the Arakan Army said.",
            "bombing our villages",
            "threaten",
            None,
        ),
        (
            "Niger's ruling council said it would strike any foreign force that crossed the border.",
            "any foreign force",
            "threaten",
            None,
        ),
        ("The UN envoy said both sides must open a corridor to Rafah.", "corridor to Rafah", "demand", None),
        (
            "Kyiv's foreign ministry said there is no truth in reports of a retreat from Bakhmut.",
            "retreat from Bakhmut",
            "deny",
            None,
        ),
        (
            "Khartoum said a withdrawal from the capital was out of the question.",
            "withdrawal from",
            "reject",
            None,
        ),
        (
            "The minister said Ethiopia remains committed to the Pretoria agreement.",
            "Pretoria agreement",
            "promise",
            None,
        ),
        (
            "The monitor said the regime's blockade of Gaza was illegal.",
            "blockade of Gaza",
            "accuse",
            "the regime",
        ),
        # The speaker's own side acting is no accusation; a plain report stays an assertion.
        (
            "Russia's defence ministry said Russian jets struck a depot near Avdiivka.",
            "depot near Avdiivka",
            "assert",
            None,
        ),
        ("The mayor said the market in Sittwe reopened on Monday.", "market in Sittwe", "assert", None),
    ],
)
def test_claim_type_from_content(statements, text: str, words: str, claim_type: str, target) -> None:
    said = one(statements(text), words)
    assert said.claim_type == claim_type
    if target is not None:
        assert target in (said.target or "")


@pytest.mark.parametrize(
    ("text", "words", "target"),
    [
        ("Moscow accused Kyiv of shelling the Zaporizhzhia nuclear plant.", "shelling", "Kyiv"),
        ("The UN envoy urged both sides to open a corridor to Rafah.", "corridor to Rafah", "both sides"),
        (
            "Israel's foreign minister Dan Levin called on Egypt to open the Rafah crossing.",
            "Rafah crossing",
            "Egypt",
        ),
        ("The African Union condemned the coup in Niamey.", "coup in Niamey", "coup in Niamey"),
    ],
)
def test_target(statements, text: str, words: str, target: str) -> None:
    found = one(statements(text), words).target or ""
    assert found.removeprefix("the ") == target


# --- dates, roles and affiliations of unknown speakers ----------------------------------------------


def test_said_on_a_weekday_before_publication(statements) -> None:
    found = statements(
        "Ukrainian army spokesman Oleh Petrenko said on Wednesday that two bridges had been destroyed.",
        FRIDAY,
    )
    said = one(found, "two bridges")
    assert said.said_on == "2023-03-08"
    assert said.speaker == "Oleh Petrenko"
    assert "army spokesman" in (said.speaker_role or "")
    assert said.speaker_affiliation == "Ukraine"


def test_said_weekday_without_on_and_on_the_day_of_publication(statements) -> None:
    assert (
        one(
            statements("Israel's military said Wednesday that it had struck a tunnel in Rafah.", FRIDAY),
            "tunnel",
        ).said_on
        == "2023-03-08"
    )
    assert (
        one(statements("The militia vowed on Friday to take El Fasher.", FRIDAY), "El Fasher").said_on
        == "2023-03-10"
    )


def test_no_said_on_without_a_publication_date(statements) -> None:
    found = statements(
        "Ukrainian army spokesman Oleh Petrenko said on Wednesday that two bridges had been destroyed."
    )
    assert one(found, "two bridges").said_on is None


def test_unknown_person_gets_role_and_affiliation_from_the_text(statements) -> None:
    found = statements(
        "Myanmar's junta spokesman Zaw Min Tun told state television that the rebels had fled Lashio."
    )
    said = one(found, "fled Lashio")
    assert said.speaker == "Zaw Min Tun"
    assert "junta spokesman" in (said.speaker_role or "")
    assert said.speaker_affiliation == "Myanmar"


def test_unnamed_spokesman_keeps_the_role(statements) -> None:
    found = statements("An Israeli army spokesman said the strike hit a weapons depot.")
    said = one(found, "weapons depot")
    assert "spokesman" in (said.speaker_role or "")
    assert said.speaker_affiliation == "Israel"


# --- not statements ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The commander thinks the offensive will stall before winter.",
        "Western officials believe the offensive will stall before winter.",
        "The attack was reported by local media.",
        "Food aid was handed to the Rapid Support Forces, which responds to every convoy with drones.",
        "The convoy crossed into Darfur during a “humanitarian pause” in the fighting.",
        "The area was declared a closed military zone.",
    ],
)
def test_not_a_statement(statements, text: str) -> None:
    assert [(s.speaker, s.cue, s.content) for s in statements(text)] == []


def test_a_denial_word_counts_only_as_a_whole_word() -> None:
    from rashomon.extract.cues import cue_lexicon

    lexicon = cue_lexicon()
    assert lexicon.rejects_as_untrue("These reports are lies.")
    assert lexicon.rejects_as_untrue("The claims are Baseless and do not reflect the reality.")
    assert not lexicon.rejects_as_untrue("Families with children and their allies need supplies.")
    assert not lexicon.rejects_as_untrue("The falsely accused men were freed.")


def test_cue_inserted_in_the_clause_it_reports(statements) -> None:
    found = statements("The ceasefire, the minister said on Tuesday, will hold until talks resume in Geneva.")
    said = one(found, "ceasefire", "talks resume")
    assert said.speaker == "minister"


def test_quote_after_a_comma_ending_the_cue_clause(statements) -> None:
    found = statements(
        'Mayor Anna Berg spoke to residents on Monday. Berg said Monday, "The water is safe to drink again."'
    )
    said = one(found, "safe to drink")
    assert said.speaker == "Anna Berg"


def test_headline_with_a_speaker_and_a_colon(statements) -> None:
    found = statements(
        "Zelensky: Russia Is Preparing a New Offensive in the East\n\n"
        "Ukrainian President Volodymyr Zelensky spoke in Kyiv on Monday."
    )
    said = one(found, "Preparing a New Offensive")
    assert said.speaker == "Volodymyr Zelensky"


def test_topic_before_a_colon_is_no_speaker(statements) -> None:
    found = statements("Gaza: Dozens Killed in Overnight Strikes on Rafah\n\nThe strikes hit homes in Rafah.")
    assert not having(found, "Dozens Killed")


def test_a_dateline_is_not_part_of_the_speakers_title(statements) -> None:
    found = statements(
        "MOSCOW, March 3, 2022 - Russian Foreign Minister Sergei Lavrov said on Thursday that the "
        "talks would continue.\n\nVice-President Kamala Harris said on Monday that the sanctions "
        "would stay."
    )
    lavrov = one(found, "talks would continue")
    assert (lavrov.speaker, lavrov.speaker_role) == ("Sergei Lavrov", "Russian Foreign Minister")
    harris = one(found, "sanctions would stay")
    assert "Vice" in (harris.speaker_role or "")
