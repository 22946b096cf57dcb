"""Imported by the fork server that local Dask workers are forked from (see `worker_zygote`): the
workers' warm-up runs there, once, when the model to load is in its environment."""

from rashomon.worker_zygote import preload

preload()
