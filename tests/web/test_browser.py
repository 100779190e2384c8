"""A real browser on `reportmine serve`: headless Chromium searches in Chinese, runs a canned query
and draws a chart, and the tests read what the page shows.

Screenshots go to build/test-artefacts/ for a person to look at (Chinese must render as
characters, not boxes: that needs a CJK font, fonts-noto-cjk, which .ci/run installs).
"""
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

ROOT = Path(__file__).resolve().parents[2]
ARTEFACTS = ROOT / "build" / "test-artefacts"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (Debian: apt-get install "
                                                          "chromium fonts-noto-cjk; .ci/run does)")]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def served(corpus_kb, tmp_path_factory):
    """`reportmine serve` on a copy of the corpus KB, on a free 127.0.0.1 port: (base URL, db name, path)."""
    folder = tmp_path_factory.mktemp("browser")
    path = folder / "corpus.sqlite"
    with closing(sqlite3.connect(corpus_kb[0])) as source, closing(sqlite3.connect(path)) as copy:
        source.backup(copy)
    port = free_port()
    log = folder / "serve.log"
    with log.open("wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "reportmine.cli", "serve", str(path), "--port", str(port)],
                                stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(base + "/-/versions.json", timeout=5).close()
                break
            except (urllib.error.URLError, ConnectionError):
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"`reportmine serve` did not start:\n{log.read_text()}")
                time.sleep(0.1)
        yield base, path.stem, path
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def chromium(url: str, *args: str, profile: Path) -> str:
    """Headless Chromium on ``url`` (its scripts given 10 s of virtual time to fetch and draw)."""
    result = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
         f"--user-data-dir={profile}", "--virtual-time-budget=10000", *args, url],
        capture_output=True, text=True, timeout=90)
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def open_page(served, path: str, screenshot: str, tmp_path) -> str:
    """The page's DOM after its scripts ran; a 1280x1600 screenshot kept in build/test-artefacts/."""
    url = served[0] + path
    dom = chromium(url, "--dump-dom", profile=tmp_path / "dom")
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    png = ARTEFACTS / screenshot
    png.unlink(missing_ok=True)
    chromium(url, f"--screenshot={png}", "--window-size=1280,1600", profile=tmp_path / "shot")
    assert png.stat().st_size > 20_000, f"{png}: the screenshot looks empty"
    return dom


def cells(dom: str, column: str) -> list[str]:
    """The texts of a Datasette results table's column (cells are classed col-<name>)."""
    return [re.sub(r"<[^>]+>", "", c).strip()
            for c in re.findall(rf'<td class="[^"]*\bcol-{column}\b[^"]*"[^>]*>(.*?)</td>', dom, re.S)]


def test_a_chinese_search_shows_the_sentences_with_the_word(served, tmp_path):
    base, name, path = served
    dom = open_page(served, f"/{name}/sentences?" + urllib.parse.urlencode({"_search": "劳模"}),
                    "search-sentences-laomo.png", tmp_path)
    with closing(sqlite3.connect(path)) as db:
        expected = db.execute("select count(*) from sentences where text like '%劳模%'").fetchone()[0]
    shown = re.search(r"([\d,]+) rows? where search matches", dom)
    assert shown and int(shown.group(1).replace(",", "")) == expected
    texts = cells(dom, "text")
    assert texts and all("劳模" in t for t in texts)
    assert any("省劳模钟晓媛" in t for t in texts)


def test_a_canned_query_shows_the_figures_of_an_organisation(served, tmp_path):
    base, name, _ = served
    dom = open_page(served, f"/{name}/organisation_figures?" + urllib.parse.urlencode({"organisation": "廊坊市总工会"}),
                    "canned-query-organisation-figures.png", tmp_path)
    assert "Figures for an organisation over time" in dom
    shown = re.search(r"returning ([\d,]+) rows?", dom)
    assert shown and int(shown.group(1)) > 0
    organisations = cells(dom, "organisation")
    assert len(organisations) == int(shown.group(1)) and set(organisations) == {"廊坊市总工会"}
    assert "2024" in cells(dom, "year")


def test_the_figures_dashboard_draws_its_charts(served, tmp_path):
    dom = open_page(served, "/-/dashboards/figures?" + urllib.parse.urlencode({"organisation": "廊坊市总工会"}),
                    "dashboard-figures.png", tmp_path)
    charts = re.findall(r'<div id="chart-([\w-]+)"[^>]*>(.*?)</div>\s*</div>', dom, re.S)
    assert {slug for slug, _ in charts} == {"per-year", "values"}
    for slug, chart in charts:  # Vega drew an SVG with marks and the year axis
        assert "<svg" in chart and 'class="mark-' in chart and ">year<" in chart, slug
    assert ">2024<" in dom


def test_the_adoption_dashboard_draws_provinces(served, tmp_path):
    dom = open_page(served, "/-/dashboards/adoption", "dashboard-adoption.png", tmp_path)
    assert "<svg" in dom and ">河北省<" in dom and ">会聚良缘<" in dom


def test_a_chinese_font_is_installed():
    """Without one, the screenshots show boxes where the Chinese should be."""
    if not shutil.which("fc-list"):
        pytest.skip("fontconfig (fc-list) is not installed")
    fonts = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True).stdout
    assert fonts.strip(), "no Chinese font: apt-get install fonts-noto-cjk"
