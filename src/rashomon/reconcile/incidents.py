"""Incidents: the mentions of one real-world event across articles, merged, with each telling kept as a
version (outlet, speaker, who, whom, how many).

Evidence, in order of weight: the PLOVER type (same type, or a type of the same family), the place
(same place; a town inside the region named by the other; a country-only mention is compatible with
anything in that country), the date (spans must overlap; an undated event is taken to lie in the week
before its article's publication) and, softly, the participants: a version that names another
perpetrator must still match (that is a perpetrator contradiction), so a differing actor costs
nothing, while a shared actor or target adds a little.

Decisions on what is not a plain report:
- hypothetical and future events ("would strike", "will withdraw") are not events that happened; they
  stay incidents of their own.
- negated events ("denied that its forces fired") are the denial version of an event; they may join an
  incident, but only on stronger evidence (`Weights.negated_min`), and keep `negated` in their version.
- background events (years before the article) join only incidents whose dates they are known to
  share: both dated, spans overlapping. Two background mentions of the same old event do meet.
- two events of one article merge only when different statements report them (versions told by
  different speakers), or when they are adjacent in one statement ("mortar attacks ..., injuring
  three": one event the extractor split), and always on stronger evidence.

Matching is greedy agglomeration over candidate pairs, best pair first, merging two groups only when
every cross pair is compatible and their mean score passes the threshold (average link, so chains of
weak links do not snowball). Candidate pairs come from blocks (type family x story, type family x
month); an oversized block falls back to a sorted neighbourhood, so the work stays O(n log n).
"""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations

from rashomon.reconcile.records import DateSpan, EventFacts, PlaceRef

# Blocking families: types whose events can be the same occurrence described differently.
FAMILY = {
    "ASSAULT": "violence", "COERCE": "violence",
    "MOBILIZE": "posture", "SANCTION": "posture", "PROTEST": "protest",
    "AGREE": "deal", "RETREAT": "deal", "CONCEDE": "deal",
    "CONSULT": "talks", "COOPERATE": "help", "AID": "help", "SUPPORT": "help",
    "REQUEST": "words", "ACCUSE": "words", "REJECT": "words", "THREATEN": "words",
}  # fmt: skip
# Verbal acts are identified by who made them: another speaker is another event, not another version.
SPEECH_ACTS = frozenset({"REQUEST", "ACCUSE", "REJECT", "THREATEN", "SUPPORT", "CONCEDE", "CONSULT"})
REPORT_LAG_DAYS = 7  # an undated event is taken to lie in the week before publication
DATE_SLACK_DAYS = 1  # "overnight", time zones and day-after reports put one event on adjacent days
ADJACENT_CHARS = 120  # two events of one statement this close are one event split (about a clause)
MAX_BLOCK = 150  # above this, a block is compared by sorted neighbourhood (a cost bound, not tuned)
NEIGHBOURS = 25  # sorted-neighbourhood window
MAX_INCIDENT = 60  # a group this large stops growing: a guard against runaway merges
_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class Weights:
    """Evidence weights and thresholds, set on bench/clustering_eval.py (invented set and seeds): a grid
    over merge_min 1.8-2.2, same_article_min 2.2-3.0, context_place 0.5-1.0, same_story 0.2-0.6; the
    pick favours pairwise precision (a false merge becomes a false contradiction) over recall. With
    it, same-type events at one place on overlapping dates merge (1 + 1.5 >= 2.0); same-type events
    with nothing else in common do not (type, shared trigger word and story make 1.7)."""

    same_type: float = 1.0
    same_family: float = 0.4
    same_mode: float = 0.3
    same_place: float = 1.5
    same_region: float = 1.0
    same_country: float = 0.3
    context_place: float = 0.5  # the same main place of both articles, for events without a place
    dated_overlap: float = 0.8  # both events carry their own (not publication-derived) dates
    same_story: float = 0.3
    shared_actor: float = 0.4
    shared_target: float = 0.6
    shared_trigger_word: float = 0.4
    close_figures: float = 0.3  # fatalities (or injured) within a factor of two
    merge_min: float = 2.0
    same_article_min: float = 2.6
    negated_min: float = 2.4


@dataclass(frozen=True)
class Version:
    """One telling of an incident."""

    outlet: str | None
    speaker: str | None
    actor: str | None
    actor_id: str | None
    target: str | None
    target_id: str | None
    fatalities: int | None
    injured: int | None
    event_id: str
    article_id: str
    statement_id: str | None
    negated: bool = False


