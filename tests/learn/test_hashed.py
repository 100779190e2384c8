"""Scoring hashed logistic regressions without scikit-learn (learn/hashed.py): the same columns and
probabilities as the fitted scikit-learn pipeline, the quote classifier saved as weights and read
back, a model so saved loaded and run without importing scikit-learn. Invented features and texts."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from conftest import ROOT
from reportmine.learn.hashed import HashedLogistic, slot
from reportmine.learn.quotes import QuoteClassifier, fit_hashed_logistic

NAMES = ["bias", "rel=sent", "c1=职", "c2=工会", "after1=”", "x" * 80, "", "hlast=号", "nsrc=tok"]

# (features of one row, class): an invented, separable little problem
ROWS = [
    ({"bias": 1.0, "head": 1.0, "c1": "职", "len=4": 1.0}, 1),
    ({"bias": 1.0, "head": 1.0, "c1": "工", "len=5": 1.0}, 1),
    ({"bias": 1.0, "rule": 0.5, "c1": "会", "len=4": 1.0}, 1),
    ({"bias": 1.0, "honour": 1.0, "c1": "号", "len=5": 1.0}, 0),
    ({"bias": 1.0, "honour": 1.0, "c1": "手", "digit": 1.0}, 0),
    ({"bias": 1.0, "comma": 1.0, "c1": "人", "len=3": 1.0}, 0),
]


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("n_features", [2 ** 4, 2 ** 16, 2 ** 18])
def test_a_feature_lands_in_the_column_feature_hasher_gives_it(name, n_features):
    from sklearn.feature_extraction import FeatureHasher

    row = FeatureHasher(n_features=n_features, alternate_sign=False).transform([{name: 1.0}])
    assert row.indices.tolist() == [slot(name, n_features)]


@pytest.fixture(scope="module")
def pipeline():
    return fit_hashed_logistic([f for f, _ in ROWS], [y for _, y in ROWS], 0, n_features=2 ** 10, C=10.0)


def test_the_weights_give_the_pipelines_probabilities(pipeline):
    weights = HashedLogistic.from_pipeline(pipeline)
    unseen = {"bias": 1.0, "head": 1.0, "c1": "号", "never seen": 3.0}
    for f in [f for f, _ in ROWS] + [unseen, {}]:
        assert weights.proba(f) == pytest.approx(pipeline.predict_proba([f])[0, 1], abs=1e-12)
    assert [weights.proba(f) > 0.5 for f, _ in ROWS] == [bool(y) for _, y in ROWS]


def test_the_weights_round_trip_through_their_arrays(pipeline):
    weights = HashedLogistic.from_pipeline(pipeline)
    again = HashedLogistic.from_dict(weights.as_dict())
    assert again.weights == weights.weights and again.intercept == weights.intercept
    assert again.proba(ROWS[0][0]) == weights.proba(ROWS[0][0])


def test_a_pipeline_of_another_shape_has_no_weights():
    from sklearn.feature_extraction import FeatureHasher
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    signed = make_pipeline(FeatureHasher(n_features=2 ** 10), LogisticRegression())
    signed.fit([f for f, _ in ROWS], [y for _, y in ROWS])
    assert HashedLogistic.from_pipeline(signed) is None
    assert HashedLogistic.from_pipeline(object()) is None


def test_the_quote_classifier_saves_its_weights_and_reads_older_files(pipeline, tmp_path):
    import joblib

    from reportmine.text.doc import Doc

    doc = Doc("市总工会开展“会聚良缘”活动，授予他“工人先锋号”称号，大家说“娘家人”真好。")
    fitted = QuoteClassifier(pipeline)
    fitted.save(tmp_path / "new.joblib")
    assert "pipeline" not in joblib.load(tmp_path / "new.joblib")
    joblib.dump({"pipeline": pipeline, "version": fitted.version, "threshold": 0.5}, tmp_path / "old.joblib")
    for path in ("new.joblib", "old.joblib"):
        again = QuoteClassifier.load(tmp_path / path)
        assert [(q, round(p, 12)) for q, p in again.scores(doc)] == [(q, round(p, 12)) for q, p in fitted.scores(doc)]


def test_a_model_with_its_weights_saved_runs_without_scikit_learn(tmp_path):
    """The shipped model's quote classifier re-saved as weights (what training now writes): loading
    the bundle and extracting import neither scikit-learn nor SciPy (0.9 s and 120 MiB a process)."""
    model = tmp_path / "models" / "default"
    shutil.copytree(ROOT / "models" / "default", model)
    if (model / "quotes.joblib").is_file():
        quotes = QuoteClassifier.load(model / "quotes.joblib")
        QuoteClassifier(None, quotes.version, quotes.threshold, quotes.weights).save(model / "quotes.joblib")
    code = ("import sys, json; from reportmine.learn.model import load; from reportmine.extractors import extract\n"
            f"m = load({str(model)!r})\n"
            "e = extract('市总工会授予王建国“五一劳动奖章”称号，开展“会聚良缘”活动。', m)\n"
            "print(json.dumps([sorted(k for k in ('sklearn', 'scipy') if k in sys.modules), len(e.mentions)]))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={"PYTHONPATH": str(ROOT / "src"), "PATH": ""})
    imported, mentions = json.loads(out.stdout)
    assert imported == [] and mentions > 0
