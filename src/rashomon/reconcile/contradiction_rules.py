"""The records contradiction finding reads and writes, and its rules: what is told about incidents
(perpetrator, casualties, denial by a negated version), claims and their denials, the facts of an
agreement and who keeps it. `rashomon.reconcile.contradictions` runs them and reads the store.

Every rule compares two tellings and says "contradiction" only when both state something and what
they state cannot both be true; one telling that says less (names no perpetrator, gives no figure,
names no broker) only adds detail. The decisions, rule by rule, are in the docstrings.
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from itertools import combinations
from typing import Any

from rashomon.extract.cues import DENYING
from rashomon.extract.event_families import family_of
from rashomon.kb.knowledge import KnowledgeBase
from rashomon.kb.packs import CATEGORY_PREFIX, known_actor
from rashomon.language_data import load_language_data
from rashomon.reconcile.echo import side_of
from rashomon.reconcile.incidents import Incident, Version
from rashomon.reconcile.load import content_words
from rashomon.reconcile.records import EventFacts

TOPICS = ("perpetrator", "casualties", "denial", "agreement", "compliance")
# Figures within this share of the larger one agree: rounding and early estimates ("about 20" and
# 21). 10% as the brief for the casualty comparison sets it; 8 and 9 differ, 9 and 10 agree.
FIGURE_TOLERANCE = 0.1
SAYS_MAX = 140  # characters of a side's "says" phrase
QUOTE_MAX = 400  # characters of a side's quote
# A denial answers a claim of another article of its story only when they share this many content
# words (stemmed, see load.content_words): the invented Kalbajar pair shares "minefield" and "maps";
# one shared word ("Idlib", "attack") is what any two statements of one story have in common.
MIN_SHARED_WORDS = 2
_GAP_TO_TARGET = 12  # characters between a trigger and its target for "says" to copy the text between


# --- records -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Side:
    """One telling in a contradiction: what it is (`claim_id` of `kind` statement | event |
    agreement_mention | compliance_claim), where (article, span of the article text), who tells it
    (outlet, speaker, and the side the speaker speaks for) and what it says, short and in full."""

    claim_id: str
    kind: str
    article_id: str
    outlet: str | None
    speaker: str | None
    says: str
    span: tuple[int, int]
    quote: str = ""
    party: str | None = None


@dataclass(frozen=True)
class Contradiction:
    """Tellings that cannot all be true. `subject`: the incident, agreement or claimed statement they
    are about; `aspect` narrows the topic (fatalities | injured, brokers | parties | date, mutual |
    kept). `id` is derived from the topic, aspect and the sides' claim ids, so it is stable."""

    id: str
    topic: str
    subject: str | None
    sides: tuple[Side, ...]
    summary: str
    aspect: str | None = None


@dataclass(frozen=True)
class StatementFacts:
    """An attributed statement. `side`: whom the speaker speaks for (`echo.side_of`); `contested`: an
    accusation or a claim presented as one ("claimed"); `target_sides`: the sides it is aimed at, or
    whose denial answers it (`echo.article_claims`)."""

    id: str
    article_id: str
    outlet: str | None
    speaker: str | None
    side: str | None
    claim_type: str
    content: str
    start: int
    end: int
    cue: str | None = None
    target: str | None = None
    contested: bool = False
    target_sides: tuple[str, ...] = ()


@dataclass(frozen=True)
class PartyFacts:
    name: str
    actor_id: str | None = None
    country: str | None = None


@dataclass(frozen=True)
class MentionFacts:
    """One article's mention of a linked agreement (the `agreement_mention` export record)."""

    id: str
    article_id: str
    outlet: str | None
    text: str
    start: int
    end: int
    family: str = "agreement"
    venue: str | None = None
    date_value: str | None = None
    date_precision: str = "unknown"
    date_text: str | None = None
    parties: tuple[PartyFacts, ...] = ()
    brokers: tuple[PartyFacts, ...] = ()
    made_by: str | None = None
    statement_id: str | None = None


@dataclass(frozen=True)
class ComplianceFacts:
    """A claim that an agreement is kept or broken; its speaker is `accuser` when the clause names
    one ("X and Y accused each other"), else its statement's."""

    id: str
    article_id: str
    outlet: str | None
    stance: str  # broken | kept
    cue: str
    start: int
    end: int
    accused: PartyFacts | None = None
    statement_id: str | None = None
    accuser: PartyFacts | None = None


@dataclass(frozen=True)
class AgreementFacts:
    id: str
    name: str
    mentions: tuple[MentionFacts, ...]
    claims: tuple[ComplianceFacts, ...] = ()


