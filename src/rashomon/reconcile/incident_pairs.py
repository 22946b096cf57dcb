"""Candidate pairs of incident matching, and their evidence computed many pairs at a time.

Blocking: events meet only inside blocks (type family x story, type family x month). A block of at
most MAX_BLOCK events compares all its pairs; a larger one only events at most NEIGHBOURS apart in
date order (sorted neighbourhood), so the pairs grow linearly with the events, not quadratically.

The pairs are generated block by block, in chunks, and each chunk is scored at once by `EventTable`
with numpy: the arithmetic of `incident_rules.compatible`, `score` and `needed`, term by term in the
same order, so the same floats bit for bit (tests/test_reconcile_incidents.py checks it pair by pair).
Only the pairs strong enough to merge are kept: the candidate pairs and their scores are never all
held at once, which bounds memory (bench/clustering_scale.py).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from operator import attrgetter
from typing import Any

import numpy as np

from rashomon.extract.event_families import MODE_KINDS, is_attack, is_custody
from rashomon.kb.packs import known_actor
from rashomon.reconcile.incident_rules import (
    ADJACENT_CHARS,
    DATE_SLACK_DAYS,
    FAMILY,
    SPEECH_ACTS,
    Weights,
    effective_date,
    eligible,
    trigger_words,
)
from rashomon.reconcile.records import DateSpan, EventFacts, PlaceRef

MAX_BLOCK = 150  # above this, a block is compared by sorted neighbourhood (a cost bound, not tuned)
NEIGHBOURS = 25  # sorted-neighbourhood window
CHUNK = 1 << 17  # pairs scored per numpy batch: bounds the temporary arrays to tens of MB (not tuned)
_OPEN = 1 << 40  # an open date bound, as a day number beyond any real one
_SLOTS = 3  # blocks an event can be in: its story's and at most two periods (`month_keys`)

Pairs = tuple[np.ndarray, np.ndarray]  # index arrays (i, j), i < j pair by pair
Ranked = tuple[np.ndarray, np.ndarray, np.ndarray]  # pairs (i, j) and their scores


@lru_cache(maxsize=1 << 16)
def month_keys(lo: int, hi: int) -> tuple[str, ...]:
    """Month buckets a span of days touches when it is narrow (two months at most), else its years;
    none when it is open (see `EventTable.lo`)."""
    if lo == -_OPEN or hi == _OPEN:
        return ()
    first, last = datetime.date.fromordinal(lo), datetime.date.fromordinal(hi)
    months = (last.year - first.year) * 12 + last.month - first.month
    if months <= 1:
        return tuple(sorted({f"{d.year}-{d.month:02d}" for d in (first, last)}))
    return tuple(str(year) for year in range(first.year, min(last.year, first.year + 1) + 1))


class Candidates:
    """Index pairs worth scoring: same family and (same story or article, or same period). They are
    produced in chunks (`chunks`), never all at once; `contains` tells whether a pair is one of them
    from the blocks of its two events and their positions in a large block."""

    def __init__(self, events: Sequence[EventFacts], story_of: Mapping[str, str], table: EventTable) -> None:
        self.blocks = _blocks(events, story_of, table)
        block = np.full((len(events), _SLOTS), -1, dtype=np.int32)  # the blocks of each event
        position = np.full((len(events), _SLOTS), -1, dtype=np.int32)  # in a large block; -1: small
        filled = np.zeros(len(events), dtype=np.int8)
        for b, members in enumerate(self.blocks):
            slot = filled[members]
            block[members, slot] = b
            if len(members) > MAX_BLOCK:
                position[members, slot] = np.arange(len(members))
            filled[members] += 1
        self._block, self._position = memoryview(block), memoryview(position)  # fast single items

    def chunks(self) -> Iterator[Pairs]:
        """All the pairs, about CHUNK at a time; a pair that two blocks share comes twice."""
        firsts: list[np.ndarray] = []
        seconds: list[np.ndarray] = []
        size = 0
        for members in self.blocks:
            for i, j in _block_pairs(members):
                firsts.append(i)
                seconds.append(j)
                size += len(i)
                if size >= CHUNK:
                    yield np.concatenate(firsts), np.concatenate(seconds)
                    firsts, seconds, size = [], [], 0
        if size:
            yield np.concatenate(firsts), np.concatenate(seconds)

    def contains(self, i: int, j: int) -> bool:
        """Whether (i, j) is a candidate pair: in one block, and within the window of a large one."""
        blocks, positions = self._block, self._position
        for slot in range(_SLOTS):
            block = blocks[i, slot]
            if block < 0:  # slots fill from the first
                return False
            for other in range(_SLOTS):
                if blocks[j, other] == block:
                    here = positions[i, slot]
                    if here < 0 or abs(here - positions[j, other]) <= NEIGHBOURS:
                        return True
                    break
        return False


def _blocks(events: Sequence[EventFacts], story_of: Mapping[str, str], table: EventTable) -> list[np.ndarray]:
    """The members of each block of two or more events: ascending in a small block, in date order
    (ties: ids) in a large one, as its sorted neighbourhood reads them."""
    blocks: dict[tuple[str, str], list[int]] = defaultdict(list)
    spans = zip(table.eligible.tolist(), table.lo.tolist(), table.hi.tolist(), strict=True)
    for i, (event, (ok, lo, hi)) in enumerate(zip(events, spans, strict=True)):
        if not ok:
            continue
        family = FAMILY.get(event.plover_type, event.plover_type)
        group = story_of.get(event.article_id) or event.article_id
        blocks[(family, f"s:{group}")].append(i)
        for key in month_keys(lo, hi):
            blocks[(family, key)].append(i)
    mid = table.mid()
    found = []
    for members in map(np.asarray, blocks.values()):
        if len(members) > MAX_BLOCK:
            members = members[np.lexsort((table.rank[members], mid[members]))]
        if len(members) > 1:
            found.append(members)
    return found


def _block_pairs(members: np.ndarray) -> Iterator[Pairs]:
    """A block's pairs: all of a small one (members ascend), a window over a large one (in pieces)."""
    if len(members) <= MAX_BLOCK:
        first, second = _triangle(len(members))
        yield members[first], members[second]
        return
    for offset in range(1, NEIGHBOURS + 1):
        for start in range(0, max(len(members) - offset, 0), CHUNK):
            a = members[start : start + CHUNK]
            b = members[start + offset : start + offset + CHUNK]
            a = a[: len(b)]
            yield np.minimum(a, b), np.maximum(a, b)


