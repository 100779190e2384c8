"""AWARDEE records by rules and dictionaries: who (a person or a collective) holds which honour.

These patterns cover how union reports name awardees (see GUIDELINES.md, section 4):

1. apposition, honour first: ``省级劳模、中铁山桥焰切工宋艳``, ``省劳模钟晓媛``,
   ``四川省五一巾帼奖章、全国五一劳动奖章获得者、…队长陈建国``;
2. award verb, awardees first: ``朱光华、李志有等9人获评秦皇岛市劳模和先进工作者称号``,
   ``…柳村女子探伤工区等10个集体荣获全国五一巾帼奖状``;
3. a list after a colon that follows an honour: ``荣获全国劳动模范称号的有:张三、李四``;
4. a roster: a heading line (``…名单``, ``一、全国五一劳动奖章(3名)``, ``授予以下同志“…”:``, a
   ``关于表彰…的决定`` title whose prose comes before the names) over
   one awardee or a list of them per line (a collective; a name glued to its unit and title, after a
   region label or with its unit in brackets; names separated by 、 or spaces; table rows);
5. the objects of an active award verb: ``授予X、Y同志“…”称号`` (its subject is the awarding body);
6. the honour in brackets after a name: ``某某(全国劳动模范)``;
7. holders named around an honour without a subject before the verb: ``一等奖由A和B获得``,
   ``为X颁发全国五一劳动奖章``, ``对A、B予以通报表扬``, a subject-less clause after the sentence's topic
   (``某某厂驾驶员X受到表彰，被授予…``) or a pronoun after the sentence about the holder
   (``…X光荣退休。他先后荣获…``).

Matching runs on the simplified shadow with pinyin glosses (``國(guó)``) and book titles blanked
out, so positions stay aligned with ``doc.text``; surface strings are cut from ``doc.text``.
Person names are a surname (gazetteer) plus one or two characters, accepted only where the
context marks a name boundary (an honour, a job title, an organisation before; 等/、/a verb after).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from reportmine import gazetteers
from reportmine.text import segment
from reportmine.text.doc import Doc
from reportmine.records import Awardee, Mention

EXTRACTOR = "rules.awardees"
VERSION = "0.1.0"

CJK = r"\u4e00-\u9fff"
# a counted number and its measure word (3名, 十二个): a count of awardees, not a name
COUNT = r"[\d一二两三四五六七八九十百]+"
COUNT_UNIT = r"(?:名|人|个|家|支|项|位)"
NEXT_PHRASE = re.compile(r"[^，,。；;、:：(（\n]{2,24}")  # the phrase after a 、 (a second honour?)
ITEM_END = re.compile(r"等|[、，,。；;:：和与及]|$")  # where a list item after an award verb ends
QUOTE_OPEN = "“\"「『"
QUOTE_CLOSE = "”\"」』"
BOOK_TITLE = re.compile(r"《[^《》\n]{0,60}》")
MOJIBAKE = re.compile(r"\?+[a-zA-Z\u00e0-\u01dc\u0300-\u036f]*\)?\??|/?font>|</?font[^>]*>")
SENTENCE = re.compile(r"[^。！？!?；;\n]+[。！？!?；;]?")
LIST_SEP = re.compile(r"[、，,]")


def listed_words(gazetteer: str, role: str) -> tuple[str, ...]:
    """The words of one role of a ``word``/``role`` gazetteer, in file order (each file is read once)."""
    return tuple(r["word"] for r in gazetteers.load(gazetteer) if r["role"] == role)


def alternation(ws) -> str:
    """A regex alternation of literal words."""
    return "|".join(map(re.escape, ws))


# words that may follow a person's name: a boundary, a linking word or a common reporting verb
AFTER_NAME = listed_words("award_words", "after_name") + ("\n",)
CONJUNCTIONS = "和与及"  # open a given name only where its edges are given (given_ok)
NOT_GIVEN = set("的了是在和与及等年日个名位次人们工会部局厂司省县区镇村女士先生老师傅劳模某总家之这那其各全本该")
YEAR = re.compile(r"^(\d{2,4}(-\d{2,4})?年度?|第[一二三四五六七八九十\d]+届|首届|本届|了|再次|又|均|分别|先后)+")
ORG_HEAD = listed_words("award_words", "org_head")
# a collective reference that names no one body: a determiner (各, 有关), a generic modifier (优秀, 基层)
# or a count (8个班组)
GENERIC_OPENINGS = listed_words("org_stopwords", "determiner") + listed_words("award_words", "generic_start")
GENERIC_ORG = re.compile(rf"^({alternation(GENERIC_OPENINGS)}|[\d一二三四五六七八九十百千]+(?:个|家|支|所|名))")
ADVERBIAL = re.compile(r"在[^。；;]{2,60}?(中|上|里|期间)[,，]?$")
CLUB_SPLIT = re.compile(rf"^([{CJK}]{{2,}}?(?:局|公司|集团|厂|院))([{CJK}]{{2,8}}(?:读书会|俱乐部|志愿服务队|合唱团|协会))$")
LEADING_JUNK = re.compile(r"^(其中|同时|另外|此外|我(?:市|省|县|区)的?|本(?:市|省|县|区)的?|全(?:市|省)|该|来自|公司(?=.{4,}))+")
DOTTED_NAME = re.compile(rf"[{CJK}]{{2,8}}((?:[·•・][{CJK}]{{2,8}})+)$")  # 阿依古丽·吐尔逊: parts joined by a middle dot
SECOND_HONOUR = re.compile(r"[和及与](?=全国|全省|全市|国家级|省部级|[省市县区]级?[\u4e00-\u9fff]{2})")  # …和省劳动模范
PRIZE = re.compile(r"(特等奖|[一二三四五六七八九十\d]+等奖|金奖|银奖|铜奖|优秀奖|最佳[\u4e00-\u9fff]{1,6}奖|"
                   r"第[一二三四五六七八九十\d]+名|状元|冠军|亚军|季军|[一二三]等功)")  # prizes and places of a competition
PRIZE_END = re.compile(rf"(?:{PRIZE.pattern})$")  # 获得第一名: a place is an honour a weak verb gives,
PLACE_MAX = 8  # when short (个人第一名); a long phrase before it is the competitions' names, for the model to cut
PRIZE_PAIR = re.compile(rf"(?<=奖)[和及与](?={PRIZE.pattern})")  # 一等奖和二等奖, 二等奖及优秀奖: two prizes
RESPECTIVELY = re.compile(r"(?:分别|分)(?:被)?$")  # 分获, 分别获得, 分别被评为: holders and honours in order
COUNT_TAIL = re.compile(rf"(等|共)?[\d一二两三四五六七八九十百千]+(个|名|位|家|人|支|篇|项|所)[{CJK}]{{0,8}}$")
HONOUR_END = listed_words("award_words", "honour_end")
WEAK_HEADS = listed_words("award_words", "weak_head")
BAD_HONOUR = re.compile(rf"({alternation(listed_words('award_words', 'not_honour'))}|(?:{alternation(listed_words('award_words', 'not_honour_end'))})$)")
LEVEL = re.compile(r"(全国|全省|全市|全区|全县|国家级|省部级|省级|市级|县级|区级|[省市县区](?:、[省市县区])*)$")
OBJECT_MARKERS = ("获", "评", "为", "予", "得", "膺", "选", "入", "及", "和", "对", "表彰")
HONOUR_BEFORE_DE = re.compile(r"(?:奖|章|状|号|岗|标兵|能手|模范|劳模|工匠|先进|集体|单位|个人|第[一二三四五六七八九十\d]+名)$")
HONOUR_WINDOW = 400  # characters after an award verb where its honours are read (quoted ones chained by 、)
STAR_GRADE = re.compile(r"[一二三四五1-5]星级?$")
SECTOR = re.compile(rf"[{CJK}]{{2,4}}(行业|系统|战线)$")


@dataclass(frozen=True)
class Lexicon:
    """Everything the rules read from the gazetteers, built once per process."""

    freq: dict
    surnames: frozenset
    compound: frozenset
    titles: tuple
    honour_re: re.Pattern
    verb_re: re.Pattern
    strong: frozenset


@dataclass(frozen=True)
class Found:
    """One awardee before it becomes a record: spans index the document."""

    name: tuple[int, int]
    kind: str
    honour: str
    honour_span: tuple[int, int]
    organisation: str | None
    confidence: float


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """Load the gazetteers and compile the regexes once per process."""
    sur = gazetteers.load("surnames")
    single = frozenset(r["surname"] for r in sur.rows if r["kind"] == "single")
    compound = frozenset(r["surname"] for r in sur.rows if r["kind"] == "compound")
    titles = tuple(sorted(gazetteers.load("person_titles").column("title"), key=len, reverse=True))
    honours = sorted(gazetteers.load("honours").column("honour"), key=len, reverse=True)
    verbs = gazetteers.load("award_verbs")
    verb_list = sorted(verbs.column("verb"), key=len, reverse=True)
    strong = frozenset(r["verb"] for r in verbs.rows if r["strength"] == "strong")
    return Lexicon(
        freq=segment.tokenizer().FREQ,
        surnames=single,
        compound=compound,
        titles=titles,
        honour_re=re.compile("|".join(map(re.escape, honours))),
        verb_re=re.compile("|".join(map(re.escape, verb_list))),
        strong=strong,
    )


def prepare(doc: Doc) -> str:
    """The shadow with book titles and mojibake blanked to spaces: every offset is kept.
    (Pinyin glosses are already gone: ingest/clean.py drops them.)"""
    text = BOOK_TITLE.sub(lambda m: " " * len(m.group()), doc.shadow)
    text = MOJIBAKE.sub(lambda m: " " * len(m.group()), text)
    return text


def squeeze(text: str) -> str:
    """A string without the blanks :func:`prepare` left (for honour comparison and validation)."""
    return text.replace(" ", "")


# ---------------------------------------------------------------- names

def given_ok(given: str, delimited: bool = False) -> bool:
    """Given-name characters: CJK only and none that never start or fill a given name. Where the name's
    edges are given (``delimited``: a list item, or an award verb right after it), a two-character
    given name may open with a conjunction (刘和平, 林与辉): nothing is left for it to join."""
    if delimited and len(given) == 2 and given[0] in CONJUNCTIONS:
        given = given[1:]
    return all("\u4e00" <= ch <= "\u9fff" for ch in given) and given[0] not in NOT_GIVEN and not any(
        ch in "的了是在和等年日个们会部局司省县区镇村某" for ch in given)  # 月 is a given name (月娥): dates have no surname


def common_word(s: str, i: int, n: int, limit: int, delimited: bool = False) -> bool:
    """True when the would-be name ``s[i:i+n]`` reads as an ordinary word (``师资库``, ``周活动``).

    Uses the segmenter's word frequencies: a name's first two characters or its given name
    being a frequent dictionary word means the surname character is not a surname here. A given
    name opening with a conjunction (刘和平) is let be a word where the name's edges are given
    (``delimited``): a conjunction after a surname character joins nothing there.
    """
    lex = lexicon()
    compound = s[i:i + 2] in lex.compound
    given = s[i + 2:i + n] if compound else s[i + 1:i + n]
    head = 0 if compound else lex.freq.get(s[i:i + 2]) or 0
    return max(head, lex.freq.get(s[i:i + n]) or 0) > limit or (
        len(given) == 2 and (lex.freq.get(given) or 0) > 5000 and not (delimited and given[0] in CONJUNCTIONS))


def name_end(s: str, i: int, end: int | None = None) -> int | None:
    """End of a person name starting at ``s[i]``, or None.

    With ``end`` given the name must end exactly there (an item of a list); otherwise the name is
    the 2- or 3-character reading that is followed by a boundary word (AFTER_NAME).
    """
    lex = lexicon()
    if not 0 <= i < len(s):
        return None  # at the end of a text or sentence (a holder expected after the last honour)
    strict = 1  # a surname that doubles as a common word (洪, 赖, 傅) needs rarer readings
    if s[i:i + 2] in lex.compound:
        lengths = (3, 4)
    elif s[i] in lex.surnames:
        lengths = (2, 3)
    elif s[i] in extra_surnames():
        lengths, strict = (2, 3), 10
    else:
        return None
    if end is not None:
        n = end - i
        ok = n in lengths and given_ok(s[i + 1 + (lengths == (3, 4)):end], True) and not common_word(s, i, n, 1000 // strict, True)
        return end if ok and s[i:end] not in _title_ends()[0] else None  # 班长, 高工: a title, not 班+长
    for n in lengths:
        e = i + n
        if e <= len(s) and given_ok(s[i + (2 if lengths == (3, 4) else 1):e], bool(lex.verb_re.match(s, e))) and (
                e == len(s) or s.startswith(AFTER_NAME, e)) and not common_word(s, i, n, 100 // strict) \
                and s[i:e] not in _title_ends()[0]:
            return e
    return None


def title_suffix(s: str) -> int:
    """Length of the longest job title ``s`` ends with (0 if none)."""
    titles, lengths = _title_ends()
    for n in lengths:
        if n <= len(s) and s[-n:] in titles:
            return n
    return 0


@lru_cache(maxsize=1)
def _title_ends() -> tuple[frozenset[str], tuple[int, ...]]:
    """The job titles as a set, and their lengths longest first: a suffix lookup per length, not a
    scan of every title (the learned awardee step asks this of every candidate pair)."""
    titles = lexicon().titles
    return frozenset(titles), tuple(sorted({len(t) for t in titles if t}, reverse=True))


def strip_titles(s: str) -> str:
    """``泉州市中医院原副院长`` -> ``泉州市中医院``: drop trailing titles and the 原/前 before them."""
    while True:
        n = title_suffix(s)
        if not n:
            return s.rstrip("原前、 ")
        s = s[:-n].rstrip("原前、 ")


def affiliation(before: str) -> str | None:
    """The unit written before a name: without its job titles, or its role (``某某公司制版师``)."""
    unit = strip_titles(before)
    if role_before(unit):
        unit = unit_and_role(unit) or unit
    return unit or None


def person_in_item(item: str, org_ends: frozenset = frozenset()) -> tuple[int, int] | None:
    """The person name an item ends with, as a span of ``item``: ``质量管理部唐丽华`` -> (5, 8).

    The text before the name must be empty, end with a job title or an organisation head
    (部, 车间, 公司 ...), with a unit and a role the title list lacks (:func:`role_before`) or end
    where an ORG mention ends: otherwise the "name" is a word tail.
    """
    dotted = DOTTED_NAME.search(item)
    if dotted:  # 阿依古丽·吐尔逊: a transliterated name, its first part right after the unit or title
        for i in range(dotted.start(1) - 2, dotted.start() - 1, -1):  # the shortest first part first
            before = item[:i]
            if not before or title_suffix(before) or before.endswith(ORG_HEAD + tuple(ROLE_END)) or i in org_ends:
                return (i, len(item))  # the dot marks the name: a role's last character (饲养员) may end the unit
        return None
    for n in (3, 2, 4):
        i = len(item) - n
        if i < 0 or name_end(item, i, len(item)) is None:
            continue
        before = item[:i]
        if n == 3 and before and title_suffix(item[:i + 1]) and not title_suffix(before):
            continue  # 班长王伟: 长 belongs to the title, not to the name
        if not before or title_suffix(before) or before.endswith(ORG_HEAD) or i in org_ends or role_before(before):
            return (i, len(item))
    return None


# ---------------------------------------------------------------- honours

def honour_start(s: str, start: int) -> int:
    """Extend an honour leftwards over its level or region prefix (``秦皇岛市``, ``全国``, ``省、市``).

    A sector in front (``全国保洁行业``) is part of the honour too.
    """
    sector = SECTOR.search(s[max(0, start - 12):start])
    if sector:
        return level_start(s, start - len(sector.group()))
    return level_start(s, start)


def level_start(s: str, start: int) -> int:
    """Where the level or region prefix ending at ``start`` begins (``start`` if there is none)."""
    head = s[max(0, start - 12):start]
    grade = STAR_GRADE.search(head)
    if grade:  # 合肥市五星级职工之家: a grade, and the level or region before it
        return level_start(s, start - len(grade.group()))
    m = LEVEL.search(head)
    if not m:
        return start
    pos = start - (len(head) - m.start())
    if m.group().startswith(("全", "国", "省级", "市级", "县级", "区级")) or m.group()[0] in "省市县区" and len(m.group()) > 1:
        return pos
    places = place_names()  # a bare 省/市/县/区: take the place name in front of it
    for k in range(min(pos, 6), 1, -1):
        if s[pos - k:pos] in places or s[pos - k:pos + 1] in places:
            return pos - k
    return pos


@lru_cache(maxsize=1)
def place_names() -> frozenset:
    """Place names, to recognise ``秦皇岛市`` in ``秦皇岛市劳模``: the ``regions`` gazetteer (full and
    short names) when present, plus the place words (tag ``ns``) of jieba's bundled dictionary.

    Read once per process (about 0.1 s).
    """
    names = {word for word, tag in segment.dictionary()[1].items() if tag == "ns"}
    if "regions" in gazetteers.available():
        for row in gazetteers.load("regions").rows:
            names.update(v for v in (row.get("name"), row.get("short")) if v)
    return frozenset(names)


def clean_honour(raw: str) -> str:
    """The shortest complete form: no year, no trailing 称号/荣誉称号, first of two conjoined titles."""
    h = YEAR.sub("", squeeze(raw))
    for tail in HONOUR_END:
        if h.endswith(tail) and len(h) > len(tail) + 1:
            h = h[: -len(tail)]
            break
    if h.endswith("等") and len(h) > 3 and not h.endswith(("一等", "二等", "三等", "特等")):
        h = h[:-1]  # …全国技术能手等荣誉: 等 closes a list of honours
    for conj in ("和", "及"):
        left, sep, right = h.partition(conj)
        if sep and len(left) >= 2 and len(right) >= 2 and lexicon().honour_re.search(right):
            h = left
    return h.strip("“”\"「」『』 ")


def honour_phrase(s: str, pos: int, limit: int, strong: bool) -> list[tuple[str, int, int]]:
    """The honour(s) written after an award verb at ``pos``: quoted pieces, else the phrase to the next break."""
    m = YEAR.match(s, pos)
    pos = m.end() if m else pos
    limit = min(limit, pos + HONOUR_WINDOW)  # a sentence of 200,000 characters: each verb reads only near it
    window = s[pos:limit]
    quoted = []
    j = 0
    first_quote = next((k for k, ch in enumerate(window[:11]) if ch in QUOTE_OPEN), -1)
    if 0 <= first_quote <= 10 and not re.search(r"[，,。；;、]", window[:first_quote]):
        j = first_quote
        while j < len(window) and window[j] in QUOTE_OPEN:
            close = next((k for k in range(j + 1, min(len(window), j + 30)) if window[k] in QUOTE_CLOSE), -1)
            if close < 0:
                break
            h = clean_honour(window[j + 1:close])
            if 2 <= len(h) <= 20:
                quoted.append((h, pos + j + 1, pos + close))
            j = close + 1
            while j < len(window) and window[j] in "及和与、":
                j += 1
        rest = window[j:]
        if quoted and (not rest or not re.match(rf"[{CJK}]", rest) or rest.startswith(HONOUR_END)):
            return quoted
    cut = re.search(r"[，,。；;、:：(（\n]|的(?:有|是|为)|称号|荣誉|荣誉称号|(?<=功)[一二两三\d]次", window)  # 记二等功一次
    raw = window[: cut.start() if cut else min(len(window), 24)]
    de = raw.find("的")
    if de > 0 and (name_end(s, pos + de + 1) or HONOUR_BEFORE_DE.search(raw[:de])):
        raw = raw[:de]  # 被评为全国三八红旗手的刘慧芳, 获评模范集体的某某公司: the holder follows 的
    if cut and cut.group() == "、" and cut.start() >= 2:
        nxt = NEXT_PHRASE.match(s, pos + cut.end())
        if nxt and honour_like_text(nxt.group()) and not name_end(s, nxt.start()):  # 荣获A、B、C等荣誉: each honour
            return honour_phrase(s, pos, pos + cut.start(), strong) + honour_phrase(s, nxt.start(), limit, strong)
    second = SECOND_HONOUR.search(raw) or PRIZE_PAIR.search(raw)
    if second and second.start() >= 2 and honour_like_text(raw[second.end():]):
        k = pos + second.start()  # 市五一劳动奖章和省劳动模范: two honours, each with its own level
        return honour_phrase(s, pos, k, strong) + honour_phrase(s, k + 1, limit, strong)
    h = clean_honour(raw)
    if not 2 <= len(h) <= 22 or h[0].isdigit():
        return []
    titled = bool(cut) and cut.group() in ("称号", "荣誉", "荣誉称号")
    if not strong and (BAD_HONOUR.search(h) or not (lexicon().honour_re.search(h) or h.endswith(WEAK_HEADS) or titled
                                                     or PRIZE_END.search(h) and len(h) <= PLACE_MAX)):
        return []
    start = pos + s[pos:].find(h[:2]) if h[:2] in s[pos:limit] else pos
    return [(h, start, start + len(h))]


def honour_like_text(h: str) -> bool:
    """Whether a phrase reads as an honour: a title of the gazetteer or an honour's head word."""
    return bool(lexicon().honour_re.search(h)) or clean_honour(h).endswith(WEAK_HEADS)


