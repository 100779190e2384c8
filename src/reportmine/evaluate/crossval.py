"""Reproducible splits of annotated texts: a held-out dev share, and K folds."""
from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from typing import TypeVar

T = TypeVar("T")


def holdout(items: Sequence[T], share: float, seed: int) -> tuple[list[T], list[T]]:
    """(train, dev): ``share`` of the texts (at least one when there are two or more) held out."""
    order = list(items)
    random.Random(seed).shuffle(order)
    n = round(len(order) * share) if len(order) > 1 else 0
    n = max(n, 1) if share > 0 and len(order) > 1 else n
    return order[n:], order[:n]


def folds(items: Sequence[T], k: int, seed: int) -> Iterator[tuple[list[T], list[T]]]:
    """(train, test) for each of ``k`` folds; every text is tested exactly once."""
    if not 2 <= k <= len(items):
        raise ValueError(f"--folds must be between 2 and the number of texts ({len(items)}), got {k}")
    order = list(items)
    random.Random(seed).shuffle(order)
    for i in range(k):
        test = order[i::k]
        yield [x for j, x in enumerate(order) if j % k != i], test
