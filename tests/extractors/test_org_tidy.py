"""Tidying a model's ORG span (extractors.orgs.tidy_span), table-driven from tests/cases/org_tidy.yaml."""
import pytest

from conftest import load_cases
from reportmine.extractors.orgs import tidy_span
from reportmine.learn.model import CRF_POLICY, combine
from reportmine.records import Extraction, Mention
from reportmine.text.doc import Doc


@pytest.mark.parametrize("case", load_cases("org_tidy"))
def test_tidy_cases(case):
    assert [case["text"][a:b] for a, b in tidy_span(case["text"])] == case["expect"]


def test_combine_tidies_crf_org_spans():
    text = "会上,县总工会向市总工会汇报工作。"
    doc = Doc(text)
    s = text.index("县总工会")
    e = text.index("汇报")
    found = [Mention("ORG", text[s:e], s, e, "crfsuite", "t", 0.9)]
    out = combine(Extraction(text=text), found, CRF_POLICY, doc)
    assert [(m.text, text[m.start:m.end]) for m in out.mentions] == [("县总工会", "县总工会"), ("市总工会", "市总工会")]


def test_combine_fills_gaps_with_confident_rule_orgs():
    text = "温州市总工会女职委和东方公司联合举办活动。"
    doc = Doc(text)
    a = text.index("温州市总工会女职委")
    b = text.index("东方公司")
    rules = Extraction(text=text, mentions=[
        Mention("ORG", "温州市总工会女职委", a, a + 9, "rules.orgs", "0", 0.8),   # the model missed it: kept
        Mention("ORG", "东方公司", b, b + 4, "rules.orgs", "0", 0.7),             # not confident enough
    ])
    policy = dict(CRF_POLICY, ORG=dict(CRF_POLICY["ORG"], fill=0.75))  # an option, off by default (see model.py)
    out = combine(rules, [], policy, doc)
    assert [m.text for m in out.mentions] == ["温州市总工会女职委"]
    found = [Mention("ORG", "温州市总工会", a, a + 6, "crfsuite", "t", 0.9)]  # the model's overlapping span wins
    assert [m.text for m in combine(rules, found, policy, doc).mentions] == ["温州市总工会"]
    assert combine(rules, [], CRF_POLICY, doc).mentions == []
