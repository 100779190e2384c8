"""A learned FIGURE subject selector: re-ranks candidate subject spans of the rules' figures.

For every figure the rules find, :func:`candidates` lists the contiguous jieba-word spans (1-6
words) of the clause before the number and (1-4 words, starting within 8 words) of the clause
after the unit, plus the rules' own choice. Each candidate gets generic features (:func:`features`:
side, distance in words, length, jieba POS of its first and last word and of its neighbours,
its first and last character, verbs, organisation heads and regions from the gazetteers, what
sits between it and the number, whether it is or overlaps the rules' choice); a logistic
regression scores each one, and the best one becomes the figure's subject.

Training (:meth:`SubjectSelector.fit`) aligns the rules' figures with the gold figures of annotated
texts the way the scorer does (same value and unit, first unmatched) and labels a candidate
positive when it matches the gold subject under
:func:`reportmine.evaluate.scoring.relaxed_subject`. The saved model holds only the vectorizer and
the regression: feature names are POS tags, single characters, gazetteer classes and counts, no
string harvested from a text.

    sel = SubjectSelector().fit(items)          # items: reportmine.learn.annotations.Annotated with .gold
    sel.save("subjects.joblib")
    sel = SubjectSelector.load("subjects.joblib")
    figures = sel.apply(doc, extract_figures(doc))
"""
from __future__ import annotations

import os
from dataclasses import dataclass, replace
from functools import lru_cache

from reportmine.extractors import figures as F
from reportmine.records import Figure
from reportmine.text.doc import Doc
from reportmine.text.script import to_simplified
from reportmine.text.segment import Token

EXTRACTOR = "sklearn.subjects"
VERSION = "0.1.0"
MAX_BEFORE_WORDS = 6
MAX_AFTER_WORDS = 4
AFTER_START = 8
PUNCT_KEEP = set("、")


@dataclass(frozen=True)
class Cand:
    start: int
    end: int
    side: str           # before | after | rules
    feats: dict


@lru_cache(maxsize=1)
def _lex():
    from reportmine import gazetteers
    from reportmine.extractors.orgs import lexicon

    lex = lexicon()
    award = frozenset(gazetteers.load("award_verbs").column("verb"))
    return lex, award


def _pos(word: str) -> str:
    lex, _ = _lex()
    return lex.pos.get(word, "oov")[:2] if word else "none"


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def _word_class(tok: Token | None, vocab) -> str:
    """A coarse class of a neighbouring word: a gazetteer role, a mark, or its POS."""
    if tok is None:
        return "none"
    t = tok.text
    _, award = _lex()
    if t in award:
        return "award"
    if F._is_verb(tok, vocab):
        return "verb"
    if t in vocab.trail:
        return "trail"
    if t in vocab.scope:
        return "scope"
    if t in vocab.list_end:
        return "list"
    if t in vocab.follow_stop:
        return "stop"
    if t == "的":
        return "de"
    if not F._is_word(tok):
        return "mark" + (t if t in "、“”《》（）()" else "")
    if any(ch.isdigit() for ch in t):
        return "num"
    return "p:" + _pos(t)


def _org_head(word: str) -> bool:
    lex, _ = _lex()
    return any(word.endswith(s) for s in lex.suffixes if len(s) <= len(word)) if word else False


