"""The shipped model: small, documented, used by default, and not worse than the rules it joins."""
from __future__ import annotations

import json

import pytest

from conftest import CORPUS, ROOT
from reportmine.learn import model as model_lib
from reportmine.learn.annotations import LABELS
from reportmine.extractors import extract

DEFAULT = ROOT / "models" / "default"


@pytest.fixture(scope="module")
def default():
    return model_lib.load(DEFAULT)


def test_the_default_model_is_small_and_has_a_card():
    size = sum(f.stat().st_size for f in DEFAULT.rglob("*") if f.is_file())
    assert size < 20e6, f"models/default is {size / 1e6:.1f} MB"  # the bar: 20 MB; the CRF bundle is under 1 MB
    info = json.loads((DEFAULT / "model.json").read_text(encoding="utf-8"))
    for key in ("version", "config", "crf", "seed", "data", "policy", "training_seconds", "dev_scores",
                "grouped_cv", "heldout", "excluded"):
        assert info.get(key), key
    assert info["config"]["arch"] == "crf" and (DEFAULT / "crf.crfsuite").is_file()
    assert set(info["dev_scores"]["model"]) == set(LABELS)
    card = (DEFAULT / "README.md").read_text(encoding="utf-8")
    for heading in ("Cross-validation by source group", "Held-out split", "| ORG | combined |"):
        assert heading in card
    assert "/work/" not in card and "/home/" not in card  # no path of the training machine


def test_the_default_model_never_trained_on_the_held_out_split():
    from reportmine.evaluate.crossval import read_file_list

    info = json.loads((DEFAULT / "model.json").read_text(encoding="utf-8"))
    assert info["excluded"] == "corpus/splits/heldout.tsv"
    assert len(read_file_list(ROOT / info["excluded"])) == 21


def test_run_uses_the_default_model_unless_told_otherwise(default):
    assert model_lib.resolve().path == default.path
    assert model_lib.resolve(use_model=False) is None


def test_combined_keeps_the_rule_mentions_of_the_labels_the_policy_keeps(default):
    from reportmine.ingest.clean import clean
    from reportmine.ingest.files import read_text_file

    kept = {label for label, how in default.policy.items() if model_lib._rule(how, label)["mode"] in ("union", "rules")}
    assert {"PROGRAMME", "PERSON", "HONOUR"} <= kept
    for path in sorted(CORPUS.glob("*.txt")):
        text = clean(read_text_file(path))
        rules = {(m.start, m.end, m.label) for m in extract(text).mentions if m.label in kept}
        combined = extract(text, default)
        assert rules <= {(m.start, m.end, m.label) for m in combined.mentions}
        assert {m.extractor for m in combined.mentions} >= {"crfsuite"}


def test_the_recorded_grouped_cross_validation_has_the_combination_beating_the_rules(default):
    """As measured and recorded by scripts/learned_eval.py --cv --record (a 4-minute run, not
    repeated here): leaving one source group out at a time, the combined system finds ORG names and
    programmes at least as well as the rules, ORG clearly better (0.822 -> 0.862). Awardee pairs tie
    (rules 0.921, combined 0.920): the awardee rules read the roster, heading and 授予-object shapes
    of the pool, so the learned step's pairs there are the rules' own."""
    records = default.info["grouped_cv"]["records"]
    rules, combined = records["rules"], records["combined"]
    for metric in ("org", "programme"):
        assert combined[metric]["f1"] >= rules[metric]["f1"], (metric, rules[metric], combined[metric])
    assert combined["org"]["f1"] >= rules["org"]["f1"] + 0.02
    assert combined["awardee_pair"]["f1"] >= rules["awardee_pair"]["f1"] - 0.005


def test_the_shipped_model_beats_the_rules_on_the_held_out_split(default, heldout_split):
    """The 21 texts of corpus/splits/heldout.tsv, which no rule, feature or model saw (measured,
    rules -> combined: org 0.793 -> 0.821, programme 0.784 -> 0.800, awardee_pair 0.800 -> 0.825; with
    the model trained before the second round of invented shapes 0.787 -> 0.832, 0.784 -> 0.815):
    on reports of a kind it was not tuned on, the learned awardee step still adds pairs."""
    from reportmine.learn.training import score_systems

    records = {}
    score_systems(default, heldout_split, records=records)
    rules, combined = records["rules"], records["combined"]
    for metric, margin in (("org", 0.02), ("programme", 0.01), ("awardee_pair", 0.02)):
        assert combined.f1(metric) >= rules.f1(metric) + margin, (metric, rules.metrics[metric], combined.metrics[metric])
    for metric in ("figure", "figure_subject"):
        assert combined.f1(metric) == rules.f1(metric)
