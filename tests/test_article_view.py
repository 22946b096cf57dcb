"""The article view's layers besides statements (event triggers, actor, place and agreement mentions):
the shared builder on hand-made spans (no model), the shared partial and stylesheet, and an invented
article through the pipeline, shown by the report and by the dashboard."""

from __future__ import annotations

import json
import re
import warnings
from collections.abc import Iterator
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from rashomon.report.highlight import LAYERS, highlighted_article
from rashomon.report.layers import NESTING, event_notes, trigger_span
from rashomon.report.templating import environment

# --- hand-made rows ---------------------------------------------------------------------------------


def statement(number: int, text: str, content: str, cue: str, source: str, **more: Any) -> SimpleNamespace:
    def span(part: str) -> tuple[int, int]:
        start = text.index(part)
        return start, start + len(part)

    (cs, ce), (qs, qe), (ss, se) = span(content), span(cue), span(source)
    fields = dict(
        id=f"art-1/st-{number}", speaker_name=source, speaker_role=None, speaker_affiliation=None,
        claim_type="assert", mode="direct", content_start=cs, content_end=ce, cue_start=qs, cue_end=qe,
        source_start=ss, source_end=se, cue=cue, target=None, said_on=None, relayed_by=None,
    )  # fmt: skip
    return SimpleNamespace(**{**fields, **more})


def actor(text: str, words: str, actor_id: str, sector: str | None, after: int = 0) -> SimpleNamespace:
    start = text.index(words, after)
    return SimpleNamespace(start=start, end=start + len(words), text=words, actor_id=actor_id, name=words,
                           sector=sector, country=None, label=words.lower())  # fmt: skip


def place(text: str, words: str, country: str, kind: str = "town") -> SimpleNamespace:
    start = text.index(words)
    return SimpleNamespace(start=start, end=start + len(words), name=words, resolved_name=words,
                           country=country, kind=kind)  # fmt: skip


def event(text: str, clause: str, trigger: str, number: int = 1, **more: Any) -> SimpleNamespace:
    start = text.index(clause)
    fields = dict(
        id=f"art-1/ev-{number}", start=start, end=start + len(clause), trigger=trigger,
        plover_type="ASSAULT", plover_mode="aerial", acled_event_type="Explosions/Remote violence",
        acled_sub_event_type="Air/drone strike", actor_name="the air force", target_name="the depot",
        location_name=None, date_value=None, fatalities=3, injured=None, negated=False,
        modality="asserted", background=False,
    )  # fmt: skip
    return SimpleNamespace(**{**fields, **more})


def agreement(
    text: str, words: str, number: int, name: str | None, agreement_id: str | None
) -> SimpleNamespace:
    start = text.index(words)
    return SimpleNamespace(id=f"art-1/ag-{number}", start=start, end=start + len(words), text=words,
                           name=name, family="ceasefire", agreement_id=agreement_id,
                           date_value=None)  # fmt: skip


TEXT = (
    "\u201cThe air force bombed the depot in Velmar before dawn,\u201d Governor Ilse Warda said, "
    "adding that the Orrin truce was dead.\n\n"
    "Nobody in Kesh denied it."
)


def built_article(**rows: list[SimpleNamespace]) -> SimpleNamespace:
    quote = "The air force bombed the depot in Velmar before dawn,"
    said = statement(1, TEXT, quote, "said", "Governor Ilse Warda")
    return SimpleNamespace(text=TEXT, statements=[said], **rows)


def views_with(article: SimpleNamespace, words: str) -> list[Any]:
    """The segment views whose text is `words`."""
    view = highlighted_article(article)
    return [seg for paragraph in view["paragraphs"] for seg in paragraph if seg.text == words]


# --- the builder ------------------------------------------------------------------------------------


