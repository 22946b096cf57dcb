"""Stories, incidents, perpetrators, dates and contradictions on the real multi-outlet clusters.

    python bench/realnews_eval.py [--clusters bench/realnews/clusters] [--texts ../realnews]
                                  [--checker ../shared/tools/realnews/check_cluster.py]
                                  [--only ID ...] [--split dev|heldout|all] [--no-pooled]
                                  [--out bench/results/realnews.json]

Each cluster of bench/realnews/clusters (gold facts; README there) has its page texts in
`../realnews/<id>/cluster.jsonl` (`url` and `text`, never committed). Each is analysed by the whole
command `rashomon analyze` into a temporary SQLite store and exported (`rashomon export`); the
cluster's own checker (check_cluster.py, run as a subprocess on the cluster's `gold`) scores dates,
stories, incidents, places, perpetrator and compliance contradictions and agreements. Beside the checker
this script summarises, over the gold `same_event` pages:
- stories: how many stories hold them and the largest story's share of them;
- incidents: the largest incident's share of them, and in that incident each version's perpetrator
  (`actor`), as the issue judges "one incident holding at least 5 of 6 reports, each version's perpetrator";
- dates right (and wrong) among the pages with a gold day; contradictions found against the gold ones.
With `--pooled` (the default), all clusters are also analysed together into one store, and story BCubed
is scored against the cluster each same_event page belongs to (the other pages as singletons): the
clusters are different events, so this is story forming over many stories at once.
Clusters whose texts are absent are skipped and listed. Clusters marked `"split": "heldout"` are
left out unless `--split heldout` (or `all`) asks for them: they are measured, never tuned on.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Hashable, Sequence
from pathlib import Path
from typing import Any

if str(Path(__file__).resolve().parent) not in sys.path:
    sys.path.insert(0, str(Path(__file__).resolve().parent))

from coref_metrics import b3, entities_from_labels
from ecbplus_eval import rashomon_command

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CLUSTERS = REPO / "bench" / "realnews" / "clusters"
DEFAULT_TEXTS = REPO.parent / "realnews"
DEFAULT_CHECKER = REPO.parent / "shared" / "tools" / "realnews" / "check_cluster.py"
DEFAULT_OUT = REPO / "bench" / "results" / "realnews.json"

Records = dict[str, list[dict[str, Any]]]


# Perpetrators are kept as names only: a longer phrase is the article's own words (the texts are
# third-party and stay out of the repository), so it is counted without being written.
PERPETRATOR_MAX_WORDS = 6


def perpetrator_label(actor: object) -> str:
    """The perpetrator's name as extracted, or a placeholder when it is a phrase of the article."""
    name = str(actor)
    return name if len(name.split()) <= PERPETRATOR_MAX_WORDS else "(a longer phrase of the article)"


def analyse(inputs: Sequence[Path], workdir: Path) -> tuple[Path, Records, float]:
    """Run `rashomon analyze` on the inputs into a fresh store; its JSONL export, parsed, and the seconds."""
    db = f"sqlite:///{workdir / 'store.db'}"
    command = rashomon_command()
    started = time.perf_counter()
    # a line the reader refuses makes analyze exit 1 after storing the rest: the rest is still scored
    analysed = subprocess.run(
        [*command, "analyze", *map(str, inputs), "--db", db], capture_output=True, text=True
    )
    if analysed.returncode not in (0, 1):
        raise RuntimeError(f"rashomon analyze failed: {analysed.stderr[-2000:]}")
    export = workdir / "export.jsonl"
    with export.open("w", encoding="utf-8") as out:
        subprocess.run([*command, "export", "--db", db], check=True, stdout=out, text=True)
    seconds = time.perf_counter() - started
    records: Records = {}
    with export.open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                record = json.loads(line)
                records.setdefault(record["kind"], []).append(record)
    return export, records, seconds


def run_checker(checker: Path, gold: dict[str, Any], export: Path, workdir: Path) -> list[dict[str, Any]]:
    """The checker's verdicts, one per printed check line: {name, ok, detail}."""
    gold_file = workdir / "gold.json"
    gold_file.write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(checker), str(gold_file), str(export)],
        check=True,
        capture_output=True,
        text=True,
    )
    checks = []
    for line in done.stdout.splitlines():
        if line.startswith(("ok  ", "MISS ")):
            ok = line.startswith("ok")
            name, _, detail = line[4 if ok else 5 :].partition(": ")
            checks.append({"name": name.strip(), "ok": ok, "detail": detail})
    return checks


def _url(article: dict[str, Any]) -> str:
    return (article.get("source") or {}).get("url") or ""


def same_event_ids(articles: Sequence[dict[str, Any]], fragments: Sequence[str]) -> set[str]:
    return {a["id"] for a in articles if any(fragment in _url(a) for fragment in fragments)}


