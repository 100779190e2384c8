"""ORG mentions by rule: suffix-anchored candidates over jieba words, plus well-known bodies.

How a name is found (GUIDELINES section 1):

1. Each word of ``doc.tokens`` is classed: a *break* (punctuation, space), a *stop* (function
   word, verb, role word from ``gazetteers/org_stopwords.tsv``, or a jieba part of speech that
   never sits inside a name), a *head* (ends with an organisation head word from
   ``gazetteers/org_suffixes.tsv`` or is a known body from ``gazetteers/org_known.tsv``), or
   an ordinary *name part*. A word that is a stop by its jieba tag alone is a name part between a
   place and a head (北仑港|务|公司) or as 中 or a compass word opening a company (中|铁某局).
2. Maximal runs of name parts and heads are cut at breaks and stops; a run's candidate runs
   from its first useful word to its last head, so chains (集团有限公司…分公司…车间) stay whole,
   trailing role words (主席) and a person's name after the affiliation (电信集团李艳伟) fall
   outside.
   A person's name glued in front of the unit (roster lines: 王某某东山市第一中学) is trimmed, and
   the smallest unit after the chain (…有限公司采煤队, …营业部客服投诉组: :func:`_unit_tail`) joins it.
3. Candidates whose modifiers are only generic words (各级, 基层, 企业…) or that are a bare
   head (工会) are dropped: they are not one identifiable organisation.
4. A quoted name directly followed by a head (“书香华苑”读书会) is its own candidate.

Every occurrence is emitted (the knowledge base keeps spans); spans index ``doc.text`` and
are matched on ``doc.shadow`` so traditional texts work with simplified vocabularies.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from reportmine import gazetteers
from reportmine.text.doc import Doc
from reportmine.records import Mention
from reportmine.text import segment
from reportmine.text.segment import Token

WORD_CACHE = 1 << 14  # distinct words whose classes are memoised (bounded: memory stays flat on big corpora)

EXTRACTOR = "rules.orgs"
VERSION = "0.1.0"
MAX_LEN = 45
NUMBER = re.compile(r"^(\d+(\.\d+)?|[零〇一二两三四五六七八九十百千万亿]+)$")

# jieba part-of-speech tags that never occur inside an organisation name: prepositions,
# conjunctions, particles, pronouns, adverbs, time words, measure words, interjections, locatives.
STOP_POS = frozenset({"p", "c", "u", "uj", "ul", "uz", "ud", "ug", "uv", "r", "rr", "rz", "d",
                      "t", "tg", "q", "y", "e", "o", "f", "z", "zg", "l", "i", "ad", "ag"})
# tags a candidate may not start with (verbs, adjectives): trimmed from the left edge.
WEAK_START_POS = frozenset({"v", "vd", "a", "ad", "i", "l"})
WORDLIKE = re.compile(r"^[\w·]+$")
QUOTE = re.compile(r"[“「『]([^“”「」『』《》\n]{1,30})[”」』]")
PUNCT_START = re.compile(r"^[\s,，。、;；:：!！?？)）》]")


@dataclass(frozen=True)
class Lexicon:
    """Vocabularies read once from the gazetteers."""

    suffixes: tuple[str, ...]
    kind: dict[str, str]
    alone: frozenset[str]
    known: frozenset[str]
    roles: dict[str, frozenset[str]]
    industries: frozenset[str]
    regions: frozenset[str]
    pos: dict[str, str]
    max_suffix: int
    units: frozenset[str]

    def role(self, word: str, role: str) -> bool:
        return word in self.roles.get(role, ())


def jieba_pos() -> dict[str, str]:
    """Part-of-speech tag of every word in jieba's bundled dictionary (read once)."""
    return segment.dictionary()[1]


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """All ORG vocabularies, loaded once per process."""
    suffix_rows = gazetteers.load("org_suffixes").rows
    roles: dict[str, set[str]] = {}
    for row in gazetteers.load("org_stopwords").rows:
        roles.setdefault(row["role"], set()).add(row["word"])
    regions = gazetteers.load("regions")
    return Lexicon(
        suffixes=tuple(sorted({r["suffix"] for r in suffix_rows}, key=len, reverse=True)),
        kind={r["suffix"]: r["kind"] for r in suffix_rows},
        alone=frozenset(r["suffix"] for r in suffix_rows if r["alone"] == "yes"),
        known=frozenset(gazetteers.load("org_known").column("name")),
        roles={k: frozenset(v) for k, v in roles.items()},
        industries=frozenset(gazetteers.load("org_industries").column("word")),
        regions=frozenset(regions.column("name")) | frozenset(w for w in regions.column("short") if len(w) >= 2),
        pos=jieba_pos(),
        max_suffix=max(len(r["suffix"]) for r in suffix_rows),
        units=frozenset(gazetteers.load("units").column("unit")),
    )


def head_suffix(word: str, lex: Lexicon) -> str | None:
    """The organisation head word ``word`` ends with, or None (known bodies are their own head)."""
    return _head_suffix(word)


@lru_cache(maxsize=WORD_CACHE)
def _head_suffix(word: str) -> str | None:
    """Cached worker of :func:`head_suffix` (the lexicon is a per-process constant)."""
    lex = lexicon()
    if word in lex.known:
        return word
    if lex.role(word, "level") or ends_with_nonhead(word, lex):
        return None
    if lex.pos.get(word) in ("v", "vd", "i", "l", "a", "ad", "r") and word not in lex.kind:
        return None  # predicates, and pronouns pointing back at a body (该矿, 该厂)
    for k in range(min(len(word), lex.max_suffix), 0, -1):
        if word[-k:] in lex.kind:
            return word[-k:]
    return None


def ends_with_nonhead(word: str, lex: Lexicon) -> bool:
    """干部, 工会干部, 工作部署: the word is, or ends with, a common word that is no head
    (the rest being a word of its own, so 管理科 is not caught by 理科)."""
    nothead = lex.roles.get("nothead", frozenset())
    if word in nothead:
        return True
    for k in range(2, len(word) - 1):
        rest = word[:-k]
        if word[-k:] in nothead and (len(rest) >= 2 or rest.isdigit()):
            return True
    return False


def is_head(word: str, lex: Lexicon) -> bool:
    return _head_suffix(word) is not None


def is_strong(word: str, lex: Lexicon) -> bool:
    """Words that typically open a name: places, level characters, known bodies, org-tagged words."""
    return (word in lex.regions or word in lex.known or lex.role(word, "level")
            or lex.pos.get(word) in ("ns", "nt"))


def opens_name(word: str, lex: Lexicon) -> bool:
    """Places, level characters and known bodies: a verb right before one ends the phrase."""
    return word in lex.regions or word in lex.known or lex.role(word, "level")


def is_stop(word: str, lex: Lexicon) -> bool:
    """Whether a word can never sit inside an organisation name."""
    return _is_stop(word)


