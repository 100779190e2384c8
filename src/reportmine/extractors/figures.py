"""FIGURE records by rule: a numeral with its qualifier and unit, plus what it counts.

How it works, on the simplified shadow of the text:

1. one regular expression, assembled from ``gazetteers/units.tsv`` and
   ``gazetteers/figure_words.tsv``, finds ``[qualifier] numeral [余/多] [unit] [qualifier]``;
2. filters drop what the guidelines exclude: dates and durations (by the unit's kind),
   ordinals (第/初/周 before the number), numbers glued to letters or codes, numbers inside
   quotes, phone numbers and slogans (``gazetteers/figure_exclusions.tsv``), Chinese numerals
   that are part of a word (统一, 千家万户: checked against jieba's word boundaries in a
   small window), 一/二 before a classifier (article, ordinal), bare numbers unless scaled
   by 万/亿;
3. the subject is looked for after the unit first (``300名个人``), then before the number in
   the same clause after the last report verb (``举办相亲交友活动1052场``), then in the
   remainder of the clause. Grammar that moves it elsewhere: people counted only by what they
   received or became take that honour or role (``3人获全国五一劳动奖章``, ``71位同志当选常务委员``);
   a comparison or share counts what is compared (``X比Y高5%``); money that only a verb
   introduces is counted by the programme the next clause opens (``投入32.7万元,开展“…”活动``);
   a 的-phrase right before the number names the group by itself (``40岁以下的近700人``);
   a count of people keeps a noun naming people before it when the phrase after the unit says
   what they did (``安排农民工60人到企业务工``); a share with 的 measures the noun after it
   (``60%的企业``); a classifier counts the noun right after it (``15家物流企业的代表队``);
4. once all figures are known, runs of joined figures share a noun written after the last
   (``分别有120名、85名职工``), and a run after 分别 distributes over the figures or the list
   before it (``分别占70%和30%``).

``tests/cases/figure_subjects.yaml`` holds invented sentences by subject shape, written in rounds
before the rules were changed for them.

Surface strings (``text``, ``unit``, ``subject``) are cut from ``doc.text`` so traditional
script is kept.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from reportmine import gazetteers
from reportmine.text import segment
from reportmine.text.doc import Doc
from reportmine.extractors import awardees, programmes
from reportmine.extractors.numbers import NUMBER_PATTERN, RANGE_SEPARATORS, is_chinese_numeral, parse_range
from reportmine.records import Figure
from reportmine.text.segment import Token

EXTRACTOR = "rules.figures"
VERSION = "0.1.0"

FIGURE_UNIT_KINDS = ("count", "measure", "percent", "time")
CLAUSE_BOUNDARY = set("，,。；;：:！？!?、\n\r\t/|（）()【】[]<>")
QUOTE_PAIRS = {"“": "”", "‘": "’", "「": "」", "『": "』", "《": "》"}
MAX_BACK = 30
MAX_FOLLOW = 14
LINK_ADVERBS = ("均", "同时", "分别", "也", "还", "先后", "再次")


@dataclass(frozen=True)
class Vocabulary:
    """Everything the extractor reads from gazetteers, compiled once per process."""

    pattern: re.Pattern
    unit_kind: dict[str, str]
    prefix_qualifier: dict[str, str | None]
    suffix_qualifier: dict[str, str | None]
    verbs: frozenset[str]
    trail: frozenset[str]
    follow_stop: frozenset[str]
    not_before: tuple[str, ...]
    share: frozenset[str]
    list_end: frozenset[str]
    scope: frozenset[str]
    time: frozenset[str]
    stand_in: tuple[str, ...]
    count_head: frozenset[str]
    person_head: tuple[str, ...]
    award_link: re.Pattern
    exclusions: tuple[re.Pattern, ...]


def _alternation(words) -> str:
    """A regex alternation of literal words, longest first so the longest one wins."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


def _qualifier(value: str) -> str | None:
    return None if value in ("", "none") else value


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    """Load the figure gazetteers and compile the figure pattern (once per process)."""
    units = gazetteers.load("units").mapping("unit", "kind")
    words = gazetteers.load("figure_words")
    by_role: dict[str, dict[str, str]] = {}
    for row in words:
        by_role.setdefault(row["role"], {})[row["word"]] = row["value"]
    prefixes, suffixes = by_role.get("prefix", {}), by_role.get("suffix", {})
    number = rf"{NUMBER_PATTERN}(?:\s*{RANGE_SEPARATORS}\s*{NUMBER_PATTERN})?"
    pattern = re.compile(
        rf"(?P<pre>{_alternation(prefixes)})?"
        rf"(?P<num>{number})"
        rf"(?P<vague>[余多])?"
        rf"(?: ?(?P<unit>{_alternation(units)}))?"
        rf"(?P<suf>{_alternation(suffixes)})?"
    )
    exclusions = tuple(re.compile(p) for p in gazetteers.load("figure_exclusions").column("pattern"))
    marks = re.escape("".join(sorted(CLAUSE_BOUNDARY)))
    award_link = re.compile(  # (均)(被省总工会)授予, 当选, 获评: what links counted people to what they got
        rf"(?:{_alternation(LINK_ADVERBS)})?(?:被[^{marks}]{{0,10}}?)?"
        rf"(?P<verb>{_alternation(gazetteers.load('award_verbs').column('verb'))})")
    return Vocabulary(
        pattern=pattern,
        unit_kind=units,
        prefix_qualifier={w: _qualifier(v) for w, v in prefixes.items()},
        suffix_qualifier={w: _qualifier(v) for w, v in suffixes.items()},
        verbs=frozenset(by_role.get("verb", {})),
        trail=frozenset(by_role.get("trail", {})),
        follow_stop=frozenset(by_role.get("follow_stop", {})),
        not_before=tuple(sorted(by_role.get("not_before", {}), key=len, reverse=True)),
        share=frozenset(by_role.get("share", {})),
        list_end=frozenset(by_role.get("list_end", {})),
        scope=frozenset(by_role.get("scope", {})),
        time=frozenset(by_role.get("time", {})),
        stand_in=tuple(sorted(by_role.get("stand_in", {}), key=len, reverse=True)),
        count_head=frozenset(by_role.get("count_head", {})),
        person_head=tuple(by_role.get("person_head", {})),
        award_link=award_link,
        exclusions=exclusions,
    )


