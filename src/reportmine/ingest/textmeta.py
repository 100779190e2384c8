"""Metadata written in a document's own text: headline, publication date, source and author.

Scraped pages carry their metadata as lines of text around the article: a breadcrumb and the
headline, a dateline (``发布时间:2023年04月04日 文章来源:省总工会``, ``www.fjsen.com 2021-04-12
07:59:47``), a byline (``本报讯(记者 张三 通讯员 李四)``, ``(記者樊曦、才揚)``). :func:`text_metadata`
reads them back for the ``documents`` table. Pure functions of the text; field words, date
patterns and the lines that are never a headline are data, in ``gazetteers/text_metadata.tsv``.

The text may be raw or cleaned (:func:`reportmine.ingest.clean.clean`); values come back as written
(traditional script stays traditional), with full-width ASCII folded and whitespace collapsed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from reportmine import gazetteers
from reportmine.text.chars import normalise_chars
from reportmine.text.script import to_simplified

HEAD_LINES = 15  # non-blank lines at the top of a page where the headline and dateline live
TAIL_LINES = 6  # non-blank lines at the bottom where a source or byline may be repeated
TITLE_MIN, TITLE_MAX = 5, 60
CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"


@dataclass(frozen=True)
class TextMeta:
    title: str | None
    date: str | None  # ISO yyyy-mm-dd
    source: str | None
    author: str | None  # names joined with "; "


@dataclass(frozen=True)
class _Patterns:
    dates: tuple[re.Pattern, ...]
    strong_date_label: re.Pattern  # 发布时间:, 发表于 ... followed by a date
    weak_date_label: re.Pattern  # 时间:, 日期: (also an event's time in a notice: head only)
    source_label: re.Pattern
    author_label: re.Pattern
    any_label: re.Pattern  # any field word followed by a colon: where a value stops
    other_label: re.Pattern  # chrome field words that stop a value even without a colon
    name_stop: re.Pattern
    title_reject: tuple[re.Pattern, ...]


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@lru_cache(maxsize=1)
def _patterns() -> _Patterns:
    gaz = gazetteers.load("text_metadata")
    by_kind: dict[str, list[str]] = {}
    for row in gaz:
        by_kind.setdefault(row["kind"], []).append(row["value"])
    date_words = by_kind["date_label"]
    strong = [w for w in date_words if len(w) > 2]
    weak = [w for w in date_words if len(w) <= 2]
    every = date_words + by_kind["source_label"] + by_kind["author_label"] + by_kind["other_label"]
    # a label starts a field: not glued to a preceding Chinese word (活动时间 is not 时间)
    start = rf"(?<![{CJK}])"
    return _Patterns(
        dates=tuple(re.compile(p) for p in by_kind["date_pattern"]),
        strong_date_label=re.compile(rf"(?:{_alternation(strong)})\s*[:：]?\s*"),
        weak_date_label=re.compile(rf"{start}(?:{_alternation(weak)})\s*[:：]\s*"),
        source_label=re.compile(rf"(?:{_alternation(by_kind['source_label'])})\s*[:：]\s*"),
        author_label=re.compile(rf"(?:{_alternation(by_kind['author_label'])})\s*[:：/]?\s*"),
        any_label=re.compile(rf"(?:{_alternation(every)})\s*[:：]"),
        other_label=re.compile(_alternation(by_kind["other_label"])),
        name_stop=re.compile(_alternation(by_kind["name_stop"] + by_kind["author_label"] + by_kind["source_label"]
                                          + by_kind["other_label"] + strong)),
        title_reject=tuple(re.compile(p) for p in by_kind["title_reject"]),
    )


# ---------------------------------------------------------------------------------------- lines

def _lines(text: str) -> list[str]:
    """The text's lines, characters folded, table pipes trimmed, gaps of 2+ spaces kept as 2."""
    out = []
    for line in normalise_chars(text).split("\n"):
        line = re.sub(r"\t", "  ", line).strip().strip("|｜").strip()
        out.append(re.sub(r" {3,}", "  ", line))
    return out


_SENTENCE = re.compile(r"[。;；]")
_NEWS_LEAD = re.compile(rf"^[{CJK}A-Za-z0-9()（）.·\s]{{0,24}}?(?:讯|訊|电|電)\s*[(（]|^(?:本报讯|本報訊|本网讯|本網訊)")


