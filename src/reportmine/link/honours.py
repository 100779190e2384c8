"""Honour titles: canonical name, level and issuer. Pure, with the document's context for the place.

省劳模 = 省级劳动模范 = 省劳动模范: the level word is normalised (``gazetteers/honour_aliases.tsv``),
the short title written in full, years and sessions dropped. When the document tells which
province (city ...) gave it, the canonical name carries that place (省劳模 in a Zhejiang report ->
浙江省劳动模范); otherwise the level word stays (省劳动模范).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from reportmine.link.keys import NAME_CACHE, name_key
from reportmine.gazetteers import load
from reportmine.records import pickled_by_fields
from reportmine.link.regions import Region, regions
from reportmine.text.script import to_simplified

YEAR_OR_SESSION = re.compile(r"^(?:\d{2,4}(?:-\d{2,4})?年度?|第[一二三四五六七八九十百\d]+届|首届|本届|年度)+")
LEVEL_OF_REGION = {"province": "province", "prefecture": "city", "county": "county"}


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class HonourName:
    name: str
    level: str | None
    title: str           # the honour without its level or place (劳动模范)
    issuer: str | None
    region: Region | None = None


@lru_cache(maxsize=1)
def _tables():
    rows = list(load("honour_aliases"))
    titles = sorted(((r["short"], r["full"], r["level"]) for r in rows if r["kind"] == "title"), key=lambda r: -len(r[0]))
    levels = sorted(((r["short"], r["full"], r["level"]) for r in rows if r["kind"] == "level"), key=lambda r: -len(r[0]))
    core = sorted(((r["honour"], r["level"], r["issuer"]) for r in load("honours")), key=lambda r: -len(r[0]))
    return titles, levels, tuple(core)


@lru_cache(maxsize=NAME_CACHE)
def canonical(surface: str, home=None) -> HonourName:
    """``home(level_word)`` -> (Region | None, why): the document's division at a level (DocContext.home)."""
    titles, levels, core = _tables()
    s = YEAR_OR_SESSION.sub("", name_key(surface))
    region, level, word = None, None, ""
    chain, pos = regions().prefix(s)
    if chain and pos < len(s):
        region, s = chain[-1], s[pos:]
        level = LEVEL_OF_REGION[region.level]
    else:
        for short, full, lvl in levels:
            if s.startswith(short) and len(s) > len(short):
                word, level, s = full, lvl, s[len(short):]
                break
    for short, full, lvl in titles:
        if s == short:
            s, level = full, level or (lvl or None)
            if full.startswith("全国"):
                word, s = "全国", full[2:]
            break
    if region is None and word in ("省", "市", "县", "区") and home is not None:
        region = home(word)[0]
    prefix = region.name if region is not None else word
    issuer = _issuer(s, core, region, word)
    return HonourName(prefix + s, level, s, issuer, region)


def _issuer(title: str, core: tuple, region: Region | None, word: str) -> str | None:
    for name, lvl, issuer in core:
        if title.endswith(name) and issuer:
            if issuer == "总工会":  # a union award: the federation of the level that gives it
                if region is not None:
                    return region.name + "总工会"
                return "中华全国总工会" if word == "全国" else None
            return issuer if word in ("全国", "") or lvl == "national" or "省" in issuer else None
    return None


# a place or level written just before an honour the extractor cut at its quotes (授予泉州市“工人先锋号”,
# 进入省级“工人先锋号”); one-character level words (省, 市) end too many other words (城市) to be read here
OPEN_QUOTES = "“\"「『‘"
CLOSE_QUOTES = "”\"」』’"
JOINS = "及和与、"
MULTI_CHARACTER_LEVELS = ("全国", "国家级", "省级", "省部级", "自治区", "市级", "地市级", "县级", "区级")
WINDOW = 12


SEVERAL_LEVELS = re.compile(r"^(?:全国|国家|省|市|县|区)级?[、和及与/](?:省|市|县|区)")


def several_levels(surface: str) -> bool:
    """省、市工匠劳模: honours of two levels written as one, which names no one honour."""
    return bool(SEVERAL_LEVELS.match(name_key(surface)))


def written_before(text: str, start: int, near=(), previous: dict[int, str] | None = None) -> str:
    """The place or level word written right before an honour at ``start``, outside its quotes
    (泉州市 for 授予泉州市“工人先锋号”); an honour joined to a quoted one before it shares that one's
    (泉州市“巾帼文明岗”及“工人先锋号”). ``previous``: the prefixes of the honours already read, by
    their end; ``near``: the document's places, to choose among same-named divisions."""
    at = start
    if at > 0 and text[at - 1] in OPEN_QUOTES:
        at -= 1
    if previous and at >= 2 and text[at - 1] in JOINS and text[at - 2] in CLOSE_QUOTES and (at - 2) in previous:
        return previous[at - 2]
    window = to_simplified(text[max(0, at - WINDOW):at])
    for word in MULTI_CHARACTER_LEVELS:
        if window.endswith(word):
            return word
    table = regions()
    for m in table.name_re.finditer(window):
        if m.end() == len(window) and table.choose(table.by_name[m.group(0)], near) is not None:
            return m.group(0)
    return ""


def settle(names: list[HonourName]) -> list[HonourName]:
    """An honour written without place or level takes the one place the document writes it with
    (工人先锋号 beside 山东省“工人先锋号”); with none or several it stays as written."""
    placed: dict[str, set[HonourName]] = {}
    for h in names:
        if h.region is not None:
            placed.setdefault(h.title, set()).add(h)
    out = []
    for h in names:
        known = placed.get(h.title, set())
        out.append(next(iter(known)) if h.name == h.title and len(known) == 1 else h)
    return out