@dataclass(frozen=True)
class Words:
    """Word lists: data/<lang>/contradictions.json, and the casualty words of events.json."""

    approximate: tuple[str, ...]
    lower_bounds: tuple[str, ...]
    upper_bounds: tuple[str, ...]
    number_words: Mapping[str, int]
    vague_numbers: Mapping[str, int | None]
    anaphora: frozenset[str]
    claim_nouns: frozenset[str]
    anaphora_max_words: int
    made_by_parties: frozenset[str]


@cache
def load_words(language: str = "en") -> Words:
    own, events = load_language_data("contradictions", language), load_language_data("events", language)
    return Words(
        approximate=tuple(own["approximate"]),
        lower_bounds=tuple(events["lower_bounds"]),
        upper_bounds=tuple(events["upper_bounds"]),
        number_words={k: int(v) for k, v in events["number_words"].items()},
        vague_numbers=dict(events["vague_numbers"]),
        anaphora=frozenset(own["anaphora"]),
        claim_nouns=frozenset(own["claim_nouns"]),
        anaphora_max_words=int(own["anaphora_max_words"]),
        made_by_parties=frozenset(own["made_by_parties"]),
    )


@dataclass
class Context:
    """What the rules look things up in: statements and events by id, article texts, stories, sides."""

    kb: KnowledgeBase
    words: Words
    statements: Mapping[str, StatementFacts]
    events: Mapping[str, EventFacts]
    texts: Mapping[str, str]
    story_of: Mapping[str, str]
    _named: dict[tuple[str | None, str | None], frozenset[str]] = field(default_factory=dict)

    def side(self, actor_id: str | None) -> str | None:
        return side_of(actor_id, self.kb) if actor_id else None

    def sides_named(self, name: str | None, actor_id: str | None) -> frozenset[str]:
        """The sides an actor stands for: its id's, and every actor its name links to ("the Syrian
        government and Russia" is two)."""
        key = (name, actor_id)
        if key not in self._named:
            found = {self.side(actor_id)} if actor_id else set()
            found |= {self.side(m.actor_id) for m in self.kb.link(name)} if name else set()
            self._named[key] = frozenset(s for s in found if s)
        return self._named[key]

    def party_side(self, party: PartyFacts) -> str:
        return self.side(party.actor_id) or party.country or party.name.casefold()

    def quote(self, article_id: str, start: int, end: int) -> str:
        text = self.texts.get(article_id, "")
        return shorten(" ".join(text[start:end].split()), QUOTE_MAX)

    def teller(self, version: Version) -> str:
        """Who tells a version: the side of its statement's speaker, else the speaker, else the outlet."""
        statement = self.statements.get(version.statement_id or "")
        if statement is not None and statement.side:
            return statement.side
        return version.speaker or f"outlet:{version.outlet}"


def shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def contradiction(
    topic: str, subject: str | None, sides: Sequence[Side], summary: str, aspect: str | None = None
) -> Contradiction:
    key = "|".join([topic, aspect or "", *sorted(s.claim_id for s in sides)])
    digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]
    return Contradiction(f"con-{topic}-{digest}", topic, subject, tuple(sides), summary, aspect)


def involved(pairs: Iterable[tuple[Any, Any]]) -> list[Any]:
    """The members of some conflicting pairs, each once, in first-seen order."""
    seen: dict[int, Any] = {}
    for a, b in pairs:
        seen.setdefault(id(a), a)
        seen.setdefault(id(b), b)
    return list(seen.values())


def who(side: Side) -> str:
    return f"{side.speaker} ({side.outlet or 'unknown outlet'})" if side.speaker else side.outlet or "unknown"


# --- incidents -----------------------------------------------------------------------------------


def incident_contradictions(incident: Incident, ctx: Context) -> list[Contradiction]:
    found = [perpetrator(incident, ctx), event_denial(incident, ctx)]
    found += [casualties(incident, kind, ctx) for kind in ("fatalities", "injured")]
    return [c for c in found if c is not None]


def _targets_meet(a: Version, b: Version, ctx: Context) -> bool:
    """Versions aimed at different sides (a Turkish post; civilians) tell of different acts."""
    ta, tb = ctx.sides_named(a.target, a.target_id), ctx.sides_named(b.target, b.target_id)
    return not (ta and tb and not ta & tb)


