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
from reportmine.evaluate.crossval import folds, group_folds, holdout
from reportmine.text.doc import Doc
from reportmine.evaluate.scoring import PRF, Score, prediction_of, score_document
from reportmine.records import Extraction
from reportmine.extractors import extract_doc
from reportmine.learn.model import CRF_POLICY, DEFAULT_POLICY, Model
from reportmine.learn.spanmodel import Config

SYSTEMS = ("rules", "model", "combined")

Progress = Callable[[str], None]


def _quiet(_: str) -> None:
    pass


def extractions(model: Model | None, item: Annotated) -> dict[str, Extraction]:
    """The records of one text from each system (``model`` None: rules only). ``model`` alone has
    the model's mentions, the rules' figures and the awardee classifier's pairs without the rules'."""
    doc = Doc(item.text)
    rules = extract_doc(doc)
    out = {"rules": rules}
    if model is not None:
        found = model.mentions(doc, rules)
        alone = Extraction(text=rules.text, mentions=found, figures=rules.figures, awardees=[])
        out["model"] = model.with_awardees(alone, doc, "model")
        out["combined"] = model.combine(rules, doc, found)
    return out


def predictions(model: Model | None, item: Annotated) -> dict[str, list]:
    """Mentions of one text from each system (``model`` None: rules only)."""
    return {system: e.mentions for system, e in extractions(model, item).items()}


def score_systems(model: Model | None, items: Sequence[Annotated],
                  into: dict[str, dict[str, PRF]] | None = None,
                  records: dict[str, Score] | None = None) -> dict[str, dict[str, PRF]]:
    """Per system and label, precision/recall counts over ``items``; with ``records`` (system ->
    :class:`~reportmine.evaluate.scoring.Score`), also score_kb.py's record metrics of the texts with gold."""
    table = into if into is not None else {s: {label: PRF() for label in LABELS} for s in SYSTEMS}
    for item in items:
        for system, extraction in extractions(model, item).items():
            for label, counts in item.counts(extraction.mentions).items():
                table[system][label].add(*counts)
            if records is not None and item.gold is not None:
                result = records.setdefault(system, Score())
                result.documents += 1
                score_document(result, item.gold.get("file", item.name), item.gold, prediction_of(extraction))
    return table


def train_model(items: Sequence[Annotated], cfg: Config | None = None, progress: Progress = _quiet,
                policy: dict | None = None) -> Model:
    """Train the tagger (the CRF, or spaCy's for arch ner/spancat), the quote classifier and the
    awardee classifier; measure them on a held-out share of the texts. A CRF is then trained again
    on every text (it has no epochs to choose, and the held-out share is a fifth of the data)."""
    from reportmine.learn.quotes import QuoteClassifier

    cfg = cfg or Config()
    if len(items) < 2:
        raise ValueError(f"need at least two annotated texts to train, got {len(items)}")
    if cfg.arch == "ner":
        for item in items:
            item.check_flat()
    started = time.perf_counter()
    train_items, dev_items = holdout(items, cfg.dev_share, cfg.seed)
    progress(f"training on {len(train_items)} texts, measuring on {len(dev_items)} held-out texts")
    version = f"{__version__}+{dt.datetime.now(dt.timezone.utc).strftime('%Y%m%d%H%M%S')}"
    policy = dict(policy or (CRF_POLICY if cfg.arch == "crf" else DEFAULT_POLICY))
    info: dict = {"version": version}
    if cfg.arch == "crf":
        spans, log = None, None
        crf = _train_crf(train_items, cfg, progress)
        info["config"] = cfg.as_dict()
        info["crf"] = crf.cfg.as_dict()
    else:
        from reportmine.learn.spanmodel import train as train_spans

        def on_epoch(e: dict) -> None:
            progress(f"epoch {e['epoch']:>3}/{cfg.epochs}  loss {e['loss']:>9.1f}  dev F1 {e['dev_f1']:.3f}  "
                     f"{e['seconds']:>6.1f}s")

        spans, log = train_spans(train_items, dev_items, cfg, on_epoch)
        spans.version = version
        crf = None
    try:
        quotes = QuoteClassifier.fit(train_items, cfg.seed)
    except ValueError as e:
        progress(f"quote classifier not trained: {e}")
        quotes = None
    awardees = _train_awardees(train_items, cfg, progress)
    cands = None
    if spans is not None and any(_mode(how) == "classify" for how in policy.values()):
        cands, chosen = train_candidates(items, spans, dev_items, cfg.seed, progress)
        for label, how in policy.items():
            if _mode(how) == "classify":
                policy[label] = dict(how, **chosen.get(label, {"veto": 0.0, "admit": 1.01}))
    subjects = _train_subjects(train_items, progress) if cfg.subjects else None
    model = Model(spans, quotes, cands, policy, info=info, crf=crf, awardees=awardees, subjects=subjects)
    dev = score_systems(model, dev_items) if dev_items else None
    if dev:  # a greedy tagger has no probabilities: its confidence per label is its held-out precision
        model.precision = {label: round(dev["model"][label].p, 3) if dev["model"][label].tp + dev["model"][label].fp
                           else 0.5 for label in LABELS}
    if cfg.arch == "crf" and dev_items:  # measured: now learn from every text
        progress(f"training again on all {len(items)} texts")
        model.crf = _train_crf(items, cfg, progress)
        model.quotes = QuoteClassifier.fit(items, cfg.seed) if quotes is not None else None
        model.awardees = _train_awardees(items, cfg, progress) if awardees is not None else None
        model.subjects = _train_subjects(items, progress) if subjects is not None else None
    counts = {label: sum(1 for it in train_items for s in it.spans if s.label == label) for label in LABELS}
    model.info.update({
        "version": version, "trained": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "reportmine": __version__, "python": platform.python_version(),
        "data": {"texts": len(items), "train_texts": len(train_items), "dev_texts": len(dev_items),
                 "characters": sum(len(it.text) for it in items), "train_spans": counts,
                 "sources": sorted({_source_root(it.source) for it in items})},
        "seed": cfg.seed, "best_epoch": log.best_epoch if log else None, "epochs": log.epochs if log else None,
        "training_seconds": round(time.perf_counter() - started, 1),
        "dev_scores": {s: {k: v.as_dict() for k, v in t.items()} for s, t in dev.items()} if dev else None,
    })
    return model