# ---------------------------------------------------------------- awardee items

def ends_with_honour(raw: str) -> bool:
    """``全国工人先锋号`` is an honour, not a collective holding one."""
    return any(m.end() == len(raw) for m in lexicon().honour_re.finditer(raw))


def parse_item(s: str, a: int, b: int, ends: frozenset = frozenset()) -> list[tuple[tuple[int, int], str, str | None]]:
    """One list item -> [(name span, kind, organisation)]; [] when it is not an awardee."""
    raw = s[a:b]
    m = re.match(r"^\s*来自(.{2,40}?)的", raw)
    org_hint = None
    if m:
        org_hint = m.group(1)
        a += m.end()
        raw = s[a:b]
    lead = LEADING_JUNK.match(raw)
    if lead and lead.end() < len(raw):
        a += lead.end()
        raw = s[a:b]
    bracket = BRACKETED.match(raw.rstrip())
    if bracket and org_hint is None:  # 唐某某(某某集团): the unit in brackets after the name (not 女, 男)
        org_hint = None if bracket.group(2)[0] in "男女" else bracket.group(2)
        b = a + len(bracket.group(1))
        raw = s[a:b]
    de = raw.find("的")
    after_de = raw[de + 1:].split("等")[0].rstrip(" ")  # 机修车间的谢某某等5人: the count is no part of the name
    if de > 0 and raw[:de].endswith(ORG_HEAD) and person_in_item(after_de) == (0, len(after_de)):
        org_hint = org_hint or strip_titles(raw[:de]) or None  # 机修车间的谢某某: the name after 的
        a += de + 1
        raw = s[a:b]
    whose = ""  # what follows a 的 the item is cut at
    for marker in ("撰写", "的", "等"):
        k = raw.find(marker)
        if k > 0:
            if marker == "的":
                whose = raw[k + 1:].split("等")[0].strip()
            b = a + k
            raw = s[a:b]
    if raw.endswith("同志") and len(raw) > 3:
        b -= 2
        raw = s[a:b]
    tail = COUNT_TAIL.search(raw)
    if tail and tail.start() > 0 and not tail.group(1) and tail.group(2) in "名位人" and raw[:tail.start()].endswith(ORG_HEAD):
        return []  # 某某厂3名职工: the people's unit, not one of the holders (某某厂等3个单位 is)
    if tail and tail.start() > 0:
        b = a + tail.start()
        raw = s[a:b]
    raw_stripped = raw.rstrip(" ")
    b = a + len(raw_stripped)
    raw = raw_stripped.lstrip(" ")
    a = b - len(raw)
    if len(raw) < 2 or " " in raw:
        return []
    if raw.endswith("家庭") and len(raw) >= 4:
        person = person_in_item(raw[:-2])
        if person:
            return [((a + person[0], a + person[1]), "person", org_hint or affiliation(raw[:person[0]]))]
    person = person_in_item(raw, frozenset(e - a for e in ends if a < e < b))
    if person:
        org = org_hint or affiliation(raw[:person[0]])
        return [((a + person[0], a + person[1]), "person", org)]
    if whose and title_suffix(whose) == len(whose):
        return []  # 某某是某某集团的高级技师: the unit of a person's title, not a holder
    if raw.endswith(ORG_HEAD) and len(raw) >= 4 and not GENERIC_ORG.match(raw) and not ends_with_honour(raw):
        q = next((k for k, ch in enumerate(raw) if ch in QUOTE_OPEN), -1)
        if q > 1:
            return [((a + q, b), "org", raw[:q])]
        club = CLUB_SPLIT.match(raw)
        if club:
            return [((a + club.start(2), b), "org", club.group(1))]
        return [((a, b), "org", org_hint)]
    return []


