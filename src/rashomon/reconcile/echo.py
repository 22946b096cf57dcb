"""Outlet echo: whose statements each outlet carries, and whether it carries the other side's answer
to the claims and accusations it reports.

Sides: a state's people and institutions are one side (its ISO3 code: a foreign minister, the defence
ministry and "Ankara" are all TUR); a person speaks for their affiliation; any other actor is its own
side, or its top parent's (IGO.UN.SG is IGO.UN); a category is its group (category:REB).

Contested claims, per article: an accusation or criticism (claim types accuse, criticize) or a
statement whose cue presents it as a claim ("claimed", "alleged": `claim_cues` in the framing data),
aimed at another side: the actors in its `target`, else in its content. A denial or rejection that
answers no such claim marks the nearest earlier statement of another side as the claim it answers.
A claim is answered when the same article carries a statement by a side it targets, denied when that
statement is a denial or rejection. Only the same article counts: without story clusters, two articles
of one outlet are not known to be about the same claim.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from rashomon.extract.cues import DENYING
from rashomon.kb.actors import default_kb
from rashomon.kb.knowledge import KnowledgeBase
from rashomon.kb.packs import CATEGORY_PREFIX
from rashomon.reconcile.framing_inputs import ActorSpan, ArticleInput, Said, articles_from_store
from rashomon.reconcile.framing_labels import normalise_label
from rashomon.reconcile.framing_terms import Lexicon, load_lexicon
from rashomon.reconcile.spans import SpanIndex
from rashomon.store.db import Store

CHALLENGES = frozenset({"accuse", "criticize"})
_STATE_SECTORS = frozenset({"GOV", "MIL", "COP", "SPY", "LEG", "JUD"})
_TARGET_WINDOW = 200  # characters before a statement's content where its target may be written


@dataclass(frozen=True)
class ClaimCheck:
    """A contested claim an outlet carries, and the answers it carries with it."""

    article_id: str
    outlet: str
    statement_id: str
    speaker: str | None
    actor_id: str | None
    side: str | None
    claim_type: str
    target_sides: tuple[str, ...]
    responses: tuple[str, ...]  # ids of statements by a targeted side in the same article
    denials: tuple[str, ...]  # those of them that deny or reject

    @property
    def answered(self) -> bool:
        return bool(self.responses)


@dataclass(frozen=True)
class EchoRow:
    """One speaker as carried by one outlet."""

    outlet: str
    speaker: str  # the name written most often
    actor_id: str | None
    side: str | None
    statements: int
    articles: int
    direct: int  # quoted (direct or mixed) rather than paraphrased
    relayed: int  # taken from another outlet ("TRThaber quoted the president as saying")
    claim_types: dict[str, int]
    claims: int  # contested claims by this speaker
    answered: int  # of which the outlet carries a reply by a targeted side
    denied: int  # of which that reply is a denial or rejection


@dataclass(frozen=True)
class OutletEcho:
    outlet: str
    statements: int
    sides: dict[str, int]  # statements by side, most carried first
    claims: int
    answered: int
    denied: int


# --- sides ---------------------------------------------------------------------------------------


def side_of(actor_id: str | None, kb: KnowledgeBase) -> str | None:
    """The side an actor speaks or acts for (see the module docstring)."""
    actor = kb.actor(actor_id) if actor_id else None
    for _ in range(8):  # a person's affiliation, a body's parent: short chains, cycles cut off
        if actor is None:
            return actor_id
        if actor.type == "person" and actor.affiliation:
            actor_id, actor = actor.affiliation, kb.actor(actor.affiliation)
            continue
        if actor.type == "category":
            return CATEGORY_PREFIX + (actor.sector or "")
        if actor.country and (actor.type == "state" or _is_state_body(actor.sector, actor.cameo)):
            return actor.country
        parent = kb.actor(actor.parent) if actor.parent else None
        if parent is None:
            return actor.country if actor.type == "person" else actor.id
        actor_id, actor = parent.id, parent
    return actor_id


def actor_side(actor_id: str, kb: KnowledgeBase) -> str:
    """The side an actor's labels count for in framing: a state's bodies roll up to the state
    ("RUS.MIL" and "RUS.GOV" to "RUS"), a person to whom they act for; actors of no state stay
    themselves."""
    return side_of(actor_id, kb) or actor_id


def _is_state_body(sector: str | None, cameo: str | None) -> bool:
    return sector in _STATE_SECTORS or (cameo or "")[3:6] in _STATE_SECTORS


# --- claims of one article -----------------------------------------------------------------------


def article_claims(
    article: ArticleInput, kb: KnowledgeBase | None = None, lexicon: Lexicon | None = None
) -> list[ClaimCheck]:
    """The contested claims of one article, in text order, with the answers it carries."""
    kb, lexicon = kb or default_kb(), lexicon or load_lexicon()
    said = sorted(with_speaker_ids(article), key=lambda s: s.start)
    sides = {s.id: side_of(s.actor_id, kb) for s in said}
    parties = _Parties(article, kb, lexicon.not_parties)
    targets: dict[str, tuple[str, ...]] = {}
    for statement in said:
        if _challenges(statement, lexicon):
            aimed = parties.targets(statement, sides[statement.id])
            if aimed:
                targets[statement.id] = aimed
    aimed_at = {side for aimed in targets.values() for side in aimed}  # grows with `targets` below
    last: Said | None = None  # the latest statement with a side so far
    last_other: Said | None = None  # the latest one with a side other than `last`'s
    for statement in said:
        denier = sides[statement.id]
        if statement.claim_type in DENYING and denier and denier not in aimed_at:
            # the nearest earlier statement of another side
            claim = last if last is not None and sides[last.id] != denier else last_other
            # ... right before it, or further up when one of the two names the other's side: a
            # denial far from an unrelated claim answers something else
            if claim is not None and (claim is last or _about_each_other(claim, statement, sides, parties)):
                targets[claim.id] = (*targets.get(claim.id, ()), denier)
                aimed_at.add(denier)
        if denier is not None:
            if last is not None and sides[last.id] != denier:
                last_other = last
            last = statement
    by_side: dict[str | None, list[int]] = defaultdict(list)
    for index, statement in enumerate(said):
        by_side[sides[statement.id]].append(index)
    return [_check(article, s, sides, targets[s.id], said, by_side) for s in said if s.id in targets]


def with_speaker_ids(article: ArticleInput) -> list[Said]:
    """The statements, a speaker the statements stage left unlinked ("the army said") taking the id
    of the actor mention in its attribution (the last one: the head of "army spokesman X")."""
    out = []
    mentions: SpanIndex[ActorSpan] | None = None
    for statement in article.statements:
        if statement.actor_id is None and statement.source is not None:
            start, end = statement.source
            mentions = mentions or SpanIndex(article.actors)
            inside = mentions.within(start, end)
            if inside:
                statement = replace(statement, actor_id=inside[-1].actor_id)
        out.append(statement)
    return out


def _challenges(statement: Said, lexicon: Lexicon) -> bool:
    cue = (statement.cue or "").split()
    return statement.claim_type in CHALLENGES or bool(cue and cue[0].casefold() in lexicon.claim_cues)


def _about_each_other(claim: Said, denial: Said, sides: dict[str, str | None], parties: _Parties) -> bool:
    claimant, denier = sides[claim.id], sides[denial.id]
    return denier in parties.targets(claim, claimant) or claimant in parties.targets(denial, denier)


def _check(
    article: ArticleInput,
    claim: Said,
    sides: dict[str, str | None],
    aimed: tuple[str, ...],
    said: Sequence[Said],
    by_side: dict[str | None, list[int]],
) -> ClaimCheck:
    """`by_side`: positions in `said` of each side's statements, so that the responses are found
    without a scan of every statement for every claim."""
    positions = sorted(i for side in set(aimed) for i in by_side.get(side, ()))
    responses = [said[i] for i in positions if said[i].id != claim.id]
    return ClaimCheck(
        article_id=article.article_id,
        outlet=article.outlet,
        statement_id=claim.id,
        speaker=claim.speaker,
        actor_id=claim.actor_id,
        side=sides[claim.id],
        claim_type=claim.claim_type,
        target_sides=aimed,
        responses=tuple(s.id for s in responses),
        denials=tuple(s.id for s in responses if s.claim_type in DENYING),
    )


class _Parties:
    """The sides a statement is aimed at: the actors of its target, else of its content."""

    def __init__(self, article: ArticleInput, kb: KnowledgeBase, not_parties: frozenset[str]) -> None:
        self.text, self.actors, self.kb = article.text, SpanIndex(article.actors), kb
        self.excluded = {CATEGORY_PREFIX + sector for sector in not_parties}

    def targets(self, statement: Said, own: str | None) -> tuple[str, ...]:
        span = self._target_span(statement) or (statement.start, statement.end)
        found = [side_of(m.actor_id, self.kb) for m in self._within(span)]
        return tuple(dict.fromkeys(s for s in found if s is not None and s != own and s not in self.excluded))

    def _target_span(self, statement: Said) -> tuple[int, int] | None:
        if not statement.target:
            return None
        at = self.text.rfind(statement.target, max(0, statement.start - _TARGET_WINDOW), statement.end)
        return (at, at + len(statement.target)) if at != -1 else None

    def _within(self, span: tuple[int, int]) -> list[ActorSpan]:
        """Mentions overlapping it: "accused Syrian President Bashar al-Assad" targets "Syrian President"."""
        return self.actors.overlapping(span[0], span[1])


# --- over articles -------------------------------------------------------------------------------


def outlet_echo(
    articles: Iterable[ArticleInput], kb: KnowledgeBase | None = None, lexicon: Lexicon | None = None
) -> tuple[list[EchoRow], list[ClaimCheck]]:
    """Speakers carried per outlet (outlets in name order, most carried first) and every contested
    claim with its answers."""
    kb = kb or default_kb()
    articles = list(articles)
    claims = [c for a in articles for c in article_claims(a, kb, lexicon)]
    by_speaker: dict[tuple[str, str], list[tuple[str, Said]]] = defaultdict(list)
    for article in articles:
        said = with_speaker_ids(article)
        # "Khalid Tamim" linked in one attribution and not in the next ("Tamim told") is one speaker
        ids: dict[str, str | None] = {}
        for s in said:
            if s.speaker and s.actor_id:
                ids.setdefault(normalise_label(s.speaker), s.actor_id)  # the first attribution names best
        for statement in said:
            name = normalise_label(statement.speaker or "unknown")
            key = statement.actor_id or ids.get(name) or _by_surname(name, ids) or f"name:{name}"
            by_speaker[(article.outlet, key)].append((article.article_id, replace(statement, actor_id=key)))
    rows = [_echo_row(outlet, said, claims, kb) for (outlet, _), said in by_speaker.items()]
    return sorted(rows, key=lambda r: (r.outlet, -r.statements, r.speaker)), claims


def _by_surname(name: str, ids: dict[str, str | None]) -> str | None:
    return next((actor for full, actor in ids.items() if name and full.split()[-1] == name), None)


def _echo_row(
    outlet: str, said: list[tuple[str, Said]], claims: list[ClaimCheck], kb: KnowledgeBase
) -> EchoRow:
    statements = [s for _, s in said]
    ids = {s.id for s in statements}
    own = [c for c in claims if c.statement_id in ids]
    names = Counter(s.speaker for s in statements if s.speaker)
    actor_id = statements[0].actor_id
    actor_id = None if actor_id is None or actor_id.startswith("name:") else actor_id
    return EchoRow(
        outlet=outlet,
        speaker=names.most_common(1)[0][0] if names else (actor_id or "unknown"),
        actor_id=actor_id,
        side=side_of(actor_id, kb),
        statements=len(statements),
        articles=len({article_id for article_id, _ in said}),
        direct=sum(s.mode in ("direct", "mixed") for s in statements),
        relayed=sum(bool(s.relayed_by) for s in statements),
        claim_types=dict(Counter(s.claim_type for s in statements).most_common()),
        claims=len(own),
        answered=sum(c.answered for c in own),
        denied=sum(bool(c.denials) for c in own),
    )


def outlet_summary(rows: Iterable[EchoRow]) -> list[OutletEcho]:
    """Per outlet: statements carried by side, and contested claims carried with their answers."""
    by_outlet: dict[str, list[EchoRow]] = defaultdict(list)
    for row in rows:
        by_outlet[row.outlet].append(row)
    summaries = []
    for outlet, outlet_rows in sorted(by_outlet.items()):
        sides: Counter[str] = Counter()
        for row in outlet_rows:
            sides[row.side or "unknown"] += row.statements
        summaries.append(
            OutletEcho(
                outlet=outlet,
                statements=sum(r.statements for r in outlet_rows),
                sides=dict(sides.most_common()),
                claims=sum(r.claims for r in outlet_rows),
                answered=sum(r.answered for r in outlet_rows),
                denied=sum(r.denied for r in outlet_rows),
            )
        )
    return summaries


def load_echo(store: Store, lexicon: Lexicon | None = None) -> tuple[list[EchoRow], list[ClaimCheck]]:
    """Outlet echo over every analysed article of a store (read-only)."""
    return outlet_echo(articles_from_store(store), lexicon=lexicon)