@dataclass(frozen=True)
class Context:
    """Per-document lookups the filters share: the document and the excluded spans."""

    doc: Doc
    excluded: tuple[tuple[int, int], ...]


def _context(doc: Doc, vocab: Vocabulary) -> Context:
    excluded = tuple(m.span() for p in vocab.exclusions for m in p.finditer(doc.shadow))
    return Context(doc, excluded)


@dataclass(frozen=True)
class Candidate:
    """A matched numeral before its subject is known."""

    start: int
    end: int
    num_start: int
    num_end: int
    value: float
    value_max: float | None
    unit: str
    unit_key: str
    qualifier: str | None
    confidence: float


def _rejected(m: re.Match, ctx: Context, vocab: Vocabulary, start: int, pre: str | None) -> bool:
    """True when a filter says the match is not a figure (see the module docstring, step 2)."""
    shadow, num, unit = ctx.doc.shadow, m.group("num"), m.group("unit")
    kind = vocab.unit_kind.get(unit) if unit else None
    if kind is not None and kind not in FIGURE_UNIT_KINDS:
        return True
    if _is_ordinal_or_code(shadow, start, m.end(), bool(unit), vocab) or _in_quotes(shadow, *m.span("num")):
        return True
    chinese = is_chinese_numeral(num)
    if (chinese and not _chinese_ok(num, unit, m, ctx)) or (not unit and not _bare_ok(num, chinese)):
        return True
    return kind == "time" and not _time_ok(shadow, m, pre)


def _candidate(m: re.Match, ctx: Context, vocab: Vocabulary) -> Candidate | None:
    """Turn one regex match into a candidate figure, or None when a filter rejects it."""
    pre, num, vague, unit, suf = (m.group(g) for g in ("pre", "num", "vague", "unit", "suf"))
    num_start, num_end = m.span("num")
    if pre and not _prefix_ok(pre, num):
        pre = None
    start = m.start("pre") if pre else num_start
    if _rejected(m, ctx, vocab, start, pre):
        return None
    quantity = parse_range(num.replace(" ", ""))
    if quantity is None:
        return None
    end = m.end() if unit or suf else num_end + len(vague or "")
    if any(s < end and num_start < e for s, e in ctx.excluded):
        return None
    unit_surface = ctx.doc.text[m.start("unit"):m.end("unit")] if unit else ""
    if vocab.unit_kind.get(unit) == "time" and unit_surface[:1] in "个個" and len(unit_surface) > 1:
        unit_surface = unit_surface[1:]  # 约1000个小时 -> 小时
    confidence = 0.9 - (0.15 if is_chinese_numeral(num) else 0) - (0.25 if not unit else 0)
    return Candidate(start, end, num_start, num_end, quantity.value, quantity.value_max, unit_surface,
                     unit or "", _combine_qualifier(vocab, pre, quantity.vague or bool(vague), suf), confidence)


def _prefix_ok(pre: str, num: str) -> bool:
    """上 is a qualifier only before a round Chinese scale (上百名, 上万人)."""
    return pre != "上" or num[:1] in "百千万亿"


CODE_CHARS = frozenset("+#*.-_=@&/:ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")


def _is_ordinal_or_code(shadow: str, start: int, end: int, has_unit: bool, vocab: Vocabulary) -> bool:
    """Ordinals (第八届), calendar words (周一), and numbers glued to letters, digits or code signs
    (5G, 12351+, 2021-04-12); after a unit only a letter still marks a code (3个G)."""
    before = shadow[max(0, start - 2):start]
    if any(before.endswith(w) for w in vocab.not_before) and not _ends_noun(before):
        return True
    prev = shadow[start - 1:start]
    nxt = shadow[end:end + 1]
    if prev and prev in CODE_CHARS and not (has_unit and prev in ":/"):
        return True
    return bool(nxt) and (nxt in LETTERS if has_unit else nxt in CODE_CHARS and nxt not in ".-")


def _ends_noun(before: str) -> bool:
    """The two characters before a number are one noun (成本3600万元), so a not_before character
    ending it (本) is part of that noun, not a determiner or ordinal (本3项)."""
    toks = segment.words(before) if len(before) == 2 else []
    return len(toks) == 1 and _pos(toks[0].text).startswith("n")


def _in_quotes(shadow: str, num_start: int, num_end: int) -> bool:
    """True when the number sits inside a short quoted or titled name (“六个一”, 《十四五规划》).

    The quoted stretch must be short and hold no clause mark, so a stray or unbalanced
    quote far away does not hide real figures.
    """
    for opener, closer in (*QUOTE_PAIRS.items(), ('"', '"')):
        i = shadow.rfind(opener, max(0, num_start - 15), num_start)
        if i < 0 or closer in shadow[i + 1:num_start]:
            continue
        j = shadow.find(closer, num_end, num_end + 15)
        if j >= 0 and not any(ch in CLAUSE_BOUNDARY for ch in shadow[i + 1:j]):
            return True
    return False


def _chinese_ok(num: str, unit: str | None, m: re.Match, ctx: Context) -> bool:
    """A Chinese numeral is a figure only with a unit, not as 一, and when it is a word of its own.

    A bare scale (百, 千, 万) needs a vague marker or a qualifier (百余名, 上万人, 超千人: 万人
    alone is mostly part of a name). jieba keeps lexicalised numerals whole (统一, 千家万户,
    三部门), so a numeral whose span does not start and end on a word boundary of its small
    window is part of a word.
    """
    if not unit or (num in ("一", "二") and unit != "成"):
        return False  # 一个 is an article, 二次 an ordinal: counts of two are written 两; 一成 is a share
    core = num.strip("余多几")
    if core in ("十", "百", "千", "万", "亿") and not (m.group("pre") or m.group("vague") or core != num):
        return False
    shadow = ctx.doc.shadow
    lo, hi = max(0, m.start() - 4), min(len(shadow), m.end("unit") + 4)
    if m.group("pre"):
        return True
    bounds = {t.start for t in _words(shadow, lo, hi)} | {hi}
    return (m.start("num") in bounds or m.start() in bounds) and m.end("unit") in bounds


