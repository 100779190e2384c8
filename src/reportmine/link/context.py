"""What a document tells about itself: the places it names, its home divisions, the specific names
it writes, the body it is about, its year. Facts and questions about one document, no decisions:
:mod:`reportmine.link.resolve` asks these to resolve a name.

- **Places**: the divisions named in the text (in full, or by their short name before an
  organisation word: 大连工会), the title and the source line (these weigh as three), by a medium
  publishing it (扬州日报讯, 来源:大众日报), and inside organisation names.
- **Home division at a level** (:meth:`DocContext.home`): the division of that level named most,
  clearly ahead of any other (twice the next); a province may be inferred from the cities and
  counties named under it, a city from its counties.
- **The division named before a place in the text** (:meth:`DocContext.nearest`): in a document
  about several places (a round-up), the one of that level last named in the paragraph.
- **Specific names**: the context-free names the document writes (廊坊市总工会, not 市总工会).
- **Host**: the body the document names most (a company, unit, school, hospital, government body),
  at least twice and twice any other, else the one its first organisation is or belongs to: the
  owner of departments named alone (物资部, 新制车间).
- **Publishers**: the media it says it comes from (source line, masthead, an attribution at its end):
  who 本报 and 本网 are.
- **Reporting union**: set by :func:`reportmine.link.resolve.document` (it is a name resolved).
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from reportmine.gazetteers import load
from reportmine.link.orgs import (OrgName, canonical_form, describe, kind_of, needs_host, needs_place, parent_of,
                                  union_body)
from reportmine.link.regions import LEVEL_ENDINGS, Region, regions
from reportmine.text.script import to_simplified

TITLE_WEIGHT = 3
SEVERAL = "the document names several: "
YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)\s*年(?!代)")  # 2023年, not 90年代


@dataclass
class DocContext:
    places: Counter = field(default_factory=Counter)      # region code -> weight
    specific: list[OrgName] = field(default_factory=list)  # context-free specific ORG names in the text
    reporting: OrgName | None = None
    year: int | None = None
    host: OrgName | None = None          # the body the document is mostly about, for its departments
    text: str = ""
    names: list[OrgName] = field(default_factory=list)     # every ORG name's context-free form, as written
    other_names: dict[str, Region] = field(default_factory=dict)  # code -> the division under another name (密云县)
    publishers: tuple[str, ...] = ()   # the media the document says it is from (来源:扬州日报, (工人日报), 转自…网)
    # what was worked out once for the document (home per level word, names decided without their
    # place: :func:`reportmine.link.resolve.decide`); every field above is fixed once built
    memo: dict = field(default_factory=dict, repr=False, compare=False)

    # ------------------------------------------------------------------ divisions
    def home(self, level_word: str) -> tuple[Region | None, str]:
        """The division of that level the document is about, or None and why (asked once per level)."""
        key = ("home", level_word)
        if key not in self.memo:
            self.memo[key] = self._home(level_word)
        return self.memo[key]

    def _home(self, level_word: str) -> tuple[Region | None, str]:
        table = regions()
        fits = _fits(level_word)
        written = lambda code: self.other_names.get(code, table.by_code[code])  # noqa: E731
        direct = Counter({c: w for c, w in self.places.items() if fits(table.by_code[c]) or fits(written(c))})
        if not direct:  # infer upwards: a province from its cities and counties, a city from its counties
            for code, w in self.places.items():
                for up in table.chain(table.by_code[code])[1:]:
                    if fits(up):
                        direct[up.code] += w
        if not direct and level_word == "区":  # in an autonomous region's report, 区 is the region (区政府)
            region, _ = self.home("自治区")
            if region is not None:
                return region, f"home 区: the autonomous region {region.name}"
        if not direct:
            return None, f"the document names no {level_word}"
        top, wt, second = _clear_top(table, direct)
        if second and wt < 2 * second:
            names = "、".join(table.by_code[c].name for c, _ in ranked(direct, 3))
            return None, f"{SEVERAL}{names}"
        if level_word != "省":
            province, why = self.home("省")
            if province is None and why.startswith(SEVERAL):  # a round-up of provinces has no home city
                return None, f"no home {level_word} in a document about several provinces ({why[len(SEVERAL):]})"
        home = table.by_code[top] if fits(table.by_code[top]) else written(top)  # 密云县 for 县, now 密云区
        return home, f"home {level_word}: {home.name}"

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
        return [table.by_code[c] for c, _ in ranked(self.places, 5)]


def ranked(counts: Counter, n: int) -> list[tuple[str, int]]:
    """The ``n`` most counted division codes, ties in code order: the same in every process, whatever
    order the counts were gathered in (``Counter.most_common`` keeps insertion order among ties)."""
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:n]


def _places_at(text: str, start: int, end: int, near: list[Region]) -> list[tuple[str, int]]:
    table = regions()
    out = []
    for at, _, name in table.names.finditer(text, start, end):
        region = table.choose(table.by_name[name], near)
        if region is not None:
            out.append((region.code, at))
    return out


def _clear_top(table, direct: Counter) -> tuple[str, int, int]:
    """The division named most, its weight and its strongest rival's. A division named under another
    (高密市 in 潍坊市) counts for that one too and is no rival of it; it is the top itself only when
    named twice as often as the one above it."""
    total = Counter(direct)
    for code in direct:
        for up in table.chain(table.by_code[code])[1:]:
            if up.code in direct:
                total[up.code] += direct[code]
    top = ranked(total, 1)[0][0]
    under = [c for c in direct if table.is_under(table.by_code[c], table.by_code[top]) and direct[c] >= 2 * direct[top]]
    if under:
        top = max(under, key=lambda c: direct[c])
    related = lambda c: c == top or table.is_under(table.by_code[c], table.by_code[top]) or \
        table.is_under(table.by_code[top], table.by_code[c])  # noqa: E731
    rival = max((w for c, w in total.items() if not related(c)), default=0)
    return top, total[top], rival


def _fits(level_word: str):
    endings = LEVEL_ENDINGS[level_word]
    if level_word == "省":  # a municipality is not a 省
        return lambda r: r.level == "province" and r.name.endswith(("省", "自治区"))
    if level_word == "区":
        return lambda r: r.level == "county" and r.name.endswith("区")
    return lambda r: r.name.endswith(endings)


def build(text: str, org_surfaces: list[str], title: str | None = None, source_name: str | None = None,
          date: str | None = None, lead: str | None = None) -> DocContext:
    """The context of one document from its text, its ORG mentions (``lead``: the first one written)
    and its metadata, without its reporting union (:func:`reportmine.link.resolve.document` adds it). Pure."""
    table = regions()
    other_names: dict[str, Region] = {}
    places = table.places(text, other_names=other_names)
    for extra in (title, source_name):
        if extra:
            for code, n in table.places(extra, other_names=other_names).items():
                places[code] += TITLE_WEIGHT * n
    for code, n in table.short_places(to_simplified(text), [table.by_code[c] for c in places]).items():
        places[code] += n  # 大连工会: a short name before an organisation word
    for code in media_homes(title, source_name, text[:MASTHEAD_CHARS]):  # 扬州日报讯, 来源:大众日报
        places[code] += TITLE_WEIGHT
    names = [canonical_form(s) for s in org_surfaces]
    for n in names:  # places written by their short name inside names (廊坊总工会) count once
        if n.region is not None and n.region.code not in places:
            places[n.region.code] += 1
        if n.region is not None:
            table.note_other_name(n.region, other_names)
    specific = [n for n in names if n.relative is None and not n.bare]
    for code in sorted({_registered_in(n.name) for n in specific if n.region is None} - {None}):
        places[code] += 1  # 西藏雪域建材股份有限公司: a company is registered where its name says
    host = dominant([n for n in specific if _can_host(n)]) or (_lead_host(canonical_form(lead)) if lead else None)
    return DocContext(places, specific, None, _year(date, title, text), host, text, names, other_names,
                      publishers(source_name, text))


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


PUBLISHER = re.compile(r"(?:转自|来源[:：]|稿源[:：]|^[（(])\s*([\u4e00-\u9fff]{2,12}?(?:日报|晚报|晨报|报|网|电视台|杂志))"
                       r"(?=$|[\s)）\"”|,，。])", re.M)
TAIL_CHARS = 300


def publishers(source_name: str | None, text: str) -> tuple[str, ...]:
    """The media a document says it comes from: its source line, a masthead (扬州日报讯) and, at
    its end, an attribution ((工人日报), 本文转自某某纺织网), in simplified script."""
    found = []
    if source_name:
        found += [m.group(0) for m in MEDIA.finditer(to_simplified(source_name))]
    found += [m.group(1) for m in MASTHEAD.finditer(to_simplified(text[:MASTHEAD_CHARS])) if MEDIA.fullmatch(m.group(1))]
    found += [m.group(1) for m in PUBLISHER.finditer(to_simplified(text[-TAIL_CHARS:]))]
    return tuple(dict.fromkeys(found))


def _highest(table, cands: list[Region]) -> Region | None:
    """The one of several same-named divisions the others lie under (株洲: 株洲市, not its 株洲县)."""
    top = [c for c in cands if all(o is c or table.is_under(o, c) for o in cands)]
    return top[0] if len(top) == 1 else None


@lru_cache(maxsize=1)
def _media_table() -> dict[str, str]:
    return load("media_homes").mapping("name", "code")


HOST_KINDS = frozenset({"enterprise", "unit", "institution", "hospital", "school", "government"})


def _can_host(name: OrgName) -> bool:
    return (kind_of(name.name) in HOST_KINDS and not needs_place(name.name, name.region)
            and not needs_host(name.name, name.region))


def _lead_host(lead: OrgName) -> OrgName | None:
    """The body the document's first organisation is or belongs to, when it can own departments
    (北岭机械有限公司 for a lead 北岭机械有限公司工会女职工委员会开展…; a company's mine or works its union
    names, :func:`reportmine.link.orgs.union_body`)."""
    ref = (lead.name, lead.region) if lead.relative is None and not lead.bare else None
    for _ in range(MAX_CHAIN):
        if ref is None:
            return None
        if _can_host(OrgName(*ref)):
            return OrgName(*ref)
        body = union_body(ref[0])
        if body is not None:  # 北岭矿业集团东山煤矿工会: the mine, not the group its name starts with
            return OrgName(body, ref[1])
        ref = parent_of(*ref)
    return None


MAX_CHAIN = 8


def _registered_in(name: str) -> str | None:
    """The province a company's name starts with by its short name (西藏, 内蒙古): where it is registered."""
    if describe(name, None).level != "enterprise":  # a company, or a part of one
        return None
    table = regions()
    for n in range(min(3, len(name) - 1), 1, -1):
        provinces = [r for r in table.by_short.get(name[:n], []) if r.level == "province"]
        if len(provinces) == 1:
            return provinces[0].code
    return None


def dominant(names: list[OrgName]) -> OrgName | None:
    """The name written most, at least twice and twice as often as any other."""
    counts = Counter(n.name for n in names)
    if not counts:
        return None
    (top, k), *rest = counts.most_common(2) + [("", 0)]
    if k >= 2 and k >= 2 * rest[0][1]:
        return next(n for n in names if n.name == top)
    return None


def _year(date: str | None, title: str | None, text: str) -> int | None:
    if date and re.match(r"(19|20)\d\d", date):
        return int(date[:4])
    for s in (title or "", text[:300]):
        m = YEAR.search(s)
        if m:
            return int(m.group(1))
    return None


__all__ = ["DocContext", "build", "dominant", "media_homes"]
