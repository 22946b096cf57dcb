"""Contradictions: accounts of one incident, claim or agreement that cannot all be true, each side
with its outlet, speaker, span, quote and a short phrase of what it says.

Topics (rules and their decisions in the docstrings of `contradiction_rules` and below):
- perpetrator: one incident blamed on actors of different sides by different tellers;
- casualties: figures for one incident that disagree beyond rounding, bounds ("more than") and
  rising tolls;
- denial: a claim and the denial that answers it (in its article, or in another of its story), or
  an incident told as happening by one side and as not happening by another;
- agreement: one linked agreement with other brokers (or a broker against the parties said to have
  made it themselves), other parties, or dates that cannot be the same;
- compliance: each side accusing the other of breaking the same agreement, or one side's keeping it
  asserted and denied.
Sides are those of `echo.side_of`: a state's people and institutions are the state.

`find_contradictions` works on plain records (hand-made in tests); `load_contradictions` reads a
store (read-only) through the existing loaders and clusterers.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations, permutations
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from rashomon.kb.actors import default_kb
from rashomon.kb.countries import by_iso2, find_country
from rashomon.kb.knowledge import KnowledgeBase
from rashomon.kb.packs import known_actor
from rashomon.reconcile.contradiction_rules import (
    QUOTE_MAX,
    SAYS_MAX,
    TOPICS,
    AgreementFacts,
    ComplianceFacts,
    Context,
    Contradiction,
    MentionFacts,
    PartyFacts,
    Side,
    StatementFacts,
    Words,
    contradiction,
    incident_contradictions,
    involved,
    load_words,
    shorten,
    statement_denials,
    who,
)
from rashomon.reconcile.echo import CHALLENGES, article_claims, side_of, with_speaker_ids
from rashomon.reconcile.framing_inputs import ArticleInput, article_from_row, rows_by_id
from rashomon.reconcile.framing_terms import Lexicon, load_lexicon
from rashomon.reconcile.incidents import Incident, Version, cluster_incidents
from rashomon.reconcile.load import RegionLookup, load_articles, load_events
from rashomon.reconcile.records import EventFacts, PlaceRef, parse_date
from rashomon.reconcile.stories import cluster_stories
from rashomon.records.agreements import agreement_records
from rashomon.store.models import Article, IncidentRow, StoryMemberRow

__all__ = [
    "TOPICS",
    "AgreementFacts",
    "ComplianceFacts",
    "Contradiction",
    "MentionFacts",
    "PartyFacts",
    "Side",
    "StatementFacts",
    "find_contradictions",
    "load_contradictions",
]


# --- agreements ----------------------------------------------------------------------------------


@dataclass
class _Account:
    """What one article says of an agreement: its mentions pooled."""

    article_id: str
    mentions: list[MentionFacts]
    ctx: Context

    def sides(self, attr: str) -> dict[str, PartyFacts]:
        out: dict[str, PartyFacts] = {}
        for mention in self.mentions:
            for party in getattr(mention, attr):
                out.setdefault(self.ctx.party_side(party), party)
        return out

    def cited(self, attr: str) -> MentionFacts:
        return max(self.mentions, key=lambda m: (len(getattr(m, attr)), m.made_by is not None, -m.start))

    def made_by_parties(self) -> bool:
        """Two or more parties, no broker, and a verb of making ("signed", "reached")."""
        made = any(m.made_by in self.ctx.words.made_by_parties for m in self.mentions)
        return made and len(self.sides("parties")) >= 2 and not self.sides("brokers")

    def families(self, attr: str) -> set[str]:
        return {m.family for m in self.mentions if getattr(m, attr) or (attr == "parties" and m.made_by)}


def _names(parties: Mapping[str, PartyFacts]) -> str:
    names = [p.name for p in parties.values()]
    return ", ".join(names[:-1]) + f" and {names[-1]}" if len(names) > 1 else "".join(names)


def agreement_contradictions(agreement: AgreementFacts, ctx: Context) -> list[Contradiction]:
    grouped: dict[str, list[MentionFacts]] = defaultdict(list)
    for mention in agreement.mentions:
        grouped[mention.article_id].append(mention)
    accounts = [_Account(article, mentions, ctx) for article, mentions in grouped.items()]
    found = [
        _brokers(agreement, accounts, ctx),
        _parties(agreement, accounts, ctx),
        _dates(agreement, accounts, ctx),
    ]
    return [c for c in found if c is not None] + compliance(agreement, ctx)


def _brokers(agreement: AgreementFacts, accounts: list[_Account], ctx: Context) -> Contradiction | None:
    """An explicit other broker, or the parties said to have made it themselves (two or more named,
    a verb of making, no broker) against a broker named elsewhere. An account naming no broker
    and not saying who made it adds nothing; nor does one of talks against one of a signed text."""
    pairs: list[tuple[Side, Side]] = []
    for a, b in permutations(accounts, 2):
        brokers, others = a.sides("brokers"), b.sides("brokers")
        if not brokers:
            continue
        if others and not brokers.keys() & others.keys() and a.article_id < b.article_id:
            pairs.append((_broker_side(a, brokers, ctx), _broker_side(b, others, ctx)))
        parties = b.sides("parties")
        if (
            b.made_by_parties()
            and not brokers.keys() & parties.keys()
            and a.families("brokers") & b.families("parties")
        ):
            verb = next(m.made_by for m in b.mentions if m.made_by in ctx.words.made_by_parties)
            says = f"made by {_names(parties)} ({verb}), no broker named"
            made = b.cited("parties")
            pairs.append((_broker_side(a, brokers, ctx), _mention_side(made, ctx, says)))
    return _agreement_finding(agreement, "brokers", pairs, "Who brokered")


def _broker_side(account: _Account, brokers: Mapping[str, PartyFacts], ctx: Context) -> Side:
    return _mention_side(account.cited("brokers"), ctx, f"brokered by {_names(brokers)}")


def _parties(agreement: AgreementFacts, accounts: list[_Account], ctx: Context) -> Contradiction | None:
    """Two accounts that each name two or more parties, neither set within the other. One naming
    fewer parties (a subset) only says less."""
    pairs = []
    for a, b in combinations(accounts, 2):
        pa, pb = a.sides("parties"), b.sides("parties")
        if len(pa) >= 2 and len(pb) >= 2 and not (pa.keys() <= pb.keys() or pb.keys() <= pa.keys()):
            sa = _mention_side(a.cited("parties"), ctx, f"between {_names(pa)}")
            pairs.append((sa, _mention_side(b.cited("parties"), ctx, f"between {_names(pb)}")))
    return _agreement_finding(agreement, "parties", pairs, "Who are the parties to")


def _dates(agreement: AgreementFacts, accounts: list[_Account], ctx: Context) -> Contradiction | None:
    """Resolved dates of different articles that cannot be the same day: "2018" and "2018-09" agree
    (the coarser holds the finer); "2018-09" and "2019-09" do not. Unresolved dates are not compared."""
    pairs = []
    for a, b in combinations(accounts, 2):
        for ma in a.mentions:
            for mb in b.mentions:
                sa, sb = _date_span(ma), _date_span(mb)
                if sa is not None and sb is not None and not sa.overlaps(sb):
                    sa = _mention_side(ma, ctx, f"dated {ma.date_value}")
                    pairs.append((sa, _mention_side(mb, ctx, f"dated {mb.date_value}")))
    return _agreement_finding(agreement, "date", pairs, "When was")


def _date_span(mention: MentionFacts) -> Any:
    return parse_date(mention.date_value) if mention.date_precision != "unknown" else None


def _agreement_finding(
    agreement: AgreementFacts, aspect: str, pairs: list[tuple[Side, Side]], question: str
) -> Contradiction | None:
    if not pairs:
        return None
    sides = list({s.claim_id: s for s in (side for pair in pairs for side in pair)}.values())
    told = "; ".join(f"{who(s)}: {s.says}" for s in sides)
    return contradiction("agreement", agreement.id, sides, f"{question} {agreement.name}? {told}", aspect)


def _mention_side(mention: MentionFacts, ctx: Context, says: str) -> Side:
    statement = ctx.statements.get(mention.statement_id or "")
    return Side(
        claim_id=mention.id,
        kind="agreement_mention",
        article_id=mention.article_id,
        outlet=mention.outlet,
        speaker=statement.speaker if statement else None,
        says=shorten(says, SAYS_MAX),
        span=(mention.start, mention.end),
        quote=_sentence(ctx, mention.article_id, mention.start, mention.end) or mention.text,
        party=statement.side if statement else None,
    )


def _sentence(ctx: Context, article_id: str, start: int, end: int) -> str:
    """The sentence around a span (a mention alone, "the deal", says too little)."""
    text = ctx.texts.get(article_id, "")
    if not text:
        return ""
    left = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start))
    right = [i for i in (text.find(". ", end), text.find("\n", end)) if i != -1]
    return shorten(text[left + 1 : min(right, default=len(text)) + 1], QUOTE_MAX)


# --- compliance ----------------------------------------------------------------------------------


def compliance(agreement: AgreementFacts, ctx: Context) -> list[Contradiction]:
    """Each side accusing the other of breaking the agreement (speaker and accused sides reversed:
    aspect "mutual"), or one saying a side keeps it and another that the same side breaks it
    ("kept"). Claims whose accused is unknown, or that no one makes (no accuser named in the clause,
    no statement), are not compared. A speaker whose side is unknown (a war with no actor pack:
    "President X said Armenia had violated the truce") may stand on either side of a mutual
    accusation: two tellers saying that two opposing sides broke one truce blame each other."""
    known = []
    for claim in agreement.claims:
        statement = ctx.statements.get(claim.statement_id or "")
        accused = ctx.party_side(claim.accused) if claim.accused else None
        if claim.accuser is not None:
            speaker, side = claim.accuser.name, ctx.party_side(claim.accuser)
        elif statement is not None:
            speaker, side = statement.speaker, statement.side or None
        else:
            continue
        if accused:
            known.append((claim, _Teller(speaker, side, statement), accused))
    mutual, kept = [], []
    for (a, sa, ta), (b, sb, tb) in combinations(known, 2):
        if a.stance == b.stance == "broken" and _blame_each_other((a, sa, ta), (b, sb, tb)):
            mutual.append(((a, sa), (b, sb)))
        elif a.stance != b.stance and ta == tb and sa.side and sb.side and sa.side != sb.side:
            kept.append(((a, sa), (b, sb)))
    found = []
    for aspect, pairs in (("mutual", mutual), ("kept", kept)):
        if pairs:
            sides = list({c.id: _claim_side(c, s, ctx) for c, s in involved(pairs)}.values())
            told = "; ".join(f"{who(s)}: {s.says}" for s in sides)
            summary = f"Who keeps {agreement.name}? {told}"
            found.append(contradiction("compliance", agreement.id, sides, summary, aspect))
    return found


@dataclass(frozen=True)
class _Teller:
    """Who makes a compliance claim: a name, its side (None: not known), and the statement it is in
    (if any)."""

    speaker: str | None
    side: str | None
    statement: StatementFacts | None


def _blame_each_other(
    first: tuple[ComplianceFacts, _Teller, str], second: tuple[ComplianceFacts, _Teller, str]
) -> bool:
    """Two claims of a breach by different sides, each teller being (or possibly being) the side
    the other claim accuses; two unknown tellers must be two speakers, not one said twice."""
    (a, sa, ta), (b, sb, tb) = first, second
    if ta == tb or not (_may_be(sa, tb) and _may_be(sb, ta)):
        return False
    known = not (_unknown(sa.side) and _unknown(sb.side))
    return known or (a.article_id, sa.speaker) != (b.article_id, sb.speaker)


def _may_be(teller: _Teller, side: str) -> bool:
    return teller.side == side or _unknown(teller.side)


def _unknown(side: str | None) -> bool:
    """No side, or only the speaker's own discovered name ("discovered:ilham-aliyev")."""
    return not known_actor(side)


