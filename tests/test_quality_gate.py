"""Model-quality gate: F1 floors on the seeds' gold (always) and the dev gold (when ../shared is there).

Floors live in quality_floors.json with the digest of the texts and gold they were measured on.
A floor is never lowered silently: change it in a commit that says why. When the gold itself
changes, the digest test fails until the floors are re-measured (scripts/devscore.py).
"""
import json
from pathlib import Path

import pytest

from conftest import CORPUS, digest
from reportmine.evaluate import HEADLINE, score_texts

FLOORS = json.loads((Path(__file__).with_name("quality_floors.json")).read_text(encoding="utf-8"))


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
