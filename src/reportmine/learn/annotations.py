"""Annotated samples in, character spans out; and pre-annotations out for correction.

Formats read by :func:`read` (one path may be a file or a folder):

- our gold format (GUIDELINES.md): a folder of texts with a ``gold/`` folder beside them, or the
  ``gold/`` folder itself. Gold is a bag of strings per text; :func:`locate` turns it into spans
  by finding every occurrence in the cleaned text (longest first, no overlaps). Optional items
  become *ignored* regions: the model is neither rewarded nor punished there.
- Doccano JSON Lines: ``{"text": ..., "label": [[start, end, "LABEL"], ...]}``, the older
  ``labels`` key, or ``entities`` with ``start_offset``/``end_offset``.
- Label Studio JSON exports (full, with ``annotations``; or JSON-MIN with ``label``).
- spaCy DocBin (``.spacy``): ``doc.ents`` and every ``doc.spans`` group.

Every failure is an :class:`~reportmine.errors.AnnotationError` naming the file and line.
"""
from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from reportmine.errors import AnnotationError, ReportmineError
from reportmine.text.script import to_simplified

LABELS = ("ORG", "PROGRAMME", "PERSON", "HONOUR")
_QUOTES = re.compile(r"^[“”\"'‘’「」『』《》]+|[“”\"'‘’「」『』《》]+$")
_GLOSS = re.compile(r"\([a-zA-Z\u00e0-\u01dc\u0300-\u036f?]+\)")  # pinyin glosses: cleaning removes them from texts


@dataclass(frozen=True, slots=True, order=True)
class Span:
    start: int
    end: int
    label: str


@dataclass
class Annotated:
    """One annotated text: the cleaned text and the labelled spans that index it."""

    source: str                       # the file it came from
    text: str
    spans: tuple[Span, ...]
    line: int | None = None           # line (JSON Lines, Label Studio task) or None
    ignore: tuple[tuple[int, int], ...] = ()  # optional regions: neither positive nor negative
    gold: dict | None = field(default=None, repr=False)  # the gold record, for a gold-format text

    @property
    def name(self) -> str:
        return f"{self.source}:{self.line}" if self.line else self.source

    def bags(self) -> dict[str, tuple[set[str], set[str]]]:
        """Per label, the (required, optional) surface strings: what mention-level scoring compares."""
        out: dict[str, tuple[set[str], set[str]]] = {label: (set(), set()) for label in LABELS}
        if self.gold is not None:
            for item, label, optional in gold_items(self.gold):
                out[label][optional].add(item)
        else:
            for s in self.spans:
                out[s.label][0].add(self.text[s.start:s.end])
        return out

    def counts(self, mentions) -> dict[str, tuple[int, int, int]]:
        """Per label, (tp, fp, fn) of ``mentions`` against this text: distinct normalised strings, as
        score_kb.py counts ORG and PROGRAMME; optional strings are neither right nor wrong."""
        from reportmine.evaluate.scoring import norm

        out = {}
        for label, bag in self.bags().items():
            req, opt = (({norm(x) for x in b} - {""}) for b in bag)
            got = {norm(m.text) for m in mentions if m.label == label} - {""}
            out[label] = (len(got & req), len(got - req - opt), len(req - got))
        return out

    def check_flat(self) -> None:
        """Raise unless the spans are disjoint (what a token-tagging model can learn)."""
        ordered = sorted(self.spans)
        for a, b in zip(ordered, ordered[1:]):
            if b.start < a.end:
                raise AnnotationError(self.source, f"overlapping spans {a.label} {a.start}-{a.end} "
                                      f"{self.text[a.start:a.end]!r} and {b.label} {b.start}-{b.end} "
                                      f"{self.text[b.start:b.end]!r}: the NER model takes one label per "
                                      "character; keep one of them", self.line)


# ---------------------------------------------------------------------------- gold format

