"""Fuzzing: mutated real reports and random Unicode through one document's whole analysis.

:func:`texts` makes a seeded, reproducible stream of inputs from real texts:

- mutations (one to three per text, see ``MUTATIONS``): a cut, a splice of two texts, a repeated
  slice, odd characters inserted (BOM, zero-width, full-width space, control characters,
  astral-plane characters, long digit runs, unbalanced quotes and brackets, HTML fragments,
  pinyin glosses), sentence ends and list separators removed or doubled;
- random Unicode strings (every plane, surrogates and controls included);
- the pathological shapes (``SHAPES``): one very long line, a long run of one character, quote,
  bracket and separator storms, thousands of names in one list, a very long digit run.

:func:`check` runs one text through :func:`reportmine.document.process` (clean, segment, extract,
link, search terms: what ``reportmine run`` does before storing) and reports what went wrong:
an exception other than the documented :class:`~reportmine.errors.InputError`, a stage that failed
inside (``extraction.failures``: isolated, but still a bug), or a record whose span does not index
the cleaned text (``text[start:end]`` must equal the record's surface string).
:func:`fuzz` runs many and returns a :class:`FuzzReport`: texts/s, problems by kind each with the
shortest input that reproduces it (shrunk), and the slowest inputs.
"""
from __future__ import annotations

import heapq
import random
import signal
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from reportmine.errors import InputError

ODD = {
    "bom": "\ufeff", "zero-width": "\u200b\u200c\u200d\u2060", "full-width space": "\u3000",
    "control": "".join(map(chr, [*range(0, 9), 11, 12, *range(14, 32), 127, 0x85, 0x2028, 0x2029])),
    "astral": "\U00020000\U0002a6d6\U0001f600\U0001d400\U000e0001\U0010fffd",
    "quotes": "“”‘’\"'「」『』《》〈〉", "brackets": "()（）[]【】{}〔〕",
    "separators": "、，,。；;:：！？!?…—·・\n",
}
HTML = ("<p>", "</p>", "<br/>", "&nbsp;", "&amp;", "<font color=red>", "</font>", "<script>var a=1;</script>",
        "<!-- x -->", "<a href='x'>", "</div>", "&#x4e2d;", "<table><tr><td>", "]]>")
GLOSSES = ("(huì)", "(gōng)", "(guó)", "(zhōng)", "(xián)", "(a)", "()", "(ü)")
CJK_NAMES = "张王李赵钱孙周吴郑陈刘杨黄"


def _cut(rng: random.Random, text: str, pool: list[str]) -> str:
    if not text:
        return text
    a = rng.randrange(len(text))
    return text[a:a + rng.choice((1, 2, 5, 20, 80, 300, 2000))]


def _splice(rng: random.Random, text: str, pool: list[str]) -> str:
    other = rng.choice(pool)
    return text[:rng.randint(0, len(text))] + other[rng.randint(0, len(other)):]


def _repeat(rng: random.Random, text: str, pool: list[str]) -> str:
    if not text:
        return text
    a = rng.randrange(len(text))
    piece = text[a:a + rng.randint(1, 40)]
    return text[:a] + piece * rng.randint(2, 60) + text[a:]


def _insert(chars: str | tuple[str, ...]) -> Callable:
    def mutate(rng: random.Random, text: str, pool: list[str]) -> str:
        for _ in range(rng.randint(1, 8)):
            k = rng.randint(0, len(text))
            text = text[:k] + rng.choice(chars) + text[k:]
        return text
    return mutate


def _digits(rng: random.Random, text: str, pool: list[str]) -> str:
    k = rng.randint(0, len(text))
    run = "".join(rng.choice("0123456789") for _ in range(rng.choice((20, 400, 5000))))
    return text[:k] + run + rng.choice(("", "万", "亿", "人", "元", "%", ".5万人", "余名")) + text[k:]


def _drop(chars: str) -> Callable:
    def mutate(rng: random.Random, text: str, pool: list[str]) -> str:
        return "".join(ch for ch in text if ch not in chars or rng.random() < 0.3)
    return mutate


def _double(rng: random.Random, text: str, pool: list[str]) -> str:
    seps = ODD["separators"]
    return "".join(ch * rng.randint(2, 6) if ch in seps and rng.random() < 0.3 else ch for ch in text)


