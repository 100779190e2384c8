"""Which learner gains from a few annotations of one genre (issue 20)? Measured on the genre test.

For a theme of ../shared/corpus/train (and a second, "elsewhere" theme) the base is trained on the
pool without both (scripts/adapt_eval.py's make_base); each pool text of the theme is then scored by
a model adapted with the theme's other texts (leave one out), and every "elsewhere" text by each of
those models. Learners (all but ``adapt`` raw, without the per-label choice by cross-validation, so
they show what a learner could bring at best; the choice can only keep it or fall back to the base):

- ``adapt``: ``reportmine train``'s adapter as it is (learn/adapt.py, with its per-label choice);
- ``stack``: learn/adapt.py's stacked CRF with the label's choice forced to ``adapted``;
- ``distill``: rehearsal / self-distillation: a full-feature CRF (the base's features) trained from
  scratch on the annotated texts (repeated ``--repeat`` times) plus rehearsal texts labelled by the
  base model (its combined output), in place of the base's CRF;
- ``augment``: the same data with "frustratingly easy" feature augmentation (Daume 2007): every
  feature of an annotated text also as a genre copy (``G|``), tagged with the copies on;
- ``retrain``: the ceiling no user can reach: the base's CRF trained again on the base's own training
  texts plus the annotated ones (a user has the annotations, not the base's data); ``retrain-w``
  with the annotated texts repeated ``--repeat`` times.

Rehearsal texts: the seed reports in corpus/ (ours, with their gold) and the unannotated reports of
../shared/corpus/unlabeled (pseudo-labels). Prints ORG / PROGRAMME / PERSON F1 base -> learner.

    python scripts/adapt_learners.py --base /tmp/base-trad-skills --theme "traditional script" \
        --elsewhere "skills competitions" --learners distill,augment
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from adapt_eval import themed  # noqa: E402
from learned_eval import ROOT  # noqa: E402

from reportmine.evaluate.scoring import PRF  # noqa: E402
from reportmine.learn import adapt, crf  # noqa: E402
from reportmine.learn.annotations import LABELS, Annotated, Span, read_gold_folder  # noqa: E402
from reportmine.learn.model import load  # noqa: E402
from reportmine.text.doc import Doc  # noqa: E402

SHARED = ROOT.parent / "shared"


def rehearsal_items(base, say) -> list[Annotated]:
    """The seeds with their gold, and the unannotated reports of ../shared/corpus/unlabeled labelled by ``base``."""
    seeds = read_gold_folder(ROOT / "corpus" / "gold")
    annotated = {p.stem for p in (ROOT / "corpus" / "annotations" / "unlabeled").glob("*.json")}
    out = list(seeds)
    for path in sorted((SHARED / "corpus" / "unlabeled").glob("*.txt")):
        if path.stem in annotated:
            continue
        doc = Doc(path.read_text(encoding="utf-8"))
        out.append(pseudo(base, doc, str(path)))
    say(f"rehearsal: {len(seeds)} seeds with gold, {len(out) - len(seeds)} texts labelled by the base")
    return out


def pseudo(base, doc: Doc, source: str) -> Annotated:
    from reportmine.extractors import extract_doc

    rules = extract_doc(doc)
    ex = base.combine(rules, doc)
    spans, taken = [], []
    for m in sorted(ex.mentions, key=lambda m: (-(m.end - m.start), m.start)):
        if m.label in LABELS and not any(m.start < e and s < m.end for s, e in taken):
            spans.append(Span(m.start, m.end, m.label))
            taken.append((m.start, m.end))
    return Annotated(source, doc.text, tuple(sorted(spans)))


class Augmented(crf.Tagger):
    """A CRF whose features carry genre copies (``G|f``) besides the general ones."""

    def tag_features(self, doc, feats, confidence=False):
        return super().tag_features(doc, [row + ["G|" + f for f in row] for row in feats], confidence)

    def predict(self, doc, rules=None, confidence=False):
        if self.cfg.rule_features and rules is None:
            rules = crf.rule_mentions(doc)
        return self.tag_features(doc, crf.features(doc, rules or (), self.cfg), confidence)


def train_crf(base, items: list[Annotated], rehearsal: list[Annotated], repeat: int, augment: bool,
              c2: float | None = None):
    import pycrfsuite

    cfg = crf.Config.from_dict(dict(base.info.get("crf", {})))
    if c2 is not None:
        cfg.c2 = c2
    trainer = pycrfsuite.Trainer(algorithm="lbfgs", verbose=False)
    trainer.set_params({"c1": cfg.c1, "c2": cfg.c2, "max_iterations": cfg.max_iterations,
                        "feature.minfreq": cfg.minfreq, "feature.possible_transitions": True})
    for item in rehearsal:
        for x, y in crf.sequences(item, cfg):
            trainer.append(x, y)
    for item in items:
        for x, y in crf.sequences(item, cfg):
            if augment:
                x = [row + ["G|" + f for f in row] for row in x]
            for _ in range(repeat):
                trainer.append(x, y)
    data = crf.trained_bytes(trainer)
    return (Augmented if augment else crf.Tagger)(data, cfg)


def run(base, theme, elsewhere, learners, repeat, rehearsal, say, c2=None, pool=()):
    ccfg = adapt.stack_config(base)
    prep_theme = adapt.prepare_items(base, theme, ccfg)
    prep_else = adapt.prepare_items(base, elsewhere, ccfg)
    systems = ["base"] + learners
    out = {w: {s: {label: PRF() for label in LABELS} for s in systems} for w in ("theme", "elsewhere")}
    seconds = {s: [] for s in learners}
    for f in range(len(theme)):
        train = [it for j, it in enumerate(theme) if j != f]
        tests = {"theme": [prep_theme[f]], "elsewhere": prep_else}
        for s in systems:
            t0 = time.perf_counter()
            if s == "base":
                get = lambda p: p.base  # noqa: E731
            elif s in ("stack", "adapt"):
                m = adapt.adapt(base, train, prepared=[prep_theme[j] for j in range(len(theme)) if j != f],
                                folds=2 if s == "stack" else 5)
                ad = m.adapter
                forced = {label: "adapted" for label in LABELS} if s == "stack" else ad.choice
                get = lambda p, ad=ad, forced=forced: adapt.merge(p, ad.tag(p, ad.lexicon), ad.lexicon, forced)  # noqa: E731
            else:
                if s.startswith("retrain"):  # retrain-w: the annotated texts repeated as in distill
                    tagger = crf.train(list(pool) + train * (repeat if s == "retrain-w" else 1),
                                       crf.Config.from_dict(dict(base.info.get("crf", {}))))
                else:
                    tagger = train_crf(base, train, rehearsal, repeat, s == "augment", c2)
                model = replace(base, crf=tagger)
                get = lambda p, model=model: model.combine(p.rules, p.doc)  # noqa: E731
            if s != "base":
                seconds[s].append(round(time.perf_counter() - t0, 1))
            for where, preps in tests.items():
                for p in preps:
                    for label, c in p.item.counts(get(p).mentions).items():
                        out[where][s][label].add(*c)
        say(f"fold {f + 1}/{len(theme)} " + "  ".join(
            f"{s} {out['theme'][s]['ORG'].f1:.3f}" for s in systems))
    return out, seconds


def fmt(out, seconds) -> str:
    systems = list(out["theme"])
    lines = [f"{'where':<10} {'label':<10} " + " ".join(f"{s:>9}" for s in systems)]
    for where, t in out.items():
        for label in ("ORG", "PROGRAMME", "PERSON"):
            lines.append(f"{where:<10} {label:<10} " + " ".join(f"{t[s][label].f1:9.3f}" for s in systems))
    lines.append("seconds to adapt per fold: " + ", ".join(f"{s} {max(v)}" for s, v in seconds.items()))
    return "\n".join(lines)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--base", required=True)
    ap.add_argument("--theme", required=True)
    ap.add_argument("--elsewhere", required=True)
    ap.add_argument("--learners", default="distill,augment")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--c2", type=float)
    ap.add_argument("--no-rehearsal", action="store_true")
    ap.add_argument("--json")
    args = ap.parse_args(argv)
    say = lambda m: print(m, file=sys.stderr, flush=True)  # noqa: E731
    base = load(args.base)
    rest, by = themed([args.theme, args.elsewhere])
    learners = args.learners.split(",")
    rehearsal = [] if args.no_rehearsal or not {"distill", "augment"} & set(learners) else rehearsal_items(base, say)
    out, seconds = run(base, by[args.theme], by[args.elsewhere], learners, args.repeat, rehearsal, say, args.c2,
                       rest)
    print(f"## {args.theme} ({len(by[args.theme])} texts, leave one out); elsewhere {args.elsewhere}; "
          f"repeat {args.repeat}, rehearsal {len(rehearsal)} texts\n" + fmt(out, seconds))
    if args.json:
        Path(args.json).write_text(json.dumps({w: {s: {k: v.as_dict() for k, v in t.items()} for s, t in d.items()}
                                               for w, d in out.items()} | {"seconds": seconds}, indent=1))


if __name__ == "__main__":
    main()
