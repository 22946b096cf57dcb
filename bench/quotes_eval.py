"""Statements (quote attribution) benchmark: an extractor against the PolNeAR dev set (or train:
`--bench-dir ../shared/bench/quotes/polnear-train --out bench/results/quotes_train.json`).

    python bench/quotes_eval.py [--bench-dir ../shared/bench/quotes/polnear-dev] [--limit N]
                                [--out bench/results/quotes.json] [--classes speech]
                                [--extractor MODULE:FUNCTION | FILE.py:FUNCTION] [--show-errors N]

The extractor is `rashomon.extract.statements.extract_statements` (imported only when it runs), or
any `Callable[[Doc], list[Statement]]`. Gold comes from bench/polnear.py (first annotator per
article; cues classified speech / evidence / belief / other, only `--classes` scored, speech by default).

Scores (micro-averaged over all articles; `score()` is what tests and the quality gate call):
- loose match, the customary one for quote extractors: a prediction matches a gold attribution when
  its content span covers at least 30% of the gold content's characters (all fragments of a
  discontinuous content together). Matching is one-to-one, greedy by coverage (then by characters
  covered, then text order). precision = matched predictions / predictions, recall = matched gold /
  gold, F1 their harmonic mean;
- predictions that match no scored gold but cover 30% of an unscored gold attribution (a belief,
  an evidence cue) are set aside ("ignored"): they are neither right nor wrong here, since the gold
  is filtered by cue class and the extractor is not. `precision_with_ignored` counts them as wrong;
- speaker agreement, among matched pairs whose gold has a source: the predicted source span shares
  at least one character with a gold source fragment (a pronoun source agrees with a pronoun gold;
  resolution is not judged). Pairs whose gold has no source are left out of the rate and counted
  (`gold_without_source`), with how many of them the prediction also gave no source;
- cue agreement, among matched pairs whose gold has a cue: the predicted cue span shares a character
  with a gold cue fragment (no predicted cue disagrees);
- exact match, for information: a prediction's content equals the gold content's extent (first
  fragment start to last fragment end) once both are trimmed of surrounding whitespace, punctuation
  and quotation marks (annotators differ on those); same denominators as the loose score;
- recall of gold contents with a double quotation mark (direct) and without (indirect).
Time: the spaCy pipeline of `load_pipeline("auto")` without its statements component (so the tagger,
parser, NER and the project's paragraph boundaries: what the extractor reads) runs `nlp(text)` over
every article, then the extractor runs over those Docs; both are timed in the same process.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import json
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

REPO = Path(__file__).resolve().parent.parent
DEFAULT_BENCH_DIR = REPO.parent / "shared" / "bench" / "quotes" / "polnear-dev"
DEFAULT_OUT = REPO / "bench" / "results" / "quotes.json"
DEFAULT_EXTRACTOR = "rashomon.extract.statements:extract_statements"

for _path in (REPO / "src", REPO / "bench"):  # run as a script from a checkout
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

from polnear import (  # noqa: E402
    CUE_CLASSES,
    Article,
    GoldAttribution,
    Span,
    available,
    class_counts,
    classify_article,
    load_nlp,
    load_polnear,
    statements_pipes,
)

from rashomon.types import Statement  # noqa: E402

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

Extractor = Callable[["Doc"], list[Statement]]

MIN_COVERAGE_PERCENT = 30  # the customary loose threshold (../shared/bench/README.md); inclusive
DEFAULT_CLASSES = frozenset({"speech"})
_TRIM = " \t\r\n\"'“”‘’«»„.,;:!?—–-()[]…"


# --- spans ----------------------------------------------------------------------------------------------


def overlap(a: Span, b: Span) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def covered(spans: Sequence[Span], by: Span) -> int:
    """Characters of `spans` inside `by`."""
    return sum(overlap(span, by) for span in spans)


def length(spans: Sequence[Span]) -> int:
    return sum(end - start for start, end in spans)


def covers(predicted: Span, gold: Sequence[Span]) -> bool:
    """Does the predicted content cover at least MIN_COVERAGE_PERCENT of the gold content's characters?"""
    chars = covered(gold, predicted)
    return chars > 0 and chars * 100 >= MIN_COVERAGE_PERCENT * length(gold)


def touches(span: Span | None, spans: Sequence[Span]) -> bool:
    """Does `span` share at least one character with one of `spans`?"""
    return span is not None and any(overlap(span, other) > 0 for other in spans)


