"""The benchmark: its synthetic corpus, its report, one small run.

No timing thresholds here: the speed and memory targets are measured by `reportmine bench`
(benchmarks/README.md), never by unit tests.
"""
import json
from pathlib import Path

import pytest

from conftest import CORPUS, SHARED
from reportmine.scale import bench
from reportmine.kb import dedup
from reportmine.ingest.clean import clean
from reportmine.ingest.files import RawDocument, iter_documents

SHARED_CORPUS = SHARED / "corpus"


@pytest.fixture(scope="module")
def pool() -> bench.Pool:
    """All the real texts: ../shared/corpus and corpus/."""
    if not SHARED_CORPUS.is_dir():
        pytest.skip("../shared/corpus is absent: the third-party texts the full corpus is built from are not here")
    return bench.load_pool(bench.default_sources())


@pytest.fixture(scope="module")
def seeds_pool() -> bench.Pool:
    """The five bundled texts alone (what a checkout without ../shared has)."""
    return bench.load_pool([CORPUS])


@pytest.fixture(scope="module")
def docs(pool) -> list[bench.SyntheticDocument]:
    return list(bench.synthetic_documents(pool, 300))


def test_the_corpus_is_deterministic_for_a_seed(pool):
    first = [d.text for d in bench.synthetic_documents(pool, 40, seed=5)]
    assert first == [d.text for d in bench.synthetic_documents(pool, 40, seed=5)]
    assert first != [d.text for d in bench.synthetic_documents(pool, 40, seed=6)]


def test_a_smaller_corpus_is_a_prefix_of_a_larger_one(pool, docs):
    assert [d.text for d in bench.synthetic_documents(pool, 50)] == [d.text for d in docs[:50]]


def test_documents_are_distinct_and_none_is_a_real_text(pool, docs):
    hashes = {d.sha256 for d in docs}
    assert len(hashes) == len(docs) == 300
    assert not hashes & pool.hashes
    real = {"\n".join("".join(p.text for p in unit) for unit, _ in t.units) for t in pool.texts}
    assert not real & {d.text for d in docs}


def test_every_document_draws_from_several_real_texts(pool, docs):
    assert all(len(d.sources) >= 2 for d in docs)
    assert sum(len(d.sources) for d in docs) / len(docs) >= 5
    # combinations of real texts hardly recur: traditional documents draw from 16 texts only, so one
    # may by chance (two of 300 documents do with the current gazetteers); their texts still differ,
    # which test_no_two_documents_are_near_duplicates checks
    assert len({d.sources for d in docs}) >= 0.99 * len(docs)


def test_no_two_documents_are_near_duplicates(docs):
    """What the pipeline would link as near duplicates (5-gram containment >= 0.8): none, unlike
    recombined whole paragraphs, of which a third were."""
    grams = [dedup.shingles(clean(d.text)) for d in docs[:150]]
    worst = max(dedup.containment(a, b) for i, a in enumerate(grams) for b in grams[i + 1:])
    assert worst < dedup.CONTAINMENT


def test_document_sizes_look_like_the_real_texts(pool, docs):
    real = sum(t.chars for t in pool.texts) / len(pool.texts)
    synthetic = sum(len(d.text) for d in docs) / len(docs)
    assert 0.8 * real <= synthetic <= 1.3 * real
    assert min(len(d.text) for d in docs) >= 0.5 * min(t.chars for t in pool.texts)


def test_scripts_are_not_mixed_within_a_document(pool, docs):
    traditional = {t.path for t in pool.texts if t.traditional}
    for d in docs:
        assert len({s in traditional for s in d.sources}) == 1, d.id


def test_the_jsonl_corpus_loads_as_documents(seeds_pool, tmp_path):
    docs = list(bench.synthetic_documents(seeds_pool, 20))
    count, size = bench.write_corpus(docs, tmp_path / "c.jsonl")
    loaded = list(iter_documents([tmp_path / "c.jsonl"]))
    assert all(isinstance(d, RawDocument) for d in loaded)
    assert count == len(loaded) == 20
    assert [d.text for d in loaded] == [d.text for d in docs]
    assert [d.meta.get("title") for d in loaded] == [d.title for d in docs]
    assert [d.meta["record_id"] for d in loaded] == [d.id for d in docs]
    assert size == sum(len(d.text.encode("utf-8")) for d in docs)


def test_the_corpus_can_be_built_from_the_bundled_texts_alone(seeds_pool):
    assert len(seeds_pool.texts) == 5
    docs = list(bench.synthetic_documents(seeds_pool, 60))
    assert len({d.sha256 for d in docs}) == 60
    assert all(len(d.sources) >= 2 for d in docs)


def test_no_source_texts_is_a_clear_error(tmp_path):
    with pytest.raises(bench.BenchError, match="no source texts"):
        bench.load_pool([tmp_path])