def _bare_ok(num: str, chinese: bool) -> bool:
    """A number without unit is reported only when it is an Arabic number scaled by 万/亿."""
    return not chinese and bool(re.search(r"\d[余多]?[万亿]", num))


def _time_ok(shadow: str, m: re.Match, pre: str | None) -> bool:
    """Hours are a figure when counted (约1000个小时), not as a modifier (24小时服务)."""
    nxt = shadow[m.end():m.end() + 1]
    return bool(pre) or m.group("unit").startswith("个") or not nxt or nxt in CLAUSE_BOUNDARY or nxt in "的"


def _combine_qualifier(vocab: Vocabulary, pre: str | None, vague: bool, suf: str | None) -> str | None:
    """The figure's qualifier: a written prefix wins, then 余/多 in the numeral, then a suffix."""
    if pre and vocab.prefix_qualifier.get(pre):
        return vocab.prefix_qualifier[pre]
    if vague:
        return "over"
    if suf:
        return vocab.suffix_qualifier.get(suf)
    return None


# ---------------------------------------------------------------- subjects

def _words(shadow: str, start: int, end: int) -> list[Token]:
    """jieba words of the window ``shadow[start:end]`` with document offsets.

    Windows are segmented on their own (a few dozen characters around each figure) so a
    word never straddles the figure's edge (``588名单身`` would give 名单 on the whole text).
    """
    if end <= start:
        return []
    return [Token(t.text, t.start + start, t.end + start) for t in segment.words(shadow[start:end])]


def _clause_start(shadow: str, pos: int, floor: int) -> int:
    """Where the clause holding ``pos`` begins: after the last boundary mark, not before ``floor``."""
    lo = max(floor, pos - MAX_BACK)
    for i in range(pos - 1, lo - 1, -1):
        if shadow[i] in CLAUSE_BOUNDARY:
            return i + 1
    return lo


def _clause_end(shadow: str, pos: int) -> int:
    """Where the clause after ``pos`` ends; a short bracket (``省(区、市)总工会``) does not end it."""
    hi = min(len(shadow), pos + MAX_FOLLOW + 6)
    i = pos
    while i < hi:
        if shadow[i] in "(（":
            close = next((j for j in range(i + 1, min(hi, i + 9)) if shadow[j] in ")）"), None)
            if close is not None and i > pos:
                i = close + 1
                continue
        if shadow[i] in CLAUSE_BOUNDARY:
            return i
        i += 1
    return hi


def _span(tokens: list[Token]) -> tuple[int, int] | None:
    return (tokens[0].start, tokens[-1].end) if tokens else None


def _text(shadow: str, span: tuple[int, int]) -> str:
    return shadow[span[0]:span[1]]


def _is_word(tok: Token) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" or ch.isalpha() for ch in tok.text)


def _is_verb(tok: Token, vocab: Vocabulary) -> bool:
    """A report verb, also with an aspect or result ending (培育出, 建成了)."""
    t = tok.text
    return t in vocab.verbs or (len(t) > 2 and t[:-1] in vocab.verbs and t[-1] in "了出过到着成")


def _stops_following(tok: Token, vocab: Vocabulary) -> bool:
    """Words that end a subject written after the number: verbs, adverbs, numbers, 了-forms, and
    change verbs with their goal (从120家|增至480家)."""
    t = tok.text
    return (t in vocab.follow_stop or _is_verb(tok, vocab) or any(ch.isdigit() for ch in t)
            or (len(t) > 1 and t.endswith("了")) or t == "了" or (t in vocab.trail and t[-1] in "到至"))


def _trim_marks(picked: list[Token]) -> list[Token]:
    """Drop punctuation at the edges of a subject, keeping quote marks that wrap a name."""
    while picked and not _is_word(picked[-1]) and picked[-1].text not in "”’」』\")）":
        picked = picked[:-1]
    while picked and not _is_word(picked[0]) and picked[0].text not in "“‘「『\"":
        picked = picked[1:]
    return picked


def _unclosed(picked: list[Token]) -> bool:
    """``picked`` opened a quote or bracket it has not closed (``“上海市心系女职工``, ``省(区``)."""
    text = "".join(t.text for t in picked)
    opened = sum(text.count(o) for o in "“‘「『(（")
    return opened > sum(text.count(c) for c in "”’」』)）") or text.count('"') % 2 == 1


def _opens_predicate(toks: list[Token], i: int) -> bool:
    """``toks[i]`` is a verb (jieba's v) that starts the clause's predicate rather than modifying
    the head noun after it: it takes an aspect mark (领到了), a quoted object (登上“…”) or a word
    that is neither noun nor verb (入驻同级…); ``创新工作室``, ``体检套餐`` and ``评比的`` keep their verb."""
    if _pos(toks[i].text) != "v" or i + 1 >= len(toks) or toks[i + 1].text == "的":
        return False
    nxt = toks[i + 1].text
    return nxt in ("了", "着", "过") or nxt[:1] in QUOTE_PAIRS or not _pos(nxt).startswith(("n", "v"))