def conjoined_items(s: str, a: int, b: int, ends: frozenset) -> list[tuple[tuple[int, int], str, str | None]]:
    """The last two items of a list joined by 和/及/与 (``A部和B部``, ``焦某和黄某某``, ``某某和某班组``,
    ``某厂的焦某和某公司的黄某``: a person may follow their unit),
    when each side is one item that meets the conjunction (nearest the verb first, as
    :func:`items_before` lists them); else []."""
    if b - a > 90:
        return []  # two collectives of at most 45 characters each
    for m in re.finditer("[和及与]", s[a:b]):
        k = a + m.start()
        left, right = parse_item(s, a, k, ends), parse_item(s, k + 1, b, ends)
        if left and right and left[0][0][1] == k and (right[0][0][0] == k + 1 or right[0][0][1] == b and right[0][1] == "person"):
            return right + left
    return []


IN_BRACKETS = re.compile(r"[(（][^()（）]{1,40}[)）]")


def items_before(s: str, start: int, end: int, ends: frozenset) -> list[tuple[tuple[int, int], str, str | None]]:
    """The awardees listed in ``s[start:end]`` (the text before an award verb), nearest the verb first.

    Walks back over 、/，-separated items while they parse; an item made only of job titles is the
    affiliation of the item after it and is skipped.
    """
    out = []
    pieces = []
    adverbial = ADVERBIAL.search(s, start, end)
    if adverbial and adverbial.start() > start:
        end = adverbial.start()  # 市总工会在…大赛中获得优秀组织奖: the holder is before 在
    j = end
    inside = [m.span() for m in IN_BRACKETS.finditer(s, start, end)]
    for m in reversed(list(LIST_SEP.finditer(s, start, end))):
        if any(x < m.start() < y for x, y in inside):
            continue  # 某某（男，某某厂钳工）: the particulars in brackets are one item's
        pieces.append((m.end(), j, m.group()))
        j = m.start()
    pieces.append((start, j, ""))
    for a, b, sep in pieces:
        seg = squeeze(s[a:b])
        if not seg:
            continue
        found = conjoined_items(s, a, b, ends) or parse_item(s, a, b, ends) or listed_person(s, a, b, out)
        if found:
            out.extend(found)
            continue
        if out and (title_suffix(seg) == len(seg) or strip_titles(seg) != seg):
            continue
        break
    return out


def listed_person(s: str, a: int, b: int, listed: list) -> list[tuple[tuple[int, int], str, str | None]]:
    """An item of a list of people (``listed``: the items after it, all people) that ends with a name
    after a unit word the lists of titles and heads lack (``行政后勤米某某``): the separators give the
    item's edges, so a name that is no frequent word (:func:`listed_name`) after a few characters is
    the person, the characters before the unit."""
    if not listed or any(kind != "person" for _, kind, _ in listed):
        return []
    raw = s[a:b].strip()
    a += s[a:b].find(raw) if raw else 0
    if not re.fullmatch(rf"[{CJK}]{{4,12}}", raw):
        return []
    for n in (3, 2):
        if len(raw) - n >= 2 and listed_name(raw[-n:]) and not listed_name(raw[-n - 1:]):
            return [((a + len(raw) - n, a + len(raw)), "person", raw[:-n])]
    return []


# ---------------------------------------------------------------- the four patterns

def holders_after_phrase(s: str, j: int, b: int) -> list[tuple[tuple[int, int], str, str | None]]:
    """``被评为全国三八红旗手的刘慧芳``, ``获得“金牌工人”称号的宋立新、何晓东``, ``获评…集体的某某公司等6家
    单位``: holders after 的 (people, or collectives up to 等 or a separator)."""
    m = re.compile(r"[”\"」』]?(?:荣誉称号|光荣称号|称号|荣誉)?的").match(s, j, b)
    if not m:
        return []
    e = name_end(s, m.end()) if m.end() < b else None
    if not e:
        if s[m.end():m.end() + 1] in ("有", "是", "为"):
            return []  # …的有: a list follows (colon_awardees)
        end = ITEM_END.search(s, m.end(), min(b, m.end() + 45))
        item = parse_item(s, m.end(), end.start()) if end and end.start() > m.end() else []
        return [(span, kind, org) for span, kind, org in item if span[1] == end.start() and (
            kind == "org" or end.group() == "等")]  # 获评…的某某集团焊工王某某等5人: a person after a unit and title
    return [(span, "person", org) for span, org in list_continuation(s, (m.end(), e), None, b)]


TOPIC_OPENING = re.compile(rf"\s*(\d{{4}}年)?(\d{{1,2}}月)?(\d{{1,2}}日)?(?:{alternation(listed_words('award_words', 'subject_time'))})*[,，]?"
                           r"(?:在[^，,。；;]{2,40}?(?:中|上|里|期间)[,，])?")  # 在…评选中，


def sentence_topic(s: str, a: int, end: int, after_unit: bool = False,
                   ends: frozenset = frozenset()) -> list[tuple[tuple[int, int], str, str | None]]:
    """The person a sentence opens with, as the holder of a later subject-less ``被授予…``.

    ``许文斌带领创新工作室…,被授予"全国技术能手"``: only a name directly at the sentence start (after
    an optional date or time word, 近日，, or an adverbial clause, 在…中，) followed by a verb boundary
    counts; with ``after_unit`` (the award verb opens a clause of its own: …受到表彰，被授予…) also a
    name the segmenter ends, one after its unit and title (:func:`unit_topic`) or a collective
    (:func:`collective_topic`); not so in ``某某书记聂某为获得…的职工颁奖``, where the name is another
    verb's subject.
    """
    m = TOPIC_OPENING.match(s, a, end)
    i = m.end()
    e = name_end(s, i) if i < end else None
    if not e and after_unit and i < end and not any(s.startswith(t, i) for t in lexicon().titles):
        e = segmenter_name_end(s, i)  # 邱某扎根一线…，三次获得…: the clause ends the subject, the segmenter the name
    if not e and i < end:  # 焊工郝立群扎根车间…，先后获得…: a job title, then the name as the segmenter reads it
        title = next((t for t in lexicon().titles if s.startswith(t, i)), None)
        if title:
            i += len(title)
            e = name_end(s, i) or segmenter_name_end(s, i)
    if e and e < end and s[e] not in "、等:：":  # a "name" before a colon is a label (原标题:)
        return [((i, e), "person", None)]
    if not e and after_unit:
        return unit_topic(s, i, end) or collective_topic(s, i, end, ends)
    return []


