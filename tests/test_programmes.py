"""PROGRAMME extraction, table-driven from tests/cases/programmes.yaml (sentence in, names out)."""
import pytest

from conftest import load_cases
from reportmine.doc import Doc
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
