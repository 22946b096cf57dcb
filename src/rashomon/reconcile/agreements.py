"""Agreements across articles: the per-article instances (mentions sharing an `instance` number)
that name one agreement are linked into one, with its best-attested date, parties, brokers and
provisions. Rebuilt from the store after every run, so ids stay stable while the earliest member
stays.

Two instances from different articles are one agreement when (compared only inside blocks of a
shared venue, month or month name, so the cost follows the corpus, not its square):
- they share a venue ("the Sochi agreement" / "the agreements reached in Sochi") and no resolved
  dates clash;
- or both are resolved to dates that overlap, one of them to the month or finer ("in 2018" and "in
  September" of a 2019 article), with no clash of family or topic and a common party or broker when
  both name some; two days are "the same" within `SAME_DAYS` (agreed one day, in force the next);
- or one names a month it could not resolve (an undated article's "in mid-January") and the other is
  resolved inside that month, with no clash and a common party;
- or one names a day of a month it could not resolve ("on July 28", no year) and the other is
  resolved to that day, with no clash of sides.
A group never spans more than `SAME_DAYS` between its days, so truces between the same sides a week
apart stay apart however many reports fall between them. Then an instance with no date at all ("the
truce") joins the latest matching dated agreement made at most `RECENT_DAYS` before its article was
published (or the only matching one, when its article has no day); its sides must meet those of
the group's reports pooled, since one report may name one side only.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import delete, select, update

from rashomon.extract.agreement_compare import stated_hours, topics_clash, values_overlap
from rashomon.kb.countries import by_iso2
from rashomon.language_data import load_language_data
from rashomon.store.db import Store
from rashomon.store.models import AgreementMentionRow, AgreementRow, Article

# Full month names, lower case, January first (rashomon/data/<lang>/calendar.json).
_MONTHS = [words[0].lower() for words in load_language_data("calendar")["months"]]
_MONTH_NAMES = "|".join(_MONTHS)
_MONTH_DAY = re.compile(
    rf"\b(?:(?P<month1>{_MONTH_NAMES})\s+(?P<day1>\d{{1,2}})|(?P<day2>\d{{1,2}})\s+(?P<month2>{_MONTH_NAMES}))\b"
)
_FINE = frozenset({"day", "week", "month"})
_FAMILY_NAMES = {"ceasefire": "Ceasefire", "agreement": "Agreement", "talks": "Talks"}
# Reports of one truce date it by when it was agreed, announced or took force: a day or two apart
# (the Jeddah truce of May 2023 signed on the 20th, in force on the 22nd). Successive truces between
# the same sides came a week apart in the dev clusters, so two days keeps them apart.
SAME_DAYS = 2
# "the truce" in an article refers to the latest one; older than two weeks it is likely another.
RECENT_DAYS = 14


@dataclass
class Instance:
    """One agreement as one article speaks of it: the facts of its mentions pooled."""

    key: str  # "<article id>#<instance>"
    article_id: str
    mentions: list[AgreementMentionRow] = field(default_factory=list)
    published: str | None = None  # the article's publication day (ISO), when known to the day

    @property
    def venues(self) -> set[str]:
        return {m.venue.lower() for m in self.mentions if m.venue}

    @property
    def families(self) -> set[str]:
        return {m.family for m in self.mentions}

    @property
    def topics(self) -> set[str]:
        return {m.topic for m in self.mentions if m.topic}

    @property
    def date(self) -> tuple[str, str] | None:
        """The most precise resolved date (value, precision) among the mentions."""
        dated = [(m.date_value, m.date_precision) for m in self.mentions if m.date_value]
        return max(dated, key=lambda d: len(d[0].split("/")[0])) if dated else None

    @property
    def day(self) -> datetime.date | None:
        return _day(self.date[0]) if self.date else None

    @property
    def month_hints(self) -> set[int]:
        """Months named by dates the article could not resolve ("in mid-January", no year)."""
        return {
            _MONTHS.index(word) + 1
            for m in self.mentions
            if m.date_text and not m.date_value
            for word in re.findall(r"[a-z]+", m.date_text.lower())
            if word in _MONTHS
        }

    @property
    def day_hints(self) -> set[tuple[int, int]]:
        """(month, day) named by dates the article could not resolve ("on July 28", no year)."""
        hints = set()
        for m in self.mentions:
            if m.date_text and not m.date_value:
                text = m.date_text.lower()
                for found in _MONTH_DAY.finditer(text):
                    month = found.group("month1") or found.group("month2")
                    day = int(found.group("day1") or found.group("day2"))
                    hints.add((_MONTHS.index(month) + 1, day))
        return hints

    @property
    def durations(self) -> set[int]:
        """How long the mentions say it lasts, in hours ("12-hour truce": 12)."""
        return {hours for mention in self.mentions for hours in stated_hours(mention.text)}

    @property
    def countries(self) -> set[str]:
        return {p["country"] for m in self.mentions for p in json.loads(m.parties) if p.get("country")}

    @property
    def sides(self) -> set[str]:
        """Countries or actors of the parties and brokers: a report may take a broker for a party."""
        return {
            p.get("country") or p.get("actor_id") or p["name"]
            for m in self.mentions
            for column in (m.parties, m.brokers)
            for p in json.loads(column)
        }


def _day(value: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value.split("/")[0].split(",")[0])
    except ValueError:
        return None  # a month, a year or an interval: not one day


def link(instances: Sequence[Instance]) -> list[list[Instance]]:
    """Group instances naming one agreement (see the module notes); groups in first-seen order."""
    parent = list(range(len(instances)))
    days: dict[int, list[datetime.date]] = {i: [d] if (d := x.day) else [] for i, x in enumerate(instances)}

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int) -> None:
        ri, rj = find(i), find(j)
        both = days[ri] + days[rj]
        if ri != rj and (not both or (max(both) - min(both)).days <= SAME_DAYS):
            parent[rj] = ri
            days[ri] = both

    for block in _blocks(instances).values():
        for x, i in enumerate(block):
            for j in block[x + 1 :]:
                a, b = instances[i], instances[j]
                if a.article_id != b.article_id and same_agreement(a, b):
                    union(i, j)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(instances)):
        groups[find(i)].append(i)
    for root, members in list(groups.items()):
        host = _latest_host([instances[i] for i in members], groups, days, instances)
        if host is not None:
            groups[host] += groups.pop(root)
    ordered = sorted(groups.values(), key=min)
    return [[instances[i] for i in sorted(members)] for members in ordered]


def _latest_host(
    members: list[Instance],
    groups: dict[int, list[int]],
    days: dict[int, list[datetime.date]],
    instances: Sequence[Instance],
) -> int | None:
    """The dated group an undated one refers to: the latest matching one made before its articles
    were published (see the module notes), else None."""
    if any(m.date or m.month_hints or m.venues for m in members):
        return None
    published = [d for m in members if m.published and (d := _day(m.published))]
    candidates = []
    for root, others in groups.items():
        group = [instances[i] for i in others]
        if not any(g.date for g in group):
            continue
        if not all(_compatible(a, b) for a in members for b in group):
            continue
        # one report names one side ("Cambodia agreed"), another both: the group's sides pooled
        pooled = {side for g in group for side in g.sides}
        if not all(not (m.sides and pooled) or m.sides & pooled for m in members):
            continue
        latest = max(days[root], default=None)
        if published and (
            latest is None or not all(0 <= (p - latest).days <= RECENT_DAYS for p in published)
        ):
            continue
        candidates.append((latest or datetime.date.min, root))
    if published:
        return max(candidates)[1] if candidates else None
    # an article with no day of its own: only when one dated agreement (of any precision) matches
    return candidates[0][1] if len(candidates) == 1 else None


def _sides_meet(a: Instance, b: Instance) -> bool:
    return not (a.sides and b.sides) or bool(a.sides & b.sides)


def _blocks(instances: Sequence[Instance]) -> dict[str, list[int]]:
    blocks: dict[str, list[int]] = defaultdict(list)
    for i, instance in enumerate(instances):
        keys = {f"venue:{v}" for v in instance.venues}
        if instance.date:
            keys.add(f"year:{instance.date[0][:4]}")
            keys.add(f"month:{int(instance.date[0][5:7])}" if len(instance.date[0]) >= 7 else "")
        keys |= {f"month:{m}" for m in instance.month_hints}
        for key in keys - {""}:
            blocks[key].append(i)
    return blocks


def same_agreement(a: Instance, b: Instance) -> bool:
    if not _compatible(a, b):
        return False
    if a.venues & b.venues:
        return True
    parties_meet = bool(a.countries & b.countries)
    if a.date and b.date:
        fine = a.date[1] in _FINE or b.date[1] in _FINE
        return fine and _sides_meet(a, b)
    hinted, dated = (a, b) if a.month_hints else (b, a)
    if hinted.day_hints and (day := dated.day) and (day.month, day.day) in hinted.day_hints:
        return _sides_meet(a, b)  # the same day of the same month: the year is all that was missing
    if hinted.month_hints and dated.date and len(dated.date[0]) >= 7:
        return int(dated.date[0][5:7]) in hinted.month_hints and parties_meet
    return False


def _compatible(a: Instance, b: Instance) -> bool:
    if a.venues and b.venues and not a.venues & b.venues:
        return False
    if a.durations and b.durations and not a.durations & b.durations:
        return False  # a 12-hour truce and the 24-hour one that followed it are two truces
    if topics_clash(a.topics, a.families, b.topics, b.families):
        return False
    if ("talks" in a.families) != ("talks" in b.families) and not a.venues & b.venues:
        return False
    if a.day and b.day:
        return abs((a.day - b.day).days) <= SAME_DAYS
    return not (a.date and b.date and not values_overlap(a.date[0], b.date[0]))


# --- one agreement -------------------------------------------------------------------------------


def agreement_row(group: Sequence[Instance]) -> AgreementRow:
    """The linked agreement: its name, best date, pooled parties, brokers and provisions."""
    mentions = [m for instance in group for m in instance.mentions]
    first = min(instance.key for instance in group)
    dates = [d for d in (instance.date for instance in group) if d]
    # the most precise; among days the earliest: when it was agreed, before it took force
    date = min(dates, key=lambda d: (-len(d[0].split("/")[0]), len(d[0]), d[0])) if dates else None
    brokers = _pooled(m.brokers for m in mentions)
    # a report that takes a broker for a party is outvoted by those that say it brokered
    brokering = {b["country"] or b["actor_id"] or b["name"] for b in brokers}
    parties = [
        p
        for p in _pooled(m.parties for m in mentions)
        if (p["country"] or p["actor_id"] or p["name"]) not in brokering
    ]
    parties = _without_announcers(parties, [m.parties for m in mentions])
    venue = _most_common(m.venue for m in mentions)
    family = _most_common(m.family for m in mentions) or "agreement"
    provisions = Counter(p for m in mentions for p in json.loads(m.provisions))
    return AgreementRow(
        id="agr-" + hashlib.sha1(first.encode()).hexdigest()[:12],
        name=_name(mentions, venue, family, date, parties, brokers),
        family=family,
        topic=_most_common(m.topic for m in mentions),
        venue=venue,
        date_value=date[0] if date else None,
        date_precision=date[1] if date else "unknown",
        parties=json.dumps(parties, ensure_ascii=False),
        brokers=json.dumps(brokers, ensure_ascii=False),
        provisions=json.dumps([p for p, _ in provisions.most_common()]),
        article_ids=json.dumps(sorted({instance.article_id for instance in group})),
    )


def _without_announcers(
    parties: list[dict[str, str | None]], columns: Sequence[str]
) -> list[dict[str, str | None]]:
    """The pooled parties less those that every report names only as announcing the agreement
    ("Trump announced a ceasefire"), when the reports name two other sides of it."""
    named: set[str] = set()
    for column in columns:
        named |= {_key(p) for p in json.loads(column) if not p.get("announced")}
    if len(named) < 2:
        return parties
    return [p for p in parties if _key(p) in named]


def _key(party: dict[str, str | None]) -> str:
    return str(party.get("country") or party.get("actor_id") or party.get("name"))


def _name(
    mentions: Sequence[AgreementMentionRow],
    venue: str | None,
    family: str,
    date: tuple[str, str] | None,
    parties: list[dict[str, str | None]],
    brokers: list[dict[str, str | None]],
) -> str:
    """A proper name as written, else the venue and head ("Sochi agreement"), else what it is: the
    family, its broker, its date and parties ("Ceasefire brokered by Russia of 2020-10-10 (Armenia,
    Azerbaijan)"). A date the article could not resolve names it only when it names a month ("March
    5"): "yesterday", "Monday" or "just five minutes" say nothing of which agreement it is."""
    # one capitalised word ("Agreement" in a title-case headline) is no proper name
    proper = _most_common(m.name for m in mentions if m.name and not m.venue and " " in m.name.strip())
    if proper:
        return proper
    if venue:
        head = _most_common(_singular(m.head) for m in mentions if m.venue == venue) or family
        return f"{venue} {head}"
    words = [_FAMILY_NAMES.get(family, family.title())]
    if brokers:
        words.append("brokered by " + " and ".join(sorted(str(b["name"]) for b in brokers)[:2]))
    unresolved = _most_common(
        _as_written(m.date_text)
        for m in mentions
        if m.date_text and not m.date_value and _names_month(m.date_text)
    )
    if date or unresolved:
        words.append(f"of {date[0] if date else unresolved}")
    names = sorted(str(p["name"]) for p in parties if p.get("name"))[:3]
    return " ".join(words) + (f" ({', '.join(names)})" if names else "")


