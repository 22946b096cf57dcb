"""Both paths of each spaCy stand-in (`rashomon.nlp.compat`): the fast one where the installed spaCy
and thinc are the tested versions, and spaCy's own components where they are not or where
RASHOMON_SPACY_NATIVE asks for them. Both load, both analyse real text, and both give the same
entities, lemmas, token attributes and records."""

from __future__ import annotations

import logging

import pytest
from spacy.language import Language
from thinc.api import NumpyOps

from rashomon.errors import ModelError
from rashomon.nlp import compat, entity_decoder, token_attributes
from rashomon.nlp.matrix_backend import BACKEND_VARIABLE, NumpyBlasOps
from rashomon.nlp.pipeline import ModelInfo, NlpResult, analyse_texts, load_pipeline
from tests.helpers import invented_article, seed_and_story_texts

ALL_FAST = {name: compat.FAST for name in compat.REPLACEMENTS}
ALL_NATIVE = {name: compat.NATIVE for name in compat.REPLACEMENTS}
SPACY_COMPONENTS = (entity_decoder.NER, token_attributes.RULER, token_attributes.LEMMATIZER)
STAND_INS = (entity_decoder.NAME, token_attributes.NAME)


def untested(package: str, version: str) -> object:
    """`compat.installed_version` as if `package` were at `version`."""
    real = compat.installed_version
    return lambda name: version if name == package else real(name)


def loaded(monkeypatch: pytest.MonkeyPatch, **env: str) -> tuple[Language, ModelInfo]:
    """A pipeline loaded afresh (the process's cached one is left alone) under `env`."""
    for variable in (compat.NATIVE_VARIABLE, BACKEND_VARIABLE):
        monkeypatch.delenv(variable, raising=False)
    for variable, value in env.items():
        monkeypatch.setenv(variable, value)
    return load_pipeline.__wrapped__()


@pytest.fixture(scope="module")
def fast() -> tuple[Language, ModelInfo]:
    with pytest.MonkeyPatch.context() as monkeypatch:
        return loaded(monkeypatch)


@pytest.fixture(scope="module")
def native_by_switch() -> tuple[Language, ModelInfo]:
    with pytest.MonkeyPatch.context() as monkeypatch:
        return loaded(monkeypatch, **{compat.NATIVE_VARIABLE: "1"})


@pytest.fixture(scope="module")
def native_by_version() -> tuple[Language, ModelInfo]:
    """Loaded as under an untested spaCy; the version seen by the check is restored afterwards."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setattr(compat, "installed_version", untested("spacy", "3.9.0"))
        return loaded(monkeypatch)


def paths(info: ModelInfo) -> dict[str, str]:
    return dict(info.paths)


def token_rows(nlp: Language, text: str) -> list[tuple[str, ...]]:
    """What later stages read of each token."""
    return [
        (t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.text, t.ent_iob_ + t.ent_type_)
        for t in nlp(text)
    ]


def entities(nlp: Language, text: str) -> list[tuple[int, int, str]]:
    return [(e.start_char, e.end_char, e.label_) for e in nlp(text).ents]


def analysed(nlp: Language, texts: list[str]) -> list[NlpResult]:
    return analyse_texts(nlp, [(text, None) for text in texts])


def some_texts() -> list[str]:
    """Three invented articles and the start of three real-sized texts (seeds, stories, demo)."""
    return [invented_article(i) for i in (1, 2, 3)] + [text[:4000] for text in seed_and_story_texts()[:3]]


# The check, without a model


def test_the_installed_versions_are_the_tested_ones(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(compat.NATIVE_VARIABLE, raising=False)
    assert {name: c.path for name, c in compat.choose_all().items()} == ALL_FAST


@pytest.mark.parametrize(
    ("value", "native"),
    [
        ("", set()),
        ("0", set()),
        ("1", set(compat.REPLACEMENTS)),
        (" ALL ", set(compat.REPLACEMENTS)),
        ("entity_decoder", {compat.ENTITY_DECODER}),
        ("rule_lemmas, matrix_backend", {compat.RULE_LEMMAS, compat.MATRIX_BACKEND}),
    ],
)
def test_the_switch_turns_stand_ins_off(
    monkeypatch: pytest.MonkeyPatch, value: str, native: set[str]
) -> None:
    monkeypatch.setenv(compat.NATIVE_VARIABLE, value)
    choices = compat.choose_all()
    assert {name for name, c in choices.items() if c.path == compat.NATIVE} == native
    assert all(compat.NATIVE_VARIABLE in choices[name].reason for name in native)


def test_an_unknown_name_in_the_switch_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(compat.NATIVE_VARIABLE, "entity_decoder,ner")
    with pytest.raises(ValueError, match="unknown: ner"):
        compat.native_requested()
    with pytest.raises(ModelError, match=compat.NATIVE_VARIABLE):
        load_pipeline.__wrapped__()


def test_each_stand_in_checks_only_the_packages_it_reads(monkeypatch: pytest.MonkeyPatch) -> None:
    """A new thinc leaves the lemmas and token attributes fast: they read no thinc internals."""
    monkeypatch.delenv(compat.NATIVE_VARIABLE, raising=False)
    monkeypatch.setattr(compat, "installed_version", untested("thinc", "8.4.0"))
    choices = compat.choose_all()
    assert {name: c.path for name, c in choices.items()} == {
        compat.ENTITY_DECODER: compat.NATIVE,
        compat.MATRIX_BACKEND: compat.NATIVE,
        compat.TOKEN_ATTRIBUTES: compat.FAST,
        compat.RULE_LEMMAS: compat.FAST,
    }
    assert "thinc 8.4.0" in choices[compat.ENTITY_DECODER].reason


@pytest.mark.parametrize("version", ["3.7.5", "3.9.0", "4.0.0", "3.8.0.dev0", "not a version"])
def test_an_untested_spacy_keeps_every_stand_in_out(monkeypatch: pytest.MonkeyPatch, version: str) -> None:
    monkeypatch.delenv(compat.NATIVE_VARIABLE, raising=False)
    monkeypatch.setattr(compat, "installed_version", untested("spacy", version))
    assert {name: c.path for name, c in compat.choose_all().items()} == ALL_NATIVE


def test_a_later_patch_release_is_tested_enough(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(compat.NATIVE_VARIABLE, raising=False)
    monkeypatch.setattr(compat, "installed_version", untested("spacy", "3.8.99"))
    assert {name: c.path for name, c in compat.choose_all().items()} == ALL_FAST


def test_untested_versions_warn_and_the_switch_only_informs(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger=compat.__name__)
    monkeypatch.setenv(compat.NATIVE_VARIABLE, "rule_lemmas")
    monkeypatch.setattr(compat, "installed_version", untested("thinc", "9.0.0"))
    compat.choose_all()
    levels = {record.getMessage().split()[1]: record.levelno for record in caplog.records}
    assert levels == {
        compat.RULE_LEMMAS: logging.INFO,
        compat.ENTITY_DECODER: logging.WARNING,
        compat.MATRIX_BACKEND: logging.WARNING,
    }


def test_the_paths_do_not_tell_models_apart() -> None:
    """Dask workers must run the same model; the stand-ins give that model's own output."""
    one = ModelInfo("en_core_web_sm", "3.8.0", "3.8.18", paths=tuple(ALL_FAST.items()))
    other = ModelInfo("en_core_web_sm", "3.8.0", "3.8.18", paths=tuple(ALL_NATIVE.items()))
    assert one == other and len({one, other}) == 1


