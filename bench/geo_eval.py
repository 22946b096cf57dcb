"""Places benchmark: toponym resolution on GeoWebNews (200 news articles, Gritta et al. 2019).

    python bench/geo_eval.py [--bench-dir ../shared/bench/geo/geowebnews] [--limit N] [--no-ner]
                             [--out bench/results/geo.json] [--show-errors N]

Gold: `gwn_full.txt` (one line per article of `GWN.xml`, in order: `name,,mention,,lat,,lon,,start,,end`
joined by `||`), offsets into the article text of `GWN.xml`; a toponym's GeoNames id comes from the
`GWN.xml` toponym with the same offsets, where it has one.

Resolution: `rashomon.extract.places.resolve_spans` gets every gold span of an article with the whole
article text as context, so that entity recognition does not confound resolution. Scores
(bench/geo_metric.py): exact GeoNames id, country, share within 161 km, mean/median error, AUC.

End to end (unless --no-ner): the project's spaCy pipeline runs over each article and
`place_mentions` + `resolve_spans` resolve what it finds. Reported separately: mention recall (gold
toponyms overlapped by a predicted mention), end-to-end accuracy (gold toponyms whose overlapping
prediction lies within 161 km) and mention precision (predicted mentions that overlap a GWN.xml
toponym of any kind other than common nouns and non-toponyms).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import xml.etree.ElementTree as ET
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
DEFAULT_BENCH_DIR = REPO.parent / "shared" / "bench" / "geo" / "geowebnews"
DEFAULT_OUT = REPO / "bench" / "results" / "geo.json"

for _path in (REPO / "src", REPO / "bench"):  # run as a script from a checkout
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

from geo_metric import ACCURACY_KM, Outcome, ReverseGeocoder, distance_km, score  # noqa: E402

from rashomon.extract.places import Place, place_mentions, resolve_spans  # noqa: E402
from rashomon.kb.gazetteer import load_gazetteer, resident_memory_mb  # noqa: E402

# GWN.xml kinds that are not place names (common nouns, non-toponyms): not a correct mention.
_NOT_NAMES = frozenset({"Literal_Expression", "Non_Lit_Expression", "Non_Toponym"})


@dataclass(frozen=True)
class GoldToponym:
    name: str  # the GeoNames name given by the annotators
    mention: str
    lat: float
    lon: float
    start: int
    end: int
    geonameid: int | None


@dataclass(frozen=True)
class Article:
    id: str
    text: str
    gold: list[GoldToponym]
    names: list[tuple[int, int]]  # every GWN.xml toponym span that is a name (any literal type)


@dataclass
class Evaluation:
    result: dict[str, Any]
    outcomes: list[Outcome] = field(default_factory=list)


def available(bench_dir: Path) -> bool:
    return (bench_dir / "GWN.xml").is_file() and (bench_dir / "gwn_full.txt").is_file()


def load_geowebnews(bench_dir: Path) -> list[Article]:
    root = ET.parse(bench_dir / "GWN.xml").getroot()
    lines = (bench_dir / "gwn_full.txt").read_text(encoding="utf-8").splitlines()
    articles = []
    for node, line in zip(root.iter("article"), lines, strict=False):
        text = node.findtext("text") or ""
        ids: dict[tuple[int, int], int] = {}
        names: list[tuple[int, int]] = []
        for toponym in node.iter("toponym"):
            span = (int(toponym.findtext("start") or 0), int(toponym.findtext("end") or 0))
            if (toponym.findtext("type") or "") not in _NOT_NAMES:
                names.append(span)
            gid = (toponym.findtext("geonamesID") or "").strip()
            if gid.isdigit():
                ids[span] = int(gid)
        gold = []
        for item in filter(None, line.strip().split("||")):
            name, mention, lat, lon, start, end = item.split(",,")
            span = (int(start), int(end))
            gold.append(GoldToponym(name, mention, float(lat), float(lon), *span, ids.get(span)))
        articles.append(Article(node.get("file") or str(len(articles)), text, gold, names))
    return articles


def run_evaluation(
    bench_dir: Path = DEFAULT_BENCH_DIR, limit: int | None = None, ner: bool = True
) -> Evaluation:
    articles = load_geowebnews(bench_dir)[:limit]
    rss_before = resident_memory_mb()
    started = time.perf_counter()
    gazetteer = load_gazetteer()
    load_s = time.perf_counter() - started
    rss_added = resident_memory_mb() - rss_before
    geocoder = ReverseGeocoder(*gazetteer.town_points())
    by_id = gazetteer.countries_by_geonameid()
    outcomes: list[Outcome] = []
    skipped = 0
    started = time.perf_counter()
    for article in articles:
        gold = [g for g in article.gold if article.text[g.start : g.end] == g.mention]
        skipped += len(article.gold) - len(gold)
        places = resolve_spans(article.text, [(g.start, g.end) for g in gold], gazetteer=gazetteer)
        outcomes += [
            _outcome(article.id, g, p, _gold_country(g, by_id, geocoder))
            for g, p in zip(gold, places, strict=True)
        ]
    resolve_s = time.perf_counter() - started
    scores = score(outcomes)
    result: dict[str, Any] = {
        "data": str(bench_dir),
        "articles": len(articles),
        "gold_toponyms": scores.toponyms,
        "gold_skipped_offsets": skipped,
        "resolution": _flat(asdict(scores)),
        "gazetteer": {
            "load_s": round(load_s, 2),
            "rss_added_mb": round(rss_added, 1),
            "entries": len(gazetteer),
        },
        "timing": {
            "resolve_s": round(resolve_s, 2),
            "ms_per_toponym": round(1000 * resolve_s / max(1, len(outcomes)), 2),
        },
    }
    if ner:
        result["end_to_end"] = _end_to_end(articles, gazetteer)
    return Evaluation(result, outcomes)


def _gold_country(gold: GoldToponym, by_id: dict[int, str | None], geocoder: ReverseGeocoder) -> str | None:
    """The gold's country: that of its GeoNames id where the gazetteer has it (None for a continent or
    a sea), else that of the nearest town within 100 km of the gold point."""
    if gold.geonameid is not None and gold.geonameid in by_id:
        return by_id[gold.geonameid]
    return geocoder.country(gold.lat, gold.lon)


def _outcome(article: str, gold: GoldToponym, place: Place | None, gold_country: str | None) -> Outcome:
    base = dict(
        article=article,
        mention=gold.mention,
        gold_name=gold.name,
        gold_lat=gold.lat,
        gold_lon=gold.lon,
        gold_id=gold.geonameid,
        gold_country=gold_country,
    )
    if place is None:
        return Outcome(**base, resolved=False)
    return Outcome(
        **base,
        resolved=True,
        pred_name=place.resolved_name,
        pred_lat=place.lat,
        pred_lon=place.lon,
        pred_id=place.geonameid,
        pred_country=place.country,
        pred_kind=place.kind,
        precision=place.precision,
        error_km=round(distance_km(gold.lat, gold.lon, place.lat, place.lon), 1),
    )


def _end_to_end(articles: list[Article], gazetteer: Any) -> dict[str, Any]:
    from polnear import load_nlp, statements_pipes

    nlp = load_nlp()
    found = correct_161 = gold_total = predicted = predicted_names = 0
    nlp_s = resolve_s = 0.0
    with nlp.select_pipes(disable=statements_pipes(nlp)):
        for article in articles:
            started = time.perf_counter()
            doc = nlp(article.text)
            nlp_s += time.perf_counter() - started
            started = time.perf_counter()
            spans = place_mentions(doc, gazetteer)
            places = [
                p for p in resolve_spans(article.text, spans, doc=doc, gazetteer=gazetteer) if p is not None
            ]
            resolve_s += time.perf_counter() - started
            predicted += len(places)
            predicted_names += sum(any(_overlaps(p.start, p.end, s) for s in article.names) for p in places)
            for gold in article.gold:
                gold_total += 1
                hits = [p for p in places if _overlaps(p.start, p.end, (gold.start, gold.end))]
                found += bool(hits)
                correct_161 += any(distance_km(gold.lat, gold.lon, p.lat, p.lon) <= ACCURACY_KM for p in hits)
    return {
        "mention_recall": round(found / gold_total, 4) if gold_total else 0.0,
        "within_161km": round(correct_161 / gold_total, 4) if gold_total else 0.0,
        "mention_precision": round(predicted_names / predicted, 4) if predicted else 0.0,
        "predicted_places": predicted,
        "timing": {"spacy_s": round(nlp_s, 2), "places_s": round(resolve_s, 2)},
    }


def _overlaps(start: int, end: int, span: tuple[int, int]) -> bool:
    return start < span[1] and span[0] < end


def _flat(scores: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in scores.items():
        if isinstance(value, dict) and "hits" in value:
            out[key] = round(value["hits"] / value["total"], 4) if value["total"] else 0.0
            out[f"{key}_counts"] = [value["hits"], value["total"]]
        else:
            out[key] = value
    return out


def print_table(result: dict[str, Any]) -> None:
    r = result["resolution"]
    print(f"GeoWebNews: {result['articles']} articles, {result['gold_toponyms']} gold toponyms")
    print(f"  resolved          {r['resolved']:.3f}")
    print(f"  exact GeoNames id {r['exact']:.3f}  ({r['exact_counts'][0]}/{r['exact_counts'][1]})")
    print(f"  country           {r['country']:.3f}  ({r['country_counts'][0]}/{r['country_counts'][1]})")
    hits, total = r["within_161km_counts"]
    print(f"  within 161 km     {r['within_161km']:.3f}  ({hits}/{total})")
    print(f"  mean / median km  {r['mean_error_km']} / {r['median_error_km']}   AUC {r['auc']}")
    g, t = result["gazetteer"], result["timing"]
    print(f"  gazetteer: {g['entries']} entries, loaded in {g['load_s']} s, +{g['rss_added_mb']} MB resident")
    print(f"  resolution: {t['resolve_s']} s ({t['ms_per_toponym']} ms per toponym)")
    if "end_to_end" in result:
        e = result["end_to_end"]
        print(
            f"  end to end (spaCy NER): mention recall {e['mention_recall']:.3f}, within 161 km "
            f"{e['within_161km']:.3f}, mention precision {e['mention_precision']:.3f} "
            f"(spaCy {e['timing']['spacy_s']} s, places {e['timing']['places_s']} s)"
        )


def print_errors(outcomes: list[Outcome], n: int) -> None:
    wrong = [o for o in outcomes if o.error_km is None or o.error_km > ACCURACY_KM]
    for o in wrong[:n]:
        got = (
            "unresolved"
            if not o.resolved
            else f"{o.pred_name} ({o.pred_kind}, {o.pred_country}) {o.error_km} km"
        )
        print(f"  [{o.article}] {o.mention!r} gold {o.gold_name!r} -> {got}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bench-dir", type=Path, default=DEFAULT_BENCH_DIR)
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    parser.add_argument("--no-ner", action="store_true", help="skip the end-to-end spaCy pass")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--show-errors", type=int, default=0, help="print N toponyms resolved wrong")
    args = parser.parse_args(argv)
    if not available(args.bench_dir):
        print(f"GeoWebNews not found at {args.bench_dir} (needs GWN.xml and gwn_full.txt); nothing to do",
              file=sys.stderr)  # fmt: skip
        return 2
    evaluation = run_evaluation(args.bench_dir, args.limit, ner=not args.no_ner)
    print_table(evaluation.result)
    if args.show_errors:
        print_errors(evaluation.outcomes, args.show_errors)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(evaluation.result, indent=2) + "\n", encoding="utf-8")
    print(f"written: {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
