"""What the learned model costs at run time beside the rules, this checkout against an earlier one.

usage: python scripts/model_speed.py MODEL_DIR [--against REV [--model-a DIR]] [--repeat N] [DIR...]

Times, per 100k characters of cleaned text (in-process CPU time, process_time, so that waiting for a shared CPU does not count; best of N rounds): the rules'
extraction, and for this checkout's model code (B) and, with ``--against``, the model code of git
revision REV (A: its learn/crf.py, learn/quotes.py and learn/model.py, loaded beside this one) the
model's own time (``Model.combine`` given the rules' extraction) and its parts (CRF features, CRF
tagging with the confidences the policy needs, the quote classifier, the awardee step given the
rules' extraction; A's awardee step is its learn/awardees.py). A and B run interleaved,
alternating which goes first, because the machine is shared and noisy. Also checks that A and B
give the same combined mentions. Default texts: ../shared/corpus/{train,dev,unlabeled}.
"""
from __future__ import annotations

import argparse
import importlib.util
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from reportmine.extractors import extract_rules
from reportmine.ingest.clean import clean
from reportmine.ingest.files import read_text_file
from reportmine.learn import model as model_b
from reportmine.text.doc import Doc

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "corpus"
MODULES = {"crf": "src/reportmine/learn/crf.py", "quotes": "src/reportmine/learn/quotes.py",
           "model": "src/reportmine/learn/model.py", "awardees": "src/reportmine/learn/awardees.py"}


def load_revision(rev: str, tmp: Path) -> dict:
    """The learn modules of ``rev`` as standalone modules (they import the rest from this checkout)."""
    out = {}
    for name, path in MODULES.items():
        src = subprocess.run(["git", "show", f"{rev}:{path}"], cwd=ROOT, check=True, capture_output=True,
                             text=True).stdout
        file = tmp / f"_{name}_{rev[:8]}.py"
        file.write_text(src, encoding="utf-8")
        spec = importlib.util.spec_from_file_location(f"_{name}_{rev[:8]}", file)
        mod = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = mod
        spec.loader.exec_module(mod)
        out[name] = mod
    return out


def build(mods: dict, base) -> object:
    """A Model of the given modules' classes holding ``base``'s trained parts."""
    tagger = mods["crf"].Tagger(base.crf.data, mods["crf"].Config.from_dict(base.crf.cfg.as_dict()))
    quotes = None
    if base.quotes is not None:  # a revision from before the weights were kept needs the pipeline
        q = mods["quotes"].QuoteClassifier
        weights = {"weights": base.quotes.weights} if "weights" in q.__init__.__code__.co_varnames else {}
        quotes = q(base.quotes.pipeline, base.quotes.version, base.quotes.threshold, **weights)
    awardees = base.awardees
    if awardees is not None and mods["awardees"] is not sys.modules[type(awardees).__module__]:
        m = awardees.model
        awardees = mods["awardees"].AwardeeClassifier(
            mods["awardees"].Model(m.coef, m.intercept, m.threshold, m.n_features), awardees.info)
    return mods["model"].Model(None, quotes, base.candidates, base.policy, base.precision, base.info, base.path,
                               tagger, awardees, base.subjects)


