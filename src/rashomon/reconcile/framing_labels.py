"""Labels: the noun phrase an article uses for an actor, normalised, and the group it is counted under.

A label is the mention as written, widened to its noun phrase where the linker's span is narrower:
qualifiers just before it ("the rebel Rapid Support Forces", "the so-called “moderate opposition”
militants"), a category word just after a name ("al-Nusra jihadists"), the shared noun of coordinated
adjectives ("Russian and Turkish forces": "Russian forces"); a person's name is cut off its title
("Turkish President Recep Tayyip Erdogan": "turkish president"). Normalised: lower case (acronyms
kept), quote marks and leading determiners dropped. Labels are compared by `fold_key` (plural and
singular, case, accents, hyphens folded).

Groups: a label counts for the actor the linker gave, except that country-specific category actors
("Syrian rebels", SYR.REB) join their category (category:REB), so that one outlet's "terrorists" and
another's "Syrian rebels" for the same fighters land in one row; a discovered actor is keyed by its
folded name, so "Houthis" and "Houthi" are one group.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from rashomon.extract.quotes import quote_regions
from rashomon.kb.knowledge import KnowledgeBase
from rashomon.kb.matchers import ascii_fold, folded_key, is_acronym, slug
from rashomon.kb.packs import CATEGORY_PREFIX, DISCOVERED_PREFIX, PERSON_PREFIX
from rashomon.reconcile.framing_inputs import ActorSpan
from rashomon.types import Span

DETERMINERS = frozenset(
    {"the", "a", "an", "this", "that", "these", "those", "its", "their", "his", "her", "our", "your", "my",
     "some", "such"}
)  # fmt: skip
_QUOTE_MARKS = '"“”„«»‘’`'
_INNER_APOSTROPHE = re.compile(r"(?<=\w)[’ʼ‘](?=\w)")
_WORD_BEFORE = re.compile(r"(?P<w>[^\W\d_](?:[\w-]|['’.](?=\w))*)[ \t]*\Z")
_SPACES_BEFORE = re.compile(r"[ \t]*\Z")
_CLAUSE_END = ".,;:!?"
_MAX_QUALIFIERS = 4  # "so-called", a quoted phrase and two more words cover what the seeds show


@dataclass(frozen=True)
class Vocabulary:
    """Words that may qualify an actor's name from the left and belong to its label."""

    qualifiers: frozenset[str]  # folded: "so-called", "rebel", "terrorist", "illegal", ...
    backing_cues: tuple[str, ...]  # "backed", "supported": "Turkish-backed" qualifies too
    quoted_words: int = 4  # a quoted phrase this short just before a name qualifies it (scare quotes)

    def qualifies(self, word: str) -> bool:
        key = fold_key(word)
        if key in self.qualifiers:
            return True
        head, _, tail = word.casefold().rpartition("-")
        return bool(head) and (tail in self.backing_cues or head in ("pro", "anti"))


def vocabulary(kb: KnowledgeBase, extra: Iterable[str] = (), quoted_words: int = 4) -> Vocabulary:
    """Qualifiers from the packs (their `qualifiers` and one-word category terms, which qualify as
    adjectives: "rebel", "terrorist"), plus `extra` (the loaded terms that qualify what follows)."""
    words = [q for pack in kb.packs for q in pack.qualifiers]
    words += [t for cat in kb.categories.values() for t in cat.terms if " " not in t.strip()]
    cues = tuple(c.casefold() for pack in kb.packs for c in pack.backing_cues)
    return Vocabulary(frozenset(fold_key(w) for w in [*words, *extra]), cues, quoted_words)


# --- normalising and folding ---------------------------------------------------------------------


def normalise_label(written: str) -> str:
    """ "the Syrian regime" -> "syrian regime"; "“Terrorists”" -> "terrorists"; "HTS" stays."""
    text = _INNER_APOSTROPHE.sub("'", written)
    words = [w.strip(_QUOTE_MARKS + ",.;:()[]") for w in text.split()]
    words = [w for w in words if w]
    while len(words) > 1 and words[0].casefold() in DETERMINERS:
        words.pop(0)
    return " ".join(w if is_acronym(w) and len(w) > 1 else w.casefold() for w in words)


@lru_cache(maxsize=1 << 16)  # a store repeats its labels: "the regime", "Hamas", "terrorists"
def fold_key(label: str) -> str:
    """The key under which labels count as one: "Terrorists" = "terrorist", "Erdoğan" = "erdogan"."""
    words = ascii_fold(folded_key(label)).replace("-", " ").split()
    return " ".join(_singular(w) for w in words)


def _singular(word: str) -> str:
    if len(word) <= 3 or not word.endswith("s") or word.endswith(("ss", "us", "is", "'s")):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "xes", "zes")):
        return word[:-2]
    return word[:-1]


# --- the written label of a mention --------------------------------------------------------------


@dataclass(frozen=True)
class Labelled:
    """A mention with the span and words of its label (wider than the mention where it qualifies)."""

    mention: ActorSpan
    span: Span
    written: str

    @property
    def label(self) -> str:
        return normalise_label(self.written)

    @property
    def term(self) -> str:
        """The linker's term or alias ("terrorists", "regime"): a coarser label; the label itself for
        a discovered actor."""
        return normalise_label(self.mention.label) if self.mention.label else self.label


