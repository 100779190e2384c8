"""The pipeline, stage by stage:

1. load       - read each input file (:mod:`reportmine.load`)
2. clean      - strip furniture, fold characters, rejoin broken words (:mod:`reportmine.clean`)
3. segment    - sentences and words, with the domain dictionary (:mod:`reportmine.segment`)
4. extract    - organisations, programmes, figures, awardees (:mod:`reportmine.extract`)
5. normalise  - numbers and units in the extractors; canonical names, kinds, regions, parents,
                figure metrics and periods (:mod:`reportmine.link`)
6. store      - one transaction per document into the KB (:mod:`reportmine.store`)

Segmentation happens inside extraction, on demand, so stages 3-5 run in :func:`process`.
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from . import dedup
from .search import document_terms, title_terms
from .clean import clean
from .errors import InputError
from .doc import Doc
from .extract import extract_doc
from .link import link
from .load import MAX_BYTES, RawDocument, iter_documents
from .store import ProcessedDocument, Store, now
from .textmeta import text_metadata

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
    grams = dedup.shingles(doc.shadow)
    extraction = extract_doc(doc, model)
    sentences, words = document_terms(doc)
    return ProcessedDocument(
        source=raw.source, line=raw.line, title=title, text=text,
        sha256=sha256, script="traditional" if doc.is_traditional else "simplified", meta=meta,
        shingles=grams, band_keys=tuple(dedup.band_keys(grams)), extraction=extraction,
        links=link(extraction, title, meta), sentences=sentences, words=words,
        title_words=title_terms(title))


def process(raw: RawDocument, model=None) -> ProcessedDocument:
    """Clean and extract one document."""
    return analyse(raw, *prepare(raw), model=model)


def run(paths: Iterable[str], store: Store, encoding: str | None = None, max_bytes: int = MAX_BYTES,
        on_document: Callable[[str], None] | None = None, model=None) -> RunSummary:
    """Run every stage over ``paths`` into ``store``. Bad inputs are recorded and skipped.

    ``model``: a trained :class:`reportmine.model.Model` combined with the rules (None: rules only)."""
    started, summary = now(), RunSummary()
    paths = list(paths)
    for item in iter_documents(paths, encoding=encoding, max_bytes=max_bytes):
        if isinstance(item, InputError):
            summary.errors.append(str(item))
            store.add_error(item.source, item.reason, item.line)
        else:
            _store_one(item, store, summary, model)
        if on_document:
            on_document(getattr(item, "source", ""))
    store.add_run(started, [str(p) for p in paths], summary.added, summary.skipped, len(summary.errors),
                  model=f"{model.path or 'in memory'} {model.version}" if model is not None else None)
    return summary


def _store_one(raw: RawDocument, store: Store, summary: RunSummary, model=None) -> None:
    try:
        text, sha256 = prepare(raw)
    except InputError as e:
        summary.errors.append(str(e))
        store.add_error(e.source, e.reason, e.line)
        return
    known = store.has(sha256)
    if known:  # already in the KB: not extracted again; a new place it was seen is recorded
        store.add_source(known, raw.source, raw.line)
        summary.skipped += 1
        return
    doc = analyse(raw, text, sha256, model)
    _, original = store.add(doc)
    summary.added += 1
    summary.near_duplicates += original is not None
    summary.records["mentions"] += len(doc.extraction.mentions)
    summary.records["figures"] += len(doc.extraction.figures)
    summary.records["awardees"] += len(doc.extraction.awardees)
