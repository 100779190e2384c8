"""Ingestion: encodings, JSON Lines, stdin, globs, bad inputs, duplicates. Fixtures are generated
from the seed texts at test time."""
import json
import sqlite3

import opencc
import pytest
from click.testing import CliRunner

from conftest import CORPUS
from reportmine.cli import main
from reportmine.errors import InputError
from reportmine.ingest.files import RawDocument, decode, iter_documents
from reportmine.document import process
from reportmine.kb.store import Store

SEEDS = sorted(CORPUS.glob("*.txt"))
TO_TRADITIONAL = opencc.OpenCC("s2t").convert


def seed_text(i: int = 0) -> str:
    return SEEDS[i].read_text(encoding="utf-8")


def run_cli(*args, input=None):
    return CliRunner().invoke(main, ["run", *map(str, args), "--no-progress"], input=input)


@pytest.mark.parametrize("codec", ["utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "gb18030", "gbk"])
@pytest.mark.parametrize("seed", range(len(SEEDS)))
def test_encodings_are_detected_without_being_told(codec, seed):
    text = seed_text(seed)
    data = text.encode(codec, errors="ignore")
    assert decode(data, "x.txt") == data.decode(codec)


@pytest.mark.parametrize("seed", range(len(SEEDS)))
def test_big5_traditional_text_is_detected(seed):
    data = TO_TRADITIONAL(seed_text(seed)).encode("big5", errors="ignore")
    assert decode(data, "x.txt") == data.decode("big5")


def test_forced_encoding_and_its_failure():
    data = "省总工会".encode("gbk")
    assert decode(data, "x.txt", encoding="gbk") == "省总工会"
    with pytest.raises(InputError, match="x.txt: cannot decode as ascii"):
        decode(data, "x.txt", encoding="ascii")


@pytest.mark.parametrize("data,what", [
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "a PDF"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "a PNG image"),
    (b"PK\x03\x04\x14\x00\x00\x00\x08\x00", "a ZIP archive"),
    (bytes(range(256)) * 40, "NUL bytes"),
    (b"   \n\t ", "empty"),
])
def test_binary_and_empty_inputs_are_refused_by_name(data, what):
    with pytest.raises(InputError, match=f"doc.bin: .*{what}"):
        decode(data, "doc.bin")


def test_jsonl_records_broken_lines_and_metadata(tmp_path, db_path):
    lines = [
        json.dumps({"id": 7, "url": "http://example.org/a", "title": "标题甲", "date": "2023-04-04",
                    "source": "某某网", "text": seed_text(0), "channel": "女职工"}, ensure_ascii=False),
        '{"text": "broken',
        json.dumps({"id": 8, "title": "无正文"}),
        "[1, 2]",
        "",
        json.dumps({"id": 9, "text": seed_text(1)}, ensure_ascii=False),
    ]
    export = tmp_path / "export.jsonl"
    export.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_cli(export, "--db", db_path)
    assert result.exit_code == 2
    assert "export.jsonl:2: broken JSON" in result.output
    assert "export.jsonl:3: record has no text" in result.output
    assert "export.jsonl:4: a record must be a JSON object" in result.output
    con = sqlite3.connect(db_path)
    con.row_factory = sqlite3.Row
    docs = con.execute("select * from documents order by line").fetchall()
    assert [d["line"] for d in docs] == [1, 6]
    first = docs[0]
    assert (first["record_id"], first["url"], first["title"], first["date"], first["source_name"]) == (
        "7", "http://example.org/a", "标题甲", "2023-04-04", "某某网")
    assert json.loads(first["meta"]) == {"channel": "女职工"}
    errors = [tuple(r) for r in con.execute("select line, message from errors order by line")]
    assert [e[0] for e in errors] == [2, 3, 4]


def test_stdin_and_globs(tmp_path, db_path):
    result = run_cli("-", "--db", db_path, input=seed_text(2).encode("gb18030"))
    assert result.exit_code == 0, result.output
    (tmp_path / "in").mkdir()
    for i in (3, 4):
        (tmp_path / "in" / f"r{i}.txt").write_text(seed_text(i), encoding="utf-8")
    (tmp_path / "in" / "notes.pdf").write_bytes(b"%PDF-1.4")  # not picked up by the folder walk or the glob
    result = run_cli(str(tmp_path / "in" / "r*.txt"), "--db", db_path)
    assert result.exit_code == 0, result.output
    sources = {r[0] for r in sqlite3.connect(db_path).execute("select source from documents")}
    assert sources == {"<stdin>", str(tmp_path / "in" / "r3.txt"), str(tmp_path / "in" / "r4.txt")}


def test_an_oversized_file_is_refused_and_the_run_goes_on(tmp_path, db_path):
    big = tmp_path / "dump.txt"
    with big.open("wb") as fh:
        fh.truncate(100 * 2**20)  # sparse: 100 MiB on paper
    good = tmp_path / "good.txt"
    good.write_text(seed_text(0), encoding="utf-8")
    result = run_cli(big, good, "--db", db_path)
    assert result.exit_code == 2
    assert "dump.txt: file is 100 MiB, over the 20 MiB limit" in result.output
    assert sqlite3.connect(db_path).execute("select count(*) from documents").fetchone()[0] == 1


def test_exact_duplicates_are_stored_once_with_every_source(tmp_path, db_path):
    for name, codec in (("a.txt", "utf-8"), ("b.txt", "gb18030")):
        (tmp_path / name).write_bytes(seed_text(0).encode(codec))
    result = run_cli(tmp_path / "a.txt", tmp_path / "b.txt", "--db", db_path)
    assert "1 documents added" in result.output and "1 already in the KB" in result.output
    con = sqlite3.connect(db_path)
    assert con.execute("select count(*) from documents").fetchone()[0] == 1
    assert {r[0].rsplit("/", 1)[-1] for r in con.execute("select source from document_sources")} == {"a.txt", "b.txt"}


def repost(text: str) -> str:
    """A repost: other page furniture, a middle excerpt, a few edits."""
    paragraphs = [p for p in text.split("\n") if len(p) > 40]
    body = paragraphs[1:len(paragraphs) * 2 // 3]
    body[0] = body[0].replace("工会", "工會", 1) + "(转载)"
    return "首页 > 新闻中心 > 工会动态\n来源:某某网 发布时间:2024-01-01\n" + "\n".join(body) + "\n责任编辑:王某\n"


def test_near_duplicates_are_linked_and_counted_once(db_path):
    with Store(db_path) as store:
        original, _ = store.add(process(RawDocument("orig.txt", seed_text(0))))
        copy, dup_of = store.add(process(RawDocument("repost.txt", repost(seed_text(0)))))
        other, other_dup = store.add(process(RawDocument("other.txt", seed_text(1))))
        assert dup_of == original and other_dup is None
        rows = dict(store.db.execute("select id, duplicate_of from documents").fetchall())
        assert rows == {original: None, copy: original, other: None}
        doc_counts = {r[0]: r[1] for r in store.db.execute("select name, documents from organisation_stats")}
        mentions_in_both = store.db.execute(
            "select count(*) from mentions a join mentions b on a.organisation_id = b.organisation_id "
            "where a.document_id = ? and b.document_id = ?", [original, copy]).fetchone()[0]
        assert mentions_in_both > 0
        assert max(doc_counts.values()) == 1  # the repost's mentions are not counted again


def test_unlabeled_054_is_found_as_a_repost_of_seed_000(unlabeled_dir, db_path):
    result = run_cli(CORPUS / "000_ed2b47708430194b.txt", unlabeled_dir / "054.txt", "--db", db_path)
    assert result.exit_code == 0, result.output
    con = sqlite3.connect(db_path)
    rows = dict(con.execute("select source, duplicate_of from documents").fetchall())
    assert rows[str(unlabeled_dir / "054.txt")] == 1


def test_no_false_near_duplicates_among_distinct_reports(db_path):
    with Store(db_path) as store:
        for path in SEEDS:
            _, dup = store.add(process(RawDocument(str(path), path.read_text(encoding="utf-8"))))
            assert dup is None, path


def test_old_kb_is_upgraded_in_place(db_path):
    con = sqlite3.connect(db_path)
    con.execute("create table documents (id integer primary key, source text, title text, text text, "
                "sha256 text, chars integer, script text, added_at text)")
    con.execute("insert into documents (source, text, sha256) values ('old.txt', '旧文本', 'x')")
    con.commit()
    con.close()
    with Store(db_path) as store:
        assert {"duplicate_of", "line", "url", "meta"} <= set(store.db["documents"].columns_dict)
        assert store.counts()["documents"] == 1


def test_iter_documents_keeps_going_after_a_bad_file(tmp_path):
    (tmp_path / "a.txt").write_bytes(b"")
    (tmp_path / "b.txt").write_text("市总工会召开会议。", encoding="utf-8")
    items = list(iter_documents([tmp_path]))
    assert isinstance(items[0], InputError) and items[0].source.endswith("a.txt")
    assert isinstance(items[1], RawDocument) and items[1].text == "市总工会召开会议。"


def test_seed_reports_as_html_pages_score_like_the_plain_texts(tmp_path):
    """The seeds wrapped in generated page chrome (nav, sidebar, comments, footer) score within a
    small margin of the plain texts: the chrome adds no records, the body loses none."""
    from htmlpages import make_page

    from reportmine.evaluate.scoring import load_gold, load_kb, score

    pages = tmp_path / "pages"
    pages.mkdir()
    for i, path in enumerate(SEEDS):
        page = make_page(path.read_text(encoding="utf-8"), seed=i)
        (pages / path.with_suffix(".html").name).write_text(page.html, encoding="utf-8")
    db = tmp_path / "pages.sqlite"
    assert run_cli(pages, "--db", db).exit_code == 0
    golds = {name.replace(".txt", ".html"): gold for name, gold in load_gold(CORPUS / "gold").items()}
    html_score = score(golds, load_kb(db))
    txt_db = tmp_path / "txt.sqlite"
    assert run_cli(CORPUS, "--db", txt_db).exit_code == 0
    txt_score = score(load_gold(CORPUS / "gold"), load_kb(txt_db))
    for metric, margin in (("org", 0.06), ("programme", 0.05), ("figure", 0.03), ("awardee_pair", 0.05)):
        assert html_score.f1(metric) >= txt_score.f1(metric) - margin, (metric, html_score.metrics[metric])
