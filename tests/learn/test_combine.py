"""The combination policy, table-driven: rule and model mentions in, combined mentions out."""
from __future__ import annotations

import pytest

from reportmine.errors import ReportmineError
from reportmine.learn.model import combine
from reportmine.records import Extraction, Mention

TEXT = "秦皇岛市总工会女职委开展“会聚良缘”活动，中通快递集团参加。"


def mention(label, start, end, conf=1.0, extractor="rules"):
    return Mention(label, TEXT[start:end], start, end, extractor, "1", conf)


RULE_ORG = mention("ORG", 0, 10)
MODEL_ORG_SAME = mention("ORG", 0, 7, 0.8, "spacy")          # overlaps the rule's ORG
MODEL_ORG_NEW = mention("ORG", 21, 27, 0.8, "spacy")          # 中通快递集团: rules missed it
MODEL_PROG = mention("PROGRAMME", 13, 17, 0.9, "sklearn")      # 会聚良缘
LOW_ORG = mention("ORG", 21, 27, 0.2, "spacy")


@pytest.mark.parametrize("rules, model, policy, expected", [
    # union: rules kept, the model fills gaps only
    ([RULE_ORG], [MODEL_ORG_SAME, MODEL_ORG_NEW], {"ORG": "union"}, [RULE_ORG, MODEL_ORG_NEW]),
    # rules: the model's mentions of that label are ignored
    ([RULE_ORG], [MODEL_ORG_NEW, MODEL_PROG], {"ORG": "rules", "PROGRAMME": "union"}, [RULE_ORG, MODEL_PROG]),
    # model: the model's mentions replace the rules'
    ([RULE_ORG], [MODEL_ORG_SAME, MODEL_ORG_NEW], {"ORG": "model"}, [MODEL_ORG_SAME, MODEL_ORG_NEW]),
    # a label missing from the policy stays with the rules
    ([RULE_ORG], [MODEL_PROG], {}, [RULE_ORG]),
    # below the label's threshold a model mention is dropped
    ([RULE_ORG], [LOW_ORG], {"ORG": {"mode": "union", "threshold": 0.5}}, [RULE_ORG]),
    # only the named extractors are admitted
    ([RULE_ORG], [MODEL_ORG_NEW, MODEL_PROG], {"ORG": "union", "PROGRAMME": {"mode": "union", "sources": ["spacy"]}},
     [RULE_ORG, MODEL_ORG_NEW]),
    # head: an admitted ORG must end in an organisation head word (集团 does; 快递 would not)
    ([], [MODEL_ORG_NEW, mention("ORG", 21, 25, 0.8, "spacy")], {"ORG": {"mode": "union", "head": True}},
     [MODEL_ORG_NEW]),
    # a model mention may not overlap a rule mention of another label either
    ([mention("PROGRAMME", 21, 27)], [MODEL_ORG_NEW], {"ORG": "union"}, [mention("PROGRAMME", 21, 27)]),
])
def test_combine(rules, model, policy, expected):
    out = combine(Extraction(TEXT, mentions=rules), model, policy)
    assert out.mentions == sorted(expected, key=lambda m: (m.start, m.end, m.label))


QUOTED_TEXT = "工会开展“金秋助學”活动，发放“暖心包”。“工人先锋号”称号授予三个班组。"


def quoted_mention(name, extractor="spacy-ner", conf=0.54, label="PROGRAMME"):
    start = QUOTED_TEXT.index(name)
    return Mention(label, name, start, start + len(name), extractor, "1", conf)


ADMIT_QUOTED = {"PROGRAMME": {"mode": "union", "admit": [{"sources": ["sklearn.quotes"], "threshold": 0.5},
                                                         {"sources": ["spacy-ner"], "quoted": True}]}}


@pytest.mark.parametrize("model, expected", [
    # a whole quoted string the tagger reads as a programme is admitted (traditional script too)
    ([quoted_mention("金秋助學")], ["金秋助學"]),
    # part of a quote, or a span running past it, is not
    ([quoted_mention("金秋")], []),
    ([quoted_mention("暖心包”。")], []),
    # a quoted honour title is never a programme
    ([quoted_mention("工人先锋号")], []),
    # the other admission rule: quote classifier from 0.5 up, whether or not the tagger agrees
    ([quoted_mention("暖心包", "sklearn.quotes", 0.7)], ["暖心包"]),
    ([quoted_mention("暖心包", "sklearn.quotes", 0.4)], []),
    # a source no rule names is not admitted
    ([quoted_mention("暖心包", "other", 0.9)], []),
])
def test_admission_rules_per_source(model, expected):
    from reportmine.text.doc import Doc

    out = combine(Extraction(QUOTED_TEXT, mentions=[]), model, ADMIT_QUOTED, Doc(QUOTED_TEXT))
    assert [m.text for m in out.mentions] == expected


def test_quoted_rule_needs_the_document():
    """Without the document the quotes cannot be checked, so nothing is admitted on that rule."""
    out = combine(Extraction(QUOTED_TEXT, mentions=[]), [quoted_mention("金秋助學")], ADMIT_QUOTED)
    assert out.mentions == []


