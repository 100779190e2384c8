"""Model-quality gate: F1 floors on the seeds' gold (always), the dev gold and our annotations of
../shared/corpus/unlabeled (rules) when ../shared is there; and on the held-out split of the learned
extractors (corpus/splits/heldout.tsv: 21 texts of ../shared/corpus/train no rule, feature or model
saw), floors for the rules and for the shipped model combined with them.

Floors live in quality_floors.json with the digest of the texts and gold they were measured on.
A floor is never lowered silently: change it in a commit that says why. When the gold itself
changes, the digest test fails until the floors are re-measured (scripts/devscore.py).
"""
import json
from pathlib import Path

import pytest

from conftest import CORPUS, digest, file_digest
from reportmine.learn.annotations import texts_of
from reportmine.evaluate.scoring import HEADLINE, score_texts

FLOORS = json.loads((Path(__file__).resolve().parents[1] / "quality_floors.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def seeds_score():
    return score_texts(CORPUS)


@pytest.fixture(scope="module")
def dev_score(dev_dir):
    return score_texts(dev_dir)


def test_seed_gold_is_the_one_the_floors_were_measured_on():
    assert digest(CORPUS) == FLOORS["seeds"]["digest"]


@pytest.mark.parametrize("metric", HEADLINE)
def test_seed_floor(seeds_score, metric):
    assert seeds_score.f1(metric) >= FLOORS["seeds"]["f1"][metric], seeds_score.metrics[metric].as_dict()


def test_dev_gold_is_the_one_the_floors_were_measured_on(dev_dir):
    assert digest(dev_dir) == FLOORS["dev"]["digest"]


@pytest.mark.parametrize("metric", HEADLINE)
def test_dev_floor(dev_score, metric):
    assert dev_score.f1(metric) >= FLOORS["dev"]["f1"][metric], dev_score.metrics[metric].as_dict()


@pytest.fixture(scope="module")
def heldout_score(heldout_dir):
    return score_texts(texts_of(heldout_dir / "gold"), heldout_dir / "gold")


def test_heldout_gold_is_the_one_the_floors_were_measured_on(heldout_dir):
    assert digest(heldout_dir) == FLOORS["heldout"]["digest"]


@pytest.mark.parametrize("metric", HEADLINE)
def test_heldout_floor(heldout_score, metric):
    assert heldout_score.f1(metric) >= FLOORS["heldout"]["f1"][metric], heldout_score.metrics[metric].as_dict()


@pytest.fixture(scope="module")
def split_scores(heldout_split):
    """Rules and the shipped model (combined) on corpus/splits/heldout.tsv."""
    from reportmine.learn.model import resolve
    from reportmine.learn.training import score_systems

    records = {}
    score_systems(resolve(), heldout_split, records=records)
    return records


def test_split_is_the_one_the_floors_were_measured_on():
    assert file_digest(CORPUS / "splits" / "heldout.tsv") == FLOORS["split"]["digest"]


@pytest.mark.parametrize("system", ["rules", "combined"])
@pytest.mark.parametrize("metric", HEADLINE)
def test_split_floor(split_scores, system, metric):
    result = split_scores[system]
    assert result.f1(metric) >= FLOORS["split"][system]["f1"][metric], result.metrics[metric].as_dict()

