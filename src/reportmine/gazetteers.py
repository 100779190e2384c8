"""Load the data files under ``gazetteers/``: vocabularies and tables with a provenance header.

File format (UTF-8, tab-separated)::

    # name: org_suffixes
    # description: what the list is for
    # source: where the data came from
    # license: under which terms
    # columns: suffix kind level
    总工会<TAB>union<TAB>

Header lines start with ``# key: value``; ``source`` and ``columns`` are required. Blank lines
and lines starting with ``#`` after the header are ignored. Each file is read once per process.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from reportmine.errors import GazetteerError

REQUIRED = ("source", "columns")


def data_dir(kind: str) -> Path:
    """The folder holding ``gazetteers`` or ``models``: an override, the wheel's copy, or the checkout's."""
    override = os.environ.get(f"REPORTMINE_{kind.upper()}")
    if override:
        return Path(override)
    bundled = Path(__file__).resolve().parent / "_data" / kind
    if bundled.is_dir():
        return bundled
    return Path(__file__).resolve().parents[2] / kind


@dataclass(frozen=True)
class Gazetteer:
    name: str
    path: Path
    provenance: dict
    columns: tuple[str, ...]
    rows: tuple[dict, ...]

    def column(self, name: str | None = None) -> list[str]:
        """Values of one column (the first by default), in file order, blanks skipped."""
        key = name or self.columns[0]
        if key not in self.columns:
            raise GazetteerError(self.path, f"no column {key!r}; columns are {list(self.columns)}")
        return [r[key] for r in self.rows if r[key]]

    def mapping(self, key: str, value: str) -> dict[str, str]:
        return {r[key]: r[value] for r in self.rows if r[key]}

    def __iter__(self):
        return iter(self.rows)

    def __len__(self):
        return len(self.rows)


def parse(path: Path) -> Gazetteer:
    """Parse one gazetteer file; raise :class:`GazetteerError` naming the file and line."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as e:
        raise GazetteerError(path, f"cannot read: {e}") from e
    provenance: dict[str, str] = {}
    body_start = 0
    for i, line in enumerate(lines):
        if not line.startswith("#"):
            body_start = i
            break
        key, sep, value = line[1:].partition(":")
        if sep:
            provenance[key.strip().lower()] = value.strip()
    else:
        body_start = len(lines)
    missing = [k for k in REQUIRED if k not in provenance]
    if missing:
        raise GazetteerError(path, f"header lacks {', '.join(missing)} (see gazetteers/README.md)")
    columns = tuple(provenance["columns"].split())
    rows = []
    for n, line in enumerate(lines[body_start:], start=body_start + 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = [c.strip() for c in line.split("\t")]
        if len(cells) > len(columns):
            raise GazetteerError(path, f"{len(cells)} cells, header names {len(columns)}", line=n)
        cells += [""] * (len(columns) - len(cells))
        rows.append(dict(zip(columns, cells)))
    return Gazetteer(provenance.get("name", path.stem), path, provenance, columns, tuple(rows))


@lru_cache(maxsize=None)
def load(name: str) -> Gazetteer:
    """Load ``gazetteers/<name>.tsv`` once per process."""
    path = data_dir("gazetteers") / f"{name}.tsv"
    if not path.is_file():
        raise GazetteerError(path, "no such gazetteer")
    return parse(path)


def available() -> list[str]:
    return sorted(p.stem for p in data_dir("gazetteers").glob("*.tsv"))
