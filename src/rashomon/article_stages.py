"""The per-article stages: clean, language, NLP, extraction, and the article's store rows as plain dicts.

They touch no store, so the same functions run in this process (`rashomon.analyze`) or on Dask
workers (`rashomon.distributed`); both drivers feed them `Slot`s in input order and get back
`SlotBatch`es to write (`rashomon.article_slots`, which the driver of a distributed run imports
without this module's NLP stack).
"""

from __future__ import annotations

import datetime
import gc
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from rashomon.article_rows import article_rows
from rashomon.article_slots import PIPELINE_LANGUAGE, ProcessedArticle, internal_error
from rashomon.clean.article import clean_document
from rashomon.clean.cleaned import CleanedArticle
from rashomon.clean.duplicates import minhash_of, signature_bytes
from rashomon.clean.headline import body_text, headline_end
from rashomon.clean.headline_case import sentence_cased
from rashomon.errors import InputError
from rashomon.extract.headline_events import fold_headline_events
from rashomon.nlp.matrix_backend import one_blas_thread
from rashomon.nlp.pipeline import NlpResult, analyse_texts, load_pipeline
from rashomon.settings import DEFAULT_SETTINGS, Settings
from rashomon.types import RawDocument

if TYPE_CHECKING:
    from spacy.language import Language


def process_document(
    raw: RawDocument, digest: str, settings: Settings = DEFAULT_SETTINGS
) -> ProcessedArticle:
    """The per-article stages for one document; raises InputError when it holds no usable text."""
    result = process_documents([(raw, digest)], settings)[0]
    if isinstance(result, InputError):
        raise result
    return result


def process_documents(
    documents: Sequence[tuple[RawDocument, str]], settings: Settings = DEFAULT_SETTINGS
) -> list[ProcessedArticle | InputError]:
    """The per-article stages for (document, content hash) pairs, results in the same order: an
    InputError for a document with no usable text. The texts to analyse go through the pipeline
    together (`analyse_texts`), which is faster than one call each.

    Pure as far as the store goes; the pipeline comes from `load_pipeline`, cached per process, so a
    worker loads the model once however many partitions it runs."""
    with one_blas_thread():  # language identification and the NLP multiply matrices: one core each
        return _process_documents(documents, settings)


def _process_documents(
    documents: Sequence[tuple[RawDocument, str]], settings: Settings
) -> list[ProcessedArticle | InputError]:
    results: list[ProcessedArticle | InputError | None] = []
    to_analyse: list[tuple[int, CleanedArticle, bytes]] = []
    for raw, digest in documents:
        try:
            cleaned = clean_document(raw, digest)
        except InputError as err:
            results.append(err)
            continue
        except Exception as err:  # a cleaning bug on one document must not cost the batch
            results.append(internal_error(raw.location, "cleaning", err))
            continue
        reason = _not_analysed_reason(cleaned, settings)
        # On the body: copies of one story under different headlines stay near-duplicates.
        body = body_text(cleaned.clean.title, cleaned.clean.text)
        minhash = signature_bytes(minhash_of(body, settings))
        if reason is None:
            to_analyse.append((len(results), cleaned, minhash))
            results.append(None)  # until analysed, below
        else:
            results.append(_processed(cleaned, reason, minhash, None))
    if to_analyse:
        analysed = _analyse(load_pipeline(settings.model)[0], [cleaned for _, cleaned, _ in to_analyse])
        for (index, cleaned, minhash), outcome in zip(to_analyse, analysed, strict=True):
            if isinstance(outcome, InputError):
                results[index] = outcome
                continue
            try:
                results[index] = _processed(cleaned, None, minhash, _headline_folded(cleaned, outcome))
            except Exception as err:
                results[index] = internal_error(cleaned.raw.location, "building its records", err)
    return [result for result in results if result is not None]


def _analyse(nlp: Language, articles: list[CleanedArticle]) -> list[NlpResult | InputError]:
    """The NLP over a batch of articles; if the batch fails, each article alone, so the one that
    fails is named and the others are analysed as usual."""
    texts = [(_parser_text(cleaned), _publication_day(cleaned)) for cleaned in articles]
    try:
        return list(analyse_texts(nlp, texts))
    except Exception as err:
        if len(texts) == 1:
            return [internal_error(articles[0].raw.location, "analysis", err)]
    return [outcome for cleaned in articles for outcome in _analyse(nlp, [cleaned])]


def _headline_folded(cleaned: CleanedArticle, result: NlpResult) -> NlpResult:
    """The result with the headline's events merged into the body's that tell the same event."""
    end = headline_end(cleaned.clean.title, cleaned.clean.text)
    return replace(result, events=fold_headline_events(result.events, end)) if end else result


def _parser_text(cleaned: CleanedArticle) -> str:
    """The text the pipeline reads: the clean text, with a Title Case headline in sentence case (the
    parser takes capitals for names); the same length, so every span indexes the clean text."""
    clean = cleaned.clean
    return sentence_cased(clean.text, headline_end(clean.title, clean.text))


def _processed(
    cleaned: CleanedArticle, reason: str | None, minhash: bytes, nlp_result: NlpResult | None
) -> ProcessedArticle:
    return ProcessedArticle(
        cleaned=cleaned,
        not_analysed_reason=reason,
        minhash=minhash,
        nlp=nlp_result,
        rows=article_rows(cleaned, reason, minhash, nlp_result),
    )


def settle_long_lived() -> None:
    """Leave what is loaded so far (the spaCy pipeline, the actor packs, the gazetteer, the lexicons:
    millions of objects that live as long as the process) out of the garbage collector's passes
    (`gc.freeze`): each full pass would otherwise walk them all, again and again over a run. Call it
    once the first documents have gone through every stage; only the first call in a process acts."""
    global _settled
    if _settled:
        return
    _settled = True
    gc.collect()
    gc.freeze()


_settled = False


def _publication_day(cleaned: CleanedArticle) -> datetime.date | None:
    """The publication day when known to the day: relative dates in the text resolve against it."""
    published = cleaned.published
    if published.precision != "day" or not published.date:
        return None
    return datetime.date.fromisoformat(published.date)


def _not_analysed_reason(cleaned: CleanedArticle, settings: Settings) -> str | None:
    length = len(cleaned.clean.text)
    if length < settings.min_text_chars:
        return f"clean text too short ({length} characters, minimum {settings.min_text_chars})"
    if cleaned.language.code != PIPELINE_LANGUAGE:
        return f"language '{cleaned.language.code}' is not read by the English pipeline"
    return None
