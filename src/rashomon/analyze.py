"""The main job: ingest -> clean -> nlp -> store for every input, then reconcile and the report.

Library first: the CLI's `analyze` command is a thin wrapper around `analyze`.

The per-article work (`rashomon.article_stages`) touches no store, so it runs in this process
(`LocalProcessor`) or on Dask workers (`rashomon.distributed`). The driver (`_Job`) alone checks
content hashes, finds near-duplicates and writes, in input order, a batch (one local batch or one
Dask partition) per transaction, so a distributed run stores exactly what a single-process run
stores.
"""

from __future__ import annotations

import gc
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from rashomon.article_slots import (
    ProcessedArticle,
    Processor,
    Slot,
    SlotBatch,
    in_order,
    internal_error,
    partitions,
)
from rashomon.clean.cleaned import CleanedArticle, content_hash
from rashomon.clean.duplicates import NearDuplicateIndex, signature_from_bytes
from rashomon.errors import InputError
from rashomon.ingest.readers import ReadResult, read_inputs
from rashomon.kb.actors import default_kb
from rashomon.nlp.model_info import ModelInfo
from rashomon.reconcile.run import Elsewhere, reconcile
from rashomon.settings import DEFAULT_SETTINGS, Settings
from rashomon.store import repository
from rashomon.store.bulk import ArticleRows
from rashomon.store.db import Store, open_store

if TYPE_CHECKING:
    from rashomon.clean.duplicates import MinHash
    from rashomon.dask_cluster import ScaleOptions, WarmingCluster

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
    processed: int = 0  # documents cleaned and analysed in this run (sent to workers when distributed)
    workers: int = 0  # Dask workers used; 0 for a single-process run
    worker_peak_rss: list[int] = field(default_factory=list)  # bytes, one per worker, when distributed
    worker_cpu_seconds: list[float] = field(default_factory=list)  # one per worker, when distributed
    seconds: dict[str, float] = field(default_factory=dict)  # wall time per phase: articles, reconcile
    # CPU time of this process per phase, all its threads (a LocalCluster's scheduler runs in one).
    cpu_seconds: dict[str, float] = field(default_factory=dict)


# Documents cleaned, analysed and then written in one transaction by a single-process run.
LOCAL_BATCH_SIZE = 16


class LocalProcessor:
    """This process, a batch of documents at a time, pulled lazily; copies of a document within a
    batch wait for the first (see `_Job.slots`), as on Dask."""

    def __init__(self, settings: Settings, batch_size: int = LOCAL_BATCH_SIZE) -> None:
        from rashomon.nlp.pipeline import load_pipeline  # the NLP stack: not for a distributed run

        self.settings = settings
        self.batch_size = batch_size
        self.model = load_pipeline(settings.model)[1]

    def batches(self, slots: Iterable[Slot]) -> Iterator[SlotBatch]:
        from rashomon.article_stages import process_documents, settle_long_lived

        settled = False
        for partition in partitions(slots, self.batch_size):
            shipped = [(s.raw, s.digest or "") for s in partition if s.raw is not None]
            batch = list(in_order(partition, process_documents(shipped, self.settings) if shipped else []))
            if shipped and not settled:
                settle_long_lived()  # the first batch has loaded every model and table
                settled = True
            yield batch


def analyze(
    paths: Sequence[str],
    *,
    db: str | None = None,
    report_dir: Path | None = None,
    settings: Settings = DEFAULT_SETTINGS,
    progress: ProgressCallback | None = None,
    on_article: Callable[[CleanedArticle], None] | None = None,
    scale: ScaleOptions | None = None,
    cluster: WarmingCluster | None = None,
) -> AnalyzeSummary:
    """Analyse every document under `paths` into the store at `db`; write the report if asked.

    `progress` is called with each document's location as it is done; `on_article` with each newly
    cleaned article (the CLI's --explain uses it). `scale` runs the per-article stages on Dask;
    `cluster` is a cluster of `scale` started earlier (`dask_cluster.warming_cluster`), whose workers
    may still be loading.
    """
    with _processor(settings, scale, cluster) as processor, open_store(db) as store:
        run_id = repository.start_run(store, paths, processor.model)
        summary = AnalyzeSummary(run_id=run_id, model=processor.model)
        job = _Job(store, settings, summary, on_article)
        try:
            _run_stages(paths, processor, store, job, progress)
        except KeyboardInterrupt:
            with _interrupts_held():  # a second Ctrl-C must not stop the run being marked
                repository.finish_run(store, run_id, job.progress(), status="interrupted")
            raise AnalysisInterrupted(summary, job.progress()) from None
        except BaseException:
            with suppress(Exception):  # the error that stopped the run is the one to report
                repository.finish_run(store, run_id, job.progress(), status="failed")
            raise
        repository.finish_run(store, run_id, job.progress())
        if report_dir is not None:
            from rashomon.report.render import write_report  # the report is optional work

            summary.report_path = write_report(store, report_dir)
    return summary


