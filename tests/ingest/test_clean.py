import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import load_cases
from reportmine.ingest.clean import clean, is_furniture


@pytest.mark.parametrize("case", load_cases("clean"))
def test_clean_cases(case):
    assert clean(case["text"]) == case["expect"]


@pytest.mark.parametrize("line", ["当前位置:首页>新闻", "发布时间:2023年04月04日", "秦皇岛市总工会女职工委员会"])
def test_content_lines_are_not_furniture(line):
    assert not is_furniture(line)


CHARS = st.text(alphabet=st.sampled_from(list("总工会女职委，。 \n\t(huì)ＡＢ１２·・“”⊙|©") + ["中", "華", "\u3000", "\ufeff"]),
                max_size=200)


@settings(max_examples=300, deadline=None)
@given(CHARS)
def test_clean_never_raises_and_is_idempotent(raw):
    once = clean(raw)
    assert isinstance(once, str)
    assert clean(once) == once


def test_shadow_folds_middle_dots_and_script_but_keeps_length():
    from reportmine.text.doc import Doc

    doc = Doc("“尊法守法・携手筑梦”與總工會")
    assert doc.shadow == "“尊法守法·携手筑梦”与总工会"
    assert len(doc.shadow) == len(doc.text)


def test_shadow_folds_corner_quotes():
    from reportmine.text.doc import Doc
    from reportmine.extractors import extract

    assert Doc("「會聚良緣」").shadow == "“会聚良缘”"
    programmes = [m.text for m in extract("工會舉辦「會聚良緣」系列聯誼活動。").mentions if m.label == "PROGRAMME"]
    assert programmes == ["會聚良緣"]


@pytest.mark.parametrize("text,traditional", [
    ("中華全國總工會召開全國先進女職工集體和個人表彰大會", True),
    ("中华全国总工会召开全国先进女职工集体和个人表彰大会", False),
    ("ABC 123", False),
])
def test_doc_tells_traditional_script(text, traditional):
    from reportmine.text.doc import Doc

    assert Doc(text).is_traditional is traditional
