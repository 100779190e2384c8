"""Sentences and words.

Words come from jieba with a domain user dictionary assembled from ``gazetteers/``: every
gazetteer whose header names a ``userdict`` column contributes that column's entries, so union
structure words, honours and programme heads are kept whole. The tokenizer is built once per
process (:func:`tokenizer`), never per document.

Why jieba and not pkuseg: ``scripts/compare_segmenters.py`` on the seeds and dev texts shows
both put word boundaries at the edges of 93-94% of gold ORG/PROGRAMME spans, while jieba
runs about 8 times faster (~460 vs ~60 kchars/s). See the README, "Choices".
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import lru_cache

from . import gazetteers

SENTENCE_END = re.compile(r"[。！？!?；;]+[”’」』)）]*|\n+")


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    start: int
    end: int


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans ``(start, end)`` covering ``text``; blank spans are dropped."""
    spans, start = [], 0
    for m in SENTENCE_END.finditer(text):
        spans.append((start, m.end()))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return [(s, e) for s, e in spans if text[s:e].strip()]


def userdict_words() -> list[str]:
    """Words for the segmenter's user dictionary, from the gazetteers that offer one."""
    words: set[str] = set()
    for name in gazetteers.available():
        gaz = gazetteers.load(name)
        column = gaz.provenance.get("userdict")
        if column:
            words.update(w for w in gaz.column(column) if len(w) >= 2 and not w.isascii())
    return sorted(words)


@lru_cache(maxsize=1)
def tokenizer():
    """The process-wide jieba tokenizer with the domain dictionary."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tk = jieba.Tokenizer()
    tk.initialize()
    for word in userdict_words():
        tk.add_word(word, freq=max(tk.suggest_freq(word), 1000))
    return tk


def words(text: str) -> list[Token]:
    """Words of ``text`` with their spans (jieba, precise mode, HMM for unknown words)."""
    return [Token(w, s, e) for w, s, e in tokenizer().tokenize(text)]
