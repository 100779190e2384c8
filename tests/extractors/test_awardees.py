"""AWARDEE extraction, table-driven from tests/cases/awardees.yaml (sentence in, awardees out)."""
import pytest

from conftest import load_cases
from reportmine.text.doc import Doc
from reportmine.extractors import awardees as R
from reportmine.extractors.awardees import EXTRACTOR, VERSION, extract_awardees


def pairs(case) -> set:
    """The expected facts, restricted to the keys each case states."""
    return {tuple(sorted(e.items())) for e in case["expect"]}


def got(case) -> set:
    doc = Doc(case["text"])
    out = set()
    keys = {k for e in case["expect"] for k in e} or {"name", "honour"}
    for a in extract_awardees(doc, []):
        out.add(tuple(sorted((k, getattr(a, k)) for k in keys if k in ("name", "honour", "kind", "organisation"))))
    return out


@pytest.mark.parametrize("case", load_cases("awardees"))
def test_awardee_cases(case):
    assert got(case) == pairs(case)


def test_records_carry_provenance_and_spans():
    doc = Doc("省劳模钟晓媛等创新工作室32个。")
    [a] = extract_awardees(doc, [])
    assert (a.extractor, a.version) == (EXTRACTOR, VERSION)
    assert 0 <= a.confidence <= 1
    assert doc.text[a.start:a.end] == a.name
    assert doc.text[a.honour_start:a.honour_end] == a.honour


def test_traditional_script_keeps_its_surface():
    doc = Doc("陳秀英等10名個人榮獲全國五一巾幗獎章。")
    [a] = extract_awardees(doc, [])
    assert (a.name, a.honour) == ("陳秀英", "全國五一巾幗獎章")


def test_unlabeled_texts_give_well_formed_records(unlabeled_dir):
    """On real texts without gold: every record points at its own name and honour."""
    from reportmine.ingest.clean import clean
    from reportmine.ingest.files import read_text_file

    for path in sorted(unlabeled_dir.glob("*.txt")):
        doc = Doc(clean(read_text_file(path)))
        for a in extract_awardees(doc, []):
            assert doc.text[a.start:a.end] == a.name, path.name
            assert a.kind in ("person", "org") and 0 <= a.confidence <= 1
            assert a.honour and len(a.name) >= 2


def test_an_honour_read_across_blanked_mojibake_has_no_span():
    """Issue 18 (fuzzing): the honour 动织 is read across a blanked '?', so no span of the text spells it."""
    doc = Doc("市總工會榮獲動?織")
    for a in extract_awardees(doc, []):
        assert a.honour_start is None or doc.text[a.honour_start:a.honour_end] == a.honour


@pytest.mark.parametrize("name, generic", [
    ("各车间", True), ("有关单位", True), ("广大班组", True), ("优秀班组", True), ("8个班组", True),
    ("滨江机械厂", False), ("东湖区第一中学", False),
])
def test_a_collective_opened_by_a_determiner_or_a_generic_modifier_names_no_one_body(name, generic):
    """GENERIC_ORG reads the determiners of org_stopwords.tsv and the generic modifiers of award_words.tsv."""
    assert bool(R.GENERIC_ORG.match(name)) is generic


@pytest.mark.parametrize("before, words", [
    ("王小明近日先后", "近日先后"), ("滨江化工集团今年", "今年"), ("王小明", None),
])
def test_time_words_before_an_award_verb_are_read_off_the_subject(before, words):
    m = R.SUBJECT_TIME.search(before)
    assert (m and m.group()) == words


@pytest.mark.parametrize("honour, bad", [("市领导好评", True), ("职工代表", True), ("代表队冠军", False), ("市劳动模范", False)])
def test_objects_that_are_no_honour(honour, bad):
    assert bool(R.BAD_HONOUR.search(honour)) is bad


def test_honour_endings_are_tried_longest_first():
    """clean_honour drops the first ending that matches: 荣誉称号 must come before 称号."""
    assert R.HONOUR_END.index("荣誉称号") < R.HONOUR_END.index("称号")
    assert R.clean_honour("市劳动模范荣誉称号") == "市劳动模范"


@pytest.mark.parametrize("phrase, split", [
    ("一等奖和二等奖", "和"), ("二等奖及优秀奖", "及"), ("银奖与最佳创意奖", "与"), ("技术能手和标兵", None),
])
def test_two_prizes_joined_by_a_conjunction_are_two_honours(phrase, split):
    """PRIZE_PAIR is a conjunction between a prize and any prize PRIZE reads."""
    m = R.PRIZE_PAIR.search(phrase)
    assert (m and m.group()) == split