@pytest.mark.parametrize("model, flags, absent", [
    (None, ["--no-model"], ["--model"]),
    ("default", [], ["--no-model", "--model"]),
    ("models/mine", ["--model", "models/mine"], ["--no-model"]),
])
def test_the_run_command_says_which_model(model, flags, absent):
    cmd = bench.run_command(Path("c.jsonl"), Path("kb.sqlite"), 1, model)
    assert cmd[cmd.index("run"):cmd.index("run") + 4] == ["run", "c.jsonl", "--db", "kb.sqlite"]
    joined = " ".join(cmd)
    assert all(f in cmd for f in flags) and not any(f in cmd for f in absent), joined
    if "--workers" in bench.run_options():
        assert cmd[cmd.index("--workers") + 1] == "1"


def _timing(label, seconds, workers=None, documents=100, rss=None):
    return bench.Timing(label, seconds, documents, 250_000, workers, rss)


def test_targets_pass_and_fail_on_the_measured_figures():
    corpus = bench.CorpusInfo("c.jsonl", 100, 250_000, 13, 0.3, 64)
    report = bench.BenchReport(corpus, "rules only", _timing("jieba.lcut", 1.0), _timing("startup", 0.5, 1),
                               [_timing("run, 1 worker", 2.5, 1, rss=100), _timing("run, 2 workers", 1.6, 2, rss=180)],
                               [_timing("a", 2.5, 1, 100, 100 * 2**20), _timing("b", 25, 1, 1000, 140 * 2**20)])
    ratio, speedup, rss = report.targets()
    assert (ratio.measured, ratio.passed) == (2.5, True)
    assert speedup.measured == pytest.approx(2.5 / 1.6) and speedup.passed is False
    assert rss.measured == pytest.approx(1.4) and rss.passed is False and "1000 vs 100" in rss.name
    table = report.format()
    assert "PASS" in table and "FAIL" in table and "2.50" in table
    assert json.loads(report.to_json())["targets"][0]["passed"] is True


def test_targets_not_measured_are_said_so():
    corpus = bench.CorpusInfo("c.jsonl", 100, 250_000, 13, 0.3, 64)
    report = bench.BenchReport(corpus, "rules only", _timing("jieba.lcut", 1.0), None, [_timing("run", 2.0, 1)])
    assert [t.passed for t in report.targets()] == [True, None, None]
    assert "not measured" in report.format()


@pytest.mark.slow
def test_a_small_bench_run_reports_throughput_ratio_and_memory(tmp_path):
    """Works from corpus/ alone too: default_sources() lists what is present."""
    messages = []
    report = bench.bench(30, [1], None, tmp_path, model=None, echo=messages.append)
    one = report.run(1)
    assert one.added == 30 and one.errors == 0
    assert one.docs_per_s > 0 and one.kb_per_s > 0 and report.jieba.kb_per_s > 0
    assert report.ratio(one) > 0 and report.startup.seconds > 0
    assert one.peak_rss > 0
    saved = json.loads(Path(report.json_path).read_text(encoding="utf-8"))
    assert saved["runs"][0]["workers"] == 1 and saved["runs"][0]["peak_rss"] > 0 and saved["runs"][0]["ratio"] > 0
    assert "end-to-end time / jieba time, 1 worker" in report.format()
    assert messages and not list(tmp_path.glob("kb-*.sqlite"))  # the benchmark's KBs are removed


def test_median_run_keeps_every_repeat():
    runs = [bench.Timing("run", s, 10, 100) for s in (3.0, 1.0, 2.0, 5.0)]
    chosen = bench.median_run(runs)
    assert chosen.seconds == 2.0 and chosen.samples == (3.0, 1.0, 2.0, 5.0)  # lower middle of four
    assert bench.median_run(runs[:1]).samples == ()


def test_repeated_bench_reports_medians_of_interleaved_runs(tmp_path):
    messages = []
    report = bench.bench(10, [1], None, tmp_path, model=None, echo=messages.append, repeat=3)
    assert len(report.jieba.samples) == 3 and len(report.run(1).samples) == 3 and len(report.startup.samples) == 3
    assert report.run(1).seconds == sorted(report.run(1).samples)[1]
    order = [m.split(" (repeat")[0][:2] for m in messages if "(repeat" in m]
    assert order == ["2.", "3.", "4."] * 3  # jieba, start-up, runs, then again
    assert "median of 3 interleaved runs" in report.format()
    with pytest.raises(bench.BenchError, match="repeat"):
        bench.bench(10, [1], None, tmp_path, model=None, echo=messages.append, repeat=0)


@pytest.mark.slow
def test_profile_writes_the_call_tree_and_top_entries(seeds_pool, tmp_path):
    report = bench.profile(8, tmp_path, sources=[CORPUS], echo=lambda m: None)
    assert Path(report.text_path).read_text(encoding="utf-8") and Path(report.html_path).stat().st_size > 0
    top = report.top("cumulative", 5)
    assert top and top[0].cumulative >= top[-1].cumulative > 0
    assert any("pipeline" in e.location for e in report.entries)
