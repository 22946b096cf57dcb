"""The statements page and the highlighted article text: segmenting unit tests (no model) and a report
built from an invented article whose quote carries a hostile string."""

from __future__ import annotations

import json
import random
import re
from html.parser import HTMLParser
from itertools import pairwise
from pathlib import Path
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from rashomon.report.highlight import (
    Mark,
    Segment,
    highlight,
    highlighted_article,
    paragraph_spans,
    segment,
    segment_view,
)
from rashomon.report.templating import environment
from tests.test_report_views import assert_only_report_scripts

HOSTILE = "<script>alert(1)</script>"


# --- segmenting, no model -------------------------------------------------------------------------


def spans_text(text: str, segments: list[Segment]) -> list[tuple[str, set[tuple[str, int]]]]:
    return [(s.text, {(m.role, m.ref) for m in s.marks}) for s in segments]


def test_cue_inside_content_cuts_three_segments() -> None:
    text = "We will stay, he said, until the end."
    marks = [Mark(0, len(text), "content", 1), Mark(17, 21, "cue", 1)]
    assert spans_text(text, segment(text, marks)) == [
        ("We will stay, he ", {("content", 1)}),
        ("said", {("content", 1), ("cue", 1)}),
        (", until the end.", {("content", 1)}),
    ]


def test_adjacent_spans_leave_no_empty_segment() -> None:
    text = "Officials said the road is open."
    marks = [Mark(0, 9, "source", 1), Mark(10, 14, "cue", 1), Mark(14, 31, "content", 1)]
    segments = segment(text, marks)
    assert [s.text for s in segments] == ["Officials", " ", "said", " the road is open", "."]
    assert all(s.start < s.end for s in segments)
    assert [s.marks for s in segments][1] == ()


def test_spans_at_the_edges_of_the_text() -> None:
    text = "Quiet here, she said"
    marks = [Mark(0, 10, "content", 1), Mark(16, 20, "cue", 1)]
    segments = segment(text, marks)
    assert segments[0].start == 0 and segments[0].marks == (marks[0],)
    assert segments[-1].end == len(text) and segments[-1].text == "said"


def test_nested_statements_mark_the_inner_one() -> None:
    text = "He said that she had denied the report entirely."
    start = text.index("the report")
    outer, inner = Mark(8, len(text) - 1, "content", 1), Mark(start, start + 10, "content", 2)
    segments = highlight(text, [outer, inner])[0]
    middle = next(s for s in segments if s.text == "the report")
    titles = {1: "A (assert, indirect)", 2: "B (deny, indirect)"}
    view = segment_view(middle, titles, {1: "indirect", 2: "direct"})
    assert view.ref == 2  # the innermost statement takes the click
    assert set(view.classes.split()) == {"content", "nested", "direct"}
    assert view.contents == "st-1 st-2" and view.title == "A (assert, indirect)\nB (deny, indirect)"
    assert [v for s in segments for v in s.closes] == [inner, outer]


def test_plain_segment_view_has_no_link() -> None:
    view = segment_view(Segment(0, 5, "Plain"), {}, {})
    assert view.ref is None and view.classes == "" and view.cards == ()


