"""Which candidate spans are names? A scikit-learn classifier over everything any extractor proposes.

For ORG and PROGRAMME, the *candidates* of a document are the spans proposed by

- the rules (:mod:`reportmine.extractors`): every ORG / PROGRAMME mention, with its confidence,
- the span tagger (:mod:`reportmine.learn.spanmodel`): its mentions of the label,
- for PROGRAMME, every quoted string the quote classifier would look at
  (:func:`reportmine.learn.quotes.candidates`), whatever the rules made of it.

A logistic regression per label (hashed sparse features: which extractors proposed the span and
how confident the rule was, whether the tagger found the same span, an overlapping one or
another label there, the span's length, edge characters and words, its head word class in the
gazetteers, the characters around it, quotes, and how often the string recurs in the document)
gives each candidate the probability that it is exactly an annotated name. The label is strict:
the normalised string is one of the text's gold strings; optional gold strings are left out.

The combination policy ``classify`` (:func:`select`) then keeps a rule mention unless its
probability is below ``veto``, and admits a candidate no rule proposed when its probability
reaches ``admit`` and it overlaps nothing already kept.

Training without leakage: the rules are deterministic, so their candidates are scored on every
training text; the tagger has learnt its own training texts by heart, so tagger features are
only taken from texts it did not train on (the held-out share ``train_model`` keeps to choose the
epoch). On its other texts the tagger features read ``tag=na`` and tagger-only spans are not
training rows. Thresholds are chosen by an inner cross-validation over the training texts
(:func:`choose_thresholds`), never on the texts being scored.

For ORG, the candidates also include other word boundaries of each rule mention
(:func:`variants`): a word more or fewer on the left, a sub-unit more on the right, a cut after
an earlier head word.

Measured (5-fold cross-validation on seeds + dev, models/README.md): the mode does not beat the
rules (ORG 0.853 against 0.867, PROGRAMME 0.835 both), so the default policy does not use it.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from reportmine.learn.annotations import Annotated
from reportmine.text.doc import Doc
from reportmine.records import Mention

EXTRACTOR = "sklearn.candidates"
VERSION = "0.1.0"
LABELS = ("ORG", "PROGRAMME")
TAGGER = "spacy"                       # prefix of the span tagger's extractor names
QUOTE_SOURCE = "quote"
VARIANT = "variant"                    # another boundary for a rule's ORG (see :func:`variants`)
MODEL_SOURCES = (TAGGER, QUOTE_SOURCE, VARIANT)
OPEN_QUOTES = "“\"'‘「『"
CLOSE_QUOTES = "”\"'’」』"
DIGIT = re.compile(r"[\d一二两三四五六七八九十百千]")
PUNCT = re.compile(r"[^\w·]")
GRID_VETO = (0.0, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4)
GRID_ADMIT = (0.5, 0.6, 0.7, 0.8, 0.9, 1.01)


@dataclass
class Candidate:
    label: str
    start: int
    end: int
    sources: dict[str, float] = field(default_factory=dict)   # extractor name -> its confidence

    @property
    def from_rules(self) -> bool:
        return any(not s.startswith(MODEL_SOURCES) for s in self.sources)


def gather(doc: Doc, rule_mentions: Sequence[Mention], model_mentions: Sequence[Mention] | None,
           label: str) -> list[Candidate]:
    """Every span of ``label`` some extractor proposes (``model_mentions`` None: no tagger)."""
    from reportmine.learn.quotes import candidates as quote_candidates

    by_span: dict[tuple[int, int], Candidate] = {}

    def add(s: int, e: int, source: str, conf: float) -> None:
        if e - s < 2:
            return
        c = by_span.setdefault((s, e), Candidate(label, s, e))
        c.sources[source] = max(conf, c.sources.get(source, 0.0))

    for m in rule_mentions:
        if m.label == label:
            add(m.start, m.end, m.extractor, m.confidence)
    for m in model_mentions or ():
        if m.label == label and m.extractor.startswith(TAGGER):
            add(m.start, m.end, TAGGER, 1.0)
    if label == "ORG":
        for m in rule_mentions:
            if m.label == label:
                for (s, e), kind in variants(doc, m.start, m.end).items():
                    add(s, e, VARIANT, 1.0)
                    by_span[s, e].sources.setdefault(f"{VARIANT}:{kind}", 1.0)
    if label == "PROGRAMME":
        for q in quote_candidates(doc):
            s, e = _strip(doc.text, q.start, q.end)
            add(s, e, QUOTE_SOURCE, 1.0)
    return sorted(by_span.values(), key=lambda c: (c.start, c.end))


def variants(doc: Doc, s: int, e: int) -> dict[tuple[int, int], str]:
    """Other boundaries for a rule ORG at [s, e), at word edges within a short reach: one or two words
    more or fewer on the left, more words on the right up to a head word (a chain's sub-unit:
    …有限公司沙拉充填班组), or a cut after an earlier head word inside it."""
    from reportmine.extractors import orgs as org_rules

    lex = org_rules.lexicon()
    shadow = doc.shadow
    edges = sorted({t.start for t in doc.tokens} | {t.end for t in doc.tokens})
    tok_end = {t.end: t for t in doc.tokens}
    out: dict[tuple[int, int], str] = {}

    def clean(a: int, b: int) -> bool:
        return all(ch.isalnum() or ch in "·()（）" for ch in shadow[a:b])

    def heads(b: int) -> bool:
        t = tok_end.get(b)
        return shadow[:b].endswith(lex.suffixes) or (t is not None and org_rules.is_head(t.text, lex))

    left = [b for b in edges if s - 6 <= b < s and clean(b, s)]
    for b in sorted(left, reverse=True)[:2]:
        out[b, e] = "left+"
    inner = [b for b in edges if s < b < e]
    for b in inner[:2]:
        if e - b >= 2:
            out[b, e] = "left-"
    for b in inner:
        if b - s >= 2 and heads(b):
            out[s, b] = "right-"
    for b in edges:
        if e < b <= e + 12 and clean(e, b) and heads(b):
            out[s, b] = "right+"
    out.pop((s, e), None)
    return out


def _strip(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def _char_class(ch: str) -> str:
    if not ch:
        return "EDGE"
    if ch in OPEN_QUOTES:
        return "OQ"
    if ch in CLOSE_QUOTES:
        return "CQ"
    if ch.isspace():
        return "SP"
    if ch.isdigit():
        return "D"
    if PUNCT.match(ch):
        return "P" + ch
    return "C"


class _DocInfo:
    """What features of one document's candidates share: word boundaries, string counts, tagger spans."""

    def __init__(self, doc: Doc, rule_mentions: Sequence[Mention], model_mentions: Sequence[Mention] | None):
        self.doc = doc
        self.starts = {t.start: k for k, t in enumerate(doc.tokens)}
        self.ends = {t.end: k for k, t in enumerate(doc.tokens)}
        self.rules = [m for m in rule_mentions]
        self.tagged = None if model_mentions is None else [m for m in model_mentions
                                                            if m.extractor.startswith(TAGGER)]
        self._counts: dict[str, int] = {}

    def count(self, s: str) -> int:
        if s not in self._counts:
            self._counts[s] = self.doc.shadow.count(s)
        return self._counts[s]


