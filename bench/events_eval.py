"""Events benchmark: the event extractor against the PLOVER gold standard records (GSR).

    python bench/events_eval.py [--bench-dir ../shared/bench/events/plover-gsr]
                                [--out bench/results/events.json] [--show-errors N]

Gold: `PLOVER_GSR_CAMEO.json` (322 short records built from CAMEO manual examples; the DOCUMENT record
is skipped). Its labels are PLOVER v0.5; they are mapped to PLOVER 2.0 as the bench README says
(DEMAND -> REQUEST, DISAPPROVE and INVESTIGATE -> ACCUSE, FIGHT -> ASSAULT), and the v0.5 modes that
2.0 renamed are mapped too (`MODES_V05_TO_V2`, after CAMEO2PLOVER-2021); a gold heavy-weapons mode
accepts the 2.0 aerial and drone modes it covered (`MODE_EQUIVALENTS`).

Each record's `text` goes through `load_pipeline("auto")`, then
`extract_events(doc, statements=doc._.rashomon_statements)`. The predicted event scored for a record
is, among the events whose trigger shares a word with the gold `eventText`, the first asserted one
(else the first of them); when no trigger shares a word, the first asserted event (else the first
event). Words are compared on their first five letters (a crude stem:
"refused" and "refusing" match). Among overlapping events the asserted one is scored because the
gold codes the act the text asserts: for "threatened to shell" the THREATEN, not the shelling; for
"agreed to withdraw" the AGREE. Scores:
- type accuracy over all records (a record with no event is wrong);
- mode accuracy over the records whose gold has a mode;
- actor agreement over the records with a gold source actor: the predicted actor's text shares a
  content word with a gold source `actorText`, or its country (ISO alpha-3) is the country part of a
  gold source `code`; target agreement likewise with the gold targets; no predicted event, or no
  actor, disagrees. Both are also given over the records whose type is right;
- country agreement of the grounded events (`doc._.rashomon_events`, with actor ids and places): over
  the records whose gold source (target) code starts with a country, the actor's (target's) ISO
  alpha-3 is that country;
- event triples, as event coders score them (UniversalPetrarch reports 0.68 on its own suite): over
  all records, the type is right and both the actor's and the target's country are right. A role's
  country is right when it is one of the countries of the gold parties of that role; when the gold
  role has no country (an IGO, an NGO, no party at all), the predicted party must have none either
  (or be absent). No event is wrong. The misses are counted by role (type, actor, target) and, for
  the roles, by cause and gold type (`triple_misses_by_cause`: no party, a party with no country, a
  country where the gold wants none, another country);
- sector agreement of the grounded parties: over the gold parties with a sector (the first three
  letters of the GSR's `sector`, `***` unknown left out; an IGO or NGO code with no sector is that
  sector), the scored event's party of that role has one of those sectors (journalists MED or JRN,
  CIV is CVL, insurgents and separatists REB).
- a confusion summary: the most frequent (gold, predicted) type errors.

Gold codes are CAMEO actor codes; a few of the GSR's are not ISO alpha-3 (`LEGACY_CODES`) and are
read as the country they stand for.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

REPO = Path(__file__).resolve().parent.parent
DEFAULT_BENCH_DIR = REPO.parent / "shared" / "bench" / "events" / "plover-gsr"
DEFAULT_OUT = REPO / "bench" / "results" / "events.json"
GOLD_FILE = "PLOVER_GSR_CAMEO.json"

if str(REPO / "src") not in sys.path:  # run as a script from a checkout
    sys.path.insert(0, str(REPO / "src"))

if TYPE_CHECKING:
    from rashomon.extract.events import Event

TYPES_V05_TO_V2 = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}
# v0.5 modes renamed in 2.0 (CAMEO2PLOVER-2021): demonstrations, hunger and general strikes, riots.
MODES_V05_TO_V2 = {
    "demo-org": "demo",
    "demo-spon": "demo",
    "strike-hun": "hunger",
    "strike-gen": "boycott",
    "riot-spon": "riot",
    "detain": "arrest",
    "confiscate": "seize",
    "censor": "restrict",
}
# v0.5 and CAMEO2PLOVER-2021 fold air and drone strikes into heavy-weapons (CAMEO 195, "Employ
# aerial weapons"); PLOVER 2.0 has modes of their own for them.
MODE_EQUIVALENTS = {"heavy-weapons": frozenset({"heavy-weapons", "aerial", "drone"})}
# Country codes in the GSR that are not ISO 3166 alpha-3.
LEGACY_CODES = {"JAP": "JPN", "ITL": "ITA", "VTN": "VNM"}
# Sector codes that name the same kind of party in the GSR and the project's packs.
SECTOR_EQUIVALENTS = {"JRN": "MED", "CIV": "CVL", "INS": "REB", "SEP": "REB"}
_ORGANISATION_CODES = frozenset({"IGO", "NGO"})
_STOPWORDS = frozenset(
    {"the", "a", "an", "of", "in", "on", "at", "to", "and", "or", "for", "by", "with", "from", "its",
     "his", "her", "their", "s", "'s", "is", "was", "were", "be", "has", "have", "had", "that", "this",
     "these", "those", "who", "which", "as"}
)  # fmt: skip
_WORD = re.compile(r"[\w'-]+")


@dataclass(frozen=True)
class GoldRecord:
    id: str
    text: str
    type: str
    mode: str | None
    event_text: str
    sources: tuple[dict[str, str], ...]
    targets: tuple[dict[str, str], ...]


@dataclass
class Rate:
    scored: int = 0
    agreed: int = 0

    @property
    def rate(self) -> float:
        return round(self.agreed / self.scored, 4) if self.scored else 0.0

    def add(self, ok: bool) -> None:
        self.scored += 1
        self.agreed += int(ok)


@dataclass
class Scores:
    records: int = 0
    type: Rate = field(default_factory=Rate)
    mode: Rate = field(default_factory=Rate)
    actor: Rate = field(default_factory=Rate)
    target: Rate = field(default_factory=Rate)
    actor_when_type_right: Rate = field(default_factory=Rate)
    target_when_type_right: Rate = field(default_factory=Rate)
    no_prediction: int = 0
    actor_country: Rate = field(default_factory=Rate)
    target_country: Rate = field(default_factory=Rate)
    triple: Rate = field(default_factory=Rate)
    triple_misses: Counter[str] = field(default_factory=Counter)
    miss_causes: Counter[tuple[str, str]] = field(default_factory=Counter)  # (gold type, cause)
    actor_sector: Rate = field(default_factory=Rate)
    target_sector: Rate = field(default_factory=Rate)
    per_type: dict[str, Rate] = field(default_factory=dict)
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)


@dataclass
class Result:
    scores: Scores
    seconds: float
    model: str
    errors: list[dict[str, Any]]


def available(bench_dir: Path = DEFAULT_BENCH_DIR) -> bool:
    return (bench_dir / GOLD_FILE).is_file()


def load_gold(bench_dir: Path = DEFAULT_BENCH_DIR) -> list[GoldRecord]:
    data = json.loads((bench_dir / GOLD_FILE).read_text(encoding="utf-8"))
    return [_record(row) for row in data if row.get("event") != "DOCUMENT" and row.get("text")]


def _record(row: dict[str, Any]) -> GoldRecord:
    mode = (row.get("mode") or "").strip() or None
    return GoldRecord(
        id=row["id"],
        text=row["text"].strip().strip("{}"),
        type=TYPES_V05_TO_V2.get(row["event"], row["event"]),
        mode=MODES_V05_TO_V2.get(mode, mode) if mode else None,
        event_text=row.get("eventText") or "",
        sources=_actors(row.get("source")),
        targets=_actors(row.get("target")),
    )


def _actors(value: Any) -> tuple[dict[str, str], ...]:
    if not isinstance(value, list):
        return ()
    return tuple(a for a in value if isinstance(a, dict) and (a.get("actorText") or a.get("code")))


def words(text: str) -> set[str]:
    return {w.lower().strip("'") for w in _WORD.findall(text)} - _STOPWORDS


def stems(text: str) -> set[str]:
    return {w[:STEM] for w in words(text)}


STEM = 5  # letters compared: "refused"/"refusing", "shelled"/"shelling" match; chosen by reading


def best_event(events: Sequence[Event], event_text: str) -> Event | None:
    """The predicted event to score (see the module notes)."""
    gold = stems(event_text)
    overlapping = [e for e in events if stems(e.trigger.text) & gold] or list(events)
    return next((e for e in overlapping if e.modality == "asserted"), overlapping[0] if overlapping else None)


def agrees(predicted: Any, gold: Iterable[dict[str, str]]) -> bool:
    """Shares a content word with a gold actor text, or is in the gold code's country."""
    if predicted is None:
        return False
    from rashomon.kb.countries import by_iso2

    country = by_iso2(predicted.country) if predicted.country else None
    for actor in gold:
        if words(predicted.text) & words(actor.get("actorText", "")):
            return True
        if country is not None and (actor.get("code") or "")[:3].upper() == country.iso3:
            return True
    return False


