"""Organisation names: canonical form, kind, level, region and parent. Pure functions of a name.

The canonical form (see ``corpus/links/README.md`` for the conventions the linking gold follows):
simplified script without quotes; abbreviations expanded (``gazetteers/org_abbreviations.tsv``);
session markers dropped; a leading chain of divisions cut to the lowest one, in full
(上海市嘉定区总工会 -> 嘉定区总工会, its region carries the rest); a regional union written
``<place>工会`` becomes ``<place>总工会``. A name that starts with a bare level word (市总工会,
县委, 区总工会女职委) is *relative*: only the document can say which one it is
(:mod:`reportmine.link.context`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from reportmine.link.keys import NAME_CACHE, name_key
from reportmine.gazetteers import load
from reportmine.records import pickled_by_fields
from reportmine.link.regions import LEVEL_ENDINGS, Region, regions

LEVEL_WORDS = ("自治区", "自治州", "自治县", "街道", "省", "市", "县", "区", "州", "镇", "乡")
# a level character that starts an ordinary word, not a relative name (市场监督管理局 is not 市 + 场…)
NOT_RELATIVE = ("市场", "市民", "市政工程", "市容", "区域", "县域", "省内", "市内", "区内", "县内", "乡村", "乡镇",
                "镇村", "州际", "省外", "市外", "市级以上")
# one-character heads that end a parent's name safely (中铁七局晨光读书会 -> 中铁七局)
ONE_CHARACTER_PARENT_HEADS = frozenset("局厅厂")
DEICTIC = re.compile(r"^(?:我|本|全)(?=省|市|县|区|州|镇|乡)")
PARTY = "中共"  # the party's short name before a committee's place (中共昌黎县委 = 昌黎县委)
NATIONAL = re.compile(r"^(?:中华全国|全国|国家|中共中央|中央|国务院)")
# a township-level division after a county's name: the lowest division a name carries (the region
# table stops at counties); not 城乡, 村镇, 城镇 (words), nor a one-character stem
TOWNSHIP = re.compile(r"[\u4e00-\u9fff]{2,3}?(?:镇|乡|街道)(?!村|镇|区|县|市)")
NOT_TOWNSHIP = ("城乡", "村镇", "城镇", "乡村", "乡镇")
LEVEL_OF_REGION = {"province": "province", "prefecture": "city", "county": "county"}


@dataclass(frozen=True, slots=True)
class OrgName:
    """A name's canonical form before context: ``relative`` is the level word it needs resolving by."""

    name: str
    region: Region | None = None
    relative: str | None = None
    rest: str = ""

    @property
    def bare(self) -> bool:
        """Only a head word (女职工委员会, 工会): names no one body without a context."""
        return self.region is None and self.relative is None and is_bare(self.name)


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class OrgInfo:
    name: str
    kind: str | None
    level: str | None
    region: Region | None
    parent: tuple[str, Region | None] | None  # the parent's canonical name and region


@lru_cache(maxsize=1)
def _abbreviations() -> tuple[tuple[re.Pattern, str], ...]:
    return tuple((re.compile(r["pattern"]), r["full"]) for r in load("org_abbreviations"))


@lru_cache(maxsize=1)
def standard_names() -> frozenset[str]:
    """The full forms the abbreviations expand to (市场监督管理局, 卫生健康局): standard names of bodies."""
    return frozenset(full for _, full in _abbreviations() if len(full) > 2 and "\\" not in full)


@lru_cache(maxsize=1)
def abbreviation_stems() -> frozenset[str]:
    """The stems of public bodies' abbreviations without their head (人社 of 人社局, 卫健 of 卫健委):
    written alone, a department of some government."""
    plain = (r["pattern"] for r in load("org_abbreviations") if re.fullmatch(r"[\u4e00-\u9fff]{3}", r["pattern"]))
    return frozenset(p[:2] for p in plain if kind_of(p) in PLACE_BOUND_KINDS)


@lru_cache(maxsize=1)
def _kinds() -> tuple[tuple[str, str], ...]:
    rows = [(r["ending"], r["kind"]) for r in load("org_kinds")]
    return tuple(sorted(rows, key=lambda r: -len(r[0])))


