"""A learned AWARDEE step: candidate (awardee, honour) pairs scored by a logistic regression.

Chosen by grouped cross-validation (see the model card; the model bundle's ``AWARDEE`` policy
says how its pairs join the rules'). The rules in
:mod:`reportmine.extractors.awardees` are precise but miss roster lines, holders after the verb,
collectives and lists under an honour heading. This module over-generates pairs and lets a
classifier decide:

* **names**: person names (a gazetteer surname + 1-3 characters, anchored where a field starts or
  ends, where the segmenter cuts, or before a boundary word) and collectives (separator-delimited
  fields, the subject before an award verb, or ORG mentions, ending in a collective head:
  队/班/组/岗/工作室/车间/公司 ...);
* **honours**: gazetteer honour titles (with their level prefix), quoted phrases, the object of an
  award verb, prize words (一等奖, 第一名), and the rules' honours;
* **pairs**: a name and an honour in the same sentence or line, or the honour of the nearest
  heading line above the name (``…名单``, ``…分别是:``); only persons whose candidate sources say
  where the name ends and confirm it get pairs (:func:`pairable`), which keeps the step cheap;
* **lists**: names of one kind separated only by list separators (a unit and a title may stand
  before each person; roster lines count) are items of one list, and items share an honour
  (:func:`spread_over_lists`): one an item holds, the one heading the list before its colon, or the
  one its award verb gives after it (``…、…等11个集体获评…``).

Features are generic (distances, separators and verbs between, line shape, candidate sources,
heads); they are hashed, so the saved model is a weight vector, not a list of strings.
Works on the simplified shadow, so traditional-script texts read the same.
"""
from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from reportmine.extractors import awardees as R
from reportmine.records import Awardee
from reportmine.text.doc import Doc

EXTRACTOR = "sklearn.awardees"
VERSION = "0.2.0"
N_FEATURES = 2 ** 18

CJK = R.CJK
FIELD = re.compile(r"[^、，,。；;：:！!？?\n\s()（）“”\"「」『』·]+")
ORG_FIELD = re.compile(r"[^、，,。；;：:！!？?\n\s]+")
SENT = re.compile(r"[^。！？!?；;\n]+[。！？!?；;]?")
COLL_HEADS = tuple(sorted(set(R.ORG_HEAD + (
    "代表队", "驿站", "小组", "分会", "集体", "社区", "妇联", "幼儿园", "岗", "团队", "联盟", "小屋",
    "站点", "工作室", "班组", "工区", "车间", "团", "窗口", "中学", "小学", "大学", "学院", "街道", "村",
    "服务站", "党支部", "支部", "家庭", "办公室", "大队", "中队", "支队")), key=len, reverse=True))
COLL_HEAD_SET = frozenset(COLL_HEADS)
COLL_HEAD_LENGTHS = tuple(sorted({len(x) for x in COLL_HEADS}, reverse=True))
PRIZE = R.PRIZE
HEADING_END = re.compile(r"(名单|名录|获得者|获奖者|人选|如下|分别是|分别为|是|为|有)[:：]?$|[:：]$")
GAP_WORDS = ("被授予", "授予", "荣获", "获得", "获评", "评为", "被评为", "命名", "荣膺", "入选", "当选", "获",
             "表彰", "分别", "等", "的", "为", "是", "有", "和", "与", "及", "由", "向", "代表", "称号", "同志",
             "获得者", "名单", "决定", "其中", "来自", "带领", "担任", "主席", "书记", "主任")
PRESENTER = re.compile(r"为(?=[^，,。；;：:\n]{0,30}?(?:颁奖|颁发|授奖|颁证|授牌|授旗))")  # 某某为获奖者颁奖: 为 after the presenter
PARTICIPANT_AFTER = re.compile(r"(?:同志)?(?:讲话|致辞|主持|出席|宣读|颁奖|担任(?:评委|裁判))")
NEG = -1
BEST_ONLY = 0.9  # decoding: a name occurrence keeps its best honour, others only at this probability
LIST_FLOOR = 0.25  # decoding: a list's items share an honour when one item holds it at this probability
HEADING_PRIOR = 0.8  # decoding: what a list's items get from the honour heading it or following it (_heading_of, _trailer_of)
LIST_GAP = 40  # at most this many characters between two items of one list (a unit and a title before a name)
ROSTER_LINE = 80  # ... or between two items on consecutive roster lines, each at most this long
ITEM_END = "、，,。；;\n"
COMMON_WORD = 1000  # a person reading the segmenter's dictionary counts more often than this is a word, not a list item
TRAILER = re.compile(r"(?:等[\d一二三四五六七八九十百]*(?:个|名|家|位|支|所)?(?:先进|优秀)?(?:集体|单位|人|同志|个人)?)?"
                     r"(?:被[^，,、。；;：:\n]{0,15}?)?(?:并列|分别|均|都|共同|同时)?")
SUBJECT_TAIL = re.compile(r"(?:并列|分别|均|都|共同|同时|也|还|又|再次|先后|曾|已|今年|去年)+$")
HEADING_TAIL = re.compile(r"[”\"」』]?(?:荣誉称号|光荣称号|称号)?(?:获得者|获奖者|名单|名录|人选)?的?(?:分别)?(?:是|为|有|如下)?")
CLAUSE_END = re.compile(r"[。；;！!？?：:]")
FIELD_CUT = re.compile(r"等|的|和|及|与|[\d一二三四五六七八九十百]+(?:个|家|名|支|所)")  # a field's cuts into collectives
GAP_COUNT = re.compile(r"等?[\d一二三四五六七八九十百]+(?:个|名|位|家|人|支)")
GAP_SEPARATORS = re.compile(r"[、，,\s]")
COLON_LEAD = re.compile("(是|为|有|如下|名单)$")
LIST_HEADING_END = re.compile("(名单|名录|获得者|获奖者)$")
ROSTER_BREAK = re.compile("[。；;]")
QUOTED_HONOUR = re.compile(r"[“\"]([^“”\"\n]{2,25})[”\"]")
LINE_FIELD_SPLIT = re.compile(r"[\s:：]+")
SENTENCE_MARK = re.compile("[。，,]")
SENTENCE_END = re.compile("[。！!？?]")
CATEGORY = re.compile("(?:优秀|先进|优胜|模范|示范)(?:单位|集体|班组|企业|个人)$")  # a kind of awardee, not one


@dataclass
class NameC:
    start: int
    end: int
    kind: str
    src: set = field(default_factory=set)


@dataclass
class HonC:
    start: int
    end: int
    text: str
    src: set = field(default_factory=set)


@dataclass
class Pair:
    name: NameC
    hon: HonC
    rel: str
    pair_feats: dict  # the features of the pair itself; those of its name or honour alone are kept once per candidate (all_features)
    prob: float = 0.0
    own: float = 0.0  # the classifier's probability, before a list lent the pair its own (see spread_over_lists)


# ------------------------------------------------------------------ helpers

def _bucket(n: int, edges=(0, 1, 2, 3, 5, 8, 12, 20, 40, 80, 160)) -> str:
    for e in edges:
        if n <= e:
            return str(e)
    return "big"