def score(records: Sequence[GoldRecord], predictions: Sequence[Sequence[Event]]) -> tuple[Scores, list]:
    scores = Scores(records=len(records))
    errors = []
    for record, events in zip(records, predictions, strict=True):
        event = best_event(events, record.event_text)
        predicted_type = event.plover_type if event else "none"
        right = predicted_type == record.type
        scores.type.add(right)
        scores.per_type.setdefault(record.type, Rate()).add(right)
        scores.no_prediction += event is None
        if not right:
            scores.confusion[(record.type, predicted_type)] += 1
            errors.append(_error(record, event))
        if record.mode:
            accepted = MODE_EQUIVALENTS.get(record.mode, frozenset({record.mode}))
            scores.mode.add(event is not None and event.plover_mode in accepted)
        _score_participants(scores, record, event, right)
    return scores, errors


def _score_participants(scores: Scores, record: GoldRecord, event: Event | None, right: bool) -> None:
    if record.sources:
        ok = agrees(event.actor if event else None, record.sources)
        scores.actor.add(ok)
        if right:
            scores.actor_when_type_right.add(ok)
    if record.targets:
        ok = agrees(event.target if event else None, record.targets)
        scores.target.add(ok)
        if right:
            scores.target_when_type_right.add(ok)


def _error(record: GoldRecord, event: Event | None) -> dict[str, Any]:
    return {
        "id": record.id,
        "gold": record.type,
        "predicted": event.plover_type if event else None,
        "trigger": event.trigger.text if event else None,
        "event_text": record.event_text,
        "text": record.text,
    }


