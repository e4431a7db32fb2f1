"""Where the per-document work of a stage runs: in this machine's processes
(``local``, the default) or as Dask tasks on a cluster (``dask``).

With ``dask`` the documents are cut into partitions of
``partition_documents``; each partition is one task, which reads its
documents from the input Parquet file and writes its rows to part files in
a folder beside the output. The client then writes the parts, in the
documents' order and document by document, through the same row-group
writer as the local run, so the output equals the local run's.

Every worker must be able to import this package (the same environment)
and read and write the paths the stage uses (shared storage, or a single
machine for a ``LocalCluster``).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from pipeline.settings import EngineSettings

log = logging.getLogger("samenspraak.engine")


@contextmanager
def dask_client(settings: EngineSettings) -> Iterator[Any]:
    """A Dask client: connected to ``settings.address``, or to a
    ``LocalCluster`` of ``settings.workers`` single-threaded processes that
    ends with the block."""
    from dask.distributed import Client, LocalCluster

    if settings.address:
        client = Client(settings.address)
        log.info("Dask scheduler %s with %d workers", settings.address, len(client.scheduler_info()["workers"]))
        try:
            yield client
        finally:
            client.close()
        return
    # One thread per worker: spaCy and HanTa are CPU-bound Python.
    with (
        LocalCluster(
            n_workers=settings.workers, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        log.info("Dask LocalCluster with %d workers", settings.workers)
        yield client


def chunks(items: list[Any], size: int) -> list[list[Any]]:
    return [items[start : start + size] for start in range(0, len(items), size)]