def features(info: _DocInfo, c: Candidate) -> dict[str, float]:
    """Sparse features of one candidate (see the module docstring)."""
    from reportmine.extractors import orgs as org_rules
    from reportmine.extractors import programmes as prog_rules

    lex = org_rules.lexicon()
    doc, shadow = info.doc, info.doc.shadow
    name = shadow[c.start:c.end]
    n = len(name)
    f: dict[str, float] = {"bias": 1.0, f"len={min(n, 16) if n < 12 else 12 + min(n, 40) // 10}": 1.0}
    srcs = sorted(c.sources)
    f["srcs=" + "+".join(srcs)] = 1.0
    for s, conf in c.sources.items():
        f[f"src={s}"] = 1.0
        if not s.startswith(MODEL_SOURCES):
            f[f"rconf={s}:{round(conf, 2)}"] = 1.0
    # the tagger's view
    if info.tagged is None:
        f["tag=na"] = 1.0
    else:
        same = [m for m in info.tagged if m.start < c.end and c.start < m.end]
        if not same:
            f["tag=none"] = 1.0
        for m in same:
            if (m.start, m.end) == (c.start, c.end):
                f[f"tag=exact:{m.label == c.label}"] = 1.0
            elif m.label == c.label:
                f["tag=overlap"] = 1.0
                f[f"tag=overlap:{'longer' if m.end - m.start > n else 'shorter'}"] = 1.0
            else:
                f[f"tag=other:{m.label}"] = 1.0
    # other labels the rules put there
    for m in info.rules:
        if m.label != c.label and m.start < c.end and c.start < m.end:
            f[f"rule_other={m.label}"] = 1.0
        elif m.label == c.label and (m.start, m.end) != (c.start, c.end) and m.start < c.end and c.start < m.end:
            f["rule_same_overlap"] = 1.0
    # edges and context
    before, after = shadow[max(0, c.start - 2):c.start], shadow[c.end:c.end + 2]
    for k in (1, 2):
        f[f"first{k}={name[:k]}"] = 1.0
        f[f"last{k}={name[-k:]}"] = 1.0
        f[f"before{k}={before[-k:]}"] = 1.0
        f[f"after{k}={after[:k]}"] = 1.0
    f[f"last3={name[-3:]}"] = 1.0
    f[f"bcls={_char_class(before[-1:])}"] = 1.0
    f[f"acls={_char_class(after[:1])}"] = 1.0
    quoted = before[-1:] in OPEN_QUOTES and bool(before[-1:]) and after[:1] in CLOSE_QUOTES and bool(after[:1])
    f[f"quoted={quoted}"] = 1.0
    f["digit"] = float(bool(DIGIT.search(name)))
    f["punct"] = float(bool(PUNCT.search(name)))
    f["paren"] = float(any(ch in name for ch in "()（）"))
    f[f"count={min(info.count(name), 3)}"] = 1.0
    # words
    f[f"wstart={c.start in info.starts}"] = 1.0
    f[f"wend={c.end in info.ends}"] = 1.0
    if c.start in info.starts and c.end in info.ends:
        toks = doc.tokens[info.starts[c.start]:info.ends[c.end] + 1]
        words = [t.text for t in toks]
        f[f"nwords={min(len(words), 6)}"] = 1.0
        first, last = words[0], words[-1]
        f[f"wfirst={first}"] = 1.0
        f[f"wlast={last}"] = 1.0
        f[f"posfirst={lex.pos.get(first, 'unk')}"] = 1.0
        f[f"poslast={lex.pos.get(last, 'unk')}"] = 1.0
        f[f"region_first={first in lex.regions}"] = 1.0
        f["generic_word"] = float(any(lex.role(w, "generic") for w in words))
        f["stop_word"] = float(any(org_rules.is_stop(w, lex) for w in words))
        heads = [w for w in words if org_rules.is_head(w, lex)]
        f[f"nheads={min(len(heads), 3)}"] = 1.0
        f["known"] = float(any(w in lex.known for w in words))
    suffix = org_rules.head_suffix(name, lex) if name.endswith(lex.suffixes) else None
    f[f"headkind={lex.kind.get(suffix or '', 'none') if suffix else 'none'}"] = 1.0
    if c.label == "ORG":
        f[f"plausible={org_rules.plausible_name(name)}"] = 1.0
    else:
        v = prog_rules.vocab()
        f[f"brand={name.endswith(v.brand)}"] = 1.0
        f[f"weak_brand={name.endswith(v.weak_brand)}"] = 1.0
        f[f"trigger_before={shadow[max(0, c.start - 5):c.start].rstrip(OPEN_QUOTES).endswith(v.trigger)}"] = 1.0
        end = c.end + 1 if quoted else c.end
        f[f"head_after={prog_rules.head_after(shadow, end, v) is not None}"] = 1.0
        f[f"honour={prog_rules.is_honour(name, shadow[end:end + 3], v)}"] = 1.0
        if quoted:
            for k in range(n - 1):
                f[f"c2={name[k:k + 2]}"] = 1.0
    return f