@lru_cache(maxsize=1)
def _endings() -> tuple[str, ...]:
    ends = {e for e, _ in _kinds()} | set(load("org_suffixes").column("suffix"))
    return tuple(sorted(ends, key=len, reverse=True))


@lru_cache(maxsize=1)
def _ending_lengths() -> tuple[frozenset[str], tuple[int, ...]]:
    ends = frozenset(_endings())
    return ends, tuple(sorted({len(e) for e in ends}, reverse=True))


@lru_cache(maxsize=NAME_CACHE)
def expand(name: str) -> str:
    """Abbreviations written in full, session markers dropped (全总女职委 -> 中华全国总工会女职工委员会)."""
    for pattern, full in _abbreviations():
        name = pattern.sub(full, name)
    return name


@lru_cache(maxsize=NAME_CACHE)
def ending(name: str) -> str | None:
    """The longest head word the name ends with (总工会, 有限公司, 女职工委员会)."""
    ends, lengths = _ending_lengths()
    return next((name[-n:] for n in lengths if n <= len(name) and name[-n:] in ends), None)


# the extractor's coarse head kinds (gazetteers/org_suffixes.tsv), for heads org_kinds.tsv lacks
COARSE_KINDS = {"company": "enterprise", "unit": "unit", "institution": "institution", "mass_org": "association",
                "team": "team", "media": "media", "government": "government", "party": "party",
                "association": "association", "union": "union", "union_committee": "union_committee",
                "committee": "committee"}


@lru_cache(maxsize=1)
def _coarse() -> tuple[tuple[str, str], ...]:
    rows = [(r["suffix"], COARSE_KINDS.get(r["kind"], r["kind"])) for r in load("org_suffixes")]
    return tuple(sorted(rows, key=lambda r: -len(r[0])))


@lru_cache(maxsize=NAME_CACHE)
def kind_of(name: str) -> str | None:
    fine = next(((e, k) for e, k in _kinds() if name.endswith(e)), None)
    coarse = next(((e, k) for e, k in _coarse() if name.endswith(e)), None)
    if fine and coarse and len(coarse[0]) > len(fine[0]):
        return coarse[1]  # the longer head decides (装配组 is a unit, not a 组 of people)
    return (fine or coarse or (None, None))[1]


@lru_cache(maxsize=1)
def _known() -> dict[str, str]:
    return load("org_known").mapping("name", "full")


@lru_cache(maxsize=1)
def _national_unions() -> tuple[tuple[str, str], ...]:
    rows = load("national_unions").mapping("short", "full")
    for full in set(rows.values()):  # the full name written without 全国 (中华铁路总工会)
        if "全国" in full:
            rows.setdefault(full.replace("全国", ""), full)
    return tuple(sorted(rows.items(), key=lambda r: -len(r[0])))


@lru_cache(maxsize=NAME_CACHE)
def national_union(name: str) -> str:
    """A national industry union's short form, alone or before one of its committees or departments,
    written in full (铁路工会女职工委员会 -> 中华全国铁路总工会女职工委员会; gazetteers/national_unions.tsv)."""
    for short, full in _national_unions():
        if name.startswith(short) and (len(name) == len(short) or is_bare(name[len(short):])):
            return full + name[len(short):]
    return name


@lru_cache(maxsize=1)
def _vertical() -> dict[str, tuple[str, str]]:
    return {r["head"]: (r["prefix"], r["written"]) for r in load("vertical_bodies")}


def placed(place: str, rest: str) -> str:
    """A body's name at a division: the place, then the rest (嘉定区 + 总工会); for a body whose
    official name puts a national one first, that one first (国家税务总局 + 武义县 + 税务局, 共青团 +
    昌黎县 + 委 for 团委; gazetteers/vertical_bodies.tsv)."""
    prefix, written = _vertical().get(rest, ("", rest))
    return prefix + place + written


@lru_cache(maxsize=1)
def _single_bodies() -> frozenset[str]:
    """Names that are one body on their own (中华全国总工会, 国务院, 中国金融工会): never bare."""
    alone = {r["suffix"] for r in load("org_suffixes") if r["alone"] == "yes" and r["kind"] == "union"}
    return frozenset(alone | set(_known().values()) | {full for _, full in _national_unions()})


@lru_cache(maxsize=NAME_CACHE)
def is_bare(name: str) -> bool:
    if name in _single_bodies():
        return False
    return name in _endings() or name in {e for e, _ in _kinds()}


