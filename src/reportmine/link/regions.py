"""China's administrative divisions (``gazetteers/regions.tsv``, from cpca): lookup, name prefixes, places in a text.

Divisions have three levels here: ``province`` (incl. the four municipalities), ``prefecture``
(cities, prefectures, leagues) and ``county`` (counties, districts, county-level cities).
Names are ambiguous (朝阳区 is in Beijing and in Changchun): every function that reads a name
takes the places already known (``near``) to choose, and gives up rather than guess.

Other names of a division (``gazetteers/division_names.tsv``: 密云县, a county until 2015, now
密云区) are read like its own: the :class:`Region` keeps the name the text writes and the code of
the division it is now, so the KB's region column is the current division.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache

from reportmine.gazetteers import load
from reportmine.records import pickled_by_fields
from reportmine.text.patterns import WordScanner, words_regex

LEVELS = ("province", "prefecture", "county")
# the level word a relative name starts with (市总工会), and the endings of the divisions it can mean
LEVEL_ENDINGS = {"省": ("省",), "市": ("市",), "县": ("县", "旗"), "区": ("区",), "州": ("州",),
                 "自治区": ("自治区",), "自治州": ("自治州",), "自治县": ("自治县",)}


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
    def __init__(self, rows, other_names=(), abbreviations=()):
        self.by_code: dict[str, Region] = {}
        self.by_name: dict[str, list[Region]] = defaultdict(list)
        self.by_short: dict[str, list[Region]] = defaultdict(list)
        for r in rows:
            region = Region(r["code"], r["name"], r["short"], r["level"], r["parent"] or None)
            self.by_code[region.code] = region
            self.by_name[region.name].append(region)
            if len(region.short) >= 2 and region.short != region.name:
                self.by_short[region.short].append(region)
        for r in other_names:  # a former (or newer) name: the division it is, under the name written
            now = self.by_code[r["code"]]
            self.by_name[r["name"]].append(Region(now.code, r["name"], now.short, now.level, now.parent))
        # a province's one-character abbreviation (冀, 浙) read before a full division name under it
        self.by_abbreviation: dict[str, Region] = {
            r["abbreviation"]: self.by_code[r["code"]] for r in abbreviations if len(r["abbreviation"]) == 1}
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
        return any(up.code == other.code for up in self.chain(region)[1:])

    def choose(self, candidates: list[Region], near: list[Region] | tuple = ()) -> Region | None:
        """One of several same-named divisions: the only one, or the only one under/over a known place."""
        if len(candidates) == 1:
            return candidates[0]
        fitting = [c for c in candidates
                   if any(self.is_under(c, n) or self.is_under(n, c) or n.code == c.code for n in near)]
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
        """The next division of a chain at ``pos``: a full name, a short name (嘉兴, 河北) that a
        division under it or an organisation word follows, or a province's one-character
        abbreviation (冀) that a full division name under it follows. A name several divisions
        share is read as the one the known places or the next step of the chain point to
        (河北保定市: 河北省, not Tianjin's 河北区)."""
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
                end = pos + length
                region = self.choose(cands, context)
                if region is None:
                    region = self._led_by_next(name, end, cands, found, near)
                if region is None:
                    continue
                if is_short and not self._short_ok(name, end, found + [region], near):
                    continue
                return region, end
        province = self.by_abbreviation.get(name[pos:pos + 1]) if not found else None
        if province is not None:
            nxt = self._step(name, pos + 1, [province], near)
            if nxt is not None and name[pos + 1:nxt[1]] == nxt[0].name:
                return province, pos + 1
        return None

    def _led_by_next(self, name: str, end: int, cands: list[Region], found, near) -> Region | None:
        """Of several same-named divisions, the only one the rest of the name continues under."""
        led = [c for c in cands if end < len(name) and self._step(name, end, found + [c], near) is not None]
        return led[0] if len(led) == 1 else None

    def _short_ok(self, name: str, end: int, found: list[Region] = (), near=()) -> bool:
        rest = name[end:]
        if not rest:
            return False
        if any(rest.startswith(n) for n in self._full_starts(rest[:1])):
            return True
        if rest.startswith(SHORT_FOLLOWERS):
            return True
        return bool(found) and self._step(name, end, list(found), near) is not None  # 浙江杭州西湖区

    @lru_cache(maxsize=None)
    def _full_starts(self, ch: str) -> tuple[str, ...]:
        return tuple(n for n in self.by_name if n.startswith(ch))

    def places(self, text: str, near: list[Region] | tuple = (), other_names: dict | None = None) -> Counter:
        """Divisions written by their full name in ``text``, counted (codes); ambiguous names count
        only when one reading sits with a place already known or named unambiguously in the text.
        ``other_names`` (code -> Region) collects the divisions written by another name (密云县)."""
        plain: Counter = Counter()
        ambiguous: list[list[Region]] = []
        for _, _, name in self.names.finditer(text):
            cands = self.by_name[name]
            if len(cands) == 1:
                plain[cands[0].code] += 1
                self.note_other_name(cands[0], other_names)
            else:
                ambiguous.append(cands)
        known = list(near) + [self.by_code[c] for c in plain]
        for cands in ambiguous:
            region = self.choose(cands, known)
            if region is not None:
                plain[region.code] += 1
                self.note_other_name(region, other_names)
        return plain

    def short_places(self, text: str, near: list[Region] | tuple = ()) -> Counter:
        """Divisions written by their short name right before an organisation word (大连工会, 廊坊市委
        is full): counted (codes) as :meth:`places` counts full names."""
        out: Counter = Counter()
        for m in FOLLOWER_RE.finditer(text):
            for n in range(4, 1, -1):
                cands = self.by_short.get(text[max(0, m.start() - n):m.start()]) if m.start() >= n else None
                region = self.choose(cands, near) if cands else None
                if region is not None:
                    out[region.code] += 1
                    break
        return out

    def note_other_name(self, region: Region, other_names: dict | None) -> None:
        """Record in ``other_names`` (code -> Region) a division written by another name (密云县)."""
        if other_names is not None and region.name != self.by_code[region.code].name:
            other_names[region.code] = region


# words that may follow a short division name inside an organisation's name (廊坊总工会, 嘉兴南湖区)
# (newspapers and companies keep the short name they are known by: 湖南日报, 厦门轨道建设)
SHORT_FOLLOWERS = ("总工会", "工会", "市总", "市委", "市政府", "人民政府", "政府", "人大", "政协", "妇联", "团委")
# (those starting with 市 make the full name, 大连市委, which places() counts already)
FOLLOWER_RE = re.compile("|".join(f for f in SHORT_FOLLOWERS if not f.startswith("市")))


@lru_cache(maxsize=1)
def regions() -> Regions:
    return Regions(load("regions"), load("division_names"), load("place_abbreviations"))
