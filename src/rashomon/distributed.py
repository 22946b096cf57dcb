"""Scale: the per-article stages mapped over partitions on Dask (a local cluster or a scheduler address).

The driver reads, checks content hashes and writes; workers only run `process_documents` over
partitions (lists of documents) and send back picklable results, store rows included, so the driver
does little more per article than write its rows. Partitions are collected in the order they were
submitted and at most `max_in_flight` are outstanding (and `held_back` read ahead, to be split into
small pieces if the input ends there), so results are written in input order, a partition per
transaction, and memory stays flat however large the input.
"""

from __future__ import annotations

import dataclasses
import resource
from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rashomon.article_stages import (
    ProcessedArticle,
    Slot,
    SlotBatch,
    in_order,
    partitions,
    process_documents,
    settle_long_lived,
)
from rashomon.errors import InputError, UsageError
from rashomon.nlp.pipeline import ModelInfo, load_pipeline
from rashomon.settings import Settings
from rashomon.types import RawDocument

if TYPE_CHECKING:
    from distributed import Client, Future

# Dask's dashboard diagnostics (not started here) and its own monitoring, slowed to a batch job's
# pace: at their defaults an idle cluster keeps a noticeable share of a core busy, which the workers
# lose on a small machine (bench/results/dask_tuning.md). An unresponsive event loop is still
# reported and the memory limit still enforced.
QUIET_LOCAL_CLUSTER = {
    "distributed.admin.tick.interval": "1s",
    "distributed.admin.system-monitor.interval": "2s",
    "distributed.worker.profile.enabled": False,
    "distributed.worker.memory.monitor-interval": "500ms",
    # Not Dask's MALLOC_TRIM_THRESHOLD_: it turns off glibc's adaptive mmap threshold, so every large
    # array the NLP allocates is mapped afresh and its pages faulted in again, which makes the
    # per-article stage slower (bench/results/dask_tuning.md). The rest of Dask's worker environment
    # (one BLAS/OpenMP thread) is kept.
    "distributed.nanny.pre-spawn-environ": {
        "OMP_NUM_THREADS": 1,
        "MKL_NUM_THREADS": 1,
        "OPENBLAS_NUM_THREADS": 1,
    },
}

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
class ScaleOptions:
    """How to run the per-article stages: this process, a local Dask cluster, or an existing one."""

    workers: int | None = None  # start a LocalCluster with this many single-threaded worker processes
    scheduler: str | None = None  # or use the cluster at this address, e.g. tcp://10.0.0.5:8786
    # Per worker: well above the pipeline's peak on news articles, so a long article does not page
    # (bench/results/dask_tuning.md).
    memory_limit: str = "2GiB"
    # Documents per partition: long against Dask's per-task overhead, short enough to keep every
    # worker busy to the end and a worker's memory low (bench/results/dask_tuning.md).
    partition_size: int = 8
    # Partitions outstanding per worker: 2 keeps a worker busy while the driver writes the last one.
    in_flight_per_worker: int = 2
    # The input's last partitions, this many per worker, are held back until the input ends, then
    # sent in pieces of `tail_piece_size` documents, so the workers run out of work together instead
    # of one idling through the other's last partition.
    tail_partitions_per_worker: int = 1
    tail_piece_size: int = 2

    @property
    def distributed(self) -> bool:
        return self.workers is not None or self.scheduler is not None


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
    documents = [
        RawDocument("<warm-up>", "text", _WARM_UP_TEXT, "utf-8"),
        RawDocument("<warm-up>", "html", _WARM_UP_PAGE, "utf-8"),
    ]
    process_documents([(document, "") for document in documents], settings)
    settle_long_lived()
    return load_pipeline(settings.model)[1]


class DaskProcessor:
    """Maps `process_partition` over partitions of the slots on a Dask client, in order."""

    def __init__(self, client: Client, settings: Settings, options: ScaleOptions) -> None:
        self.client, self.settings, self.options = client, settings, options
        workers = list(client.scheduler_info()["workers"])
        if not workers:
            raise UsageError(f"the Dask scheduler {options.scheduler} has no workers")
        # Every worker loads the model now, at once; they must all have the same one.
        infos = client.gather([client.submit(warm_up, settings, workers=[w], pure=False) for w in workers])
        if len(set(infos)) != 1:
            raise UsageError(f"Dask workers run different models: {sorted(set(map(str, infos)))}")
        self.model: ModelInfo = infos[0]
        self.max_in_flight = max(1, options.in_flight_per_worker * len(workers))
        self.held_back = max(0, options.tail_partitions_per_worker * len(workers))
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
    import dask
    from distributed import Client, LocalCluster

    if options.scheduler is not None:
        try:
            client = Client(options.scheduler, timeout="20s")
        except OSError as err:
            raise UsageError(f"cannot reach the Dask scheduler at {options.scheduler}: {err}") from err
        with client:
            yield DaskProcessor(client, settings, options)
        return
    if options.workers is None or options.workers < 1:
        raise UsageError("--workers must be at least 1")
    with (
        dask.config.set(QUIET_LOCAL_CLUSTER),
        LocalCluster(
            n_workers=options.workers,
            threads_per_worker=1,  # spaCy is CPU-bound: one process per core, one thread each
            processes=True,
            memory_limit=options.memory_limit,
            dashboard_address=None,
        ) as cluster,
        Client(cluster) as client,
    ):
        yield DaskProcessor(client, settings, options)
