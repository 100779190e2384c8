"""Rules, model and combined on every annotated report we have, measured two honest ways.

1. Grouped cross-validation over the training pool (seeds, dev, our annotations of unlabeled/,
   and ../shared/corpus/train minus the held-out split): one fold per source group (the seven
   train themes of corpus/splits/themes.tsv, and seeds, dev and unlabeled as groups of their own),
   each scored by a model trained on the other groups.
2. The held-out split (corpus/splits/heldout.tsv, 21 train/ texts fixed before any extractor was
   changed): a model trained on the whole pool, scored once.

Prints mention P/R/F1 per label and score_kb.py's record metrics per system; --json FILE keeps
them all (the model card and README quote them). The third-party texts are read from ../shared.

    python scripts/learned_eval.py --cv --heldout --json build/learned_eval.json
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from reportmine.evaluate.crossval import read_file_list, read_groups, source_group
from reportmine.evaluate.scoring import METRICS, Score, format_score
from reportmine.learn import annotations
from reportmine.learn.spanmodel import Config
from reportmine.learn.training import crossvalidate, format_systems, score_systems, train_model

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "corpus"
SPLITS = ROOT / "corpus" / "splits"


def pool_and_heldout():
    """(training pool, held-out texts) as annotated items."""
    if not (SHARED / "train" / "gold").is_dir():
        sys.exit(f"{SHARED / 'train'} is absent: the third-party texts are needed")
    held = read_file_list(SPLITS / "heldout.tsv")
    train = annotations.read([str(SHARED / "train")])
    pool = (annotations.read([str(ROOT / "corpus")]) + annotations.read([str(SHARED / "dev")])
            + annotations.read([str(ROOT / "corpus" / "annotations" / "unlabeled")])
            + [it for it in train if it.gold["file"] not in held])
    return pool, [it for it in train if it.gold["file"] in held]


def records_table(records: dict[str, Score]) -> str:
    lines = [f"{'system':<9} " + " ".join(f"{m:>15}" for m in METRICS if not m.endswith("_relaxed"))]
    for system, result in records.items():
        lines.append(f"{system:<9} " + " ".join(f"{result.metrics[m].f1:15.3f}" for m in METRICS
                                                 if not m.endswith("_relaxed")))
    return "\n".join(lines)


def as_dict(table, records, by_group=None) -> dict:
    out = {"mentions": {s: {k: v.as_dict() for k, v in t.items()} for s, t in table.items()},
           "records": {s: r.as_dict() for s, r in records.items()}}
    if by_group is not None:
        out["groups"] = {g: {s: {m: r.metrics[m].as_dict() for m in METRICS} for s, r in t.items()}
                         for g, t in by_group.items()}
    return out


ABOUT = {
    "grouped_cv": "Leave one source group out over the training pool ({pool} texts: seeds, dev, our annotations of "
                  "unlabeled/, and train/ minus the held-out split; groups: the seven train themes of "
                  "corpus/splits/themes.tsv, seeds, dev, unlabeled), each group scored by a model trained on the "
                  "others (`scripts/learned_eval.py --cv`). The rules were written looking at seeds and dev.",
    "heldout": "The {held} texts of corpus/splits/heldout.tsv (three per train theme, fixed before any extractor "
               "changed; no rule or feature was written reading their errors, no model trained on them), scored "
               "once (`scripts/learned_eval.py --heldout --model DIR`).",
}


def record(folder: Path, out: dict) -> None:
    """Keep the figures in a model's model.json and card: grouped_cv and heldout blocks."""
    from reportmine.learn.card import write_card

    path = folder / "model.json"
    info = json.loads(path.read_text(encoding="utf-8"))
    for key, source in (("grouped_cv", "cv"), ("heldout", "heldout")):
        if source in out:
            block = {k: v for k, v in out[source].items() if k in ("mentions", "records")}
            block["about"] = ABOUT[key].format(pool=out["pool_texts"], held=out["heldout_texts"])
            info[key] = block
    path.write_text(json.dumps(info, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    write_card(folder, info)


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cv", action="store_true", help="grouped cross-validation over the pool")
    ap.add_argument("--heldout", action="store_true", help="train on the pool, score the held-out split")
    ap.add_argument("--config", help="JSON training settings (as for reportmine train --config)")
    ap.add_argument("--json", help="write every figure to this file")
    ap.add_argument("--save", help="with --heldout: save the model trained on the pool here")
    ap.add_argument("--model", help="with --heldout: score this model folder instead of training one on the pool")
    ap.add_argument("--record", help="write the figures into this model folder's model.json and card")
    args = ap.parse_args(argv)
    settings = json.loads(Path(args.config).read_text(encoding="utf-8")) if args.config else {}
    cfg, policy = Config.from_dict(settings), settings.get("policy")
    pool, held = pool_and_heldout()
    out: dict = {"pool_texts": len(pool), "heldout_texts": len(held), "config": cfg.as_dict()}
    say = lambda msg: print(msg, file=sys.stderr)  # noqa: E731
    if args.cv:
        started = time.perf_counter()
        records, by_group = {}, {}
        group_of = source_group(read_groups(SPLITS / "themes.tsv"))
        table = crossvalidate(pool, cfg=cfg, progress=say, policy=policy, group_of=group_of,
                              records=records, by_group=by_group)
        print(f"## grouped cross-validation ({len(pool)} texts, {len(by_group)} groups, "
              f"{time.perf_counter() - started:.0f} s)\n")
        print(format_systems(table) + "\n\n" + records_table(records) + "\n")
        for g, t in by_group.items():
            print(f"{g:<22} " + "  ".join(f"{s} org {r.f1('org'):.2f} prog {r.f1('programme'):.2f} "
                                          f"subj {r.f1('figure_subject'):.2f} pair {r.f1('awardee_pair'):.2f}"
                                          for s, r in t.items()))
        out["cv"] = as_dict(table, records, by_group)
    if args.heldout:
        started = time.perf_counter()
        if args.model:
            from reportmine.learn.model import load

            model = load(args.model)
        else:
            model = train_model(pool, cfg, progress=say, policy=policy)
        trained = time.perf_counter() - started
        records: dict[str, Score] = {}
        table = score_systems(model, held, records=records)
        print(f"\n## held-out split ({len(held)} texts; model {args.model or f'trained on the pool in {trained:.0f} s'})\n")
        print(format_systems(table) + "\n\n" + records_table(records))
        for system, result in records.items():
            print(f"\nrecords, {system}\n" + format_score(result))
        out["heldout"] = as_dict(table, records)
        if not args.model:
            out["heldout"]["training_seconds"] = round(trained, 1)
        if args.save:
            model.save(args.save)
    if args.record:
        record(Path(args.record), out)
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
