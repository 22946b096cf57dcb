"""Names the article gives a person, which are no place: "Gustavo Petro ... since Petro came to power"
(the tagger calls the second "Petro" a GPE, and the gazetteer knows a town "Petros" abroad).

A person named in full (a PERSON entity of two words or more, or an ORG one whose last word is
tagged a person alone elsewhere) lends the article its last word, the surname later sentences use
alone. A place mention of one word written exactly so is that person.
A country's name stays a place (a person's surname rarely is one, and "Israel Katz" gives only
"Katz"); a single-word PERSON entity counts for nothing, as the tagger takes many foreign towns for
people (those standing in a place slot are places: rashomon.extract.places.slot_mentions), and
a PERSON entity that is a place mention itself, or a name the gazetteer knows whole, is no person.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rashomon.extract.doc_views import doc_ents
from rashomon.kb.countries import find_country
from rashomon.kb.gazetteer import Gazetteer, fold

if TYPE_CHECKING:
    from spacy.tokens import Doc


def person_names(doc: Doc, spans: Sequence[tuple[int, int]], gaz: Gazetteer) -> frozenset[str]:
    """The folded surnames of the people the article names in full: the last word of a PERSON entity
    of two words or more, or of an ORG one whose last word the tagger calls a person alone elsewhere
    ("the government of Gustavo Petro" tagged ORG, "the leftist Petro" PERSON). An entity that is
    itself one of the place `spans` (a site the supplement knows, a name in a place slot), or that
    the gazetteer knows whole ("Bab al-Hawa"), is the tagger's mistake, not a person."""
    ents = doc_ents(doc)
    alone = {fold(e.text) for e in ents if e.label_ == "PERSON" and len(e) == 1}
    names: set[str] = set()
    for ent in ents:
        words = [t for t in ent if not t.is_punct and t.text not in ("'s", "’s")]
        if ent.label_ not in ("PERSON", "ORG") or len(words) < 2:
            continue
        if ent.label_ == "ORG" and fold(words[-1].text) not in alone:
            continue
        if any(s < ent.end_char and ent.start_char < e for s, e in spans):
            continue
        full = " ".join(t.text for t in words)
        if any(not c.alternate for c in gaz.lookup(full)):
            continue
        surname = words[-1].text
        if surname[:1].isupper() and not surname.isupper():  # "US", "UK" end a name the tagger ran on
            names.add(fold(surname))
    return frozenset(names)


def without_people(
    text: str, spans: list[tuple[int, int]], doc: Doc, gaz: Gazetteer
) -> list[tuple[int, int]]:
    """The place spans less those that are one word, a person's surname. A name of several words
    the tagger calls a person in one sentence and a place in another ("the town of Kasba Bonli") is
    left to the place reading."""
    people = person_names(doc, spans, gaz)
    if not people:
        return spans
    return [
        (start, end)
        for start, end in spans
        if " " in text[start:end].strip()
        or fold(text[start:end]) not in people
        or _a_country(text[start:end])
    ]


def _a_country(name: str) -> bool:
    found = find_country(name)
    return found is not None and found.text == name
