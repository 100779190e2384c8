"""Benchmark: end-to-end throughput against bare jieba, scaling with workers, peak memory.

1. corpus     - N synthetic reports recombined from the real texts (:func:`synthetic_documents`)
2. reference  - the same texts through bare ``jieba.lcut``, dictionary loaded first (:func:`time_jieba`)
3. startup    - ``reportmine run`` on one document: interpreter, imports, model load
4. runs       - ``reportmine run CORPUS --db FRESH --workers W`` for each W: wall clock and the peak
                RSS of the whole process tree (:func:`run_pipeline`)
5. memory     - the peak RSS of one-worker runs at each of ``rss_sizes`` documents
6. report     - :class:`BenchReport`: one table with the targets (``format``), JSON (``to_json``)

:func:`bench` does all of it; :func:`profile` runs the pipeline in-process under pyinstrument.

**The synthetic corpus.** The real texts are few (64 distinct, 60 k characters), so whole
paragraphs recombined repeat so often that a third of such documents are near duplicates of
another by the pipeline's own test (5-gram containment >= 0.8), which real reports are not. A
document here is the header (title, date and source lines) of one real text followed by
sentences drawn from several real texts of the same script (simplified or traditional), grouped
1-4 to a paragraph, until it has the length of a randomly chosen real text; in every sentence
the digits are redrawn, place names (``gazetteers/regions.tsv``) become other places of the same
level, consistently within the document, and a share (``variation``) of the common dictionary
words becomes another word of the same part of speech and length seen in the texts. Words any
gazetteer lists (union structure, honours, units, programme heads, award verbs...) are never
replaced, so the rules find about as much in a synthetic report as in a real one. Document ``i``
depends only on ``(seed, i)``: a smaller corpus is a prefix of a larger one.
"""
from __future__ import annotations

import hashlib
import itertools
import json
import os
import platform
import random
import re
import subprocess
import sys
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from reportmine import __version__
from reportmine.errors import ReportmineError

ROOT = Path(__file__).resolve().parents[3]
SHARED_FOLDERS = ("seeds", "dev", "unlabeled")
SEED = 13
VARIATION = 0.3
HEADER_MAX = 40  # a leading line shorter than this is header (title, date, source), not body
HEADER_LINES = 8
SENTENCE = re.compile(r".+?(?:[。！？!?；;]+[”’」』)）]*|$)")
SUBSTITUTABLE = frozenset({"n", "v", "vn", "a", "ad", "an", "d", "vd", "nz", "i", "l"})  # jieba's tags
DIGITS = re.compile(r"(?P<n>\d+)")
RSS_INTERVAL = 0.05  # seconds between samples of the process tree's memory
KB = 1000  # bytes of UTF-8 input text

RATIO_TARGET = 3.0  # end-to-end time / bare jieba time, one worker
SPEEDUP_TARGET = 1.7  # two workers against one
RSS_GROWTH_TARGET = 1.3  # peak RSS at the largest size / at the smallest
BUSY_MACHINE = 0.25  # cores other processes may keep busy before the report warns that timings are unreliable


class BenchError(ReportmineError):
    """The benchmark cannot run: no source texts, or a pipeline run failed."""


# -- 1. corpus --------------------------------------------------------------------------------

def default_sources(root: Path = ROOT) -> list[Path]:
    """The real texts: ``../shared/corpus/{seeds,dev,unlabeled}`` and ``corpus/``, those present."""
    folders = [root.parent / "shared" / "corpus" / name for name in SHARED_FOLDERS] + [root / "corpus"]
    return [f for f in folders if f.is_dir()]


def source_files(sources: Iterable[Path]) -> list[Path]:
    """The ``.txt`` files of ``sources`` (files, or folders: their ``*.txt``, not recursively)."""
    files = []
    for s in map(Path, sources):
        files += sorted(s.glob("*.txt")) if s.is_dir() else [s] if s.is_file() else []
    return files


@dataclass(frozen=True)
class Piece:
    """Part of a sentence: ``kind`` '' (kept), 'w' (a word that may be replaced: ``key`` is
    ``(traditional, tag, length)``), 'n' (digits), 'r' (a place name: ``key`` is its level)."""

    kind: str
    text: str
    key: tuple | str | None = None


@dataclass(frozen=True)
class SourceText:
    path: str
    traditional: bool
    chars: int
    header: tuple[tuple[Piece, ...], ...]
    units: tuple[tuple[tuple[Piece, ...], bool], ...]  # (sentence, stands on a line of its own)


@dataclass(frozen=True)
class Pool:
    """The real texts cut into headers and sentences, and the words that may replace others."""

    texts: tuple[SourceText, ...]
    vocab: dict  # (traditional, tag, length) -> words
    regions: dict  # level -> place names
    hashes: frozenset[str]  # SHA-256 of the real texts (stripped)

    def of_script(self, traditional: bool) -> list[SourceText]:
        return [t for t in self.texts if t.traditional == traditional]


