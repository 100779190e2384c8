"""`reportmine relink`: a KB linked with older gazetteers, relinked, is the KB a fresh run makes."""
from __future__ import annotations

import importlib
import pkgutil
import shutil
import sqlite3

from click.testing import CliRunner
from conftest import ROOT
from kbsig import differences

import reportmine.link
from reportmine import gazetteers
from reportmine.cli import main

TEXTS = {
    "a.txt": "密云县总工会召开表彰大会。县总工会主席讲话,县安全生产监督管理局参加。\n",
    "b.txt": "铁路工会女职工委员会召开会议,金融工会参加。\n来源:大众日报\n市总工会表示支持。\n",
    "c.txt": "河北保定市总工会举办职工运动会。市总工会还组织宣讲。\n",
}


def clear_link_caches() -> None:
    """Forget every gazetteer and every table built from one (as a new process would)."""
    gazetteers.load.cache_clear()
    for info in pkgutil.iter_modules(reportmine.link.__path__):
        module = importlib.import_module(f"reportmine.link.{info.name}")
        for value in vars(module).values():
            if callable(getattr(value, "cache_clear", None)):
                value.cache_clear()


def older_gazetteers(tmp_path, monkeypatch):
    """The gazetteers without this issue's tables' rows (as a KB written before them was linked)."""
    old = tmp_path / "gazetteers"
    shutil.copytree(ROOT / "gazetteers", old)
    for name in ("division_names", "national_unions", "media_homes"):
        path = old / f"{name}.tsv"
        path.write_text("".join(l for l in path.read_text(encoding="utf-8").splitlines(True) if l.startswith("#")),
                        encoding="utf-8")
    monkeypatch.setenv("REPORTMINE_GAZETTEERS", str(old))
    clear_link_caches()


def run(texts, db) -> None:
    result = CliRunner().invoke(main, ["run", str(texts), "--db", str(db), "--no-model", "--workers", "1"])
    assert result.exit_code == 0, result.output


def test_relink_gives_the_kb_a_fresh_run_gives(tmp_path, monkeypatch):
    texts = tmp_path / "texts"
    texts.mkdir()
    for name, text in TEXTS.items():
        (texts / name).write_text(text, encoding="utf-8")
    old_db, fresh_db = tmp_path / "old.sqlite", tmp_path / "fresh.sqlite"
    older_gazetteers(tmp_path, monkeypatch)
    try:
        run(texts, old_db)
    finally:
        monkeypatch.delenv("REPORTMINE_GAZETTEERS")
        clear_link_caches()
    run(texts, fresh_db)
    assert differences(old_db, fresh_db), "the gazetteer change must show in the KB"

    result = CliRunner().invoke(main, ["relink", "--db", str(old_db)])
    assert result.exit_code == 0, result.output
    assert "relinked" in result.output
    assert differences(old_db, fresh_db) == {}
    con = sqlite3.connect(old_db)
    assert con.execute("select region_id from organisations where name = '密云县总工会'").fetchone() == (110118,)
    assert con.execute("select count(*) from organisations where name = '中华全国铁路总工会女职工委员会'").fetchone() == (1,)


def test_relink_rolls_back_on_error(tmp_path, monkeypatch):
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "a.txt").write_text(TEXTS["a.txt"], encoding="utf-8")
    db = tmp_path / "kb.sqlite"
    run(texts, db)
    before = sqlite3.connect(db).execute("select count(*) from organisations").fetchone()

    def broken(*args, **kwargs):
        raise RuntimeError("linker broke")

    monkeypatch.setattr("reportmine.link.link", broken)
    from reportmine.kb.relink import relink

    try:
        relink(db)
    except RuntimeError:
        pass
    else:
        raise AssertionError("relink must raise")
    assert sqlite3.connect(db).execute("select count(*) from organisations").fetchone() == before
