"""China's administrative divisions (``gazetteers/regions.tsv``, from cpca): lookup, name prefixes, places in a text.

Divisions have three levels here: ``province`` (incl. the four municipalities), ``prefecture``
(cities, prefectures, leagues) and ``county`` (counties, districts, county-level cities).
Names are ambiguous (朝阳区 is in Beijing and in Changchun): every function that reads a name
takes the places already known (``near``) to choose, and gives up rather than guess.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache

from reportmine.gazetteers import load
from reportmine.records import pickled_by_fields
from reportmine.text.patterns import WordScanner, words_regex

LEVELS = ("province", "prefecture", "county")
# the level word a relative name starts with (市总工会), and the endings of the divisions it can mean
LEVEL_ENDINGS = {"省": ("省",), "市": ("市",), "县": ("县", "旗"), "区": ("区",), "州": ("州",)}


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Region:
    code: str
    name: str
    short: str
    level: str
    parent: str | None

    @property
    def id(self) -> int:
        return int(self.code)


class Regions:
    def __init__(self, rows):
        self.by_code: dict[str, Region] = {}
        self.by_name: dict[str, list[Region]] = defaultdict(list)
        self.by_short: dict[str, list[Region]] = defaultdict(list)
        for r in rows:
            region = Region(r["code"], r["name"], r["short"], r["level"], r["parent"] or None)
            self.by_code[region.code] = region
            self.by_name[region.name].append(region)
            if len(region.short) >= 2 and region.short != region.name:
                self.by_short[region.short].append(region)
        names = sorted((n for n in self.by_name if len(n) >= 3 or n.endswith(("省", "市"))), key=len, reverse=True)
        self.name_re = words_regex(names)
        self.names = WordScanner(names)  # the same matches as name_re, fast over whole texts

    def parent(self, region: Region) -> Region | None:
        """The division above (a municipality's districts hang from the municipality itself)."""
        if not region.parent:
            return None
        return self.by_code.get(region.parent) or self.by_code.get(region.parent[:2] + "0000")

    def chain(self, region: Region) -> list[Region]:
        """The region and every division above it, lowest first."""
        out = [region]
        while (up := self.parent(out[-1])) is not None and up not in out:
            out.append(up)
        return out

    def is_under(self, region: Region, other: Region) -> bool:
        return other in self.chain(region)[1:]

    def choose(self, candidates: list[Region], near: list[Region] | tuple = ()) -> Region | None:
        """One of several same-named divisions: the only one, or the only one under/over a known place."""
        if len(candidates) == 1:
            return candidates[0]
        fitting = [c for c in candidates if any(self.is_under(c, n) or self.is_under(n, c) or n == c for n in near)]
        return fitting[0] if len(fitting) == 1 else None

    def prefix(self, name: str, near: list[Region] | tuple = ()) -> tuple[list[Region], int]:
        """The chain of divisions a name starts with (上海市嘉定区总工会 -> [上海市, 嘉定区]) and where it ends.

        Full names are read anywhere in the chain; a short name (嘉兴, 廊坊) only where a full
        division name or an organisation word follows it, so a company's trade name is not taken
        for a place (厦门轨道建设 stays a company). Each step must lie under the one before."""
        found: list[Region] = []
        pos = 0
        while pos < len(name):
            step = self._step(name, pos, found, near)
            if step is None:
                break
            region, pos = step
            found.append(region)
        return found, pos

    def _step(self, name: str, pos: int, found: list[Region], near) -> tuple[Region, int] | None:
        context = found[-1:] or list(near)
        for length in range(min(8, len(name) - pos), 1, -1):
            word = name[pos:pos + length]
            for table, is_short in ((self.by_name, False), (self.by_short, True)):
                cands = table.get(word)
                if not cands:
                    continue
                if found:
                    cands = [c for c in cands if self.is_under(c, found[-1])]
                    if not cands:
                        continue
                region = self.choose(cands, context)
                if region is None:
                    continue
                end = pos + length
                if is_short and not self._short_ok(name, end):
                    continue
                return region, end
        return None

    def _short_ok(self, name: str, end: int) -> bool:
        rest = name[end:]
        if not rest:
            return False
        if any(rest.startswith(n) for n in self._full_starts(rest[:1])):
            return True
        return rest.startswith(SHORT_FOLLOWERS)

    @lru_cache(maxsize=None)
    def _full_starts(self, ch: str) -> tuple[str, ...]:
        return tuple(n for n in self.by_name if n.startswith(ch))

    def places(self, text: str, near: list[Region] | tuple = ()) -> Counter:
        """Divisions written by their full name in ``text``, counted (codes); ambiguous names count
        only when one reading sits with a place already known or named unambiguously in the text."""
        plain: Counter = Counter()
        ambiguous: list[list[Region]] = []
        for _, _, name in self.names.finditer(text):
            cands = self.by_name[name]
            if len(cands) == 1:
                plain[cands[0].code] += 1
            else:
                ambiguous.append(cands)
        known = list(near) + [self.by_code[c] for c in plain]
        for cands in ambiguous:
            region = self.choose(cands, known)
            if region is not None:
                plain[region.code] += 1
        return plain


# words that may follow a short division name inside an organisation's name (廊坊总工会, 嘉兴南湖区)
# (newspapers and companies keep the short name they are known by: 湖南日报, 厦门轨道建设)
SHORT_FOLLOWERS = ("总工会", "工会", "市总", "市委", "市政府", "人民政府", "政府", "人大", "政协", "妇联", "团委")


@lru_cache(maxsize=1)
def regions() -> Regions:
    return Regions(load("regions"))
