"""Scale: the per-article stages mapped over partitions on Dask (a local cluster or a scheduler address).

The driver reads, checks content hashes and writes; workers only run `process_documents` over
partitions (lists of documents) and send back picklable results, store rows included, so the driver
does little more per article than write its rows. Partitions are collected in the order they were
submitted and at most `max_in_flight` are outstanding (and `held_back` read ahead, to be split into
small pieces if the input ends there), so results are written in input order, a partition per
transaction, and memory stays flat however large the input. Afterwards the workers of a local
cluster take on part of the cross-article stage (`cross_article_parts`).
"""

from __future__ import annotations

import dataclasses
import resource
from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rashomon.article_slots import ProcessedArticle, Slot, SlotBatch, in_order, partitions
from rashomon.cross_article_parts import WorkersShare, workers_share
from rashomon.dask_cluster import ScaleOptions, dask_client, start_warm_ups
from rashomon.errors import InputError, UsageError
from rashomon.nlp.model_info import ModelInfo
from rashomon.settings import Settings
from rashomon.types import RawDocument

if TYPE_CHECKING:
    from distributed import Client, Future

# A text that goes through every component, so lazily loaded data (the gazetteer) is loaded once per
# worker before timing starts rather than inside the first partition.
_WARM_UP_TEXT = (
    "Officials in Paris said on Monday that the talks would resume next week. The ministry added that "
    "shelling near the border had killed two people, a claim the other side denied."
)
# The same as a small web page, so that HTML extraction and language identification load their
# models too.
_WARM_UP_PAGE = (
    "<html><head><title>Talks to resume</title></head><body><article><h1>Talks to resume</h1>"
    f"<p>{_WARM_UP_TEXT}</p><p>{_WARM_UP_TEXT}</p></article></body></html>"
)


@dataclass(frozen=True)
class Failed:
    """A document cleaning refused; InputError itself does not survive pickling (its args differ)."""

    location: str
    reason: str


_nlp_calls = 0  # per worker process: documents this process ran the pipeline on (tests read it)


def process_partition(
    documents: list[tuple[RawDocument, str]], settings: Settings
) -> list[ProcessedArticle | Failed]:
    """Run on a worker: the per-article stages over one partition, results in the same order.

    What the driver already has or does not need stays here (`_for_driver`): the results travel
    back pickled, and the driver's share of the CPU is what limits the speed-up of more workers."""
    from rashomon.article_stages import process_documents  # on the worker: the driver never imports it

    global _nlp_calls
    results: list[ProcessedArticle | Failed] = []
    for result in process_documents(documents, settings):
        if isinstance(result, InputError):
            results.append(Failed(result.location, result.reason))
            continue
        _nlp_calls += result.nlp is not None
        results.append(_for_driver(result))
    return results


def _for_driver(result: ProcessedArticle) -> ProcessedArticle:
    """The result less its NLP objects (the driver writes `rows`, built from them) and less the raw
    content (the driver sent it, and puts it back: `_with_raw`): a fraction of the pickle."""
    cleaned = result.cleaned
    raw = dataclasses.replace(cleaned.raw, content="")
    return dataclasses.replace(result, nlp=None, cleaned=dataclasses.replace(cleaned, raw=raw))


def _with_raw(result: ProcessedArticle, raw: RawDocument | None) -> ProcessedArticle:
    if raw is None:
        return result
    return dataclasses.replace(result, cleaned=dataclasses.replace(result.cleaned, raw=raw))


def nlp_calls() -> int:
    """Documents this worker process analysed; call with `Client.run`."""
    return _nlp_calls


def worker_usage() -> tuple[int, float]:
    """Peak resident memory of this process in bytes and its CPU seconds so far; call with `Client.run`."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return _peak_rss_bytes() or usage.ru_maxrss * 1024, usage.ru_utime + usage.ru_stime


def _peak_rss_bytes() -> int | None:
    """VmHWM, the high-water mark of this process's own memory. Not ru_maxrss: that survives exec, so
    a worker spawned by a large driver would report the driver's size at fork time as its peak."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024  # reported in kB
    except OSError:
        pass  # not Linux
    return None


