"""Loaded terms ("so-called", "illegal", "occupied", "aggression", "liberated", scare quotes) and
what each is attached to: the actor mention or noun phrase it qualifies, or the doer it names.

The terms are language data (rashomon/data/<lang>/framing.json, described in its "about" field); this
module only finds them and their attachment, by rules on the text and the actor mentions, with no
parser: the noun phrase after a qualifier runs to the first function word, verb-like word or
punctuation; a doer is the actor mention or country word just before ("Turkish aggression", "Russia's
invasion") or after "by".
"""

from __future__ import annotations

import re
from bisect import bisect_left, insort
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from rashomon.errors import UsageError
from rashomon.extract.quotes import quote_regions
from rashomon.kb.countries import find_country
from rashomon.language_data import language_data_path, load_language_data
from rashomon.reconcile.framing_inputs import ActorSpan
from rashomon.reconcile.framing_labels import DETERMINERS, is_short_quote
from rashomon.reconcile.spans import SpanIndex, first_by_key
from rashomon.types import Span
from rashomon.word_check import RequiredWords, text_words

ATTACH = ("next", "agent", "self")
_ACT_CATEGORIES = frozenset({"euphemism"})  # terms for acts, not for who does them
_DASHES = r"\-‐‑‒–"
# Function words that end the noun phrase a qualifier attaches to.
_FRAMING_WORDS = load_language_data("framing")
_STOP = frozenset(_FRAMING_WORDS["phrase_stop_words"])
# Conjunctions skipped before the phrase's first word, and endings of verb-like words that end it.
_CONJUNCTIONS = tuple(_FRAMING_WORDS["phrase_conjunctions"])
_VERB_LIKE_ENDINGS = tuple(_FRAMING_WORDS["verb_like_endings"])
_NEXT_WORD = re.compile(r"[ \t]*(?P<q>[\"“”‘’«»]?)[ \t]*(?P<w>[^\W_](?:[\w-]|['’.](?=\w))*)")
_MAX_PHRASE_WORDS = 5  # "US military base", "oil-rich Trans-Euphrates area": enough for a head noun
_AGENT_GAP = re.compile(r"(?:['’]s)?[ \t]*\Z")
_BY_AFTER = re.compile(
    rf"[ \t]+(?:{'|'.join(_FRAMING_WORDS['agent_prepositions'])})[ \t]+"
    rf"(?:(?:{'|'.join(_FRAMING_WORDS['agent_articles'])})[ \t]+)?"
)


class LexiconError(UsageError):
    """The loaded-terms data file breaks its format."""

    code = "bad-framing-lexicon"


@dataclass(frozen=True)
class TermEntry:
    term: str  # the canonical form counted ("so-called", "occupied")
    category: str
    attach: str  # next | agent | self
    pattern: re.Pattern[str]
    in_mention_only: bool = False
    # The words a text needs for `pattern` to match (`rashomon.word_check`); None: always searched.
    required: RequiredWords | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Lexicon:
    entries: tuple[TermEntry, ...]
    categories: dict[str, str]  # name -> what it covers
    scare_category: str
    scare_max_words: int
    claim_cues: frozenset[str]  # attribution verbs that mark a contested claim ("claimed")
    not_parties: frozenset[str]  # sectors of categories never expected to answer (civilians)

    def qualifier_forms(self) -> list[str]:
        """Written forms of the terms that qualify what follows: they belong to an actor's label. A
        euphemism for an act ("neutralise") is a verb on its object, no part of the object's name."""
        return [e.term for e in self.entries if e.attach == "next" and e.category not in _ACT_CATEGORIES]


@lru_cache(maxsize=4)
def load_lexicon(language: str = "en") -> Lexicon:
    """The shipped loaded-terms file for a language (read once per process)."""
    return lexicon_from_data(load_language_data("framing", language), language_data_path("framing", language))


