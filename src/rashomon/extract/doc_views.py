"""Per-Doc caches of `doc.text`, `doc.ents` and `doc.sents`.

spaCy rebuilds them on every access (`doc.text` joins every token; `doc.ents` makes a Span per
entity; `doc.sents` walks every token for sentence starts), and the extractors ask for them once per
candidate or stage: on a long article that made the statements and events stages quadratic. All are
fixed once the parser and NER have run, so the first call stores them in `doc.user_data` and later
calls reuse them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:  # annotations only: importing this module does not import spaCy
    from spacy.tokens import Doc, Span

T = TypeVar("T")

_TEXT = ("rashomon", "text")
_ENTS = ("rashomon", "ents")
_SENTS = ("rashomon", "sents")


def doc_text(doc: Doc) -> str:
    """`doc.text`, computed once per Doc."""
    return _cached(doc, _TEXT, lambda: doc.text)


def doc_ents(doc: Doc) -> tuple[Span, ...]:
    """`doc.ents`, computed once per Doc (call it only after the NER has run)."""
    return _cached(doc, _ENTS, lambda: tuple(doc.ents))


def doc_sents(doc: Doc) -> tuple[Span, ...]:
    """`doc.sents`, computed once per Doc (call it only after the parser has run)."""
    return _cached(doc, _SENTS, lambda: tuple(doc.sents))


def _cached(doc: Doc, key: tuple[str, str], compute: Callable[[], T]) -> T:
    value = doc.user_data.get(key)
    if value is None:
        value = doc.user_data[key] = compute()
    return value


def span_ents(span: Span) -> list[Span]:
    """`span.ents` from the cached entities: those wholly inside `span`."""
    return [e for e in doc_ents(span.doc) if e.start >= span.start and e.end <= span.end]


def forget(doc: Doc) -> None:
    """Drop the caches (the last component calls it so that user_data stays as spaCy left it)."""
    for key in (_TEXT, _ENTS, _SENTS):
        doc.user_data.pop(key, None)