class AnalysisInterrupted(Exception):
    """The user stopped the run (Ctrl-C or SIGTERM): what was stored is kept and counted."""

    def __init__(self, summary: AnalyzeSummary, progress: repository.RunProgress) -> None:
        super().__init__(f"run {summary.run_id} interrupted")
        self.summary, self.progress = summary, progress


def _run_stages(
    paths: Sequence[str],
    processor: Processor,
    store: Store,
    job: _Job,
    progress: ProgressCallback | None,
) -> None:
    """Every article through the per-article stages into the store, then the cross-article stage."""
    summary = job.summary
    started, started_cpu = time.perf_counter(), time.process_time()
    for batch in processor.batches(job.slots(read_inputs(paths, job.settings))):
        job.finish(batch)
        if progress:
            for slot, _ in batch:
                progress(slot.location)
    _describe_workers(processor, summary)
    reconciling, reconciling_cpu = time.perf_counter(), time.process_time()
    with _long_lived_frozen():
        reconcile(store, elsewhere=_cross_article_share(processor, store))
    summary.cpu_seconds = {
        "articles": reconciling_cpu - started_cpu,
        "reconcile": time.process_time() - reconciling_cpu,
    }
    summary.seconds = {
        "articles": reconciling - started,
        "reconcile": time.perf_counter() - reconciling,
    }


@contextmanager
def _long_lived_frozen() -> Iterator[None]:
    """What is loaded by now (the packs, the tables, the store's state: hundreds of thousands of
    objects) left out of the garbage collector's passes for the block: the cross-article stage makes
    many objects, and each full pass would otherwise walk those too (about a third of the stage's
    CPU in a distributed run's driver, which holds none of the NLP's objects frozen)."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


@contextmanager
def _interrupts_held() -> Iterator[None]:
    """SIGINT ignored for the block, when this is the main thread (only it may set handlers)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _processor(
    settings: Settings, scale: ScaleOptions | None, cluster: WarmingCluster | None
) -> AbstractContextManager[Processor]:
    if scale is None or not scale.distributed:
        return nullcontext(LocalProcessor(settings))
    from rashomon.distributed import DaskProcessor, dask_processor  # Dask only when asked for

    if cluster is None:
        return dask_processor(settings, scale)
    # While the workers load the pipeline, this process loads what the cross-article stage reads
    # (in a single-process run the per-article stages have loaded it by then).
    default_kb()
    return nullcontext(DaskProcessor(cluster.client, settings, scale, cluster.warm_ups))


def _cross_article_share(processor: Processor, store: Store) -> Elsewhere | None:
    """The part of the cross-article stage the processor's workers take on, if it has idle ones
    (they would otherwise wait while this process does it all)."""
    share = getattr(processor, "cross_article_share", None)
    return share(store.url) if share is not None else None


def _describe_workers(processor: Processor, summary: AnalyzeSummary) -> None:
    describe = getattr(processor, "describe", None)
    if describe is not None:
        summary.worker_peak_rss, summary.worker_cpu_seconds = describe()
        summary.workers = len(summary.worker_peak_rss)


