"""Framing labels on real multi-outlet clusters, against hand-read labels (bench/realnews/framing_dev.json).

    python bench/framing_real_eval.py [--gold bench/realnews/framing_dev.json] [--texts ../realnews]
                                      [--store DIR] [--out bench/results/framing_real.json]

Each gold cluster's pages (`<texts>/<id>/cluster.jsonl`) are analysed by `rashomon analyze` into a
SQLite store (`--store DIR` keeps one per cluster and reuses it: framing is computed from the store, so
label rules can be re-scored without analysing again). The label uses of each page are read with the
library (`rashomon.reconcile.framing.store_framings`) and matched to the gold labels of that page (URL).

Scoring:
- A gold label is found when one of the page's label uses has the same folded label (`fold_key` of
  `normalise_label`: case, spacing, plural, determiners), or one holds the other as whole words (an
  outlet's "Gaza-based terrorists" for gold "terrorists" is the label, not a miss).
- recall_label: found on the page at all; recall_voice: with the voice right (own = narration or
  indirect speech, quoted = inside quotation marks); recall: with the voice right and counted for the
  right side (`framing.side_of` rolls an actor up to its side; the gold names the side).
- count_exact: of the labels found with the voice right, those counted as often as the gold says,
  each of our uses counted once, for the page's gold label it matches best (the same label, then
  one it holds, then one that holds it), plain names never for a longer gold label;
  count_exact_any counts every use that matches at all (the measure of earlier sessions).
- precision: our loaded labels (a label with a loaded term of data/en/framing.json or a category word
  of the packs, not a bare category word for non-parties such as civilians, and not a plain name such
  as "Ta'ang National Liberation Army", since the gold lists no names) on every analysed page of
  the gold clusters, judged against the gold labels of their page (label and voice).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
if str(REPO / "src") not in sys.path:
    sys.path.insert(0, str(REPO / "src"))

from sqlalchemy import select  # noqa: E402

from rashomon.kb.actors import default_kb  # noqa: E402
from rashomon.kb.knowledge import KnowledgeBase  # noqa: E402
from rashomon.language_data import load_language_data  # noqa: E402
from rashomon.reconcile.echo import side_of  # noqa: E402
from rashomon.reconcile.framing import LabelUse, is_plain_name, store_framings  # noqa: E402
from rashomon.reconcile.framing_labels import fold_key, normalise_label  # noqa: E402
from rashomon.reconcile.framing_terms import load_lexicon  # noqa: E402
from rashomon.store.db import open_store  # noqa: E402
from rashomon.store.models import Article  # noqa: E402

DEFAULT_GOLD = REPO / "bench" / "realnews" / "framing_dev.json"
DEFAULT_TEXTS = REPO.parent / "realnews"
DEFAULT_OUT = REPO / "bench" / "results" / "framing_real.json"


def rashomon_command() -> list[str]:
    script = Path(sys.executable).with_name("rashomon")
    return [str(script)] if script.is_file() else [sys.executable, "-m", "rashomon"]


def store_of(cluster: str, texts: Path, store_dir: Path) -> str:
    """The cluster's store, analysed now unless `store_dir` holds it already."""
    folder = store_dir / cluster
    folder.mkdir(parents=True, exist_ok=True)
    db = f"sqlite:///{folder / 'store.db'}"
    if not (folder / "store.db").is_file():
        # a line the reader refuses makes analyze exit 1 after storing the rest
        done = subprocess.run(
            [*rashomon_command(), "analyze", str(texts / cluster / "cluster.jsonl"), "--db", db],
            capture_output=True,
            text=True,
        )
        if done.returncode not in (0, 1):
            raise RuntimeError(f"rashomon analyze failed on {cluster}: {done.stderr[-2000:]}")
    return db


def key(label: str) -> str:
    return fold_key(normalise_label(label))


def same_label(gold: str, ours: str) -> bool:
    """Equal folded labels, or one holding the other as whole words."""
    g, o = key(gold), key(ours)
    return g == o or f" {g} " in f" {o} " or f" {o} " in f" {g} "


def match_rank(gold: str, ours: str) -> tuple[int, int] | None:
    """How closely a label of ours matches a gold label, best first: the same label, then ours
    holding the gold one (the longer gold label first), then the gold holding ours (the shorter)."""
    g, o = key(gold), key(ours)
    if g == o:
        return (0, 0)
    if f" {g} " in f" {o} ":
        return (1, -len(g))
    if f" {o} " in f" {g} ":
        return (2, len(g))
    return None


def counts_for(
    use: LabelUse, gold: dict[str, Any], page_golds: Sequence[dict[str, Any]], kb: KnowledgeBase
) -> bool:
    """Whether a use counts toward a gold label's count: each use counts once, for the page's gold
    label (of its voice) it matches best, and a plain name ("hezbollah") never counts for a gold
    label built on it ("Iran-backed Hezbollah"): the gold lists no plain names."""
    if is_plain_name(use, kb) and key(use.label) != key(gold["label"]):
        return False
    ranked = [
        (rank, i)
        for i, g in enumerate(page_golds)
        if g["voice"] == voice_of(use) and (rank := match_rank(g["label"], use.label)) is not None
    ]
    return bool(ranked) and page_golds[min(ranked)[1]] is gold


def voice_of(use: LabelUse) -> str:
    return "quoted" if use.voice == "quoted" else "own"


