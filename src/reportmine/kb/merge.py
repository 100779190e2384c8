"""Combine knowledge bases (the shards of a distributed run) into one, as a single run would have.

A shard is a KB written by :func:`reportmine.pipeline.run`. Its documents are taken in order:
one the target already holds (same content hash) adds only the places it was seen; any other is
copied with its records, its entities are found or created in the target by their canonical
key (organisations with their parent chain), alias counts are recounted from the copied
mentions, and near duplicates are looked up again against everything stored before it. So
merging the shards of inputs split in order gives the KB a single run over the inputs gives:
the same documents, records, canonical entities and counts (only the row ids differ).
"""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from reportmine.kb import dedup
from reportmine.text.doc import Doc
from reportmine.errors import KBError
from reportmine.kb.search import title_terms
from reportmine.kb.store import MENTION_ENTITY, SCHEMA_VERSION, Store, _Writer

ENTITY_COLUMNS = {"programmes": ("name", "kind"), "honours": ("name", "level", "title", "issuer", "region_id")}


@dataclass
class MergeSummary:
    added: int = 0
    skipped: int = 0
    near_duplicates: int = 0
    errors: int = 0
    shards: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Shingled:  # what Store.near_duplicate reads of a document
    shingles: object
    band_keys: tuple
    signature: object


def open_shard(path: str | Path) -> sqlite3.Connection:
    """A shard, read-only; a clear error when it is missing or not a reportmine KB of this version."""
    path = Path(path)
    if not path.is_file():
        raise KBError(f"{path}: no such shard")
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        version = conn.execute("pragma user_version").fetchone()[0]
        conn.execute("select sha256 from documents limit 1")
    except sqlite3.DatabaseError as e:
        raise KBError(f"{path}: not a reportmine knowledge base ({e})") from e
    if version != SCHEMA_VERSION:
        raise KBError(f"{path}: KB schema version {version}, this reportmine merges version {SCHEMA_VERSION}")
    conn.row_factory = sqlite3.Row
    return conn


def merge(shards: list[str | Path], store: Store) -> MergeSummary:
    """Merge ``shards`` into ``store`` in the order given; each shard in one transaction."""
    summary = MergeSummary()
    for path in shards:
        conn = open_shard(path)
        try:
            with store.batch():
                _Shard(conn, store, summary).merge()
        finally:
            conn.close()
        summary.shards.append(str(path))
    return summary


