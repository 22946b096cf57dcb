"""Store rows for an article's agreement mentions and the compliance claims made about them."""

from __future__ import annotations

import json

from rashomon.extract.agreements import AgreementMention
from rashomon.extract.grounding import Party


def party_json(parties: tuple[Party, ...] | list[Party]) -> str:
    """Parties as stored: a JSON list of {name, actor_id, country}."""
    return json.dumps(
        [{"name": p.name, "actor_id": p.actor_id, "country": p.country} for p in parties], ensure_ascii=False
    )


def _statement_id(article_id: str, index: int | None) -> str | None:
    return f"{article_id}/st-{index + 1}" if index is not None else None


def agreement_rows(
    article_id: str, mentions: list[AgreementMention]
) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    """The mention rows and the claim rows of one article (column -> value, for the `agreement_mention`
    and `compliance_claim` tables), ids numbered in text order."""
    rows: list[dict[str, object]] = []
    claims: list[dict[str, object]] = []
    for number, mention in enumerate(mentions, start=1):
        mention_id = f"{article_id}/ag-{number}"
        date = mention.date
        rows.append(
            {
                "id": mention_id,
                "article_id": article_id,
                "instance": mention.instance,
                "start": mention.span[0],
                "end": mention.span[1],
                "text": mention.text,
                "head": mention.head,
                "family": mention.family,
                "topic": mention.topic,
                "venue": mention.venue,
                "name": mention.name,
                "definite": mention.definite,
                "date_text": date.text if date else None,
                "date_value": date.value if date else None,
                "date_precision": date.precision if date and date.value else "unknown",
                "parties": party_json(mention.parties),
                "brokers": party_json(mention.brokers),
                "provisions": json.dumps(list(mention.provisions)),
                "made_by": mention.made_by,
                "reported_by": _statement_id(article_id, mention.statement),
            }
        )
        for claim in mention.claims:
            accused = claim.accused
            claims.append(
                {
                    "id": f"{article_id}/cc-{len(claims) + 1}",
                    "article_id": article_id,
                    "mention_id": mention_id,
                    "stance": claim.stance,
                    "cue": claim.cue,
                    "cue_start": claim.cue_span[0],
                    "cue_end": claim.cue_span[1],
                    "accused_name": accused.name if accused else None,
                    "accused_id": accused.actor_id if accused else None,
                    "accused_country": accused.country if accused else None,
                    "statement_id": _statement_id(article_id, claim.statement),
                }
            )
    return rows, claims