@lru_cache(maxsize=NAME_CACHE)
def several_places(name: str) -> bool:
    """京津工会, 京津冀总工会: provinces' one-character abbreviations, two or more, before a bare
    head word: the bodies of several places, not one (川渝…联盟, a joint body with its own name, is one)."""
    table = regions()
    k = 0
    while k < len(name) and name[k] in table.by_abbreviation:
        k += 1
    places = {table.by_abbreviation[c].code for c in name[:k]}
    return len(places) >= 2 and k == len(places) and is_bare(name[k:])


@lru_cache(maxsize=NAME_CACHE)
def named_by_function(name: str) -> bool:
    """专家评审委员会, 组织委员会: a committee named by what it does alone, without a place, a body or
    a proper name before its head: every event and body has one, so the name alone says none."""
    from reportmine.extractors.orgs import lexicon, names_someone
    from reportmine.text.segment import words

    head = ending(name)
    if kind_of(name) != "committee" or not head or len(name) <= len(head) or name in standard_names():
        return False
    lex = lexicon()
    return not any(names_someone(t.text, lex) for t in words(name[:-len(head)]))


PLACE_BOUND_KINDS = frozenset({"government", "party", "court"})
# associations that exist once per division (the people's organisations and the societies registered
# with each level's civil-affairs bureau, and the industry and area unions each level forms): named without
# a place, one of many (心理卫生协会, 妇联, 家政行业联合工会)
PLACE_BOUND_HEADS = ("协会", "学会", "妇联", "妇女联合会", "残联", "工商联", "科协", "文联", "侨联", "红十字会", "联合工会")
MAX_SHORT_PLACE = 4  # the longest short division name read inside a public body's name (呼和浩特)
MAX_HOSTED_LEN = 7  # 物资部, 自动化装配工段: a unit name without a body inside needs a host; longer ones carry their host (浙大二院感染管理科)
HOSTED_KINDS = frozenset({"unit"})
CODE_NUMBER = re.compile(r"\d{3,}")  # 5702工厂: a numbered works is a body of its own (一车间 is a part)


@lru_cache(maxsize=NAME_CACHE)
def needs_place(name: str, region: Region | None) -> bool:
    """A public body or a per-division association named without its place (卫健局, 双拥办,
    心理卫生协会; 县委 resolved elsewhere) is one of thousands; a national body (国务院) or one named
    under its parent is not."""
    return (region is None and (kind_of(name) in PLACE_BOUND_KINDS or name.endswith(PLACE_BOUND_HEADS)
                                or name in abbreviation_stems())
            and name not in _single_bodies()
            and not NATIONAL.match(name) and not name.startswith("中国") and _prefix_parent(name) is None
            and region_in(name) is None and not short_place_in(name) and not township_at_start(name))


@lru_cache(maxsize=NAME_CACHE)
def needs_host(name: str, region: Region | None) -> bool:
    """A department or workshop named alone (新制车间, 物资部) or a company named by its trade alone
    (实业公司) belongs to the body the document is about."""
    if region is None and generic_company(name):
        return True
    return (region is None and kind_of(name) in HOSTED_KINDS and len(name) <= MAX_HOSTED_LEN
            and not CODE_NUMBER.search(name) and _prefix_parent(name) is None)


GENERIC_COMPANY_HEADS = ("公司", "有限公司", "分公司")


@lru_cache(maxsize=1)
def _company_industries() -> frozenset[str]:
    return frozenset(load("company_industries").column("word"))


def generic_company(name: str) -> bool:
    """实业公司, 物业分公司: an industry word and a company head, no trade name (gazetteers/company_industries.tsv)."""
    head = next((h for h in sorted(GENERIC_COMPANY_HEADS, key=len, reverse=True) if name.endswith(h)), None)
    return head is not None and name[:-len(head)] in _company_industries()


def _short_city_after(province: Region, rest: str) -> Region | None:
    """The one city (prefecture) under a province written in full that what follows it starts
    with by its short name (克拉玛依 after 新疆维吾尔自治区): a name the region table could not
    read on, because no organisation word follows the short name."""
    table = regions()
    for n in range(min(MAX_SHORT_PLACE, len(rest) - 1), 1, -1):
        cities = [r for r in table.by_short.get(rest[:n], [])
                  if r.level == "prefecture" and table.is_under(r, province)]
        if len(cities) == 1:
            return cities[0]
    return None