def _charclass(ch: str) -> str:
    if not ch:
        return "EDGE"
    if ch == "\n":
        return "NL"
    if ch.isspace():
        return "SP"
    if ch in "、":
        return "DUN"
    if ch in "，,":
        return "COMMA"
    if ch in "：:":
        return "COLON"
    if ch in "。；;！!？?":
        return "STOP"
    if ch in "()（）":
        return "PAREN"
    if ch in "“”\"「」『』":
        return "QUOTE"
    if ch.isdigit():
        return "DIGIT"
    if "\u4e00" <= ch <= "\u9fff":
        return "CJK"
    return "OTHER"


def coll_head(name: str) -> str | None:
    """The longest collective head ``name`` ends with (one lookup per head length, not per head)."""
    for n in COLL_HEAD_LENGTHS:
        if n <= len(name) and name[-n:] in COLL_HEAD_SET:
            return name[-n:]
    return None


extra_surnames = R.extra_surnames  # surnames the rules' list leaves out (they double as common words)


NOT_IN_GIVEN = frozenset("的了是在和等年月日个们会部局司省县区镇村某")


def person_ends(s: str, i: int) -> tuple[int, ...]:
    """The ends ``e`` of the person names that can start at ``i``: a compound surname and 1-2
    characters, else a surname (of the rules' list or :func:`extra_surnames`) and 1-2 characters;
    the given name is CJK without function words or unit words (的, 年, 局, 村 ...)."""
    lex = R.lexicon()
    if s[i:i + 2] in lex.compound:
        k = 2
    elif s[i:i + 1] in lex.surnames or s[i:i + 1] in extra_surnames():
        k = 1
    else:
        return ()
    ends = []
    for e in range(i + k + 1, min(len(s), i + k + 2) + 1):
        ch = s[e - 1]
        if not "\u4e00" <= ch <= "\u9fff" or ch in NOT_IN_GIVEN:
            break
        ends.append(e)
    return tuple(ends)


def person_ok(s: str, i: int, e: int) -> bool:
    """Whether ``s[i:e]`` reads as a person name (:func:`person_ends`)."""
    return e in person_ends(s, i)


@lru_cache(maxsize=1)
def surname_start() -> re.Pattern:
    """A character a person name can start with (the first of a surname or of a compound surname)."""
    lex = R.lexicon()
    chars = set(lex.surnames) | set(extra_surnames()) | {x[0] for x in lex.compound}
    return re.compile("[" + "".join(re.escape(ch) for ch in sorted(chars)) + "]")


# ------------------------------------------------------------------ candidates

