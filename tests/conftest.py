"""Shared fixtures. Tests that need the third-party dev texts skip when ../shared is absent."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
SHARED = ROOT.parent / "shared"
DEV = SHARED / "corpus" / "dev"
UNLABELED = SHARED / "corpus" / "unlabeled"
HELDOUT = CORPUS / "annotations" / "unlabeled"  # our own gold for the unlabeled texts (held out from rule writing)


@pytest.fixture(scope="session")
def corpus_kb(tmp_path_factory):
    """The bundled corpus run into a fresh KB with the default model, as `make demo` does."""
    from click.testing import CliRunner

    from reportmine.cli import main

    db = tmp_path_factory.mktemp("kb") / "corpus.sqlite"
    result = CliRunner().invoke(main, ["run", str(CORPUS), "--db", str(db)])
    assert result.exit_code == 0, result.output
    return db, result.output


def load_cases(name: str, id_key: str = "text") -> list:
    """Cases from tests/cases/<name>.yaml as pytest params, the input sentence (or ``id_key``) as the id.

    A case with ``xfail: reason`` is a known failure, kept strict so that a fix is noticed.
    """
    cases = yaml.safe_load((ROOT / "tests" / "cases" / f"{name}.yaml").read_text(encoding="utf-8"))
    params = []
    for case in cases:
        marks = [pytest.mark.xfail(reason=case["xfail"], strict=True)] if case.get("xfail") else []
        params.append(pytest.param(case, id=case[id_key][:60], marks=marks))
    return params


def digest(folder: Path) -> str:
    """SHA-256 over a folder's gold files and the texts they describe."""
    from reportmine.learn.annotations import texts_of

    h = hashlib.sha256()
    texts = texts_of(folder / "gold")
    for path in sorted((folder / "gold").glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        h.update(path.read_bytes())
        h.update((texts / gold["file"]).read_bytes())
    return h.hexdigest()


def file_digest(path: Path) -> str:
    """SHA-256 of one file (the held-out split's list)."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "kb.sqlite"


@pytest.fixture(scope="session")
def dev_dir() -> Path:
    if not (DEV / "gold").is_dir():
        pytest.skip("../shared/corpus/dev is absent: the third-party dev texts are not in this checkout")
    return DEV


@pytest.fixture(scope="session")
def unlabeled_dir() -> Path:
    if not UNLABELED.is_dir():
        pytest.skip("../shared/corpus/unlabeled is absent: the third-party texts are not in this checkout")
    return UNLABELED


@pytest.fixture(scope="session")
def heldout_dir() -> Path:
    """corpus/annotations/unlabeled: gold in this repository, texts in ../shared/corpus/unlabeled."""
    if not UNLABELED.is_dir():
        pytest.skip("../shared/corpus/unlabeled is absent: the held-out gold describes texts not in this checkout")
    return HELDOUT


@pytest.fixture(scope="session")
def heldout_split():
    """The annotated texts of corpus/splits/heldout.tsv (in ../shared/corpus/train): the split no
    rule, feature or model of the learned extractors was written or trained on."""
    from reportmine.evaluate.crossval import read_file_list
    from reportmine.learn import annotations

    train = SHARED / "corpus" / "train"
    if not (train / "gold").is_dir():
        pytest.skip("../shared/corpus/train is absent: the third-party texts are not in this checkout")
    held = read_file_list(CORPUS / "splits" / "heldout.tsv")
    return [it for it in annotations.read([train]) if it.gold["file"] in held]