def _is_body(line: str) -> bool:
    """A line of running text: a sentence, a long line, or a news lead (本报讯, 新华社北京电(...))."""
    if _NEWS_LEAD.search(line):
        return True
    commas = len(re.findall(r"[,，、]", line))
    return bool(_SENTENCE.search(line)) and len(line) > 20 or len(line) > 80 or (commas >= 2 and len(line) > 30) \
        or (commas >= 1 and len(line) > 45)


def _head(lines: list[str]) -> list[int]:
    """Indexes of the first non-blank lines, where headline, dateline and byline are written."""
    return [i for i, line in enumerate(lines) if line][:HEAD_LINES]


def _tail(lines: list[str]) -> list[int]:
    return [i for i, line in enumerate(lines) if line][-TAIL_LINES:]


# ----------------------------------------------------------------------------------------- date

def parse_date(s: str) -> tuple[str, re.Match] | None:
    """The first valid calendar date in ``s`` as ISO yyyy-mm-dd, with its match."""
    found = []
    for pattern in _patterns().dates:
        for m in pattern.finditer(s):
            y, mo, d = int(m["y"]), int(m["m"]), int(m["d"])
            if 1 <= mo <= 12 and 1 <= d <= 31:
                found.append((m.start(), f"{y:04d}-{mo:02d}-{d:02d}", m))
                break
    if not found:
        return None
    _, iso, m = min(found, key=lambda f: f[0])
    return iso, m


def _labelled_date(line: str, label: re.Pattern) -> str | None:
    for m in label.finditer(line):
        rest = line[m.end():m.end() + 30]
        parsed = parse_date(rest)
        if parsed and parsed[1].start() == 0:
            return parsed[0]
    return None


_TIME = re.compile(r"\d{1,2}:\d{2}(?::\d{2})?")
_URL = re.compile(r"(?i)(?:https?:)?//\S+|www\.[\w.-]+|[\w-]+(?:\.[\w-]+)*\.(?:com|cn|net|org|gov|hk|tw)(?:/\S*)?")


def _dateline_date(line: str) -> str | None:
    """The date of a dateline: a short line that is a date plus a site, a time, a source or a name."""
    if len(line) > 90:
        return None
    parsed = parse_date(line)
    if not parsed:
        return None
    iso, m = parsed
    rest = line[:m.start()] + " " + line[m.end():]
    rest = _URL.sub(" ", _TIME.sub(" ", rest))
    p = _patterns()
    rest = p.source_label.split(rest)[0]  # a labelled source is part of a dateline
    rest = re.sub(r"\s+", "", rest)
    if _SENTENCE.search(rest) or len(rest) > 25 or len(re.findall(r"[,，]", rest)) > 1:
        return None
    return iso


def labelled_date(text: str) -> str | None:
    """The first date after a 发布时间/发表于-type label anywhere in ``text`` (a page's info line)."""
    strong = _patterns().strong_date_label
    for line in _lines(text):
        found = _labelled_date(line, strong)
        if found:
            return found
    return None


def find_date(lines: list[str]) -> str | None:
    """Publication date: a 发布时间-type label anywhere, else 时间/日期 or a dateline at the top."""
    p = _patterns()
    head = _head(lines)
    for i in head + [i for i in _tail(lines) if i not in head]:
        found = _labelled_date(lines[i], p.strong_date_label)
        if found:
            return found
    for i in head:
        found = _labelled_date(lines[i], p.weak_date_label)
        if found:
            return found
    for i in head:
        if not _is_body(lines[i]):
            found = _dateline_date(lines[i])
            if found:
                return found
    return None


# --------------------------------------------------------------------------------------- source

_VALUE_END = re.compile(r"\s{2,}|[)）\]】|｜《》]|$")
_CODE = re.compile(r"^[A-Za-z]{0,4}\d{4,}$")


def _field_value(line: str, start: int) -> str | None:
    """The value of a field starting at ``start``: up to the next field, a wide gap or a bracket."""
    p = _patterns()
    rest = line[start:]
    end = _VALUE_END.search(rest).start()
    for stop in (p.any_label.search(rest), p.other_label.search(rest)):
        if stop and stop.start() < end:
            end = stop.start()
    value = rest[:end].strip(" :：,，;；.。、\"“”'")
    value = re.sub(r"\s+", " ", value)
    if not value or len(value) > 30 or _SENTENCE.search(value) or _CODE.match(value) or "?" in value:
        return None
    if parse_date(value):
        return None
    return value


def find_source(lines: list[str]) -> str | None:
    """Source from 文章来源/来源/稿源/转载自 in the header lines, else in the last lines."""
    p = _patterns()
    head = _head(lines)
    for i in head + [i for i in _tail(lines) if i not in head]:
        for m in p.source_label.finditer(lines[i]):
            value = _field_value(lines[i], m.end())
            if value:
                return value
    return None


