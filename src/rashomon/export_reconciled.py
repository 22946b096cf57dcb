"""Export records of the reconcile stage (export contract: `agreement`, `story`, `incident`,
`framing`, `contradiction`, and the per-article `agreement_mention` with its compliance claims):
one record per thing the whole corpus speaks of."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from rashomon.reconcile.echo import outlet_echo
from rashomon.reconcile.framing_inputs import articles_from_session
from rashomon.store.models import (
    AgreementMentionRow,
    AgreementRow,
    Article,
    ComplianceClaimRow,
    ContradictionRow,
    FramingRowModel,
    IncidentRow,
    StatementRow,
    StoryMemberRow,
    StoryRow,
)

Record = dict[str, Any]


def claim_record(claim: ComplianceClaimRow, outlet: str | None, speaker: str | None) -> Record:
    accused = None
    if claim.accused_name:
        accused = {"name": claim.accused_name, "actor_id": claim.accused_id, "country": claim.accused_country}
    return {
        "id": claim.id,
        "article_id": claim.article_id,
        "outlet": outlet,
        "stance": claim.stance,
        "cue": claim.cue,
        "span": [claim.cue_start, claim.cue_end],
        "accused": accused,
        "statement_id": claim.statement_id,
        "speaker": speaker,
    }


def mention_record(mention: AgreementMentionRow, claims: list[Record]) -> Record:
    return {
        "kind": "agreement_mention",
        "id": mention.id,
        "article_id": mention.article_id,
        "agreement_id": mention.agreement_id,
        "text": mention.text,
        "span": [mention.start, mention.end],
        "family": mention.family,
        "topic": mention.topic,
        "venue": mention.venue,
        "name": mention.name,
        "date": {"text": mention.date_text, "value": mention.date_value, "precision": mention.date_precision},
        "parties": json.loads(mention.parties),
        "brokers": json.loads(mention.brokers),
        "provisions": json.loads(mention.provisions),
        "made_by": mention.made_by,
        "reported_by": mention.reported_by,
        "claims": claims,
    }


def agreement_mention_records(article: Article) -> Iterator[Record]:
    """An article's agreement mentions, each with the compliance claims made about it."""
    speakers = {s.id: s.speaker_name for s in article.statements}
    for mention in article.agreement_mentions:
        claims = [
            claim_record(c, article.outlet_name, speakers.get(c.statement_id or ""))
            for c in article.compliance_claims
            if c.mention_id == mention.id
        ]
        yield mention_record(mention, claims)


def agreement_records(session: Session) -> Iterator[Record]:
    """Agreements linked across articles, with their mentions and claims in article order."""
    outlets = dict(session.execute(select(Article.id, Article.outlet_name)).all())
    speakers = dict(session.execute(select(StatementRow.id, StatementRow.speaker_name)).all())
    claims: dict[str, list[Record]] = {}
    for claim in session.scalars(select(ComplianceClaimRow).order_by(ComplianceClaimRow.id)):
        record = claim_record(claim, outlets.get(claim.article_id), speakers.get(claim.statement_id or ""))
        claims.setdefault(claim.mention_id, []).append(record)
    mentions: dict[str, list[AgreementMentionRow]] = {}
    for mention in session.scalars(select(AgreementMentionRow).order_by(AgreementMentionRow.id)):
        mentions.setdefault(mention.agreement_id or "", []).append(mention)
    for agreement in session.scalars(
        select(AgreementRow).order_by(AgreementRow.date_value, AgreementRow.name)
    ):
        members = mentions.get(agreement.id, [])
        yield {
            "kind": "agreement",
            "id": agreement.id,
            "name": agreement.name,
            "date": agreement.date_value,
            "date_precision": agreement.date_precision,
            "family": agreement.family,
            "topic": agreement.topic,
            "venue": agreement.venue,
            "parties": json.loads(agreement.parties),
            "brokers": json.loads(agreement.brokers),
            "provisions": json.loads(agreement.provisions),
            "article_ids": json.loads(agreement.article_ids),
            "mentions": [mention_record(m, []) | {"outlet": outlets.get(m.article_id)} for m in members],
            "claims": [c for m in members for c in claims.get(m.id, [])],
        }


def story_records(session: Session) -> Iterator[Record]:
    """Stories: articles about one developing situation, oldest first."""
    members: dict[str, list[str]] = {}
    for article_id, story_id in session.execute(select(StoryMemberRow.article_id, StoryMemberRow.story_id)):
        members.setdefault(story_id, []).append(article_id)
    outlets = dict(session.execute(select(Article.id, Article.outlet_name)).all())
    for story in session.scalars(select(StoryRow).order_by(StoryRow.first, StoryRow.id)):
        article_ids = sorted(members.get(story.id, []))
        yield {
            "kind": "story",
            "id": story.id,
            "title": story.title,
            "article_ids": article_ids,
            "outlets": sorted({outlets.get(a) or "unknown" for a in article_ids}),
            "first": story.first,
            "last": story.last,
        }


def incident_records(session: Session) -> Iterator[Record]:
    """Incidents: one real-world event as told across articles, with each telling's version."""
    for incident in session.scalars(select(IncidentRow).order_by(IncidentRow.date, IncidentRow.id)):
        yield {
            "kind": "incident",
            "id": incident.id,
            "event_ids": json.loads(incident.event_ids),
            "article_ids": json.loads(incident.article_ids),
            "outlets": json.loads(incident.outlets),
            "plover_type": incident.plover_type,
            "date": incident.date,
            "location": json.loads(incident.location) if incident.location else None,
            "versions": json.loads(incident.versions),
        }


def framing_records(session: Session) -> Iterator[Record]:
    """How each outlet names each actor: labels counted per mention, loaded terms attached."""
    query = select(FramingRowModel).order_by(FramingRowModel.outlet, FramingRowModel.mentions.desc())
    for row in session.scalars(query):
        yield {
            "kind": "framing",
            "id": f"framing/{row.outlet}/{row.actor_id}",
            "outlet": row.outlet,
            "actor_id": row.actor_id,
            "actor_name": row.actor_name,
            "sector": row.sector,
            "mentions": row.mentions,
            "articles": row.articles,
            "labels": json.loads(row.labels),
            "own_labels": json.loads(row.own_labels),
            "quoted_labels": json.loads(row.quoted_labels),
            "loaded_terms": json.loads(row.loaded_terms),
        }


def contradiction_records(session: Session) -> Iterator[Record]:
    """Accounts that cannot all be true, with both sides' claims, speakers and outlets."""
    for row in session.scalars(
        select(ContradictionRow).order_by(ContradictionRow.topic, ContradictionRow.id)
    ):
        subject_key = "event_id" if (row.subject or "").startswith("inc-") else "subject"
        yield {
            "kind": "contradiction",
            "id": row.id,
            "topic": row.topic,
            "aspect": row.aspect,
            subject_key: row.subject,
            "sides": [{"claim": side.get("claim_id"), **side} for side in json.loads(row.sides)],
            "summary": row.summary,
        }


def echo_records(session: Session) -> Iterator[Record]:
    """Outlet echo: whose statements each outlet carries, and whether it carries the replies."""
    rows, _ = outlet_echo(articles_from_session(session))
    for row in rows:
        yield {"kind": "echo", "id": f"echo/{row.outlet}/{row.speaker}", **dataclasses.asdict(row)}
