"""HTML main-text extraction (html.py) on pages generated around our texts (tests/htmlpages.py)."""
import socket

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import htmlpages
from conftest import CORPUS
from reportmine.errors import InputError
from reportmine.ingest.html import HtmlDocument, extract_html, looks_like_html

OWN_TEXT = ("东江市总工会召开女职工工作会议\n"
            "3月8日,东江市总工会召开全市女职工工作会议,总结去年工作,部署今年任务。\n"
            "会议指出,全市各级工会女职工组织要围绕中心、服务大局,切实维护女职工合法权益和特殊利益。\n"
            "会上,12个单位被授予“女职工建功立业标兵岗”称号,30名女职工被评为“巾帼建功标兵”。\n"
            "下一步,市总工会将持续推进爱心妈咪小屋建设,今年新建小屋50家,让更多女职工受益。")


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Nothing in html.py may open a connection."""
    def refuse(*args, **kwargs):
        raise AssertionError("html.py tried to open a network connection")
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)


@pytest.mark.parametrize("layout", htmlpages.LAYOUTS)
@pytest.mark.parametrize("seed", [0, 1])
def test_body_kept_chrome_dropped_title_and_date_found(layout, seed):
    page = htmlpages.make_page(OWN_TEXT, seed=seed, layout=layout)
    doc = extract_html(page.html, "page.html")
    s = htmlpages.score(page, doc.text)
    assert s.body_kept == s.body_total
    assert s.lines_kept == s.paragraphs  # one paragraph a line
    assert s.chrome_leaked == 0, doc.text
    assert doc.title == "东江市总工会召开女职工工作会议"
    assert doc.date == page.date


def _pages(folder):
    texts = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]
    return [htmlpages.make_page(t, seed=i * 7 + k, layout=layout)
            for i, t in enumerate(texts) for k, layout in enumerate(htmlpages.LAYOUTS)]


def _totals(pages):
    kept = body = leaked = chrome = titles = dates = 0
    for page in pages:
        doc = extract_html(page.html, "page.html")
        s = htmlpages.score(page, doc.text)
        kept, body, leaked, chrome = kept + s.body_kept, body + s.body_total, leaked + s.chrome_leaked, chrome + s.chrome_total
        titles += doc.title == page.title
        dates += doc.date == page.date
    return kept / body, leaked / chrome, titles / len(pages), dates / len(pages)


def test_seed_pages():
    body, leak, titles, dates = _totals(_pages(CORPUS))
    assert body >= 0.98 and leak <= 0.02 and titles >= 0.9 and dates >= 0.9


def test_dev_pages(dev_dir):
    body, leak, titles, dates = _totals(_pages(dev_dir))
    assert body >= 0.98 and leak <= 0.02 and titles >= 0.9 and dates >= 0.9


def test_empty_page_raises_naming_the_source():
    for html in ("", "   ", "<html><head><title></title></head><body><script>var a=1;</script></body></html>",
                 "<html><body><nav><a href='/'>首页</a></nav></body></html>"):
        with pytest.raises(InputError, match="page7.html.*no text"):
            extract_html(html, "page7.html")


def test_fragment_without_html_element():
    doc = extract_html("<p>市总工会召开职工代表大会。</p><p>会议审议通过了工作报告。</p>", "frag.html")
    assert doc.text.split("\n") == ["市总工会召开职工代表大会。", "会议审议通过了工作报告。"]


def test_tiny_page_falls_back_to_visible_text():
    html = ("<html><head><title>通知</title><style>p{}</style></head><body><nav>首页 | 新闻</nav>"
            "<div>关于召开会议的通知</div><footer>版权所有</footer></body></html>")
    doc = extract_html(html, "tiny.html")
    assert "关于召开会议的通知" in doc.text and "版权所有" not in doc.text and "首页" not in doc.text


def test_meta_tags_and_metadata_dates():
    html = ("<html><head><meta name='description' content='女职工工作会议'><meta property='og:site_name' content='东江工会网'>"
            "<meta property='article:published_time' content='2022-05-06T08:00:00+08:00'>"
            "<title>女职工工作会议召开 - 东江工会网</title></head><body><article><h1>女职工工作会议召开</h1>"
            + "".join(f"<p>{line}</p>" for line in OWN_TEXT.split("\n")[1:]) + "</article></body></html>")
    doc = extract_html(html, "m.html")
    assert isinstance(doc, HtmlDocument)
    assert doc.title == "女职工工作会议召开"
    assert doc.date == "2022-05-06"
    assert doc.meta["description"] == "女职工工作会议"


def test_url_like_input_is_not_fetched():
    """Given a URL as the page, htmldate alone would download it: html.py hands it only a parsed tree."""
    doc = extract_html("https://example.com/article.html", "u.html")
    assert doc.text == "https://example.com/article.html"


@pytest.mark.parametrize("text, expected", [
    ("<!DOCTYPE html><html><body><p>正文</p></body></html>", True),
    ("\ufeff<!doctype html>\n<html>", True),
    ("<html><head><meta charset='gbk'></head><body>正文</body></html>", True),
    ("<?xml version='1.0' encoding='utf-8'?>\n<!DOCTYPE html PUBLIC '-//W3C//DTD XHTML 1.0//EN'><html>", True),
    ("<div class='a'><p>第一段</p><p>第二段</p><p>第三段</p><p>第四段</p><a href='#'>x</a><br><br><span>y</span></div>", True),
    ("市总工会召开会议。\n会议学习了<工会法>和《女职工劳动保护特别规定》。", False),
    ("第一段正文<br>第二段正文,内容很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长。", False),
    ("if a < b and c > d: print('<p>')", False),
    ("", False),
])
def test_looks_like_html(text, expected):
    assert looks_like_html(text) is expected


TAGS = ["<p>", "</p>", "<div>", "</div>", "<br>", "<table>", "<td>", "</tr>", "<script>", "</script>", "<style>",
        "<html>", "<body>", "<!--", "-->", "<a href='x'>", "</a>", "<h1>", "</h1>", "<nav>", "<footer>", "<?xml ?>",
        "<![CDATA[", "]]>", "&nbsp;", "&#0;", "<", ">", "\x00", "\ufeff", "总工会召开大会。", "发布时间:2023-01-02",
        "Copyright ©", "当前位置:首页>", " ", "\n"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(TAGS) | st.text(max_size=5), max_size=40).map("".join))
def test_tag_soup_raises_only_input_error(soup):
    try:
        doc = extract_html(soup, "soup.html")
    except InputError as e:
        assert e.source == "soup.html"
    else:
        assert doc.text.strip()
        assert doc.date is None or len(doc.date) == 10