def township_at_start(name: str) -> int:
    """Where the township-level division a name starts with ends (龙溪镇 of 龙溪镇人民政府), else 0."""
    township = TOWNSHIP.match(name)
    return township.end() if township and not any(w in township.group() for w in NOT_TOWNSHIP) else 0


def regional_union(rest: str) -> str:
    """What follows a division's name (or its level word): 工会 there is the division's federation,
    总工会 (温州市工会 -> 温州市总工会); a 工会联合会 is a body of its own."""
    if rest.startswith("工会") and not rest.startswith("工会联合会"):
        return "总" + rest
    return rest


@lru_cache(maxsize=NAME_CACHE)
def canonical_form(surface: str) -> OrgName:
    """The context-free canonical form of one surface name."""
    s = DEICTIC.sub("", name_key(surface))
    national = s.find("中华全国总工会")
    if national > 0:
        s = s[national:]  # a place before the national federation is a dateline, not part of the name
    s = _known().get(s, s)
    s = national_union(expand(s))
    for head, (agency, written) in _vertical().items():  # 国家税务总局浙江省武义县税务局: the place read after the agency
        if s.startswith(agency) and s.endswith(written) and len(s) > len(agency) + len(written):
            inner = canonical_form(s[len(agency):-len(written)] + head)
            if inner.region is not None and inner.rest == head:
                return inner
    if s.startswith(PARTY) and s not in _single_bodies():  # 中共昌黎县委: the party committee is 昌黎县委
        inner = canonical_form(s[len(PARTY):])
        if inner.region is not None or inner.relative is not None:
            return inner
    table = regions()
    chain, pos = table.prefix(s)
    city = (_short_city_after(chain[-1], s[pos:]) if len(chain) == 1 and chain[0].level == "province"
            and not _enterprise_chain(s) else None)  # a company's registered name keeps its places
    if city is not None:  # 新疆维吾尔自治区克拉玛依高新区…: the city, written short, is the lowest division
        return OrgName(s[pos:], city, None, s[pos + len(city.short):])
    if chain and pos < len(s):
        low, rest = chain[-1], regional_union(s[pos:])
        township = township_at_start(rest)
        if township and len(rest) > township + 1:  # 玉环市龙溪镇…工会 -> 龙溪镇…工会 (its region: 玉环市)
            return OrgName(rest, low, None, rest[township:])
        return OrgName(placed(low.name, rest), low, None, rest)
    level = next((w for w in LEVEL_WORDS if s.startswith(w)), None)
    if level and len(s) > len(level) and not s.startswith(NOT_RELATIVE):
        rest = s[len(level):]
        rest = rest[1:] if rest.startswith("级") else rest
        if level in LEVEL_ENDINGS:
            rest = regional_union(rest)  # 市工会: the city's federation, 市总工会
        if rest and re.match(r"[\u4e00-\u9fff]", rest):
            if is_bare(rest) and kind_of(rest) == "union_committee":
                rest = "总工会" + rest  # 市女职委: the committee of the city's union
            return OrgName(level + rest, None, level, rest)
    return OrgName(s)


@lru_cache(maxsize=NAME_CACHE)
def describe(name: str, region: Region | None) -> OrgInfo:
    """Kind, level, region and parent of a canonical (resolved) name."""
    parent = parent_of(name, region)
    kind = kind_of(name)
    if parent and kind in ("unit", "committee", "party") and kind_of(parent[0]) == "union":
        kind = "union_committee"
    return OrgInfo(name, kind, level_of(name, region, kind, parent), region, parent)


def level_of(name: str, region: Region | None, kind: str | None, parent) -> str | None:
    if kind == "enterprise" or (parent and _enterprise_chain(parent[0])):
        return "enterprise"
    if region is not None and name.startswith((region.name, *(p for p, _ in _vertical().values()))):
        return LEVEL_OF_REGION[region.level]
    if NATIONAL.match(name) or (name.startswith("中国") and kind == "union"):
        return "national"
    if region is not None:
        return LEVEL_OF_REGION[region.level]
    if re.search(r"(镇|乡|街道)", name[:-len(ending(name) or "")] or name):
        return "township"
    return None


