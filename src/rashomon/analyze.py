"""The main job: ingest -> clean -> nlp -> store for every input, then the report.

Library first: the CLI's `analyze` command is a thin wrapper around `analyze`.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from spacy.language import Language

from rashomon.clean.article import CleanedArticle, clean_document, content_hash
from rashomon.clean.duplicates import NearDuplicateIndex, minhash_of, signature_bytes, signature_from_bytes
from rashomon.errors import InputError
from rashomon.ingest.readers import read_inputs
from rashomon.nlp.pipeline import ModelInfo, analyse_text, load_pipeline
from rashomon.reconcile.run import reconcile
from rashomon.settings import DEFAULT_SETTINGS, Settings
from rashomon.store import repository
from rashomon.store.db import Store, open_store
from rashomon.types import RawDocument

# The language the bundled pipeline reads; other languages are stored and flagged, not analysed.
PIPELINE_LANGUAGE = "en"

ProgressCallback = Callable[[str], None]


@dataclass
class AnalyzeSummary:
    run_id: int
    model: ModelInfo
    documents_read: int = 0
    added: list[str] = field(default_factory=list)
    already_stored: int = 0
    failures: list[InputError] = field(default_factory=list)
    report_path: Path | None = None


def analyze(
    paths: Sequence[str],
    *,
    db: str | None = None,
    report_dir: Path | None = None,
    settings: Settings = DEFAULT_SETTINGS,
    progress: ProgressCallback | None = None,
    on_article: Callable[[CleanedArticle], None] | None = None,
) -> AnalyzeSummary:
    """Analyse every document under `paths` into the store at `db`; write the report if asked.

    `progress` is called with each document's location as it is done; `on_article` with each newly
    cleaned article (the CLI's --explain uses it).
    """
    nlp, model = load_pipeline(settings.model)
    with open_store(db) as store:
        run_id = repository.start_run(store, paths, model)
        job = _Job(store, nlp, settings, AnalyzeSummary(run_id=run_id, model=model), on_article)
        for item in read_inputs(paths, settings):
            job.summary.documents_read += 1
            if isinstance(item, InputError):
                job.fail(item)
            else:
                job.analyse(item)
            if progress:
                progress(item.location)
        summary = job.summary
        reconcile(store)
        repository.finish_run(
            store,
            run_id,
            documents_read=summary.documents_read,
            added=len(summary.added),
            already_stored=summary.already_stored,
        )
        if report_dir is not None:
            from rashomon.report.render import write_report  # the report is optional work

            summary.report_path = write_report(store, report_dir)
    return summary


class _Job:
    """State shared by the documents of one run: store, pipeline, duplicate index, tallies."""

    def __init__(
        self,
        store: Store,
        nlp: Language,
        settings: Settings,
        summary: AnalyzeSummary,
        on_article: Callable[[CleanedArticle], None] | None,
    ) -> None:
        self.store, self.nlp, self.settings, self.summary = store, nlp, settings, summary
        self.on_article = on_article
        self.index = NearDuplicateIndex(settings)
        for article_id, data in repository.stored_signatures(store):
            self.index.add(article_id, signature_from_bytes(data, settings))

    def analyse(self, raw: RawDocument) -> None:
        digest = content_hash(raw)
        if repository.is_stored(self.store, digest):
            self.summary.already_stored += 1
            return
        try:
            cleaned = clean_document(raw, digest)
        except InputError as err:
            self.fail(err)
            return
        if self.on_article:
            self.on_article(cleaned)
        signature = minhash_of(cleaned.clean.text, self.settings)
        reason = _not_analysed_reason(cleaned, self.settings)
        outcome = repository.ArticleOutcome(
            status="not-analysed" if reason else "analysed",
            status_reason=reason,
            duplicate_of=self.index.original_of(signature),
            minhash=signature_bytes(signature),
            nlp=None if reason else analyse_text(self.nlp, cleaned.clean.text, _publication_day(cleaned)),
        )
        article_id = repository.save_article(
            self.store, cleaned, outcome, self.summary.model, self.summary.run_id
        )
        if article_id is None:  # another process stored the same article meanwhile
            self.summary.already_stored += 1
            return
        self.index.add(article_id, signature)
        self.summary.added.append(article_id)

    def fail(self, error: InputError) -> None:
        self.summary.failures.append(error)
        repository.record_failure(self.store, self.summary.run_id, error)


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
