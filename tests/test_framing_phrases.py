"""Labels found from the text for any actor (rashomon.reconcile.framing_phrases) and the labels that set
an outlet apart (rashomon.reconcile.framing_distinctive). Invented sentences, the linker without a
model; discovered actors (which need NER) are written by hand."""

from __future__ import annotations

from collections import Counter

from rashomon.kb.actors import link_text
from rashomon.reconcile.framing import article_framing, framing_table
from rashomon.reconcile.framing_distinctive import Use, distinctive_labels, log_odds
from rashomon.reconcile.framing_inputs import ActorSpan, ArticleInput, actor_span


def linked(
    text: str, outlet: str = "Wire", article_id: str = "a", extra: tuple[ActorSpan, ...] = ()
) -> ArticleInput:
    mentions = (*(actor_span(m) for m in link_text(text)), *extra)
    return ArticleInput(article_id, outlet, text, tuple(sorted(mentions, key=lambda m: m.start)))


def discovered(text: str, written: str, name: str | None = None, nth: int = 0) -> ActorSpan:
    start = -1
    for _ in range(nth + 1):
        start = text.index(written, start + 1)
    name = name or written
    return ActorSpan(
        start, start + len(written), "discovered:" + name.lower().replace(" ", "-"), name, "discovered"
    )


def labels(article: ArticleInput) -> list[tuple[str, str, str]]:
    return [(u.label, u.actor_id, u.voice) for u in article_framing(article).labels]


def test_a_demonym_and_an_actor_noun_count_for_the_country_and_the_occupiers_refer_back() -> None:
    text = "Russian occupiers shelled the port of Velmar on Sunday. The occupiers also hit a bakery."
    assert labels(linked(text)) == [("russian occupiers", "RUS", "outlet"), ("occupiers", "RUS", "outlet")]


def test_a_dehumanising_label_counts_for_the_country_with_its_loaded_term() -> None:
    framing = article_framing(linked("The governor said these Russian non-humans would answer for it."))
    assert [(u.label, u.actor_id) for u in framing.labels] == [("russian non-humans", "RUS")]
    assert [(t.term, t.category, t.actor_id) for t in framing.loaded_terms] == [
        ("vermin", "dehumanising", "RUS")
    ]


def test_a_quoted_capital_regime_is_the_governments_label_in_quoted_words() -> None:
    text = 'Moscow said its missiles struck the "Kyiv nationalist regime" overnight.'
    assert ("kyiv nationalist regime", "UKR.GOV", "quoted") in labels(linked(text))


def test_an_enemy_and_occupants_named_by_a_demonym_count_for_that_state() -> None:
    text = 'The army said "the Israeli enemy violated the agreement." Russian occupants shelled the port.'
    assert labels(linked(text)) == [
        ("israeli enemy", "ISR", "quoted"),
        ("russian occupants", "RUS", "outlet"),
    ]


def test_demonyms_name_officials_of_their_state_and_a_weapon_or_a_place_is_no_label() -> None:
    found = labels(
        linked("American officials met Iranian negotiators. A Russian missile hit Ukrainian cities.")
    )
    assert [(label, actor) for label, actor, _ in found] == [
        ("american officials", "USA.GOV"),
        ("iranian negotiators", "IRN"),
    ]


def test_a_capitalised_word_before_a_category_word_names_the_group_the_article_names() -> None:
    text = "The Tarvani said they fired at a ship. Tarvani rebels later denied it."
    article = linked(text, extra=(discovered(text, "Tarvani"),))
    found = labels(article)
    assert ("tarvani rebels", "discovered:tarvani", "outlet") in found


def test_titles_join_a_persons_name_and_the_title_refers_back_later() -> None:
    text = "President Oru Valen met Mr. Dasko. Later the president thanked former defence chief Ina Dasko."
    mentions = (
        discovered(text, "Oru Valen"),
        discovered(text, "Dasko", "Ina Dasko"),
        discovered(text, "Ina Dasko"),
    )
    found = [(label, actor) for label, actor, _ in labels(linked(text, extra=mentions))]
    assert ("president oru valen", "discovered:oru-valen") in found
    assert ("mr dasko", "discovered:ina-dasko") in found
    assert ("president", "discovered:oru-valen") in found
    assert ("former defence chief ina dasko", "discovered:ina-dasko") in found