def _truncate(rng: random.Random, text: str, pool: list[str]) -> str:
    """Cut right after a sentence-final mark, a separator or an honour-like word (ends of texts)."""
    marks = [i for i, ch in enumerate(text) if ch in "。、，:：”》)\n" or text.startswith(("劳模", "称号", "获得者"), i)]
    if not marks:
        return text
    k = rng.choice(marks)
    return text[max(0, k - rng.randint(0, 60)):k + rng.randint(0, 3)]


MUTATIONS: dict[str, Callable[[random.Random, str, list[str]], str]] = {
    "cut": _cut, "splice": _splice, "repeat": _repeat, "truncate": _truncate,
    **{f"insert {name}": _insert(chars) for name, chars in ODD.items()},
    "insert html": _insert(HTML), "insert gloss": _insert(GLOSSES), "digit run": _digits,
    "drop sentence ends": _drop("。；;！？!?\n"), "drop separators": _drop("、，,"), "double separators": _double,
}


def random_unicode(rng: random.Random, size: int = 300) -> str:
    """Code points from every range that matters: CJK, punctuation, ASCII, controls, marks, astral, surrogates."""
    ranges = ((0x20, 0x7e), (0x0, 0x1f), (0x4e00, 0x9fff), (0x3000, 0x303f), (0xff00, 0xffef), (0x300, 0x36f),
              (0x2000, 0x206f), (0xd800, 0xdfff), (0x10000, 0x10ffff), (0x20000, 0x2a6df), (0xa0, 0x24f))
    out = []
    for _ in range(rng.randint(0, size)):
        lo, hi = rng.choice(ranges)
        out.append(chr(rng.randint(lo, hi)))
    return "".join(out)


def _names(n: int) -> str:
    rng = random.Random(n)
    return "、".join(rng.choice(CJK_NAMES) + "".join(rng.choice("华明丽伟强军芳") for _ in range(rng.randint(1, 2)))
                    for _ in range(n))