TOPIC_REACH = 24  # how far into a sentence its topic's unit and title may run


def unit_topic(s: str, i: int, end: int) -> list[tuple[tuple[int, int], str, str | None]]:
    """The person a sentence opens with after their unit and title (``某某集团驾驶员武某某受到…``):
    the first name in the opening clause right after a job title or a unit head, where a boundary word
    or the segmenter ends it (:func:`person_in_item` confirms the text from the sentence start to the
    name's end)."""
    clause = re.search(r"[，,、：:]", s[i:end])
    verb = lexicon().verb_re.search(s, i, end)  # the topic is named before the sentence's first award verb
    stop = min(end, i + TOPIC_REACH, i + clause.start() if clause else end, verb.start() if verb else end)
    for k in range(i + 2, stop - 1):
        if not (title_suffix(s[i:k]) or s.endswith(ORG_HEAD, i, k) or role_before(s[i:k])):
            continue
        e = name_end(s, k) or segmenter_name_end(s, k)
        if not e or any(s.startswith(t, e) for t in lexicon().titles):
            continue  # 某某集团龙门吊司机…: a title after it, so the "name" is part of the role
        if e <= stop and person_in_item(s[i:e]) == (k - i, e - i) and s[e] not in "、等":
            return [((k, e), "person", affiliation(s[i:k]))]
    return []


def collective_topic(s: str, i: int, end: int, ends: frozenset) -> list[tuple[tuple[int, int], str, str | None]]:
    """The collective a sentence opens with (``某某厂装配车间成立于…，先后获得…``): the longest ORG
    mention starting the sentence, in its opening clause, that reads as a collective item (the ORG
    mentions say where a collective ends: an organisation head alone reads clauses as names)."""
    clause = re.search(r"[，,、：:]", s[i:end])
    stop = min(end, i + clause.start() if clause else end)
    for e in sorted((e for e in ends if i + 4 <= e < stop and s[e] != "的"), reverse=True):
        item = parse_item(s, i, e, ends)
        if item and item[0][1] == "org" and item[0][0] == (i, e):
            return item
    return []


PRONOUN = re.compile(r"\s*(?:他|她)$")  # one person: 他们 refers to several


def previous_sentence(s: str, a: int, ends: str = "。！!；;") -> tuple[int, int] | None:
    """The span of the sentence before the one starting at ``a``, when that one ends with one of ``ends``."""
    if a < 2 or s[a - 1] not in ends:
        return None
    return max(s.rfind("\n", 0, a - 1), *(s.rfind(p, 0, a - 1) for p in "。！!？?；;")) + 1, a - 1


def previous_topic(s: str, a: int) -> list[tuple[tuple[int, int], str, str | None]]:
    """``…司机钱某光荣退休。他先后荣获…``: the holder a pronoun subject refers to, the topic of the
    sentence before (:func:`sentence_topic`) in the same paragraph."""
    before = previous_sentence(s, a)
    return sentence_topic(s, *before, after_unit=True) if before else []


def previous_honours(s: str, a: int) -> list[tuple[str, int, int]]:
    """``三名职工荣获某某奖章。他们是：…``: the honours the first award verb of the sentence (or
    headline line) before gives."""
    before = previous_sentence(s, a, "。！!；;\n")
    return clause_honours(s, *before) if before else []


def clause_honours(s: str, a: int, b: int) -> list[tuple[str, int, int]]:
    """The honours the first award verb in ``s[a:b]`` gives (``两名职工被评为某某劳模，他们是…``)."""
    lex = lexicon()
    for m in lex.verb_re.finditer(s, a, b):
        honours = honour_phrase(s, m.end(), b, m.group() in lex.strong)
        if honours:
            return honours
    return []


def verb_awardees(s: str, a: int, b: int, ends: frozenset) -> list[Found]:
    """Pattern 2: awardees + award verb + honour, within the sentence ``s[a:b]``."""
    lex = lexicon()
    out: list[Found] = []
    left = a
    holders: list = []  # the holders of the last award verb: a subject-less clause after it shares them
    for m in lex.verb_re.finditer(s, a, b):
        verb = m.group()
        if verb == "获" and s[m.end():m.end() + 1] in "得悉批准取奖益":
            continue
        if verb == "授予" and s[m.start() - 1:m.start()] == "被":
            continue
        honours = honour_phrase(s, m.end(), b, verb in lex.strong)
        if not honours:
            continue
        subject_end = m.start()
        k = s.rfind("被", max(left, m.start() - 15), m.start())
        if verb == "授予" and k < 0:
            continue  # 市总工会授予X…: the subject gives the honour (the objects: object_awardees)
        if k >= 0 and (verb == "授予" or not re.search(r"[，,。；;、]", s[k:m.start()])):
            subject_end = k  # X被市总工会评为…: the awarding body is between 被 and the verb
        subject_end = before_adverbs(s, left, subject_end)
        items = items_before(s, left, subject_end, ends)
        if not items and subject_end > left and s[subject_end - 1] in ",，":
            items = items_before(s, left, subject_end - 1, ends) or (holders if not s[left:subject_end - 1].strip() else [])
        if not items and (verb in lex.strong or all(lex.honour_re.search(h) or PRIZE.search(h) for h, _, _ in honours)):
            items = sentence_topic(s, a, subject_end, s[left:subject_end].rstrip().endswith((",", "，")), ends)  # a weak verb, when what it gets is a known honour
            if not items and PRONOUN.match(s, a, subject_end):
                items = previous_topic(s, a)  # 他先后荣获…: the person the sentence before is about
        conf = 0.85 if verb in lex.strong else 0.7
        items += holders_after_phrase(s, honours[-1][2], b)
        if RESPECTIVELY.search(s, max(a, m.start() - 2), m.start()) and len(items) == len(honours) > 1:
            for (name, kind, org), (h, hs, he) in zip(reversed(items), honours):  # A、B分获X和Y: in order
                out.append(Found(name, kind, h, (hs, he), org, conf))
            left = max(left, honours[-1][2])
            continue
        for name, kind, org in items:
            for h, hs, he in honours:
                out.append(Found(name, kind, h, (hs, he), org, conf))
        left = max(left, honours[-1][2])
        holders = items
    return out


def before_adverbs(s: str, left: int, end: int) -> int:
    """Where the subject before an award verb ends, without the adverbs of time and manner between
    (…班组今年被评为, …代表队并列获得, 连续三年, 三次, 均已)."""
    while True:
        when = SUBJECT_TIME.search(s, left, end)
        k = when.start() if when and when.start() > left else end
        while k > left and s[k - 1] in " 均都也已先后分别又再次曾同时还":
            k -= 1
        if k == end:
            return end
        end = k


SUBJECT_TIME = re.compile(rf"(?:{alternation(listed_words('award_words', 'subject_time'))}|{COUNT}(?:年|次|届))+$")  # 连续三年, 三次
OBJECT_VERB = re.compile(r"(?<!被)(?:授予|命名|表彰)")
OBJECT_TAIL = re.compile(r"(?:同志|为)+$")
OBJECT_COUNT = re.compile(r"等?[\d一二三四五六七八九十百]+(?:个|名|家|位)(?:先进)?(?:单位|集体|同志|职工|个人)")


def object_awardees(s: str, a: int, b: int, ends: frozenset) -> list[Found]:
    """Awardees after the verb: ``授予X、Y、Z同志“…”称号``, ``授予X等10名同志…``, ``命名A、B为“…”``.

    The objects run from the verb to the honour (a quoted phrase or a gazetteer honour) without a
    clause break; they are read as the items before an award verb are (:func:`items_before`).
    """
    out: list[Found] = []
    lex = lexicon()
    for m in OBJECT_VERB.finditer(s, a, b):
        j = m.end()
        limit = min(b, j + 120)
        quote = next((k for k in range(j, limit) if s[k] in QUOTE_OPEN), None)
        gaz = lex.honour_re.search(s, j, limit)
        starts = [k for k in (quote, honour_start(s, gaz.start()) if gaz else None) if k is not None]
        count = OBJECT_COUNT.search(s, j, limit)
        if count and s.find("称号", count.end(), limit) > count.end() + 1 and (not starts or count.end() <= min(starts)):
            q, end = count.end(), count.start()  # 授予A等23个单位某某称号: the count ends the objects
        elif starts:
            q = min(starts)
            end = j + len(OBJECT_TAIL.sub("", s[j:q]))
        else:
            continue
        if q - j < 2 or re.search(r"[，,。；;:：]", s[j:q]):
            continue
        honours = honour_phrase(s, q, b, True)
        if not honours:
            continue
        for name, kind, org in items_before(s, j, end, ends):
            for h, hs, he in honours:
                out.append(Found(name, kind, h, (hs, he), org, 0.8))
    return out


# the holders between 为/向 and a verb of presenting, the honour after it: 为X颁发…, 向X、Y颁发了“…”奖杯
PRESENTED = re.compile(r"[为向]([^，,。；;:：为向]{2,60}?)(?:颁发|颁授|授予)了?")
TROPHY = re.compile(rf"[{QUOTE_OPEN}]([^{QUOTE_CLOSE}]{{2,25}})[{QUOTE_CLOSE}](?=奖杯|奖牌|奖状|证书|牌匾|称号|荣誉)")


def presented_awardees(s: str, a: int, b: int, ends: frozenset) -> list[Found]:
    """``市总工会主席为X颁发全国五一劳动奖章``, ``向X、Y颁发了“…”奖杯和证书``: the holders are the
    objects of 为/向, the honour what is presented when it reads as one (a quoted title before 奖杯,
    证书 …; not 奖杯和证书 alone)."""
    out: list[Found] = []
    for m in PRESENTED.finditer(s, a, b):
        honours = honour_phrase(s, m.end(), b, False)
        quoted = TROPHY.match(s, m.end())
        if not honours and quoted:
            honours = [(clean_honour(quoted.group(1)), quoted.start(1), quoted.end(1))]
        if honours:
            out += [Found(name, kind, h, (hs, he), org, 0.75) for name, kind, org in items_before(s, m.start(1), m.end(1), ends)
                    for h, hs, he in honours]
    return out


