"""Programme names: the brand a regional variant adapts, and the programme's kind. Pure.

A variant is a shared brand joined to a part that ties it to a place (会聚良缘·爱在龙江,
渝见·会聚良缘, 玫瑰书香·香溢满石 is *not* one: its other part names no place). A part is a place
part when it contains a division's name or short name, or a province's abbreviation or literary
name (``gazetteers/place_abbreviations.tsv``); one-character abbreviations count only at the edge
of a part of at most three characters (渝见, 冀心), where they cannot be an ordinary word's character.
"""
from __future__ import annotations

import re
from functools import lru_cache

from reportmine.link.keys import NAME_CACHE, name_key
from reportmine.gazetteers import load
from reportmine.text.patterns import words_regex
from reportmine.link.regions import regions

SEPARATORS = re.compile(r"[·・•]|——")


@lru_cache(maxsize=1)
def _abbreviations() -> tuple[frozenset, frozenset]:
    words = load("place_abbreviations").column("abbreviation")
    return frozenset(w for w in words if len(w) == 1), frozenset(w for w in words if len(w) > 1)


@lru_cache(maxsize=1)
def _kinds() -> tuple[tuple[str, str, str], ...]:
    rows = [(r["word"], r["where"], r["kind"]) for r in load("programme_kinds")]
    ends = sorted((r for r in rows if r[1] == "end"), key=lambda r: -len(r[0]))
    return tuple(ends + [r for r in rows if r[1] != "end"])


@lru_cache(maxsize=1)
def _place_words() -> re.Pattern:
    """Multi-character province abbreviations and the short names of provinces and prefectures."""
    table = regions()
    shorts = (s for s in table.by_short if len(s) >= 2 and table.by_short[s][0].level != "county")
    return words_regex([*_abbreviations()[1], *shorts])


@lru_cache(maxsize=NAME_CACHE)
def is_place_part(part: str) -> bool:
    one, _ = _abbreviations()
    if regions().name_re.search(part) or _place_words().search(part):
        return True
    return len(part) <= 3 and (part[0] in one or part[-1] in one)


@lru_cache(maxsize=NAME_CACHE)
def canonical(surface: str) -> str:
    """The brand a name adapts (会聚良缘·爱在龙江 -> 会聚良缘), else the name without quotes."""
    name = name_key(surface)
    parts = [p for p in SEPARATORS.split(name) if p]
    if len(parts) >= 2:
        kept = [p for p in parts if not is_place_part(p)]
        if len(kept) == 1 and len(kept[0]) >= 2:
            return kept[0]
    return name


@lru_cache(maxsize=NAME_CACHE)
def kind_of(name: str) -> str:
    """brand, campaign, activity_series, platform, facility or competition (by its words)."""
    for word, where, kind in _kinds():
        if (where == "end" and name.endswith(word)) or (where == "contains" and word in name):
            return kind
    return "brand"
