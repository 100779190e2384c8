"""Table-driven tests of the number parser: cases live in tests/cases/numbers.yaml."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from reportmine.extractors.numbers import parse_number, parse_range

CASES = yaml.safe_load((Path(__file__).resolve().parents[1] / "cases" / "numbers.yaml").read_text(encoding="utf-8"))


def _case_id(case: dict) -> str:
    return case.get("parse", case.get("range", "?")) or "<empty>"


def _params() -> list:
    params = []
    for case in CASES:
        marks = [pytest.mark.xfail(strict=True, reason=case["xfail"])] if case.get("xfail") else []
        params.append(pytest.param(case, id=_case_id(case), marks=marks))
    return params


@pytest.mark.parametrize("case", _params())
def test_number(case: dict) -> None:
    parsed = parse_number(case["parse"]) if "parse" in case else parse_range(case["range"])
    if case["value"] is None:
        assert parsed is None
        return
    assert parsed is not None
    assert parsed.value == pytest.approx(case["value"])
    if "value_max" in case:
        assert parsed.value_max == (None if case["value_max"] is None else pytest.approx(case["value_max"]))
    assert parsed.vague == case.get("vague", False)