class _Shard:
    def __init__(self, conn: sqlite3.Connection, store: Store, summary: MergeSummary):
        self.conn, self.store, self.db, self.summary = conn, store, store.db, summary
        self.ids: dict[tuple[str, int], int] = {}  # (table, shard id) -> target id
        self.documents: dict[int, int] = {}  # shard document id -> target id (documents added)

    def rows(self, sql: str, *params) -> list[sqlite3.Row]:
        return self.conn.execute(sql, params).fetchall()

    def merge(self) -> None:
        for doc in self.rows("select * from documents order by id"):
            sources = self.rows("select source, line from document_sources where document_id = ? order by id", doc["id"])
            known = self.store.has(doc["sha256"])
            if known is not None:
                for s in sources:
                    self.store.add_source(known, s["source"], s["line"])
                self.summary.skipped += 1
            else:
                self.document(doc, sources)
        for e in self.rows("select * from errors order by id"):
            row = {k: e[k] for k in e.keys() if k != "id"}
            if row.get("document_id") is not None:  # a failed part of a document: point at its copy
                row["document_id"] = self.documents.get(row["document_id"])
            with self.db.atomic():
                self.db["errors"].insert(row)
            self.summary.errors += 1

    # -- entities ---------------------------------------------------------------------------
    def entity(self, w: _Writer, table: str, shard_id: int | None) -> int | None:
        if shard_id is None:
            return None
        if (table, shard_id) in self.ids:
            return self.ids[(table, shard_id)]
        row = self.conn.execute(f"select * from [{table}] where id = ?", [shard_id]).fetchone()
        if table == "organisations":
            values = {"name": row["name"], "kind": row["kind"], "level": row["level"],
                      "parent_id": self.entity(w, "organisations", row["parent_id"]), "region_id": row["region_id"]}
        elif table == "people":
            values = {"name": row["name"], "organisation": row["organisation"],
                      "organisation_id": self.entity(w, "organisations", row["organisation_id"])}
        else:
            values = {c: row[c] for c in ENTITY_COLUMNS[table]}
        target = w.entity(table, row["key"], values)
        if table == "honours":
            w.fill(table, target, values)  # as the single run's awardees complete their honours
        self.ids[(table, shard_id)] = target
        return target

    # -- one document -----------------------------------------------------------------------
    def document(self, doc: sqlite3.Row, sources: list[sqlite3.Row]) -> None:
        store, db, w = self.store, self.db, _Writer(self.store)
        ids_before = dict(self.ids)
        try:
            with db.atomic():
                self.documents[doc["id"]] = self._copy(doc, sources, w)
        except Exception:
            self.ids = ids_before
            raise
        store._remember(w.pending, w.filled)
        self.summary.added += 1

    def _copy(self, doc: sqlite3.Row, sources: list[sqlite3.Row], w: _Writer) -> None:
        db, old = self.db, doc["id"]
        bands = tuple((r["band"], r["key"]) for r in self.rows(
            "select band, key from lsh_bands where document_id = ? order by band", old))
        grams = dedup.shingles(Doc(doc["text"]).shadow, simplified=True)
        signature = dedup.minhash(grams)
        original = self.store.near_duplicate(_Shingled(grams, bands, signature))
        row = {k: doc[k] for k in doc.keys() if k != "id"}
        row["duplicate_of"] = original[0] if original else None
        row["similarity"] = round(original[1], 3) if original else None
        self.summary.near_duplicates += original is not None
        new = db["documents"].insert(row).last_pk
        db["document_sources"].insert_all([{"document_id": new, "source": s["source"], "line": s["line"],
                                            "seen_at": row["added_at"]} for s in sources])
        self.store._index_near(new, bands, len(grams), signature)
        for m in self.rows("select * from mentions where document_id = ? order by id", old):
            values = {k: m[k] for k in m.keys() if k != "id"} | {"document_id": new}
            for label, (column, table) in MENTION_ENTITY.items():
                values[column] = self.entity(w, table, m[column])
                if values[column] is not None and m["label"] == label:
                    w.alias(table, values[column], m["text"])
            db["mentions"].insert(values)
        for f in self.rows("select * from figures where document_id = ? order by id", old):
            db["figures"].insert({k: f[k] for k in f.keys() if k != "id"} | {
                "document_id": new, "organisation_id": self.entity(w, "organisations", f["organisation_id"])})
        for a in self.rows("select * from awardees where document_id = ? order by id", old):
            values = {k: a[k] for k in a.keys() if k != "id"} | {
                "document_id": new, "person_id": self.entity(w, "people", a["person_id"]),
                "honour_id": self.entity(w, "honours", a["honour_id"]),
                "organisation_id": self.entity(w, "organisations", a["organisation_id"])}
            w.alias("honours", values["honour_id"], a["honour"])
            db["awardees"].insert(values)
        db["programme_runs"].insert_all([
            {"document_id": new, "programme_id": self.entity(w, "programmes", r["programme_id"]),
             "organisation_id": self.entity(w, "organisations", r["organisation_id"])}
            for r in self.rows("select * from programme_runs where document_id = ? order by id", old)], ignore=True)
        w.flush_aliases()
        sentences = self.rows("select start, end, words from sentences where document_id = ? order by start", old)
        self.store._index(new, doc["text"], title_terms(doc["title"]), " ".join(s["words"] for s in sentences),
                          [(s["start"], s["end"], s["words"]) for s in sentences])
        return new

