"""Adapting a base model to a few annotations (learn/adapt.py, issue 20): lexicon with provenance,
a stacked CRF that falls back to the base per label, round trip through disk, the CLI, and the
genre test on ../shared's themes (skipped when ../shared is absent)."""
from __future__ import annotations

import json
import sys

import pytest
from click.testing import CliRunner

from reportmine.cli import main
from reportmine.learn import adapt, model as model_lib
from reportmine.learn.annotations import LABELS, Annotated, Span
from reportmine.learn.spanmodel import Config
from reportmine.learn.training import train_model

from conftest import ROOT, SHARED

SENTENCES = [
    ("秦皇岛市总工会开展“会聚良缘”联谊活动。", [("秦皇岛市总工会", "ORG"), ("会聚良缘", "PROGRAMME")]),
    ("廊坊市总工会举办“玫瑰书香”读书活动。", [("廊坊市总工会", "ORG"), ("玫瑰书香", "PROGRAMME")]),
    ("省劳模钟晓媛在浙江省总工会发言。", [("钟晓媛", "PERSON"), ("浙江省总工会", "ORG")]),
    ("李艳伟来自星河电讯联合体，星河电讯联合体表彰了她。", [("李艳伟", "PERSON"), ("星河电讯联合体", "ORG")]),
    ("昌黎县总工会推广“妈咪暖心小屋”建设。", [("昌黎县总工会", "ORG"), ("妈咪暖心小屋", "PROGRAMME")]),
    ("温州市总工会组织“工会在你身边”活动。", [("温州市总工会", "ORG"), ("工会在你身边", "PROGRAMME")]),
    ("王建华在星河电讯联合体工作。", [("王建华", "PERSON"), ("星河电讯联合体", "ORG")]),
    ("唐山市总工会启动“冬送温暖”行动。", [("唐山市总工会", "ORG"), ("冬送温暖", "PROGRAMME")]),
]


def annotated(text, found, n, source="mine.jsonl"):
    spans = tuple(sorted({Span(text.index(s), text.index(s) + len(s), label) for s, label in found}))
    return Annotated(source, text, spans, line=n)


ITEMS = [annotated(t, f, n) for n, (t, f) in enumerate(SENTENCES, 1)]


@pytest.fixture(scope="module")
def tiny_base(tmp_path_factory):
    out = tmp_path_factory.mktemp("base")
    train_model(ITEMS[:4], Config(arch="crf", dev_share=0.0, seed=3)).save(out)
    return out


def test_lexicon_keeps_names_with_their_file_and_leaves_a_text_out():
    lex = adapt.Lexicon.from_items(ITEMS)
    e = lex.entries["星河电讯联合体"]
    assert e["label"] == "ORG" and e["sources"] == {"mine.jsonl:4", "mine.jsonl:7"}
    text = "星河电讯联合体和廊坊市总工会"
    assert [m[0] for m in lex.matches(text)] == ["ORG", "ORG"]
    only_from_2 = adapt.Lexicon.from_items(ITEMS[1:2])
    assert only_from_2.matches(text, exclude="mine.jsonl:2") == []
    assert lex.novelty(["廊坊市总工会", "新名字协会"]) == 0.5


def test_ambiguous_names_stay_out_of_the_lexicon():
    a = annotated("甲乙丙工会。", [("甲乙丙工会", "ORG")], 1)
    b = annotated("甲乙丙工会。", [("甲乙丙工会", "PROGRAMME")], 2)
    assert len(adapt.Lexicon.from_items([a, b])) == 0


def test_adapted_model_round_trips_and_never_finds_less_than_nothing(tiny_base, tmp_path):
    base = model_lib.load(tiny_base)
    model = adapt.adapt(base, ITEMS[4:], folds=2)
    info = model.info["adapted"]
    assert set(info["choice"]) == set(LABELS) and set(info["choice"].values()) <= set(adapt.CHOICES)
    assert info["base"]["version"] == base.version and info["texts"] == 4
    out = model.save(tmp_path / "adapted")
    for name in ("stack.crfsuite", "lexicon.tsv", "adapter.json", "crf.crfsuite", "README.md"):
        assert (out / name).is_file(), name
    assert "mine.jsonl:7" in (out / "lexicon.tsv").read_text(encoding="utf-8")
    card = (out / "README.md").read_text(encoding="utf-8")
    assert "Adapted from a base model" in card and "| ORG |" in card
    again = model_lib.load(out)
    assert again.adapter is not None and again.adapter.choice == info["choice"]
    from reportmine.extractors import extract
    ex = extract("王建华在星河电讯联合体工作，秦皇岛市总工会开展“会聚良缘”联谊活动。", again)
    assert any(m.label == "ORG" for m in ex.mentions)