def rows(doc: Doc, rule_mentions: Sequence[Mention], model_mentions: Sequence[Mention] | None,
         label: str) -> tuple[list[Candidate], list[dict[str, float]]]:
    """The candidates of ``label`` in a document and their features."""
    info = _DocInfo(doc, rule_mentions, model_mentions)
    cands = gather(doc, rule_mentions, model_mentions, label)
    return cands, [features(info, c) for c in cands]


@dataclass
class Prepared:
    """One annotated text's candidates, features and labels (None: optional gold, not a training row)."""

    item: Annotated
    cands: dict[str, list[Candidate]]
    X: dict[str, list[dict[str, float]]]
    y: dict[str, list[int | None]]
    gold: dict[str, tuple[set[str], set[str]]] = field(default_factory=dict)  # normalised (required, optional)
    norms: dict[str, dict[tuple[int, int], str]] = field(default_factory=dict)  # candidate span -> normalised text


def prepare(item: Annotated, rule_mentions: Sequence[Mention], model_mentions: Sequence[Mention] | None) -> Prepared:
    from reportmine.evaluate.scoring import norm

    doc = Doc(item.text)
    out = Prepared(item, {}, {}, {})
    bags = item.bags()
    for label in LABELS:
        required, optional = ({norm(s) for s in b} - {""} for b in bags[label])
        out.gold[label] = required, optional
        cands, X = rows(doc, rule_mentions, model_mentions, label)
        y: list[int | None] = []
        for c in cands:
            key = norm(item.text[c.start:c.end])
            if key in optional and key not in required:
                y.append(None)
            else:
                y.append(int(key in required))
        out.cands[label], out.X[label], out.y[label] = cands, X, y
        out.norms[label] = {(c.start, c.end): norm(item.text[c.start:c.end]) for c in cands}
    return out


