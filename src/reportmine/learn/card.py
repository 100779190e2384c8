"""The model card: a README written beside every trained model from its ``model.json``."""
from __future__ import annotations

import json
from pathlib import Path


def _table(scores: dict) -> list[str]:
    lines = ["| label | system | P | R | F1 | tp | fp | fn |", "|---|---|---|---|---|---|---|---|"]
    labels = next(iter(scores.values())).keys()
    for label in labels:
        for system, per_label in scores.items():
            d = per_label[label]
            lines.append(f"| {label} | {system} | {d['p']:.3f} | {d['r']:.3f} | {d['f1']:.3f} "
                         f"| {d['tp']} | {d['fp']} | {d['fn']} |")
    return lines


RECORD_METRICS = ("org", "programme", "figure", "figure_subject", "awardee_name", "awardee_pair")


def _records(records: dict) -> list[str]:
    """score_kb.py's record metrics per system: F1 (tp/fp/fn)."""
    lines = ["| system | " + " | ".join(RECORD_METRICS) + " |", "|---" * (len(RECORD_METRICS) + 1) + "|"]
    for system, metrics in records.items():
        cells = [f"{metrics[m]['f1']:.3f} ({metrics[m]['tp']}/{metrics[m]['fp']}/{metrics[m]['fn']})"
                 for m in RECORD_METRICS if m in metrics]
        lines.append(f"| {system} | " + " | ".join(cells) + " |")
    return lines


def _tagger(cfg: dict, info: dict) -> list[str]:
    if cfg.get("arch", "ner") == "crf":
        crf = info.get("crf", {})
        return [f"- Character CRF (python-crfsuite, L-BFGS, c1 {crf.get('c1')}, c2 {crf.get('c2')}, "
                f"{crf.get('max_iterations')} iterations, features seen at least {crf.get('minfreq')} times, characters "
                f"within {crf.get('window', 2)} of each other{', with bigrams' if crf.get('bigrams', True) else ''}); "
                f"optional gold regions labelled `{crf.get('optional')}`; seed {info.get('seed')}. The rules' "
                "mentions, jieba word position, part of speech and gazetteer class, gazetteer matches, quotes and "
                "line shape are its features (`reportmine.learn.crf`)."]
    return [f"- spaCy blank `zh`, `{cfg.get('segmenter')}` tokens, `{cfg.get('arch')}` component; tok2vec width "
            f"{cfg.get('width')}, depth {cfg.get('depth')}, window {cfg.get('window')}, {cfg.get('rows')} hash rows.",
            f"- Epochs at most {cfg.get('epochs')} (patience {cfg.get('patience')}), best epoch "
            f"{info.get('best_epoch')}, dropout {cfg.get('dropout')}, seed {info.get('seed')}."]


def write_card(out: Path, info: dict) -> Path:
    cfg, data = info.get("config", {}), info.get("data", {})
    size = sum(f.stat().st_size for f in Path(out).rglob("*") if f.is_file())
    crf = cfg.get("arch", "ner") == "crf"
    parts = ["character CRF" if crf else "span tagger", "quote classifier"]
    if (Path(out) / "awardees.joblib").is_file():
        parts.append("awardee pair classifier")
    if (Path(out) / "subjects.joblib").is_file():
        parts.append("figure subject re-ranker")
    lines = [
        f"# reportmine model {info.get('version', '')}",
        "",
        f"{', '.join(parts)[:1].upper()}{', '.join(parts)[1:]} for `reportmine run --model` (ORG, PROGRAMME, PERSON, HONOUR; awardees).",
        "Written by `reportmine train`; `model.json` holds every figure below.",
        "",
        "## Data",
        f"- {data.get('texts', '?')} annotated texts ({data.get('characters', '?')} characters): "
        f"{data.get('train_texts', '?')} to train, {data.get('dev_texts', '?')} held out to measure the scores below"
        + (", then every text to train the CRF again." if crf else " and choose the epoch."),
        f"- Sources: {', '.join(data.get('sources', [])) or '?'}"
        + (f"; texts listed in {info['excluded']} left out." if info.get("excluded") else ""),
        f"- Training spans per label: {json.dumps(data.get('train_spans', {}), ensure_ascii=False)}",
        "",
        "## Configuration",
        *_tagger(cfg, info),
        "- Quote classifier: logistic regression on hashed character and context features (scikit-learn).",
        "- Combination policy per label (rules first; `union` admits model mentions overlapping no rule mention "
        "that pass the label's filters, `classify` lets the candidate classifier veto and admit; see "
        "`reportmine.learn.model`): "
        f"{json.dumps(info.get('policy', {}), ensure_ascii=False)}; model confidence per label "
        f"(held-out precision): {json.dumps(info.get('precision', {}), ensure_ascii=False)}.",
        f"- Training time: {info.get('training_seconds')} s ({info.get('python', '')}); size on disk {size / 1e6:.1f} MB.",
        "",
        "## Scores on the held-out share of the training texts (mention level: distinct strings per text)",
    ]
    if info.get("dev_scores"):
        lines += _table(info["dev_scores"])
    else:
        lines.append("No held-out texts.")
    if info.get("crossval"):
        lines += ["", f"## {info['crossval']['folds']}-fold cross-validation", ""] + _table(info["crossval"]["scores"])
    for key, title in (("grouped_cv", "Cross-validation by source group"), ("heldout", "Held-out split")):
        if info.get(key):
            block = info[key]
            lines += ["", f"## {title}", "", block.get("about", ""), "", "Mentions:", ""] + _table(block["mentions"])
            lines += ["", "Records (`score_kb.py` metrics, F1 (tp/fp/fn)):", ""] + _records(block["records"])
    for ev in info.get("evaluations", []):
        lines += ["", f"## Evaluated on {', '.join(ev['data'])} ({ev['texts']} texts, {ev['date']})", "",
                  "Annotated texts this model was not trained on, scored by `reportmine evaluate --record`.", ""]
        lines += _table(ev["scores"])
    if info.get("adapted"):  # an adapted model (issue 20)
        from reportmine.learn.adapt import card_lines

        lines += card_lines(info["adapted"], info.get("learning_curve"))
    lines += ["", "## Limits", "Trained on a few dozen reports: the held-out set is small and its scores are noisy. "
              "Retrain on your own annotations (`reportmine train`) before trusting it on another genre.", ""]
    path = Path(out) / "README.md"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path
