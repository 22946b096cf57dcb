"""Stories and incidents benchmark: the reconcile clustering against hand-labelled gold.

    python bench/clustering_eval.py [--set invented|seeds|all] [--out bench/results/clustering.json]
                                    [--show-errors] [--scale N ...]

Sets (gold in tests/data/stories/gold.json, as locators; see its "about"):
- invented: tests/data/stories/articles.jsonl, 20 short articles written for this bench about three
  other conflicts (6 stories, 11 incidents told more than once, with other perpetrators and figures);
- seeds: the five seed articles in ../shared/seeds (skipped when absent).

Each set is analysed by the real pipeline (`rashomon.analyze`) into a temporary SQLite store; stories
come from `cluster_stories` over `load_articles`, incidents from `cluster_incidents` over `load_events`
with the predicted stories. Scores: pairwise and BCubed precision, recall and F1 for both; gold
locators that match no extracted event are counted (`unresolved`) and left out of the incident scores
(their events were never extracted, which is the event extractor's error, not the clustering's).

`--scale N` times story and incident clustering on N synthetic articles (5 events each) and prints
seconds per size: the blocking keeps the growth near n log n.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "tests" / "data" / "stories"
GOLD_FILE = DATA / "gold.json"
SEEDS = REPO.parent / "shared" / "seeds"
DEFAULT_OUT = REPO / "bench" / "results" / "clustering.json"

if str(REPO / "src") not in sys.path:  # run as a script from a checkout
    sys.path.insert(0, str(REPO / "src"))

from rashomon.reconcile.cluster_metrics import bcubed, labels, pairwise  # noqa: E402
from rashomon.reconcile.incidents import Incident, cluster_incidents  # noqa: E402
from rashomon.reconcile.load import gazetteer_regions, load_articles, load_events  # noqa: E402
from rashomon.reconcile.records import ArticleFacts, DateSpan, EventFacts, PlaceRef  # noqa: E402
from rashomon.reconcile.stories import Story, cluster_stories  # noqa: E402

_WORDS = re.compile(r"\w+")


def gold() -> dict[str, Any]:
    return json.loads(GOLD_FILE.read_text(encoding="utf-8"))


def set_paths(name: str) -> list[str]:
    if name == "invented":
        return [str(DATA / gold()["invented"]["articles"])]
    return [str(p) for p in sorted(SEEDS.glob("*.txt"))]


def article_key(name: str, source_path: str, url: str | None) -> str:
    """The gold key of an article: its url's last part (invented), its file-name prefix (seeds)."""
    if name == "invented":
        return (url or "").rstrip("/").rsplit("/", 1)[-1]
    return Path(source_path).name.split("_", 1)[0]


class Analysed:
    """One set analysed into a temporary store, with its records and gold keys."""

    def __init__(self, name: str, workdir: Path, db: str | None = None) -> None:
        """Analyse the set into a store under `workdir`, or read `db` where it was analysed before."""
        from rashomon.analyze import analyze
        from rashomon.store.db import open_store
        from rashomon.store.models import Article

        self.name = name
        if db is None:
            db = f"sqlite:///{workdir / f'{name}.db'}"
            analyze(set_paths(name), db=db)
        regions = gazetteer_regions()
        with open_store(db) as store, store.session() as session:
            self.articles = load_articles(session, regions=regions)
            self.events = load_events(session, regions=regions)
            rows = session.query(Article.id, Article.source_path, Article.source_url).all()
        self.key = {i: article_key(name, path, url) for i, path, url in rows}
        self.article_of = {k: i for i, k in self.key.items()}

    def resolve(self, locator: str) -> str | None:
        """The event id a gold locator names, or None when no extracted event matches it."""
        key, _, words = locator.partition(":")
        words, _, nth = words.partition("#")
        article = self.article_of.get(key)
        wanted = _WORDS.findall(words.lower())
        mine = sorted((e for e in self.events if e.article_id == article), key=lambda e: e.start)
        exact = [e for e in mine if _WORDS.findall(e.trigger.lower()) == wanted]
        within = [e for e in mine if _contains(_WORDS.findall(e.trigger.lower()), wanted)]
        found = exact or within
        index = int(nth) - 1 if nth else 0
        return found[index].id if index < len(found) else None


def _contains(words: list[str], wanted: list[str]) -> bool:
    n = len(wanted)
    return any(words[i : i + n] == wanted for i in range(len(words) - n + 1))


