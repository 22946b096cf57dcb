"""Export records of the reconcile stage (export contract: `agreement`, and the per-article
`agreement_mention` with its compliance claims): one record per thing the whole corpus speaks of."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from rashomon.store.models import AgreementMentionRow, AgreementRow, Article, ComplianceClaimRow, StatementRow

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
