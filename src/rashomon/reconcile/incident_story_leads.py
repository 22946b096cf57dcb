"""One story, one lead incident: a second pass after the pair-by-pair matching of `incidents`.

Reports of one attack open on it in different words ("killed", "attack", "massacre"), with or without
the toll, and follow-ups weeks later open on it again without a date. The average-link matching keeps
such groups apart: each gathers the tellings that look alike, and the many plain mentions inside them
pull the mean of their cross pairs under the bar. Yet within one story the lead events (each
article's first telling of violence, `incident_leads`) mostly tell one occurrence. So incidents of a
story that hold its lead events merge, largest first, when nothing says they are two occurrences:
every pair of their leads without a sign of two occurrences (`story_conflict`), and every pair of
their members compatible. An undated event of this pass need only precede its article: the story
already ties its articles in time, and a follow-up may come weeks after the attack it reopens. A
lead that denies ("the Kremlin denied reports of Russian airstrikes on the station") is the story's
attack denied: it joins as the denial version.

A lead the pair matching glued to a telling of something else ("RSF captured the state capital",
joined to "the offensive that began in Khartoum") cannot bring that group along; the lead alone
still tells the story's attack, so it moves to a larger lead incident of its story where it fits on
its own (of the incident's type, compatible with every member, no sign of two occurrences against
its leads), and the rest of its group stays. A lead of another type (a seizure, an arrest in a story
led by a hijacking or a murder) tells another event of the story.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

from rashomon.reconcile.incident_rules import (
    compatible,
    effective_date,
    eligible,
    main_type,
    story_conflict,
)
from rashomon.reconcile.records import DateSpan, EventFacts

# Larger incidents a lead group tries to join, largest first: a bound on the work of a big story.
TRIES = 4


def merged_story_leads(
    groups: list[list[int]],
    events: Sequence[EventFacts],
    story_of: Mapping[str, str],
    max_size: int,
) -> list[list[int]]:
    """`groups` (indexes into `events`, which carry their `lead` marks) with the lead incidents of
    each story merged as the module notes say; no group grows past `max_size`."""
    merged = sorted((sorted(g) for g in groups), key=lambda g: g[0])  # ties go to the earliest member
    leads_by_story: dict[str, dict[int, list[int]]] = defaultdict(dict)
    for number, group in enumerate(merged):
        for i in group:
            event = events[i]
            story = story_of.get(event.article_id)
            if story is not None and event.lead and eligible(event):
                leads_by_story[story].setdefault(number, []).append(i)
    holder = list(range(len(groups)))  # where each group's members went (a group may lead two stories)
    for story in sorted(leads_by_story):
        story_leads = leads_by_story[story]
        by_group: dict[int, list[int]] = defaultdict(list)
        for number, found in story_leads.items():
            by_group[_holder(holder, number)].extend(found)
        order = sorted(by_group, key=lambda n: (-len(merged[n]), n))
        kept: list[int] = []  # the groups of this story still standing, largest first
        for number in order:
            into = next(
                (k for k in kept[:TRIES] if _one_occurrence(merged, by_group, k, number, events, max_size)),
                None,
            )
            if into is None:
                _move_leads_alone(merged, by_group, kept[:TRIES], number, events, max_size)
                if by_group[number]:
                    kept.append(number)
                continue
            merged[into].extend(merged[number])
            by_group[into].extend(by_group[number])
            merged[number] = []
            holder[number] = into
    return sorted((sorted(g) for g in merged if g), key=lambda g: g[0])


def _holder(holder: list[int], number: int) -> int:
    while holder[number] != number:
        number = holder[number]
    return number


def _one_occurrence(
    merged: list[list[int]],
    leads: Mapping[int, list[int]],
    keep: int,
    other: int,
    events: Sequence[EventFacts],
    max_size: int,
) -> bool:
    if len(merged[keep]) + len(merged[other]) > max_size:
        return False
    if any(story_conflict(events[i], events[j]) for i in leads[keep] for j in leads[other]):
        return False
    return all(_compatible(events[i], events[j]) for i in merged[keep] for j in merged[other])


def _move_leads_alone(
    merged: list[list[int]],
    leads: dict[int, list[int]],
    kept: list[int],
    number: int,
    events: Sequence[EventFacts],
    max_size: int,
) -> None:
    """Each lead of group `number` that fits a kept group on its own moves there (the first it fits)."""
    for i in list(leads[number]):
        into = next((k for k in kept if _fits_alone(merged[k], leads[k], i, events, max_size)), None)
        if into is None:
            continue
        merged[number].remove(i)
        leads[number].remove(i)
        merged[into].append(i)
        leads[into].append(i)


def _fits_alone(
    members: list[int], leads: list[int], i: int, events: Sequence[EventFacts], max_size: int
) -> bool:
    """Of the incident's own type (a seizure is no telling of the attack its story leads with), with
    no sign of two occurrences against its leads, and compatible with every member."""
    if len(members) >= max_size or events[i].plover_type != main_type(events[j] for j in members):
        return False
    if any(story_conflict(events[i], events[j]) for j in leads):
        return False
    return all(_compatible(events[i], events[j]) for j in members)


def _compatible(a: EventFacts, b: EventFacts) -> bool:
    return compatible(a, b, (_before_publication(a), _before_publication(b)))


def _before_publication(event: EventFacts) -> DateSpan | None:
    """The event's own date; else, for a current event, any day up to its article's publication."""
    if event.date is not None or event.background or event.article_date is None:
        return effective_date(event)
    return DateSpan(None, event.article_date.hi)