# --------------------------------------------------------------------------------------- author

_NAME_RUN = re.compile(rf"[{CJK}·・]+")
_NAME_SEP = re.compile(r"[\s、,，/和及]+")


def _name(run: str) -> str | None:
    """A person's name at the start of a run of Chinese characters, or None."""
    p = _patterns()
    stop = p.name_stop.search(run)
    cut_by_stop = stop is not None
    name = run[:stop.start()] if stop else run
    if cut_by_stop and stop.group() in ("报道", "報道", "报导", "報導", "发自", "發自") and len(name) >= 5:
        name = name[:-2]  # 张晓燕杭州报道: a place name before 报道
    if not 2 <= len(name.replace("·", "").replace("・", "")) <= (6 if "·" in name or "・" in name else 4):
        return None
    return name


_REPORTED = ("报道", "報道", "报导", "報導", "发自", "發自")


def _names_after(line: str, pos: int) -> tuple[list[str], int]:
    """Names listed after an author label (``张三 李四``, ``张三、李四``, ``张三,李四``) and where they end."""
    p = _patterns()
    names: list[str] = []
    end = pos
    while True:
        m = _NAME_RUN.match(line, pos)
        if not m:
            break
        run = m.group()
        stop = p.name_stop.search(run)
        if stop and stop.start() == 0:
            break
        if names and stop and stop.group() in _REPORTED:
            break  # 张三/北京报道: a place, not a second name
        name = _name(run)
        if not name:
            break
        names.append(name)
        end = m.start() + len(name) if stop else m.end()
        if stop:  # the run went on into another label or word: the caller looks there
            break
        sep = _NAME_SEP.match(line, m.end())
        if not sep:
            break
        pos = sep.end()
    return names, end


_BYLINE_OPEN = re.compile(r"(?:^|[\s(（【\[]|讯|訊|电|電)$")
# 四川在线记者 张三, 中国妇女报全媒体记者张三: a medium's name right before 记者
_MEDIUM = re.compile(rf"(?:^|[\s(（【\[])[{CJK}A-Za-z]{{1,14}}$")
# 讯 张三 通讯员 李四: an unlabelled name between the news lead and a label
_LEAD_NAME = re.compile(rf"(?:讯|訊|电|電)\s*([{CJK}]{{2,4}})\s*$")


def _byline_label(line: str, m: re.Match, chain_end: int | None) -> bool:
    """Whether an author label at ``m`` starts a byline rather than sitting inside a sentence."""
    before = line[:m.start()]
    if chain_end is not None and not line[chain_end:m.start()].strip(" 、,，/"):
        return True
    if _BYLINE_OPEN.search(before) or _LEAD_NAME.search(before):
        return True
    return ("记者" in m.group() or "記者" in m.group()) and bool(_MEDIUM.search(before))


def find_authors(lines: list[str]) -> list[str]:
    """Names after 记者/通讯员/作者 in the header, in a byline bracket, or at the end (``(記者樊曦、才揚)``)."""
    p = _patterns()
    head = _head(lines)
    names: list[str] = []
    for i in head + [i for i in _tail(lines) if i not in head]:
        line = lines[i]
        chain_end = None
        for m in p.author_label.finditer(line):
            if not _byline_label(line, m, chain_end):
                continue
            lead = _LEAD_NAME.search(line[:m.start()])
            found, chain_end = _names_after(line, m.end())
            if found and lead and _name(lead.group(1)):
                found.insert(0, lead.group(1))
            for name in found:
                if name not in names:
                    names.append(name)
    return names


# ---------------------------------------------------------------------------------------- title

def _title_candidate(line: str) -> bool:
    """Whether a line can be a headline: short, not a sentence, not page chrome."""
    if not TITLE_MIN <= len(line) <= TITLE_MAX or _is_body(line):
        return False
    if len(re.findall(rf"[{CJK}]", line)) < 4:
        return False
    if any(r.search(line) for r in _patterns().title_reject):
        return False
    items = line.split()
    # a navigation bar or a pair of slogans: several short space-separated items
    if len(items) >= 2 and max(len(x) for x in items) <= 4:
        return False
    return not is_meta_line(line)


def is_meta_line(line: str) -> bool:
    """A dateline, a labelled date/source/author field, or a byline."""
    p = _patterns()
    if _labelled_date(line, p.strong_date_label) or _labelled_date(line, p.weak_date_label):
        return True
    if _dateline_date(line) or p.source_label.search(line) or p.any_label.match(line):
        return True
    return any(_byline_label(line, m, None) and _names_after(line, m.end())[0] for m in p.author_label.finditer(line))


