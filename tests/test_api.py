"""The researcher's front end: reportmine.load (a KB as DataFrames) and reportmine.extract (one text).

The KB cases are facts the bundled reports state (the sentence each comes from is named); the
extract cases are sentences copied from corpus/*.txt, each checked to still be there.
"""
import hashlib
import shutil
import sqlite3
import subprocess
import sys
import warnings
from pathlib import Path

import pandas as pd
import pytest

import reportmine
from conftest import CORPUS
from reportmine.api import COLUMNS, KB, Records, cjk_font, use_cjk_font
from reportmine.errors import KBError, InputError
from reportmine.link.regions import regions


@pytest.fixture(scope="module")
def kb(corpus_kb) -> KB:
    return reportmine.load(corpus_kb[0])


def only(frame: pd.DataFrame, **where) -> pd.Series:
    """The one row of ``frame`` whose columns have these values."""
    rows = frame
    for column, value in where.items():
        rows = rows[rows[column] == value]
    assert len(rows) == 1, f"{len(rows)} rows with {where}"
    return rows.iloc[0]


def matches(row, expected: dict) -> bool:
    return all((row[k] is None or pd.isna(row[k])) if v is None else row[k] == v for k, v in expected.items())


# ------------------------------------------------------------------------------- the package

def test_import_is_cheap_and_the_api_functions_load_on_first_use(corpus_kb):
    """`import reportmine` pulls in neither pandas nor jieba; reportmine.load/extract are the
    api functions, also after the stage modules (ingest, extractors) were imported."""
    code = f"""
import sys
import reportmine
print(sorted(m for m in ("pandas", "jieba", "reportmine.api", "reportmine.pipeline") if m in sys.modules))
import reportmine.pipeline, reportmine.ingest.files, reportmine.extractors
print(reportmine.extract("我市现有女职工26.5万人").figures[0]["value"])
print(len(reportmine.load({str(corpus_kb[0])!r}).documents))
print(reportmine.load is reportmine.api.load, "load" in dir(reportmine))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines() == ["[]", "265000.0", "5", "True True"]


# ------------------------------------------------------------------------------------ load()

ORGANISATIONS = [  # name, kind, level, region, province, parent
    pytest.param("廊坊市总工会", "union", "city", "廊坊市", "河北省", "河北省总工会", id="004 廊坊市总工会"),
    pytest.param("昌黎县总工会", "union", "county", "昌黎县", "河北省", "秦皇岛市总工会", id="003 昌黎县总工会"),
    pytest.param("黑龙江省总工会", "union", "province", "黑龙江省", "黑龙江省", "中华全国总工会", id="002 黑龙江省总工会"),
    pytest.param("黄岩区中医院", "hospital", "county", "黄岩区", "浙江省", None, id="001 台州市黄岩区中医院"),
]


@pytest.mark.parametrize("name, kind, level, region, province, parent", ORGANISATIONS)
def test_organisations_carry_region_province_and_parent(kb, name, kind, level, region, province, parent):
    row = only(kb.organisations, name=name)
    assert matches(row, {"kind": kind, "level": level, "region": region, "province": province, "parent": parent})
    assert row["documents"] >= 1 and row["mentions"] >= row["documents"]


FIGURES = [  # sentence, text, value, unit, qualifier, subject, metric, organisation, province
    pytest.param("000 我市现有女职工26.5万人", "26.5万人", 265000, "人", None, "女职工", "women_workers", "河北省总工会",
                 "河北省", id="000 女职工26.5万人"),
    pytest.param("004 参与职工10万余人次", "10万余人次", 100000, "人次", "over", "参与职工", "participants", None, None,
                 id="004 参与职工10万余人次"),
]


@pytest.mark.parametrize("source, text, value, unit, qualifier, subject, metric, organisation, province", FIGURES)
def test_figures_are_normalised_and_linked(kb, source, text, value, unit, qualifier, subject, metric, organisation,
                                           province):
    row = only(kb.figures, text=text, subject=subject)
    assert matches(row, {"value": value, "unit": unit, "qualifier": qualifier, "metric": metric})
    if organisation:
        assert matches(row, {"organisation": organisation, "province": province})
    document = only(kb.documents, id=row["document_id"])
    assert row["title"] == document["title"] and Path(document["source"]).name.startswith(source[:3])


AWARDEES = [  # name, honour as written, canonical honour, level, affiliation, region, province
    pytest.param("钟晓媛", "省劳模", "河北省劳动模范", "province", None, "河北省", "河北省", id="000 省劳模钟晓媛"),
    pytest.param("朱光华", "秦皇岛市劳模", "秦皇岛市劳动模范", "city", "中粮华夏长城葡萄酿酒有限公司", "秦皇岛市", "河北省",
                 id="003 秦皇岛市劳模朱光华"),
    pytest.param("林婉瑜", "全国五一巾帼标兵", "全国五一巾帼标兵", "national", None, None, None, id="002 林婉瑜"),
]


@pytest.mark.parametrize("name, honour_text, honour, level, affiliation, region, province", AWARDEES)
def test_awardees_carry_canonical_honour_and_province(kb, name, honour_text, honour, level, affiliation, region,
                                                      province):
    row = only(kb.awardees, name=name, honour_text=honour_text)
    assert matches(row, {"honour": honour, "honour_level": level, "affiliation": affiliation, "region": region,
                         "province": province})


PROGRAMMES = [  # brand, organisations the reports say run it (002: 黑龙江, 重庆; 000: the Hebei union)
    pytest.param("会聚良缘", {"河北省总工会", "黑龙江省总工会", "重庆市总工会"}, {"河北省", "黑龙江省", "重庆市"}, id="会聚良缘"),
    pytest.param("妈咪暖心小屋", {"黄岩区中医院"}, {"浙江省"}, id="妈咪暖心小屋"),
]


@pytest.mark.parametrize("name, organisations, provinces", PROGRAMMES)
def test_programmes_count_their_adopters(kb, name, organisations, provinces):
    row = only(kb.programmes, name=name)
    assert organisations <= set(row["adopted_by"].split("、"))
    assert row["organisations"] >= len(organisations) and row["provinces"] >= len(provinces)
    runs = kb.programme_runs[kb.programme_runs.programme == name]
    assert organisations <= set(runs.organisation) and provinces <= set(runs.province.dropna())
    assert row["organisations"] == runs.organisation_id.nunique()


def test_variants_of_a_brand_are_listed_under_it(kb):
    row = only(kb.programmes, name="会聚良缘")
    assert "会聚良缘·爱在龙江" in row["variants"].split("、")
    assert set(kb.mentions[kb.mentions.text == "会聚良缘·爱在龙江"].canonical) == {"会聚良缘"}


def test_frames_hold_every_row_of_their_tables(kb, corpus_kb):
    con = sqlite3.connect(corpus_kb[0])
    for frame, table in (("documents", "documents"), ("organisations", "organisations"),
                         ("programmes", "programmes"), ("programme_runs", "programme_runs"), ("figures", "figures"),
                         ("awardees", "awardees"), ("mentions", "mentions")):
        assert len(getattr(kb, frame)) == con.execute(f"select count(*) from {table}").fetchone()[0], frame
        assert getattr(kb, frame)[("id" if frame != "programme_runs" else "programme_id")].notna().all(), frame


def test_spans_index_their_document_text(kb):
    texts = kb.documents.set_index("id")["text"]
    for frame, column in (("figures", "text"), ("mentions", "text"), ("awardees", "name")):
        df = getattr(kb, frame)
        spans = [texts[d][s:e] for d, s, e in zip(df.document_id, df.start, df.end)]
        assert spans == list(df[column]), frame


def test_province_is_the_top_of_the_region_chain(kb):
    table = regions()
    placed = kb.organisations.dropna(subset=["region_id"])
    assert len(placed) > 10
    for region_id, region, province in zip(placed.region_id, placed.region, placed.province):
        chain = table.chain(table.by_code[f"{region_id:06d}"])
        assert (region, province) == (chain[0].name, chain[-1].name)


def test_documents_have_a_year_from_their_date(kb):
    dated = kb.documents.dropna(subset=["date"])
    assert len(dated) >= 1
    assert list(dated.year) == [int(d[:4]) for d in dated.date]
    assert kb.documents.loc[kb.documents.date.isna(), "year"].isna().all()


def test_repr_and_tables_list_the_frames(kb, corpus_kb):
    listing = kb.tables()
    frames = ["documents", "organisations", "programmes", "programme_runs", "figures", "awardees", "mentions"]
    assert list(listing.index) == frames
    assert list(listing["rows"]) == [len(getattr(kb, f)) for f in frames]
    assert str(corpus_kb[0]) in repr(kb) and f"{len(kb.figures)} figures" in repr(kb)
    assert kb.query("select count(*) as n from regions where level = ?", ["province"]).n[0] == 34


def test_load_does_not_write_the_file(tmp_path, corpus_kb):
    db = tmp_path / "copy.sqlite"
    shutil.copy(corpus_kb[0], db)
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    reportmine.load(db)
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before


def test_a_kb_without_documents_gives_empty_frames_with_their_columns(tmp_path, kb):
    from reportmine.kb.store import Store

    Store(tmp_path / "new.sqlite").close()
    empty = reportmine.load(tmp_path / "new.sqlite")
    for name, frame in empty.frames().items():
        assert frame.empty and list(frame.columns) == list(getattr(kb, name).columns), name


def make_other_sqlite(path):
    con = sqlite3.connect(path)
    con.execute("create table notes (id integer primary key, body text)")
    con.commit()
    con.close()


def make_older_kb(path, corpus_kb):
    shutil.copy(corpus_kb[0], path)
    con = sqlite3.connect(path)
    con.execute("alter table figures drop column metric")
    con.commit()
    con.close()


BAD_FILES = [  # how the file is made, what the error says
    pytest.param(lambda path, kb: None, "no such knowledge base file", id="missing"),
    pytest.param(lambda path, kb: path.mkdir(), "no such knowledge base file", id="a folder"),
    pytest.param(lambda path, kb: path.write_bytes(b"\x00not sqlite" * 200), "not a reportmine knowledge base",
                 id="not sqlite"),
    pytest.param(lambda path, kb: make_other_sqlite(path), "not a reportmine knowledge base (no documents",
                 id="another sqlite"),
    pytest.param(lambda path, kb: path.write_bytes(b""), "not a reportmine knowledge base", id="empty file"),
    pytest.param(make_older_kb, "written by an older reportmine", id="a column missing"),
]


@pytest.mark.parametrize("make, message", BAD_FILES)
def test_load_refuses_what_is_not_a_kb_naming_the_file(tmp_path, corpus_kb, make, message):
    path = tmp_path / "some kb.sqlite"
    make(path, corpus_kb)
    with pytest.raises(KBError, match="some kb.sqlite") as e:
        reportmine.load(path)
    assert message in str(e.value)


# ---------------------------------------------------------------------------------- extract()

EXTRACT = [  # corpus file, sentence copied from it, record kind, records expected among the results
    ("000", "我市现有女职工26.5万人,女工组织4100多个,专兼职女工干部4000多名", "figures",
     [{"text": "26.5万人", "value": 265000, "unit": "人", "subject": "女职工", "metric": "women_workers"},
      {"text": "4100多个", "value": 4100, "qualifier": "over"}]),
    ("000", "培育省劳模钟晓媛等创新工作室32个", "awardees",
     [{"name": "钟晓媛", "honour_text": "省劳模", "honour_level": "province", "honour_title": "劳动模范"}]),
    ("002", '黑龙江省总工会精准对接单身青年职工需求,着力打造可感可知、可触可达的"会聚良缘·爱在龙江"职工婚恋服务品牌。',
     "programmes",
     [{"text": "会聚良缘·爱在龙江", "canonical": "会聚良缘", "organisation": "黑龙江省总工会", "province": "黑龙江省"}]),
    ("002", '黑龙江省总工会精准对接单身青年职工需求,着力打造可感可知、可触可达的"会聚良缘·爱在龙江"职工婚恋服务品牌。',
     "organisations",
     [{"text": "黑龙江省总工会", "canonical": "黑龙江省总工会", "kind": "union", "level": "province",
       "region": "黑龙江省", "province": "黑龙江省", "parent": "中华全国总工会"}]),
    ("004", "联合市体育局等部门举办廊坊市首届全民健康走跑大会主题活动,参与职工10万余人次。", "organisations",
     [{"text": "市体育局", "canonical": "廊坊市体育局", "region": "廊坊市", "province": "河北省"}]),
    ("004", "联合市体育局等部门举办廊坊市首届全民健康走跑大会主题活动,参与职工10万余人次。", "figures",
     [{"text": "10万余人次", "value": 100000, "qualifier": "over", "metric": "participants",
       "organisation": "廊坊市体育局", "province": "河北省"}]),
    ("001", "走进台州市黄岩区中医院“妈咪暖心小屋”,可看到沙发、婴儿床、育婴书籍等内部设施齐全", "programmes",
     [{"text": "妈咪暖心小屋", "kind": "facility", "organisation": "黄岩区中医院", "region": "黄岩区", "province": "浙江省"}]),
]


def corpus_text(prefix: str) -> str:
    return next(CORPUS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


@pytest.mark.parametrize("source, sentence, kind, expected",
                         [pytest.param(*case, id=f"{case[0]} {case[2]} {case[1][:20]}") for case in EXTRACT])
def test_extract_links_the_records_of_a_sentence(source, sentence, kind, expected):
    assert sentence in corpus_text(source), "the case no longer quotes the corpus"
    records = reportmine.extract(sentence)
    for want in expected:
        assert any(matches(r, want) for r in getattr(records, kind)), (want, getattr(records, kind))


@pytest.mark.parametrize("sentence", [case[1] for case in EXTRACT] + ["今天天气很好。"])
def test_extract_spans_and_frames_agree(sentence):
    records = reportmine.extract(sentence)
    assert isinstance(records, Records) and records.text == sentence
    frames = records.frames()
    for kind in ("organisations", "programmes", "figures", "awardees"):
        rows = getattr(records, kind)
        for r in rows:
            assert records.text[r["start"]:r["end"]] == r["name" if kind == "awardees" else "text"]
            assert tuple(r) == COLUMNS[kind]
        assert len(frames[kind]) == len(rows) and tuple(frames[kind].columns) == COLUMNS[kind]


def test_extract_of_a_sentence_without_records_is_empty():
    records = reportmine.extract("今天天气很好。")
    assert (records.organisations, records.programmes, records.figures, records.awardees) == ([], [], [], [])
    assert all(frame.empty and len(frame.columns) > 3 for frame in records.frames().values())


def test_extract_refuses_an_empty_text():
    with pytest.raises(InputError):
        reportmine.extract("   ")


def test_extract_with_the_default_model_keeps_the_rules_records():
    sentence = EXTRACT[0][1]
    with_model = reportmine.extract(sentence, model="default")
    assert with_model.figures == reportmine.extract(sentence).figures


def test_extract_with_a_missing_model_fails_clearly(tmp_path):
    from reportmine.learn.model import ModelError

    with pytest.raises(ModelError, match="not a reportmine model"):
        reportmine.extract(EXTRACT[0][1], model=tmp_path / "no-model")


# ----------------------------------------------------------------------------------- CJK fonts

FONTS = [  # families installed, family chosen
    pytest.param(["DejaVu Sans", "Noto Sans CJK JP", "Noto Sans CJK SC"], "Noto Sans CJK SC", id="fonts-noto-cjk"),
    pytest.param(["DejaVu Sans", "WenQuanYi Zen Hei"], "WenQuanYi Zen Hei", id="fonts-wqy-zenhei"),
    pytest.param(["DejaVu Sans", "AR PL UMing CN"], "AR PL UMing CN", id="fonts-arphic-uming"),
    pytest.param(["Liberation Sans", "Source Han Serif CN"], "Source Han Serif CN", id="a name that says Han Serif"),
    pytest.param(["DejaVu Sans", "STSong", "Microsoft YaHei"], "Microsoft YaHei", id="macOS / Windows fonts"),
    pytest.param(["DejaVu Sans", "Kailasa", "Songbird"], None, id="no Chinese font"),
    pytest.param([], None, id="no font at all"),
]


@pytest.mark.parametrize("available, chosen", FONTS)
def test_cjk_font_prefers_simplified_sans(available, chosen):
    assert cjk_font(available) == chosen


def test_cjk_font_draws_chinese_without_missing_glyphs():
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import font_manager
    import matplotlib.pyplot as plt

    name = cjk_font()
    if name is None:
        pytest.skip("no CJK font installed (Debian: apt-get install fonts-noto-cjk)")
    assert name in {f.name for f in font_manager.fontManager.ttflist}
    with matplotlib.rc_context(), warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert use_cjk_font() == name and matplotlib.rcParams["font.sans-serif"][0] == name
        fig, ax = plt.subplots()
        ax.set_title("廊坊市总工会 女职工26.5万人")
        fig.canvas.draw()
        plt.close(fig)
    assert not [w for w in caught if "missing from font" in str(w.message)]
