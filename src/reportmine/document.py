"""One document through every stage but the store: cleaned and hashed (:func:`prepare`), then
segmented, extracted and linked (:func:`analyse`) into a :class:`~reportmine.kb.store.ProcessedDocument`.
Pure: no I/O. :func:`work` is what a worker process runs for one input;
:func:`reportmine.pipeline.run` streams many inputs through it into the KB."""
from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from reportmine.errors import InputError
from reportmine.extractors import extract_doc
from reportmine.ingest.clean import clean
from reportmine.ingest.files import RawDocument
from reportmine.ingest.textmeta import text_metadata
from reportmine.kb import dedup
from reportmine.kb.search import document_terms, title_terms
from reportmine.kb.store import ProcessedDocument
from reportmine.link import Links, link, unlinked
from reportmine.records import Extraction, Failure, isolated
from reportmine.text.doc import Doc


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
    """Extract every record from a cleaned text, with its metadata and near-duplicate keys. Pure: no I/O.

    Every part runs isolated (:func:`reportmine.records.isolated`): metadata, near-duplicate keys,
    each extractor, linking and the search terms. A part that raises costs only what it makes (a
    failed linking leaves the records unlinked); ``extraction.failures`` lists it, and the
    store records the document as incomplete."""
    failures: list[Failure] = []
    meta = isolated("metadata", failures, metadata, raw, text, fallback=lambda: dict(raw.meta))
    title = meta.pop("title", None)
    doc = Doc(text)
    grams, signature = isolated("dedup", failures, _near_keys, doc, fallback=((), ()))
    extraction = extract_doc(doc, model)
    extraction.failures[:0] = failures
    links = isolated("link", extraction.failures, link, extraction, title, meta,
                     fallback=lambda: unlinked(extraction))
    sentences, title_words = isolated("search", extraction.failures, _terms, doc, title, fallback=((), ""))
    return ProcessedDocument(
        source=raw.source, line=raw.line, title=title, text=text,
        sha256=sha256, script="traditional" if doc.is_traditional else "simplified", meta=meta,
        shingles=grams, band_keys=tuple(dedup.band_keys(signature)) if len(signature) else (),
        signature=signature, extraction=extraction, links=links, sentences=sentences, title_words=title_words)


def _terms(doc: Doc, title: str | None) -> tuple[tuple, str]:
    """The sentences with their index terms, and the title's terms (both or neither: the store's
    redo reads back what was indexed)."""
    return document_terms(doc)[0], title_terms(title)


def _near_keys(doc: Doc):
    grams = dedup.shingles(doc.shadow, simplified=True)
    return grams, dedup.minhash(grams)


def process(raw: RawDocument, model=None) -> ProcessedDocument:
    """Clean and extract one document."""
    return analyse(raw, *prepare(raw), model=model)


@dataclass(frozen=True)
class Known:
    """A text the KB already holds: not extracted again."""
    sha256: str


def work(raw: RawDocument, model=None, known: Callable[[str], object] = lambda _: None
         ) -> ProcessedDocument | InputError | Known:
    """One document's whole analysis, as a worker does it: clean and hash; :class:`Known` when
    ``known(sha256)`` says the KB holds it; else every record. The parts of the analysis fail
    alone (:func:`analyse`); should the analysis fail outside them (the Doc itself), the document
    is still stored, bare (:func:`bare`)."""
    try:
        text, sha256 = prepare(raw)
    except InputError as e:
        return e
    if known(sha256) is not None:
        return Known(sha256)
    try:
        return analyse(raw, text, sha256, model)
    except Exception as e:  # noqa: BLE001 - one bad text must not stop a run of thousands: stored, marked
        return bare(raw, text, sha256, Failure.of("analysis", e))


def bare(raw: RawDocument, text: str, sha256: str, failure: Failure) -> ProcessedDocument:
    """A document whose analysis failed outside its isolated parts: its text and the metadata the
    input gave, no records, the failure recorded (``run --redo-incomplete`` extracts it again)."""
    meta = dict(raw.meta)
    return ProcessedDocument(source=raw.source, line=raw.line, title=meta.pop("title", None), text=text,
                             sha256=sha256, script="simplified", meta=meta,
                             extraction=Extraction(text=text, failures=[failure]), links=Links())