class Candidates:
    """All name and honour candidates of one document and the document's layout."""

    def __init__(self, doc: Doc, rules_awardees=None, orgs=None):
        self.doc = doc
        self.s = s = R.prepare(doc)
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", s)]
        self.sents = [(m.start(), m.end()) for m in SENT.finditer(s)]
        self.sent_starts = [a for a, _ in self.sents]
        toks = doc.tokens
        self.tok_starts = {t.start for t in toks}
        self.tok_ends = {t.end for t in toks}
        self.tok_by_start = {t.start: t for t in toks}
        self.rules = list(rules_awardees or [])
        self.orgs = list(orgs or [])
        self.names: dict[tuple[int, int], NameC] = {}
        self.hons: dict[tuple[int, int], HonC] = {}
        # per-candidate parts of the pair features, computed once (see pair_features)
        self.name_features: dict = {}
        self.honour_features: dict = {}
        self.name_rel_features: dict = {}
        self.honour_kind_features: dict = {}
        self.rule_names: set | None = None
        self._lines: dict[int, tuple] = {}
        self.names_on_line: dict[tuple[int, str], int] = {}
        self._names()
        self._collectives()
        self._honours()
        self.name_list = sorted(self.names.values(), key=lambda n: n.start)
        self.hon_list = sorted(self.hons.values(), key=lambda h: h.start)
        self.name_starts = [n.start for n in self.name_list]
        self.hon_starts = [h.start for h in self.hon_list]
        self.longest_honour = max((h.end - h.start for h in self.hon_list), default=0)
        self.headings = self._headings()
        self.presenters = [m.start() for m in PRESENTER.finditer(s)]
        self._lists: dict[tuple[int, int, str], int] | None = None

    def participant(self, n: "NameC") -> bool:
        """Whether a person reading is a participant of the ceremony, not a holder: the one who
        presents (``某某为获奖职工颁奖``: the reading ends at or runs over that 为) or who speaks,
        hosts or attends (``某某讲话``, ``某某同志主持``)."""
        if any(n.start < p + 1 and p <= n.end for p in self.presenters):
            return True
        return bool(PARTICIPANT_AFTER.match(self.s, n.end))

    # layout
    def line_of(self, pos: int) -> int:
        return bisect.bisect_right(self.line_starts, pos) - 1

    def line_span(self, k: int) -> tuple[int, int]:
        a = self.line_starts[k]
        b = self.line_starts[k + 1] - 1 if k + 1 < len(self.line_starts) else len(self.s)
        return a, b

    def sent_of(self, pos: int) -> int:
        return bisect.bisect_right(self.sent_starts, pos) - 1

    def _add_name(self, a, b, kind, src):
        if b - a < 2:
            return
        c = self.names.get((a, b))
        if c is None:
            c = self.names[(a, b)] = NameC(a, b, kind)
        c.src.add(src)

    def _add_hon(self, a, b, src, text=None):
        text = text if text is not None else R.clean_honour(self.s[a:b])
        if not 2 <= len(text) <= 30 or text[0].isdigit():
            return
        c = self.hons.get((a, b))
        if c is None:
            c = self.hons[(a, b)] = HonC(a, b, text)
        c.src.add(src)

    # person names
    def _names(self):
        s = self.s
        ends_at = {}  # start -> person_ends, where a name can start
        for m in surname_start().finditer(s):
            found = person_ends(s, m.start())
            if found:
                ends_at[m.start()] = found
        for m in FIELD.finditer(s):
            a, b = m.span()
            head = ends_at.get(a, ())
            for n in (2, 3, 4):
                if b - n >= a and b in ends_at.get(b - n, ()):
                    self._add_name(b - n, b, "person", "tail")
                if a + n in head and a + n <= b:
                    self._add_name(a, a + n, "person", "head" if a + n < b else "whole")
        for i, found in ends_at.items():  # in text order
            before = s[max(0, i - 8):i]
            titled = R.title_suffix(before) or before.endswith(R.ORG_HEAD)
            for e in found:
                if i in self.tok_starts and e in self.tok_ends:
                    self._add_name(i, e, "person", "tok")
                if s.startswith(R.AFTER_NAME, e):
                    self._add_name(i, e, "person", "after")
                if titled:
                    self._add_name(i, e, "person", "title")
        for a in self.rules:
            if a.kind == "person":
                self._add_name(a.start, a.end, "person", "rule")

    # collectives
    def _collectives(self):
        s = self.s
        verb_re = R.lexicon().verb_re
        for m in ORG_FIELD.finditer(s):
            a, b = m.span()
            pieces = [(a, b)]
            for cut in FIELD_CUT.finditer(s[a:b]):
                pieces.append((a, a + cut.start()))
                pieces.append((a + cut.end(), b))
            for pa, pb in pieces:
                if not s.endswith(COLL_HEADS, 0, pb) and verb_re.search(s, pa, pb) is None:
                    continue  # neither a subject before a verb nor a field ending in a head: nothing below
                raw = s[pa:pb]
                lead = R.LEADING_JUNK.match(raw)
                if lead and lead.end() < len(raw):
                    pa += lead.end()
                first = verb_re.search(s, pa, pb)
                if first is not None and first.start() > pa:
                    self._subject(pa, first.start())  # 南平市妇联获评…: the subject before the verb
                vm = None
                for vm in verb_re.finditer(s, pa, pb):
                    pass
                if vm is not None and vm.end() < pb - 3:
                    pa = vm.end()  # 授予长丰县第二中学工会委员会: the object after the verb
                raw = s[pa:pb].strip()
                pa = pb - len(raw) if raw else pb
                pb = pa + len(raw)
                if self._collective_ok(raw):
                    self._add_name(pa, pb, "org", "field")
        for o in self.orgs:
            if 3 <= o.end - o.start <= 45:
                self._add_name(o.start, o.end, "org", "orgmention")
        for a in self.rules:
            if a.kind == "org":
                self._add_name(a.start, a.end, "org", "rule")

    def _subject(self, a: int, v: int):
        """A collective that is the subject of the award verb at ``v`` (``s[a:v]``, cut before 被 and
        the adverbs before a verb: ``…代表队并列获得``, ``…妇联被…授予``)."""
        raw = self.s[a:v]
        k = raw.find("被")
        raw = SUBJECT_TAIL.sub("", raw[:k] if k > 0 else raw)
        if self._collective_ok(raw):
            self._add_name(a, a + len(raw), "org", "subject")

    @staticmethod
    def _collective_ok(raw: str) -> bool:
        """A field that can name a collective: 4-45 characters ending in a collective head, not a
        generic phrase (各…, 先进…), a count (…等5家单位, 100个集体) nor a category (…优胜单位和优秀班组)."""
        return (4 <= len(raw) <= 45 and raw.endswith(COLL_HEADS) and not R.GENERIC_ORG.match(raw)
                and not R.COUNT_TAIL.search(raw) and not CATEGORY.search(raw))

    # honours
    def _honours(self):
        s = self.s
        lex = R.lexicon()
        for m in lex.honour_re.finditer(s):
            hs = R.honour_start(s, m.start())
            self._add_hon(hs, m.end(), "gaz")
            if hs != m.start():
                self._add_hon(m.start(), m.end(), "gazcore")
        for m in QUOTED_HONOUR.finditer(s):
            a, b = m.span(1)
            self._add_hon(a, b, "quoted")
            hs = R.level_start(s, m.start())
            if hs < m.start():
                self._add_hon(hs, m.end(), "quotedlevel", R.clean_honour(s[hs:m.end()].replace("“", "").replace("”", "").replace('"', "")))
        for a0, b0 in self.sents:
            for m in lex.verb_re.finditer(s, a0, b0):
                for h, hs, he in R.honour_phrase(s, m.end(), b0, True):
                    self._add_hon(hs, he, "verbobj", h)
        for m in PRIZE.finditer(s):
            self._add_hon(m.start(), m.end(), "prize", m.group())
        for a in self.rules:
            if a.honour_start is not None:
                self._add_hon(a.honour_start, a.honour_end, "rule", R.clean_honour(self.doc.shadow[a.honour_start:a.honour_end]))

    def _headings(self) -> dict[int, list[HonC]]:
        """line number -> honours of that line when it reads as a heading (a short line that
        ends with a colon or 名单/获得者/分别是, or a short line holding only an honour)."""
        out = {}
        for h in self.hon_list:
            k = self.line_of(h.start)
            a, b = self.line_span(k)
            line, heading_end = self.line_shape(k)[:2]
            if not (heading_end or len(line) <= 30):
                continue  # neither test below can pass: the tail is not read (a long line costs nothing)
            tail = self.s[h.end:b].strip()
            if heading_end and len(tail) <= 12 or (len(line) <= 30 and len(tail) <= 6):
                out.setdefault(k, []).append(h)
        return out

    def line_shape(self, k: int) -> tuple:
        """Line ``k``'s parts that pair features read, computed once per line: (stripped text up to
        120 characters, ends like a heading, fields, stripped length, has an award verb, roster-like,
        leading and trailing whitespace widths)."""
        found = self._lines.get(k)
        if found is None:
            a, b = self.line_span(k)
            raw = self.s[a:b]
            line = raw.strip()
            fields = [x for x in LINE_FIELD_SPLIT.split(line) if x]
            found = self._lines[k] = (
                line if len(line) <= 120 else line[:120], bool(HEADING_END.search(line)), len(fields), len(line),
                bool(R.lexicon().verb_re.search(raw)),
                len(fields) >= 2 and len(line) <= 60 and not SENTENCE_MARK.search(raw),
                len(raw) - len(raw.lstrip()), len(raw.rstrip()))
        return found


    # lists
    def item_ready(self, n: NameC) -> bool:
        """Whether ``n`` can be an item of a list: it closes an item (a separator, a line end,
        whitespace or 等 follows, or it is the subject of an award verb), is not itself an honour,
        and reads as a name of its kind: a person found by more than the characters around it (the
        segmenter, a title before it, the rules, a whole field), not part of a job title (主任医师,
        工程师) nor ending in one or in a unit head; a collective of four characters or more,
        without a count (not …幼儿园等8个集体)."""
        s = self.s
        nxt = s[n.end:n.end + 1]
        closes = not nxt or nxt in ITEM_END or nxt.isspace() or nxt == "等" or "subject" in n.src
        if not closes or (n.start, n.end) in self.hons:
            return False
        name = s[n.start:n.end]
        if n.kind == "person":
            inside_title = any(R.title_suffix(s[max(0, n.start - 6):n.start + k]) > k for k in (1, 2, n.end - n.start))
            word = "rule" not in n.src and (R.lexicon().freq.get(name) or 0) > COMMON_WORD  # 荣誉 in a table's header row
            return bool(n.src - {"tail", "after"}) and not (word or inside_title or R.title_suffix(name) or name.endswith(R.ORG_HEAD))
        return n.end - n.start >= 4 and not (R.GENERIC_ORG.match(name) or R.COUNT_TAIL.search(name))

    def list_gap(self, n: NameC, m: NameC) -> bool:
        """Whether the text between names ``n`` and ``m`` (``m`` after) separates two items of one list:
        a separator (collectives: nothing else; people: then the unit and title of the next item),
        or one line break between two short roster lines; no clause end, award verb, 等 or honour."""
        s = self.s
        gap = s[n.end:m.start]
        breaks = gap.count("\n")
        if not gap or len(gap) > (ROSTER_LINE if breaks else LIST_GAP) or CLAUSE_END.search(gap) or "等" in gap:
            return False
        if breaks > 1 or breaks and max(self.line_shape(self.line_of(x.start))[3] for x in (n, m)) > ROSTER_LINE:
            return False
        if n.kind == "org":
            if gap.strip(" \t\u3000") not in ("、", "，", ",") and gap.strip():
                return False
        elif not breaks and gap.lstrip(" \t\u3000")[:1] not in ("、", "，", ","):
            return False
        if R.lexicon().verb_re.search(gap):
            return False
        j = bisect.bisect_left(self.hon_starts, n.end)
        return not (j < len(self.hon_list) and self.hon_list[j].start < m.start)

    def lists(self) -> dict[tuple[int, int, str], int]:
        """(start, end, kind) of each name that is an item of a list of two or more -> the list's
        number. Items are names of one kind that can close an item, each linked to the nearest
        following one (and the readings overlapping it) when :meth:`list_gap` allows (computed once)."""
        if self._lists is not None:
            return self._lists
        ready = [n for n in self.name_list if self.item_ready(n)]
        parent = list(range(len(ready)))

        def find(i):
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        for i, n in enumerate(ready):
            nearest = None  # the first following name of n's kind, and the readings overlapping it
            for j in range(i + 1, len(ready)):
                m = ready[j]
                if m.start - n.end > ROSTER_LINE or nearest is not None and m.start >= nearest.end:
                    break
                if m.start < n.end or m.kind != n.kind:
                    continue
                nearest = nearest or m
                if self.list_gap(n, m):
                    parent[find(j)] = find(i)
        roots = [find(i) for i in range(len(ready))]
        size = Counter(roots)
        self._lists = {(n.start, n.end, n.kind): r for n, r in zip(ready, roots) if size[r] > 1}
        return self._lists