@lru_cache(maxsize=WORD_CACHE)
def _is_stop(word: str) -> bool:
    """Cached worker of :func:`is_stop`."""
    lex = lexicon()
    if lex.role(word, "stop"):
        return True
    if word in lex.regions or word in lex.known or lex.role(word, "level"):
        return False
    if any(word.startswith(p) and len(word) > len(p) for p in lex.roles.get("prefix", ())):
        return True
    if ROLE_NOUN.search(word) or TIME_OR_COUNT.search(word) or FLOOR.match(word):
        return True
    return lex.pos.get(word) in STOP_POS


ROLE_NOUN = re.compile(r"..[师者长]$")
# a number glued to a counter or a date character (3名, 5年); a Latin letter after it is a code (5G, 3D)
TIME_OR_COUNT = re.compile(r"\d[^\d\Wa-zA-Z]|[\d一二三四五六七八九十〇零两][年月日]$|年度$")
# a floor of a building (三楼, 5层): where a body sits, never part of its name (某总工会|四楼|某部)
FLOOR = re.compile(r"^[\d一二三四五六七八九十]+[楼层]$")


def refine(tokens: list[Token], lex: Lexicon) -> list[Token]:
    """Undo jieba habits that hide name boundaries (see :func:`split_word`)."""
    out: list[Token] = []
    after_head = False
    memo = _REFINED
    for t in tokens:
        key = (t.text, after_head)
        hit = memo.get(key)
        if hit is None:
            pieces = split_word(t.text, after_head)
            hit = (pieces if len(pieces) > 1 else None, _head_suffix(pieces[-1]) is not None)
            if len(memo) >= WORD_CACHE:
                memo.clear()
            memo[key] = hit
        pieces, after_head = hit
        if pieces is None:
            out.append(t)
        else:
            pos = t.start
            for piece in pieces:
                out.append(Token(piece, pos, pos + len(piece)))
                pos += len(piece)
    return out


# (word, after a head) -> (its pieces when split, else None; whether its last piece is a head)
_REFINED: dict[tuple[str, bool], tuple[tuple[str, ...] | None, bool]] = {}


@lru_cache(maxsize=WORD_CACHE)
def split_word(w: str, after_head: bool) -> tuple[str, ...]:
    """A jieba word split where jieba glued a name boundary inside it: a function character before a
    level character (从省, 及市) or, after a head, opening a pair jieba does not know (某院|对患: its
    guess; elsewhere such a pair may open a place, 由盘|州市), a level character after a verb or a date
    character (受市, 年市) or before an adjective opening the next word (市新: the same guess), a head
    character before a function character (网等), a common word before 工会 (深化工会), a union head
    before a common word (工会干部) and a head before the title of the person after it (中学|教师,
    协会|会长: roster lines, ``unit title name``)."""
    lex = lexicon()
    titled = _head_before_title(w)
    if titled:
        return titled
    if len(w) == 2 and lex.role(w[0], "splitchar") and (
            lex.role(w[1], "level") and (w not in lex.pos or after_head) or after_head and w not in lex.pos):
        return (w[0], w[1])
    if len(w) == 2 and w not in lex.pos and lex.role(w[1], "splitchar") and w[0] in lex.kind:
        return (w[0], w[1])
    if len(w) == 2 and w not in lex.pos and lex.role(w[0], "level") and lex.pos.get(w[1]) == "a":
        return (w[0], w[1])  # the level closes the place before it: 某市|新就业形态…, 某县|老…
    if len(w) == 2 and w not in lex.pos and w[1] in SISTER_LEVELS and lex.pos.get(w[0]) in ("v", "m"):
        return (w[0], w[1])  # a verb or a date before a body: 受|市总工会, 2023年|市总工会
    if "工会" not in w:
        return (w,)
    for h in UNION_HEADS:
        if w not in lex.pos and w.endswith(h) and len(w) - len(h) >= 2 and w[: -len(h)] in lex.pos:
            return (w[: -len(h)], h)
    for h in UNION_HEADS:
        if w.startswith(h) and len(w) - len(h) >= 2 and not is_head(w, lex):
            return (h, w[len(h):])
    return (w,)


def _head_before_title(w: str) -> tuple[str, ...] | None:
    """``w`` as (head, title) when it is a head glued onto a person's title (中学教师, 协会会长: jieba
    knows these as one word), else None. A title on its own (工会主席) stays whole."""
    titles = _titles()
    if w in titles:
        return None
    for k in range(2, len(w) - 1):
        if w[-k:] in titles and _head_suffix(w[:-k]) is not None:
            return (w[:-k], w[-k:])
    return None


def word_class(tok: Token, lex: Lexicon) -> str:
    """'break', 'stop', 'join', 'head' or 'part' for one jieba word."""
    return _word_class(tok.text)


@lru_cache(maxsize=WORD_CACHE)
def _word_class(w: str) -> str:
    """Cached worker of :func:`word_class` (the lexicon is a per-process constant)."""
    lex = lexicon()
    if not WORDLIKE.match(w):
        return "break"
    if w in ("和", "与"):
        return "join"
    if lex.role(w, "stop"):  # listed stop words win over a head ending: 带队, 主委, 本报
        return "stop"
    if is_head(w, lex):
        return "head"
    if is_stop(w, lex):
        return "stop"
    return "part"


def classify(tokens: list[Token], lex: Lexicon) -> list[str]:
    """Word classes with the context rules applied (see the module docstring)."""
    classes = [_word_class(t.text) for t in tokens]
    paren_groups(tokens, classes)
    n = len(tokens)
    for k in range(n):
        c = classes[k]
        if c == "join":
            ok = (k and classes[k - 1] == "part") and k + 1 < n and classes[k + 1] == "part" \
                and not is_strong(tokens[k + 1].text, lex)
            classes[k] = "part" if ok else "stop"
        elif c == "part":
            w = tokens[k].text
            if lex.pos.get(w) in PREDICATE_POS and not lex.role(w, "namepart") \
                    and not _names_a_unit(tokens, classes, k) and (
                    (k and classes[k - 1] == "head")
                    or (k + 1 < n and (opens_name(tokens[k + 1].text, lex) or tokens[k + 1].text in UNION_HEADS))):
                classes[k] = "stop"
            elif w.isdigit() and not (k + 1 < n and classes[k + 1] == "head"):
                classes[k] = "stop"
            elif k and classes[k - 1] == "head" and _counts_bodies(w, lex):
                classes[k] = "stop"  # 某某医院|三家|医院: a count after a name ends it
            elif _level_as_head(tokens, classes, k, lex):
                classes[k] = "head"
        elif c == "stop" and k + 1 < n and _gathers(tokens[k].text, tokens[k + 1].text, lex):
            classes[k] = "part"
        elif c == "stop" and _after_place(tokens, k, lex) and _set_phrase_head(tokens[k].text, lex):
            classes[k] = "head"
        elif c == "stop" and _split_head(tokens, classes, k, lex):
            classes[k] = "part"
        elif c == "head" and _attributive(tokens, classes, k, lex):
            classes[k] = "stop"
        elif c == "stop" and _agent_of_body(tokens, classes, k, lex):
            classes[k] = "part"
        elif c == "stop" and k + 1 < n and _tag_stop(tokens[k].text, lex) and (
                _inside_place_name(tokens, classes, k, lex) or _opens_with_direction(tokens, classes, k, lex)
                or _bound_in_chain(tokens, classes, k, lex)):
            classes[k] = "part"
    return classes