@lru_cache(maxsize=MAX_BLOCK + 1)
def _triangle(size: int) -> Pairs:
    first, second = np.triu_indices(size, 1)
    return first, second


def candidate_pairs(
    events: Sequence[EventFacts], story_of: Mapping[str, str] | None = None
) -> set[tuple[int, int]]:
    """The candidate pairs as a set (for inspection and tests: matching never holds them all)."""
    found: set[tuple[int, int]] = set()
    stories = story_of or {}
    for i, j in Candidates(events, stories, EventTable(events, stories)).chunks():
        found.update(zip(i.tolist(), j.tolist(), strict=True))
    return found


def _is_none(value: object) -> bool:
    return value is None


def _falsy(value: object) -> bool:
    return not value


def _never(value: object) -> bool:
    return False


def _field(items: Sequence[object], name: str) -> list[Any]:
    return list(map(attrgetter(name), items))


def _codes(values: Sequence[Hashable], missing: Callable[[object], bool] = _is_none) -> np.ndarray:
    """Equal values get equal ints, a missing value -1 (ints compared within one column only)."""
    code: dict[Hashable, int] = {}
    for value in dict.fromkeys(values):  # each distinct value once
        code[value] = -1 if missing(value) else len(code)
    return np.fromiter(map(code.__getitem__, values), dtype=np.int32, count=len(values))


def _flags(values: Iterable[object]) -> np.ndarray:
    return np.fromiter(map(bool, values), dtype=bool)


def _ints(values: Iterable[int]) -> np.ndarray:
    return np.fromiter(values, dtype=np.int64)


