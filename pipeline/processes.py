"""Worker processes that end with the stage that started them.

The annotate stage runs spaCy's ``nlp.pipe(..., n_process=N)`` and ingest a
``ProcessPoolExecutor``; both fork workers through :mod:`multiprocessing`.
When the stage is killed outright (``kill -9``, the out-of-memory killer, a
cancelled CI job) nothing in the stage runs any more to stop them, so its
workers went on, about 0.9 GB each with a loaded spaCy pipeline, for
minutes. :func:`end_workers_with_parent` makes every process forked after
it die with the process that forked it.

How: a hook that Python runs in every child right after ``fork()``
(:func:`os.register_at_fork`). On Linux it asks the kernel for SIGKILL when
the parent dies (``prctl(PR_SET_PDEATHSIG)``), the only way that holds
when the parent gets no chance to clean up. (The kernel sends it when the
*thread* that forked ends; spaCy and ``ProcessPoolExecutor`` with "fork"
start their workers from the caller's thread, the stage's main thread.)
Where prctl is missing (macOS, the BSDs) or fails, a daemon thread in the
child watches its parent id and exits when it changes. Windows has no fork
and is left as it is.

Only forked children are covered: both users fork (multiprocessing's
default start method on Linux up to Python 3.13, which spaCy and
``ProcessPoolExecutor`` use). A "spawn" or "forkserver" child does not run
the hook; :func:`end_workers_with_parent` warns once when that is the
default, so a change of Python version cannot silently bring orphans back.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable

log = logging.getLogger("samenspraak.processes")

# From <linux/prctl.h>.
PR_SET_PDEATHSIG = 1
# How often a child without prctl looks whether its parent is still there.
WATCH_SECONDS = 1.0

_registered = False
# The pid of the process about to fork, recorded before each fork: in the
# child, ``os.getppid()`` differs from it exactly when the parent is gone.
_forking_pid: int | None = None
_set_death_signal: Callable[[], bool] | None = None


def end_workers_with_parent() -> None:
    """From now on, every process this process forks (and the processes
    they fork) is killed when its parent ends, however the parent ends.
    Calling it again changes nothing."""
    global _registered, _set_death_signal
    if _registered or not hasattr(os, "register_at_fork"):
        return
    _registered = True
    # libc is looked up here, in the parent, once: looking it up in each
    # child after fork would repeat the work (find_library may run a
    # program) for every worker.
    _set_death_signal = _linux_death_signal()
    os.register_at_fork(before=_record_forking_pid, after_in_child=_tie_to_parent)
    # Not get_context(): it would fix the start method for the whole process.
    method = multiprocessing.get_start_method(allow_none=True) or multiprocessing.get_all_start_methods()[0]
    if method != "fork":
        log.warning(
            "multiprocessing starts workers with %r, not 'fork': workers may outlive a killed stage",
            method,
        )


def _record_forking_pid() -> None:
    global _forking_pid
    _forking_pid = os.getpid()


def _tie_to_parent() -> None:
    """Runs in the child, right after fork."""
    parent = _forking_pid
    if _set_death_signal is None or not _set_death_signal():
        _watch_parent(parent)
    # The parent may have died between fork() and prctl(); the kernel then
    # never sends the signal, and the child has been handed to init (or a
    # subreaper) already.
    if parent is not None and os.getppid() != parent:
        os._exit(1)


def _linux_death_signal() -> Callable[[], bool] | None:
    """A function that asks the kernel to SIGKILL the calling process when
    its parent dies, True on success; None where there is no such call.

    Through ctypes rather than a package (python-prctl and the like): it is
    one call with two integers, and those packages are thinly maintained."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        prctl = libc.prctl
    except (OSError, AttributeError):
        return None
    prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong]
    prctl.restype = ctypes.c_int

    def set_death_signal() -> bool:
        return prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0

    return set_death_signal


def _watch_parent(parent: int | None) -> None:
    """Where prctl is missing: a daemon thread that ends the process once
    its parent has gone (the child is then re-parented, so its parent id
    changes)."""
    expected = parent if parent is not None else os.getppid()

    def watch() -> None:
        while os.getppid() == expected:
            time.sleep(WATCH_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="samenspraak-parent-watch", daemon=True).start()
