"""Issue 18: a part of the analysis that breaks (an extractor, linking) costs only its own records.

The document is stored with its text, metadata, sentences and every other record, marked
incomplete, with one errors row naming it, the part, the exception and the place; `run` exits 2.
`run --redo-incomplete` extracts it again once the code is fixed, replacing its records without
duplicating anything (alias counts included). `reportmine.extract` warns instead of raising."""
import sqlite3
import warnings

import pytest
from click.testing import CliRunner

import reportmine
import reportmine.document
import reportmine.extractors
from reportmine.cli import main
from reportmine.errors import ExtractionIncompleteWarning, InputError
from reportmine.kb.store import Store

BROKEN = "秦皇岛市总工会召开大会。我市现有女职工26.5万人。省劳模钟晓媛等9人荣获全国五一劳动奖章。"
OTHER = "廊坊市总工会开展“会聚良缘”联谊活动,全市职工12万人参加。全国劳动模范、宏达机械有限公司高级技师陈建国介绍了经验。"


def broken_awardees(doc, orgs):
    if "钟晓媛" in doc.text:
        raise IndexError("string index out of range")
    return real_awardees(doc, orgs)


real_awardees = reportmine.extractors.extract_awardees


@pytest.fixture
def inputs(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "broken.txt").write_text(BROKEN, encoding="utf-8")
    (folder / "other.txt").write_text(OTHER, encoding="utf-8")
    return folder


def run(*args):
    return CliRunner().invoke(main, ["run", *map(str, args), "--no-model", "-j", "1", "--no-progress"])


def rows(db, sql, *params):
    con = sqlite3.connect(db)
    try:
        return con.execute(sql, params).fetchall()
    finally:
        con.close()


def per_document(db):
    return dict(rows(db, """select d.source || ':' || d.incomplete,
        (select count(*) from mentions where document_id = d.id) || ' ' ||
        (select count(*) from figures where document_id = d.id) || ' ' ||
        (select count(*) from awardees where document_id = d.id) || ' ' ||
        (select count(*) from sentences where document_id = d.id) from documents d"""))


def aliases(db):
    return {table: sorted(rows(db, f"select e.name, a.{alias}, a.mentions from [{table}] a "
                                   f"join [{entity}] e on e.id = a.{column}"))
            for table, entity, column, alias in (
                ("organisation_aliases", "organisations", "organisation_id", "alias"),
                ("programme_variants", "programmes", "programme_id", "variant"),
                ("honour_aliases", "honours", "honour_id", "alias"))}


def test_a_broken_extractor_costs_only_its_records(inputs, db_path, monkeypatch):
    monkeypatch.setattr(reportmine.extractors, "extract_awardees", broken_awardees)
    result = run(inputs, "--db", db_path)
    assert result.exit_code == 2, result.output
    assert "stored incomplete: awardees failed: IndexError" in result.output
    assert "1 documents stored incomplete" in result.output

    [(doc_id, text, incomplete, date)] = rows(db_path, "select id, text, incomplete, date from documents "
                                                       "where source like '%broken.txt'")
    assert (text, incomplete) == (BROKEN, 1)
    assert rows(db_path, "select count(*) from figures where document_id = ?", doc_id) == [(2,)]
    assert rows(db_path, "select count(*) from mentions where document_id = ? and label = 'ORG'", doc_id)[0][0] >= 1
    assert rows(db_path, "select count(*) from awardees where document_id = ?", doc_id) == [(0,)]
    assert rows(db_path, "select count(*) from sentences where document_id = ?", doc_id)[0][0] == 3
    assert rows(db_path, "select count(*) from documents_fts where documents_fts match '女职工'") == [(1,)]
    [(document_id, stage, exception, place)] = rows(db_path, "select document_id, stage, exception, place "
                                                              "from errors")
    assert (document_id, stage, exception) == (doc_id, "awardees", "IndexError")
    assert "broken_awardees" in place.splitlines()[-1]
    # the other document is whole
    assert rows(db_path, "select incomplete, (select count(*) from awardees a where a.document_id = d.id) "
                         "from documents d where source like '%other.txt'") == [(0, 1)]