class _Job:
    """The driver's state for one run: store, duplicate index, tallies. It alone touches the store."""

    def __init__(
        self,
        store: Store,
        settings: Settings,
        summary: AnalyzeSummary,
        on_article: Callable[[CleanedArticle], None] | None,
    ) -> None:
        self.store, self.settings, self.summary = store, settings, summary
        self.on_article = on_article
        # (id, signature) of every stored article in index order, to rebuild the index from when a
        # batch that added to it fails to commit.
        self._indexed = [
            (article_id, signature_from_bytes(data, settings))
            for article_id, data in repository.stored_signatures(store)
        ]
        self.index = self._new_index()
        # Content hashes stored before this run or written by it: a later copy of one is not sent.
        # What another process stores meanwhile is sent, and found stored when written (`_write`).
        self._stored = repository.stored_hashes(store)
        # Digests handed out for processing and not yet written: a second copy read meanwhile waits
        # for the first instead of being processed twice.
        self._in_flight: set[str] = set()
        self._failed: dict[str, str] = {}  # digest -> reason, for copies of a document that failed
        self._recorded_inputs = 0  # inputs whose outcome is committed

    def slots(self, items: Iterable[ReadResult]) -> Iterator[Slot]:
        """Read results as slots; the content-hash check happens here, before any document ships."""
        for item in items:
            self.summary.documents_read += 1
            if isinstance(item, InputError):
                yield Slot(item.location, read_error=item)
                continue
            digest = content_hash(item)
            if digest in self._in_flight:
                yield Slot(item.location, digest=digest, duplicate_in_run=True)
            elif digest in self._stored:
                yield Slot(item.location)  # already stored: nothing travels
            else:
                self._in_flight.add(digest)
                self.summary.processed += 1
                yield Slot(item.location, raw=item, digest=digest)

    def finish(self, batch: SlotBatch) -> None:
        """Record a batch of slots' outcomes, in input order: its articles and failures are written
        in one transaction."""
        articles: list[ProcessedArticle] = []
        failures: list[InputError] = []
        already = 0
        for slot, result in batch:
            if slot.read_error is not None:
                failures.append(slot.read_error)
            elif slot.duplicate_in_run and slot.digest in self._failed:
                # Cleaning is deterministic: the copy fails as the single-process run would find it does.
                failures.append(InputError(slot.location, self._failed[slot.digest]))
            elif isinstance(result, InputError):
                self._in_flight.discard(slot.digest or "")
                self._failed[slot.digest or ""] = result.reason
                failures.append(result)
            elif isinstance(result, ProcessedArticle):
                self._in_flight.discard(result.cleaned.content_hash)
                if self.on_article:
                    self.on_article(result.cleaned)
                articles.append(result)
            else:
                already += 1
        try:
            self._write(articles, failures, inputs=len(batch), already=already)
        except Exception as err:
            if not _caused_by_the_data(err):
                raise
            self._write_one_by_one(articles, failures, inputs=len(batch), already=already)

    def _write_one_by_one(
        self, articles: list[ProcessedArticle], failures: list[InputError], inputs: int, already: int
    ) -> None:
        """Isolate what the store refused: one transaction each, in order; an article refused again
        becomes that input's failure, and everything else is stored."""
        self._write([], failures, inputs=inputs - len(articles), already=already)
        for article in articles:
            try:
                self._write([article], [], inputs=1)
            except Exception as err:
                if not _caused_by_the_data(err):
                    raise
                failure = internal_error(article.cleaned.raw.location, "storing", err)
                self._write([], [failure], inputs=1)

    def progress(self) -> repository.RunProgress:
        """The run's tallies as committed so far."""
        summary = self.summary
        return repository.RunProgress(self._recorded_inputs, len(summary.added), summary.already_stored)

    def _write(
        self, articles: list[ProcessedArticle], failures: list[InputError], inputs: int, already: int = 0
    ) -> None:
        """One transaction, which also records the run's tallies; they change here once it is
        committed, and the duplicate index is rebuilt without the batch's articles if it is not."""
        signatures = {a.rows.id: signature_from_bytes(a.minhash, self.settings) for a in articles}
        linked: list[tuple[str, MinHash]] = []

        def link(rows: ArticleRows) -> str | None:
            """Called in input order for each article written: later ones may duplicate it."""
            signature = signatures[rows.id]
            original = self.index.original_of(signature)
            self.index.add(rows.id, signature)
            linked.append((rows.id, signature))
            return original

        rows = [a.rows for a in articles]
        before = self.progress()
        tallies = repository.RunProgress(
            before.documents_read + inputs, before.added, before.already_stored + already
        )
        try:
            ids = repository.save_articles(
                self.store, self.summary.run_id, self.summary.model, rows, failures, link, tallies
            )
        except BaseException:
            if linked:
                self.index = self._new_index()
            raise
        self._indexed += linked
        self._recorded_inputs += inputs
        self._stored.update(article.content_hash for article in rows)
        self.summary.already_stored += already
        for article_id in ids:
            if article_id is None:  # another process stored the same article meanwhile
                self.summary.already_stored += 1
            else:
                self.summary.added.append(article_id)
        self.summary.failures.extend(failures)

    def _new_index(self) -> NearDuplicateIndex:
        index = NearDuplicateIndex(self.settings)
        for article_id, signature in self._indexed:
            index.add(article_id, signature)
        return index


def _caused_by_the_data(err: Exception) -> bool:
    """True when the store refused what was written (a constraint, a value it cannot hold) rather
    than failing itself (locked, disk full, connection lost): only the first costs one input."""
    from sqlalchemy.exc import DisconnectionError, InterfaceError, OperationalError
    from sqlalchemy.exc import TimeoutError as PoolTimeout

    return not isinstance(err, OperationalError | InterfaceError | DisconnectionError | PoolTimeout)
