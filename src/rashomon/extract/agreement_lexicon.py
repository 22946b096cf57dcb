"""The agreement lexicon (data/<lang>/agreements.json), loaded once and compiled."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache

from rashomon.language_data import load_language_data


@dataclass(frozen=True)
class AgreementLexicon:
    heads: dict[str, str]  # noun -> family (ceasefire | agreement | talks)
    weak_heads: dict[str, str]  # nouns that need a venue, a name or a making verb
    phrases: dict[tuple[str, ...], str]  # lower-case token sequence -> family
    topics: dict[str, str]  # modifier -> topic
    making_verbs: frozenset[str]
    making_phrasal: frozenset[str]  # "come to": the verb, a space, the preposition
    anchoring_modifiers: frozenset[str]
    broker_verbs: frozenset[str]
    broker_nouns: frozenset[str]
    announcing_verbs: frozenset[str]  # "X announced a truce between Y and Z": X may tell, not be a side
    keep_words: frozenset[str]
    break_words: frozenset[str]
    failing_words: frozenset[str]
    discontent_words: frozenset[str]
    provisions: tuple[tuple[str, re.Pattern[str]], ...]  # canonical term, pattern
    clock_time: re.Pattern[str]  # a time of day alone ("at midnight", "at 21:45")
    accusing_verbs: frozenset[str]  # "accused X of shelling" beside a claim of keeping the truce
    opening_verbs: frozenset[str]  # "agreed a truce starting at midnight": when it begins
    reciprocal: frozenset[str]  # "each other": the subjects accuse one another
    trading_verbs: frozenset[str]  # "traded accusations of violations": likewise
    accusation_nouns: frozenset[str]
    responding_verbs: frozenset[str]  # "X retaliated after Y's violations": X accuses Y
    blame_adjectives: frozenset[str]  # "X was responsible": X broke it
    pro_verbs: frozenset[str]  # "Y said X did": the verb of the claim it answers
    anaphors: frozenset[str]  # "X had broken it": the agreement of the claim it answers
    halting_agree: frozenset[str]  # "X and Y agreed to stop fighting": a truce with no truce word
    halting_verbs: frozenset[str]
    hostile_acts: frozenset[str]
    attack_verbs: frozenset[str]  # "fired missiles after the truce took effect": a breach by who fired
    in_force_preps: frozenset[str]  # "shelled the town despite the truce"
    denied_in_force_preps: frozenset[str]  # "denied firing after the truce"
    in_force_marks: frozenset[str]  # "after the ceasefire took effect"
    in_force_verbs: frozenset[str]

    @cached_property
    def phrases_by_first_word(self) -> dict[str, list[tuple[int, tuple[str, ...], str]]]:
        """First word -> (lexicon order, phrase, family): a text is scanned once, not once a phrase."""
        index: dict[str, list[tuple[int, tuple[str, ...], str]]] = {}
        for order, (phrase, family) in enumerate(self.phrases.items()):
            index.setdefault(phrase[0], []).append((order, phrase, family))
        return index

    def provisions_in(self, text: str) -> list[str]:
        """The canonical provisions named in `text`, in lexicon order."""
        return [term for term, pattern in self.provisions if pattern.search(text)]


@lru_cache(maxsize=1)
def agreement_lexicon() -> AgreementLexicon:
    data = load_language_data("agreements")
    provisions = tuple(
        (term, re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE))
        for term, patterns in data["provisions"].items()
    )
    return AgreementLexicon(
        heads=dict(data["heads"]),
        weak_heads=dict(data["weak_heads"]),
        phrases={tuple(phrase.split()): family for phrase, family in data["phrases"].items()},
        topics=dict(data["topics"]),
        making_verbs=frozenset(data["making_verbs"]),
        making_phrasal=frozenset(data["making_phrasal"]),
        anchoring_modifiers=frozenset(data["anchoring_modifiers"]),
        broker_verbs=frozenset(data["broker_verbs"]),
        broker_nouns=frozenset(data["broker_nouns"]),
        announcing_verbs=frozenset(data["announcing_verbs"]),
        keep_words=frozenset(data["keep_words"]),
        break_words=frozenset(data["break_words"]),
        failing_words=frozenset(data["failing_words"]),
        discontent_words=frozenset(data["discontent_words"]),
        provisions=provisions,
        clock_time=re.compile(data["clock_time"], re.IGNORECASE),
        accusing_verbs=frozenset(data["accusing_verbs"]),
        opening_verbs=frozenset(data["opening_verbs"]),
        reciprocal=frozenset(data["reciprocal"]),
        trading_verbs=frozenset(data["traded_accusations"]["verbs"]),
        accusation_nouns=frozenset(data["traded_accusations"]["nouns"]),
        responding_verbs=frozenset(data["responding_verbs"]),
        blame_adjectives=frozenset(data["answers"]["blame_adjectives"]),
        pro_verbs=frozenset(data["answers"]["pro_verbs"]),
        anaphors=frozenset(data["answers"]["anaphors"]),
        halting_agree=frozenset(data["halting"]["agreeing_verbs"]),
        halting_verbs=frozenset(data["halting"]["halting_verbs"]),
        hostile_acts=frozenset(data["halting"]["hostile_acts"]),
        attack_verbs=frozenset(data["acts_in_force"]["attack_verbs"]),
        in_force_preps=frozenset(data["acts_in_force"]["time_preps"]),
        denied_in_force_preps=frozenset(data["acts_in_force"]["denied_time_preps"]),
        in_force_marks=frozenset(data["acts_in_force"]["after_marks"]),
        in_force_verbs=frozenset(data["acts_in_force"]["in_force_verbs"]),
    )