def gold_countries(gold: Iterable[dict[str, str]]) -> set[str]:
    """The ISO alpha-3 countries of a role's gold parties (the country part of their codes)."""
    from rashomon.kb.countries import countries

    iso3 = {c.iso3 for c in countries()}
    codes = {(a.get("code") or "")[:3].upper() for a in gold}
    return {LEGACY_CODES.get(code, code) for code in codes} & iso3


def gold_sectors(gold: Iterable[dict[str, str]]) -> set[str]:
    """The sectors of a role's gold parties (see the module notes)."""
    sectors = set()
    for actor in gold:
        sector = (actor.get("sector") or "")[:3].upper()
        code = (actor.get("code") or "")[:3].upper()
        if not sector and code in _ORGANISATION_CODES:
            sector = code
        if sector and sector != "***":
            sectors.add(SECTOR_EQUIVALENTS.get(sector, sector))
    return sectors


def _iso3(party: Any) -> str | None:
    from rashomon.kb.countries import by_iso2

    country = by_iso2(party.country) if party is not None and party.country else None
    return country.iso3 if country is not None else None


def score_countries(scores: Scores, records: Sequence[GoldRecord], coded: Sequence[Sequence[Any]]) -> None:
    """Country and sector agreement and event triples of the grounded events (actor ids, places; see
    the module notes)."""
    for record, events in zip(records, coded, strict=True):
        event = best_event([c.event for c in events], record.event_text)
        grounded = next((c for c in events if c.event is event), None)
        misses = [] if event is not None and event.plover_type == record.type else ["type"]
        for rate, sector_rate, gold, role in (
            (scores.actor_country, scores.actor_sector, record.sources, "actor"),
            (scores.target_country, scores.target_sector, record.targets, "target"),
        ):
            party = getattr(grounded, role) if grounded is not None else None
            country = _iso3(party)
            codes = gold_countries(gold)
            if codes:
                rate.add(country in codes)
            if country not in (codes or {None}):
                misses.append(role)
                scores.miss_causes[(record.type, _cause(role, party, country, codes))] += 1
            sectors = gold_sectors(gold)
            if sectors:
                sector = party.sector if party is not None and party.sector else ""
                sector_rate.add(SECTOR_EQUIVALENTS.get(sector[:3], sector[:3]) in sectors)
        scores.triple.add(not misses)
        scores.triple_misses.update(misses)


