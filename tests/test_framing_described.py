"""Generic armed descriptions and group phrases counted for the group an article reports on."""

from __future__ import annotations

from rashomon.reconcile.framing import article_framing
from rashomon.reconcile.framing_inputs import ActorSpan, ArticleInput, Said, Violence


def mention(
    text: str, written: str, actor_id: str, kind: str, nth: int = 0, label: str | None = None
) -> ActorSpan:
    start = -1
    for _ in range(nth + 1):
        start = text.index(written, start + 1)
    name = written if kind == "discovered" else actor_id
    return ActorSpan(start, start + len(written), actor_id, name, kind, label)


def uses(article: ArticleInput) -> list[tuple[str, str]]:
    return [(u.label, u.actor_id) for u in article_framing(article).labels]


def test_generic_description_counts_for_the_only_armed_group() -> None:
    text = "Zaria fighters shelled the town. Officials said the rebels withdrew at night."
    actors = (
        mention(text, "Zaria", "discovered:zaria", "discovered"),
        mention(text, "fighters", "category:REB", "category", label="fighters"),
        mention(text, "rebels", "category:REB", "category", label="rebels"),
    )
    assert ("rebels", "discovered:zaria") in uses(ArticleInput("a", "X", text, actors))


def test_two_armed_groups_named_alike_keep_the_category() -> None:
    text = "Zaria fighters and Kobo fighters clashed. The rebels withdrew."
    actors = (
        mention(text, "Zaria", "discovered:zaria", "discovered"),
        mention(text, "fighters", "category:REB", "category", label="fighters"),
        mention(text, "Kobo", "discovered:kobo", "discovered"),
        mention(text, "fighters", "category:REB", "category", nth=1, label="fighters"),
        mention(text, "rebels", "category:REB", "category", label="rebels"),
    )
    assert ("rebels", "category:REB") in uses(ArticleInput("a", "X", text, actors))


def test_violence_makes_a_group_armed_only_when_named_twice() -> None:
    text = "Zaria attacked the base. Zaria said the militants would fight on."
    actors = (
        mention(text, "Zaria", "discovered:zaria", "discovered"),
        mention(text, "Zaria", "discovered:zaria", "discovered", nth=1),
        mention(text, "militants", "category:REB", "category", label="militants"),
    )
    violence = (Violence("discovered:zaria", "Zaria", None),)
    assert ("militants", "discovered:zaria") in uses(ArticleInput("a", "X", text, actors, (), violence))
    once = ArticleInput("a", "X", text, actors[1:], (), violence)
    assert ("militants", "category:REB") in uses(once)


def test_a_states_army_is_no_armed_group_however_often_it_fights() -> None:
    """An outlet's own army, not linked to a country, fights in most of its sentences; the terrorists it
    fights are not the army, and a group the article names is."""
    text = "The army struck the camps. Army units killed dozens of terrorists of the Zaria Front."
    actors = (
        mention(text, "army", "discovered:army", "discovered"),
        mention(text, "Army units", "discovered:army", "discovered"),
        mention(text, "terrorists", "category:REB", "category", label="terrorists"),
        mention(text, "Zaria Front", "discovered:zaria-front", "discovered"),
    )
    violence = (Violence("discovered:army", "army", None), Violence("discovered:army", "Army units", None))
    found = uses(ArticleInput("a", "X", text, actors, (), violence))
    assert ("terrorists", "discovered:army") not in found


def test_group_phrases_label_the_name_they_stand_by() -> None:
    text = "Talks with the militant group Zaria failed. Kobo, a primarily anti-government group, left."
    actors = (
        mention(text, "Zaria", "discovered:zaria", "discovered"),
        mention(text, "Kobo", "discovered:kobo", "discovered"),
    )
    found = uses(ArticleInput("a", "X", text, actors))
    assert ("militant group zaria", "discovered:zaria") in found
    assert ("primarily anti-government group", "discovered:kobo") in found


def test_a_group_phrase_without_a_loaded_word_is_no_label() -> None:
    text = "Zaria, the group that met in May, spoke."
    actors = (mention(text, "Zaria", "discovered:zaria", "discovered"),)
    assert [label for label, _ in uses(ArticleInput("a", "X", text, actors))] == ["zaria"]


def test_an_acronym_counts_with_its_name_and_assets_make_a_group_armed() -> None:
    text = "Jets hit the training camp of Jaish-e-Mohammed (JeM). The JeM said the terrorists survived."
    actors = (
        mention(text, "Jaish-e-Mohammed", "discovered:jaish-e-mohammed", "discovered"),
        mention(text, "JeM", "discovered:jem", "discovered"),
        mention(text, "JeM", "discovered:jem", "discovered", nth=1),
        mention(text, "terrorists", "category:REB", "category", label="terrorists"),
    )
    assert ("terrorists", "discovered:jaish-e-mohammed") in uses(ArticleInput("a", "X", text, actors))