def gold_items(gold: dict) -> Iterator[tuple[str, str, bool]]:
    """(surface string, label, optional) for every string a gold record names."""
    for key, label in (("orgs", "ORG"), ("programmes", "PROGRAMME")):
        for item in gold.get(key, []):
            yield item["text"], label, bool(item.get("optional"))
    for a in gold.get("awardees", []):
        optional = bool(a.get("optional"))
        if a.get("kind") == "person" and a.get("name"):
            yield a["name"], "PERSON", optional
        if a.get("honour"):
            yield a["honour"], "HONOUR", optional


def locate(text: str, items: Iterable[tuple[str, str, bool]]) -> tuple[tuple[Span, ...], tuple[tuple[int, int], ...]]:
    """Spans for a bag of strings: every occurrence, longest first, none overlapping another.

    Strings are found in the text as written and in its simplified shadow (gold may be written in
    either script). Optional strings give ignored regions instead of spans.
    """
    shadow = to_simplified(text)
    found: list[tuple[int, int, str, bool]] = []
    for surface, label, optional in items:
        surface = _QUOTES.sub("", _GLOSS.sub("", surface).strip())
        if not surface:
            continue
        for haystack, needle in ((text, surface), (shadow, to_simplified(surface))):
            for m in re.finditer(re.escape(needle), haystack):
                found.append((m.start(), m.end(), label, optional))
    found.sort(key=lambda f: (-(f[1] - f[0]), f[3], f[0]))  # longest first; required before optional
    taken = [False] * len(text)
    spans, ignore = set(), set()
    for start, end, label, optional in found:
        if any(taken[start:end]):
            continue
        taken[start:end] = [True] * (end - start)
        (ignore.add((start, end)) if optional else spans.add(Span(start, end, label)))
    return tuple(sorted(spans)), tuple(sorted(ignore))


TEXTS_POINTER = "TEXTS"


def texts_of(gold_dir: Path) -> Path:
    """The folder holding the texts a gold folder describes: the folder above ``gold/`` (or the gold
    folder itself), unless that folder has a ``TEXTS`` file, whose first line is the texts' folder
    relative to it. Annotations of texts that may not be copied (third-party reports) live in the
    repository that way, pointing at the texts where they are."""
    base = gold_dir.parent if gold_dir.name == "gold" else gold_dir
    pointer = base / TEXTS_POINTER
    if not pointer.is_file():
        return base
    lines = [ln.strip() for ln in pointer.read_text(encoding="utf-8").splitlines()]
    target = next((ln for ln in lines if ln and not ln.startswith("#")), "")
    if not target:
        raise AnnotationError(pointer, "names no folder of texts (one path per file, relative to it)")
    where = (base / target).resolve()
    if not where.is_dir():
        raise AnnotationError(pointer, f"names {target}, which is not a folder (resolved to {where})")
    return where


def read_gold_folder(folder: Path) -> list[Annotated]:
    """Texts with gold JSON files (``folder/gold/*.json``, or ``folder`` is the gold folder)."""
    from reportmine.ingest.clean import clean
    from reportmine.evaluate.scoring import load_gold
    from reportmine.ingest.files import read_text_file

    gold_dir = folder / "gold" if (folder / "gold").is_dir() else folder
    text_dir = texts_of(gold_dir)
    out = []
    for name, gold in load_gold(gold_dir).items():
        path = text_dir / name
        if not path.is_file():
            raise AnnotationError(gold_dir / (Path(name).stem + ".json"), f"names {name}, which is not in {text_dir}")
        try:
            text = clean(read_text_file(path))
        except ReportmineError as e:
            raise AnnotationError(path, str(e)) from e
        spans, ignore = locate(text, gold_items(gold))
        out.append(Annotated(str(path), text, spans, ignore=ignore, gold=gold))
    return out


# ---------------------------------------------------------------------------- Doccano

def _label(raw, source, line) -> str:
    label = str(raw).strip().upper()
    if label not in LABELS:
        raise AnnotationError(source, f"unknown label {raw!r}; reportmine labels are {', '.join(LABELS)}", line)
    return label