def _names_a_unit(tokens: list[Token], classes: list[str], k: int) -> bool:
    """Token k (a verb by its tag) is the field a department is named after, right before its one-character
    head (某公司|飞行|部, 某局|运输|处): a unit's name inside a chain, not the verb of the body before it."""
    return k + 1 < len(tokens) and classes[k + 1] == "head" and len(tokens[k + 1].text) == 1


# one-character abbreviations and compass words that open company names (中|铁某局, 南方|重工集团) although
# jieba tags them as locatives
DIRECTION_OPENING = re.compile(r"^(中|[东南西北]方)$")


def _after_place(tokens: list[Token], k: int, lex: Lexicon) -> bool:
    """Token k follows a place, perhaps with its level and a noun or two between (某地|…, 某地|市|…,
    某县|妇女儿童|…); a level alone (省|一流大学) is a rank, not a place."""
    for j in range(k - 1, max(k - 4, -1), -1):
        w = tokens[j].text
        if w in lex.regions or lex.pos.get(w) == "ns":
            return True
        if not (lex.role(w, "level") or lex.pos.get(w) in ("n", "nz")):
            return False
    return False


def _level_as_head(tokens: list[Token], classes: list[str], k: int, lex: Lexicon) -> bool:
    """Token k is a level character that is also a head (局) closing a name: after a name part and
    before no further part or head (某市|医保|局|等: jieba split the bureau's name); before a head it
    stays a level (局|工会)."""
    w = tokens[k].text
    if not (lex.role(w, "level") and w in lex.kind) or not k or classes[k - 1] != "part":
        return False
    return k + 1 >= len(tokens) or classes[k + 1] not in ("part", "head")


def _split_head(tokens: list[Token], classes: list[str], k: int, lex: Lexicon) -> bool:
    """Token k (a stop) and the head after it make one head word jieba split (楼宇|联合|工会 is
    楼宇|联合工会), after a name part: a union of the buildings, not a verb joining two bodies."""
    return bool(k) and k + 1 < len(tokens) and classes[k - 1] == "part" and classes[k + 1] == "head" \
        and tokens[k].text + tokens[k + 1].text in lex.kind


# heads that are also an attributive of the noun after them (市委|中心|工作: the city committee's central work)
ATTRIBUTIVE_HEADS = frozenset({"中心"})


def _attributive(tokens: list[Token], classes: list[str], k: int, lex: Lexicon) -> bool:
    """Token k is a bare head word after a body's name that modifies the noun after it, no head coming
    after that noun (某县委|中心|工作, 某市政府|中心|任务): the name ends before it. Before a head it stays
    one (某大学|中心|实验室)."""
    if tokens[k].text not in ATTRIBUTIVE_HEADS or not k or classes[k - 1] != "head" or k + 1 >= len(tokens):
        return False
    if classes[k + 1] != "part" or lex.pos.get(tokens[k + 1].text) not in NOUN_POS:
        return False
    return k + 2 >= len(tokens) or classes[k + 2] != "head"


AGENT_NOUN = re.compile(r"..者$")
NOUN_POS = frozenset({"n", "vn", "nz"})


def _agent_of_body(tokens: list[Token], classes: list[str], k: int, lex: Lexicon) -> bool:
    """Token k is a noun of people (…者: 劳动者, 志愿者) inside a body's name, between a modifier and the
    noun or head that carries on to the name's head (某市新就业形态|劳动者|工会联合会, 某市|志愿者|协会); a
    role noun before a person's name or a verb (先进工作者|某某, 获得者|参加) stays a stop."""
    w = tokens[k].text
    if not (AGENT_NOUN.match(w) and lex.pos.get(w) == "n") or lex.role(w, "stop"):
        return False
    if k == 0 or k + 1 >= len(tokens) or classes[k - 1] != "part":
        return False
    nxt = tokens[k + 1].text
    return classes[k + 1] == "head" or (classes[k + 1] == "part" and lex.pos.get(nxt) in NOUN_POS)


def _set_phrase_head(w: str, lex: Lexicon) -> bool:
    """A set phrase jieba tags as an idiom that ends with a head of two characters at least (老年大学,
    急救中心): generic on its own, the head of a name right after a place or a level (某市|老年大学)."""
    if lex.pos.get(w) not in ("l", "i") or lex.role(w, "stop"):
        return False
    return any(w[-k:] in lex.kind for k in range(2, min(len(w) - 1, lex.max_suffix) + 1))


GATHERING_KINDS = frozenset({"association", "team"})


def _gathers(w: str, following: str, lex: Lexicon) -> bool:
    """A role noun naming the people an association or team gathers (个体劳动者|协会, 青年志愿者|服务队):
    before such a head it is the name's middle, not the person the sentence is about. Not before a
    union head: a title before 工会 is a person's (高级工程师|工会会员)."""
    return (bool(ROLE_NOUN.search(w)) and not lex.role(w, "stop")
            and lex.kind.get(head_suffix(following, lex) or "") in GATHERING_KINDS)


def _tag_stop(w: str, lex: Lexicon) -> bool:
    """A stop by its jieba tag alone (no listed stop word, role or time word): jieba's guess for a
    piece it split out of a name it does not know."""
    return (not lex.role(w, "stop") and lex.pos.get(w) in STOP_POS
            and not ROLE_NOUN.search(w) and not TIME_OR_COUNT.search(w))


def _inside_place_name(tokens: list[Token], classes: list[str], k: int, lex: Lexicon) -> bool:
    """Token k follows a place (or its level: 某某|市) and a head word comes after it, at most two name
    parts later (北仑港|务|公司, 某县|自来水|公司, 某某区|青年|路|小学): a name's middle. After a level
    word or known body alone (市|近期…) the head must come next."""
    prev = tokens[k - 1].text if k else ""
    place = bool(prev) and (prev in lex.regions or lex.pos.get(prev) == "ns")
    if not place and not (prev and opens_name(prev, lex)):
        return False
    for c in classes[k + 1:k + 4 if place else k + 2]:
        if c != "part":
            return c == "head"
    return False


def _bound_in_chain(tokens: list[Token], classes: list[str], k: int, lex: Lexicon) -> bool:
    """Token k, before a name part that reaches a head at most two parts on, is a piece of the unit's name:
    one character jieba tags as a bound morpheme right after a head (某局|巡|特警|支队: split off a name
    it does not know), or a set phrase that ends in a noun after a head or a name part (某总工会|困难职工|
    帮扶|中心, 县|困难职工|帮扶|中心); after a stop word (为|困难职工|…) it stays a stop."""
    w = tokens[k].text
    pos = lex.pos.get(w)
    if not k or k + 1 >= len(classes) or classes[k + 1] != "part":
        return False
    if len(w) == 1 and pos == "zg":
        if classes[k - 1] != "head":
            return False
    elif not (pos == "l" and len(w) >= 4 and lex.pos.get(w[-2:]) == "n" and classes[k - 1] in ("head", "part")):
        return False
    for c in classes[k + 2:k + 4]:
        if c != "part":
            return c == "head"
    return False