def _claim_side(claim: ComplianceFacts, teller: _Teller, ctx: Context) -> Side:
    accused = _accused_label(claim.accused) if claim.accused else "someone"
    verb = "broke" if claim.stance == "broken" else "keeps"
    statement = teller.statement
    quote = (
        ctx.quote(statement.article_id, statement.start, statement.end) or statement.content
        if statement is not None and claim.accuser is None
        else _sentence(ctx, claim.article_id, claim.start, claim.end)
    )
    return Side(
        claim_id=claim.id,
        kind="compliance_claim",
        article_id=claim.article_id,
        outlet=claim.outlet,
        speaker=teller.speaker,
        says=shorten(f"{accused} {verb} it ({claim.cue})", SAYS_MAX),
        span=(claim.start, claim.end),
        quote=quote,
        party=teller.side,
    )


def _accused_label(accused: PartyFacts) -> str:
    """The accused as written, with the state it stands for when the words do not name it by its
    name, adjective or demonym: "the Zionist enemy (Israel)", "Damascus (Syria)", but "Armenia" and
    "Indian troops" as they are."""
    country = by_iso2(accused.country) if accused.country else None
    named = find_country(accused.name)
    if country is None or (named is not None and named.kind in _NAMING_KINDS):
        return accused.name
    return f"{accused.name} ({country.name})"


