"""A character-level linear-chain CRF (python-crfsuite) that tags ORG, PROGRAMME, PERSON and HONOUR.

Chosen over the spaCy tagger and bare characters by grouped cross-validation (see the model card).
One item per character of
the document's simplified shadow (:attr:`reportmine.text.doc.Doc.shadow`, same length as the text), so
traditional-script texts get the same features and predicted spans index the stored text.

Features of a character (all strings, weight 1; :func:`features`):

- the character and its neighbours at -1 and +1 (``Config.window``; models saved before it: -2..+2);
  optionally the bigrams around it (-1..0, 0..+1; ``Config.bigrams``, off since grouped CV scored
  better without them; models saved before read them);
- its class (CJK, digit, Chinese numeral, latin, punctuation, space);
- the jieba word it sits in: position B/M/E/S, length bucket, part of speech (jieba's dictionary),
  gazetteer classes of that word (region, organisation head, known body, honour, programme head,
  person title, award verb, stop word); never the word itself, so a saved model holds no words of
  the texts it was trained on, only single characters and character bigrams;
- gazetteer matches over characters: an organisation head word (``org_suffixes``), an honour title,
  a programme head, a person title ending here or covering it; whether it is a surname;
- inside “” or 《》; place in its line (line start, after a colon in the line, after a separator
  、，, before one) and the line's shape (roster-like: several short segments), segment length;
- the rules' candidate mentions as BIO, one feature per label (``rORG=B`` ...), when given.

Sequences are sentences (:attr:`Doc.sentences`, which also cut at line ends). Optional gold
regions (annotations' ``ignore``) are handled by ``Config.optional``: ``"O"`` labels them outside,
``"label"`` labels them with the label their gold item carries, ``"cut"`` drops the sentences
holding one from training.
"""
from __future__ import annotations

import re
import time
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain, repeat
from operator import itemgetter
from pathlib import Path

from reportmine import gazetteers
from reportmine.learn import Settings
from reportmine.learn.annotations import LABELS, Annotated, gold_items
from reportmine.text.doc import Doc
from reportmine.text.patterns import WordScanner

SEPARATORS = " \u3000\t、，,；;：:"
COLONS = "：:"
_SEGMENT = re.compile(r"[^ \u3000\t、，,；;：:]+")
_QUOTED = re.compile(r"“[^“”\n]*”?|《[^《》\n]*》?")
_CN_NUM = set("零〇一二两三四五六七八九十百千万亿")


@dataclass
class Config(Settings):
    """Everything that decides a trained model (saved beside it)."""

    c1: float = 0.2                 # chosen by grouped CV (0.05: ORG CRF F1 0.779, 0.2: 0.789, smaller model)
    c2: float = 0.01
    max_iterations: int = 150
    minfreq: float = 2.0            # crfsuite feature.minfreq: attributes seen fewer times are dropped
    optional: str = "O"             # "O", "label" or "cut" (see module docstring); CV: "O" best for the unions
    rule_features: bool = True
    jieba_features: bool = True     # word position/length/POS/gazetteer class of the jieba word
    gazetteer_features: bool = True  # character-level gazetteer matches (heads, honours, surnames)
    line_features: bool = True      # quotes, place in line, roster shape
    bigrams: bool = False           # grouped CV without them (and window 1): ORG combined F1 0.794 -> 0.802,
                                    # PROGRAMME 0.750 -> 0.765; 9 in 10 were unknown to the model anyway
    window: int = 1                 # character unigrams at -window..+window; grouped CV: 1 as good as 2
                                    # (ORG combined F1 0.794 -> 0.795, PROGRAMME 0.750 -> 0.757), 2 fewer strings a character
    sparse: bool = True             # leave out features at their default value (hO, q=0, rORG=O ...): fewer lookups when tagging
    labels: tuple[str, ...] = LABELS


# ---------------------------------------------------------------------------- lexical resources

@dataclass(frozen=True)
class Resources:
    org_heads: WordScanner
    org_head_kind: dict
    honours: WordScanner
    programme_heads: WordScanner
    titles: WordScanner
    surnames: frozenset
    compound_surnames: WordScanner
    word_class: dict = field(default_factory=dict)


