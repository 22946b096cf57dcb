"""Time and memory of story and incident clustering as the corpus grows.

    python bench/clustering_scale.py [--sizes 1000 10000 100000] [--out bench/results/clustering_scale.json]

Each size runs in a fresh child process on the synthetic corpus of bench/clustering_eval.py (n articles
in n/8 stories over ten years, five events each, so the events per month grow with n as they would
in a real archive). The child times `cluster_stories` and `cluster_incidents` and reads its peak
resident memory (ru_maxrss) before and after each, so "added" is what clustering itself took above the
generated records. Between consecutive sizes it prints the growth exponent log(t2/t1) / log(n2/n1):
n log n from 10k to 100k articles is about 1.1; quadratic is 2.
"""

from __future__ import annotations

import argparse
import json
import math
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
DEFAULT_OUT = BENCH / "results" / "clustering_scale.json"


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def measure(n: int) -> dict[str, Any]:
    """One size, in this process (the parent runs it in a child for a clean peak)."""
    sys.path[:0] = [str(BENCH), str(REPO / "src")]
    from clustering_eval import synthetic

    from rashomon.reconcile.incidents import cluster_incidents
    from rashomon.reconcile.stories import cluster_stories

    articles, events = synthetic(n)
    base = _rss_mb()
    started = time.perf_counter()
    stories = cluster_stories(articles)
    middle = time.perf_counter()
    after_stories = _rss_mb()
    story_of = {a: s.id for s in stories for a in s.article_ids}
    incidents = cluster_incidents(events, story_of)
    done = time.perf_counter()
    return {
        "articles": n,
        "events": len(events),
        "stories": len(stories),
        "incidents_told_twice": sum(1 for i in incidents if len(i.event_ids) > 1),
        "stories_s": round(middle - started, 3),
        "incidents_s": round(done - middle, 3),
        "records_mb": round(base, 1),
        "stories_added_mb": round(after_stories - base, 1),
        "incidents_added_mb": round(_rss_mb() - after_stories, 1),
        "peak_rss_mb": round(_rss_mb(), 1),
    }


def _exponent(a: dict[str, Any], b: dict[str, Any], key: str) -> float | None:
    if a[key] <= 0 or b[key] <= 0:
        return None
    return round(math.log(b[key] / a[key]) / math.log(b["articles"] / a["articles"]), 2)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # the child's entry point
    options = parser.parse_args(argv)
    if options.one:
        print(json.dumps(measure(options.one)))
        return 0
    rows: list[dict[str, Any]] = []
    for n in options.sizes:
        child = subprocess.run(
            [sys.executable, __file__, "--one", str(n)], capture_output=True, text=True, check=True
        )
        row = json.loads(child.stdout.strip().splitlines()[-1])
        if rows:
            row["stories_growth_exponent"] = _exponent(rows[-1], row, "stories_s")
            row["incidents_growth_exponent"] = _exponent(rows[-1], row, "incidents_s")
        print(json.dumps(row), flush=True)
        rows.append(row)
    options.out.parent.mkdir(parents=True, exist_ok=True)
    options.out.write_text(json.dumps({"sizes": rows}, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