# the honour first, its holders after 由 and a verb that closes the clause: 一等奖由A和B获得
BY_HOLDERS = re.compile(r"由([^，,。；;:：由]{2,60}?)(?:共同|分别)?(?:获得|摘得|夺得|捧得|获)(?=[，,。；;！!]|$)")


def by_awardees(s: str, a: int, b: int, ends: frozenset) -> list[Found]:
    """``本次大赛的最佳创意奖由A和B获得``: the holders between 由 and the verb, the honour the clause's
    subject before 由 (after its last 的), when it reads as an honour."""
    out: list[Found] = []
    for m in BY_HOLDERS.finditer(s, a, b):
        start = max(a, *(s.rfind(p, a, m.start()) + 1 for p in "，,:："))
        hs = max(start, s.rfind("的", start, m.start()) + 1)
        raw = s[hs:m.start()]
        honour = clean_honour(raw.strip("“”\"「」 "))
        if not 2 <= len(honour) <= 25 or not (honour_like_text(honour) or PRIZE_END.search(honour)):
            continue
        he = hs + len(raw.rstrip("”\"」 "))
        hs = he - len(honour) if s[hs:he].endswith(honour) else hs
        out += [Found(name, kind, honour, (hs, he), org, 0.75) for name, kind, org in items_before(s, m.start(1), m.end(1), ends)]
    return out


# a commendation without a title given to named people: 对A、B予以通报表扬, A受到市总工会通报表扬
COMMENDATION = re.compile(rf"(对)|(?:予以|给予|受到)(?:[{CJK}]{{2,12}}?)?({alternation(listed_words('award_words', 'commendation'))}|记[一二三]等功)")


def commended_awardees(s: str, a: int, b: int, ends: frozenset) -> list[Found]:
    """The people a commendation without a title names (``对A、B两名同志予以通报表扬``: the objects
    between 对 and the verb; ``A受到…通报嘉奖``: the subject before 受到); the honour is the
    commendation (``通报表扬``, ``二等功``)."""
    out: list[Found] = []
    opener = None  # where the objects of the last 对 start
    for m in COMMENDATION.finditer(s, a, b):
        if m.group(1):
            opener = m.end()
            continue
        if not m.group(2):
            continue
        hs, he = m.span(2)
        if s.startswith("记", hs):
            hs += 1
        if s.startswith("受到", m.start()):
            items = items_before(s, a, m.start(), ends)
        elif opener is not None:
            items = items_before(s, opener, m.start(), ends)
        else:
            continue
        out += [Found(name, kind, s[hs:he], (hs, he), org, 0.75) for name, kind, org in items]
        opener = None
    return out


BRACKET_HONOUR = re.compile(r"[(（]([^()（）]{2,24})[)）]")


def bracket_awardees(s: str, a: int, b: int) -> list[Found]:
    """Pattern 6: a person with the honour in brackets after the name, ``某某(全国劳动模范)``: the
    bracket holds a gazetteer honour (its level before it, 获得者 after it) and nothing else."""
    out: list[Found] = []
    for m in BRACKET_HONOUR.finditer(s, a, b):
        inner = HOLDERS.sub("", m.group(1))
        hm = lexicon().honour_re.search(inner)
        if not hm or hm.end() != len(inner) or honour_start(inner, hm.start()) != 0:
            continue
        cut = max(s.rfind(ch, a, m.start()) for ch in "、，,：: ")
        item_start = max(a, cut + 1)
        person = person_in_item(s[item_start:m.start()])
        if person:
            name = (item_start + person[0], item_start + person[1])
            out.append(Found(name, "person", clean_honour(inner), (m.start(1), m.start(1) + len(inner)), None, 0.8))
    return out


HONOUR_AS_MODIFIER = re.compile(r"[”\"」』]?(?:评选|评审|评比|推荐|委员会|办公室|领导小组)")


def apposition_awardees(s: str, a: int, b: int) -> list[Found]:
    """Pattern 1: honour(s) then the holder: ``省级劳模、中铁山桥焰切工宋艳``, ``省劳模钟晓媛``."""
    lex = lexicon()
    out: list[Found] = []
    pos = a
    while True:
        m = lex.honour_re.search(s, pos, b)
        if not m:
            return out
        hs = honour_start(s, m.start())
        before = s[max(a, hs - 4):hs].rstrip("“\"")
        being = before.endswith(BEING)  # 作为省劳模，X…, 身为全国劳动模范的X
        if before.endswith(OBJECT_MARKERS) and not being:
            pos = m.end()  # the object of an award verb: pattern 2 handles it
            continue
        honours, j = honour_chain(s, (squeeze(s[hs:m.end()]), hs, m.end()), b)
        pos = max(j, m.end())
        if HONOUR_AS_MODIFIER.match(s, j):
            continue  # 全国劳动模范评选委员会办公室主任某某: the honour names a body, its staff hold nothing
        holders = holder_after(s, j, b)
        if not holders and being and s[j:j + 1] in "的,，":
            e = name_end(s, j + 1) or segmenter_name_end(s, j + 1)  # 身为全国劳动模范的X, 作为省劳模，X: the name right after
            holders = [((j + 1, e), None)] if e and e < b else []
        if not holders and s[hs - 1:hs] in ",，" and (j > honours[-1][2] or s[j:j + 1] in ",，"):
            topic = sentence_topic(s, a, hs)  # 某某，全国五一劳动奖章获得者，…, 某某，全国劳动模范，…: the name before the comma
            holders = [(span, org) for span, _, org in topic if span[1] == hs - 1]
        for name, org in holders:
            for h, s0, e0 in honours:
                out.append(Found(name, "person", h, (s0, e0), org, 0.8))


BEING = ("作为", "身为")  # an honour after these is what the person after it is


def honour_chain(s: str, first: tuple[str, int, int], b: int) -> tuple[list[tuple[str, int, int]], int]:
    """``四川省五一巾帼奖章、全国五一劳动奖章获得者、``: every honour of a 、-chain and where it ends."""
    honours = [first]
    j = skip_holder_words(s, first[2])
    while j < b and s[j] == "、":
        core = honour_core_start(s, j + 1, b)
        m = lexicon().honour_re.match(s, core) if core is not None else None
        if not m:
            break
        honours.append((squeeze(s[j + 1:m.end()]), j + 1, m.end()))
        j = skip_holder_words(s, m.end())
    return honours, j


def honour_core_start(s: str, j: int, b: int) -> int | None:
    """Where a gazetteer honour starts if ``s[j:]`` opens with a (prefixed) honour."""
    m = lexicon().honour_re.search(s, j, min(b, j + 14))
    if not m:
        return None
    if honour_start(s, m.start()) <= j or m.start() == j:
        return m.start()
    return None


def skip_holder_words(s: str, j: int) -> int:
    """Skip ``获得者``/``称号获得者`` and a closing quote after an honour."""
    while j < len(s) and s[j] in QUOTE_CLOSE:
        j += 1
    for w in ("称号获得者", "荣誉获得者", "获得者", "得主"):
        if s.startswith(w, j):
            return j + len(w)
    return j


def holder_after(s: str, j: int, b: int) -> list[tuple[tuple[int, int], str | None]]:
    """The person(s) right after an honour: ``钟晓媛``, ``、电信集团李艳伟``, ``带头人孙海、赵静``."""
    if j < b and s[j] in QUOTE_CLOSE:
        j += 1
    e = name_end(s, j) if j < b else None
    if e:
        return list_continuation(s, (j, e), None, b)
    if j < b and s[j] == "、":
        j += 1
    seg_end = j
    while seg_end < b and seg_end - j < 45 and s[seg_end] not in "，,。；;、:：\n(（":
        seg_end += 1
    seg = s[j:seg_end]
    for k in sorted(title_ends(seg), reverse=True):
        e = name_end(s, j + k, None)
        if e and e <= seg_end:
            org = strip_titles(squeeze(seg[:k])) or None
            return list_continuation(s, (j + k, e), org, b)
    item = parse_item(s, j, seg_end)
    if item and item[0][1] == "person" and item[0][0][0] > j:  # a bare name here must pass name_end above
        return list_continuation(s, item[0][0], item[0][2], b)
    return []


def title_ends(seg: str) -> list[int]:
    """Positions in ``seg`` right after a job title or an organisation head (where a name may start)."""
    ends = []
    for t in lexicon().titles:
        k = seg.find(t)
        while k >= 0:
            ends.append(k + len(t))
            k = seg.find(t, k + 1)
    return ends


def segmenter_name_end(s: str, i: int) -> int | None:
    """End of a name at ``s[i]`` as the segmenter reads a short window (last name of a list: ``何晓东颁发``)."""
    n = line_name(s[i:i + 8])
    return i + n if n else None


def list_continuation(s: str, first: tuple[int, int], org: str | None, b: int) -> list[tuple[tuple[int, int], str | None]]:
    """``孙海、赵静、钱立``: the names that follow a found name in a 、-list."""
    out = [(first, org)]
    j = first[1]
    while j < b - 2 and s[j] == "、":
        e = name_end(s, j + 1) or segmenter_name_end(s, j + 1)
        if not e:
            break
        out.append(((j + 1, e), None))
        j = e
    return out


# a colon, or 的有/的是 (with the holders' noun between: 荣获…称号的职工有 A、B) and 分别是/分别为
HOLDER_NOUNS = ("", "职工", "同志", "个人", "人员", "集体", "单位", "选手")
LIST_OPENER = re.compile("|".join([r"[:：]"] + [f"(?<=的{n}{v})" for n in HOLDER_NOUNS for v in "有是"]
                                  + [r"(?<=分别是)", r"(?<=分别为)(?![:：])", r"(?<=[，,]他们是)(?![:：])", r"(?<=[，,]她们是)(?![:：])"]))


