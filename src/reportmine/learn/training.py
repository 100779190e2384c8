"""The retraining loop: train a model bundle on annotated texts, and measure rules, model and combined.

Mention-level scores compare, per text and label, the distinct surface strings a system finds
with the annotated ones (as ``score_kb.py`` counts ORG and PROGRAMME); optional strings are
neither right nor wrong.
"""
from __future__ import annotations

import datetime as dt
import platform
import time
from collections.abc import Callable, Sequence

from reportmine import __version__
from reportmine.learn.annotations import LABELS, Annotated
from reportmine.evaluate.crossval import folds, holdout
from reportmine.text.doc import Doc
from reportmine.evaluate.scoring import PRF
from reportmine.extractors import extract_doc
from reportmine.learn.model import DEFAULT_POLICY, Model
from reportmine.learn.spanmodel import Config

SYSTEMS = ("rules", "model", "combined")

Progress = Callable[[str], None]


def _quiet(_: str) -> None:
    pass


def predictions(model: Model | None, item: Annotated) -> dict[str, list]:
    """Mentions of one text from each system (``model`` None: rules only)."""
    doc = Doc(item.text)
    rules = extract_doc(doc)
    out = {"rules": rules.mentions}
    if model is not None:
        found = model.mentions(doc)
        out["model"] = found
        out["combined"] = model.combine(rules, doc, found).mentions
    return out


def score_systems(model: Model | None, items: Sequence[Annotated],
                  into: dict[str, dict[str, PRF]] | None = None) -> dict[str, dict[str, PRF]]:
    """Per system and label, precision/recall counts over ``items``."""
    table = into if into is not None else {s: {label: PRF() for label in LABELS} for s in SYSTEMS}
    for item in items:
        for system, mentions in predictions(model, item).items():
            for label, counts in item.counts(mentions).items():
                table[system][label].add(*counts)
    return table


def train_model(items: Sequence[Annotated], cfg: Config | None = None, progress: Progress = _quiet,
                policy: dict | None = None) -> Model:
    """Train the span tagger and the quote classifier; measure them on a held-out share of the texts."""
    from reportmine.learn.quotes import QuoteClassifier
    from reportmine.learn.spanmodel import train as train_spans

    cfg = cfg or Config()
    if len(items) < 2:
        raise ValueError(f"need at least two annotated texts to train, got {len(items)}")
    if cfg.arch == "ner":
        for item in items:
            item.check_flat()
    started = time.perf_counter()
    train_items, dev_items = holdout(items, cfg.dev_share, cfg.seed)
    progress(f"training on {len(train_items)} texts, choosing the epoch on {len(dev_items)} held-out texts")

    def on_epoch(e: dict) -> None:
        progress(f"epoch {e['epoch']:>3}/{cfg.epochs}  loss {e['loss']:>9.1f}  dev F1 {e['dev_f1']:.3f}  "
                 f"{e['seconds']:>6.1f}s")

    spans, log = train_spans(train_items, dev_items, cfg, on_epoch)
    try:
        quotes = QuoteClassifier.fit(train_items, cfg.seed)
    except ValueError as e:
        progress(f"quote classifier not trained: {e}")
        quotes = None
    version = f"{__version__}+{dt.datetime.now(dt.timezone.utc).strftime('%Y%m%d%H%M%S')}"
    spans.version = version
    policy = dict(policy or DEFAULT_POLICY)
    cands = None
    if any(_mode(how) == "classify" for how in policy.values()):
        cands, chosen = train_candidates(items, spans, dev_items, cfg.seed, progress)
        for label, how in policy.items():
            if _mode(how) == "classify":
                policy[label] = dict(how, **chosen.get(label, {"veto": 0.0, "admit": 1.01}))
    model = Model(spans, quotes, cands, policy, info={"version": version})
    dev = score_systems(model, dev_items) if dev_items else None
    if dev:  # a greedy tagger has no probabilities: its confidence per label is its held-out precision
        model.precision = {label: round(dev["model"][label].p, 3) if dev["model"][label].tp + dev["model"][label].fp
                           else 0.5 for label in LABELS}
    counts = {label: sum(1 for it in train_items for s in it.spans if s.label == label) for label in LABELS}
    model.info.update({
        "version": version, "trained": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "reportmine": __version__, "python": platform.python_version(),
        "data": {"texts": len(items), "train_texts": len(train_items), "dev_texts": len(dev_items),
                 "characters": sum(len(it.text) for it in items), "train_spans": counts,
                 "sources": sorted({_source_root(it.source) for it in items})},
        "seed": cfg.seed, "best_epoch": log.best_epoch, "epochs": log.epochs,
        "training_seconds": round(time.perf_counter() - started, 1),
        "dev_scores": {s: {k: v.as_dict() for k, v in t.items()} for s, t in dev.items()} if dev else None,
    })
    return model


def _mode(how) -> str:
    return how if isinstance(how, str) else how.get("mode", "rules")


def train_candidates(items: Sequence[Annotated], spans, unseen: Sequence[Annotated], seed: int,
                     progress: Progress = _quiet):
    """The candidate classifier (:mod:`reportmine.learn.candidates`) on every text's rule candidates, with the
    tagger's view only of the texts it did not train on (``unseen``); and per label the thresholds an
    inner cross-validation over these texts prefers. Returns (classifier or None, thresholds)."""
    from reportmine.learn.candidates import CandidateClassifier, choose_thresholds, prepare

    unseen_ids = {id(it) for it in unseen}
    prepared = []
    for item in items:
        doc = Doc(item.text)
        tagged = spans.mentions(doc) if id(item) in unseen_ids else None
        prepared.append(prepare(item, extract_doc(doc).mentions, tagged))
    try:
        classifier = CandidateClassifier.fit(prepared, seed)
    except ValueError as e:
        progress(f"candidate classifier not trained: {e}")
        return None, {}
    chosen = choose_thresholds(prepared, seed)
    progress("candidate thresholds " + ", ".join(f"{label} veto {t['veto']} admit {t['admit']} "
                                                  f"(inner F1 {t['oof_f1']})" for label, t in chosen.items()))
    return classifier, {label: {"veto": t["veto"], "admit": t["admit"]} for label, t in chosen.items()}


def _source_root(source: str) -> str:
    from pathlib import Path

    p = Path(source)
    return str(p.parent) if p.suffix == ".txt" else str(p)


def crossvalidate(items: Sequence[Annotated], k: int, cfg: Config | None = None, progress: Progress = _quiet,
                  policy: dict | None = None) -> dict[str, dict[str, PRF]]:
    """K-fold cross-validation: each fold's model is trained on the other folds, scored on its own."""
    cfg = cfg or Config()
    table = {s: {label: PRF() for label in LABELS} for s in SYSTEMS}
    for i, (train_items, test_items) in enumerate(folds(items, k, cfg.seed), 1):
        progress(f"fold {i}/{k}: {len(train_items)} texts to train, {len(test_items)} to test")
        model = train_model(train_items, cfg, lambda msg: progress(f"  fold {i}: {msg}"), policy)
        score_systems(model, test_items, table)
    return table


def format_systems(table: dict[str, dict[str, PRF]]) -> str:
    lines = [f"{'label':<10} {'system':<9} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'fp':>5} {'fn':>5}"]
    for label in LABELS:
        for system in SYSTEMS:
            if system in table:
                d = table[system][label]
                lines.append(f"{label:<10} {system:<9} {d.p:6.3f} {d.r:6.3f} {d.f1:6.3f} {d.tp:5d} {d.fp:5d} {d.fn:5d}")
    return "\n".join(lines)