def _following(shadow: str, cand: Candidate, vocab: Vocabulary) -> tuple[int, int] | None:
    """A noun phrase right after the unit (``300名个人``), ending at a verb, a mark or 14 chars.

    A modifier ending in 的 is kept when short (``10家到期的企业``) and skipped when long
    (``12块精心设计的劳模宣传橱窗``); a relative clause opened by a verb is skipped up to its 的
    (``近200条来自女工的金点子``); a leading book title (《...》) is skipped, the head noun after
    it says what is counted.
    """
    pos = cand.end
    if shadow.startswith("《", pos):
        close = shadow.find("》", pos, pos + 30)
        pos = close + 1 if close > 0 else pos
    toks = _words(shadow, pos, _clause_end(shadow, pos))
    if toks and _stops_following(toks[0], vocab):
        de = next((i for i, t in enumerate(toks[:8]) if t.text == "的"), None)
        toks = toks[de + 1:] if de is not None else []
    picked: list[Token] = []
    modifier: list[Token] = []
    people = cand.unit_key in PERSON_UNITS
    for i, tok in enumerate(toks):
        if tok.text == "的" and not modifier:
            modifier, picked = picked + [tok], []
            continue
        if _stops_following(tok, vocab) or (picked and (tok.end - pos > MAX_FOLLOW or tok.text in vocab.scope)):
            break
        if _chars(picked) >= 2 and _is_place(tok):
            break  # 18个单位|东江市五星级职工之家称号: the place opens what the units were given
        if _chars(picked) >= 2 and tok.text in LEVELS and not _unclosed(picked):
            break  # 12个单位|市五一劳动奖状: a level written alone opens a title (not in 省(区、市))
        if _chars(picked) >= 2 and _opens_predicate(toks, i):
            break  # 56个旗县工会|入驻同级综治中心: a verb after the noun opens the predicate
        if people and picked and _is_word(tok) and not _pos(tok.text).startswith("n") and not _unclosed(picked) \
                and _names_people(_text(shadow, _span(picked)), vocab):
            break  # 300名货车司机|送上入会礼包: once people are named, a word that is no noun says what they did
        picked.append(tok)
    picked = _trim_marks(picked)
    if modifier and picked and _pos(picked[-1].text) == "f":
        # 8个工种比赛的|基础上: a frame (noun and localizer) is no subject, what it frames is
        de = max((i for i, t in enumerate(picked) if t.text == "的"), default=0)
        picked = picked[:de]
    if modifier and not picked:
        picked = modifier[:-1]
    elif modifier and picked and _nouns(modifier[:-1]) and vocab.unit_kind.get(cand.unit_key) == "count":
        picked = modifier[:-1]  # 15家物流企业的代表队: the classifier counts the noun right after it
    elif modifier and picked:
        width = sum(len(t.text) for t in modifier) - 1
        whole = width + sum(len(t.text) for t in picked) + 1
        if 2 <= width <= 3 and whole <= width + 6:
            picked = modifier + picked
    if sum(len(t.text) for t in picked if _is_word(t)) < 2:
        return None
    return _span(picked)


# ---------------------------------------------------------------- subject trimmers

PERSON_UNITS = frozenset(("人", "名", "位", "人次", "员"))
LEVELS = frozenset(("省", "市", "县", "区", "全国"))  # a level written alone opens a title (市五一劳动奖状)
BENEFACTIVE = ("为", "向", "给", "替")  # prepositions that name whom a counted service was for
USE_MARKERS = ("专项用于", "用于", "用来")  # what money is spent on follows these
SOURCE = ("从", "自")  # prepositions that name where counted money came from: 从X中拿出


@lru_cache(maxsize=1)
def _org_lexicon():
    from reportmine.extractors.orgs import lexicon
    return lexicon()


def _pos(word: str) -> str:
    return _org_lexicon().pos.get(word, "")


def _nouns(toks: list[Token]) -> bool:
    """Only nouns (jieba n, nz, ns, nt; not a person's name, nr), at least two characters: a noun phrase."""
    return _chars(toks) >= 2 and all(_pos(t.text).startswith("n") and _pos(t.text) != "nr" for t in toks)


def _chars(toks: list[Token]) -> int:
    return sum(len(t.text) for t in toks if _is_word(t))


def _is_place(tok: Token) -> bool:
    """A place name (a region from the gazetteer, or jieba's ns) that can open a name or a title."""
    return tok.text in _org_lexicon().regions or _pos(tok.text) == "ns"


def _is_body(tok: Token) -> bool:
    """A word ending in an organisation head (总工会, 有限公司): the end of an acting body's name."""
    heads, lengths = _heads()
    return len(tok.text) >= 2 and any(tok.text[-n:] in heads for n in lengths if n <= len(tok.text))


@lru_cache(maxsize=1)
def _heads() -> tuple[frozenset[str], tuple[int, ...]]:
    heads = frozenset(s for s in _org_lexicon().suffixes if len(s) >= 2)
    return heads, tuple(sorted({len(s) for s in heads}))


def _loose_verb(tok: Token, vocab: Vocabulary) -> bool:
    return _is_verb(tok, vocab) or _pos(tok.text) == "v"


def _after_body(rest: list[Token], vocab: Vocabulary) -> list[Token]:
    """Drop an acting body and its verb before the counted noun: ``南湖区总工会投入`` -> ``投入``,
    ``向市总工会申请贴息贷款`` -> ``贴息贷款``. The body is a word ending in an organisation head
    that is not the first word (``工会会员`` keeps its 工会), or a long one (``总工会``)."""
    k = max((i for i, t in enumerate(rest[:-1]) if _is_body(t) and (i > 0 or len(t.text) >= 3)), default=-1)
    if k < 0:
        return rest
    tail = rest[k + 1:]
    if len(tail) > 1 and _loose_verb(tail[0], vocab) and _chars(tail[1:]) >= 2:
        tail = tail[1:]
    return tail if _chars(tail) >= 2 else rest


def _agent(rest: list[Token], vocab: Vocabulary) -> list[Token]:
    """For a count of people, the noun before a verb is who is counted: ``女职工参加岗位建功活动5230人``
    -> ``女职工``. Only when the noun names people (``现场|解答职工咨询`` does not), is at least two
    characters and the verb has an object."""
    for i, t in enumerate(rest):
        if i and _loose_verb(t, vocab):
            head = rest[:i]
            if _chars(head) >= 2 and all(_pos(h.text).startswith("n") for h in head) and _chars(rest[i + 1:]) >= 2 \
                    and _names_people("".join(h.text for h in head), vocab):
                return head
            return rest
    return rest


def _grows_to(shadow: str, floor: int, start: int) -> bool:
    """Between the figure before and this one only a change verb with 到/至 and perhaps a time or
    scope word (``由38个发展到10多万个``, ``从100余名发展到全市800余人``); the figure before may
    be a rate (``由1438元/月提高到1668元``)."""
    between = re.sub(r"^/[\u4e00-\u9fff]", "", shadow[floor:start])
    return 0 < len(between) <= 10 and ("到" in between or "至" in between) \
        and not any(ch in CLAUSE_BOUNDARY or ch.isdigit() for ch in between)


def _weak(shadow: str, span: tuple[int, int] | None) -> bool:
    """A preceding span that only measures (``一支``, ``一份价值``): the noun after 的 is what is counted."""
    if span is None:
        return True
    toks = _words(shadow, *span)
    return bool(toks) and (_pos(toks[0].text) == "m" or toks[-1].text in ("价值", "总价值", "价格"))