def colon_awardees(s: str, a: int, b: int, ends: frozenset) -> list[Found]:
    """Pattern 3: ``荣获全国劳动模范称号的有:张三、李四`` and ``进入省级“工人先锋号”的企业是:A、B``."""
    out: list[Found] = []
    for m in LIST_OPENER.finditer(s[a:b]):
        colon, after = a + m.start(), a + m.end()
        if colon == after and re.search("[:：]", s[after:b]):
            continue  # 的有以下同志: the colon opens the list
        head = s[a:colon]
        if not re.search(r"(的|是|有|为|如下|名单|同志|个人|单位|集体|人员)$", head):
            continue
        clause = re.split("[，,]", head)[-1]
        plural = PLURAL_SUBJECT.fullmatch(clause.strip())  # 他们是：…, after the holders' count and honour
        honours = (clause_honours(s, a, colon - len(clause)) or previous_honours(s, a)) if plural else []
        if honours:
            out += holders_listed(s, after, b, ends, honours)
            break
        q = re.search(rf"[{QUOTE_OPEN}]([^{QUOTE_CLOSE}]{{2,20}})[{QUOTE_CLOSE}]", head)
        hm = lexicon().honour_re.search(head)
        verbs = list(lexicon().verb_re.finditer(head))
        phrase = honour_phrase(s, a + verbs[-1].end(), colon, True) if verbs and not q and not hm else []
        if phrase:
            honour, hs, he = phrase[0]
        elif q and (hm or re.search(r"(奖|章|状|号|岗|兵|手)$", q.group(1)) or honour_like(q.group(1))):
            honour, hs, he = clean_honour(q.group(1)), a + q.start(1), a + q.end(1)
        elif hm:
            hs = honour_start(s, a + hm.start())
            honour, he = squeeze(s[hs:a + hm.end()]), a + hm.end()
        else:
            continue
        out += holders_listed(s, after, b, ends, [(honour, hs, he)])
        break
    return out


def holders_listed(s: str, after: int, b: int, ends: frozenset, honours: list[tuple[str, int, int]]) -> list[Found]:
    """The holders a list opener introduces, each with every honour: the lines below when nothing
    follows it in its sentence (:func:`line_list`), else the items up to the sentence end."""
    if not s[after:b].strip():
        return [Found(name, "person", h, (hs, he), org, 0.7) for name, org in line_list(s, b) for h, hs, he in honours]
    return [Found(name, kind, h, (hs, he), org, 0.75) for name, kind, org in colon_items(s, after, b, ends)
            for h, hs, he in honours]


PLURAL_SUBJECT = re.compile(r"(?:他们|她们|他们分别|她们分别)(?:是|为)")


def colon_items(s: str, after: int, b: int, ends: frozenset) -> list[tuple[tuple[int, int], str, str | None]]:
    """The items of the list after a colon, up to the sentence end ``b``."""
    out = []
    j = after
    stop = b - 1 if s[b - 1] in "。；;！!？?" else b
    for sep in list(re.finditer(r"[、，,]|$", s[after:stop])):
        k = after + sep.start()
        out += conjoined_items(s, j, k, ends) or parse_item(s, j, k, ends)  # …、B和C: the last two joined
        j = k + 1
    return out


UNIT_CHARS = "市省县区镇乡村厂局处科部院校所站队班组"


def line_name(line: str) -> int | None:
    """Length of the person name a list line opens with (``薛灵虎中钢集团…董事长`` -> 3).

    The line goes on without a separator, so the segmenter decides between a 2- and a
    3-character name on a short window (cheap: a few characters per line).
    """
    words = segment.tokenizer().lcut(line[:8])
    if not words:
        return None
    n = len(words[0])
    if n == 1 and len(words) > 1 and len(words[1]) <= 2:
        n += len(words[1])
    elif words[0] in lexicon().compound and len(words) > 1 and len(words[1]) <= 2 and (
            lexicon().freq.get(words[1]) or 0) <= 300:
        n += len(words[1])  # a compound surname the segmenter left alone (欧阳|振华, not 东方|电气)
    elif n == 2 and len(words) > 2 and len(words[1]) == 1 and words[1] not in UNIT_CHARS and name_end(line, 0, 3):
        n = 3  # 方志勇滨江…: the segmenter read 方志 as a word and left 勇 alone
    elif n >= 4 and words[0][3:4] in ("市", "省", "县", "区"):
        n = 3  # 邵华民市第一人民医院: the segmenter glued the name to 市
    if (n in (2, 3) or n == 4 and words[0] in lexicon().compound) and name_end(line, 0, n):
        return n
    return None


def line_list(s: str, pos: int) -> list[tuple[tuple[int, int], str | None]]:
    """One person per line after ``…他们是:``: ``薛灵虎中钢集团邢台机械轧辊有限公司党委书记``."""
    out = []
    offset = pos
    for line in s[pos:pos + 5000].split("\n"):
        line_start, offset = offset, offset + len(line) + 1
        if not line.strip():
            if out:
                break
            continue
        start = line_start + len(line) - len(line.lstrip())
        n = line_name(line.strip())
        if n is None:
            break
        rest = strip_titles(re.split(r"[、,，]", line.strip()[n:])[0]).strip()
        out.append(((start, start + n), rest or None))
    return out


# the title of a decision or notice that commends (关于表彰…的决定, 关于对…予以通报表扬的通报): the names come
# lines below, after its prose
DECISION_TITLE = re.compile(rf"^关于(?:表彰|授予|命名|表扬|对)([{CJK}“”\"\d]{{4,40}}?)(?:荣誉称号|光荣称号|称号)?"
                            rf"(?:(?:予以|给予)(?:通报)?(?:表扬|表彰|嘉奖))?的(?:决定|通报|通知)$")
ROSTER_HEAD = re.compile(rf"^(?:\d{{4}}年度?)?([{CJK}“”\"]{{4,30}}?)(?:拟表彰|拟命名|拟推荐|推荐|候选)?(?:对象|人选)?(?:名单|名录|名单公示|公示)$")
ROSTER_ITEM = re.compile(rf"^([{CJK}“”\"0-9]{{3,30}}(?:工作室|车间|班组|班|组|工区|队|站|所|科|部|中心|集体|岗))\s*(?:[(（]([^()（）]{{2,40}})[)）])?\s*$")
# the furniture of a roster line: its number (一、 (二) 3. ①), a count after a heading ((3名)), a region
# label before a name (江苏:), a unit in brackets after a name, a table's header row
ENUMERATION = re.compile(r"^(?:[一二三四五六七八九十]{1,3}[、.．]|[(（][一二三四五六七八九十\d]{1,3}[)）]|\d{1,3}(?:[、.．)）]|\s+)"
                         r"|[①②③④⑤⑥⑦⑧⑨⑩●•·*-])\s*")
HEADING_COUNT = re.compile(rf"[(（](?:共|计)?{COUNT}{COUNT_UNIT}?[)）]$")
ATTACHMENT = re.compile(r"^附件\s*[\d一二三四五六七八九十]*\s*[:：]?\s*")
GROUP_LINE = re.compile(rf"^[{CJK}]{{0,8}}[(（]?(?:共|计)?{COUNT}{COUNT_UNIT}[)）]?$")
REGION_LABEL = re.compile(rf"^(?:[{CJK}]{{2,8}}|[{CJK}]{{2,24}}?(?:{alternation(sorted(ORG_HEAD, key=len, reverse=True))}))[:：]\s*")  # a region or a unit
BRACKETED = re.compile(r"^(.+?)[(（]([^()（）]{1,40})[)）]$")  # a unit, or a gender (女), after a name
TABLE_HEADER = re.compile(r"^(?:序号|姓名|名称|单位名称)(?:\s|单位|工作单位|性别|职务|$)")
ROSTER_FIELDS = re.compile(r"[、，,]|\s+")
# what may follow the honour of a heading line: 称号, 获得者, the kind of holders, 名单, 如下 ...
HEADING_REST = re.compile(r"[”\"」』]?(?:荣誉称号|光荣称号|称号|荣誉)?(?:获得者|获奖者)?(?:[(（](?:个人|集体|单位)[)）])?的?(?:先进|优秀)?"
                          r"(?:个人|集体|单位|人员|同志|职工)?(?:和|及|与)?(?:先进|优秀)?(?:个人|集体|单位)?"
                          r"(?:名单|名录)?(?:如下|分别是|分别为|是|为|有)?")
HOLDERS = re.compile(r"[”\"」』]?(?:荣誉称号|称号)?(?:获得者|获奖者)$")
# what may stand before an honour on a heading line of its own: a year, a place or level, a session
HONOUR_PREFIX = re.compile(rf"(?:\d{{4}}年度?)?(?:[{CJK}]{{1,8}}(?:市|省|县|区|州|盟|旗)|全国|全省|全市)?"
                           rf"(?:第[一二三四五六七八九十\d]+届|首届)?[{QUOTE_OPEN}]?")
FOLLOWING = re.compile(r"(?:以下|下列|如下)")
NAME_PRIZE = re.compile(rf"^([{CJK}]{{2,4}}?)\s*({PRIZE.pattern})$")  # a roster line of a name and its prize
TIER_LABEL = re.compile(rf"^({PRIZE.pattern})(?:\s*[(（][\d一二三四五六七八九十]+[名人个][)）])?(?:[:：]\s*|\s*)")  # 一等奖：, 第1名␣, 二等奖(2名)
SUBHEADING = re.compile(r"^(?:先进|优秀)?(集体|个人|单位)(?:名单)?$")
ROSTER_LINE_MAX = 60  # a roster line holds a name, a unit and a title; a longer line is prose


def _lines(s: str) -> list[tuple[int, str]]:
    """(start, line) of every line of ``s``."""
    out, pos = [], 0
    for line in s.split("\n"):
        out.append((pos, line))
        pos += len(line) + 1
    return out


LABELLED_CLAUSE = re.compile(rf"[；;](?=\s*[{CJK}]{{2,24}}[:：])")  # 先进集体:…；先进个人:…, 某某公司:…；某某厂:…


