"""Compare segmenters on the texts with gold: speed, and how often gold ORG/PROGRAMME spans
start and end on word boundaries (a segmenter that cuts through names makes span extraction
harder). Used for the choice recorded in the README.

usage: python scripts/compare_segmenters.py [TEXT_DIR ...]   (folders holding a gold/ folder)
"""
import json
import sys
import time
from pathlib import Path

from reportmine.ingest.clean import clean
from reportmine.ingest.files import read_text_file
from reportmine.text.script import to_simplified

ROOT = Path(__file__).resolve().parents[1]


def corpus(dirs):
    for d in dirs:
        for gold_path in sorted((d / "gold").glob("*.json")):
            gold = json.loads(gold_path.read_text(encoding="utf-8"))
            text = to_simplified(clean(read_text_file(d / gold["file"])))
            spans = [to_simplified(x["text"]) for k in ("orgs", "programmes") for x in gold[k]]
            yield text, spans


def boundaries(text, words):
    """Word boundary offsets in ``text`` (pkuseg drops whitespace, so words are located, not summed)."""
    cuts, pos = {0}, 0
    for w in words:
        found = text.find(w, pos)
        if found < 0:
            continue
        cuts.update((found, found + len(w)))
        pos = found + len(w)
    return cuts


def evaluate(name, cut, docs):
    chars = sum(len(t) for t, _ in docs)
    t0 = time.perf_counter()
    segmented = [cut(t) for t, _ in docs]
    seconds = time.perf_counter() - t0
    aligned = total = 0
    for (text, spans), words in zip(docs, segmented):
        cuts = boundaries(text, words)
        for s in spans:
            i = text.find(s)
            if i >= 0:
                total += 1
                aligned += i in cuts and i + len(s) in cuts
    print(f"{name:<22} {chars / seconds / 1000:8.1f} kchars/s   spans on word boundaries: {aligned}/{total} "
          f"({aligned / total:.0%})")


def main(argv):
    dirs = [Path(a) for a in argv] or [ROOT / "corpus", ROOT.parent / "shared" / "corpus" / "dev"]
    docs = list(corpus([d for d in dirs if (d / "gold").is_dir()]))
    import jieba
    import pkuseg

    from reportmine.text import segment

    plain = jieba.Tokenizer()
    plain.initialize()
    evaluate("jieba", plain.lcut, docs)
    domain = segment.tokenizer()
    evaluate("jieba + domain dict", domain.lcut, docs)
    seg = pkuseg.pkuseg()
    evaluate("pkuseg (default model)", seg.cut, docs)
    evaluate("pkuseg + domain dict", pkuseg.pkuseg(user_dict=segment.userdict_words()).cut, docs)


if __name__ == "__main__":
    main(sys.argv[1:])
