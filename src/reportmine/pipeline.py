"""The pipeline, stage by stage:

1. load       - read each input file (:mod:`reportmine.ingest.files`)
2. clean      - strip furniture, fold characters, rejoin broken words (:mod:`reportmine.ingest.clean`)
3. segment    - sentences and words, with the domain dictionary (:mod:`reportmine.text.segment`)
4. extract    - organisations, programmes, figures, awardees (:mod:`reportmine.extractors`)
5. normalise  - numbers and units in the extractors; canonical names, kinds, regions, parents,
                figure metrics and periods (:mod:`reportmine.link`)
6. store      - one transaction per document into the KB (:mod:`reportmine.kb.store`)

Stages 2-5 happen per document in :mod:`reportmine.document` (:func:`~reportmine.document.process`);
segmentation inside extraction, on demand. This module streams documents through them into the KB.
"""
from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from reportmine.document import Known
from reportmine.errors import InputError
from reportmine.ingest.files import MAX_BYTES, RawDocument, iter_documents
from reportmine.kb.store import Store, now

BATCH = 256  # documents per transaction of the writer: each commit and FTS flush has a fixed cost


@dataclass
class RunSummary:
    added: int = 0
    skipped: int = 0
    near_duplicates: int = 0
    incomplete: int = 0  # documents stored without the records of a part that failed (also in errors)
    redone: int = 0      # incomplete documents extracted again (--redo-incomplete)
    errors: list[str] = field(default_factory=list)
    records: dict[str, int] = field(default_factory=lambda: {"mentions": 0, "figures": 0, "awardees": 0})

    @property
    def ok(self) -> bool:
        return not self.errors


def run(paths: Iterable[str], store: Store, encoding: str | None = None, max_bytes: int = MAX_BYTES,
        on_document: Callable[[RawDocument | InputError], None] | None = None, model=None,
        workers: int = 1, batch: int = BATCH) -> RunSummary:
    """Run every stage over ``paths`` into ``store``, streaming. Bad inputs are recorded and skipped.

    ``model``: a trained :class:`reportmine.learn.model.Model` combined with the rules (None: rules only).
    ``workers``: extraction processes, this one among them (1: this one alone). Inputs are read
    here and handed to the forked workers, a few chunks per worker in flight; whenever the next
    result to store is not back, this process extracts a waiting input itself. Each input is
    cleaned and hashed, and a text whose hash the KB already holds is not extracted (so an
    interrupted run resumes where it stopped). Results are stored in input order by the one
    writer, this process, which commits ``batch``
    documents per transaction, each in a savepoint of its own: a document that fails to store
    leaves nothing behind, and a crash loses at most the uncommitted batch, which the next run
    redoes."""
    from reportmine.scale.parallel import executor

    started, summary = now(), RunSummary()
    paths = list(paths)
    inputs = iter_documents(paths, encoding=encoding, max_bytes=max_bytes)
    queue: deque[tuple] = deque()  # (raw, future), in input order
    with executor(workers, model, store) as pool, _Batches(store, batch) as batches:
        limit = 64 * max(1, workers)  # documents read ahead of the one to store next

        def read() -> bool:
            """The next input into the pool (or the error it gives into the KB); False at the end."""
            item = next(inputs, None)
            if item is None:
                return False
            if isinstance(item, InputError):
                _record_error(item, store, summary)
                if on_document:
                    on_document(item)
            else:
                queue.append((item, pool.submit(item)))
            return True

        more = True
        while True:  # one step at a time, the other processes' supply first
            if more and pool.hungry() and len(queue) < limit:
                more = read()
            elif queue and queue[0][1].done():  # store what is back, in input order
                raw, future = queue.popleft()
                _store_result(raw, future.result(), store, summary)
                batches.tick()
                if on_document:
                    on_document(raw)
            elif pool.steal():  # rather than wait for the next result, extract a waiting document
                pass
            elif more and len(queue) < limit:
                more = read()
            elif queue:
                pool.flush(queue[0][1])
                queue[0][1].result()  # wait
            else:
                break
    store.add_run(started, [str(p) for p in paths], summary.added, summary.skipped, len(summary.errors),
                  model=f"{model.path or 'in memory'} {model.version}" if model is not None else None)
    return summary


def _record_error(e: InputError, store: Store, summary: RunSummary) -> None:
    summary.errors.append(str(e))
    store.add_error(e.source, e.reason, e.line)


def _store_result(raw: RawDocument, result, store: Store, summary: RunSummary) -> None:
    if isinstance(result, InputError):
        _record_error(result, store, summary)
        return
    stored = store.has(result.sha256)
    if stored is not None:  # known, an in-run repeat, or stored meanwhile: record where it was seen
        store.add_source(stored, raw.source, raw.line)
        summary.skipped += 1
        return
    if isinstance(result, Known):  # a worker reads only committed rows, which the writer sees too
        raise AssertionError(f"{raw.source}: a worker saw {result.sha256[:12]} in the KB, the writer does not")
    _, original = store.add(result)
    summary.added += 1
    summary.near_duplicates += original is not None
    _count(result, summary)


def _count(result, summary: RunSummary) -> None:
    """A stored document's records in the summary, and its failures as errors (the document is kept)."""
    ex = result.extraction
    summary.records["mentions"] += len(ex.mentions)
    summary.records["figures"] += len(ex.figures)
    summary.records["awardees"] += len(ex.awardees)
    if ex.failures:
        summary.incomplete += 1
        where = f"{result.source}:{result.line}" if result.line else result.source
        summary.errors += [f"{where}: stored incomplete: {f}" for f in ex.failures]


def redo_incomplete(store: Store, model=None, on_document: Callable[[RawDocument], None] | None = None,
                    summary: RunSummary | None = None) -> RunSummary:
    """Extract again every document the KB holds as incomplete (a part of its analysis failed when
    it was stored), from its stored text and metadata, replacing its records in one transaction per
    document (:meth:`reportmine.kb.store.Store.replace`). A part that fails again is recorded again."""
    from reportmine.document import analyse

    summary = summary if summary is not None else RunSummary()
    for row in store.incomplete():
        meta = {k: row[k] for k in ("title", "date", "url", "source_name", "author", "record_id") if row[k]}
        raw = RawDocument(source=row["source"], text=row["text"], line=row["line"], meta=meta)
        result = analyse(raw, row["text"], row["sha256"], model)
        store.replace(row["id"], result)
        summary.redone += 1
        _count(result, summary)
        if on_document:
            on_document(raw)
    return summary


class _Batches:
    """The writer's transactions: one per ``size`` documents (each document in a savepoint)."""

    def __init__(self, store: Store, size: int):
        self.store, self.size, self.n, self.tx = store, max(1, size), 0, None

    def __enter__(self):
        self.tx = self.store.batch()
        self.tx.__enter__()
        return self

    def tick(self) -> None:
        self.n += 1
        if self.n % self.size == 0:
            self.tx.__exit__(None, None, None)
            self.tx = self.store.batch()
            self.tx.__enter__()

    def __exit__(self, *exc):
        return self.tx.__exit__(*exc)
