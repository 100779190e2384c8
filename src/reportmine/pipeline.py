"""The pipeline, stage by stage:

1. load       - read each input file (:mod:`reportmine.load`)
2. clean      - strip furniture, fold characters, rejoin broken words (:mod:`reportmine.clean`)
3. segment    - sentences and words, with the domain dictionary (:mod:`reportmine.segment`)
4. extract    - organisations, programmes, figures, awardees (:mod:`reportmine.extract`)
5. normalise  - numbers and units in the extractors; entity keys (:mod:`reportmine.entities`)
6. store      - one transaction per document into the KB (:mod:`reportmine.store`)

Segmentation happens inside extraction, on demand, so stages 3-5 run in :func:`process`.
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from .clean import clean
from .errors import InputError
from .extract import extract
from .load import RawDocument, iter_documents
from .script import looks_traditional
from .store import ProcessedDocument, Store, now

META_LINE = re.compile(r"(发布时间|发布日期|发表时间|发表于|来源|文章来源|作者|编辑|日期)[:：]")
SENTENCE_PUNCT = re.compile(r"[。；;!！?？]|,.*,")


@dataclass
class RunSummary:
    added: int = 0
    skipped: int = 0
    errors: list[str] = field(default_factory=list)
    records: dict[str, int] = field(default_factory=lambda: {"mentions": 0, "figures": 0, "awardees": 0})

    @property
    def ok(self) -> bool:
        return not self.errors


def guess_title(text: str) -> str | None:
    """The headline: the line just above a dateline/source line, else the first headline-like line."""
    lines = [line.strip() for line in text.split("\n")]
    candidates = [i for i, line in enumerate(lines) if 6 <= len(line) <= 60 and not SENTENCE_PUNCT.search(line)
                  and not META_LINE.search(line)]
    for i, line in enumerate(lines):
        if META_LINE.search(line):
            above = [c for c in candidates if c < i]
            if above:
                return lines[above[-1]]
            break
    return lines[candidates[0]] if candidates else None


def prepare(raw: RawDocument) -> tuple[str, str]:
    """The cleaned text and its content hash (what identifies a document in the KB)."""
    text = clean(raw.text)
    if not text:
        raise InputError(raw.source, "no text left after cleaning")
    return text, hashlib.sha256(text.encode("utf-8")).hexdigest()


def analyse(source: str, text: str, sha256: str) -> ProcessedDocument:
    """Extract every record from a cleaned text. Pure: no I/O."""
    return ProcessedDocument(
        source=source, title=guess_title(text), text=text, sha256=sha256,
        script="traditional" if looks_traditional(text) else "simplified",
        extraction=extract(text))


def process(raw: RawDocument) -> ProcessedDocument:
    """Clean and extract one document."""
    return analyse(raw.source, *prepare(raw))


def run(paths: Iterable[str], store: Store, encoding: str | None = None,
        on_document: Callable[[str], None] | None = None) -> RunSummary:
    """Run every stage over ``paths`` into ``store``. Bad inputs are recorded and skipped."""
    started, summary = now(), RunSummary()
    paths = list(paths)
    for item in iter_documents(paths, encoding=encoding):
        if isinstance(item, InputError):
            summary.errors.append(str(item))
            store.add_error(item.source, item.reason, item.line)
        else:
            _store_one(item, store, summary)
        if on_document:
            on_document(getattr(item, "source", ""))
    store.add_run(started, [str(p) for p in paths], summary.added, summary.skipped, len(summary.errors))
    return summary


def _store_one(raw: RawDocument, store: Store, summary: RunSummary) -> None:
    try:
        text, sha256 = prepare(raw)
    except InputError as e:
        summary.errors.append(str(e))
        store.add_error(e.source, e.reason, e.line)
        return
    if store.has(sha256):  # already in the KB: not extracted again
        summary.skipped += 1
        return
    doc = analyse(raw.source, text, sha256)
    store.add(doc)
    summary.added += 1
    summary.records["mentions"] += len(doc.extraction.mentions)
    summary.records["figures"] += len(doc.extraction.figures)
    summary.records["awardees"] += len(doc.extraction.awardees)
