"""Print the current F1 of each headline metric (rules) on the seeds, dev and held-out gold, with
the corpus digests, in the shape of tests/quality_floors.json. Floors are set a little below these
(never above what was measured) and changed only in a commit that says why.

usage: python scripts/measure_floors.py [--margin 0.02]
"""
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from conftest import CORPUS, DEV, HELDOUT, digest, file_digest  # noqa: E402

from reportmine.learn.annotations import texts_of  # noqa: E402
from reportmine.errors import AnnotationError  # noqa: E402
from reportmine.evaluate.scoring import HEADLINE, score_texts  # noqa: E402


def main(argv):
    margin = float(argv[argv.index("--margin") + 1]) if "--margin" in argv else 0.02
    out = {}
    for name, folder in (("seeds", CORPUS), ("dev", DEV), ("heldout", HELDOUT)):
        try:
            texts = texts_of(folder / "gold")
        except AnnotationError:  # the texts are in ../shared, which is absent
            continue
        if (folder / "gold").is_dir():
            result = score_texts(texts, folder / "gold")
            out[name] = {"digest": digest(folder),
                         "measured": {m: round(result.f1(m), 3) for m in HEADLINE},
                         "f1": {m: max(0.0, round(result.f1(m) - margin, 2)) for m in HEADLINE}}
    out["split"] = split(margin)
    print(json.dumps(out, indent=1))


def split(margin: float) -> dict:
    """Rules and the shipped model on the held-out split (corpus/splits/heldout.tsv)."""
    from conftest import ROOT, SHARED
    from reportmine.evaluate.crossval import read_file_list
    from reportmine.learn import annotations
    from reportmine.learn.model import resolve
    from reportmine.learn.training import score_systems

    path = ROOT / "corpus" / "splits" / "heldout.tsv"
    held = read_file_list(path)
    items = [it for it in annotations.read([SHARED / "corpus" / "train"]) if it.gold["file"] in held]
    records = {}
    score_systems(resolve(), items, records=records)
    out = {"digest": file_digest(path)}
    for system in ("rules", "combined"):
        result = records[system]
        out[system] = {"measured": {m: round(result.f1(m), 3) for m in HEADLINE},
                       "f1": {m: max(0.0, round(result.f1(m) - margin, 2)) for m in HEADLINE}}
    return out


if __name__ == "__main__":
    main(sys.argv[1:])