def _lookahead(words: Iterable[str]) -> WordScanner:
    """A scanner whose ``finditer`` gives the listed words left to right, longest first, not overlapping
    (what a longest-first ``re`` alternation finds, by an Aho-Corasick automaton: measured 6x faster)."""
    return WordScanner(w for w in words if w)


@lru_cache(maxsize=1)
def resources() -> Resources:
    suffix_rows = gazetteers.load("org_suffixes").rows
    honours = set(gazetteers.load("honours").column("honour"))
    honours |= {r["short"] for r in gazetteers.load("honour_aliases").rows if r["kind"] == "title"}
    ph = gazetteers.load("programme_heads")
    prog_heads = {r["word"] for r in ph.rows if r["role"] in ("after", "brand", "weak_brand")}
    sur = gazetteers.load("surnames")
    return Resources(
        org_heads=_lookahead(r["suffix"] for r in suffix_rows),
        org_head_kind={r["suffix"]: r["kind"] for r in suffix_rows},
        honours=_lookahead(honours),
        programme_heads=_lookahead(prog_heads),
        titles=_lookahead(gazetteers.load("person_titles").column("title")),
        surnames=frozenset(r["surname"] for r in sur.rows if r["kind"] == "single"),
        compound_surnames=_lookahead(r["surname"] for r in sur.rows if r["kind"] == "compound"),
    )


@lru_cache(maxsize=2)
def _surname_chars(surnames: frozenset) -> re.Pattern:
    """A character class of the one-character surnames (a scan in C, not a loop over every character)."""
    single = sorted(c for c in surnames if len(c) == 1)
    return re.compile("[" + "".join(map(re.escape, single)) + "]") if single else re.compile("(?!)")


@lru_cache(maxsize=1)
def _word_sets() -> dict[str, frozenset]:
    from reportmine.extractors import orgs as org_rules

    lex = org_rules.lexicon()
    ph = gazetteers.load("programme_heads")
    return {
        "R": lex.regions,
        "K": lex.known,
        "N": frozenset(gazetteers.load("honours").column("honour"))
        | frozenset(r["short"] for r in gazetteers.load("honour_aliases").rows if r["kind"] == "title"),
        "P": frozenset(r["word"] for r in ph.rows if r["role"] in ("after", "brand", "weak_brand")),
        "G": frozenset(r["word"] for r in ph.rows if r["role"] == "trigger"),
        "T": frozenset(gazetteers.load("person_titles").column("title")),
        "V": frozenset(gazetteers.load("award_verbs").column("verb")),
        "S": lex.roles.get("stop", frozenset()),
        "L": lex.roles.get("level", frozenset()),
    }


@lru_cache(maxsize=200_000)
def word_class(word: str) -> str:
    """Gazetteer classes of a jieba word, as one short string (``"RH"``, ``"-"`` for none)."""
    from reportmine.extractors import orgs as org_rules

    lex = org_rules.lexicon()
    out = "".join(k for k, s in _word_sets().items() if word in s)
    if org_rules.is_head(word, lex):
        out += "H"
    return out or "-"


def _char_class(ch: str) -> str:
    if "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf":
        return "N" if ch in _CN_NUM else "C"
    if ch.isdigit():
        return "D"
    if ch.isascii() and ch.isalpha():
        return "L"
    if ch.isspace():
        return "W"
    if ch.isalpha():
        return "A"
    return "P"


class _ClassTable(dict):
    """str.translate table: code point -> one-letter character class, filled on first sight."""

    def __missing__(self, key: int) -> str:
        v = self[key] = _char_class(chr(key))
        return v


_CLASS_TABLE = _ClassTable()
_WORD_CACHE: dict[str, tuple] = {}


def _word_features(word: str) -> tuple[list[str], list[str], list[str]]:
    """Per character of a jieba word: position+length, part of speech, gazetteer classes."""
    from reportmine.extractors import orgs as org_rules

    L = len(word)
    if L == 1:
        wp = ["w=S1"]
    else:
        bucket = _len_bucket(L)
        wp = ["w=B" + bucket] + ["w=M" + bucket] * (L - 2) + ["w=E" + bucket]
    pos = "wp=" + org_rules.lexicon().pos.get(word, "x")
    g = "wg=" + word_class(word)
    return wp, [pos] * L, [g] * L


