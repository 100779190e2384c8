"""ORG extraction, table-driven from tests/cases/orgs.yaml (sentence in, ORG strings out)."""
import pytest

from conftest import load_cases
from reportmine.text.doc import Doc
from reportmine.extractors.orgs import EXTRACTOR, VERSION, extract_orgs


@pytest.mark.parametrize("case", load_cases("orgs"))
def test_org_cases(case):
    assert [m.text for m in extract_orgs(Doc(case["text"]))] == case["expect"]


def test_records_carry_provenance_and_spans():
    doc = Doc("市总工会主席讲话。")
    [m] = extract_orgs(doc)
    assert (m.label, m.extractor, m.version) == ("ORG", EXTRACTOR, VERSION)
    assert 0 <= m.confidence <= 1
    assert doc.text[m.start:m.end] == m.text


def test_every_occurrence_is_a_mention():
    doc = Doc("市总工会召开会议。会后,市总工会发布通知。")
    assert [m.text for m in extract_orgs(doc)] == ["市总工会", "市总工会"]


def test_traditional_script_keeps_its_surface():
    doc = Doc("山東省總工會召開會議。")
    assert [m.text for m in extract_orgs(doc)] == ["山東省總工會"]


@pytest.mark.parametrize("text, expect", [
    ("发布时间:2024-01-02 来源: 东山晚报\n", ["东山晚报"]),            # source line
    ("东山网5月6日讯(记者张三)近日,", ["东山网"]),                     # dateline with a date
    ("西水网讯 为进一步", ["西水网"]),                                 # dateline without one
    ("北海网讯(南方日报-北海网记者李四)", ["北海网", "南方日报"]),     # byline in parentheses
    ("活动圆满结束。\n(南方日报) 【编辑:王五】", ["南方日报"]),
    ("当前位置: 东山新闻网 > 要闻 > 正文", ["东山新闻网"]),            # first in a breadcrumb
    ("当前位置:东山网工会频道职工书屋-正文", ["东山网"]),              # …or before a channel
    ("当前位置:首页>专题报道>职工之家", []),
    ("该文刊登在《东山日报》上。", ["东山日报"]),                      # in title marks
    ("本报讯(记者王六)日前,", []),                                     # this paper names no one
    ("他们与电视台合作开展活动。", []),                                # a medium out of those places
])
def test_media_in_source_lines(text, expect):
    from reportmine.extractors.orgs import media_sources

    assert [text[a:b] for a, b in media_sources(text)] == expect


@pytest.mark.parametrize("text, expect", [
    ("作为主力的王建国劳模创新工作室通过技术创新", [("王建国劳模创新工作室", True)]),
    ("其中张万春职工创新工作室被列为重点", [("张万春职工创新工作室", True)]),  # 张 split off as a measure word
    ("东方公司志愿服务队参加活动", [("东方公司志愿服务队", False)]),          # named after a company
])
def test_teams_named_after_a_person(text, expect):
    from reportmine.extractors.orgs import PERSON_TEAM_EXTRACTOR

    assert [(m.text, m.extractor == PERSON_TEAM_EXTRACTOR) for m in extract_orgs(Doc(text))] == expect


def test_media_mentions_carry_their_own_extractor():
    from reportmine.extractors.orgs import MEDIA_EXTRACTOR

    [m] = extract_orgs(Doc("来源:东山晚报\n"))
    assert (m.text, m.extractor) == ("东山晚报", MEDIA_EXTRACTOR)
