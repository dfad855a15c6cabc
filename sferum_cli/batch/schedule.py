"""Which process builds which school of a batch, and in what order results come.

A school whose inputs have not changed is answered in the main process from
its state (:func:`~sferum_cli.batch.school.unchanged_entry`), before its file
is parsed; the others are built in the main process (``--jobs 1``) or in
worker processes started by ``fork`` where it is safe (Linux: they start
with everything the first school loaded), a batch of schools per round trip.
Results come back in input order, with a bounded number of schools in flight,
so memory does not grow with the number of schools.
"""

from __future__ import annotations

import os
import time
from collections import deque
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from sferum_cli.batch.entry import Entry
from sferum_cli.batch.school import Task, build_many, build_one, unchanged_entry

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

BATCH = 8  # schools sent to a worker at a time: one round trip for several


def results(tasks: Iterator[Task], jobs: int) -> Iterator[Entry]:
    """Results in input order.  A school whose inputs have not changed is
    answered here from its state, before anything is parsed (no worker, no
    pool if nothing else is to do); the others are built here (``jobs`` 1)
    or by ``jobs`` worker processes, sent in batches of up to :data:`BATCH`
    schools that follow each other, at most ``jobs * 2`` batches in flight."""
    window: deque[Entry | _Batch] = deque()
    pool: ProcessPoolExecutor | None = None
    batch: _Batch | None = None  # the batch still taking schools (the last in the window)
    in_flight = 0

    def send() -> None:
        nonlocal pool, batch, in_flight
        assert batch is not None
        pool = pool or _pool(jobs)
        batch.submit(pool)
        batch, in_flight = None, in_flight + 1

    built_here = False
    try:
        for task in tasks:
            entry = unchanged_entry(task)
            if entry is None and (jobs <= 1 or not built_here):
                # The first school is built here: it imports and compiles
                # everything the others need (model, templates, grammar),
                # and the workers inherit it.
                built_here = True
                entry = build_one(task)
            if entry is not None:
                if batch is not None:  # a batch holds only schools that follow each other
                    send()
                window.append(entry)
            else:
                if batch is None:
                    batch = _Batch()
                    window.append(batch)
                batch.tasks.append(task)
                if len(batch.tasks) >= BATCH:
                    send()
            # Hand over what is ready; wait when enough is in flight or queued.
            while window:
                first = window[0]
                if isinstance(first, _Batch) and not first.ready():
                    if in_flight < jobs * 2 and len(window) < BATCH * jobs * 8:
                        break
                    if first is batch:
                        send()
                window.popleft()
                if isinstance(first, _Batch):
                    in_flight -= 1
                    yield from first.entries()
                else:
                    yield first
        if batch is not None:
            send()
        while window:
            first = window.popleft()
            yield from first.entries() if isinstance(first, _Batch) else (first,)
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)


class _Batch:
    """Schools that go to one worker together, in input order."""

    def __init__(self) -> None:
        self.tasks: list[Task] = []
        self.future: Future[list[Entry]] | None = None

    def submit(self, pool: ProcessPoolExecutor) -> None:
        self.future = pool.submit(build_many, self.tasks)

    def ready(self) -> bool:
        return self.future is not None and self.future.done()

    def entries(self) -> list[Entry]:
        assert self.future is not None
        return self.future.result()


def _pool(jobs: int) -> ProcessPoolExecutor:
    from concurrent.futures import ProcessPoolExecutor  # only when there is work for it

    return ProcessPoolExecutor(
        max_workers=jobs,
        mp_context=_context(),
        initializer=_worker_start,
        initargs=(os.getpid(),),
    )


def _worker_start(parent: int) -> None:
    """A worker ends when the build that started it is gone, even after SIGKILL
    (otherwise it waits for work forever: it holds the queue's pipe open itself).

    Linux: the kernel sends SIGKILL when the parent dies (PR_SET_PDEATHSIG).
    Everywhere: a thread checks every half second that the parent is still
    there (a dead parent's children are adopted by another process)."""
    import sys
    import threading

    if sys.platform.startswith("linux"):
        import ctypes
        import signal

        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, int(signal.SIGKILL), 0, 0, 0)  # 1 = PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # it died before prctl took effect
        os._exit(1)
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


def _context() -> Any:
    """Fork where it is safe (Linux): workers start with everything loaded."""
    import multiprocessing
    import sys

    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()
