"""Learning curve and active-learning comparison for adapting a base model (issue 20).

The "user's" texts are our annotations of ../shared/corpus/unlabeled (corpus/annotations/unlabeled)
and the pool texts of two train themes (skills competitions, traditional script); the base is
trained on the rest of the pool (made here when --base is absent). A fixed 30% of the user's texts
(seeded) is the test set; the others are annotated 5 at a time, in random order (several seeds) or
in the order of :func:`reportmine.learn.adapt.priority` (active learning). Prints F1 per label
after each batch; --png draws the curves.

    python scripts/adapt_curve.py --base /tmp/base-nouser --upto 20 --png docs/adapt_curve.png
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from adapt_eval import make_base, themed  # noqa: E402

from reportmine.learn import adapt  # noqa: E402
from reportmine.learn.annotations import LABELS  # noqa: E402
from reportmine.learn.model import load  # noqa: E402

USER = ["skills competitions", "traditional script", "unlabeled"]


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--base", required=True)
    ap.add_argument("--upto", type=int, default=20)
    ap.add_argument("--seeds", type=int, default=3, help="random orders to average")
    ap.add_argument("--png")
    ap.add_argument("--json")
    args = ap.parse_args(argv)
    if not Path(args.base, "model.json").is_file():
        make_base(args.base, USER)
    base = load(args.base)
    _, by = themed(USER)
    items = [it for t in USER for it in by[t]]
    idx = list(range(len(items)))
    random.Random(13).shuffle(idx)
    n_test = round(len(items) * 0.3)
    test = [items[i] for i in idx[:n_test]]
    pool = [items[i] for i in idx[n_test:]]
    say = lambda m: print(m, file=sys.stderr, flush=True)  # noqa: E731
    cache: dict = {}
    out = {"pool": len(pool), "test": len(test), "random": [], "active": None}
    for seed in range(1, args.seeds + 1):
        order = list(range(len(pool)))
        random.Random(seed).shuffle(order)
        t0 = time.perf_counter()
        out["random"].append(adapt.active_order(base, pool, test, upto=args.upto, prepared=cache,
                                                fixed_order=order, progress=say))
        say(f"random order {seed}: {time.perf_counter() - t0:.0f} s")
    t0 = time.perf_counter()
    out["active"] = adapt.active_order(base, pool, test, upto=args.upto, prepared=cache, progress=say)
    say(f"active order: {time.perf_counter() - t0:.0f} s")
    # time to adapt with 20 texts (base views included, as `reportmine train` does)
    t0 = time.perf_counter()
    adapt.adapt(base, pool[:20])
    out["seconds_20_texts"] = round(time.perf_counter() - t0, 1)
    ns = [r["n"] for r in out["active"]["rows"]]
    print(f"test: {len(test)} texts; pool: {len(pool)}; adapting with 20 texts took {out['seconds_20_texts']} s")
    print(f"{'n':>4} " + " ".join(f"{'rnd ' + l[:4]:>9} {'act ' + l[:4]:>9}" for l in LABELS))
    for k, n in enumerate(ns):
        cells = []
        for label in LABELS:
            r = sum(run["rows"][k][label]["f1"] for run in out["random"]) / len(out["random"])
            cells.append(f"{r:9.3f} {out['active']['rows'][k][label]['f1']:9.3f}")
        print(f"{n:>4} " + " ".join(cells))
    if args.json:
        Path(args.json).write_text(json.dumps(out, indent=1), encoding="utf-8")
    if args.png:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        fig, axes = plt.subplots(1, 2, figsize=(9, 3.6), sharey=True)
        for ax, label in zip(axes, ("ORG", "PROGRAMME")):
            for run in out["random"]:
                ax.plot(ns, [r[label]["f1"] for r in run["rows"]], color="grey", alpha=0.5, marker=".")
            ax.plot(ns, [r[label]["f1"] for r in out["active"]["rows"]], color="C3", marker="o", label="active")
            ax.set_title(f"{label} F1 on {len(test)} test texts")
            ax.set_xlabel("annotated texts")
            ax.grid(alpha=0.3)
        axes[0].plot([], [], color="grey", label="random orders")
        axes[0].legend()
        fig.tight_layout()
        fig.savefig(args.png, dpi=100)


if __name__ == "__main__":
    main()
