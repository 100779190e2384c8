"""Regular expressions over word lists.

Python's ``re`` tries the alternatives of ``a|b|c`` one by one at every position, so a list
of thousands of names (every county of China) costs thousands of comparisons per character.
:func:`words_pattern` factors the list into a trie first (北京市|北海市 -> 北(?:京市|海市)):
the same matches, longest first at each position, at a small fraction of the cost.
"""
from __future__ import annotations

import re
from collections.abc import Iterable


def words_pattern(words: Iterable[str]) -> str:
    """A regex source matching any of ``words``; where several match at one position, the
    longest wins (as a longest-first ``|`` alternation would)."""
    trie: dict = {}
    for w in words:
        if not w:
            continue
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = True
    return _node(trie) if trie else "(?!)"


def _node(node: dict) -> str:
    end = "" in node
    branches = [re.escape(ch) + _node(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    if len(branches) == 1 and not end:
        return branches[0]
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if end:  # a word ends here, and longer words go on: try them first, greedily
        return ("(?:" + body + ")?") if len(branches) > 1 or len(body) > 1 else body + "?"
    return body


def words_regex(words: Iterable[str]) -> re.Pattern:
    return re.compile(words_pattern(words))


class WordScanner:
    """Leftmost-longest, non-overlapping occurrences of any of ``words`` in a text: what
    ``words_regex(words).finditer`` finds, by an Aho-Corasick automaton (pyahocorasick, C) in one
    pass, which is what scanning every text for thousands of place names needs."""

    def __init__(self, words: Iterable[str]):
        import ahocorasick

        self._automaton = ahocorasick.Automaton()
        for w in words:
            if w:
                self._automaton.add_word(w, len(w))
        self._empty = not len(self._automaton)
        if not self._empty:
            self._automaton.make_automaton()

    def finditer(self, text: str, start: int = 0, end: int | None = None):
        """``(start, end, word)`` of each occurrence in ``text[start:end]``, offsets in ``text``."""
        if self._empty:
            return
        end = len(text) if end is None else min(max(end, 0), len(text))  # bounds as re's pos/endpos take them
        start = min(max(start, 0), end)
        piece = text[start:end] if (start or end != len(text)) else text
        for last, n in self._automaton.iter_long(piece):
            s = start + last - n + 1
            yield s, s + n, text[s:s + n]

    def spans(self, text: str) -> list[tuple[int, int]]:
        """``(start, end)`` of each occurrence in ``text``, as :meth:`finditer` finds them (without
        the words: a list built in one pass, for callers that only mark positions)."""
        if self._empty:
            return []
        return [(last - n + 1, last + 1) for last, n in self._automaton.iter_long(text)]


class CharMap:
    """``str.translate`` for a table of a few characters, in a fraction of its time.

    ``translate`` looks every character of a Chinese text up in the table (a dict lookup per
    character); a regex character class finds the few that are in it in C, and only those are
    replaced. Same result: ``CharMap(t)(s) == s.translate(t)`` for a ``str.maketrans`` table
    (characters mapped to strings, or to ``None`` to delete them)."""

    def __init__(self, table: dict[int, str | None]):
        self._table = {chr(k): v or "" for k, v in table.items()}
        self._re = re.compile("[" + "".join(map(re.escape, self._table)) + "]") if table else None

    def __call__(self, text: str) -> str:
        return self._re.sub(self._replace, text) if self._re is not None else text

    def _replace(self, m: re.Match) -> str:
        return self._table[m.group()]
