"""Framing labels on NewsWCL50: how each outlet names each actor, against human gold.

    python bench/framing_eval.py [--data ../shared/bench/framing/newswcl50] [--store DIR]
                                 [--out bench/results/framing.json]

The 50 docs (10 events x 5 outlets, LL far left to RR far right) are written as one JSONL batch with
`text` and `outlet` (the outlet code) and analysed by the whole command `rashomon analyze` on a temporary
SQLite store (`--store DIR` keeps it there and reuses it on the next run: framing is computed from the
store, so label rules can be re-scored without analysing again). `rashomon export --kind framing` is run
and timed too; the per-mention label uses are read from the store with the library
(`rashomon.reconcile.framing.load_framings`), since their spans are what links them to gold.

Scoring (only gold concepts that name actors: ACTOR, ACTOR-I, COUNTRY, GROUP):
- Gold spans are mapped onto our clean text (an alignment of characters when cleaning changed it).
- Each of our label uses (an actor mention, widened to its label, or a phrase that refers to an actor)
  is linked to the gold mentions its span overlaps; each of our actors in a doc is mapped to the gold
  concept most of its uses overlap (a doc is one outlet telling one event, so this is per outlet).
- Label recall per outlet and concept: the concept's gold phrasings in that doc (pronouns and
  relative words aside, compared by `fold_key(normalise_label(...))`: case, spacing, plural, leading
  determiners) found among the labels of our actors mapped to it.
- Label precision: of the distinct labels of our actors mapped to a concept, those that are gold
  phrasings of that concept in that doc. Labels of actors mapped to no concept are counted apart.
Macro: the mean over (doc, concept) pairs; micro: pooled counts. Both per outlet and overall.
"""

from __future__ import annotations

import argparse
import difflib
import json
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
if str(REPO / "src") not in sys.path:
    sys.path.insert(0, str(REPO / "src"))

from rashomon.reconcile.framing import ArticleFraming, LabelUse, load_framings  # noqa: E402
from rashomon.reconcile.framing_labels import fold_key, normalise_label  # noqa: E402
from rashomon.store.db import open_store  # noqa: E402

DEFAULT_DATA = REPO.parent / "shared" / "bench" / "framing" / "newswcl50"
DEFAULT_OUT = REPO / "bench" / "results" / "framing.json"
OUTLETS = ("LL", "L", "M", "R", "RR")
ACTOR_TYPES = ("ACTOR", "ACTOR-I", "COUNTRY", "GROUP")
# Pronouns and relative words: a framing label is a name or a noun phrase, never these.
_PRONOUNS = (
    "i me my mine we us our ours you your yours he him his she her hers it its they them their theirs "
    "himself herself itself themselves ourselves who whom whose which that this these those"
)
PRONOUNS = frozenset(_PRONOUNS.split())


@dataclass(frozen=True)
class Gold:
    doc: str
    concept: str
    start: int
    end: int
    text: str


