"""Scale: worker processes, the Dask engine and merge give the KB a single run gives; runs
resume; a failure stores nothing half-written. (Speed and memory: `reportmine bench`.)"""
import io
import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import CORPUS
from kbsig import differences

from reportmine import document, pipeline
from reportmine.cli import main
from reportmine.errors import KBError
from reportmine.kb.merge import merge
from reportmine.scale.progress import Progress
from reportmine.kb.store import Store

SHARED = CORPUS.parent.parent / "shared" / "corpus"


def texts() -> list[str]:
    """The bundled seeds, plus the unlabeled texts when ../shared is there: they hold a repost
    of seed 000, so near-duplicate linking across partitions is exercised."""
    out = sorted(str(p) for p in CORPUS.glob("*.txt"))
    if SHARED.is_dir():
        out += sorted(str(p) for p in (SHARED / "unlabeled").glob("*.txt"))[:12]
    return out


def cli(*args) -> str:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> Path:
    """A single-process run: what every other engine must reproduce."""
    db = tmp_path_factory.mktemp("ref") / "one.sqlite"
    cli("run", *texts(), "--db", str(db), "--no-model", "--workers", "1")
    return db


def test_the_reference_has_a_near_duplicate_when_shared_is_there(reference):
    if not SHARED.is_dir():
        pytest.skip("../shared is absent: the near-duplicate repost (unlabeled/054) is not available")
    db = sqlite3.connect(reference)
    assert db.execute("select count(*) from documents where duplicate_of is not null").fetchone()[0] >= 1


@pytest.mark.slow
def test_two_worker_processes_write_the_same_kb(reference, tmp_path):
    db = tmp_path / "two.sqlite"
    cli("run", *texts(), "--db", str(db), "--no-model", "--workers", "2")
    assert differences(reference, db) == {}


@pytest.mark.slow
def test_dask_local_cluster_writes_the_same_kb(reference, tmp_path):
    db = tmp_path / "dask.sqlite"
    out = cli("run", *texts(), "--db", str(db), "--no-model", "--engine", "dask", "--workers", "2")
    assert "LocalCluster of 2 workers" in out
    assert differences(reference, db) == {}
    assert not (tmp_path / "dask.sqlite.shards").exists()  # shards are removed once merged


def test_merging_shards_of_split_inputs_gives_the_single_run_kb(reference, tmp_path):
    inputs = texts()
    half = len(inputs) // 2
    shards = [tmp_path / "a.sqlite", tmp_path / "b.sqlite"]
    cli("run", *inputs[:half], "--db", str(shards[0]), "--no-model", "-j", "1")
    cli("run", *inputs[half:], "--db", str(shards[1]), "--no-model", "-j", "1")
    db = tmp_path / "merged.sqlite"
    out = cli("merge", *map(str, shards), "--db", str(db))
    assert f"{len(inputs)} documents added" in out
    assert differences(reference, db) == {}
    again = cli("merge", str(shards[0]), "--db", str(db))  # merging twice adds nothing
    assert "0 documents added" in again and f"{half} already in the KB" in again
    assert differences(reference, db) == {}


def test_merge_names_a_file_that_is_not_a_kb(tmp_path):
    bad = tmp_path / "notes.sqlite"
    sqlite3.connect(bad).execute("create table t (x)")
    with Store(tmp_path / "kb.sqlite") as store, pytest.raises(KBError, match="notes.sqlite"):
        merge([bad], store)
    with Store(tmp_path / "kb.sqlite") as store, pytest.raises(KBError, match="missing.sqlite"):
        merge([tmp_path / "missing.sqlite"], store)


def test_a_second_run_extracts_only_new_documents(reference, tmp_path, monkeypatch):
    inputs = texts()
    db = tmp_path / "kb.sqlite"
    with Store(db) as store:
        pipeline.run(inputs[:3], store)
    calls = []
    real = document.analyse
    monkeypatch.setattr(document, "analyse", lambda raw, *a, **k: calls.append(raw.source) or real(raw, *a, **k))
    with Store(db) as store:
        summary = pipeline.run(inputs, store)
    assert summary.skipped == 3 and summary.added == len(inputs) - 3
    assert sorted(calls) == sorted(inputs[3:])  # the first three were never extracted again
    assert differences(reference, db) == {}