def lexicon_from_data(data: dict[str, Any], source: str = "framing data") -> Lexicon:
    categories = {str(k): str(v) for k, v in data.get("categories", {}).items()}
    entries = tuple(_entry(row, i, source, categories) for i, row in enumerate(data.get("terms", [])))
    scare = data.get("scare_quotes", {})
    return Lexicon(
        entries=entries,
        categories=categories,
        scare_category=str(scare.get("category", "distancing")),
        scare_max_words=int(scare.get("max_words", 4)),
        claim_cues=frozenset(str(c).casefold() for c in data.get("claim_cues", [])),
        not_parties=frozenset(str(s) for s in data.get("not_parties", [])),
    )


def _entry(row: dict[str, Any], index: int, source: str, categories: dict[str, str]) -> TermEntry:
    where = f"{source}: terms[{index}]"
    term, category, attach = row.get("term"), row.get("category"), row.get("attach", "next")
    if not isinstance(term, str) or not term.strip():
        raise LexiconError(f"{where}.term: expected a non-empty string")
    if category not in categories:
        raise LexiconError(f"{where}.category: {category!r} is not one of {', '.join(categories)}")
    if attach not in ATTACH:
        raise LexiconError(f"{where}.attach: {attach!r} is not one of {', '.join(ATTACH)}")
    forms = row.get("forms") or [term]
    prefix = row.get("prefix")
    if prefix not in (None, "allowed", "required"):
        raise LexiconError(f"{where}.prefix: {prefix!r} is not 'allowed' or 'required'")
    return TermEntry(
        term,
        category,
        attach,
        _term_pattern(forms, prefix),
        bool(row.get("in_mention_only")),
        RequiredWords(_form_parts(form) for form in forms),
    )


def _form_parts(form: str) -> list[str]:
    """A form's words as `_term_pattern` matches them: any run of spaces and dashes between them."""
    return re.split(rf"[\s{_DASHES}]+", form.strip())


def _term_pattern(forms: Sequence[str], prefix: str | None) -> re.Pattern[str]:
    alternatives = "|".join(
        rf"[\s{_DASHES}]+".join(re.escape(part) for part in _form_parts(form))
        for form in sorted(forms, key=len, reverse=True)
    )
    lead = rf"(?P<pre>[^\W\d_][\w.'’]*)[{_DASHES}]"  # "US-occupied": who occupies
    lead = {"allowed": f"(?:{lead})?", "required": lead}.get(prefix or "", "")
    return re.compile(rf"(?<![\w{_DASHES}]){lead}(?P<t>{alternatives})(?![\w{_DASHES}])", re.IGNORECASE)


# --- finding the terms ---------------------------------------------------------------------------


@dataclass(frozen=True)
class TermHit:
    """A loaded term found in a text, with what it attaches to (None where nothing was found)."""

    span: Span
    written: str
    term: str
    category: str
    relation: str  # qualifies | agent | names | scare quotes
    attached: Span | None
    actor: ActorSpan | None  # the actor mention it attaches to
    agent: str | None = None  # a backer or occupier named in the term ("US-occupied"): ISO3 or actor id


def find_terms(text: str, mentions: Sequence[ActorSpan], lexicon: Lexicon) -> list[TermHit]:
    """Every loaded term and scare-quoted name of a text, in text order, without overlaps."""
    index = MentionIndex(mentions)
    scare = [q for q in quote_regions(text) if is_short_quote(text, q, lexicon.scare_max_words)]
    hits = [h for q in scare if (h := _scare_quote(text, q, index, lexicon)) is not None]
    quoted = SpanIndex([h.span for h in hits], lambda q: q[0], lambda q: q[1])
    words = text_words(text)
    for entry in lexicon.entries:
        if entry.required is not None and not entry.required.could_match(words):
            continue  # the text lacks a word of every form: the pattern cannot match
        for found in entry.pattern.finditer(text):
            span = found.span()
            if quoted.containing(*span):
                continue  # "so-called “moderate opposition”": the quotes are the judgement
            hit = _attach(text, found, entry, index)
            if hit is not None:
                hits.append(hit)
    return _without_overlaps(hits)


