"""Statements on other outlets' news: the extractor against a small hand-marked gold.

    python bench/quotes_realnews.py [--gold bench/realnews/statements_gold.json]
                                    [--pages-dir ../realnews] [--out bench/results/quotes_realnews.json]
                                    [--show-errors N]

PolNeAR is US political news of 2016; statements are also judged on news from other outlets. The gold
(`bench/realnews/statements_gold.json`, its "about" says what was marked) gives character offsets
into pages of the realnews dev clusters, whose texts stay outside the repository
(`../realnews/<cluster>/cluster.jsonl`, see bench/realnews/README.md); a page whose text is missing or
differs from the one marked (sha256) is skipped and reported. Every gold statement counts as a speech
cue; the scores are those of bench/quotes_eval.py (loose match at 30% of the gold content, speaker and
cue agreement among matched pairs).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
DEFAULT_GOLD = REPO / "bench" / "realnews" / "statements_gold.json"
DEFAULT_PAGES = REPO.parent / "realnews"
DEFAULT_OUT = REPO / "bench" / "results" / "quotes_realnews.json"

for _path in (REPO / "src", REPO / "bench"):  # run as a script from a checkout
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

from polnear import Article, GoldAttribution, is_direct, load_nlp, statements_pipes  # noqa: E402
from quotes_eval import Evaluation, Result, Timing, print_errors, print_table, score  # noqa: E402


def page_texts(pages_dir: Path, cluster: str) -> dict[str, str]:
    """url -> text of one cluster's gathered pages (empty when the cluster was not gathered)."""
    path = pages_dir / cluster / "cluster.jsonl"
    if not path.is_file():
        return {}
    rows = (json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
    return {row["url"]: row.get("text") or "" for row in rows}


def _span(value: list[int] | None) -> tuple[tuple[int, int], ...]:
    return ((value[0], value[1]),) if value else ()


def load_gold(gold_path: Path, pages_dir: Path) -> tuple[list[Article], list[str]]:
    """Articles with their gold statements, and the pages skipped (with why)."""
    pages = json.loads(gold_path.read_text(encoding="utf-8"))["pages"]
    articles, skipped = [], []
    for number, page in enumerate(pages):
        text = page_texts(pages_dir, page["cluster"]).get(page["url"])
        if text is None or hashlib.sha256(text.encode()).hexdigest() != page["text_sha256"]:
            skipped.append(f"{page['url']} ({'missing' if text is None else 'text differs'})")
            continue
        gold = tuple(
            GoldAttribution(
                id=f"S{i}",
                content=_span(s["content"]),
                cue=_span(s["cue"]),
                source=_span(s["source"]),
                cue_text=text[s["cue"][0] : s["cue"][1]] if s["cue"] else "",
                direct=is_direct(text, _span(s["content"])),
                cue_class="speech",
            )
            for i, s in enumerate(page["statements"])
        )
        name = f"{number:02d}-{page['cluster']}"
        articles.append(Article(name, "gold", ("gold",), text, gold))
    return articles, skipped


def run(gold_path: Path, pages_dir: Path) -> tuple[Evaluation, list[str]]:
    import time

    from rashomon.extract.statements import extract_statements

    articles, skipped = load_gold(gold_path, pages_dir)
    nlp = load_nlp()
    with nlp.select_pipes(disable=statements_pipes(nlp)):
        start = time.perf_counter()
        docs = [nlp(article.text) for article in articles]
        spacy_seconds = time.perf_counter() - start
    start = time.perf_counter()
    predicted = {article.name: extract_statements(doc) for article, doc in zip(articles, docs, strict=True)}
    extractor_seconds = time.perf_counter() - start
    keep = frozenset({"speech"})
    scores = score(
        {a.name: a.attributions for a in articles}, predicted, keep, {a.name: a.text for a in articles}
    )
    result = Result(
        extractor="rashomon.extract.statements:extract_statements",
        bench_dir=str(gold_path.relative_to(REPO) if gold_path.is_relative_to(REPO) else gold_path),
        annotator_rule="one hand-marked gold per page",
        multi_annotator=[],
        misaligned_spans=0,
        gold_without_content=0,
        classes_scored=["speech"],
        gold_by_class={"speech": sum(len(a.attributions) for a in articles)},
        scores=scores,
        timing=Timing.of([a.text for a in articles], spacy_seconds, extractor_seconds),
        failures=[],
    )
    return Evaluation(result, articles, {k: list(v) for k, v in predicted.items()}), skipped


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    parser.add_argument("--pages-dir", type=Path, default=DEFAULT_PAGES)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--show-errors", type=int, default=0, help="print N missed and N wrong (stdout)")
    args = parser.parse_args(argv)
    evaluation, skipped = run(args.gold, args.pages_dir)
    if not evaluation.articles:
        print(f"no gold page found under {args.pages_dir}; nothing to do", file=sys.stderr)
        return 2
    print_table(evaluation.result)
    if skipped:
        print(f"skipped {len(skipped)} pages: {', '.join(skipped)}")
    if args.show_errors:
        print_errors(evaluation, frozenset({"speech"}), args.show_errors)
    report: dict[str, Any] = asdict(evaluation.result) | {"skipped": skipped}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"written: {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