_CONTINUES = re.compile(r"^(?:及|暨|与|與|和|并|並|以及)")
_OPEN_END = re.compile(r"(?:的|和|与|與|及|暨|、|“|《|「)$")
_SUBTITLE = re.compile(r"^(?:——|--|—|－－)")


def _title_at(lines: list[str], i: int) -> str:
    """The headline at line ``i``, joined with the line above when the headline was wrapped."""
    title = lines[i]
    above = [j for j in range(i - 1, max(-1, i - 3), -1) if lines[j]]
    if above and _title_candidate(lines[above[0]]) and (_CONTINUES.match(title) or _OPEN_END.search(lines[above[0]])):
        title = lines[above[0]] + title
    below = [j for j in range(i + 1, min(len(lines), i + 3)) if lines[j]]
    if below and _title_candidate(lines[below[0]]) and (_CONTINUES.match(lines[below[0]]) or _OPEN_END.search(title)):
        title += lines[below[0]]
    return re.sub(r"\s+", " ", title).strip()


def _chrome(line: str) -> bool:
    return any(r.search(line) for r in _patterns().title_reject)


def _first_body(lines: list[str], head: list[int]) -> int:
    return next((i for i in head if _is_body(lines[i])), head[-1] if head else 0)


def find_title(lines: list[str]) -> tuple[str | None, int | None]:
    """The headline and its line.

    The nearest headline-like line above the first dateline, source or byline (skipping
    captions, a subtitle and a bare author name); else, above the first line of running text,
    the first headline-like line (a short kicker before a longer headline gives way to it).
    """
    head = _head(lines)
    body = _first_body(lines, head)
    anchors = [i for i in head if is_meta_line(lines[i]) and (i <= body or _labelled(lines[i]))]
    for a in anchors:
        skipped = 0
        for j in reversed([i for i in head if i < a]):
            if _title_candidate(lines[j]):
                if not _SUBTITLE.match(lines[j]):
                    return _title_at(lines, j), j
                continue
            if not (_chrome(lines[j]) or is_meta_line(lines[j]) or _bare_name(lines[j])):
                break  # running text or layout debris (a PDF's broken headline): not this anchor
            skipped += 1
            if skipped > 4:
                break
    candidates = [i for i in head if i < body and _title_candidate(lines[i]) and not _SUBTITLE.match(lines[i])]
    if not candidates:
        return None, None
    first = candidates[0]
    if len(candidates) > 1 and len(lines[first]) <= 8 < len(lines[candidates[1]]) \
            and not [i for i in head if first < i < candidates[1]]:
        first = candidates[1]  # 凝心铸魂 踔厉奋发 / the headline: a kicker above the headline
    return _title_at(lines, first), first


def _labelled(line: str) -> bool:
    p = _patterns()
    return bool(_labelled_date(line, p.strong_date_label) or _labelled_date(line, p.weak_date_label)
                or p.source_label.search(line))


@lru_cache(maxsize=1)
def _surnames() -> frozenset[str]:
    return frozenset(gazetteers.load("surnames").column("surname"))


def _bare_name(line: str) -> bool:
    """A line that is only a person's name (the byline of some layouts): a known surname + 1-3 characters."""
    if not re.fullmatch(rf"[{CJK}]{{2,4}}", line):
        return False
    simple = to_simplified(line)
    return simple[:1] in _surnames() or simple[:2] in _surnames()


def guess_title(text: str) -> str | None:
    """The headline of ``text`` (see :func:`find_title`)."""
    return find_title(_lines(text))[0]


def _standalone_author(lines: list[str], title_line: int | None) -> str | None:
    """A bare name on the line between the headline and the dateline (the people.cn layout)."""
    if title_line is None:
        return None
    below = [j for j in range(title_line + 1, min(len(lines), title_line + 6)) if lines[j]][:2]
    if len(below) == 2 and _bare_name(lines[below[0]]) and is_meta_line(lines[below[1]]):
        return _name(lines[below[0]])
    return None


def text_metadata(text: str) -> TextMeta:
    """Headline, publication date (ISO), source and author(s) written in ``text``; None when absent."""
    lines = _lines(text)
    title, title_line = find_title(lines)
    authors = find_authors(lines)
    if not authors:
        bare = _standalone_author(lines, title_line)
        authors = [bare] if bare else []
    return TextMeta(title=title, date=find_date(lines), source=find_source(lines),
                    author="; ".join(authors) or None)