def _fit(X: list[dict], y: list[int], seed: int, C: float = 0.5):
    from reportmine.learn.quotes import fit_hashed_logistic

    return fit_hashed_logistic(X, y, seed, n_features=2 ** 18, C=C, max_iter=3000)


def _training(prepared: Sequence[Prepared], label: str) -> tuple[list[dict], list[int]]:
    X, y = [], []
    for p in prepared:
        for x, t in zip(p.X[label], p.y[label]):
            if t is not None:
                X.append(x)
                y.append(t)
    return X, y


def select(cands: Sequence[Candidate], probs: Sequence[float], taken: list[tuple[int, int]],
           veto: float, admit: float, margin: float | None = None) -> list[tuple[Candidate, float]]:
    """Rule candidates kept unless below ``veto``; others admitted from ``admit`` up where nothing
    kept overlaps them (``taken``: spans of other labels' mentions, extended in place). With
    ``margin``, an admitted candidate also replaces the kept rule candidates it overlaps when its
    probability beats theirs by that much (a better boundary for the same name)."""
    from reportmine.extractors.programmes import overlaps

    kept = [(c, p) for c, p in zip(cands, probs) if c.from_rules and p >= veto]
    others = list(taken)
    added: list[tuple[Candidate, float]] = []
    for c, p in sorted(((c, p) for c, p in zip(cands, probs) if not c.from_rules), key=lambda cp: -cp[1]):
        if p < admit or overlaps(c.start, c.end, others) \
                or overlaps(c.start, c.end, [(a.start, a.end) for a, _ in added]):
            continue
        rivals = [(a, q) for a, q in kept if a.start < c.end and c.start < a.end]
        if rivals:
            if margin is None or p < max(q for _, q in rivals) + margin:
                continue
            kept = [(a, q) for a, q in kept if not (a.start < c.end and c.start < a.end)]
        added.append((c, p))
    taken.extend((c.start, c.end) for c, _ in kept + added)
    return kept + added


