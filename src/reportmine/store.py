"""Store: processed documents into the SQLite knowledge base, one transaction per document.

The KB contract (names fixed; ``shared/annotation/score_kb.py`` reads it):
``documents``, ``mentions``, ``figures``, ``awardees`` per-document rows, with foreign keys to
the entity tables ``organisations``, ``programmes``, ``people`` and ``honours``; plus ``errors``
and ``runs``. Documents are keyed by the SHA-256 of their cleaned text, so running the same
input again adds nothing.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import json

import sqlite_utils

from . import dedup
from .entities import name_key, person_key
from .records import Extraction

SCHEMA_VERSION = 2
DOCUMENT_COLUMNS = {"id": int, "source": str, "line": int, "title": str, "date": str, "url": str,
                    "source_name": str, "author": str, "record_id": str, "text": str, "sha256": str,
                    "chars": int, "script": str, "duplicate_of": int, "similarity": float, "meta": str,
                    "added_at": str}

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
    line: int | None = None
    meta: dict = field(default_factory=dict)  # date, url, source_name, author, record_id, extra
    shingles: frozenset = frozenset()
    band_keys: tuple = ()


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
        db["documents"].create(DOCUMENT_COLUMNS, pk="id", not_null={"source", "text", "sha256"},
                               foreign_keys=[("duplicate_of", "documents", "id")], if_not_exists=True)
        self._add_missing_columns("documents", DOCUMENT_COLUMNS)
        db["documents"].create_index(["sha256"], unique=True, if_not_exists=True)
        db["document_sources"].create({"id": int, "document_id": int, "source": str, "line": int, "seen_at": str},
                                      pk="id", foreign_keys=[("document_id", "documents", "id")], if_not_exists=True)
        db["document_sources"].create_index(["document_id"], if_not_exists=True)
        db["lsh_bands"].create({"document_id": int, "band": int, "key": int}, pk=("band", "key", "document_id"),
                               foreign_keys=[("document_id", "documents", "id")], if_not_exists=True)
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
                           "skipped": int, "errors": int, "reportmine_version": str, "model": str},
                          pk="id", if_not_exists=True)
        self._add_missing_columns("runs", {"model": str})
        for table in ("mentions", "figures", "awardees"):
            db[table].create_index(["document_id"], if_not_exists=True)
        db["mentions"].create_index(["label", "text"], if_not_exists=True)
        self._create_views()
        db.execute(f"pragma user_version={SCHEMA_VERSION}")

    def _add_missing_columns(self, table: str, columns: dict) -> None:
        """Upgrade a KB written by an older reportmine: add the columns it lacks (all nullable)."""
        have = self.db[table].columns_dict
        for name, kind in columns.items():
            if name not in have:
                self.db[table].add_column(name, kind)

    def _create_views(self) -> None:
        """Entity statistics that count each near-duplicate family once (originals only)."""
        for view, table, column in (("organisation_stats", "organisations", "organisation_id"),
                                    ("programme_stats", "programmes", "programme_id"),
                                    ("honour_stats", "honours", "honour_id")):
            self.db.create_view(view, f"""
                select e.id, e.name, count(m.id) as mentions, count(distinct m.document_id) as documents
                from [{table}] e join mentions m on m.{column} = e.id
                join documents d on d.id = m.document_id and d.duplicate_of is null
                group by e.id order by documents desc, mentions desc""", replace=True)
        self.db.create_view("people_stats", """
            select p.id, p.name, p.organisation, count(a.id) as awards, count(distinct a.document_id) as documents
            from people p join awardees a on a.person_id = p.id
            join documents d on d.id = a.document_id and d.duplicate_of is null
            group by p.id order by documents desc, awards desc""", replace=True)

    # -- reads ------------------------------------------------------------------------------
    def has(self, sha256: str) -> int | None:
        """The id of the document with this content hash, if stored."""
        row = self.db.execute("select id from documents where sha256 = ?", [sha256]).fetchone()
        return row[0] if row else None

    def near_duplicate(self, doc: ProcessedDocument) -> tuple[int, float] | None:
        """The stored original this text is a near duplicate of, with the containment, if any."""
        if not doc.band_keys:
            return None
        clause = " or ".join(["(band = ? and key = ?)"] * len(doc.band_keys))
        params = [v for pair in doc.band_keys for v in pair]
        candidates = [r[0] for r in self.db.execute(
            f"select distinct document_id from lsh_bands where {clause} limit 50", params)]
        best = None
        for doc_id in candidates:
            row = self.db.execute("select text, duplicate_of from documents where id = ?", [doc_id]).fetchone()
            score = dedup.containment(doc.shingles, dedup.shingles(row[0]))
            if score >= dedup.CONTAINMENT and (best is None or score > best[1]):
                best = (row[1] or doc_id, score)  # point at the family's original
        return best

    def add_source(self, document_id: int, source: str, line: int | None) -> bool:
        """Record that an exact duplicate was seen at ``source``; False when already recorded."""
        seen = self.db.execute("select 1 from document_sources where document_id = ? and source = ? and "
                               "line is ?", [document_id, source, line]).fetchone()
        if seen:
            return False
        with self.db.atomic():
            self.db["document_sources"].insert({"document_id": document_id, "source": source, "line": line,
                                                "seen_at": now()})
        return True

    def counts(self) -> dict[str, int]:
        out = {t: self.db[t].count for t in ("documents", "mentions", "figures", "awardees", "errors")}
        out["near duplicates"] = self.db.execute("select count(*) from documents where duplicate_of is not null").fetchone()[0]
        return out

    # -- writes -----------------------------------------------------------------------------
    def add(self, doc: ProcessedDocument) -> tuple[int, int | None]:
        """Store one document and all its records in one transaction.

        Returns its id and, for a near duplicate, the id of the original it repeats."""
        new_entities: dict[tuple[str, str], int] = {}
        with self.db.atomic():  # commits on success, rolls back everything on any error
            original = self.near_duplicate(doc)
            doc_id = self.db["documents"].insert(self._document_row(doc, original)).last_pk
            self.db["document_sources"].insert({"document_id": doc_id, "source": doc.source, "line": doc.line,
                                                "seen_at": now()})
            self.db["lsh_bands"].insert_all([{"document_id": doc_id, "band": b, "key": k} for b, k in doc.band_keys])
            ex = doc.extraction
            self.db["mentions"].insert_all(
                [self._mention_row(doc_id, m, new_entities) for m in ex.mentions])
            self.db["figures"].insert_all([self._figure_row(doc_id, f) for f in ex.figures])
            self.db["awardees"].insert_all([self._awardee_row(doc_id, a, new_entities) for a in ex.awardees])
        self._entity_ids.update(new_entities)  # only once committed: a rollback leaves no stale ids
        return doc_id, original[0] if original else None

    def add_error(self, source: str, message: str, line: int | None = None) -> None:
        with self.db.atomic():
            self.db["errors"].insert({"source": source, "line": line, "message": message, "at": now()})

    def add_run(self, started: str, inputs: list[str], added: int, skipped: int, errors: int,
                model: str | None = None) -> None:
        from . import __version__

        with self.db.atomic():
            self.db["runs"].insert({"started": started, "finished": now(), "inputs": "\n".join(inputs),
                                    "added": added, "skipped": skipped, "errors": errors,
                                    "reportmine_version": __version__, "model": model or "rules only"},
                                   )

    @staticmethod
    def _document_row(doc: ProcessedDocument, original: tuple[int, float] | None) -> dict:
        meta = doc.meta
        return {"source": doc.source, "line": doc.line, "title": doc.title, "date": meta.get("date"),
                "url": meta.get("url"), "source_name": meta.get("source_name"), "author": meta.get("author"),
                "record_id": meta.get("record_id"), "text": doc.text, "sha256": doc.sha256,
                "chars": len(doc.text), "script": doc.script,
                "duplicate_of": original[0] if original else None,
                "similarity": round(original[1], 3) if original else None,
                "meta": json.dumps(meta["extra"], ensure_ascii=False) if meta.get("extra") else None,
                "added_at": now()}

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
