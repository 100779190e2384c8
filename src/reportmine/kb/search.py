"""Chinese full-text search for the KB.

SQLite's FTS5 ``unicode61`` tokenizer reads a run of Chinese as one token (so 职工 finds nothing
in 全市职工), and its ``trigram`` tokenizer cannot match two-character words. So the KB indexes
a column of *terms* joined by spaces: the words the segmenter already produced for extraction,
each preceded by its dictionary sub-words (jieba's search mode), on the simplified shadow so a
traditional-script text is found by a simplified query. Queries go through :func:`fts_query`,
which segments them the same way; the Datasette plugin (:mod:`reportmine.web.plugin`)
puts it behind the search box.
"""
from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from reportmine.text.doc import Doc
from reportmine.text.script import to_simplified
from reportmine.text.segment import tokenizer


def _is_term(word: str) -> bool:
    return any(ch.isalnum() for ch in word)


def index_terms(words: Iterable[str]) -> list[str]:
    """Index terms for a sequence of words: each word, preceded by its dictionary sub-words of two
    and three characters, so 职工 finds 女职工 and 劳模 finds 省劳模."""
    out: list[str] = []
    for w in words:
        out.extend(_terms(w))
    return out


@lru_cache(maxsize=1 << 14)  # bounded: memory stays flat on big corpora
def _terms(word: str) -> tuple[str, ...]:
    if not _is_term(word):
        return ()
    if len(word) <= 2:
        return (word,)
    freq = tokenizer().FREQ
    subs = [word[i:i + n] for n in (2, 3) if len(word) > n for i in range(len(word) - n + 1)]
    return (*(s for s in subs if freq.get(s)), word)


def document_terms(doc: Doc) -> tuple[tuple[tuple[int, int, str], ...], str]:
    """Index terms per sentence ``(start, end, terms)`` and for the whole text, from the words
    extraction already segmented (no second pass of the segmenter)."""
    tokens, i, out = doc.tokens, 0, []
    for start, end in doc.sentences:
        while i < len(tokens) and tokens[i].end <= start:
            i += 1
        j = i
        while j < len(tokens) and tokens[j].start < end:
            j += 1
        out.append((start, end, " ".join(index_terms(t.text for t in tokens[i:j]))))
        i = j
    return tuple(out), " ".join(terms for _, _, terms in out)


def title_terms(title: str | None) -> str:
    return " ".join(index_terms(tokenizer().lcut(to_simplified(title)))) if title else ""


def fts_query(query: str) -> str:
    """The FTS5 query for what a person typed. Each space-separated term is segmented like the
    index; a term of several words must find them close together (NEAR); terms are ANDed.
    FTS5 syntax in the input is quoted away, so this never makes an invalid query."""
    parts = []
    for term in to_simplified(query or "").split():
        words = [w.replace('"', '""') for w in tokenizer().lcut(term) if _is_term(w)]
        if len(words) == 1:
            parts.append(f'"{words[0]}"')
        elif words:
            parts.append("NEAR(" + " ".join(f'"{w}"' for w in words) + f", {2 * len(words)})")
    return " ".join(parts) or '""'