def _f1_of(prepared: Sequence[Prepared], probs: dict[int, dict[str, list[float]]], label: str,
           veto: float, admit: float, margin: float | None = None) -> tuple[int, int, int]:
    """Mention-level (tp, fp, fn) of ``select`` over prepared texts with given probabilities."""
    tp = fp = fn = 0
    for k, p in enumerate(prepared):
        required, optional = p.gold[label]
        chosen = select(p.cands[label], probs[k][label], [], veto, admit, margin)
        got = {p.norms[label][c.start, c.end] for c, _ in chosen} - {""}
        tp, fp, fn = tp + len(got & required), fp + len(got - required - optional), fn + len(required - got)
    return tp, fp, fn


def choose_thresholds(prepared: Sequence[Prepared], seed: int = 13, k: int = 5) -> dict[str, dict[str, float]]:
    """Per label, the (veto, admit) pair with the best out-of-fold mention F1 over the training texts
    (ties: the one closest to rules alone). Falls back to (0, >1): the rules unchanged."""
    from reportmine.evaluate.crossval import folds

    k = min(k, len(prepared))
    idx = list(range(len(prepared)))
    probs: dict[int, dict[str, list[float]]] = {i: {} for i in idx}
    for label in LABELS:
        if k < 2:
            for i in idx:
                probs[i][label] = [1.0] * len(prepared[i].cands[label])
            continue
        for train_idx, test_idx in folds(idx, k, seed):
            X, y = _training([prepared[i] for i in train_idx], label)
            clf = _fit(X, y, seed) if len(set(y)) == 2 else None
            for i in test_idx:
                xs = prepared[i].X[label]
                probs[i][label] = list(map(float, clf.predict_proba(xs)[:, 1])) if clf is not None and xs \
                    else [1.0] * len(xs)
    out = {}
    for label in LABELS:
        best, best_key = None, None
        for veto in GRID_VETO:
            for admit in GRID_ADMIT:
                tp, fp, fn = _f1_of(prepared, probs, label, veto, admit)
                f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
                key = (round(f1, 4), -veto, admit)
                if best_key is None or key > best_key:
                    best, best_key = {"veto": veto, "admit": admit, "oof_f1": round(f1, 4)}, key
        out[label] = best
    return out


class CandidateClassifier:
    """One logistic regression per label over candidate spans (hashed features: nothing to store but weights)."""

    EXTRACTOR = EXTRACTOR

    def __init__(self, pipelines: dict | None = None, version: str = VERSION):
        self.pipelines, self.version = pipelines or {}, version

    @classmethod
    def fit(cls, prepared: Sequence[Prepared], seed: int = 13) -> "CandidateClassifier":
        pipelines = {}
        for label in LABELS:
            X, y = _training(prepared, label)
            if len(set(y)) == 2:
                pipelines[label] = _fit(X, y, seed)
        if not pipelines:
            raise ValueError("the candidate classifier needs candidates that are names and ones that are not")
        return cls(pipelines)

    def scores(self, doc: Doc, rule_mentions: Sequence[Mention], model_mentions: Sequence[Mention] | None,
               label: str) -> list[tuple[Candidate, float]]:
        cands, X = rows(doc, rule_mentions, model_mentions, label)
        if not cands or label not in self.pipelines:
            return [(c, 1.0) for c in cands]
        return list(zip(cands, map(float, self.pipelines[label].predict_proba(X)[:, 1])))

    def save(self, path) -> None:
        import joblib

        joblib.dump({"pipelines": self.pipelines, "version": self.version}, path, compress=3)

    @classmethod
    def load(cls, path) -> "CandidateClassifier":
        import joblib

        d = joblib.load(path)
        return cls(d["pipelines"], d["version"])