def test_a_label_the_adapted_model_loses_keeps_the_base():
    p_choice = {"ORG": "base", "PROGRAMME": "adapted", "PERSON": "base", "HONOUR": "base"}
    from reportmine.records import Extraction, Mention
    from reportmine.text.doc import Doc

    doc = Doc("甲乙丙工会开展“丁戊”活动。")
    base_ex = Extraction(text=doc.text, mentions=[Mention("ORG", "甲乙丙工会", 0, 5, "rules.org", "r")])
    p = adapt.Prepared(None, doc, base_ex, [], base_ex, [])
    tagged = [Mention("PROGRAMME", "丁戊", 8, 10, adapt.EXTRACTOR, "a"), Mention("ORG", "甲乙", 0, 2, adapt.EXTRACTOR, "a")]
    got = adapt.merge(p, tagged, None, p_choice)
    assert [(m.label, m.text) for m in got.mentions] == [("ORG", "甲乙丙工会"), ("PROGRAMME", "丁戊")]


def test_cli_train_adapts_by_default_and_from_scratch_on_request(tiny_base, tmp_path):
    data = tmp_path / "mine.jsonl"
    with open(data, "w", encoding="utf-8") as fh:
        for text, found in SENTENCES[4:]:
            labels = [[text.index(s), text.index(s) + len(s), label] for s, label in found]
            fh.write(json.dumps({"text": text, "label": labels}, ensure_ascii=False) + "\n")
    r = CliRunner().invoke(main, ["train", str(data), "--base", str(tiny_base), "--out", str(tmp_path / "m"),
                                  "--learning-curve", str(tmp_path / "curve.png")])
    assert r.exit_code == 0, r.output
    assert (tmp_path / "m" / "adapter.json").is_file() and (tmp_path / "curve.png").stat().st_size > 1000
    assert "adapted" in r.output
    r = CliRunner().invoke(main, ["train", str(data), "--base", str(tiny_base), "--from-scratch",
                                  "--out", str(tmp_path / "s")])
    assert r.exit_code != 0 and "exclude each other" in r.output


# ---------------------------------------------------------------------------- genre test (../shared)

# The traditional-script theme has 7 pool texts (3 more are in the held-out split): each is scored by a
# model adapted with the other 6 (leave one out); "elsewhere" is a second theme the base did not see either.
THEME, ELSEWHERE = "traditional script", "skills competitions"


@pytest.fixture(scope="session")
def genre_base(tmp_path_factory):
    """A base trained on the pool (seeds, dev, our unlabeled annotations, train minus held-out)
    without the adapted theme and the 'elsewhere' theme (about 45 s)."""
    if not (SHARED / "corpus" / "train" / "gold").is_dir():
        pytest.skip(f"{SHARED / 'corpus' / 'train'} is absent: the genre test needs the third-party texts")
    sys.path.insert(0, str(ROOT / "scripts"))
    import adapt_eval

    out = tmp_path_factory.mktemp("genre-base")
    adapt_eval.make_base(str(out), [THEME, ELSEWHERE], say=lambda _: None)
    return model_lib.load(out), adapt_eval


@pytest.fixture(scope="session")
def genre_result(genre_base):
    base, adapt_eval = genre_base
    _, by = adapt_eval.themed([THEME, ELSEWHERE])
    res, _ = adapt_eval.genre(base, by[THEME], by[ELSEWHERE], say=lambda _: None, k=len(by[THEME]))
    return res


NOT_MET = ("issue 20's bar is not met: the theme's 6 other texts share almost no organisation names with the one "
           "scored (5% of its ORG strings recur in another of its texts), and no learner measured gains 0.03 ORG F1 "
           "from them (scripts/adapt_learners.py, README: stacked CRF 0.880, rehearsal/self-distillation 0.842, "
           "against the base's 0.880; even retraining the base's CRF on its own data plus the theme's texts gives "
           "0.868); strict, so that a learner that reaches the bar is noticed")


def test_adapting_to_a_genre_loses_nothing_elsewhere(genre_result):
    for where in ("theme", "elsewhere"):
        for label in LABELS:
            b, a = genre_result[where]["base"][label].f1, genre_result[where]["adapted"][label].f1
            assert a >= b - 0.01, (where, label, b, a)


@pytest.mark.xfail(reason=NOT_MET, strict=True)
def test_adapting_to_a_genre_gains_org_f1_on_it(genre_result):
    b, a = genre_result["theme"]["base"]["ORG"].f1, genre_result["theme"]["adapted"]["ORG"].f1
    assert a >= b + 0.03, (b, a)
