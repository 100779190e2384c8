"""Load: paths in, raw documents out.

Inputs: text files in any common Chinese encoding (UTF-8 with or without BOM, UTF-16, GB18030/GBK,
Big5: detected by charset-normalizer unless ``encoding`` forces one), HTML pages (``.html``/``.htm``
or text that is HTML: main text, title and date extracted by :mod:`reportmine.ingest.html`), JSON Lines
exports (one record per line with ``text`` or ``html``), folders (recursively), glob patterns, and
``-`` for standard input.

A file that cannot be read becomes an :class:`~reportmine.errors.InputError` naming the file (and
line) in the stream, so the caller records it and goes on with the rest.
"""
from __future__ import annotations

import glob
import json
import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from reportmine.errors import InputError

TEXT_SUFFIXES = frozenset({".txt", ".text"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
KNOWN_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES
MAX_BYTES = 20 * 1024 * 1024  # one report is never this big: a larger file is a dump passed by mistake
JSONL_FIELDS = ("text", "html", "url", "title", "date", "source", "id")
BINARY_SIGNATURES = {
    b"%PDF": "a PDF", b"\x89PNG": "a PNG image", b"\xff\xd8\xff": "a JPEG image", b"GIF8": "a GIF image",
    b"PK\x03\x04": "a ZIP archive (or Office file)", b"\x1f\x8b": "a gzip archive", b"7z\xbc\xaf": "a 7z archive",
    b"Rar!": "a RAR archive", b"\xd0\xcf\x11\xe0": "an old Office file", b"\x7fELF": "an executable",
}
STDIN = "-"


@dataclass(frozen=True, slots=True)
class RawDocument:
    """One input document before cleaning."""

    source: str
    text: str
    line: int | None = None
    meta: dict = field(default_factory=dict)  # url, title, date, source_name, record_id, extra


def decode(data: bytes, source: str, encoding: str | None = None) -> str:
    """Bytes to text: the forced encoding, else a BOM, else UTF-8, else the detected encoding."""
    if not data.strip():
        raise InputError(source, "file is empty")
    if encoding:
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError) as e:
            raise InputError(source, f"cannot decode as {encoding}: {e}") from e
    for signature, what in BINARY_SIGNATURES.items():
        if data.startswith(signature):
            raise InputError(source, f"binary file ({what}), not text")
    for bom, codec in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError as e:
                raise InputError(source, f"starts with a {codec} byte-order mark but does not decode: {e}") from e
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    return _detect(data, source)


def _detect(data: bytes, source: str) -> str:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or (b"\x00" in data and not best.encoding.startswith("utf_16")):
        if b"\x00" in data[:8192]:
            raise InputError(source, "binary file (NUL bytes), not text")
        raise InputError(source, "cannot detect the text encoding; pass --encoding")
    return str(best)


def read_bytes(path: Path, max_bytes: int = MAX_BYTES) -> bytes:
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(str(path), f"file is {size / 2**20:.0f} MiB, over the {max_bytes / 2**20:.0f} MiB "
                                        f"limit for one document (pass --max-mb to raise it)")
        return path.read_bytes()
    except OSError as e:
        raise InputError(str(path), f"cannot read: {e.strerror or e}") from e


def read_text_file(path: str | os.PathLike, encoding: str | None = None) -> str:
    """The decoded text of one file."""
    return decode(read_bytes(Path(path)), str(path), encoding)


def expand(paths: Iterable[str | os.PathLike]) -> Iterator[str]:
    """Named files as given (any type: the content decides), files of known types under folders
    (sorted; README.md and the like are left alone), glob matches; ``-`` is stdin."""
    for p in paths:
        p = str(p)
        if p == STDIN:
            yield p
        elif os.path.isdir(p):
            for child in sorted(Path(p).rglob("*")):
                if child.is_file() and child.suffix.lower() in KNOWN_SUFFIXES and not child.name.startswith("."):
                    yield str(child)
        elif not os.path.exists(p) and glob.has_magic(p):
            yield from expand(sorted(glob.glob(p, recursive=True)))
        else:
            yield p


def iter_documents(paths: Iterable[str | os.PathLike], encoding: str | None = None,
                   max_bytes: int = MAX_BYTES) -> Iterator[RawDocument | InputError]:
    """Raw documents, or the :class:`InputError` of an input that could not be read (the run goes on)."""
    for source in expand(paths):
        try:
            if source == STDIN:
                yield from documents_of(sys.stdin.buffer.read(), "<stdin>", "", encoding)
            else:
                path = Path(source)
                if path.suffix.lower() in JSONL_SUFFIXES:
                    yield from read_jsonl(path, max_bytes)
                else:
                    yield from documents_of(read_bytes(path, max_bytes), source, path.suffix.lower(), encoding)
        except InputError as e:
            yield e


def documents_of(data: bytes, source: str, suffix: str, encoding: str | None) -> Iterator[RawDocument | InputError]:
    """The document(s) in one file's bytes: HTML by suffix or content, JSON Lines from stdin, else text."""
    text = decode(data, source, encoding)
    if suffix in JSONL_SUFFIXES or (suffix == "" and source == "<stdin>" and _looks_like_jsonl(text)):
        yield from parse_jsonl(text.splitlines(), source)
        return
    from reportmine.ingest.html import looks_like_html

    if suffix in HTML_SUFFIXES or looks_like_html(text):
        yield html_document(text, source)
    else:
        yield RawDocument(source=source, text=text)


def html_document(html: str, source: str, line: int | None = None, meta: dict | None = None) -> RawDocument:
    from reportmine.ingest.html import extract_html

    page = extract_html(html, source if line is None else f"{source}:{line}")
    found = {"title": page.title, "date": page.date, **page.meta}
    merged = {k: v for k, v in found.items() if v} | {k: v for k, v in (meta or {}).items() if v}
    return RawDocument(source=source, text=page.text, line=line, meta=merged)


def _looks_like_jsonl(text: str) -> bool:
    lines = [line for line in text.splitlines()[:20] if line.strip()]
    return bool(lines) and all(line.lstrip().startswith("{") for line in lines)


def read_jsonl(path: Path, max_bytes: int = MAX_BYTES) -> Iterator[RawDocument | InputError]:
    """Stream a JSON Lines export, one record per line; a bad line is an error naming its number."""
    try:
        fh = path.open("rb")
    except OSError as e:
        raise InputError(str(path), f"cannot read: {e.strerror or e}") from e
    with fh:
        yield from parse_jsonl(_decoded_lines(fh, str(path), max_bytes), str(path))


def _decoded_lines(fh, source: str, max_bytes: int) -> Iterator[str | InputError]:
    for n, raw in enumerate(fh, start=1):
        if len(raw) > max_bytes:
            yield InputError(source, f"record is {len(raw) / 2**20:.0f} MiB, over the limit", line=n)
            continue
        try:
            yield raw.decode("utf-8-sig" if n == 1 else "utf-8")
        except UnicodeDecodeError as e:
            yield InputError(source, f"line is not UTF-8 (JSON Lines must be): {e.reason}", line=n)


def parse_jsonl(lines: Iterable[str | InputError], source: str) -> Iterator[RawDocument | InputError]:
    for n, line in enumerate(lines, start=1):
        if isinstance(line, InputError):
            yield line
        elif line.strip():
            try:
                yield jsonl_record(line, source, n)
            except InputError as e:
                yield e


def jsonl_record(line: str, source: str, n: int) -> RawDocument:
    """One JSON Lines record: ``text`` or ``html``, optional url/title/date/source/id, other fields kept."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as e:
        raise InputError(source, f"broken JSON: {e.msg} at column {e.colno}", line=n) from e
    if not isinstance(record, dict):
        raise InputError(source, f"a record must be a JSON object, not {type(record).__name__}", line=n)
    meta = {"url": record.get("url"), "title": record.get("title"), "date": record.get("date"),
            "source_name": record.get("source"), "record_id": None if record.get("id") is None else str(record["id"]),
            "extra": {k: v for k, v in record.items() if k not in JSONL_FIELDS} or None}
    text, html = record.get("text"), record.get("html")
    if isinstance(text, str) and text.strip():
        return RawDocument(source=source, text=text, line=n, meta={k: v for k, v in meta.items() if v})
    if isinstance(html, str) and html.strip():
        return html_document(html, source, line=n, meta=meta)
    raise InputError(source, "record has no text (neither a non-empty 'text' nor 'html' field)", line=n)
