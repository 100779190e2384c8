"""Chinese full-text search: index terms, query segmentation, and the KB's FTS5 tables."""
import sqlite3

import pytest

from reportmine.kb.search import fts_query, index_terms
from reportmine.kb.store import Store


@pytest.mark.parametrize("words, expected", [
    (["女职工"], ["职工", "女职工"]),              # a dictionary sub-word precedes its word
    (["劳动模范"], ["劳动", "模范", "劳动模范"]),
    (["职工", "，", " ", "2024"], ["职工", "2024"]),  # punctuation and space are not terms
    (["会聚", "良缘"], ["会聚", "良缘"]),
])
def test_index_terms(words, expected):
    assert index_terms(words) == expected


@pytest.mark.parametrize("query, expected", [
    ("职工", '"职工"'),
    ("職工", '"职工"'),                          # traditional query, simplified index
    ("会聚良缘", 'NEAR("会聚" "良缘", 4)'),        # one typed term of several words stays together
    ("职工 劳模", '"职工" "劳模"'),               # typed terms are ANDed
    ('职工" OR (', '"职工" "OR"'),               # FTS5 syntax is quoted away
    ("", '""'),
    ("，。", '""'),
])
def test_fts_query(query, expected):
    assert fts_query(query) == expected


@pytest.mark.parametrize("query", ["职工", "会聚良缘", "劳模", "妈咪暖心小屋", "玫瑰书香"])
def test_search_finds_exactly_the_sentences_that_contain_the_query(corpus_kb, query):
    db = sqlite3.connect(corpus_kb[0])
    found = {r[0] for r in db.execute("select rowid from sentences_fts where sentences_fts match ?",
                                      [fts_query(query)])}
    containing = {r[0] for r in db.execute("select id from sentences where text like ?", [f"%{query}%"])}
    assert containing, query
    assert found == containing
    docs = {r[0] for r in db.execute("select rowid from documents_fts where documents_fts match ?",
                                     [fts_query(query)])}
    assert docs == {r[0] for r in db.execute("select id from documents where text like ?", [f"%{query}%"])}


def test_sentences_cover_the_text_and_index_it(corpus_kb):
    db = sqlite3.connect(corpus_kb[0])
    for doc_id, text in db.execute("select id, text from documents"):
        rows = db.execute("select start, end, text from sentences where document_id = ? order by start",
                          [doc_id]).fetchall()
        assert rows and all(text[s:e] == t for s, e, t in rows)
        assert all(a[1] <= b[0] for a, b in zip(rows, rows[1:]))
        assert "".join("".join(t.split()) for _, _, t in rows) == "".join(text.split())  # only blanks left out
    n_sent = db.execute("select count(*) from sentences").fetchone()[0]
    assert db.execute("select count(*) from sentences_fts where sentences_fts match '\"职工\"'").fetchone()[0] < n_sent


def test_a_kb_written_before_search_is_indexed_when_opened(corpus_kb, tmp_path):
    old = tmp_path / "v3.sqlite"
    src = sqlite3.connect(corpus_kb[0])
    src.backup(sqlite3.connect(old))
    db = sqlite3.connect(old)
    db.executescript("drop table documents_fts; drop table sentences_fts; delete from sentences; "
                     "pragma user_version=3;")
    db.close()
    Store(old).close()
    db = sqlite3.connect(old)
    assert db.execute("select count(*) from sentences").fetchone() == src.execute(
        "select count(*) from sentences").fetchone()
    hits = db.execute("select count(*) from documents_fts where documents_fts match ?", [fts_query("职工")])
    assert hits.fetchone()[0] == src.execute("select count(*) from documents where text like '%职工%'").fetchone()[0]


def _search(path, table, query):
    db = sqlite3.connect(path)
    return {r[0] for r in db.execute(f"select rowid from {table} where {table} match ?", [fts_query(query)])}


def test_a_batch_indexes_only_what_it_stored(tmp_path, monkeypatch):
    """Within a batch the FTS rows are written at commit: a document that fails to store leaves no
    entry, a batch that fails leaves none, and what was stored is found."""
    from reportmine.ingest.files import RawDocument
    from reportmine.document import process

    kept = process(RawDocument("a.txt", "河北省总工会开展“会聚良缘”活动。"))
    failing = process(RawDocument("b.txt", "玫瑰书香读书活动在石家庄举行。"))
    lost = process(RawDocument("c.txt", "妈咪暖心小屋建成一百个。"))
    path = tmp_path / "kb.sqlite"
    store = Store(path)
    real = Store.insert

    def insert(self, table, rows, ignore=False):
        if table == "document_sources" and rows[0]["source"] == "b.txt":
            raise RuntimeError("disk trouble")
        return real(self, table, rows, ignore)

    monkeypatch.setattr(Store, "insert", insert)
    with store.batch():
        assert store.add(kept)[0] == 1
        with pytest.raises(RuntimeError):
            store.add(failing)      # its savepoint rolls back; the batch goes on
    with pytest.raises(KeyError):
        with store.batch():
            store.add(lost)
            raise KeyError("the batch fails after storing a document")
    with store.batch():  # takes the id the failed batch gave back
        assert store.add(process(RawDocument("d.txt", "职工书屋开放。")))[0] == 2
    store.close()
    assert _search(path, "documents_fts", "会聚良缘") == {1}
    assert len(_search(path, "sentences_fts", "会聚良缘")) == 1
    for query in ("玫瑰书香", "妈咪暖心小屋"):
        assert _search(path, "documents_fts", query) == set()
        assert _search(path, "sentences_fts", query) == set()
    db = sqlite3.connect(path)
    assert _search(path, "documents_fts", "职工书屋") == {2}
    assert db.execute("select count(*) from documents").fetchone()[0] == 2
    assert db.execute("insert into documents_fts(documents_fts, rank) values ('integrity-check', 0)") is not None
