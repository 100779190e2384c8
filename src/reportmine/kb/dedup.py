"""Near-duplicate detection: reposts with other furniture, a few edits, or only part of the text.

Candidates come from MinHash locality-sensitive hashing, with the band keys kept in
the KB so that the index persists across runs and shards; each candidate is then confirmed by the
exact *containment* of character 5-gram shingles: the share of the smaller text's shingles found
in the larger one. Containment, not Jaccard, because a repost is often an excerpt: an excerpt of a
third of a report has Jaccard ~0.3 with it but containment ~1.0.
"""
from __future__ import annotations

import hashlib
import re

import numpy as np

from reportmine.text.script import to_simplified

SHINGLE = 5
NUM_PERM = 64
BANDS, ROWS = 32, 2  # LSH catches pairs with Jaccard down to ~(1/32)^(1/2) = 0.18
CONTAINMENT = 0.8  # the smaller text's shingles found in the larger one
MIN_SHINGLES = 40  # texts shorter than this are only ever exact duplicates
_NOT_WORD = re.compile(r"[\W_]+")
_MASK = (1 << 64) - 1

# Shingles are 64-bit hashes of the 5-grams, computed for the whole text at once with numpy, and
# MinHash uses multiply-shift hashing over them: a pure-Python hash per shingle (as datasketch
# does) cost a third of the segmenter's time. The constants are fixed: band keys persist in KBs.
_rng = np.random.default_rng(20240501)
_A = _rng.integers(1, 2**63, NUM_PERM, dtype=np.uint64) | np.uint64(1)
_B = _rng.integers(0, 2**63, NUM_PERM, dtype=np.uint64)
_BASE = np.uint64(0x100000001B3)


def shingles(text: str, simplified: bool = False) -> np.ndarray:
    """The shingle set of a text: the sorted distinct 64-bit hashes of its character 5-grams,
    simplified, punctuation and spaces removed. ``simplified``: already simplified (a Doc's shadow)."""
    t = _NOT_WORD.sub("", text if simplified else to_simplified(text))
    if len(t) < SHINGLE:
        return np.empty(0, dtype=np.uint64)
    codes = np.frombuffer(t.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    n = len(codes) - SHINGLE + 1
    h = np.zeros(n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for k in range(SHINGLE):
            h = h * _BASE + codes[k:k + n]
        h ^= h >> np.uint64(33)  # splitmix-style finaliser: spread the bits
        h *= np.uint64(0xFF51AFD7ED558CCD)
        h ^= h >> np.uint64(33)
    return np.unique(h)


def minhash(grams: np.ndarray) -> np.ndarray:
    """The MinHash signature of a shingle set: ``NUM_PERM`` 32-bit values (empty when the set is
    too small to judge)."""
    if len(grams) < MIN_SHINGLES:
        return np.empty(0, dtype=np.uint32)
    h = np.asarray(grams, dtype=np.uint64)
    with np.errstate(over="ignore"):
        values = ((h[:, None] * _A[None, :] + _B[None, :]) >> np.uint64(32)).min(axis=0)
    return values.astype(np.uint32)


def band_keys(signature: np.ndarray) -> list[tuple[int, int]]:
    """``(band, key)`` pairs of a MinHash signature; two texts sharing one are candidates."""
    if len(signature) < NUM_PERM:
        return []
    values = np.asarray(signature, dtype=np.uint64)  # the bytes hashed since keys were first stored
    keys = []
    for band in range(BANDS):
        digest = hashlib.blake2b(values[band * ROWS:(band + 1) * ROWS].tobytes(), digest_size=8).digest()
        keys.append((band, int.from_bytes(digest, "big", signed=True)))
    return keys


MARGIN = 4.0  # standard errors of the signature's Jaccard estimate given to a candidate


def may_contain(a: np.ndarray, size_a: int, b: np.ndarray, size_b: int) -> bool:
    """Whether two texts' containment could reach ``CONTAINMENT``, judged from their signatures and
    shingle counts alone; False rules out the exact check (a stored text's shingles are computed
    again from its text, which costs what extracting a small document does).

    Containment ``c`` of the smaller set in the larger, with size ratio ``r``, means Jaccard
    ``J = c r / (1 + r - c r)``; the share of equal signature values estimates ``J`` with standard
    error ``sqrt(J (1 - J) / NUM_PERM)``. A pair passes unless its estimate is ``MARGIN`` standard
    errors below the Jaccard of the threshold containment, so a true near duplicate is ruled out
    with a probability below 1e-4, and a chance candidate (Jaccard ~0.05) almost always is."""
    if len(a) != NUM_PERM or len(b) != NUM_PERM or min(size_a, size_b) < MIN_SHINGLES:
        return True
    r = min(size_a, size_b) / max(size_a, size_b)
    j_min = CONTAINMENT * r / (1 + r - CONTAINMENT * r)
    estimate = np.count_nonzero(a == b) / NUM_PERM
    return estimate >= j_min - MARGIN * (j_min * (1 - j_min) / NUM_PERM) ** 0.5


def containment(a: np.ndarray, b: np.ndarray) -> float:
    """Share of the smaller shingle set found in the larger one (0 when either is too small to judge)."""
    if min(len(a), len(b)) < MIN_SHINGLES:
        return 0.0
    common = np.intersect1d(a, b, assume_unique=True)
    return len(common) / min(len(a), len(b))