def test_a_title_never_crosses_a_sentence_end() -> None:
    text = "They met the dictator. Ina Dasko left."
    found = labels(linked(text, extra=(discovered(text, "Ina Dasko"),)))
    assert ("ina dasko", "discovered:ina-dasko", "outlet") in found


def test_an_apposition_labels_the_person_it_follows() -> None:
    text = (
        "Ina Dasko, the chairman of the Velmar council, said the talks failed. Oru Valen, who spoke, agreed."
    )
    mentions = (discovered(text, "Ina Dasko"), discovered(text, "Oru Valen"))
    found = [(label, actor) for label, actor, _ in labels(linked(text, extra=mentions))]
    assert ("chairman of the velmar council", "discovered:ina-dasko") in found
    assert not any(actor == "discovered:oru-valen" and label != "oru valen" for label, actor in found)


# --- distinctive labels --------------------------------------------------------------------------


def uses(outlet: str, actor: str, counts: dict[str, int], article: str = "a", quoted: int = 0) -> list[Use]:
    out = [
        Use(f"{outlet}/{article}", outlet, actor, label, False)
        for label, n in counts.items()
        for _ in range(n)
    ]
    return [*out, *(Use(f"{outlet}/{article}", outlet, actor, "occupiers", True) for _ in range(quoted))]


def test_a_label_only_one_outlet_uses_twice_sets_it_apart_and_a_shared_one_does_not() -> None:
    every = [
        *uses("Kyiv Daily", "RUS", {"russia": 3, "russian occupiers": 2}),
        *uses("Wire", "RUS", {"russia": 10, "russian forces": 5}),
        *uses("Moscow Post", "RUS", {"russia": 4, "russian forces": 5}),
    ]
    apart = distinctive_labels(every)
    assert [d["label"] for d in apart[("Kyiv Daily", "RUS")]] == ["russian occupiers"]
    assert apart[("Kyiv Daily", "RUS")][0]["count"] == 2 and apart[("Kyiv Daily", "RUS")][0]["others"] == 0
    assert all(d["label"] != "russia" for rows in apart.values() for d in rows)


def test_one_stray_use_is_not_distinctive_and_an_outlet_alone_has_nothing_to_set_it_apart() -> None:
    scores = log_odds(
        Counter({"russia": 4, "orcs": 1}), Counter({"russia": 20}), Counter({"russia": 24, "orcs": 1})
    )
    assert scores["orcs"] < 1.645
    assert distinctive_labels(uses("Kyiv Daily", "RUS", {"orcs": 5})) == {("Kyiv Daily", "RUS"): []}


def test_outlets_are_compared_on_the_same_stories_only() -> None:
    every = [
        *uses("Kyiv Daily", "RUS", {"russian occupiers": 3, "russia": 2}, article="1"),
        *uses("Wire", "RUS", {"russia": 6}, article="1"),
        *uses("Wire", "RUS", {"russian occupiers": 9}, article="2"),  # another story
    ]
    story_of = {"Kyiv Daily/1": "s1", "Wire/1": "s1", "Wire/2": "s2"}
    assert [d["label"] for d in distinctive_labels(every, story_of)[("Kyiv Daily", "RUS")]] == [
        "russian occupiers"
    ]
    assert distinctive_labels(every)[("Kyiv Daily", "RUS")] == []  # as one story, the wire says it more


