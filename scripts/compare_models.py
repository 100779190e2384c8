"""Compare span-model architectures and segmenters by cross-validation on seeds + dev gold.

    python scripts/compare_models.py [--folds 5] [--epochs 30] arch:segmenter ...

Prints mention-level micro F1 (distinct strings per text, as the scorer counts) per label and
the training time per fold. The choice in reportmine.learn.spanmodel rests on this script's output.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from reportmine.learn import annotations
from reportmine.evaluate.crossval import folds, holdout
from reportmine.learn.spanmodel import Config, train

ROOT = Path(__file__).resolve().parents[1]


def per_label(model, items):
    counts = {}
    for item in items:
        for label, c in item.counts(model.mentions(item.text)).items():
            counts[label] = [x + y for x, y in zip(counts.get(label, [0, 0, 0]), c)]
    return counts


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("variants", nargs="+", help="arch:segmenter[:window[:depth]]")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--epochs", type=int, default=30)
    ap.add_argument("--only-fold", type=int)
    args = ap.parse_args()
    items = annotations.read([ROOT / "corpus", ROOT.parent / "shared" / "corpus" / "dev"])
    for variant in args.variants:
        arch, seg, *rest = variant.split(":")
        cfg = Config(arch=arch, segmenter=seg, epochs=args.epochs,
                     window=int(rest[0]) if rest else 1, depth=int(rest[1]) if len(rest) > 1 else 4)
        total, seconds = {}, []
        for k, (train_items, test_items) in enumerate(folds(items, args.folds, cfg.seed)):
            if args.only_fold is not None and k != args.only_fold:
                continue
            t = time.perf_counter()
            model, log = train(*holdout(train_items, cfg.dev_share, cfg.seed), cfg)
            seconds.append(time.perf_counter() - t)
            for label, c in per_label(model, test_items).items():
                tot = total.setdefault(label, [0, 0, 0])
                for i in range(3):
                    tot[i] += c[i]
            print(f"  {variant} fold {k}: best epoch {log.best_epoch}, {seconds[-1]:.0f}s", file=sys.stderr, flush=True)
        line = [variant]
        for label, (tp, fp, fn) in total.items():
            f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0
            line.append(f"{label} F1 {f1:.3f} (P {tp / max(1, tp + fp):.2f} R {tp / max(1, tp + fn):.2f})")
        line.append(f"train {sum(seconds) / len(seconds):.0f}s/fold")
        print(" | ".join(line), flush=True)


if __name__ == "__main__":
    main()
