"""The cached token attributes (`rashomon.nlp.token_attributes`) give what the shipped attribute ruler
and lemmatizer give, token for token: on the seeds and on text full of the rules' special cases."""

from __future__ import annotations

from functools import lru_cache

import pytest
import spacy
from spacy.language import Language

from rashomon.nlp import token_attributes
from rashomon.nlp.pipeline import resolve_model_name
from tests.helpers import seed_and_story_texts

SPECIAL_CASES = (
    "There is no ceasefire. There were 3 strikes, and there's more to come. Y'all know it ain't over.\n\n"
    "We're gonna hold, they said; we gotta hold. Let's go, c'mon. He got hurt and she gets paid.\n"
    "I said you would, but it is what it is.   The  spaces\tstay.\n\n\nA new paragraph, U.S.-backed."
)


@lru_cache(maxsize=2)
def pipeline(cached: bool) -> Language:
    nlp = spacy.load(resolve_model_name())
    if cached:
        assert token_attributes.install(nlp)
    return nlp


def attributes(nlp: Language, text: str) -> list[tuple[str, ...]]:
    return [
        (t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.text, t.ent_type_) for t in nlp(text)
    ]


def test_the_ruler_and_lemmatizer_are_replaced_in_place() -> None:
    names = pipeline(True).pipe_names
    assert token_attributes.RULER not in names and token_attributes.LEMMATIZER not in names
    assert names.index(token_attributes.NAME) == pipeline(False).pipe_names.index(token_attributes.RULER)


def test_special_cases_get_the_shipped_attributes() -> None:
    assert attributes(pipeline(True), SPECIAL_CASES) == attributes(pipeline(False), SPECIAL_CASES)


def test_without_rule_lemmas_the_lemmatizers_own_gives_the_lemmas() -> None:
    nlp = spacy.load(resolve_model_name())
    assert token_attributes.install(nlp, rule_lemmas=False)
    assert not token_attributes.uses_rule_lemmas(nlp) and token_attributes.uses_rule_lemmas(pipeline(True))
    assert attributes(nlp, SPECIAL_CASES) == attributes(pipeline(False), SPECIAL_CASES)


def test_another_pipeline_is_left_as_it_is() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    assert not token_attributes.install(nlp)
    assert nlp.pipe_names == ["sentencizer"] and not token_attributes.uses_rule_lemmas(nlp)


@pytest.mark.slow
def test_seed_articles_get_the_shipped_attributes() -> None:
    texts = seed_and_story_texts()
    cached, shipped = pipeline(True), pipeline(False)
    for text in texts:
        assert attributes(cached, text[:20000]) == attributes(shipped, text[:20000])


def test_rule_lemmas_are_the_lemmatizers_for_every_part_of_speech() -> None:
    """Every word of the texts, under each part of speech the tables know and some they do not."""
    from spacy.tokens import Doc

    from rashomon.nlp.rule_lemmas import RuleLemmas

    nlp = pipeline(False)
    lemmatizer = nlp.get_pipe(token_attributes.LEMMATIZER)
    assert RuleLemmas.usable(lemmatizer)
    fast = RuleLemmas(lemmatizer)
    texts = [SPECIAL_CASES, *(text[:5000] for text in seed_and_story_texts())]
    words = sorted({t.text for text in texts for t in nlp.make_doc(text)})
    words += ["geese", "Running", "better", "children", "U.S.", "feet", "was", "axes", "x-rays", "'s"]
    compared = 0
    for pos in ("NOUN", "VERB", "ADJ", "ADV", "PROPN", "PUNCT", "NUM", "SPACE", "AUX"):
        for morph in ("", "Number=Plur", "Number=Sing", "VerbForm=Fin|Tense=Past", "Degree=Cmp"):
            doc = Doc(nlp.vocab, words=words)
            for token in doc:
                token.set_morph(morph)
                token.pos_ = pos
                assert fast.first(token) == lemmatizer.rule_lemmatize(token)[0], (token.text, pos, morph)
                compared += 1
    assert compared > 20000
