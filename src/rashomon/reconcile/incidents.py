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
  different speakers), when they are adjacent in one statement ("mortar attacks ..., injuring
  three": one event the extractor split), or when both are in the outlet's own voice (a lead and
  its body tell one event twice), and always on stronger evidence.

Matching is greedy agglomeration over candidate pairs, best pair first, merging two groups only when
every cross pair is compatible, every cross pair with signs of two occurrences (`story_conflict`)
is strong enough alone, and their mean score reaches the mean of what each cross pair needs alone,
less a small slack (average link, so chains of weak links do not snowball, and two events of one
article ask more inside groups too). Before matching, an unresolved place phrase that names a place
resolved elsewhere in the set is read as that place (`incident_places`); after it, the incidents of one
story that hold its articles' lead events merge where nothing says they are two occurrences
(`incident_story_leads`). Candidate pairs come from blocks
(type family x story, type family x month; an oversized block falls back to a sorted
neighbourhood), are scored a chunk at a time with numpy, and only those strong enough to start a
merge are kept and ranked (`incident_pairs`); the cross pairs of a join are scored one at a time
by the rules themselves (`incident_rules`). The pairs grow linearly with the events and only the
kept ones are sorted, so the work stays O(n log n) and memory O(n) (bench/clustering_scale.py
measures both).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace

from rashomon.reconcile.incident_leads import with_leads_marked
from rashomon.reconcile.incident_pairs import (
    CHUNK,
    MAX_BLOCK,
    NEIGHBOURS,
    Candidates,
    EventTable,
    Ranked,
    candidate_pairs,
    strong_pairs,
)
from rashomon.reconcile.incident_places import with_places_read_again
from rashomon.reconcile.incident_rules import (
    FAMILY,
    SPEECH_ACTS,
    Weights,
    compatible,
    effective_date,
    main_type,
    needed,
    place_score,
    places_compatible,
    score,
    story_conflict,
    trigger_words,
)
from rashomon.reconcile.incident_story_leads import merged_story_leads
from rashomon.reconcile.incident_told import perpetrators_told_apart
from rashomon.reconcile.records import DateSpan, EventFacts, PlaceRef

__all__ = [
    "FAMILY",
    "MAX_BLOCK",
    "MAX_INCIDENT",
    "NEIGHBOURS",
    "SPEECH_ACTS",
    "Incident",
    "Version",
    "Weights",
    "build_incident",
    "candidate_pairs",
    "cluster_incidents",
    "compatible",
    "effective_date",
    "group_events",
    "incident_id_for",
    "needed",
    "place_score",
    "places_compatible",
    "score",
    "story_conflict",
]

MAX_INCIDENT = 200  # a story of dozens of articles tells its attack in a hundred sentences or more; a
# group this large stops growing: a guard against runaway merges


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
    # "event": the event names its actor; "article": an agentless telling ("13 were killed") takes the
    # perpetrator the same article, in the same voice, gives this incident elsewhere; None: no actor.
    actor_from: str | None = None


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


def group_events(
    events: Sequence[EventFacts], story_of: Mapping[str, str] | None = None, weights: Weights | None = None
) -> list[list[int]]:
    """Indexes of `events` grouped into incidents (greedy average-link agglomeration; module notes)."""
    w = weights or Weights()
    stories = story_of or {}
    events = with_leads_marked(with_places_read_again(events))
    table = EventTable(events, stories)
    candidates = Candidates(events, stories, table)
    ranked = strong_pairs(table, candidates, w)
    del table  # only the ranked pairs and the blocks are needed from here on
    cross = _CrossPairs(events, stories, candidates, w)
    owner = list(range(len(events)))
    groups: dict[int, list[int]] = {}  # groups of two or more by owner; a lone event is its own owner
    version = [0] * len(events)  # bumped when a group grows: a failed join of unchanged groups fails again
    failed: set[tuple[int, int, int, int]] = set()
    for i, j, value in _in_order(ranked):
        keep, gone = owner[i], owner[j]
        if keep == gone:
            continue
        attempt = (
            (keep, gone, version[keep], version[gone])
            if keep < gone
            else (gone, keep, version[gone], version[keep])
        )
        if attempt in failed:
            continue
        gi, gj = groups.get(keep, [keep]), groups.get(gone, [gone])
        if len(gi) + len(gj) > MAX_INCIDENT or not _can_join(gi, gj, (i, j, value), cross):
            failed.add(attempt)
            continue
        groups[keep] = gi + gj
        version[keep] += 1
        for k in gj:
            owner[k] = keep
        groups.pop(gone, None)
    alone = [[i] for i in range(len(events)) if owner[i] == i and i not in groups]
    return merged_story_leads(alone + list(groups.values()), events, stories, MAX_INCIDENT)