def perpetrator(incident: Incident, ctx: Context) -> Contradiction | None:
    """The same act blamed on actors of different sides, by different tellers. A version naming no
    actor adds nothing; neither does one naming a joint actor that includes the other's side; a
    teller does not contradict itself; versions aimed at different targets are not compared. Only
    violence is blamed: an agreement, a truce or a sanction has parties, not a perpetrator, and
    versions naming different parties to it do not disagree."""
    if family_of(incident.plover_type) != "violence":
        return None
    blames = [v for v in incident.versions if not v.negated and ctx.sides_named(v.actor, v.actor_id)]
    pairs = [
        (a, b)
        for a, b in combinations(blames, 2)
        if _blame_differs(ctx.sides_named(a.actor, a.actor_id), ctx.sides_named(b.actor, b.actor_id))
        and ctx.teller(a) != ctx.teller(b)
        and _targets_meet(a, b, ctx)
    ]
    if not pairs:
        return None
    sides = [event_side(v, ctx, event_phrase(v, ctx)) for v in involved(pairs)]
    blamed = "; ".join(f"{who(s)} blames {v.actor}" for s, v in zip(sides, involved(pairs), strict=True))
    return contradiction("perpetrator", incident.id, sides, f"Who did it ({_what(incident)}): {blamed}")


# Descriptions of an armed group that may stand for any one group: "militants", "separatists".
_ARMED_GROUP_DESCRIPTIONS = frozenset({CATEGORY_PREFIX + "REB", CATEGORY_PREFIX + "SEP"})


def _blame_differs(a: frozenset[str], b: frozenset[str]) -> bool:
    """Two blamed sides that cannot be one: no side in common, and not a description of an armed
    group ("the militants") against a group named in one text only ("JNIM"), which it may describe."""
    if a & b:
        return False
    for described, named in ((a, b), (b, a)):
        if described <= _ARMED_GROUP_DESCRIPTIONS and not any(map(known_actor, named)):
            return False
    return True


def event_denial(incident: Incident, ctx: Context) -> Contradiction | None:
    """A version that says the act did not happen (a negated event) against one that says it did,
    told by different tellers."""
    pairs = [
        (a, b)
        for a in incident.versions
        if not a.negated
        for b in incident.versions
        if b.negated and ctx.teller(a) != ctx.teller(b) and _targets_meet(a, b, ctx)
    ]
    if not pairs:
        return None
    versions = involved(pairs)
    sides = [event_side(v, ctx, ("denied: " if v.negated else "") + event_phrase(v, ctx)) for v in versions]
    told = "; ".join(
        f"{who(s)} {'denies it' if v.negated else 'says it happened'}"
        for s, v in zip(sides, versions, strict=True)
    )
    return contradiction("denial", incident.id, sides, f"Did it happen ({_what(incident)})? {told}")


def casualties(incident: Incident, kind: str, ctx: Context) -> Contradiction | None:
    """Figures that disagree beyond `FIGURE_TOLERANCE`, bounds allowing ("more than 360" agrees with
    400; "up to 20" with 15; a vague "dozens" is a lower bound), from different statements. A larger
    figure published later than a smaller one is a rising toll, not a contradiction."""
    figures = [(v, figure(v, kind, ctx)) for v in incident.versions if getattr(v, kind) and not v.negated]
    pairs = [
        (a, b)
        for (a, fa), (b, fb) in combinations(figures, 2)
        if (a.statement_id, a.article_id) != (b.statement_id, b.article_id)
        and _targets_meet(a, b, ctx)
        and not figures_agree(fa, fb)
        and not _rising(a, fa, b, fb, ctx)
    ]
    if not pairs:
        return None
    word = "killed" if kind == "fatalities" else "injured"
    shown = {id(v): f for v, f in figures}
    versions = involved(pairs)
    sides = [event_side(v, ctx, f"{shown[id(v)].text} {word}") for v in versions]
    told = "; ".join(f"{s.says} per {who(s)}" for s in sides)
    return contradiction(
        "casualties", incident.id, sides, f"How many {word} ({_what(incident)}): {told}", kind
    )


@dataclass(frozen=True)
class Figure:
    value: int
    bound: str  # exact | lower | upper
    text: str  # as shown: "more than 360", "12"


