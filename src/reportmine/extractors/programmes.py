"""PROGRAMME mentions by rule: quoted names with programme evidence, unquoted brand and campaign
names, named events and nationally known programmes.

GUIDELINES section 2. Four sources of candidates:

1. Quoted names “…” (and 「…」). A quote names a programme when the context says so: a generic
   head follows it, or follows the list of quotes it belongs to (“会聚良缘”系列联谊活动, “六个一”品牌,
   “送温暖”“送岗位”活动), a launching verb precedes it (开展“…”, also across an edition or year:
   举办第三期“…”), or its shape is that of a brand (internal ·, ——). Quotes that are honour titles
   (“工人先锋号”), ordinary words (“娘家人”), number formulas without a head (“两个确立”), formulas
   of joined terms not called a campaign (“线上+线下”服务), someone's words (他常说“…”), part of an
   ORG (“书香华苑”读书会) or document titles (《…》 never match) are skipped. The head window stops
   at a new predicate (a launching verb or a copula after the quote). The name is written without
   quotes and without the generic head.
2. Unquoted names built on a brand head (爱心妈妈小屋, 爱心托管班): the head word with a short left
   expansion over content words, bounded by stop words, ORGs and punctuation; and campaign names
   launched by a verb (实施职工素质提升工程, 推进A工程、B工程和C工程), verbs inside the name allowed.
3. Named events: a place (and edition) before a competition head (青河市第三届职工职业技能大赛),
   where the head alone is a generic activity type.
4. Nationally known programme names written unquoted (春送岗位, 冬送温暖, 春风行动), from
   ``gazetteers/programme_known.tsv``.

Vocabularies live in ``gazetteers/programme_heads.tsv``; word classes for the left expansion
reuse the ORG stop list.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

from reportmine import gazetteers
from reportmine.text.doc import Doc
from reportmine.records import Mention
from reportmine.text.segment import Token
from reportmine.extractors import orgs as org_rules

EXTRACTOR = "rules.programmes"
VERSION = "0.1.0"

NUMBER_FORMULA = re.compile(r"^[一二两三四五六七八九十百千\d]+[个项大条心有]|^[一二两三四五六七八九十\d]{1,2}\w?$")
ALTERNATING_FORMULA = re.compile(r"^([一二两三四五六七八九十百千]\w){2,}$|^[一二两三四五六七八九十]·?[一二两三四五六七八九十]$")
PLUS_FORMULA = re.compile(r"^[\u4e00-\u9fff]+(\+[\u4e00-\u9fff]+)+$")
BRAND_SHAPE = re.compile(r"[·・—]")
CLAUSE_PUNCT = re.compile(r"[,，。;；!！?？:：]")
WINDOW_END = re.compile(r"[,，。;；!！?？:：、的“\"《]")
AFTER_WINDOW = 8
MAX_BRAND_LEN = 12
# the rest of a list of quotes after one of them (、“…”、“…”), and the 等 that may close it
QUOTE_LIST_TAIL = re.compile(r'(?:[、，,]?[“"「][^”"」\n]{1,30}[”"」])*(?:等等|等)?')
EDITION = re.compile(r"^(第[\d一二三四五六七八九十百]+届?|首届|届)$")  # 第三届, 首届 (or 第三|届 as jieba cuts them)
# an edition or a year between a launching verb and the quote it launches (举办第三期“…”, 启动2025年“…”)
EDITION_BEFORE = re.compile(r"(?:第[\d一二三四五六七八九十百]+[期届季次]|首届|\d{4}年度?)$")
MAX_EVENT_LEN = 24
COORDINATORS = ("、", "和", "及", "以及")
LAUNCHED_BREAK_POS = ("r", "m", "q", "p", "c", "u", "ud", "uj", "ul", "uz", "f", "t")
# verbs are no break: a trade is often one (焊工, 维修); the predicates that end a name are stop words
EVENT_BREAK_POS = ("p", "c", "r", "d", "u", "ud", "uj", "t", "q", "f", "a", "ad")
COUNT_END = re.compile(r"[\d一二两三四五六七八九十百千万]+[余多]?$")  # a number, as a count ends before its measure word


@dataclass(frozen=True)
class Vocab:
    """Programme vocabularies, by role."""

    after: tuple[str, ...]
    brand: tuple[str, ...]
    trigger: tuple[str, ...]
    honour: tuple[str, ...]
    honour_prefix: tuple[str, ...]
    notname: frozenset[str]
    notsuffix: tuple[str, ...]
    weak_brand: tuple[str, ...]
    nothead: tuple[str, ...] = ()
    title_count: tuple[str, ...] = ()
    campaign: tuple[str, ...] = ()
    event: tuple[str, ...] = ()
    event_place: frozenset[str] = frozenset()
    speech: tuple[str, ...] = ()
    copula: tuple[str, ...] = ()
    site: tuple[str, ...] = ()

    @property
    def long_trigger(self) -> tuple[str, ...]:
        """Launching verbs of two characters or more: they may close a longer word (全面实施)."""
        return tuple(t for t in self.trigger if len(t) >= 2)


@lru_cache(maxsize=1)
def vocab() -> Vocab:
    """Read ``programme_heads.tsv`` once."""
    roles: dict[str, list[str]] = {}
    for row in gazetteers.load("programme_heads").rows:
        roles.setdefault(row["role"], []).append(row["word"])

    def longest_first(role: str) -> tuple[str, ...]:
        return tuple(sorted(set(roles.get(role, [])), key=len, reverse=True))

    return Vocab(longest_first("after"), longest_first("brand"), longest_first("trigger"),
                 longest_first("honour"), longest_first("honour_prefix"),
                 frozenset(roles.get("notname", [])), longest_first("notsuffix"),
                 longest_first("weak_brand"), longest_first("nothead"), longest_first("title_count"),
                 longest_first("campaign"), longest_first("event"), frozenset(roles.get("event_place", [])),
                 longest_first("speech"), longest_first("copula"),
                 longest_first("site"))


def after_window(shadow: str, pos: int, v: Vocab, width: int = AFTER_WINDOW) -> str:
    """The few characters after a closing quote at ``pos`` where its head is written, up to a clause
    break, a launching verb that opens a new predicate (“急难愁盼”问题开展走访服务: the service is not
    the quote's) or a copula (把“…”作为检验工作的标准: the quote is what the predicate speaks of); a
    launching verb right after the quote is part of its head (“书香工会”创建活动)."""
    window = shadow[pos:pos + width]
    cut = WINDOW_END.search(window)
    window = window[:cut.start()] if cut else window
    verbs = [k for t in v.trigger if len(t) >= 2 and t not in v.after and (k := window.find(t, 1)) > 0]
    verbs += [k for t in v.copula if (k := window.find(t)) >= 0]
    return window[:min(verbs)] if verbs else window


def head_after(shadow: str, pos: int, v: Vocab) -> str | None:
    """A programme head within a few characters after a closing quote, with no clause break, and not
    a modifier of a site or unit written right after it (“青河之眼”项目工地, “…”项目部)."""
    window = after_window(shadow, pos, v)
    for h in v.after:
        k = window.find(h)
        if k >= 0 and not shadow.startswith(v.site, pos + k + len(h)):
            return h
    return None


def list_head_after(shadow: str, pos: int, v: Vocab) -> str | None:
    """The head after the closing quote at ``pos``, or after the list of quotes it opens, which the
    quotes of the list share (“送温暖”“送岗位”“送健康”活动: 活动 names all three)."""
    return head_after(shadow, pos, v) or head_after(shadow, QUOTE_LIST_TAIL.match(shadow, pos).end(), v)


def is_honour(name: str, after: str, v: Vocab) -> bool:
    """Quoted honour titles are awards, not programmes."""
    return (name.endswith(v.honour) or name.startswith(v.honour_prefix)
            or after.startswith(("称号", "荣誉", "奖")))


def never_programme(name: str, after: str, v: Vocab) -> bool:
    """Quotes that are something else whatever the context: honours, number and list formulas, non-names."""
    return (name in v.notname or name.endswith(v.notsuffix) or is_honour(name, after, v)
            or bool(NUMBER_FORMULA.match(name))
            or bool(ALTERNATING_FORMULA.match(name)) or bool(PLUS_FORMULA.match(name))
            or "、" in name or bool(CLAUSE_PUNCT.search(name)))


def programme_evidence(name: str, shadow: str, start: int, end: int, v: Vocab) -> float:
    """Confidence that the quote at [start, end) (quotes included) names a programme; 0 if not."""
    head = list_head_after(shadow, end, v)
    before = EDITION_BEFORE.sub("", shadow[max(0, start - 12):start])[-4:]
    if name.endswith(v.notsuffix) or "、" in name:
        return 0.0
    if PLUS_FORMULA.match(name):  # a way of working (“线上+线下”服务), unless called a campaign or brand
        window = after_window(shadow, end, v)
        return 0.85 if any(h in window for h in v.campaign) else 0.0
    if head:
        return 0.85
    if any(h in after_window(shadow, end, v, MAX_EVENT_LEN) for h in v.event):
        return 0.7  # a quoted name before a named event, whose head comes later (“南岭杯”全国职工焊工技能大赛)
    if NUMBER_FORMULA.match(name) or ALTERNATING_FORMULA.match(name) or CLAUSE_PUNCT.search(name):
        return 0.0
    if BRAND_SHAPE.search(name) and len(name) >= 4:
        return 0.8
    if before.endswith(v.trigger) and len(name) >= 3:
        return 0.7
    if name.endswith(v.brand + v.weak_brand) and len(name) >= 4:
        return 0.7
    return 0.0


def plausible_quote(shadow: str, start: int, end: int) -> bool:
    """Whether a span found by another extractor (the model) is a whole quoted string that could
    name a programme: quoted (GUIDELINES section 2's first kind of name), outside a 《》 title, not
    someone's words (:func:`quoted_speech`), not a quote that is never a programme (honour, number or
    list formula, ordinary word), and not one its context calls something else (:func:`named_otherwise`)."""
    v = vocab()
    if ((start - 1, end + 1) not in org_rules.quote_spans(shadow) or inside_title(shadow, start - 1)
            or quoted_speech(shadow, start - 1, v)):
        return False
    return not (never_programme(shadow[start:end], shadow[end + 1:end + 4], v)
                or named_otherwise(shadow, start, end, v))



def placed_body(name: str) -> bool:
    """Whether a quoted string the ORG rules read as a body's name is one: a body located by a place or
    a level (“青河市职工服务中心”), not a brand named like a body (“云上工会”, “书香工会”)."""
    from reportmine.text.segment import words

    lex = org_rules.lexicon()
    return any(lex.role(t.text, "level") or t.text in lex.regions or lex.pos.get(t.text) == "ns"
               for t in org_rules.refine(words(name), lex))


def named_otherwise(shadow: str, start: int, end: int, v: Vocab) -> bool:
    """The context of the quote [start, end) (inside the quote marks) says it names something other
    than a programme: a noun after it, or after the list of quotes it belongs to, makes it a task,
    strength or game with no programme head after it (“中心大局”任务, “…”、“…”等游戏), or a count
    of people or households before it makes it a title they hold (10名“贤妻良母”)."""
    tail = QUOTE_LIST_TAIL.match(shadow, end + 1).end()
    noun = next((w for w in v.nothead if shadow.startswith(w, tail)), None)
    if noun and head_after(shadow, tail + len(noun), v) is None:
        return True
    before = shadow[max(0, start - 8):start - 1]
    return any(before.endswith(w) and COUNT_END.search(before[:-len(w)]) for w in v.title_count)


def quoted_speech(shadow: str, qs: int, v: Vocab) -> bool:
    """The quote opening at ``qs`` gives someone's words: a verb of saying comes right before it, perhaps
    with a colon (他常说“…”, 她表示：“…”)."""
    return shadow[max(0, qs - 6):qs].rstrip(":：,， ").endswith(v.speech)


def spoken_quotes(shadow: str) -> list[tuple[int, int]]:
    """Spans (quote marks included) of the quotes that give someone's words (:func:`quoted_speech`)."""
    v = vocab()
    return [(qs, qe) for qs, qe in org_rules.quote_spans(shadow) if quoted_speech(shadow, qs, v)]


def inside_title(shadow: str, pos: int) -> bool:
    """A quote inside a 《》 document title (《心怀“国之大者”》) belongs to the title."""
    line_start = shadow.rfind("\n", 0, pos) + 1
    prefix = shadow[line_start:pos]
    return prefix.count("《") > prefix.count("》")


def overlaps(s: int, e: int, spans: list[tuple[int, int]]) -> bool:
    return any(s < b and a < e for a, b in spans)


def quoted(doc: Doc, org_spans: list[tuple[int, int]], v: Vocab) -> list[Mention]:
    """Programmes named in quotes."""
    out = []
    shadow = doc.shadow
    for qs, qe in org_rules.quote_spans(shadow):
        s, e = qs + 1, qe - 1
        while s < e and shadow[s].isspace():  # the span is the name's, not its padding (“康杯 ”)
            s += 1
        while e > s and shadow[e - 1].isspace():
            e -= 1
        name = shadow[s:e]
        if len(name) < 2 or name in v.notname or overlaps(qs, qe, org_spans):
            continue
        if NUMBER_FORMULA.match(name) and len(name) <= 2 or inside_title(shadow, qs) or quoted_speech(shadow, qs, v):
            continue
        if is_honour(name, shadow[qe:qe + 3], v) or named_otherwise(shadow, qs + 1, qe - 1, v):
            continue
        conf = programme_evidence(name, shadow, qs, qe, v)
        if conf:
            out.append(Mention("PROGRAMME", doc.text[s:e], s, e, EXTRACTOR, VERSION, conf))
    return out


def brand_start(tokens: list[Token], k: int, lex: org_rules.Lexicon, inner: bool = False) -> int:
    """Index of the first word of an unquoted brand name whose head starts at word ``k``
    (``inner``: the head starts inside word ``k``, which then belongs to the name)."""
    if inner and (org_rules.is_stop(tokens[k].text, lex) or lex.pos.get(tokens[k].text) in ("v", "vn", "m")):
        return k + 1 if len(tokens) > k + 1 else k
    i = k
    while i > 0 and tokens[k].end - tokens[i - 1].start <= MAX_BRAND_LEN:
        w = tokens[i - 1].text
        if not org_rules.WORDLIKE.match(w) or org_rules.is_stop(w, lex) or lex.role(w, "generic") and w != "职工":
            break
        if org_rules.is_head(w, lex) and w not in org_rules.UNION_HEADS:
            break
        if lex.pos.get(w) in ("v", "vn", "vd", "m", "q", "p", "c", "r", "d", "t") or w in lex.regions:
            break
        i -= 1
    return i


@lru_cache(maxsize=1)
def brand_pattern() -> re.Pattern:
    """Alternation of the brand heads, longest first (built once)."""
    v = vocab()
    return re.compile("|".join(map(re.escape, sorted(v.brand + v.weak_brand, key=len, reverse=True))))


def unquoted(doc: Doc, taken: list[tuple[int, int]], v: Vocab) -> list[Mention]:
    """Brand-like names on a brand head: 爱心妈妈小屋, 爱心托管班, 实施数字赋能工程."""
    lex = org_rules.lexicon()
    tokens = doc.tokens
    ends = {t.end: k for k, t in enumerate(tokens)}
    starts = [t.start for t in tokens]
    out = []
    chained_at = -1  # where the last campaign name launched by a verb ends: a coordinator there goes on
    for m in brand_pattern().finditer(doc.shadow):
        if m.end() not in ends:
            continue
        k = bisect.bisect_right(starts, m.start()) - 1
        launched = launched_start(tokens, k, m.start(), lex, v, chained_at) if m.group() in v.weak_brand else None
        if launched is not None:
            i = launched
        else:
            i = brand_start(tokens, k, lex) if tokens[k].start == m.start() else brand_start(tokens, k, lex, inner=True)
        s, e = tokens[i].start, m.end()
        # the name's words before the head, with the part of the head's word before it (维权|行动月)
        words = [t.text for t in tokens[i:k]]
        if tokens[k].start < m.start():
            words.append(tokens[k].text[:m.start() - tokens[k].start])
        if m.start() - s < 2 or words and all(lex.role(w, "generic") for w in words):
            continue
        if overlaps(s, e, taken) or doc.shadow[max(0, s - 1):s] in "“「\"":
            continue
        if m.group() in v.weak_brand and launched is None and not doc.shadow[max(0, s - 4):s].endswith(v.trigger):
            continue
        out.append(Mention("PROGRAMME", doc.text[s:e], s, e, EXTRACTOR, VERSION, 0.6))
        chained_at = e if launched is not None else chained_at
    return out


def launches(word: str, v: Vocab) -> bool:
    """A launching verb, alone or closing a word (全面实施); one-character verbs (以, 设) only alone."""
    return word in v.trigger or word.endswith(v.long_trigger)


def launched_start(tokens: list[Token], k: int, head_start: int, lex: org_rules.Lexicon, v: Vocab,
                   chained_at: int) -> int | None:
    """Index of the first word of a campaign name launched by a verb (实施职工素质提升工程, 启动春风送暖
    行动) whose head (at ``head_start``) ends word ``k``: the words between the verb and the head,
    verbs among them (a campaign is often named by what it does: 素质提升, 春风送暖). A coordinator right after the last
    such name stands for its verb (推进A工程、B工程和C工程). None when no verb launches it within a
    short name, when a word between is no content word (a pronoun, number or function word: 推进各项
    工程), or when the name is a bare verb (启动建设工程: a name with a verb has four characters before
    its head)."""
    has_verb = False
    for i in range(k, 0, -1):
        w = tokens[i - 1].text
        if launches(w, v) or (w in COORDINATORS and tokens[i - 1].start == chained_at):
            return i if not has_verb or head_start - tokens[i].start >= 4 else None
        if (tokens[k].end - tokens[i - 1].start > MAX_BRAND_LEN or not org_rules.WORDLIKE.match(w)
                or lex.pos.get(w) in LAUNCHED_BREAK_POS):
            return None
        has_verb |= lex.pos.get(w) in ("v", "vn")
    return None


@lru_cache(maxsize=1)
def event_pattern() -> re.Pattern:
    """Alternation of the event heads, longest first (built once)."""
    return re.compile("|".join(map(re.escape, vocab().event)))


def event_place(word: str, lex: org_rules.Lexicon, v: Vocab) -> bool:
    """A place written before an event's name: a region, a word jieba tags as one, or a level that
    stands for one (省, 全市)."""
    return word in lex.regions or lex.pos.get(word) == "ns" or word in v.event_place


def events(doc: Doc, taken: list[tuple[int, int]], v: Vocab) -> list[Mention]:
    """Named competitions: a place (and perhaps an edition) before a competition head makes one event
    (青河市第三届职工职业技能大赛, 全省家政服务技能竞赛), where the head alone is a generic activity type
    (组织职工参加技能竞赛). The name runs from the first place word of the stretch of name words
    before the head, over content words and editions; verbs, function words, times, counts and an
    organisation's head word end the stretch, so the organiser (县总工会职工技能竞赛) stays out."""
    if not v.event:
        return []
    lex = org_rules.lexicon()
    tokens = doc.tokens
    ends = {t.end: k for k, t in enumerate(tokens)}
    out = []
    for m in event_pattern().finditer(doc.shadow):
        k = ends.get(m.end())
        if k is None:
            continue
        start, content = None, m.start() - tokens[k].start  # the head's token may open with a content word (劳动竞赛)
        i = k
        while i > 0 and tokens[k].end - tokens[i - 1].start <= MAX_EVENT_LEN:
            w = tokens[i - 1].text
            if event_place(w, lex, v):
                start = i - 1
            elif EDITION.match(w):
                start = i - 1 if start == i else start  # an edition right before the place opens the name
            elif (not org_rules.WORDLIKE.match(w) or lex.pos.get(w) in EVENT_BREAK_POS or launches(w, v)
                  or org_rules.is_head(w, lex) or lex.role(w, "stop") or w.endswith("级")):
                break
            else:
                content += len(w) if start is None else 0
            i -= 1
        if start is None or content < 2:
            continue
        s, e = tokens[start].start, m.end()
        if not overlaps(s, e, taken):
            out.append(Mention("PROGRAMME", doc.text[s:e], s, e, EXTRACTOR, VERSION, 0.6))
    return [m for m in out if not short_reference(m, out, v)]


def short_reference(m: Mention, named: list[Mention], v: Vocab) -> bool:
    """An event named by a bare level (省十项工程劳动竞赛, 全省…) where the document also writes its
    full name with the place (广东省十项工程劳动竞赛): the short form refers back to it."""
    level = next((w for w in sorted(v.event_place, key=len, reverse=True) if m.text.startswith(w)), None)
    rest = m.text[len(level):] if level else ""
    return bool(rest) and any(o.text != m.text and o.text.endswith(level[-1] + rest) for o in named)


@lru_cache(maxsize=1)
def known_pattern() -> re.Pattern:
    """Alternation of the nationally known programme names (``gazetteers/programme_known.tsv``), longest first."""
    names = sorted(gazetteers.load("programme_known").column("name"), key=len, reverse=True)
    return re.compile("|".join(map(re.escape, names)))


def known(doc: Doc, taken: list[tuple[int, int]]) -> list[Mention]:
    """Nationally known programme names written as words, unquoted (开展春送岗位、夏送清凉活动, 春风行动
    专场招聘会): the name starts and ends at word boundaries and is no part of a name found already.
    A quoted list of them (“春送岗位、夏送清凉”) names each."""
    starts = {t.start for t in doc.tokens}
    ends = {t.end for t in doc.tokens}
    return [Mention("PROGRAMME", doc.text[m.start():m.end()], m.start(), m.end(), EXTRACTOR, VERSION, 0.8)
            for m in known_pattern().finditer(doc.shadow)
            if m.start() in starts and m.end() in ends and not overlaps(m.start(), m.end(), taken)]


def extract_programmes(doc: Doc, orgs: list[Mention]) -> list[Mention]:
    """PROGRAMME mentions of a document, every occurrence."""
    v = vocab()
    org_spans = [(m.start, m.end) for m in orgs]
    found = quoted(doc, org_spans, v)
    taken = org_spans + [(m.start - 1, m.end + 1) for m in found]
    found += unquoted(doc, taken, v)
    found += known(doc, org_spans + [(m.start - 1, m.end + 1) for m in found])
    found += events(doc, org_spans + [(m.start, m.end) for m in found], v)
    return sorted(found, key=lambda m: m.start)
