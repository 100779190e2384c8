"""Figure subjects per cross-validation group: rules, learned selector, both (issue: subjects on unseen reports).

Groups: the 7 train themes (held-out files excluded), dev, seeds, unlabeled. The learned selector
is trained on the other groups and applied to the held-out group. Texts are read from ../shared
and never written anywhere.

    PYTHONPATH=src python scripts/subject_cv.py [--learned] [--heldout]
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from reportmine.evaluate.scoring import Score, empty_prediction, score_document
from reportmine.extractors.figures import extract_figures
from reportmine.learn import annotations
from reportmine.text.doc import Doc

MAIN = Path("/work/main/corpus")
SHARED = Path("/work/shared/corpus")
THEMES = ["commend", "women", "annual", "enterprise", "trad", "skills", "service"]


def heldout_names() -> set[str]:
    rows = (MAIN / "splits" / "heldout.tsv").read_text(encoding="utf-8").splitlines()
    return {r.split("\t")[0] for r in rows if r and not r.startswith("#") and not r.startswith("file")}


def groups(heldout: bool = False) -> dict[str, list]:
    held = heldout_names()
    out: dict[str, list] = {}
    for it in annotations.read([SHARED / "train"]):
        name = Path(it.source).name
        if (name in held) != heldout:
            continue
        key = "heldout" if heldout else THEMES[(int(name[:3]) - 100) // 20]
        out.setdefault(key, []).append(it)
    if heldout:
        return out
    out["dev"] = annotations.read([SHARED / "dev"])
    out["seeds"] = annotations.read([MAIN / "gold"])
    out["unlabeled"] = annotations.read([MAIN / "annotations" / "unlabeled"])
    return out


def score_items(items, figures_of) -> Score:
    s = Score()
    for it in items:
        pred = empty_prediction()
        pred["figures"] = [f.as_dict() for f in figures_of(it)]
        score_document(s, Path(it.source).name, it.gold, pred)
    return s


def row(name: str, s: Score) -> str:
    f, fs = s.metrics["figure"], s.metrics["figure_subject"]
    return (f"{name:11s} fig F1 {f.f1:.3f} | subj P {fs.p:.3f} R {fs.r:.3f} F1 {fs.f1:.3f} "
            f"tp {fs.tp:4d} fp {fs.fp:4d} fn {fs.fn:4d}")


def rules(it):
    return extract_figures(Doc(it.text))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--learned", action="store_true", help="also the learned selector, grouped CV")
    ap.add_argument("--heldout", action="store_true", help="score the held-out split once (everything frozen)")
    ap.add_argument("--report", action="store_true", help="print wrong subjects (not for the held-out split)")
    args = ap.parse_args(argv)
    g = groups(args.heldout)
    systems = {"rules": lambda train: rules}
    if args.learned:
        from reportmine.learn.subjects import SubjectSelector

        def learned(use_rules):
            def make(train):
                sel = SubjectSelector(use_rules=use_rules).fit(train)
                return lambda it: sel.apply(Doc(it.text), rules(it))
            return make
        systems["learned"] = learned(False)
        systems["combined"] = learned(True)
    for sysname, make in systems.items():
        total = Score()
        print(f"== {sysname}")
        t0 = time.time()
        for name, items in g.items():
            train = [x for k, v in g.items() if k != name for x in v] if not args.heldout else \
                [x for v in groups(False).values() for x in v]
            s = score_items(items, make(train))
            for k, v in s.metrics.items():
                total.metrics[k].add(v.tp, v.fp, v.fn)
            print(row(name, s))
            if args.report and not args.heldout:
                for line in s.report:
                    if "figure subjects" in line:
                        print("   ", line[:2000])
        print(row("ALL", total), f"({time.time() - t0:.1f}s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