@dataclass(frozen=True)
class SyntheticDocument:
    id: str
    title: str | None
    text: str
    sources: tuple[str, ...]  # the real texts its sentences come from

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class _Lexicon:
    protected: frozenset[str]
    lengths: tuple[int, ...]
    tags: dict
    tokenizer: object  # a jieba.Tokenizer of its own (default dictionary): words added elsewhere do not change the pool
    regions: dict  # name -> level
    region_re: re.Pattern


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    import logging

    import jieba
    import jieba.posseg

    from reportmine import gazetteers

    jieba.setLogLevel(logging.WARNING)  # as segment.tokenizer does: no dictionary-loading chatter

    protected = set()
    for name in gazetteers.available():
        for row in gazetteers.load(name):
            protected.update(v for v in row.values() if isinstance(v, str) and len(v) >= 2 and not v.isascii())
    regions = {r["name"]: r["level"] for r in gazetteers.load("regions") if len(r["name"]) >= 3}
    alternation = "|".join(map(re.escape, sorted(regions, key=len, reverse=True)))
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    return _Lexicon(frozenset(protected), tuple(sorted({len(w) for w in protected})),
                    jieba.posseg.dt.word_tag_tab, tokenizer, regions, re.compile(f"(?P<r>{alternation})|(?P<n>\\d+)"))


def load_pool(sources: Iterable[Path]) -> Pool:
    """Read and cut the real texts (duplicates by content once). Raises :class:`BenchError` when there are none."""
    from reportmine.text.doc import Doc
    from reportmine.ingest.files import read_text_file

    files = source_files(sources)
    texts, hashes = {}, set()
    for path in files:
        text = read_text_file(path).strip()
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        if digest not in hashes and text:
            hashes.add(digest)
            texts[str(path)] = text
    if not texts:
        where = ", ".join(map(str, sources)) or "no folders given"
        raise BenchError(f"no source texts (*.txt) found in {where}; the benchmark builds its corpus from the "
                         f"real texts in ../shared/corpus and corpus/")
    cut = [_cut(path, text, Doc(text).is_traditional) for path, text in texts.items()]
    vocab = defaultdict(set)
    for source in cut:
        for unit, _ in source.units:
            for piece in unit:
                if piece.kind == "w":
                    vocab[piece.key].add(piece.text)
    by_level = defaultdict(list)
    for name, level in sorted(_lexicon().regions.items()):
        by_level[level].append(name)
    return Pool(tuple(cut), {k: tuple(sorted(v)) for k, v in vocab.items()}, dict(by_level), frozenset(hashes))


def _cut(path: str, text: str, traditional: bool) -> SourceText:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    n = 0
    while n < min(HEADER_LINES, len(lines) - 1) and len(lines[n]) < HEADER_MAX:
        n += 1
    header = tuple(_pieces(line, traditional) for line in lines[:n])
    units = []
    for line in lines[n:]:
        if len(line) < HEADER_MAX:  # a subheading, caption or furniture line: kept whole, on its own line
            units.append((_pieces(line, traditional), True))
        else:
            units += [(_pieces(m.group(0), traditional), False) for m in SENTENCE.finditer(line)]
    return SourceText(path, traditional, len(text), header, tuple(units))


def _pieces(text: str, traditional: bool) -> tuple[Piece, ...]:
    """A sentence as pieces: place names and digits apart, the rest as jieba words."""
    from reportmine.text.script import to_simplified

    lex = _lexicon()
    shadow = to_simplified(text)
    protected = _protected_mask(shadow, lex)
    pieces, pos = [], 0
    pattern = DIGITS if traditional else lex.region_re  # place names are replaced in simplified texts only
    places = [(m.start(), m.end(), m.lastgroup) for m in pattern.finditer(text)]
    for start, end, kind in [*places, (len(text), len(text), None)]:
        for word, s, e in lex.tokenizer.tokenize(text[pos:start]) if start > pos else ():
            s, e = s + pos, e + pos
            tag = lex.tags.get(shadow[s:e])
            free = tag in SUBSTITUTABLE and e - s >= 2 and not any(protected[s:e])
            pieces.append(Piece("w", word, (traditional, tag, e - s)) if free else Piece("", word))
        if kind:
            level = lex.regions.get(text[start:end]) if kind == "r" else None
            pieces.append(Piece(kind, text[start:end], level))
        pos = end
    return tuple(pieces)


def _protected_mask(shadow: str, lex: _Lexicon) -> list[bool]:
    mask = [False] * len(shadow)
    for i in range(len(shadow)):
        for n in lex.lengths:
            if i + n > len(shadow):
                break
            if shadow[i:i + n] in lex.protected:
                mask[i:i + n] = [True] * n
    return mask