def figure(version: Version, kind: str, ctx: Context) -> Figure:
    """A version's figure with the bound its words put on it ("more than", "up to", "dozens")."""
    value = int(getattr(version, kind))
    event = ctx.events.get(version.event_id)
    text = ctx.texts.get(version.article_id, "")[event.start : event.end].lower() if event else ""
    words = ctx.words
    for vague, meaning in words.vague_numbers.items():
        if meaning == value and re.search(rf"\b{re.escape(vague)}\b", text):
            return Figure(value, "lower", vague)
    names = [w for w, n in words.number_words.items() if n == value and len(w) > 2]
    written = rf"(?:{value:,}|{value}|{'|'.join(map(re.escape, names)) or 'x^'})"
    for bound, phrases in (("lower", words.lower_bounds), ("upper", words.upper_bounds)):
        for phrase in phrases:
            if re.search(rf"\b{re.escape(phrase)}\s+{written}\b", text):
                return Figure(value, bound, f"{phrase} {value}")
    return Figure(value, "exact", str(value))


def figures_agree(a: Figure, b: Figure, tolerance: float = FIGURE_TOLERANCE) -> bool:
    if a.bound == b.bound and a.bound != "exact":
        return True  # two lower (or two upper) bounds never clash
    if a.bound == "exact" and b.bound == "exact":
        return abs(a.value - b.value) <= tolerance * max(a.value, b.value)
    low, high = (a, b) if a.bound == "lower" or b.bound == "upper" else (b, a)
    return low.value <= high.value * (1 + tolerance)  # "more than low" fits anything from low up


def _rising(a: Version, fa: Figure, b: Version, fb: Figure, ctx: Context) -> bool:
    ea, eb = ctx.events.get(a.event_id), ctx.events.get(b.event_id)
    da, db = (ea.article_date if ea else None), (eb.article_date if eb else None)
    if da is None or db is None or da.hi is None or db.hi is None or da.lo is None or db.lo is None:
        return False
    if da.hi < db.lo:
        return fb.value > fa.value
    return db.hi < da.lo and fa.value > fb.value


def _what(incident: Incident) -> str:
    place = f" at {incident.location.name}" if incident.location else ""
    date = f" on {incident.date}" if incident.date else ""
    return f"{incident.plover_type.lower()}{place}{date}"


def event_side(version: Version, ctx: Context, says: str) -> Side:
    event = ctx.events.get(version.event_id)
    span = (event.start, event.end) if event else (0, 0)
    statement = ctx.statements.get(version.statement_id or "")
    return Side(
        claim_id=version.event_id,
        kind="event",
        article_id=version.article_id,
        outlet=version.outlet,
        speaker=version.speaker,
        says=shorten(says, SAYS_MAX),
        span=span,
        quote=ctx.quote(version.article_id, *span),
        party=statement.side if statement else None,
    )


def event_phrase(version: Version, ctx: Context) -> str:
    """ "Syrian government forces launched mortar attacks on a Turkish observation post": the actor,
    then the text from the trigger to the end of the target where they are close, else the trigger."""
    event = ctx.events.get(version.event_id)
    text = ctx.texts.get(version.article_id, "")[event.start : event.end] if event else ""
    trigger = event.trigger if event else ""
    at = text.find(trigger) if trigger else -1
    core = trigger or "it"
    if at >= 0 and version.target:
        to = text.find(version.target, at + len(trigger))
        if 0 <= to - (at + len(trigger)) <= _GAP_TO_TARGET:
            core = text[at : to + len(version.target)]
        else:
            core = f"{trigger} ({version.target})"
    if not version.actor:
        return core
    before = at >= 0 and 0 <= text.find(version.actor) < at
    return f"{version.actor} {core}" if before else f"{core} by {version.actor}"


# --- claims and their denials --------------------------------------------------------------------


def statement_denials(statements: Sequence[StatementFacts], ctx: Context) -> list[Contradiction]:
    """A claim and the denials that answer it: one contradiction per claim, with all its denials.

    A denial or rejection answers, in its own article, the nearest earlier (else the nearest later)
    statement of another side that is aimed at the denier's side, provided that statement is an
    accusation or a claim presented as one, or the denial points back at it ("denied that
    assertion") or shares content words with it. A denial that answers nothing in its article
    answers the contested claim of another article of the same story aimed at its side that shares
    the most content words with it (at least `MIN_SHARED_WORDS`)."""
    by_article: dict[str, list[StatementFacts]] = defaultdict(list)
    for statement in sorted(statements, key=lambda s: (s.article_id, s.start)):
        by_article[statement.article_id].append(statement)
    answers = _Answerable(statements, by_article, ctx)
    claims: dict[str, StatementFacts] = {}
    denials: dict[str, list[StatementFacts]] = defaultdict(list)
    for denial in statements:
        if denial.claim_type not in DENYING or not denial.side:
            continue
        claim = answers.in_article(denial) or answers.in_story(denial)
        if claim is not None:
            claims[claim.id] = claim
            denials[claim.id].append(denial)
    found = []
    for claim_id, answers_to in denials.items():
        claim = claims[claim_id]
        sides = [statement_side(claim, ctx), *(statement_side(d, ctx, denial=True) for d in answers_to)]
        told = "; ".join(dict.fromkeys(f"{who(s)} denies it" for s in sides[1:]))
        summary = f"{who(sides[0])} says {shorten(claim.content, 90)}; {told}"
        found.append(contradiction("denial", claim_id, sides, summary))
    return found


