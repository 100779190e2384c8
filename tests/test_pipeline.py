"""The pipeline end to end: the CLI on corpus/, the KB contract, idempotence, errors, atomicity."""
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import CORPUS, SHARED
from reportmine.cli import main
from reportmine.document import process
from reportmine.ingest.files import RawDocument
from reportmine.kb.store import Store

CONTRACT = {
    "documents": {"id", "source", "title", "text", "sha256"},
    "mentions": {"document_id", "label", "text", "start", "end", "extractor", "extractor_version"},
    "figures": {"document_id", "value", "value_max", "unit", "qualifier", "subject", "text", "start", "end",
                "extractor", "extractor_version"},
    "awardees": {"document_id", "name", "kind", "honour", "organisation", "extractor", "extractor_version"},
    "organisations": {"id", "name"}, "programmes": {"id", "name"}, "people": {"id", "name"},
    "honours": {"id", "name"},
}


def columns(con, table):
    return {r[1] for r in con.execute(f"pragma table_info([{table}])")}


def test_run_builds_the_contract(corpus_kb):
    db, output = corpus_kb
    con = sqlite3.connect(db)
    for table, needed in CONTRACT.items():
        assert needed <= columns(con, table), table
    assert con.execute("select count(*) from documents").fetchone()[0] == 5
    assert "5 documents added" in output
    for kind in ("mentions", "figures", "awardees"):
        assert con.execute(f"select count(*) from {kind}").fetchone()[0] > 0, kind


def test_every_span_indexes_the_document_text(corpus_kb):
    con = sqlite3.connect(corpus_kb[0])
    texts = dict(con.execute("select id, text from documents"))
    for doc_id, text, start, end in con.execute("select document_id, text, start, end from mentions"):
        assert texts[doc_id][start:end] == text
    for doc_id, text, start, end in con.execute("select document_id, text, start, end from figures"):
        assert texts[doc_id][start:end] == text
    for doc_id, name, start, end in con.execute("select document_id, name, start, end from awardees"):
        assert texts[doc_id][start:end] == name


def test_entities_are_linked_and_shared(corpus_kb):
    con = sqlite3.connect(corpus_kb[0])
    # every ORG mention is linked, or says why not
    unexplained = con.execute("select count(*) from mentions where label = 'ORG' and organisation_id is null "
                              "and coalesce(link, '') = ''").fetchone()[0]
    assert unexplained == 0
    linked = con.execute("select count(*) from mentions where label = 'ORG' and organisation_id is not null").fetchone()[0]
    assert linked >= 0.8 * con.execute("select count(*) from mentions where label = 'ORG'").fetchone()[0]
    # surface forms share rows: fewer mentioned organisations than distinct surface strings
    mentioned = con.execute("select count(distinct organisation_id) from mentions where label = 'ORG'").fetchone()[0]
    distinct = con.execute("select count(distinct text) from mentions where label = 'ORG'").fetchone()[0]
    assert mentioned < distinct
    # each organisation not mentioned itself is somebody's parent or an awardee's affiliation
    orphans = con.execute("""select name from organisations o where not exists (select 1 from mentions m
        where m.organisation_id = o.id) and not exists (select 1 from organisations c where c.parent_id = o.id)
        and not exists (select 1 from awardees a where a.organisation_id = o.id)
        and not exists (select 1 from figures f where f.organisation_id = o.id)
        and not exists (select 1 from programme_runs r where r.organisation_id = o.id)""").fetchall()
    assert orphans == []
    assert con.execute("pragma foreign_key_check").fetchall() == []


def test_rerun_adds_nothing(corpus_kb, tmp_path):
    db = corpus_kb[0]
    con = sqlite3.connect(db)
    before = [con.execute(f"select count(*) from {t}").fetchone()[0] for t in CONTRACT]
    result = CliRunner().invoke(main, ["run", str(CORPUS), "--db", str(db)])
    assert result.exit_code == 0
    assert "0 documents added, 5 already in the KB" in result.output
    assert [con.execute(f"select count(*) from {t}").fetchone()[0] for t in CONTRACT] == before