def test_an_actor_inside_a_quote_nests_in_the_statement_link() -> None:
    article = built_article(actor_mentions=[actor(TEXT, "air force", "AFX.MIL", "MIL")])
    (seg,) = views_with(article, "air force")
    assert seg.ref == 1 and "content" in seg.classes.split()  # still the quote's link
    (layer,) = seg.layers
    assert layer.kind == "actor" and layer.classes == "mk-actor sector-mil"
    assert layer.title == "Actor: air force (AFX.MIL) \u00b7 sector MIL"
    # The quote is cut round the mention, and every piece still belongs to statement 1.
    quote = [s for p in highlighted_article(article)["paragraphs"] for s in p if "st-1" in s.contents]
    assert "".join(s.text for s in quote) == "The air force bombed the depot in Velmar before dawn,"


def test_an_event_marks_its_trigger_found_in_its_clause_not_the_clause() -> None:
    clause = "The air force bombed the depot in Velmar before dawn"
    article = built_article(events=[event(TEXT, clause, "bombed", number=4)])
    (seg,) = views_with(article, "bombed")
    (layer,) = seg.layers
    assert layer.classes == "mk-event p-assault"
    assert layer.title == (
        "Event: ASSAULT (aerial) \u00b7 ACLED Explosions/Remote violence / Air/drone strike \u00b7 "
        "the air force \u2192 the depot \u00b7 3 killed"
    )
    marked = [s.text for p in highlighted_article(article)["paragraphs"] for s in p if s.layers]
    assert marked == ["bombed"]
    assert highlighted_article(article)["layers"] == [("statement", "statements", 1), ("event", "events", 1)]


def test_trigger_span_whole_words_then_a_word_of_it_then_nothing() -> None:
    text = "They reached a deal with Russia, a deal later reached again."
    end = text.index(",")
    assert trigger_span(text, 0, end, "a deal") == (13, 19)
    assert trigger_span(text, 0, end, "deal reached") == (15, 19)  # "deal" is there, in another order
    assert trigger_span(text, 5, end, "reach") is None  # whole words only
    assert trigger_span(text, 0, end, "signed") is None
    later = text.index("later")
    assert trigger_span(text, later, len(text), "reached") == (later + 6, later + 13)  # inside the clause
    found = list(event_notes(text, [event(text, "later reached again", "signed")]))
    assert found == []  # not marked at all rather than marked in the wrong place


def test_nesting_at_shared_and_crossing_boundaries() -> None:
    """A place inside an actor mention that starts where the quote starts, and an agreement mention that
    ends where a statement's cue begins: each segment holds its layers outermost first."""
    text = "Velmar militias said the Orrin truce held, officials added."
    militias = actor(text, "Velmar militias", "VEL.REB", "REB")
    velmar = place(text, "Velmar", "VL")
    truce = agreement(text, "the Orrin truce held, officials", 2, "Orrin truce", "agr-9")
    said = statement(1, text, "Velmar militias said the Orrin truce held", "added", "officials")
    article = SimpleNamespace(text=text, statements=[said], actor_mentions=[militias], places=[velmar],
                              agreement_mentions=[truce])  # fmt: skip
    (paragraph,) = highlighted_article(article)["paragraphs"]
    cut = [(s.text, [layer.kind for layer in s.layers], s.classes) for s in paragraph]
    assert cut == [
        ("Velmar", ["actor", "place"], "content direct"),
        (" militias", ["actor"], "content direct"),
        (" said ", [], "content direct"),
        ("the Orrin truce held", ["agreement"], "content direct"),
        (", ", ["agreement"], ""),
        ("officials", ["agreement"], "source"),
        (" ", [], ""),
        ("added", [], "cue"),
        (".", [], ""),
    ]
    for s in paragraph:
        assert [layer.kind for layer in s.layers] == sorted(
            (layer.kind for layer in s.layers), key=NESTING.index
        )
    titles = {layer.title for s in paragraph for layer in s.layers if layer.kind == "agreement"}
    assert titles == {"Agreement: Orrin truce (agr-9) \u00b7 ceasefire"}  # one mark, split in three


def test_two_mentions_on_the_same_words_share_one_element() -> None:
    text = "The Astana and Sochi agreements stand."
    words = "Astana and Sochi agreements"
    mentions = [agreement(text, words, 1, "Astana agreements", "agr-1"),
                agreement(text, words, 2, "Sochi agreements", "agr-2")]  # fmt: skip
    article = SimpleNamespace(text=text, statements=[], agreement_mentions=mentions)
    (seg,) = views_with(article, words)
    (layer,) = seg.layers
    assert layer.title.splitlines() == [
        "Agreement: Astana agreements (agr-1) \u00b7 ceasefire",
        "Agreement: Sochi agreements (agr-2) \u00b7 ceasefire",
    ]
    assert seg.ref is None  # no statement: no link


