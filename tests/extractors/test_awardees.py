"""AWARDEE extraction, table-driven from tests/cases/awardees.yaml (sentence in, awardees out)."""
import pytest

from conftest import load_cases
from reportmine.text.doc import Doc
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