def _split_trail(toks: list[Token], vocab: Vocabulary) -> list[Token]:
    """Drop words between a subject and its number (达, 已, 共计, 高达, 了...), also when jieba glued
    them to the noun (``率达``, ``数已``); a change verb with its goal marker (``成长至``, ``增加到``,
    ``保持在``) and a dated time (``平均工资2014年``) are dropped the same way."""
    words = sorted(vocab.trail | set(vocab.prefix_qualifier), key=len, reverse=True)
    while toks:
        last = toks[-1]
        if len(toks) > 1 and last.text == "了" and toks[-2].text in vocab.trail:
            toks = toks[:-2]  # 增加了: a linking verb with its aspect mark
            continue
        if last.text in vocab.trail or last.text in vocab.prefix_qualifier or not _is_word(last):
            toks = toks[:-1]
            continue
        if len(toks) > 1 and last.text in ("到", "至", "在") and _loose_verb(toks[-2], vocab):
            toks = toks[:-2]
            continue
        if len(toks) > 1 and last.text in vocab.time and toks[-2].text.isdigit():
            toks = toks[:-2]
            continue
        glued = next((w for w in words if len(last.text) > len(w) and last.text.endswith(w)), None)
        if glued is None:
            return toks
        toks = toks[:-1] + [Token(last.text[:-len(glued)], last.start, last.end - len(glued))]
    return toks


def _last_cut(toks: list[Token], vocab: Vocabulary) -> int:
    """Index of the last verb, scope word, list word or 的 in ``toks`` (-1 when none)."""
    return max((i for i, t in enumerate(toks)
                if _is_verb(t, vocab) or t.text in vocab.scope or t.text in vocab.list_end
                or t.text == "的" or t.text.endswith("了")),
               default=-1)


def _noun_after_verbs(toks: list[Token], vocab: Vocabulary) -> tuple[list[Token], bool]:
    """What follows the last verb, and whether the verb itself had to be taken.

    When the cut leaves at most one character, a verb there belongs to the noun (``签订率``,
    ``女工组织``, ``全年救助``): the cut moves to the word before it. Scope words (全年, 每人),
    list words (等, 和) and 的 are never taken.
    """
    cut = _last_cut(toks, vocab)
    rest = toks[cut + 1:]
    took_verb = False
    while cut >= 0 and sum(len(t.text) for t in rest) <= 1 and _is_verb(toks[cut], vocab) \
            and toks[cut].text not in vocab.scope:
        took_verb = True
        cut = _last_cut(toks[:cut], vocab)
        rest = toks[cut + 1:]
    if took_verb and len(rest) > 1 and any(_benefactive(t, vocab) for t in [*toks[cut:cut + 1], *rest[:-1]]):
        rest = rest[-1:]  # 共为援鄂职工家属服务33次: the service is counted, not whom it was for
    return rest, took_verb


def _benefactive(tok: Token, vocab: Vocabulary) -> bool:
    """为, 向, 给, 替, also after a scope word jieba glued to it (共为)."""
    return tok.text[-1:] in BENEFACTIVE and (len(tok.text) == 1 or tok.text[:-1] in vocab.scope)


def _source(rest: list[Token]) -> list[Token] | None:
    """Money taken from a fund (``从本级经费中拿出20万元``) is counted by the fund: the words
    between 从 and its localizer (中, 里, 内) after any 的, when only verbs follow the localizer."""
    opener = next((i for i, t in enumerate(rest) if t.text in SOURCE), None)
    if opener is None:
        return None
    close = next((i for i in range(opener + 1, len(rest)) if rest[i].text in ("中", "里", "内")), None)
    if close is None or close == len(rest) - 1 or any(_pos(t.text) != "v" for t in rest[close + 1:]):
        return None
    fund = rest[opener + 1:close]
    de = max((i for i, t in enumerate(fund) if t.text == "的"), default=-1)
    fund = fund[de + 1:]  # 从有限的经费中: the fund is the noun after the modifier
    return fund if _chars(fund) >= 2 else None


def _across_scope(toks: list[Token], rest: list[Token], took_verb: bool, vocab: Vocabulary) -> list[Token]:
    """A head that only says a number is meant (``数量``, ``总数``), cut from its noun by a scope
    word (``职工书屋累计数量``, ``关爱室全年总数``), gives way to the noun before the scope word;
    so does a verb taken as the head when a topic noun stands before the scope word
    (``法律援助案件全年共受理180件``), unless that noun is the acting body (``市总工会全年投入``)."""
    if len(rest) != 1 or not (rest[0].text in vocab.count_head or took_verb):
        return rest
    j = i = next(k for k, t in enumerate(toks) if t is rest[0])
    while j > 0 and toks[j - 1].text in vocab.scope:
        j -= 1
    if j == i:
        return rest
    before, verb_before = _noun_after_verbs(toks[:j], vocab)
    if took_verb and (verb_before or any(_is_body(t) for t in before)):
        return rest
    return before if _chars(before) >= 2 else rest


def _listed(shadow: str, toks: list[Token], floor: int, vocab: Vocabulary) -> list[Token]:
    """A list closed by 等 right before the number is what is counted (``慰问环卫工人、快递员等320人``):
    the clause is read back across the list's 、 and the 等 dropped. A list of names
    (jieba nr) keeps its 等, so no names become the subject (``张三、李四等5人``)."""
    start = toks[0].start
    while start > floor + 1 and shadow[start - 1] == "、":
        start = _clause_start(shadow, start - 1, floor)
    listed = _split_trail(_words(shadow, start, toks[-1].start), vocab) if start < toks[0].start else toks[:-1]
    return toks if any(_pos(t.text) == "nr" for t in listed) else listed


def _is_share(tok: Token, vocab: Vocabulary) -> bool:
    """A share or comparison word, also glued by jieba to the time compared with (较前年)."""
    return tok.text in vocab.share or (len(tok.text) > 2 and tok.text[0] in vocab.share and _pos(tok.text[1:]) == "t")


