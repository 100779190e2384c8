"""Stage 6, the knowledge base: processed documents in, one SQLite file out.

- :mod:`~reportmine.kb.store`: the schema (sqlite-utils), the writer (batched transactions, a
  savepoint per document) and the entity rows made from each document's links;
- :mod:`~reportmine.kb.dedup`: near-duplicate keys (MinHash LSH over 5-gram hashes);
- :mod:`~reportmine.kb.search`: full-text index terms from the segmented sentences (FTS5);
- :mod:`~reportmine.kb.merge`: KBs (the shards of a distributed run) merged into one.

Takes what :mod:`reportmine.document` gives (:class:`~reportmine.kb.store.ProcessedDocument`);
uses :mod:`reportmine.link` for keys and regions.
"""
