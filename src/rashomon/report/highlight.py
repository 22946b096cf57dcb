"""Article text cut into highlightable segments.

Statement spans overlap: a cue sits inside a split quote, one statement is nested in another's content.
Nested markup built from such spans would break, so the text is cut at every span edge into segments
that never overlap, each carrying the set of spans covering it. The template writes each segment's text
(autoescaped, never marked safe) in one element whose classes come from that set. Paragraphs are the
stretches between blank lines; every offset stays an offset into the whole text.

Besides statements, the other layers (event triggers, actor, place and agreement mentions: see `layers`)
are marks too, so the text is cut at their edges as well. A segment is written as the statement link
(when a statement covers it) holding one element per other layer covering it, outermost first
(`layers.NESTING`), each with its own classes and title: elements nest by construction, and a mark that
crosses another's edge is split into one element per segment.

`highlighted_article` builds this view of a stored article for both front ends (the report's article
pages and the dashboard's), from any objects with the fields of the store's rows.

Pure Python with no model or store import, so it is unit-tested on its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any, Protocol

from rashomon.clean.headline import headline_end
from rashomon.report.layers import LAYERS, NESTING, Note, article_notes, css_name

UNNAMED = "Unnamed speaker"

# A blank line, possibly holding spaces, and any further blank lines after it.
_PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n\s*")


@dataclass(frozen=True)
class Mark:
    """A span of the text to highlight: the `role` part (content, cue, source) of statement `ref`, or
    for another layer the `role` kind (event, actor, place, agreement) of note `ref`."""

    start: int
    end: int
    role: str
    ref: int


@dataclass(frozen=True)
class Segment:
    """A stretch of text covered by the same marks throughout; `closes` are the marks it ends."""

    start: int
    end: int
    text: str
    marks: tuple[Mark, ...] = ()
    closes: tuple[Mark, ...] = ()


STATEMENT_ROLES = frozenset({"content", "cue", "source"})


@dataclass(frozen=True)
class Layer:
    """One element of a segment's other layers: the notes of one kind covering it (their classes
    merged, their titles one a line)."""

    kind: str
    classes: str
    title: str


@dataclass(frozen=True)
class SegmentView:
    """What the template writes for a segment: its text, and for a highlighted one its element's
    classes, the statement it links to, the anchors (st-N) of every statement covering it and of those
    whose content covers it, and the hover title; `cards` are the statements whose content ends here,
    whose speaker card follows the segment; `layers` are the elements of the other layers inside it,
    outermost first."""

    text: str
    classes: str = ""
    ref: int | None = None
    refs: str = ""
    contents: str = ""
    title: str = ""
    cards: tuple[int, ...] = ()
    layers: tuple[Layer, ...] = ()


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph: text between blank lines, stripped of surrounding whitespace."""
    spans: list[tuple[int, int]] = []
    start = 0
    for gap in _PARAGRAPH_BREAK.finditer(text):
        spans.append((start, gap.start()))
        start = gap.end()
    spans.append((start, len(text)))
    return [stripped for s, e in spans if (stripped := _strip(text, s, e)) is not None]


