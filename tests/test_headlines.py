"""Headlines are analysed as part of the article: the clean text starts with the headline paragraph,
a headline event folds into the body event it tells, and the views show the headline once."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path
from types import SimpleNamespace

import pytest

from rashomon.article_stages import process_document
from rashomon.clean.article import clean_document, content_hash
from rashomon.clean.headline import body_start, body_text, headline_end, with_headline
from rashomon.clean.headline_case import sentence_cased
from rashomon.extract.events import Event, TextSpan
from rashomon.extract.grounding import CodedEvent, Party
from rashomon.extract.headline_events import fold_headline_events
from rashomon.extract.places import Place
from rashomon.report.highlight import highlighted_article
from rashomon.settings import DEFAULT_SETTINGS
from rashomon.types import RawDocument

TITLE = "Drone strike kills at least 10 in Lakeside City"
BODY = (
    "Rebel drones struck a market in Lakeside City on Monday, killing 12 people, the regional "
    "governor said.\n\nThe rebels denied any role in the attack."
)


def _raw(content: str, title: str | None = None, kind: str = "text") -> RawDocument:
    return RawDocument(source_path="in.jsonl", kind=kind, content=content, encoding="utf-8", title=title)  # type: ignore[arg-type]


# --- the analysed text ------------------------------------------------------------------------------


def test_the_headline_is_the_first_paragraph_of_the_analysed_text() -> None:
    text = with_headline(TITLE, BODY)
    assert text == f"{TITLE}\n\n{BODY}"
    assert headline_end(TITLE, text) == len(TITLE)
    assert body_start(TITLE, text) == len(TITLE) + 2
    assert body_text(TITLE, text) == BODY


def test_no_title_or_a_body_that_starts_with_it_is_left_alone() -> None:
    assert with_headline(None, BODY) == BODY
    assert with_headline("  ", BODY) == BODY
    one_liner = "Rebel Shelling Kills Four Civilians In Lakeside City"
    assert with_headline(one_liner, one_liner) == one_liner
    assert headline_end(one_liner, one_liner) == len(one_liner)
    assert body_text(one_liner, one_liner) == one_liner  # all headline: the whole text is the body too
    assert headline_end("Another title", BODY) == 0
    assert body_text("Another title", BODY) == BODY


def test_a_headline_over_two_lines_is_one_paragraph() -> None:
    text = with_headline("Drone strike kills\n  at least 10", BODY)
    assert text.startswith("Drone strike kills at least 10\n\n")
    assert headline_end("Drone strike kills\n  at least 10", text) == len("Drone strike kills at least 10")


def test_scraped_text_keeps_its_title_line_record_and_analyses_the_headline() -> None:
    cleaned = clean_document(_raw(f"{TITLE}\n\n{BODY}"))
    assert cleaned.clean.title == TITLE
    assert cleaned.clean.text == f"{TITLE}\n\n{BODY}"
    assert [(line.line_no, line.reason) for line in cleaned.clean.dropped] == [(1, "title")]


def test_a_declared_title_heads_the_text_once() -> None:
    cleaned = clean_document(_raw(f"{TITLE}\n\n{BODY}", title=TITLE))
    assert cleaned.clean.text == f"{TITLE}\n\n{BODY}"
    assert [line.reason for line in cleaned.clean.dropped] == ["repeated-title"]
    html = f"<html><head><title>{TITLE}</title></head><body><article><h1>{TITLE}</h1>"
    html += "".join(f"<p>{p}</p>" for p in BODY.split("\n\n")) + "</article></body></html>"
    page = clean_document(_raw(html, title=TITLE, kind="html"))
    assert page.clean.text.startswith(f"{TITLE}\n\n")
    assert page.clean.text.count(TITLE) == 1


def test_copies_under_different_headlines_stay_near_duplicates() -> None:
    settings = dataclasses.replace(DEFAULT_SETTINGS, min_text_chars=10**9)  # clean and hash only: no model
    first, second = (_raw(f"{title}\n\n{BODY}") for title in (TITLE, "Twelve killed as drones hit market"))
    hashes = [process_document(raw, content_hash(raw), settings).minhash for raw in (first, second)]
    assert hashes[0] == hashes[1]


# --- headline events fold into the body's ---------------------------------------------------------


def _party(name: str, start: int, actor_id: str | None) -> Party:
    return Party(name, (start, start + len(name)), actor_id, None, None)


def _place(name: str, start: int, geonameid: int) -> Place:
    return Place(name, start, start + len(name), geonameid, 0.0, 0.0, "XX", "town", 1, 1.0, admin1="01")


def _event(
    start: int,
    plover: str = "ASSAULT",
    actor: Party | None = None,
    target: Party | None = None,
    place: Place | None = None,
    fatalities: int | None = None,
    negated: bool = False,
) -> CodedEvent:
    event = Event(
        span=(start, start + 20), trigger=TextSpan("strike", (start, start + 6)), plover_type=plover,
        plover_mode=None, acled_event_type=None, acled_sub_event_type=None, actor=None, target=None,
        location=TextSpan(place.name, (place.start, place.end)) if place else None, date=None,
        fatalities=fatalities, injured=None, negated=negated, modality="asserted", reported_by=None,
        background=False,
    )  # fmt: skip
    return CodedEvent(event, actor, target, place, None, "unknown")


def test_a_headline_event_folds_into_the_matching_body_event_and_gives_it_its_place() -> None:
    rebels = _party("Rebels", 0, "REB")
    city = _place("Lakeside City", 30, 7)
    headline = _event(0, actor=rebels, place=city, fatalities=10)
    body = _event(60, plover="COERCE", fatalities=12)
    other = _event(120, plover="PROTEST")
    (folded, kept) = fold_headline_events([headline, body, other], headline_end=50)
    assert folded.event.span == body.event.span  # the body's telling stays
    assert folded.event.fatalities == 12  # the body's exact toll, not the headline's rounded one
    assert folded.place == city and folded.event.location == headline.event.location  # only the headline's
    assert folded.actor is None  # the parties stay the body's
    assert kept is other


def test_a_headline_event_the_body_does_not_tell_stays() -> None:
    headline = _event(0, actor=_party("Army", 0, "ARMY"), place=_place("Lakeside City", 30, 7))
    denial = _event(0, negated=True)
    body_unlike = [
        _event(60, plover="AGREE"),  # another family
        _event(90, actor=_party("Rebels", 90, "REB")),  # another perpetrator
        _event(120, place=_place("Hilltown", 120, 8)),  # another town of the region
    ]
    assert fold_headline_events([headline, *body_unlike], headline_end=50) == [headline, *body_unlike]
    assert fold_headline_events([denial, _event(60)], headline_end=50) == [denial, _event(60)]


def test_the_best_match_wins_then_the_earliest() -> None:
    army = _party("Army", 0, "ARMY")
    headline = _event(0, actor=army)
    plain, same_actor = _event(60), _event(90, actor=_party("the army", 90, "ARMY"))
    folded = fold_headline_events([headline, plain, same_actor], headline_end=50)
    assert folded == [plain, same_actor]  # merged into the one sharing the actor
    sides = fold_headline_events([headline, _event(60, actor=_party("Army HQ", 60, "ARMY.HQ"))], 50)
    assert len(sides) == 1  # one side: the army and its command
    assert fold_headline_events([_event(0, place=_place("Lakeside City", 30, 7)), plain, _event(90)], 50) == [
        dataclasses.replace(
            plain,
            place=_place("Lakeside City", 30, 7),
            event=dataclasses.replace(plain.event, location=TextSpan("Lakeside City", (30, 43))),
        ),
        _event(90),
    ]  # no better match: the earliest, the lead


def test_no_headline_no_folding() -> None:
    events = [_event(0), _event(60)]
    assert fold_headline_events(events, headline_end=0) == events


# --- the views show the headline once --------------------------------------------------------------


def test_the_article_view_takes_the_headline_paragraph_for_its_heading() -> None:
    article = SimpleNamespace(title=TITLE, text=with_headline(TITLE, BODY), statements=[])
    view = highlighted_article(article)
    assert "".join(seg.text for seg in view["headline"]) == TITLE
    assert ["".join(seg.text for seg in p) for p in view["paragraphs"]] == BODY.split("\n\n")
    untitled = highlighted_article(SimpleNamespace(title=None, text=BODY, statements=[]))
    assert untitled["headline"] is None and len(untitled["paragraphs"]) == 2


# --- end to end --------------------------------------------------------------------------------------


@pytest.mark.slow
def test_a_headline_is_analysed_and_its_event_is_not_counted_twice(tmp_path: Path) -> None:
    from rashomon.analyze import analyze
    from rashomon.export import iter_records
    from rashomon.store.db import open_store

    records = [
        {"title": "Army denies bombing market in Lakeside City",
         "text": "Residents said a market was hit by an air strike on Tuesday. Four people were wounded."},
        {"title": "Rebel shelling kills at least 10 in Hilltown",
         "text": "Rebels shelled Hilltown on Monday, killing 12 people, the regional governor said."},
    ]  # fmt: skip
    batch = tmp_path / "batch.jsonl"
    batch.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    db = str(tmp_path / "h.db")
    analyze([str(batch)], db=db, report_dir=tmp_path / "report")
    with open_store(db) as store, store.session() as session:
        exported = list(iter_records(session))
    articles = {a["title"]: a for a in exported if a["kind"] == "article"}
    denial, shelling = (articles[r["title"]] for r in records)
    assert denial["text"].startswith(f"{records[0]['title']}\n\n")
    statements = [s for s in exported if s["kind"] == "statement" and s["article_id"] == denial["id"]]
    assert any(s["type"] == "deny" and s["span"][1] <= len(records[0]["title"]) for s in statements)
    events = [e for e in exported if e["kind"] == "event" and e["article_id"] == shelling["id"]]
    assert len([e for e in events if e["plover"]["type"] in ("ASSAULT", "COERCE")]) == 1
    (event,) = events
    assert event["fatalities"] == 12 and event["span"][0] > len(records[1]["title"])
    page = (tmp_path / "report" / "articles" / f"{denial['id']}.html").read_text(encoding="utf-8")
    heading = re.search(r"<h1>(.*?)</h1>", page, re.S)
    assert heading and _words(heading.group(1)) == records[0]["title"]  # highlighted, as the heading
    story = page[page.index('<div class="story"') : page.index('<h2 id="statements"')]
    paragraphs = _words("".join(re.findall(r"<p>.*?</p>", story, re.S)))
    assert "Army denies" not in paragraphs and "Residents said" in paragraphs  # and only there


def _words(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html)


# --- a Title Case headline is parsed as a sentence -------------------------------------------------


@pytest.mark.parametrize(
    ("title", "body", "parsed"),
    [
        ("Rebel Shelling Kills Four Civilians In Lakeside City",
         "Rebels shelled Lakeside City on Monday, the army said.",
         "Rebel shelling kills four Civilians in Lakeside City"),
        ("IRAN-BACKED GROUP CARRIED OUT DRONE ATTACK ON IRAQ PM, OFFICIALS SAY",
         "An Iran-backed militia carried out the attack on the Iraqi PM, officials in Iraq said.",
         "Iran-backed group carried out drone attack on Iraq PM, officials say"),
        ("Army denies bombing market", "Residents said a market was hit.", "Army denies bombing market"),
    ],
)  # fmt: skip
def test_a_title_case_headline_is_read_in_sentence_case(title: str, body: str, parsed: str) -> None:
    text = with_headline(title, body)
    variant = sentence_cased(text, headline_end(title, text))
    assert variant == f"{parsed}\n\n{body}"  # same length: the spans index the clean text


def test_only_the_headline_changes_case() -> None:
    text = with_headline("Talks Resume In Lakeside City", "Talks Resume was the name of the plan.")
    assert sentence_cased(text, 0) == text
    assert sentence_cased(text, headline_end("Talks Resume In Lakeside City", text)).endswith(
        "Talks Resume was the name of the plan."
    )
