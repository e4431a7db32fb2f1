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
import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator
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


class _Done:
    """A result computed at once, with the ``result()`` of a future."""

    def __init__(self, value: Any) -> None:
        self.value = value

    def result(self) -> Any:
        return self.value


class _Pooled:
    """A multiprocessing ``AsyncResult`` with the ``result()`` of a future."""

    def __init__(self, pending: Any) -> None:
        self.pending = pending

    def result(self) -> Any:
        return self.pending.get()


Submit = Callable[..., Any]


@contextmanager
def task_runner(settings: EngineSettings, processes: int) -> Iterator[Submit]:
    """A ``submit(function, *args)`` that returns something with
    ``result()``: a Dask future (``kind: dask``), a task of a pool of
    ``processes`` forked workers (``local`` with more than one process), or
    the result computed at once (one process). ``function`` must be
    importable (a module-level function) for the first two. Forked workers
    end with this process (:mod:`pipeline.processes`)."""
    if settings.kind == "dask":
        with dask_client(settings) as client:
            yield lambda function, *args: client.submit(function, *args, pure=False)
        return
    if processes <= 1:
        yield lambda function, *args: _Done(function(*args))
        return
    from pipeline.processes import end_workers_with_parent

    end_workers_with_parent()
    with multiprocessing.get_context("fork").Pool(processes) as pool:
        yield lambda function, *args: _Pooled(pool.apply_async(function, args))


def in_order(handles: Iterable[Any], window: int) -> Iterator[Any]:
    """The results of ``handles`` (anything with ``result()``) in their
    order, with at most ``window`` submitted and not yet taken: the input is
    read only as fast as the workers keep up, so memory stays bounded
    however large the corpus."""
    pending: deque[Any] = deque()
    for handle in handles:
        pending.append(handle)
        if len(pending) >= window:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


def chunks(items: list[Any], size: int) -> list[list[Any]]:
    return [items[start : start + size] for start in range(0, len(items), size)]