_NAMING_KINDS = frozenset({"name", "adjective", "demonym"})


# --- all topics ----------------------------------------------------------------------------------


def find_contradictions(
    incidents: Iterable[Incident],
    statements: Sequence[StatementFacts],
    agreements: Iterable[AgreementFacts],
    story_of: Mapping[str, str] | None = None,
    *,
    events: Iterable[EventFacts] = (),
    texts: Mapping[str, str] | None = None,
    kb: KnowledgeBase | None = None,
    words: Words | None = None,
) -> list[Contradiction]:
    """Every contradiction, by topic (`TOPICS` order), subject and id.

    `story_of` (article id -> story id) lets a denial answer a claim of another article of its
    story; `events` (the incidents' per-article events) give spans, triggers and publication dates;
    `texts` (article id -> text) give quotes and the words around figures ("more than")."""
    ctx = Context(
        kb=kb or default_kb(),
        words=words or load_words(),
        statements={s.id: s for s in statements},
        events={e.id: e for e in events},
        texts=texts or {},
        story_of=story_of or {},
    )
    found: list[Contradiction] = []
    for incident in incidents:
        if len(incident.versions) > 1:
            found += incident_contradictions(incident, ctx)
    said = statement_denials(statements, ctx)
    found = [c for c in found if not _told_by(c, said, ctx)] + said
    for agreement in agreements:
        found += agreement_contradictions(agreement, ctx)
    unique = {c.id: c for c in found}
    return sorted(unique.values(), key=lambda c: (TOPICS.index(c.topic), c.subject or "", c.id))