def _cause(role: str, party: Any, country: str | None, codes: set[str]) -> str:
    """Why a role's country is wrong: no party, a party with no country, a country where the gold
    wants none, or another country."""
    if party is None:
        return f"missing {role}"
    if country is None:
        return f"{role} without country"
    return f"{role} country not wanted" if not codes else f"wrong {role} country"


def run_evaluation(bench_dir: Path = DEFAULT_BENCH_DIR) -> Result:
    from rashomon.extract.events import extract_events
    from rashomon.nlp.pipeline import load_pipeline

    records = load_gold(bench_dir)
    nlp, info = load_pipeline("auto")
    started = time.perf_counter()
    predictions, coded = [], []
    for doc in nlp.pipe(r.text for r in records):
        predictions.append(extract_events(doc, statements=doc._.rashomon_statements or ()))
        coded.append(doc._.rashomon_events or [])
    seconds = time.perf_counter() - started
    scores, errors = score(records, predictions)
    score_countries(scores, records, coded)
    return Result(scores, round(seconds, 2), f"{info.name} {info.version}", errors)


def summary(result: Result, bench_dir: Path) -> dict[str, Any]:
    s = result.scores
    return {
        "bench_dir": str(bench_dir),
        "records": s.records,
        "model": result.model,
        "seconds": result.seconds,
        "type_accuracy": s.type.rate,
        "type_correct": s.type.agreed,
        "no_prediction": s.no_prediction,
        "mode": asdict(s.mode) | {"accuracy": s.mode.rate},
        "actor_agreement": asdict(s.actor) | {"rate": s.actor.rate},
        "target_agreement": asdict(s.target) | {"rate": s.target.rate},
        "actor_country": asdict(s.actor_country) | {"rate": s.actor_country.rate},
        "target_country": asdict(s.target_country) | {"rate": s.target_country.rate},
        "triple": asdict(s.triple) | {"rate": s.triple.rate, "misses_by_role": dict(s.triple_misses)},
        "triple_misses_by_cause": _by_type(s.miss_causes),
        "actor_sector": asdict(s.actor_sector) | {"rate": s.actor_sector.rate},
        "target_sector": asdict(s.target_sector) | {"rate": s.target_sector.rate},
        "actor_agreement_when_type_right": s.actor_when_type_right.rate,
        "target_agreement_when_type_right": s.target_when_type_right.rate,
        "per_type": {t: asdict(r) | {"accuracy": r.rate} for t, r in sorted(s.per_type.items())},
        "top_confusions": [
            {"gold": gold, "predicted": predicted, "count": n}
            for (gold, predicted), n in s.confusion.most_common(15)
        ],
    }


def _by_type(causes: Counter[tuple[str, str]]) -> dict[str, dict[str, int]]:
    """{cause: {gold type: misses}}, causes by total, most first."""
    totals: Counter[str] = Counter()
    for (_, cause), n in causes.items():
        totals[cause] += n
    return {
        cause: {t: n for (t, c), n in sorted(causes.items()) if c == cause} | {"total": total}
        for cause, total in totals.most_common()
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bench-dir", type=Path, default=DEFAULT_BENCH_DIR)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--show-errors", type=int, default=0, metavar="N")
    options = parser.parse_args(argv)
    if not available(options.bench_dir):
        print(f"PLOVER GSR not found at {options.bench_dir} ({GOLD_FILE}); nothing to score", file=sys.stderr)
        return 2
    result = run_evaluation(options.bench_dir)
    report = summary(result, options.bench_dir)
    for error in result.errors[: options.show_errors]:
        print(json.dumps(error, ensure_ascii=False))
    shown = ("per_type", "triple_misses_by_cause")
    print(json.dumps({k: v for k, v in report.items() if k not in shown}, indent=2))
    print(json.dumps({"triple_misses_by_cause": report["triple_misses_by_cause"]}))
    options.out.parent.mkdir(parents=True, exist_ok=True)
    options.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
