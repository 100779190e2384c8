"""The candidate classifier (policy mode ``classify``): candidates, selection, training, thresholds."""
from __future__ import annotations

import pytest

from reportmine.learn import candidates as C
from reportmine.learn.annotations import Annotated, Span
from reportmine.text.doc import Doc
from reportmine.extractors import extract_doc
from reportmine.records import Mention


@pytest.mark.parametrize("text, span, expected, absent", [
    # one word more on the left (a name's first character jieba split off)
    ("省劳模、地王集团总酿酒师李义发言。", (5, 8), {"地王集团": "left+"}, ["劳模、地王集团"]),
    # a chain's sub-unit on the right, up to its head word
    ("北京丘比食品有限公司沙拉充填班组获奖。", (0, 10), {"北京丘比食品有限公司沙拉充填班组": "right+"}, ["北京丘比食品有限公司沙拉充填班组获奖"]),
    # a cut after an earlier head word
    ("浙江交通集团金温铁路公司乘务班组出乘。", (0, 16), {"浙江交通集团金温铁路公司": "right-"}, ["浙江交通"]),
    # a word fewer on the left (the place a dateline put before the name)
    ("北京中华全国总工会第八届女职工委员会第一次会议", (0, 18), {"中华全国总工会第八届女职工委员会": "left-"}, []),
])
def test_variants(text, span, expected, absent):
    found = {text[s:e]: kind for (s, e), kind in C.variants(Doc(text), *span).items()}
    for name, kind in expected.items():
        assert found.get(name) == kind
    for name in absent:
        assert name not in found
    assert text[span[0]:span[1]] not in found


def cand(s, e, *sources):
    return C.Candidate("ORG", s, e, {src: 1.0 for src in sources})


RULE_A, RULE_B = cand(0, 4, "rules.orgs"), cand(10, 14, "rules.orgs")
TAG_FREE, TAG_LONG = cand(20, 24, "spacy"), cand(0, 6, "spacy", "variant", "variant:right+")


@pytest.mark.parametrize("cands, probs, taken, veto, admit, margin, expected", [
    # veto 0, admit above 1: the rules unchanged
    ([RULE_A, RULE_B, TAG_FREE], [0.1, 0.9, 0.99], [], 0.0, 1.01, None, [(0, 4), (10, 14)]),
    # a rule mention below veto goes; a free candidate at admit comes in
    ([RULE_A, RULE_B, TAG_FREE], [0.1, 0.9, 0.8], [], 0.2, 0.8, None, [(10, 14), (20, 24)]),
    # a candidate overlapping another label's mention stays out
    ([TAG_FREE], [0.9], [(22, 30)], 0.2, 0.5, None, []),
    # without margin a kept rule mention blocks a better boundary; with one it is replaced
    ([RULE_A, TAG_LONG], [0.6, 0.9], [], 0.2, 0.5, None, [(0, 4)]),
    ([RULE_A, TAG_LONG], [0.6, 0.9], [], 0.2, 0.5, 0.2, [(0, 6)]),
    ([RULE_A, TAG_LONG], [0.8, 0.9], [], 0.2, 0.5, 0.2, [(0, 4)]),
])
def test_select(cands, probs, taken, veto, admit, margin, expected):
    chosen = C.select(cands, probs, taken, veto, admit, margin)
    assert sorted((c.start, c.end) for c, _ in chosen) == expected
    assert set(expected) <= set(taken)  # what was chosen now blocks later labels


def test_candidates_name_their_sources():
    text = "秦皇岛市总工会开展“会聚良缘”联谊活动，“贴心人”送温暖。"
    doc = Doc(text)
    rules = extract_doc(doc).mentions
    tagged = [Mention("ORG", text[0:3], 0, 3, "spacy-ner", "1", 0.5)]
    orgs = {text[c.start:c.end]: set(c.sources) for c in C.gather(doc, rules, tagged, "ORG")}
    assert "rules.orgs" in orgs["秦皇岛市总工会"] and orgs["秦皇岛"] >= {"spacy"}
    progs = {text[c.start:c.end]: set(c.sources) for c in C.gather(doc, rules, None, "PROGRAMME")}
    assert progs["会聚良缘"] >= {"rules.programmes", "quote"} and progs["贴心人"] == {"quote"}


SENTENCES = [
    ("秦皇岛市总工会开展“会聚良缘”联谊活动，“贴心人”送温暖。", ["秦皇岛市总工会"], ["会聚良缘"]),
    ("廊坊市总工会举办“玫瑰书香”读书活动，做职工“贴心人”。", ["廊坊市总工会"], ["玫瑰书香"]),
    ("昌黎县总工会推广“妈咪暖心小屋”建设，当好“贴心人”。", ["昌黎县总工会"], ["妈咪暖心小屋"]),
    ("温州市总工会组织“工会在你身边”活动，争当“贴心人”。", ["温州市总工会"], ["工会在你身边"]),
    ("唐山市总工会启动“冬送温暖”行动，各级工会做“贴心人”。", ["唐山市总工会"], ["冬送温暖"]),
    ("沧州市总工会开展“书香三八”活动，成为“贴心人”。", ["沧州市总工会"], ["书香三八"]),
]


def annotated(n, text, orgs, programmes):
    spans = [Span(text.index(s), text.index(s) + len(s), "ORG") for s in orgs]
    spans += [Span(text.index(s), text.index(s) + len(s), "PROGRAMME") for s in programmes]
    gold = {"orgs": [{"text": s} for s in orgs], "programmes": [{"text": s} for s in programmes]}
    return Annotated(f"t{n}.txt", text, tuple(sorted(spans)), gold=gold)


ITEMS = [annotated(n, *s) for n, s in enumerate(SENTENCES)]


@pytest.fixture(scope="module")
def prepared():
    return [C.prepare(it, extract_doc(Doc(it.text)).mentions, None) for it in ITEMS]


def test_prepare_labels_candidates_by_exact_gold(prepared):
    p = prepared[0]
    labels = {p.norms["PROGRAMME"][c.start, c.end]: y for c, y in zip(p.cands["PROGRAMME"], p.y["PROGRAMME"])}
    assert labels["会聚良缘"] == 1 and labels["贴心人"] == 0
    assert all("tag=na" in x for x in p.X["ORG"])  # no tagger: its features say so


def test_classifier_learns_and_round_trips(prepared, tmp_path):
    clf = C.CandidateClassifier.fit(prepared)
    text = "保定市总工会开展“书香润心”读书活动，当好“贴心人”。"
    doc = Doc(text)
    scores = {text[c.start:c.end]: p for c, p in clf.scores(doc, extract_doc(doc).mentions, None, "PROGRAMME")}
    assert scores["书香润心"] > 0.5 > scores["贴心人"]
    clf.save(tmp_path / "c.joblib")
    again = C.CandidateClassifier.load(tmp_path / "c.joblib")
    assert again.scores(doc, extract_doc(doc).mentions, None, "PROGRAMME") == \
        clf.scores(doc, extract_doc(doc).mentions, None, "PROGRAMME")


def test_thresholds_are_never_worse_than_the_rules_in_the_inner_cross_validation(prepared):
    chosen = C.choose_thresholds(prepared, seed=3, k=3)
    for label in C.LABELS:
        tp, fp, fn = C._f1_of(prepared, {i: {label: [1.0] * len(p.cands[label])} for i, p in enumerate(prepared)},
                              label, 0.0, 1.01)
        rules_f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
        assert chosen[label]["veto"] in C.GRID_VETO and chosen[label]["admit"] in C.GRID_ADMIT
        assert chosen[label]["oof_f1"] >= round(rules_f1, 4) - 1e-9
