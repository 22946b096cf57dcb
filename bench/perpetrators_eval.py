"""Perpetrators of violent events on the real-news dev clusters, against a hand-judged sample.

    python bench/perpetrators_eval.py [--judged bench/realnews/perpetrators_dev.json]
                                      [--texts ../realnews] [--out bench/results/perpetrators.json]

Each judged item is a violent event (page URL, trigger and its character offset) with the words one
of which a right perpetrator's name holds, or null where its sentence names no one. The pages are
analysed again by the whole pipeline and each item's event found by page and offset; its perpetrator
(the grounded actor, as incidents carry it) is right when it holds a judged word and is a name, not
a phrase of more than `NAME_MAX_WORDS` words. Reported, per stratum (random / suspect) and overall:
- precision: right / events we give a perpetrator;
- coverage: right / events whose sentence names one.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
DEFAULT_JUDGED = REPO / "bench" / "realnews" / "perpetrators_dev.json"
DEFAULT_TEXTS = REPO.parent / "realnews"
DEFAULT_OUT = REPO / "bench" / "results" / "perpetrators.json"
NAME_MAX_WORDS = 6


def page_texts(items: list[dict[str, Any]], texts: Path) -> dict[str, str]:
    wanted = {item["url"] for item in items}
    found: dict[str, str] = {}
    for cluster in sorted({item["cluster"] for item in items}):
        path = texts / cluster / "cluster.jsonl"
        for line in path.read_text(encoding="utf-8").splitlines() if path.is_file() else []:
            page = json.loads(line) if line.strip() else {}
            if page.get("url") in wanted:
                found[page["url"]] = page["text"]
    return found


def perpetrators(texts: dict[str, str]) -> dict[tuple[str, int], str | None]:
    """(url, trigger offset) -> the grounded actor's name of each event, for every page."""
    from rashomon.nlp.pipeline import analyse_texts, load_pipeline

    nlp, _ = load_pipeline()
    urls = list(texts)
    results = analyse_texts(nlp, [(texts[url], None) for url in urls])
    found: dict[tuple[str, int], str | None] = {}
    for url, result in zip(urls, results, strict=True):
        for coded in result.events:
            if coded.event.plover_type == "ASSAULT":
                found[(url, coded.event.trigger.span[0])] = coded.actor.name if coded.actor else None
    return found


def is_right(actor: str | None, keys: list[str] | None) -> bool:
    if actor is None or not keys or len(actor.split()) > NAME_MAX_WORDS:
        return False
    return any(key in actor.lower() for key in keys)


def score(items: list[dict[str, Any]], found: dict[tuple[str, int], str | None]) -> dict[str, Any]:
    tallies: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    changed = []
    for item in items:
        key = (item["url"], item["at"])
        actor = found.get(key)
        for stratum in (item["stratum"], "all"):
            tally = tallies[stratum]
            tally["items"] += 1
            tally["not_found"] += key not in found
            tally["ours"] += actor is not None
            tally["named"] += item["perpetrator_keys"] is not None
            tally["right"] += is_right(actor, item["perpetrator_keys"])
        now_right = is_right(actor, item["perpetrator_keys"])
        if now_right != (item["verdict"] == "right party"):
            changed.append({"trigger": item["trigger"], "url": item["url"][-60:], "now_right": now_right})
    report: dict[str, Any] = {}
    for stratum, tally in tallies.items():
        report[stratum] = {
            **tally,
            "precision": round(tally["right"] / tally["ours"], 3) if tally["ours"] else None,
            "coverage": round(tally["right"] / tally["named"], 3) if tally["named"] else None,
        }
    report["changed_against_judged"] = changed
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--judged", type=Path, default=DEFAULT_JUDGED)
    parser.add_argument("--texts", type=Path, default=DEFAULT_TEXTS)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    items = json.loads(args.judged.read_text(encoding="utf-8"))["items"]
    texts = page_texts(items, args.texts)
    if not texts:
        print(f"page texts ({args.texts}) absent: skipped")
        return 0
    report = score(items, perpetrators(texts))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    summary = {k: v for k, v in report.items() if k != "changed_against_judged"}
    print(json.dumps(summary, indent=1))
    print(f"judged right now wrong, or judged wrong now right: {len(report['changed_against_judged'])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
