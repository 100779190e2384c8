"""`reportmine serve` starts Datasette on a free port; its JSON API shows the KB, read-only."""
import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest

from reportmine.pipeline import process
from reportmine.load import RawDocument
from reportmine.serve import TABLES, metadata
from reportmine.store import Store


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str, data: bytes | None = None):
    with urllib.request.urlopen(urllib.request.Request(url, data=data), timeout=5) as r:
        return r.status, r.read().decode()


@pytest.fixture
def server(db_path):
    with Store(db_path) as store:
        store.add(process(RawDocument("a.txt", "秦皇岛市总工会女职委召开会议。我市现有女职工26.5万人。")))
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "reportmine.cli", "serve", str(db_path), "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    for _ in range(150):
        try:
            get(base + "/-/versions.json")
            break
        except (urllib.error.URLError, ConnectionError):
            if proc.poll() is not None:
                pytest.fail(proc.stdout.read().decode())
            time.sleep(0.1)
    yield base, db_path.stem
    proc.terminate()
    proc.wait(timeout=10)


def test_serve_reads_tables_through_the_json_api(server):
    base, name = server
    status, body = get(f"{base}/{name}/documents.json?_shape=array")
    assert status == 200
    rows = json.loads(body)
    assert rows[0]["source"] == "a.txt"
    assert "26.5万人" in rows[0]["text"]
    status, body = get(f"{base}/-/metadata.json")
    assert json.loads(body)["databases"][name]["tables"]["figures"]["description"]


def test_serve_refuses_writes(server):
    base, name = server
    url = f"{base}/{name}.json?sql=" + urllib.parse.quote("delete from documents") + "&_shape=array"
    with pytest.raises(urllib.error.HTTPError):
        get(url)
    status, body = get(f"{base}/{name}/documents.json?_shape=array")
    assert len(json.loads(body)) == 1


def test_metadata_describes_every_column_of_every_table(db_path):
    with Store(db_path) as store:
        actual = {t: set(store.db[t].columns_dict) for t in store.db.table_names()}
        actual |= {v: set(store.db[v].columns_dict) for v in store.db.view_names()}
    meta = metadata("kb")["databases"]["kb"]["tables"]
    for table, cols in actual.items():
        assert table in meta, table
        assert cols <= set(meta[table]["columns"]), (table, cols - set(meta[table]["columns"]))
    assert set(TABLES) >= set(actual)
