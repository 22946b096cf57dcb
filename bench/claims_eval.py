"""Claim types benchmark: is a statement typed by what its content does, in PLOVER's verbal families?

    python bench/claims_eval.py [--seeds ../shared/seeds] [--out bench/results/claims.json]
                                [--show-errors]

Two sets:
- seeds: `bench/claims/seeds_gold.json`, our own annotation (one annotator) of the statements of the
  five seed articles: a seed prefix, a few words that locate the content, the acceptable families
  (two where the speech act is ambiguous). The statement scored is the shortest whose content holds
  every locator word; a row with none is a miss. Score: the share of rows whose statement's family
  is acceptable.
- PLOVER GSR (`../shared/bench/events/plover-gsr`): the records of the verbal types (ACCUSE and its
  v0.5 DISAPPROVE, THREATEN, REQUEST and its v0.5 DEMAND, REJECT, SUPPORT, AGREE). For each record
  with a statement (a cue such as "said" with its content), the statement whose content or cue holds
  the gold event words: is its family the gold type? Scored over those records; over those whose
  speaker is the gold source (the act is the speaker's own: "Hungary has said it will support ...");
  and over those whose cue is neutral ("said"), where only the content can give the type. Where a
  reporter relays another's act ("Yemen has rejected a U.S. request, an official said") the statement
  is the reporter's assertion, not its rejection, so the first and last figures understate by design:
  the act itself is the event `events_eval.py` scores.
Families: a claim type's PLOVER verbal type (`rashomon.extract.claim_types.plover_type`); "assert"
for none.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
DEFAULT_SEEDS = REPO.parent / "shared" / "seeds"
DEFAULT_GSR = REPO.parent / "shared" / "bench" / "events" / "plover-gsr"
GOLD = REPO / "bench" / "claims" / "seeds_gold.json"
DEFAULT_OUT = REPO / "bench" / "results" / "claims.json"

if str(REPO / "src") not in sys.path:  # run as a script from a checkout
    sys.path.insert(0, str(REPO / "src"))
if str(REPO / "bench") not in sys.path:
    sys.path.insert(0, str(REPO / "bench"))

# Gold type -> family; the v0.5 names as events_eval maps them.
VERBAL = {
    "ACCUSE": "accuse", "DISAPPROVE": "accuse", "THREATEN": "threaten", "REQUEST": "request",
    "DEMAND": "request", "REJECT": "reject", "SUPPORT": "support", "AGREE": "agree",
}  # fmt: skip
FAMILY_OF_PLOVER = {
    "ACCUSE": "accuse", "THREATEN": "threaten", "REQUEST": "request", "REJECT": "reject",
    "SUPPORT": "support", "AGREE": "agree",
}  # fmt: skip


def family(claim_type: str) -> str:
    from rashomon.extract.claim_types import plover_type

    return FAMILY_OF_PLOVER.get(plover_type(claim_type) or "", "assert")


@dataclass
class Tally:
    scored: int = 0
    right: int = 0

    def add(self, ok: bool) -> None:
        self.scored += 1
        self.right += int(ok)

    def as_dict(self) -> dict[str, Any]:
        rate = round(self.right / self.scored, 4) if self.scored else 0.0
        return {"scored": self.scored, "right": self.right, "accuracy": rate}


def seed_texts(seeds: Path) -> dict[str, str]:
    from rashomon.clean.article import clean_document
    from rashomon.ingest.readers import read_inputs

    texts = {}
    for path in sorted(seeds.glob("*.txt")):
        raw = next(iter(read_inputs([str(path)])))
        texts[path.name[:3]] = clean_document(raw).clean.text  # type: ignore[arg-type]
    return texts


def score_seeds(nlp: Any, seeds: Path, errors: list[dict[str, Any]]) -> dict[str, Any]:
    rows = json.loads(GOLD.read_text(encoding="utf-8"))["statements"]
    texts = seed_texts(seeds)
    docs = {prefix: nlp(text) for prefix, text in texts.items()}
    tally, unambiguous, missing = Tally(), Tally(), 0
    confusion: Counter[tuple[str, str]] = Counter()
    for row in rows:
        doc = docs.get(row["seed"])
        if doc is None:
            continue
        found = [
            s for s in doc._.rashomon_statements
            if all(w.casefold() in doc.text[s.content[0] : s.content[1]].casefold() for w in row["locator"])
        ]  # fmt: skip
        statement = min(found, key=lambda s: s.content[1] - s.content[0], default=None)
        predicted = family(statement.claim_type) if statement else "missing"
        missing += statement is None
        ok = predicted in row["family"]
        tally.add(ok)
        if len(row["family"]) == 1:
            unambiguous.add(ok)
        if not ok:
            confusion[(row["family"][0], predicted)] += 1
            errors.append({"set": "seeds", "seed": row["seed"], "locator": row["locator"],
                           "gold": row["family"], "predicted": predicted,
                           "claim_type": statement.claim_type if statement else None})  # fmt: skip
    return {
        "rows": len(rows),
        "family": tally.as_dict(),
        "family_unambiguous_rows": unambiguous.as_dict(),
        "no_statement": missing,
        "confusion": [{"gold": g, "predicted": p, "count": n} for (g, p), n in confusion.most_common()],
    }


def score_gsr(nlp: Any, bench_dir: Path, errors: list[dict[str, Any]]) -> dict[str, Any]:
    from events_eval import stems

    rows = json.loads((bench_dir / "PLOVER_GSR_CAMEO.json").read_text(encoding="utf-8"))
    rows = [r for r in rows if r.get("event") in VERBAL and r.get("text")]
    with_statement, neutral, by_source = Tally(), Tally(), Tally()
    per_type: dict[str, Tally] = {}
    texts = [r["text"].strip().strip("{}") for r in rows]
    for row, text, doc in zip(rows, texts, nlp.pipe(texts), strict=True):
        statements = doc._.rashomon_statements or []
        if not statements:
            continue
        gold_words = stems(row.get("eventText") or "")
        statement = next((s for s in statements if _said(text, s) & gold_words), statements[0])
        gold = VERBAL[row["event"]]
        predicted = family(statement.claim_type)
        with_statement.add(predicted == gold)
        per_type.setdefault(gold, Tally()).add(predicted == gold)
        cue = text[statement.cue[0] : statement.cue[1]] if statement.cue else ""
        if _neutral_cue(doc, statement):
            neutral.add(predicted == gold)
        own = _speaker_is_source(statement, row)
        if own:
            by_source.add(predicted == gold)
        if predicted != gold:
            errors.append({"set": "gsr", "id": row["id"], "gold": gold, "predicted": predicted,
                           "claim_type": statement.claim_type, "cue": cue, "speaker_is_source": own,
                           "text": text})  # fmt: skip
    return {
        "verbal_records": len(rows),
        "with_statement": with_statement.as_dict(),
        "neutral_cue": neutral.as_dict(),
        "speaker_is_source": by_source.as_dict(),
        "per_family": {k: v.as_dict() for k, v in sorted(per_type.items())},
    }


def _said(text: str, statement: Any) -> set[str]:
    """The word stems of a statement's content and cue."""
    from events_eval import stems

    cue = text[statement.cue[0] : statement.cue[1]] if statement.cue else ""
    return stems(text[statement.content[0] : statement.content[1]] + " " + cue)


