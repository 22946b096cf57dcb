"""Speed of Rashomon's NLP pipeline against the plain spaCy pipeline, on the same texts, in one run.

    python bench/pipeline_speed.py [--rounds 3] [--out bench/results/pipeline_speed.json]

Texts: the PolNeAR dev articles and the seed articles (cleaned), read from ../shared. The plain
pipeline is the spaCy model as shipped; "with statements" adds Rashomon's components up to the
statements stage (paragraph boundaries, statements); "whole" adds actor links, places, times and
events too. Rashomon's pipeline computes its matrix products with numpy's BLAS
(`rashomon.nlp.matrix_backend`); "plain spaCy on numpy's BLAS" is the plain pipeline given the same
products, so the report can say how much of the speed-up is that swap and how much the rest. All
run with numpy's BLAS on one thread. Rounds alternate between the configurations so that machine
noise hits all alike; the best round of each is compared. The statements stage should add no more
than 25% to plain spaCy.
Throughput (articles/s and words/s, words as whitespace-separated tokens) is printed for plain
spaCy and the whole pipeline, with speed-up = plain seconds / whole seconds (the issue aims at 1.5).
One-off loading (the gazetteer) happens in a warm-up call before the timing.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Sequence
from pathlib import Path

import spacy
from spacy.language import Language

from rashomon.clean.article import clean_document
from rashomon.ingest.readers import read_inputs
from rashomon.nlp.components import ACTORS, EVENTS
from rashomon.nlp.matrix_backend import one_blas_thread, use_numpy_blas
from rashomon.nlp.pipeline import load_pipeline, resolve_model_name
from rashomon.types import RawDocument

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
BUDGET = 1.25  # the bound: pipeline with statements / plain spaCy


def bench_texts() -> list[str]:
    polnear = sorted((SHARED / "bench" / "quotes" / "polnear-dev" / "text").glob("*.txt"))
    texts = [path.read_text(encoding="utf-8") for path in polnear]
    seeds = [item for item in read_inputs([str(SHARED / "seeds")]) if isinstance(item, RawDocument)]
    return texts + [clean_document(raw).clean.text for raw in seeds]


def seconds_for(nlp: Language, texts: Sequence[str]) -> float:
    start = time.perf_counter()
    for doc in nlp.pipe(texts, batch_size=16):
        assert doc is not None
    return time.perf_counter() - start


def throughput(articles: int, words: int, seconds: float) -> dict[str, float]:
    return {"articles_per_s": round(articles / seconds, 2), "words_per_s": round(words / seconds, 1)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--out", type=Path, default=Path("bench/results/pipeline_speed.json"))
    args = parser.parse_args(argv)
    texts = bench_texts()
    if not texts:
        print(f"no texts found under {SHARED}: nothing to measure")
        return 1
    plain = spacy.load(resolve_model_name())
    plain_numpy_blas = spacy.load(resolve_model_name())
    use_numpy_blas(plain_numpy_blas)
    whole, model = load_pipeline()
    whole(texts[0])  # warm-up: loads the gazetteer once
    plain_times, plain_numpy_times, statements_times, whole_times = [], [], [], []
    with one_blas_thread():
        for _ in range(args.rounds):
            plain_times.append(seconds_for(plain, texts))
            plain_numpy_times.append(seconds_for(plain_numpy_blas, texts))
            with whole.select_pipes(disable=[ACTORS, EVENTS]):
                statements_times.append(seconds_for(whole, texts))
            whole_times.append(seconds_for(whole, texts))
    ratio = min(statements_times) / min(plain_times)
    whole_ratio = min(whole_times) / min(plain_times)
    words = sum(len(t.split()) for t in texts)
    plain_rate = throughput(len(texts), words, min(plain_times))
    whole_rate = throughput(len(texts), words, min(whole_times))
    result = {
        "texts": len(texts),
        "characters": sum(len(t) for t in texts),
        "model": f"{model.name} {model.version}",
        "plain_spacy_pipes": plain.pipe_names,
        "whole_pipeline_pipes": whole.pipe_names,
        "plain_seconds": [round(t, 3) for t in plain_times],
        "plain_numpy_blas_seconds": [round(t, 3) for t in plain_numpy_times],
        "with_statements_seconds": [round(t, 3) for t in statements_times],
        "whole_seconds": [round(t, 3) for t in whole_times],
        "ratio_statements_to_plain": round(ratio, 3),
        "ratio_whole_to_plain": round(whole_ratio, 3),
        "statements_within_budget": ratio <= BUDGET,
        "words": words,
        "plain_throughput": plain_rate,
        "whole_throughput": whole_rate,
        "whole_speedup_over_plain": round(min(plain_times) / min(whole_times), 3),
        "plain_numpy_blas_speedup_over_plain": round(min(plain_times) / min(plain_numpy_times), 3),
        "whole_speedup_over_plain_numpy_blas": round(min(plain_numpy_times) / min(whole_times), 3),
    }
    print(
        f"{len(texts)} texts, {result['characters']} chars; best of {args.rounds}: plain spaCy "
        f"{min(plain_times):.2f} s, with statements {min(statements_times):.2f} s (ratio {ratio:.3f}, "
        f"budget {BUDGET}), whole pipeline {min(whole_times):.2f} s (ratio {whole_ratio:.3f})"
    )
    for name, rate in (("plain spaCy", plain_rate), ("whole Rashomon", whole_rate)):
        print(f"{name:>15}: {rate['articles_per_s']:.2f} articles/s, {rate['words_per_s']:.0f} words/s")
    print(f"speed-up of the whole pipeline over plain spaCy: {result['whole_speedup_over_plain']:.3f}x")
    print(
        f"of which numpy's BLAS: plain spaCy on it {min(plain_numpy_times):.2f} s "
        f"({result['plain_numpy_blas_speedup_over_plain']:.3f}x plain); whole pipeline over that: "
        f"{result['whole_speedup_over_plain_numpy_blas']:.3f}x"
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