def trimmed(span: Span, text: str | None) -> Span:
    """`span` without surrounding whitespace, punctuation and quotation marks (no change without text)."""
    if text is None:
        return span
    start, end = span
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    return start, end


# --- matching ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pair:
    gold: int  # index into the scored gold of the article
    predicted: int  # index into the article's predictions
    coverage: float  # share of the gold content's characters that the prediction covers


def match(gold: Sequence[Sequence[Span]], predicted: Sequence[Span]) -> list[Pair]:
    """One-to-one matching of predicted contents to gold contents: greedy by coverage, then by chars."""
    candidates = []
    for g, spans in enumerate(gold):
        for p, span in enumerate(predicted):
            if covers(span, spans):
                chars = covered(spans, span)
                candidates.append((-chars / length(spans), -chars, g, p))
    candidates.sort()
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    pairs = []
    for negative_share, _, g, p in candidates:
        if g not in used_gold and p not in used_pred:
            used_gold.add(g)
            used_pred.add(p)
            pairs.append(Pair(g, p, -negative_share))
    return sorted(pairs, key=lambda pair: pair.gold)


def exact_matches(gold: Sequence[Sequence[Span]], predicted: Sequence[Span], text: str | None) -> int:
    """How many predictions equal a gold content's (trimmed) extent, one-to-one."""
    gold_extents = Counter(trimmed((spans[0][0], spans[-1][1]), text) for spans in gold)
    predicted_extents = Counter(trimmed(span, text) for span in predicted)
    return sum((gold_extents & predicted_extents).values())


# --- counting and scores -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Counts:
    """Additive counts of one article or of many."""

    gold: int = 0
    predicted: int = 0  # predictions scored (ignored ones left out)
    ignored: int = 0  # predictions that only match unscored gold (belief, evidence, other)
    matched: int = 0
    exact: int = 0
    speaker_agree: int = 0
    speaker_comparable: int = 0  # matched pairs whose gold has a source
    gold_without_source: int = 0  # matched pairs whose gold has none
    both_without_source: int = 0  # ... and the prediction has none either
    cue_agree: int = 0
    cue_comparable: int = 0
    direct_gold: int = 0
    direct_matched: int = 0
    indirect_gold: int = 0
    indirect_matched: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(**{f.name: getattr(self, f.name) + getattr(other, f.name) for f in fields(self)})


@dataclass(frozen=True)
class Ratio:
    hits: int
    total: int
    rate: float | None  # None when there is nothing to count


def ratio(hits: int, total: int) -> Ratio:
    return Ratio(hits, total, round(hits / total, 4) if total else None)


def f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


@dataclass(frozen=True)
class Scores:
    docs: int
    counts: Counts
    precision: float
    recall: float
    f1: float
    precision_with_ignored: float  # ignored predictions counted as wrong
    exact_precision: float
    exact_recall: float
    exact_f1: float
    speaker: Ratio
    cue: Ratio
    recall_direct: Ratio
    recall_indirect: Ratio


@dataclass(frozen=True)
class DocMatch:
    """How one article's predictions met its gold (indices into the scored gold and the predictions)."""

    scored: tuple[GoldAttribution, ...]
    pairs: tuple[Pair, ...]
    ignored: tuple[int, ...]
    counts: Counts


def _ignored(
    predicted: Sequence[Statement], matched: set[int], unscored: Sequence[GoldAttribution]
) -> tuple[int, ...]:
    return tuple(
        p
        for p, statement in enumerate(predicted)
        if p not in matched and any(covers(statement.content, g.content) for g in unscored)
    )


def _pair_counts(
    scored: Sequence[GoldAttribution], predicted: Sequence[Statement], pairs: Iterable[Pair]
) -> Counts:
    total = Counts()
    for pair in pairs:
        gold, guess = scored[pair.gold], predicted[pair.predicted]
        total += Counts(
            speaker_agree=int(bool(gold.source) and touches(guess.source, gold.source)),
            speaker_comparable=int(bool(gold.source)),
            gold_without_source=int(not gold.source),
            both_without_source=int(not gold.source and guess.source is None),
            cue_agree=int(bool(gold.cue) and touches(guess.cue, gold.cue)),
            cue_comparable=int(bool(gold.cue)),
            direct_matched=int(gold.direct),
            indirect_matched=int(not gold.direct),
        )
    return total


