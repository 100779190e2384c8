"""Near-duplicate detection: reposts with other furniture, a few edits, or only part of the text.

Candidates come from MinHash locality-sensitive hashing (datasketch), with the band keys kept in
the KB so that the index persists across runs and shards; each candidate is then confirmed by the
exact *containment* of character 5-gram shingles: the share of the smaller text's shingles found
in the larger one. Containment, not Jaccard, because a repost is often an excerpt: an excerpt of a
third of a report has Jaccard ~0.3 with it but containment ~1.0.
"""
from __future__ import annotations

import hashlib
import re
from functools import lru_cache

from .script import to_simplified

SHINGLE = 5
NUM_PERM = 64
BANDS, ROWS = 32, 2  # LSH catches pairs with Jaccard down to ~(1/32)^(1/2) = 0.18
CONTAINMENT = 0.8  # the smaller text's shingles found in the larger one
MIN_SHINGLES = 40  # texts shorter than this are only ever exact duplicates
_NOT_WORD = re.compile(r"[\W_]+")


def shingles(text: str) -> frozenset[str]:
    """Character 5-grams of the simplified text with punctuation and spaces removed."""
    t = _NOT_WORD.sub("", to_simplified(text))
    return frozenset(t[i:i + SHINGLE] for i in range(len(t) - SHINGLE + 1))


@lru_cache(maxsize=1)
def _template():
    from datasketch import MinHash

    return MinHash(num_perm=NUM_PERM, seed=1)


def band_keys(grams: frozenset[str]) -> list[tuple[int, int]]:
    """``(band, key)`` pairs of the MinHash signature; two texts sharing one are candidates."""
    if len(grams) < MIN_SHINGLES:
        return []
    m = _template().copy()
    m.update_batch([g.encode("utf-8") for g in grams])
    values = m.hashvalues
    keys = []
    for band in range(BANDS):
        digest = hashlib.blake2b(values[band * ROWS:(band + 1) * ROWS].tobytes(), digest_size=8).digest()
        keys.append((band, int.from_bytes(digest, "big", signed=True)))
    return keys


def containment(a: frozenset[str], b: frozenset[str]) -> float:
    """Share of the smaller set found in the larger one (0 when either is too small to judge)."""
    if min(len(a), len(b)) < MIN_SHINGLES:
        return 0.0
    small, large = sorted((a, b), key=len)
    return len(small & large) / len(small)