@dataclass(frozen=True)
class Incident:
    id: str
    event_ids: tuple[str, ...]
    article_ids: tuple[str, ...]
    outlets: tuple[str, ...]
    plover_type: str  # the most frequent type among the versions (ties: alphabetical)
    date: str | None  # ISO day or interval "a/b": what all dated versions allow
    location: PlaceRef | None  # the most specific place among the versions
    versions: tuple[Version, ...]


def effective_date(event: EventFacts) -> DateSpan | None:
    """The event's own date, else (for a non-background event) the week before publication."""
    if event.date is not None:
        return event.date
    if event.background or event.article_date is None:
        return None
    hi = event.article_date.hi
    lo = event.article_date.lo
    return DateSpan(None if lo is None else lo - REPORT_LAG_DAYS, hi)


def places_compatible(a: PlaceRef | None, b: PlaceRef | None) -> bool:
    """Unknown fits anything; else same country, and same region where both give one."""
    if a is None or b is None:
        return True
    if a.country and b.country and a.country != b.country:
        return False
    if a.level >= 3 and b.level >= 3 and a.geonameid and b.geonameid and a.geonameid != b.geonameid:
        return a.admin1 is not None and a.admin1 == b.admin1 and (a.kind != "town" or b.kind != "town")
    return not (a.admin1 and b.admin1 and a.admin1 != b.admin1)


def place_score(a: PlaceRef | None, b: PlaceRef | None, w: Weights) -> float:
    if a is None or b is None or not places_compatible(a, b):
        return 0.0
    if (a.geonameid is not None and a.geonameid == b.geonameid) or (a.name == b.name and a.level >= 2):
        return w.same_place if a.level >= 2 else w.same_country
    if a.admin1 and a.admin1 == b.admin1:
        return w.same_region
    return w.same_country if a.country and a.country == b.country else 0.0


def _eligible(event: EventFacts) -> bool:
    return event.modality == "asserted"


def compatible(
    a: EventFacts, b: EventFacts, dates: tuple[DateSpan | None, DateSpan | None] | None = None
) -> bool:
    """Hard gates: what no amount of other evidence can overcome. `dates`: both effective dates,
    when the caller has them already."""
    if a.id == b.id or not (_eligible(a) and _eligible(b)):
        return False
    if FAMILY.get(a.plover_type, a.plover_type) != FAMILY.get(b.plover_type, b.plover_type):
        return False
    if a.plover_type in SPEECH_ACTS and a.actor_id and b.actor_id and a.actor_id != b.actor_id:
        return False
    if not places_compatible(a.place, b.place):
        return False
    da, db = dates or (effective_date(a), effective_date(b))
    if a.background != b.background and (a.date is None or b.date is None):
        return False
    if da is not None and db is not None and not da.overlaps(db, DATE_SLACK_DAYS):
        return False
    if a.article_id == b.article_id and a.statement_id == b.statement_id:
        return abs(a.start - b.start) <= ADJACENT_CHARS and a.statement_id is not None
    return True


def _figures_close(x: int | None, y: int | None) -> bool:
    return x is not None and y is not None and x > 0 and y > 0 and max(x, y) <= 2 * min(x, y)


def _trigger_words(event: EventFacts) -> set[str]:
    return {w[:5] for w in _WORD.findall(event.trigger.lower()) if len(w) > 3}


def score(
    a: EventFacts,
    b: EventFacts,
    w: Weights,
    same_story: bool = False,
    words: tuple[set[str], set[str]] | None = None,
) -> float:
    """Evidence that two compatible events are one occurrence (see `Weights`). `words`: both events'
    trigger words, when the caller has them already."""
    total = w.same_type if a.plover_type == b.plover_type else w.same_family
    if a.plover_mode and b.plover_mode and a.plover_mode == b.plover_mode:
        total += w.same_mode
    if a.place is not None and b.place is not None:
        total += place_score(a.place, b.place, w)
    else:
        pa, pb = a.place or a.article_place, b.place or b.article_place
        total += min(place_score(pa, pb, w), w.context_place)
    if a.date is not None and b.date is not None:
        total += w.dated_overlap
    total += w.same_story if same_story else 0.0
    total += w.shared_actor if a.actor_id and a.actor_id == b.actor_id else 0.0
    total += w.shared_target if a.target_id and a.target_id == b.target_id else 0.0
    wa, wb = words or (_trigger_words(a), _trigger_words(b))
    total += w.shared_trigger_word if wa & wb else 0.0
    close = _figures_close(a.fatalities, b.fatalities) or _figures_close(a.injured, b.injured)
    return total + (w.close_figures if close else 0.0)


