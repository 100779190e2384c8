"""Does a quoted string name a programme? A scikit-learn classifier where a rule has to guess.

Chinese reports put many things in quotes: programmes (“会聚良缘”), honours (“工人先锋号”), slogans
(“两个确立”), ordinary words used ironically (“娘家人”). The rule in
:mod:`reportmine.extractors.programmes` accepts a quote only with explicit evidence (a generic head
after it, a launching verb before it, a brand shape), so it misses programmes mentioned bare. A
logistic regression over the quote's characters, its shape and its context (the characters
around it, the rule's own evidence as a feature) learns the decision from annotated samples.

Candidates are the quote spans the rules see; the label is whether the quoted string (without
quotes) is one of the text's gold PROGRAMME strings. Optional gold strings are left out of training.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from reportmine.learn.annotations import Annotated
from reportmine.learn.hashed import HashedLogistic
from reportmine.text.doc import Doc

VERSION = "0.1.0"
DIGIT = re.compile(r"[\d一二两三四五六七八九十百千]")


def fit_hashed_logistic(X: list[dict], y: list[int], seed: int, n_features: int, **options):
    """A logistic regression over hashed sparse features (``{name: value}`` per row), fitted: the
    model of the quote classifier and of :mod:`reportmine.learn.candidates`."""
    from sklearn.feature_extraction import FeatureHasher
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    pipeline = make_pipeline(FeatureHasher(n_features=n_features, alternate_sign=False),
                             LogisticRegression(random_state=seed, **options))
    pipeline.fit(X, y)
    return pipeline


@dataclass(frozen=True, slots=True)
class Quote:
    start: int          # first character inside the quotes
    end: int            # one past the last character inside the quotes
    name: str


def candidates(doc: Doc) -> list[Quote]:
    """Quoted strings of a document that could name a programme: outside document titles, not someone's
    words, and not what the rules know is something else (honour titles, number formulas, lists,
    listed non-names)."""
    from reportmine.extractors import orgs as org_rules
    from reportmine.extractors.programmes import inside_title, never_programme, quoted_speech, vocab

    v = vocab()
    out = []
    for qs, qe in org_rules.quote_spans(doc.shadow):
        name = doc.shadow[qs + 1:qe - 1].strip()
        if 2 <= len(name) <= 30 and not inside_title(doc.shadow, qs) and not quoted_speech(doc.shadow, qs, v) \
                and not never_programme(name, doc.shadow[qe:qe + 3], v):
            out.append(Quote(qs + 1, qe - 1, name))
    return out


def features(doc: Doc, q: Quote) -> dict[str, float]:
    """Sparse features of one quote: its characters, shape and context."""
    from reportmine.extractors.programmes import head_after, is_honour, programme_evidence, vocab

    v, shadow, name = vocab(), doc.shadow, q.name
    after, before = shadow[q.end + 1:q.end + 5], shadow[max(0, q.start - 5):q.start - 1]
    f: dict[str, float] = {"bias": 1.0, f"len={min(len(name), 12)}": 1.0,
                           "rule": programme_evidence(name, shadow, q.start - 1, q.end + 1, v),
                           "honour": float(is_honour(name, after, v)),
                           "head": float(head_after(shadow, q.end + 1, v) is not None),
                           "digit": float(bool(DIGIT.search(name))), "dot": float("·" in name),
                           "comma": float(any(c in name for c in "，,、。；;！!？?"))}
    for n in (1, 2):
        for i in range(len(name) - n + 1):
            f[f"c{n}={name[i:i + n]}"] = 1.0
        f[f"first{n}={name[:n]}"] = 1.0
        f[f"last{n}={name[-n:]}"] = 1.0
        f[f"after{n}={after[:n]}"] = 1.0
        f[f"before{n}={before[-n:]}"] = 1.0
    return f


def training_rows(items: Iterable[Annotated]) -> tuple[list[dict], list[int]]:
    """(features, label) for every quote of the annotated texts."""
    from reportmine.evaluate.scoring import norm

    X, y = [], []
    for item in items:
        required, optional = item.bags()["PROGRAMME"]
        required, optional = {norm(s) for s in required}, {norm(s) for s in optional}
        doc = Doc(item.text)
        for q in candidates(doc):
            key = norm(item.text[q.start:q.end])
            if key in optional and key not in required:
                continue
            X.append(features(doc, q))
            y.append(int(key in required))
    return X, y


class QuoteClassifier:
    """Logistic regression on hashed features (no vocabulary to store: the model stays small), kept
    as its weights (:class:`reportmine.learn.hashed.HashedLogistic`): scoring needs no scikit-learn."""

    EXTRACTOR = "sklearn.quotes"

    def __init__(self, pipeline=None, version: str = VERSION, threshold: float = 0.5,
                 weights: HashedLogistic | None = None):
        """``pipeline``: the fitted scikit-learn pipeline (when just trained, or read from a model saved
        before the weights were); ``weights``: its weights, taken from ``pipeline`` when not given."""
        self.pipeline, self.version, self.threshold = pipeline, version, threshold
        self.weights = weights if weights is not None or pipeline is None else HashedLogistic.from_pipeline(pipeline)

    @classmethod
    def fit(cls, items: Sequence[Annotated], seed: int = 13) -> "QuoteClassifier":
        X, y = training_rows(items)
        if len(set(y)) < 2:
            raise ValueError("the quote classifier needs quoted strings that are programmes and ones that are not")
        return cls(fit_hashed_logistic(X, y, seed, n_features=2 ** 16, C=1.0, class_weight="balanced",
                                       max_iter=2000))

    def scores(self, doc: Doc) -> list[tuple[Quote, float]]:
        """Every quote of the document with the probability that it names a programme."""
        quotes = candidates(doc)
        if not quotes:
            return []
        if self.weights is not None:
            return [(q, self.weights.proba(features(doc, q))) for q in quotes]
        probs = self.pipeline.predict_proba([features(doc, q) for q in quotes])[:, 1]
        return list(zip(quotes, map(float, probs)))

    def save(self, path) -> None:
        """The weights (or, for a pipeline of another shape, the pipeline), version and threshold."""
        import joblib

        model = {"weights": self.weights.as_dict()} if self.weights is not None else {"pipeline": self.pipeline}
        joblib.dump(model | {"version": self.version, "threshold": self.threshold}, path, compress=3)

    @classmethod
    def load(cls, path) -> "QuoteClassifier":
        """A saved classifier; one saved as a scikit-learn pipeline (before the weights were) needs
        scikit-learn to be read."""
        import joblib

        d = joblib.load(path)
        weights = HashedLogistic.from_dict(d["weights"]) if "weights" in d else None
        return cls(d.get("pipeline"), d["version"], d["threshold"], weights)
