"""Near-duplicate detection: the signature prefilter never rules out a true near duplicate, and
rules out chance candidates without the exact check."""
import random

import numpy as np
import pytest

from conftest import CORPUS
from reportmine.kb import dedup
from reportmine.ingest.files import RawDocument
from reportmine.document import process
from reportmine.kb.store import Store

SEEDS = sorted(CORPUS.glob("*.txt"))


def text(i: int) -> str:
    return SEEDS[i].read_text(encoding="utf-8")


def excerpt(t: str, share: float, seed: int = 0) -> str:
    """A contiguous share of a text, with a few characters changed (a repost that kept part of it)."""
    rng = random.Random(seed)
    n = max(60, int(len(t) * share))
    start = rng.randrange(0, max(1, len(t) - n))
    chars = list(t[start:start + n])
    for _ in range(n // 200):
        chars[rng.randrange(len(chars))] = "某"
    return "".join(chars)


def sketch(t: str):
    grams = dedup.shingles(t)
    return grams, dedup.minhash(grams)


@pytest.mark.parametrize("share", [1.0, 0.6, 0.3, 0.12])
@pytest.mark.parametrize("i", range(len(SEEDS)))
def test_an_excerpt_is_never_ruled_out(i, share):
    (a, sa), (b, sb) = sketch(text(i)), sketch(excerpt(text(i), share, seed=i))
    assert dedup.containment(a, b) >= dedup.CONTAINMENT  # a true near duplicate
    assert dedup.may_contain(sa, len(a), sb, len(b))


def test_no_pair_at_the_threshold_is_ruled_out():
    """Pairs with containment from just above the threshold up, over many sizes and random subsets."""
    rng = random.Random(7)
    universe = [rng.getrandbits(63) for _ in range(6000)]
    for trial in range(400):
        small = rng.randrange(dedup.MIN_SHINGLES, 1500)
        large = rng.randrange(small, 4000)
        base = rng.sample(universe, large)
        kept = int(small * rng.uniform(dedup.CONTAINMENT, 1.0)) + 1
        in_base = set(base)
        other = [x for x in universe if x not in in_base][:small - kept]
        a = np.array(sorted(base), dtype=np.uint64)
        b = np.array(sorted(base[:kept] + other), dtype=np.uint64)
        assert dedup.containment(a, b) >= dedup.CONTAINMENT
        assert dedup.may_contain(dedup.minhash(a), len(a), dedup.minhash(b), len(b)), trial


def test_distinct_reports_of_like_size_are_ruled_out():
    sketches = [sketch(text(i)) for i in range(len(SEEDS))]
    pairs = 0
    for i, (a, sa) in enumerate(sketches):
        for b, sb in sketches[i + 1:]:
            if min(len(a), len(b)) / max(len(a), len(b)) >= 0.5:
                pairs += 1
                assert not dedup.may_contain(sa, len(a), sb, len(b))
    assert pairs >= 3


def test_too_small_to_judge_is_not_ruled_out():
    a, sa = sketch("市总工会召开会议。")
    assert len(sa) == 0 and dedup.band_keys(sa) == []
    b, sb = sketch(text(0))
    assert dedup.may_contain(sa, len(a), sb, len(b))


def test_the_store_checks_exactly_only_what_the_signatures_let_through(tmp_path, monkeypatch):
    with Store(tmp_path / "kb.sqlite") as store:
        for path in SEEDS:
            store.add(process(RawDocument(str(path), path.read_text(encoding="utf-8"))))
        checked = []
        original = Store._stored_shingles
        monkeypatch.setattr(Store, "_stored_shingles", lambda self, doc_id: checked.append(doc_id) or original(self, doc_id))
        repost = process(RawDocument("repost.txt", excerpt(text(2), 0.5)))
        _, dup_of = store.add(repost)
        assert dup_of == 3  # seed 2, stored third
        assert checked == [3]


def test_a_document_stored_without_a_signature_is_checked_exactly(tmp_path):
    """KBs written before signatures were kept: their documents are candidates as before."""
    with Store(tmp_path / "kb.sqlite") as store:
        first, _ = store.add(process(RawDocument("a.txt", text(1))))
        store.db.execute("delete from lsh_signatures")
        _, dup_of = store.add(process(RawDocument("b.txt", excerpt(text(1), 0.5))))
        assert dup_of == first
        assert store.db.execute("select count(*) from lsh_signatures").fetchone()[0] == 1