def test_both_front_ends_render_one_highlighted_article_escaped() -> None:
    """The shared builder needs only the rows' fields; the shared partial, in either front end's
    environment, writes the same escaped markup."""
    text = 'Rebels <b onclick="x()">fired</b>, Ann said.'
    row = SimpleNamespace(
        id="art-1/st-3", speaker_name="Ann", speaker_role="mayor", speaker_affiliation=None,
        claim_type="accuse", mode="indirect", content_start=0, content_end=text.index(","),
        cue_start=text.index("said"), cue_end=text.index("said") + 4,
        source_start=text.index("Ann"), source_end=text.index("Ann") + 3,
        cue="said", target=None, said_on=None, relayed_by=None,
    )  # fmt: skip
    view = highlighted_article(SimpleNamespace(text=text, statements=[row]))
    assert [number for number, _ in view["statements"]] == [3]
    first = view["paragraphs"][0][0]
    assert (
        first.ref == 3
        and first.classes == "content indirect"
        and first.title == "Ann — mayor (accuse, indirect)"
    )
    source = '{% from "_article.html" import story %}{{ story(paragraphs, statement_by_number) }}'
    pages = {
        pkg: environment(pkg).from_string(source).render(**view)
        for pkg in ("rashomon.report", "rashomon.web")
    }
    assert pages["rashomon.report"] == pages["rashomon.web"]
    html = pages["rashomon.web"]
    assert "<b onclick" not in html and "&lt;b onclick=&#34;x()&#34;&gt;fired&lt;/b&gt;" in html
    assert 'href="#st-3"' in html and 'id="st-3"' in html  # the highlight links to the speaker's card


def test_paragraphs_split_on_blank_lines_keep_offsets() -> None:
    text = "  First line\nstill first.\n\nSecond.\n \n\n\nThird one  \n"
    spans = paragraph_spans(text)
    assert [text[s:e] for s, e in spans] == ["First line\nstill first.", "Second.", "Third one"]


def test_a_span_across_paragraphs_is_cut_and_closed_once() -> None:
    text = "Alpha beta.\n\nGamma delta."
    start, end = text.index("beta"), text.index(" delta")
    paragraphs = highlight(text, [Mark(start, end, "content", 7)])
    assert [[s.text for s in p if s.marks] for p in paragraphs] == [["beta."], ["Gamma"]]
    closing = [s for p in paragraphs for s in p if s.closes]
    assert len(closing) == 1 and closing[0].text == "Gamma"
    for p in paragraphs:
        for s in p:
            assert text[s.start : s.end] == s.text


def test_empty_reversed_and_outside_marks_are_ignored() -> None:
    text = "Short text."
    marks = [Mark(3, 3, "content", 1), Mark(6, 2, "cue", 2), Mark(40, 50, "content", 3)]
    marks.append(Mark(6, 99, "cue", 4))
    segments = segment(text, marks)
    assert "".join(s.text for s in segments) == text
    assert [s.text for s in segments if s.marks] == ["text."]


def test_random_marks_give_contiguous_segments_covered_by_exactly_their_marks() -> None:
    rng = random.Random(7)
    for _ in range(200):
        text = "".join(rng.choice("ab \n") for _ in range(rng.randint(0, 40)))
        marks = []
        for ref in range(rng.randint(0, 6)):
            a, b = sorted(rng.randint(0, len(text)) for _ in range(2))
            marks.append(Mark(a, b, rng.choice(["content", "cue", "source"]), ref))
        for (start, end), segments in zip(paragraph_spans(text), highlight(text, marks), strict=True):
            assert "".join(s.text for s in segments) == text[start:end]
            assert all(a.end == b.start for a, b in pairwise(segments))
            for s in segments:
                overlapping = {m for m in marks if m.start < m.end and m.start < s.end and s.start < m.end}
                assert set(s.marks) == overlapping


# --- a whole report from an invented article (runs the spaCy pipeline) -----------------------------

ARTICLE = (
    "News / World\n\n"
    "Harrowgate mayor rejects talks as shelling continues\n\n"
    "HARROWGATE, March 3 - The mayor of Harrowgate, Jonas Velloran, said on Tuesday that the town "
    "would not surrender the eastern bridge to the Northern Front.\n\n"
    f"\u201cWe will hold the bridge, and {HOSTILE} will not frighten anyone here,\u201d Velloran told "
    "reporters outside the town hall.\n\n"
    "The regional defence ministry denied that its units had shelled the market, and accused the "
    "Northern Front of staging the attack to win sympathy abroad.\n\n"
    "Back to top\n"
)


