"""The event lexicon (data/<lang>/events.json), loaded once: senses, patterns and word classes.

A sense is written "TYPE", "TYPE/mode", "TYPE|acled" or "TYPE/mode|acled" in the data, `acled` naming
a row of the data's `acled` table (ACLED event type, sub-event type). Where the sense of a word depends
on who acts ("protest" by a crowd is a demonstration, by a government a diplomatic protest), the data
gives an object keyed by actor class; every entry is loaded as such a `Choice` ("default" alone when
the data gives a single sense), and `pick` resolves it.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache
from typing import Any

from rashomon.language_data import load_language_data

DEFAULT = "default"


@dataclass(frozen=True)
class Sense:
    """What a word reports: a PLOVER 2.0 type and mode, and the ACLED types where ACLED has one."""

    type: str
    mode: str | None = None
    acled_event: str | None = None
    acled_sub: str | None = None

    @property
    def key(self) -> str:
        """ "TYPE/mode" or "TYPE": how `threat_modes` and tests name a sense."""
        return f"{self.type}/{self.mode}" if self.mode else self.type

    def refined(self, other: Sense) -> Sense:
        """This sense with the mode and ACLED types of a more specific one (an instrument)."""
        return replace(
            self,
            mode=other.mode or self.mode,
            acled_event=other.acled_event or self.acled_event,
            acled_sub=other.acled_sub or self.acled_sub,
        )


Choice = Mapping[str, "Sense | None"]  # actor class ("default", "state", "crowd", ...) -> sense


@dataclass(frozen=True)
class Governor:
    """A word that takes an event as its complement ("threatened to shell", "ready to withdraw")."""

    type: str | None  # the governing event's type; "@intent", "@fail" depend on the complement
    embedded: str  # modality of the complement: asserted | future | hypothetical
    negates: bool = False  # the complement did not or will not happen ("refused to", "denied")


@dataclass(frozen=True)
class EventLexicon:
    verbs: dict[str, Choice]
    phrasal: dict[str, Choice]
    verb_objects: dict[str, dict[str, Choice | None]]
    light_verbs: frozenset[str]
    nouns: dict[str, Choice]
    instruments: dict[str, Sense]
    adverb_modes: dict[str, Sense]
    classes: dict[str, frozenset[str]]
    actor_classes: dict[str, frozenset[str]]
    governors: dict[str, Governor]
    governor_nouns: dict[str, str]
    object_control: frozenset[str]
    clause_blocked: frozenset[str]
    hostile: frozenset[str]
    cooperative: frozenset[str]
    threat_modes: dict[str, str]
    deaths: frozenset[str]
    injuries: frozenset[str]
    number_words: dict[str, int]
    vague_numbers: dict[str, int | None]
    lower_bounds: tuple[str, ...]
    upper_bounds: tuple[str, ...]
    target_preps: dict[str, frozenset[str]]
    undergo_verbs: frozenset[str]
    effect_verbs: frozenset[str]
    speech_nouns: frozenset[str]

    @cached_property
    def phrasal_verbs(self) -> frozenset[str]:
        """The verbs that begin a phrasal entry ("carry" of "carry out")."""
        return frozenset(name.split(" ", 1)[0] for name in self.phrasal if " " in name)

    def in_class(self, name: str, words: Iterable[str]) -> bool:
        members = self.classes.get(name) or self.actor_classes.get(name, frozenset())
        return any(word in members for word in words)

    def object_sense(self, verb: str, keys: list[str]) -> tuple[bool, Choice | None, str | None]:
        """The sense a verb takes with an object: (found, choice, matched key). `keys` are the
        object's keys, most specific first; "@class" entries match a key in that class."""
        table = self.verb_objects.get(verb)
        if table is None:
            return False, None, None
        for key in keys:
            if key in table:
                return True, table[key], key
        for entry, choice in table.items():
            if entry.startswith("@") and self.in_class(entry[1:], keys):
                return True, choice, entry
        if DEFAULT in table:
            return True, table[DEFAULT], None
        return False, None, None


def pick(choice: Choice | None, actor_classes: Collection[str]) -> Sense | None:
    """The sense for an actor of these classes: the first class the choice names, else its default."""
    if choice is None:
        return None
    for name in actor_classes:
        if name in choice:
            return choice[name]
    return choice.get(DEFAULT)


@lru_cache(maxsize=1)
def event_lexicon() -> EventLexicon:
    data = load_language_data("events")
    acled = {key: tuple(value) for key, value in data["acled"].items()}

    def choice(value: Any) -> Choice:
        if isinstance(value, dict):
            return {name: _sense(item, acled) for name, item in value.items()}
        return {DEFAULT: _sense(value, acled)}

    classes = data["type_classes"]
    return EventLexicon(
        verbs={key: choice(value) for key, value in data["verbs"].items()},
        phrasal={key: choice(value) for key, value in data["phrasal"].items()},
        verb_objects={
            verb: {key: None if value is None else choice(value) for key, value in table.items()}
            for verb, table in data["verb_objects"].items()
        },
        light_verbs=frozenset(data["light_verbs"]),
        nouns={key: choice(value) for key, value in data["nouns"].items()},
        instruments={key: _required(value, acled) for key, value in data["instruments"].items()},
        adverb_modes={key: _required(value, acled) for key, value in data["adverb_modes"].items()},
        classes={key: frozenset(words) for key, words in data["classes"].items()},
        actor_classes={key: frozenset(words) for key, words in data["actor_classes"].items()},
        governors={key: Governor(**value) for key, value in data["governors"].items()},
        governor_nouns=dict(data["governor_nouns"]),
        object_control=frozenset(data["object_control"]),
        clause_blocked=frozenset(data["clause_blocked"]),
        hostile=frozenset(classes["hostile"]),
        cooperative=frozenset(classes["cooperative"]),
        threat_modes=dict(data["threat_modes"]),
        deaths=frozenset(data["casualties"]["death"]),
        injuries=frozenset(data["casualties"]["injury"]),
        number_words=dict(data["number_words"]),
        vague_numbers=dict(data["vague_numbers"]),
        lower_bounds=tuple(data["lower_bounds"]),
        upper_bounds=tuple(data["upper_bounds"]),
        target_preps={key: frozenset(words) for key, words in data["target_preps"].items()},
        undergo_verbs=frozenset(data["undergo_verbs"]),
        effect_verbs=frozenset(data["effect_verbs"]),
        speech_nouns=frozenset(data["speech_nouns"]),
    )


def _sense(text: str | None, acled: Mapping[str, tuple[str | None, ...]]) -> Sense | None:
    if text is None:
        return None
    plover, _, acled_key = text.partition("|")
    event_type, _, mode = plover.partition("/")
    acled_event, acled_sub = acled[acled_key] if acled_key else (None, None)
    return Sense(event_type, mode or None, acled_event, acled_sub)


def _required(text: str, acled: Mapping[str, tuple[str | None, ...]]) -> Sense:
    sense = _sense(text, acled)
    if sense is None:
        raise ValueError("an instrument or adverb entry needs a sense")
    return sense
