"""Attacker nouns counted for the side an article blames (rashomon.reconcile.framing_attackers), and
spellings of one discovered group counted as one. Invented sentences, mentions written by hand."""

from __future__ import annotations

from rashomon.reconcile.framing_attackers import attacker_mentions
from rashomon.reconcile.framing_inputs import ArticleInput
from tests.test_framing_described import mention, uses


def test_attacker_nouns_count_for_the_armed_group_the_article_names() -> None:
    text = "Zaria rebels claimed the raid. Assailants blew up the track and the hijackers took hostages."
    actors = (
        mention(text, "Zaria", "discovered:zaria", "discovered"),
        mention(text, "rebels", "category:REB", "category", label="rebels"),
    )
    found = uses(ArticleInput("a", "X", text, actors))
    assert ("assailants", "discovered:zaria") in found
    assert ("hijackers", "discovered:zaria") in found


def test_an_attacker_noun_after_a_name_joins_its_label() -> None:
    text = "A group of Zaria attackers entered the hotel."
    actors = (mention(text, "Zaria", "discovered:zaria", "discovered"),)
    assert ("zaria attackers", "discovered:zaria") in uses(ArticleInput("a", "X", text, actors))


def test_an_attacker_noun_after_a_country_word_or_in_a_mention_is_not_added() -> None:
    text = "Israeli attackers fled. The killers' route was known."
    added = attacker_mentions(text, ())
    assert [text[m.start : m.end] for m in added] == ["killers"]
    covered = (mention(text, "killers", "category:REB", "category", label="killers"),)
    assert attacker_mentions(text, covered) == list(covered)


def test_spellings_of_one_discovered_group_are_one_armed_group() -> None:
    text = "Al-Shabaab fighters stormed the hotel. Alshabab said the terrorists held it."
    actors = (
        mention(text, "Al-Shabaab", "discovered:al-shabaab", "discovered"),
        mention(text, "fighters", "category:REB", "category", label="fighters"),
        mention(text, "Alshabab", "discovered:alshabab", "discovered"),
        mention(text, "terrorists", "category:REB", "category", label="terrorists"),
    )
    assert ("terrorists", "discovered:al-shabaab") in uses(ArticleInput("a", "X", text, actors))


def test_armed_nouns_the_packs_lack_are_generic_armed_descriptions() -> None:
    text = "KR9 guerrillas denied the truce. The guerrillas said they would talk."
    added = attacker_mentions(text, ())
    assert [text[m.start : m.end] for m in added] == ["guerrillas", "guerrillas"]