class MentionIndex:
    """An article's mentions, indexed for the look-ups below (each would otherwise scan them all);
    every answer is the one the scan in the mentions' order gives."""

    def __init__(self, mentions: Sequence[ActorSpan]) -> None:
        self.spans = SpanIndex(mentions)
        self.by_start = first_by_key(mentions, lambda m: m.start)
        self.by_end = first_by_key(mentions, lambda m: m.end)

    def starting_at(self, position: int) -> ActorSpan | None:
        return self.by_start.get(position)  # type: ignore[return-value]

    def ending_at(self, position: int) -> ActorSpan | None:
        return self.by_end.get(position)  # type: ignore[return-value]

    def first_containing(self, start: int, end: int) -> ActorSpan | None:
        around = self.spans.containing(start, end)
        return around[0] if around else None


def _index(mentions: Sequence[ActorSpan] | MentionIndex) -> MentionIndex:
    return mentions if isinstance(mentions, MentionIndex) else MentionIndex(mentions)


def _attach(text: str, found: re.Match[str], entry: TermEntry, mentions: MentionIndex) -> TermHit | None:
    span = found.span()
    inside = _mention_at(span, mentions)
    if entry.in_mention_only and inside is None:
        return None
    agent = _prefix_agent(found, mentions) if "pre" in found.groupdict() and found.group("pre") else None
    hit = TermHit(span, found.group(), entry.term, entry.category, "names", None, None, agent)
    if inside is not None:  # "foreign-backed terrorists", "the regime": the mention is the phrase
        relation = "qualifies" if entry.attach == "next" else "names"
        return _with(hit, relation, (inside.start, inside.end), inside)
    if entry.attach == "next":
        phrase = phrase_after(text, span[1], mentions)
        actor = _mention_in(phrase, mentions) if phrase else None
        return _with(hit, "qualifies", phrase, actor or _possessor(text, span[0], mentions))
    if entry.attach == "agent":
        return _agent(text, hit, mentions)
    return hit


def _with(hit: TermHit, relation: str, attached: Span | None, actor: ActorSpan | None) -> TermHit:
    return TermHit(hit.span, hit.written, hit.term, hit.category, relation, attached, actor, hit.agent)


def _agent(text: str, hit: TermHit, mentions: MentionIndex) -> TermHit:
    """The doer of "aggression", "invasion": a mention or country word before, or "by X" after."""
    start, end = hit.span
    gap = _AGENT_GAP.search(text, max(0, start - 4), start)
    edge = gap.start() if gap else start
    before = mentions.ending_at(edge)
    if before is not None:
        return _with(hit, "agent", (before.start, before.end), before)
    word = re.search(r"(?P<w>[^\W\d_][\w'’-]*)\Z", text[max(0, edge - 40) : edge])
    iso3 = _country_id(word.group("w")) if word else None
    if word is not None and iso3 is not None:
        doer = (edge - len(word.group("w")), edge)
        return TermHit(hit.span, hit.written, hit.term, hit.category, "agent", doer, None, iso3)
    by = _BY_AFTER.match(text, end)
    after = mentions.starting_at(by.end()) if by is not None else None
    if after is not None:
        return _with(hit, "agent", (after.start, after.end), after)
    return _with(hit, "agent", None, None)


def _scare_quote(text: str, region: Span, mentions: MentionIndex, lexicon: Lexicon) -> TermHit | None:
    """A short quoted phrase on a name ("the work of "terrorists"") or just before one (“moderate
    opposition” militants); quoted phrases on anything else are partial quotations, not framing."""
    inside = mentions.spans.within(region[0], region[1])
    after = re.compile(r"[ \t]+").match(text, region[1])
    following = mentions.starting_at(after.end()) if after is not None else None
    if following is not None and not text[following.start].islower():
        following = None  # “moderate opposition” militants; not asked to “stop” Damascus
    actor = inside[-1] if inside else following
    if actor is None:
        return None
    attached = (min(region[0], actor.start), max(region[1], actor.end))
    written = text[region[0] : region[1]]
    return TermHit(region, written, "scare quotes", lexicon.scare_category, "scare quotes", attached, actor)


