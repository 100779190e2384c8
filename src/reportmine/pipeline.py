"""The pipeline, stage by stage:

1. load       - read each input file (:mod:`reportmine.ingest`)
2. clean      - strip furniture, fold characters, rejoin broken words (:mod:`reportmine.clean`)
3. segment    - sentences and words, with the domain dictionary (:mod:`reportmine.segment`)
4. extract    - organisations, programmes, figures, awardees (:mod:`reportmine.extractors`)
5. normalise  - numbers and units in the extractors; canonical names, kinds, regions, parents,
                figure metrics and periods (:mod:`reportmine.link`)
6. store      - one transaction per document into the KB (:mod:`reportmine.store`)

Segmentation happens inside extraction, on demand, so stages 3-5 run in :func:`process`.
"""
from __future__ import annotations

import hashlib
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from . import dedup
from .search import document_terms, title_terms
from .clean import clean
from .errors import InputError
from .doc import Doc
from .extractors import extract_doc
from .link import link
from .ingest import MAX_BYTES, RawDocument, iter_documents
from .store import ProcessedDocument, Store, now
from .textmeta import text_metadata

BATCH = 256  # documents per transaction of the writer: each commit and FTS flush has a fixed cost


@dataclass
class RunSummary:
    added: int = 0
    skipped: int = 0
    near_duplicates: int = 0
    errors: list[str] = field(default_factory=list)
    records: dict[str, int] = field(default_factory=lambda: {"mentions": 0, "figures": 0, "awardees": 0})

    @property
    def ok(self) -> bool:
        return not self.errors


def prepare(raw: RawDocument) -> tuple[str, str]:
    """The cleaned text and its content hash (what identifies a document in the KB)."""
    text = clean(raw.text)
    if not text:
        raise InputError(raw.source, "no text left after cleaning")
    return text, hashlib.sha256(text.encode("utf-8")).hexdigest()


def metadata(raw: RawDocument, text: str) -> dict:
    """Document metadata: what the input format gave (HTML, JSON Lines) wins over what the text says."""
    found = text_metadata(text)
    written = {"title": found.title, "date": found.date, "source_name": found.source, "author": found.author}
    return {k: v for k, v in written.items() if v} | {k: v for k, v in raw.meta.items() if v}


def analyse(raw: RawDocument, text: str, sha256: str, model=None) -> ProcessedDocument:
    """Extract every record from a cleaned text, with its metadata and near-duplicate keys. Pure: no I/O."""
    meta = metadata(raw, text)
    title = meta.pop("title", None)
    doc = Doc(text)
    grams = dedup.shingles(doc.shadow, simplified=True)
    signature = dedup.minhash(grams)
    extraction = extract_doc(doc, model)
    sentences, _ = document_terms(doc)
    return ProcessedDocument(
        source=raw.source, line=raw.line, title=title, text=text,
        sha256=sha256, script="traditional" if doc.is_traditional else "simplified", meta=meta,
        shingles=grams, band_keys=tuple(dedup.band_keys(signature)), signature=signature,
        extraction=extraction,
        links=link(extraction, title, meta), sentences=sentences,
        title_words=title_terms(title))


def process(raw: RawDocument, model=None) -> ProcessedDocument:
    """Clean and extract one document."""
    return analyse(raw, *prepare(raw), model=model)


def run(paths: Iterable[str], store: Store, encoding: str | None = None, max_bytes: int = MAX_BYTES,
        on_document: Callable[[RawDocument | InputError], None] | None = None, model=None,
        workers: int = 1, batch: int = BATCH) -> RunSummary:
    """Run every stage over ``paths`` into ``store``, streaming. Bad inputs are recorded and skipped.

    ``model``: a trained :class:`reportmine.model.Model` combined with the rules (None: rules only).
    ``workers``: extraction processes, this one among them (1: this one alone). Inputs are read
    here and handed to the forked workers, a few chunks per worker in flight; whenever the next
    result to store is not back, this process extracts a waiting input itself. Each input is
    cleaned and hashed, and a text whose hash the KB already holds is not extracted (so an
    interrupted run resumes where it stopped). Results are stored in input order by the one
    writer, this process, which commits ``batch``
    documents per transaction, each in a savepoint of its own: a document that fails to store
    leaves nothing behind, and a crash loses at most the uncommitted batch, which the next run
    redoes."""
    from .parallel import executor

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


@dataclass(frozen=True)
class Known:
    """A text the KB already holds: not extracted again."""
    sha256: str


def work(raw: RawDocument, model=None, known: Callable[[str], object] = lambda _: None
         ) -> ProcessedDocument | InputError | Known:
    """One document's whole analysis, as a worker does it: clean and hash; :class:`Known` when
    ``known(sha256)`` says the KB holds it; else every record. A failure of the extractors
    becomes an error naming the input."""
    try:
        text, sha256 = prepare(raw)
    except InputError as e:
        return e
    if known(sha256) is not None:
        return Known(sha256)
    try:
        return analyse(raw, text, sha256, model)
    except Exception as e:  # noqa: BLE001 - one bad text must not stop a run of thousands
        return InputError(raw.source, f"extraction failed: {type(e).__name__}: {e}", raw.line)


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
    summary.records["mentions"] += len(result.extraction.mentions)
    summary.records["figures"] += len(result.extraction.figures)
    summary.records["awardees"] += len(result.extraction.awardees)


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