def _opens_with_direction(tokens: list[Token], classes: list[str], k: int, lex: Lexicon) -> bool:
    """Token k is 中 or a compass word opening a run before a name part or head that is no place or
    level (中|铁某局, 南方|重工集团; 期间|市总工会 stays apart)."""
    if not DIRECTION_OPENING.match(tokens[k].text) or (k and classes[k - 1] not in ("break", "stop")):
        return False
    nxt = tokens[k + 1].text
    return classes[k + 1] in ("part", "head") and not opens_name(nxt, lex) and lex.pos.get(nxt) != "ns" \
        and not counted_unit(tokens, k + 1, lex)


PREDICATE_POS = frozenset({"v", "vd", "a", "ad", "i", "l"})
UNION_HEADS = ("工会", "总工会")
# a bare head of these kinds opening a chain (工会女职委, 公司工会) is still generic
BARE_GENERIC_KINDS = frozenset({"union", "union_committee", "company", "committee"})


def paren_groups(tokens: list[Token], classes: list[str]) -> None:
    """Let a short bracketed insertion inside a name (开发区(惠民街道)总工会) join its run."""
    for i, tok in enumerate(tokens):
        if tok.text not in "(（" or i == 0 or classes[i - 1] == "break":
            continue
        for j in range(i + 1, min(i + 6, len(tokens) - 1)):
            if tokens[j].text in ")）":
                inner = classes[i + 1:j]
                if inner and all(c in ("part", "head") for c in inner) and classes[j + 1] in ("part", "head"):
                    classes[i] = classes[j] = "part"
                break


# the levels of government a body's short name opens with (市政府, 县妇联): one right after a whole name
# opens a sister body, not a unit of it (市委|市政府, 县委|县政府)
SISTER_LEVELS = "省市县区"


def sister_body(tokens: list[Token], classes: list[str], k: int, lex: Lexicon) -> bool:
    """Token k is a level of government and a head word or known body (市|政府, 县|妇联), right after another
    head: a second body written without a separator (某市委市政府 is 某市委 and 市政府, as 市委、市政府 is
    two). A department whose name only opens like a level (某公司|市场部) is none."""
    w = tokens[k].text
    return k > 0 and classes[k] == "head" and classes[k - 1] == "head" and len(w) >= 2 \
        and w[0] in SISTER_LEVELS and (w[1:] in lex.kind or w[1:] in lex.known)


def split_sisters(tokens: list[Token], classes: list[str], spans: list[tuple[int, int]],
                  lex: Lexicon) -> list[tuple[int, int]]:
    """``spans`` (token ranges) cut before each :func:`sister_body`."""
    out = []
    for i, j in spans:
        for k in range(i + 1, j):
            if sister_body(tokens, classes, k, lex):
                out.append((i, k))
                i = k
        out.append((i, j))
    return out


def runs(classes: list[str]) -> list[tuple[int, int]]:
    """Maximal index ranges [i, j) of name parts and heads."""
    out, start = [], None
    for i, c in enumerate(classes + ["break"]):
        if c in ("part", "head"):
            start = i if start is None else start
        elif start is not None:
            out.append((start, i))
            start = None
    return out


def counted_unit(tokens: list[Token], i: int, lex: Lexicon) -> bool:
    """Token i is the measure word of a number just before it (30|项, 12345|余个): not part of a name."""
    if i == 0 or not NUMBER.match(tokens[i - 1].text):
        return False
    w = tokens[i].text.lstrip("余多")
    return w in lex.units or (w[:1] in lex.units and len(w) == 1)


def trim_left(tokens: list[Token], i: int, j: int, lex: Lexicon) -> int:
    """Skip leading verbs/adjectives, generic modifiers and measure words; where the name starts."""
    if i < j and counted_unit(tokens, i, lex):
        i += 1
    while i < j:
        w = tokens[i].text
        if not WORDLIKE.match(w):
            i += 1
            continue
        if lex.role(w, "generic") or (lex.pos.get(w) in WEAK_START_POS and not is_strong(w, lex)
                                      and not is_head(w, lex)):
            i += 1
            continue
        break
    return i


def is_generic(tokens: list[Token], i: int, j: int, lex: Lexicon) -> bool:
    """True when the span names no one body: a bare head (工会), a common noun (人民医院), a head
    with only generic modifiers (劳模创新工作室), a type of body (学习型班组), or 工会/政府 after a
    common word (智慧工会)."""
    words = [t.text for t in tokens[i:j]]
    first = words[0]
    if len(words) == 1:
        return not single_word_name(first, lex)
    # a head only by its context (某市|老年大学, see _set_phrase_head) is the word the span ends on
    heads = [k for k, w in enumerate(words) if is_head(w, lex)] or [len(words) - 1]
    if first in lex.kind and first not in lex.alone and (len(heads) < 2 or lex.kind[first] in BARE_GENERIC_KINDS):
        return True
    if _plural_opening(tokens[i:i + heads[0] + 1], lex):
        return True
    mods = words[:heads[0]]
    if any(_counted_word(w, lex) for w in mods):  # 设三个分会, 全市12家企业工会: a count of bodies
        return True
    kind = lex.kind.get(head_suffix(words[heads[0]], lex) or "", "")
    if kind == "team" and not any(names_someone(w, lex) for w in mods):
        return True
    if len(words) >= 2 and words[-2].endswith(TYPE_MARK):
        return True  # a type of body (学习型|班组, 创新型|企业): a category, not one of them
    return bare_head_after_common_word(words, heads, lex)


TYPE_MARK = "型"  # …型 before a head names a type of body (学习型班组, 服务型工会)
COUNT_PREFIX = re.compile(r"^[\d零〇一二两三四五六七八九十百千万余多]+")


@lru_cache(maxsize=1)
def _count_units() -> dict[str, str]:
    """Measure word -> its kind in ``gazetteers/units.tsv`` (count, date, ...)."""
    return {r["unit"]: r["kind"] for r in gazetteers.load("units").rows}


def _counts_bodies(word: str, lex: Lexicon) -> bool:
    """A count in one jieba word whose measure word counts things (三家, 5个); a term (六届) numbers
    the body it follows and stays in its name."""
    return _counted_word(word, lex) and _count_units().get(COUNT_PREFIX.sub("", word)) == "count"


def _counted_word(word: str, lex: Lexicon) -> bool:
    """A number and its measure word in one jieba word (三个, 12家): a count, never part of a name
    (三号, 第一 are numbers of one body: 号 is no counting unit, 第 no number)."""
    m = COUNT_PREFIX.match(word)
    return m is not None and 0 < len(word) - m.end() <= 2 and word[m.end():] in lex.units \
        and word[m.end():] != "号"


