"""Datasette plugin: Chinese full-text search in the KB.

Datasette's search box and ``?_search=`` run ``... match escape_fts(:search)``. This plugin
replaces ``escape_fts`` (after Datasette's own, hence ``trylast``) with
:func:`reportmine.kb.search.fts_query`, which segments the query with the same dictionary as the
index, and adds ``rm_match(q)`` for canned queries (``where documents_fts match rm_match(:q)``).
"""
from __future__ import annotations

from datasette import hookimpl


@hookimpl(trylast=True)
def prepare_connection(conn):
    from reportmine.kb.search import fts_query

    conn.create_function("escape_fts", 1, fts_query, deterministic=True)
    conn.create_function("rm_match", 1, fts_query, deterministic=True)