def test_redo_incomplete_replaces_the_records_and_keeps_counts_right(inputs, tmp_path, db_path, monkeypatch):
    clean = tmp_path / "clean.sqlite"
    assert run(inputs, "--db", clean).exit_code == 0
    with monkeypatch.context() as m:
        m.setattr(reportmine.extractors, "extract_awardees", broken_awardees)
        assert run(inputs, "--db", db_path).exit_code == 2
    assert aliases(db_path) != aliases(clean)

    result = run("--redo-incomplete", "--db", db_path)
    assert result.exit_code == 0, result.output
    assert "1 incomplete documents extracted again" in result.output
    assert per_document(db_path) == per_document(clean)
    assert aliases(db_path) == aliases(clean)
    assert rows(db_path, "select count(*) from documents where incomplete") == [(0,)]
    assert rows(db_path, "select count(*) from mentions m join mentions n on m.document_id = n.document_id and "
                         "m.start = n.start and m.end = n.end and m.label = n.label and m.id < n.id") == [(0,)]

    again = run(inputs, "--redo-incomplete", "--db", db_path)  # nothing left to redo, nothing new
    assert again.exit_code == 0, again.output
    assert "0 incomplete documents extracted again" in again.output
    assert per_document(db_path) == per_document(clean) and aliases(db_path) == aliases(clean)


def test_redo_of_a_document_whose_search_terms_failed_indexes_it(inputs, db_path, monkeypatch):
    with monkeypatch.context() as m:
        m.setattr(reportmine.document, "document_terms", lambda doc: 1 / 0)
        assert run(inputs, "--db", db_path).exit_code == 2
    assert rows(db_path, "select count(*) from sentences") == [(0,)]
    assert rows(db_path, "select count(*) from mentions")[0][0] > 0
    assert run("--redo-incomplete", "--db", db_path).exit_code == 0
    assert rows(db_path, "select count(*) from documents_fts where documents_fts match '女职工'") == [(1,)]
    assert rows(db_path, "select count(*) from sentences_fts where sentences_fts match '女职工'") == [(1,)]


def test_failed_linking_keeps_the_records_unlinked(inputs, db_path, monkeypatch):
    def broken_link(*args):
        raise KeyError("region")

    monkeypatch.setattr(reportmine.document, "link", broken_link)
    assert run(inputs, "--db", db_path).exit_code == 2
    assert rows(db_path, "select count(*) from documents where incomplete") == [(2,)]
    assert rows(db_path, "select distinct stage, exception from errors") == [("link", "KeyError")]
    assert rows(db_path, "select count(*), count(organisation_id) from mentions where label = 'ORG'")[0][1] == 0
    assert rows(db_path, "select count(*) from awardees")[0][0] >= 2


def test_old_kbs_are_upgraded_in_place(db_path):
    Store(db_path).close()
    con = sqlite3.connect(db_path)
    con.execute("insert into documents (source, text, sha256, added_at) values ('a.txt', '文本', 'x', 'now')")
    for column in ("document_id", "stage", "exception", "place"):
        con.execute(f"alter table errors drop column {column}")
    con.execute("alter table documents drop column incomplete")
    con.execute("pragma user_version = 4")
    con.commit()
    con.close()
    Store(db_path).close()
    assert rows(db_path, "select incomplete from documents") == [(0,)]
    assert {r[1] for r in rows(db_path, "pragma table_info(errors)")} >= {"document_id", "stage", "exception", "place"}
    assert rows(db_path, "pragma user_version") == [(5,)]


def test_extract_warns_and_returns_the_other_records(monkeypatch):
    monkeypatch.setattr(reportmine.extractors, "extract_awardees", broken_awardees)
    with pytest.warns(ExtractionIncompleteWarning, match="awardees failed: IndexError") as caught:
        records = reportmine.extract(BROKEN)
    assert records.figures and records.organisations and not records.awardees
    assert caught[0].message.failures[0].stage == "awardees"


def test_extract_raises_only_input_error():
    with pytest.raises(InputError):
        reportmine.extract("\u200b \n\ufeff")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert reportmine.extract(BROKEN).awardees


def test_a_document_whose_whole_analysis_failed_is_stored_bare_and_redone(inputs, tmp_path, db_path, monkeypatch):
    clean = tmp_path / "clean.sqlite"
    assert run(inputs, "--db", clean).exit_code == 0
    real = reportmine.document.analyse

    def broken(raw, *args, **kwargs):
        if "钟晓媛" in raw.text:
            raise RecursionError("maximum recursion depth exceeded")
        return real(raw, *args, **kwargs)

    with monkeypatch.context() as m:
        m.setattr(reportmine.document, "analyse", broken)
        assert run(inputs, "--db", db_path).exit_code == 2
    assert rows(db_path, "select text, incomplete from documents where source like '%broken.txt'") == [(BROKEN, 1)]
    assert rows(db_path, "select stage, exception from errors") == [("analysis", "RecursionError")]
    assert run("--redo-incomplete", "--db", db_path).exit_code == 0
    assert per_document(db_path) == per_document(clean) and aliases(db_path) == aliases(clean)
    assert rows(db_path, "select count(*) from documents_fts where documents_fts match '钟晓媛'") == [(1,)]