def summarise(cluster: dict[str, Any], records: Records, checks: list[dict[str, Any]]) -> dict[str, Any]:
    gold = cluster["gold"]
    articles = records.get("article", [])
    same = same_event_ids(articles, gold.get("same_event", []))
    story_hits = [len(same & set(s.get("article_ids") or [])) for s in records.get("story", [])]
    incidents = records.get("incident", [])
    best = max(incidents, key=lambda i: len(same & set(i.get("article_ids") or [])), default=None)
    held = len(same & set((best or {}).get("article_ids") or []))
    # pages the pipeline read (English today): only these can tell an incident
    read = {a["id"] for a in articles if a["id"] in same and a.get("status") == "analysed"}
    versions = [v for v in (best or {}).get("versions") or [] if v.get("article_id") in same]
    dates = [c for c in checks if c["name"].startswith("date ")]
    contradictions = [c for c in checks if c["name"].startswith(("perpetrator ", "compliance "))]
    return {
        "pages": len(cluster["pages"]),
        "articles": len(articles),
        "same_event_pages": len(same),
        "stories": {
            "holding_same_event_pages": sum(1 for hits in story_hits if hits),
            "largest_share": round(max(story_hits, default=0) / len(same), 3) if same else None,
            "not_in_any_story": len(
                same - {a for s in records.get("story", []) for a in s.get("article_ids") or []}
            ),
        },
        "incidents": {
            "largest_holds": held,
            "largest_share": round(held / len(same), 3) if same else None,
            "holds_all_but_one": bool(same) and held >= max(2, len(same) - 1),
            "analysed_same_event_pages": len(read),
            "largest_share_of_analysed": round(held / len(read), 3) if read else None,
            "holds_all_but_one_analysed": bool(read) and held >= max(2, len(read) - 1),
            "plover_type": (best or {}).get("plover_type"),
            "versions_on_same_event_pages": len(versions),
            "versions_with_perpetrator": sum(1 for v in versions if v.get("actor")),
            "of_which_from_their_article": sum(1 for v in versions if v.get("actor_from") == "article"),
            "perpetrators": dict(Counter(perpetrator_label(v["actor"]) for v in versions if v.get("actor"))),
        },
        "perpetrator_by_page": _perpetrators_by_page(gold, articles, best),
        "dates": {
            "gold": len(dates),
            "right": sum(c["ok"] for c in dates),
            "wrong": sum("WRONG" in c["detail"] for c in dates),
        },
        "contradictions": {
            "gold": len(contradictions),
            "found": sum(c["ok"] for c in contradictions),
            "records_by_topic": dict(Counter(c.get("topic") for c in records.get("contradiction", []))),
        },
        "checks_held": f"{sum(c['ok'] for c in checks)}/{len(checks)}",
        "checks": checks,
    }


def pooled_stories(clusters: Sequence[dict[str, Any]], texts: Path, workdir: Path) -> dict[str, Any]:
    """Story BCubed with all clusters in one store: gold story = the cluster, for its same_event pages."""
    inputs = [texts / cluster["id"] / "cluster.jsonl" for cluster in clusters]
    _, records, seconds = analyse(inputs, workdir)
    cluster_of_path = {str(texts / c["id"] / "cluster.jsonl"): c for c in clusters}
    gold: dict[str, Hashable] = {}
    for article in records.get("article", []):
        cluster = cluster_of_path.get((article.get("source") or {}).get("path") or "")
        same = cluster is not None and any(f in _url(article) for f in cluster["gold"].get("same_event", []))
        gold[article["id"]] = cluster["id"] if same and cluster is not None else ("alone", article["id"])
    story_of = {a: s["id"] for s in records.get("story", []) for a in s.get("article_ids") or []}
    predicted = {article_id: story_of.get(article_id, ("alone", article_id)) for article_id in gold}
    dated = {
        a["id"] for a in records.get("article", []) if (a.get("published") or {}).get("precision") == "day"
    }
    scores = {"all": b3(entities_from_labels(gold), entities_from_labels(predicted)).as_dict()}
    for name, keep in (("dated_articles", dated), ("undated_articles", set(gold) - dated)):
        subset_gold = {a: label for a, label in gold.items() if a in keep}
        subset_pred = {a: label for a, label in predicted.items() if a in keep}
        scores[name] = b3(entities_from_labels(subset_gold), entities_from_labels(subset_pred)).as_dict()
        scores[name]["articles"] = len(keep)
    return {
        "articles": len(gold),
        "stories": len(records.get("story", [])),
        "bcubed": scores,
        "note": "dated/undated: BCubed restricted to the articles we dated to the day, or not (their "
        "stories as formed with all articles present)",
        "seconds": round(seconds, 1),
    }