def load_docs(data: Path) -> list[dict[str, Any]]:
    lines = (data / "docs.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def load_gold(data: Path) -> list[Gold]:
    rows = [json.loads(line) for line in (data / "mentions.jsonl").read_text(encoding="utf-8").splitlines()]
    return [
        Gold(r["doc"], r["concept"], r["start"], r["end"], r["text"])
        for r in rows
        if r["concept"].rsplit("_", 1)[-1] in ACTOR_TYPES
    ]


def phrasing(text: str) -> str | None:
    """The key a label and a gold phrasing are compared by; None for a pronoun."""
    key = fold_key(normalise_label(text))
    return None if not key or key in PRONOUNS else key


# --- running rashomon -------------------------------------------------------------------------------


def rashomon_command() -> list[str]:
    script = Path(sys.executable).with_name("rashomon")
    return [str(script)] if script.is_file() else [sys.executable, "-m", "rashomon"]


def analyse(docs: Sequence[dict[str, Any]], workdir: Path) -> tuple[str, dict[str, float]]:
    """Analyse the docs into `workdir/store.db` (reused when it is there) and time the export."""
    db = f"sqlite:///{workdir / 'store.db'}"
    command = rashomon_command()
    seconds: dict[str, float] = {}
    if not (workdir / "store.db").is_file():
        batch = workdir / "batch.jsonl"
        batch.write_text(
            "".join(json.dumps({"text": d["text"], "outlet": d["outlet"]}) + "\n" for d in docs),
            encoding="utf-8",
        )
        started = time.perf_counter()
        subprocess.run(
            [*command, "analyze", str(batch), "--db", db], check=True, capture_output=True, text=True
        )
        seconds["analyze_s"] = round(time.perf_counter() - started, 1)
    started = time.perf_counter()
    subprocess.run(
        [*command, "export", "--db", db, "--kind", "framing"], check=True, capture_output=True, text=True
    )
    seconds["export_framing_s"] = round(time.perf_counter() - started, 1)
    return db, seconds


def source_lines(db: str) -> dict[str, int]:
    """Article id -> its 1-based line in the batch."""
    from sqlalchemy import select

    from rashomon.store.models import Article

    with open_store(db, create=False) as store, store.session() as session:
        rows = session.execute(select(Article.id, Article.source_line)).all()
    return {article_id: line for article_id, line in rows if line is not None}


# --- spans ------------------------------------------------------------------------------------------


def offset_map(original: str, clean: str) -> list[int | None]:
    """For each character of `original`, its offset in `clean` (None where cleaning dropped it)."""
    if original == clean:
        return list(range(len(original)))
    mapping: list[int | None] = [None] * len(original)
    matcher = difflib.SequenceMatcher(None, original, clean, autojunk=False)
    for a, b, size in matcher.get_matching_blocks():
        for i in range(size):
            mapping[a + i] = b + i
    return mapping


def mapped(gold: Gold, mapping: list[int | None]) -> tuple[int, int] | None:
    inside = [m for m in mapping[gold.start : gold.end] if m is not None]
    return (min(inside), max(inside) + 1) if inside else None


# --- scoring ----------------------------------------------------------------------------------------


def score_doc(doc: dict[str, Any], gold: Sequence[Gold], framing: ArticleFraming | None, clean: str) -> dict:
    """Per concept of one doc: gold phrasings, our labels, and the actors mapped to it."""
    mapping = offset_map(doc["text"], clean)
    spans = [(g, s) for g in gold if (s := mapped(g, mapping)) is not None]
    uses = list(framing.labels) if framing is not None else []
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for use in uses:
        for g, (start, end) in spans:
            if start < use.span[1] and use.span[0] < end:
                votes[use.actor_id][g.concept] += 1
    concept_of = {actor: count.most_common(1)[0][0] for actor, count in votes.items()}
    labels: dict[str, set[str]] = defaultdict(set)
    unmapped: set[str] = set()
    for use in uses:
        key = phrasing(use.label)
        if key is None:
            continue
        concept = concept_of.get(use.actor_id)
        (labels[concept] if concept is not None else unmapped).add(key)
    phrasings: dict[str, set[str]] = defaultdict(set)
    for g in gold:
        if (key := phrasing(g.text)) is not None:
            phrasings[g.concept].add(key)
    concepts = {}
    for concept in sorted(phrasings):
        ours, theirs = labels.get(concept, set()), phrasings[concept]
        concepts[concept] = {
            "gold": len(theirs),
            "found": len(theirs & ours),
            "labels": len(ours),
            "right": len(ours & theirs),
            "missed": sorted(theirs - ours)[:12],
            "wrong": sorted(ours - theirs)[:12],
        }
    return {"concepts": concepts, "unmapped_labels": len(unmapped), "actors": len(votes)}


def summary(rows: Iterable[dict[str, Any]]) -> dict[str, Any]:
    rows = list(rows)
    recalls = [r["found"] / r["gold"] for r in rows if r["gold"]]
    precisions = [r["right"] / r["labels"] for r in rows if r["labels"]]
    gold, found = sum(r["gold"] for r in rows), sum(r["found"] for r in rows)
    labels, right = sum(r["labels"] for r in rows), sum(r["right"] for r in rows)
    return {
        "concepts": len(rows),
        "macro_recall": round(sum(recalls) / len(recalls), 4) if recalls else 0.0,
        "macro_precision": round(sum(precisions) / len(precisions), 4) if precisions else 0.0,
        "micro_recall": round(found / gold, 4) if gold else 0.0,
        "micro_precision": round(right / labels, 4) if labels else 0.0,
        "gold_phrasings": gold,
        "found": found,
        "labels": labels,
        "right": right,
    }


def evaluate(data: Path = DEFAULT_DATA, store_dir: Path | None = None) -> dict[str, Any]:
    docs, gold = load_docs(data), load_gold(data)
    gold_by_doc: dict[str, list[Gold]] = defaultdict(list)
    for g in gold:
        gold_by_doc[g.doc].append(g)
    with tempfile.TemporaryDirectory() as tmp:
        workdir = store_dir or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        db, seconds = analyse(docs, workdir)
        lines = source_lines(db)
        with open_store(db, create=False) as store:
            framings = load_framings(store)
            from rashomon.reconcile.framing_inputs import articles_from_store

            texts = {a.article_id: a.text for a in articles_from_store(store)}
    by_line = {lines[f.article_id]: f for f in framings if f.article_id in lines}
    clean_by_line = {lines[a]: t for a, t in texts.items() if a in lines}
    per_doc = {}
    for number, doc in enumerate(docs, start=1):
        per_doc[doc["id"]] = score_doc(
            doc, gold_by_doc[doc["id"]], by_line.get(number), clean_by_line.get(number, "")
        )
    rows = [(doc["outlet"], c) for doc in docs for c in per_doc[doc["id"]]["concepts"].values()]
    per_outlet = {o: summary(c for outlet, c in rows if outlet == o) for o in OUTLETS}
    labels_seen = _label_examples(framings, lines, docs)
    return {
        "data": str(data),
        "docs": len(docs),
        "analysed": len(by_line),
        "gold_mentions": len(gold),
        "overall": summary(c for _, c in rows),
        "per_outlet": per_outlet,
        "unmapped_labels": sum(d["unmapped_labels"] for d in per_doc.values()),
        "seconds": seconds,
        "per_doc": per_doc,
        "label_examples": labels_seen,
    }


def _label_examples(framings: Sequence[ArticleFraming], lines: dict[str, int], docs: Sequence[dict]) -> dict:
    """The most used labels per outlet over all its docs (a glance at what the framing page shows)."""
    by_outlet: dict[str, Counter[str]] = defaultdict(Counter)
    for framing in framings:
        line = lines.get(framing.article_id)
        if line is not None:
            by_outlet[docs[line - 1]["outlet"]].update(_use_key(u) for u in framing.labels)
    return {o: dict(by_outlet[o].most_common(15)) for o in OUTLETS}


def _use_key(use: LabelUse) -> str:
    return f"{use.label} ({use.actor_name})"


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--store", type=Path, default=None, help="keep (and reuse) the analysed store here")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    result = evaluate(args.data, args.store)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(
        json.dumps({k: result[k] for k in ("overall", "per_outlet", "unmapped_labels", "seconds")}, indent=1)
    )


if __name__ == "__main__":
    main()
