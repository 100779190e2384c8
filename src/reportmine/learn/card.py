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


def write_card(out: Path, info: dict) -> Path:
    cfg, data = info.get("config", {}), info.get("data", {})
    size = sum(f.stat().st_size for f in Path(out).rglob("*") if f.is_file())
    lines = [
        f"# reportmine model {info.get('version', '')}",
        "",
        "Span tagger (ORG, PROGRAMME, PERSON, HONOUR) and quote classifier for `reportmine run --model`.",
        "Written by `reportmine train`; `model.json` holds every figure below.",
        "",
        "## Data",
        f"- {data.get('texts', '?')} annotated texts ({data.get('characters', '?')} characters): "
        f"{data.get('train_texts', '?')} to train, {data.get('dev_texts', '?')} held out to choose the epoch "
        "and measure the scores below.",
        f"- Sources: {', '.join(data.get('sources', [])) or '?'}",
        f"- Training spans per label: {json.dumps(data.get('train_spans', {}), ensure_ascii=False)}",
        "",
        "## Configuration",
        f"- spaCy blank `zh`, `{cfg.get('segmenter')}` tokens, `{cfg.get('arch')}` component; tok2vec width "
        f"{cfg.get('width')}, depth {cfg.get('depth')}, window {cfg.get('window')}, {cfg.get('rows')} hash rows.",
        f"- Epochs at most {cfg.get('epochs')} (patience {cfg.get('patience')}), best epoch {info.get('best_epoch')}, "
        f"dropout {cfg.get('dropout')}, seed {info.get('seed')}.",
        "- Quote classifier: logistic regression on hashed character and context features (scikit-learn).",
        "- Combination policy per label (rules first; `union` admits model mentions overlapping no rule mention "
        "that pass the label's filters, `classify` lets the candidate classifier veto and admit; see "
        "`reportmine.learn.model`): "
        f"{json.dumps(info.get('policy', {}), ensure_ascii=False)}; model confidence per label "
        f"(held-out precision): {json.dumps(info.get('precision', {}), ensure_ascii=False)}.",
        f"- Training time: {info.get('training_seconds')} s ({info.get('python', '')}); size on disk {size / 1e6:.1f} MB.",
        "",
        "## Held-out scores (mention level: distinct strings per text)",
    ]
    if info.get("dev_scores"):
        lines += _table(info["dev_scores"])
    else:
        lines.append("No held-out texts.")
    if info.get("crossval"):
        lines += ["", f"## {info['crossval']['folds']}-fold cross-validation", ""] + _table(info["crossval"]["scores"])
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