def evaluate(
    clusters_dir: Path,
    texts: Path,
    checker: Path,
    only: Sequence[str] | None,
    pooled: bool,
    split: str = "dev",
) -> dict[str, Any]:
    clusters = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(clusters_dir.glob("*.json"))]
    clusters = [c for c in clusters if split == "all" or c.get("split", "dev") == split]
    clusters = [c for c in clusters if not only or c["id"] in only]
    present = [c for c in clusters if (texts / c["id"] / "cluster.jsonl").is_file()]
    result: dict[str, Any] = {
        "skipped_no_texts": [c["id"] for c in clusters if c not in present],
        "clusters": {},
    }
    started = time.perf_counter()
    for cluster in present:
        with tempfile.TemporaryDirectory(prefix="realnews-") as workdir:
            export, records, seconds = analyse([texts / cluster["id"] / "cluster.jsonl"], Path(workdir))
            checks = run_checker(checker, cluster["gold"], export, Path(workdir))
        summary = summarise(cluster, records, checks)
        summary["seconds"] = round(seconds, 1)
        result["clusters"][cluster["id"]] = summary
        print(
            f"{cluster['id']:46} story {summary['stories']['largest_share']}  "
            f"incident {summary['incidents']['largest_share']}  checks {summary['checks_held']}",
            flush=True,
        )
    result["overall"] = overall(list(result["clusters"].values()))
    result["overall"]["seconds"] = round(time.perf_counter() - started, 1)
    if pooled and present:
        with tempfile.TemporaryDirectory(prefix="realnews-pooled-") as workdir:
            result["pooled_stories"] = pooled_stories(present, texts, Path(workdir))
    return result


def _stems(text: str) -> set[str]:
    """Words of four letters or more cut to five, and acronyms ("PKK", "ADF", "US") whole."""
    words = re.findall(r"[^\W\d_]+", text)
    acronyms = {w.lower() for w in words if 2 <= len(w) <= 3 and w.isupper()}
    return {w.lower()[:5] for w in words if len(w) > 3} | acronyms


def _perpetrators_by_page(
    gold: dict[str, Any], articles: Sequence[dict[str, Any]], best: dict[str, Any] | None
) -> dict[str, int]:
    """Pages whose gold names who did it: how many tell the largest incident, and how many of those
    give it a perpetrator named alike (a word in common, cut to five letters: "Russian" - "Russia"; or
    an acronym: "PKK")."""
    pages = gold.get("perpetrator_by_page") or []
    versions = (best or {}).get("versions") or []
    told = named = 0
    for page in pages:
        ids = {a["id"] for a in articles if page["url"] in _url(a)}
        actors = [str(v.get("actor") or "") for v in versions if v.get("article_id") in ids]
        told += bool(actors)
        named += any(_stems(actor) & _stems(page["says"]) for actor in actors)
    return {"gold": len(pages), "telling_the_incident": told, "named_alike": named}


def overall(summaries: Sequence[dict[str, Any]]) -> dict[str, Any]:
    def total(section: str, field: str) -> int:
        return sum(int(s[section][field]) for s in summaries)

    held = [s["checks_held"].split("/") for s in summaries]
    same = sum(s["same_event_pages"] for s in summaries)
    return {
        "clusters": len(summaries),
        "same_event_pages": same,
        "one_story_holds_all_same_event_pages": sum(s["stories"]["largest_share"] == 1.0 for s in summaries),
        "mean_largest_story_share": round(
            sum(s["stories"]["largest_share"] or 0 for s in summaries) / len(summaries), 3
        )
        if summaries
        else None,
        "one_incident_holds_all_but_one": sum(s["incidents"]["holds_all_but_one"] for s in summaries),
        "mean_largest_incident_share": round(
            sum(s["incidents"]["largest_share"] or 0 for s in summaries) / len(summaries), 3
        )
        if summaries
        else None,
        "one_incident_holds_all_analysed_but_one": sum(
            s["incidents"]["holds_all_but_one_analysed"] for s in summaries
        ),
        "mean_largest_incident_share_of_analysed": round(
            sum(s["incidents"]["largest_share_of_analysed"] or 0 for s in summaries) / len(summaries), 3
        )
        if summaries
        else None,
        "versions_with_perpetrator": f"{total('incidents', 'versions_with_perpetrator')}/"
        f"{total('incidents', 'versions_on_same_event_pages')}",
        "of_which_from_their_article": total("incidents", "of_which_from_their_article"),
        "perpetrator_by_page": {
            key: total("perpetrator_by_page", key) for key in ("gold", "telling_the_incident", "named_alike")
        },
        "dates_right": f"{total('dates', 'right')}/{total('dates', 'gold')}",
        "dates_wrong": total("dates", "wrong"),
        "contradictions_found": f"{total('contradictions', 'found')}/{total('contradictions', 'gold')}",
        "checks_held": f"{sum(int(a) for a, _ in held)}/{sum(int(b) for _, b in held)}",
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clusters", type=Path, default=DEFAULT_CLUSTERS)
    parser.add_argument("--texts", type=Path, default=DEFAULT_TEXTS)
    parser.add_argument("--checker", type=Path, default=DEFAULT_CHECKER)
    parser.add_argument("--only", nargs="*", default=None, help="only these cluster ids")
    parser.add_argument("--no-pooled", dest="pooled", action="store_false")
    parser.add_argument("--split", choices=("dev", "heldout", "all"), default="dev")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    if not args.texts.is_dir() or not args.checker.is_file():
        print(f"page texts ({args.texts}) or checker ({args.checker}) absent: skipped")
        return 0
    result = evaluate(args.clusters, args.texts, args.checker, args.only, args.pooled, args.split)
    result["split"] = args.split
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps(result["overall"], indent=1))
    if "pooled_stories" in result:
        print("pooled stories:", json.dumps(result["pooled_stories"]["bcubed"]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