def plausible_name(name: str) -> bool:
    """Whether a span found by another extractor (the model) reads as one organisation's name:
    it ends in a head word and none of its words is generic (各级, 基层) or a stop word."""
    from reportmine.text.segment import words

    lex = lexicon()
    if not name.endswith(lex.suffixes):
        return False
    return not any(is_stop(t.text, lex) or lex.role(t.text, "generic") for t in words(name))


def names_someone(word: str, lex: Lexicon) -> bool:
    """A team or studio is named after a person, a place or a proper noun (刘志强劳模创新工作室,
    兴兴工作室); a team of only common words (技术服务队) is a generic type."""
    if lex.role(word, "generic") or lex.role(word, "stop"):
        return False
    return (word not in lex.pos or lex.pos[word] in ("nr", "nrt", "nrfg", "nz", "ns", "nt")
            or word in lex.regions or is_head(word, lex))


def multi_level(word: str, lex: Lexicon) -> bool:
    """市县, 县区级: several levels at once make a plural reference (市县两级工会)."""
    chars = word.removesuffix("级")
    return len(chars) >= 2 and all(lex.role(c, "level") for c in chars)


def single_word_name(word: str, lex: Lexicon) -> bool:
    """One jieba word is a name when jieba does not know it (女职委, 团县委), tags it as an
    organisation, starts with a level character (县委, 县总工会) or is a short body (双拥办, 物资部;
    not a team: 代表队 alone is any team)."""
    if word in lex.alone or word in lex.known or word not in lex.pos:
        return True
    if word in lex.kind:  # a bare head word jieba tags as an organisation (福利院): any such body
        return False
    if lex.pos.get(word) in ("nt", "nz") or lex.role(word[0], "level") or word[0] in lex.regions:
        return True
    suffix = head_suffix(word, lex) or ""
    return len(suffix) == 1 and len(word) == 3 and lex.kind[suffix] != "team"


# heads that name one body only after a place, a level word, another body, an industry or a proper
# noun (某某公司工会, 县政府; 智慧工会, 传递政府的关怀 and 党和政府 name none)
PLACED_HEADS = ("工会", "政府")


# the organs directly under one level of government (市直机关, 县直机关): one system with its own union
DIRECT_ORGANS = re.compile(r"^[省市县区]直机关$")
# a sector named as such (服务业, 制造业): an industry before 工会 although no list holds it (企业 is no sector)
SECTOR = re.compile(r"^..+(?<!企)业$")


def bare_head_after_common_word(words: list[str], heads: list[int], lex: Lexicon) -> bool:
    """工会 or 政府 (:data:`PLACED_HEADS`) after a word that is no place, level word, body,
    industry (listed, or a sector: :data:`SECTOR`), level's organs (:data:`DIRECT_ORGANS`) or proper noun."""
    for k in heads:
        if words[k] not in PLACED_HEADS or k == 0:
            continue
        prev = words[k - 1]
        proper = prev not in lex.pos and not prev.isdigit()
        ok = (is_strong(prev, lex) or is_head(prev, lex) or prev in lex.industries or proper
              or lex.pos.get(prev) in ("nz", "j") or SECTOR.search(prev) or DIRECT_ORGANS.match(prev))
        if not ok:
            return True
    return False


def candidates(tokens: list[Token], lex: Lexicon) -> list[tuple[int, int, float]]:
    """Character spans (start, end, confidence) of ORG candidates in the word sequence."""
    classes = classify(tokens, lex)
    spans = []
    for i, j in split_sisters(tokens, classes, runs(classes), lex):
        heads = [k for k in range(i, j) if classes[k] == "head"]
        if not heads:
            continue
        last = heads[-1]
        start = trim_left(tokens, i, last + 1, lex)
        # a generic phrase after a name (某总工会|网上|工会|平台, 某集团|先进|班组) leaves the name before it
        while start <= last and is_generic(tokens, start, last + 1, lex) and len(heads) > 1 and heads[-2] >= start:
            heads.pop()
            last = heads[-1]
        if start > last or is_generic(tokens, start, last + 1, lex):
            continue
        if start == i and i and lex.role(tokens[i - 1].text, "determiner"):
            continue  # 各|县直机关工会: the determiner before the run makes it plural
        # a person's name glued in front of the unit in a roster (王某某东山市第一中学), its surname
        # perhaps split off before the run (孙|某某: jieba tags some surnames as other words)
        lead = start - 1 if start and tokens[start - 1].text in _surnames() else start
        person = lead + _leading_person(tokens[lead:heads[0] + 1], lex)
        if person > start and not is_generic(tokens, person, last + 1, lex):
            start = person
        s, e = tokens[start].start, tokens[_unit_tail(tokens, classes, last, lex)].end
        if e - s < 2 or e - s > MAX_LEN:
            continue
        conf = 0.6 + 0.1 * min(3, len(heads)) + (0.05 if is_strong(tokens[start].text, lex) else 0)
        spans.append((s, e, min(conf, 0.95)))
    return spans


# the smallest units of a body, written as a descriptor and one character after its chain of heads
# (…有限公司|采煤|队, …营业部|客服|投诉|组, …运检部|变电|二班)
UNIT_TAIL = re.compile(r"^[一二三四五六七八九十\d]{0,3}[班组队]$")


def _unit_tail(tokens: list[Token], classes: list[str], last: int, lex: Lexicon) -> int:
    """The index of the last word of a name whose chain ends at head ``last``: ``last`` itself, or
    the tail of a nested unit after it (a descriptor of one or two words, the first of two
    characters at least, then 班/组/队 on its own, perhaps numbered). jieba leaves such a
    character apart only when it makes no word with its neighbours, so an activity (培训班) or a
    team type (服务队, 攻关组) after a name is no tail; a listed stop word (成立, 组织) ends the
    descriptor, and the tail must end where the name does (before punctuation, a function word, a
    verb or a title)."""
    n = len(tokens)
    for width in (1, 2):
        k = last + width + 1
        if k >= n or not UNIT_TAIL.match(tokens[k].text):
            continue
        words = [t.text for t in tokens[last + 1:k]]
        if len(words[0]) < 2 or not all(_describes(w, lex) for w in words):
            continue
        if k + 1 < n and classes[k + 1] in ("part", "head") and tokens[k + 1].text not in _titles():
            continue
        return k
    return last


def _describes(word: str, lex: Lexicon) -> bool:
    """A word that may describe a unit's work (装卸, 客服, 变电): a content word, no person, place,
    number or listed stop."""
    pos = lex.pos.get(word)
    return (WORDLIKE.match(word) is not None and not lex.role(word, "stop") and word not in lex.regions
            and pos not in STOP_POS and not (pos or "").startswith(("nr", "ns", "m")))