def _names_month(date_text: str) -> bool:
    return any(word in _MONTHS for word in re.findall(r"[a-z]+", date_text.lower()))


def _as_written(date_text: str) -> str:
    """An unresolved date as written, without its preposition: "on March 5" -> "March 5"."""
    return re.sub(
        r"^(?:on|in|at|as of|since|by|from|until|of)\s+", "", date_text.strip(), flags=re.IGNORECASE
    )


def _singular(head: str) -> str:
    """ "agreements" -> "agreement"; "talks" and "negotiations" stay plural (they name one thing)."""
    if head.endswith("s") and head not in {"talks", "negotiations"}:
        return head[:-1]
    return head


def _pooled(columns: Iterable[str]) -> list[dict[str, str | None]]:
    """Parties of all mentions, one per country (named as the country) or per actor."""
    pooled: dict[str, dict[str, str | None]] = {}
    for column in columns:
        for party in json.loads(column):
            country = party.get("country")
            key = country or party.get("actor_id") or party["name"]
            if key in pooled:
                continue
            known = by_iso2(country) if country else None
            pooled[key] = {
                "name": known.name if known else party["name"],
                "actor_id": known.iso3 if known else party.get("actor_id"),
                "country": country,
            }
    return list(pooled.values())


def _most_common(values: Iterable[str | None]) -> str | None:
    counts = Counter(v for v in values if v)
    return counts.most_common(1)[0][0] if counts else None


