"""Killing `reportmine run` at any moment and running it again yields every document exactly once,
with all its records; extraction never raises and every span stays inside the text."""
import os
import signal
import sqlite3
import subprocess
import sys
import time

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import CORPUS
from reportmine.ingest.clean import clean
from reportmine.extractors import extract

N_DOCS = 300


def make_corpus(folder):
    """N distinct reports made from the seeds' paragraphs (rotated and numbered)."""
    paragraphs = [p for path in sorted(CORPUS.glob("*.txt"))
                  for p in path.read_text(encoding="utf-8").split("\n") if len(p.strip()) > 30]
    folder.mkdir()
    for i in range(N_DOCS):
        start = (i * 7) % len(paragraphs)
        body = [paragraphs[(start + k) % len(paragraphs)] for k in range(4)]
        (folder / f"r{i:04d}.txt").write_text(f"第{i}号通报\n" + "\n".join(body), encoding="utf-8")


def per_document(db):
    con = sqlite3.connect(db)
    return {source: (m, f, a) for source, m, f, a in con.execute("""
        select d.source,
               (select count(*) from mentions where document_id = d.id),
               (select count(*) from figures where document_id = d.id),
               (select count(*) from awardees where document_id = d.id)
        from documents d""")}


def command(folder, db):
    return [sys.executable, "-m", "reportmine.cli", "run", str(folder), "--db", str(db), "--no-progress"]


def test_kill_and_rerun_stores_every_document_exactly_once(tmp_path):
    folder = tmp_path / "in"
    make_corpus(folder)
    reference = tmp_path / "reference.sqlite"
    subprocess.run(command(folder, reference), check=True, capture_output=True, timeout=600)

    db = tmp_path / "killed.sqlite"
    proc = subprocess.Popen(command(folder, db), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    stored = 0
    while time.time() < deadline and proc.poll() is None:
        if db.exists():
            try:
                stored = sqlite3.connect(db).execute("select count(*) from documents").fetchone()[0]
            except sqlite3.OperationalError:
                stored = 0
        if stored >= 20:
            break
        time.sleep(0.01)
    assert proc.poll() is None, "the run finished before it could be killed: make the corpus larger"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    partial = sqlite3.connect(db).execute("select count(*) from documents").fetchone()[0]
    assert 0 < partial < N_DOCS

    subprocess.run(command(folder, db), check=True, capture_output=True, timeout=600)
    assert per_document(db) == per_document(reference)
    con = sqlite3.connect(db)
    assert con.execute("select count(*), count(distinct sha256) from documents").fetchone() == (N_DOCS, N_DOCS)
    assert con.execute("pragma integrity_check").fetchone()[0] == "ok"


PIECES = list("总工会女职委市省县中华全国五一劳动奖章劳模获评荣获，。、“”《》:：(huì)26.5万余多近人名个元%-") + [
    "\n", " ", "・", "張", "會", "钟晓媛", "秦皇岛", "有限公司", "全国五一巾帼标兵", "等9人", "获评", "“会聚良缘”"]
TEXTS = st.lists(st.sampled_from(PIECES), max_size=120).map("".join)


@settings(max_examples=200, deadline=None)
@given(TEXTS)
def test_extraction_never_raises_and_spans_stay_inside_the_text(raw):
    text = clean(raw)
    ex = extract(text)
    for m in ex.mentions:
        assert 0 <= m.start < m.end <= len(text) and text[m.start:m.end] == m.text
    for f in ex.figures:
        assert 0 <= f.start < f.end <= len(text) and text[f.start:f.end] == f.text
        if f.subject_start is not None:
            assert 0 <= f.subject_start < f.subject_end <= len(text)
    for a in ex.awardees:
        assert 0 <= a.start < a.end <= len(text) and text[a.start:a.end] == a.name
