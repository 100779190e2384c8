"""Adapting a base model to one genre (issue 20): base vs adapted, on the genre and elsewhere.

The base is trained on the pool (scripts/learned_eval.py's: seeds, dev, our annotations of
unlabeled/, ../shared/corpus/train minus the held-out split) without two themes: the genre
adapted to and a second theme that measures "elsewhere" (texts neither model trained on). The
genre's pool texts are split in two folds: adapt on one, test on the other, and swap; counts are
pooled. Prints mention P/R/F1 per label for both; --curve also the learning curve on all the
genre-less texts. The third-party texts are read in place from ../shared.

    python scripts/adapt_eval.py --base /tmp/base-noskills-notrad \
        --theme "skills competitions" --elsewhere "traditional script"
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from learned_eval import SPLITS, pool_and_heldout  # noqa: E402

from reportmine.evaluate.crossval import read_groups, source_group  # noqa: E402
from reportmine.evaluate.scoring import PRF  # noqa: E402
from reportmine.learn import adapt  # noqa: E402
from reportmine.learn.annotations import LABELS  # noqa: E402
from reportmine.learn.model import load  # noqa: E402
from reportmine.learn.spanmodel import Config  # noqa: E402
from reportmine.learn.training import train_model  # noqa: E402


def themed(themes: list[str]):
    pool, _ = pool_and_heldout()
    g = source_group(read_groups(SPLITS / "themes.tsv"))
    return [it for it in pool if g(it) not in themes], {t: [it for it in pool if g(it) == t] for t in themes}


def make_base(out: str, themes: list[str], say=print):
    rest, _ = themed(themes)
    model = train_model(rest, Config(), progress=say)
    model.save(out)
    return out


def genre(base, theme_items, elsewhere_items, settings=None, seed=13, say=print, k=2):
    """{"theme": {system: {label: PRF}}, "elsewhere": ...} pooled over ``k`` folds of the theme (each
    adapted with the other folds' texts; k = the number of texts: leave one out)."""
    ccfg = adapt.stack_config(base, settings)
    prep_theme = adapt.prepare_items(base, theme_items, ccfg)
    prep_else = adapt.prepare_items(base, elsewhere_items, ccfg)
    idx = list(range(len(theme_items)))
    random.Random(seed).shuffle(idx)
    k = min(k, len(idx))
    parts = [idx[j::k] for j in range(k)]
    out = {where: {s: {label: PRF() for label in LABELS} for s in ("base", "adapted")} for where in ("theme", "elsewhere")}
    times, choices = [], []
    for f in range(k):
        own = [i for j in range(k) if j != f for i in parts[j]]
        train = [theme_items[i] for i in own]
        t0 = time.perf_counter()
        model = adapt.adapt(base, train, settings, seed, prepared=[prep_theme[i] for i in own])
        times.append(time.perf_counter() - t0)
        ad = model.adapter
        choices.append(ad.choice)
        for where, preps in (("theme", [prep_theme[i] for i in parts[f]]), ("elsewhere", prep_else)):
            for p in preps:
                ex = adapt.merge(p, ad.tag(p, ad.lexicon), ad.lexicon, ad.choice)
                for label, c in p.item.counts(p.base.mentions).items():
                    out[where]["base"][label].add(*c)
                for label, c in p.item.counts(ex.mentions).items():
                    out[where]["adapted"][label].add(*c)
    say(f"adapt seconds per fold {[round(t, 1) for t in times]}; choices {choices}")
    return out, choices


def fmt(res) -> str:
    lines = [f"{'where':<10} {'label':<10} {'base F1':>8} {'adapted':>8}  (tp/fp/fn base -> adapted)"]
    for where, t in res.items():
        for label in LABELS:
            b, a = t["base"][label], t["adapted"][label]
            lines.append(f"{where:<10} {label:<10} {b.f1:8.3f} {a.f1:8.3f}  ({b.tp}/{b.fp}/{b.fn} -> {a.tp}/{a.fp}/{a.fn})")
    return "\n".join(lines)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--base", required=True, help="base model dir (made here when absent)")
    ap.add_argument("--theme", default="skills competitions")
    ap.add_argument("--elsewhere", default="traditional script")
    ap.add_argument("--settings", default="{}", help="JSON adapt settings (c1, c2, minfreq ...)")
    ap.add_argument("--folds", type=int, default=2, help="folds of the theme (its size: leave one out)")
    ap.add_argument("--json")
    args = ap.parse_args(argv)
    if not Path(args.base, "model.json").is_file():
        make_base(args.base, [args.theme, args.elsewhere])
    base = load(args.base)
    _, by = themed([args.theme, args.elsewhere])
    res, choices = genre(base, by[args.theme], by[args.elsewhere], json.loads(args.settings), k=args.folds)
    print(f"## {args.theme}: {len(by[args.theme])} texts ({args.folds} folds); elsewhere: {args.elsewhere} "
          f"{len(by[args.elsewhere])} texts\n" + fmt(res))
    if args.json:
        Path(args.json).write_text(json.dumps({w: {s: {k: v.as_dict() for k, v in t.items()} for s, t in d.items()}
                                               for w, d in res.items()}, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