def _span(text: str, start, end, label, source, line) -> Span:
    if not (isinstance(start, int) and isinstance(end, int)) or not 0 <= start < end <= len(text):
        raise AnnotationError(source, f"span {start}-{end} ({label}) is outside the text of "
                              f"{len(text)} characters", line)
    return Span(start, end, _label(label, source, line))


def doccano_record(record, source: str, line: int | None) -> Annotated:
    """One Doccano record (sequence labelling export) as an :class:`Annotated`."""
    if not isinstance(record, dict):
        raise AnnotationError(source, "expected a JSON object", line)
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise AnnotationError(source, "record has no 'text'", line)
    spans = []
    for key in ("label", "labels"):
        for item in record.get(key) or []:
            if not (isinstance(item, (list, tuple)) and len(item) == 3):
                raise AnnotationError(source, f"'{key}' items must be [start, end, label], got {item!r}", line)
            spans.append(_span(text, *item, source, line))
    for item in record.get("entities") or []:
        if not isinstance(item, dict):
            raise AnnotationError(source, f"'entities' items must be objects, got {item!r}", line)
        spans.append(_span(text, item.get("start_offset"), item.get("end_offset"), item.get("label"), source, line))
    return Annotated(source, text, tuple(sorted(set(spans))), line=line)


def read_doccano(path: Path) -> list[Annotated]:
    out = []
    with open(path, encoding="utf-8-sig") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as e:
                raise AnnotationError(path, f"malformed JSON: {e.msg} (column {e.colno})", n) from e
            out.append(doccano_record(record, str(path), n))
    return out


# ---------------------------------------------------------------------------- Label Studio

def _array_items(raw: str, path: Path) -> Iterator[tuple[int, object]]:
    """(line, item) for every element of a top-level JSON array, so errors can name the line."""
    decoder = json.JSONDecoder()
    ws = re.compile(r"[\s,]*")
    try:
        pos = ws.match(raw, 0).end()
        if raw[pos:pos + 1] != "[":
            raise AnnotationError(path, "a Label Studio export is a JSON array of tasks", 1)
        pos = ws.match(raw, pos + 1).end()
        while raw[pos:pos + 1] != "]":
            if pos >= len(raw):
                raise AnnotationError(path, "malformed JSON: the array is not closed", raw.count("\n", 0, pos) + 1)
            item, end = decoder.raw_decode(raw, pos)
            yield raw.count("\n", 0, pos) + 1, item
            pos = ws.match(raw, end).end()
    except json.JSONDecodeError as e:
        raise AnnotationError(path, f"malformed JSON: {e.msg} (column {e.colno})", e.lineno) from e


def labelstudio_task(task, source: str, line: int) -> Annotated | None:
    """A Label Studio task's latest completed annotation (None when the task has none)."""
    if not isinstance(task, dict):
        raise AnnotationError(source, "expected a task object", line)
    data = task.get("data", task)
    text = data.get("text") if isinstance(data, dict) else None
    if not isinstance(text, str) or not text.strip():
        raise AnnotationError(source, "task has no data.text", line)
    if "annotations" in task or "completions" in task:
        done = [a for a in task.get("annotations") or task.get("completions") or []
                if isinstance(a, dict) and not a.get("was_cancelled")]
        if not done:
            return None
        results = done[-1].get("result") or []
    else:  # JSON-MIN export: {"text": ..., "label": [{"start", "end", "labels"}]}
        results = [{"type": "labels", "value": v} for v in task.get("label") or []]
    spans = []
    for r in results:
        if not isinstance(r, dict) or r.get("type", "labels") != "labels":
            continue
        value = r.get("value") or {}
        for label in value.get("labels") or []:
            spans.append(_span(text, value.get("start"), value.get("end"), label, source, line))
    return Annotated(source, text, tuple(sorted(set(spans))), line=line)


