"""Annotated samples in every format become the same spans; bad files fail naming file and line."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from reportmine.learn import annotations as A
from reportmine.learn.annotations import Span
from reportmine.errors import AnnotationError

TEXT = "秦皇岛市总工会女职委开展“会聚良缘”活动，市总工会主席出席。省劳模钟晓媛发言。"


def spans_text(item):
    return [(item.text[s.start:s.end], s.label) for s in item.spans]


@pytest.mark.parametrize("items, expected, ignored", [
    # every occurrence, longest first: 市总工会 inside the longer name is not a second span
    ([("秦皇岛市总工会女职委", "ORG", False), ("市总工会", "ORG", False)],
     [("秦皇岛市总工会女职委", "ORG"), ("市总工会", "ORG")], []),
    # quotes around a gold string are not part of it
    ([("“会聚良缘”", "PROGRAMME", False)], [("会聚良缘", "PROGRAMME")], []),
    # optional strings are ignored regions, not spans
    ([("省劳模", "HONOUR", True), ("钟晓媛", "PERSON", False)], [("钟晓媛", "PERSON")], ["省劳模"]),
    # strings absent from the text give nothing
    ([("中华全国总工会", "ORG", False)], [], []),
])
def test_locate(items, expected, ignored):
    spans, ignore = A.locate(TEXT, items)
    assert [(TEXT[s.start:s.end], s.label) for s in spans] == expected
    assert [TEXT[s:e] for s, e in ignore] == ignored


def test_locate_finds_traditional_text_from_a_simplified_gold_string_and_drops_pinyin_glosses():
    text = "全國總工會表彰先進"
    spans, _ = A.locate(text, [("全国总工会", "ORG", False), ("表彰(biǎo)", "HONOUR", False)])
    assert [(text[s.start:s.end], s.label) for s in spans] == [("全國總工會", "ORG"), ("表彰", "HONOUR")]


def test_gold_folder_reads_texts_and_turns_bags_into_spans(tmp_path):
    (tmp_path / "gold").mkdir()
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "gold" / "a.json").write_text(json.dumps({
        "file": "a.txt", "orgs": [{"text": "市总工会"}], "programmes": [{"text": "会聚良缘"}], "figures": [],
        "awardees": [{"name": "钟晓媛", "kind": "person", "honour": "省劳模", "organisation": None}]},
        ensure_ascii=False), encoding="utf-8")
    for path in (tmp_path, tmp_path / "gold"):
        [item] = A.read([path])
        assert sorted(spans_text(item)) == sorted([("市总工会", "ORG"), ("市总工会", "ORG"), ("会聚良缘", "PROGRAMME"),
                                                   ("省劳模", "HONOUR"), ("钟晓媛", "PERSON")])
        assert item.bags()["PERSON"] == ({"钟晓媛"}, set())


def test_gold_folder_finds_its_texts_through_a_texts_pointer(tmp_path):
    """Gold for texts that may not be copied lives apart from them; TEXTS names where they are."""
    texts, ann = tmp_path / "elsewhere" / "texts", tmp_path / "repo" / "annotations"
    texts.mkdir(parents=True)
    (ann / "gold").mkdir(parents=True)
    (texts / "a.txt").write_text(TEXT, encoding="utf-8")
    (ann / "gold" / "a.json").write_text(json.dumps({"file": "a.txt", "orgs": [{"text": "市总工会"}]},
                                                    ensure_ascii=False), encoding="utf-8")
    (ann / "TEXTS").write_text("# where the texts are\n../../elsewhere/texts\n", encoding="utf-8")
    for path in (ann, ann / "gold"):
        [item] = A.read([path])
        assert Path(item.source) == (texts / "a.txt").resolve()
        assert sorted(spans_text(item)) == [("市总工会", "ORG"), ("市总工会", "ORG")]
    (ann / "TEXTS").write_text("../../nowhere\n", encoding="utf-8")
    with pytest.raises(AnnotationError, match=r"TEXTS.*nowhere.*not a folder"):
        A.read([ann])
    (ann / "TEXTS").write_text("# nothing\n", encoding="utf-8")
    with pytest.raises(AnnotationError, match=r"TEXTS.*names no folder"):
        A.read([ann])


@pytest.mark.parametrize("record", [
    {"text": TEXT, "label": [[0, 10, "ORG"], [13, 17, "PROGRAMME"]]},
    {"text": TEXT, "labels": [[0, 10, "org"], [13, 17, "PROGRAMME"]]},
    {"text": TEXT, "entities": [{"id": 1, "start_offset": 0, "end_offset": 10, "label": "ORG"},
                                {"id": 2, "start_offset": 13, "end_offset": 17, "label": "PROGRAMME"}]},
])
def test_doccano_formats(tmp_path, record):
    path = tmp_path / "d.jsonl"
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    [item] = A.read([path])
    assert spans_text(item) == [("秦皇岛市总工会女职委", "ORG"), ("会聚良缘", "PROGRAMME")]
    assert item.line == 1


def test_label_studio_full_and_min_exports(tmp_path):
    result = [{"from_name": "label", "to_name": "text", "type": "labels",
               "value": {"start": 0, "end": 10, "text": "秦皇岛市总工会女职委", "labels": ["ORG"]}}]
    full = [{"id": 7, "data": {"text": TEXT},
             "annotations": [{"result": [], "was_cancelled": True}, {"result": result}]},
            {"id": 8, "data": {"text": "没有标注"}, "annotations": []}]
    path = tmp_path / "ls.json"
    path.write_text(json.dumps(full, ensure_ascii=False, indent=1), encoding="utf-8")
    items = A.read([path])
    assert [spans_text(i) for i in items] == [[("秦皇岛市总工会女职委", "ORG")]]  # unannotated task skipped
    mini = [{"text": TEXT, "label": [{"start": 13, "end": 17, "text": "会聚良缘", "labels": ["PROGRAMME"]}]}]
    path.write_text(json.dumps(mini, ensure_ascii=False), encoding="utf-8")
    assert spans_text(A.read([path])[0]) == [("会聚良缘", "PROGRAMME")]


def test_docbin(tmp_path):
    import spacy
    from spacy.tokens import DocBin

    nlp = spacy.blank("zh")
    doc = nlp.make_doc(TEXT)
    doc.ents = [doc.char_span(0, 10, label="ORG")]
    doc.spans["sc"] = [doc.char_span(13, 17, label="PROGRAMME"), doc.char_span(4, 7, label="ORG")]
    DocBin(docs=[doc]).to_disk(tmp_path / "d.spacy")
    [item] = A.read([tmp_path / "d.spacy"])
    assert spans_text(item) == [("秦皇岛市总工会女职委", "ORG"), ("总工会", "ORG"), ("会聚良缘", "PROGRAMME")]
    with pytest.raises(AnnotationError, match="overlapping spans"):
        item.check_flat()


@pytest.mark.parametrize("content, message, line", [
    ('{"text": "甲乙丙", "label": [[0, 2, "ORG"]]}\n{"text": "甲乙", "label": [[0, 9, "ORG"]]}\n',
     "outside the text", 2),
    ('{"text": "甲乙丙", "label": [[0, 2, "PLACE"]]}\n', "unknown label 'PLACE'", 1),
    ('{"text": "甲乙丙", "label": [[0, 2, "ORG"]]}\n{"text": "甲乙丙", "label": [[0, 2, "ORG"]\n', "malformed JSON", 2),
    ('{"label": [[0, 2, "ORG"]]}\n', "no 'text'", 1),
    ('["not", "an", "object"]\n', "expected a JSON object", 1),
    ('{"text": "甲乙丙", "label": [[0, 2]]}\n', "must be \\[start, end, label\\]", 1),
])
def test_bad_doccano_names_file_and_line(tmp_path, content, message, line):
    path = tmp_path / "bad.jsonl"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(AnnotationError, match=message) as e:
        A.read([path])
    assert e.value.line == line and str(path) in str(e.value)


def test_overlapping_doccano_spans_are_refused_for_the_tagger_naming_the_line(tmp_path):
    path = tmp_path / "o.jsonl"
    path.write_text('{"text": "x"}\n' + json.dumps({"text": TEXT, "label": [[0, 7, "ORG"], [4, 10, "ORG"]]}) + "\n",
                    encoding="utf-8")
    path.write_text(json.dumps({"text": TEXT, "label": []}) + "\n" +
                    json.dumps({"text": TEXT, "label": [[0, 7, "ORG"], [4, 10, "ORG"]]}) + "\n", encoding="utf-8")
    items = A.read([path])
    items[0].check_flat()
    with pytest.raises(AnnotationError, match=r"o.jsonl:2: overlapping spans ORG 0-7"):
        items[1].check_flat()


@pytest.mark.parametrize("content, message, line", [
    ('[\n {"data": {"text": "甲乙"}, "annotations": []},\n {"data": {"text": "甲乙"},, }\n]', "malformed JSON", 3),
    ('{"data": {}}', "no 'text'", 1),  # a lone object is read as Doccano
    ('[\n {"data": {"text": "甲乙"}, "annotations": []},\n {"data": {"text": "甲乙"}, "annotations": [{"result": '
     '[{"type": "labels", "value": {"start": 1, "end": 5, "labels": ["ORG"]}}]}]}\n]', "outside the text", 3),
    ('[\n {"data": {"text": "甲乙"}, "annotations": []}\n', "not closed", 3),
])
def test_bad_label_studio_names_file_and_line(tmp_path, content, message, line):
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(AnnotationError, match=message) as e:
        A.read([path])
    assert e.value.line == line


def test_unknown_paths_and_formats(tmp_path):
    with pytest.raises(AnnotationError, match="no such file"):
        A.read([tmp_path / "missing.jsonl"])
    (tmp_path / "x.csv").write_text("a,b", encoding="utf-8")
    with pytest.raises(AnnotationError, match="unknown annotation format"):
        A.read([tmp_path / "x.csv"])
    with pytest.raises(AnnotationError, match="not a spaCy DocBin"):
        (tmp_path / "x.spacy").write_bytes(b"garbage")
        A.read([tmp_path / "x.spacy"])


@pytest.mark.parametrize("confidences, expected", [([], 0.0), ([1.0, 0.0], 0.0), ([0.9, 0.5], 1.0), ([0.75], 0.5)])
def test_uncertainty(confidences, expected):
    assert A.uncertainty(confidences) == pytest.approx(expected)


def test_span_order():
    assert sorted([Span(5, 6, "ORG"), Span(1, 3, "PERSON")])[0] == Span(1, 3, "PERSON")
