"""Measure html.extract_html on pages generated around our texts (tests/htmlpages.py).

For every text of the seeds (corpus/) and, when ../shared is present, the dev texts, one page per
layout is generated; the script prints the share of body characters recovered, the share of chrome
characters leaked, title and date accuracy, and pages per second, per layout and overall.
Options compare trafilatura settings (the choices html.py made are the defaults).

usage: python scripts/measure_html.py [--variants] [TEXT_DIR ...]
"""
from __future__ import annotations

import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import htmlpages  # noqa: E402

from reportmine.ingest import html as rhtml  # noqa: E402


def texts(dirs: list[Path]) -> list[str]:
    out = []
    for d in dirs:
        out += [p.read_text(encoding="utf-8") for p in sorted(d.glob("*.txt")) if p.name != "README.md"]
    return out


def measure(pages, extract) -> dict:
    totals = defaultdict(lambda: [0, 0, 0, 0, 0, 0, 0, 0, 0])  # kept, body, leaked, chrome, title ok, date ok, n, as lines, paragraphs
    start = time.perf_counter()
    results = [(page, extract(page)) for page in pages]
    elapsed = time.perf_counter() - start
    for page, doc in results:
        s = htmlpages.score(page, doc.text)
        for key in (page.layout, "all"):
            t = totals[key]
            t[0] += s.body_kept
            t[1] += s.body_total
            t[2] += s.chrome_leaked
            t[3] += s.chrome_total
            t[4] += doc.title == page.title
            t[5] += doc.date == page.date
            t[6] += 1
            t[7] += s.lines_kept
            t[8] += s.paragraphs
    return {"totals": dict(totals), "pages_per_s": len(pages) / elapsed}


def report(name: str, m: dict) -> None:
    print(f"== {name}: {m['pages_per_s']:.1f} pages/s")
    for key, (kept, body, leaked, chrome, title, when, n, lines, paras) in sorted(m["totals"].items()):
        print(f"  {key:7s} pages {n:3d}  body recovered {100 * kept / max(body, 1):5.1f}%  "
              f"chrome leaked {100 * leaked / max(chrome, 1):5.1f}%  paragraphs as lines {100 * lines / max(paras, 1):5.1f}%"
              f"  title {title}/{n}  date {when}/{n}")


def main(argv: list[str]) -> None:
    variants = "--variants" in argv
    dirs = [Path(a) for a in argv if not a.startswith("--")]
    if not dirs:
        dirs = [ROOT / "corpus"]
        dev = ROOT.parent / "shared" / "corpus" / "dev"
        if dev.is_dir():
            dirs.append(dev)
        else:
            print("../shared/corpus/dev is absent: measuring on the seeds only")
    pages = [htmlpages.make_page(text, seed=i * 7 + k, layout=layout)
             for i, text in enumerate(texts(dirs)) for k, layout in enumerate(htmlpages.LAYOUTS)]
    print(f"{len(pages)} pages from {', '.join(str(d) for d in dirs)}")
    report("extract_html", measure(pages, lambda p: rhtml.extract_html(p.html, "page")))
    if variants:
        import trafilatura

        from reportmine.ingest.html import HtmlDocument

        def trafilatura_only(**options):
            def run(page):
                text = trafilatura.extract(page.html, output_format="txt", include_comments=False, **options) or ""
                return HtmlDocument(text=text, title=None, date=None)
            return run

        report("trafilatura defaults (no fast, comments off)", measure(pages, trafilatura_only()))
        report("trafilatura fast", measure(pages, trafilatura_only(fast=True)))
        report("trafilatura fast + favor_recall", measure(pages, trafilatura_only(fast=True, favor_recall=True)))
        report("trafilatura fast + favor_precision", measure(pages, trafilatura_only(fast=True, favor_precision=True)))
        report("trafilatura favor_recall (no fast)", measure(pages, trafilatura_only(favor_recall=True)))


if __name__ == "__main__":
    main(sys.argv[1:])