# ------------------------------------------------------------------ features

def _gap_feats(f: dict, gap: str, prefix: str = "g") -> list[str]:
    """The features of the text between a name and an honour, into ``f``; returns their ``_w=`` keys."""
    words = []
    for ch, nm in (("、", "dun"), ("，", "comma"), (",", "comma"), ("。", "stop"), ("；", "semi"), (";", "semi"),
                   ("：", "colon"), (":", "colon"), ("\n", "nl"), (" ", "sp"), ("(", "paren"), ("（", "paren")):
        c = gap.count(ch)
        if c:
            f[f"{prefix}_{nm}={min(c, 3)}"] = 1
    for w in GAP_WORDS:
        if w in gap:
            words.append(f"{prefix}_w={w}")
            f[words[-1]] = 1
    f[f"{prefix}_end={_charclass(gap[-1:])}"] = 1
    f[f"{prefix}_begin={_charclass(gap[:1])}"] = 1
    return words


def all_features(c: Candidates, p: Pair) -> dict:
    """Every feature of a pair (what the classifier trains on): its own, its name's and its honour's."""
    return {**p.pair_feats, **_name_rel_features(c, p.name, p.rel), **_honour_kind_features(c, p.hon, p.name.kind),
            **_name_features(c, p.name), **_honour_features(c, p.hon)}


def pair_features(c: Candidates, n: NameC, h: HonC, rel: str, rule_keys: set) -> dict:
    """The features of a pair that depend on both its name and its honour (the rest are computed
    once per candidate: :func:`_name_features`, :func:`_honour_features`, and per relation or kind:
    :func:`_name_rel_features`, :func:`_honour_kind_features`)."""
    s = c.s
    lex = R.lexicon()
    hons_between = hbo = None
    # relation
    order = "HN" if h.start < n.start else "NH"
    a, b = (h.end, n.start) if order == "HN" else (n.end, h.start)
    gap = s[a:b] if b >= a else ""
    db = _bucket(max(0, b - a))
    f = {f"order={order}": 1, f"order_rel={order}_{rel}": 1, f"dist={db}": 1, f"dist_order={db}_{order}": 1}
    if rel != "heading":
        for k in _gap_feats(f, gap):
            f[f"{order}_{k}"] = 1
        # other names / honours between
        i0 = bisect.bisect_left(c.name_starts, a)
        i1 = bisect.bisect_left(c.name_starts, b)
        nn = nall = 0  # names of the name's kind, and names of any kind (list continuity: 、-lists)
        for x in c.name_list[i0:i1]:
            if x.end <= b:
                nall += 1
                nn += x.kind == n.kind
        f[f"names_between={_bucket(nn, (0, 1, 2, 4, 8))}"] = 1
        j0 = bisect.bisect_left(c.hon_starts, a)
        j1 = bisect.bisect_left(c.hon_starts, b)
        hh = sum(1 for x in c.hon_list[j0:j1] if x.end <= b and not (x.start <= h.start < x.end))
        hb = _bucket(hh, (0, 1, 2, 4))
        hons_between = f"hons_between={hb}"
        hbo = f"hons_between_order={hb}_{order}"
        f[hons_between] = f[hbo] = 1
        f[f"any_names_between={_bucket(nall, (0, 1, 2, 4, 8))}"] = 1
        nv = len(lex.verb_re.findall(gap))
        f[f"verbs_between={min(nv, 3)}_{order}"] = 1
        ncount = len(GAP_COUNT.findall(gap))
        f[f"counts_between={min(ncount, 2)}_{order}"] = 1
        f[f"hb_vb={hb}_{min(nv, 2)}_{order}_{rel}"] = 1
        f[f"hb_nb={hb}_{_bucket(nn, (0, 1, 2, 4))}_{order}"] = 1
        f[f"stops_between={min(gap.count('。') + gap.count('；') + gap.count(';'), 2)}_{min(gap.count('，') + gap.count(','), 3)}_{order}"] = 1
        stripped = GAP_SEPARATORS.sub("", gap)
        if not stripped:
            f[f"adjacent_{order}"] = 1
        # a colon list: honour, then a colon, then the list the name belongs to
        if order == "HN":
            k = max(gap.rfind(":"), gap.rfind("："))
            if k >= 0:
                after = gap[k + 1:]
                j2 = bisect.bisect_left(c.hon_starts, a + k + 1)
                hons_after = sum(1 for x in c.hon_list[j2:j1] if x.end <= b)
                verbs_after = len(lex.verb_re.findall(after))
                stops_after = sum(after.count(ch) for ch in "。；;")
                f[f"colon_list={min(hons_after, 2)}_{min(verbs_after, 2)}_{min(stops_after, 2)}"] = 1
                f[f"colon_list_kind={n.kind}_{hons_after == 0 and verbs_after == 0}"] = 1
                f[f"colon_before_colon={_charclass(gap[k - 1:k]) if k else 'EDGE'}_{bool(COLON_LEAD.search(gap[:k]))}"] = 1
    else:
        hl, nl = c.line_of(h.start), c.line_of(n.start)
        f[f"head_lines={_bucket(nl - hl, (1, 2, 4, 8, 16, 32, 64))}"] = 1
        ha, hb_ = c.line_span(hl)
        head = s[ha:hb_].strip()
        hend = "colon" if head.endswith((":", "：")) else ("list" if LIST_HEADING_END.search(head) else "other")
        f[f"head_end={hend}"] = 1
        run_ok = True
        for k2 in range(hl + 1, nl + 1):
            la2, lb2 = c.line_span(k2)
            ln2 = s[la2:lb2]
            if len(ln2.strip()) > 80 or ROSTER_BREAK.search(ln2) or lex.verb_re.search(ln2):
                run_ok = False
                break
        f[f"roster_run={run_ok}_{hend}"] = 1
        f[f"roster_run_kind={run_ok}_{n.kind}"] = 1
    # the rules
    rule_names = {(x[0], x[1]) for x in rule_keys} if c.rule_names is None else c.rule_names
    c.rule_names = rule_names
    if (n.start, n.end, h.text) in rule_keys:
        f["rule_pair"] = 1
    elif (n.start, n.end) in rule_names:
        f["rule_name_other_h"] = 1
        f[f"rule_name_other_h_{rel}_{hbo or 'hbo=none'}"] = 1
    if hons_between is not None:
        f[f"{hons_between}_{'rulename' if (n.start, n.end) in rule_names else 'new'}"] = 1
    return f