def _answerable(claim: StatementFacts, denial: StatementFacts) -> bool:
    return (
        claim.id != denial.id and claim.side not in (None, denial.side) and denial.side in claim.target_sides
    )


class _Answerable:
    """The statements a denial may answer, indexed by the side they are aimed at (a denial answers
    only a statement aimed at its own side), so that a denial does not scan every statement; each
    statement's content words are computed once."""

    def __init__(
        self,
        statements: Sequence[StatementFacts],
        by_article: Mapping[str, Sequence[StatementFacts]],
        ctx: Context,
    ) -> None:
        self.ctx = ctx
        # (article, aimed-at side) -> statements in text order; (story, side) -> contested ones in input order
        self.in_articles: dict[tuple[str, str], list[StatementFacts]] = defaultdict(list)
        for article_id, article in by_article.items():
            for statement in article:
                for side in dict.fromkeys(statement.target_sides):
                    self.in_articles[(article_id, side)].append(statement)
        self.in_stories: dict[tuple[str, str], list[StatementFacts]] = defaultdict(list)
        for statement in statements:
            story = ctx.story_of.get(statement.article_id)
            if story is not None and statement.contested:
                for side in dict.fromkeys(statement.target_sides):
                    self.in_stories[(story, side)].append(statement)
        self._words: dict[str, frozenset[str]] = {}

    def shared(self, a: StatementFacts, b: StatementFacts) -> int:
        """How many content words (stemmed) two statements share."""
        return len(self._stems(a.content) & self._stems(b.content))

    def _stems(self, content: str) -> frozenset[str]:
        if content not in self._words:
            self._words[content] = frozenset(content_words(None, content, len(content)))
        return self._words[content]

    def in_article(self, denial: StatementFacts) -> StatementFacts | None:
        """The nearest earlier statement of its article it answers, else the first later one."""
        points_back = _points_back(denial, self.ctx.words)
        candidates = self.in_articles.get((denial.article_id, denial.side or ""), [])

        def answers(c: StatementFacts) -> bool:
            return _answerable(c, denial) and (
                c.contested or points_back or self.shared(c, denial) >= MIN_SHARED_WORDS
            )

        earlier = bisect_left(candidates, denial.start, key=lambda c: c.start)
        for index in range(earlier - 1, -1, -1):
            if answers(candidates[index]):
                return candidates[index]
        return next((candidates[i] for i in range(earlier, len(candidates)) if answers(candidates[i])), None)

    def in_story(self, denial: StatementFacts) -> StatementFacts | None:
        """The contested claim of another article of its story that shares the most words with it."""
        story = self.ctx.story_of.get(denial.article_id)
        if story is None:
            return None
        scored = [
            (self.shared(c, denial), c)
            for c in self.in_stories.get((story, denial.side or ""), [])
            if c.article_id != denial.article_id and _answerable(c, denial)
        ]
        best = max(scored, key=lambda item: (item[0], item[1].id), default=None)
        return best[1] if best is not None and best[0] >= MIN_SHARED_WORDS else None


def _points_back(denial: StatementFacts, words: Words) -> bool:
    """A short phrase of a determiner and a noun for something said: "denied that assertion"."""
    phrase = re.findall(r"[^\W\d_]+", (denial.target or denial.content).casefold())
    return (
        0 < len(phrase) <= words.anaphora_max_words
        and phrase[0] in words.anaphora
        and any(w in words.claim_nouns for w in phrase[1:])
    )


def statement_side(statement: StatementFacts, ctx: Context, denial: bool = False) -> Side:
    says = f"{statement.cue} {statement.content}" if denial and statement.cue else statement.content
    return Side(
        claim_id=statement.id,
        kind="statement",
        article_id=statement.article_id,
        outlet=statement.outlet,
        speaker=statement.speaker,
        says=shorten(says, SAYS_MAX),
        span=(statement.start, statement.end),
        quote=ctx.quote(statement.article_id, statement.start, statement.end) or statement.content,
        party=statement.side,
    )