def labelled_clauses(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Lines with a line's ；-separated labelled clauses (``先进个人:A、B;先进集体:C。``, a unit's people
    after its name: ``某某公司:A;某某厂:B、C``) as lines of their own, each without its closing punctuation, as if the roster had put them one a line."""
    out = []
    for start, line in lines:
        cuts = [m.start() for m in LABELLED_CLAUSE.finditer(line)]
        if not cuts:
            out.append((start, line))
            continue
        for a, b in zip([0] + [c + 1 for c in cuts], cuts + [len(line)]):
            out.append((start + a, line[a:b].rstrip("。；; ")))
    return out


def roster_heading(s: str, start: int, line: str) -> tuple[str, int, int, str] | None:
    """The honour a heading line announces, as (honour, start, end, the raw phrase): a ``…名单`` line,
    a numbered honour with a count (``一、全国五一劳动奖章(3名)``) or a line ending with a colon whose
    honour (quoted, of the gazetteer, or the object of its award verb) is followed at most by 称号,
    获得者, the kind of holders, 名单 or 如下 (``授予以下同志“…”:``, ``荣获…称号的个人:``)."""
    body = line.strip()
    a = start + line.find(body) if body else start
    for prefix in (ATTACHMENT, ENUMERATION):
        m = prefix.match(body)
        if m:
            a, body = a + m.end(), body[m.end():]
    colon = body.endswith((":", "："))
    body = body.rstrip(":：").rstrip()
    if body[:1] in "【[" and body[-1:] in "】]":
        a, body = a + 1, body[1:-1]  # 【全国五一劳动奖章】
    count = HEADING_COUNT.search(body)
    if count:
        body = body[:count.start()].rstrip()
    if not 2 <= len(body) <= 40 or "。" in body or (len(body) > 20 and not colon and not body.endswith(("名单", "名录", "公示"))
                                                             and not DECISION_TITLE.match(body)):
        return None
    head = ROSTER_HEAD.match(body) or DECISION_TITLE.match(body)
    if head and honour_like(head.group(1)) and not re.search("同志|等", head.group(1)):
        hs = a + head.start(1)
        phrase = HOLDERS.sub("", head.group(1))
        raw = phrase.strip("“”\"")
        return clean_honour(phrase), hs, hs + len(phrase), raw
    candidates = [(a + m.start(1), a + m.end(1)) for m in re.finditer(rf"[{QUOTE_OPEN}]([^{QUOTE_CLOSE}]{{2,25}})[{QUOTE_CLOSE}]", body)]
    for m in lexicon().honour_re.finditer(body):
        candidates.append((honour_start(s, a + m.start()), a + m.end()))
    verbs = [v for v in lexicon().verb_re.finditer(body) if not body.startswith(("获奖者", "获得者"), v.start())]
    if verbs and colon:  # (获奖者, 获得者 are the holders' noun, no verb)
        candidates += [(hs, he) for _, hs, he in honour_phrase(s, a + verbs[-1].end(), a + len(body), True)]
    for hs, he in sorted(candidates, key=lambda x: (-x[1], x[0])):
        if hs < a or not HEADING_REST.fullmatch(s, he, a + len(body)):
            continue
        if not colon and s[a:hs].strip() and not FOLLOWING.search(s, a, hs) and not HONOUR_PREFIX.fullmatch(squeeze(s[a:hs])):
            continue  # without a colon the line holds the honour alone (after its place, level or session:
            # 某某市第五届“最美职工”), or announces the list (授予下列同志…)
        honour = clean_honour(s[hs:he])
        if 2 <= len(honour) <= 25:
            return honour, hs, he, s[hs:a + len(body)]
    return None


OTHER_PEOPLE = listed_words("award_words", "other_people")  # who a roster may list besides holders
HONOUR_WORDS = re.compile(alternation(listed_words("award_words", "honour_word")))


def honour_like(phrase: str) -> bool:
    """Whether a ``…名单`` phrase names an honour (``…劳动奖章获得者``, ``“最美职工”``, ``先进集体``)
    rather than a list of other people (``评委``, ``参会人员``): a gazetteer honour, an honour head
    at its end (WEAK_HEADS) or an honour word in it."""
    p = squeeze(phrase).strip("“”\"")
    if p.endswith(OTHER_PEOPLE):
        return False  # …评选评委名单: the head noun (last) says who is listed, whatever honour precedes it
    return bool(lexicon().honour_re.search(p) or p.endswith(WEAK_HEADS) or HONOUR_WORDS.search(p))


def subheading_honour(honour: tuple[str, int, int, str], kind: str) -> tuple[str, int, int, str]:
    """The honour a ``先进集体``/``先进个人`` sub-heading takes from the heading above it: of
    conjoined titles (``…先进集体和先进个人``) the one of its kind, else the heading's honour."""
    h, hs, he, raw = honour
    for part in re.split("[和及与、]", raw):
        if part.endswith(kind) and len(part) > len(kind) + 1:
            k = raw.find(part)
            # the shared prefix of conjoined titles (…工作先进集体和先进个人): the first part's lead
            first = re.split("[和及与、]", raw)[0]
            lead = first[:len(first) - len(part)] if part.startswith(("先进", "优秀")) and k > 0 and len(first) > len(part) else ""
            return clean_honour(lead + part), hs + k, hs + k + len(part), raw
    return honour


def roster_row(s: str, a: int, b: int, ends: frozenset) -> list[tuple[tuple[int, int], str, str | None, tuple[int, int] | None]]:
    """The awardees of one roster line ``s[a:b]`` (its number and region label already skipped), as
    (name span, kind, organisation, honour span of the row or None): a collective (``X班组 (某公司)``),
    a list of names or collectives separated by 、 or spaces, each name perhaps with its unit in
    brackets, a table row (name, unit, title and honour columns), or a name glued to its unit and
    title (``李明南京某某中学教师``: the segmenter says where the name ends)."""
    text = s[a:b]
    item = ROSTER_ITEM.match(text)
    if item:
        return [((a + item.start(1), a + item.end(1)), "org", item.group(2), None)]
    if len(text) > ROSTER_LINE_MAX or re.search(r"[。；;！!？?]", text):
        return []
    placed = NAME_PRIZE.match(text)
    if placed and listed_name(placed.group(1)):  # 王某某 一等奖: a name and its prize (the space lost in cleaning)
        return [((a, a + placed.end(1)), "person", None, (a + placed.start(2), a + placed.end(2)))]
    about = BRACKETED.match(text)
    if about and re.search("[，,]", about.group(2)) and name_end(s, a, a + len(about.group(1))):
        last = re.split("[，,]", about.group(2))[-1]  # 某某(男,汉族,某公司钳工): the particulars, the unit last
        return [((a, a + len(about.group(1))), "person", affiliation(last) if any(h in last for h in ORG_HEAD) else None, None)]
    glued = glued_person(s, a, b)
    if glued:
        return [glued]
    run = name_run(s, a, b)
    if run:
        return [(span, "person", None, None) for span in run]
    fields = []
    j = a
    for sep in list(ROSTER_FIELDS.finditer(text)) + [None]:
        k = a + sep.start() if sep else b
        if k > j:
            fields.append((j, k))
        j = a + sep.end() if sep else b
    rows = []
    row_honour = None
    spaced = bool(re.search(r"\s", text.strip()))
    for fa, fb in fields:
        if spaced and lexicon().honour_re.search(s, fa, fb) and ends_with_honour(s[fa:fb]):
            row_honour = (fa, fb)  # a table's honour column
            continue
        item = field_item(s, fa, fb, ends, len(fields) > 1)
        if item and item[2] and PRIZE.fullmatch(item[2]):  # 王某某（一等奖）: the prize in brackets is the row's
            k = s.find(item[2], item[0][1], fb)
            rows.append((item[0], item[1], None, (k, k + len(item[2]))))
            continue
        if item:
            rows.append((*item, None))
            continue
        if spaced and rows:
            continue  # a table row: the unit and title columns after the name
        if rows and len(rows) == 1 and rows[0][0][0] == a and not lexicon().verb_re.search(text):
            if not any(name_end(s, x, y) for x, y in fields[1:]):
                return [(rows[0][0], "person", None, None)]  # 王某某,男,汉族,…: a row about its first field
        rows = []
        break
    if spaced and any(kind == "person" for _, kind, _, _ in rows):
        rows = [r for r in rows if r[1] == "person"]  # a table row: the collectives are the people's units
    if rows:
        return [(span, kind, org if org or kind == "org" else _row_unit(s, span, fields), own or row_honour)
                for span, kind, org, own in rows]
    return []


def field_item(s: str, a: int, b: int, ends: frozenset, listed: bool) -> tuple[tuple[int, int], str, str | None] | None:
    """The awardee one field of a roster line names, as (name span, kind, organisation), or None: a
    name (with a unit or a gender in brackets after it), a collective, or a name after its unit and
    role (``某某集团王某某``, ``某某厂高级技师王某某``, ``某某中心研究馆员王某某``). ``listed``: the field
    is one of several, so its edges are an item's (:func:`listed_name`; a unit before a name suffices)."""
    br = BRACKETED.match(s[a:b])
    nb, org = (a + len(br.group(1)), br.group(2)) if br else (b, None)
    org = None if org and org[0] in "男女" else org
    if name_end(s, a, nb) or listed and listed_name(s[a:nb]):
        return (a, nb), "person", org
    found = parse_item(s, a, nb, ends)
    if found and found[0][1] == "org" and found[0][0] == (a, nb):
        return (a, nb), "org", org
    if found and found[0][1] == "person" and found[0][0][1] == nb and (listed or title_suffix(s[a:found[0][0][0]])):
        return found[0][0], "person", org or found[0][2]
    for n in (3, 2):
        before = s[a:nb - n]  # a line on its own ends where the name ends: its unit before says where it starts
        if nb - a > n + 1 and listed_name(s[nb - n:nb]) and (role_before(before) or strip_titles(before).endswith(ORG_HEAD)
                                                            or listed and before.endswith(tuple(ROLE_END))):
            return (nb - n, nb), "person", org or strip_titles(before)
    return name_between(s, a, nb)


def name_between(s: str, a: int, b: int) -> tuple[tuple[int, int], str, str | None] | None:
    """``滨江化工集团王某某高级技师``: a name between its unit (ending with an organisation head) and its
    title (of the gazetteer, or a short role ending in 员/师/工/长) that fill the rest of the field."""
    for i in range(a + 2, b - 3):
        if not s.endswith(ORG_HEAD, a, i):
            continue
        for n in (3, 2):
            rest = s[i + n:b]
            if listed_name(s[i:i + n]) and rest and (title_suffix(rest) == len(rest)
                                                    or len(rest) <= 5 and rest.endswith(tuple(ROLE_END))):
                return (i, i + n), "person", s[a:i]
    return None


def glued_person(s: str, a: int, b: int) -> tuple[tuple[int, int], str, str | None, None] | None:
    """A roster line that opens with a person's name followed by the unit and title, with or without
    a separator (``李明南京某某中学教师``, ``赵某某,某某公司工人``, ``王某某(某某集团)``): the segmenter
    says where the name ends (:func:`line_name`); the rest must read as a unit or a title."""
    text = s[a:b]
    if re.search(r"\s", text.strip()):
        return None  # columns: read field by field (roster_row)
    n = line_name(text)
    if n is None or lexicon().verb_re.search(text):
        return None
    rest = text[n:].lstrip(" ,，\t")
    if re.search(r"[、，,]", rest) or re.match(r"^[(（][^()（）]*[)）].", rest):
        return None  # more items follow: a list, read field by field
    unit = unit_and_role(rest)
    if rest and not (rest.startswith(("(", "（")) or strip_titles(rest) != rest or unit):
        return None
    if rest and len(rest) < 3:
        return None  # 王某某班: a word, not a name and a unit
    br = re.match(r"^[(（]([^()（）]{2,40})[)）]", rest)
    org = br.group(1) if br else (unit or strip_titles(rest).split()[0] if strip_titles(rest).split() else None)
    return ((a, a + n), "person", org, None)