def synthetic_documents(pool: Pool, n: int, seed: int = SEED, variation: float = VARIATION) -> Iterator[SyntheticDocument]:
    """``n`` distinct synthetic reports; document ``i`` depends only on ``(seed, i)``."""
    seen = set(pool.hashes)
    for i in range(n):
        for attempt in itertools.count():
            rng = random.Random(f"{seed}:{i}:{attempt}")
            doc = _compose(pool, rng, variation, f"synthetic-{seed}-{i:06d}")
            if doc.sha256 not in seen:
                seen.add(doc.sha256)
                yield doc
                break


def _compose(pool: Pool, rng: random.Random, variation: float, doc_id: str) -> SyntheticDocument:
    head = rng.choice(pool.texts)
    donors = [d for d in pool.of_script(head.traditional) if d.units] or [d for d in pool.texts if d.units]
    target = rng.choice(donors).chars
    places: dict[str, str] = {}
    lines = [_render(p, pool, rng, variation, places) for p in head.header]
    size, used, paragraph, length = sum(map(len, lines)), set(), [], rng.randint(1, 4)
    while size < target or len(used) < min(2, len(donors)):
        donor = rng.choice(donors)
        unit, alone = rng.choice(donor.units)
        text = _render(unit, pool, rng, variation, places)
        used.add(donor.path)
        size += len(text)
        if paragraph and (alone or len(paragraph) >= length):
            lines.append("".join(paragraph))
            paragraph, length = [], rng.randint(1, 4)
        (lines.append if alone else paragraph.append)(text)
    if paragraph:
        lines.append("".join(paragraph))
    return SyntheticDocument(doc_id, lines[0] if head.header else None, "\n".join(lines), tuple(sorted(used)))


def _render(pieces: Sequence[Piece], pool: Pool, rng: random.Random, variation: float, places: dict) -> str:
    out = []
    for p in pieces:
        if p.kind == "w" and rng.random() < variation:
            out.append(rng.choice(pool.vocab[p.key]))
        elif p.kind == "n":
            out.append(_number(p.text, rng))
        elif p.kind == "r" and p.key in pool.regions:
            out.append(places.setdefault(p.text, rng.choice(pool.regions[p.key])))
        else:
            out.append(p.text)
    return "".join(out)


def _number(digits: str, rng: random.Random) -> str:
    """Digits of the same shape: years stay plausible years, months and days plausible months and
    days, zero padding is kept, a count keeps its number of digits."""
    value = int(digits)
    if len(digits) == 4 and digits[:2] in ("19", "20"):
        drawn = rng.randint(2010, 2025)
    elif len(digits) <= 2 and 1 <= value <= 31:
        drawn = rng.randint(1, 12 if value <= 12 else 31)
    elif digits.startswith("0"):
        return "".join(rng.choice("0123456789") for _ in digits)
    else:
        drawn = rng.randint(10 ** (len(digits) - 1), 10 ** len(digits) - 1)
    return str(drawn).zfill(len(digits)) if digits.startswith("0") else str(drawn)


@dataclass(frozen=True)
class CorpusInfo:
    path: str
    documents: int
    bytes: int
    seed: int
    variation: float
    source_texts: int

    @property
    def mean_bytes(self) -> float:
        return self.bytes / self.documents if self.documents else 0.0


