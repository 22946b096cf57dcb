"""Coverage of a story or an incident: which outlets tell it, which sides those outlets stand for, and
which outlets wrote about the same thing at the same time yet do not tell it (its blindspots).

- An outlet is described as the outlet registry (data/outlets.json) described it when its article
  was stored: `country` (where it is based), `affiliation` (state | public | private | unknown) and
  `speaks_for` (the state whose line a state-run outlet carries).
- An outlet's side is the state it speaks for, else its country; an outlet the registry does not
  know (no country) is on the side "unknown". A side lists its outlets and their articles.
- Silent outlets: outlets with no article in the story (or incident) that published, in the same
  period, articles naming one of its main parties. An actor of the knowledge base (or of its
  patterns: "Indian army") stands for its country, an actor with no country for itself; the main
  parties are those named in the most of its articles (at least half of them, `MAIN_PARTIES` at
  most), so a story of a border clash is measured against its two states. The period is
  the publication days of its articles widened by `MARGIN_DAYS` on each side, or any day when none
  of its articles has a known day. A silent outlet's `articles` are those naming a main party in
  the period (at least as many: the most naming any one of them). Silent sides are the sides of
  silent outlets that no teller is on. `measured` says which parties and days the silence was
  measured against.

Everything is read from the stored articles and actor mentions once (`CoverageIndex.build`); each
story or incident then costs the days of its period times its few main parties, never a scan of the
store.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from rashomon.store.models import ActorMentionRow, Article

UNKNOWN = "unknown"
# Outlets writing about the same parties a few days before or after still covered the same events.
MARGIN_DAYS = 3
MAIN_PARTIES = 3
# Actors of the knowledge base and its patterns: a category ("civilians") or a discovered name says
# little about which conflict an article is about.
_ACTOR_LINKS = ("known", "pattern")


@dataclass(frozen=True)
class OutletFacts:
    name: str
    country: str | None
    affiliation: str | None
    speaks_for: str | None

    @property
    def side(self) -> str:
        return self.speaks_for or self.country or UNKNOWN

    def record(self, articles: int) -> dict[str, Any]:
        return {
            "name": self.name,
            "country": self.country,
            "affiliation": self.affiliation,
            "speaks_for": self.speaks_for,
            "side": self.side,
            "articles": articles,
        }


@dataclass(frozen=True)
class _ArticleFacts:
    outlet: OutletFacts
    day: date | None
    parties: frozenset[str]


class CoverageIndex:
    """The stored articles' outlets, days and parties, indexed by party and day."""

    def __init__(self, articles: dict[str, _ArticleFacts]) -> None:
        self._articles = articles
        self._by_party_day: dict[str, dict[date, Counter[OutletFacts]]] = defaultdict(dict)
        self._by_party: dict[str, Counter[OutletFacts]] = defaultdict(Counter)
        for facts in articles.values():
            for party in facts.parties:
                self._by_party[party][facts.outlet] += 1
                if facts.day is not None:
                    self._by_party_day[party].setdefault(facts.day, Counter())[facts.outlet] += 1

    @classmethod
    def build(cls, session: Session) -> CoverageIndex:
        parties: dict[str, set[str]] = defaultdict(set)
        query = select(ActorMentionRow.article_id, ActorMentionRow.actor_id, ActorMentionRow.country)
        for article_id, actor_id, country in session.execute(
            query.where(ActorMentionRow.kind.in_(_ACTOR_LINKS)).distinct()
        ):
            parties[article_id].add(country or actor_id)
        columns = select(
            Article.id, Article.outlet_name, Article.outlet_country, Article.outlet_ownership,
            Article.outlet_speaks_for, Article.published_date, Article.published_precision,
        )  # fmt: skip
        articles = {}
        for row in session.execute(columns):
            outlet = OutletFacts(row.outlet_name or UNKNOWN, row.outlet_country, row.outlet_ownership,
                                 row.outlet_speaks_for)  # fmt: skip
            day = _day(row.published_date) if row.published_precision == "day" else None
            articles[row.id] = _ArticleFacts(outlet, day, frozenset(parties.get(row.id, ())))
        return cls(articles)

    def coverage(self, article_ids: Iterable[str]) -> dict[str, Any]:
        """The coverage record of the story or incident told by `article_ids`."""
        members = [self._articles[a] for a in dict.fromkeys(article_ids) if a in self._articles]
        tellers = Counter(m.outlet for m in members)
        parties = _main_parties(members)
        days = sorted(m.day for m in members if m.day is not None)
        margin = timedelta(days=MARGIN_DAYS)
        period = (days[0] - margin, days[-1] + margin) if days else None
        peers = self._peers(parties, period)
        told = {outlet.name for outlet in tellers}
        silent = Counter({outlet: n for outlet, n in peers.items() if outlet.name not in told})
        told_sides = {outlet.side for outlet in tellers}
        silent_sides = Counter({outlet: n for outlet, n in silent.items() if outlet.side not in told_sides})
        return {
            "outlets": _outlets(tellers),
            "sides": _sides(tellers),
            "silent": {"outlets": _outlets(silent), "sides": _sides(silent_sides)},
            "measured": {
                "parties": parties,
                "from": period[0].isoformat() if period else None,
                "to": period[1].isoformat() if period else None,
            },
        }

    def _peers(self, parties: list[str], period: tuple[date, date] | None) -> Counter[OutletFacts]:
        """Per outlet, its articles naming one of `parties` within `period` (any day when None): the
        most naming any one party, so an article naming two of them is never counted twice."""
        found: Counter[OutletFacts] = Counter()
        for party in parties:
            if period is None:
                found |= self._by_party.get(party, Counter())
                continue
            by_day = self._by_party_day.get(party, {})
            naming: Counter[OutletFacts] = Counter()
            day = period[0]
            while day <= period[1]:
                naming.update(by_day.get(day, Counter()))
                day += timedelta(days=1)
            found |= naming
        return found


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _main_parties(members: list[_ArticleFacts]) -> list[str]:
    """The parties named in the most of the articles (at least half of them), `MAIN_PARTIES` at most."""
    counts = Counter(party for m in members for party in m.parties)
    needed = max(1, (len(members) + 1) // 2)
    ranked = sorted((p for p, n in counts.items() if n >= needed), key=lambda p: (-counts[p], p))
    return ranked[:MAIN_PARTIES]


def _outlets(counts: Counter[OutletFacts]) -> list[dict[str, Any]]:
    """Outlets with their articles, most articles first."""
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0].name))
    return [outlet.record(n) for outlet, n in ordered]


def _sides(counts: Counter[OutletFacts]) -> list[dict[str, Any]]:
    """The outlets grouped by side, the side with most articles first; "unknown" last."""
    sides: dict[str, Counter[str]] = defaultdict(Counter)
    for outlet, n in counts.items():
        sides[outlet.side][outlet.name] += n
    ordered = sorted(sides.items(), key=lambda item: (item[0] == UNKNOWN, -item[1].total(), item[0]))
    return [
        {"side": side, "outlets": sorted(outlets), "articles": outlets.total()} for side, outlets in ordered
    ]
