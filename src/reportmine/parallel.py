"""Extraction in worker processes, for :func:`reportmine.pipeline.run`.

Each worker loads the segmenter's dictionary, the gazetteers and the model once, when it
starts (:func:`_start`), and then analyses a chunk of documents per task. With one worker nothing is
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
_KB = None  # the worker's read-only connection to the KB, to skip documents already in it


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


def _start(model_path: str | None, parent: int, kb: str | None) -> None:
    global _MODEL, _KB
    threading.Thread(target=_watch, args=(parent,), daemon=True, name="reportmine-parent-watch").start()
    if model_path:
        from .model import load

        _MODEL = load(model_path)
    if kb:
        import sqlite3

        _KB = sqlite3.connect(f"file:{kb}?mode=ro", uri=True, check_same_thread=False)
    warm_up()


def _known(sha256: str) -> int | None:
    """The id of a committed document with this hash, as this worker's read-only view shows it."""
    if _KB is None:
        return None
    try:
        row = _KB.execute("select id from documents where sha256 = ?", [sha256]).fetchone()
    except Exception:  # noqa: BLE001 - busy or locked: extract it; the writer still stores it once
        return None
    return row[0] if row else None


def _work(raws):
    from .pipeline import work

    return [work(raw, _MODEL, _known) for raw in raws]


class _InProcess:
    """The executor of a one-worker run: each task runs at submit time, against the writer's own
    connection (which also sees the documents of the batch not yet committed)."""

    def __init__(self, model, store):
        self.model, self.store = model, store

    def flush(self, future: Future | None = None) -> None:
        """Nothing waits: each document was analysed when submitted."""

    def submit(self, raw) -> Future:
        from .pipeline import work

        future: Future = Future()
        future.set_result(work(raw, self.model, self.store.has if self.store is not None else (lambda _: None)))
        return future


class _Pool:
    """Documents go to the workers ``chunk`` at a time: one task per document cost the writer's
    process (which also stores every result) a pickling round trip and a wake-up per document.
    Each document still gets a future of its own; :meth:`flush` sends a partial chunk."""

    def __init__(self, pool: ProcessPoolExecutor, chunk: int):
        self.pool, self.chunk = pool, max(1, chunk)
        self._raws: list = []
        self._futures: list[Future] = []

    def submit(self, raw) -> Future:
        future: Future = Future()
        self._raws.append(raw)
        self._futures.append(future)
        if len(self._raws) >= self.chunk:
            self.flush()
        return future

    def flush(self, future: Future | None = None) -> None:
        """Send the documents waiting for a full chunk (only if ``future`` is one of them, when given)."""
        if not self._raws or (future is not None and not any(f is future for f in self._futures)):
            return
        futures = self._futures
        task = self.pool.submit(_work, self._raws)
        self._raws, self._futures = [], []

        def done(task: Future) -> None:
            error = task.exception()
            for i, future in enumerate(futures):
                if error is not None:
                    future.set_exception(error)
                else:
                    future.set_result(task.result()[i])

        task.add_done_callback(done)


CHUNK = 8  # documents per task sent to a worker


@contextmanager
def executor(workers: int, model=None, store=None):
    """Something with ``submit(raw) -> Future`` of :func:`reportmine.pipeline.work`'s result, and
    ``flush(future)`` to send what waits for a full chunk (before waiting for ``future``):
    ``workers`` processes, or this process when ``workers`` is 1. ``store``: the KB, whose
    documents are not extracted again."""
    if workers <= 1:
        yield _InProcess(model, store)
        return
    if model is not None and not model.path:
        raise ValueError("an in-memory model cannot be sent to worker processes; save it or use workers=1")
    # not fork: the parent may hold threads and a large heap; each worker loads the model by path
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    if context.get_start_method() == "forkserver":
        # the fork server imports reportmine and loads the dictionaries once; every worker forked
        # from it shares them (about a second of start-up and ~100 MB per worker saved)
        context.set_forkserver_preload(["reportmine.preload"])
    kb = str(store.path.resolve()) if store is not None else None
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_start,
                               initargs=(str(model.path) if model is not None else None, os.getpid(), kb))
    try:
        yield _Pool(pool, CHUNK)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