def _before_gloss(shadow: str, begin: int, floor: int) -> int:
    """A short bracketed gloss right before the number (``基层工会(含联合工会)65个``) is skipped:
    the counted noun is written before it."""
    if begin <= floor or shadow[begin - 1] not in ")）":
        return begin
    opener = max(shadow.rfind(o, max(floor, begin - 16), begin - 1) for o in "(（")
    return opener if opener > floor else begin


def _preceding(shadow: str, cand: Candidate, floor: int, vocab: Vocabulary) -> tuple[tuple[int, int] | None, bool, bool]:
    """The noun phrase before the number in its clause, after the last report verb.

    Returns the span, whether the clause was a share (``X占Y的30%``) without its own X, and
    whether the span is a verb taken as noun (then a subject after the number is preferred).
    """
    begin = cand.start
    if begin > 0 and shadow[begin - 1] in "(（":
        begin -= 1
        while begin > floor and shadow[begin - 1] in " \n":
            begin -= 1
    begin = _before_gloss(shadow, begin, floor)
    toks = _words(shadow, _clause_start(shadow, begin, floor), begin)
    shares = [i for i, t in enumerate(toks) if _is_share(t, vocab)]
    if shares:
        toks = toks[:shares[0]]
    trimmed = _split_trail(toks, vocab)
    if len(trimmed) > 1 and trimmed[-1].text in ("等", "等等"):
        trimmed = _listed(shadow, trimmed, floor, vocab)
    rest, took_verb = _noun_after_verbs(trimmed, vocab)
    rest = _across_scope(trimmed, rest, took_verb, vocab)
    if shares and not rest:
        rest = _de_phrase(trimmed, vocab)  # 大专以上学历的占45%: the 的-phrase is the group
    origin = max((i for i, t in enumerate(toks) if t.text in ("由", "从")), default=-1)
    if origin > 0 and _chars(rest) < 2:  # 基层工会组织已由五年前的38个: the noun before 由 is counted
        rest, took_verb = _noun_after_verbs(_split_trail(toks[:origin], vocab), vocab)
    while rest and (rest[0].text in ("了", "过", "出") or rest[0].text in vocab.time
                    or not _is_word(rest[0])) and rest[0].text not in "“\"":
        rest = rest[1:]
    rest = _trim_marks(_after_body(rest, vocab))
    if cand.unit_key.endswith("元"):
        rest = _source(trimmed) or rest
    if vocab.unit_kind.get(cand.unit_key) == "count" and cand.unit_key in PERSON_UNITS:
        rest = _agent(rest, vocab)
    if sum(len(t.text) for t in rest if _is_word(t)) < 2:
        rest = []
    return _span(rest), bool(shares) and not rest, took_verb


def _remainder(shadow: str, cand: Candidate, vocab: Vocabulary) -> tuple[int, int] | None:
    """Last resort: the rest of the clause after the figure, minus a leading verb (``万余人参与关注``)."""
    toks = _words(shadow, cand.end, _clause_end(shadow, cand.end))
    if len(toks) > 1 and (toks[0].text in vocab.follow_stop or _is_verb(toks[0], vocab)):
        toks = toks[1:]
        while len(toks) > 1 and toks[0].text in ("了", "着", "过"):
            toks = toks[1:]  # 参加了培训: the aspect mark goes with the verb
    while len(toks) > 1 and toks[-1].end - cand.end > MAX_FOLLOW:
        toks = toks[:-1]
    cut = next((i for i, t in enumerate(toks) if i and _chars(toks[:i]) >= 2
                and (_loose_verb(t, vocab) or any(ch.isdigit() for ch in t.text))), None)
    toks = toks[:cut] if cut is not None else toks
    toks = _trim_marks(toks)
    return _span(toks) if sum(len(t.text) for t in toks if _is_word(t)) >= 2 else None


def _received(shadow: str, cand: Candidate, vocab: Vocabulary) -> tuple[int, int] | None:
    """For people counted only by what they received or became, that honour or role.

    No noun says who the people are, or only a stand-in (同志), and an award verb links them to
    what they got: ``泉州3人获全国五一劳动奖章``, ``张三等27位同志被评为优秀组织工作者``,
    ``李四等39人被省总工会授予省五一劳动奖章``, ``71位同志当选常务委员``; or the verb comes first
    and a quoted title follows the count: ``授予4人“省技术能手”称号``. The honour is read as the
    awardee extractor reads it (year and 称号 dropped), whatever the verb: with no noun for the
    people, a role (当选常务委员) or a plain prize (获技术状元) is still what they are counted by.
    """
    pos = cand.end + next((len(w) for w in vocab.stand_in if shadow.startswith(w, cand.end)), 0)
    link = vocab.award_link.match(shadow, pos)
    if link and link.end() not in {t.end for t in _words(shadow, pos, link.end() + 4)}:
        link = None  # 获 of 获奖代表 is part of a noun
    if link:
        pos = link.end()
    elif shadow[pos:pos + 1] not in QUOTE_PAIRS or not any(
            m.end() == cand.start for m in vocab.award_link.finditer(shadow, max(0, cand.start - 4), cand.start)):
        return None
    found = awardees.honour_phrase(shadow, pos, _phrase_end(shadow, pos), strong=True)
    if not found:
        return None
    honour, start, end = found[0]
    at = shadow.find(honour, start, end)  # a quoted title: its span without the year (2011年度“…”)
    return (at, at + len(honour)) if at >= 0 else (start, end)


def _phrase_end(shadow: str, pos: int) -> int:
    """Where the phrase after ``pos`` surely ends: a sentence mark or a blank (the gap between two
    headlines), at most 60 characters on."""
    hi = min(len(shadow), pos + 60)
    return next((i for i in range(pos, hi) if shadow[i] in "。！？!?" or shadow[i].isspace()), hi)


def _nominal(shadow: str, cand: Candidate, floor: int, vocab: Vocabulary) -> tuple[int, int] | None:
    """A phrase closed by 的 right before the number names the counted group by itself
    (``40岁以下的近700人``, ``能享受副主席待遇的0人``): the clause up to and with its 的, after
    leading scope words. Asked last, when no noun was found before or after the number."""
    return _span(_de_phrase(_split_trail(_words(shadow, _clause_start(shadow, cand.start, floor), cand.start), vocab), vocab))