def _len_bucket(n: int) -> str:
    return str(n) if n <= 4 else "5-6" if n <= 6 else "7+"


# ---------------------------------------------------------------------------- features

def _mark(scanner: WordScanner, text: str, prefix: str, out: list, value=str) -> None:
    """(position, feature) pairs for the matches of ``scanner``: I inside, E on the last character
    (``value``: the model's bytes when tagging; a feature it does not know is left out)."""
    inner, last = value(prefix + "I"), value(prefix + "E")
    for s, e in scanner.spans(text):
        if e - s > 1 and inner:
            out.extend(zip(range(s, e - 1), repeat(inner)))
        if last:
            out.append((e - 1, last))


class Vocabulary:
    """The attributes a trained model weighs, as crfsuite reads them (UTF-8 bytes).

    Given to :func:`features` when tagging, it leaves out every feature the model has no weight
    for (crfsuite would look each up and ignore it: about a quarter of the strings, most bigrams)
    and hands the rest over as bytes, which pycrfsuite passes on without encoding them again. Same
    scores, same tags: measured 0.25 -> 0.17 s of tagging per 100k characters.
    """

    def __init__(self, attributes: Iterable[str]):
        self.bytes: dict[str, bytes] = {a: a.encode("utf-8") for a in attributes}
        self._tables: dict[str, dict[str, bytes]] = {}
        for a, b in self.bytes.items():
            k = a.find("=") + 1
            self._tables.setdefault(a[:k], {})[a[k:]] = b
        self.words: dict[str, tuple] = {}
        self._classes: dict[str, bytes] = {}

    def table(self, prefix: str) -> dict[str, bytes]:
        """value -> the bytes of ``prefix + value``, for the values the model knows after ``prefix``."""
        return self._tables.get(prefix, {})

    def value(self, feature: str) -> bytes:
        return self.bytes.get(feature, b"")

    def column(self, values: list[str]) -> list:
        return list(map(self.bytes.get, values, repeat(b"")))

    def classes(self, text: str) -> dict[str, bytes]:
        """character -> the bytes of its ``t=`` class feature (b"" if unknown), for every character of ``text``."""
        t = self._classes
        for c in set(text).difference(t):
            t[c] = self.bytes.get("t=" + c.translate(_CLASS_TABLE), b"")
        return t