class Tree(HTMLParser):
    """Checks that the markup nests (every end tag closes the innermost open element) and collects
    each highlight span's text with its classes and title."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict[str, str | None]]] = []
        self.marks: list[tuple[str, str, str]] = []
        self.inputs: list[str] = []
        self.attributes: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.attributes.update(name for name, _ in attrs)
        if tag == "input":
            self.inputs.append(dict(attrs).get("id") or "")
        elif tag not in {"br", "meta", "link", "img"}:
            self.stack.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1][0] == tag, (tag, self.stack[-3:])
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        for tag, attrs in self.stack:
            classes = (attrs.get("class") or "").split()
            if tag == "span" and "mk" in classes:
                self.marks.append((data, " ".join(classes), attrs.get("title") or ""))


def test_both_front_ends_write_the_same_nested_escaped_markup() -> None:
    hostile = 'Ilse "<b onclick=x()>" Warda'
    row = actor(TEXT, "Governor Ilse Warda", "person:warda", "GOV")
    row.name = hostile
    article = built_article(actor_mentions=[row], places=[place(TEXT, "Velmar", "VL")])
    view = highlighted_article(article)
    source = (
        '{% from "_article.html" import legend, story %}'
        "{{ legend(layers) }}{{ story(paragraphs, statement_by_number) }}"
    )
    pages = {
        pkg: environment(pkg).from_string(source).render(**view)
        for pkg in ("rashomon.report", "rashomon.web")
    }
    assert pages["rashomon.report"] == pages["rashomon.web"]
    html = pages["rashomon.web"]
    assert "<b onclick" not in html and "&lt;b onclick=x()&gt;" in html
    tree = Tree()
    tree.feed(f"<div>{html}</div>")
    tree.close()
    assert tree.stack == [] and "onclick" not in tree.attributes
    assert tree.inputs == ["layer-statement", "layer-actor", "layer-place"]  # before the text
    assert html.index("layer-place") < html.index('class="story"')
    assert ("Velmar", "mk mk-place kind-town", "Place: Velmar, VL (town)") in tree.marks
    title = f"Actor: {hostile} (person:warda) \u00b7 sector GOV \u00b7 called \u201cgovernor ilse warda\u201d"
    assert ("Governor Ilse Warda", "mk mk-actor sector-gov", title) in tree.marks


def test_the_shared_stylesheet_styles_and_toggles_every_layer() -> None:
    css = resources.files("rashomon").joinpath("templates_shared/article.css").read_text(encoding="utf-8")
    for kind, _ in LAYERS:
        assert f'#layer-{kind}:not(:checked) ~ .legend label[for="layer-{kind}"]' in css
        hidden = "a.st" if kind == "statement" else f".mk-{kind}"
        assert f"#layer-{kind}:not(:checked) ~ .story {hidden}" in css
        if kind != "statement":
            assert re.search(rf"^\.mk-{kind} {{", css, re.M)


# --- an invented article through the pipeline, in the report and the dashboard ----------------------

ARTICLE = (
    "GOMA, June 12 - Rebel fighters shelled the town of Sake on Wednesday, killing four civilians and "
    "wounding eleven, the provincial governor said.\n\n"
    "\u201cThe rebels attacked the market at dawn while Rwanda watched,\u201d Governor Peter Cirimwami told "
    "reporters in Goma. He said the Congolese army had pushed the fighters back towards Rutshuru.\n\n"
    "Rwanda denied supporting the rebels. The ceasefire agreed in Luanda in August has not held, "
    "the United Nations said in a statement."
)
HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(2)>"
HOSTILE_ARTICLE = (
    f"Residents of Goma said militiamen of the {HOSTILE} brigade attacked a camp near Sake, killing two "
    f'people.\n\n" onmouseover="alert(3)" The army said it {HOSTILE} would respond.'
)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    from rashomon.analyze import analyze  # loads spaCy: only the slow tests below need it

    tmp = tmp_path_factory.mktemp("article_view")
    records = [
        {"text": ARTICLE, "title": "Shelling in Sake", "outlet": "Kivu Ledger", "date": "2024-06-12"},
        {"text": HOSTILE_ARTICLE, "title": f"Camp attacked {HOSTILE}", "outlet": "Lake Post",
         "date": "2024-06-13"},
    ]  # fmt: skip
    batch = tmp / "batch.jsonl"
    batch.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    db = str(tmp / "r.db")
    analyze([str(batch)], db=db, report_dir=tmp / "report")
    return tmp / "report", db


@pytest.fixture(scope="module")
def dashboard(built: tuple[Path, str]) -> Iterator[Any]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient

    from rashomon.web import create_app

    with TestClient(create_app(built[1]), base_url="http://127.0.0.1") as client:
        yield client


def article_ids(db: str) -> dict[str, str]:
    """Article id by the first words of its body (its text starts with the headline)."""
    from rashomon.clean.headline import body_text
    from rashomon.store.db import open_store
    from rashomon.store.models import Article

    with open_store(db) as store, store.session() as session:
        return {body_text(row.title, row.text)[:10]: row.id for row in session.query(Article)}


def pages_of(built: tuple[Path, str], dashboard: Any, start: str) -> dict[str, str]:
    report, db = built
    article_id = article_ids(db)[start[:10]]
    response = dashboard.get(f"/articles/{article_id}")
    assert response.status_code == 200
    return {
        "report": (report / "articles" / f"{article_id}.html").read_text(encoding="utf-8"),
        "dashboard": response.text,
    }


def marks_of(html: str) -> list[tuple[str, str, str]]:
    tree = Tree()
    tree.feed(html)
    tree.close()
    assert tree.stack == []
    assert {"layer-statement", "layer-event", "layer-actor", "layer-place"} <= set(tree.inputs)
    return tree.marks


@pytest.mark.slow
def test_both_front_ends_show_actor_place_and_event_marks(built: tuple[Path, str], dashboard: Any) -> None:
    for front_end, html in pages_of(built, dashboard, ARTICLE).items():
        marks = marks_of(html)
        by_text = {text: (classes, title) for text, classes, title in marks}
        assert "mk-event p-assault" in by_text["shelled"][0], front_end
        assert by_text["shelled"][1].startswith("Event: ASSAULT") and "4 killed" in by_text["shelled"][1]
        assert by_text["Congolese army"] == ("mk mk-actor sector-mil", by_text["Congolese army"][1])
        assert by_text["Congolese army"][1].startswith("Actor: ")
        assert by_text["Rutshuru"] == ("mk mk-place kind-town", "Place: Rutshuru, CD (town)")
        # "Rwanda" inside the governor's quote: an actor and a place on the same words, in the quote's link.
        nested = (
            r'data-content="st-\d+"><span class="mk mk-actor[^"]*" title="Actor: Rwanda[^"]*">'
            r'<span class="mk mk-place[^"]*" title="Place: Rwanda[^"]*">Rwanda</span></span></a>'
        )
        inside = re.search(nested, html)
        assert inside, front_end
        assert "shelled the town of Sake" not in [text for text, _, _ in marks]  # the trigger, not the clause


@pytest.mark.slow
def test_a_hostile_article_stays_inert_in_both_front_ends(built: tuple[Path, str], dashboard: Any) -> None:
    for front_end, html in pages_of(built, dashboard, HOSTILE_ARTICLE).items():
        tree = Tree()
        tree.feed(html)
        tree.close()
        assert tree.stack == [], front_end
        assert not {name for name in tree.attributes if name.startswith("on")}, front_end
        assert "<img" not in html and "<script>alert" not in html
        story = html[html.index('<div class="story"') :]
        assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;" in story
        assert "&#34; onmouseover=&#34;alert(3)&#34;" in story
        assert any(classes.startswith("mk mk-event") for _, classes, _ in tree.marks)