def _same(codes: np.ndarray, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Both given and equal (the rules' `a.x and a.x == b.x`)."""
    a = codes[i]
    return (a >= 0) & (a == codes[j])


def _term(condition: np.ndarray, weight: float) -> np.ndarray:
    return np.where(condition, weight, 0.0)


def _close(figures: np.ndarray, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """`incident_rules._figures_close` (figures hold -1 for None: it fails `> 0`)."""
    a, b = figures[i], figures[j]
    return (a > 0) & (b > 0) & (np.maximum(a, b) <= 2 * np.minimum(a, b))


def _none_against_some(figures: np.ndarray, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """`incident_rules._none_against_some` (figures hold -1 for None)."""
    a, b = figures[i], figures[j]
    return (np.minimum(a, b) == 0) & (np.maximum(a, b) > 0)


_NOWHERE = PlaceRef("")  # stands in for a missing place; `present` masks it out


@dataclass(frozen=True)
class _PlaceColumns:
    """Places as parallel arrays, for `places_compatible` and `place_score` over many pairs. The
    rules test some fields for None and others for truth, so both are kept where they differ."""

    present: np.ndarray
    country: np.ndarray  # -1: none or empty
    admin1: np.ndarray  # -1: None ("" is a value for `is not None`)
    admin1_given: np.ndarray  # a non-empty admin1
    geo: np.ndarray  # geonameid, -1: None
    geo_given: np.ndarray  # a non-zero geonameid
    level: np.ndarray
    town: np.ndarray
    name: np.ndarray

    @classmethod
    def of(cls, places: Sequence[PlaceRef | None]) -> _PlaceColumns:
        real = [p or _NOWHERE for p in places]
        admin1, geonameid = _field(real, "admin1"), _field(real, "geonameid")
        return cls(
            present=_flags(p is not None for p in places),
            country=_codes(_field(real, "country"), _falsy),
            admin1=_codes(admin1),
            admin1_given=_flags(admin1),
            geo=_codes(geonameid),
            geo_given=_flags(geonameid),
            level=np.fromiter(map(attrgetter("level"), real), dtype=np.int8, count=len(real)),
            town=_flags(kind == "town" for kind in _field(real, "kind")),
            name=_codes(_field(real, "name"), _never),
        )

    def compatible(self, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        """`places_compatible`, pair by pair."""
        country_a, country_b = self.country[i], self.country[j]
        foreign = (country_a >= 0) & (country_b >= 0) & (country_a != country_b)
        admin_a, admin_b = self.admin1[i], self.admin1[j]
        two_points = (self.level[i] >= 3) & (self.level[j] >= 3) & self.geo_given[i] & self.geo_given[j]
        two_points &= self.geo[i] != self.geo[j]
        one_region = (admin_a >= 0) & (admin_a == admin_b) & ~(self.town[i] & self.town[j])
        two_regions = self.admin1_given[i] & self.admin1_given[j] & (admin_a != admin_b)
        fits = ~foreign & np.where(two_points, one_region, ~two_regions)
        return ~self.present[i] | ~self.present[j] | fits

    def scores(self, i: np.ndarray, j: np.ndarray, w: Weights) -> np.ndarray:
        """`place_score`, pair by pair."""
        level = self.level[i]
        same = _same(self.geo, i, j) | ((self.name[i] == self.name[j]) & (level >= 2))
        region = self.admin1_given[i] & (self.admin1[i] == self.admin1[j])
        value = np.where(
            same,
            np.where(level >= 2, w.same_place, w.same_country),
            np.where(region, w.same_region, _term(_same(self.country, i, j), w.same_country)),
        )
        return np.where(self.present[i] & self.present[j] & self.compatible(i, j), value, 0.0)


class EventTable:
    """What the rules read of each event, as parallel arrays indexed like the events."""

    def __init__(self, events: Sequence[EventFacts], story_of: Mapping[str, str]) -> None:
        self.n = len(events)
        self.rank, self.ident = _id_ranks(events)
        self.eligible = _flags(map(eligible, events))
        types = _field(events, "plover_type")
        self.family = _codes([FAMILY.get(t, t) for t in types])
        self.type = _codes(types)
        self.speech = _flags(map(SPEECH_ACTS.__contains__, types))
        self.mode = _codes(_field(events, "plover_mode"), _falsy)
        self.mode_kinds = _kind_masks(_field(events, "plover_mode"))
        senses = list(zip(types, _field(events, "plover_mode"), strict=True))
        self.custody = _flags(is_custody(*sense) for sense in senses)
        self.attack = _flags(is_attack(*sense) for sense in senses)
        self.actor = _codes(_field(events, "actor_id"), _falsy)
        self.target = _codes(_field(events, "target_id"), _falsy)
        self.known_target = _flags(map(known_actor, _field(events, "target_id")))
        articles = _field(events, "article_id")
        self.article = _codes(articles)
        self.statement = _codes(_field(events, "statement_id"))
        self.story = _codes([story_of.get(a) for a in articles])
        self.start = _ints(_field(events, "start"))
        self.negated = _flags(_field(events, "negated"))
        self.background = _flags(_field(events, "background"))
        self.lead = _flags(_field(events, "lead"))
        self.dated = _flags(d is not None for d in _field(events, "date"))
        spans = [effective_date(e) or DateSpan(None, None) for e in events]
        self.lo = _ints(-_OPEN if s.lo is None else s.lo for s in spans)
        self.hi = _ints(_OPEN if s.hi is None else s.hi for s in spans)
        self.fatalities = _ints(-1 if x is None else x for x in _field(events, "fatalities"))
        self.injured = _ints(-1 if x is None else x for x in _field(events, "injured"))
        self.words = _word_matrix(_field(events, "trigger"))
        self.target_lineage = _lineage(_field(events, "target_id"), self.target)
        places = _field(events, "place")
        self.place = _PlaceColumns.of(places)
        self.context = _PlaceColumns.of([p or e.article_place for p, e in zip(places, events, strict=True)])

    def compatible(self, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        """`compatible(events[i], events[j])`, pair by pair."""
        ok = self.eligible[i] & self.eligible[j] & (self.ident[i] != self.ident[j])
        ok &= self.family[i] == self.family[j]
        ok &= ~((self.custody[i] & self.attack[j]) | (self.custody[j] & self.attack[i]))
        actor_a, actor_b = self.actor[i], self.actor[j]
        ok &= ~(self.speech[i] & (actor_a >= 0) & (actor_b >= 0) & (actor_a != actor_b))
        ok &= self.place.compatible(i, j)
        ok &= ~((self.background[i] != self.background[j]) & ~(self.dated[i] & self.dated[j]))
        ok &= (self.lo[i] <= self.hi[j] + DATE_SLACK_DAYS) & (self.lo[j] <= self.hi[i] + DATE_SLACK_DAYS)
        statement = self.statement[i]
        one_statement = (self.article[i] == self.article[j]) & (statement == self.statement[j])
        adjacent = (np.abs(self.start[i] - self.start[j]) <= ADJACENT_CHARS) | (statement < 0)
        return ok & (~one_statement | adjacent)

    def scores(self, i: np.ndarray, j: np.ndarray, w: Weights) -> np.ndarray:
        """`score` of each pair, story evidence included, NaN where `compatible` fails."""
        total = np.where(self.type[i] == self.type[j], w.same_type, w.same_family)
        total += _term(_same(self.mode, i, j), w.same_mode)
        both = self.place.present[i] & self.place.present[j]
        context = np.minimum(self.context.scores(i, j, w), w.context_place)
        total += np.where(both, self.place.scores(i, j, w), context)
        total += _term(self.dated[i] & self.dated[j], w.dated_overlap)
        shared_word = _share_word(self.words, i, j)
        close = _close(self.fatalities, i, j) | _close(self.injured, i, j)
        same_story = _same(self.story, i, j)
        in_story = same_story & ~self._conflict(i, j)
        total += _term(in_story, w.same_story)
        agree = shared_word | close
        total += _term(same_story & agree, w.story_agreement)
        total += _term(in_story & self.lead[i] & self.lead[j], w.leads)
        total += _term(_same(self.actor, i, j), w.shared_actor)
        total += _term(_same(self.target, i, j), w.shared_target)
        total += _term(shared_word, w.shared_trigger_word)
        total += _term(close, w.close_figures)
        return np.where(self.compatible(i, j), total, np.nan)

    def _conflict(self, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        """`story_conflict`, pair by pair."""
        target_a, target_b = self.target[i], self.target[j]
        targets_differ = self.known_target[i] & self.known_target[j] & (target_a != target_b)
        targets_differ &= ~_within(self.target_lineage, target_a, j) & ~_within(
            self.target_lineage, target_b, i
        )
        none = _none_against_some(self.fatalities, i, j) | _none_against_some(self.injured, i, j)
        kinds_a, kinds_b = self.mode_kinds[i], self.mode_kinds[j]
        modes_apart = (
            (self.type[i] == self.type[j]) & (kinds_a > 0) & (kinds_b > 0) & ((kinds_a & kinds_b) == 0)
        )
        return modes_apart | targets_differ | none

    def mid(self) -> np.ndarray:
        """A day for each event (`DateSpan.mid` of its effective date, 0 when none) to sort by."""
        lo, hi = self.lo, self.hi
        has_lo, has_hi = lo != -_OPEN, hi != _OPEN
        one = np.where(has_lo, lo, np.where(has_hi, hi, 0))
        return np.where(has_lo & has_hi, (lo + hi) // 2, one)

    def needed(self, i: np.ndarray, j: np.ndarray, w: Weights) -> np.ndarray:
        """`needed(events[i], events[j])`, pair by pair."""
        alone = np.where(self.article[i] == self.article[j], w.same_article_min, w.merge_min)
        return np.where(self.negated[i] | self.negated[j], max(w.negated_min, w.merge_min), alone)


def _kind_masks(modes: Sequence[str | None]) -> np.ndarray:
    """Each mode's `MODE_KINDS` as bits (0: no mode, or one of no known kind)."""
    bit = {kind: 1 << k for k, kind in enumerate(sorted(set().union(*MODE_KINDS.values())))}
    masks = {mode: sum(bit[kind] for kind in kinds) for mode, kinds in MODE_KINDS.items()}
    return np.fromiter((masks.get(m or "", 0) for m in modes), dtype=np.int64, count=len(modes))


def _lineage(ids: Sequence[str | None], codes: np.ndarray) -> np.ndarray:
    """Each id's enclosing ids ("TUR" for "TUR.MIL") as rows of codes (`codes`' numbering), padded
    with -1; an enclosing id no event has gets -1 too (nothing can equal it)."""
    code = {value: int(c) for value, c in zip(ids, codes.tolist(), strict=True) if value}
    parents = [_parents(value or "") for value in ids]
    width = max(map(len, parents), default=0)
    rows = np.full((len(ids), max(width, 1)), -1, dtype=np.int32)
    for row, found in zip(rows, parents, strict=True):
        row[: len(found)] = [code.get(parent, -1) for parent in found]
    return rows


def _parents(actor_id: str) -> list[str]:
    parts = actor_id.split(".")
    return [".".join(parts[:k]) for k in range(1, len(parts))]


def _within(lineage: np.ndarray, codes: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Whether each code in `codes` encloses the id of event j (is among its parents)."""
    return ((lineage[j] == codes[:, None]) & (codes[:, None] >= 0)).any(axis=1)


def _share_word(words: np.ndarray, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Whether the rows of `words` (`_word_matrix`) of each pair share a word."""
    a, b = words[i], words[j]
    shared = np.zeros(len(i), dtype=bool)
    for k in range(a.shape[1]):  # padding (-1) is never a word
        shared |= (a[:, k] >= 0) & (b == a[:, k, None]).any(axis=1)
    return shared


def _id_ranks(events: Sequence[EventFacts]) -> tuple[np.ndarray, np.ndarray]:
    """Each event's position in id order (ties: input order), and its id as an int (`ident`)."""
    order = sorted(range(len(events)), key=lambda k: events[k].id)
    rank = np.empty(len(events), dtype=np.int64)
    rank[order] = np.arange(len(events))
    ident = np.empty(len(events), dtype=np.int64)
    previous: str | None = None
    for position, k in enumerate(order):
        if events[k].id != previous:
            code, previous = position, events[k].id
        ident[k] = code
    return rank, ident


def _word_matrix(triggers: Sequence[str]) -> np.ndarray:
    """Each trigger's words (`trigger_words`) as a row of word codes, padded with -1."""
    rows = {t: trigger_words(t) for t in dict.fromkeys(triggers)}  # far fewer than the events
    code: dict[str, int] = {}
    for words in rows.values():
        for word in words:
            code.setdefault(word, len(code))
    width = max(map(len, rows.values()), default=0)
    distinct = np.full((len(rows), width), -1, dtype=np.int32)
    for row, words in zip(distinct, rows.values(), strict=True):
        row[: len(words)] = [code[word] for word in words]
    index = {t: k for k, t in enumerate(rows)}
    return distinct[np.fromiter(map(index.__getitem__, triggers), dtype=np.int64, count=len(triggers))]


def strong_pairs(table: EventTable, candidates: Candidates, w: Weights) -> Ranked:
    """The candidate pairs whose score reaches `needed` (the only ones that can start a merge), once
    each, with their scores, in merging order: best score first, ties by the events' ids."""
    n = table.n
    codes: list[np.ndarray] = []  # pairs as i * n + j: one array, not two
    values: list[np.ndarray] = []
    for i, j in candidates.chunks():
        value = table.scores(i, j, w)
        strong = value >= table.needed(i, j, w)  # NaN (incompatible) is never strong
        codes.append(i[strong] * n + j[strong])
        values.append(value[strong])
    code = np.concatenate(codes) if codes else np.empty(0, dtype=np.int64)
    value = np.concatenate(values) if values else np.empty(0)
    del codes, values
    firsts, seconds = np.divmod(code, n)
    order = np.lexsort((table.rank[firsts] * n + table.rank[seconds], -value))
    del firsts, seconds
    code, value = code[order], value[order]
    once = np.ones(len(code), dtype=bool)
    once[1:] = code[1:] != code[:-1]  # a pair two blocks share: same score and ids, so side by side
    code, value = code[once], value[once]
    firsts, seconds = np.divmod(code, n)
    return firsts, seconds, value