def _once_per_candidate(cache: str, key):
    """Compute a candidate's part of the pair features once per document: kept in ``c.<cache>``
    under ``key(candidate, *rest)``."""
    def wrap(fn):
        def cached(c: Candidates, x, *rest) -> dict:
            store, k = getattr(c, cache), key(x, *rest)
            found = store.get(k)
            if found is None:
                found = store[k] = fn(c, x, *rest)
            return found
        cached.__doc__ = fn.__doc__
        return cached
    return wrap


@_once_per_candidate("name_rel_features", lambda n, rel: (n.start, n.end, n.kind, rel))
def _name_rel_features(c: Candidates, n: NameC, rel: str) -> dict:
    """The features of a pair that depend on its name and its relation (sentence, line, heading) alone,
    the bias among them (every pair has exactly one such part)."""
    f = {"bias": 1, f"rel={rel}": 1, f"kind_rel={n.kind}_{rel}": 1}
    for src in n.src:
        f[f"nsrc_rel={src}_{rel}"] = 1
    return f


@_once_per_candidate("honour_kind_features", lambda h, kind: (h.start, h.end, h.text, kind))
def _honour_kind_features(c: Candidates, h: HonC, kind: str) -> dict:
    """The features of a pair that depend on its honour and its name's kind alone."""
    return {f"hsrc_kind={src}_{kind}": 1 for src in h.src}


@_once_per_candidate("name_features", lambda n: (n.start, n.end, n.kind))
def _name_features(c: Candidates, n: NameC) -> dict:
    """The features of a pair that depend on its name alone, its line's shape among them (once per name)."""
    s = c.s
    lex = R.lexicon()
    f: dict = {f"kind={n.kind}": 1}
    for src in n.src:
        f[f"nsrc={src}"] = 1
    name = s[n.start:n.end]
    ln = n.end - n.start
    f[f"nlen={_bucket(ln)}"] = 1
    if n.kind == "person":
        freq = lex.freq.get(name) or 0
        f[f"nfreq={_bucket(freq, (0, 10, 100, 1000, 10000))}"] = 1
        given = name[2:] if name[:2] in lex.compound else name[1:]
        f[f"gfreq={_bucket(lex.freq.get(given) or 0, (0, 10, 100, 1000, 10000))}"] = 1
        f[f"head2freq={_bucket(lex.freq.get(name[:2]) or 0, (0, 10, 100, 1000, 10000))}"] = 1
        if R.title_suffix(name) or name.endswith(R.ORG_HEAD):
            f["name_is_title_or_org"] = 1
        if given and given[0] in R.NOT_GIVEN:
            f["given_first_unusual"] = 1
        if name[0] in extra_surnames() and name[:2] not in lex.compound:
            f["extra_surname"] = 1
        tok = c.tok_by_start.get(n.start)
        f[f"tok_align={'exact' if tok and tok.end == n.end else ('start' if tok else 'none')}"] = 1
        f[f"tok_end_align={n.end in c.tok_ends}"] = 1
        if R.title_suffix(s[max(0, n.start - 8):n.start]):
            f["after_title"] = 1
        # is a longer or shorter name at the same start a candidate?
        for d in (-1, 1):
            if (n.start, n.end + d) in c.names:
                f[f"alt_len{d:+d}"] = 1
    else:
        hd = coll_head(name)
        if hd:
            f[f"ohead={hd}"] = 1  # generic head words only
        if re.search("[和及与]", name):
            f["org_has_conj"] = 1
        if R.ends_with_honour(name):
            f["org_is_honour"] = 1
    f[f"before={_charclass(s[n.start - 1:n.start])}"] = 1
    f[f"after={_charclass(s[n.end:n.end + 1])}"] = 1
    f[f"after_boundary={s.startswith(R.AFTER_NAME, n.end)}"] = 1
    _line_features(c, n, f)
    return f


@_once_per_candidate("honour_features", lambda h: (h.start, h.end, h.text))
def _honour_features(c: Candidates, h: HonC) -> dict:
    """The features of a pair that depend on its honour alone (once per honour)."""
    s = c.s
    lex = R.lexicon()
    f: dict = {f"hsrc={src}": 1 for src in h.src}
    # honour
    ht = h.text
    f[f"hlen={_bucket(len(ht))}"] = 1
    f[f"hlast={ht[-1]}"] = 1
    f[f"hgaz={bool(lex.honour_re.search(ht))}"] = 1
    f[f"hquoted={s[h.start - 1:h.start] in R.QUOTE_OPEN}"] = 1
    after_h = s[h.end:h.end + 4]
    if after_h.lstrip("”\"").startswith(("称号", "荣誉")):
        f["h_then_title"] = 1
    if after_h.lstrip("”\"").startswith(("获得者", "得主")):
        f["h_then_holder"] = 1
    if R.title_suffix(ht) == len(ht):
        f["h_is_title"] = 1
    if R.BAD_HONOUR.search(ht):
        f["h_bad"] = 1
    vm = None
    for vm in lex.verb_re.finditer(s, max(0, h.start - 6), h.start):
        pass
    if vm is not None:
        f[f"verb_before_h={vm.group()}"] = 1
    return f


def _line_features(c: Candidates, n: NameC, f: dict) -> None:
    """The shape of the name's line, into ``f``."""
    k = c.line_of(n.start)
    la, lb = c.line_span(k)
    _, _, fields, length, has_verb, roster, lead, kept = c.line_shape(k)
    f[f"line_fields={_bucket(fields, (1, 2, 3, 4, 6))}"] = 1
    f[f"line_len={_bucket(length, (4, 8, 16, 30, 60, 120))}"] = 1
    f[f"name_at_line_start={n.start - la <= lead}"] = 1
    f[f"name_at_line_end={n.end - la >= kept}"] = 1
    on_line = c.names_on_line.get((k, n.kind))
    if on_line is None:
        i0 = bisect.bisect_left(c.name_starts, la)
        i1 = bisect.bisect_left(c.name_starts, lb)
        on_line = c.names_on_line[(k, n.kind)] = sum(1 for x in c.name_list[i0:i1] if x.kind == n.kind)
    f[f"names_on_line={_bucket(on_line, (1, 2, 4, 8))}"] = 1
    f[f"line_has_verb={has_verb}"] = 1
    f[f"line_roster={roster}"] = 1


