"""The learned figure-subject selector: fit on annotated texts, apply to the rules' figures, save and load.

Invented sentences only; the selector's quality is measured by scripts/subject_cv.py on the corpus.
"""
from __future__ import annotations

import pytest

pytest.importorskip("sklearn")

from reportmine.extractors.figures import extract_figures
from reportmine.learn.annotations import Annotated
from reportmine.learn.subjects import SubjectSelector, candidates
from reportmine.text.doc import Doc

TEXTS = [
    ("我市现有女职工26.5万人,女工组织4100多个。", [(265000, "人", "女职工"), (4100, "个", "女工组织")]),
    ("全年举办相亲交友活动1052场,参与人数达5000人次。", [(1052, "场", "相亲交友活动"), (5000, "人次", "参与人数")]),
    ("大会表彰了10个集体和300名个人。", [(10, "个", "集体"), (300, "名", "个人")]),
    ("南湖区总工会投入32.5万元,慰问困难职工800人。", [(325000, "元", "投入"), (800, "人", "困难职工")]),
]


def _items():
    out = []
    for text, figs in TEXTS:
        gold = {"figures": [{"text": "", "value": v, "unit": u, "subject": s} for v, u, s in figs]}
        out.append(Annotated("invented.txt", text, (), gold=gold))
    return out


def test_candidates_hold_the_counted_noun():
    doc = Doc("我市现有女职工26.5万人。")
    fig = extract_figures(doc)[0]
    spans = {doc.text[c.start:c.end] for c in candidates(doc, fig)}
    assert "女职工" in spans and all(c.feats for c in candidates(doc, fig))


def test_fit_apply_save_load(tmp_path):
    sel = SubjectSelector().fit(_items())
    doc = Doc("全市现有女职工12万人,女工组织300多个。")
    figs = extract_figures(doc)
    out = sel.apply(doc, figs)
    assert [f.value for f in out] == [f.value for f in figs]
    for f in out:
        assert f.subject is None or f.subject == doc.text[f.subject_start:f.subject_end]
    path = tmp_path / "subjects.joblib"
    sel.save(path)
    again = SubjectSelector.load(path)
    assert [f.subject for f in again.apply(doc, figs)] == [f.subject for f in out]
    assert path.stat().st_size < 300_000