def phrase_after(text: str, position: int, mentions: Sequence[ActorSpan] | MentionIndex) -> Span | None:
    """The noun phrase that starts after `position`: words up to a function word, a verb-like word
    (-ed, -ing) after the first, punctuation, or the end of an actor mention."""
    mentions = _index(mentions)
    start = end = None
    words = 0
    while words < _MAX_PHRASE_WORDS and (found := _NEXT_WORD.match(text, end or position)) is not None:
        word = found.group("w").casefold()
        first = start is None
        if first and word in (*DETERMINERS, *_CONJUNCTIONS):
            position = found.end()  # "neutralise the terrorists", "US-occupied and oil-rich ... area"
            continue
        if word in _STOP or (not first and (word in DETERMINERS or word.endswith(_VERB_LIKE_ENDINGS))):
            break
        start = found.start("q" if found.group("q") else "w") if first else start
        end = found.end("w")
        words += 1
        closing = mentions.first_containing(end - 1, end) if end > 0 else None
        if closing is not None and closing.end == end:
            break  # the phrase's head is an actor's name or label
    return (start, end) if start is not None and end is not None else None


def _possessor(text: str, start: int, mentions: MentionIndex) -> ActorSpan | None:
    """ "Russia's alleged actions": the owner of what a qualifier qualifies, when nothing else is."""
    gap = re.search(r"['’]s[ \t]+\Z", text[max(0, start - 6) : start])
    edge = start - len(gap.group()) if gap else -1
    return mentions.ending_at(edge)


def _mention_at(span: Span, mentions: MentionIndex) -> ActorSpan | None:
    return mentions.first_containing(span[0], span[1])


def _mention_in(span: Span, mentions: MentionIndex) -> ActorSpan | None:
    """The last mention overlapping a phrase: its head is at its right end."""
    overlapping = mentions.spans.overlapping(span[0], span[1])
    return overlapping[-1] if overlapping else None


def _prefix_agent(found: re.Match[str], mentions: MentionIndex) -> str | None:
    """Who "US-occupied", "Turkish-backed" names: the actor mention on the prefix, else its country."""
    start, end = found.span("pre")
    on_prefix = mentions.first_containing(start, end)
    return on_prefix.actor_id if on_prefix is not None else _country_id(found.group("pre"))


def _country_id(word: str) -> str | None:
    match = find_country(f"the {word}")  # with no lower-case letter a phrase reads as shouted: no "US"
    return match.country.iso3 if match is not None and match.text == word else None


def _without_overlaps(hits: list[TermHit]) -> list[TermHit]:
    """Longest first, then earlier entries of the lexicon (their list order); in text order."""
    kept: list[TermHit] = []
    placed: list[Span] = []  # the kept spans, sorted: they do not overlap one another
    for hit in sorted(hits, key=lambda h: h.span[0] - h.span[1]):
        if not _overlaps_placed(hit.span, placed):
            kept.append(hit)
            insort(placed, hit.span)
    return sorted(kept, key=lambda h: h.span)


def _overlaps_placed(span: Span, placed: list[Span]) -> bool:
    """Whether a span overlaps one of `placed` (sorted, pairwise not overlapping). Their non-empty
    spans end in start order, so only those starting before `span` ends, back to the first non-empty
    one that ends by its start, can overlap it."""
    position = bisect_left(placed, (span[1], -(1 << 62))) - 1
    while position >= 0:
        start, end = placed[position]
        if start < span[1] and span[0] < end:
            return True
        if start < end and end <= span[0]:
            return False
        position -= 1
    return False