def _de_phrase(toks: list[Token], vocab: Vocabulary) -> list[Token]:
    """``toks`` as a phrase closed by 的 that names a group by itself, without leading scope and
    time words; empty when they are not one."""
    if not toks or toks[-1].text != "的":
        return []
    while toks and (toks[0].text in vocab.scope or toks[0].text in vocab.time):
        toks = toks[1:]
    return toks if _chars(toks[:-1]) >= 2 else []


def _purpose(shadow: str, cand: Candidate, vocab: Vocabulary, use_only: bool = False) -> tuple[int, int] | None:
    """Money that only a verb introduces (``总工会投入32.7万元``) is counted by the programme it pays
    for when the next clause opens with a programme's trigger verb (``gazetteers/programme_heads.tsv``):
    ``，开展了“冬送温暖”慰问活动`` -> ``“冬送温暖”慰问活动``; a short clause is the name whole.
    A purpose written with 用于 names it directly: ``拿出200万元用于职工之家建设`` -> ``职工之家建设``
    (``use_only``: only that)."""
    if not cand.unit_key.endswith("元"):
        return None
    pos = cand.end + (1 if shadow[cand.end:cand.end + 1] in "，," else 0)
    use = next((w for w in USE_MARKERS if shadow.startswith(w, pos)), None)
    if use:  # 拿出200万元用于职工之家建设: what the money is used for
        toks = _trim_marks(_words(shadow, pos + len(use), _clause_end(shadow, pos + len(use))))
        return _span(toks) if 2 <= _chars(toks) and toks[-1].end - toks[0].start <= MAX_FOLLOW else None
    if use_only or shadow[cand.end:cand.end + 1] not in "，,":
        return None
    end = _clause_end(shadow, cand.end + 1)
    toks = _words(shadow, cand.end + 1, end)
    if len(toks) < 2 or toks[0].text not in programmes.vocab().trigger:
        return None
    pos = toks[1].end if toks[1].text == "了" else toks[0].end
    if end - pos <= MAX_FOLLOW and shadow[end:end + 1] in "，,。；;":
        name = _trim_marks([t for t in toks if t.start >= pos])
        return _span(name) if _chars(name) >= 2 else None
    return _following(shadow, replace(cand, end=pos), vocab)


def _names_people(phrase: str, vocab: Vocabulary) -> bool:
    """The phrase ends in a word that names people (``gazetteers/figure_words.tsv``, person_head)."""
    return phrase.rstrip("”’」』\")）").endswith(vocab.person_head)


def _noun_follows(shadow: str, pos: int) -> bool:
    """The word right after ``pos`` is a noun (jieba n*), in the same clause."""
    toks = _words(shadow, pos, _clause_end(shadow, pos))
    return bool(toks) and _pos(toks[0].text).startswith("n")


def _counted_before(shadow: str, cand: Candidate, floor: int, after: tuple[int, int],
                    vocab: Vocabulary) -> tuple[int, int] | None:
    """The noun before the number, when the phrase ``after`` the unit says what was done rather
    than what is counted: for people, it names no people while the noun before does
    (``安排返乡农民工60人|到企业务工``); for money, it opens with a verb and a noun stands before
    (``投入资金2600万元|改善…条件``). None otherwise."""
    if cand.unit_key in PERSON_UNITS and not _names_people(_text(shadow, after), vocab):
        fits = lambda span: _names_people(_text(shadow, span), vocab)  # noqa: E731
    elif cand.unit_key.endswith("元") and _pos(_words(shadow, *after)[0].text) == "v":
        fits = lambda span: _pos(_words(shadow, *span)[-1].text).startswith("n")  # noqa: E731
    else:
        return None
    before, _, took_verb = _preceding(shadow, cand, floor, vocab)
    return before if before and not took_verb and fits(before) else None


def _continues(shadow: str, start: int, floor: int, vocab: Vocabulary) -> bool:
    """The clause before ``start`` holds only linking words (达到, 共计, 累计…): it goes on
    about what the clause before counted."""
    toks = _words(shadow, _clause_start(shadow, start, floor), start)
    return bool(toks) and all(t.text in vocab.scope for t in _split_trail(toks, vocab))


def _subject(shadow: str, cand: Candidate, floor: int, previous: tuple[int, int] | None,
             vocab: Vocabulary) -> tuple[int, int] | None:
    """Where the subject of ``cand`` is: what counted people received (see :func:`_received`),
    after the unit, before the number, or in the clause rest.

    Percentages never take a following subject: what follows a share is its context
    (``占10%近年来``), the measured thing is written before it.
    """
    nxt = shadow[cand.end:cand.end + 1]
    counted = cand.unit and vocab.unit_kind.get(cand.unit_key) != "percent"
    if cand.unit and not counted and nxt == "的":
        before = _preceding(shadow, cand, floor, vocab)[0]
        span = _following(shadow, replace(cand, end=cand.end + 1), vocab)
        linked = before is not None and before[1] < cand.start  # 签订率达90%的目标: words between (达) link them
        if span and not linked and _pos(_words(shadow, *span)[-1].text).startswith("n"):
            return span  # 60%以上的企业: a share written before its noun with 的 measures that noun
    if counted and cand.unit_key in PERSON_UNITS:
        span = _received(shadow, cand, vocab)
        if span:
            return span
    if counted and nxt and nxt not in CLAUSE_BOUNDARY and nxt != "的":
        span = _following(shadow, cand, vocab)
        if span:
            return _counted_before(shadow, cand, floor, span, vocab) or span
    if not cand.unit and _noun_follows(shadow, cand.end):
        span = _following(shadow, cand, vocab)  # 为1200万会员: a scaled number without unit before its noun
        if span:
            return span
    span, bare_share, took_verb = _preceding(shadow, cand, floor, vocab)
    if counted and nxt == "的" and _weak(shadow, span):
        after = _following(shadow, cand, vocab)  # 一支600余人的志愿者队伍, 一份价值200元的月饼礼盒
        if after:
            return after
    if not span and counted and previous and _grows_to(shadow, floor, cand.start):
        return previous  # 基层工会组织由38个发展到10多万个
    use = _purpose(shadow, cand, vocab, use_only=True) if span and counted and not took_verb else None
    if use and all(_loose_verb(t, vocab) for t in _words(shadow, *span)):
        return use  # 拿出200万元用于职工之家建设: a verb is no subject when the use is written
    if span and took_verb and counted:
        return _following(shadow, cand, vocab) or _purpose(shadow, cand, vocab) or span
    if span:
        return span
    if (bare_share or not counted) and previous:
        return previous  # a share or change with no subject of its own (占39.7%, 同比增长12.5%)
    if counted:
        span = _following(shadow, cand, vocab)
    span = span or _remainder(shadow, cand, vocab) or _nominal(shadow, cand, floor, vocab)
    if not span and previous and _continues(shadow, cand.start, floor, vocab):
        return previous  # 帮扶资金较去年增长15%,达到1.2亿元: the clause only links on
    return span


