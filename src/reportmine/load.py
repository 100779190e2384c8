"""Load: paths in, raw documents out (one document per file; directories recursively)."""
from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError

TEXT_SUFFIXES = (".txt",)
MAX_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class RawDocument:
    source: str
    text: str


def read_text_file(path: str | os.PathLike, encoding: str | None = None) -> str:
    """Decode a text file: UTF-8 (with or without BOM) first, else the detected encoding."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise InputError(str(path), f"file is {size // 2**20} MiB, over the {MAX_BYTES // 2**20} MiB limit")
        data = path.read_bytes()
    except OSError as e:
        raise InputError(str(path), f"cannot read: {e.strerror or e}") from e
    return decode(data, str(path), encoding)


def decode(data: bytes, source: str, encoding: str | None = None) -> str:
    """Bytes to text: the forced encoding, else UTF-8 (BOM or not), else the detected one."""
    if not data.strip():
        raise InputError(source, "file is empty")
    if encoding:
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError) as e:
            raise InputError(source, f"cannot decode as {encoding}: {e}") from e
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(source, "binary file (NUL bytes), not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise InputError(source, "cannot detect the text encoding; pass --encoding")
    return str(best)


def iter_paths(paths: Iterable[str | os.PathLike]) -> Iterator[Path]:
    """Files named, and text files under folders named, in a stable order."""
    for p in paths:
        p = Path(p)
        if p.is_dir():
            for child in sorted(p.rglob("*")):
                if child.is_file() and child.suffix.lower() in TEXT_SUFFIXES:
                    yield child
        else:
            yield p


def iter_documents(paths: Iterable[str | os.PathLike], encoding: str | None = None) -> Iterator[RawDocument | InputError]:
    """Raw documents, or the :class:`InputError` for a file that could not be read (the run goes on)."""
    for path in iter_paths(paths):
        try:
            yield RawDocument(source=str(path), text=read_text_file(path, encoding))
        except InputError as e:
            yield e
