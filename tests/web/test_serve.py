"""`reportmine serve`: Datasette over the KB, read-only, described, searchable, with research queries and charts.

The server tests start `reportmine serve` on a free port; the others run Datasette in-process
(``ds.client``) over the corpus KB with the metadata `serve` writes.
"""
import asyncio
import hashlib
import json
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import closing
from pathlib import Path

import pytest
from datasette.app import Datasette
from datasette.utils import derive_named_parameters

from reportmine.ingest.files import RawDocument
from reportmine.document import process
from reportmine.web.serve import (QUERIES, QUERY_CHARTS, RECORD_TABLES, SQL_TIME_LIMIT_MS, TABLES, command,
                              dashboards, immutable, metadata)
from reportmine.kb.store import Store


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str, data: bytes | None = None):
    with urllib.request.urlopen(urllib.request.Request(url, data=data), timeout=10) as r:
        return r.status, r.read().decode()


def fingerprint(path: Path) -> tuple:
    """The KB file's bytes and mtime, and its write-ahead log's size (a write lands there first)."""
    wal = Path(f"{path}-wal")
    return (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns,
            wal.stat().st_size if wal.exists() else 0)


def listening(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


@pytest.fixture(scope="module")
def small_kb(tmp_path_factory) -> Path:
    """A KB of one document, closed (so no write-ahead log is left): copy it before changing it."""
    path = tmp_path_factory.mktemp("small") / "kb.sqlite"
    with Store(path) as store:
        store.add(process(RawDocument("a.txt", "秦皇岛市总工会女职委召开会议。我市现有女职工26.5万人。")))
    return path


@pytest.fixture
def kb_copy(small_kb, tmp_path) -> Path:
    path = tmp_path / small_kb.name
    shutil.copy(small_kb, path)
    return path


@pytest.fixture(scope="module")
def server(small_kb):
    """`reportmine serve` on the small KB: (base URL, database name, path)."""
    db_path = small_kb
    port = free_port()
    log = db_path.with_suffix(".log")  # a file, not a pipe: a full pipe would stall the server
    with log.open("wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "reportmine.cli", "serve", str(db_path), "--port", str(port)],
                                stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                get(base + "/-/versions.json")
                break
            except (urllib.error.URLError, ConnectionError):
                if proc.poll() is not None:
                    pytest.fail(log.read_text())
                time.sleep(0.1)
        yield base, db_path.stem, db_path
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    assert not listening(port), "the Datasette child outlived `reportmine serve`"


def test_serve_reads_tables_through_the_json_api(server):
    base, name, _ = server
    status, body = get(f"{base}/{name}/documents.json?_shape=array")
    assert status == 200
    rows = json.loads(body)
    assert rows[0]["source"] == "a.txt"
    assert "26.5万人" in rows[0]["text"]
    status, body = get(f"{base}/-/metadata.json")
    assert json.loads(body)["databases"][name]["tables"]["figures"]["description"]
    status, body = get(f"{base}/-/databases.json")
    assert json.loads(body)[0]["is_mutable"] is False  # opened immutable


def test_serve_refuses_writes_and_leaves_the_file_alone(server):
    base, name, db_path = server
    before = fingerprint(db_path)
    for sql in ("delete from documents", "insert into errors (source, message) values ('web', 'x')",
                "with a as (select 1) insert into errors (source, message) select 'web', 'x' from a",
                "select 1; delete from documents", "pragma journal_mode = delete"):
        with pytest.raises(urllib.error.HTTPError) as refused:
            get(f"{base}/{name}.json?sql=" + urllib.parse.quote(sql) + "&_shape=array")
        assert refused.value.code in (400, 403), sql
    for path in (f"/{name}/documents", f"/{name}/record_sentence", f"/{name}"):  # POSTs: no CSRF token, no write
        with pytest.raises(urllib.error.HTTPError):
            get(base + path, data=b"sql=delete+from+documents&table=figures&id=1")
    status, body = get(f"{base}/{name}/documents.json?_shape=array")
    assert len(json.loads(body)) == 1
    assert fingerprint(db_path) == before


def test_long_queries_time_out(server):
    base, name, _ = server
    sql = "with recursive n(i) as (select 1 union all select i + 1 from n) select count(*) from n"
    started = time.monotonic()
    with pytest.raises(urllib.error.HTTPError) as refused:
        get(f"{base}/{name}.json?sql=" + urllib.parse.quote(sql))
    assert "too long" in refused.value.read().decode()
    assert time.monotonic() - started < SQL_TIME_LIMIT_MS / 1000 + 5


def test_command_opens_the_kb_immutable_on_localhost_unless_told(kb_copy, tmp_path):
    db_path = kb_copy
    argv = command(db_path, 8001, "127.0.0.1", tmp_path / "m.json")
    assert argv[argv.index("-i") + 1] == str(db_path)
    assert argv[argv.index("--host") + 1] == "127.0.0.1"
    assert argv[argv.index("sql_time_limit_ms") + 1] == str(SQL_TIME_LIMIT_MS)
    assert "-i" not in command(db_path, 8001, "127.0.0.1", tmp_path / "m.json", live=True)
    Path(f"{db_path}-wal").write_bytes(b"\0" * 32)  # a run is writing: an immutable open would not see it
    assert not immutable(db_path)
    assert "-i" not in command(db_path, 8001, "127.0.0.1", tmp_path / "m.json")


# -- metadata -----------------------------------------------------------------------------------
def kb_tables(path: Path) -> dict[str, set[str]]:
    """Every table and view of a KB with its columns, less the FTS5 shadow tables (Datasette hides those)."""
    with closing(sqlite3.connect(path)) as db:
        rows = db.execute("select name, sql from sqlite_master where type in ('table', 'view')").fetchall()
        virtual = {n for n, sql in rows if (sql or "").upper().startswith("CREATE VIRTUAL TABLE")}
        names = [n for n, _ in rows if not n.startswith("sqlite_") and not any(n.startswith(v + "_") for v in virtual)]
        return {n: {r[1] for r in db.execute(f"pragma table_info([{n}])")} for n in names}


def test_metadata_describes_every_table_and_column_and_nothing_else(db_path):
    with Store(db_path):
        pass
    actual = kb_tables(db_path)
    meta = metadata("kb")["databases"]["kb"]["tables"]
    assert set(meta) == set(actual), (set(meta) ^ set(actual))
    for table, cols in actual.items():
        described = meta[table]["columns"]
        assert cols == set(described), (table, cols ^ set(described))
        assert all(d.strip() for d in described.values()), table
        assert meta[table]["description"] and meta[table]["source"] and meta[table]["license"], table
    assert set(TABLES) == set(actual)


def test_facets_sorts_labels_and_search_name_real_columns(db_path):
    with Store(db_path):
        pass
    actual = kb_tables(db_path)
    for table, spec in metadata("kb")["databases"]["kb"]["tables"].items():
        for facet in spec.get("facets", []):
            column = facet if isinstance(facet, str) else next(iter(facet.values()))
            assert column in actual[table], (table, facet)
        for key in ("sort", "sort_desc", "label_column", "fts_pk"):
            assert spec.get(key) in actual[table] | {None}, (table, key)
        if "fts_table" in spec:
            assert spec["fts_table"] in actual and TABLES[spec["fts_table"]]["hidden"]
    facets = {f for spec in TABLES.values() for f in spec.get("facets", [])}
    assert {"label", "kind", "level", "region_id", "period", "unit", "qualifier"} <= facets


def test_record_tables_link_to_the_sentence_query():
    meta = metadata("kb")["databases"]["kb"]["tables"]
    for table in RECORD_TABLES:
        assert f'href="/kb/record_sentence?table={table}"' in meta[table]["description_html"]


def test_canned_queries_are_read_only_and_documented(db_path):
    with Store(db_path):
        pass
    reads = {sqlite3.SQLITE_SELECT, sqlite3.SQLITE_READ, sqlite3.SQLITE_FUNCTION, sqlite3.SQLITE_RECURSIVE}

    def only_reads(action, arg1, *_):  # FTS5 opening its index parses its schema and reads data_version
        internal = (action, arg1) in {(sqlite3.SQLITE_UPDATE, "sqlite_master"), (sqlite3.SQLITE_PRAGMA, "data_version")}
        return sqlite3.SQLITE_OK if action in reads or internal else sqlite3.SQLITE_DENY

    with closing(sqlite3.connect(db_path)) as db:
        db.create_function("rm_match", 1, lambda q: '""')  # the plugin's; here only its signature matters
        db.set_authorizer(only_reads)
        for name, q in QUERIES.items():
            assert q["title"] and q["description"], name
            assert not q.get("write"), name
            assert set(q["params"]) == derive_params(q["sql"]), name
            db.execute(q["sql"], {p: "" for p in q["params"]}).fetchall()  # refused if it would write


def derive_params(sql: str) -> set[str]:
    return set(asyncio.run(derive_named_parameters(None, sql)))  # 0.65 reads them from the text


# -- the corpus KB, in-process ---------------------------------------------------------------
@pytest.fixture(scope="session")
def kb(corpus_kb, tmp_path_factory):
    """A copy of the corpus KB (other tests write to theirs) in Datasette, opened immutable with
    `serve`'s metadata: (datasette, name, path)."""
    path = tmp_path_factory.mktemp("served") / "corpus.sqlite"
    with closing(sqlite3.connect(corpus_kb[0])) as source, closing(sqlite3.connect(path)) as copy:
        source.backup(copy)
    ds = Datasette(files=[], immutables=[str(path)], metadata=metadata(path.stem),
                   settings={"sql_time_limit_ms": SQL_TIME_LIMIT_MS})
    return ds, path.stem, path


def fetch(ds: Datasette, path: str, method: str = "get", **kwargs):
    return asyncio.run(getattr(ds.client, method)(path, **kwargs))


def rows_of(kb, query: str, **params) -> list[dict]:
    ds, name, _ = kb
    r = fetch(ds, f"/{name}/{query}.json?" + urllib.parse.urlencode({**params, "_shape": "array"}))
    assert r.status_code == 200, r.text[:500]
    return r.json()


def sql_rows(path: Path, sql: str, params=()) -> list[tuple]:
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
        return db.execute(sql, params).fetchall()


def test_programme_adoption_lists_会聚良缘_in_three_provinces(kb):
    rows = {r["programme"]: r for r in rows_of(kb, "programme_adoption", kind="")}
    assert rows["会聚良缘"]["organisations"] >= 3
    assert {"河北省", "黑龙江省", "重庆市"} <= set(rows["会聚良缘"]["province_names"].split("、"))
    counts = [r["organisations"] for r in rows.values()]
    assert counts == sorted(counts, reverse=True)
    assert {r["kind"] for r in rows_of(kb, "programme_adoption", kind="brand")} == {"brand"}


def test_adoption_by_province(kb):
    everything = {r["province"]: r for r in rows_of(kb, "adoption_by_province", programme="")}
    assert everything["河北省"]["adoptions"] >= everything["河北省"]["organisations"] >= 1
    one = {r["province"] for r in rows_of(kb, "adoption_by_province", programme="会聚良缘")}
    assert {"河北省", "黑龙江省", "重庆市"} <= one <= set(everything)


def test_figures_of_廊坊市总工会_over_time(kb):
    rows = rows_of(kb, "organisation_figures", organisation="廊坊市总工会")
    assert rows and {r["organisation"] for r in rows} == {"廊坊市总工会"}
    assert 2024 in {r["year"] for r in rows}
    years = [r["year"] for r in rows if r["year"] is not None]
    assert years == sorted(years)
    org_id = sql_rows(kb[2], "select id from organisations where name = '廊坊市总工会'")[0][0]
    assert rows_of(kb, "organisation_figures", organisation=str(org_id)) == rows


def test_awardees_by_honour_level_and_region(kb):
    rows = rows_of(kb, "awardees_by_honour", level="province", region="河北")
    assert ("钟晓媛", "河北省劳动模范") in {(r["awardee"], r["honour"]) for r in rows}
    assert {r["level"] for r in rows} == {"province"} and {r["province"] for r in rows} == {"河北省"}
    levels = [r["level"] for r in rows_of(kb, "awardees_by_honour", level="", region="")]
    assert levels.index("national") < levels.index("province")


def test_organisations_by_region_and_level(kb):
    rows = rows_of(kb, "organisations_by_region", region="秦皇岛市", level="")
    assert "秦皇岛市总工会" in {r["organisation"] for r in rows}
    assert {r["prefecture"] for r in rows} == {"秦皇岛市"}
    counties = rows_of(kb, "organisations_by_region", region="河北", level="county")
    assert counties and {(r["province"], r["level"]) for r in counties} == {("河北省", "county")}


@pytest.mark.parametrize("name", ["会聚良缘", "廊坊市总工会", "省劳模"])
def test_documents_mentioning_an_entity(kb, name):
    rows = rows_of(kb, "documents_mentioning", name=name)
    assert rows
    for row in rows:
        text = sql_rows(kb[2], "select text from documents where id = ?", [row["document_id"]])[0][0]
        assert all(form in text for form in row["written_as"].split(","))
    assert rows_of(kb, "documents_mentioning", name="") == []


@pytest.mark.parametrize("table", RECORD_TABLES)
def test_the_sentence_behind_a_record(kb, table):
    pk = "mention_id" if table == "mention_links" else "id"
    record_id = sql_rows(kb[2], f"select {pk} from {table} order by {pk} limit 1 offset 3")[0][0]
    rows = rows_of(kb, "record_sentence", table=table, id=record_id)
    assert rows, table
    for row in rows:
        doc = sql_rows(kb[2], "select text from documents where id = ?", [row["document_id"]])[0][0]
        sentence = sql_rows(kb[2], "select start, end, text from sentences where id = ?", [row["sentence_id"]])[0]
        assert doc[sentence[0]:sentence[1]] == sentence[2] == row["sentence"]
        assert sentence[0] < row["end"] and row["start"] < sentence[1]
        marked = re.search("【(.*)】", row["in_context"], re.S).group(1)
        assert marked in doc[row["start"]:row["end"]] and row["in_context"].replace("【", "").replace("】", "") \
            == row["sentence"]
    if table in ("figures", "mentions", "mention_links"):
        assert rows[0]["record"] in rows[0]["sentence"]


@pytest.mark.parametrize("words", ["职工", "会聚良缘", "劳模"])
def test_chinese_search_finds_the_rows_that_contain_the_words(kb, words):
    ds, name, _ = kb
    for table in ("documents", "sentences"):
        r = fetch(ds, f"/{name}/{table}.json?" + urllib.parse.urlencode({"_search": words, "_shape": "array",
                                                                          "_size": "max", "_col": "text"}))
        assert r.status_code == 200, r.text[:500]
        found = {row["id"] for row in r.json()}
        expected = {i for i, in sql_rows(kb[2], f"select id from {table} where text like ?", [f"%{words}%"])}
        assert found == expected and found, (table, words)
    sentences = rows_of(kb, "search", q=words)
    assert {r["sentence_id"] for r in sentences} == expected
    page = fetch(ds, f"/{name}/sentences").text
    assert 'name="_search"' in page


def test_every_canned_query_has_a_test():
    tested = {"programme_adoption", "adoption_by_province", "organisation_figures", "awardees_by_honour",
              "organisations_by_region", "documents_mentioning", "record_sentence", "search"}
    assert set(QUERIES) == tested


# -- charts ------------------------------------------------------------------------------------
def test_the_chart_plugin_is_loaded_and_serves_its_scripts(kb):
    ds, name, _ = kb
    plugins = {p["name"] for p in fetch(ds, "/-/plugins.json").json()}
    assert {"datasette-dashboards", "reportmine"} <= plugins
    for slug, dashboard in dashboards(name).items():
        page = fetch(ds, f"/-/dashboards/{slug}")
        assert page.status_code == 200 and dashboard["title"] in page.text
        scripts = re.findall(r'<script[^>]+src="([^"]+)"', page.text)
        assert any("vega-lite" in s for s in scripts)
        for src in scripts:  # all shipped in the packages: nothing from a CDN
            assert src.startswith("/-/static"), src
            assert fetch(ds, src).status_code == 200, src
    assert fetch(ds, "/-/static-plugins/datasette_dashboards/vega-lite.min.js").status_code == 200


def test_every_chart_query_returns_rows(kb):
    ds, name, _ = kb
    filters = {"organisation": "廊坊市总工会", "programme": "会聚良缘", "metric": ""}
    for slug, dashboard in dashboards(name).items():
        for flt in dashboard["filters"].values():
            r = fetch(ds, f"/{name}.json?" + urllib.parse.urlencode({"sql": flt["query"], "_shape": "array"}))
            assert r.status_code == 200 and r.json(), flt
        for chart_slug, chart in dashboard["charts"].items():
            for applied in (False, True):  # without the filters, and with them (the plugin keeps [[ ]] then)
                sql = re.sub(r"\[\[(.*?)\]\]", (lambda m: m.group(1)) if applied else "", chart["query"])
                params = {k: v for k, v in filters.items() if f":{k}" in sql}
                if "" in params.values():
                    continue
                r = fetch(ds, f"/{name}.json?" + urllib.parse.urlencode({"sql": sql, "_shape": "array", **params}))
                assert r.status_code == 200 and r.json(), (slug, chart_slug, applied, r.text[:300])
    for query, slug in QUERY_CHARTS.items():
        assert f'href="/-/dashboards/{slug}"' in metadata(name)["databases"][name]["queries"][query]["description_html"]


# -- nothing the browser sends writes ------------------------------------------------------------
@pytest.mark.parametrize("mode", ["immutable", "live"])
def test_no_request_writes_to_the_kb(kb_copy, mode):
    path = kb_copy
    meta = metadata("kb")
    # even a writable canned query, had one slipped into the metadata, is refused on an immutable KB
    meta["databases"]["kb"]["queries"]["add_error"] = {
        "sql": "insert into errors (source, message) values (:source, 'from the browser')", "write": True}
    if mode == "live":
        del meta["databases"]["kb"]["queries"]["add_error"]
    ds = Datasette(files=[str(path)] if mode == "live" else [], immutables=[str(path)] if mode == "immutable" else [],
                   metadata=meta)
    before = fingerprint(path)
    for sql in ("insert into errors (source, message) values ('web', 'x')", "delete from documents",
                "update documents set title = 'x'", "drop table errors", "attach database 'x.db' as x"):
        r = fetch(ds, "/kb.json?" + urllib.parse.urlencode({"sql": sql}))
        assert r.status_code == 400, (sql, r.status_code)
    if mode == "immutable":
        form = fetch(ds, "/kb/add_error")
        token = re.search(r'name="csrftoken" value="([^"]+)"', form.text).group(1)
        r = fetch(ds, "/kb/add_error", "post", data={"source": "web", "csrftoken": token}, cookies=dict(form.cookies))
        assert r.status_code == 403 and "immutable" in r.text
    for url in ("/kb/errors", "/kb/record_sentence", "/kb/documents"):
        assert fetch(ds, url, "post", data={"source": "web", "table": "figures", "id": "1"}).status_code >= 400
    assert fingerprint(path) == before
    assert sql_rows(path, "select count(*) from errors") == [(0,)]
