"""Segmentation: jieba-rs must cut as Python jieba does, with the same user dictionary."""
from __future__ import annotations

import logging

import pytest

from reportmine.text import segment
from reportmine.text.doc import Doc

from conftest import CORPUS


@pytest.fixture(scope="module")
def python_jieba():
    """Python jieba with the domain dictionary added the same way."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tk = jieba.Tokenizer()
    tk.initialize()
    for word in segment.userdict_words():
        tk.add_word(word, freq=max(tk.suggest_freq(word), segment.USER_FREQ))
    return tk


@pytest.mark.parametrize("text, words", [
    ("2021-10-11", ["2021", "-", "10", "-", "11"]),        # ASCII runs cut as Python jieba cuts them
    ("www.workercn.cn", ["www", ".", "workercn", ".", "cn"]),
    ("增长3.5%，", ["增长", "3.5%", "，"]),
    ("女职工26.5万人", ["女职工", "26.5", "万人"]),
    ("河北省总工会女职工委员会", ["河北省", "总工会", "女职工委员会"]),  # a user dictionary word stays whole
])
def test_words(text, words):
    tokens = segment.words(text)
    assert [t.text for t in tokens] == words
    assert all(text[t.start:t.end] == t.text for t in tokens)
    assert [t.start for t in tokens[1:]] == [t.end for t in tokens[:-1]]


def _texts(folder):
    return [Doc(p.read_text(encoding="utf-8")).shadow for p in sorted(folder.glob("*.txt"))]


def _agreement(texts, python_jieba) -> tuple[int, int]:
    same = total = 0
    for text in texts:
        ours = {(t.text, t.start, t.end) for t in segment.words(text)}
        theirs = set(python_jieba.tokenize(text))
        same += len(ours & theirs)
        total += len(theirs)
    return same, total


def test_same_words_as_python_jieba_on_the_seeds(python_jieba):
    texts = _texts(CORPUS)
    assert texts
    for text in texts:
        assert [tuple(t) for t in segment.words(text)] == list(python_jieba.tokenize(text))


def test_same_words_as_python_jieba_on_dev_and_unlabeled(python_jieba, dev_dir, unlabeled_dir):
    same, total = _agreement(_texts(dev_dir) + _texts(unlabeled_dir), python_jieba)
    assert total > 10_000
    assert same / total >= 0.999, f"{total - same} of {total} words differ"