def _span_feats(toks: list[Token], i: int, j: int, side: str, dist: int, vocab, shadow: str,
                unit_kind: str, clause_words: int) -> dict:
    """Features of the span ``toks[i:j]`` (``dist``: words between it and the figure)."""
    lex, award = _lex()
    span = toks[i:j]
    text = "".join(t.text for t in span)
    first, last = span[0].text, span[-1].text
    prev = toks[i - 1] if i > 0 else None
    nxt = toks[j] if j < len(toks) else None
    nchars = len(text)
    f = {
        "side=" + side: 1,
        "side_unit=%s_%s" % (side, unit_kind): 1,
        "dist=%d" % min(dist, 6): 1,
        "side_dist=%s_%d" % (side, min(dist, 6)): 1,
        "nwords=%d" % (j - i): 1,
        "nchars=%d" % min(nchars, 12): 1,
        "nchars_num": min(nchars, 20) / 10,
        "pos_first=" + _pos(first): 1,
        "pos_last=" + _pos(last): 1,
        "prev=" + _word_class(prev, vocab): 1,
        "next=" + _word_class(nxt, vocab): 1,
        "side_prev=%s_%s" % (side, _word_class(prev, vocab)): 1,
        "side_next=%s_%s" % (side, _word_class(nxt, vocab)): 1,
        "last_char=" + text[-1]: 1,
        "first_char=" + text[0]: 1,
        "clause_start": int(i == 0),
        "clause_end": int(j == len(toks)),
        "clause_words": min(clause_words, 15) / 10,
    }
    verbs = sum(1 for t in span if F._is_verb(t, vocab) or _pos(t.text).startswith("v"))
    f["has_verb"] = int(verbs > 0)
    f["verb_last"] = int(F._is_verb(span[-1], vocab))
    f["verb_first"] = int(F._is_verb(span[0], vocab))
    f["has_award"] = int(any(t.text in award for t in span))
    f["has_de"] = int(any(t.text == "的" for t in span))
    f["has_mark"] = int(any(not F._is_word(t) for t in span))
    f["has_list_mark"] = int(any(t.text in PUNCT_KEEP for t in span))
    f["has_digit"] = int(any(ch.isdigit() for ch in text))
    f["has_scope"] = int(any(t.text in vocab.scope for t in span))
    f["has_trail"] = int(any(t.text in vocab.trail for t in span))
    f["org_head_inside"] = int(any(_org_head(t.text) for t in span[:-1]))
    f["org_head_last"] = int(_org_head(last))
    f["region_first"] = int(first in lex.regions)
    f["region_inside"] = int(any(t.text in lex.regions for t in span))
    f["quoted"] = int(text[:1] in "“《\"" or text[-1:] in "”》\"")
    f["cjk_ratio"] = sum(map(_is_cjk, text)) / max(1, nchars)
    return f


def candidates(doc: Doc, fig: Figure, vocab=None) -> list[Cand]:
    """Candidate subject spans of one figure (document offsets), with their features."""
    vocab = vocab or F.vocabulary()
    shadow = doc.shadow
    unit_kind = vocab.unit_kind.get(to_simplified(fig.unit), "other") if fig.unit else "none"
    out: dict[tuple[int, int], Cand] = {}
    begin = fig.start
    before = F._words(shadow, F._clause_start(shadow, begin, 0), begin)
    after = F._words(shadow, fig.end, F._clause_end(shadow, fig.end))
    # before: spans ending anywhere, distance = words between span end and the number
    n = len(before)
    for j in range(n, 0, -1):
        for i in range(max(0, j - MAX_BEFORE_WORDS), j):
            span = before[i:j]
            if not F._is_word(span[0]) and span[0].text not in "“\"《":
                continue
            if not F._is_word(span[-1]) and span[-1].text not in "”\"》":
                continue
            if sum(_is_cjk(ch) for t in span for ch in t.text) < 2:
                continue
            f = _span_feats(before, i, j, "before", n - j, vocab, shadow, unit_kind, n)
            out[(span[0].start, span[-1].end)] = Cand(span[0].start, span[-1].end, "before", f)
    m = len(after)
    for i in range(0, min(m, AFTER_START)):
        for j in range(i + 1, min(m, i + MAX_AFTER_WORDS) + 1):
            span = after[i:j]
            if not F._is_word(span[0]) or not F._is_word(span[-1]):
                continue
            if sum(_is_cjk(ch) for t in span for ch in t.text) < 2:
                continue
            f = _span_feats(after, i, j, "after", i, vocab, shadow, unit_kind, m)
            out.setdefault((span[0].start, span[-1].end), Cand(span[0].start, span[-1].end, "after", f))
    rs, re_ = fig.subject_start, fig.subject_end
    if rs is not None and re_ is not None:
        for key, c in list(out.items()):
            c.feats["rules"] = int(key == (rs, re_))
            c.feats["in_rules"] = int(rs <= c.start and c.end <= re_ and key != (rs, re_))
            c.feats["holds_rules"] = int(c.start <= rs and re_ <= c.end and key != (rs, re_))
        if (rs, re_) not in out:
            out[(rs, re_)] = Cand(rs, re_, "rules", {"side=rules": 1, "rules": 1,
                                                     "rules_far": int(re_ <= begin - 30 or rs >= fig.end + 30),
                                                     "nchars=%d" % min(re_ - rs, 12): 1})
    else:
        for c in out.values():
            c.feats["rules_none"] = 1
    return list(out.values())


