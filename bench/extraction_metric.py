"""The article-extraction-benchmark metric (scrapinghub/article-extraction-benchmark, evaluate.py).

Written from the benchmark's definition (../shared/bench/README.md), with its edge cases checked
against the reference evaluate.py so that our numbers are comparable with the published ones:

- tokens are the `\\w+` matches of the text (Unicode, case kept);
- units are 4-token shingles counted with multiplicity; a text with 1 to 3 tokens yields one
  shorter shingle made of all its tokens, an empty text (no tokens) yields no shingle at all;
- per page, TP = sum of min(true, pred) counts, FP = pred surplus, FN = true surplus, then the three
  are divided by their sum so every page weighs the same (left at 0, 0, 0 when both sides are empty);
- precision is averaged over the pages with TP + FP > 0 only, recall over the pages with TP + FN > 0
  only. So an empty prediction is not counted in the precision mean (it only costs recall), and a page
  whose truth is empty only counts for precision (0 if anything at all was predicted);
- a page whose FP and FN are both 0 scores 1 (exact match); F1 = 2PR / (P + R) of the two means.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

_TOKEN = re.compile(r"\w+", re.UNICODE)

SHINGLE_SIZE = 4  # fixed by the benchmark

Shingle = tuple[str, ...]


@dataclass(frozen=True)
class PageScore:
    """Normalised TP/FP/FN of one page (they sum to 1 unless both texts are empty)."""

    tp: float
    fp: float
    fn: float

    @property
    def precision(self) -> float | None:
        """None when the page does not enter the precision mean (nothing predicted)."""
        if self.tp + self.fp <= 0:
            return None
        if self.fp == 0 and self.fn == 0:
            return 1.0
        return self.tp / (self.tp + self.fp)

    @property
    def recall(self) -> float | None:
        """None when the page does not enter the recall mean (nothing to find)."""
        if self.tp + self.fn <= 0:
            return None
        if self.fp == 0 and self.fn == 0:
            return 1.0
        return self.tp / (self.tp + self.fn)


@dataclass(frozen=True)
class Scores:
    precision: float
    recall: float
    f1: float
    pages: int


def tokens(text: str | None) -> list[str]:
    return _TOKEN.findall(text or "")


def shingles(text: str | None, size: int = SHINGLE_SIZE) -> Counter[Shingle]:
    """Counted shingles of `size` tokens; a shorter non-empty text gives one short shingle."""
    toks = tokens(text)
    if not toks:
        return Counter()
    if len(toks) < size:
        return Counter([tuple(toks)])
    return Counter(tuple(toks[i : i + size]) for i in range(len(toks) - size + 1))


def score_page(true: str | None, pred: str | None) -> PageScore:
    truth = shingles(true)
    guess = shingles(pred)
    tp = float(sum((truth & guess).values()))
    fp = float(sum((guess - truth).values()))
    fn = float(sum((truth - guess).values()))
    total = tp + fp + fn
    if total > 0:
        return PageScore(tp / total, fp / total, fn / total)
    return PageScore(0.0, 0.0, 0.0)


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def aggregate(pages: Iterable[PageScore]) -> Scores:
    """Precision and recall averaged over pages (each over the pages it applies to), F1 of the means."""
    page_list = list(pages)
    precision = _mean([p for p in (s.precision for s in page_list) if p is not None])
    recall = _mean([r for r in (s.recall for s in page_list) if r is not None])
    f1 = 2 * precision * recall / (precision + recall) if precision + recall > 0 else 0.0
    return Scores(precision=precision, recall=recall, f1=f1, pages=len(page_list))


def evaluate(truth: dict[str, str], predicted: dict[str, str | None]) -> Scores:
    """Score predictions against the truth; a page missing from `predicted` counts as empty."""
    return aggregate(score_page(truth[key], predicted.get(key)) for key in truth)
