"""The highlight layers of an article's text besides its statements: event triggers, actor mentions,
place mentions and agreement mentions, each a `Note` saying where it is, what it is (the hover title)
and how it looks (CSS classes, from the shared article.css).

An event is stored with the span of its whole clause and its trigger text; marking the clause would
swamp the text, so the trigger is looked for inside the clause (`trigger_span`) and only it is marked.

Pure Python with no model or store import: any objects with the fields of the store's rows will do.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

# The layers a reader can hide or show, in the order the legend lists them: (kind, legend label).
# "statement" is drawn by the statement links; the others by a `Note` each.
LAYERS = (
    ("statement", "statements"),
    ("event", "events"),
    ("actor", "actors"),
    ("place", "places"),
    ("agreement", "agreements"),
)
# Outermost first, when several layers cover the same stretch of text (a statement's link is always
# outside them): an agreement's name holds actors and places ("the Moscow-Ankara agreements"), an
# actor's holds places ("Turkish forces in Idlib"), and an event trigger seldom overlaps either.
NESTING = ("agreement", "actor", "event", "place")

# Trigger words this short are too common to look for on their own ("to", "of").
_MIN_WORD = 3


@dataclass(frozen=True)
class Note:
    """A non-statement mark: `kind` (one of NESTING) number `ref` covers text[start:end]."""

    kind: str
    ref: int
    start: int
    end: int
    classes: str
    title: str


def css_name(value: str) -> str:
    """`value` as a class name: lower-case letters, digits and hyphens only."""
    return re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-") or "other"


def number_of(row_id: str | None, fallback: int) -> int:
    """N of an id ending in "-N" ("<article id>/ev-4"), else `fallback`."""
    found = re.search(r"-(\d+)$", row_id or "")
    return int(found.group(1)) if found else fallback


def trigger_span(text: str, start: int, end: int, trigger: str) -> tuple[int, int] | None:
    """Where `trigger` is in the clause text[start:end]: the whole trigger (case-insensitive, whole
    words) where it is there, else its first word of a few letters that is ("deal reached" in
    "reached with Russia"), else None."""
    clause = text[start:end]
    words = [w for w in trigger.split() if len(w) >= _MIN_WORD] or trigger.split()
    for needle in (" ".join(trigger.split()), *words):
        if not needle:
            continue
        pattern = r"(?<!\w)" + r"\s+".join(map(re.escape, needle.split())) + r"(?!\w)"
        found = re.search(pattern, clause, re.IGNORECASE)
        if found:
            return start + found.start(), start + found.end()
    return None


def event_notes(text: str, events: Iterable[Any]) -> Iterator[Note]:
    for i, row in enumerate(events, start=1):
        span = trigger_span(text, row.start, row.end, row.trigger or "")
        if span is None:
            continue
        unsure = row.negated or row.modality != "asserted" or getattr(row, "background", False)
        classes = f"mk-event p-{css_name(row.plover_type)}" + (" unsure" if unsure else "")
        yield Note("event", number_of(row.id, i), *span, classes, event_title(row))


def event_title(row: Any) -> str:
    """ "Event: ASSAULT (aerial) · ACLED Explosions/Remote violence / Air/drone strike · Air force →
    Market traders · 5 killed, 12 injured · negated"."""
    plover = f"{row.plover_type} ({row.plover_mode})" if row.plover_mode else row.plover_type
    parts = [f"Event: {plover}"]
    acled = " / ".join(filter(None, (row.acled_event_type, row.acled_sub_event_type)))
    if acled:
        parts.append(f"ACLED {acled}")
    if row.actor_name or row.target_name:
        parts.append(f"{row.actor_name or '?'} \u2192 {row.target_name or '?'}")
    if row.location_name:
        parts.append(f"in {row.location_name}")
    if row.date_value:
        parts.append(f"on {row.date_value}")
    toll = ", ".join(f"{n} {word}" for n, word in ((row.fatalities, "killed"), (row.injured, "injured")) if n)
    if toll:
        parts.append(toll)
    if row.negated:
        parts.append("negated")
    if row.modality != "asserted":
        parts.append(row.modality)
    if getattr(row, "background", False):
        parts.append("background")
    return " \u00b7 ".join(parts)


def actor_notes(mentions: Iterable[Any]) -> Iterator[Note]:
    for i, row in enumerate(mentions, start=1):
        sector = f" sector-{css_name(row.sector)}" if row.sector else ""
        yield Note("actor", i, row.start, row.end, f"mk-actor{sector}", actor_title(row))


def actor_title(row: Any) -> str:
    """ "Actor: Syrian Arab Army (SYR.MIL) · sector MIL · SY · called “forces”"."""
    parts = [f"Actor: {row.name} ({row.actor_id})"]
    if row.sector:
        parts.append(f"sector {row.sector}")
    if getattr(row, "country", None):
        parts.append(row.country)
    label = getattr(row, "label", None)
    if label and label.casefold() != row.name.casefold():
        parts.append(f"called \u201c{label}\u201d")
    return " \u00b7 ".join(parts)


def place_notes(places: Iterable[Any]) -> Iterator[Note]:
    for i, row in enumerate(places, start=1):
        yield Note("place", i, row.start, row.end, f"mk-place kind-{css_name(row.kind)}", place_title(row))


def place_title(row: Any) -> str:
    """ "Place: Idlib, SY (town)", with the name as written where it differs."""
    where = ", ".join(part for part in (row.resolved_name, row.country) if part)
    title = f"Place: {where} ({row.kind})"
    if row.name and row.name != row.resolved_name:
        title += f" \u00b7 written \u201c{row.name}\u201d"
    return title


def agreement_notes(mentions: Iterable[Any]) -> Iterator[Note]:
    for i, row in enumerate(mentions, start=1):
        family = f" family-{css_name(row.family)}" if row.family else ""
        yield Note("agreement", number_of(row.id, i), row.start, row.end, f"mk-agreement{family}",
                   agreement_title(row))  # fmt: skip


def agreement_title(row: Any) -> str:
    """ "Agreement: Sochi agreement (agr-4602e4e57d60) · agreement · 2018"."""
    name = row.name or row.text
    parts = [f"Agreement: {name} ({row.agreement_id})" if row.agreement_id else f"Agreement: {name}"]
    parts.extend(part for part in (row.family, row.date_value) if part)
    return " \u00b7 ".join(parts)


def article_notes(article: Any) -> list[Note]:
    """Every note of a stored article (rows it lacks count as none)."""
    text = article.text
    return [
        *event_notes(text, getattr(article, "events", ())),
        *actor_notes(getattr(article, "actor_mentions", ())),
        *place_notes(getattr(article, "places", ())),
        *agreement_notes(getattr(article, "agreement_mentions", ())),
    ]
