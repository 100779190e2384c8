"""The learned awardee step: trained on gold pairs, it reads pairs the rules' patterns do not know,
saves as weights and loads back the same; a text with no honour evidence is not searched.
Invented sentences only; its quality on real reports is measured by scripts/learned_eval.py."""
from __future__ import annotations

import pytest

from reportmine.extractors import extract
from reportmine.learn.annotations import Annotated
from reportmine.learn.awardees import AwardeeClassifier, combine, has_honour_evidence
from reportmine.records import Awardee
from reportmine.text.doc import Doc

# (text, [(name, honour)]): holders after the verb and roster lines under an honour heading
TEXTS = [
    ("市总工会决定授予王建国、李秀英“五一劳动奖章”称号。", [("王建国", "五一劳动奖章"), ("李秀英", "五一劳动奖章")]),
    ("省总工会授予张伟明“劳动模范”称号,授予刘小红“先进工作者”称号。", [("张伟明", "劳动模范"), ("刘小红", "先进工作者")]),
    ("全国五一巾帼标兵名单:\n赵丽华 某市第一中学教师\n孙海燕 某区人民医院护士\n", [("赵丽华", "全国五一巾帼标兵"), ("孙海燕", "全国五一巾帼标兵")]),
    ("省劳动模范获得者如下:\n陈志强 某钢铁公司工人\n周美玲 某纺织厂技术员\n", [("陈志强", "省劳动模范"), ("周美玲", "省劳动模范")]),
    ("会议表彰了先进,授予吴国庆“优秀工会工作者”称号。", [("吴国庆", "优秀工会工作者")]),
    ("今年全市职工技能大赛圆满结束,共有300名职工参赛。", []),
]


def items():
    out = []
    for i, (text, pairs) in enumerate(TEXTS):
        gold = {"file": f"{i}.txt", "awardees": [{"name": n, "kind": "person", "honour": h} for n, h in pairs]}
        out.append(Annotated(f"{i}.txt", text, (), gold=gold))
    return out


@pytest.fixture(scope="module")
def classifier():
    return AwardeeClassifier.fit(items())


def test_it_learns_pairs_from_gold_and_reads_them_back(classifier):
    found = set()
    for item in items():
        doc = Doc(item.text)
        for a in classifier.awardees(doc, extract(item.text)):
            assert doc.text[a.start:a.end] == a.name  # every span indexes the text
            if a.honour_start is not None:
                assert doc.text[a.honour_start:a.honour_end] == a.honour
            found.add((a.name, a.honour))
    gold = {p for _, pairs in TEXTS for p in pairs}
    assert len(found & gold) >= 0.7 * len(gold)


def test_it_round_trips_through_disk(classifier, tmp_path):
    path = classifier.save(tmp_path / "awardees.joblib")
    again = AwardeeClassifier.load(path)
    for item in items():
        doc, ex = Doc(item.text), extract(item.text)
        assert again.awardees(doc, ex) == classifier.awardees(doc, ex)
    assert path.stat().st_size < 200_000


def test_scoring_by_parts_equals_scoring_every_feature_of_a_pair(classifier):
    """score_pairs sums a name's and an honour's weights once per candidate: the same probabilities
    as scoring each pair's merged features (all_features), which is what the model trained on."""
    from reportmine.learn import awardees as L

    model, scored = classifier.model, 0
    for item in items():
        doc, ex = Doc(item.text), extract(item.text)
        c = L.Candidates(doc, ex.awardees, [m for m in ex.mentions if m.label == "ORG"])
        pairs = L.candidate_pairs(c)
        model.score_pairs(c, pairs)
        whole = model.predict_proba([L.all_features(c, p) for p in pairs])
        assert [p.prob for p in pairs] == pytest.approx(list(whole), abs=1e-12)
        assert all(p.own == p.prob for p in pairs)
        scored += len(pairs)
    assert scored > 10


def test_it_refuses_data_without_gold_pairs():
    with pytest.raises(ValueError, match="gold"):
        AwardeeClassifier.fit([Annotated("x.txt", "市总工会召开会议。", ())])


@pytest.mark.parametrize("text, expected", [
    ("授予王建国“五一劳动奖章”称号。", True),
    ("她荣获全国三八红旗手。", True),
    ("全市共有女职工26.5万人,建立女职工组织4100个。", False),
])
def test_honour_evidence(text, expected):
    assert has_honour_evidence(Doc(text)) is expected


def test_union_adds_only_names_the_rules_did_not_find():
    def a(name, honour):
        return Awardee(name=name, kind="person", honour=honour, start=0, end=len(name))
    rules = [a("王建国", "劳动模范")]
    learned = [a("王建国", "先进工作者"), a("李秀英", "劳动模范")]
    assert [x.name for x in combine(rules, learned, new_names_only=True)] == ["王建国", "李秀英"]
    assert len(combine(rules, learned)) == 3


def test_a_learned_name_over_two_rule_names_is_left_out():
    def a(name, start):
        return Awardee(name=name, kind="org", honour="工人先锋号", start=start, end=start + len(name))
    rules = [a("城南车间工会小组", 0), a("东湖运输部", 9)]
    learned = [a("城南车间工会小组和东湖运输部", 0), a("西山电力班", 20)]
    assert [x.name for x in combine(rules, learned, new_names_only=True)] == ["城南车间工会小组", "东湖运输部", "西山电力班"]


def test_a_learned_name_inside_a_rule_name_is_left_out():
    def a(name, start):
        return Awardee(name=name, kind="org", honour="工人先锋号", start=start, end=start + len(name))
    rules = [a("东湖机械有限公司装配车间", 0)]
    assert [x.name for x in combine(rules, [a("东湖机械有限公司", 0)], new_names_only=True)] == ["东湖机械有限公司装配车间"]


def test_a_learned_collective_right_before_a_rule_person_is_left_out():
    rules = [Awardee(name="刘晓红", kind="person", honour="一等奖", start=5, end=8)]
    unit = Awardee(name="党委工作部", kind="org", honour="一等奖", start=0, end=5)
    assert [x.name for x in combine(rules, [unit], new_names_only=True)] == ["刘晓红"]
