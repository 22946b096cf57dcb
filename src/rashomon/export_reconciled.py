"""Export records of the reconcile stage (export contract: `story`, `incident`, `framing`,
`contradiction`, `echo`): one record per thing the whole corpus speaks of. Agreements and their
mentions are built in `rashomon.records.agreements`, which the reconcile stage reads too."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator

from sqlalchemy import select
from sqlalchemy.orm import Session

from rashomon.kb.actors import default_kb
from rashomon.reconcile.echo import actor_side, outlet_echo
from rashomon.reconcile.framing_inputs import articles_from_session
from rashomon.records.coverage import CoverageIndex
from rashomon.records.kinds import CONTRADICTION, FRAMING, INCIDENT, STORY
from rashomon.records.spec import Record, build_record
from rashomon.store.models import (
    Article,
    ContradictionRow,
    FramingRowModel,
    IncidentRow,
    StoryMemberRow,
    StoryRow,
)


def story_records(session: Session) -> Iterator[Record]:
    """Stories: articles about one developing situation, oldest first."""
    members: dict[str, list[str]] = {}
    for article_id, story_id in session.execute(select(StoryMemberRow.article_id, StoryMemberRow.story_id)):
        members.setdefault(story_id, []).append(article_id)
    outlets = dict(session.execute(select(Article.id, Article.outlet_name)).all())
    coverage = CoverageIndex.build(session)
    for story in session.scalars(select(StoryRow).order_by(StoryRow.first, StoryRow.id)):
        article_ids = sorted(members.get(story.id, []))
        yield build_record(
            STORY,
            story,
            article_ids=article_ids,
            outlets=sorted({outlets.get(a) or "unknown" for a in article_ids}),
            coverage=coverage.coverage(article_ids),
        )


def incident_records(session: Session) -> Iterator[Record]:
    """Incidents: one real-world event as told across articles, with each telling's version."""
    coverage = CoverageIndex.build(session)
    for incident in session.scalars(select(IncidentRow).order_by(IncidentRow.date, IncidentRow.id)):
        yield build_record(INCIDENT, incident, coverage=coverage.coverage(json.loads(incident.article_ids)))


def framing_records(session: Session) -> Iterator[Record]:
    """How each outlet names each actor: labels counted per mention, loaded terms attached."""
    query = select(FramingRowModel).order_by(FramingRowModel.outlet, FramingRowModel.mentions.desc())
    kb = default_kb()
    for row in session.scalars(query):
        side = actor_side(row.actor_id, kb)
        yield build_record(FRAMING, row, id=f"framing/{row.outlet}/{row.actor_id}", actor_side=side)


def contradiction_records(session: Session) -> Iterator[Record]:
    """Accounts that cannot all be true, with both sides' claims, speakers and outlets."""
    for row in session.scalars(
        select(ContradictionRow).order_by(ContradictionRow.topic, ContradictionRow.id)
    ):
        record = build_record(
            CONTRADICTION,
            row,
            event_id=row.subject,
            sides=[{"claim": side.get("claim_id"), **side} for side in json.loads(row.sides)],
        )
        # The subject is an incident's id (`event_id`) or a name (`subject`): the record holds one.
        del record["subject" if (row.subject or "").startswith("inc-") else "event_id"]
        yield record


def echo_records(session: Session) -> Iterator[Record]:
    """Outlet echo: whose statements each outlet carries, and whether it carries the replies."""
    rows, _ = outlet_echo(articles_from_session(session))
    for row in rows:
        yield {"kind": "echo", "id": f"echo/{row.outlet}/{row.speaker}", **dataclasses.asdict(row)}