def write_corpus(docs: Iterable[SyntheticDocument], path: Path) -> tuple[int, int]:
    """Write documents as JSON Lines (``id``, ``title``, ``text``); the number written and their text bytes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    count = size = 0
    with path.open("w", encoding="utf-8") as fh:
        for doc in docs:
            record = {"id": doc.id, "title": doc.title, "text": doc.text} if doc.title else {"id": doc.id, "text": doc.text}
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
            size += len(doc.text.encode("utf-8"))
    return count, size


def build_corpus(pool: Pool, n: int, path: Path, seed: int = SEED, variation: float = VARIATION) -> CorpusInfo:
    count, size = write_corpus(synthetic_documents(pool, n, seed, variation), path)
    return CorpusInfo(str(path), count, size, seed, variation, len(pool.texts))


def read_corpus(path: Path) -> Iterator[str]:
    """The texts of a corpus written by :func:`write_corpus`."""
    with Path(path).open(encoding="utf-8") as fh:
        for line in fh:
            yield json.loads(line)["text"]


def candidate_rate(texts: Sequence[str]) -> float:
    """Share of pairs of ``texts`` that the near-duplicate index makes candidates (sharing a MinHash
    band key), each of which costs ``reportmine run`` a containment check against the stored text."""
    from reportmine.kb import dedup
    from reportmine.ingest.clean import clean

    index: dict = defaultdict(list)
    pairs = 0
    for i, text in enumerate(texts):
        keys = set(dedup.band_keys(dedup.minhash(dedup.shingles(clean(text)))))
        pairs += len({j for key in keys for j in index[key]})
        for key in keys:
            index[key].append(i)
    total = len(texts) * (len(texts) - 1) // 2
    return pairs / total if total else 0.0


# -- 2. reference -----------------------------------------------------------------------------

@dataclass
class Timing:
    """One measured pass over a corpus."""

    label: str
    seconds: float
    documents: int
    bytes: int
    workers: int | None = None
    peak_rss: int | None = None  # bytes, summed over the process tree
    added: int | None = None
    near_duplicates: int | None = None
    errors: int | None = None
    log: str | None = None
    cpu_seconds: float | None = None  # user + system, over the measured processes
    other_cores: float | None = None  # cores other processes kept busy meanwhile, on average
    samples: tuple[float, ...] = ()  # seconds of every repeat, when this is the median of several

    @property
    def docs_per_s(self) -> float:
        return self.documents / self.seconds if self.seconds else 0.0

    @property
    def kb_per_s(self) -> float:
        return self.bytes / KB / self.seconds if self.seconds else 0.0

    def as_dict(self) -> dict:
        return asdict(self) | {"docs_per_s": round(self.docs_per_s, 2), "kb_per_s": round(self.kb_per_s, 2)}


def time_jieba(texts: Sequence[str]) -> Timing:
    """Bare ``jieba.lcut`` (default dictionary, precise mode, HMM) over ``texts``; loading the
    dictionary is done first and not timed."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    jieba.lcut(texts[0][:100] if texts else "预热")
    busy, cpu, start = _busy_cpu_seconds(), time.process_time(), time.perf_counter()
    for text in texts:
        jieba.lcut(text)
    seconds, cpu, busy = time.perf_counter() - start, time.process_time() - cpu, _busy_cpu_seconds() - busy
    return Timing("jieba.lcut", seconds, len(texts), sum(len(t.encode("utf-8")) for t in texts),
                  cpu_seconds=round(cpu, 2), other_cores=round(_others(busy, cpu, seconds), 2))


# -- 3.-5. pipeline runs ----------------------------------------------------------------------

@lru_cache(maxsize=1)
def run_options() -> str:
    """``reportmine run --help``, to see which options this version has (``--workers``)."""
    out = subprocess.run([sys.executable, "-m", "reportmine.cli", "run", "--help"], capture_output=True, text=True)
    return out.stdout


def run_command(corpus: Path, db: Path, workers: int, model: str | None) -> list[str]:
    """``reportmine run CORPUS --db DB [--workers W] [--no-model | --model DIR]``.

    ``model``: None for rules alone, ``"default"`` for the shipped model, else a model folder."""
    cmd = [sys.executable, "-m", "reportmine.cli", "run", str(corpus), "--db", str(db), "--no-progress"]
    if "--workers" in run_options():
        cmd += ["--workers", str(workers)]
    elif workers != 1:
        raise BenchError(f"`reportmine run` has no --workers option in this version: cannot run {workers} workers")
    if model is None:
        cmd.append("--no-model")
    elif model != "default":
        cmd += ["--model", str(model)]
    return cmd


