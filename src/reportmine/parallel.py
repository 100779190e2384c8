"""Extraction in worker processes, for :func:`reportmine.pipeline.run`.

Each worker loads the segmenter's dictionary, the gazetteers and the model once, when it
starts (:func:`_start`), and then analyses one document per task. With one worker nothing is
forked: tasks run in the calling process, so a single-worker run pays no pickling.
"""
from __future__ import annotations

import multiprocessing
import os
import threading
import time
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager

_MODEL = None  # the worker's model, loaded once by _start


def default_workers() -> int:
    """Worker processes by default: the CPUs this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


# Starting a worker (a fresh interpreter importing reportmine, its dictionary, gazetteers and model)
# takes a few seconds; below this much input one process finishes first.
PARALLEL_FROM_BYTES = 2_000_000


def choose_workers(requested: int | None, input_bytes: int) -> int:
    """Workers for a run: as requested, else the CPUs for a corpus worth the start-up, else one."""
    if requested:
        return requested
    return default_workers() if input_bytes >= PARALLEL_FROM_BYTES else 1


def warm_up() -> None:
    """Load what every document needs (segmenter dictionary, gazetteers, regions) before timing starts."""
    from .pipeline import process
    from .ingest import RawDocument

    process(RawDocument(source="<warm-up>", text="河北省总工会女职工委员会开展“会聚良缘”活动，全省女职工26.5万人。"))


def _watch(parent: int, every: float = 2.0) -> None:
    """End this worker when the run that started it is gone (killed, not shut down), instead of
    lingering as an orphan holding a model in memory."""
    while True:
        time.sleep(every)
        try:
            os.kill(parent, 0)
        except ProcessLookupError:
            os._exit(1)
        except PermissionError:  # alive, under another user
            pass


def _start(model_path: str | None, parent: int) -> None:
    global _MODEL
    threading.Thread(target=_watch, args=(parent,), daemon=True, name="reportmine-parent-watch").start()
    if model_path:
        from .model import load

        _MODEL = load(model_path)
    warm_up()


def _analyse(raw, text, sha256):
    from .pipeline import analyse_or_error

    return analyse_or_error(raw, text, sha256, _MODEL)


class _InProcess:
    """The executor of a one-worker run: each task runs at submit time."""

    def __init__(self, model):
        self.model = model

    def submit(self, fn, raw, text, sha256) -> Future:
        future: Future = Future()
        future.set_result(fn(raw, text, sha256, self.model))
        return future


class _Pool:
    def __init__(self, pool: ProcessPoolExecutor):
        self.pool = pool

    def submit(self, fn, raw, text, sha256) -> Future:
        return self.pool.submit(_analyse, raw, text, sha256)


@contextmanager
def executor(workers: int, model=None):
    """Something with ``submit(analyse_or_error, raw, text, sha256) -> Future``: ``workers``
    processes, or this process when ``workers`` is 1."""
    if workers <= 1:
        yield _InProcess(model)
        return
    if model is not None and not model.path:
        raise ValueError("an in-memory model cannot be sent to worker processes; save it or use workers=1")
    # not fork: the parent may hold threads and a large heap; each worker loads the model by path
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_start,
                               initargs=(str(model.path) if model is not None else None, os.getpid()))
    try:
        yield _Pool(pool)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
