"""What a document tells about itself: the places it names, its reporting union, its year.

Relative names (市总工会, 省总, 县委, 区总工会女职委) resolve against this context, in order:

1. the document's own specific name of that kind (廊坊市总工会 written elsewhere in the text for
   市总工会) when there is exactly one; when there are several, the home division's if it is one of them;
2. else the document's home division at that level: the division of that level named most in the
   title, the source line (each weighs as three) and the text, clearly ahead of any other (twice the
   next); a province may be inferred from the cities and counties named under it, a city from its
   counties;
3. else nothing: the mention stays unresolved, with the reason.

In a document about several places (a round-up), when no division of that level stands out, the
one last named before the mention in its paragraph is taken.

A bare committee (女职委, 女职工部) belongs to the document's reporting union: the union in its
source line or title, else the union it names most (at least twice, and twice any other). A
department or workshop named alone (物资部, 新制车间) belongs to the body the document names most
in the same way; a public body without a place (卫健局, 双拥办) stays unresolved.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from reportmine.gazetteers import load
from reportmine.link.orgs import OrgName, canonical_form, ending, kind_of, needs_host, needs_place
from reportmine.link.regions import LEVEL_ENDINGS, Region, regions

TITLE_WEIGHT = 3
SELF_REFERENCE = ("本报", "本网", "本台", "本刊", "本站")
YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)\s*年(?!代)")  # 2023年, not 90年代


@dataclass(frozen=True, slots=True)
class Resolution:
    name: str | None
    region: Region | None
    how: str  # "as written", "document's 廊坊市总工会", "home city 廊坊市", or why unresolved


@dataclass
class DocContext:
    places: Counter = field(default_factory=Counter)      # region code -> weight
    specific: list[OrgName] = field(default_factory=list)  # context-free specific ORG names in the text
    reporting: OrgName | None = None
    year: int | None = None
    host: OrgName | None = None          # the body the document is mostly about, for its departments
    text: str = ""

    # ------------------------------------------------------------------ divisions
    def home(self, level_word: str) -> tuple[Region | None, str]:
        table = regions()
        fits = _fits(level_word)
        direct = Counter({c: w for c, w in self.places.items() if fits(table.by_code[c])})
        if not direct:  # infer upwards: a province from its cities and counties, a city from its counties
            for code, w in self.places.items():
                for up in table.chain(table.by_code[code])[1:]:
                    if fits(up):
                        direct[up.code] += w
        if not direct:
            return None, f"the document names no {level_word}"
        (top, wt), *rest = direct.most_common(2) + [(None, 0)]
        second = rest[0][1]
        if second and wt < 2 * second:
            names = "、".join(table.by_code[c].name for c, _ in direct.most_common(3))
            return None, f"the document names several: {names}"
        return table.by_code[top], f"home {level_word}: {table.by_code[top].name}"

    # ------------------------------------------------------------------ names
    def resolve(self, name: OrgName, at: int | None = None) -> Resolution:
        """The organisation ``name`` stands for in this document (``at``: where it is written)."""
        if name.name.startswith(SELF_REFERENCE):
            return Resolution(None, None, "the publisher referring to itself (本报, 本网)")
        if name.relative is None and not name.bare:
            if needs_host(name.name, name.region):
                if self.host is not None:
                    return Resolution(self.host.name + name.name, self.host.region, f"a part of {self.host.name}")
                return Resolution(None, None, "a department of a body the document does not name")
            if needs_place(name.name, name.region):
                return Resolution(None, None, "a public body or association named without its place")
        if name.relative is None:
            if name.bare and kind_of(name.name) == "union_committee":
                if self.reporting is not None:
                    return Resolution(self.reporting.name + name.name, self.reporting.region,
                                      f"committee of the reporting union {self.reporting.name}")
                return Resolution(None, None, "a committee of a union the document does not identify")
            if name.bare:
                return Resolution(None, None, "a bare head word names no one body")
            full = self.written_in_full(name)
            if full is not None:
                return Resolution(full.name, full.region, f"short for the document's {full.name}")
            return Resolution(name.name, name.region, "as written")
        level, rest = name.relative, name.rest
        own = {(o.name, o.region.code if o.region else None): o for o in self.specific
               if o.name.endswith(level + rest) and len(o.name) > len(level + rest)
               and (o.region is not None or level in ("镇", "乡", "街道"))
               and (o.region is None or o.name == o.region.name + rest)}
        home, why = self.home(level) if level in LEVEL_ENDINGS else (None, f"no division list for {level}")
        if len(own) == 1:
            o = next(iter(own.values()))
            return Resolution(o.name, o.region, f"the document's {o.name}")
        for o in own.values():
            if home is not None and o.region == home:
                return Resolution(o.name, o.region, f"the document's {o.name}, in its home {level}")
        if home is not None and not own:
            return Resolution(home.name + rest, home, why)
        local = self.nearest(level, at) if level in LEVEL_ENDINGS and at is not None else None
        if local is not None:
            return Resolution(local[0].name + rest, local[0], local[1])
        if own:
            why = "the document names several: " + "、".join(o.name for o in own.values())
        return Resolution(None, None, why)

    def written_in_full(self, name: OrgName) -> OrgName | None:
        """A company (or its union) written short that the document names in full elsewhere: 华夏公司
        for 中粮华夏长城葡萄酿酒有限公司, 齐车集团工会 for the union of 中车齐车集团(石家庄公司). The short
        name is a stem and a company or union head; the full name is the only company the document
        names whose name holds the stem, cut after the first company head that follows it."""
        head = ending(name.name)
        if name.region is not None or head not in SHORT_HEADS or len(name.name) > MAX_SHORT_NAME:
            return None
        stem = name.name[:-len(head)]
        if len(stem) < 2:
            return None
        found = {}
        for o in self.specific:
            at = o.name.find(stem)
            if at < 0 or o.name == name.name or o.name.startswith(name.name):
                continue
            company = next((o.name[:k] for k in range(at + len(stem), len(o.name) + 1)
                            if kind_of(o.name[:k]) == "enterprise" and ending(o.name[:k]) in COMPANY_HEADS), None)
            if company is None:
                continue
            if head in COMPANY_HEADS and company != o.name:
                company = o.name if kind_of(o.name) == "enterprise" else company
            full = company if head in COMPANY_HEADS else company + head
            found[full] = OrgName(full, o.region)
        return next(iter(found.values())) if len(found) == 1 else None

    def nearest(self, level_word: str, at: int) -> tuple[Region, str] | None:
        """In a document about several places, the place of that level last named before ``at`` in
        the same paragraph (a round-up's section on one province)."""
        table = regions()
        start = self.text.rfind("\n", 0, at) + 1
        fits = _fits(level_word)
        found = None
        for code, _ in sorted(_places_at(self.text, start, at, self.nearby()), key=lambda p: p[1]):
            for r in table.chain(table.by_code[code]):
                if fits(r):
                    found = r
                    break
        return (found, f"the {level_word} named before it: {found.name}") if found else None

    def nearby(self) -> list[Region]:
        table = regions()
        return [table.by_code[c] for c, _ in self.places.most_common(5)]


def _places_at(text: str, start: int, end: int, near: list[Region]) -> list[tuple[str, int]]:
    table = regions()
    out = []
    for at, _, name in table.names.finditer(text, start, end):
        region = table.choose(table.by_name[name], near)
        if region is not None:
            out.append((region.code, at))
    return out


def _fits(level_word: str):
    endings = LEVEL_ENDINGS[level_word]
    if level_word == "省":  # a municipality is not a 省
        return lambda r: r.level == "province" and r.name.endswith(("省", "自治区"))
    if level_word == "区":
        return lambda r: r.level == "county" and r.name.endswith("区")
    return lambda r: r.name.endswith(endings)


UNION_IN = re.compile(r"[\u4e00-\u9fff]{2,14}?(?:总工会|工会)")


def build(text: str, org_surfaces: list[str], title: str | None = None, source_name: str | None = None,
          date: str | None = None) -> DocContext:
    """The context of one document from its text, its ORG mentions and its metadata. Pure."""
    table = regions()
    places = table.places(text)
    for extra in (title, source_name):
        if extra:
            for code, n in table.places(extra).items():
                places[code] += TITLE_WEIGHT * n
    for code in media_homes(title, source_name, text[:MASTHEAD_CHARS]):  # 扬州日报讯, 来源:大众日报
        places[code] += TITLE_WEIGHT
    names = [canonical_form(s) for s in org_surfaces]
    for n in names:  # places written by their short name inside names (廊坊总工会) count once
        if n.region is not None and n.region.code not in places:
            places[n.region.code] += 1
    specific = [n for n in names if n.relative is None and not n.bare]
    ctx = DocContext(places, specific, None, _year(date, title, text), None, text)
    ctx.reporting = _reporting(ctx, [title or "", source_name or ""], specific)
    ctx.host = _dominant([n for n in specific if kind_of(n.name) in HOST_KINDS
                          and not needs_place(n.name, n.region) and not needs_host(n.name, n.region)])
    return ctx


# heads of a short name that may stand for a company the document writes in full, and a company's heads
COMPANY_HEADS = frozenset({"公司", "有限公司", "有限责任公司", "股份有限公司", "集团", "集团公司", "集团有限公司"})
SHORT_HEADS = COMPANY_HEADS | {"工会"}
MAX_SHORT_NAME = 8
MASTHEAD_CHARS = 200
MEDIA = re.compile(r"[\u4e00-\u9fff]{2,10}?(?:工人日报|工人报|日报|晚报|晨报|都市报|新闻网|信息网|在线|融媒体中心|"
                   r"广播电视台|电视台|网)")
MASTHEAD = re.compile(r"(?:^|[\s|])([\u4e00-\u9fff]{2,12})讯")  # 株洲日报讯(记者 …), 中工网讯


def media_homes(title: str | None, source_name: str | None, head: str) -> set[str]:
    """The divisions of the media a document names as its publisher: its source line, its title,
    a masthead (扬州日报讯) at its head. A medium is at home where its table row says
    (``gazetteers/media_homes.tsv``: 大众日报 -> 山东省) or in the division its name starts with (扬州日报,
    宁夏新闻网); a name several divisions share is not read."""
    table, known = regions(), _media_table()
    lines = [x for x in (source_name, title) if x] + [m.group(1) for m in MASTHEAD.finditer(head)]
    out = set()
    for line in lines:
        for name, code in known.items():
            if name in line:
                out.add(code)
        for m in MEDIA.finditer(line):
            chain, pos = table.prefix(m.group(0))
            if not chain:
                for n in range(min(4, len(m.group(0)) - 1), 1, -1):
                    region = _highest(table, table.by_short.get(m.group(0)[:n], []))
                    if region is not None:
                        chain = [region]
                        break
            if chain:
                out.add(chain[-1].code)
    return out


def _highest(table, cands: list[Region]) -> Region | None:
    """The one of several same-named divisions the others lie under (株洲: 株洲市, not its 株洲县)."""
    top = [c for c in cands if all(o is c or table.is_under(o, c) for o in cands)]
    return top[0] if len(top) == 1 else None


@lru_cache(maxsize=1)
def _media_table() -> dict[str, str]:
    return load("media_homes").mapping("name", "code")


HOST_KINDS = frozenset({"enterprise", "unit", "institution", "hospital", "school", "government"})


def _dominant(names: list[OrgName]) -> OrgName | None:
    """The name written most, at least twice and twice as often as any other."""
    counts = Counter(n.name for n in names)
    if not counts:
        return None
    (top, k), *rest = counts.most_common(2) + [("", 0)]
    if k >= 2 and k >= 2 * rest[0][1]:
        return next(n for n in names if n.name == top)
    return None


def _reporting(ctx: DocContext, lines: list[str], specific: list[OrgName]) -> OrgName | None:
    for line in reversed(lines):  # the source line first, then the title
        for m in UNION_IN.finditer(line):
            name = canonical_form(m.group(0))
            resolved = ctx.resolve(name)
            if resolved.name and kind_of(resolved.name) == "union":
                return OrgName(resolved.name, resolved.region)
    return _dominant([n for n in specific if kind_of(n.name) == "union"])


def _year(date: str | None, title: str | None, text: str) -> int | None:
    if date and re.match(r"(19|20)\d\d", date):
        return int(date[:4])
    for s in (title or "", text[:300]):
        m = YEAR.search(s)
        if m:
            return int(m.group(1))
    return None


__all__ = ["DocContext", "Resolution", "build"]
