"""Store: processed documents into the SQLite knowledge base, one transaction per document.

The KB contract (names fixed; ``shared/annotation/score_kb.py`` reads it):
``documents``, ``mentions``, ``figures``, ``awardees`` per-document rows, with foreign keys to
the entity tables ``organisations``, ``programmes``, ``people`` and ``honours``; plus ``errors``
and ``runs``. Documents are keyed by the SHA-256 of their cleaned text, so running the same
input again adds nothing.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import sqlite_utils

from .entities import name_key, person_key
from .records import Extraction

SCHEMA_VERSION = 1

ENTITY_TABLES = {
    "organisations": {"id": int, "key": str, "name": str},
    "programmes": {"id": int, "key": str, "name": str},
    "honours": {"id": int, "key": str, "name": str},
    "people": {"id": int, "key": str, "name": str, "organisation": str},
}
MENTION_ENTITY = {"ORG": ("organisation_id", "organisations"), "PROGRAMME": ("programme_id", "programmes"),
                  "HONOUR": ("honour_id", "honours")}


@dataclass(frozen=True, slots=True)
class ProcessedDocument:
    source: str
    title: str | None
    text: str
    sha256: str
    script: str
    extraction: Extraction


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class Store:
    """The knowledge base file. Create it (or open an existing one) with ``Store(path)``."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite_utils.Database(self.path)
        self.db.execute("pragma journal_mode=wal")
        self.db.execute("pragma foreign_keys=on")
        self._create_schema()
        self._entity_ids: dict[tuple[str, str], int] = {}

    def close(self) -> None:
        self.db.conn.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # -- schema -----------------------------------------------------------------------------
    def _create_schema(self) -> None:
        db = self.db
        for table, columns in ENTITY_TABLES.items():
            db[table].create(columns, pk="id", not_null={"key", "name"}, if_not_exists=True)
            db[table].create_index(["key"], unique=True, if_not_exists=True)
        db["documents"].create(
            {"id": int, "source": str, "title": str, "text": str, "sha256": str, "chars": int,
             "script": str, "added_at": str},
            pk="id", not_null={"source", "text", "sha256"}, if_not_exists=True)
        db["documents"].create_index(["sha256"], unique=True, if_not_exists=True)
        common = {"extractor": str, "extractor_version": str, "confidence": float}
        db["mentions"].create(
            {"id": int, "document_id": int, "label": str, "text": str, "start": int, "end": int,
             "organisation_id": int, "programme_id": int, "honour_id": int, **common},
            pk="id", not_null={"document_id", "label", "text", "start", "end"},
            foreign_keys=[("document_id", "documents", "id"), ("organisation_id", "organisations", "id"),
                          ("programme_id", "programmes", "id"), ("honour_id", "honours", "id")],
            if_not_exists=True)
        db["figures"].create(
            {"id": int, "document_id": int, "text": str, "start": int, "end": int, "value": float,
             "value_max": float, "unit": str, "qualifier": str, "subject": str, "subject_start": int,
             "subject_end": int, **common},
            pk="id", not_null={"document_id", "text", "value"},
            foreign_keys=[("document_id", "documents", "id")], if_not_exists=True)
        db["awardees"].create(
            {"id": int, "document_id": int, "name": str, "kind": str, "honour": str, "organisation": str,
             "start": int, "end": int, "honour_start": int, "honour_end": int, "person_id": int,
             "honour_id": int, "organisation_id": int, **common},
            pk="id", not_null={"document_id", "name", "kind", "honour"},
            foreign_keys=[("document_id", "documents", "id"), ("person_id", "people", "id"),
                          ("honour_id", "honours", "id"), ("organisation_id", "organisations", "id")],
            if_not_exists=True)
        db["errors"].create({"id": int, "source": str, "line": int, "message": str, "at": str},
                            pk="id", if_not_exists=True)
        db["runs"].create({"id": int, "started": str, "finished": str, "inputs": str, "added": int,
                           "skipped": int, "errors": int, "reportmine_version": str},
                          pk="id", if_not_exists=True)
        for table in ("mentions", "figures", "awardees"):
            db[table].create_index(["document_id"], if_not_exists=True)
        db["mentions"].create_index(["label", "text"], if_not_exists=True)
        db.execute(f"pragma user_version={SCHEMA_VERSION}")

    # -- reads ------------------------------------------------------------------------------
    def has(self, sha256: str) -> int | None:
        """The id of the document with this content hash, if stored."""
        row = self.db.execute("select id from documents where sha256 = ?", [sha256]).fetchone()
        return row[0] if row else None

    def counts(self) -> dict[str, int]:
        return {t: self.db[t].count for t in ("documents", "mentions", "figures", "awardees", "errors")}

    # -- writes -----------------------------------------------------------------------------
    def add(self, doc: ProcessedDocument) -> int:
        """Store one document and all its records in one transaction; return its id."""
        new_entities: dict[tuple[str, str], int] = {}
        with self.db.atomic():  # commits on success, rolls back everything on any error
            doc_id = self.db["documents"].insert(
                {"source": doc.source, "title": doc.title, "text": doc.text, "sha256": doc.sha256,
                 "chars": len(doc.text), "script": doc.script, "added_at": now()}).last_pk
            ex = doc.extraction
            self.db["mentions"].insert_all(
                [self._mention_row(doc_id, m, new_entities) for m in ex.mentions])
            self.db["figures"].insert_all([self._figure_row(doc_id, f) for f in ex.figures])
            self.db["awardees"].insert_all([self._awardee_row(doc_id, a, new_entities) for a in ex.awardees])
        self._entity_ids.update(new_entities)  # only once committed: a rollback leaves no stale ids
        return doc_id

    def add_error(self, source: str, message: str, line: int | None = None) -> None:
        with self.db.atomic():
            self.db["errors"].insert({"source": source, "line": line, "message": message, "at": now()})

    def add_run(self, started: str, inputs: list[str], added: int, skipped: int, errors: int) -> None:
        from . import __version__

        with self.db.atomic():
            self.db["runs"].insert({"started": started, "finished": now(), "inputs": "\n".join(inputs),
                                    "added": added, "skipped": skipped, "errors": errors,
                                    "reportmine_version": __version__})

    def _entity(self, table: str, key: str, values: dict, pending: dict) -> int:
        cache_key = (table, key)
        found = self._entity_ids.get(cache_key) or pending.get(cache_key)
        if found:
            return found
        row = self.db.execute(f"select id from [{table}] where key = ?", [key]).fetchone()
        entity_id = row[0] if row else self.db[table].insert({"key": key, **values}).last_pk
        pending[cache_key] = entity_id
        return entity_id

    def _mention_row(self, doc_id: int, m, pending: dict) -> dict:
        row = {"document_id": doc_id, "label": m.label, "text": m.text, "start": m.start, "end": m.end,
               "organisation_id": None, "programme_id": None, "honour_id": None,
               "extractor": m.extractor, "extractor_version": m.version, "confidence": m.confidence}
        if m.label in MENTION_ENTITY:
            column, table = MENTION_ENTITY[m.label]
            row[column] = self._entity(table, name_key(m.text), {"name": m.text}, pending)
        return row

    @staticmethod
    def _figure_row(doc_id: int, f) -> dict:
        return {"document_id": doc_id, "text": f.text, "start": f.start, "end": f.end, "value": f.value,
                "value_max": f.value_max, "unit": f.unit, "qualifier": f.qualifier, "subject": f.subject,
                "subject_start": f.subject_start, "subject_end": f.subject_end, "extractor": f.extractor,
                "extractor_version": f.version, "confidence": f.confidence}

    def _awardee_row(self, doc_id: int, a, pending: dict) -> dict:
        person = self._entity("people", person_key(a.name, a.organisation),
                              {"name": a.name, "organisation": a.organisation}, pending)
        honour = self._entity("honours", name_key(a.honour), {"name": a.honour}, pending)
        org = (self._entity("organisations", name_key(a.organisation), {"name": a.organisation}, pending)
               if a.organisation else None)
        return {"document_id": doc_id, "name": a.name, "kind": a.kind, "honour": a.honour,
                "organisation": a.organisation, "start": a.start, "end": a.end,
                "honour_start": a.honour_start, "honour_end": a.honour_end, "person_id": person,
                "honour_id": honour, "organisation_id": org, "extractor": a.extractor,
                "extractor_version": a.version, "confidence": a.confidence}
