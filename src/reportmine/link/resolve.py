"""Resolving one organisation name in one document: every step, in the order it is tried.

:func:`resolve` is the one place a name's identity is decided. It takes the name as written and
what the document tells about itself (:mod:`reportmine.link.context`: the places it names, its
home division at each level, the specific names it writes, its reporting union and the body it
is about) and gives the organisation the name stands for, or ``None`` with the reason; the
``how`` of the result is what ``mentions.link`` stores.

0. The name without context (:func:`reportmine.link.orgs.canonical_form`): simplified, abbreviations
   expanded, the divisions it starts with read from the region table and cut to the lowest, a
   national body put first where the official name has it (国家税务总局武义县税务局); a name that
   starts with a bare level word (市总工会, 县委, 自治区总工会) is *relative*.

Then the first of these steps that applies decides:

1. the publisher referring to itself (本报, 本网): the one medium of that kind the document says it
   comes from (来源:…, (工人日报), 本文转自…网), else unresolved;
2. a relative name: unresolved when it names two levels (省市委); the document's own specific
   name of that kind (廊坊市总工会 written elsewhere
   for 市总工会) when there is one, or the one in its home division (unresolved when the one written
   is a county-level city's under the home city: 长葛市妇联 in a 许昌 report); else the home division at that
   level (a company by the short place name the document writes it with: 省交通集团 -> 浙江交通集团); else, in a document about several places, the division of that level named last before
   it in its paragraph; else unresolved, with the reason;
3. a bare committee (女职委): the reporting union's;
4. any other bare head word (工会, 女职工委员会), one after several provinces' abbreviations
   (京津工会), or a committee named by its function alone (专家评审委员会): unresolved;
5. the document's own body named by its head word (局工会, 我局): the body the document is about, if
   it has that head; else unresolved;
6. a department or workshop named alone (物资部): a part of the one whole the document names
   (东山段 of its 总段), else of the body the document is about;
7. a public body or per-division association named without its place (卫健局, 人社, 心理卫生协会):
   unresolved, unless a list's first item gives the level of all its items (县教体局、卫健局);
8. a company or its union written short (华夏公司): the one company the document names in full
   that holds its stem;
9. else the name as written.

``mentions.link`` says it in the same order: what step 0 read the name as (when it changed it),
the step that decided, its evidence: ``read as 县团委; relative name: home 县: 昌黎县``.

The document's reporting union is itself a name resolved this way (:func:`document`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from reportmine.link.context import SEVERAL, DocContext, build, dominant
from reportmine.link.keys import name_key
from reportmine.link.orgs import (OrgName, canonical_form, ending, is_bare, kind_of, named_by_function, needs_host,
                                  needs_place, parent_of, placed, several_places, standard_names)
from reportmine.link.regions import LEVEL_ENDINGS, Region, regions

SELF_REFERENCE = {"本报": "报", "本网": "网", "本台": "台", "本刊": "刊", "本站": "网"}  # and what its medium ends with
# heads of a short name that may stand for a company the document writes in full, and a company's heads
COMPANY_HEADS = frozenset({"公司", "有限公司", "有限责任公司", "股份有限公司", "集团", "集团公司", "集团有限公司"})
SHORT_HEADS = COMPANY_HEADS | {"工会"}
# the legal form that may follow a company head and belongs to the company's name (…集团有限公司)
LEGAL_FORMS = ("股份有限公司", "有限责任公司", "有限公司")
# the endings of a company's short name that has no company head: its trade name and 股份 (雪域股份,
# short for 雪域建材股份有限公司), or its trade name and trade alone (顺达快递: "" here)
TRADE_HEADS = ("股份", "")
MAX_SHORT_NAME = 8
TRADE_NAME = 2  # a company's trade name (字号), the part a short name keeps whole
LIST_SEPARATOR = "、"
CLAUSE_END = re.compile(r"[，,。；;：:！？!?\n（(]")
MAX_LIST_CHARS = 80
UNION_IN = re.compile(r"[\u4e00-\u9fff]{1,14}?(?:总工会|工会)")
OWN = re.compile(r"^(?:我|本|该)")
MAX_OWN_HEAD = 3
OWNER_KINDS = frozenset({"enterprise", "government", "unit", "institution", "school", "hospital"})


@dataclass(frozen=True, slots=True)
class Resolution:
    name: str | None
    region: Region | None
    how: str  # "as written", "the document's 廊坊市总工会", "home 市: 廊坊市", or why unresolved


def document(text: str, org_surfaces: list[str], title: str | None = None, source_name: str | None = None,
             date: str | None = None, lead: str | None = None) -> DocContext:
    """The context names are resolved against (:func:`reportmine.link.context.build`), with its
    reporting union: the union its source line or title names (resolved), else the union it names
    most (at least twice, and twice any other), counting every name by what it resolves to (市总工会
    for the document's 厦门市总工会) and a committee for its union."""
    doc = build(text, org_surfaces, title=title, source_name=source_name, date=date, lead=lead)
    doc.reporting = _reporting(doc, [title or "", source_name or ""])
    return doc


def resolve(surface: str, doc: DocContext, at: int | None = None) -> Resolution:
    """The organisation ``surface`` stands for in ``doc`` (``at``: where it is written)."""
    name = canonical_form(surface)
    found = decide(name, doc, at)
    if name.name != name_key(surface):  # step 0 changed the name: say so first
        return Resolution(found.name, found.region, f"read as {name.name}; {found.how}")
    return found


def decide(name: OrgName, doc: DocContext, at: int | None = None) -> Resolution:
    """The first step that decides what a name in its context-free form stands for; its ``how``
    names the step, then its evidence (relative name: home 市: 廊坊市).

    A decision by a step that reads neither where the name is written nor the reporting union (set
    after the names are counted for it) is the same for every occurrence: it is kept in the
    document's ``memo`` and not worked out again."""
    key = ("decided", name)
    if key in doc.memo:
        return doc.memo[key]
    for step in STEPS:
        found = step(name, doc, at)
        if found is not None:
            label = STEP_LABELS[step.__name__]
            how = found.how if not label else f"{label}: {found.how}"
            decided = Resolution(found.name, found.region, how)
            if step not in READS_PLACE_OR_REPORTING:
                doc.memo[key] = decided
            return decided
    raise AssertionError("the last step always decides")


# ---------------------------------------------------------------------- the steps, in order
def publisher_itself(name: OrgName, doc: DocContext, at: int | None) -> Resolution | None:
    """1. 本报, 本网: the one medium of that kind the document says it comes from."""
    if not name.name.startswith(tuple(SELF_REFERENCE)):
        return None
    kind = SELF_REFERENCE[name.name[:2]]
    media = [p for p in doc.publishers if p.endswith(kind)]
    if len(media) == 1 and name.name[:2] == name.name:
        return Resolution(media[0], None, f"the publisher referring to itself: {media[0]}")
    return Resolution(None, None, "the publisher referring to itself (本报, 本网), not named")


def relative_name(name: OrgName, doc: DocContext, at: int | None) -> Resolution | None:
    """2. 市总工会, 县委: the document's own name of that kind, else the division it is in."""
    if name.relative is None:
        return None
    level, rest = name.relative, name.rest
    if canonical_form(rest).relative is not None:  # 省市委: the committees of two levels, not one
        return Resolution(None, None, f"bodies of several levels ({level}, {canonical_form(rest).relative})")
    own = _own_names(doc, level, rest)
    home, why = doc.home(level) if level in LEVEL_ENDINGS else (None, f"no division list for {level}")
    if len(own) == 1 and not _under_home(own[0], home):
        o = own[0]
        return Resolution(o.name, o.region, f"the document's {o.name}")
    for o in own:
        if home is not None and o.region == home:
            return Resolution(o.name, o.region, f"the document's {o.name}, in its home {level}")
    if home is not None and not own:
        short = _company_by_short_place(doc, home, rest)
        if short is not None:
            return Resolution(short, home, f"{why}; the company as the document writes it")
        return Resolution(placed(home.name, rest), home, why)
    if home is not None and len(own) == 1:  # 长葛市妇联 written, 许昌市 the home: 市妇联 may be either
        return Resolution(None, None, f"{SEVERAL}{own[0].name}、{placed(home.name, rest)}")
    local = doc.nearest(level, at) if level in LEVEL_ENDINGS and at is not None else None
    if local is not None:
        return Resolution(placed(local[0].name, rest), local[0], local[1])
    if own:
        why = SEVERAL + "、".join(o.name for o in own)
    return Resolution(None, None, why)


def _company_by_short_place(doc: DocContext, home: Region, rest: str) -> str | None:
    """省交通集团 (and its committees) in a document that writes the company with its province's short
    name (浙江交通集团 in 浙江交通集团某某公司): that form, as companies are named by the short place name
    (read in the text, whatever the extractors made of the name that holds it)."""
    company = next((rest[:k] for k in range(2, len(rest) + 1)
                    if ending(rest[:k]) in COMPANY_HEADS and kind_of(rest[:k]) == "enterprise"), None)
    if company is None or len(company) <= len(ending(company) or ""):
        return None
    written = home.short + company
    return home.short + rest if written in doc.text else None


def _under_home(own: OrgName, home: Region | None) -> bool:
    """A county-level city's body (长葛市妇联) in a document whose home city is the one above it (许昌市)."""
    return home is not None and own.region is not None and regions().is_under(own.region, home)


def _own_names(doc: DocContext, level: str, rest: str) -> list[OrgName]:
    """The specific names the document writes for a relative name (廊坊市总工会 for 市总工会): a
    division of that level and the same rest, distinct by name and region, in the order written."""
    own = {(o.name, o.region.code if o.region else None): o for o in doc.specific
           if o.name.endswith(level + rest) and len(o.name) > len(level + rest)
           and (o.region is not None or level in ("镇", "乡", "街道"))
           and (o.region is None or o.name == placed(o.region.name, rest))}
    return list(own.values())


def bare_committee(name: OrgName, doc: DocContext, at: int | None) -> Resolution | None:
    """3. 女职委, 女职工部: a committee of the document's reporting union."""
    if not name.bare or kind_of(name.name) != "union_committee":
        return None
    if doc.reporting is not None:
        return Resolution(doc.reporting.name + name.name, doc.reporting.region,
                          f"committee of the reporting union {doc.reporting.name}")
    return Resolution(None, None, "a committee of a union the document does not identify")


def bare_head(name: OrgName, doc: DocContext, at: int | None) -> Resolution | None:
    """4. 工会, 女职工委员会 alone; 京津工会, the unions of several provinces; 评审委员会, one of every event's."""
    if name.bare:
        return Resolution(None, None, "a bare head word names no one body")
    if name.region is None and several_places(name.name):
        return Resolution(None, None, "the bodies of several provinces (京津工会), not one")
    if name.region is None and named_by_function(name.name):
        return Resolution(None, None, "a committee named by its function alone (评审委员会), not one body")
    return None


def own_body(name: OrgName, doc: DocContext, at: int | None) -> Resolution | None:
    """5. 局工会, 我局, 公司工会女职工委员会: the document's own body named by its head word alone
    (and its union or committee): the body the document is about if it has that head."""
    split = _own_body(name)
    if split is None:
        return None
    head, rest = split
    if doc.host is not None and doc.host.name.endswith(head):
        return Resolution(doc.host.name + rest, doc.host.region, f"the document's own {head}: {doc.host.name}")
    return Resolution(None, None, f"the document's own {head}, which it does not name")


def _own_body(name: OrgName) -> tuple[str, str] | None:
    """(局, 工会) for 局工会: a bare head word that can own departments, then nothing, or a union,
    committee or department head."""
    if name.region is not None or name.relative is not None:
        return None
    s = OWN.sub("", name.name)
    for k in range(min(MAX_OWN_HEAD, len(s)), 0, -1):
        head, rest = s[:k], s[k:]
        if not is_bare(head) or kind_of(head) not in OWNER_KINDS:
            continue
        tail = rest[2:] if rest.startswith("工会") else rest
        if not tail or is_bare(tail):
            return head, rest
    return None


def department(name: OrgName, doc: DocContext, at: int | None) -> Resolution | None:
    """6. 物资部, 新制车间: a part of the body the document is about; 东山段 a part of the one 总段 the
    document names (a 总X is made of Xs)."""
    if name.relative is not None or not needs_host(name.name, name.region):
        return None
    whole = {o.name: o for o in doc.specific if ending(o.name) == "总" + (ending(name.name) or "")}
    if len(whole) == 1:
        o = next(iter(whole.values()))
        return Resolution(o.name + name.name, o.region, f"a part of the document's {o.name}")
    if doc.host is not None:
        return Resolution(doc.host.name + name.name, doc.host.region, f"a part of {doc.host.name}")
    return Resolution(None, None, "a department of a body the document does not name")


def placeless_public_body(name: OrgName, doc: DocContext, at: int | None) -> Resolution | None:
    """7. 卫健局, 双拥办: one of thousands, unless it ends a list the level word of whose first item
    applies to all (县教体局、卫健局、人社局: the county's bureaus)."""
    if name.relative is not None or not needs_place(name.name, name.region):
        return None
    level = _list_level(doc.text, at) if at is not None else None
    if level is not None and (not name.name.startswith(level) or name.name in standard_names()):
        # 市民政局 has its level word already; 市场监督管理局 (a standard name) has not
        found = relative_name(OrgName(level + name.name, None, level, name.name), doc, at)
        return Resolution(found.name, found.region, f"listed after a {level} body; {found.how}")
    return Resolution(None, None, "a public body or association named without its place")


def _list_level(text: str, at: int) -> str | None:
    """The level word a list of public bodies starts with, when the name at ``at`` is a later item of
    it: 县 for 卫健局 in 联合县教体局、卫健局、人社局. Every earlier item is a public body, the first
    written with the level word before it, the others without a place."""
    if at <= 0 or text[at - 1] != LIST_SEPARATOR:
        return None
    start = max((m.end() for m in CLAUSE_END.finditer(text, max(0, at - MAX_LIST_CHARS), at)),
                default=max(0, at - MAX_LIST_CHARS))
    first, *middle = text[start:at - 1].split(LIST_SEPARATOR)
    if not all(needs_place(canonical_form(item).name, None) for item in middle):
        return None
    for k in range(len(first) - 1, -1, -1):
        head = canonical_form(first[k:])
        if head.relative is not None and needs_place(head.rest, None):
            return head.relative
    return None


def short_company(name: OrgName, doc: DocContext, at: int | None) -> Resolution | None:
    """8. 华夏公司 for 中粮华夏长城葡萄酿酒有限公司, 齐车集团工会 for the union of 中车齐车集团(石家庄公司)."""
    if name.relative is not None:
        return None
    full = written_in_full(name, doc)
    if full is not None:
        return Resolution(full.name, full.region, f"short for the document's {full.name}")
    return None


def as_written(name: OrgName, doc: DocContext, at: int | None) -> Resolution | None:
    """9. A specific name is its own canonical."""
    return Resolution(name.name, name.region, "as written")


# what each step is called in ``mentions.link`` (before the name it read and its evidence)
STEP_LABELS = {"publisher_itself": "self-reference", "relative_name": "relative name", "bare_committee": "bare committee",
               "bare_head": "bare name", "own_body": "own body", "department": "department",
               "placeless_public_body": "public body", "short_company": "short name", "as_written": ""}
STEPS = (publisher_itself, relative_name, bare_committee, bare_head, own_body, department, placeless_public_body,
         short_company, as_written)
# the steps whose decision depends on where the name is written (``at``) or on the reporting union
READS_PLACE_OR_REPORTING = frozenset({relative_name, bare_committee, placeless_public_body})


def written_in_full(name: OrgName, doc: DocContext, inner: bool = False) -> OrgName | None:
    """A company (or its union) written short that the document names in full elsewhere. The short
    name is a stem and a company or union head; the full name is the only company the document
    names whose name holds the stem (whole, or its trade name and then the rest: :func:`_holds`),
    cut after the first company head that follows it; of several, one that is itself short for
    another (``inner``: that question, asked once) gives way to it."""
    head = _short_head(name.name)
    if name.region is not None or head is None or len(name.name) > MAX_SHORT_NAME:
        return None
    stem = name.name[:len(name.name) - len(head)]
    if len(stem) < 2:
        return None
    found = {}
    for o in doc.specific:
        end = _holds(o.name, stem, leading=head in TRADE_HEADS)
        if end is None or o.name == name.name or (head not in TRADE_HEADS and o.name.startswith(name.name)):
            continue
        company = next((o.name[:k] for k in range(end, len(o.name) + 1)
                        if kind_of(o.name[:k]) == "enterprise" and ending(o.name[:k]) in COMPANY_HEADS), None)
        if company is None:
            continue
        company += next((f for f in LEGAL_FORMS if o.name.startswith(f, len(company))), "")  # 集团 + 有限公司
        if head in COMPANY_HEADS and company != o.name:
            company = o.name if kind_of(o.name) == "enterprise" else company
        full = company if head in COMPANY_HEADS or head in TRADE_HEADS else company + head
        found[full] = OrgName(full, o.region)
    if len(found) > 1 and not inner:  # 雪峰股份公司, 西藏雪峰建材股份有限公司 for 雪峰股份: the first is short for the second
        longer = {f: written_in_full(n, doc, inner=True) for f, n in found.items()}
        found = {f: n for f, n in found.items() if longer[f] is None or longer[f].name not in found}
    return next(iter(found.values())) if len(found) == 1 else None


def _short_head(name: str) -> str | None:
    """The head a short company name ends with: a company or union head (华夏公司, 齐车集团工会), or
    a trade-name form without one (雪域股份, 顺达快递: ``TRADE_HEADS``)."""
    head = ending(name)
    if head in SHORT_HEADS:
        return head
    if head is None and kind_of(name) is None:
        return next((h for h in TRADE_HEADS if h and name.endswith(h)), "")
    return None


def _holds(full: str, stem: str, leading: bool = False) -> int | None:
    """Where the stem of a short name ends in a full name that holds it: whole (华夏 in 中粮华夏长城…),
    or as its trade name right after the place it is registered in and then the rest (雪域股份 in
    西藏雪域建材股份有限公司: 雪域 … 股份). ``leading``: a short name without a company head (顺达快递)
    only where the full name starts with it, or with its place of registration and then it."""
    at = full.find(stem)
    if at >= 0 and (not leading or at == 0 or _is_place(full[:at])):
        return at + len(stem)
    if leading and at >= 0:
        return None
    if len(stem) < 2 * TRADE_NAME:
        return None
    at = full.find(stem[:TRADE_NAME])
    if at <= 0 or not _is_place(full[:at]):  # the trade name after the place of registration only
        return None                           # (华星集团 is not 华星汽车集团's short name, but its parent's)
    rest = full.find(stem[TRADE_NAME:], at + TRADE_NAME)
    return rest + len(stem) - TRADE_NAME if rest >= 0 else None


def _is_place(prefix: str) -> bool:
    table = regions()
    return prefix in table.by_name or prefix in table.by_short


def _reporting(doc: DocContext, lines: list[str]) -> OrgName | None:
    for line in reversed(lines):  # the source line first, then the title
        for m in UNION_IN.finditer(line):
            if _own_body(canonical_form(m.group(0))) is not None and doc.host is None:
                return None  # 局工会召开…: the union of a body the document does not name
            resolved = resolve(m.group(0), doc)
            if resolved.name and kind_of(resolved.name) == "union":
                return OrgName(resolved.name, resolved.region)
    union = {n: _union_of(n, doc) for n in dict.fromkeys(doc.names)}  # each distinct name decided once
    return dominant([union[n] for n in doc.names if union[n] is not None])


def _union_of(name: OrgName, doc: DocContext) -> OrgName | None:
    """The union a name stands for or is a committee of, resolved (市总工会六届女职工委员会 in a
    Xiamen report: 厦门市总工会)."""
    found = decide(name, doc)
    if found.name is None:
        return None
    kind = kind_of(found.name)
    if kind == "union":
        return OrgName(found.name, found.region)
    up = parent_of(found.name, found.region) if kind == "union_committee" else None
    return OrgName(*up) if up is not None and kind_of(up[0]) == "union" else None


__all__ = ["Resolution", "document", "resolve", "STEPS", "written_in_full"]