def _in_order(ranked: Ranked) -> Iterator[tuple[int, int, float]]:
    """The ranked pairs as Python numbers, converted a chunk at a time (not all at once)."""
    for start in range(0, len(ranked[0]), CHUNK):
        yield from zip(*(column[start : start + CHUNK].tolist() for column in ranked), strict=True)


class _CrossPairs:
    """Scores of single pairs, for `_can_join`, by the rules; none are kept (memory stays O(n)). Story
    evidence counts for candidate pairs only, as `strong_pairs` scores them: this matching has always
    scored a pair the blocks never proposed without it, and the clusters must not move."""

    def __init__(
        self, events: Sequence[EventFacts], stories: Mapping[str, str], candidates: Candidates, w: Weights
    ) -> None:
        self.events, self.stories, self.candidates, self.w = events, stories, candidates, w
        self.words: dict[str, frozenset[str]] = {}  # by trigger: far fewer than the events

    def value(self, i: int, j: int) -> float | None:
        """The pair's score, or None when it is not `compatible`."""
        if i > j:
            i, j = j, i
        a, b = self.events[i], self.events[j]
        if not compatible(a, b):
            return None
        story = self.stories.get(a.article_id)
        same = story is not None and story == self.stories.get(b.article_id)
        same = same and self.candidates.contains(i, j)
        return score(a, b, self.w, same, (self._words(a.trigger), self._words(b.trigger)))

    def needed(self, i: int, j: int) -> float:
        return needed(self.events[i], self.events[j], self.w)

    def conflict(self, i: int, j: int) -> bool:
        return story_conflict(self.events[i], self.events[j])

    def _words(self, trigger: str) -> frozenset[str]:
        found = self.words.get(trigger)
        if found is None:
            found = self.words[trigger] = trigger_words(trigger)
        return found


def _can_join(
    gi: list[int],
    gj: list[int],
    proposed: tuple[int, int, float],
    cross: _CrossPairs,
) -> bool:
    """Every cross pair compatible, a pair with signs of two occurrences (`story_conflict`) strong
    enough on its own, and the mean cross score over the mean of what each cross pair `needed`,
    less `Weights.group_slack` when the groups are not two single events (average link; a pair of
    one article asks more than a pair of two).
    `proposed`: the ranked pair (gi's event, gj's event, score) that brought the groups together."""
    first, second, known = proposed
    total = wanted = 0.0
    for i in gi:
        for j in gj:
            found = known if i == first and j == second else cross.value(i, j)
            if found is None:
                return False
            alone = cross.needed(i, j)
            if found < alone and cross.conflict(i, j):
                return False
            total += found
            wanted += alone
    pairs = len(gi) * len(gj)
    slack = cross.w.group_slack if pairs > 1 else 0.0
    return total / pairs >= wanted / pairs - slack


def build_incident(
    members: Sequence[EventFacts], told_apart: Mapping[str, EventFacts] | None = None
) -> Incident:
    """The incident record of a group of events (members in any order). `told_apart`: by article, an
    event outside the group whose actor that article's agentless telling takes (`incident_told`)."""
    ordered = sorted(members, key=_reading_order)
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
        plover_type=main_type(ordered),
        date=date.iso() if date.lo is None or date.hi is None or date.lo <= date.hi else None,
        location=max(places, key=lambda p: p.level, default=None),
        versions=_with_told_perpetrators([_version(e) for e in ordered], told_apart or {}),
    )


def _with_told_perpetrators(
    versions: list[Version], told_apart: Mapping[str, EventFacts]
) -> tuple[Version, ...]:
    """An article tells who did it once ("a Russian missile hit the station") and the toll in another
    sentence without an agent ("50 people were killed"): both are its version of the incident, so the
    agentless one carries the perpetrator the same article gives in the same voice (outlet, or one
    statement), else the one an event of the article outside the incident names (`incident_told`). A
    denial and a report stay apart."""
    named: dict[tuple[str, str | None, bool], Version] = {}
    for version in versions:
        key = (version.article_id, version.statement_id, version.negated)
        if version.actor and key not in named:
            named[key] = version
    told = []
    for version in versions:
        source = named.get((version.article_id, version.statement_id, version.negated))
        apart = told_apart.get(version.article_id)
        if version.actor:
            version = replace(version, actor_from="event")
        elif source is not None:
            version = replace(version, actor=source.actor, actor_id=source.actor_id, actor_from="article")
        elif apart is not None and not version.negated:
            version = replace(version, actor=apart.actor_name, actor_id=apart.actor_id, actor_from="article")
        told.append(version)
    return tuple(told)


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
    told_apart = perpetrators_told_apart(groups, ordered)
    return [build_incident([ordered[i] for i in g], told) for g, told in zip(groups, told_apart, strict=True)]
