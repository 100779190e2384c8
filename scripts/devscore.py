"""Score the extractors on the seeds (corpus/) and, when ../shared is there, the dev gold.

usage: python scripts/devscore.py [--verbose] [--only dev|seeds] [--kind orgs|programmes|figures|awardees]

--kind runs only that extractor (and the ORG extractor it reads), so one kind can be worked
on while another is broken; the other kinds then score zero.
"""
import sys
from pathlib import Path

import importlib

from reportmine.ingest.clean import clean
from reportmine.text.doc import Doc
from reportmine.evaluate.scoring import format_score, load_gold, prediction_of, score
from reportmine.ingest.files import read_text_file
from reportmine.records import Extraction

ROOT = Path(__file__).resolve().parents[1]
SETS = {"seeds": ROOT / "corpus", "dev": ROOT.parent / "shared" / "corpus" / "dev"}


def extractor(kind):
    if kind is None:
        from reportmine.extractors import extract

        return extract
    module = importlib.import_module(f"reportmine.extractors.{kind}")
    fn = getattr(module, f"extract_{kind}")

    def run(text):
        doc = Doc(text)
        out = Extraction(text=text)
        if kind in ("programmes", "awardees"):
            orgs = importlib.import_module("reportmine.extractors.orgs").extract_orgs(doc)
            records = fn(doc, orgs)
        else:
            records = fn(doc)
        if kind in ("orgs", "programmes"):
            out.mentions = records
        else:
            setattr(out, kind, records)
        return out

    return run


def main(argv):
    only = argv[argv.index("--only") + 1] if "--only" in argv else None
    extract = extractor(argv[argv.index("--kind") + 1] if "--kind" in argv else None)
    golds, preds = {}, {}
    for name, folder in SETS.items():
        if only and name != only or not (folder / "gold").is_dir():
            continue
        for file, gold in load_gold(folder / "gold").items():
            golds[file] = gold
            preds[file] = prediction_of(extract(clean(read_text_file(folder / file))))
    print(format_score(score(golds, preds), verbose="--verbose" in argv))


if __name__ == "__main__":
    main(sys.argv[1:])