def align(gold_figures: list[dict], figures: list[Figure]) -> list[tuple[Figure, dict]]:
    """(figure, gold) pairs as the scorer pairs them: same value and unit, first unmatched figure."""
    from reportmine.evaluate.scoring import unit_norm, value_eq

    left = list(figures)
    pairs = []
    for g in gold_figures:
        if g.get("optional"):
            continue
        hit = next((p for p in left if value_eq(g.get("value"), p.value) and unit_norm(g.get("unit")) == unit_norm(p.unit)), None)
        if hit is not None:
            left.remove(hit)
            pairs.append((hit, g))
    return pairs


class SubjectSelector:
    """Logistic regression over candidate subject spans (see the module docstring).

    ``use_rules``: whether the rules' choice is a feature (re-ranking) or the model chooses alone.
    ``keep``: the rules' subject is kept unless the best candidate beats it by this margin in probability.
    """

    EXTRACTOR = EXTRACTOR

    def __init__(self, use_rules: bool = True, C: float = 0.5, keep: float = 0.0):
        self.use_rules = use_rules
        self.C = C
        self.keep = keep
        self.vectorizer = None
        self.model = None
        self.version = VERSION

    def _cands(self, doc: Doc, fig: Figure) -> list[Cand]:
        if not self.use_rules:
            fig = replace(fig, subject=None, subject_start=None, subject_end=None)
        return candidates(doc, fig)

    def examples(self, items) -> tuple[list[dict], list[int]]:
        """Candidate features and labels of every gold-aligned figure with a gold subject."""
        from reportmine.evaluate.scoring import relaxed_subject

        X, y = [], []
        for it in items:
            doc = Doc(it.text)
            figs = F.extract_figures(doc)
            for fig, g in align(it.gold.get("figures", []), figs):
                if not g.get("subject"):
                    continue
                cands = self._cands(doc, fig)
                labels = [int(relaxed_subject(g["subject"], doc.text[c.start:c.end])) for c in cands]
                if not any(labels):
                    continue
                X += [c.feats for c in cands]
                y += labels
        return X, y

    def fit(self, items) -> "SubjectSelector":
        from sklearn.feature_extraction import DictVectorizer
        from sklearn.linear_model import LogisticRegression

        X, y = self.examples(items)
        self.vectorizer = DictVectorizer()
        Xv = self.vectorizer.fit_transform(X)
        self.model = LogisticRegression(C=self.C, max_iter=2000, class_weight="balanced")
        self.model.fit(Xv, y)
        return self

    def scores(self, doc: Doc, fig: Figure) -> list[tuple[Cand, float]]:
        cands = self._cands(doc, fig)
        if not cands:
            return []
        p = self.model.predict_proba(self.vectorizer.transform([c.feats for c in cands]))[:, 1]
        return sorted(zip(cands, p), key=lambda cp: -cp[1])

    def apply(self, doc: Doc, figures: list[Figure]) -> list[Figure]:
        """``figures`` with each subject replaced by the best-scored candidate (order and values kept)."""
        out = []
        for fig in figures:
            ranked = self.scores(doc, fig)
            if not ranked:
                out.append(fig)
                continue
            best, p = ranked[0]
            if (best.start, best.end) != (fig.subject_start, fig.subject_end) and self.keep > 0:
                mine = next((q for c, q in ranked if (c.start, c.end) == (fig.subject_start, fig.subject_end)), None)
                if mine is not None and p - mine < self.keep:
                    out.append(fig)
                    continue
            if (best.start, best.end) == (fig.subject_start, fig.subject_end):
                out.append(fig)
                continue
            out.append(replace(fig, subject=doc.text[best.start:best.end], subject_start=best.start,
                               subject_end=best.end, extractor=EXTRACTOR, version=self.version,
                               confidence=round(min(fig.confidence, float(p)), 2)))
        return out

    def save(self, path: str | os.PathLike) -> None:
        import joblib

        joblib.dump({"vectorizer": self.vectorizer, "model": self.model, "version": self.version,
                     "use_rules": self.use_rules, "C": self.C, "keep": self.keep}, path, compress=3)

    @classmethod
    def load(cls, path: str | os.PathLike) -> "SubjectSelector":
        import joblib

        d = joblib.load(path)
        sel = cls(d["use_rules"], d["C"], d["keep"])
        sel.vectorizer, sel.model, sel.version = d["vectorizer"], d["model"], d["version"]
        return sel
