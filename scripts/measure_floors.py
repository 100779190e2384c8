"""Print the current F1 of each headline metric (rules) on the seeds, dev and held-out gold, with
the corpus digests, in the shape of tests/quality_floors.json. Floors are set a little below these
(never above what was measured) and changed only in a commit that says why.

usage: python scripts/measure_floors.py [--margin 0.02]
"""
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from conftest import CORPUS, DEV, HELDOUT, digest  # noqa: E402

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
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main(sys.argv[1:])
