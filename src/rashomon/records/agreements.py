"""Agreement records read from the store: each article's `agreement_mention` records with the
compliance claims made about them, and the corpus's `agreement` records. Shared by the exports and by
the reconcile stage, which reads agreements as exported to find contradictions in them."""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import select
from sqlalchemy.orm import Session

from rashomon.records.kinds import AGREEMENT, AGREEMENT_MENTION
from rashomon.records.spec import Record, build_record
from rashomon.store.models import AgreementMentionRow, AgreementRow, Article, ComplianceClaimRow, StatementRow


def claim_record(claim: ComplianceClaimRow, outlet: str | None, speaker: str | None) -> Record:
    """A compliance claim as nested in `claims`: who is accused of breaking or keeping what, who says so."""
    accused = None
    if claim.accused_name:
        accused = {"name": claim.accused_name, "actor_id": claim.accused_id, "country": claim.accused_country}
    accuser = None
    if claim.accuser_name:
        accuser = {"name": claim.accuser_name, "actor_id": claim.accuser_id, "country": claim.accuser_country}
    return {
        "id": claim.id,
        "article_id": claim.article_id,
        "outlet": outlet,
        "stance": claim.stance,
        "cue": claim.cue,
        "span": [claim.cue_start, claim.cue_end],
        "accused": accused,
        "statement_id": claim.statement_id,
        "speaker": accuser["name"] if accuser else speaker,
        "accuser": accuser,
    }


def mention_record(mention: AgreementMentionRow, claims: list[Record]) -> Record:
    return build_record(AGREEMENT_MENTION, mention, claims=claims)


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
        yield build_record(
            AGREEMENT,
            agreement,
            mentions=[mention_record(m, []) | {"outlet": outlets.get(m.article_id)} for m in members],
            claims=[c for m in members for c in claims.get(m.id, [])],
        )
