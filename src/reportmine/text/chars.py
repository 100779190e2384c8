"""Character folds that cleaning and metadata reading share: newlines made plain, invisible
characters dropped, no-break and ideographic spaces made plain, full-width ASCII half-width.

Below both :mod:`reportmine.ingest.clean` and :mod:`reportmine.ingest.textmeta`, which had
imported each other for it."""
from __future__ import annotations

from reportmine.text.patterns import CharMap

_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
# invisible characters dropped, no-break and ideographic spaces made plain, full-width ASCII half-width
_FOLD = CharMap({**_INVISIBLE, 0x00A0: " ", 0x3000: " ", **{o: chr(o - 0xFEE0) for o in range(0xFF01, 0xFF5F)}})


def normalise_chars(text: str) -> str:
    return _FOLD(text.replace("\r\n", "\n").replace("\r", "\n"))