class StatementText(HTMLParser):
    """Collects the text of the highlighted segments of each statement's content (st-N -> text)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.contents: dict[str, str] = {}
        self._open: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "a" and "data-content" in values:
            self._open = (values["data-content"] or "").split()

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            self._open = None

    def handle_data(self, data: str) -> None:
        for anchor in self._open or []:
            self.contents[anchor] = self.contents.get(anchor, "") + data


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    from rashomon.analyze import analyze  # loads spaCy: only the slow tests below need it

    tmp = tmp_path_factory.mktemp("statements")
    batch = tmp / "batch.jsonl"
    record = {"text": ARTICLE, "title": "Mayor rejects talks", "outlet": "Harrowgate Courier"}
    batch.write_text(json.dumps(record) + "\n", encoding="utf-8")
    db = str(tmp / "r.db")
    analyze([str(batch)], db=db, report_dir=tmp / "report")
    return tmp / "report", db


@pytest.mark.slow
def test_statements_page_lists_the_speakers_and_links_to_statements(built: tuple[Path, str]) -> None:
    report, _ = built
    page = (report / "statements.html").read_text(encoding="utf-8")
    assert "Jonas Velloran" in page and "Harrowgate Courier" in page
    links = re.findall(r'href="(articles/[^"#]+)#(st-\d+)"', page)
    assert links
    for path, anchor in links:
        assert f'id="{anchor}"' in (report / path).read_text(encoding="utf-8")
    assert 'href="statements.html"' in (report / "index.html").read_text(encoding="utf-8")


@pytest.mark.slow
def test_highlighted_spans_hold_exactly_the_stored_content(built: tuple[Path, str]) -> None:
    from rashomon.store.db import open_store
    from rashomon.store.models import StatementRow

    report, db = built
    with open_store(db) as store, store.session() as session:
        rows = list(session.scalars(select(StatementRow)))
        stored = {row.id.rsplit("/", 1)[1]: (row.article_id, row.content) for row in rows}
    assert any(HOSTILE in content for _, content in stored.values())
    for anchor, (article_id, content) in stored.items():
        parser = StatementText()
        parser.feed((report / "articles" / f"{article_id}.html").read_text(encoding="utf-8"))
        assert parser.contents[anchor] == re.sub(r"\s*\n[^\S\n]*\n\s*", "", content)


@pytest.mark.slow
def test_hostile_text_stays_escaped_and_pages_self_contained(built: tuple[Path, str]) -> None:
    report, _ = built
    pages = [p.read_text(encoding="utf-8") for p in sorted(report.rglob("*.html"))]
    from rashomon.report.render import PAGES

    assert len(pages) == len(PAGES) + 1  # every registered page and the one article page
    for page in pages:
        assert_only_report_scripts(page)  # the chart library, the report's own code, JSON data
        targets = re.findall(r'(?:href|src)="([^"]*)"', page)
        assert all(not re.match(r"[a-z][a-z0-9+.-]*:", target, re.I) for target in targets), targets
        assert "@import" not in page and "url(" not in page
    article_page = next(p for p in pages if 'class="story"' in p)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in article_page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in (report / "statements.html").read_text(encoding="utf-8")


def test_one_person_gets_one_name_across_articles() -> None:
    from types import SimpleNamespace

    from rashomon.report.render import speaker_display_names

    rows = [
        SimpleNamespace(speaker_name=name, speaker_kind=kind)
        for name, kind in [
            ("Burhan", "person"),
            ("Abdel Fattah al-Burhan", "person"),
            ("Abdel Fattah Burhan", "person"),
            ("Mohamed Hamdan Dagalo", "person"),
            ("Dagalo", "organization"),
        ]
    ]
    names = speaker_display_names(rows)  # type: ignore[arg-type]
    assert names["Abdel Fattah Burhan"] == "Abdel Fattah Burhan"  # "al-Burhan" is another spelling
    assert names["Burhan"] in {"Abdel Fattah Burhan"}
    assert names["Mohamed Hamdan Dagalo"] == "Mohamed Hamdan Dagalo"
    assert "Dagalo" not in names  # only persons are merged
