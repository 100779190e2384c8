"""Sentences and words.

Words are jieba's: its dictionary, its precise-mode DAG and its HMM for unknown words, plus a
domain user dictionary assembled from ``gazetteers/`` (every gazetteer whose header names a
``userdict`` column contributes that column's entries, so union structure words, honours and
programme heads are kept whole). They are computed by jieba-rs (the ``rjieba`` binding), the Rust
port of jieba with the same dictionary and algorithm: on the benchmark corpus it gives the same
words as Python jieba for all but 5 of 1,138 texts (one word split differently in each) and runs
about 14 times faster. Runs of ASCII are split as Python jieba splits them (``2021-10-11`` ->
``2021 - 10 - 11``). The segmenter is built once per process (:func:`tokenizer`), never per
document.

Why jieba and not pkuseg: ``scripts/compare_segmenters.py`` on the seeds and dev texts shows
both put word boundaries at the edges of 93-94% of gold ORG/PROGRAMME spans, while jieba
runs about 8 times faster (~460 vs ~60 kchars/s). See the README, "Choices".
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from reportmine import gazetteers

SENTENCE_END = re.compile(r"[。！？!?；;]+[”’」』)）]*|\n+")
# how Python jieba's HMM stage cuts a run of non-Chinese characters (jieba/finalseg)
_ASCII_PIECE = re.compile(r"([a-zA-Z0-9]+(?:\.\d+)?%?)")
# ASCII punctuation touching a letter or digit: where jieba-rs may keep a run Python jieba splits
_ASCII_JOINED = re.compile(r"[a-zA-Z0-9][!-/:-@\[-`{-~]|[!-/:-@\[-`{-~][a-zA-Z0-9]")
USER_FREQ = 1000  # least frequency of a user-dictionary word


class Token(NamedTuple):
    """A word and its span. A named tuple: documents have thousands and tuples build fastest."""
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


def jieba_dictionary_path() -> Path:
    """jieba's bundled dictionary (``word frequency tag`` per line), the one jieba-rs embeds. Found
    without importing jieba, which would load its HMM tables (30 ms at every start) for nothing."""
    from importlib.util import find_spec

    spec = find_spec("jieba")
    if spec is None or spec.origin is None:
        raise RuntimeError("jieba is not installed: reinstall reportmine's dependencies (make install)")
    return Path(spec.origin).with_name("dict.txt")


@lru_cache(maxsize=1)
def dictionary() -> tuple[dict[str, int], dict[str, str]]:
    """jieba's bundled dictionary read once per process: frequency and part-of-speech tag per word."""
    data = jieba_dictionary_path().read_text(encoding="utf-8")
    parts = data.split()
    if len(parts) == 3 * data.count("\n"):  # every line "word freq tag": slice, no loop
        words = parts[0::3]
        return dict(zip(words, map(int, parts[1::3]))), dict(zip(words, parts[2::3]))
    freq: dict[str, int] = {}
    tags: dict[str, str] = {}
    for line in data.splitlines():
        parts = line.split()
        if len(parts) >= 2:
            freq[parts[0]] = int(parts[1])
            if len(parts) == 3:
                tags[parts[0]] = parts[2]
    return freq, tags


class Segmenter:
    """jieba (through jieba-rs) with the domain dictionary. ``FREQ`` maps every dictionary word,
    bundled or user, to its frequency, as Python jieba's ``Tokenizer.FREQ`` does for words."""

    def __init__(self, user_words: list[str]):
        import rjieba

        self._jieba = rjieba.Jieba()
        self.FREQ = dict(dictionary()[0])
        for word in user_words:
            freq = max(self._jieba.suggest_freq(word), USER_FREQ)
            self._jieba.add_word(word, freq, None)
            self.FREQ[word] = freq

    def tokenize(self, text: str) -> list[Token]:
        """Every word of ``text`` with its span (precise mode, HMM)."""
        tokens = list(map(Token._make, self._jieba.tokenize(text, "default", True)))
        if not _ASCII_JOINED.search(text):  # no ASCII run that jieba-rs might keep whole
            return tokens
        joined = [i for i, t in enumerate(tokens) if len(t.text) > 1 and t.text.isascii() and not t.text.isalnum()]
        for i in reversed(joined):
            w, s, _ = tokens[i]
            pieces = []
            for piece in _ASCII_PIECE.split(w):
                if piece:
                    pieces.append(Token(piece, s, s + len(piece)))
                    s += len(piece)
            tokens[i:i + 1] = pieces
        return tokens

    def lcut(self, text: str) -> list[str]:
        """The words of ``text``, as :meth:`tokenize` cuts them."""
        return [w for w, _, _ in self.tokenize(text)]


@lru_cache(maxsize=1)
def tokenizer() -> Segmenter:
    """The process-wide segmenter with the domain dictionary."""
    return Segmenter(userdict_words())


def words(text: str) -> list[Token]:
    """Words of ``text`` with their spans (jieba, precise mode, HMM for unknown words)."""
    return tokenizer().tokenize(text)
