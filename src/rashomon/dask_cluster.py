"""The Dask side of `--workers` / `--scheduler` that the driver needs before the NLP stack: options,
the client on a local or remote cluster, and the workers' warm-up asked for by name.

Light on purpose (Dask itself is imported only when a cluster is asked for, the per-article stages
never): the CLI starts the workers' model loads first, then imports the stages and the store while
the workers load (`warming_cluster`). A local cluster's workers are forked from one process that has
loaded the model (`worker_zygote`), started before Dask is imported.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rashomon.errors import UsageError
from rashomon.settings import Settings

if TYPE_CHECKING:
    from distributed import Client, Future

# One BLAS/OpenMP thread per worker, as Dask sets by default (kept in `QUIET_LOCAL_CLUSTER` below).
WORKER_ENVIRON = {"OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}

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
    "distributed.nanny.pre-spawn-environ": WORKER_ENVIRON,
}

# The worker-side warm-up (`rashomon.distributed.warm_up`), named rather than imported: submitting
# the function itself would make this process import the NLP stack before the workers can start.
WARM_UP = "rashomon.distributed:warm_up"


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


class WarmingCluster:
    """A cluster whose workers load the pipeline while this process does other work.

    A remote cluster is connected to at once and its workers asked to warm up. A local cluster's
    workers are forked from a process that loads the pipeline (`worker_zygote`), launched at once;
    the cluster itself starts when first asked for (`client`, `warm_ups`), since starting it waits
    for that load, and this process has its own start-up to do meanwhile."""

    def __init__(self, settings: Settings, options: ScaleOptions, stack: ExitStack) -> None:
        self._settings, self._options, self._stack = settings, options, stack
        self._client: Client | None = None
        self._warm_ups: dict[str, Future] = {}
        if options.workers is not None:
            start_zygote(settings)
        else:
            self._connect()

    @property
    def client(self) -> Client:
        return self._connect()

    @property
    def started(self) -> bool:
        return self._client is not None

    @property
    def warm_ups(self) -> dict[str, Future]:
        """One warm-up future per worker."""
        self._connect()
        return self._warm_ups

    def _connect(self) -> Client:
        if self._client is None:
            self._client = self._stack.enter_context(dask_client(self._options, self._settings))
            self._warm_ups = start_warm_ups(self._client, self._settings)
        return self._client


def stop_zygote() -> None:
    """After the cluster has closed, not on an error: stopping waits for every process forked from
    the zygote to exit, and a failed start may leave some behind (they end with this process)."""
    from rashomon import worker_zygote

    worker_zygote.stop()


def start_zygote(settings: Settings) -> bool:
    """The process local workers are forked from, loading `settings.model` from now on; False where
    the platform has none (the workers are then spawned, and load the model themselves)."""
    from rashomon import worker_zygote

    return worker_zygote.start(settings.model, WORKER_ENVIRON)


def call_by_name(qualified: str, *args: Any) -> Any:
    """Run on a worker: `module:function` imported there and called with args."""
    module, name = qualified.split(":")
    return getattr(importlib.import_module(module), name)(*args)


def start_warm_ups(client: Client, settings: Settings) -> dict[str, Future]:
    """Every worker starts loading the pipeline now, without waiting for it; worker -> future."""
    workers = list(client.scheduler_info()["workers"])
    if not workers:
        raise UsageError(f"the Dask scheduler {client.scheduler.address} has no workers")
    # Loose restrictions: the warm-up of a worker that died before it ran goes to another (a second
    # warm-up is harmless) instead of leaving the driver waiting on a worker that is gone.
    return {
        worker: client.submit(
            call_by_name, WARM_UP, settings, workers=[worker], allow_other_workers=True, pure=False
        )
        for worker in workers
    }


@contextmanager
def dask_client(options: ScaleOptions, settings: Settings | None = None) -> Iterator[Client]:
    """A client of a new LocalCluster (`options.workers`) or of the scheduler at `options.scheduler`.

    `settings`: the local workers are forked from a process that loads `settings.model`
    (`start_zygote`, started here unless it runs already)."""
    import dask
    from distributed import Client, LocalCluster

    if options.scheduler is not None:
        try:
            client = Client(options.scheduler, timeout="20s")
        except OSError as err:
            raise UsageError(f"cannot reach the Dask scheduler at {options.scheduler}: {err}") from err
        with client:
            yield client
        return
    if options.workers is None or options.workers < 1:
        raise UsageError("--workers must be at least 1")
    forked = settings is not None and start_zygote(settings)
    method = {"distributed.worker.multiprocessing-method": "forkserver"} if forked else {}
    with (
        dask.config.set({**QUIET_LOCAL_CLUSTER, **method}),
        LocalCluster(
            n_workers=options.workers,
            threads_per_worker=1,  # spaCy is CPU-bound: one process per core, one thread each
            processes=True,
            memory_limit=options.memory_limit,
            dashboard_address=None,
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client
    if forked:
        stop_zygote()


@contextmanager
def warming_cluster(settings: Settings, options: ScaleOptions) -> Iterator[WarmingCluster | None]:
    """The cluster of `options` with its workers' warm-ups under way (None when the options ask for
    none): what the caller imports or loads meanwhile overlaps the workers' start-up."""
    if not options.distributed:
        yield None
        return
    with ExitStack() as stack:
        cluster = WarmingCluster(settings, options, stack)
        yield cluster
    if options.workers is not None and not cluster.started:
        stop_zygote()  # a cluster that was started stopped it as it closed (`dask_client`)