def quote_spans(shadow: str) -> list[tuple[int, int]]:
    """Spans of quoted strings, quotes included: curly quotes, and straight quotes paired per line
    (a straight quote that would open a string starting with punctuation is taken as an orphan)."""
    spans = [(m.start(), m.end()) for m in QUOTE.finditer(shadow)]
    if '"' not in shadow:
        return spans
    pos = 0
    for line in shadow.split("\n"):
        opener = None
        k = line.find('"')
        while k >= 0:
            if opener is None:
                if not PUNCT_START.match(line[k + 1:k + 2] or " "):
                    opener = k
            else:
                if 1 <= k - opener - 1 <= 30:
                    spans.append((pos + opener, pos + k + 1))
                opener = None
            k = line.find('"', k + 1)
        pos += len(line) + 1
    return sorted(spans)


def quoted_candidates(doc: Doc, tokens: list[Token], lex: Lexicon) -> list[tuple[int, int, float]]:
    """A quoted name directly followed by a head word: “书香华苑”读书会."""
    by_start = {t.start: t for t in tokens}
    spans = []
    for qs, qe in quote_spans(doc.shadow):
        nxt = by_start.get(qe)
        if nxt and qe - qs - 2 <= 12 and is_head(nxt.text, lex) and nxt.text not in lex.known:
            spans.append((qs, nxt.end, 0.7))
    return spans


# the kind of body a list of names is summed up as after 等 (某某、某某等平台企业): the items are bodies of
# that kind although no head word ends them (platform companies go by their brand)
LIST_KINDS = frozenset({"企业", "公司", "平台", "平台企业", "媒体"})
LIST_SEPARATORS = frozenset({"、", "和", "及"})
LIST_ITEM_CHARS = (2, 6)


def typed_list_items(tokens: list[Token], lex: Lexicon) -> tuple[list[tuple[int, int, float]], set[int]]:
    """Spans of the items of a list of two or more names summed up by its kind (某某外卖、某某出行等平台
    企业). An item is no name when it is one common word jieba knows (a sector: 外卖、快递等企业,
    制造业、服务业等企业; a form: 国企、民企等企业), only places, sectors and generic words (东岭、青山等地
    企业) or already ends in a head; the first item must open after a break or a stop word so no verb
    before the list is taken in; a count of the bodies may sit before the kind (等20余家企业). Also
    where each such list's kind (and count) starts (等|规模企业工会: a summary, no name of its own)."""
    classes = classify(tokens, lex)
    out, kinds = [], set()
    for k, t in enumerate(tokens):
        if t.text != "等":
            continue
        m = k + 1  # the kind, perhaps after a count of the bodies (等|20|余家|企业, 等|三家|企业)
        if m < len(tokens) and tokens[m].text.isdigit():
            m += 1
        if m < len(tokens) and _counts_bodies(tokens[m].text, lex):
            m += 1
        if m >= len(tokens):
            continue
        kind = tokens[m].text
        if kind not in LIST_KINDS and not (m + 1 < len(tokens) and tokens[m + 1].text in LIST_KINDS
                                           and lex.pos.get(kind) == "n" and len(kind) == 2):
            continue
        items, end = [], k
        j = k - 1
        while j >= 0:
            i = j
            while i >= 0 and tokens[i].text not in LIST_SEPARATORS and (classes[i] == "part" or i == j):
                i -= 1
            items.append((i + 1, end))
            if i < 0 or tokens[i].text not in LIST_SEPARATORS:
                break
            end, j = i, i - 1
        if len(items) < 2 or not all(_list_item(tokens[a:b], lex) for a, b in items):
            continue
        out += [(tokens[a].start, tokens[b - 1].end, 0.75) for a, b in reversed(items)]
        kinds.update(tokens[x].start for x in range(k + 1, m + 1))
    return out, kinds


def _list_item(words: list[Token], lex: Lexicon) -> bool:
    """Whether the words of one item of a typed list (see :func:`typed_list_items`) read as a brand."""
    text = "".join(t.text for t in words)
    lo, hi = LIST_ITEM_CHARS
    if not words or not lo <= len(text) <= hi or is_head(words[-1].text, lex):
        return False
    if len(words) == 1 and lex.pos.get(text, "nz") not in ("nz", "nt"):
        return False
    return not all(w.text in lex.regions or w.text in lex.industries or lex.role(w.text, "generic") for w in words)


# a medium's name (…网, …日报, …电视台) where a report says where it comes from (GUIDELINES: media are
# organisations): after 来源/转自 (来源:某某日报), opening a dateline (某某网讯, 某某网4月5日讯, 某某网某地
# 5日电), in the parentheses of a byline (（某某日报-某某网记者…）, （某某日报）), first in a breadcrumb
# (当前位置: 某某新闻网 > …, 当前位置:某某网工会频道) or in title marks (《某某日报》). 本报/本网 (this paper)
# name no one.
MEDIUM = r"(?!本[报网])[0-9A-Za-z\u4e00-\u9fff]{1,10}?(?:网|报|台)"
MEDIA_SOURCE = re.compile(
    rf"(?:来源|稿源|转自|出处)\s*[:：]?\s*[(（《]?(?P<a>{MEDIUM})(?=[\s)）》|,，。;；]|$)"
    rf"|^[ \t]*(?P<b>{MEDIUM})(?:[\u4e00-\u9fff]{{0,4}}\s*\d{{1,2}}月\d{{1,2}}日)?(?:讯|电)"
    rf"|[(（](?P<c>{MEDIUM})(?=[)）]|[-—–][^)）\n]{{0,12}}记者)"
    rf"|(?:当前位置|您所在的位置|您的位置)\s*[:：>]?\s*(?:首页\s*>\s*)?(?P<d>{MEDIUM})(?=\s*>|[^\s>]{{0,6}}频道)"
    rf"|《(?P<e>{MEDIUM})》",
    re.M)
MEDIA_EXTRACTOR = EXTRACTOR + ".media"


def media_sources(shadow: str) -> list[tuple[int, int]]:
    """Spans of media names in source, dateline, byline and breadcrumb positions (see MEDIA_SOURCE)."""
    out = []
    for m in MEDIA_SOURCE.finditer(shadow):
        group = next(g for g in "abcde" if m.group(g) is not None)
        out.append((m.start(group), m.end(group)))
    return out


def extract_orgs(doc: Doc) -> list[Mention]:
    """ORG mentions of a document, every occurrence, longest name per place; media names in source
    lines are :data:`MEDIA_EXTRACTOR`'s (their own kind of evidence: a combination may trust them apart)."""
    lex = lexicon()
    tokens = refine(doc.tokens, lex)
    media = {(s, e) for s, e in media_sources(doc.shadow)}
    listed, kinds = typed_list_items(tokens, lex)
    spans = sorted([c for c in candidates(tokens, lex) if c[0] not in kinds] + quoted_candidates(doc, tokens, lex)
                   + listed + [(s, e, 0.8) for s, e in media],
                   key=lambda s: (s[0], -s[1]))
    at = {t.start: k for k, t in enumerate(tokens)}
    out: list[Mention] = []
    for s, e, conf in spans:
        if out and s < out[-1].end:
            continue
        extractor = MEDIA_EXTRACTOR if (s, e) in media else EXTRACTOR
        if extractor == EXTRACTOR and s in at:
            named = _person_team_start(tokens, at[s], e, lex)
            if named is not None and not (out and named < out[-1].end):
                s, extractor = named, PERSON_TEAM_EXTRACTOR
        out.append(Mention("ORG", doc.text[s:e], s, e, extractor, VERSION, round(conf, 2)))
    return out


