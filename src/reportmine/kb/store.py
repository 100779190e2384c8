"""Store: processed documents into the SQLite knowledge base, one transaction per document.

The KB contract (names fixed; ``shared/annotation/score_kb.py`` reads it):
``documents``, ``mentions``, ``figures``, ``awardees`` per-document rows, with foreign keys to
the entity tables ``organisations(id, name, kind, level, parent_id, region_id)``,
``regions(id, name, level, code, parent_id)``, ``programmes(id, name, kind)``,
``honours(id, name, level)`` and ``people(id, name)``; the view
``mention_links(document_id, label, text, canonical)``; plus ``errors`` and ``runs``.
Documents are keyed by the SHA-256 of their cleaned text, so running the same input again adds
nothing. Entities are keyed by their canonical name (organisations also by region: two 朝阳区
bodies are two rows), so every surface form of one body shares its row; the forms are kept in
``organisation_aliases``, ``programme_variants`` and ``honour_aliases``.
"""
from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import json
import sys

import numpy as np


def _import_sqlite_utils():
    """sqlite-utils imports pandas, when installed, only to map ``pd.Timestamp`` values to TEXT. The
    KB never stores pandas values, and pandas costs a fifth of a second in every process that
    starts (each run and each worker): import sqlite-utils as if pandas were absent, unless it is
    already loaded."""
    if "pandas" in sys.modules:
        import sqlite_utils
        return sqlite_utils
    sys.modules["pandas"] = None  # `import pandas` raises ImportError while this stands
    try:
        import sqlite_utils
    finally:
        del sys.modules["pandas"]
    return sqlite_utils


sqlite_utils = _import_sqlite_utils()

from reportmine.kb import dedup
from reportmine.link.keys import name_key, person_key
from reportmine.records import Extraction, pickled_by_fields

SCHEMA_VERSION = 5  # 5: documents.incomplete, errors.document_id/stage/exception/place (added in place)
NEAR_CANDIDATES = 8  # stored texts checked by containment for each new one
DOCUMENT_COLUMNS = {"id": int, "source": str, "line": int, "title": str, "date": str, "url": str,
                    "source_name": str, "author": str, "record_id": str, "text": str, "sha256": str,
                    "chars": int, "script": str, "duplicate_of": int, "similarity": float, "meta": str,
                    "added_at": str, "incomplete": int}
ERROR_COLUMNS = {"id": int, "source": str, "line": int, "message": str, "at": str,
                 "document_id": int, "stage": str, "exception": str, "place": str}

ENTITY_TABLES = {
    "regions": {"id": int, "key": str, "name": str, "level": str, "code": str, "parent_id": int},
    "organisations": {"id": int, "key": str, "name": str, "kind": str, "level": str, "parent_id": int,
                      "region_id": int},
    "programmes": {"id": int, "key": str, "name": str, "kind": str},
    "honours": {"id": int, "key": str, "name": str, "level": str, "title": str, "issuer": str, "region_id": int},
    "people": {"id": int, "key": str, "name": str, "organisation": str, "organisation_id": int},
}
ENTITY_FOREIGN_KEYS = {
    "regions": [("parent_id", "regions", "id")],
    "organisations": [("parent_id", "organisations", "id"), ("region_id", "regions", "id")],
    "honours": [("region_id", "regions", "id")],
    "people": [("organisation_id", "organisations", "id")],
}
ALIAS_TABLES = {"organisations": ("organisation_aliases", "organisation_id", "alias"),
                "programmes": ("programme_variants", "programme_id", "variant"),
                "honours": ("honour_aliases", "honour_id", "alias")}
MENTION_ENTITY = {"ORG": ("organisation_id", "organisations"), "PROGRAMME": ("programme_id", "programmes"),
                  "HONOUR": ("honour_id", "honours")}