def test_with_no_group_named_the_rebels_are_the_separatists_the_article_names() -> None:
    text = "The separatists shelled the road. Officials said the rebels withdrew."
    actors = (
        mention(text, "separatists", "category:SEP", "category", label="separatists"),
        mention(text, "rebels", "category:REB", "category", label="rebels"),
    )
    assert ("rebels", "category:SEP") in uses(ArticleInput("a", "X", text, actors))


def test_an_unnamed_state_description_counts_for_the_state_of_its_family() -> None:
    text = "Officials blamed Kordan occupation forces.\n\n“The occupiers must be punished,” he said."
    actors = (mention(text, "Kordan occupation forces", "RUS.MIL", "pattern", label="forces"),)
    said = (Said("a/st-1", text.index("“"), len(text), "he", None, "assert", "direct"),)
    assert ("occupiers", "RUS.MIL") in uses(ArticleInput("a", "X", text, actors, said))


def test_a_speakers_enemy_is_the_latest_state_named_that_is_not_the_speakers() -> None:
    text = "Russia said Ukraine shelled the town. Moscow said “the enemy will pay”."
    actors = (
        mention(text, "Russia", "RUS", "pattern", label="Russia"),
        mention(text, "Ukraine", "UKR", "pattern", label="Ukraine"),
        mention(text, "Moscow", "RUS.GOV", "pattern", label="Moscow"),
    )
    start = text.index("“")
    said = (Said("a/st-1", start, len(text) - 1, "Moscow", "RUS.GOV", "assert", "direct"),)
    assert ("enemy", "UKR") in uses(ArticleInput("a", "X", text, actors, said))
    narrated = "Russia said Ukraine shelled the town. The enemy will pay."
    alone = ArticleInput("a", "X", narrated, actors[:2])
    assert all(label != "enemy" for label, _ in uses(alone))


def test_its_arch_foe_is_the_latest_state_named_other_than_the_one_it_refers_to() -> None:
    text = "Sudan shelled the border. It was the third attack by Chad on its arch-foe."
    actors = (
        mention(text, "Sudan", "SDN", "pattern", label="Sudan"),
        mention(text, "Chad", "TCD", "pattern", label="Chad"),
    )
    assert ("arch-foe", "SDN") in uses(ArticleInput("a", "X", text, actors))
    alone = "Rain fell. It was the third attack by Chad on its arch-foe."
    only = (mention(alone, "Chad", "TCD", "pattern", label="Chad"),)
    assert all(label != "arch-foe" for label, _ in uses(ArticleInput("a", "X", alone, only)))


def test_an_occupation_compound_needs_no_determiner_but_a_bare_enemy_does() -> None:
    text = "Moscow said Ukraine shelled it. Moscow said “occupation soldiers and enemy drones must leave”."
    actors = (
        mention(text, "Moscow", "RUS.GOV", "pattern", label="Moscow"),
        mention(text, "Ukraine", "UKR", "pattern", label="Ukraine"),
        mention(text, "Moscow", "RUS.GOV", "pattern", nth=1, label="Moscow"),
    )
    start = text.index("“")
    said = (Said("a/st-1", start, len(text) - 1, "Moscow", "RUS.GOV", "assert", "direct"),)
    found = uses(ArticleInput("a", "X", text, actors, said))
    assert ("occupation soldiers", "UKR") in found
    assert all(label != "enemy" for label, _ in found)


def test_launchpads_after_a_bracketed_acronym_make_the_group_armed() -> None:
    text = "Jets hit Jaish-e-Mohammed (JeM) launchpads at dawn. Officials said many terrorists died."
    actors = (
        mention(text, "JeM", "discovered:jem", "discovered"),
        mention(text, "terrorists", "category:REB", "category", label="terrorists"),
    )
    assert ("terrorists", "discovered:jem") in uses(ArticleInput("a", "X", text, actors))


def test_a_country_word_inside_a_named_groups_description_is_part_of_it() -> None:
    text = "On Monday Zaria, a Lebanese terrorist group, fired at a post."
    actors = (mention(text, "Zaria", "discovered:zaria", "discovered"),)
    assert uses(ArticleInput("a", "X", text, actors)) == [
        ("zaria", "discovered:zaria"),
        ("lebanese terrorist group", "discovered:zaria"),
    ]


def test_a_singular_force_or_alliance_with_an_armed_word_is_the_armed_groups() -> None:
    text = "Zaria rebels took it. The rival force said the rebel alliance held the terror group's base."
    actors = (
        mention(text, "Zaria", "discovered:zaria", "discovered"),
        mention(text, "rebels", "category:REB", "category", label="rebels"),
    )
    found = uses(ArticleInput("a", "X", text, actors))
    for label in ("rival force", "rebel alliance", "terror group"):
        assert (label, "discovered:zaria") in found