class _TreeSampler(threading.Thread):
    """Samples a process and all its descendants every RSS_INTERVAL s: the peak of their summed
    RSS, and the CPU seconds (user + system) each has used, as last seen."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.peak, self.done = pid, 0, threading.Event()
        self.cpu: dict[int, float] = {}

    def run(self) -> None:
        import psutil

        try:
            root = psutil.Process(self.pid)
        except psutil.NoSuchProcess:
            return
        while not self.done.is_set():
            self.peak = max(self.peak, self._sample(root))
            self.done.wait(RSS_INTERVAL)

    def _sample(self, root) -> int:
        import psutil

        try:
            procs = [root, *root.children(recursive=True)]
        except psutil.NoSuchProcess:
            return 0
        total = 0
        for p in procs:
            try:
                with p.oneshot():
                    total += p.memory_info().rss
                    times = p.cpu_times()
                self.cpu[p.pid] = times.user + times.system
            except (psutil.NoSuchProcess, psutil.AccessDenied):  # a worker that just ended
                pass
        return total

    @property
    def cpu_seconds(self) -> float:
        return sum(self.cpu.values())


def _busy_cpu_seconds() -> float:
    """CPU seconds this machine has spent busy (all processes, all cores) since boot."""
    import psutil

    t = psutil.cpu_times()
    return sum(t) - t.idle - getattr(t, "iowait", 0.0) - getattr(t, "guest", 0.0) - getattr(t, "guest_nice", 0.0)


def _others(busy: float, ours: float, seconds: float) -> float:
    """Cores kept busy on average by processes other than the measured ones."""
    return max(0.0, (busy - ours) / seconds) if seconds else 0.0


SUMMARY = re.compile(r"(\d+) documents added.*?(\d+) near duplicates linked, (\d+) errors")


def run_pipeline(corpus: Path, db: Path, workers: int, model: str | None, documents: int, size: int,
                 label: str | None = None) -> Timing:
    """Time ``reportmine run`` on ``corpus`` into the fresh KB ``db`` and sample its memory.

    Raises :class:`BenchError` when the run fails (exit status other than 0, or 2: some inputs failed)."""
    _remove_kb(db)
    log = db.with_suffix(".log")
    cmd = run_command(corpus, db, workers, model)
    with log.open("w", encoding="utf-8") as out:
        busy, start = _busy_cpu_seconds(), time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT)
        sampler = _TreeSampler(proc.pid)
        sampler.start()
        status = proc.wait()
        seconds, busy = time.perf_counter() - start, _busy_cpu_seconds() - busy
    sampler.done.set()
    sampler.join()
    text = log.read_text(encoding="utf-8", errors="replace")
    if status not in (0, 2):
        tail = "\n".join(text.splitlines()[-15:])
        raise BenchError(f"`{' '.join(cmd)}` failed with exit status {status} (log {log}):\n{tail}")
    m = SUMMARY.search(text)
    added, dups, errors = (int(g) for g in m.groups()) if m else (None, None, None)
    return Timing(label or f"run, {workers} worker{'s' if workers > 1 else ''}", seconds, documents, size,
                  workers, sampler.peak, added, dups, errors, str(log), round(sampler.cpu_seconds, 2),
                  round(_others(busy, sampler.cpu_seconds, seconds), 2))


def _remove_kb(db: Path) -> None:
    import shutil

    for p in (db, Path(f"{db}-wal"), Path(f"{db}-shm"), Path(f"{db}-journal")):
        p.unlink(missing_ok=True)
    shards = Path(f"{db}.shards")
    if shards.is_dir():
        shutil.rmtree(shards)


# -- 6. report --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Target:
    name: str
    measured: float | None
    limit: float
    higher_is_better: bool

    @property
    def passed(self) -> bool | None:
        if self.measured is None:
            return None
        return self.measured >= self.limit if self.higher_is_better else self.measured <= self.limit

    @property
    def mark(self) -> str:
        return {True: "PASS", False: "FAIL", None: "not measured"}[self.passed]


@dataclass
class BenchReport:
    corpus: CorpusInfo
    model: str
    jieba: Timing
    startup: Timing | None
    runs: list[Timing]
    memory: list[Timing] = field(default_factory=list)
    candidate_rate: float | None = None  # synthetic corpus, sample
    real_candidate_rate: float | None = None
    machine: dict = field(default_factory=dict)
    json_path: str | None = None

    def run(self, workers: int) -> Timing | None:
        return next((r for r in self.runs if r.workers == workers), None)

    def ratio(self, run: Timing) -> float:
        """End-to-end time over bare jieba time on the same text (the target: <= 3.0 on one worker)."""
        return run.seconds / self.jieba.seconds if self.jieba.seconds else float("inf")

    def speedup(self, run: Timing) -> float | None:
        one = self.run(1)
        return one.seconds / run.seconds if one and run.seconds else None

    def rss_growth(self) -> float | None:
        sized = sorted((m for m in self.memory if m.peak_rss), key=lambda m: m.documents)
        if len(sized) < 2:
            return None
        return sized[-1].peak_rss / sized[0].peak_rss

    def targets(self) -> list[Target]:
        one, two = self.run(1), self.run(2)
        sized = sorted(self.memory, key=lambda m: m.documents)
        rss_name = (f"peak RSS, {sized[-1].documents} vs {sized[0].documents} documents" if len(sized) >= 2
                    else "peak RSS growth with documents")
        return [Target("end-to-end time / jieba time, 1 worker", self.ratio(one) if one else None, RATIO_TARGET, False),
                Target("speedup, 2 workers vs 1", self.speedup(two) if two else None, SPEEDUP_TARGET, True),
                Target(rss_name, self.rss_growth(), RSS_GROWTH_TARGET, False)]

    def as_dict(self) -> dict:
        out = {"corpus": asdict(self.corpus) | {"mean_bytes": round(self.corpus.mean_bytes, 1)}, "model": self.model,
               "jieba": self.jieba.as_dict(), "startup": self.startup.as_dict() if self.startup else None,
               "runs": [r.as_dict() | {"ratio": round(self.ratio(r), 3), "speedup": _round(self.speedup(r))}
                        for r in self.runs],
               "memory": [m.as_dict() for m in self.memory], "rss_growth": _round(self.rss_growth()),
               "candidate_rate": {"synthetic": self.candidate_rate, "real": self.real_candidate_rate},
               "targets": [{"name": t.name, "measured": _round(t.measured), "limit": t.limit,
                            "higher_is_better": t.higher_is_better, "passed": t.passed} for t in self.targets()],
               "machine": self.machine}
        return out

    def to_json(self) -> str:
        return json.dumps(self.as_dict(), ensure_ascii=False, indent=1)

    def format(self) -> str:
        c = self.corpus
        lines = [f"reportmine bench: {c.documents} synthetic documents, {c.bytes / 1e6:.2f} MB "
                 f"(mean {c.mean_bytes:.0f} B) from {c.source_texts} real texts (seed {c.seed}, variation "
                 f"{c.variation}); model: {self.model}; {self.machine.get('cpus')} CPUs", ""]
        if self.startup:
            lines.append(f"startup (`reportmine run` on 1 document): {self.startup.seconds:.2f} s, "
                         f"peak RSS {_mb(self.startup.peak_rss)}")
        if self.candidate_rate is not None:
            lines.append(f"near-duplicate candidate pairs (MinHash bands): synthetic {self.candidate_rate:.3%} "
                         f"of pairs, real texts {self.real_candidate_rate:.3%}")
        lines += ["", _table(["", "seconds", "docs/s", "KB/s", "ratio", "excl. startup", "speedup", "peak RSS",
                              "CPU s", "others", "near dups"], self._rows())]
        if self.memory:
            lines += ["", "peak RSS, 1 worker:", _table(
                ["documents", "seconds", "docs/s", "KB/s", "peak RSS", "CPU s", "others"],
                [[str(m.documents), f"{m.seconds:.2f}", f"{m.docs_per_s:.1f}", f"{m.kb_per_s:.1f}", _mb(m.peak_rss),
                  _num(m.cpu_seconds), _num(m.other_cores)] for m in sorted(self.memory, key=lambda m: m.documents)])]
        lines += ["", _table(["target", "measured", "limit", ""], [
            [t.name, "-" if t.measured is None else f"{t.measured:.2f}",
             f"{'>=' if t.higher_is_better else '<='} {t.limit}", t.mark] for t in self.targets()])]
        busy = [t for t in [self.jieba, *self.runs, *self.memory] if (t.other_cores or 0) > BUSY_MACHINE]
        if busy:
            lines += ["", "warning: other processes kept " + ", ".join(f"{t.other_cores:.1f} cores busy during "
                                                                         f"'{t.label}'" for t in busy)
                      + f" (of {self.machine.get('cpus')}): those timings are not reliable; rerun on an idle machine"]
        lines.append("(CPU s: CPU time of the measured processes; others: cores other processes kept busy meanwhile)")
        spread = [t for t in [self.jieba, self.startup, *self.runs] if t and len(t.samples) > 1]
        if spread:
            lines.append(f"(each timing is the median of {len(spread[0].samples)} interleaved runs; all runs, s: "
                         + "; ".join(f"{t.label} " + ", ".join(f"{x:.2f}" for x in t.samples) for t in spread) + ")")
        if self.json_path:
            lines += ["", f"JSON report: {self.json_path}"]
        return "\n".join(lines)

    def _rows(self) -> list[list[str]]:
        j = self.jieba
        rows = [[j.label + " (reference)", f"{j.seconds:.2f}", f"{j.docs_per_s:.1f}", f"{j.kb_per_s:.1f}",
                 "1.00", "", "", "", _num(j.cpu_seconds), _num(j.other_cores), ""]]
        for r in self.runs:
            work = r.seconds - self.startup.seconds if self.startup else None
            rows.append([r.label, f"{r.seconds:.2f}", f"{r.docs_per_s:.1f}", f"{r.kb_per_s:.1f}",
                         f"{self.ratio(r):.2f}", f"{work / j.seconds:.2f}" if work and j.seconds else "",
                         f"{self.speedup(r):.2f}x" if self.speedup(r) else "", _mb(r.peak_rss),
                         _num(r.cpu_seconds), _num(r.other_cores),
                         "" if r.near_duplicates is None else str(r.near_duplicates)])
        return rows


def _num(x: float | None) -> str:
    return "" if x is None else f"{x:.1f}"


def _round(x: float | None) -> float | None:
    return None if x is None else round(x, 3)


def _mb(n: int | None) -> str:
    return "" if not n else f"{n / 2**20:.0f} MiB"


def _table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    fmt = lambda row: "  ".join(str(v).ljust(w) if i == 0 else str(v).rjust(w)  # noqa: E731
                                for i, (v, w) in enumerate(zip(row, widths))).rstrip()
    return "\n".join([fmt(header), fmt(["-" * w for w in widths]), *map(fmt, rows)])


# -- all of it --------------------------------------------------------------------------------

def bench(n: int = 2000, workers: Sequence[int] = (1, 2), sources: Sequence[Path] | None = None,
          out_dir: Path = Path("build/bench"), model: str | None = None, rss_sizes: Sequence[int] | None = None,
          seed: int = SEED, variation: float = VARIATION, keep_kbs: bool = False,
          echo: Callable[[str], None] = print, repeat: int = 1) -> BenchReport:
    """Build an ``n``-document synthetic corpus, time bare jieba and ``reportmine run`` with each
    number of ``workers`` on it, measure peak RSS at each of ``rss_sizes`` documents (one worker),
    write the JSON report to ``out_dir`` and return the report (``.format()`` is the table).

    ``model``: None for rules alone, ``"default"`` for the shipped model, else a model folder.
    ``repeat``: time jieba, start-up and every worker count that many times, interleaved, and report
    each one's median run (the spread is in the report)."""
    if n < 1:
        raise BenchError("the corpus needs at least one document (n >= 1)")
    if repeat < 1:
        raise BenchError("repeat must be at least 1")
    workers = sorted(set(workers)) or [1]
    if min(workers) < 1:
        raise BenchError("workers must be at least 1")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    tag = "rules" if model is None else "default-model" if model == "default" else Path(model).name

    sources = default_sources() if sources is None else list(sources)
    echo(f"reading the real texts from {', '.join(map(str, sources))}")
    pool = load_pool(sources)
    echo(f"1. corpus: {n} synthetic documents from {len(pool.texts)} real texts")
    corpus = build_corpus(pool, n, out_dir / f"corpus-{n}-seed{seed}.jsonl", seed, variation)
    texts = list(read_corpus(Path(corpus.path)))
    sample = texts[:300]
    rates = candidate_rate(sample), candidate_rate([_joined(t) for t in pool.texts])

    one = build_corpus(pool, 1, out_dir / f"corpus-1-seed{seed}.jsonl", seed, variation)
    timed: dict[str, list[Timing]] = {}
    for rep in range(1, repeat + 1):  # interleaved, so a slow spell of the machine touches every figure alike
        of = f" (repeat {rep}/{repeat})" if repeat > 1 else ""
        echo(f"2. reference: bare jieba.lcut{of}")
        timed.setdefault("jieba", []).append(time_jieba(texts))
        echo(f"3. startup: reportmine run on 1 document{of}")
        timed.setdefault("startup", []).append(
            run_pipeline(Path(one.path), out_dir / f"kb-{tag}-startup.sqlite", 1, model, 1, one.bytes, "startup"))
        for w in workers:
            echo(f"4. reportmine run, {w} worker(s), {n} documents{of}")
            t = run_pipeline(Path(corpus.path), out_dir / f"kb-{tag}-{n}-w{w}.sqlite", w, model, n, corpus.bytes)
            timed.setdefault(f"w{w}", []).append(t)
            echo(f"   {t.seconds:.1f} s, peak RSS {_mb(t.peak_rss)}")
    del texts
    jieba_timing, startup = median_run(timed["jieba"]), median_run(timed["startup"])
    runs = [median_run(timed[f"w{w}"]) for w in workers]
    memory = _memory_runs(pool, rss_sizes or [], runs, out_dir, model, tag, seed, variation, echo)
    if not keep_kbs:
        for path in out_dir.glob(f"kb-{tag}-*.sqlite"):
            _remove_kb(path)

    report = BenchReport(corpus, "rules only" if model is None else model, jieba_timing, startup, runs, memory,
                         rates[0], rates[1], _machine())
    path = out_dir / f"report-{tag}-{n}.json"
    report.json_path = str(path)
    path.write_text(report.to_json() + "\n", encoding="utf-8")
    return report


