"""Character folds that cleaning and metadata reading share: newlines made plain, invisible
characters dropped, no-break and ideographic spaces made plain, full-width ASCII half-width.

Below both :mod:`reportmine.ingest.clean` and :mod:`reportmine.ingest.textmeta`, which had
imported each other for it."""
from __future__ import annotations

import re

from reportmine.text.patterns import CharMap

_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
# invisible characters dropped, no-break and ideographic spaces made plain, full-width ASCII half-width
_FOLD = CharMap({**_INVISIBLE, 0x00A0: " ", 0x3000: " ", **{o: chr(o - 0xFEE0) for o in range(0xFF01, 0xFF5F)}})


_SURROGATE = re.compile("[\ud800-\udfff]")


def normalise_chars(text: str) -> str:
    return _FOLD(whole_characters(text).replace("\r\n", "\n").replace("\r", "\n"))


def whole_characters(text: str) -> str:
    """Surrogate code points (a Python string from a bad decoder or a JSON ``\\ud83d\\ude00``) as the
    character a pair makes, a lone one as U+FFFD: the text must encode as UTF-8 (hash, KB)."""
    if not _SURROGATE.search(text):
        return text
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