# --- the store -----------------------------------------------------------------------------------


def rebuild_agreements(store: Store) -> int:
    """Relink every stored agreement mention and rewrite the agreement table in one transaction;
    returns the number of agreements."""
    with store.session() as session, session.begin():
        rows = session.scalars(
            select(AgreementMentionRow).order_by(AgreementMentionRow.article_id, AgreementMentionRow.start)
        ).all()
        instances: dict[str, Instance] = {}
        published = dict(
            session.execute(
                select(Article.id, Article.published_date).where(Article.published_precision == "day")
            ).all()
        )
        for row in rows:
            key = f"{row.article_id}#{row.instance}"
            instance = instances.setdefault(
                key, Instance(key, row.article_id, published=published.get(row.article_id))
            )
            instance.mentions.append(row)
        groups = link(list(instances.values()))
        session.execute(delete(AgreementRow))
        for group in groups:
            agreement = agreement_row(group)
            session.add(agreement)
            ids = [m.id for instance in group for m in instance.mentions]
            # no synchronising of the loaded rows: matching each update against every loaded mention
            # is quadratic, and this transaction reads none of them again
            session.execute(
                update(AgreementMentionRow)
                .where(AgreementMentionRow.id.in_(ids))
                .values(agreement_id=agreement.id)
                .execution_options(synchronize_session=False)
            )
    return len(groups)