def test_an_interrupted_run_leaves_whole_documents_and_resumes(reference, tmp_path, monkeypatch):
    inputs = texts()
    db = tmp_path / "kb.sqlite"
    real = Store.add
    stored = []

    def add_then_die(self, doc):
        if len(stored) == 4:
            raise KeyboardInterrupt  # the user presses Ctrl-C while the fifth document is written
        stored.append(doc.source)
        return real(self, doc)

    monkeypatch.setattr(Store, "add", add_then_die)
    with Store(db) as store, pytest.raises(KeyboardInterrupt):
        pipeline.run(inputs, store, batch=3)
    monkeypatch.setattr(Store, "add", real)
    kb = sqlite3.connect(db)
    # the first batch of 3 was committed; the 4th document's batch was rolled back whole
    assert kb.execute("select count(*) from documents").fetchone()[0] == 3
    for table in ("mentions", "figures", "sentences", "lsh_bands", "document_sources"):
        orphans = kb.execute(f"select count(*) from {table} where document_id not in (select id from documents)")
        assert orphans.fetchone()[0] == 0, table
    assert kb.execute("select count(*) from documents_fts").fetchone()[0] == 3
    kb.close()
    with Store(db) as store:
        summary = pipeline.run(inputs, store)
    assert summary.skipped == 3
    assert differences(reference, db) == {}


def test_a_failed_analysis_stores_the_document_bare_with_an_error_naming_it_and_the_run_goes_on(tmp_path,
                                                                                                monkeypatch):
    inputs = texts()[:3]
    real = document.analyse

    def fail_on_second(raw, *a, **k):
        if raw.source == inputs[1]:
            raise ValueError("boom")
        return real(raw, *a, **k)

    monkeypatch.setattr(document, "analyse", fail_on_second)
    with Store(tmp_path / "kb.sqlite") as store:
        summary = pipeline.run(inputs, store)
        errors = store.db.execute("select source, document_id, stage, exception from errors").fetchall()
        bare = store.db.execute("select id, incomplete from documents where source = ?", [inputs[1]]).fetchall()
    assert (summary.added, summary.incomplete, summary.ok) == (3, 1, False)
    assert errors == [(inputs[1], bare[0][0], "analysis", "ValueError")] and bare[0][1] == 1
    assert "analysis failed: ValueError: boom" in summary.errors[0]


@pytest.mark.slow
def test_repeated_inputs_in_flight_on_two_workers_are_stored_once(tmp_path):
    seed = sorted(CORPUS.glob("*.txt"))[0]
    copies = []
    for i in range(3):
        copy = tmp_path / f"copy{i}.txt"
        shutil.copy(seed, copy)
        copies.append(str(copy))
    db = tmp_path / "kb.sqlite"
    out = cli("run", *copies, "--db", str(db), "--no-model", "--workers", "2")
    assert "1 documents added, 2 already in the KB" in out
    kb = sqlite3.connect(db)
    assert sorted(r[0] for r in kb.execute("select source from document_sources")) == copies


@pytest.mark.parametrize("texts_done, total, expected", [
    (["一二三"] * 2, 18, ["progress: 2 documents", "100% of input", "ETA 0m00s"]),
    (["一二三"], 18, ["progress: 1 documents", "50% of input"]),
    (["一二三"], 0, ["progress: 1 documents"]),
])
def test_progress_log_lines_when_not_on_a_terminal(texts_done, total, expected):
    out = io.StringIO()
    bar = Progress(total, show=False, stream=out, every=0)
    for t in texts_done:
        bar(pipeline.RawDocument(source="x", text=t))
    last = out.getvalue().strip().splitlines()[-1]
    assert all(e in last for e in expected), last
    assert "docs/s" in last and "KB/s" in last


@pytest.mark.slow
def test_workers_end_when_the_run_is_killed(tmp_path):
    """A killed run (SIGKILL: no shutdown) leaves no worker processes behind."""
    import json
    import os
    import signal
    import subprocess
    import sys
    import time

    psutil = pytest.importorskip("psutil")
    seed = sorted(CORPUS.glob("*.txt"))[0].read_text(encoding="utf-8")
    corpus = tmp_path / "big.jsonl"
    corpus.write_text("".join(json.dumps({"id": i, "text": f"{i}\n{seed}"}, ensure_ascii=False) + "\n"
                              for i in range(400)), encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "reportmine.cli", "run", str(corpus), "--db",
                             str(tmp_path / "kb.sqlite"), "--no-model", "--workers", "3"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline, workers = time.monotonic() + 90, []
        while time.monotonic() < deadline and len(workers) < 3:  # the fork server and two forked workers
            time.sleep(0.5)
            workers = psutil.Process(proc.pid).children(recursive=True)
        assert len(workers) >= 3, "the run did not start its workers"
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    _, alive = psutil.wait_procs(workers, timeout=20)
    assert not alive, [p.cmdline()[:3] for p in alive]
