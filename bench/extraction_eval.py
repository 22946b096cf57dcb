"""Article body extraction benchmark: rashomon's extract_html against the whole page text.

    python bench/extraction_eval.py [--bench-dir ../shared/bench/extraction]
                                    [--out bench/results/extraction.json]

Reads the scrapinghub/article-extraction-benchmark pages from the shared benchmark folder (never
copied into the repo) and scores them with its own metric (bench/extraction_metric.py). The whole
page text (every text node of <body>, scripts and styles left out) is scored in the same run, so the
gain of extraction over doing nothing is visible.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
DEFAULT_BENCH_DIR = REPO.parent / "shared" / "bench" / "extraction"
DEFAULT_OUT = REPO / "bench" / "results" / "extraction.json"

if str(REPO / "src") not in sys.path:  # run as a script from a checkout
    sys.path.insert(0, str(REPO / "src"))
if str(REPO / "bench") not in sys.path:
    sys.path.insert(0, str(REPO / "bench"))

import lxml.html  # noqa: E402
from extraction_metric import PageScore, Scores, aggregate, score_page  # noqa: E402
from lxml import etree  # noqa: E402

from rashomon.clean.html import extract_html  # noqa: E402
from rashomon.errors import InputError  # noqa: E402

# Elements whose text is never shown to a reader.
_INVISIBLE = {"script", "style", "noscript", "template", "head", "svg"}
# Elements that start a new line when rendered; text of inline elements is glued to its neighbours
# so that "<b>W</b>ord" stays one token while "</p><p>" never joins two words.
_BLOCKS = {
    "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption",
    "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main",
    "nav", "ol", "p", "pre", "section", "table", "td", "th", "tr", "ul", "body", "html",
}  # fmt: skip


@dataclass(frozen=True)
class Result:
    pages: int
    precision: float
    recall: float
    f1: float
    seconds: float  # extract_html time, all pages, one process
    mean_ms: float
    max_ms: float
    failed: int  # pages where extract_html raised InputError (scored as an empty prediction)
    baseline: dict[str, float]  # whole page text
    worst: list[dict[str, Any]]  # the 10 pages with the lowest F1, to look at on a regression


def whole_page_text(html: str) -> str:
    """All visible text of the page: the 'do nothing' baseline (published: F1 0.665)."""
    try:
        root = lxml.html.document_fromstring(html)
    except (ValueError, etree.ParserError):
        return ""
    parts: list[str] = []

    def walk(element: Any) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        block = tag.lower() in _BLOCKS
        if tag.lower() not in _INVISIBLE and tag:
            if block:
                parts.append("\n")
            parts.append(element.text or "")
            for child in element:
                walk(child)
            if block:
                parts.append("\n")
        parts.append(element.tail or "")

    walk(root)
    return "\n".join(line.strip() for line in "".join(parts).splitlines() if line.strip())


def load_pages(bench_dir: Path) -> dict[str, tuple[str, str | None, str]]:
    """id -> (articleBody, url, html) for every page of the ground truth."""
    truth = json.loads((bench_dir / "ground-truth.json").read_text(encoding="utf-8"))
    pages = {}
    for key, item in sorted(truth.items()):
        raw = gzip.decompress((bench_dir / "html" / f"{key}.html.gz").read_bytes())
        pages[key] = (item.get("articleBody") or "", item.get("url"), raw.decode("utf-8", "replace"))
    return pages


def _f1(score: PageScore) -> float:
    p, r = score.precision or 0.0, score.recall or 0.0
    return 2 * p * r / (p + r) if p + r else 0.0


def run_evaluation(bench_dir: Path = DEFAULT_BENCH_DIR) -> Result:
    pages = load_pages(bench_dir)
    ours: dict[str, PageScore] = {}
    whole: list[PageScore] = []
    times: list[float] = []
    failed = 0
    for key, (truth, url, html) in pages.items():
        start = time.perf_counter()
        try:
            predicted = extract_html(html, location=key, url=url).text
        except InputError:
            predicted, failed = "", failed + 1
        times.append(time.perf_counter() - start)
        ours[key] = score_page(truth, predicted)
        whole.append(score_page(truth, whole_page_text(html)))
    scores: Scores = aggregate(ours.values())
    base = aggregate(whole)
    worst = sorted(ours.items(), key=lambda item: _f1(item[1]))[:10]
    return Result(
        pages=scores.pages,
        precision=scores.precision,
        recall=scores.recall,
        f1=scores.f1,
        seconds=sum(times),
        mean_ms=1000 * sum(times) / max(1, len(times)),
        max_ms=1000 * max(times, default=0.0),
        failed=failed,
        baseline={"precision": base.precision, "recall": base.recall, "f1": base.f1},
        worst=[
            {"id": key, "precision": s.precision, "recall": s.recall, "f1": round(_f1(s), 4)}
            for key, s in worst
        ],
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bench-dir", type=Path, default=DEFAULT_BENCH_DIR)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    if not (args.bench_dir / "ground-truth.json").is_file():
        print(f"benchmark not found: {args.bench_dir} (no ground-truth.json); nothing to do", file=sys.stderr)
        return 2
    result = run_evaluation(args.bench_dir)
    base = result.baseline
    print(
        f"extract_html     precision={result.precision:.4f} recall={result.recall:.4f} "
        f"F1={result.f1:.4f}  pages={result.pages} failed={result.failed}"
    )
    print(
        f"whole page text  precision={base['precision']:.4f} recall={base['recall']:.4f} "
        f"F1={base['f1']:.4f}  (extract_html / whole page F1 = {result.f1 / base['f1']:.2f})"
    )
    print(
        f"time: {result.seconds:.1f} s for {result.pages} pages "
        f"(mean {result.mean_ms:.0f} ms, max {result.max_ms:.0f} ms per page)"
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(asdict(result), indent=2) + "\n", encoding="utf-8")
    print(f"written: {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
