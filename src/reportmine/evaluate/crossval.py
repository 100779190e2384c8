"""Reproducible splits of annotated texts: a held-out dev share, K folds, and folds by group.

Folds by group (source theme, site, folder) are the honest test of a learned extractor: a random
fold of reports collected together is tested on near copies of its training data."""
from __future__ import annotations

import random
import csv
import os
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
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


def group_folds(items: Sequence[T], group_of: Callable[[T], str]) -> Iterator[tuple[str, list[T], list[T]]]:
    """(group, train, test) for each group: leave one group out, groups in sorted order."""
    groups = sorted({group_of(x) for x in items})
    if len(groups) < 2:
        raise ValueError(f"grouped cross-validation needs at least two groups, got {groups}")
    for g in groups:
        yield g, [x for x in items if group_of(x) != g], [x for x in items if group_of(x) == g]


def read_groups(path: str | os.PathLike) -> dict[str, str]:
    """A group per file name from a TSV with ``file`` and ``group`` columns (``#`` lines are comments)."""
    from reportmine.errors import ReportmineError

    rows = [line for line in Path(path).read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    reader = csv.DictReader(rows, delimiter="\t")
    if not reader.fieldnames or not {"file", "group"} <= set(reader.fieldnames):
        raise ReportmineError(f"{path}: a groups file needs the columns file and group, got {reader.fieldnames}")
    return {row["file"]: row["group"] for row in reader}


def source_group(groups: dict[str, str]) -> Callable[[object], str]:
    """An annotated text's group: its file's entry in ``groups``, else the folder it came from."""
    def group_of(item) -> str:
        path = Path(str(item.source))
        name = (item.gold or {}).get("file", path.name) if hasattr(item, "gold") else path.name
        if name in groups:
            return groups[name]
        parent = path.parent
        return parent.parent.name if parent.name == "gold" else parent.name
    return group_of


def read_file_list(path: str | os.PathLike) -> set[str]:
    """File names from a list: one a line, or the ``file`` column of a TSV (``#`` lines are comments)."""
    rows = [line for line in Path(path).read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]
    if rows and "\t" in rows[0] and "file" in rows[0].split("\t"):
        column = rows[0].split("\t").index("file")
        return {row.split("\t")[column] for row in rows[1:]}
    return {row.strip() for row in rows}
