"""Generic armed words of articles naming no armed group, counted for their story's group
(rashomon.reconcile.framing_story, framing.with_story_groups). Articles written by hand."""

from __future__ import annotations

from rashomon.reconcile.framing import article_framing, with_story_groups
from rashomon.reconcile.framing_inputs import ActorSpan, ArticleInput
from rashomon.reconcile.framing_story import story_armed_groups
from tests.test_framing_phrases import linked


def mention(text: str, written: str, actor_id: str, kind: str) -> ActorSpan:
    start = text.index(written)
    name = written if kind == "discovered" else actor_id
    return ActorSpan(
        start, start + len(written), actor_id, name, kind, written if kind == "category" else None
    )


def naming(article_id: str, group: str) -> ArticleInput:
    text = f"{group} fighters shelled the town. Officials said the rebels withdrew."
    actors = (
        mention(text, group, f"discovered:{group.lower()}", "discovered"),
        mention(text, "fighters", "category:REB", "category"),
        mention(text, "rebels", "category:REB", "category"),
    )
    return ArticleInput(article_id, "Wire", text, actors)


def unnamed(article_id: str) -> ArticleInput:
    text = "The militants fired rockets at the town overnight."
    return ArticleInput(article_id, "Brief", text, (mention(text, "militants", "category:REB", "category"),))


def test_a_brief_naming_no_group_counts_its_words_for_the_group_its_story_names() -> None:
    framings = [article_framing(a) for a in (naming("a", "Zaria"), naming("b", "Zaria"), unnamed("c"))]
    moved = with_story_groups(framings, {"a": "s", "b": "s", "c": "s"})
    assert [(u.label, u.actor_id) for u in moved[2].labels] == [("militants", "discovered:zaria")]


def test_a_story_whose_articles_name_different_groups_keeps_the_category() -> None:
    framings = [article_framing(a) for a in (naming("a", "Zaria"), naming("b", "Kobo"), unnamed("c"))]
    moved = with_story_groups(framings, {"a": "s", "b": "s", "c": "s"})
    assert [u.actor_id for u in moved[2].labels] == ["category:REB"]


def test_an_article_of_another_story_keeps_the_category() -> None:
    framings = [article_framing(a) for a in (naming("a", "Zaria"), unnamed("c"))]
    moved = with_story_groups(framings, {"a": "s", "c": "t"})
    assert [u.actor_id for u in moved[1].labels] == ["category:REB"]


def test_a_named_group_outranks_an_armed_category_and_a_clear_lead_wins() -> None:
    zaria, kobo, sep = ("discovered:zaria", "Zaria"), ("discovered:kobo", "Kobo"), ("category:SEP", "x")
    story = {"a": "s", "b": "s", "c": "s", "d": "s"}
    assert story_armed_groups({"a": sep, "b": sep, "c": zaria, "d": None}, story) == {"s": zaria}
    assert story_armed_groups({"a": zaria, "b": zaria, "c": kobo, "d": None}, story) == {"s": zaria}
    assert story_armed_groups({"a": zaria, "b": kobo, "c": None, "d": None}, story) == {}


def test_an_article_naming_several_groups_alike_takes_the_one_its_story_names_most() -> None:
    text = "Zaria rebels and Borno rebels roam the region. The militants attacked the town."
    actors = (
        mention(text, "Zaria", "discovered:zaria", "discovered"),
        mention(text, "Borno", "discovered:borno", "discovered"),
        mention(text, "militants", "category:REB", "category"),
    )
    both = ArticleInput("c", "Daily", text, actors)
    framings = [article_framing(a) for a in (naming("a", "Zaria"), naming("b", "Zaria"), both)]
    moved = with_story_groups(framings, {"a": "s", "b": "s", "c": "s"})
    assert framings[2].armed_group is None
    assert ("militants", "discovered:zaria") in [(u.label, u.actor_id) for u in moved[2].labels]


def test_the_junta_of_an_article_naming_no_state_counts_for_the_state_its_story_names() -> None:
    armies = [linked(f"Chad's army lost a town on day {n}.", article_id=f"a{n}") for n in (1, 2)]
    brief = linked("The military council admitted the loss. The junta vowed to retake it.", article_id="c")
    framings = [article_framing(a) for a in (*armies, brief)]
    assert not framings[2].labels  # alone, nothing says whose
    story = {framing.article_id: "s" for framing in framings}
    placed = with_story_groups(framings, story)
    assert [(u.label, u.actor_id) for u in placed[2].labels] == [
        ("military council", "TCD.GOV"),
        ("junta", "TCD.GOV"),
    ]
    apart = with_story_groups(framings, {**story, brief.article_id: "t"})
    assert not apart[2].labels
