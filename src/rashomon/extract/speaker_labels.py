"""Statements written as a speaker's name, a colon and the words: 'Pence: Flowers won't be at the
debate' (a headline), 'SMITH: We never agreed to that.' (a transcript line).

Only a line that opens with a person's name and a colon counts, and only when the article names
that person elsewhere too: a place or a topic before a colon ('Gaza: dozens killed', 'Analysis: ...')
labels a story, and a column's brand read as a name ('Dawn Exclusive: ...') is named nowhere else.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from rashomon.extract.doc_views import doc_ents, doc_text
from rashomon.types import Span

if TYPE_CHECKING:
    from spacy.tokens import Doc

# A line (or a quoted transcript line) opening with a short label and a colon.
_LABELLED_LINE = re.compile(
    r"^[ \t]*[\"“]?(?P<label>[^:\n\"“”]{2,40}?)[ \t]*:[ \t]+(?P<words>\S[^\n]*)$", re.MULTILINE
)
_MIN_WORDS = 3  # 'Smith: No.' says too little to be told from a caption


def speaker_labels(doc: Doc) -> list[tuple[Span, Span, Span]]:
    """(content, cue, source) of every line opening with a person's name and a colon."""
    text = doc_text(doc)
    people = [(e.start_char, e.end_char) for e in doc_ents(doc) if e.label_ == "PERSON"]
    found = []
    for line in _LABELLED_LINE.finditer(text):
        label = line.span("label")
        if (label[0], label[1]) not in people or not _named_elsewhere(text, label):
            continue
        start, end = line.span("words")
        while end > start and text[end - 1] in ' \t\r"”':
            end -= 1
        if len(text[start:end].split()) < _MIN_WORDS:
            continue
        colon = text.index(":", label[1])
        found.append(((start, end), (colon, colon + 1), label))
    return found


def _named_elsewhere(text: str, label: Span) -> bool:
    """Does the label's last word (a surname, a transcript's speaker) occur outside the label?"""
    words = text[label[0] : label[1]].split()
    pattern = re.compile(rf"\b{re.escape(words[-1])}\b", re.IGNORECASE)
    return any(not label[0] <= m.start() < label[1] for m in pattern.finditer(text))
