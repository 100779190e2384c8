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
    text = "温州市总工会女职委举办活动,东方公司协办。"  # (no list: see the fill_listed test)
    doc = Doc(text)
    a = text.index("温州市总工会女职委")
    b = text.index("东方公司")
    rules = Extraction(text=text, mentions=[
        Mention("ORG", "温州市总工会女职委", a, a + 9, "rules.orgs", "0", 0.75),  # the model missed it: kept
        Mention("ORG", "东方公司", b, b + 4, "rules.orgs", "0", 0.7),             # not confident enough
    ])
    out = combine(rules, [], CRF_POLICY, doc)  # the CRF policy fills from 0.75 (see model.py)
    assert [m.text for m in out.mentions] == ["温州市总工会女职委"]
    found = [Mention("ORG", "市总工会", a + 2, a + 6, "crfsuite", "t", 0.9)]  # the model's overlapping span wins
    assert [m.text for m in combine(rules, found, CRF_POLICY, doc).mentions] == ["市总工会"]
    no_fill = dict(CRF_POLICY, ORG={k: v for k, v in CRF_POLICY["ORG"].items() if k not in ("fill", "fill_below")})
    assert combine(rules, [], no_fill, doc).mentions == []


def test_combine_fills_only_within_the_band():
    # fill_below: rule names in [fill, fill_below) fill the gaps, more confident chains the model passed over do not
    text = "东方市体育局主办活动,南方集团有限公司北区分公司协办。"  # (no list: see the fill_listed test)
    doc = Doc(text)
    a, b = text.index("东方市体育局"), text.index("南方集团")
    rules = Extraction(text=text, mentions=[
        Mention("ORG", "东方市体育局", a, a + 6, "rules.orgs", "0", 0.75),
        Mention("ORG", "南方集团有限公司北区分公司", b, b + 13, "rules.orgs", "0", 0.9),
    ])
    band = dict(CRF_POLICY, ORG=dict(CRF_POLICY["ORG"], fill=0.75, fill_below=0.8))
    assert [m.text for m in combine(rules, [], band, doc).mentions] == ["东方市体育局"]
    anything = dict(CRF_POLICY, ORG={k: v for k, v in band["ORG"].items() if k != "fill_below"})
    assert [m.text for m in combine(rules, [], anything, doc).mentions] == ["东方市体育局", "南方集团有限公司北区分公司"]


def test_combine_fills_from_trusted_kinds_of_rule_evidence():
    # fill_sources: a media name in a source line, a team named after a person, fill whatever their confidence
    text = "来源:东山晚报\n王建国劳模创新工作室主讲,东方公司志愿服务队参加。"
    doc = Doc(text)
    a, b, c = text.index("东山晚报"), text.index("王建国"), text.index("东方公司")
    rules = Extraction(text=text, mentions=[
        Mention("ORG", "东山晚报", a, a + 4, "rules.orgs.media", "0", 0.8),
        Mention("ORG", "王建国劳模创新工作室", b, b + 10, "rules.orgs.person_team", "0", 0.7),
        Mention("ORG", "东方公司志愿服务队", c, c + 9, "rules.orgs", "0", 0.7),
    ])
    assert [m.text for m in combine(rules, [], CRF_POLICY, doc).mentions] == ["东山晚报", "王建国劳模创新工作室"]
    found = [Mention("ORG", "山晚报", a + 1, a + 4, "crfsuite", "t", 0.9)]  # the model's span still wins where it has one
    assert [m.text for m in combine(rules, found, CRF_POLICY, doc).mentions] == ["山晚报", "王建国劳模创新工作室"]
    none = dict(CRF_POLICY, ORG={k: v for k, v in CRF_POLICY["ORG"].items() if k != "fill_sources"})
    assert combine(rules, [], none, doc).mentions == []


def test_combine_fills_names_listed_beside_a_chosen_one():
    # fill_listed: the rules' short names one enumeration character from a chosen name, along the list
    text = "由东山市总工会、人社厅、团市委共同主办,东方公司承办。"
    doc = Doc(text)
    a, b, c, d = (text.index(w) for w in ("东山市总工会", "人社厅", "团市委", "东方公司"))
    rules = Extraction(text=text, mentions=[
        Mention("ORG", "人社厅", b, b + 3, "rules.orgs", "0", 0.7),
        Mention("ORG", "团市委", c, c + 3, "rules.orgs", "0", 0.7),
        Mention("ORG", "东方公司", d, d + 4, "rules.orgs", "0", 0.7),  # no list beside a chosen name
    ])
    found = [Mention("ORG", "东山市总工会", a, a + 6, "crfsuite", "t", 0.9)]
    assert [m.text for m in combine(rules, found, CRF_POLICY, doc).mentions] == ["东山市总工会", "人社厅", "团市委"]
    unlisted = dict(CRF_POLICY, ORG={k: v for k, v in CRF_POLICY["ORG"].items() if k != "fill_listed"})
    assert [m.text for m in combine(rules, found, unlisted, doc).mentions] == ["东山市总工会"]


@pytest.mark.parametrize("crf_span, rule_span, expect", [
    # the model stopped at an inner head, the rules' chain goes on from the same start: extended
    ("南方集团有限公司", "南方集团有限公司装配车间", "南方集团有限公司装配车间"),
    ("东方市妇幼保健院", "东方市妇幼保健院产科", "东方市妇幼保健院产科"),
    # the rule span starts elsewhere: the model's span stays as it is
    ("南方集团有限公司", "集团有限公司装配车间", "南方集团有限公司"),
    # the rule span is shorter: nothing to extend
    ("南方集团有限公司装配车间", "南方集团有限公司", "南方集团有限公司装配车间"),
])
def test_combine_extends_model_orgs_along_rule_chains(crf_span, rule_span, expect):
    text = "近日," + "南方集团有限公司装配车间" + "与东方市妇幼保健院产科开展活动。"
    doc = Doc(text)
    a, r = text.index(crf_span), text.index(rule_span)
    rules = Extraction(text=text, mentions=[Mention("ORG", rule_span, r, r + len(rule_span), "rules.orgs", "0", 0.9)])
    found = [Mention("ORG", crf_span, a, a + len(crf_span), "crfsuite", "t", 0.9)]
    policy = dict(CRF_POLICY, ORG=dict(CRF_POLICY["ORG"], extend=True))
    out = [m for m in combine(rules, found, policy, doc).mentions if m.start == a]
    assert [(m.text, text[m.start:m.end]) for m in out] == [(expect, expect)]
    assert [m.text for m in combine(rules, found, dict(CRF_POLICY, ORG=dict(CRF_POLICY["ORG"], extend=False)), doc).mentions] \
        == [crf_span]
