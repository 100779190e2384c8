"""Word-list matchers: a trie regex and an Aho-Corasick scanner find exactly what a plain
longest-first alternation finds. A character map replaces exactly as ``str.translate`` does."""
import re

import pytest

from reportmine.text.patterns import CharMap, WordScanner, words_regex


def plain(words):
    return re.compile("|".join(map(re.escape, sorted(words, key=len, reverse=True))) if words else "(?!)")


@pytest.mark.parametrize("words, text", [
    (["北京市", "北京", "北海市"], "北京市北海市北京，北京市"),
    (["ab", "abc", "a"], "abcab a ac"),
    (["朝阳区", "朝阳"], "朝阳区朝阳朝阳区"),
    (["a.b", "a"], "a.b axb"),          # regex metacharacters are literal
    ([], "anything"),
])
def test_same_matches_as_a_longest_first_alternation(words, text):
    expected = [(m.start(), m.end(), m.group()) for m in plain(words).finditer(text)]
    assert [(m.start(), m.end(), m.group()) for m in words_regex(words).finditer(text)] == expected
    assert list(WordScanner(words).finditer(text)) == expected
    assert WordScanner(words).spans(text) == [(a, b) for a, b, _ in expected]
    for start, end in ((2, len(text) - 1), (0, -1), (-3, 99), (5, 2)):
        window = [(m.start(), m.end(), m.group()) for m in plain(words).finditer(text, start, end)]
        assert list(WordScanner(words).finditer(text, start, end)) == window, (start, end)


@pytest.mark.parametrize("table, text", [
    ({"・": "·", "「": "“", "」": "”"}, "「会聚良缘・爱在龙江」活动"),
    ({"\u200b": None, "\u3000": " "}, "全市\u200b职工\u3000\u3000共计"),   # None deletes
    ({"，": ",", "（": "(", "）": ")"}, "女职工（含农民工），26.5万人，"),
    ({"a": "xyz", ".": "-", "]": "[", "\\": "/"}, "a.b]c\\d"),            # regex metacharacters are literal
    ({"・": "·"}, "no match here"),
    ({}, "an empty table"),
])
def test_char_map_replaces_as_translate_does(table, text):
    t = str.maketrans(table)
    assert CharMap(t)(text) == text.translate(t)
