"""What the driver of a run handles of the per-article stages: slots in input order, results,
batches. Light on purpose (no NLP, no HTML extraction): the driver of a distributed run imports this,
never `rashomon.article_stages`, whose work its workers do.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from rashomon.errors import InputError
from rashomon.nlp.model_info import ModelInfo
from rashomon.types import RawDocument

if TYPE_CHECKING:
    from rashomon.clean.cleaned import CleanedArticle
    from rashomon.nlp.pipeline import NlpResult
    from rashomon.store.bulk import ArticleRows

# The language the bundled pipeline reads; other languages are stored and flagged, not analysed.
PIPELINE_LANGUAGE = "en"


@dataclass(frozen=True)
class ProcessedArticle:
    """Everything the per-article stages decide, before the store: picklable, no spaCy objects.
    `rows` are the article's store rows, less what the driver adds (`bulk.RUN_COLUMNS`); `nlp` is
    what they were built from (None when not analysed, and in results sent back by Dask workers,
    which need only the rows)."""

    cleaned: CleanedArticle
    not_analysed_reason: str | None
    minhash: bytes
    nlp: NlpResult | None
    rows: ArticleRows


@dataclass(frozen=True)
class Slot:
    """One read result in input order: what the driver knows of it before any per-article work."""

    location: str
    raw: RawDocument | None = None  # set when the document is to be processed
    digest: str | None = None
    read_error: InputError | None = None
    duplicate_in_run: bool = False  # same content as a document still being processed in this run


SlotResult = ProcessedArticle | InputError | None


SlotBatch = list[tuple[Slot, SlotResult]]


class Processor(Protocol):
    """Runs `process_documents` over the slots that carry a document; yields every slot in order,
    in batches (the driver writes a batch in one transaction)."""

    model: ModelInfo

    def batches(self, slots: Iterable[Slot]) -> Iterator[SlotBatch]: ...


def internal_error(location: str, stage: str, err: Exception) -> InputError:
    """An unexpected exception on one document, kept as that document's failure (a bug to report,
    not a reason to stop the run)."""
    return InputError(location, f"internal error in {stage} ({err.__class__.__name__}: {err})")


def partitions(slots: Iterable[Slot], size: int) -> Iterator[list[Slot]]:
    """Consecutive slots holding `size` documents to process; slots with nothing to process ride
    along (capped, so a long stretch of already-stored input does not pile up in one partition)."""
    partition: list[Slot] = []
    documents = 0
    for slot in slots:
        partition.append(slot)
        documents += slot.raw is not None
        if documents >= size or len(partition) >= 64 * size:
            yield partition
            partition, documents = [], 0
    if partition:
        yield partition


def in_order(partition: list[Slot], results: Iterable[SlotResult]) -> Iterator[tuple[Slot, SlotResult]]:
    """Each slot of a partition with its result; `results` has one per slot that carried a document."""
    remaining = iter(results)
    for slot in partition:
        yield slot, (next(remaining) if slot.raw is not None else None)