def _speaker_is_source(statement: Any, row: dict[str, Any]) -> bool:
    """The speaker is the gold source: the speech act is the speaker's own, not one it reports."""
    from events_eval import words

    from rashomon.kb.countries import find_country

    said_by = " ".join(n for n in (statement.speaker_name, statement.speaker_affiliation) if n)
    match = find_country(said_by)
    for actor in row.get("source") or []:
        if words(said_by) & words(actor.get("actorText", "")):
            return True
        if match is not None and (actor.get("code") or "")[:3].upper() == match.country.iso3:
            return True
    return False


def _neutral_cue(doc: Any, statement: Any) -> bool:
    """A cue that names no act ('said', 'according to'): only the content can type the claim."""
    from rashomon.extract.cues import cue_lexicon

    span = doc.char_span(*statement.cue, alignment_mode="expand") if statement.cue else None
    if span is None or not len(span):
        return False
    return span[0].lower_ == "according" or cue_lexicon().claim_type(span[0].lemma_.lower()) == "assert"


def main(argv: list[str] | None = None) -> int:
    from rashomon.nlp.pipeline import load_pipeline

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS)
    parser.add_argument("--gsr", type=Path, default=DEFAULT_GSR)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--show-errors", action="store_true")
    options = parser.parse_args(argv)
    nlp, info = load_pipeline("auto")
    errors: list[dict[str, Any]] = []
    report: dict[str, Any] = {"model": f"{info.name} {info.version}"}
    if options.seeds.is_dir():
        report["seeds"] = score_seeds(nlp, options.seeds, errors)
    if (options.gsr / "PLOVER_GSR_CAMEO.json").is_file():
        report["plover_gsr"] = score_gsr(nlp, options.gsr, errors)
    if options.show_errors:
        for error in errors:
            print(json.dumps(error, ensure_ascii=False))
    print(json.dumps(report, indent=2))
    options.out.parent.mkdir(parents=True, exist_ok=True)
    options.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