def match_doc(
    gold: Sequence[GoldAttribution],
    predicted: Sequence[Statement],
    keep: frozenset[str] = DEFAULT_CLASSES,
    text: str | None = None,
) -> DocMatch:
    """Match one article's predictions to its gold attributions whose cue class is in `keep`."""
    scored = tuple(g for g in gold if g.cue_class in keep)
    unscored = [g for g in gold if g.cue_class not in keep]
    pairs = match([g.content for g in scored], [s.content for s in predicted])
    ignored = _ignored(predicted, {pair.predicted for pair in pairs}, unscored)
    kept = [s.content for p, s in enumerate(predicted) if p not in ignored]
    direct = sum(1 for g in scored if g.direct)
    counts = Counts(
        gold=len(scored),
        predicted=len(kept),
        ignored=len(ignored),
        matched=len(pairs),
        exact=exact_matches([g.content for g in scored], kept, text),
        direct_gold=direct,
        indirect_gold=len(scored) - direct,
    ) + _pair_counts(scored, predicted, pairs)
    return DocMatch(scored, tuple(pairs), ignored, counts)


def scores_of(counts: Counts, docs: int) -> Scores:
    precision = counts.matched / counts.predicted if counts.predicted else 0.0
    recall = counts.matched / counts.gold if counts.gold else 0.0
    all_predicted = counts.predicted + counts.ignored
    exact_p = counts.exact / counts.predicted if counts.predicted else 0.0
    exact_r = counts.exact / counts.gold if counts.gold else 0.0
    return Scores(
        docs=docs,
        counts=counts,
        precision=round(precision, 4),
        recall=round(recall, 4),
        f1=round(f1(precision, recall), 4),
        precision_with_ignored=round(counts.matched / all_predicted, 4) if all_predicted else 0.0,
        exact_precision=round(exact_p, 4),
        exact_recall=round(exact_r, 4),
        exact_f1=round(f1(exact_p, exact_r), 4),
        speaker=ratio(counts.speaker_agree, counts.speaker_comparable),
        cue=ratio(counts.cue_agree, counts.cue_comparable),
        recall_direct=ratio(counts.direct_matched, counts.direct_gold),
        recall_indirect=ratio(counts.indirect_matched, counts.indirect_gold),
    )


def score(
    gold_by_doc: Mapping[str, Sequence[GoldAttribution]],
    predicted_by_doc: Mapping[str, Sequence[Statement]],
    keep: frozenset[str] = DEFAULT_CLASSES,
    texts: Mapping[str, str] | None = None,
) -> Scores:
    """Loose, exact, speaker and cue scores over all documents (a document missing on one side is empty).

    `keep`: the gold cue classes scored; `texts`: article texts, used only to trim exact-match spans.
    """
    docs = sorted(set(gold_by_doc) | set(predicted_by_doc))
    total = Counts()
    for doc in docs:
        text = texts.get(doc) if texts is not None else None
        total += match_doc(gold_by_doc.get(doc, ()), predicted_by_doc.get(doc, ()), keep, text).counts
    return scores_of(total, len(docs))


# --- running an extractor -------------------------------------------------------------------------------


def load_extractor(spec: str = DEFAULT_EXTRACTOR) -> Extractor:
    """`module:function` or `path/to/file.py:function`, imported now (not when this module is)."""
    target, _, name = spec.rpartition(":")
    if target.endswith(".py"):
        module_spec = importlib.util.spec_from_file_location(Path(target).stem, target)
        if module_spec is None or module_spec.loader is None:
            raise ImportError(f"cannot load extractor file {target}")
        module = importlib.util.module_from_spec(module_spec)
        module_spec.loader.exec_module(module)
    else:
        module = importlib.import_module(target)
    extractor: Extractor = getattr(module, name)
    return extractor


@dataclass(frozen=True)
class Timing:
    articles: int
    characters: int
    spacy_seconds: float  # nlp(text) per article, statements component left out
    extractor_seconds: float  # the extractor over the same Docs
    ratio: float  # extractor / spaCy

    @classmethod
    def of(cls, texts: Sequence[str], spacy_seconds: float, extractor_seconds: float) -> Timing:
        return cls(
            articles=len(texts),
            characters=sum(map(len, texts)),
            spacy_seconds=round(spacy_seconds, 3),
            extractor_seconds=round(extractor_seconds, 3),
            ratio=round(extractor_seconds / spacy_seconds, 4) if spacy_seconds else 0.0,
        )


