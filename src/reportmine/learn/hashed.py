"""A logistic regression over hashed features, kept as plain weights: how the quote classifier
(:mod:`reportmine.learn.quotes`) and the awardee step (:mod:`reportmine.learn.awardees`) score at
run time without scikit-learn.

Training fits scikit-learn's ``FeatureHasher`` (no alternate sign) and ``LogisticRegression``
(:func:`reportmine.learn.quotes.fit_hashed_logistic`); a model then needs only the non-zero weights,
the intercept and the number of hashed slots. Scoring hashes a feature name as ``FeatureHasher``
does (MurmurHash3, 32 bits signed, seed 0, of the UTF-8 name; from the ``murmurhash`` package, the
same function) and remembers each name's weight, so a name seen before costs one dictionary lookup.
The probabilities are scikit-learn's up to the order of a floating-point sum.

Why: importing scikit-learn (and with it SciPy and pandas) to load a model cost every process of a
run 0.9 s of CPU and 120 MiB; and ``FeatureHasher.transform`` plus a sparse product cost more than
the sums they compute for the few dozen features of a candidate.
"""
from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np
from murmurhash.mrmr import hash as murmur3

CACHE_LIMIT = 500_000  # feature names whose weights are remembered (then the memo starts again)


def slot(name: str, n_features: int) -> int:
    """The column ``FeatureHasher(n_features, alternate_sign=False)`` puts feature ``name`` in."""
    h = murmur3(name, 0)
    return (2147483647 - (n_features - 1)) % n_features if h == -2147483648 else abs(h) % n_features


class HashedLogistic:
    """A binary logistic regression over ``{name: value}`` feature dicts hashed into ``n_features``
    slots (a string value ``v`` of ``name`` is the feature ``name=v`` with value 1, as in
    ``FeatureHasher``)."""

    def __init__(self, index: Iterable[int], value: Iterable[float], intercept: float, n_features: int):
        self.weights: dict[int, float] = {int(i): float(v) for i, v in zip(index, value) if v}
        self.intercept = float(intercept)
        self.n_features = int(n_features)
        self._memo: dict[str, float] = {}

    @classmethod
    def from_dense(cls, coef, intercept: float) -> HashedLogistic:
        """From a weight per slot (``LogisticRegression.coef_[0]``)."""
        coef = np.asarray(coef)
        index = np.flatnonzero(coef)
        return cls(index.tolist(), coef[index].tolist(), intercept, len(coef))

    @classmethod
    def from_pipeline(cls, pipeline) -> HashedLogistic | None:
        """The weights of a fitted ``make_pipeline(FeatureHasher(...), LogisticRegression(...))`` for
        two classes, or None for any other pipeline (its own ``predict_proba`` must score)."""
        try:
            from sklearn.feature_extraction import FeatureHasher
            from sklearn.linear_model import LogisticRegression

            hasher, lr = pipeline[0], pipeline[-1]
        except (ImportError, TypeError, IndexError, KeyError):
            return None
        if len(pipeline) != 2 or not isinstance(hasher, FeatureHasher) or not isinstance(lr, LogisticRegression) \
                or hasher.alternate_sign or hasher.input_type != "dict" or getattr(lr, "coef_", None) is None \
                or lr.coef_.shape != (1, hasher.n_features) or len(lr.classes_) != 2 \
                or getattr(lr, "multi_class", "auto") not in ("auto", "ovr", "deprecated", "warn"):
            return None
        return cls.from_dense(lr.coef_[0], float(lr.intercept_[0]))

    def as_dict(self) -> dict:
        """The weights as arrays (what a model file stores; :meth:`from_dict` reads it back)."""
        index = np.array(sorted(self.weights), dtype=np.int32)
        return {"index": index, "value": np.array([self.weights[i] for i in index.tolist()]),
                "intercept": self.intercept, "n_features": self.n_features}

    @classmethod
    def from_dict(cls, d: dict) -> HashedLogistic:
        return cls(np.asarray(d["index"]).tolist(), np.asarray(d["value"]).tolist(), d["intercept"], d["n_features"])

    def weight(self, name: str) -> float:
        """The weight of feature ``name`` (0.0 for a slot the regression left at zero)."""
        w = self._memo.get(name)
        if w is None:
            if len(self._memo) >= CACHE_LIMIT:
                self._memo.clear()
            w = self._memo[name] = self.weights.get(slot(name, self.n_features), 0.0)
        return w

    def decision(self, features: dict, base: float | None = None) -> float:
        """The linear score of one feature dict, added to ``base`` (default: the intercept; with 0.0,
        the part of a score that ``features`` adds, so that a feature dict shared by many scored
        items is summed once)."""
        z = self.intercept if base is None else base
        memo = self._memo
        for name, v in features.items():
            if v.__class__ is str:
                name, v = f"{name}={v}", 1.0
            w = memo.get(name)
            z += (self.weight(name) if w is None else w) * v
        return z

    def proba(self, features: dict) -> float:
        """The probability of the positive class."""
        return self.sigmoid(self.decision(features))

    @staticmethod
    def sigmoid(z: float) -> float:
        """The probability of the positive class at linear score ``z``."""
        if z >= 0:
            return 1.0 / (1.0 + math.exp(-z))
        e = math.exp(z)
        return e / (1.0 + e)