def features(doc: Doc, rule_mentions=(), cfg: Config | None = None, vocab: Vocabulary | None = None) -> list:
    """Feature strings of every character of ``doc`` (one list per character).

    Dense features (every character has one value) are built as columns and zipped; the sparse ones
    (gazetteer matches, surnames, quotes, line positions, rule BIO) are appended only where they
    fire, so tagging looks up fewer strings. With ``vocab`` (a trained model's :class:`Vocabulary`),
    a tuple per character of the features the model knows, as bytes (b"" where a dense one is unknown).
    """
    cfg = cfg or Config()
    s = doc.shadow
    n = len(s)
    cols: list[list] = []
    value = str if vocab is None else vocab.value  # a feature string as it goes into the rows
    pad = "\x02\x02" + s.replace("\n", "\x03") + "\x04\x04"
    chars = pad[2:n + 2]
    if vocab is None:
        def col(prefix, values):
            return [prefix + c for c in values]
    else:
        def col(prefix, values):
            return list(map(vocab.table(prefix).get, values, repeat(b"")))
    cols.append(col("c=", chars))
    if cfg.window >= 1:
        cols.append(col("p1=", pad[1:n + 1]))
    if cfg.window >= 2:
        cols.append(col("p2=", pad[0:n]))
    if cfg.window >= 1:
        cols.append(col("n1=", pad[3:n + 3]))
    if cfg.window >= 2:
        cols.append(col("n2=", pad[4:n + 4]))
    if cfg.bigrams:
        prev = pad[1:n + 1]
        nxt = pad[3:n + 3]
        cols.append(col("b=", map(str.__add__, prev, chars)))
        cols.append(col("f=", map(str.__add__, chars, nxt)))
    if vocab is None:
        cols.append(col("t=", s.translate(_CLASS_TABLE)))
    else:  # character -> the bytes of its class feature, in one lookup
        cols.append(list(map(vocab.classes(s).__getitem__, s)))

    if cfg.jieba_features:
        cache = _WORD_CACHE if vocab is None else vocab.words

        def word(w: str) -> tuple:
            f = _WORD_CACHE.get(w)
            if f is None:
                f = _WORD_CACHE[w] = _word_features(w)
            if vocab is not None:
                f = cache[w] = tuple(map(vocab.column, f))
            return f

        tokens = doc.tokens
        words = list(map(itemgetter(0), tokens))
        for w in set(words).difference(cache):  # the words not seen before; then one lookup a word, in C
            word(w)
        fs = list(map(cache.__getitem__, words))
        word_cols = [list(chain.from_iterable(map(itemgetter(k), fs))) for k in range(3)]
        if len(word_cols[0]) != n:  # jieba's words tile the text (chained above, in C); if not, the
            # characters no word covers keep the defaults
            wp, wt, wg = ["w=S1"] * n, ["wp=x"] * n, ["wg=-"] * n
            if vocab is not None:
                wp, wt, wg = vocab.column(wp[:1]) * n, vocab.column(wt[:1]) * n, vocab.column(wg[:1]) * n
            for (_, a, b), f in zip(tokens, fs):
                wp[a:b], wt[a:b], wg[a:b] = f
            word_cols = [wp, wt, wg]
        cols += word_cols

    sparse: list[tuple[int, str]] = []
    if cfg.gazetteer_features:
        res = resources()
        # pyahocorasick's iter_long drops a shorter word pending at the very end of the text while it
        # tries a longer one (…女职工委: no 委): a sentinel no word holds keeps what re would find
        ended = s + "\x00"
        _mark(res.org_heads, ended, "h", sparse, value)
        _mark(res.honours, ended, "hn", sparse, value)
        _mark(res.programme_heads, ended, "ph", sparse, value)
        _mark(res.titles, ended, "ti", sparse, value)
        sn1, sn2 = value("sn=1"), value("sn=2")
        if sn1:
            sparse.extend((m.start(), sn1) for m in _surname_chars(res.surnames).finditer(s))
        if sn2:
            sparse.extend((a, sn2) for a, _ in res.compound_surnames.spans(ended))

    if cfg.line_features:
        cols += _line_features(s, n, sparse, value)

    if cfg.rule_features:
        for m in rule_mentions:
            if m.label in cfg.labels:
                a = m.start
                sparse.append((a, value("r" + m.label + "=B")))
                inner = value("r" + m.label + "=I")
                if inner:
                    sparse.extend(zip(range(a + 1, m.end), repeat(inner)))
    if not cfg.sparse:
        raise ValueError("dense items are no longer built (sparse=False was measured in v1/v2 only)")
    if vocab is None:
        rows = list(map(list, zip(*cols)))
        for i, f in sparse:
            rows[i].append(f)
        return rows
    # tuples straight from zip (pycrfsuite takes any sequence): an unknown dense feature is b"", which
    # crfsuite looks up in no time and ignores; the known sparse ones join their character's tuple
    rows = list(zip(*cols))
    for i, f in sparse:
        if f:
            rows[i] += (f,)
    return rows