def _train_crf(items: Sequence[Annotated], cfg: Config, progress: Progress):
    from reportmine.learn import crf

    tagger = crf.train(items, crf.Config.from_dict(cfg.crf))
    progress(f"CRF: {tagger.info['sequences']} sentences, {tagger.info['bytes'] // 1024} KB, "
             f"{tagger.info['seconds']} s")
    return tagger


def _train_subjects(items: Sequence[Annotated], progress: Progress):
    from reportmine.learn.subjects import SubjectSelector

    try:
        return SubjectSelector().fit(items)
    except ValueError as e:
        progress(f"figure subject re-ranker not trained: {e}")
        return None


def _train_awardees(items: Sequence[Annotated], cfg: Config, progress: Progress):
    from reportmine.learn.awardees import AwardeeClassifier

    try:
        return AwardeeClassifier.fit(items, cfg.seed)
    except ValueError as e:
        progress(f"awardee classifier not trained: {e}")
        return None


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
    """Where a text came from, relative to the working folder when it can be (the card names no
    absolute path of the training machine)."""
    import os
    from pathlib import Path

    p = Path(source)
    p = p.parent if p.suffix == ".txt" else p
    if p.is_absolute():
        try:
            return os.path.relpath(p)
        except ValueError:  # another drive
            return p.name
    return str(p)


def crossvalidate(items: Sequence[Annotated], k: int | None = None, cfg: Config | None = None,
                  progress: Progress = _quiet, policy: dict | None = None, group_of=None,
                  records: dict[str, Score] | None = None,
                  by_group: dict[str, dict[str, Score]] | None = None) -> dict[str, dict[str, PRF]]:
    """Cross-validation: each fold's model is trained on the other folds, scored on its own. Folds
    are ``k`` random shares, or with ``group_of`` (text -> group) one group each (leave one group
    out). ``records``/``by_group``, when given, collect score_kb.py's record metrics per system
    (and per group and system)."""
    cfg = cfg or Config()
    table = {s: {label: PRF() for label in LABELS} for s in SYSTEMS}
    if group_of is not None:
        splits = list(group_folds(items, group_of))
    else:
        splits = [(str(i), tr, te) for i, (tr, te) in enumerate(folds(items, k, cfg.seed), 1)]
    for i, (name, train_items, test_items) in enumerate(splits, 1):
        progress(f"fold {i}/{len(splits)} ({name}): {len(train_items)} texts to train, {len(test_items)} to test")
        model = train_model(train_items, cfg, lambda msg: progress(f"  fold {i}: {msg}"), policy)
        fold_records: dict[str, Score] = {}
        score_systems(model, test_items, table, fold_records)
        for system, result in fold_records.items():
            if records is not None:
                merged = records.setdefault(system, Score())
                merged.documents += result.documents
                for metric, counts in result.metrics.items():
                    merged.metrics[metric].add(counts.tp, counts.fp, counts.fn)
            if by_group is not None:
                by_group.setdefault(name, {})[system] = result
    return table


def format_systems(table: dict[str, dict[str, PRF]]) -> str:
    lines = [f"{'label':<10} {'system':<9} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'fp':>5} {'fn':>5}"]
    for label in LABELS:
        for system in SYSTEMS:
            if system in table:
                d = table[system][label]
                lines.append(f"{label:<10} {system:<9} {d.p:6.3f} {d.r:6.3f} {d.f1:6.3f} {d.tp:5d} {d.fp:5d} {d.fn:5d}")
    return "\n".join(lines)