RIGHT_EDGE = frozenset({"after", "tail", "whole", "rule"})  # sources that say where a person's name ends


def pairable(c: Candidates, n: NameC) -> bool:
    """Whether a name candidate gets pairs: a collective always; a person when one source says where
    the name ends (a boundary word or a field's end after it, the whole field, the rules) and another
    one more (the segmenter, a title or a field's start before it), and, unless the rules found it,
    when it does not cut a word of the segmenter (党委工|作部). In the grouped-CV pool, persons short
    of that held 2 of 409 gold pairs among 5,400 of 9,500 candidate pairs: pairing them cost more
    than half of the step's time."""
    if n.kind != "person":
        return True
    if c.participant(n):
        return False
    if not (n.src & RIGHT_EDGE and n.src - {"after", "tail"}):
        return False
    return "rule" in n.src or all(x in c.tok_starts or x in c.tok_ends for x in (n.start, n.end))


def candidate_pairs(c: Candidates, max_dist: int = 150, heading_lines: int = 80,
                    skip_names: frozenset = frozenset()) -> list[Pair]:
    """Every (name, honour) pair worth scoring, with its features; names in ``skip_names``
    (squeezed) and names that are not :func:`pairable` get no pairs. Only honours within
    ``max_dist`` characters are looked at, so a long line costs in proportion to its pairs, not to
    its length squared."""
    s = c.s
    rule_keys = {(a.start, a.end, R.clean_honour(c.doc.shadow[a.honour_start:a.honour_end]) if a.honour_start is not None else a.honour)
                 for a in c.rules}
    pairs = []
    heading_lines_sorted = sorted(c.headings)
    for n in c.name_list:
        if not pairable(c, n) or skip_names and R.squeeze(s[n.start:n.end]) in skip_names:
            continue
        seen = set()
        si = c.sent_of(n.start)
        sa, sb = c.sents[si] if 0 <= si < len(c.sents) else (0, len(s))
        k = c.line_of(n.start)
        la, lb = c.line_span(k)
        short_line = lb - la <= 80
        lo, hi = (min(sa, la), max(sb, lb)) if short_line else (sa, sb)
        # honours ending more than max_dist before the name, or starting more than max_dist after
        # it, are too far: the scan starts and stops there (a 200,000-character line stays linear)
        j0 = bisect.bisect_left(c.hon_starts, max(lo - 30, n.start - max_dist - c.longest_honour))
        for h in c.hon_list[j0:]:
            if h.start >= hi or h.start > n.end + max_dist:
                break
            if h.end <= lo - 0 and h.start < lo:
                continue
            if h.start < n.end and n.start < h.end:
                continue  # overlapping spans
            d = h.start - n.end if h.start >= n.end else n.start - h.end
            if d > max_dist:
                continue
            rel = "sent" if sa <= h.start < sb else "line"
            if rel == "line" and SENTENCE_END.search(s, min(n.end, h.end), max(n.start, h.start)):
                continue  # another sentence of the line: its honour is not this name's
            pairs.append(Pair(n, h, rel, pair_features(c, n, h, rel, rule_keys)))
            seen.add((h.start, h.end))
        # the nearest heading above the name's line
        hk = bisect.bisect_left(heading_lines_sorted, k) - 1
        if hk >= 0 and k - heading_lines_sorted[hk] <= heading_lines:
            for h in c.headings[heading_lines_sorted[hk]]:
                if (h.start, h.end) not in seen:
                    pairs.append(Pair(n, h, "heading", pair_features(c, n, h, "heading", rule_keys)))
    return pairs


# ------------------------------------------------------------------ labels, model, decoding

def gold_label(c: Candidates, p: Pair, gold_pairs, opt_pairs, norm, relaxed) -> int:
    """1 when the pair matches a required gold pair, 0 when it matches none, NEG when it matches an optional one only."""
    name = norm(c.doc.text[p.name.start:p.name.end])
    honour = c.doc.text[p.hon.start:p.hon.end] if c.doc.shadow[p.hon.start:p.hon.end] == p.hon.text else p.hon.text
    for g in gold_pairs:
        if g[0] == name and relaxed(g[1], honour):
            return 1
    for g in opt_pairs:
        if g[0] == name and relaxed(g[1], honour):
            return NEG
    return 0


def honour_surface(c: Candidates, p: Pair) -> str:
    if c.doc.shadow[p.hon.start:p.hon.end] == p.hon.text:
        return c.doc.text[p.hon.start:p.hon.end]
    k = c.doc.shadow.find(p.hon.text, max(0, p.hon.start - 4), p.hon.end + 4)
    return c.doc.text[k:k + len(p.hon.text)] if k >= 0 else p.hon.text


class Model:
    """Hashed features + logistic regression weights (no strings stored), fitted by the project's
    one hashed logistic regression (:func:`reportmine.learn.quotes.fit_hashed_logistic`)."""

    def __init__(self, coef=None, intercept=0.0, threshold=0.5, n_features=N_FEATURES):
        self.coef, self.intercept, self.threshold, self.n_features = coef, intercept, threshold, n_features
        self._weights = None  # the non-zero weights, for scoring without scikit-learn (learn/hashed.py)

    def fit(self, feats: list[dict], y: list[int], C: float = 0.5, seed: int = 0):
        from reportmine.learn.quotes import fit_hashed_logistic

        lr = fit_hashed_logistic(feats, y, seed, n_features=self.n_features, C=C, max_iter=3000,
                                 class_weight={0: 1.0, 1: 2.0})[-1]
        self.coef = lr.coef_[0].astype(np.float32)
        self.intercept = float(lr.intercept_[0])
        self._weights = None
        return self

    def weights(self):
        """The non-zero weights, as :class:`reportmine.learn.hashed.HashedLogistic` (built once)."""
        if self._weights is None:
            from reportmine.learn.hashed import HashedLogistic

            self._weights = HashedLogistic.from_dense(self.coef, self.intercept)
        return self._weights

    def predict_proba(self, feats: list[dict]) -> np.ndarray:
        w = self.weights()
        return np.array([w.proba(f) for f in feats])

    def score_pairs(self, c: Candidates, pairs: list[Pair]) -> None:
        """Set each pair's probability (``prob`` and ``own``) as :meth:`predict_proba` of its
        :func:`all_features` gives it (up to the order of a floating-point sum), without merging
        them: the weights of the features of a name (with a relation) and of an honour (with a kind
        of name) are summed once per candidate."""
        w = self.weights()
        names: dict[tuple, float] = {}
        hons: dict[tuple, float] = {}
        for p in pairs:
            n, h = p.name, p.hon
            kn = (n.start, n.end, n.kind, p.rel)
            zn = names.get(kn)
            if zn is None:
                zn = names[kn] = w.decision(_name_features(c, n), w.decision(_name_rel_features(c, n, p.rel), 0.0))
            kh = (h.start, h.end, h.text, n.kind)
            zh = hons.get(kh)
            if zh is None:
                zh = hons[kh] = w.decision(_honour_features(c, h), w.decision(_honour_kind_features(c, h, n.kind), 0.0))
            p.prob = p.own = w.sigmoid(w.decision(p.pair_feats) + zn + zh)


