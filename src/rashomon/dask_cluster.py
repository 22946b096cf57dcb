"""The Dask side of `--workers` / `--scheduler` that the driver needs before the NLP stack: options,
the client on a local or remote cluster, and the workers' warm-up asked for by name.

Light on purpose (Dask itself is imported only when a cluster is asked for, the per-article stages
never): the CLI starts the cluster and the workers' model loads first, then imports the stages and
the store while the workers load (`warming_cluster`).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rashomon.errors import UsageError
from rashomon.settings import Settings

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


@dataclass(frozen=True)
class WarmingCluster:
    """A client whose workers were asked to load the pipeline: one warm-up future per worker."""

    client: Client
    warm_ups: dict[str, Future]


def call_by_name(qualified: str, *args: Any) -> Any:
    """Run on a worker: `module:function` imported there and called with args."""
    module, name = qualified.split(":")
    return getattr(importlib.import_module(module), name)(*args)


def start_warm_ups(client: Client, settings: Settings) -> dict[str, Future]:
    """Every worker starts loading the pipeline now, without waiting for it; worker -> future."""
    workers = list(client.scheduler_info()["workers"])
    if not workers:
        raise UsageError(f"the Dask scheduler {client.scheduler.address} has no workers")
    return {
        worker: client.submit(call_by_name, WARM_UP, settings, workers=[worker], pure=False)
        for worker in workers
    }


@contextmanager
def dask_client(options: ScaleOptions) -> Iterator[Client]:
    """A client of a new LocalCluster (`options.workers`) or of the scheduler at `options.scheduler`."""
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
        yield client


@contextmanager
def warming_cluster(settings: Settings, options: ScaleOptions) -> Iterator[WarmingCluster | None]:
    """The cluster of `options` with its workers' warm-ups under way (None when the options ask for
    none): what the caller imports or loads meanwhile overlaps the workers' start-up."""
    if not options.distributed:
        yield None
        return
    with dask_client(options) as client:
        yield WarmingCluster(client, start_warm_ups(client, settings))
