"""Relink a stored KB: every link, entity row and alias count recomputed with the current code and
gazetteers, without extracting again (``reportmine relink --db FILE``).

The records a document's extraction made (mentions, figures, awardees, with their spans,
extractor and confidence) and its metadata (title, date, source name) are read back from the KB
and linked again (:func:`reportmine.link.link`). Then, in **one transaction**, the per-document
records, programme runs, aliases and the entity tables (organisations, programmes, honours,
people) are emptied and written again, document by document in the order they were stored, as a
fresh run writes them: a relinked KB is the KB a fresh run with the same inputs makes. Any error
rolls everything back; the KB is never left half relinked.
"""
from __future__ import annotations

from pathlib import Path

from reportmine.kb.store import ALIAS_TABLES, Store, _Writer
from reportmine.records import Awardee, Extraction, Figure, Mention

RECORD_TABLES = ("mentions", "figures", "awardees", "programme_runs")
ENTITY_TABLES = ("people", "organisations", "programmes", "honours")  # people first: they point at organisations


def stored_extraction(store: Store, doc_id: int, text: str) -> Extraction:
    """A document's extraction as the KB holds it (its failures are not needed to link)."""
    q = store.db.conn.execute
    mentions = [Mention(*r) for r in q(
        "select label, text, start, [end], extractor, extractor_version, confidence from mentions "
        "where document_id = ? order by id", [doc_id])]
    figures = [Figure(*r) for r in q(
        "select text, start, [end], value, unit, value_max, qualifier, subject, subject_start, subject_end, "
        "extractor, extractor_version, confidence from figures where document_id = ? order by id", [doc_id])]
    awardees = [Awardee(*r) for r in q(
        "select name, kind, honour, start, [end], organisation, honour_start, honour_end, extractor, "
        "extractor_version, confidence from awardees where document_id = ? order by id", [doc_id])]
    return Extraction(text=text, mentions=mentions, figures=figures, awardees=awardees)


def relink(path: str | Path) -> dict[str, int]:
    """Relink the KB at ``path`` in place; the number of documents and of rows per entity table after."""
    from reportmine.link import link

    with Store(path) as store:
        conn = store.db.conn
        docs = conn.execute("select id, text, title, date, source_name from documents order by id").fetchall()
        extractions = [(doc_id, stored_extraction(store, doc_id, text), title, {"date": date, "source_name": name})
                       for doc_id, text, title, date, name in docs]
        with store.db.atomic():
            for table in RECORD_TABLES:
                conn.execute(f"delete from [{table}]")
            for table, _, _ in ALIAS_TABLES.values():
                conn.execute(f"delete from [{table}]")
            conn.execute("update organisations set parent_id = null")
            for table in ENTITY_TABLES:
                conn.execute(f"delete from [{table}]")
            store._entity_ids.clear()
            store._filled.clear()
            for doc_id, ex, title, meta in extractions:
                meta = {k: v for k, v in meta.items() if v}
                w = _Writer(store)
                store._add_records(w, doc_id, ex, link(ex, title, meta))
                store._remember(w.pending, w.filled)
        counts = {"documents": len(docs)}
        counts.update({t: store.db[t].count for t in ENTITY_TABLES})
    return counts


__all__ = ["relink", "stored_extraction"]
