"""PROGRAMME extraction, table-driven from tests/cases/programmes.yaml (sentence in, names out)."""
import pytest

from conftest import load_cases
from reportmine.text.doc import Doc
from reportmine.extractors.orgs import extract_orgs
from reportmine.extractors.programmes import EXTRACTOR, VERSION, extract_programmes


def names(text: str) -> list[str]:
    doc = Doc(text)
    return [m.text for m in extract_programmes(doc, extract_orgs(doc))]


@pytest.mark.parametrize("case", load_cases("programmes"))
def test_programme_cases(case):
    assert names(case["text"]) == case["expect"]


def test_records_carry_provenance_and_spans():
    doc = Doc("全力打造“六个一”品牌。")
    [m] = extract_programmes(doc, extract_orgs(doc))
    assert (m.label, m.extractor, m.version) == ("PROGRAMME", EXTRACTOR, VERSION)
    assert 0 <= m.confidence <= 1
    assert doc.text[m.start:m.end] == m.text


def test_traditional_script_keeps_its_surface():
    doc = Doc("開展“書香伴行”閱讀活動。")
    assert [m.text for m in extract_programmes(doc, extract_orgs(doc))] == ["書香伴行"]


@pytest.mark.parametrize("text, name, plausible", [
    # a whole quote with nothing against it: the model may call it a programme
    ("市总工会推出“暖心驿站”服务职工。", "暖心驿站", True),
    ("全市建成12个“爱心小屋”。", "爱心小屋", True),               # facilities are counted by 个: still a brand
    # a noun after the quote, or after the list of quotes it ends, says it is a task, strength or game
    ("围绕“稳就业”任务推进。", "稳就业", False),
    ("发挥“产业工人”优势。", "产业工人", False),
    ("开展“你追我赶”、“齐心协力”等游戏。", "你追我赶", False),
    ("开展“你追我赶”、“齐心协力”等游戏。", "齐心协力", False),
    ("开展“你追我赶”游戏活动。", "你追我赶", True),              # ... unless a programme head follows
    # a count of people or households before it: a title they hold
    ("评出20名“巧手能人”和5户“和美家庭”。", "巧手能人", False),
    ("评出20名“巧手能人”和5户“和美家庭”。", "和美家庭", False),
    # descriptors that are never names (gazetteers/programme_heads.tsv, role notsuffix)
    ("弘扬“劳模精神”。", "劳模精神", False),
    # inside a 《》 title, or not the whole quote
    ("印发《“温暖行动”实施方案》。", "温暖行动", False),
    ("推出“暖心驿站”服务职工。", "暖心", False),
    # someone's words
    ("他笑称：“这是我们的暖心驿站”。", "这是我们的暖心驿站", False),
])
def test_plausible_quote(text, name, plausible):
    from reportmine.extractors.programmes import plausible_quote

    start = text.index(name)
    assert plausible_quote(text, start, start + len(name)) is plausible


@pytest.mark.parametrize("text, names", [
    ("全面开展夏送清凉和冬送温暖活动。", ["夏送清凉", "冬送温暖"]),
    ("开展“冬送温暖”活动。", ["冬送温暖"]),                   # the whole quote is the name
    ("开展“冬送温暖、夏送清凉”系列慰问。", ["冬送温暖", "夏送清凉"]),  # a quoted list names each
    ("开展冬送温暖慰问。", ["冬送温暖"]),
    ("青河市冬送温暖基金会", []),                          # no word boundary inside a longer word
    ("举办春风行动专场招聘会。", ["春风行动"]),
])
def test_known_programmes_stand_as_words(text, names):
    from reportmine.extractors.programmes import known

    assert [m.text for m in known(Doc(text), [])] == names