def _governs(c: Candidates, h: HonC, items: list[NameC]) -> bool:
    """Whether honour ``h`` stands outside the list of ``items``: before the first item (not inside
    it, as a title or an apposition honour of that item alone) or after the last one."""
    first = min(n.start for n in items)
    last = max(n.end for n in items)
    if h.start >= last:
        return True
    if h.end > first:
        return False
    item_start = max(c.s.rfind(ch, 0, first) for ch in "、，,。；;：:\n") + 1
    return h.end <= item_start


def _heading_of(c: Candidates, items: list[NameC]) -> HonC | None:
    """The honour that heads a list: the first item follows a colon (within one item's unit and
    title, or on the next line), and the honour closes the clause before that colon, followed at
    most by 称号, 名单, 获得者, 分别是 and the like (``…全国劳动模范是:``, ``“…”分别为:``,
    ``…标兵名单:`` over roster lines)."""
    s = c.s
    first = min(items, key=lambda n: n.start)
    lo = max(0, first.start - LIST_GAP)
    k = max(s.rfind(":", lo, first.start), s.rfind("：", lo, first.start))
    if k < 0:
        return None
    between = s[k + 1:first.start]
    if CLAUSE_END.search(between) or between.count("\n") > 1 or R.lexicon().verb_re.search(between):
        return None
    lo = bisect.bisect_left(c.hon_starts, k - 8 - c.longest_honour)
    before = [h for h in c.hon_list[lo:bisect.bisect_left(c.hon_starts, k)] if k - 8 <= h.end <= k]
    if not before:
        return None
    h = max(before, key=lambda h: (h.end, -h.start))  # the last honour; of nested ones the longest
    tail = s[h.end:k]
    return h if HEADING_TAIL.fullmatch(tail) and not CLAUSE_END.search(tail) else None


def _trailer_of(c: Candidates, items: list[NameC]) -> HonC | None:
    """The honour a list is the subject of: after the last item at most 等 and a count, a passive
    被 and its agent, an adverb (并列, 分别), then an award verb and the honour (``…、…等11个集体获评…``,
    ``…等39人被省总工会授予…``, ``…、…并列获得二等奖``)."""
    s = c.s
    last = max(n.end for n in items)
    vm = R.lexicon().verb_re.search(s, last, min(len(s), last + 30))
    if vm is None or not TRAILER.fullmatch(s, last, vm.start()):
        return None
    j = bisect.bisect_left(c.hon_starts, vm.end())
    after = [h for h in c.hon_list[j:j + 8] if h.start <= vm.end() + 2]
    return max(after, key=lambda h: (-h.start, h.end)) if after else None


def _reading_rank(n: NameC, p: Pair | None) -> tuple:
    """Which of the overlapping readings of a list item takes the list's honour: the rules' reading,
    then a collective's whole item (the longest), a person's reading the classifier liked best, else
    the one most candidate sources agree on (else the shorter: 长孙丽 after a title is 孙丽)."""
    size = n.end - n.start
    if n.kind == "org":
        return ("rule" in n.src, size, p.own if p else -1.0)
    return ("rule" in n.src, p.own if p else -1.0, len(n.src), -size)


def spread_over_lists(c: Candidates, pairs: list[Pair], floor: float = LIST_FLOOR) -> list[Pair]:
    """Items of one list share an honour: when one item holds honour ``h`` (a rules' pair, or a pair
    scored at ``floor`` or above) or ``h`` heads the list or follows it as its verb's object
    (:func:`_heading_of`, :func:`_trailer_of`: at ``HEADING_PRIOR``), and ``h`` stands outside the
    list (:func:`_governs`), every item of the list gets ``h`` at that probability. Per item place,
    one reading gets it (:func:`_reading_rank`). Returns ``pairs`` (probabilities raised) and the
    pairs it adds."""
    lists = c.lists()
    if not lists:
        return pairs
    members: dict[int, list[NameC]] = {}
    for n in c.name_list:
        lid = lists.get((n.start, n.end, n.kind))
        if lid is not None:
            members.setdefault(lid, []).append(n)
    evidence: dict[tuple[int, tuple[int, int]], float] = {}
    for p in pairs:
        lid = lists.get((p.name.start, p.name.end, p.name.kind))
        if lid is not None and p.prob >= floor:
            key = (lid, (p.hon.start, p.hon.end))
            evidence[key] = max(evidence.get(key, 0.0), p.prob)
    for a in c.rules:
        lid = lists.get((a.start, a.end, a.kind))
        if lid is not None and (a.honour_start, a.honour_end) in c.hons:
            evidence[(lid, (a.honour_start, a.honour_end))] = 1.0
    for lid, items in members.items():
        for h in (_heading_of(c, items), _trailer_of(c, items)):
            if h is not None:
                key = (lid, (h.start, h.end))
                evidence[key] = max(evidence.get(key, 0.0), HEADING_PRIOR)
    if not evidence:
        return pairs
    by_key = {(p.name.start, p.name.end, p.hon.start, p.hon.end): p for p in pairs}
    out = list(pairs)
    for (lid, hspan), prob in evidence.items():
        h = c.hons[hspan]
        if not _governs(c, h, members[lid]):
            continue
        slots: list[list[NameC]] = []  # readings that overlap share an item place
        for n in sorted(members[lid], key=lambda n: (n.start, -n.end)):
            if n.start < h.end and h.start < n.end:
                continue
            if slots and any(n.start < x.end for x in slots[-1]):
                slots[-1].append(n)
            else:
                slots.append([n])
        for readings in slots:
            scored = [(by_key.get((n.start, n.end) + hspan), n) for n in readings]
            p, n = max(scored, key=lambda t: _reading_rank(t[1], t[0]))
            if p is None:
                p = Pair(n, h, "list", {}, 0.0, 0.0)
                by_key[(n.start, n.end) + hspan] = p
                out.append(p)
            p.prob = max(p.prob, prob)
    return out


def decode(c: Candidates, pairs: list[Pair], threshold: float, best_only: float | None = None) -> list[Pair]:
    """Kept pairs: above the threshold, one name reading per place and honour, one honour per
    name among honours that contain each other (the most probable wins). With ``best_only``,
    each name occurrence keeps its most probable honour, and others only at ``best_only`` or above."""
    kept = sorted((p for p in pairs if p.prob >= threshold), key=lambda p: (-p.prob, -p.own))
    if best_only is not None:
        best: dict[tuple[int, int], float] = {}
        for p in kept:
            best.setdefault((p.name.start, p.name.end), p.prob)
        kept = [p for p in kept if p.prob >= best[(p.name.start, p.name.end)] or p.prob >= best_only]
    out: list[Pair] = []
    by_name: dict[str, list[str]] = {}
    taken_spans: dict[int, list[tuple[int, int]]] = {}  # honour start -> name spans kept with it
    for p in kept:
        if any(p.name.start < e and s < p.name.end and (s, e) != (p.name.start, p.name.end)
               for s, e in taken_spans.get(p.hon.start, ())):
            continue
        name = R.squeeze(c.s[p.name.start:p.name.end])
        ht = p.hon.text
        prev = by_name.setdefault(name, [])
        if any(ht in q or q in ht for q in prev):
            continue
        prev.append(ht)
        taken_spans.setdefault(p.hon.start, []).append((p.name.start, p.name.end))
        out.append(p)
    return sorted(out, key=lambda p: p.name.start)