@pickled_by_fields
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
    shingles: object = ()  # dedup.shingles: sorted distinct 5-gram hashes
    band_keys: tuple = ()
    signature: object = ()  # dedup.minhash of the shingles
    links: object = None  # reportmine.link.Links
    sentences: tuple = ()  # (start, end, index terms) per sentence, for full-text search
    title_words: str = ""

    @property
    def words(self) -> str:
        """The text's index terms, space-separated: its sentences' (derived, not sent between processes)."""
        return " ".join(terms for _, _, terms in self.sentences)


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class Store:
    """The knowledge base file. Create it (or open an existing one) with ``Store(path)``."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite_utils.Database(self.path)
        self.db.execute("pragma journal_mode=wal")
        # with a write-ahead log, NORMAL syncs at checkpoints, not at every commit: a power cut can
        # lose the last batches (which the next run redoes, by hash), never corrupt the file
        self.db.execute("pragma synchronous=normal")
        self.db.execute("pragma temp_store=memory")
        self.db.execute("pragma foreign_keys=on")
        self._entity_ids: dict[tuple[str, str], int] = {}
        self._insert_sql: dict[tuple, str] = {}
        self._shingle_cache: dict[int, tuple] = {}
        self._batching = 0  # depth of batch() blocks
        self._fts_pending: list[tuple[int, str, str]] = []  # (document id, title terms, terms) to index
        self._filled: dict[tuple[str, int], frozenset] = {}  # columns of entity rows known non-null
        self._create_schema()

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
            db[table].create(columns, pk="id", not_null={"key", "name"}, if_not_exists=True,
                             foreign_keys=ENTITY_FOREIGN_KEYS.get(table, []))
            self._add_missing_columns(table, columns)
            db[table].create_index(["key"], unique=True, if_not_exists=True)
        for entity, (table, column, alias) in ALIAS_TABLES.items():
            db[table].create({"id": int, column: int, alias: str, "mentions": int}, pk="id",
                             foreign_keys=[(column, entity, "id")], if_not_exists=True)
            db[table].create_index([column, alias], unique=True, if_not_exists=True)
        if not db["regions"].count:
            self._load_regions()
        db["documents"].create(DOCUMENT_COLUMNS, pk="id", not_null={"source", "text", "sha256", "incomplete"},
                               defaults={"incomplete": 0},
                               foreign_keys=[("duplicate_of", "documents", "id")], if_not_exists=True)
        if "incomplete" not in db["documents"].columns_dict:  # a KB before version 5: every document complete
            db["documents"].add_column("incomplete", int, not_null_default=0)
        self._add_missing_columns("documents", DOCUMENT_COLUMNS)
        db["documents"].create_index(["sha256"], unique=True, if_not_exists=True)
        db["document_sources"].create({"id": int, "document_id": int, "source": str, "line": int, "seen_at": str},
                                      pk="id", foreign_keys=[("document_id", "documents", "id")], if_not_exists=True)
        db["document_sources"].create_index(["document_id"], if_not_exists=True)
        db["lsh_bands"].create({"document_id": int, "band": int, "key": int}, pk=("band", "key", "document_id"),
                               foreign_keys=[("document_id", "documents", "id")], if_not_exists=True)
        # added after version 4 without a new version: a document stored before has no signature
        # and its candidacy is checked exactly, as it was then
        db["lsh_signatures"].create({"document_id": int, "shingles": int, "signature": bytes}, pk="document_id",
                                    foreign_keys=[("document_id", "documents", "id")], if_not_exists=True)
        common = {"extractor": str, "extractor_version": str, "confidence": float}
        db["mentions"].create(
            {"id": int, "document_id": int, "label": str, "text": str, "start": int, "end": int,
             "organisation_id": int, "programme_id": int, "honour_id": int, "link": str, **common},
            pk="id", not_null={"document_id", "label", "text", "start", "end"},
            foreign_keys=[("document_id", "documents", "id"), ("organisation_id", "organisations", "id"),
                          ("programme_id", "programmes", "id"), ("honour_id", "honours", "id")],
            if_not_exists=True)
        db["figures"].create(
            {"id": int, "document_id": int, "text": str, "start": int, "end": int, "value": float,
             "value_max": float, "unit": str, "qualifier": str, "subject": str, "subject_start": int,
             "subject_end": int, "metric": str, "organisation_id": int, "period": int, **common},
            pk="id", not_null={"document_id", "text", "value"},
            foreign_keys=[("document_id", "documents", "id"), ("organisation_id", "organisations", "id")],
            if_not_exists=True)
        db["programme_runs"].create({"id": int, "document_id": int, "programme_id": int, "organisation_id": int},
                                    pk="id", foreign_keys=[("document_id", "documents", "id"),
                                                           ("programme_id", "programmes", "id"),
                                                           ("organisation_id", "organisations", "id")],
                                    if_not_exists=True)
        db["programme_runs"].create_index(["document_id", "programme_id", "organisation_id"], unique=True,
                                          if_not_exists=True)
        db["awardees"].create(
            {"id": int, "document_id": int, "name": str, "kind": str, "honour": str, "organisation": str,
             "start": int, "end": int, "honour_start": int, "honour_end": int, "person_id": int,
             "honour_id": int, "organisation_id": int, **common},
            pk="id", not_null={"document_id", "name", "kind", "honour"},
            foreign_keys=[("document_id", "documents", "id"), ("person_id", "people", "id"),
                          ("honour_id", "honours", "id"), ("organisation_id", "organisations", "id")],
            if_not_exists=True)
        db["errors"].create(ERROR_COLUMNS, pk="id", if_not_exists=True)
        self._add_missing_columns("errors", ERROR_COLUMNS)  # before version 5: input errors only
        db["runs"].create({"id": int, "started": str, "finished": str, "inputs": str, "added": int,
                           "skipped": int, "errors": int, "reportmine_version": str, "model": str},
                          pk="id", if_not_exists=True)
        db["sentences"].create({"id": int, "document_id": int, "start": int, "end": int, "text": str, "words": str},
                               pk="id",
                               not_null={"document_id", "start", "end", "text"},
                               foreign_keys=[("document_id", "documents", "id")], if_not_exists=True)
        db["sentences"].create_index(["document_id", "start"], if_not_exists=True)
        # full-text indexes of the segmented terms (reportmine.kb.search): rowid = the row's id. The
        # sentences keep their terms (a merge copies them); a document's are its sentences' terms.
        db.execute("create virtual table if not exists documents_fts using fts5(title, words, content='')")
        db.execute("create virtual table if not exists sentences_fts using fts5(words, content='sentences', "
                   "content_rowid='id')")
        self._add_missing_columns("runs", {"model": str})
        self._add_missing_columns("mentions", {"link": str})
        self._add_missing_columns("figures", {"metric": str, "organisation_id": int, "period": int})
        for table in ("mentions", "figures", "awardees"):
            db[table].create_index(["document_id"], if_not_exists=True)
        db["mentions"].create_index(["label", "text"], if_not_exists=True)
        self._create_views()
        if db.execute("pragma user_version").fetchone()[0] < 4:
            self._upgrade_to_4()
        db.execute(f"pragma user_version={SCHEMA_VERSION}")

    def _add_missing_columns(self, table: str, columns: dict) -> None:
        """Upgrade a KB written by an older reportmine: add the columns it lacks (all nullable)."""
        have = self.db[table].columns_dict
        for name, kind in columns.items():
            if name not in have:
                self.db[table].add_column(name, kind)

    def _upgrade_to_4(self) -> None:
        """Upgrade a KB written before version 4 (one transaction): index its documents for
        full-text search, and recompute their near-duplicate band keys (the hashing changed)."""
        from reportmine.text.doc import Doc
        from reportmine.kb.search import document_terms, title_terms

        with self.db.atomic():
            self.db.execute("delete from lsh_bands")
            self.db.execute("delete from lsh_signatures")
            for doc_id, text in self.db.execute("select id, text from documents").fetchall():
                grams = dedup.shingles(Doc(text).shadow, simplified=True)
                signature = dedup.minhash(grams)
                self._index_near(doc_id, dedup.band_keys(signature), len(grams), signature)
            for doc_id, title, text in self.db.execute(
                    "select id, title, text from documents where id not in (select document_id from sentences)"
            ).fetchall():
                sentences, words = document_terms(Doc(text))
                self._index(doc_id, text, title_terms(title), words, sentences)

    def _index(self, doc_id: int, text: str, title_words: str, words: str, sentences) -> None:
        """A document's sentences and its full-text entries. Inside :meth:`batch` the FTS rows wait
        for the end of the batch: FTS5 writes a segment at every savepoint, so indexing per
        document would write (and then merge) one small segment per document."""
        self.db.conn.executemany(
            "insert into sentences (document_id, start, end, text, words) values (?, ?, ?, ?, ?)",
            [(doc_id, start, end, text[start:end], terms) for start, end, terms in sentences])
        if self._batching:
            self._fts_pending.append((doc_id, title_words, words))
        else:
            self._fts_index([(doc_id, title_words, words)])

    def _fts_index(self, docs: list[tuple[int, str, str]]) -> None:
        conn = self.db.conn
        conn.executemany("insert into documents_fts (rowid, title, words) values (?, ?, ?)", docs)
        conn.executemany("insert into sentences_fts (rowid, words) select id, words from sentences "
                         "where document_id = ?", [(doc_id,) for doc_id, _, _ in docs])

    def _load_regions(self) -> None:
        """China's divisions from ``gazetteers/regions.tsv`` (cpca): the id is the division code."""
        from reportmine.link.regions import regions

        table = regions()
        rows = [{"id": r.id, "key": r.code, "name": r.name, "level": r.level, "code": r.code,
                 "parent_id": table.parent(r).id if table.parent(r) else None}
                for r in sorted(table.by_code.values(), key=lambda r: (len(r.parent or ""), r.code))]
        with self.db.atomic():
            self.db["regions"].insert_all(rows)

    def _create_views(self) -> None:
        """Entity statistics that count each near-duplicate family once (originals only), and links."""
        self.db.create_view("mention_links", """
            select m.document_id, m.label, m.text, coalesce(o.name, p.name, h.name) as canonical, m.link as how,
                   m.id as mention_id
            from mentions m left join organisations o on m.organisation_id = o.id
            left join programmes p on m.programme_id = p.id left join honours h on m.honour_id = h.id
            where m.label in ('ORG', 'PROGRAMME', 'HONOUR')""", replace=True)
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
        # the stored texts sharing the most bands first: a true near duplicate shares several (an
        # excerpt with Jaccard 0.3 shares ~3 of 32), a chance collision one; checking only the best
        # few keeps the cost per document flat however large the KB grows. Their signatures rule
        # out most chance candidates without computing their shingles again.
        candidates = self.db.execute(
            f"select c.document_id, s.shingles, s.signature from (select document_id, count(*) as n "
            f"from lsh_bands where {clause} group by document_id order by n desc, document_id "
            f"limit {NEAR_CANDIDATES}) as c left join lsh_signatures as s on s.document_id = c.document_id "
            f"order by c.n desc, c.document_id", params).fetchall()
        best = None
        signature = doc.signature if len(doc.signature) else None
        for doc_id, size, stored in candidates:
            if signature is not None and stored is not None and not dedup.may_contain(
                    signature, len(doc.shingles), np.frombuffer(stored, dtype="<u4"), size):
                continue
            grams, duplicate_of = self._stored_shingles(doc_id)
            score = dedup.containment(doc.shingles, grams)
            if score >= dedup.CONTAINMENT and (best is None or score > best[1]):
                best = (duplicate_of or doc_id, score)  # point at the family's original
        return best

    def _index_near(self, doc_id: int, band_keys, shingles: int, signature) -> None:
        """A stored document's rows in the near-duplicate index: band keys and signature."""
        self.insert("lsh_bands", [{"document_id": doc_id, "band": b, "key": k} for b, k in band_keys])
        if len(signature):
            self.insert("lsh_signatures", [{"document_id": doc_id, "shingles": shingles,
                                            "signature": np.asarray(signature, dtype="<u4").tobytes()}])

    SHINGLE_CACHE = 128  # stored texts' shingles kept (~10 KB each); the signatures rule out most candidates

    def _stored_shingles(self, doc_id: int):
        """A stored document's shingles and original, kept for the next candidate lookups (texts of a
        family of reposts are candidates again and again)."""
        hit = self._shingle_cache.pop(doc_id, None)
        if hit is None:
            text, duplicate_of = self.db.conn.execute("select text, duplicate_of from documents where id = ?",
                                                      [doc_id]).fetchone()
            hit = (dedup.shingles(text), duplicate_of)
        self._shingle_cache[doc_id] = hit  # most recent last
        if len(self._shingle_cache) > self.SHINGLE_CACHE:
            del self._shingle_cache[next(iter(self._shingle_cache))]
        return hit

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
        from reportmine.link import link

        links = doc.links if doc.links is not None else link(doc.extraction, doc.title, doc.meta)
        w = _Writer(self)
        with self.db.atomic():  # commits on success, rolls back everything on any error
            original = self.near_duplicate(doc)
            doc_id = self.insert("documents", [self._document_row(doc, original)])
            self.insert("document_sources", [{"document_id": doc_id, "source": doc.source, "line": doc.line,
                                              "seen_at": now()}])
            self._index_near(doc_id, doc.band_keys, len(doc.shingles), doc.signature)
            self._add_records(w, doc_id, doc.extraction, links)
            self._add_failures(doc_id, doc)
            self._index(doc_id, doc.text, doc.title_words, doc.words, doc.sentences)  # last: nothing can fail after
        self._remember(w.pending, w.filled)  # only once stored: a rollback leaves no stale ids
        return doc_id, original[0] if original else None

    def _add_records(self, w: "_Writer", doc_id: int, ex: Extraction, links) -> None:
        """A document's mentions, figures, awardees and programme runs, with their entities and aliases."""
        rows = [w.mention_row(doc_id, m, lk, links) for m, lk in zip(ex.mentions, links.mentions)]
        self.insert("mentions", rows)
        self.insert("figures", [w.figure_row(doc_id, f, fl, links) for f, fl in zip(ex.figures, links.figures)])
        self.insert("awardees", [w.awardee_row(doc_id, a, al, links) for a, al in zip(ex.awardees, links.awardees)])
        runs = {(doc_id, rows[i]["programme_id"], w.organisation(ref, links)) for i, ref in links.runs}
        self.insert("programme_runs", [{"document_id": d, "programme_id": p, "organisation_id": o}
                                       for d, p, o in sorted(runs) if p and o], ignore=True)
        w.flush_aliases()

    def _add_failures(self, doc_id: int, doc: ProcessedDocument) -> None:
        """One ``errors`` row per part of the analysis that failed (the document is marked incomplete
        by its ``documents`` row)."""
        self.insert("errors", [{"source": doc.source, "line": doc.line, "message": str(f), "at": now(),
                                "document_id": doc_id, "stage": f.stage, "exception": f.exception,
                                "place": f.place} for f in doc.extraction.failures])

    def incomplete(self) -> list[dict]:
        """The documents whose extraction is incomplete (a part failed when they were stored): id,
        text, hash, source, line and the metadata columns, to extract again (:meth:`replace`)."""
        cur = self.db.execute("select id, source, line, title, date, url, source_name, author, record_id, text, "
                              "sha256 from documents where incomplete order by id")
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row)) for row in cur.fetchall()]

    def replace(self, doc_id: int, doc: ProcessedDocument) -> None:
        """Extract a stored document again (``reportmine run --redo-incomplete``), in one transaction:
        its records, programme runs and entity links are replaced by ``doc``'s, the alias counts of
        the old records taken back, metadata the old analysis lacked filled in, its search entries
        and near-duplicate keys written if they were missing, new failures recorded, and its
        ``incomplete`` flag set from them. The text, its hash and its sources stay."""
        from reportmine.link import link
        from reportmine.kb.search import title_terms

        links = doc.links if doc.links is not None else link(doc.extraction, doc.title, doc.meta)
        conn, w = self.db.conn, _Writer(self)
        with self.db.atomic():
            failed = {r[0] for r in conn.execute("select distinct stage from errors where document_id = ?", [doc_id])}
            old_title, = conn.execute("select title from documents where id = ?", [doc_id]).fetchone()
            self._take_back_aliases(doc_id)
            for table in ("mentions", "figures", "awardees", "programme_runs"):
                conn.execute(f"delete from [{table}] where document_id = ?", [doc_id])
            self._add_records(w, doc_id, doc.extraction, links)
            self._add_failures(doc_id, doc)
            meta = doc.meta
            conn.execute("update documents set title = coalesce(title, ?), date = coalesce(date, ?), "
                         "source_name = coalesce(source_name, ?), author = coalesce(author, ?), incomplete = ? "
                         "where id = ?", [doc.title, meta.get("date"), meta.get("source_name"), meta.get("author"),
                                          int(bool(doc.extraction.failures)), doc_id])
            if not conn.execute("select 1 from lsh_bands where document_id = ? limit 1", [doc_id]).fetchone():
                self._index_near(doc_id, doc.band_keys, len(doc.shingles), doc.signature)
            if failed & {"search", "metadata", "analysis"}:  # its search entries were made from less: again
                title, = conn.execute("select title from documents where id = ?", [doc_id]).fetchone()
                old_title_words = "" if failed & {"search", "analysis"} else title_terms(old_title)  # as indexed
                old_words = " ".join(r[0] for r in conn.execute(
                    "select words from sentences where document_id = ? order by start", [doc_id]))
                conn.execute("insert into documents_fts (documents_fts, rowid, title, words) "
                             "values ('delete', ?, ?, ?)", [doc_id, old_title_words, old_words])
                for sid, words in conn.execute("select id, words from sentences where document_id = ?",
                                               [doc_id]).fetchall():
                    conn.execute("insert into sentences_fts (sentences_fts, rowid, words) values ('delete', ?, ?)",
                                 [sid, words])
                conn.execute("delete from sentences where document_id = ?", [doc_id])
                self._index(doc_id, doc.text, title_terms(title), doc.words, doc.sentences)
        self._remember(w.pending, w.filled)

    def _take_back_aliases(self, doc_id: int) -> None:
        """Subtract a document's records from the alias counts they added (as :class:`_Writer` counted
        them: one per linked mention, one honour alias per awardee); aliases left at 0 go."""
        conn = self.db.conn
        counted = []
        for label, (column, entity) in MENTION_ENTITY.items():
            counted += [(entity, *r) for r in conn.execute(
                f"select {column}, text, count(*) from mentions where document_id = ? and label = ? "
                f"and {column} is not null group by {column}, text", [doc_id, label])]
        counted += [("honours", *r) for r in conn.execute(
            "select honour_id, honour, count(*) from awardees where document_id = ? and honour_id is not null "
            "group by honour_id, honour", [doc_id])]
        for entity, entity_id, alias, n in counted:
            table, column, name = ALIAS_TABLES[entity]
            conn.execute(f"update [{table}] set mentions = mentions - ? where {column} = ? and {name} = ?",
                         [n, entity_id, alias])
        for table, _, _ in ALIAS_TABLES.values():
            conn.execute(f"delete from [{table}] where mentions <= 0")

    ENTITY_CACHE = 1 << 14  # entity ids kept in memory; others are looked up by key (indexed)

    def _remember(self, ids: dict, filled: dict) -> None:
        for cache, new in ((self._entity_ids, ids), (self._filled, filled)):
            cache.update(new)
            while len(cache) > self.ENTITY_CACHE:  # oldest first: memory stays flat
                del cache[next(iter(cache))]

    def insert(self, table: str, rows: list[dict], ignore: bool = False) -> int | None:
        """Rows (dicts with the same keys) into ``table``; the id of the last one. The per-document
        hot path uses plain ``executemany``: sqlite-utils' ``insert_all`` re-inspects the table on
        every call, which cost more than the inserts themselves. (sqlite-utils keeps the schema.)"""
        if not rows:
            return None
        cols = tuple(rows[0])
        sql = self._insert_sql.get((table, cols, ignore))
        if sql is None:
            sql = (f"insert {'or ignore ' if ignore else ''}into [{table}] ({', '.join(f'[{c}]' for c in cols)}) "
                   f"values ({', '.join('?' * len(cols))})")
            self._insert_sql[(table, cols, ignore)] = sql
        if len(rows) == 1:
            return self.db.conn.execute(sql, [rows[0][c] for c in cols]).lastrowid
        self.db.conn.executemany(sql, [[r[c] for c in cols] for r in rows])
        return None

    @contextmanager
    def batch(self):
        """Group several :meth:`add` calls in one transaction; each still stores all or nothing of
        its document (a savepoint). A failed batch rolls back whole."""
        outer = not self._batching
        try:
            with self.db.atomic():
                self._batching += 1
                try:
                    yield self
                finally:
                    self._batching -= 1
                if outer and self._fts_pending:
                    self._fts_index(self._fts_pending)
                    self._fts_pending.clear()
        except BaseException:
            self._fts_pending.clear()
            self._entity_ids.clear()
            self._filled.clear()  # ids of rolled-back rows must not be reused
            self._shingle_cache.clear()
            raise

    def add_error(self, source: str, message: str, line: int | None = None) -> None:
        with self.db.atomic():
            self.db["errors"].insert({"source": source, "line": line, "message": message, "at": now()})

    def add_run(self, started: str, inputs: list[str], added: int, skipped: int, errors: int,
                model: str | None = None) -> None:
        from reportmine import __version__

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
                "added_at": now(), "incomplete": int(bool(doc.extraction.failures))}


