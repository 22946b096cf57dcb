"""Text keys for aliases and terms, and the expressions compiled from a knowledge base to find them.

Keys make hyphens and spaces interchangeable, so are straight and curly apostrophes; every alternation
is shaped like a trie, so that the leftmost match is also the longest.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rashomon.kb.packs import PackError

if TYPE_CHECKING:
    from rashomon.kb.knowledge import KnowledgeBase

_DASHES = r"\-‐‑‒–"  # for character classes
_APOSTROPHES = "'’ʼ‘"
_SEPARATORS = re.compile(rf"[\s{_DASHES}]+")
_NO_DECOMPOSITION = str.maketrans({"ı": "i", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "ß": "ss"})
LEADING_THE = re.compile(r"^[Tt]he\s+")


# --- text keys -----------------------------------------------------------------------------------


def _straighten(text: str) -> str:
    """NFC, with straight apostrophes."""
    text = unicodedata.normalize("NFC", text)
    for mark in _APOSTROPHES[1:]:
        text = text.replace(mark, "'")
    return text


def text_key(text: str) -> str:
    """Lookup key: NFC, straight apostrophes, dashes and runs of spaces as one space."""
    return _SEPARATORS.sub(" ", _straighten(text)).strip()


def folded_key(text: str) -> str:
    """The lookup key of a term matched in any case."""
    return text_key(text).casefold()


def ascii_fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.translate(_NO_DECOMPOSITION))
    return unicodedata.normalize("NFC", "".join(ch for ch in decomposed if not unicodedata.combining(ch)))


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def is_acronym(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and all(ch.isupper() for ch in letters) and len(letters) <= 5


def usage_label(text: str) -> str:
    """The name or term as used, for framing: apostrophes straightened, spaces single, no "the"."""
    return LEADING_THE.sub("", " ".join(_straighten(text).split()))


def slug(name: str) -> str:
    return "-".join(re.findall(r"\w+", ascii_fold(text_key(name)).casefold()))


# --- trie-shaped expressions ---------------------------------------------------------------------


def trie_pattern(keys: Iterable[str]) -> str:
    """One alternation shaped like a trie: branches start with distinct characters and a greedy `?`
    tries the longer key first, so the leftmost match is also the longest."""
    trie: dict[str, Any] = {}
    for key in keys:
        node = trie
        for char in key:
            node = node.setdefault(char, {})
        node[""] = {}
    return _node_pattern(trie) or "(?!)"


def _node_pattern(node: dict[str, Any]) -> str:
    branches = [_char_pattern(char) + _node_pattern(child) for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    if len(branches) == 1 and "" not in node:
        return branches[0]
    group = "(?:" + "|".join(branches) + ")"
    return group + "?" if "" in node else group


def _char_pattern(char: str) -> str:
    if char == " ":
        return rf"[\s{_DASHES}]+"
    if char == "'":
        return f"[{_APOSTROPHES}]"
    return re.escape(char)


# --- the matchers of a knowledge base ------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    unit: str
    title: bool


@dataclass(frozen=True)
class Matchers:
    aliases: re.Pattern[str]
    aliases_shouted: re.Pattern[str]
    terms: dict[str, Term]  # casefolded key -> unit
    after_adjective: re.Pattern[str]
    after_name: re.Pattern[str]
    before_name: re.Pattern[str]
    category_terms: dict[str, str]  # casefolded key -> sector
    category: re.Pattern[str]
    cues: tuple[str, ...]

    @classmethod
    def build(cls, kb: KnowledgeBase, qualifiers: Sequence[str], cues: Sequence[str]) -> Matchers:
        cased = set()
        for key in kb._aliases:
            cased.add(key)
            if key[:1].islower():
                cased.add(key[:1].upper() + key[1:])
        terms = _institution_terms(kb)
        category_terms = {folded_key(t): cat.sector for cat in kb.categories.values() for t in cat.terms}
        for key, sector in category_terms.items():
            terms.setdefault(key, Term(sector, False))
        term_pattern = trie_pattern(terms)
        cue_pattern = "|".join(re.escape(cue) for cue in sorted(set(cues), key=len, reverse=True)) or "(?!)"
        qualifier = (
            rf"(?:{trie_pattern(folded_key(q) for q in qualifiers)}"
            rf"|[^\W\d_][\w.'’]*[{_DASHES}](?:{cue_pattern})|(?:pro|anti)[{_DASHES}][\w.'’-]+)"
        )
        flags = re.IGNORECASE
        return cls(
            aliases=re.compile(rf"(?<!\w)(?P<a>{trie_pattern(cased)})(?!\w)"),
            aliases_shouted=re.compile(rf"(?<!\w)(?P<a>{trie_pattern(kb._shouted)})(?!\w)", flags),
            terms=terms,
            after_adjective=re.compile(rf"\s+(?P<t>{term_pattern})(?!\w)", flags),
            after_name=re.compile(rf"(?:['’]s)?\s+(?P<t>{term_pattern})(?!\w)", flags),
            before_name=re.compile(rf"(?<!\w)(?P<t>{term_pattern})\s+of\s+(?:the\s+)?\Z", flags),
            category_terms=category_terms,
            category=re.compile(
                rf"(?<![\w-])(?:(?P<q>{qualifier})\s+)?(?P<t>{trie_pattern(category_terms)})(?!\w)"
                rf"(?P<by>\s+(?:{cue_pattern})\s+by\s+(?:the\s+)?)?",
                flags,
            ),
            cues=tuple(cues),
        )


def _institution_terms(kb: KnowledgeBase) -> dict[str, Term]:
    terms: dict[str, Term] = {}
    for inst in kb.institutions.values():
        for word, title in [*((t, False) for t in inst.terms), *((t, True) for t in inst.titles)]:
            key = folded_key(word)
            if key in terms and terms[key].unit != inst.unit:
                raise PackError(
                    f"institution term {word!r} is claimed by units {terms[key].unit!r} and {inst.unit!r}"
                )
            terms[key] = Term(inst.unit, title)
    return terms