def test_head_filter_reads_traditional_names_through_the_shadow():
    from reportmine.text.doc import Doc

    text = "呼和浩特市總工會組織慰問。"
    tagged = Mention("ORG", "呼和浩特市總工會", 0, 8, "spacy-ner", "1", 0.57)
    out = combine(Extraction(text, mentions=[]), [tagged], {"ORG": {"mode": "union", "head": True}}, Doc(text))
    assert [m.text for m in out.mentions] == ["呼和浩特市總工會"]


def test_combine_keeps_figures_and_awardees_and_refuses_unknown_policies():
    rules = Extraction(TEXT, mentions=[RULE_ORG], figures=["f"], awardees=["a"])
    out = combine(rules, [], {"ORG": "union"})
    assert (out.figures, out.awardees) == (["f"], ["a"])
    with pytest.raises(ReportmineError, match="unknown policy"):
        combine(rules, [], {"ORG": "vote"})


class FakeClassifier:
    """Scores candidates from a table keyed by span; unknown spans get 0.5."""

    def __init__(self, table):
        self.table = table

    def scores(self, doc, rule_mentions, model_mentions, label):
        from reportmine.learn.candidates import gather

        return [(c, self.table.get((c.start, c.end), 0.5)) for c in gather(doc, rule_mentions, model_mentions, label)]


TAGGER_ORG_NEW = mention("ORG", 21, 27, 0.8, "spacy-ner")
TAGGER_ORG_LONG = mention("ORG", 0, 10, 0.8, "spacy-ner")
RULE_ORG_SHORT = mention("ORG", 0, 7)


@pytest.mark.parametrize("rules, tagged, table, how, expected_spans", [
    # a confident rule mention is kept, a confident tagger-only span admitted
    ([RULE_ORG], [TAGGER_ORG_NEW], {(0, 10): 0.9, (21, 27): 0.9}, {"veto": 0.2, "admit": 0.8}, [(0, 10), (21, 27)]),
    # below admit, the tagger-only span stays out
    ([RULE_ORG], [TAGGER_ORG_NEW], {(0, 10): 0.9, (21, 27): 0.7}, {"veto": 0.2, "admit": 0.8}, [(0, 10)]),
    # below veto, the rule mention goes
    ([RULE_ORG], [], {(0, 10): 0.1}, {"veto": 0.2, "admit": 0.8}, []),
    # a vetoed rule span frees its place for the tagger's better boundary
    ([RULE_ORG_SHORT], [TAGGER_ORG_LONG], {(0, 7): 0.1, (0, 10): 0.9}, {"veto": 0.2, "admit": 0.8}, [(0, 10)]),
    # a kept rule span blocks an overlapping tagger span however confident
    ([RULE_ORG_SHORT], [TAGGER_ORG_LONG], {(0, 7): 0.5, (0, 10): 0.99}, {"veto": 0.2, "admit": 0.8}, [(0, 7)]),
])
def test_classify_policy(rules, tagged, table, how, expected_spans):
    from reportmine.text.doc import Doc

    out = combine(Extraction(TEXT, mentions=rules), tagged, {"ORG": dict(how, mode="classify")}, Doc(TEXT),
                  FakeClassifier(table), "v9")
    assert [(m.start, m.end) for m in out.mentions] == expected_spans
    for m in out.mentions:
        if m in rules:
            continue  # a kept rule mention is the rule's own record
        assert (m.extractor, m.version, m.confidence) == ("sklearn.candidates", "v9", table[m.start, m.end])


def test_classify_without_a_classifier_keeps_the_rules():
    out = combine(Extraction(TEXT, mentions=[RULE_ORG]), [TAGGER_ORG_NEW], {"ORG": {"mode": "classify", "veto": 0.9}})
    assert out.mentions == [RULE_ORG]


class EveryQuote:
    """A stand-in quote classifier that calls every candidate quote a programme."""

    EXTRACTOR = "sklearn.quotes"
    threshold = 0.5

    def scores(self, doc):
        from reportmine.learn.quotes import candidates

        return [(q, 0.9) for q in candidates(doc)]


@pytest.mark.parametrize("text, expected", [
    # a brand, even one named like a body, stays the classifier's to call
    ("区总工会推出“暖心驿站”服务职工。", ["暖心驿站"]),
    ("区总工会推出“云上工会”服务职工。", ["云上工会"]),
    # the rules read the quote as a body: the whole name of a placed body, or the name before its head
    ("由“东平市职工服务中心”负责跟进。", []),
    ("青年职工组建“红帆先锋”志愿服务队。", []),
    # someone's words are no candidate
    ("老师傅常说：“质量就是饭碗”。", []),
])
def test_quotes_the_rules_read_otherwise_are_no_programmes(text, expected):
    from reportmine.extractors import extract_rules
    from reportmine.learn.model import Model
    from reportmine.text.doc import Doc

    doc = Doc(text)
    found = Model(None, quotes=EveryQuote()).mentions(doc, extract_rules(doc))
    assert [m.text for m in found if m.label == "PROGRAMME"] == expected