def _line_features(s: str, n: int, sparse: list, value=str) -> list[list[str]]:
    """Dense columns (after a colon in the line, roster-shaped line, segment length); quotes, the
    first three positions of a line and segment edges go to ``sparse``. ``value``: what a feature
    string becomes (the model's bytes when tagging, b"" for one it does not know)."""
    colon = [value("ac=0")] * n
    shape = [value("ro=0")] * n
    seg = [value("sl=0")] * n
    q_open, q_close = value("q=o"), value("q=c")
    for m in _QUOTED.finditer(s):  # “…” and 《…》 (the shadow folds corner quotes to “”); open at line end
        a, b = m.span()
        kind = value("q=q" if s[a] == "“" else "q=b")
        sparse.append((a, q_open))
        if s[b - 1] in "”》" and b - a > 1:
            if kind:
                sparse.extend(zip(range(a + 1, b - 1), repeat(kind)))
            sparse.append((b - 1, q_close))
        elif kind:
            sparse.extend(zip(range(a + 1, b), repeat(kind)))
    # every value a line can give, looked up once per text
    starts = [value("lp=" + str(k)) for k in range(3)]
    colon_after, roster = value("ac=1"), value("ro=1")
    lengths = {bucket: value("sl=" + bucket) for bucket in map(_len_bucket, range(1, 8))}
    edge_a = {k: value("sp=a" + k) for k in "^scw"}
    edge_z = {k: value("sp=z" + k) for k in "$scw"}
    pos = 0
    for line in s.split("\n"):
        L = len(line)
        if L:
            sparse.extend(zip(range(pos, pos + min(3, L)), starts))
            ci = min((line.find(c) for c in COLONS if c in line), default=-1)
            if ci >= 0:
                colon[pos + ci + 1:pos + L] = [colon_after] * (L - ci - 1)
            segs = [m.span() for m in _SEGMENT.finditer(line)]
            lens = [b - a for a, b in segs]
            if len(segs) >= 3 and sum(lens) / len(lens) <= 6:
                shape[pos:pos + L] = [roster] * L
            for a, b in segs:
                seg[pos + a:pos + b] = [lengths[_len_bucket(b - a)]] * (b - a)
                before = line[a - 1] if a else "^"
                after = line[b] if b < L else "$"
                sparse.append((pos + a, edge_a["^" if a == 0 else ("s" if before in "、，,；;" else "c" if before in COLONS else "w")]))
                if b - 1 > a:
                    sparse.append((pos + b - 1, edge_z["$" if b == L else ("s" if after in "、，,；;" else "c" if after in COLONS else "w")]))
        pos += L + 1
    return [colon, shape, seg]


# ---------------------------------------------------------------------------- labels

def bio(item: Annotated, cfg: Config) -> tuple[list[str], list[bool]]:
    """BIO tags of every character of ``item`` and, per character, whether it is in an optional region
    (the caller cuts those sentences when ``cfg.optional == "cut"``)."""
    n = len(item.text)
    tags = ["O"] * n
    optional = [False] * n
    for sp in item.spans:
        if sp.label not in cfg.labels:
            continue
        tags[sp.start] = "B-" + sp.label
        for i in range(sp.start + 1, sp.end):
            tags[i] = "I-" + sp.label
    if item.ignore:
        label_of = _optional_labels(item)
        for a, b in item.ignore:
            optional[a:b] = [True] * (b - a)
            if cfg.optional == "label":
                label = label_of.get(_key(item.text[a:b]))
                if label in cfg.labels:
                    tags[a] = "B-" + label
                    for i in range(a + 1, b):
                        tags[i] = "I-" + label
    return tags, optional


def _key(s: str) -> str:
    from reportmine.evaluate.scoring import norm
    return norm(s)


def _optional_labels(item: Annotated) -> dict[str, str]:
    if item.gold is None:
        return {}
    return {_key(t): label for t, label, opt in gold_items(item.gold) if opt}


def decode(tags: Sequence[str], offset: int = 0) -> list[tuple[str, int, int]]:
    """Spans of a BIO sequence (an I after O or another label opens a span)."""
    out = []
    label, start = None, 0
    for i, t in enumerate(tags):
        if t == "O":
            if label:
                out.append((label, offset + start, offset + i))
            label = None
            continue
        kind, lab = t[0], t[2:]
        if kind == "B" or lab != label:
            if label:
                out.append((label, offset + start, offset + i))
            label, start = lab, i
    if label:
        out.append((label, offset + start, offset + len(tags)))
    return out


# ---------------------------------------------------------------------------- train / predict

def rule_mentions(doc: Doc):
    from reportmine.extractors import extract_rules
    return [m for m in extract_rules(doc).mentions if m.label in LABELS]


def sequences(item: Annotated, cfg: Config, rules=None):
    """(features, tags) per sentence of a training text."""
    doc = Doc(item.text)
    if cfg.rule_features and rules is None:
        rules = rule_mentions(doc)
    feats = features(doc, rules or (), cfg)
    tags, optional = bio(item, cfg)
    for a, b in doc.sentences:
        if cfg.optional == "cut" and any(optional[a:b]):
            continue
        yield feats[a:b], tags[a:b]