def needed(a: EventFacts, b: EventFacts, w: Weights) -> float:
    if a.negated or b.negated:
        return max(w.negated_min, w.merge_min)
    return w.same_article_min if a.article_id == b.article_id else w.merge_min


def _month_keys(span: DateSpan | None) -> list[str]:
    """Month buckets a span touches when it is narrow (two months at most), else its years."""
    if span is None or span.lo is None or span.hi is None:
        return []
    lo, hi = datetime.date.fromordinal(span.lo), datetime.date.fromordinal(span.hi)
    months = (hi.year - lo.year) * 12 + hi.month - lo.month
    if months <= 1:
        return sorted({f"{d.year}-{d.month:02d}" for d in (lo, hi)})
    return [str(year) for year in range(lo.year, min(hi.year, lo.year + 1) + 1)]


def candidate_pairs(
    events: Sequence[EventFacts], story_of: Mapping[str, str] | None = None
) -> set[tuple[int, int]]:
    """Index pairs worth scoring: same family and (same story or article, or same period)."""
    n = len(events)
    return {divmod(code, n) for code in _pair_codes(events, story_of)}


def _pair_codes(events: Sequence[EventFacts], story_of: Mapping[str, str] | None) -> set[int]:
    """`candidate_pairs` as codes i * n + j (i < j): a set of ints takes a third of a set of tuples."""
    n = len(events)
    blocks: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, event in enumerate(events):
        if not _eligible(event):
            continue
        family = FAMILY.get(event.plover_type, event.plover_type)
        group = (story_of or {}).get(event.article_id) or event.article_id
        blocks[(family, f"s:{group}")].append(i)
        for key in _month_keys(effective_date(event)):
            blocks[(family, key)].append(i)
    codes: set[int] = set()
    for members in blocks.values():
        if len(members) <= MAX_BLOCK:
            codes.update(i * n + j for i, j in combinations(members, 2))  # members ascend
            continue
        ordered = sorted(members, key=lambda i: (_mid(events[i]), events[i].id))
        for k, i in enumerate(ordered):
            codes.update(min(i, j) * n + max(i, j) for j in ordered[k + 1 : k + 1 + NEIGHBOURS])
    return codes


def _mid(event: EventFacts) -> int:
    span = effective_date(event)
    return (span.mid if span else None) or 0


class _Pairs:
    """Pair evidence computed at most once per pair: `value` is the score, or None when the pair is
    incompatible. Effective dates and trigger words are computed once per event."""

    def __init__(self, events: Sequence[EventFacts], stories: Mapping[str, str], w: Weights) -> None:
        self.events, self.stories, self.w = events, stories, w
        self.n = len(events)
        self.dates = [effective_date(e) for e in events]
        self.words = [_trigger_words(e) for e in events]
        self.known: dict[int, float | None] = {}

    def value(self, i: int, j: int, story_evidence: bool = False) -> float | None:
        if i > j:
            i, j = j, i
        code = i * self.n + j
        if code in self.known:
            return self.known[code]
        a, b = self.events[i], self.events[j]
        found: float | None = None
        if compatible(a, b, (self.dates[i], self.dates[j])):
            # Story evidence for candidate pairs only, as the scores ranked for merging always had.
            story = self.stories.get(a.article_id) if story_evidence else None
            same = story is not None and story == self.stories.get(b.article_id)
            found = score(a, b, self.w, same, (self.words[i], self.words[j]))
        if found is not None or not story_evidence:  # the first pass keeps only what it will rank
            self.known[code] = found
        return found