class _Writer:
    """Entity rows for one document's records: canonical entities, their parents and aliases."""

    def __init__(self, store: Store):
        self.store, self.db = store, store.db
        self.pending: dict[tuple[str, str], int] = {}
        self.aliases: dict[tuple[str, int, str], int] = {}
        self.filled: dict[tuple[str, int], frozenset] = {}

    def known(self, table: str, key: str) -> int | None:
        return self.store._entity_ids.get((table, key)) or self.pending.get((table, key))

    def entity(self, table: str, key: str, values: dict) -> int:
        cache_key = (table, key)
        found = self.known(table, key)
        if found:
            return found
        row = self.db.execute(f"select id from [{table}] where key = ?", [key]).fetchone()
        entity_id = row[0] if row else self.store.insert(table, [{"key": key, **values}])
        self.pending[cache_key] = entity_id
        return entity_id

    def alias(self, table: str, entity_id: int, alias: str) -> None:
        k = (table, entity_id, alias)
        self.aliases[k] = self.aliases.get(k, 0) + 1

    def flush_aliases(self) -> None:
        by_table: dict[str, list] = {}
        for (entity, entity_id, alias), n in self.aliases.items():
            by_table.setdefault(entity, []).append((entity_id, alias, n))
        for entity, rows in by_table.items():
            table, column, name = ALIAS_TABLES[entity]
            self.db.conn.executemany(
                f"insert into [{table}] ({column}, {name}, mentions) values (?, ?, ?) "
                f"on conflict({column}, {name}) do update set mentions = mentions + excluded.mentions", rows)

    def organisation(self, ref, links) -> int | None:
        """The row of a canonical organisation (and of its parents, created as needed)."""
        if ref is None:
            return None
        name, region = ref
        code = region.code if region is not None else None
        info = links.organisations.get((name, code))
        key = f"{name_key(name)}|{code or ''}"
        cached = self.known("organisations", key)  # known: no need to walk its parents again
        if cached:
            return cached
        parent = self.organisation(info.parent, links) if info is not None and info.parent else None
        return self.entity("organisations", key, {
            "name": name, "kind": info.kind if info else None, "level": info.level if info else None,
            "parent_id": parent, "region_id": int(code) if code else None})

    def mention_row(self, doc_id: int, m, lk, links) -> dict:
        row = {"document_id": doc_id, "label": m.label, "text": m.text, "start": m.start, "end": m.end,
               "organisation_id": None, "programme_id": None, "honour_id": None, "link": lk.how if lk else None,
               "extractor": m.extractor, "extractor_version": m.version, "confidence": m.confidence}
        if lk is None or lk.canonical is None or m.label not in MENTION_ENTITY:
            return row
        column, table = MENTION_ENTITY[m.label]
        if m.label == "ORG":
            entity_id = self.organisation((lk.canonical, lk.region), links)
        elif m.label == "PROGRAMME":
            entity_id = self.entity("programmes", name_key(lk.canonical), {"name": lk.canonical, "kind": lk.kind})
        else:
            entity_id = self.honour(lk.canonical, lk.kind, None, None, lk.region)
        row[column] = entity_id
        self.alias(table, entity_id, m.text)
        return row

    def honour(self, name: str, level, title, issuer, region) -> int:
        values = {"name": name, "level": level, "title": title, "issuer": issuer,
                  "region_id": region.id if region is not None else None}
        honour_id = self.entity("honours", name_key(name), values)
        self.fill("honours", honour_id, values)
        return honour_id

    def fill(self, table: str, entity_id: int, values: dict) -> None:
        """Complete an entity row first written from less (an honour met as a bare mention before
        an awardee gave its title and issuer): empty columns take the values now known."""
        known = {k: v for k, v in values.items() if v is not None and k != "name"}
        filled = self.filled.get((table, entity_id)) or self.store._filled.get((table, entity_id), frozenset())
        if known and not known.keys() <= filled:
            self.filled[(table, entity_id)] = filled | known.keys()
            sets = ", ".join(f"[{k}] = coalesce([{k}], ?)" for k in known)
            self.db.conn.execute(f"update [{table}] set {sets} where id = ?", [*known.values(), entity_id])

    def figure_row(self, doc_id: int, f, fl, links) -> dict:
        return {"document_id": doc_id, "text": f.text, "start": f.start, "end": f.end, "value": f.value,
                "value_max": f.value_max, "unit": f.unit, "qualifier": f.qualifier, "subject": f.subject,
                "subject_start": f.subject_start, "subject_end": f.subject_end, "metric": fl.metric,
                "organisation_id": self.organisation(fl.organisation, links), "period": fl.period,
                "extractor": f.extractor, "extractor_version": f.version, "confidence": f.confidence}

    def awardee_row(self, doc_id: int, a, al, links) -> dict:
        org = self.organisation(al.organisation, links)
        affiliation = al.organisation[0] if al.organisation else a.organisation
        person = self.entity("people", person_key(a.name, affiliation),
                             {"name": a.name, "organisation": affiliation, "organisation_id": org})
        h = al.honour
        honour = self.honour(h.name, h.level, h.title, h.issuer, h.region)
        self.alias("honours", honour, a.honour)
        return {"document_id": doc_id, "name": a.name, "kind": a.kind, "honour": a.honour,
                "organisation": a.organisation, "start": a.start, "end": a.end,
                "honour_start": a.honour_start, "honour_end": a.honour_end, "person_id": person,
                "honour_id": honour, "organisation_id": org, "extractor": a.extractor,
                "extractor_version": a.version, "confidence": a.confidence}