def train(items: Sequence[Annotated], cfg: Config | None = None, rules: dict | None = None,
          verbose: bool = False) -> "Tagger":
    """A tagger trained on ``items``. ``rules``: optional {item.source: rule mentions}, to avoid
    running the rules again. Deterministic: L-BFGS from zero weights."""
    import pycrfsuite

    cfg = cfg or Config()
    started = time.perf_counter()
    trainer = pycrfsuite.Trainer(algorithm="lbfgs", verbose=verbose)
    trainer.set_params({"c1": cfg.c1, "c2": cfg.c2, "max_iterations": cfg.max_iterations,
                        "feature.minfreq": cfg.minfreq, "feature.possible_transitions": True})
    n_seq = 0
    for item in items:
        for x, y in sequences(item, cfg, (rules or {}).get(item.source)):
            trainer.append(x, y)
            n_seq += 1
    if not n_seq:
        raise ValueError("no annotated sentences to train the CRF on")
    data = trained_bytes(trainer)
    tagger = Tagger(data, cfg)
    tagger.info = {"sequences": n_seq, "seconds": round(time.perf_counter() - started, 2), "bytes": len(data)}
    return tagger


def trained_bytes(trainer) -> bytes:
    """Run a filled ``pycrfsuite.Trainer`` and return the model it writes (crfsuite writes to a file)."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "crf.crfsuite"
        trainer.train(str(path))
        return path.read_bytes()


class Tagger:
    """A trained CRF: its crfsuite bytes and the feature config it was trained with."""

    EXTRACTOR = "crfsuite"

    def __init__(self, data: bytes, cfg: Config):
        import pycrfsuite

        self.data, self.cfg, self.info = data, cfg, {}
        self._tagger = pycrfsuite.Tagger()
        self._tagger.open_inmemory(data)
        self._vocab: Vocabulary | None = None

    @property
    def vocab(self) -> Vocabulary:
        """The attributes this model weighs (read from the model once, when first tagging)."""
        if self._vocab is None:
            self._vocab = Vocabulary({a for a, _ in self._tagger.info().state_features})
        return self._vocab

    @classmethod
    def load(cls, path: str | Path, cfg: dict | None = None) -> "Tagger":
        cfg = dict(cfg or {})
        cfg.setdefault("window", 2)  # saved before the setting existed: trained on -2..+2
        cfg.setdefault("bigrams", True)  # (and with bigrams, then the default)
        return cls(Path(path).read_bytes(), Config.from_dict(cfg))

    def save(self, path: str | Path) -> Path:
        path = Path(path)
        path.write_bytes(self.data)
        return path

    def labels(self) -> list[str]:
        return self._tagger.labels()

    def tag_features(self, doc: Doc, feats: list, confidence: bool | Collection[str] = False) -> list[tuple]:
        """Mentions of a document from its features; with ``confidence``, each also carries the least
        marginal probability of its characters' tags (crfsuite forward-backward on that sentence).
        ``confidence`` may name the labels that need it: the others carry None, and a sentence none of
        whose mentions needs it skips forward-backward."""
        out = []
        tagger = self._tagger
        text = doc.text
        wanted = None if isinstance(confidence, bool) else frozenset(confidence)
        for a, b in doc.sentences:
            tags = tagger.tag(feats[a:b])
            if tags.count("O") == len(tags):  # most sentences name nothing: no Python loop over their tags
                continue
            for label, s, e in decode(tags, a):
                while s < e and text[s].isspace():
                    s += 1
                while e > s and text[e - 1].isspace():
                    e -= 1
                if s >= e:
                    continue
                if confidence and (wanted is None or label in wanted):
                    conf = min(tagger.marginal(tags[i - a], i - a) for i in range(s, e))
                    out.append((label, s, e, conf))
                elif confidence:
                    out.append((label, s, e, None))
                else:
                    out.append((label, s, e))
        return out

    def predict(self, doc: Doc, rules=None, confidence: bool | Collection[str] = False) -> list[tuple]:
        """(label, start, end) of every predicted mention (and its confidence, if asked); ``rules``: the
        rules' mentions (run if None and the model uses them)."""
        if self.cfg.rule_features and rules is None:
            rules = rule_mentions(doc)
        return self.tag_features(doc, features(doc, rules or (), self.cfg, self.vocab), confidence)