class Sides:
    """The names a side goes by: its actor's name and aliases, or its country's."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb

    def names(self, use: LabelUse) -> set[str]:
        side = side_of(use.actor_id, self.kb)
        actor = self.kb.actor(side) if side else None
        if actor is None:  # an actor found in the text: its name is all there is
            return {key(use.actor_name)} if side == use.actor_id and ":" in side else set()
        return {key(n) for n in (actor.name, *actor.aliases)}

    def matches(self, use: LabelUse, gold_sides: Sequence[str]) -> bool:
        return bool(self.names(use) & {key(s) for s in gold_sides})


def loaded_words(kb: KnowledgeBase) -> tuple[set[str], set[str]]:
    """Folded loaded-term forms, and the category words of sides (not of civilians and the like)."""
    data = load_language_data("framing")
    # a form that needs a prefix ("X-backed") alone is a plain word ("armed")
    forms = {key(f) for entry in data["terms"] if entry.get("prefix") != "required" for f in entry["forms"]}
    not_parties = set(load_lexicon().not_parties)
    category = {
        key(t) for sector, cat in kb.categories.items() if sector not in not_parties for t in cat.terms
    }
    return forms, category


def is_loaded(label: str, forms: set[str], category: set[str]) -> bool:
    padded = f" {key(label)} "
    return any(f" {w} " in padded for w in forms | category) or "-backed " in padded


def page_urls(db: str) -> dict[str, str]:
    store = open_store(db)
    with store.session() as session:
        return dict(session.execute(select(Article.id, Article.source_url)).all())


def score_cluster(
    cluster: str,
    pages: Sequence[dict[str, Any]],
    db: str,
    kb: KnowledgeBase,
    words: tuple[set[str], set[str]],
) -> dict[str, Any]:
    urls = page_urls(db)
    uses_of: dict[str, list[LabelUse]] = defaultdict(list)
    for framing in store_framings(open_store(db)):
        uses_of[urls.get(framing.article_id) or ""].extend(framing.labels)
    sides = Sides(kb)
    rows, misses, counts_off = Counter(), [], []
    for page in pages:
        uses = uses_of.get(page["url"], [])
        for gold in page["labels"]:
            rows["gold"] += 1
            found = [u for u in uses if same_label(gold["label"], u.label)]
            voiced = [u for u in found if voice_of(u) == gold["voice"]]
            sided = [u for u in voiced if sides.matches(u, gold["side"])]
            rows["label"] += bool(found)
            rows["voice"] += bool(voiced)
            rows["side"] += bool(sided)
            rows["count_exact_any"] += bool(voiced) and len(voiced) == gold["count"]
            counted = [u for u in voiced if counts_for(u, gold, page["labels"], kb)]
            rows["count_exact"] += bool(voiced) and len(counted) == gold["count"]
            if voiced and len(counted) != gold["count"]:
                ours = sorted(u.label for u in counted)
                counts_off.append({"url": page["url"], **gold, "counted": len(counted), "ours": ours})
            if not sided:
                misses.append(
                    {
                        "url": page["url"],
                        **gold,
                        "ours": sorted({f"{u.label} [{voice_of(u)}] {u.actor_id}" for u in found}),
                    }
                )
    gold_of = {p["url"]: p["labels"] for p in pages}
    wrong = []
    for url, uses in uses_of.items():
        for use in uses:
            if not is_loaded(use.label, *words) or is_plain_name(use, kb):
                continue  # a name with a loaded word ("... Liberation Army") is still a name
            rows["loaded"] += 1
            golds = gold_of.get(url, [])
            if any(same_label(g["label"], use.label) and g["voice"] == voice_of(use) for g in golds):
                rows["loaded_right"] += 1
            else:
                wrong.append({"url": url, "label": use.label, "voice": voice_of(use), "actor": use.actor_id})
    return {
        "cluster": cluster,
        "counts": dict(rows),
        "misses": misses,
        "counts_off": counts_off,
        "wrong_loaded": wrong,
    }


def totals(results: Sequence[dict[str, Any]]) -> dict[str, Any]:
    counts: Counter[str] = Counter()
    for result in results:
        counts.update(result["counts"])
    gold = counts["gold"] or 1
    return {
        "gold_labels": counts["gold"],
        "recall": round(counts["side"] / gold, 3),
        "recall_voice": round(counts["voice"] / gold, 3),
        "recall_label": round(counts["label"] / gold, 3),
        "count_exact": round(counts["count_exact"] / (counts["voice"] or 1), 3),
        "count_exact_any": round(counts["count_exact_any"] / (counts["voice"] or 1), 3),
        "loaded_labels": counts["loaded"],
        "precision": round(counts["loaded_right"] / (counts["loaded"] or 1), 3),
    }


def evaluate(gold_path: Path, texts: Path, store_dir: Path) -> dict[str, Any]:
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    kb = default_kb()
    words = loaded_words(kb)
    results = [
        score_cluster(cluster, pages, store_of(cluster, texts, store_dir), kb, words)
        for cluster, pages in gold["clusters"].items()
    ]
    return {
        "overall": totals(results),
        "per_cluster": {r["cluster"]: totals([r]) for r in results},
        "misses": [m for r in results for m in r["misses"]],
        "counts_off": [c for r in results for c in r["counts_off"]],
        "wrong_loaded": [w for r in results for w in r["wrong_loaded"]],
    }


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    parser.add_argument("--texts", type=Path, default=DEFAULT_TEXTS)
    parser.add_argument("--store", type=Path, help="keep (and reuse) one analysed store per cluster here")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    if args.store is not None:
        result = evaluate(args.gold, args.texts, args.store)
    else:
        import tempfile

        with tempfile.TemporaryDirectory() as tmp:
            result = evaluate(args.gold, args.texts, Path(tmp))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps({"overall": result["overall"], "per_cluster": result["per_cluster"]}, indent=1))


if __name__ == "__main__":
    main()