def to_awardee(c: Candidates, p: Pair) -> Awardee:
    org = None
    if p.name.kind == "person":
        k = c.line_of(p.name.start)
        la, _ = c.line_span(k)
        left = c.s[max(la, p.name.start - 40):p.name.start]
        m = re.search(r"[^、，,。；;：:\s]*$", left)
        org = R.strip_titles(m.group()).strip() if m else None
        if org and not org.endswith(R.ORG_HEAD):
            org = None
    honour = honour_surface(c, p)
    spelled = c.doc.text[p.hon.start:p.hon.end] == honour  # else the honour has no span that spells it
    return Awardee(name=c.doc.text[p.name.start:p.name.end], kind=p.name.kind, honour=honour,
                   start=p.name.start, end=p.name.end, organisation=org or None,
                   honour_start=p.hon.start if spelled else None, honour_end=p.hon.end if spelled else None,
                   extractor=EXTRACTOR, version=VERSION, confidence=round(float(p.prob), 3))


def extract_learned(doc: Doc, model: Model, rules: list[Awardee], orgs: list, threshold: float | None = None,
                    new_names_only: bool = False) -> list[Awardee]:
    """The learned awardee records of a document, given the rules' awardees and ORG mentions. A text
    with no honour evidence (no honour title of the gazetteer, no award verb, no honour the rules
    found) holds no awardee: it is not searched. ``new_names_only``: pairs of names the rules found
    are not scored (the union policy would drop them)."""
    if not rules and not has_honour_evidence(doc):
        return []
    c = Candidates(doc, rules, orgs)
    skip = frozenset(R.squeeze(a.name) for a in rules) if new_names_only else frozenset()
    pairs = candidate_pairs(c, skip_names=skip)
    model.score_pairs(c, pairs)
    pairs = spread_over_lists(c, pairs)
    return [to_awardee(c, p) for p in decode(c, pairs, model.threshold if threshold is None else threshold, BEST_ONLY)]


def has_honour_evidence(doc: Doc) -> bool:
    lex = R.lexicon()
    s = doc.shadow
    return bool(lex.honour_re.search(s) or lex.verb_re.search(s) or PRIZE.search(s))


def combine(rules: list[Awardee], learned: list[Awardee], norm=R.squeeze, new_names_only: bool = False) -> list[Awardee]:
    """The rules' pairs, plus learned pairs whose (name, honour) the rules do not already hold
    (with ``new_names_only``: only learned pairs of names the rules did not find at all). A learned
    name overlapping another reading of the rules at that place (``A组和B部`` over the rules' ``A组``
    and ``B部``, ``某公司`` inside the rules' ``某公司某车间``) is left out: the rules' reading stands;
    so is a learned collective right before a person the rules read (that person's unit)."""
    out = list(rules)
    have = {}
    for a in rules:
        have.setdefault(norm(a.name), []).append(norm(a.honour))
    ruled = set(have)
    spans = sorted({(a.start, a.end) for a in rules})
    person_starts = {a.start for a in rules if a.kind == "person"}
    for a in learned:
        if new_names_only and norm(a.name) in ruled:
            continue
        if any(x < a.end and a.start < y and (x, y) != (a.start, a.end) for x, y in spans):
            continue
        if a.kind == "org" and a.end in person_starts:
            continue  # 党委工作部 before the rules' 刘某某: the person's unit, not a collective awardee
        hs = have.setdefault(norm(a.name), [])
        h = norm(a.honour)
        if any(h in q or q in h for q in hs):
            continue
        hs.append(h)
        out.append(a)
    return out


# ------------------------------------------------------------------ the bundle's component

class AwardeeClassifier:
    """The awardee step as the model bundle holds it: trained on gold-format annotations (which
    name awardee pairs), saved as the regression's non-zero hashed weights."""

    EXTRACTOR = EXTRACTOR

    def __init__(self, model: Model, info: dict | None = None):
        self.model, self.info = model, info or {}

    @classmethod
    def fit(cls, items, seed: int = 0, C: float = 1.0, threshold: float = 0.5) -> "AwardeeClassifier":
        """Train on the annotated texts that have gold awardee pairs (GUIDELINES.md format); a
        pair matching only an optional gold pair is left out. Raises ValueError without positives."""
        from reportmine.evaluate.scoring import norm, relaxed_subject
        from reportmine.extractors import extract_doc

        feats, y = [], []
        for item in items:
            if item.gold is None:
                continue
            doc = Doc(item.text)
            ex = extract_doc(doc)
            c = Candidates(doc, ex.awardees, [m for m in ex.mentions if m.label == "ORG"])
            gold = item.gold.get("awardees", [])
            gp = [(norm(a["name"]), a.get("honour")) for a in gold if not a.get("optional")]
            op = [(norm(a["name"]), a.get("honour")) for a in gold if a.get("optional")]
            for p in candidate_pairs(c):
                label = gold_label(c, p, gp, op, norm, relaxed_subject)
                if label != NEG:
                    feats.append(all_features(c, p))
                    y.append(label)
        if sum(y) == 0 or sum(y) == len(y):
            raise ValueError("no gold awardee pairs among the candidates (it trains on gold-format annotations)")
        model = Model(threshold=threshold).fit(feats, y, C=C, seed=seed)
        return cls(model, {"pairs": len(y), "positives": sum(y), "C": C})

    def awardees(self, doc: Doc, extraction, version: str | None = None,
                 new_names_only: bool = False) -> list[Awardee]:
        """The pairs it reads in ``doc``, given the extraction so far (rules' awardees, ORG mentions);
        with ``new_names_only``, only pairs of names the rules did not find."""
        from dataclasses import replace

        found = extract_learned(doc, self.model, extraction.awardees,
                                [m for m in extraction.mentions if m.label == "ORG"], new_names_only=new_names_only)
        return [replace(a, version=version) for a in found] if version else found

    def save(self, path) -> Path:
        import joblib

        nz = np.flatnonzero(self.model.coef)
        joblib.dump({"index": nz.astype(np.int32), "value": self.model.coef[nz], "intercept": self.model.intercept,
                     "threshold": self.model.threshold, "n_features": self.model.n_features, "info": self.info,
                     "version": VERSION}, path, compress=3)
        return Path(path)

    @classmethod
    def load(cls, path) -> "AwardeeClassifier":
        import joblib

        d = joblib.load(path)
        coef = np.zeros(d["n_features"], dtype=np.float32)
        coef[d["index"]] = d["value"]
        return cls(Model(coef, d["intercept"], d["threshold"], d["n_features"]), d.get("info"))
