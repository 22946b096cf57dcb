"""Articles the English pipeline does not read join stories on their names; near-duplicates join the
story of the article they copy."""

from __future__ import annotations

import datetime
from dataclasses import replace
from pathlib import Path

from sqlalchemy import select

from rashomon.reconcile.records import ArticleFacts, DateSpan, PlaceRef
from rashomon.reconcile.run import update_stories
from rashomon.reconcile.stories import cluster_stories
from rashomon.reconcile.story_foreign import (
    load_foreign_articles,
    name_words,
    other_script_place_words,
    plain_letters,
)
from rashomon.store.db import open_store
from rashomon.store.models import Article, StoryMemberRow


def test_marks_are_dropped_so_spellings_meet() -> None:
    assert plain_letters("Jérémie, Bâle, Kraków") == "Jeremie, Bale, Krakow"


def test_names_are_capitalised_words_inside_sentences() -> None:
    text = "Les combats ont repris à Goma. Selon Kinshasa, le M23 contrôle Goma et Sake."
    # "Les" and "Selon" open sentences only; "M23" holds a figure and "à" is too short
    assert name_words(None, text) == ("goma", "kinsha", "goma", "sake")


def test_a_word_opening_a_sentence_counts_when_it_is_a_name_elsewhere() -> None:
    text = "Moura a été le théâtre de combats. L'armée dit avoir repris Moura."
    assert name_words("Massacre à Moura", text) == ("moura", "moura", "moura")


def test_scripts_other_than_latin_give_no_names() -> None:
    assert name_words(None, "Удар по вокзалу в Краматорську забрав життя") == ()


def test_places_named_in_another_script_stand_as_their_english_names() -> None:
    # Arabic with its proclitics ("و" and, "في" in), Russian with case endings
    arabic = "اشتباكات على الحدود بين أذربيجان وأرمينيا، واتهمت باكو يريفان بخرق الهدنة"
    assert sorted(set(other_script_place_words(arabic))) == ["armeni", "azerba", "baku", "yereva"]
    russian = "Удар по вокзалу в Краматорске: Украина обвинила Россию"
    assert sorted(set(other_script_place_words(russian))) == ["kramat", "russia", "ukrain"]


def test_a_country_of_three_letters_counts_and_stands_with_its_short_english_name() -> None:
    # Persian: "British air strikes on Yemen and Hodeidah"
    words = other_script_place_words("حملات هوایی بریتانیا به یمن و الحدیده")
    assert words == ("united", "kingdo", "britai", "yemen", "hudayd")


def test_a_town_in_a_country_the_page_does_not_name_is_left_out() -> None:
    # the same words without any country: the towns could be namesakes abroad
    assert other_script_place_words("اتهمت باكو يريفان بخرق الهدنة") == ()
    assert other_script_place_words("Latin words only: Baku, Yerevan, Azerbaijan") == ()


def english(i: str, words: str, date: str | None = "2023-06-06") -> ArticleFacts:
    day = datetime.date.fromisoformat(date).toordinal() if date else None
    return ArticleFacts(
        id=f"art-{i}",
        outlet=f"outlet-{i}",
        title=words,
        date=DateSpan(day, day) if day else None,
        actors=frozenset({"UA.GOV", "RU.MIL"}),
        places=(PlaceRef("Nova Kakhovka", 700, "UA", "UA.08"),),
        words=tuple(words.split()),
    )


def test_a_foreign_article_joins_the_english_story_on_its_names() -> None:
    foreign = ArticleFacts(
        id="art-f",
        outlet="outlet-f",
        title=None,
        date=None,
        words=name_words(None, "L'évacuation de Kherson après la rupture du barrage de Kakhovka a commencé."),
    )
    stories = cluster_stories(
        [
            english("e1", "kakhov dam destro flood kherso evacua"),
            english("e2", "kherso flood evacua dam kakhov breach"),
            english("e3", "kakhov dam breach kherso villag flood"),
            english("o1", "grain export corrid odesa port", "2023-07-18"),
            foreign,
        ]
    )
    story_of = {a: s.id for s in stories for a in s.article_ids}
    assert story_of["art-f"] == story_of["art-e1"] == story_of["art-e2"]
    assert story_of["art-o1"] != story_of["art-e1"]


def test_a_page_in_another_script_joins_the_english_story_of_its_places() -> None:
    text = "أرمينيا تتهم أذربيجان بقصف مدن حدودية في أرمينيا ليلا، وباكو تنفي الاتهامات"
    foreign = ArticleFacts(id="art-f", outlet="outlet-f", title=None, date=None,
                           words=name_words(None, text) + other_script_place_words(text))  # fmt: skip
    armenia = {"places": (PlaceRef("Armenia", 0, "AM"),), "actors": frozenset({"AZ.MIL", "AM.MIL"})}
    stories = cluster_stories(
        [
            replace(english("e1", "armeni azerba border shelli jermuk", "2022-09-13"), **armenia),
            replace(english("e2", "azerba armeni border clashe killed", "2022-09-13"), **armenia),
            english("o1", "kakhov dam breach kherso villag flood"),
            english("o2", "kherso flood evacua dam kakhov breach"),
            foreign,
        ]
    )
    story_of = {a: s.id for s in stories for a in s.article_ids}
    assert story_of["art-f"] == story_of["art-e1"] == story_of["art-e2"] != story_of["art-o1"]


def row(
    article_id: str, text: str, language: str = "en", status: str = "analysed", **fields: object
) -> Article:
    common: dict[str, object] = {
        "created_at": datetime.datetime(2024, 1, 1),
        "source_path": "x.jsonl",
        "input_kind": "jsonl",
        "encoding": "utf-8",
        "published_precision": "unknown",
        "published_basis": "none",
        "language_confidence": 0.99,
        "rashomon_version": "test",
        "sentence_count": 0,
    }
    return Article(id=article_id, content_hash=article_id, text=text, language=language, status=status,
                   **{**common, **fields})  # fmt: skip


def test_only_articles_left_unread_for_their_language_are_loaded(tmp_path: Path) -> None:
    rows = [
        row("art-fr", "Les troupes ont quitté Moura.", "fr", "not-analysed"),
        row("art-en", "Troops left Moura."),
        row("art-short", "Moura.", status="not-analysed"),
    ]
    with open_store(f"sqlite:///{tmp_path / 'store.db'}") as store:
        with store.session() as session, session.begin():
            session.add_all(rows)
        with store.session() as session:
            loaded = load_foreign_articles(session)
    assert [(a.id, a.words) for a in loaded] == [("art-fr", ("moura",))]


def test_a_near_duplicate_joins_the_story_of_the_article_it_copies(tmp_path: Path) -> None:
    text = "Troops left the harbour town of Moura after a week of fighting, officials said."
    rows = [row("art-a", text), row("art-copy", text + " (wire)", duplicate_of="art-a")]
    with open_store(f"sqlite:///{tmp_path / 'store.db'}") as store:
        with store.session() as session, session.begin():
            session.add_all(rows)
        with store.session() as session, session.begin():
            story_of = update_stories(session, regions=None)
        with store.session() as session:
            members = dict(session.execute(select(StoryMemberRow.article_id, StoryMemberRow.story_id)).all())
    assert story_of == members == {"art-a": "story-a", "art-copy": "story-a"}