def score_set(data: Analysed) -> dict[str, Any]:
    spec = gold()[data.name]
    stories = cluster_stories(data.articles)
    story_of = {a: s.id for s in stories for a in s.article_ids}
    incidents = cluster_incidents(data.events, story_of)
    gold_stories = labels([[data.article_of[k] for k in group] for group in spec["stories"]])
    predicted_stories = labels([s.article_ids for s in stories])
    resolved: dict[str, list[str]] = {}
    unresolved: list[str] = []
    for name, locators in spec["incidents"].items():
        for locator in locators:
            event_id = data.resolve(locator)
            if event_id is None:
                unresolved.append(locator)
            else:
                resolved.setdefault(name, []).append(event_id)
    gold_incidents = labels(resolved.values())
    gold_incidents.update({e.id: ("solo", e.id) for e in data.events if e.id not in gold_incidents})
    predicted_incidents = labels([i.event_ids for i in incidents])
    return {
        "articles": len(data.articles),
        "events": len(data.events),
        "stories": {
            "gold": len(spec["stories"]),
            "predicted": len(stories),
            "pairwise": pairwise(predicted_stories, gold_stories).rounded(),
            "bcubed": bcubed(predicted_stories, gold_stories).rounded(),
        },
        "incidents": {
            "gold_multi": len(resolved),
            "predicted_multi": sum(len(i.event_ids) > 1 for i in incidents),
            "unresolved_locators": unresolved,
            "pairwise": pairwise(predicted_incidents, gold_incidents).rounded(),
            "bcubed": bcubed(predicted_incidents, gold_incidents).rounded(),
        },
        "_stories": stories,
        "_incidents": incidents,
    }


def show(data: Analysed, stories: Sequence[Story], incidents: Sequence[Incident]) -> None:
    by_id = {e.id: e for e in data.events}
    for story in stories:
        print(f"  story {story.id} {[data.key[a] for a in story.article_ids]} {story.first}..{story.last}")
    for incident in incidents:
        if len(incident.event_ids) > 1:
            told = [f"{data.key[by_id[e].article_id]}:{by_id[e].trigger}" for e in incident.event_ids]
            print(f"  incident {incident.plover_type} {incident.date} {told}")


def synthetic(n: int, seed: int = 7) -> tuple[list[ArticleFacts], list[EventFacts]]:
    """N articles in n/8 stories over ten years, 5 events each: a load for timing, not for scores."""
    rng = random.Random(seed)
    articles, events = [], []
    stories = max(1, n // 8)
    for i in range(n):
        s = rng.randrange(stories)
        day = 737000 + s * 3650 // stories + rng.randrange(4)
        place = PlaceRef(f"town{s}", 10_000 + s, "XX", f"XX.{s % 50}", "town")
        actors = frozenset({f"actor{s % 300}", f"actor{rng.randrange(300)}", "category:CVL"})
        words = tuple(f"w{s}_{k}" for k in range(6)) + tuple(f"c{rng.randrange(500)}" for _ in range(20))
        art = ArticleFacts(
            f"art-{i:07d}", f"outlet{i % 9}", f"story {s}", DateSpan(day, day), actors, (place,), words
        )
        articles.append(art)
        for k in range(5):
            kind = rng.choice(("ASSAULT", "ASSAULT", "ACCUSE", "AGREE", "MOBILIZE"))
            events.append(
                EventFacts(
                    f"{art.id}/ev-{k}",
                    art.id,
                    kind,
                    art.outlet,
                    actor_id=f"actor{rng.randrange(300)}",
                    place=place if k < 2 else None,
                    article_date=art.date,
                    start=k * 200,
                    end=k * 200 + 9,
                    trigger="attack",
                    article_place=place,
                )
            )
    return articles, events


def scale(sizes: Sequence[int]) -> list[dict[str, float]]:
    out = []
    for n in sizes:
        articles, events = synthetic(n)
        started = time.perf_counter()
        stories = cluster_stories(articles)
        middle = time.perf_counter()
        cluster_incidents(events, {a: s.id for s in stories for a in s.article_ids})
        done = time.perf_counter()
        row = {"articles": n, "stories_s": round(middle - started, 2), "incidents_s": round(done - middle, 2)}
        print(json.dumps(row))
        out.append(row)
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", choices=("invented", "seeds", "all"), default="all")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--show-errors", action="store_true", help="print the predicted clusters")
    parser.add_argument("--scale", type=int, nargs="*", metavar="N", help="time synthetic sets of N articles")
    options = parser.parse_args(argv)
    report: dict[str, Any] = {}
    names = ["invented", "seeds"] if options.set == "all" else [options.set]
    if "seeds" in names and not any(SEEDS.glob("*.txt")):
        print(f"seeds not found at {SEEDS}; skipping them", file=sys.stderr)
        names.remove("seeds")
    with tempfile.TemporaryDirectory() as tmp:
        for name in names:
            data = Analysed(name, Path(tmp))
            result = score_set(data)
            if options.show_errors:
                print(f"== {name}")
                show(data, result["_stories"], result["_incidents"])
            report[name] = {k: v for k, v in result.items() if not k.startswith("_")}
    if options.scale:
        report["scale"] = scale(options.scale)
    print(json.dumps(report, indent=2))
    options.out.parent.mkdir(parents=True, exist_ok=True)
    options.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