def test_framing_rows_carry_the_distinctive_labels_with_own_and_quoted_counts() -> None:
    articles = [
        linked(
            "Russian occupiers shelled the port. Russian occupiers hit a bakery. Russia denied it.",
            "Kyiv Daily",
            "k",
        ),
        linked(
            "Russia denied shelling the port. Russia said Ukrainian troops did it. Russia and Ukraine traded "
            "blame; Russia called for talks and Russia named a negotiator. Russia later withdrew.",
            "Wire",
            "w",
        ),
    ]
    rows = {(r.outlet, r.actor_id): r for r in framing_table(articles)}
    kyiv = rows[("Kyiv Daily", "RUS")]
    assert kyiv.labels == {"russian occupiers": 2, "russia": 1}
    assert [(d["label"], d["count"], d["own"], d["quoted"]) for d in kyiv.distinctive] == [
        ("russian occupiers", 2, 2, 0)
    ]
    assert kyiv.distinctive[0]["side"] == "RUS"
    # the wire says "russia" more, but a plain name of the actor says who, not how: never distinctive
    assert rows[("Wire", "RUS")].distinctive == ()


def test_distinctive_labels_pool_a_states_bodies_into_its_side() -> None:
    articles = [
        linked(
            "Russian occupiers shelled the port. Russian occupiers hit a bakery. Russian occupiers fled. "
            "Russian forces denied it.",
            "Kyiv Daily",
            "k",
        ),
        linked(
            "Russian forces denied shelling the port. Russia said Ukrainian troops did it. Russian forces "
            "and Ukraine traded blame; Russia called for talks and Russian forces withdrew.",
            "Wire",
            "w",
        ),
    ]
    rows = {(r.outlet, r.actor_id): r for r in framing_table(articles)}
    assert {key for key in rows if key[0] == "Wire"} >= {("Wire", "RUS"), ("Wire", "RUS.MIL")}
    kyiv = rows[("Kyiv Daily", "RUS")]
    # against the wire's "russia" and "russian forces" together: one side, five mentions
    assert [(d["label"], d["others"], d["side"]) for d in kyiv.distinctive] == [
        ("russian occupiers", 0, "RUS")
    ]


def test_an_actor_named_one_way_by_everyone_has_no_distinctive_label() -> None:
    every = [*uses("Kyiv Daily", "RUS", {"russia": 3}), *uses("Wire", "RUS", {"russia": 1})]
    assert distinctive_labels(every) == {("Kyiv Daily", "RUS"): [], ("Wire", "RUS"): []}


def test_a_self_declared_name_no_mention_covers_is_a_label_of_its_own() -> None:
    text = "Borodai, premier of the self-declared Donetsk People's Republic (DPR), denied it."
    found = labels(linked(text))
    assert (
        "self-declared donetsk people's republic",
        "discovered:donetsk-people-s-republic",
        "outlet",
    ) in found


def test_pro_country_armed_words_are_an_armed_group_and_not_that_country() -> None:
    text = "Suspicion fell on the pro-Russian rebel forces in the east, not on Russian officials."
    found = labels(linked(text))
    assert ("pro-russian rebel forces", "category:REB", "outlet") in found
    assert not any(actor == "RUS" and "rebel" in label for label, actor, _ in found)


def test_a_group_noun_ends_a_label_after_a_name() -> None:
    text = "The army blamed the Zaria terrorist organization for the blast."
    found = labels(linked(text, extra=(discovered(text, "Zaria"),)))
    assert ("zaria terrorist organization", "discovered:zaria", "outlet") in found


def test_an_actor_noun_before_a_vehicle_or_a_camp_is_an_adjective_and_ends_no_label() -> None:
    assert labels(linked("Officials said the plane was hit by a Ukrainian fighter jet.")) == []
    assert labels(linked("Islamabad denies militant camp hit")) == [("islamabad", "PAK.GOV", "outlet")]


def test_a_junta_with_no_states_body_named_counts_for_no_one() -> None:
    text = "Velmar lost a town. A junta spokesman said the regime would retake it from China."
    assert not [label for label, _, _ in labels(linked(text)) if label in ("junta", "regime")]


def test_the_junta_and_the_regime_count_for_the_only_state_whose_army_is_named() -> None:
    text = "Myanmar's military lost a town near China. A junta spokesman said the regime would retake it."
    found = {(label, actor) for label, actor, _ in labels(linked(text))}
    assert {("junta", "MMR.GOV"), ("regime", "MMR.GOV")} <= found


