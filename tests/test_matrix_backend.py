"""numpy's BLAS in place of thinc's BLIS (`rashomon.nlp.matrix_backend`) gives the same tags, parses
and entities, runs on one thread while the pipeline runs, and can be switched off."""

from __future__ import annotations

from functools import lru_cache

import numpy
import pytest
import spacy
from spacy.language import Language
from thinc.api import NumpyOps
from threadpoolctl import threadpool_info

from rashomon.errors import ModelError
from rashomon.nlp import matrix_backend
from rashomon.nlp.matrix_backend import BACKEND_VARIABLE, NumpyBlasOps, chosen_backend, one_blas_thread
from rashomon.nlp.pipeline import load_pipeline, resolve_model_name
from tests.helpers import seed_and_story_texts


@lru_cache(maxsize=2)
def pipeline(numpy_blas: bool) -> Language:
    nlp = spacy.load(resolve_model_name())
    if numpy_blas:
        assert matrix_backend.use_numpy_blas(nlp) > 50  # every layer of tok2vec, tagger, parser, ner
    return nlp


def annotations(nlp: Language, texts: list[str]) -> list[list[tuple[str, str, int, str, str]]]:
    with one_blas_thread():
        docs = list(nlp.pipe(texts))
    return [[(t.tag_, t.dep_, t.head.i, t.ent_iob_, t.ent_type_) for t in doc] for doc in docs]


def blas_threads() -> list[int]:
    return [pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas"]


def test_products_are_those_of_thinc() -> None:
    rng = numpy.random.default_rng(7)
    x, y = rng.random((40, 96), dtype="float32"), rng.random((96, 30), dtype="float32")
    ours, theirs = NumpyBlasOps(), NumpyOps()
    cases = ((False, False, x, y), (True, False, x.T.copy(), y), (False, True, x, y.T.copy()))
    for trans1, trans2, a, b in cases:
        expected = theirs.gemm(a, b, trans1=trans1, trans2=trans2)
        assert ours.gemm(a, b, trans1=trans1, trans2=trans2) == pytest.approx(expected, rel=1e-5)
        out = ours.alloc2f(40, 30)
        assert ours.gemm(a, b, trans1=trans1, trans2=trans2, out=out) is out
        assert out == pytest.approx(expected, rel=1e-5)
    with pytest.raises(ValueError, match="2-dimensional"):
        ours.gemm(x[0], y)


def test_the_loaded_pipeline_uses_numpy_blas() -> None:
    nlp, info = load_pipeline()
    assert ("matrix_backend", "fast") in info.paths
    layers = [layer for _, c in nlp.pipeline if hasattr(c, "model") for layer in c.model.walk()]
    assert layers and all(isinstance(layer.ops, NumpyBlasOps) for layer in layers)


def test_one_thread_while_the_pipeline_runs() -> None:
    before = blas_threads()
    assert before, "numpy's BLAS is found"
    with one_blas_thread():
        assert blas_threads() == [1] * len(before)
    assert blas_threads() == before


def test_the_backend_can_be_chosen(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(BACKEND_VARIABLE, raising=False)
    assert chosen_backend() == matrix_backend.NUMPY_BLAS
    monkeypatch.setenv(BACKEND_VARIABLE, " BLIS ")
    assert chosen_backend() == matrix_backend.THINC_BLIS
    monkeypatch.setenv(BACKEND_VARIABLE, "cuda")
    with pytest.raises(ModelError, match=f"{BACKEND_VARIABLE} must be"):
        load_pipeline.__wrapped__()  # the process's cached pipeline is left alone


def test_short_texts_get_the_same_annotations() -> None:
    texts = ["", "Moscow", "Talks resumed in Geneva on Monday, said Antonio Guterres, the UN chief."]
    assert annotations(pipeline(True), texts) == annotations(pipeline(False), texts)


@pytest.mark.slow
def test_seeds_and_stories_get_the_same_annotations() -> None:
    texts = seed_and_story_texts()
    assert annotations(pipeline(True), texts) == annotations(pipeline(False), texts)