# Both paths with the installed spaCy


def test_the_fast_path_puts_every_stand_in(fast: tuple[Language, ModelInfo]) -> None:
    nlp, info = fast
    assert paths(info) == ALL_FAST
    assert all(name in nlp.pipe_names for name in STAND_INS)
    assert not any(name in nlp.pipe_names for name in SPACY_COMPONENTS)
    assert token_attributes.uses_rule_lemmas(nlp)
    assert isinstance(nlp.get_pipe("tok2vec").model.ops, NumpyBlasOps)


@pytest.mark.parametrize("native", ["native_by_switch", "native_by_version"])
def test_the_native_path_keeps_spacys_own_components(native: str, request: pytest.FixtureRequest) -> None:
    nlp, info = request.getfixturevalue(native)
    assert paths(info) == ALL_NATIVE
    assert all(name in nlp.pipe_names for name in SPACY_COMPONENTS)
    assert not any(name in nlp.pipe_names for name in STAND_INS)
    layers = [layer for _, c in nlp.pipeline if getattr(c, "model", None) for layer in c.model.walk()]
    assert layers and not any(isinstance(layer.ops, NumpyBlasOps) for layer in layers)
    assert all(isinstance(layer.ops, NumpyOps) for layer in layers)


def test_one_stand_in_off_leaves_the_others(monkeypatch: pytest.MonkeyPatch) -> None:
    nlp, info = loaded(monkeypatch, **{compat.NATIVE_VARIABLE: "rule_lemmas", BACKEND_VARIABLE: "blis"})
    assert paths(info) == {
        **ALL_FAST,
        compat.RULE_LEMMAS: compat.NATIVE,
        compat.MATRIX_BACKEND: compat.NATIVE,  # RASHOMON_MATMUL=blis
    }
    assert token_attributes.NAME in nlp.pipe_names and not token_attributes.uses_rule_lemmas(nlp)
    assert entity_decoder.NAME in nlp.pipe_names


@pytest.mark.parametrize("native", ["native_by_switch", "native_by_version"])
def test_both_paths_give_the_same_tokens_and_entities(
    fast: tuple[Language, ModelInfo], native: str, request: pytest.FixtureRequest
) -> None:
    native_nlp, _ = request.getfixturevalue(native)
    texts = some_texts()
    found = [entities(fast[0], text) for text in texts]
    assert sum(map(len, found)) > 20, "enough entities to compare"
    assert found == [entities(native_nlp, text) for text in texts]
    assert [token_rows(fast[0], t) for t in texts] == [token_rows(native_nlp, t) for t in texts]


def test_both_paths_give_the_same_records(
    fast: tuple[Language, ModelInfo], native_by_switch: tuple[Language, ModelInfo]
) -> None:
    texts = some_texts()
    results = analysed(fast[0], texts)
    assert sum(len(r.mentions) for r in results) > 20 and any(r.statements for r in results)
    assert results == analysed(native_by_switch[0], texts)


@pytest.mark.slow
def test_both_paths_give_the_same_records_on_every_text(
    fast: tuple[Language, ModelInfo], native_by_version: tuple[Language, ModelInfo]
) -> None:
    texts = seed_and_story_texts()
    assert analysed(fast[0], texts) == analysed(native_by_version[0], texts)