PERSON_TEAM_EXTRACTOR = EXTRACTOR + ".person_team"


def _person_team_start(tokens: list[Token], i: int, end: int, lex: Lexicon) -> int | None:
    """Where a team or studio named after a person starts (张某某劳模创新工作室: GUIDELINES, named
    teams and studios), when the candidate opening at ``tokens[i]`` is one and ends at ``end``; None
    when it is not. The name is a word jieba tags as a person's or a two- or three-character word it
    does not know that opens with a surname; a lone surname jieba split off (张|某某: 张 is also a
    measure word) is taken back in."""
    j = i
    while j < len(tokens) and tokens[j].end <= end:
        j += 1
    if j - i < 2 or lex.kind.get(head_suffix(tokens[j - 1].text, lex) or "") != "team":
        return None
    first = tokens[i].text
    surnames = _surnames()
    if len(first) == 2 and i > 0 and tokens[i - 1].text in surnames and tokens[i - 1].end == tokens[i].start \
            and (first not in lex.pos or lex.pos[first].startswith("nr")):
        return tokens[i - 1].start
    if len(first) in (2, 3) and first[0] in surnames and (first not in lex.pos or lex.pos[first].startswith("nr")):
        return tokens[i].start
    return None


# ---------------------------------------------------------------------------- tidying another extractor's span

# words joining two names in one run (市妇幼保健院及市第二人民医院, 县总工会向市总工会): a span holding one
# between two heads is two organisations
COORDINATORS = frozenset({"和", "与", "及", "以及", "向", "为", "对", "同", "跟", "等"})
# tails a nested unit may end with although they are no head of their own (…分公司营业部客服投诉组,
# …车间甲班): a tail ending so is kept even when it holds a role word
CHAIN_TAILS = ("班", "组", "队", "所", "站", "区", "室", "窗口", "矿", "台", "店", "库", "科", "处", "中心", "基地")
ROLE_END = re.compile(r"^..*[长员师]$")


def tidy_span(text: str) -> list[tuple[int, int]]:
    """The organisation names inside a span another extractor (the CRF) read as one ORG, as
    (start, end) offsets into ``text`` (the span's simplified shadow):

    - punctuation at either edge is shaved, and a span without a Chinese character is dropped
      (a garbled gloss such as ``qǐng?``);
    - a coordinating or addressing word between two heads splits it (县总工会向市总工会), and so does
      等 closing an enumeration (某某联盟等5家…) and a head opening with a level of government right
      after another (市委|市政府: :func:`sister_body`);
    - a function word, verb or stop word before its first head is cut off with all before it
      (参观某某公司, 张某任女职工委员会), unless what is left is generic, also when jieba glued it onto
      its neighbour (在|某某工作室, 张某|敏任|女职工委员会: :func:`_unglue_lead`);
    - a floor (某总工会|四楼|女工部) ends it: what follows is where the body sits;
    - a name referring to several bodies is dropped (各乡镇办, 县区级总工会, 省市委, 5家…: GUIDELINES,
      generic or plural references);
    - after its last head, a tail holding a role word, a person's name or a stop word falls outside
      (某某幼儿园园长, 某某公司张某某, 某总工会带队), unless the tail ends like a nested unit (…客服投诉组).

    A span without any head (a brand: 中通快递) is kept as it is, shaved, unless it reads as no name
    at all (:func:`_no_brand`: places alone, a time word or numeral at its end).
    """
    lex = lexicon()
    s, e = 0, len(text)
    while s < e and not WORDLIKE.match(text[s]):
        s += 1
    while e > s and not WORDLIKE.match(text[e - 1]) and text[e - 1] not in ")）":
        e -= 1
    if not any("\u4e00" <= c <= "\u9fff" for c in text[s:e]):
        return []
    toks = refine([Token(t.text, t.start + s, t.end + s) for t in segment.words(text[s:e])], lex)
    toks, glued = _unglue_lead(toks, lex)
    floor = next((k for k, t in enumerate(toks) if FLOOR.match(t.text)), None)
    if floor:  # an address inside the span (某医院门诊|三楼|体检中心): the name ends before it
        toks = toks[:floor]
    classes = classify(toks, lex)
    heads = [k for k, c in enumerate(classes) if c == "head"]
    if not heads:  # a brand (中通快递), unless it reads as no name at all
        return [] if _no_brand(toks, lex) else [(s, e)]
    pieces, cur = [], 0
    for k, t in enumerate(toks):
        if t.text in COORDINATORS and any(cur <= h < k for h in heads) and any(h > k for h in heads):
            pieces.append((cur, k))
            cur = k + 1
    pieces.append((cur, len(toks)))
    out = []
    for i, j in split_sisters(toks, classes, pieces, lex):
        hs = [h for h in heads if i <= h < j]
        if not hs:
            continue
        first, last = hs[0], hs[-1]
        cuts = [k + 1 for k in range(i, first) if _ends_left_context(toks[k].text, classes[k], lex) or k < glued]
        cut = next((c for c in reversed(cuts) if not is_generic(toks, c, last + 1, lex)), i)
        if cut == i:
            k = i + _leading_person(toks[i:first + 1], lex)
            if k > i and not is_generic(toks, k, last + 1, lex):
                cut = k
        if _plural_opening(toks[cut:first + 1], lex) or any(counted_unit(toks, k, lex) for k in range(i + 1, first)):
            continue  # 各乡镇办, 县区级总工会; 5|家|职工创新工作室联盟 (counted: several, or any one)
        end = j
        if last < j - 1 and _not_a_name_tail(toks[last + 1:j], lex):
            end = last + 1
        a, b = toks[cut].start, toks[end - 1].end
        if b - a >= 2:
            out.append((a, b))
    return out


# tags of words a name without a head word never ends with: time words, numerals, idioms (某市某区暑期,
# 怎么办, a name cut before its last character: 某某日|报)
NO_BRAND_END_POS = frozenset({"t", "tg", "m", "mq", "l"})


def _no_brand(words: list[Token], lex: Lexicon) -> bool:
    """Whether words without a head word are no brand either: a determiner opens them (各乡镇办:
    GUIDELINES, plural references), they are places only (GUIDELINES: place names on their own) or the
    last is a time word, a numeral or an idiom."""
    if _determined(words[0].text) or lex.pos.get(words[-1].text) in NO_BRAND_END_POS:
        return True
    return all(t.text in lex.regions or lex.pos.get(t.text) == "ns" for t in words)