def test_government_forces_and_troops_count_for_the_state_whose_army_is_named() -> None:
    text = "Chad's army said Zaria rebels fled. The government forces held Velmar; government troops left."
    found = {(label, actor) for label, actor, _ in labels(linked(text, extra=(discovered(text, "Zaria"),)))}
    assert {("government forces", "TCD.GOV"), ("government troops", "TCD.GOV")} <= found


def test_security_forces_war_criminals_and_resistance_factions_are_labels() -> None:
    text = "Chad's army said security forces held Velmar. Envoys blamed Libyan war criminals for the raid."
    found = {(label, actor) for label, actor, _ in labels(linked(text))}
    assert {("security forces", "TCD.GOV"), ("libyan war criminals", "LBY")} <= found
    text = "Zaria fighters shelled Velmar. Officials said resistance factions agreed to a truce."
    found = {(label, actor) for label, actor, _ in labels(linked(text, extra=(discovered(text, "Zaria"),)))}
    assert ("resistance factions", "discovered:zaria") in found


def test_a_ruler_word_after_a_name_is_left_to_the_name() -> None:
    text = "Myanmar's military lost a town. Critics of the Assad regime compared the two."
    found = {(label, actor) for label, actor, _ in labels(linked(text))}
    assert ("regime", "MMR.GOV") not in found


def test_plain_label_qualifiers_join_the_label() -> None:
    text = "Fighting raged between the army and three ethnic armed groups."
    assert any(label == "ethnic armed groups" for label, _, _ in labels(linked(text)))


def test_a_warlord_title_before_a_name_is_the_persons_label() -> None:
    text = "Forces loyal to warlord Kalo Venn shelled the port of Velmar."
    article = linked(text, extra=(discovered(text, "Kalo Venn"),))
    assert ("warlord kalo venn", "discovered:kalo-venn", "outlet") in labels(article)


def test_a_names_possessive_before_an_actor_noun_is_part_of_its_label() -> None:
    text = "Zaria's armed wing fired rockets at Velmar."
    article = linked(text, extra=(discovered(text, "Zaria"),))
    assert ("zaria's armed wing", "discovered:zaria", "outlet") in labels(article)


def test_what_a_country_leads_is_its_side() -> None:
    text = "The Saudi-led coalition struck a hall in Velmar."
    assert ("saudi-led coalition", "SAU", "outlet") in labels(linked(text))


def test_suspected_belongs_to_the_label_of_the_actor_word_after_it() -> None:
    text = "Hundreds were killed after suspected jihadists opened fire near Velmar."
    assert ("suspected jihadists", "category:REB", "outlet") in labels(linked(text))


def test_with_no_states_body_named_the_junta_is_the_country_the_story_is_in() -> None:
    text = "Gunmen hit a town in Burkina Faso. The U.S. embassy spoke; the junta in Burkina Faso did not."
    found = {(label, actor) for label, actor, _ in labels(linked(text))}
    assert ("junta", "BFA.GOV") in found


def test_a_demonym_phrase_right_before_a_name_labels_the_name_not_the_country() -> None:
    text = "Officials said the Moldovan group Red Falcon Brigade was behind the raid."
    group = discovered(text, "Red Falcon Brigade")
    found = labels(linked(text, extra=(group,)))
    assert ("moldovan group red falcon brigade", "discovered:red-falcon-brigade", "outlet") in found
    assert not any(actor == "MDA" for _, actor, _ in found)


def test_an_apposition_backed_by_a_country_labels_the_name_and_the_country_stays_itself() -> None:
    text = "Iron Crescent, the Chadian movement backed by Libya, said it fired at the base."
    group = discovered(text, "Iron Crescent")
    found = labels(linked(text, extra=(group,)))
    assert ("chadian movement backed by libya", "discovered:iron-crescent", "outlet") in found
    assert ("libya", "LBY", "outlet") in found
    assert not any(actor == "TCD" for _, actor, _ in found)