def test_bad_inputs_are_reported_and_the_run_goes_on(tmp_path, db_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    (tmp_path / "in" / "binary.txt").write_bytes(b"%PDF-1.4\x00\x01\x02" * 50)
    (tmp_path / "in" / "good.txt").write_text("我市现有女职工26.5万人。", encoding="utf-8")
    (tmp_path / "in" / "gbk.txt").write_bytes("省总工会召开女职工委员会全体会议,表彰先进女职工集体和个人。".encode("gbk"))
    result = CliRunner().invoke(main, ["run", str(tmp_path / "in"), "--db", str(db_path)])
    assert result.exit_code == 2
    assert "empty.txt: file is empty" in result.output
    assert "binary.txt: binary file" in result.output
    con = sqlite3.connect(db_path)
    assert con.execute("select count(*) from documents").fetchone()[0] == 2
    errors = {r[0].rsplit("/", 1)[-1]: r[1] for r in con.execute("select source, message from errors")}
    assert set(errors) == {"empty.txt", "binary.txt"}
    texts = [r[0] for r in con.execute("select text from documents")]
    assert any("省总工会" in t for t in texts)  # GBK detected without being told


def test_a_failed_document_leaves_nothing_half_written(db_path, monkeypatch):
    doc = process(RawDocument("a.txt", "我市现有女职工26.5万人,女工组织4100多个。秦皇岛市总工会召开会议。"))
    with Store(db_path) as store:
        def boom(*args, **kwargs):
            raise RuntimeError("disk full")

        from reportmine.kb import store as store_module

        monkeypatch.setattr(store_module._Writer, "figure_row", boom)  # after mentions and their entities
        with pytest.raises(RuntimeError):
            store.add(doc)
        assert store.counts()["documents"] == 0
        assert store.counts()["mentions"] == 0
        assert store.counts()["figures"] == 0
        assert store.db["organisations"].count == 0 and store.db["organisation_aliases"].count == 0
        monkeypatch.undo()
        store.add(doc)  # no stale entity ids survive the rollback
        assert store.db.execute("pragma foreign_key_check").fetchall() == []
        assert store.db["organisations"].count > 0


def test_extract_command_prints_records_as_json():
    result = CliRunner().invoke(main, ["extract", "-"], input="我市现有女职工26.5万人。".encode())
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert {"text", "mentions", "figures", "awardees"} <= set(out)
    assert [(f["value"], f["unit"]) for f in out["figures"]] == [(265000, "人")]


@pytest.mark.parametrize("command", ["run", "serve", "evaluate", "extract"])
def test_every_command_has_help(command):
    result = CliRunner().invoke(main, [command, "--help"])
    assert result.exit_code == 0
    assert len(main.commands[command].help or "") > 20


def test_evaluate_matches_the_shared_scorer(corpus_kb):
    scorer = SHARED / "annotation" / "score_kb.py"
    if not scorer.is_file():
        pytest.skip("../shared/annotation/score_kb.py is absent")
    official = json.loads(subprocess.run([sys.executable, str(scorer), str(CORPUS / "gold"), str(corpus_kb[0]), "--json"],
                                         capture_output=True, text=True, check=True).stdout)
    result = CliRunner().invoke(main, ["evaluate", str(CORPUS / "gold"), "--db", str(corpus_kb[0]), "--json"])
    ours = json.loads(result.output)
    for metric in ("org", "programme", "figure", "figure_subject", "awardee_name", "awardee_pair"):
        assert ours[metric] == official[metric], metric


def test_evaluate_without_db_extracts_beside_the_gold():
    result = CliRunner().invoke(main, ["evaluate", str(CORPUS / "gold")])
    assert result.exit_code == 0
    assert "documents scored: 5" in result.output


def test_console_script_runs_the_pipeline(tmp_path):
    exe = Path(sys.executable).with_name("reportmine")
    if not exe.is_file():
        pytest.skip("the reportmine console script is not installed beside this Python")
    db = tmp_path / "kb.sqlite"
    done = subprocess.run([str(exe), "run", str(CORPUS), "--db", str(db), "--no-progress"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "5 documents added" in done.stdout
    con = sqlite3.connect(db)
    assert con.execute("pragma journal_mode").fetchone()[0] == "wal"
    labels = dict(con.execute("select label, count(*) from mentions group by label"))
    assert labels.get("ORG", 0) > 50 and labels.get("PROGRAMME", 0) > 20


def test_honours_keep_title_and_issuer_even_when_first_met_as_a_bare_mention(corpus_kb):
    import sqlite3

    db = sqlite3.connect(corpus_kb[0])
    rows = db.execute("select h.name, h.title from honours h join awardees a on a.honour_id = h.id").fetchall()
    assert rows and all(title for _, title in rows), [r for r in rows if not r[1]][:5]
