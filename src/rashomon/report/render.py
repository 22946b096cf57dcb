"""The self-contained HTML report: plain files with inline CSS and no scripts or remote assets, so it
opens from file:// on an air-gapped machine. Jinja2 autoescaping escapes all article text; highlighted
text is handed to the templates as segments (see `highlight`), never as markup."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from itertools import groupby
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from rashomon import __version__
from rashomon.extract.speakers import name_key
from rashomon.report.agreements_page import agreements_context
from rashomon.report.charts import json_script, write_assets
from rashomon.report.highlight import UNNAMED, css_name, highlighted_article, statement_number
from rashomon.report.map_page import map_context
from rashomon.report.overview import overview_context
from rashomon.report.reconciled_pages import (
    contradictions_context,
    framing_context,
    incidents_context,
    stories_context,
)
from rashomon.report.templating import environment
from rashomon.report.timeline_page import timeline_context
from rashomon.store.db import Store
from rashomon.store.models import Article, EventRow, InputFailure, Run, StatementRow
from rashomon.store.repository import articles

# Most frequent distinct names shown per entity type on an article page.
_MENTIONS_PER_LABEL = 12
# Longest statement excerpt on the statements page (about three lines); the article page has it all.
_SNIPPET_CHARS = 280


@dataclass(frozen=True)
class Page:
    """A top-level page of the report; later stages register theirs in PAGES."""

    filename: str
    title: str
    template: str
    context: Callable[[Session], dict[str, Any]]


def _index_context(session: Session) -> dict[str, Any]:
    stored = articles(session)
    # Each group is (its first article, which carries the outlet fields; all its articles).
    by_outlet = [
        (rows[0], rows) for rows in (list(g) for _, g in groupby(stored, key=lambda a: a.outlet_name))
    ]
    failures = list(session.scalars(select(InputFailure).order_by(InputFailure.run_id, InputFailure.id)))
    return {"articles": stored, "by_outlet": by_outlet, "failures": failures, **overview_context(session)}


@dataclass(frozen=True)
class StatementEntry:
    """A statement as the statements page lists it: `number` is its anchor (st-N) on the article page."""

    row: StatementRow
    number: int
    snippet: str
    type_class: str


@dataclass
class SpeakerGroup:
    anchor: str
    name: str
    entries: list[StatementEntry] = field(default_factory=list)
    role: str | None = None
    affiliation: str | None = None
    types: Counter[str] = field(default_factory=Counter)

    @property
    def classes(self) -> str:
        return " ".join(f"has-{css_name(t)}" for t in sorted(self.types))


@dataclass
class OutletGroup:
    """The speakers one outlet quotes, each with the claim types of its statements there."""

    name: str
    articles: set[str] = field(default_factory=set)
    speakers: dict[str, Counter[str]] = field(default_factory=dict)


def _statements_context(session: Session) -> dict[str, Any]:
    rows = list(session.scalars(select(StatementRow).options(selectinload(StatementRow.article))))
    rows.sort(key=_statement_order)
    speakers = _by_speaker(rows)
    claim_types = Counter(row.claim_type for row in rows).most_common()
    return {
        "statement_count": len(rows),
        "speakers": speakers,
        "speaker_by_name": {group.name: group for group in speakers},
        "outlets": _by_outlet(rows),
        "claim_types": [(name, css_name(name), count) for name, count in claim_types],
    }


def _statement_order(row: StatementRow) -> tuple[str, str, str, int]:
    article = row.article
    return (article.published_date or "", article.outlet_name or "", article.id, row.content_start)


def speaker_display_names(rows: Iterable[StatementRow]) -> dict[str, str]:
    """One name per person across articles: 'Erdogan' in one article and 'Recep Tayyip Erdogan' in
    another are shown as the fuller one, when the surname keys agree and every word of the short
    name occurs in the full one. Names of other kinds of speaker are kept as they are."""
    people = sorted({row.speaker_name for row in rows if row.speaker_kind == "person" and row.speaker_name})
    by_key: dict[str, list[str]] = defaultdict(list)
    for name in people:
        by_key[name_key(name)].append(name)

    def fullest(name: str) -> str:
        fuller = [other for other in by_key[name_key(name)] if set(name.split()) <= set(other.split())]
        return max(fuller, key=lambda other: (len(other.split()), other))

    return {name: fullest(name) for name in people}


def _by_speaker(rows: Iterable[StatementRow]) -> list[SpeakerGroup]:
    """Speakers with their statements, most quoted first; role and affiliation are the most frequent."""
    rows = list(rows)
    display = speaker_display_names(rows)
    groups: dict[str, SpeakerGroup] = {}
    roles: dict[str, Counter[str]] = defaultdict(Counter)
    affiliations: dict[str, Counter[str]] = defaultdict(Counter)
    for row in rows:
        name = display.get(row.speaker_name or "", row.speaker_name or UNNAMED)
        group = groups.setdefault(name, SpeakerGroup(anchor="", name=name))
        type_class = f"t-{css_name(row.claim_type)}"
        group.entries.append(StatementEntry(row, statement_number(row.id), _snippet(row.content), type_class))
        group.types[row.claim_type] += 1
        roles[name].update([row.speaker_role] if row.speaker_role else [])
        affiliations[name].update([row.speaker_affiliation] if row.speaker_affiliation else [])
    ordered = sorted(groups.values(), key=lambda g: (-len(g.entries), g.name == UNNAMED, g.name.casefold()))
    for i, group in enumerate(ordered, start=1):
        group.anchor = f"sp-{i}"
        group.role = _most_common(roles[group.name])
        group.affiliation = _most_common(affiliations[group.name])
    return ordered


def _by_outlet(rows: Iterable[StatementRow]) -> list[OutletGroup]:
    rows = list(rows)
    display = speaker_display_names(rows)
    outlets: dict[str, OutletGroup] = {}
    for row in rows:
        name = row.article.outlet_name or "Unknown outlet"
        outlet = outlets.setdefault(name, OutletGroup(name))
        outlet.articles.add(row.article_id)
        speaker = display.get(row.speaker_name or "", row.speaker_name or UNNAMED)
        outlet.speakers.setdefault(speaker, Counter())[row.claim_type] += 1
    for outlet in outlets.values():
        outlet.speakers = dict(sorted(outlet.speakers.items(), key=lambda kv: (-kv[1].total(), kv[0])))
    return sorted(outlets.values(), key=lambda o: (o.name == "Unknown outlet", o.name.casefold()))


def _most_common(counts: Counter[str]) -> str | None:
    return counts.most_common(1)[0][0] if counts else None


def _snippet(text: str, limit: int = _SNIPPET_CHARS) -> str:
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat.rfind(" ", 0, limit)
    return flat[: cut if cut > limit // 2 else limit].rstrip(" ,;:") + "…"


@dataclass(frozen=True)
class EventEntry:
    """An event as the events page lists it; `status` names why it is not a plain reported fact."""

    row: EventRow
    type_class: str
    status: tuple[str, ...]
    reporter: str | None  # the quoted speaker, when a statement reports the event
    reported_anchor: str | None  # st-N on the article page

    @property
    def classes(self) -> str:
        return f"ev {self.type_class}" + (" unsure" if self.status else "")


def _events_context(session: Session) -> dict[str, Any]:
    rows = list(session.scalars(select(EventRow).options(selectinload(EventRow.article))))
    rows.sort(key=_event_order)
    ids = {row.reported_by for row in rows if row.reported_by}
    reporting = session.scalars(select(StatementRow).where(StatementRow.id.in_(ids)))
    speakers = {st.id: st.speaker_name or UNNAMED for st in reporting}
    entries = [_event_entry(row, speakers) for row in rows]
    plover = Counter(row.plover_type for row in rows).most_common()
    acled = Counter(
        " / ".join(filter(None, (row.acled_event_type, row.acled_sub_event_type)))
        for row in rows
        if row.acled_event_type
    ).most_common()
    return {
        "events": entries,
        "plover_types": [(name, css_name(name), count) for name, count in plover],
        "acled_types": acled,
        "unsure_count": sum(1 for entry in entries if entry.status),
        "article_count": len({row.article_id for row in rows}),
    }


def _event_order(row: EventRow) -> tuple[bool, str, str, str, int]:
    """Dated events first, by date; then by outlet, article and place in the text."""
    article = row.article
    date = row.date_value or article.published_date or ""
    return (not date, date, article.outlet_name or "", article.id, row.start)


def _event_entry(row: EventRow, speakers: dict[str, str]) -> EventEntry:
    status = tuple(
        label
        for label, flag in (
            (row.modality, row.modality != "asserted"),
            ("negated", row.negated),
            ("background", row.background),
        )
        if flag
    )
    found = re.search(r"/(st-\d+)$", row.reported_by or "")
    return EventEntry(
        row=row,
        type_class=f"p-{css_name(row.plover_type)}",
        status=status,
        reporter=speakers.get(row.reported_by or "", UNNAMED) if found else None,
        reported_anchor=found.group(1) if found else None,
    )


PAGES: list[Page] = [
    Page("index.html", "Overview", "index.html", _index_context),
    Page("statements.html", "Statements", "statements.html", _statements_context),
    Page("events.html", "Events", "events.html", _events_context),
    Page("agreements.html", "Agreements", "agreements.html", agreements_context),
    Page("stories.html", "Stories", "stories.html", stories_context),
    Page("incidents.html", "Incidents", "incidents.html", incidents_context),
    Page("contradictions.html", "Contradictions", "contradictions.html", contradictions_context),
    Page("framing.html", "Framing", "framing.html", framing_context),
    Page("timeline.html", "Timeline", "timeline.html", timeline_context),
    Page("map.html", "Map", "map.html", map_context),
]


def write_report(store: Store, out_dir: Path) -> Path:
    """Write `out_dir/index.html`, the registered pages and one page per article; returns index path."""
    env = environment("rashomon.report", json_script=json_script)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "articles").mkdir(exist_ok=True)
    write_assets(out_dir)  # the plotting library, once, next to the pages that chart
    with store.session() as session:
        common = _common_context(session)
        for page in PAGES:
            html = env.get_template(page.template).render(**common, **page.context(session), root="")
            (out_dir / page.filename).write_text(html, encoding="utf-8")
        article_template = env.get_template("article.html")
        for article in articles(session):
            html = article_template.render(**common, **_article_context(article), root="../")
            (out_dir / "articles" / f"{article.id}.html").write_text(html, encoding="utf-8")
    return out_dir / "index.html"


def _common_context(session: Session) -> dict[str, Any]:
    runs = session.execute(select(Run.model_name, Run.model_version).distinct())
    models = sorted(f"{name} {version}" for name, version in runs)
    generated = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    return {"pages": PAGES, "models": models, "version": __version__, "generated": generated}


def _article_context(article: Article) -> dict[str, Any]:
    names_by_label: dict[str, Counter[str]] = defaultdict(Counter)
    for mention in article.mentions:
        names_by_label[mention.label][mention.text] += 1
    mentions = [
        (label, [name for name, _ in counts.most_common(_MENTIONS_PER_LABEL)])
        for label, counts in sorted(names_by_label.items())
    ]
    return {**highlighted_article(article), "mentions": mentions}
