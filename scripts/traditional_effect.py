"""How much the simplified shadow helps on the traditional-script dev texts: score them with the
shadow, then with extraction reading the stored text as it is.

usage: python scripts/traditional_effect.py
"""
from pathlib import Path

from reportmine.text import doc as doc_module
from reportmine.ingest.clean import clean
from reportmine.evaluate.scoring import HEADLINE, load_gold, prediction_of, score
from reportmine.extractors import extract
from reportmine.ingest.files import read_text_file

DEV = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "dev"


def traditional_files() -> list[str]:
    rows = [line.split("\t") for line in (DEV / "sources.tsv").read_text(encoding="utf-8").splitlines()[1:]]
    return [r[0] for r in rows if len(r) > 3 and r[3] == "traditional"]


def run() -> dict:
    golds = {k: v for k, v in load_gold(DEV / "gold").items() if k in traditional_files()}
    preds = {name: prediction_of(extract(clean(read_text_file(DEV / name)))) for name in golds}
    result = score(golds, preds)
    return {m: round(result.f1(m), 3) for m in HEADLINE}


def main():
    print("files:", ", ".join(traditional_files()))
    print("with the simplified shadow:   ", run())
    shadow = doc_module.Doc.shadow
    doc_module.Doc.shadow = property(lambda self: self.text)  # extraction reads the traditional text
    try:
        print("reading the traditional text: ", run())
    finally:
        doc_module.Doc.shadow = shadow


if __name__ == "__main__":
    main()
