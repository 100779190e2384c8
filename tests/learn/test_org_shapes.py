"""ORG shapes the default run (rules + shipped model) must read, table-driven from tests/cases/org_shapes.yaml.

Invented texts of the shapes the unseen reports hold (issue 19): names glued to units in rosters,
long nested units, company abbreviations, units in brackets, coordinations, source lines,
departments, schools and hospitals, teams, traditional script, and counted or generic references
that are no ORG. Each case is scored as ``score_kb.py`` scores a text: the distinct ORG strings.

A case with ``clean: true`` is raw scraped text: it goes through :func:`reportmine.ingest.clean.clean`
first, as the pipeline does (stray spaces and wrapped lines inside a name are the cleaner's to undo).
A case with ``xfail: reason`` is a known failure (strict: a fix is noticed). The rules' candidates
are among the CRF's features, so retraining ``models/default`` can move a case either way: the
marks are settled against the shipped model.
"""
from __future__ import annotations

import pytest
import yaml

from conftest import ROOT
from reportmine.extractors import extract_doc
from reportmine.ingest.clean import clean
from reportmine.learn import model as model_lib
from reportmine.text.doc import Doc


def _cases() -> list:
    cases = yaml.safe_load((ROOT / "tests" / "cases" / "org_shapes.yaml").read_text(encoding="utf-8"))
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


def distinct_orgs(text: str, model) -> list[str]:
    """The ORG strings of the default run on ``text``, each once, in order of first occurrence."""
    out: list[str] = []
    for m in extract_doc(Doc(text), model).mentions:
        if m.label == "ORG" and m.text not in out:
            out.append(m.text)
    return out


@pytest.mark.parametrize("case", _cases())
def test_org_shapes_in_the_default_run(case, default):
    text = clean(case["text"]) if case.get("clean") else case["text"]
    assert distinct_orgs(text, default) == case["expect"]