def shapes(scale: float = 1.0) -> dict[str, str]:
    """The pathological shapes, ``scale`` = 1 at the sizes the issue measured (200,000 characters)."""
    n = max(10, int(200_000 * scale))
    sentence = "省劳模钟晓媛等9人荣获全国五一劳动奖章,我市现有女职工26.5万人,"
    return {
        "one long line": (sentence * (n // len(sentence) + 1))[:n],
        "long run of 的": "的" * n,
        "long run of 、": "、" * n,
        "quote storm": "“" * (n // 2) + "劳模" + "”" * (n // 4),
        "bracket storm": "(（【" * (n // 6) + "总工会",
        "separator storm": "，、；:" * (n // 8),
        "names in one list": "荣获全国劳动模范称号的有:" + _names(max(10, int(5000 * scale))) + "。",
        "long digit run": "女职工" + "9" * max(10, int(20_000 * scale)) + "万人",
        "honour storm": "全国劳动模范、" * (n // 14),
    }


def texts(seeds: list[str], n: int, seed: int = 0, shape_scale: float = 1.0,
          shape_every: int = 2000) -> Iterator[tuple[str, str]]:
    """``n`` (how, text) pairs, the same for the same arguments: mutated seeds, random Unicode and,
    one in ``shape_every`` (and the first few), the pathological shapes."""
    rng = random.Random(seed)
    pool = [t for t in seeds if t] or ["我市现有女职工26.5万人。"]
    shaped = list(shapes(shape_scale).items())
    names = list(MUTATIONS)
    for i in range(n):
        if shaped and (i < len(shaped) or (i % shape_every == 0)):
            how, text = shaped[i % len(shaped)]
            yield f"shape: {how}", text
            continue
        if rng.random() < 0.08:
            yield "random unicode", random_unicode(rng)
            continue
        text = rng.choice(pool)
        if len(text) > 4000:  # mutate a window of a long text: seconds per text would slow the run
            a = rng.randrange(len(text) - 3000)
            text = text[a:a + 3000]
        done = []
        for _ in range(rng.choice((1, 1, 2, 3))):
            name = rng.choice(names)
            text = MUTATIONS[name](rng, text, pool)
            done.append(name)
        yield " + ".join(done), text


def seed_texts(folders: list[Path]) -> list[str]:
    """The real texts to mutate: every ``*.txt`` of ``folders`` (read now, never copied anywhere)."""
    out = []
    for folder in folders:
        for path in sorted(Path(folder).glob("*.txt")):
            try:
                out.append(path.read_text(encoding="utf-8"))
            except UnicodeDecodeError:
                continue
    return out


def default_folders() -> list[Path]:
    """``corpus/`` of the checkout and, when present, ``../shared/corpus/{dev,train,unlabeled}``."""
    root = Path(__file__).resolve().parents[3]
    found = [root / "corpus", *(root.parent / "shared" / "corpus" / part for part in ("dev", "train", "unlabeled"))]
    return [f for f in found if f.is_dir()]


# ---------------------------------------------------------------------------------- checking

class FuzzTimeout(Exception):
    """One text took longer than the harness allows."""


@dataclass(frozen=True)
class Problem:
    kind: str       # "IndexError at awardees.py:152 in name_end", "span: awardee honour", ...
    detail: str


def _place(tb) -> str:
    frames = traceback.extract_tb(tb)
    inner = [f for f in frames if "reportmine" in f.filename] or frames
    f = inner[-1]
    return f"{Path(f.filename).name}:{f.lineno} in {f.name}"


def spans(doc) -> list[Problem]:
    """Records whose span does not cut their surface string out of the cleaned text."""
    text, ex, out = doc.text, doc.extraction, []

    def bad(what: str, s, e, surface) -> None:
        if surface is None and s is None and e is None:
            return
        if s is None or e is None or not 0 <= s <= e <= len(text) or text[s:e] != surface:
            out.append(Problem(f"span: {what}", f"[{s}:{e}] {surface!r} != {text[s:e] if s is not None else None!r}"))

    for m in ex.mentions:
        bad(f"{m.label} mention ({m.extractor})", m.start, m.end, m.text)
    for f in ex.figures:
        bad("figure", f.start, f.end, f.text)
        if f.subject is not None or f.subject_start is not None:
            bad("figure subject", f.subject_start, f.subject_end, f.subject)
    for a in ex.awardees:
        bad("awardee name", a.start, a.end, a.name)
        if a.honour_start is not None or a.honour_end is not None:
            bad("awardee honour", a.honour_start, a.honour_end, a.honour)
    for s, e, _ in doc.sentences:
        if not 0 <= s <= e <= len(text):
            out.append(Problem("span: sentence", f"[{s}:{e}] outside {len(text)} characters"))
    return out


def check(text: str, model=None, limit: float | None = None) -> tuple[float, list[Problem]]:
    """Seconds one text takes through :func:`reportmine.document.process`, and what went wrong."""
    from reportmine.document import process
    from reportmine.ingest.files import RawDocument

    t0 = time.perf_counter()
    alarm = limit is not None and hasattr(signal, "SIGALRM")
    if alarm:
        def _timeout(signum, frame):
            raise FuzzTimeout(f"over {limit} s")
        old = signal.signal(signal.SIGALRM, _timeout)
        signal.setitimer(signal.ITIMER_REAL, limit)
    try:
        doc = process(RawDocument(source="<fuzz>", text=text), model=model)
    except InputError:
        return time.perf_counter() - t0, []
    except FuzzTimeout:
        return time.perf_counter() - t0, [Problem("timeout", f"over {limit} s")]
    except Exception as e:  # noqa: BLE001 - what the harness is looking for
        return time.perf_counter() - t0, [Problem(f"{type(e).__name__} at {_place(e.__traceback__)}",
                                                  f"{type(e).__name__}: {e}"[:300])]
    finally:
        if alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, old)
    seconds = time.perf_counter() - t0
    problems = [Problem(f"{f.exception} at {f.place.splitlines()[-1] if f.place else '?'} (isolated: {f.stage})",
                        f.message[:300]) for f in doc.extraction.failures]
    return seconds, problems + spans(doc)


def shrink(text: str, kind: str, budget: int = 300, model=None) -> str:
    """A shorter input with a problem of the same kind (delta debugging: drop chunks while it stays)."""
    def fails(t: str) -> bool:
        return any(p.kind == kind for p in check(t, model, limit=30)[1])

    chunk = max(1, len(text) // 2)
    tries = 0
    while chunk >= 1 and tries < budget:
        i, changed = 0, False
        while i < len(text) and tries < budget:
            candidate = text[:i] + text[i + chunk:]
            tries += 1
            if candidate and fails(candidate):
                text, changed = candidate, True
            else:
                i += chunk
        if not changed:
            chunk //= 2
    return text


# ---------------------------------------------------------------------------------- the run

@dataclass
class Found:
    count: int
    example: str       # shortest input seen, then shrunk
    how: str
    detail: str


@dataclass
class FuzzReport:
    texts: int = 0
    seconds: float = 0.0
    characters: int = 0
    problems: dict[str, Found] = field(default_factory=dict)
    slowest: list[tuple[float, str, int, str]] = field(default_factory=list)  # (seconds, how, length, head)

    @property
    def rate(self) -> float:
        return self.texts / self.seconds if self.seconds else 0.0

    @property
    def ok(self) -> bool:
        return not self.problems

    def as_dict(self) -> dict:
        return {"texts": self.texts, "seconds": round(self.seconds, 1), "texts_per_second": round(self.rate, 1),
                "characters": self.characters,
                "problems": {k: {"count": f.count, "shortest": f.example, "how": f.how, "detail": f.detail}
                             for k, f in self.problems.items()},
                "slowest": [{"seconds": round(s, 3), "how": how, "length": n, "head": head}
                            for s, how, n, head in self.slowest]}

    def format(self) -> str:
        lines = [f"{self.texts} texts ({self.characters:,} characters) in {self.seconds:.1f} s: "
                 f"{self.rate:.1f} texts/s; {sum(f.count for f in self.problems.values())} problems "
                 f"of {len(self.problems)} kinds"]
        for kind, f in sorted(self.problems.items(), key=lambda kv: -kv[1].count):
            lines.append(f"  {f.count:6d} x {kind}\n           shortest ({len(f.example)} chars, {f.how}): "
                         f"{f.example[:200]!r}\n           {f.detail[:200]}")
        lines.append("slowest inputs:")
        for s, how, n, head in self.slowest:
            lines.append(f"  {s:7.3f} s  {n:7d} chars  {how}: {head!r}")
        return "\n".join(lines)


def fuzz(n: int, seed: int = 0, seeds: list[str] | None = None, model=None, shape_scale: float = 1.0,
         shape_every: int = 2000, limit: float = 120.0, keep_slowest: int = 10, shrink_budget: int = 300,
         echo: Callable[[str], None] | None = None, save: Callable[[FuzzReport], None] | None = None,
         every: int = 1000) -> FuzzReport:
    """Run ``n`` fuzzed texts (:func:`texts`) through :func:`check` and gather the report.

    Every ``every`` texts: a line to ``echo``, and the report so far (not shrunk) to ``save``, so
    that a long run stopped early still tells what it found."""
    if seeds is None:
        seeds = seed_texts(default_folders())
    check("我市现有女职工26.5万人。省劳模钟晓媛荣获全国五一劳动奖章。", model)  # load the gazetteers and segmenter untimed
    report = FuzzReport()
    slow: list[tuple[float, int, str, int, str]] = []  # min-heap of the slowest
    started = time.perf_counter()
    for i, (how, text) in enumerate(texts(seeds, n, seed, shape_scale, shape_every)):
        seconds, problems = check(text, model, limit)
        report.texts += 1
        report.characters += len(text)
        item = (seconds, i, how, len(text), text[:60])
        if len(slow) < keep_slowest:
            heapq.heappush(slow, item)
        else:
            heapq.heappushpop(slow, item)
        for p in problems:
            found = report.problems.get(p.kind)
            if found is None:
                report.problems[p.kind] = Found(1, text, how, p.detail)
            else:
                found.count += 1
                if len(text) < len(found.example):
                    found.example, found.how, found.detail = text, how, p.detail
        if (i + 1) % every == 0:
            report.seconds = time.perf_counter() - started
            report.slowest = _slowest(slow)
            if echo:
                echo(f"{i + 1} texts, {report.rate:.1f}/s, {sum(f.count for f in report.problems.values())} "
                     f"problems of {len(report.problems)} kinds")
            if save:
                save(report)
    report.seconds = time.perf_counter() - started
    for kind, found in report.problems.items():
        if shrink_budget and kind != "timeout":
            found.example = shrink(found.example, kind, shrink_budget, model)
    report.slowest = _slowest(slow)
    return report


def _slowest(heap: list) -> list[tuple[float, str, int, str]]:
    return [(s, how, length, head) for s, _, how, length, head in sorted(heap, reverse=True)]
