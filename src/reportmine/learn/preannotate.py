"""Pre-annotation: the current extractors' mentions as Doccano or Label Studio tasks, least certain first
(for an adapted model, :func:`reportmine.learn.adapt.priority`: uncertainty and names new to its lexicon).

The tasks carry the cleaned text (the text spans index), so an export of the corrected tasks
reads straight back into ``reportmine train``.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

from reportmine.learn import annotations
from reportmine.text.doc import Doc
from reportmine.errors import InputError
from reportmine.extractors import extract_doc
from reportmine.ingest.files import iter_documents
from reportmine.document import prepare


def tasks_of(paths, fmt: str, model=None, encoding: str | None = None) -> tuple[list[dict], list[str]]:
    """(tasks sorted least certain first, error messages) for the documents in ``paths``."""
    if fmt not in ("doccano", "labelstudio"):
        raise ValueError(f"unknown format {fmt!r} (doccano or labelstudio)")
    version = model.version if model is not None else "rules"
    scored, errors, seen = [], [], set()
    for item in iter_documents(paths, encoding=encoding):
        if isinstance(item, InputError):
            errors.append(str(item))
            continue
        try:
            text, sha = prepare(item)
        except InputError as e:
            errors.append(str(e))
            continue
        if sha in seen:
            continue
        seen.add(sha)
        mentions = extract_doc(Doc(text), model).mentions
        source = f"{item.source}:{item.line}" if item.line else item.source
        adapter = getattr(model, "adapter", None)
        if adapter is None:
            unsure = annotations.uncertainty(m.confidence for m in mentions)
        else:  # an adapted model: its uncertainty and how new the names are to its lexicon
            from reportmine.learn.adapt import LEXICON_LABELS, priority

            own = [m for m in mentions if m.extractor != "lexicon" and not m.extractor.startswith("rules")]
            unsure = priority(own, [m.text for m in mentions if m.label in LEXICON_LABELS], adapter.lexicon)
        task = (annotations.doccano_task(text, mentions, source) if fmt == "doccano"
                else annotations.labelstudio_task_of(text, mentions, source, version))
        scored.append((-unsure, source, task))
    scored.sort(key=lambda t: (t[0], t[1]))
    return [t for _, _, t in scored], errors


def pre_annotate(paths, out: Path, fmt: str, model=None, encoding: str | None = None) -> tuple[int, list[str]]:
    """Write the tasks to ``out`` (whole file or nothing); return (task count, errors)."""
    tasks, errors = tasks_of(paths, fmt, model, encoding)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".part")
    with open(tmp, "w", encoding="utf-8") as fh:
        if fmt == "doccano":
            for task in tasks:
                fh.write(json.dumps(task, ensure_ascii=False) + "\n")
        else:
            json.dump(tasks, fh, ensure_ascii=False, indent=1)
    os.replace(tmp, out)
    if fmt == "labelstudio":
        out.with_name(out.stem + ".config.xml").write_text(annotations.LABELSTUDIO_CONFIG, encoding="utf-8")
    return len(tasks), errors
