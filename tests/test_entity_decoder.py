"""The batch entity decoder (`rashomon.nlp.entity_decoder`) finds the entities the shipped `ner`
component finds, token for token: on the seeds, the invented stories, and texts built for the rules'
edge cases (whitespace, sentence boundaries, an entity at the very end, empty and one-token texts)."""

from __future__ import annotations

from functools import lru_cache

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from rashomon.nlp import entity_decoder
from rashomon.nlp.pipeline import resolve_model_name
from tests.helpers import seed_and_story_texts

EDGE_CASES = (
    "",
    "Moscow",
    "   ",
    "Talks resumed in Geneva on Monday, said Antonio Guterres",
    "The United Nations met.\n\nThe European Union left. New York Times reporters saw it.",
    "  Kyiv  \n\n  Kharkiv\t\tOdesa  ,  Lviv \n",
    "New York \n Vladimir Putin said \n New York and Vladimir Putin. \n ",  # spaced: no entity starts there
    "He flew to Sochi. Istanbul hosted the next round on 5 March 2020 at 10 a.m.",
    "Recep Tayyip Erdogan and Vladimir Putin agreed; Sergei Lavrov and Mevlut Cavusoglu signed.",
)


@lru_cache(maxsize=2)
def pipeline(decoder: bool) -> Language:
    nlp = spacy.load(resolve_model_name())
    if decoder:
        assert entity_decoder.install(nlp)
    return nlp


def entities(docs: list[Doc]) -> list[list[tuple[int, int, str, str]]]:
    """Entities and every token's IOB code: what later stages read."""
    spans = [[(e.start, e.end, e.label_, "".join(t.ent_iob_ for t in e)) for e in doc.ents] for doc in docs]
    return spans + [[t.ent_iob_ + t.ent_type_ for t in doc] for doc in docs]


def both(texts: list[str], batch_size: int = 16) -> tuple[list, list]:
    shipped = entities(list(pipeline(False).pipe(texts, batch_size=batch_size)))
    decoded = entities(list(pipeline(True).pipe(texts, batch_size=batch_size)))
    return shipped, decoded


def test_it_takes_the_place_of_ner() -> None:
    names = pipeline(True).pipe_names
    assert entity_decoder.NER not in names
    assert names.index(entity_decoder.NAME) == pipeline(False).pipe_names.index(entity_decoder.NER)


def test_edge_cases_get_the_shipped_entities() -> None:
    shipped, decoded = both(list(EDGE_CASES), batch_size=3)  # batches mix empty and full texts
    assert decoded == shipped
    assert any(shipped[: len(EDGE_CASES)]), "the edge cases have entities to compare"


def test_one_text_at_a_time_is_the_same_as_a_batch() -> None:
    one_by_one = entities([pipeline(True)(text) for text in EDGE_CASES])
    assert one_by_one == both(list(EDGE_CASES))[1]


def run_components(nlp: Language, doc: Doc) -> Doc:
    for _, component in nlp.pipeline:
        doc = component(doc)
    return doc


def test_an_entity_does_not_cross_a_sentence_start() -> None:
    """Sentence starts set before the parser (as the paragraph component does) split names."""
    text = "Reporters of the New York Times and the United Nations in New York said so."
    splits = (4, 9, 12)  # "York" (twice) and "Nations"
    results = []
    for decoder in (False, True):
        nlp = pipeline(decoder)
        doc = nlp.make_doc(text)
        for i in splits:
            doc[i].is_sent_start = True
        results.append(entities([run_components(nlp, doc)]))
    assert results[1] == results[0]
    spans = [(start, end) for start, end, _, _ in results[0][0]]
    assert spans and not [(start, end) for start, end in spans for k in splits if start < k < end]


def test_preset_entities_are_left_to_spacy() -> None:
    """A document that arrives with entities goes through spaCy's own decoder, which keeps them."""
    results = []
    for decoder in (False, True):
        nlp = pipeline(decoder)
        doc = nlp.make_doc("Officials in Brockton said the Amberley Council had met in Geneva.")
        doc.ents = [Span(doc, 5, 7, label="ORG")]
        results.append(entities([run_components(nlp, doc)]))
    assert results[1] == results[0]
    assert ("Amberley Council", "ORG") in [(e.text, e.label_) for e in doc.ents]


def test_another_kind_of_component_is_not_replaced() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    assert not entity_decoder.install(nlp)  # no ner: nothing to do
    assert nlp.pipe_names == ["sentencizer"]
    assert not entity_decoder.EntityDecoder.supports(pipeline(False).get_pipe("parser"))
    assert entity_decoder.EntityDecoder.supports(pipeline(False).get_pipe("ner"))


@pytest.mark.slow
def test_seeds_and_stories_get_the_shipped_entities() -> None:
    texts = seed_and_story_texts()
    shipped, decoded = both(texts)
    assert sum(len(doc) for doc in shipped[: len(texts)]) > 250, "enough entities to compare"
    assert decoded == shipped