@dataclass(frozen=True)
class Result:
    extractor: str
    bench_dir: str
    annotator_rule: str
    multi_annotator: list[dict[str, Any]]
    misaligned_spans: int
    gold_without_content: int
    classes_scored: list[str]
    gold_by_class: dict[str, int]
    scores: Scores
    timing: Timing
    failures: list[dict[str, str]]  # articles where the extractor raised (scored as no prediction)
    per_article: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class Evaluation:
    result: Result
    articles: list[Article]
    predicted: dict[str, list[Statement]]


def parse_all(nlp: Language, articles: Sequence[Article]) -> tuple[list[Doc], float]:
    """Docs of the pipeline without its statements component, and the time it took."""
    with nlp.select_pipes(disable=statements_pipes(nlp)):
        start = time.perf_counter()
        docs = [nlp(article.text) for article in articles]
        return docs, time.perf_counter() - start


def extract_all(
    extractor: Extractor, articles: Sequence[Article], docs: Sequence[Doc]
) -> tuple[dict[str, list[Statement]], float, list[dict[str, str]]]:
    """Predictions per article, the extractor's time, and the articles where it raised."""
    predicted: dict[str, list[Statement]] = {}
    failures = []
    seconds = 0.0
    for article, doc in zip(articles, docs, strict=True):
        start = time.perf_counter()
        try:
            predicted[article.name] = list(extractor(doc))
        except Exception as err:  # a crash on one article is reported, not fatal to the run
            predicted[article.name] = []
            failures.append({"article": article.name, "error": f"{type(err).__name__}: {err}"})
        seconds += time.perf_counter() - start
    return predicted, seconds, failures


def _per_article(
    articles: Sequence[Article], predicted: Mapping[str, Sequence[Statement]], keep: frozenset[str]
) -> list[dict[str, Any]]:
    rows = []
    for article in articles:
        counts = match_doc(article.attributions, predicted.get(article.name, []), keep, article.text).counts
        rows.append(
            {"article": article.name, "annotator": article.annotator, "gold": counts.gold,
             "predicted": counts.predicted, "ignored": counts.ignored, "matched": counts.matched}
        )  # fmt: skip
    return rows


def run_evaluation(
    bench_dir: Path = DEFAULT_BENCH_DIR,
    extractor: Extractor | None = None,
    limit: int | None = None,
    keep: frozenset[str] = DEFAULT_CLASSES,
    extractor_name: str = DEFAULT_EXTRACTOR,
) -> Evaluation:
    """Parse every article, classify its gold cues, run the extractor and score it."""
    articles = load_polnear(bench_dir, limit)
    docs, spacy_seconds = parse_all(load_nlp(), articles)
    articles = [classify_article(article, doc) for article, doc in zip(articles, docs, strict=True)]
    predicted, extractor_seconds, failures = extract_all(extractor or load_extractor(), articles, docs)
    scores = score(
        {a.name: a.attributions for a in articles}, predicted, keep, {a.name: a.text for a in articles}
    )
    timing = Timing.of([a.text for a in articles], spacy_seconds, extractor_seconds)
    result = Result(
        extractor=extractor_name,
        bench_dir=str(bench_dir),
        annotator_rule="first .ann file per article in sorted file-name order",
        multi_annotator=[
            {"article": a.name, "annotators": list(a.annotators), "scored": a.annotator}
            for a in articles
            if len(a.annotators) > 1
        ],
        misaligned_spans=sum(a.misaligned for a in articles),
        gold_without_content=sum(a.without_content for a in articles),
        classes_scored=sorted(keep),
        gold_by_class=class_counts(articles),
        scores=scores,
        timing=timing,
        failures=failures,
        per_article=_per_article(articles, predicted, keep),
    )
    return Evaluation(result, articles, predicted)


# --- report ---------------------------------------------------------------------------------------------


def _rate(value: Ratio) -> str:
    rate = f"{value.rate:.3f}" if value.rate is not None else "n/a"
    return f"{rate} ({value.hits}/{value.total})"


