"""The pipeline's matrix products through numpy's BLAS instead of the BLIS library thinc bundles.

Why: the `blis` wheel picks its kernels by CPU model, and on a model it does not know it falls back
to portable reference C, several times slower than numpy's OpenBLAS, which picks its kernels by
instruction set (bench/results/nlp_replacements.md). The swap leaves the results the same up to
float rounding; `tests/test_matrix_backend.py` compares tags, parses and entities on real texts.

What moves is every product thinc layers ask of their `ops` (tok2vec, the tagger, the parser's and
NER's feature layers); the transition step spaCy runs in Cython calls BLIS itself and is untouched
(for NER, `rashomon.nlp.entity_decoder` does that step in numpy where it is installed). It
subclasses thinc 8.3's `NumpyOps`, so the pipeline uses it only where `rashomon.nlp.compat` allows.
numpy's BLAS is held to one thread while the pipeline runs: parallelism comes from `--workers`, one
process per core.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

import numpy
from spacy.language import Language
from thinc.api import NumpyOps
from threadpoolctl import ThreadpoolController

# "blis" keeps thinc's own products (for comparison, or where BLIS has the better kernel).
BACKEND_VARIABLE = "RASHOMON_MATMUL"
NUMPY_BLAS, THINC_BLIS = "numpy", "blis"


class NumpyBlasOps(NumpyOps):
    """thinc's CPU ops with `gemm` answered by numpy (OpenBLAS); everything else is unchanged."""

    def gemm(self, x, y, *, out=None, trans1: bool = False, trans2: bool = False):  # type: ignore[override]
        if x.ndim != 2 or y.ndim != 2:
            return super().gemm(x, y, out=out, trans1=trans1, trans2=trans2)  # its own error message
        left = x.T if trans1 else x
        right = y.T if trans2 else y
        if out is None:
            return numpy.matmul(left, right)
        return numpy.matmul(left, right, out=out)


def chosen_backend() -> str:
    """The backend named by RASHOMON_MATMUL (default: numpy's BLAS)."""
    value = os.environ.get(BACKEND_VARIABLE, NUMPY_BLAS).strip().lower() or NUMPY_BLAS
    if value not in (NUMPY_BLAS, THINC_BLIS):
        raise ValueError(f"{BACKEND_VARIABLE} must be '{NUMPY_BLAS}' or '{THINC_BLIS}', not {value!r}")
    return value


def use_numpy_blas(nlp: Language) -> int:
    """Give every layer of the pipeline's trained components numpy's products; returns how many
    layers were changed. Layers keep their weights: only the object that computes with them moves."""
    ops = NumpyBlasOps()
    changed = 0
    for _, component in nlp.pipeline:
        model = getattr(component, "model", None)
        if model is None or not hasattr(model, "walk"):
            continue  # rule-based components have no layers
        for layer in model.walk():
            layer.ops = ops
            changed += 1
    return changed


@lru_cache(maxsize=1)
def _controller() -> ThreadpoolController:
    return ThreadpoolController()  # scans the loaded libraries once per process


@contextmanager
def one_blas_thread() -> Iterator[None]:
    """numpy's BLAS on one thread for the duration (see the module's docstring)."""
    with _controller().limit(limits=1, user_api="blas"):
        yield
