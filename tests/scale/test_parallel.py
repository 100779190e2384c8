"""The writer's share of a parallel run: how documents are split between the forked workers and the
writer's own process, and what crosses between them. (That a 2-worker run gives the KB a
1-process run gives: test_scale.py. Speed: `reportmine bench`.)"""
import pickle
import subprocess
import sys
from concurrent.futures import Future
from dataclasses import fields

import numpy as np
import pytest

from reportmine.ingest.files import RawDocument
from reportmine.link import Links
from reportmine.scale.parallel import _InProcess, _Pool
from reportmine.document import process
from reportmine.records import Awardee, Extraction, Figure, Mention
from reportmine.kb.store import ProcessedDocument

TEXT = "河北省总工会女职工委员会开展“会聚良缘”活动，全省女职工26.5万人。省劳模钟晓媛参加。"


class Tasks:
    """A stand-in for the process pool: records each task and leaves it pending until told."""

    def __init__(self):
        self.sent: list[tuple[list, Future]] = []

    def submit(self, fn, raws):
        task: Future = Future()
        self.sent.append((raws, task))
        return task

    def finish(self, i: int) -> None:
        raws, task = self.sent[i]
        task.set_result([f"worker:{raw.text}" for raw in raws])


def raw(i: int) -> RawDocument:
    return RawDocument(source=f"doc{i}.txt", text=f"{TEXT}第{i}篇。")


@pytest.fixture
def pool():
    tasks = Tasks()
    return tasks, _Pool(tasks, forked=1, local=_InProcess(None, None), chunk=2, ahead=4)


def test_documents_go_to_the_workers_a_chunk_at_a_time_up_to_their_fill(pool):
    tasks, p = pool
    futures = [p.submit(raw(i)) for i in range(5)]
    assert [len(raws) for raws, _ in tasks.sent] == [2, 2]  # 4 in flight: the fill of one worker
    assert not p.hungry()
    assert not any(f.done() for f in futures)
    tasks.finish(0)
    assert [f.result() for f in futures[:2]] == [f"worker:{raw(i).text}" for i in range(2)]
    assert p.hungry()  # two in flight, one waiting: room for more
    p.submit(raw(5))
    assert [len(raws) for raws, _ in tasks.sent] == [2, 2, 2]
    assert [r.source for r in tasks.sent[2][0]] == ["doc4.txt", "doc5.txt"]  # oldest first


def test_the_writer_extracts_the_oldest_waiting_document_itself_rather_than_wait(pool):
    tasks, p = pool
    futures = [p.submit(raw(i)) for i in range(7)]  # 4 sent, 3 waiting
    assert p.steal()
    assert futures[4].done() and not futures[5].done()
    assert _same(futures[4].result(), process(raw(4)))  # the whole analysis, as a worker gives it
    assert p.steal() and p.steal()
    assert not p.steal()  # nothing waits: the writer must wait for the workers
    assert p.stolen == 3 and len(tasks.sent) == 2


def test_a_partial_chunk_is_sent_when_the_writer_waits_for_one_of_its_documents(pool):
    tasks, p = pool
    tasks_before = [p.submit(raw(i)) for i in range(4)]
    tasks.finish(0)
    last = p.submit(raw(4))  # one waiting, less than a chunk
    assert len(tasks.sent) == 2
    p.flush(tasks_before[3])  # not a waiting document: nothing to send
    assert len(tasks.sent) == 2
    p.flush(last)
    assert [r.source for r in tasks.sent[2][0]] == ["doc4.txt"]


def test_one_worker_extracts_at_submit_and_never_steals():
    local = _InProcess(None, None)
    future = local.submit(raw(1))
    assert future.done() and future.result().extraction.mentions
    assert not local.hungry() and not local.steal()


def _same(a, b) -> bool:
    for f in fields(a):
        x, y = getattr(a, f.name), getattr(b, f.name)
        if isinstance(x, np.ndarray):
            if not np.array_equal(x, y):
                return False
        elif x != y:
            return False
    return True


def test_what_a_worker_sends_comes_back_equal():
    doc = process(raw(1))
    assert doc.extraction.mentions and doc.extraction.figures and doc.extraction.awardees
    assert doc.links.mentions and doc.links.organisations and doc.links.figures
    back = pickle.loads(pickle.dumps(doc, protocol=pickle.HIGHEST_PROTOCOL))
    assert isinstance(back, ProcessedDocument) and _same(doc, back)
    assert back.extraction == doc.extraction and back.links == doc.links
    assert type(back.links) is Links and back.words == doc.words


@pytest.mark.parametrize("record", [
    Mention("ORG", "河北省总工会", 0, 6, "rules", "1"),
    Figure("26.5万人", 3, 9, 265000.0, "人", qualifier="over", subject="女职工", extractor="rules"),
    Awardee("钟晓媛", "person", "省劳模", 10, 13, organisation=None, honour_start=7, honour_end=10),
    Extraction("text", [Mention("ORG", "t", 0, 1, "rules", "1")]),
], ids=lambda r: type(r).__name__)
def test_records_pickle_as_their_field_values(record):
    assert record.__reduce__() == (type(record), tuple(getattr(record, f.name) for f in fields(record)))
    assert pickle.loads(pickle.dumps(record)) == record


def test_the_kb_writer_does_not_import_pandas():
    """sqlite-utils would import pandas (a fifth of a second in every process) for a type the KB
    never stores."""
    code = "import sys, reportmine.kb.store, sqlite_utils; print('pandas' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_a_batch_process_freezes_what_it_loaded_and_collects_less_often():
    """tune_gc (reportmine run, the fork server, each worker): the start-up heap leaves the cyclic
    collector's scans and the youngest generation waits for GC_THRESHOLD allocations."""
    code = ("import gc; from reportmine.scale.parallel import GC_THRESHOLD, tune_gc, warm_up\n"
            "before = gc.get_freeze_count(); warm_up(); tune_gc()\n"
            "print(before, gc.get_freeze_count(), gc.get_threshold()[0] == GC_THRESHOLD > 700)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    before, frozen, threshold = out.stdout.split()
    assert int(before) == 0 and int(frozen) > 10_000, out.stdout  # gazetteers, patterns, lexicons (42,000 objects)
    assert threshold == "True"


def test_a_worker_can_hand_over_a_chunk_without_waiting_for_the_writer():
    fcntl = pytest.importorskip("fcntl")
    if not hasattr(fcntl, "F_GETPIPE_SZ"):
        pytest.skip("pipes cannot be resized on this platform")
    from reportmine.scale.parallel import PIPE_BYTES, executor

    with executor(2) as pool:
        results = pool.pool._result_queue._reader.fileno()
        assert fcntl.fcntl(results, fcntl.F_GETPIPE_SZ) >= PIPE_BYTES
        future = pool.submit(raw(1))
        pool.flush()
        assert future.result().extraction.mentions
