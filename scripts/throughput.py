"""Rough throughput check: extraction over the given texts vs bare jieba.lcut on the same text.

usage: python scripts/throughput.py DIR... [--repeat N]
(The benchmark issue replaces this with `reportmine bench`.)
"""
import sys
import time
from pathlib import Path

import jieba

from reportmine.ingest.clean import clean
from reportmine.extractors import extract
from reportmine.ingest.files import read_text_file


def main(argv):
    repeat = int(argv[argv.index("--repeat") + 1]) if "--repeat" in argv else 3
    dirs = [Path(a) for a in argv if not a.startswith("--") and not a.isdigit()]
    texts = [clean(read_text_file(p)) for d in dirs for p in sorted(d.glob("*.txt"))]
    kb = sum(len(t.encode("utf-8")) for t in texts) / 1000 * repeat
    extract(texts[0])  # load gazetteers and the tokenizer once, outside the timing
    jieba.setLogLevel(40)
    jieba.lcut(texts[0])
    t0 = time.perf_counter()
    for _ in range(repeat):
        for t in texts:
            extract(t)
    pipeline = time.perf_counter() - t0
    t0 = time.perf_counter()
    for _ in range(repeat):
        for t in texts:
            jieba.lcut(t)
    bare = time.perf_counter() - t0
    print(f"{len(texts)} texts x{repeat}, {kb:.0f} KB: extract {kb / pipeline:.0f} KB/s, "
          f"jieba.lcut {kb / bare:.0f} KB/s, ratio {pipeline / bare:.2f}")


if __name__ == "__main__":
    main(sys.argv[1:])
