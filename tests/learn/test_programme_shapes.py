"""PROGRAMME shapes the default run (rules + shipped model) must read, table-driven from
tests/cases/programme_shapes.yaml.

Invented texts of the shapes union reports hold (issue 19): quoted brands with and without a generic
head, slogans named as campaigns, lists of quotes sharing one head, numbered campaigns, editions and
years, unquoted brand names, traditional script, and quotes that are no programme (slogans, honours,
policies, organisations, speech, nicknames, document titles). Each case is scored as ``score_kb.py``
scores a text: the distinct PROGRAMME strings.

A case with ``xfail: reason`` is a known failure (strict: a fix is noticed). The rules' mentions are
among the CRF's and the quote classifier's features, so retraining ``models/default`` can move a case
either way: the marks are settled against the shipped model.
"""
from __future__ import annotations

import pytest
import yaml

from conftest import ROOT
from reportmine.extractors import extract_doc
from reportmine.learn import model as model_lib
from reportmine.text.doc import Doc


def _cases() -> list:
    cases = yaml.safe_load((ROOT / "tests" / "cases" / "programme_shapes.yaml").read_text(encoding="utf-8"))
    params = []
    for case in cases:
        marks = []
        if case.get("xfail"):
            marks.append(pytest.mark.xfail(reason=case["xfail"], strict=True))
        params.append(pytest.param(case, id=case["text"][:40], marks=marks))
    return params


@pytest.fixture(scope="module")
def default():
    return model_lib.load(model_lib.default_path())


def distinct_programmes(text: str, model) -> list[str]:
    """The PROGRAMME strings of the default run on ``text``, each once, in order of first occurrence."""
    out: list[str] = []
    for m in extract_doc(Doc(text), model).mentions:
        if m.label == "PROGRAMME" and m.text not in out:
            out.append(m.text)
    return out


@pytest.mark.parametrize("case", _cases())
def test_programme_shapes_in_the_default_run(case, default):
    assert distinct_programmes(case["text"], default) == case["expect"]
