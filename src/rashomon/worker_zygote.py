"""Local Dask workers forked from one process that has loaded the pipeline (a zygote), rather than
each started afresh to import the NLP stack and load the model, the gazetteer and the packs itself.

That start costs about 3 CPU seconds a worker. On a small machine the workers' start-ups share the
cores with each other and with the driver's own start-up, so with two workers on two cores the
second one's load is about 1.5 s of the command (bench/results/workers_timeline.md). Dask's Nanny
starts its worker processes through multiprocessing; with the `forkserver` method they are forked
from a server process that imports its preload modules once. `start` launches that server at once,
before the cluster, with `rashomon.worker_preload` among those modules: importing it there runs the
workers' warm-up (`distributed.warm_up`), so every worker starts with it done (its pages shared
copy-on-write; `gc.freeze` has kept the collector from touching them) and its own warm-up finds the
pipeline cached. Meanwhile the driver imports and loads what it needs on the other core.

Light on purpose: the driver imports this before Dask and before the NLP stack.
"""

from __future__ import annotations

import os
from dataclasses import replace

# Read by `preload` in the fork server: the pipeline to load (the fork server is a new interpreter,
# so the model is passed in its environment).
MODEL_VARIABLE = "RASHOMON_ZYGOTE_MODEL"
PRELOAD = ("rashomon.worker_preload",)


def available() -> bool:
    import multiprocessing

    return "forkserver" in multiprocessing.get_all_start_methods()


def start(model: str, environ: dict[str, str]) -> bool:
    """Launch the fork server with `model` loading in it, unless one runs already; returns at once.

    `environ`: variables the workers must start with (one BLAS thread, ...), set in this process as
    Dask's Nanny sets them before it starts a worker. False where there are no fork servers (Windows):
    the workers are then spawned and load the pipeline themselves."""
    if not available():
        return False
    import multiprocessing
    from multiprocessing import forkserver

    os.environ.update(environ)
    previous = os.environ.get(MODEL_VARIABLE)
    os.environ[MODEL_VARIABLE] = model  # only for the server launched now
    try:
        multiprocessing.get_context("forkserver").set_forkserver_preload(list(PRELOAD))
        forkserver.ensure_running()  # starts the server without waiting for its imports
    finally:
        if previous is None:
            os.environ.pop(MODEL_VARIABLE, None)
        else:
            os.environ[MODEL_VARIABLE] = previous
    return True


def stop() -> None:
    """Stop the fork server, if one runs, and reap it: it lives as long as the cluster it serves,
    and its CPU time (its workers' included) is then counted among this process's children. Waits
    until every process forked from it has exited (they hold its pipe open)."""
    if not available():
        return
    from multiprocessing import forkserver

    # `_stop` is what CPython's own tests stop the server with; where it is missing the server
    # stops by itself when this process exits.
    stop_server = getattr(getattr(forkserver, "_forkserver", None), "_stop", None)
    if stop_server is not None:
        stop_server()


def preload() -> None:
    """In the fork server: Dask's worker and the workers' warm-up, once for all of them."""
    model = os.environ.get(MODEL_VARIABLE)
    if not model:
        return
    try:
        import distributed  # noqa: F401 - what every worker runs

        from rashomon.distributed import warm_up
        from rashomon.settings import DEFAULT_SETTINGS

        warm_up(replace(DEFAULT_SETTINGS, model=model))
    except Exception:  # each worker's own warm-up meets it again and reports it
        return
    except KeyboardInterrupt:
        # Ctrl-C reaches the whole process group, and the driver stops the run. A server stopped
        # halfway through its imports must fork no worker: its modules are half there.
        os._exit(1)
