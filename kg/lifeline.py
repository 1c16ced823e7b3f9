"""Worker processes that die with the process they work for, and bound themselves.

A worker whose parent is killed (``kill -9``, the OOM killer) must not live on: it would
hold its memory and CPU, and a runaway query or article in it would grow without the
limits its dead parent enforced. Two ways, both used where they apply:

- :func:`die_with_parent` asks the kernel (Linux ``prctl(PR_SET_PDEATHSIG)``) to send the
  worker SIGKILL when its parent exits. It holds for a worker forked by the process it
  works for (build workers); it needs no Python code to run in the worker.
- :func:`watch_process` starts a thread that waits on a pidfd of the process the worker
  works for and kills the worker when that process exits. It holds whatever the process
  tree (query workers are forked by multiprocessing's fork server, not by the server);
  it needs the GIL for a moment, which pyoxigraph and spaCy release often.

:func:`limit_memory` caps the worker's data segment (``RLIMIT_DATA``: heap and private
mappings) so an allocation past it fails in the worker itself, parent or no parent.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import resource
import select
import signal
import threading

#: ``prctl`` option: the signal the calling process gets when its parent exits.
PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int) -> None:
    """SIGKILL this process when its parent exits; exit now if ``parent`` already has.

    ``parent`` is the pid the caller expects as its parent: if the parent died before
    the request reached the kernel, this process has been re-parented already.
    """
    libc = ctypes.CDLL(None, use_errno=True)  # this process's own symbols: libc's among them
    if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_PDEATHSIG) failed")
    if os.getppid() != parent:
        os._exit(1)


def watch_process(pid: int) -> None:
    """Kill this process (SIGKILL) as soon as process ``pid`` exits; at once if it has."""
    try:
        handle = os.pidfd_open(pid)
    except ProcessLookupError:
        os.kill(os.getpid(), signal.SIGKILL)
        return

    def wait() -> None:
        select.select([handle], [], [])
        os.kill(os.getpid(), signal.SIGKILL)

    threading.Thread(target=wait, name="kg-lifeline", daemon=True).start()


def data_bytes() -> int:
    """This process's data segment now (``VmData``: what ``RLIMIT_DATA`` counts), in bytes."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmData:"):
                return int(line.split()[1]) * 1024
    return 0


def limit_memory(extra_bytes: int) -> None:
    """Let this process's data segment grow by at most ``extra_bytes`` from its size now:
    an allocation past that fails (MemoryError in Python, an abort in native code)."""
    limit = data_bytes() + extra_bytes
    _soft, hard = resource.getrlimit(resource.RLIMIT_DATA)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_DATA, (limit, hard))