def read_labelstudio(path: Path) -> list[Annotated]:
    raw = path.read_text(encoding="utf-8-sig")
    tasks = (labelstudio_task(task, str(path), line) for line, task in _array_items(raw, path))
    return [t for t in tasks if t is not None]


# ---------------------------------------------------------------------------- spaCy DocBin

def read_docbin(path: Path) -> list[Annotated]:
    from spacy.tokens import DocBin
    from spacy.vocab import Vocab

    try:
        docs = list(DocBin().from_disk(path).get_docs(Vocab()))
    except Exception as e:  # noqa: BLE001 - spaCy raises several kinds for a bad file
        raise AnnotationError(path, f"not a spaCy DocBin: {e}") from e
    out = []
    for n, doc in enumerate(docs, 1):
        spans = {_span(doc.text, s.start_char, s.end_char, s.label_, str(path), n) for s in doc.ents}
        for group in doc.spans.values():
            spans |= {_span(doc.text, s.start_char, s.end_char, s.label_, str(path), n) for s in group}
        out.append(Annotated(str(path), doc.text, tuple(sorted(spans)), line=n))
    return out


# ---------------------------------------------------------------------------- dispatch

def read(paths: Iterable[str | os.PathLike]) -> list[Annotated]:
    """Every annotated text in ``paths`` (gold folders, Doccano, Label Studio, DocBin files)."""
    out: list[Annotated] = []
    for p in map(Path, paths):
        if not p.exists():
            raise AnnotationError(p, "no such file or folder")
        if p.is_dir():
            if (p / "gold").is_dir() or (p.name == "gold" and any(p.glob("*.json"))):
                out += read_gold_folder(p)
            else:
                found = sorted(f for f in p.rglob("*") if f.suffix in (".jsonl", ".json", ".spacy"))
                if not found:
                    raise AnnotationError(p, "holds no gold/ folder and no .jsonl, .json or .spacy files")
                out += read(found)
        elif p.suffix == ".spacy":
            out += read_docbin(p)
        elif p.suffix == ".jsonl":
            out += read_doccano(p)
        elif p.suffix == ".json":
            head = p.read_text(encoding="utf-8-sig")[:4096].lstrip()
            out += read_labelstudio(p) if head.startswith("[") else read_doccano(p)
        else:
            raise AnnotationError(p, "unknown annotation format (expected a gold folder, .jsonl, .json or .spacy)")
    return out


# ---------------------------------------------------------------------------- pre-annotation

def uncertainty(confidences: Iterable[float]) -> float:
    """How unsure a document's pre-annotation is: 1 when some span sits at confidence 0.5, 0 when all are certain."""
    return max((1 - abs(2 * c - 1) for c in confidences), default=0.0)


def doccano_task(text: str, mentions, source: str) -> dict:
    return {"text": text,
            "label": [[m.start, m.end, m.label] for m in mentions if m.label in LABELS],
            "meta": {"source": source, "uncertainty": round(uncertainty(m.confidence for m in mentions), 3)}}


def labelstudio_task_of(text: str, mentions, source: str, model_version: str) -> dict:
    result = [{"id": f"m{i}", "from_name": "label", "to_name": "text", "type": "labels", "score": m.confidence,
               "value": {"start": m.start, "end": m.end, "text": m.text, "labels": [m.label]}}
              for i, m in enumerate(m for m in mentions if m.label in LABELS)]
    unsure = uncertainty(m.confidence for m in mentions)
    return {"data": {"text": text, "source": source},
            "predictions": [{"model_version": model_version, "score": round(1 - unsure, 3), "result": result}]}


LABELSTUDIO_CONFIG = """<View>
  <Labels name="label" toName="text">
    <Label value="ORG"/>
    <Label value="PROGRAMME"/>
    <Label value="PERSON"/>
    <Label value="HONOUR"/>
  </Labels>
  <Text name="text" value="$text"/>
</View>
"""