def labelled_mentions(text: str, mentions: Sequence[ActorSpan], vocab: Vocabulary) -> list[Labelled]:
    """Every mention with its label; a category mention right after a name is absorbed into it."""
    ordered = sorted(mentions, key=lambda m: (m.start, m.end))
    around = _Around(text, ordered, vocab)
    out: list[Labelled] = []
    for mention in ordered:
        previous = out[-1] if out else None
        if previous is not None and _absorbs(text, previous.mention, mention):
            written = previous.written + text[previous.span[1] : mention.end]
            out[-1] = Labelled(previous.mention, (previous.span[0], mention.end), written)
            continue
        start = _qualified_start(text, mention, around)
        written = text[start : mention.start] + _core(text, mention)
        out.append(Labelled(mention, (start, mention.end), written))
    return out


def _absorbs(text: str, name: ActorSpan, category: ActorSpan) -> bool:
    """ "al-Nusra jihadists", "Houthi rebels": a bare category word after a name is that actor."""
    gap = text[name.end : category.start]
    return (
        category.kind == "category"
        and name.kind != "category"
        and not name.actor_id.startswith(PERSON_PREFIX)
        and gap.isspace()
        and "\n" not in gap
        and folded_key(text[category.start : category.end]) == folded_key(category.label or "")
    )


def _core(text: str, mention: ActorSpan) -> str:
    written = text[mention.start : mention.end]
    if mention.actor_id.startswith(PERSON_PREFIX):
        return _title_of(written, mention.name)
    label = mention.label or ""
    if mention.kind == "pattern" and label and fold_key(label) not in fold_key(written):
        return f"{written} {label}"  # "Russian" of "Russian and Turkish forces"
    return written


def _title_of(written: str, name: str) -> str:
    """ "Turkish President Recep Tayyip Erdogan" -> "Turkish President"; a bare name stays."""
    name_words = {fold_key(w) for w in name.split()}
    words = written.split()
    while words and fold_key(words[-1]) in name_words:
        words.pop()
    return " ".join(words) if words else written


class _Around:
    """What `_qualified_start` looks up, computed once per text: the short quotes by their end (the
    first in text order for each end) and the mentions' spans, sorted, with the running maximum of
    their ends, so that "does another mention overlap [a, b)" takes a bisection."""

    def __init__(self, text: str, ordered: Sequence[ActorSpan], vocab: Vocabulary) -> None:
        self.text, self.vocab = text, vocab
        self.short_by_end: dict[int, Span] = {}
        for quote in quote_regions(text):
            if is_short_quote(text, quote, vocab.quoted_words):
                self.short_by_end.setdefault(quote[1], quote)
        self.starts = [m.start for m in ordered]  # `ordered` is sorted by start
        self.max_end: list[int] = []
        for mention in ordered:
            self.max_end.append(max(self.max_end[-1], mention.end) if self.max_end else mention.end)

    def taken(self, start: int, end: int) -> bool:
        """Whether a mention overlaps [start, end): one starts before `end` and ends after `start`."""
        before = bisect_left(self.starts, end)
        return before > 0 and self.max_end[before - 1] > start


def _qualified_start(text: str, mention: ActorSpan, around: _Around) -> int:
    """Where the label starts: qualifiers, and a quoted phrase before a common noun ("the “moderate
    opposition” militants", not asked to “stop” Damascus), just before the mention join it."""
    vocab = around.vocab
    start = mention.start
    common = text[mention.start : mention.start + 1].islower()
    for _ in range(_MAX_QUALIFIERS):
        gap = _SPACES_BEFORE.search(text, max(0, start - 20), start)
        edge = gap.start() if gap else start
        quoted = around.short_by_end.get(edge)
        word = _WORD_BEFORE.search(text, max(0, edge - 60), edge)
        if quoted is not None and common:
            new_start = quoted[0]
        elif word is not None and vocab.qualifies(word.group("w")):
            new_start = word.start("w")
        else:
            break
        if around.taken(new_start, edge):
            break  # another actor's words
        start = new_start
    return start


def is_short_quote(text: str, region: Span, max_words: int) -> bool:
    """A quoted phrase, not a quoted sentence: a few words, no clause punctuation at its end."""
    inner = text[region[0] : region[1]].strip(_QUOTE_MARKS + " ")
    return 0 < len(inner.split()) <= max_words and inner[-1] not in _CLAUSE_END and "\n" not in inner


# --- groups --------------------------------------------------------------------------------------


def group_of(mention: ActorSpan, kb: KnowledgeBase) -> tuple[str, str, str | None]:
    """(id, name, sector) of the row a mention counts under."""
    if mention.kind == "discovered":
        return DISCOVERED_PREFIX + slug(fold_key(mention.name)), mention.name, mention.sector
    actor = kb.actor(mention.actor_id)
    if actor is None:
        return mention.actor_id, mention.name, mention.sector
    if actor.type == "category" and actor.sector in kb.categories:
        category = kb.categories[actor.sector]
        return CATEGORY_PREFIX + category.sector, category.name, category.sector
    return actor.id, actor.name, actor.sector