def test_a_country_word_before_a_group_phrase_and_a_name_joins_the_names_label() -> None:
    text = "The army and its Russian paramilitary group Zaria entered the town."
    actors = (mention(text, "Zaria", "discovered:zaria", "discovered"),)
    found = uses(ArticleInput("a", "X", text, actors))
    assert ("russian paramilitary group zaria", "discovered:zaria") in found


def test_plural_group_nouns_and_sects_with_an_armed_word_are_the_armed_groups() -> None:
    text = "Zaria rebels raided the farms. Officials blamed the terrorist sect and armed Islamist groups."
    actors = (
        mention(text, "Zaria", "discovered:zaria", "discovered"),
        mention(text, "rebels", "category:REB", "category", label="rebels"),
    )
    found = uses(ArticleInput("a", "X", text, actors))
    assert ("terrorist sect", "discovered:zaria") in found
    assert ("armed islamist groups", "discovered:zaria") in found


def test_plain_adjectives_after_an_article_belong_to_the_group_phrase_a_name_is() -> None:
    text = "Zaria itself is a proscribed terrorist organization. We saw the involvement of terrorist groups."
    actors = (mention(text, "Zaria", "discovered:zaria", "discovered"),)
    found = uses(ArticleInput("a", "X", text, actors))
    assert ("proscribed terrorist organization", "discovered:zaria") in found
    assert not any(label.startswith("involvement") for label, _ in found)


def test_a_name_ending_in_army_is_armed_and_its_bracketed_acronym_is_the_same_group() -> None:
    text = "The Zarian Liberation Army (EZL) took the town. EZL said the rebels would stay."
    actors = (
        mention(text, "Zarian Liberation Army", "discovered:zarian-liberation-army", "discovered"),
        mention(text, "EZL", "discovered:ezl", "discovered"),
        mention(text, "EZL", "discovered:ezl", "discovered", nth=1),
        mention(text, "rebels", "category:REB", "category", label="rebels"),
    )
    assert ("rebels", "discovered:zarian-liberation-army") in uses(ArticleInput("a", "X", text, actors))


def test_groups_named_alike_in_one_list_count_their_descriptions_for_the_first() -> None:
    text = "The Zaria Army, the Kobo Army and the MNLF attacked. The rebels took the town."
    actors = (
        mention(text, "Zaria Army", "discovered:zaria-army", "discovered"),
        mention(text, "Kobo Army", "discovered:kobo-army", "discovered"),
        mention(text, "rebels", "category:REB", "category", label="rebels"),
    )
    assert ("rebels", "discovered:zaria-army") in uses(ArticleInput("a", "X", text, actors))


def test_groups_named_alike_apart_keep_the_category() -> None:
    text = "The Zaria Army attacked. Later the Kobo Army attacked. The rebels took the town."
    actors = (
        mention(text, "Zaria Army", "discovered:zaria-army", "discovered"),
        mention(text, "Kobo Army", "discovered:kobo-army", "discovered"),
        mention(text, "rebels", "category:REB", "category", label="rebels"),
    )
    assert ("rebels", "category:REB") in uses(ArticleInput("a", "X", text, actors))


def test_names_given_as_examples_of_armed_groups_are_armed_groups() -> None:
    text = "Jets hit the camps of outlawed militant groups, Zaria and Kobo, on Monday. The militants fled."
    actors = (
        mention(text, "Zaria", "discovered:zaria", "discovered"),
        mention(text, "Kobo", "discovered:kobo", "discovered"),
        mention(text, "militants", "category:REB", "category", label="militants"),
    )
    assert ("militants", "discovered:zaria") in uses(ArticleInput("a", "X", text, actors))


def test_a_name_after_a_singular_armed_word_and_a_comma_is_not_shown_armed() -> None:
    text = "The town was hit by a militia, Kobo Radio reported. The militants fled."
    actors = (
        mention(text, "Kobo Radio", "discovered:kobo-radio", "discovered"),
        mention(text, "militants", "category:REB", "category", label="militants"),
    )
    assert ("militants", "category:REB") in uses(ArticleInput("a", "X", text, actors))


def test_the_militia_alone_is_the_articles_armed_group_but_not_before_a_title() -> None:
    text = "Zaria fighters shelled Velmar. Officials said the militia held it. The militia leader fled."
    actors = (
        mention(text, "Zaria", "discovered:zaria", "discovered"),
        mention(text, "fighters", "category:REB", "category", label="fighters"),
    )
    found = uses(ArticleInput("a", "X", text, actors))
    assert found.count(("militia", "discovered:zaria")) == 1