def group_events(
    events: Sequence[EventFacts], story_of: Mapping[str, str] | None = None, weights: Weights | None = None
) -> list[list[int]]:
    """Indexes of `events` grouped into incidents (greedy average-link agglomeration; module notes)."""
    w = weights or Weights()
    pairs = _Pairs(events, story_of or {}, w)
    n = len(events)
    candidates = _pair_codes(events, story_of)
    scored = [c for c in candidates if pairs.value(*divmod(c, n), story_evidence=True) is not None]
    del candidates
    # Best pair first, ties by the events' ids: two sorts on plain keys take less memory than tuples.
    rank = [0] * n
    for position, index in enumerate(sorted(range(n), key=lambda k: events[k].id)):
        rank[index] = position
    known = pairs.known
    scored.sort(key=lambda c: rank[c // n] * n + rank[c % n])
    scored.sort(key=lambda c: -known[c])  # type: ignore[operator]  # stable: ties keep the id order
    group = {i: [i] for i in range(n)}
    owner = list(range(n))
    version = [0] * n  # bumped when a group grows: a failed join of unchanged groups fails again
    failed: set[tuple[int, int, int, int]] = set()
    for code in scored:
        i, j = divmod(code, n)
        value = known[code]
        if value < needed(events[i], events[j], w) or owner[i] == owner[j]:  # type: ignore[operator]
            continue
        keep, gone = owner[i], owner[j]
        attempt = (
            (keep, gone, version[keep], version[gone])
            if keep < gone
            else (gone, keep, version[gone], version[keep])
        )
        if attempt in failed:
            continue
        gi, gj = group[keep], group[gone]
        if len(gi) + len(gj) > MAX_INCIDENT or not _can_join(gi, gj, pairs, w):
            failed.add(attempt)
            continue
        group[keep] = gi + gj
        version[keep] += 1
        for k in gj:
            owner[k] = keep
        del group[gone]
    return sorted((sorted(g) for g in group.values()), key=lambda g: g[0])


def _can_join(gi: list[int], gj: list[int], pairs: _Pairs, w: Weights) -> bool:
    """Every cross pair compatible, and the mean cross score over the threshold (average link)."""
    total = 0.0
    for i in gi:
        for j in gj:
            value = pairs.value(i, j)
            if value is None:
                return False
            total += value
    return total / (len(gi) * len(gj)) >= w.merge_min


def build_incident(members: Sequence[EventFacts]) -> Incident:
    """The incident record of a group of events (members in any order)."""
    ordered = sorted(members, key=_reading_order)
    types: dict[str, int] = defaultdict(int)
    for event in ordered:
        types[event.plover_type] += 1
    date = DateSpan(None, None)
    for event in ordered:
        if event.date is not None:
            date = date.intersect(event.date)
    places = [e.place for e in ordered if e.place is not None]
    return Incident(
        id=incident_id_for(ordered[0].id),
        event_ids=tuple(e.id for e in ordered),
        article_ids=tuple(dict.fromkeys(e.article_id for e in ordered)),
        outlets=tuple(dict.fromkeys(e.outlet for e in ordered if e.outlet)),
        plover_type=min(types, key=lambda t: (-types[t], t)),
        date=date.iso() if date.lo is None or date.hi is None or date.lo <= date.hi else None,
        location=max(places, key=lambda p: p.level, default=None),
        versions=tuple(_version(e) for e in ordered),
    )


def _reading_order(event: EventFacts) -> tuple[int, str, int]:
    span = event.article_date
    day = span.mid if span is not None and span.mid is not None else 10**9
    return (day, event.article_id, event.start)


def _version(event: EventFacts) -> Version:
    return Version(
        outlet=event.outlet,
        speaker=event.speaker,
        actor=event.actor_name,
        actor_id=event.actor_id,
        target=event.target_name,
        target_id=event.target_id,
        fatalities=event.fatalities,
        injured=event.injured,
        event_id=event.id,
        article_id=event.article_id,
        statement_id=event.statement_id,
        negated=event.negated,
    )


def incident_id_for(event_id: str) -> str:
    """Stable: derived from the first member's event id ("art-x/ev-3" -> "inc-x-ev-3")."""
    return "inc-" + event_id.removeprefix("art-").replace("/", "-")


def cluster_incidents(
    events: Iterable[EventFacts], story_of: Mapping[str, str] | None = None, weights: Weights | None = None
) -> list[Incident]:
    """Incidents of a set of events, singletons included (filter on `len(event_ids) > 1` for the
    ones told more than once). `story_of` (article id -> story id) adds story blocks and evidence."""
    ordered = sorted(events, key=lambda e: e.id)
    groups = group_events(ordered, story_of, weights)
    return [build_incident([ordered[i] for i in g]) for g in groups]