def _determined(word: str) -> bool:
    """A determiner (org_stopwords role=determiner: 各乡镇办, 有关单位 refer to many bodies), or a word
    opening with one (jieba glues 各乡镇 into one word)."""
    return word.startswith(tuple(lexicon().roles["determiner"]))


def _plural_opening(words: list[Token], lex: Lexicon) -> bool:
    """Whether a name's words up to its first head refer to several bodies (GUIDELINES: generic or
    plural references are no ORG): only determiners and level words before the head (各乡镇办), or
    two levels in a row however jieba cut them (县|区级总工会, 省|市委, 县(区)总工会)."""
    mods = [t.text for t in words[:-1]]
    if mods and (_determined(mods[0]) or all(lex.role(w, "generic") or multi_level(w, lex) for w in mods)):
        return True
    head = words[-1].text
    opening = "".join(mods) + head[:len(head) - len(head_suffix(head, lex) or "")]
    return multi_level(re.sub(r"[()（）]", "", opening), lex)  # 县(区)总工会 too


def _unglue_lead(toks: list[Token], lex: Lexicon) -> tuple[list[Token], int]:
    """A span's words with a function word or verb that jieba glued onto a neighbour split off, and
    how many of the words that makes left context (0 when none is glued). Two shapes, both in words
    the dictionary does not know (a name opening with such a character is a word it knows: 对外…):

    - a preposition or verb glued onto the name's first characters (在|旦增…, 由|盘州市…);
    - a stop character such as 任 glued onto what precedes the first head (张某|敏任|女职工委员会:
      the person takes up a post in the body, and the body is the name).
    """
    if len(toks) < 2:
        return toks, 0
    w, t = toks[0].text, toks[0]
    if len(w) >= 2 and w not in lex.pos:
        for n, tags in ((2, ("v",)), (1, ("p",))):
            if len(w) > n and lex.pos.get(w[:n]) in tags and w[:n] not in _surnames():
                return [Token(w[:n], t.start, t.start + n), Token(w[n:], t.start + n, t.end)] + toks[1:], 1
    for k, t in enumerate(toks[:-1]):
        if is_head(t.text, lex):
            break
        w = t.text
        if len(w) >= 2 and w not in lex.pos and lex.role(w[-1], "stop") and is_head(toks[k + 1].text, lex):
            glued = [Token(w[:-1], t.start, t.end - 1), Token(w[-1], t.end - 1, t.end)]
            return toks[:k] + glued + toks[k + 1:], k + 2
    return toks, 0


def _leading_person(words: list[Token], lex: Lexicon) -> int:
    """How many of ``words`` (a span's words up to its first head) make a person's name glued in
    front of the unit it belongs to, as in roster lines (``王丽华南通第一中学``, GUIDELINES: the
    affiliation is the ORG, not the name): a surname, two or three characters in one or two words
    (the first a lone surname, or a word jieba tags as a person's name or does not know; none a
    place or known body), then a place or an organisation's name
    (``Lexicon.regions``, a known body, jieba's ns/nt). 0 when they do not.

    A brand that opens with a surname character is a word jieba knows with another tag, so it
    stays (华润…); a team named after a person has no place after the name (张某劳模创新工作室)."""
    for k in (1, 2):
        if len(words) <= k:
            break
        name = "".join(t.text for t in words[:k])
        if len(name) > 3:
            break
        if len(name) < 2 or name[0] not in _surnames() or name in lex.regions or name in lex.known \
                or lex.role(name[-1], "level"):  # 成某市: a place the gazetteer does not know
            continue
        first = words[0].text
        if not (len(first) == 1 or lex.pos.get(first, "nr").startswith("nr")) \
                or any(t.text in lex.regions or t.text in lex.known for t in words[1:k]):
            continue
        nxt = words[k].text
        if nxt in lex.regions or nxt in lex.known or lex.pos.get(nxt) in ("ns", "nt"):
            return k
    return 0


def tidy_mention(m: Mention, doc: Doc) -> list[Mention]:
    """Another extractor's ORG mention as the names :func:`tidy_span` finds in it (offsets and text
    from ``doc``)."""
    return [replace(m, text=doc.text[m.start + a:m.start + b], start=m.start + a, end=m.start + b)
            for a, b in _tidy_once(doc.shadow[m.start:m.end])]


@lru_cache(maxsize=50_000)
def _tidy_once(span: str) -> tuple[tuple[int, int], ...]:
    """:func:`tidy_span`, once per distinct span: reports name the same organisations again and again
    (of the CRF's ORG spans in 142 real reports, 48% repeat an earlier one)."""
    return tuple(tidy_span(span))


def extend_to_rules(mentions: list[Mention], rule_mentions: list[Mention]) -> list[Mention]:
    """``mentions`` (another extractor's), each carried to the end of the longest of ``rule_mentions``
    of its label that starts where it starts and ends later: the CRF often stops at an inner head of a
    nested unit (…保健院|产科, …有限公司|装配车间) that the rules' head chain reads whole."""
    longer: dict[tuple[str, int], Mention] = {}
    for r in rule_mentions:
        best = longer.get((r.label, r.start))
        if best is None or r.end > best.end:
            longer[r.label, r.start] = r
    out = []
    for m in mentions:
        r = longer.get((m.label, m.start))
        out.append(replace(m, text=r.text, end=r.end) if r is not None and r.end > m.end else m)
    return out


def _ends_left_context(word: str, cls: str, lex: Lexicon) -> bool:
    """A word before the first head that cannot sit inside the name: what precedes it is context."""
    if word in ("和", "与") or cls not in ("stop", "break"):
        return False
    return cls == "break" or len(word) >= 2 or lex.role(word, "stop")


def _not_a_name_tail(tail: list[Token], lex: Lexicon) -> bool:
    """Words after the last head that read as a role, a person or context, not as a nested unit."""
    text = "".join(t.text for t in tail)
    if lex.role(tail[-1].text, "stop"):  # a verb ending like a unit (…总工会带队) is none
        return True
    if text.endswith(CHAIN_TAILS) or text.isdigit():
        return False
    if len(text) == 1:
        return True
    titles = _titles()
    surnames = _surnames()
    for t in tail:
        w = t.text
        if w in titles or lex.role(w, "stop") or lex.role(w, "generic") or ROLE_END.match(w):
            return True
        pos = lex.pos.get(w)
        if pos is not None and (pos.startswith("nr") or (pos in ("v", "vd", "d", "p", "c")
                                                         and not lex.role(w, "namepart"))):
            return True
        if pos is None and 2 <= len(w) <= 3 and w[0] in surnames:
            return True
    return False


@lru_cache(maxsize=1)
def _titles() -> frozenset[str]:
    return frozenset(gazetteers.load("person_titles").column("title"))


@lru_cache(maxsize=1)
def _surnames() -> frozenset[str]:
    return frozenset(r["surname"] for r in gazetteers.load("surnames").rows if r["kind"] == "single")
