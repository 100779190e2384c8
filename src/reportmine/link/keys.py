"""Entity keys: exact-duplicate names (up to script, width and quotes) share one entity row.

This is the first step of normalisation; canonical names, aliases and hierarchy build on it.
"""
from __future__ import annotations

import unicodedata
from functools import lru_cache

from reportmine.text.script import to_simplified

# names seen again and again across documents: the pure name functions of linking memoise this many
NAME_CACHE = 1 << 13  # bounded: a run over a million documents keeps a flat memory

_DROP = set("“”\"'‘’「」『』《》〈〉 \t\r\n")


@lru_cache(maxsize=NAME_CACHE)  # the writer keys every mention; the same names come again and again
def name_key(name: str) -> str:
    """The key under which a surface name is stored once: NFKC, simplified, no quotes or spaces."""
    s = unicodedata.normalize("NFKC", name)
    s = to_simplified(s)
    return "".join(ch for ch in s if ch not in _DROP)


def person_key(name: str, organisation: str | None) -> str:
    """People are merged only when name and written affiliation agree: a common name alone never merges."""
    return f"{name_key(name)}|{name_key(organisation or '')}"
