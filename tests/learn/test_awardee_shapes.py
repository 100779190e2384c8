"""The shapes commendation notices come in, read by the default run (rules + shipped model).

Table-driven from tests/cases/awardee_shapes.yaml: one INVENTED document per shape (numbered
honour headings over roster lines, names glued to their units, names with their unit in brackets,
tables, 授予X、Y同志…, collectives, traditional script, sub-headings 先进集体/先进个人 ...), with
the (name, honour) pairs GUIDELINES.md section 4 asks for. Names match exactly (after the
scorer's normalisation); honours as score_kb.py compares them (one contains the other, padded by
at most six characters); a predicted pair no expected pair accounts for is an error.
"""
import pytest

import reportmine
from conftest import load_cases
from reportmine.evaluate.scoring import norm, relaxed_subject


def matches(expected: dict, got: dict) -> bool:
    return (norm(expected["name"]) == norm(got["name"]) and relaxed_subject(expected["honour"], got["honour_text"])
            and expected.get("kind", got["kind"]) == got["kind"])


@pytest.mark.parametrize("case", load_cases("awardee_shapes", id_key="shape"))
def test_the_default_run_reads_the_shape(case):
    got = reportmine.extract(case["text"], model="default").awardees
    missed = [e for e in case["expect"] if not any(matches(e, g) for g in got)]
    extra = [(g["name"], g["honour_text"]) for g in got if not any(matches(e, g) for e in case["expect"])]
    assert (missed, extra) == ([], [])