def parts(m, docs, rules) -> dict[str, float]:
    """Seconds of the model's parts over all documents."""
    crf = sys.modules[type(m.crf).__module__]
    t = {"crf features": 0.0, "crf tagging": 0.0}
    conf = getattr(m, "confidence_labels", lambda: True)()
    kw = {"vocab": m.crf.vocab} if hasattr(m.crf, "vocab") else {}
    for d, r in zip(docs, rules):  # one document's features at a time, as in a run (no pile for the GC)
        t0 = time.process_time()
        f = crf.features(d, r.mentions, m.crf.cfg, **kw)
        t1 = time.process_time()
        m.crf.tag_features(d, f, conf)
        t["crf features"] += t1 - t0
        t["crf tagging"] += time.process_time() - t1
    t0 = time.process_time()
    if m.quotes is not None:
        for d in docs:
            m.quotes.scores(d)
    t["quotes"] = time.process_time() - t0
    t0 = time.process_time()
    if m.awardees is not None:
        for d, r in zip(docs, rules):
            m.with_awardees(r, d, m.policy.get("AWARDEE", "rules"))
    t["awardees"] = time.process_time() - t0
    t0 = time.process_time()
    for d, r in zip(docs, rules):
        m.combine(r, d)
    t["model total"] = time.process_time() - t0
    return t


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("model")
    ap.add_argument("dirs", nargs="*")
    ap.add_argument("--against", help="git revision whose model code to compare with")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--model-a", help="with --against: A's model directory (default: MODEL; give one trained with "
                    "A's code when B's training settings differ)")
    args = ap.parse_args(argv)
    dirs = [Path(d) for d in args.dirs] or [SHARED / s for s in ("train", "dev", "unlabeled")]
    texts = [clean(read_text_file(p)) for d in dirs for p in sorted(d.glob("*.txt"))]
    chars = sum(map(len, texts))
    base = model_b.load(args.model)
    systems = {"B": base}
    with tempfile.TemporaryDirectory() as tmp:
        if args.against:
            base_a = model_b.load(args.model_a) if args.model_a else base
            systems = {"A": build(load_revision(args.against, Path(tmp)), base_a), "B": build({
                "crf": sys.modules[type(base.crf).__module__], "quotes": sys.modules[type(base.quotes).__module__],
                "model": model_b, "awardees": sys.modules[type(base.awardees).__module__] if base.awardees else None},
                base)}
        docs = [Doc(t) for t in texts]
        rules = [extract_rules(d) for d in docs]  # also fills each Doc's shadow, sentences and tokens
        same = {}
        for name, m in systems.items():
            same[name] = []
            for d, r in zip(docs, rules):
                ex = m.combine(r, d)
                same[name].append([(x.label, x.start, x.end, x.extractor, x.confidence) for x in ex.mentions]
                                  + [(x.name, x.honour, x.start, x.end, x.honour_start, x.confidence) for x in ex.awardees])
        if "A" in same and not args.model_a:  # every label's confidence as A computed it
            a, b = systems["A"].crf, systems["B"].crf
            full = sum(a.predict(d, r.mentions, True) != [(x[0], x[1], x[2], x[3]) for x in b.predict(d, r.mentions, True)]
                       for d, r in zip(docs, rules))
            print(f"CRF mentions with every confidence differ in {full} of {len(docs)} texts")
            diff = sum(a != b for a, b in zip(same["A"], same["B"]))
            print(f"combined mentions and awardees differ (label, span, extractor, confidence) in {diff} of {len(docs)} texts"
                  " (confidence: B gives mentions no threshold reads the label's precision)")
            spans = sum([x[:4] for x in a] != [x[:4] for x in b] for a, b in zip(same["A"], same["B"]))
            print(f"  (label, span, extractor) differ in {spans} texts")
        best: dict[str, dict[str, float]] = {"rules": {"rules extraction": float("inf")}}
        for name in systems:
            best[name] = {}
        order = list(systems)
        for rnd in range(args.repeat):
            t0 = time.process_time()
            for t in texts:
                extract_rules(Doc(t))
            best["rules"]["rules extraction"] = min(best["rules"]["rules extraction"], time.process_time() - t0)
            for name in (order if rnd % 2 == 0 else order[::-1]):
                for k, v in parts(systems[name], docs, rules).items():
                    best[name][k] = min(best[name].get(k, float("inf")), v)
    scale = 100_000 / chars
    print(f"{len(texts)} texts, {chars} characters, best of {args.repeat}; seconds per 100k characters")
    keys = ["crf features", "crf tagging", "quotes", "awardees", "model total"]
    print(f"{'':<18}" + "".join(f"{n:>10}" for n in systems))
    print(f"{'rules extraction':<18}" + "".join(f"{best['rules']['rules extraction'] * scale:>10.3f}" for _ in systems))
    for k in keys:
        print(f"{k:<18}" + "".join(f"{best[n][k] * scale:>10.3f}" for n in systems))


if __name__ == "__main__":
    main()