def _figure(ctx: Context, cand: Candidate, subject: tuple[int, int] | None) -> Figure:
    text = ctx.doc.text
    s_start, s_end = subject if subject else (None, None)
    return Figure(
        text=text[cand.start:cand.end], start=cand.start, end=cand.end,
        value=cand.value, unit=cand.unit, value_max=cand.value_max, qualifier=cand.qualifier,
        subject=text[s_start:s_end] if subject else None, subject_start=s_start, subject_end=s_end,
        extractor=EXTRACTOR, version=VERSION,
        confidence=round(cand.confidence - (0.2 if subject is None else 0), 2),
    )


def extract_figures(doc: Doc) -> list[Figure]:
    """All reported quantities in ``doc``, in text order, each with its subject when one is found."""
    vocab = vocabulary()
    shadow = doc.shadow
    if not re.search(r"[\d零〇一二两三四五六七八九十百千万亿]", shadow):
        return []
    ctx = _context(doc, vocab)
    out: list[Figure] = []
    inherited: list[bool] = []
    floor, previous, sentence_end = 0, None, -1
    for m in vocab.pattern.finditer(shadow):
        cand = _candidate(m, ctx, vocab)
        if cand is None:
            continue
        if cand.start >= sentence_end:
            previous = None
            sentence_end = doc.sentence_of(cand.start)[1]
        subject = _subject(shadow, cand, floor, previous, vocab)
        out.append(_figure(ctx, cand, subject))
        inherited.append(subject is None or subject == previous)
        floor, previous = cand.end, subject or previous
    return _read_runs(ctx, out, inherited, vocab)


# ---------------------------------------------------------------- runs of figures

def _runs(shadow: str, figures: list[Figure], vocab: Vocabulary) -> list[tuple[int, int]]:
    """Index ranges ``[i, j)`` of two or more figures joined only by 、 or a list word
    (``120名、85名``, ``70%和30%``)."""
    runs, i = [], 0
    while i < len(figures):
        j = i + 1
        while j < len(figures) and _joined(shadow[figures[j - 1].end:figures[j].start].strip(), vocab):
            j += 1
        if j - i > 1:
            runs.append((i, j))
        i = j
    return runs


def _joined(between: str, vocab: Vocabulary) -> bool:
    return between == "、" or (between in vocab.list_end and between not in ("等", "等等"))


def _read_runs(ctx: Context, figures: list[Figure], inherited: list[bool], vocab: Vocabulary) -> list[Figure]:
    """Subjects that a run of joined figures shares, read once all figures are known.

    - numbers that share one unit and the noun written after the last of them
      (``分别有120名、85名职工``): every member counts that noun;
    - a run after 分别 whose members have no subject of their own (``分别占70%和30%``,
      ``分别增长8%、5%``) distributes over the figures right before it in the same sentence,
      in order, when there are as many of them.
    """
    shadow, out = ctx.doc.shadow, list(figures)
    for i, j in _runs(shadow, out, vocab):
        last = out[j - 1]
        if last.subject_start is not None and last.subject_start >= last.end \
                and all(f.unit == last.unit for f in out[i:j]):
            for k in range(i, j - 1):
                out[k] = _with_subject(ctx, out[k], (last.subject_start, last.subject_end))
            continue
        sentence = ctx.doc.sentence_of(out[i].start)
        floor = max(out[i - 1].end if i else 0, sentence[0])
        at = shadow.rfind("分别", floor, out[i].start)
        if at < 0:
            continue
        spans = _figures_before(out, i, j, inherited, sentence[0]) or _listed_before(shadow, at, floor, j - i, vocab)
        if spans is None or not all(inherited[i + 1:j]) or not (
                inherited[i] or spans[-1][0] <= out[i].subject_start < at):
            continue
        for k, span in zip(range(i, j), spans):
            out[k] = _with_subject(ctx, out[k], span)
    return out


def _figures_before(figures: list[Figure], i: int, j: int, inherited: list[bool],
                    sentence_start: int) -> list[tuple[int, int]] | None:
    """The subjects of the ``j - i`` figures right before ``figures[i]`` in its sentence, when they
    are all different and the run's own members found none (``一线职工210人、技术人员90人,分别占…``)."""
    n = j - i
    if i < n or not inherited[i] or figures[i - n].start < sentence_start:
        return None
    spans = [(f.subject_start, f.subject_end) for f in figures[i - n:i]]
    return spans if None not in (s for s, _ in spans) and len(set(spans)) == n else None


def _listed_before(shadow: str, at: int, floor: int, n: int, vocab: Vocabulary) -> list[tuple[int, int]] | None:
    """The members of a list of ``n`` nouns written right before 分别 (``一线职工、技术骨干和青年职工分别占…``),
    without leading scope words."""
    start = at
    while start > floor and (shadow[start - 1] not in CLAUSE_BOUNDARY or shadow[start - 1] == "、"):
        start -= 1
    items: list[list[Token]] = [[]]
    for tok in _words(shadow, start, at):
        if tok.text == "、" or tok.text in vocab.list_end:
            items.append([])
        elif items[-1] or tok.text not in vocab.scope:
            items[-1].append(tok)
    if len(items) != n or any(_chars(item) < 2 for item in items):
        return None
    return [_span(item) for item in items]


def _with_subject(ctx: Context, figure: Figure, span: tuple[int, int]) -> Figure:
    return replace(figure, subject=ctx.doc.text[span[0]:span[1]], subject_start=span[0], subject_end=span[1],
                   confidence=round(figure.confidence + (0.2 if figure.subject is None else 0), 2))
