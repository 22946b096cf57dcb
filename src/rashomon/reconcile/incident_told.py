"""Who an article says did an incident, where it says so in a sentence that did not join the incident.

An article often names the perpetrator once, in a sentence the matching kept apart ("two air force
jets fired on the village", with the village as its place, while the lead "over 60 killed in an
airstrike" has none), and tells the incident itself without an agent. Its telling of the incident
should still carry the perpetrator it names: for each article of an incident told by two articles
or more whose events there name no actor, the perpetrator comes from an event of the same article
that is asserted, not denied nor background, and `compatible` with every event the article has in
the incident (type family, place, date). Such an event told in the same clause as one of them, in
the same voice ("hundreds were killed after jihadists opened fire on them": one event the extractor
split in two), comes first, wherever the matching put it; else one that stayed alone, the outlet's
own voice before a quoted one, then the earliest in the text: news names who did it first. A lone
event may be a bare plural ("Y blamed X for the explosions"), which joins no incident (`vague`) but
says who did what the article tells.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from rashomon.reconcile.incident_rules import ADJACENT_CHARS, compatible
from rashomon.reconcile.records import EventFacts

_PRONOUNS = frozenset(
    {"", "they", "it", "he", "she", "we", "i", "you", "our", "their", "its", "his", "her", "them", "us",
     "one", "the one", "those", "these", "this", "that"}
)  # fmt: skip


def perpetrators_told_apart(
    groups: Sequence[Sequence[int]], events: Sequence[EventFacts]
) -> list[dict[str, EventFacts]]:
    """For each group, article id -> the lone event of that article whose actor its telling takes."""
    lone: dict[str, list[EventFacts]] = defaultdict(list)
    doers: dict[str, list[EventFacts]] = defaultdict(list)
    for group in groups:
        if len(group) == 1 and _names_a_doer(events[group[0]]):
            lone[events[group[0]].article_id].append(events[group[0]])
        for i in group:
            if _names_a_doer(events[i]):
                doers[events[i].article_id].append(events[i])
    found: list[dict[str, EventFacts]] = []
    for group in groups:
        members: dict[str, list[EventFacts]] = defaultdict(list)
        for i in group:
            members[events[i].article_id].append(events[i])
        donors: dict[str, EventFacts] = {}
        if len(members) > 1:
            for article_id, told in members.items():
                if any(e.actor_name or e.actor_id for e in told):
                    continue
                beside = [d for d in doers.get(article_id, ()) if any(_one_clause(d, e) for e in told)]
                fitting = [d for d in beside if all(compatible(d, e) for e in told)]
                if fitting:
                    donors[article_id] = min(fitting, key=lambda d: min(abs(d.start - e.start) for e in told))
                    continue
                lone_here = lone.get(article_id, ())
                fitting = [d for d in lone_here if all(compatible(d, e, vague_a=True) for e in told)]
                if fitting:
                    donors[article_id] = min(fitting, key=lambda d: (d.statement_id is not None, d.start))
        found.append(donors)
    return found


def _one_clause(a: EventFacts, b: EventFacts) -> bool:
    """Two events of one article told in the same voice, close enough to be one clause."""
    same_voice = a.statement_id == b.statement_id and a.speaker == b.speaker
    return same_voice and a.id != b.id and abs(a.start - b.start) <= ADJACENT_CHARS


def _names_a_doer(event: EventFacts) -> bool:
    """An asserted event with a named actor: a pronoun ("they", "the one") speaks of its own sentence."""
    named = event.actor_id is not None or (event.actor_name or "").strip().lower() not in _PRONOUNS
    return named and not (event.negated or event.background or event.modality != "asserted")