def print_table(result: Result) -> None:
    s, c, t = result.scores, result.scores.counts, result.timing
    print(
        f"{Path(result.bench_dir).name}: {t.articles} articles ({result.annotator_rule}; "
        f"{len(result.multi_annotator)} have several annotators), extractor {result.extractor}"
    )
    print(f"gold by cue class: {result.gold_by_class}; scored: {', '.join(result.classes_scored)}")
    print(f"{'':24}{'P':>7}{'R':>7}{'F1':>7}  matched / predicted / gold")
    print(f"{'loose (>=30% content)':24}{s.precision:7.3f}{s.recall:7.3f}{s.f1:7.3f}  "
          f"{c.matched} / {c.predicted} / {c.gold}  (+{c.ignored} ignored on unscored gold; "
          f"P counting them {s.precision_with_ignored:.3f})")  # fmt: skip
    print(f"{'exact content':24}{s.exact_precision:7.3f}{s.exact_recall:7.3f}{s.exact_f1:7.3f}  "
          f"{c.exact} / {c.predicted} / {c.gold}")  # fmt: skip
    print(f"speaker agreement (matched, gold has source): {_rate(s.speaker)}; gold without source: "
          f"{c.gold_without_source} (prediction also none: {c.both_without_source})")  # fmt: skip
    print(f"cue agreement (matched, gold has cue):        {_rate(s.cue)}")
    print(f"recall direct (quote marks): {_rate(s.recall_direct)}; indirect: {_rate(s.recall_indirect)}")
    print(f"time: spaCy {t.spacy_seconds:.2f} s, extractor {t.extractor_seconds:.2f} s over {t.articles} "
          f"articles ({t.characters} chars): extractor / spaCy = {t.ratio:.3f}")  # fmt: skip
    if result.failures:
        print(f"extractor failed on {len(result.failures)} articles, e.g. {result.failures[0]}")


def _snippet(text: str, span: Span, width: int = 110) -> str:
    return " ".join(text[span[0] : span[1]].split())[:width]


def print_errors(evaluation: Evaluation, keep: frozenset[str], limit: int) -> None:
    """Missed gold and unmatched predictions, to stdout only (benchmark text never goes to a file)."""
    missed: list[str] = []
    wrong: list[str] = []
    for article in evaluation.articles:
        predicted = evaluation.predicted.get(article.name, [])
        found = match_doc(article.attributions, predicted, keep, article.text)
        hit_gold = {pair.gold for pair in found.pairs}
        hit_pred = {pair.predicted for pair in found.pairs} | set(found.ignored)
        for g, gold in enumerate(found.scored):
            if g not in hit_gold:
                missed.append(f"  {article.name} [{gold.cue_text}] {_snippet(article.text, gold.content[0])}")
        for p, statement in enumerate(predicted):
            if p not in hit_pred:
                wrong.append(f"  {article.name} {_snippet(article.text, statement.content)}")
    print(f"missed gold ({len(missed)}), first {limit}:", *missed[:limit], sep="\n")
    print(f"unmatched predictions ({len(wrong)}), first {limit}:", *wrong[:limit], sep="\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bench-dir", type=Path, default=DEFAULT_BENCH_DIR)
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--classes", default="speech", help="gold cue classes scored, comma-separated")
    parser.add_argument("--extractor", default=DEFAULT_EXTRACTOR, help="MODULE:FUNCTION or FILE.py:FUNCTION")
    parser.add_argument("--show-errors", type=int, default=0, help="print N missed and N wrong (stdout)")
    args = parser.parse_args(argv)
    if not available(args.bench_dir):
        print(f"PolNeAR dev set not found at {args.bench_dir} (needs text/ and attributions/); nothing to do",
              file=sys.stderr)  # fmt: skip
        return 2
    keep = frozenset(c.strip() for c in args.classes.split(",") if c.strip())
    if not keep or not keep <= set(CUE_CLASSES):
        print(f"--classes takes some of {', '.join(CUE_CLASSES)}; got {args.classes!r}", file=sys.stderr)
        return 2
    try:
        extractor = load_extractor(args.extractor)
    except (ImportError, AttributeError) as err:
        print(f"cannot load the extractor {args.extractor}: {err}", file=sys.stderr)
        return 2
    evaluation = run_evaluation(args.bench_dir, extractor, args.limit, keep, extractor_name=args.extractor)
    print_table(evaluation.result)
    if args.show_errors:
        print_errors(evaluation, keep, args.show_errors)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(asdict(evaluation.result), indent=2) + "\n", encoding="utf-8")
    print(f"written: {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
