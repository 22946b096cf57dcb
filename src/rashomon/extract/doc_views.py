"""Per-Doc caches of `doc.text` and `doc.ents`.

spaCy rebuilds both on every access (`doc.text` joins every token; `doc.ents` makes a Span per
entity), and the extractors ask for them once per candidate: on a long article that made the
statements and events stages quadratic. Both are fixed once NER has run, so the first call stores
them in `doc.user_data` and later calls reuse them.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

_TEXT = ("rashomon", "text")
_ENTS = ("rashomon", "ents")


def doc_text(doc: Doc) -> str:
    """`doc.text`, computed once per Doc."""
    text = doc.user_data.get(_TEXT)
    if text is None:
        text = doc.text
        doc.user_data[_TEXT] = text
    return text


def doc_ents(doc: Doc) -> tuple[Span, ...]:
    """`doc.ents`, computed once per Doc (call it only after the NER has run)."""
    ents = doc.user_data.get(_ENTS)
    if ents is None:
        ents = tuple(doc.ents)
        doc.user_data[_ENTS] = ents
    return ents


def span_ents(span: Span) -> list[Span]:
    """`span.ents` from the cached entities: those wholly inside `span`."""
    return [e for e in doc_ents(span.doc) if e.start >= span.start and e.end <= span.end]


def forget(doc: Doc) -> None:
    """Drop the caches (the last component calls it so that user_data stays as spaCy left it)."""
    doc.user_data.pop(_TEXT, None)
    doc.user_data.pop(_ENTS, None)