def median_run(timings: Sequence[Timing]) -> Timing:
    """The run of median time (the lower middle one of an even number), with every run's seconds."""
    chosen = sorted(timings, key=lambda t: t.seconds)[(len(timings) - 1) // 2]
    return replace(chosen, samples=tuple(t.seconds for t in timings)) if len(timings) > 1 else chosen


def _memory_runs(pool: Pool, sizes: Sequence[int], runs: list[Timing], out_dir: Path, model: str | None, tag: str,
                 seed: int, variation: float, echo: Callable[[str], None]) -> list[Timing]:
    memory = []
    for size in sorted(set(sizes)):
        done = next((r for r in runs if r.workers == 1 and r.documents == size), None)
        if done is None:
            echo(f"5. memory: reportmine run, 1 worker, {size} documents")
            corpus = build_corpus(pool, size, out_dir / f"corpus-{size}-seed{seed}.jsonl", seed, variation)
            done = run_pipeline(Path(corpus.path), out_dir / f"kb-{tag}-{size}-w1.sqlite", 1, model, size,
                                corpus.bytes)
            echo(f"   {done.seconds:.1f} s, peak RSS {_mb(done.peak_rss)}")
        memory.append(replace(done, label=f"{size} documents"))
    return memory


def _joined(source: SourceText) -> str:
    """A real text again, from its pieces (its lines stripped, sentences of a paragraph on lines of their own)."""
    return "\n".join("".join(p.text for p in unit) for unit in [*source.header, *(u for u, _ in source.units)])


def _machine() -> dict:
    import psutil

    return {"cpus": os.cpu_count(), "physical_cores": psutil.cpu_count(logical=False),
            "memory_gib": round(psutil.virtual_memory().total / 2**30, 1), "python": platform.python_version(),
            "platform": platform.platform(), "reportmine": __version__,
            "time": time.strftime("%Y-%m-%dT%H:%M:%S%z")}


# -- profiling --------------------------------------------------------------------------------

@dataclass(frozen=True)
class ProfileEntry:
    function: str
    location: str
    own: float  # seconds in the function itself
    cumulative: float  # seconds in it and what it calls (recursion counted once)


@dataclass
class ProfileReport:
    documents: int
    seconds: float
    entries: list[ProfileEntry]
    text_path: str
    html_path: str

    def top(self, key: str = "own", limit: int = 15) -> list[ProfileEntry]:
        return sorted(self.entries, key=lambda e: getattr(e, key), reverse=True)[:limit]

    def format(self, limit: int = 15) -> str:
        out = [f"profile: {self.documents} documents in {self.seconds:.2f} s (pyinstrument; tree {self.text_path}, "
               f"{self.html_path})"]
        for key in ("own", "cumulative"):
            out += ["", f"top {limit} by {key} time",
                    _table(["function", "own s", "cum s", "own %", "location"], [
                        [e.function, f"{e.own:.2f}", f"{e.cumulative:.2f}", f"{100 * e.own / self.seconds:.1f}",
                         e.location] for e in self.top(key, limit)])]
        return "\n".join(out)


def profile(n: int, out: Path, model: str | None = None, sources: Sequence[Path] | None = None, seed: int = SEED,
            variation: float = VARIATION, after: int = 0, echo: Callable[[str], None] = print) -> ProfileReport:
    """Run the pipeline in this process over ``n`` synthetic documents under pyinstrument; write
    ``profile.txt`` (call tree) and ``profile.html`` to ``out``. The first document is processed
    before profiling starts, so loading gazetteers, tokenizer and model is left out.

    ``after``: first store that many other documents of the corpus into the KB, unprofiled, to see
    where the time goes once the KB is large (documents ``after`` to ``after + n - 1`` are profiled)."""
    from pyinstrument import Profiler

    from reportmine.ingest.files import RawDocument
    from reportmine.learn.model import resolve
    from reportmine.document import process
    from reportmine.pipeline import run
    from reportmine.kb.store import Store

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    pool = load_pool(sources if sources is not None else default_sources())
    docs = synthetic_documents(pool, after + n, seed, variation)
    before, profiled = out / f"corpus-first-{after}-seed{seed}.jsonl", out / f"corpus-{after}+{n}-seed{seed}.jsonl"
    if after:
        write_corpus(itertools.islice(docs, after), before)
    write_corpus(docs, profiled)
    loaded = resolve(None if model in (None, "default") else model, use_model=model is not None)
    process(RawDocument("warm-up", next(read_corpus(profiled))), loaded)
    db = out / "profile.sqlite"
    _remove_kb(db)
    profiler = Profiler(interval=0.001)
    with Store(db) as store:
        if after:
            echo(f"storing {after} documents first (not profiled) ...")
            run([str(before)], store, model=loaded)
        echo(f"profiling {n} documents ...")
        profiler.start()
        run([str(profiled)], store, model=loaded)
        profiler.stop()
    text_path, html_path = out / "profile.txt", out / "profile.html"
    text_path.write_text(profiler.output_text(unicode=True, color=False), encoding="utf-8")
    html_path.write_text(profiler.output_html(), encoding="utf-8")
    root = profiler.last_session.root_frame()
    return ProfileReport(n, profiler.last_session.duration, _flat_profile(root), str(text_path), str(html_path))


def _flat_profile(root) -> list[ProfileEntry]:
    """Own and cumulative time per function from pyinstrument's call tree."""
    own: dict = defaultdict(float)
    cumulative: dict = defaultdict(float)
    active: dict = defaultdict(int)

    def visit(frame) -> None:
        if frame.is_synthetic:
            return
        key = (frame.function, f"{frame.file_path_short}:{frame.line_no}")
        own[key] += frame.total_self_time
        if not active[key]:  # recursion: count the outermost call only
            cumulative[key] += frame.time
        active[key] += 1
        for child in frame.children:
            visit(child)
        active[key] -= 1

    if root is not None:
        visit(root)
    return [ProfileEntry(f, loc, own[(f, loc)], cumulative[(f, loc)]) for f, loc in cumulative]
