"""The retraining loop: a tiny model trains in seconds, round-trips through disk, and learns."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from reportmine.learn import annotations, model as model_lib
from reportmine.learn.annotations import Annotated, Span
from reportmine.cli import main
from reportmine.evaluate.crossval import folds, holdout
from reportmine.learn.spanmodel import Config, SpanModel, blank, mention_f1
from reportmine.learn.training import train_model

from conftest import CORPUS

SENTENCES = [
    ("秦皇岛市总工会开展“会聚良缘”联谊活动。", [("秦皇岛市总工会", "ORG"), ("会聚良缘", "PROGRAMME")]),
    ("廊坊市总工会举办“玫瑰书香”读书活动。", [("廊坊市总工会", "ORG"), ("玫瑰书香", "PROGRAMME")]),
    ("省劳模钟晓媛在浙江省总工会发言。", [("省劳模", "HONOUR"), ("钟晓媛", "PERSON"), ("浙江省总工会", "ORG")]),
    ("全国五一巾帼标兵李艳伟来自电信集团。", [("全国五一巾帼标兵", "HONOUR"), ("李艳伟", "PERSON"), ("电信集团", "ORG")]),
    ("昌黎县总工会推广“妈咪暖心小屋”建设。", [("昌黎县总工会", "ORG"), ("妈咪暖心小屋", "PROGRAMME")]),
    ("温州市总工会组织“工会在你身边”活动。", [("温州市总工会", "ORG"), ("工会在你身边", "PROGRAMME")]),
    ("全国劳模王建华在河北日报发表文章。", [("全国劳模", "HONOUR"), ("王建华", "PERSON"), ("河北日报", "ORG")]),
    ("唐山市总工会启动“冬送温暖”行动。", [("唐山市总工会", "ORG"), ("冬送温暖", "PROGRAMME")]),
]


def annotated(text: str, found: list[tuple[str, str]], n: int) -> Annotated:
    spans = tuple(sorted(Span(text.index(s), text.index(s) + len(s), label) for s, label in found))
    return Annotated("tiny.jsonl", text, spans, line=n)


TINY = [annotated(t, f, n) for n, (t, f) in enumerate(SENTENCES, 1)]
TINY_CONFIG = Config(arch="ner", width=64, depth=2, rows=2000, epochs=60, batch_size=2, dropout=0.1, dev_share=0.0, seed=3)


@pytest.fixture(scope="module")
def tiny_model():
    return train_model(TINY, TINY_CONFIG)


def test_tiny_model_learns_its_training_sentences(tiny_model):
    untrained = blank(TINY_CONFIG)
    untrained.initialize()
    before = mention_f1(SpanModel(untrained, TINY_CONFIG), TINY)
    after = mention_f1(tiny_model.spans, TINY)
    assert before < 0.2
    assert after >= 0.8 and after > before + 0.5
    assert tiny_model.info["data"]["train_spans"]["ORG"] == 8


def test_model_round_trips_through_disk(tiny_model, tmp_path):
    path = tiny_model.save(tmp_path / "m")
    loaded = model_lib.load(path)
    assert loaded.spans.cfg == tiny_model.spans.cfg and loaded.policy == tiny_model.policy
    for item in TINY:
        from reportmine.text.doc import Doc
        assert [m.as_dict() for m in loaded.mentions(Doc(item.text))] == \
               [m.as_dict() for m in tiny_model.mentions(Doc(item.text))]
    card = (path / "README.md").read_text(encoding="utf-8")
    assert "seed 3" in card and "Training time" in card
    info = json.loads((path / "model.json").read_text(encoding="utf-8"))
    assert info["config"]["seed"] == 3 and info["epochs"]


def test_training_is_reproducible():
    cfg = Config(arch="ner", width=32, depth=1, rows=500, epochs=3, dev_share=0.0, seed=5)
    a, b = train_model(TINY, cfg), train_model(TINY, cfg)
    assert a.spans.nlp.to_bytes() == b.spans.nlp.to_bytes()


CLASSIFY = {"ORG": {"mode": "classify"}, "PROGRAMME": {"mode": "classify"}, "PERSON": "rules", "HONOUR": "rules"}


def test_classify_policy_trains_the_candidate_classifier_and_round_trips(tmp_path):
    from reportmine.extractors import extract

    cfg = Config(arch="ner", width=32, depth=1, rows=500, epochs=3, dev_share=0.25, seed=5)
    trained = train_model(TINY, cfg, policy=CLASSIFY)
    assert trained.candidates is not None
    for label in ("ORG", "PROGRAMME"):  # thresholds chosen by the inner cross-validation, written to the policy
        how = trained.policy[label]
        assert how["mode"] == "classify" and 0 <= how["veto"] <= 1 and how["admit"] > 0
    assert CLASSIFY["ORG"] == {"mode": "classify"}  # the caller's policy is not changed
    path = trained.save(tmp_path / "m")
    assert (path / "candidates.joblib").is_file()
    loaded = model_lib.load(path)
    assert loaded.candidates is not None and loaded.policy == trained.policy
    for text, _ in SENTENCES:
        rules = extract(text).mentions
        out = extract(text, loaded).mentions
        assert out == extract(text, trained).mentions
        for m in out:  # a rule's own record, or the classifier's with its version and probability
            assert m in rules or (m.extractor, m.version) == ("sklearn.candidates", trained.version)


def test_mentions_carry_extractor_version_and_confidence(tiny_model):
    from reportmine.extractors import extract

    out = extract(SENTENCES[0][0], tiny_model)
    assert out.mentions and all(m.extractor and m.version and 0 <= m.confidence <= 1 for m in out.mentions)


@pytest.fixture(scope="module")
def tiny_crf():
    return train_model(TINY, Config(dev_share=0.0, seed=3, crf={"minfreq": 0}))


def test_tiny_crf_learns_its_training_sentences(tiny_crf):
    from reportmine.learn.crf import Tagger
    from reportmine.text.doc import Doc

    assert tiny_crf.spans is None and isinstance(tiny_crf.crf, Tagger)
    found = {(label, item.text[s:e]) for item in TINY for label, s, e in tiny_crf.crf.predict(Doc(item.text))}
    gold = {(s.label, item.text[s.start:s.end]) for item in TINY for s in item.spans}
    assert len(found & gold) >= 0.8 * len(gold)


def test_crf_model_round_trips_and_is_reproducible(tiny_crf, tmp_path):
    from reportmine.text.doc import Doc

    path = tiny_crf.save(tmp_path / "m")
    assert (path / "crf.crfsuite").is_file() and not (path / "spans").exists()
    loaded = model_lib.load(path)
    assert loaded.crf.cfg == tiny_crf.crf.cfg and loaded.policy == tiny_crf.policy
    for item in TINY:
        assert [m.as_dict() for m in loaded.mentions(Doc(item.text))] == \
               [m.as_dict() for m in tiny_crf.mentions(Doc(item.text))]
    again = train_model(TINY, Config(dev_share=0.0, seed=3, crf={"minfreq": 0}))
    assert again.crf.data == tiny_crf.crf.data
    info = json.loads((path / "model.json").read_text(encoding="utf-8"))
    assert info["config"]["arch"] == "crf" and info["crf"]["c1"] == tiny_crf.crf.cfg.c1


def test_splits_are_reproducible_and_cover_every_text():
    items = list(range(31))
    assert holdout(items, 0.2, 1) == holdout(items, 0.2, 1)
    train, dev = holdout(items, 0.2, 1)
    assert len(dev) == 6 and sorted(train + dev) == items
    tested = [x for _, test in folds(items, 5, 1) for x in test]
    assert sorted(tested) == items
    with pytest.raises(ValueError, match="--folds"):
        list(folds(items[:3], 5, 1))


def test_quote_classifier_learns_which_quotes_are_programmes():
    from reportmine.text.doc import Doc
    from reportmine.learn.quotes import QuoteClassifier

    clf = QuoteClassifier.fit(TINY + [annotated("她是职工的“贴心人”，也是“好帮手”。", [], 99)])
    scores = {q.name: p for q, p in clf.scores(Doc("沧州市总工会开展“巾帼心向党”联谊活动，大家都夸“贴心人”真好。"))}
    assert scores["巾帼心向党"] > scores["贴心人"]


@pytest.mark.parametrize("text", ["班组荣获“工人先锋号”称号。", "牢固树立“四个意识”。", "推进“一心、两翼”。",
                                  "他常说：“干好本职工作”。"])
def test_quotes_the_rules_know_are_not_programmes_are_not_candidates(text):
    from reportmine.text.doc import Doc
    from reportmine.learn.quotes import candidates

    assert candidates(Doc(text)) == []


def write_doccano(path, items):
    path.write_text("".join(json.dumps({"text": i.text, "label": [[s.start, s.end, s.label] for s in i.spans]},
                                       ensure_ascii=False) + "\n" for i in items), encoding="utf-8")


@pytest.mark.parametrize("policy, has_candidates", [(None, False), (CLASSIFY, True)])
def test_cli_train_takes_the_policy_from_the_config(tmp_path, policy, has_candidates):
    data = tmp_path / "tiny.jsonl"
    write_doccano(data, TINY)
    settings = {"arch": "ner", "width": 32, "depth": 1, "rows": 500, "epochs": 2, "dev_share": 0.25}
    if policy:
        settings["policy"] = policy
    (tmp_path / "config.json").write_text(json.dumps(settings), encoding="utf-8")
    result = CliRunner().invoke(main, ["train", str(data), "--from-scratch", "--out", str(tmp_path / "m"),
                                       "--config", str(tmp_path / "config.json")])
    assert result.exit_code == 0, result.output
    written = json.loads((tmp_path / "m" / "model.json").read_text(encoding="utf-8"))["policy"]
    assert (tmp_path / "m" / "candidates.joblib").is_file() == has_candidates
    assert written["ORG"]["mode"] == ("classify" if policy else model_lib.DEFAULT_POLICY["ORG"]["mode"])
    assert ("veto" in written["ORG"]) == has_candidates


def test_cli_train_evaluate_and_pre_annotate_round_trip(tmp_path):
    data = tmp_path / "tiny.jsonl"
    write_doccano(data, TINY)
    config = tmp_path / "config.json"
    config.write_text(json.dumps({"crf": {"minfreq": 0}}), encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(main, ["train", str(data), "--from-scratch", "--out", str(tmp_path / "m"), "--config", str(config)])
    assert result.exit_code == 0, result.output
    assert "CRF: " in result.output and (tmp_path / "m" / "crf.crfsuite").is_file()

    result = runner.invoke(main, ["evaluate", str(data), "--model", str(tmp_path / "m"), "--json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.output)["mentions"]
    assert set(scores) == {"rules", "model", "combined"} and set(scores["rules"]) == set(annotations.LABELS)

    # --record keeps the scores with the model: model.json and the card, replaced on a second run
    for _ in range(2):
        result = runner.invoke(main, ["evaluate", str(CORPUS), "--model", str(tmp_path / "m"), "--record"])
        assert result.exit_code == 0, result.output
    info = json.loads((tmp_path / "m" / "model.json").read_text(encoding="utf-8"))
    [entry] = info["evaluations"]
    assert entry["data"] == [str(CORPUS)] and entry["texts"] == 5
    assert entry["scores"]["rules"]["ORG"]["tp"] > 0
    assert f"## Evaluated on {CORPUS} (5 texts" in (tmp_path / "m" / "README.md").read_text(encoding="utf-8")
    result = runner.invoke(main, ["evaluate", str(CORPUS), "--no-model", "--record"])
    assert result.exit_code != 0 and "--record" in result.output

    for fmt in ("doccano", "labelstudio"):
        out = tmp_path / f"tasks.{fmt}.json{'l' if fmt == 'doccano' else ''}"
        result = runner.invoke(main, ["pre-annotate", str(CORPUS), "--format", fmt, "--out", str(out),
                                      "--model", str(tmp_path / "m")])
        assert result.exit_code == 0, result.output
        assert "5 tasks" in result.output


@pytest.mark.parametrize("fmt", ["doccano", "labelstudio"])
def test_pre_annotations_read_back_as_the_same_spans_least_certain_first(tmp_path, fmt):
    from reportmine.extractors import extract
    from reportmine.learn.preannotate import pre_annotate

    out = tmp_path / ("tasks.jsonl" if fmt == "doccano" else "tasks.json")
    n, errors = pre_annotate([str(CORPUS)], out, fmt)
    assert n == 5 and not errors
    if fmt == "labelstudio":  # what Label Studio exports once the predictions are accepted
        tasks = json.loads(out.read_text(encoding="utf-8"))
        unsure = [1 - t["predictions"][0]["score"] for t in tasks]
        for t in tasks:
            t["annotations"] = [{"result": t.pop("predictions")[0]["result"]}]
        out.write_text(json.dumps(tasks, ensure_ascii=False), encoding="utf-8")
        assert (tmp_path / "tasks.config.xml").is_file()
    else:
        unsure = [json.loads(line)["meta"]["uncertainty"] for line in out.read_text(encoding="utf-8").splitlines()]
    assert unsure == sorted(unsure, reverse=True)
    items = annotations.read([out])
    assert len(items) == 5
    for item in items:
        expected = {(m.start, m.end, m.label) for m in extract(item.text).mentions}
        assert {(s.start, s.end, s.label) for s in item.spans} == expected


def test_train_rejects_bad_annotations_naming_file_and_line(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "甲乙丙", "label": [[0, 2, "ORG"]]}\n{"text": "甲乙", "label": [[0, 9, "ORG"]]}\n',
                   encoding="utf-8")
    result = CliRunner().invoke(main, ["train", str(bad), "--out", str(tmp_path / "m")])
    assert result.exit_code == 1 and f"{bad}:2" in result.output and "outside the text" in result.output
    assert not (tmp_path / "m").exists()


def test_run_records_the_model_and_no_model_means_rules_only(tmp_path, tiny_model):
    import sqlite_utils

    path = tiny_model.save(tmp_path / "m")
    runner = CliRunner()
    for args, expect in ((["--model", str(path)], str(path)), (["--no-model"], "rules only")):
        db = tmp_path / f"kb{len(args)}.sqlite"
        result = runner.invoke(main, ["run", str(CORPUS), "--db", str(db), *args])
        assert result.exit_code == 0, result.output
        assert expect in sqlite_utils.Database(db)["runs"].get(1)["model"]
    result = runner.invoke(main, ["run", str(CORPUS), "--db", str(tmp_path / "x.sqlite"), "--no-model",
                                  "--model", str(path)])
    assert result.exit_code == 2 and "exclude each other" in result.output


def test_batched_prediction_finds_what_chunk_by_chunk_prediction_finds(tiny_model):
    """SpanModel.mentions runs all of a text's chunks through the tagger in one batch."""
    from reportmine.learn.spanmodel import _disjoint, _trim, make_docs
    from reportmine.text.doc import Doc

    spans = tiny_model.spans
    doc = Doc("\n".join(text for text, _ in SENTENCES * 4))
    chunks = list(make_docs(spans.nlp, doc, spans.cfg))
    assert len(chunks) > 1
    one_by_one = []
    for cs, sdoc in chunks:
        for _, proc in spans.nlp.pipeline:
            sdoc = proc(sdoc)
        one_by_one += [(label, *_trim(doc.text, s + cs, e + cs)) for s, e, label, _ in _disjoint(
            [(e.start_char, e.end_char, e.label_, 1.0) for e in sdoc.ents])]
    batched = [(m.label, m.start, m.end) for m in spans.mentions(doc)]
    assert len(one_by_one) > 5
    assert sorted(batched) == sorted(one_by_one)