def _strip(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def segment(text: str, marks: Iterable[Mark], start: int = 0, end: int | None = None) -> list[Segment]:
    """Cut `text[start:end]` at every mark edge; each segment holds the marks covering it.

    Marks reaching outside the range are clipped to it; empty or reversed marks are ignored. Quadratic in
    the marks of the range, which is a paragraph's handful of statements.
    """
    stop = len(text) if end is None else end
    inside = [m for m in marks if m.start < m.end and m.start < stop and start < m.end]
    edges = {start, stop} | {min(max(e, start), stop) for m in inside for e in (m.start, m.end)}
    cuts = sorted(edges)
    return [
        Segment(a, b, text[a:b], tuple(m for m in inside if m.start <= a and b <= m.end))
        for a, b in pairwise(cuts)
    ]


def highlight(text: str, marks: Sequence[Mark]) -> list[list[Segment]]:
    """The segments of each paragraph; each mark is closed by the last segment it covers."""
    paragraphs = [segment(text, marks, s, e) for s, e in paragraph_spans(text)]
    last: dict[Mark, tuple[int, int]] = {}
    for p, paragraph in enumerate(paragraphs):
        for i, seg in enumerate(paragraph):
            for mark in seg.marks:
                last[mark] = (p, i)
    closing: dict[tuple[int, int], list[Mark]] = {}
    for mark, where in last.items():
        closing.setdefault(where, []).append(mark)
    for (p, i), closed in closing.items():
        seg = paragraphs[p][i]
        ordered = tuple(sorted(closed, key=lambda m: (m.start, m.ref, m.role)))
        paragraphs[p][i] = Segment(seg.start, seg.end, seg.text, seg.marks, ordered)
    return paragraphs


def segment_view(
    seg: Segment,
    titles: Mapping[int, str],
    modes: Mapping[int, str],
    notes: Mapping[Mark, Note] | None = None,
) -> SegmentView:
    """How to write `seg`: plain text, or an element classed by the statement roles covering it
    (content, cue, source; `nested` where statements' contents overlap; the innermost statement's
    mode); in either, the elements of the other layers' marks covering it (described by `notes`)."""
    layers = segment_layers(seg, notes or {})
    said = [m for m in seg.marks if m.role in STATEMENT_ROLES]
    if not said:
        return SegmentView(seg.text, layers=layers)
    contents = [m for m in said if m.role == "content"]
    inner = min(contents or said, key=lambda m: (m.end - m.start, -m.start, m.ref))
    classes = sorted({m.role for m in said})
    if len({m.ref for m in contents}) > 1:
        classes.append("nested")
    if contents and inner.ref in modes:
        classes.append(css_name(modes[inner.ref]))
    refs = sorted({m.ref for m in said})
    return SegmentView(
        text=seg.text,
        classes=" ".join(classes),
        ref=inner.ref,
        refs=_anchors(refs),
        contents=_anchors(m.ref for m in contents),
        title="\n".join(titles[r] for r in refs if r in titles),
        cards=tuple(m.ref for m in seg.closes if m.role == "content"),
        layers=layers,
    )


def segment_layers(seg: Segment, notes: Mapping[Mark, Note]) -> tuple[Layer, ...]:
    """One element per kind of note covering `seg`, in NESTING order: two actor mentions over the same
    words ("Astana and Sochi agreements" naming two agreements) share one element and both titles."""
    by_kind: dict[str, list[Note]] = {}
    for mark in sorted(seg.marks, key=lambda m: (m.start, -m.end, m.ref)):
        if mark in notes:
            by_kind.setdefault(mark.role, []).append(notes[mark])
    return tuple(
        Layer(
            kind,
            " ".join(dict.fromkeys(c for note in by_kind[kind] for c in note.classes.split())),
            "\n".join(dict.fromkeys(note.title for note in by_kind[kind])),
        )
        for kind in NESTING
        if kind in by_kind
    )


def _anchors(refs: Iterable[int]) -> str:
    return " ".join(f"st-{n}" for n in sorted(set(refs)))


class StatementLike(Protocol):
    """The fields of a stored statement (store.models.StatementRow) that its highlights need."""

    id: str
    speaker_name: str | None
    speaker_role: str | None
    speaker_affiliation: str | None
    claim_type: str
    mode: str
    content_start: int
    content_end: int
    cue_start: int | None
    cue_end: int | None
    source_start: int | None
    source_end: int | None


class ArticleLike(Protocol):
    """The fields of a stored article (store.models.Article) that its highlighted view needs."""

    text: str
    statements: Sequence[StatementLike]


def statement_number(statement_id: str) -> int:
    """N of "<article id>/st-N": the statement's anchor (st-N) on its article's page."""
    found = re.search(r"st-(\d+)$", statement_id)
    return int(found.group(1)) if found else 0


def highlighted_article(article: ArticleLike) -> dict[str, Any]:
    """What the shared article partial (templates_shared/_article.html) is given: the article, its
    paragraphs as segment views (less the headline's, in `headline`, when the text starts with the
    title: it is shown once, as the page's heading), its statements as (number, row) and the rows by
    number, and `layers`: (kind, legend label, how many marks) of each layer with marks, for the legend
    and its toggles. Events, actor, place and agreement mentions are read from the article's rows where
    it has them."""
    statements = [(statement_number(row.id), row) for row in article.statements]
    notes = article_notes(article)
    counts = {kind: sum(1 for note in notes if note.kind == kind) for kind, _ in LAYERS}
    counts["statement"] = len(statements)
    paragraphs = highlighted_text(article.text, statements, notes)
    has_headline = bool(paragraphs) and headline_end(getattr(article, "title", None), article.text) > 0
    return {
        "article": article,
        "headline": paragraphs.pop(0) if has_headline else None,
        "paragraphs": paragraphs,
        "statements": statements,
        "statement_by_number": dict(statements),
        "layers": [(kind, label, counts[kind]) for kind, label in LAYERS if counts[kind]],
    }


def highlighted_text(
    text: str, statements: Sequence[tuple[int, StatementLike]], notes: Iterable[Note] = ()
) -> list[list[SegmentView]]:
    """The article's paragraphs as segment views, with each statement's content, cue and source marked,
    and each note."""
    marks = [mark for number, row in statements for mark in statement_marks(number, row)]
    by_mark = {Mark(note.start, note.end, note.kind, note.ref): note for note in notes}
    marks.extend(by_mark)
    titles = {number: statement_title(row) for number, row in statements}
    modes = {number: row.mode for number, row in statements}
    return [
        [segment_view(seg, titles, modes, by_mark) for seg in paragraph]
        for paragraph in highlight(text, marks)
    ]


def statement_marks(number: int, row: StatementLike) -> list[Mark]:
    spans = (
        ("content", row.content_start, row.content_end),
        ("cue", row.cue_start, row.cue_end),
        ("source", row.source_start, row.source_end),
    )
    return [Mark(start, end, role, number) for role, start, end in spans if start is not None and end]


def statement_title(row: StatementLike) -> str:
    """The hover text: "Speaker — role, affiliation (claim type, mode)"."""
    about = ", ".join(part for part in (row.speaker_role, row.speaker_affiliation) if part)
    speaker = row.speaker_name or UNNAMED
    return (
        f"{speaker} \u2014 {about} ({row.claim_type}, {row.mode})"
        if about
        else f"{speaker} ({row.claim_type}, {row.mode})"
    )