def _told_by(found: Contradiction, said: Sequence[Contradiction], ctx: Context) -> bool:
    """An incident denial whose versions come from the statements of a claim and its denial is
    that statement denial again."""
    if found.topic != "denial":
        return False
    statements = {ctx.events[s.claim_id].statement_id for s in found.sides if s.claim_id in ctx.events}
    return None not in statements and any(statements <= {s.claim_id for s in c.sides} for c in said)


# --- the store -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SaidInArticles:
    """The statements of articles (with their sides: `statement_facts`) and their texts: the part of
    the contradictions that each article gives alone, so that processes can share it out."""

    statements: tuple[StatementFacts, ...]
    texts: dict[str, str]  # article id -> text, in id order


def said_in_articles(
    session: Session, part: int = 0, parts: int = 1, kb: KnowledgeBase | None = None
) -> SaidInArticles:
    """`SaidInArticles` of every analysed, non-duplicate article of a store (read-only); with
    `parts`, of every `parts`-th of them from the `part`-th (`joined` puts shares together)."""
    kb = kb or default_kb()
    lexicon = load_lexicon()
    kept = (Article.status == "analysed", Article.duplicate_of.is_(None))
    ids = list(session.scalars(select(Article.id).where(*kept).order_by(Article.id)))[part::parts]
    statements: list[StatementFacts] = []
    texts: dict[str, str] = {}
    for row in rows_by_id(session, ids):
        texts[row.id] = row.text
        outlet = row.outlet_name or row.outlet_domain
        statements += statement_facts(article_from_row(row), kb, lexicon, outlet)
    return SaidInArticles(tuple(statements), texts)


def joined(shares: Sequence[SaidInArticles]) -> SaidInArticles:
    """Shares of `said_in_articles` as the whole: statements and texts in article id order."""
    texts = dict(sorted(item for share in shares for item in share.texts.items()))
    order = {article_id: number for number, article_id in enumerate(texts)}
    # a stable sort: each article's statements keep their order
    statements = sorted((s for share in shares for s in share.statements), key=lambda s: order[s.article_id])
    return SaidInArticles(tuple(statements), texts)


