"""Every gazetteer has a provenance header and parses; the loader names file and line on errors."""
import pytest

from reportmine import gazetteers
from reportmine.errors import GazetteerError


@pytest.mark.parametrize("name", gazetteers.available())
def test_every_gazetteer_has_provenance_and_rows(name):
    gaz = gazetteers.load(name)
    assert gaz.provenance.get("source"), f"{name}: no source in the header"
    assert gaz.provenance.get("license"), f"{name}: no license in the header"
    assert len(gaz) > 0
    userdict = gaz.provenance.get("userdict")
    if userdict:
        assert userdict in gaz.columns


def test_missing_header_is_reported(tmp_path):
    path = tmp_path / "bad.tsv"
    path.write_text("# name: bad\n总工会\n", encoding="utf-8")
    with pytest.raises(GazetteerError, match="bad.tsv.*source, columns"):
        gazetteers.parse(path)


def test_too_many_cells_names_the_line(tmp_path):
    path = tmp_path / "bad.tsv"
    path.write_text("# source: test\n# columns: a b\nx\ty\nx\ty\tz\n", encoding="utf-8")
    with pytest.raises(GazetteerError, match=r"bad.tsv:4"):
        gazetteers.parse(path)


def test_short_rows_are_padded(tmp_path):
    path = tmp_path / "ok.tsv"
    path.write_text("# source: test\n# columns: a b\n\n# a comment\nx\n", encoding="utf-8")
    gaz = gazetteers.parse(path)
    assert gaz.rows == ({"a": "x", "b": ""},)
    assert gaz.column("a") == ["x"]
    with pytest.raises(GazetteerError, match="no column"):
        gaz.column("c")


def test_unknown_gazetteer(monkeypatch):
    with pytest.raises(GazetteerError, match="no such gazetteer"):
        gazetteers.load("does-not-exist")
