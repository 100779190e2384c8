"""Extraction in worker processes, for :func:`reportmine.pipeline.run`.

A run of N workers is N processes extracting, the writer's among them: N - 1 are forked
(:class:`_Pool`). Each forked worker loads the segmenter's dictionary, the gazetteers and the model
once, when it starts (:func:`_start`), and then analyses a chunk of documents per task. The writer
keeps them supplied and, whenever the next result to store is not back yet, extracts a waiting
document itself instead of waiting (:meth:`_Pool.steal`): on two cores, two extracting processes
plus an idle-waiting writer had left the cores a tenth idle and paid a pickling round trip for
every document. With one worker nothing is forked: tasks run in the calling process.
"""
from __future__ import annotations

import multiprocessing
import os
import threading
import time
from concurrent.futures import Future, ProcessPoolExecutor
from collections import deque
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


def start_server():
    """The context worker processes start from, its fork server started now (idempotent).

    Not fork: the parent may hold threads and a large heap; each worker loads the model by path.
    The fork server imports reportmine and loads the dictionaries once, and every worker is forked
    from it, sharing them. That takes about a second, and creating the pool waits for it: a run
    calls this as soon as it knows it will fork, so the server loads while the run starts up."""
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    if context.get_start_method() == "forkserver":
        from multiprocessing import forkserver

        context.set_forkserver_preload(["reportmine.scale.preload"])
        forkserver.ensure_running()
    return context


def warm_up() -> None:
    """Load what every document needs (segmenter dictionary, gazetteers, regions) before timing starts."""
    from reportmine.document import process
    from reportmine.ingest.files import RawDocument

    process(RawDocument(source="<warm-up>", text="河北省总工会女职工委员会开展“会聚良缘”活动，全省女职工26.5万人。"))


GC_THRESHOLD = 10_000  # allocations between collections of the youngest generation (Python's default: 700)


def tune_gc() -> None:
    """Set this process's garbage collector for a batch run, once what it keeps is loaded.

    A run makes millions of short-lived objects that reference counting frees; the cyclic collector
    still ran 1,100 times per 2,000 documents and walked the whole start-up heap (dictionaries,
    gazetteers, patterns, the model) 9 times: 0.56 s, 4% of a one-worker run. Frozen (``gc.freeze``:
    never scanned again, and not written to in forked workers, whose pages stay shared) and with
    the youngest generation collected every ``GC_THRESHOLD`` allocations, it takes 0.06 s. Called by
    ``reportmine run``, the fork server and each worker, never by the library on its own."""
    import gc

    gc.freeze()
    gc.set_threshold(GC_THRESHOLD, 10, 10)


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
        from reportmine.learn.model import load

        _MODEL = load(model_path)
    if kb:
        import sqlite3

        _KB = sqlite3.connect(f"file:{kb}?mode=ro", uri=True, check_same_thread=False)
    warm_up()
    tune_gc()


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
    from reportmine.document import work

    return [work(raw, _MODEL, _known) for raw in raws]


class _InProcess:
    """The executor of a one-worker run: each task runs at submit time, against the writer's own
    connection (which also sees the documents of the batch not yet committed)."""

    def __init__(self, model, store):
        self.model, self.store = model, store

    def flush(self, future: Future | None = None) -> None:
        """Nothing waits: each document was analysed when submitted."""

    def hungry(self) -> bool:
        """No other process waits for work."""
        return False

    def steal(self) -> bool:
        """Nothing is waiting to be extracted."""
        return False

    def submit(self, raw) -> Future:
        future: Future = Future()
        future.set_result(self.work(raw))
        return future

    def work(self, raw):
        from reportmine.document import work

        return work(raw, self.model, self.store.has if self.store is not None else (lambda _: None))