def union_body(name: str) -> str | None:
    """The body a company union belongs to when the name before 工会 has no head word the tables know
    but starts with a company's name (北岭矿业集团东山煤矿 of 北岭矿业集团东山煤矿工会), else None."""
    body = name.removesuffix("工会")
    if body == name or ending(body) is not None or kind_of(body) is not None:
        return None
    up = _prefix_parent(body)
    return body if up is not None and _enterprise_chain(up) else None


def _enterprise_chain(name: str, depth: int = 0) -> bool:
    if kind_of(name) == "enterprise":
        return True
    up = _prefix_parent(name)
    return depth < 6 and up is not None and _enterprise_chain(up, depth + 1)


@lru_cache(maxsize=NAME_CACHE)
def region_in(name: str) -> Region | None:
    """A division written inside a name that does not start with one (中国电信浙江省工会 -> 浙江省)."""
    table = regions()
    for m in table.name_re.finditer(name):
        region = table.choose(table.by_name[m.group(0)])
        if region is not None:
            return region
    return None


@lru_cache(maxsize=NAME_CACHE)
def short_place_in(name: str) -> bool:
    """A division written inside a name by its short form, one division only (芜湖 in 芜湖城东邮政支局,
    贵州 in 南方电网贵州供电局): the body carries its place. Standard names and the head are read
    first, so 资源 in 人力资源和社会保障局 is no place; a county's short name counts only where the
    dictionary knows it as a place name (振兴, 资源 are words first)."""
    from reportmine.extractors.orgs import lexicon

    table, pos = regions(), lexicon().pos
    for full in standard_names():
        name = name.replace(full, "")
    stem = name[:len(name) - len(ending(name) or "")]
    for n in range(MAX_SHORT_PLACE, 1, -1):
        for k in range(len(stem) - n + 1):
            cands = table.by_short.get(stem[k:k + n])
            if cands and len(cands) == 1 and (cands[0].level != "county" or pos.get(stem[k:k + n]) == "ns"):
                return True
    return False


@lru_cache(maxsize=NAME_CACHE)
def parent_of(name: str, region: Region | None) -> tuple[str, Region | None] | None:
    """The body a name says it belongs to: the organisation its name starts with (秦皇岛市总工会女职工委员会
    -> 秦皇岛市总工会, 中国联通有限公司湖州分公司 -> 中国联通有限公司), else for a regional union the union of
    the division above (昌黎县总工会 -> 秦皇岛市总工会 -> 河北省总工会 -> 中华全国总工会)."""
    up = _prefix_parent(name)
    if up is not None:
        return up, _region_of_prefix(up, region)
    if kind_of(name) != "union" or name == "中华全国总工会":
        return None
    if region is not None and name.startswith(region.name):
        if name != region.name + "总工会":
            return region.name + "总工会", region  # an industry union of the division: its federation
        above = regions().parent(region)
        return (above.name + "总工会", above) if above else ("中华全国总工会", None)
    if name.startswith(("中国", "中华全国", "全国")):
        return "中华全国总工会", None
    return None


def _region_of_prefix(prefix: str, region: Region | None) -> Region | None:
    if region is not None and prefix.startswith(region.name):
        return region
    chain, _ = regions().prefix(prefix)
    return chain[-1] if chain else None


@lru_cache(maxsize=NAME_CACHE)
def _prefix_parent(name: str) -> str | None:
    """The longest proper prefix that is itself an organisation's name (ends in a head word, has more
    than the head, is not only a place)."""
    from reportmine.extractors.orgs import plausible_name

    end = ending(name)
    limit = len(name) - len(end or "")
    table = regions()
    for k in range(limit, 2, -1):
        p = name[:k]
        e = ending(p)
        if not e or len(p) <= len(e) + 1 or is_bare(p):
            continue
        chain, pos = table.prefix(p)
        if chain and pos >= len(p):
            continue
        if chain and len(p) - pos < 2:  # a place and a one-character head (廊坊市局) is too thin
            continue
        if len(e) == 1 and e not in ONE_CHARACTER_PARENT_HEADS:  # 科, 部, 网 end too many words
            continue
        if plausible_name(p):
            return p
    return None