def load_contradictions(
    session: Session,
    incidents: Sequence[Incident] | None = None,
    story_of: Mapping[str, str] | None = None,
    regions: RegionLookup | None = None,
    kb: KnowledgeBase | None = None,
    said: SaidInArticles | None = None,
    events: Sequence[EventFacts] | None = None,
) -> list[Contradiction]:
    """Contradictions over every analysed, non-duplicate article of a store (read-only).

    Incidents and stories are those stored by the reconcile stage (so subjects are the exported
    incident ids), unless given; where none are stored they are clustered here (`regions` as for
    `load_events`; without it places compare by name and country only). `said` and `events`:
    `said_in_articles` and `load_events` of the store, when read already."""
    kb = kb or default_kb()
    said = said if said is not None else said_in_articles(session, kb=kb)
    if story_of is None:
        story_of = dict(session.execute(select(StoryMemberRow.article_id, StoryMemberRow.story_id)).all())
    if not story_of:
        stories = cluster_stories(load_articles(session, regions=regions))
        story_of = {a: story.id for story in stories for a in story.article_ids}
    events = list(events) if events is not None else load_events(session, regions=regions)
    if incidents is None:
        incidents = stored_incidents(session) or cluster_incidents(events, story_of)
    agreements = [agreement_facts(record) for record in agreement_records(session)]
    kept = set(said.texts)
    agreements = [a for a in agreements if a.mentions and all(m.article_id in kept for m in a.mentions)] or [
        a for a in agreements if a.mentions
    ]
    return find_contradictions(
        incidents, list(said.statements), agreements, story_of, events=events, texts=said.texts, kb=kb
    )


def statement_facts(
    article: ArticleInput, kb: KnowledgeBase, lexicon: Lexicon, outlet: str | None = None
) -> list[StatementFacts]:
    """An article's statements with their speakers' sides and, for the claims among them, the sides
    they are aimed at (`echo.article_claims`)."""
    aimed = {c.statement_id: c.target_sides for c in article_claims(article, kb, lexicon)}
    out = []
    for said in with_speaker_ids(article):
        cue = (said.cue or "").split()
        contested = said.claim_type in CHALLENGES or bool(cue and cue[0].casefold() in lexicon.claim_cues)
        out.append(
            StatementFacts(
                id=said.id,
                article_id=article.article_id,
                outlet=outlet,
                speaker=said.speaker,
                side=side_of(said.actor_id, kb),
                claim_type=said.claim_type,
                content=article.text[said.start : said.end],
                start=said.start,
                end=said.end,
                cue=said.cue,
                target=said.target,
                contested=contested,
                target_sides=aimed.get(said.id, ()),
            )
        )
    return out


def stored_incidents(session: Session) -> list[Incident]:
    """The incidents the reconcile stage stored (those told more than once)."""
    out = []
    for row in session.scalars(select(IncidentRow).order_by(IncidentRow.id)):
        location = json.loads(row.location) if row.location else None
        out.append(
            Incident(
                id=row.id,
                event_ids=tuple(json.loads(row.event_ids)),
                article_ids=tuple(json.loads(row.article_ids)),
                outlets=tuple(json.loads(row.outlets)),
                plover_type=row.plover_type,
                date=row.date,
                location=PlaceRef(**location) if location else None,
                versions=tuple(Version(**v) for v in json.loads(row.versions)),
            )
        )
    return out


def _party(record: Mapping[str, Any] | None) -> PartyFacts | None:
    if not record or not record.get("name"):
        return None
    return PartyFacts(record["name"], record.get("actor_id"), record.get("country"))


def agreement_facts(record: Mapping[str, Any]) -> AgreementFacts:
    """An `agreement` export record (`records.agreements.agreement_records`) as plain facts."""
    mentions = tuple(
        MentionFacts(
            id=m["id"],
            article_id=m["article_id"],
            outlet=m.get("outlet"),
            text=m["text"],
            start=m["span"][0],
            end=m["span"][1],
            family=m.get("family") or "agreement",
            venue=m.get("venue"),
            date_value=m["date"]["value"],
            date_precision=m["date"]["precision"] or "unknown",
            date_text=m["date"]["text"],
            parties=tuple(p for p in map(_party, m["parties"]) if p),
            brokers=tuple(p for p in map(_party, m["brokers"]) if p),
            made_by=m.get("made_by"),
            statement_id=m.get("reported_by"),
        )
        for m in record["mentions"]
    )
    claims = tuple(
        ComplianceFacts(
            id=c["id"],
            article_id=c["article_id"],
            outlet=c.get("outlet"),
            stance=c["stance"],
            cue=c["cue"],
            start=c["span"][0],
            end=c["span"][1],
            accused=_party(c.get("accused")),
            statement_id=c.get("statement_id"),
            accuser=_party(c.get("accuser")),
        )
        for c in record["claims"]
    )
    return AgreementFacts(record["id"], record["name"], mentions, claims)