class _Pool:
    """Forked workers fed ``chunk`` documents per task (one task per document cost the writer a
    pickling round trip and a wake-up each), at most ``ahead`` documents per worker in flight; the
    rest wait here, where :meth:`steal` extracts them in this process. Each document has a future
    of its own."""

    def __init__(self, pool: ProcessPoolExecutor, forked: int, local: _InProcess, chunk: int, ahead: int):
        self.pool, self.local, self.chunk = pool, local, max(1, chunk)
        self.capacity = max(self.chunk, ahead * forked)
        self._waiting: deque[tuple] = deque()  # (raw, future) not sent yet, oldest first
        self._sent: deque[Future] = deque()  # futures of documents sent to a worker, in order
        self.stolen = 0  # documents extracted in this process

    def _in_flight(self) -> int:
        while self._sent and self._sent[0].done():
            self._sent.popleft()
        return len(self._sent)

    def hungry(self) -> bool:
        """Whether the workers could take more than is waiting to be sent."""
        return self._in_flight() + len(self._waiting) < self.capacity

    def submit(self, raw) -> Future:
        future: Future = Future()
        self._waiting.append((raw, future))
        self._send()
        return future

    def _send(self, partial: bool = False) -> None:
        while self._waiting and (len(self._waiting) >= self.chunk or partial) and self._in_flight() < self.capacity:
            batch = [self._waiting.popleft() for _ in range(min(self.chunk, len(self._waiting)))]
            futures = [f for _, f in batch]
            task = self.pool.submit(_work, [raw for raw, _ in batch])
            self._sent.extend(futures)

            def done(task: Future, futures=futures) -> None:
                error = task.exception()
                for i, future in enumerate(futures):
                    if error is not None:
                        future.set_exception(error)
                    else:
                        future.set_result(task.result()[i])

            task.add_done_callback(done)

    def steal(self) -> bool:
        """Extract the oldest waiting document here; False when none waits."""
        if not self._waiting:
            return False
        raw, future = self._waiting.popleft()
        future.set_result(self.local.work(raw))
        self.stolen += 1
        return True

    def flush(self, future: Future | None = None) -> None:
        """Send what waits for a full chunk, if the workers have room (only if ``future`` is one of
        the waiting documents, when given)."""
        if future is None or any(f is future for _, f in self._waiting):
            self._send(partial=True)


PIPE_BYTES = 1 << 20  # Linux's default limit for an unprivileged process


def _widen_pipes(pool: ProcessPoolExecutor) -> None:
    """Let a worker hand over a chunk's results (~140 KB) without waiting. A pipe holds 64 KB by
    default, so a worker blocked in its write until the writer's process, busy storing or
    extracting, got round to reading (2.8 ms per task, 8% of a worker's time). Best effort: it
    reaches into the pool's private queues, and only Linux can resize a pipe."""
    import fcntl

    resize = getattr(fcntl, "F_SETPIPE_SZ", None)
    if resize is None:  # not Linux
        return
    try:
        ends = (pool._result_queue._reader, pool._call_queue._reader)
    except AttributeError:  # another Python's pool
        return
    for end in ends:
        try:
            fcntl.fcntl(end.fileno(), resize, PIPE_BYTES)
        except (OSError, ValueError):  # over the system's limit, or a closed pipe
            pass


CHUNK = 8  # documents per task sent to a worker
AHEAD = 4 * CHUNK  # documents in flight per forked worker: enough to cover the writer's longest pause


@contextmanager
def executor(workers: int, model=None, store=None):
    """Something with ``submit(raw) -> Future`` of :func:`reportmine.document.work`'s result;
    ``hungry()``: whether more input should be read for the other processes; ``steal()``: extract a
    waiting document in this process (False when none waits); and ``flush(future)`` to send what
    waits for a full chunk. ``workers`` processes extract: this one and ``workers - 1`` forked ones.
    ``store``: the KB, whose documents are not extracted again."""
    local = _InProcess(model, store)
    if workers <= 1:
        yield local
        return
    if model is not None and not model.path:
        raise ValueError("an in-memory model cannot be sent to worker processes; save it or use workers=1")
    context = start_server()
    warm_up()  # this process extracts too; meanwhile the fork server loads the same
    kb = str(store.path.resolve()) if store is not None else None
    pool = ProcessPoolExecutor(max_workers=workers - 1, mp_context=context, initializer=_start,
                               initargs=(str(model.path) if model is not None else None, os.getpid(), kb))
    _widen_pipes(pool)
    try:
        yield _Pool(pool, workers - 1, local, CHUNK, AHEAD)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
