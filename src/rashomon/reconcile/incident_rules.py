"""The evidence rules of incident matching, pair by pair: which events may be one occurrence
(`compatible`), how strongly they look it (`score`) and how strongly they must (`needed`). The
reasons for each rule are in `rashomon.reconcile.incidents`; `incident_pairs` applies the same rules
to many pairs at once.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from rashomon.extract.event_families import FAMILY, modes_apart, senses_apart
from rashomon.kb.packs import known_actor
from rashomon.language_data import load_language_data
from rashomon.reconcile.records import DateSpan, EventFacts, PlaceRef

# Verbal acts are identified by who made them: another speaker is another event, not another version.
SPEECH_ACTS = frozenset({"REQUEST", "ACCUSE", "REJECT", "THREATEN", "SUPPORT", "CONCEDE", "CONSULT"})
REPORT_LAG_DAYS = 7  # an undated event is taken to lie in the week before publication
DATE_SLACK_DAYS = 1  # "overnight", time zones and day-after reports put one event on adjacent days
ADJACENT_CHARS = 120  # two events of one statement this close are one event split (about a clause)
_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class Weights:
    """Evidence weights and thresholds, set on bench/clustering_eval.py (invented set and seeds) and
    checked on bench/ecbplus_eval.py and bench/realnews_eval.py: a grid over merge_min 1.8-2.2,
    same_article_min 2.2-3.0, context_place 0.5-1.0, same_story 0.3-1.1; the pick favours pairwise
    precision (a false merge becomes a false contradiction) over recall. With it, same-type events
    at one place on overlapping dates merge (1 + 1.5 >= 2.0); same-type events of one story with
    nothing else in common do not (1.5), unless they share a trigger word or close figures (the
    story then counts more: 2.2), or a mode and a main place, or both open their articles (`leads`).
    The story counts only for a pair with no sign of two occurrences (`story_conflict`): one story
    can hold two attacks."""

    same_type: float = 1.0
    same_family: float = 0.4
    same_mode: float = 0.3
    same_place: float = 1.5
    same_region: float = 1.0
    same_country: float = 0.3
    context_place: float = 0.5  # the same main place of both articles, for events without a place
    dated_overlap: float = 0.8  # both events carry their own (not publication-derived) dates
    same_story: float = 0.5
    story_agreement: float = 0.3  # added to same_story with a shared trigger word or close figures
    # added to same_story when both are their articles' lead events (`incident_leads`): two reports
    # of one story opening on an attack mostly tell one attack
    leads: float = 1.0
    shared_actor: float = 0.4
    shared_target: float = 0.6
    shared_trigger_word: float = 0.4
    close_figures: float = 0.3  # fatalities (or injured) within a factor of two
    merge_min: float = 2.0
    same_article_min: float = 2.6
    negated_min: float = 2.4
    # a join of two groups asks, on average over its cross pairs, this much less than a pair alone:
    # tellings of one event in a story are many and mostly uninformative, so few cross pairs are
    # strong, while a pair that shows signs of two occurrences must still be strong on its own
    group_slack: float = 0.2


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


def main_type(events: Iterable[EventFacts]) -> str:
    """The type of a group of events as its incident record gives it: the most frequent (ties:
    alphabetical)."""
    types = Counter(event.plover_type for event in events)
    return min(types, key=lambda t: (-types[t], t))


def eligible(event: EventFacts) -> bool:
    """Asserted (not hoped, feared or planned), and not vague unless it opens its article."""
    return event.modality == "asserted" and (event.lead or not vague(event))


def vague(event: EventFacts) -> bool:
    """A bare plural of violence ("attacks", "clashes", "airstrikes") with nothing of its own: no
    date, place, figures or target. It tells of hostilities, not of one occurrence, so it joins no
    incident; in its article's lead it still names the article's news (`incident_leads`)."""
    word = event.trigger.strip().lower()
    plural = " " not in word and len(word) > 4 and word.endswith("s") and not word.endswith("ss")
    return (
        plural
        and FAMILY.get(event.plover_type) == "violence"
        and event.date is None
        and event.place is None
        and event.fatalities is None
        and event.injured is None
        and not event.target_id
    )


def compatible(
    a: EventFacts,
    b: EventFacts,
    dates: tuple[DateSpan | None, DateSpan | None] | None = None,
    *,
    vague_a: bool = False,
) -> bool:
    """Hard gates: what no amount of other evidence can overcome. `dates`: both effective dates,
    when the caller has them already. `vague_a`: `a` may be a bare plural (`vague`), as when it only
    says who did what its article tells elsewhere ("Y blamed X for the explosions")."""
    a_eligible = eligible(a) or (vague_a and a.modality == "asserted")
    if a.id == b.id or not (a_eligible and eligible(b)):
        return False
    one_statement = a.article_id == b.article_id and a.statement_id == b.statement_id
    quoted = a.statement_id is not None  # the outlet's own voice may tell one event twice (lead, body)
    if one_statement and quoted and abs(a.start - b.start) > ADJACENT_CHARS:
        return False  # tested early: cheap, and it rules out most pairs from one article
    if FAMILY.get(a.plover_type, a.plover_type) != FAMILY.get(b.plover_type, b.plover_type):
        return False
    if senses_apart(a.plover_type, a.plover_mode, b.plover_type, b.plover_mode):
        return False
    if a.plover_type in SPEECH_ACTS and a.actor_id and b.actor_id and a.actor_id != b.actor_id:
        return False
    if not places_compatible(a.place, b.place):
        return False
    da, db = dates or (effective_date(a), effective_date(b))
    if a.background != b.background and (a.date is None or b.date is None):
        return False
    return da is None or db is None or da.overlaps(db, DATE_SLACK_DAYS)


def _figures_close(x: int | None, y: int | None) -> bool:
    return x is not None and y is not None and x > 0 and y > 0 and max(x, y) <= 2 * min(x, y)


def _none_against_some(x: int | None, y: int | None) -> bool:
    return x is not None and y is not None and min(x, y) == 0 < max(x, y)


def story_conflict(a: EventFacts, b: EventFacts) -> bool:
    """Signs that two events of one story are two occurrences: one type done in ways of no common
    kind (`modes_apart`: an air strike, a suicide bombing), another known target (pack or category
    ids, neither inside the other: "TUR.MIL" is inside "TUR"), or no one hurt against victims.
    Tolls that merely differ are no sign (tolls rise over days and sides dispute them), nor is
    another perpetrator: those are contradictions. Places that differ are left to `compatible`: an
    unresolved phrase ("a town in the centre") is no other place."""
    if a.plover_type == b.plover_type and modes_apart(a.plover_mode, b.plover_mode):
        return True
    if known_actor(a.target_id) and known_actor(b.target_id) and not _related(a.target_id, b.target_id):
        return True
    return _none_against_some(a.fatalities, b.fatalities) or _none_against_some(a.injured, b.injured)


def _related(a: str | None, b: str | None) -> bool:
    """One actor, or one inside the other ("TUR" and "TUR.MIL")."""
    x, y = a or "", b or ""
    return x == y or x.startswith(y + ".") or y.startswith(x + ".")


def trigger_words(trigger: str) -> frozenset[str]:
    """The stems of a trigger's content words, cut to five letters and a final "e" ("shelled",
    "shelling": "shell"; "killing", "killed": "kill"; "shot", "shooting": "shoot"; "agreed",
    "agreement": "agr"), so two tellings of one act share one."""
    return frozenset(_stem(w)[:5].rstrip("e") for w in _WORD.findall(trigger.lower()) if len(w) > 3)


def _stem(word: str) -> str:
    """A crude English stem: irregular forms from the lexicon, else without its inflection
    ("stabbings": "stab", "seized": "seiz", "striking": "strik")."""
    irregular = _irregular_forms().get(word)
    if irregular is not None:
        word = irregular
    for suffix in ("s", "ing", "ed"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith("ss"):
            word = word[: -len(suffix)]
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "aeiouls":
        word = word[:-1]  # "gunn(ed)", "stabb(ing)"
    return word


@cache
def _irregular_forms() -> dict[str, str]:
    return dict(load_language_data("events")["irregular_forms"])


def score(
    a: EventFacts,
    b: EventFacts,
    w: Weights,
    same_story: bool = False,
    words: tuple[frozenset[str], frozenset[str]] | None = None,
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
    wa, wb = words or (trigger_words(a.trigger), trigger_words(b.trigger))
    shared_word = bool(wa & wb)
    close = _figures_close(a.fatalities, b.fatalities) or _figures_close(a.injured, b.injured)
    total += w.same_story if same_story and not story_conflict(a, b) else 0.0
    total += w.story_agreement if same_story and (shared_word or close) else 0.0
    total += w.leads if same_story and a.lead and b.lead and not story_conflict(a, b) else 0.0
    total += w.shared_actor if a.actor_id and a.actor_id == b.actor_id else 0.0
    total += w.shared_target if a.target_id and a.target_id == b.target_id else 0.0
    total += w.shared_trigger_word if shared_word else 0.0
    return total + (w.close_figures if close else 0.0)


def needed(a: EventFacts, b: EventFacts, w: Weights) -> float:
    """The score a compatible pair must reach to merge."""
    if a.negated or b.negated:
        return max(w.negated_min, w.merge_min)
    return w.same_article_min if a.article_id == b.article_id else w.merge_min
