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
