"""Actors: the knowledge base of who acts in a conflict (YAML packs), and the linker from text to it.

Packs are data (docs/packs.md): the shipped ones in `rashomon/data/actors/*.yaml` (the generic layer and
the Syria pack), then every pack in the folders or files named by the RASHOMON_PACKS variable
(separated like PATH), then those passed to `load_kb`. Each is validated on load; an error names the
file and the field. Packs merge: an id defined twice is an error, `extends: ID` adds names to an actor.

`link_actors(doc)` (or `link_text(text, entities)`) gives every actor mention of a text, of four kinds:
- known: an alias of a pack actor ("Hay'at Tahrir al-Sham", "Ja'afari", "the regime" in a Syria article);
- pattern: a state institution built on the country layer ("Turkish forces" TUR.MIL, "Russia's defence
  ministry" RUS.GOV.MOD, "the Kremlin" RUS.GOV), or a country named as a doer ("Russia has accused");
- category: a generic phrase ("terrorists" category:REB; "militants supported by Turkey" with backer TUR);
- discovered: a PERSON, ORG or NORP entity that matches nothing, kept as `discovered:<name>`.

Matching rules: aliases are case-sensitive except the first letter of an alias written in lower case
("the regime", "The regime"); a text with no lower-case letter is matched without case, acronyms left
out; hyphens and spaces are interchangeable, so are straight and curly apostrophes; an alias with
diacritics also matches without them ("Erdoğan", "Erdogan"). The longest mention wins an overlap, then
known before pattern before category. Institution terms and categories match in any case.
Context aliases and non-actors of a pack apply only in an article that names one of the pack's
countries or one of the pack's own actors based there.

Known limitations: a country name counts as a doer unless the words around it make it a place
("in Syria", "northwest Syria", "Idlib, Syria", "Syria's Idlib"), which misses rarer place phrasings
and takes "appealed to Russia" for a place; "the Turkish side of the border" is the Turkish government;
a category phrase with two backers keeps the first; a place the NER model takes for a person or an
organisation ("Kharkiv" as ORG) becomes a discovered actor unless a pack lists it under `non_actors`;
discovered names are not merged across articles.

This module is the public face; the work is done in rashomon.kb.packs (records, pack files, one pack's
validation), rashomon.kb.knowledge (merging), rashomon.kb.matchers (text keys, compiled expressions) and
rashomon.kb.linking (the linker).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING

from rashomon.extract.doc_views import doc_ents, doc_text
from rashomon.kb.knowledge import KnowledgeBase
from rashomon.kb.linking import KINDS, ActorMention
from rashomon.kb.packs import (
    CATEGORY_PREFIX,
    DISCOVERED_PREFIX,
    ENV_VAR,
    PERSON_PREFIX,
    Actor,
    Category,
    Institution,
    Pack,
    PackError,
    env_pack_paths,
    example_pack_path,
    pack_paths,
    read_pack,
    read_pack_files,
    shipped_pack_sources,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = [
    "CATEGORY_PREFIX",
    "DISCOVERED_PREFIX",
    "ENV_VAR",
    "KINDS",
    "PERSON_PREFIX",
    "Actor",
    "ActorMention",
    "Category",
    "Institution",
    "KnowledgeBase",
    "Pack",
    "PackError",
    "default_kb",
    "env_pack_paths",
    "example_pack_path",
    "link_actors",
    "link_text",
    "load_kb",
    "pack_paths",
    "read_pack",
    "shipped_pack_sources",
]


def load_kb(*paths: str | os.PathLike[str], env: bool = True) -> KnowledgeBase:
    """The shipped packs, then RASHOMON_PACKS (when `env`), then `paths` (files or folders)."""
    sources = shipped_pack_sources()
    sources += read_pack_files([*(env_pack_paths() if env else []), *pack_paths(paths)])
    return KnowledgeBase([read_pack(source, text) for source, text in sources])


@lru_cache(maxsize=4)
def _default_kb(env_value: str) -> KnowledgeBase:
    return load_kb(env=bool(env_value))


def default_kb() -> KnowledgeBase:
    """The shipped packs plus RASHOMON_PACKS, loaded once per value of the variable."""
    return _default_kb(os.environ.get(ENV_VAR, ""))


def link_text(
    text: str, entities: Iterable[tuple[int, int, str]] = (), kb: KnowledgeBase | None = None
) -> list[ActorMention]:
    """Actor mentions of a text; `entities` are NER spans (start, end, label) for discovery and places."""
    return (kb or default_kb()).link(text, entities)


def link_actors(doc: Doc, kb: KnowledgeBase | None = None) -> list[ActorMention]:
    """Actor mentions of a parsed document, in text order."""
    entities = [(ent.start_char, ent.end_char, ent.label_) for ent in doc_ents(doc)]
    return link_text(doc_text(doc), entities, kb)
