"""Table-driven tests of the rule figure extractor: cases live in tests/cases/figures.yaml.

Each case is a sentence and the figures it must yield, in text order; only the fields a case
lists are checked. The raw sentence is the test id.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from reportmine.evaluate.scoring import relaxed_subject
from reportmine.text.doc import Doc
from reportmine.extractors.figures import EXTRACTOR, VERSION, extract_figures

CASES = yaml.safe_load((Path(__file__).resolve().parents[1] / "cases" / "figures.yaml").read_text(encoding="utf-8"))


def _params() -> list:
    params = []
    for case in CASES:
        marks = [pytest.mark.xfail(strict=True, reason=case["xfail"])] if case.get("xfail") else []
        params.append(pytest.param(case, id=case["text"], marks=marks))
    return params


def _check(expected: dict, got) -> None:
    for field, want in expected.items():
        have = getattr(got, field)
        if field in ("value", "value_max") and want is not None:
            assert have == pytest.approx(want), f"{field} of {got.text}"
        else:
            assert have == want, f"{field} of {got.text}"


@pytest.mark.parametrize("case", _params())
def test_figures(case: dict) -> None:
    doc = Doc(case["text"])
    got = extract_figures(doc)
    assert len(got) == len(case["figures"]), [f.text for f in got]
    for expected, figure in zip(case["figures"], got):
        _check(expected, figure)
        assert figure.text == doc.text[figure.start:figure.end]
        if figure.subject is not None:
            assert figure.subject == doc.text[figure.subject_start:figure.subject_end]
        assert figure.extractor == EXTRACTOR and figure.version == VERSION
        assert 0.0 <= figure.confidence <= 1.0


SUBJECT_CASES = yaml.safe_load(
    (Path(__file__).resolve().parents[1] / "cases" / "figure_subjects.yaml").read_text(encoding="utf-8"))


def _subject_params() -> list:
    params = []
    for case in SUBJECT_CASES:
        marks = [pytest.mark.xfail(strict=True, reason=case["xfail"])] if case.get("xfail") else []
        params.append(pytest.param(case, id=f"{case['shape']}:{case['text']}", marks=marks))
    return params


@pytest.mark.parametrize("case", _subject_params())
def test_figure_subject_shapes(case: dict) -> None:
    """Every figure of the sentence is found, in order, with a subject the scorer accepts."""
    got = extract_figures(Doc(case["text"]))
    assert len(got) == len(case["subjects"]), [f.text for f in got]
    for want, figure in zip(case["subjects"], got):
        assert relaxed_subject(want, figure.subject), f"{figure.text}: {figure.subject!r}, want {want!r}"