@lru_cache(maxsize=1)
def _unit_role() -> re.Pattern:
    heads = "|".join(map(re.escape, sorted(ORG_HEAD, key=len, reverse=True)))
    return re.compile(rf"^\s*(\S{{2,40}}(?:{heads}))\s*[{CJK}]{{0,6}}$")


def unit_and_role(rest: str) -> str | None:
    """The unit of ``滨江家政服务公司育婴员``: a unit ending with an organisation head, then at most
    a short role (a job title the gazetteer may not know); None when ``rest`` is not so shaped."""
    m = _unit_role().match(rest)
    return m.group(1) if m else None


def name_run(s: str, a: int, b: int) -> list[tuple[int, int]] | None:
    """``杜某某沈某某田某某``: a roster line made of person names only, glued together (a separator
    lost in cleaning), split into names when exactly one way of reading it as 2- to 4-character
    names (:func:`name_end`) uses the fewest names; None otherwise."""
    n = b - a
    if not 4 <= n <= ROSTER_LINE_MAX or not all("\u4e00" <= ch <= "\u9fff" for ch in s[a:b]):
        return None
    best: list[tuple[int, list | None]] = [(0, [])] + [(0, None)] * n  # per prefix: (ways, fewest names)
    for i in range(1, n + 1):
        options = []
        for k in (2, 3, 4):
            if i - k >= 0 and best[i - k][1] is not None and name_end(s, a + i - k, a + i):
                options.append(best[i - k][1] + [(a + i - k, a + i)])
        if options:
            fewest = min(len(o) for o in options)
            ties = [o for o in options if len(o) == fewest]
            best[i] = (len(ties), ties[0])
    ways, names = best[n]
    return names if names is not None and len(names) >= 2 and ways == 1 else None


ROLE_END = "员师工长"  # the last character of a role (研究馆员, 预报员, 工程师, 钳工, 班长)


def role_before(before: str) -> bool:
    """Whether the text before a name at the end of a roster line is a unit and a role: a unit
    head, then a few characters ending like a role (``某某中心研究馆员``: a title the list lacks)."""
    m = _unit_role().match(before)
    return bool(m) and before.endswith(tuple(ROLE_END)) and len(before) > len(m.group(1))


def listed_name(item: str) -> bool:
    """Whether a delimited item of a roster list is a person's name: a surname and a given name that
    is not a frequent word as a whole (``韩国栋`` is a name although ``韩国`` is a word: the item's
    edges are given, so only the whole item is looked up; the surnames that double as words count too)."""
    lex = lexicon()
    k = 2 if item[:2] in lex.compound else 1 if item[:1] in lex.surnames or item[:1] in extra_surnames() else 0
    return bool(k) and 2 <= len(item) - k + 1 <= 3 and given_ok(item[k:], True) and (lex.freq.get(item) or 0) <= 100


@lru_cache(maxsize=1)
def extra_surnames() -> frozenset:
    """Surnames the main list leaves out because they double as common words (gazetteers/surnames_extra.tsv):
    read only where an item's edges are given (:func:`listed_name`)."""
    return frozenset(gazetteers.load("surnames_extra").column("surname"))


def _row_unit(s: str, span: tuple[int, int], fields: list[tuple[int, int]]) -> str | None:
    """The unit column of a table row: the field after the name, when it ends with a unit head."""
    after = [f for f in fields if f[0] >= span[1]]
    if after and len(fields) >= 2 and s[after[0][0]:after[0][1]].endswith(ORG_HEAD) and len(fields) <= 5:
        return s[after[0][0]:after[0][1]]
    return None


DATE_LINE = re.compile(r"^[\d〇○OoＯ零一二三四五六七八九十]{2,4}年[\d一二三四五六七八九十]{1,2}月[\d一二三四五六七八九十]{1,3}日$")


def roster_awardees(s: str, ends: frozenset = frozenset()) -> list[Found]:
    """Pattern 4: a heading line (:func:`roster_heading`) followed by one awardee, or a list of them,
    per line (:func:`roster_row`); ``先进集体``/``先进个人`` sub-headings choose among conjoined
    titles, and the roster ends at the first line that is none of these."""
    out: list[Found] = []
    honour = None  # (honour, start, end, raw phrase) of the heading in force
    outer = None   # the heading a sub-heading refines
    unreadable = False  # the line before could not be read
    prose = False  # a decision's title is in force over the prose lines before its names
    lines = labelled_clauses(_lines(s))
    following = {}  # line number -> the next non-blank line
    nxt = ""
    for k in range(len(lines) - 1, -1, -1):
        following[k] = nxt
        if lines[k][1].strip():
            nxt = lines[k][1].strip()
    for k, (start, line) in enumerate(lines):
        text = line.strip()
        if not text:
            continue
        if DATE_LINE.match(following[k]):
            honour = outer = None  # the signature of a notice (its issuer), then its date
            continue
        a = start + line.find(text)
        enum = ENUMERATION.match(text)
        if enum:
            a, text = a + enum.end(), text[enum.end():]
        colon = re.search("[:：]", text[:11])
        label = text[:colon.start()] if colon else HEADING_COUNT.sub("", text)
        sub = SUBHEADING.match(label.strip())
        if sub and outer is not None:  # 先进个人 (3名), 先进集体: A、B
            honour = subheading_honour(outer, sub.group(1))
            if not colon or not text[colon.end():].strip():
                continue
            a, text = a + colon.end(), text[colon.end():]
        else:
            head = roster_heading(s, start, line)
            if head:
                honour = outer = head
                prose = bool(DECISION_TITLE.match(text))
                continue
            if TABLE_HEADER.match(text):
                honour = outer = honour or ("", -1, -1, "")  # a table: each row names its honour, else the heading's
                continue
        if honour is None:
            continue
        tier = TIER_LABEL.match(text)
        if tier and not text[tier.end():].strip() and outer is not None:
            honour = (tier.group(1), a, a + tier.end(1), tier.group(1))  # 二等奖(2名): a tier over the lines below
            continue
        if TABLE_HEADER.match(text) or GROUP_LINE.match(text):
            continue  # a table's header row, a group of the roster with its count (滨江市(2名))
        region = tier or REGION_LABEL.match(text)
        rows = roster_row(s, a + region.end(), a + len(text), ends) if region else []
        if tier:  # 一等奖：A、B, 第1名 某某 under a competition's 获奖名单: the row's prize is its tier
            rows = [(span, kind, org, row_honour or (a, a + tier.end(1))) for span, kind, org, row_honour in rows]
        rows = rows or roster_row(s, a, a + len(text), ends)
        if not rows:
            if prose:
                continue  # a decision's prose (its addressee, the reasons) before the list of names
            if not unreadable and len(text) <= ROSTER_LINE_MAX and not re.search(r"[。；;！!？?，,]", text):
                unreadable = True  # one roster-like line we cannot read does not end the roster
                continue
            honour = outer = None
            continue
        unreadable = prose = False
        for span, kind, org, row_honour in rows:
            if row_honour is not None:
                h = (clean_honour(s[row_honour[0]:row_honour[1]]), *row_honour)
            else:
                h = honour[:3]
            if not h[0]:
                continue
            out.append(Found(span, kind, h[0], (h[1], h[2]), org, 0.7))
    return out


# ---------------------------------------------------------------- assembly

def sentences(s: str) -> list[tuple[int, int]]:
    """Sentence spans of the prepared text (book titles are blank, so their punctuation is gone)."""
    return [(m.start(), m.end()) for m in SENTENCE.finditer(s)]


def to_record(doc: Doc, f: Found) -> Awardee:
    """A :class:`Awardee` with surface strings cut from ``doc.text`` (original script)."""
    s, e = f.name
    while s < e and doc.text[s].isspace():  # the span is the name's, without padding (\x0b肇庆市代表队)
        s += 1
    while e > s and doc.text[e - 1].isspace():
        e -= 1
    org = f.organisation.strip(" 、") if f.organisation else None
    hs, he = f.honour_span
    k = doc.shadow.find(f.honour, max(0, hs - 2), he + 2)
    honour = f.honour
    if k >= 0:
        hs, he = k, k + len(f.honour)
        honour = doc.text[hs:he]
    else:  # the honour read across blanked mojibake (动?织): no span of the text spells it
        hs = he = None
    return Awardee(name=doc.text[s:e], kind=f.kind, honour=honour, start=s, end=e,
                   organisation=org or None, honour_start=hs, honour_end=he,
                   extractor=EXTRACTOR, version=VERSION, confidence=f.confidence)


def extract_awardees(doc: Doc, orgs: list[Mention]) -> list[Awardee]:
    """All (awardee, honour) pairs of a document, one record per distinct pair, in text order."""
    s = prepare(doc)
    found: list[Found] = []
    ends = frozenset(m.end for m in orgs)
    for a, b in sentences(s):
        found += verb_awardees(s, a, b, ends)
        found += apposition_awardees(s, a, b)
        found += colon_awardees(s, a, b, ends)
        found += object_awardees(s, a, b, ends)
        found += bracket_awardees(s, a, b)
        found += commended_awardees(s, a, b, ends)
        found += by_awardees(s, a, b, ends)
        found += presented_awardees(s, a, b, ends)
    roster = roster_awardees(s, ends)
    listed = {f.name for f in roster}
    # a roster's sub-heading label (先进集体: A、B) is no honour where a heading above gives one
    found = [f for f in found if not (f.name in listed and SUBHEADING.match(f.honour))] + roster
    seen: set[tuple[str, str]] = set()
    out = []
    for f in sorted(found, key=lambda f: (f.name[0], -f.confidence)):
        rec = to_record(doc, f)
        key = (squeeze(doc.shadow[f.name[0]:f.name[1]]), f.honour)
        if key in seen or not rec.name:
            continue
        seen.add(key)
        out.append(rec)
    return out