def warm_up(settings: Settings) -> ModelInfo:
    """Load the pipeline into this worker's cache and run the per-article stages once, on a text and
    a page, so that every lazily loaded model and table is loaded before the first partition;
    describes the model."""
    from rashomon.article_stages import process_documents, settle_long_lived
    from rashomon.nlp.pipeline import load_pipeline

    documents = [
        RawDocument("<warm-up>", "text", _WARM_UP_TEXT, "utf-8"),
        RawDocument("<warm-up>", "html", _WARM_UP_PAGE, "utf-8"),
    ]
    process_documents([(document, "") for document in documents], settings)
    settle_long_lived()
    return load_pipeline(settings.model)[1]


class DaskProcessor:
    """Maps `process_partition` over partitions of the slots on a Dask client, in order."""

    def __init__(
        self,
        client: Client,
        settings: Settings,
        options: ScaleOptions,
        warm_ups: dict[str, Future] | None = None,
    ) -> None:
        """`warm_ups`: the workers' warm-ups, when started earlier (`dask_cluster.start_warm_ups`)."""
        self.client, self.settings, self.options = client, settings, options
        # Every worker loads the model, at once; they must all have the same one.
        warm_ups = warm_ups if warm_ups is not None else start_warm_ups(client, settings)
        infos = client.gather(list(warm_ups.values()))
        if len(set(infos)) != 1:
            raise UsageError(f"Dask workers run different models: {sorted(set(map(str, infos)))}")
        self.model: ModelInfo = infos[0]
        self.max_in_flight = max(1, options.in_flight_per_worker * len(warm_ups))
        self.held_back = max(0, options.tail_partitions_per_worker * len(warm_ups))
        self._cpu_at_start = {w: cpu for w, (_, cpu) in client.run(worker_usage).items()}

    def batches(self, slots: Iterable[Slot]) -> Iterator[SlotBatch]:
        """One batch per partition (or tail piece), in input order."""
        in_flight: deque[tuple[list[Slot], Future | None]] = deque()
        held: deque[list[Slot]] = deque()  # read, not yet sent: the tail, should the input end here
        for partition in partitions(slots, self.options.partition_size):
            held.append(partition)
            if len(held) <= self.held_back:
                continue
            in_flight.append(self._submit(held.popleft()))
            # Backpressure: reading waits here until the oldest partition is back and written.
            while len(in_flight) > self.max_in_flight:
                yield _collect(*in_flight.popleft())
        # The input has ended: the tail goes at once (it is read already), in small pieces.
        tail = [slot for partition in held for slot in partition]
        in_flight.extend(self._submit(piece) for piece in partitions(tail, self.options.tail_piece_size))
        while in_flight:
            yield _collect(*in_flight.popleft())

    def _submit(self, partition: list[Slot]) -> tuple[list[Slot], Future | None]:
        shipped = [(s.raw, s.digest) for s in partition if s.raw is not None]
        if not shipped:
            return partition, None
        return partition, self.client.submit(process_partition, shipped, self.settings, pure=False)

    def cross_article_share(self, url: str) -> WorkersShare | None:
        """What the workers of a local cluster take on of the cross-article stage (those of a remote
        one may not reach the store); see `cross_article_parts`."""
        if self.options.workers is None:
            return None
        return workers_share(self.client, url)

    def describe(self) -> tuple[list[int], list[float]]:
        """Per worker: peak resident memory in bytes and CPU seconds spent since the model was loaded."""
        usage = self.client.run(worker_usage)
        workers = sorted(usage)
        cpu = [usage[w][1] - self._cpu_at_start.get(w, 0.0) for w in workers]
        return [usage[w][0] for w in workers], cpu


def _collect(partition: list[Slot], future: Future | None) -> SlotBatch:
    results = future.result() if future is not None else []
    rebuilt = iter(InputError(r.location, r.reason) if isinstance(r, Failed) else r for r in results)
    batch: SlotBatch = []
    for slot, result in in_order(partition, rebuilt):
        batch.append((slot, _with_raw(result, slot.raw) if isinstance(result, ProcessedArticle) else result))
    return batch


@contextmanager
def dask_processor(settings: Settings, options: ScaleOptions) -> Iterator[DaskProcessor]:
    """A processor on a new LocalCluster (`options.workers`) or on the scheduler at `options.scheduler`."""
    with dask_client(options, settings) as client:
        yield DaskProcessor(client, settings, options)
