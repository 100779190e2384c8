"""HTML pages in, the article's text and metadata out (before cleaning, see clean.py).

Scrapers save some pages as HTML rather than text. :func:`extract_html` keeps the article body
(paragraphs as lines) and drops the page chrome (navigation, breadcrumb-less sidebars, comment
boxes, copyright footers, scripts): trafilatura does the main-text extraction, configured for
Chinese news pages; title and date come from the page's metadata (trafilatura / htmldate), with
fallbacks to ``<h1>``, ``<title>`` and the dateline written in the text (textmeta.py).

Nothing is fetched: the page is parsed here and only the parsed tree is handed to trafilatura and
htmldate (given a string that looks like a URL, htmldate would download it), and no URL is passed.
A page where trafilatura finds no main text (a fragment, a tiny page) falls back to the visible
text of ``<body>``, so a page is never silently empty.
"""
from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

import htmldate
import lxml.etree
import lxml.html
import trafilatura
from trafilatura.settings import use_config

from reportmine import gazetteers
from reportmine.ingest import textmeta
from reportmine.ingest.clean import is_furniture
from reportmine.errors import InputError

# Chinese is dense: 250 characters (trafilatura's default floor) is a long news brief
MIN_EXTRACTED_SIZE = 80
# beyond this many elements a page is machine-generated junk; trafilatura gives up on it
MAX_TREE_SIZE = 60000

_DOCTYPE = re.compile(r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<!doctype\s+html|^\s*<html[\s>]", re.I | re.S)
_STRUCTURE = re.compile(r"<(?:html|head|body)[\s>]", re.I)
_TAG = re.compile(r"</?(?:p|div|span|a|br|table|tr|td|li|ul|ol|h[1-6]|img|script|style|meta|link|strong|b|i|em|font"
                  r"|section|article|header|footer|nav|form|input|iframe)\b[^<>]{0,500}>", re.I)
_DROP_TAGS = ("script", "style", "noscript", "template", "nav", "footer", "head", "iframe", "svg", "form",
              "button", "select", "textarea")
_BLOCK_TAGS = ("p", "div", "br", "li", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article",
               "header", "aside", "ul", "ol", "table", "blockquote", "pre", "dd", "dt", "center", "address")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# <title>标题_站点名 / 标题 - 站点 / 标题|站点
_TITLE_SEPARATOR = re.compile(r"\s*(?:_|\||｜|--|—|-\s|\s-|–|::|»)\s*")


@dataclass(frozen=True)
class HtmlDocument:
    text: str
    title: str | None
    date: str | None  # ISO yyyy-mm-dd
    meta: dict[str, str] = field(default_factory=dict)


def looks_like_html(text: str) -> bool:
    """Whether a text file's content is an HTML page or fragment rather than plain text.

    A doctype or ``<html>`` at the start, ``<html>``/``<head>``/``<body>`` tags, or many HTML tags
    for the text's size. A report that quotes ``<工会法>`` or one ``<br>`` stays text.
    """
    head = text[:4096].lstrip("\ufeff")
    if _DOCTYPE.match(head):
        return True
    sample = text[:20000]
    if _STRUCTURE.search(sample) and len(_TAG.findall(sample)) >= 2:
        return True
    tags = _TAG.findall(sample)
    markup = sum(len(t) for t in tags)
    return len(tags) >= 8 and markup * 20 >= len(sample)


# a block holding this share of the page's text is the article's container: never pruned
GUARD_SHARE = 0.4
CHROME_TEXT_MAX = 200  # a block of chrome text (a footer, a share bar) is short
_CONTAINERS = ("div", "ul", "ol", "table", "td", "tr", "p", "span", "section", "aside", "header", "dl", "li",
               "center", "font", "form")


@dataclass(frozen=True)
class _Chrome:
    attr: tuple[re.Pattern, ...]
    text: tuple[re.Pattern, ...]
    heading: tuple[re.Pattern, ...]


@lru_cache(maxsize=1)
def _chrome() -> _Chrome:
    rows = gazetteers.load("html_chrome")
    pick = lambda kind: tuple(re.compile(r["pattern"]) for r in rows if r["kind"] == kind)  # noqa: E731
    return _Chrome(pick("attr"), pick("text"), pick("heading"))


def _text_len(el) -> int:
    return len(re.sub(r"\s+", "", el.text_content()))


def prune(tree: lxml.html.HtmlElement) -> None:
    """Remove page chrome in place, before trafilatura sees the page.

    Blocks whose class/id names chrome (``nav``, ``footer``, ``pinglun``, ``xgxw``...), short
    blocks whose text is chrome (``当前位置:``, ``分享到``, ``Copyright``, ``ICP备``), the block
    around a ``相关新闻``/``网友评论`` heading, and link lists (3+ links, mostly link text). A block
    holding :data:`GUARD_SHARE` of the page's text is the article and stays, whatever its name.
    Layout tables (a table in a table, or a cell of running text) become divs, so that the
    article's paragraphs come out as lines rather than as one table cell.
    """
    body = tree.find("body")
    if body is None:
        return
    total = max(_text_len(body), 1)
    chrome = _chrome()
    # <nav> is navigation whatever its size; a <footer> holding most of the text is a misused tag
    doomed = [el for el in body.iter("nav", "footer") if el.tag == "nav" or _text_len(el) <= GUARD_SHARE * total]
    for el in body.iter(*_CONTAINERS, "h1", "h2", "h3", "h4", "h5", "h6", "strong", "b", "a", "em"):
        size = _text_len(el)
        if size > GUARD_SHARE * total:
            continue
        names = f"{el.get('class') or ''} {el.get('id') or ''}".strip()
        if names and el.tag in _CONTAINERS and any(p.search(names) for p in chrome.attr):
            doomed.append(el)
            continue
        if size == 0 or size > CHROME_TEXT_MAX:
            continue
        text = re.sub(r"\s+", " ", el.text_content()).strip()
        if any(p.search(text) for p in chrome.text):
            doomed.append(el)
        elif any(p.search(text) for p in chrome.heading):
            parent = el.getparent()
            while parent is not None and parent is not body and _text_len(parent) <= size + 2:
                parent = parent.getparent()  # the heading's wrapper: go up to the block it heads
            doomed.append(parent if parent is not None and parent is not body
                          and _text_len(parent) <= GUARD_SHARE * total else el)
        elif el.tag in _CONTAINERS and _link_list(el, size):
            doomed.append(el)
    for el in doomed:
        if el.getparent() is not None:
            el.drop_tree()
    _unlayout_tables(body)


def _link_list(el, size: int) -> bool:
    """A navigation bar or a list of related links: 3+ links carrying most of the block's text."""
    links = el.findall(".//a")
    if len(links) < 3:
        return False
    return sum(_text_len(a) for a in links) >= 0.5 * size


def _unlayout_tables(body) -> None:
    for table in list(body.iter("table")):
        cells = table.findall(".//td")
        layout = table.find(".//table") is not None or any(
            _text_len(td) > 150 or len(td.findall("br")) >= 2 or td.find("p") is not None for td in cells)
        if not layout:
            continue
        for el in table.iter("table", "tbody", "thead", "tfoot", "tr", "td", "th"):
            if el.tag in ("table", "tbody", "thead", "tfoot", "tr", "td", "th"):
                el.tag = "div"
                for attr in ("width", "height", "align", "valign", "cellpadding", "cellspacing"):
                    el.attrib.pop(attr, None)


@lru_cache(maxsize=1)
def _config():
    config = use_config()
    config.set("DEFAULT", "MIN_EXTRACTED_SIZE", str(MIN_EXTRACTED_SIZE))
    config.set("DEFAULT", "MIN_OUTPUT_SIZE", "1")
    config.set("DEFAULT", "EXTENSIVE_DATE_SEARCH", "off")  # see _date: the guessing search comes last
    config.set("DEFAULT", "MAX_TREE_SIZE", str(MAX_TREE_SIZE))
    config.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")
    return config


def _parse(html: str, source: str) -> lxml.html.HtmlElement:
    """The page's tree; a fragment without ``<html>`` is wrapped in a body first."""
    # characters XML cannot hold (NUL, control characters, lone surrogates) break lxml
    html = _NOT_XML.sub("", html.lstrip("\ufeff"))
    # lxml refuses str input with an encoding declaration; the text is already decoded
    html = re.sub(r"^\s*<\?xml[^>]*\?>", "", html)
    if not _STRUCTURE.search(html[:20000]):
        html = f"<html><body><div>{html}</div></body></html>"
    try:
        tree = lxml.html.document_fromstring(html)
    except (lxml.etree.ParserError, ValueError) as e:
        raise InputError(source, f"HTML page cannot be parsed: {e}") from e
    return tree


def extract_html(html: str, source: str) -> HtmlDocument:
    """The article text (one paragraph a line), title, ISO date and meta tags of an HTML page.

    Raise :class:`InputError` naming ``source`` when the page has no text at all.
    """
    if not html.strip():
        raise InputError(source, "HTML page has no text")
    tree = _parse(html, source)
    meta = _meta_tags(tree)
    pruned = copy.deepcopy(tree)
    prune(pruned)
    # fast: no readability/jusText fallbacks (pruning did their job). favor_recall: no gain after pruning,
    # and more chrome without it (scripts/measure_html.py --variants)
    doc = trafilatura.bare_extraction(
        pruned, fast=True, favor_recall=False, include_comments=False, include_tables=True,
        include_images=False, include_links=False, deduplicate=False, with_metadata=True,
        date_extraction_params=_date_params(), config=_config())
    text = _tidy(doc.text if doc is not None and doc.text else "", drop_furniture=True)
    if not text:
        text = visible_text(tree)
    if not text:
        raise InputError(source, "HTML page has no text")
    title = _title(doc, tree, text)
    when = _date(doc, tree, text, title)
    if doc is not None:
        for key in ("author", "sitename", "description", "url"):
            value = getattr(doc, key, None)
            if isinstance(value, str) and value.strip() and key not in meta:
                meta[key] = value.strip()
    return HtmlDocument(text=text, title=title, date=when, meta=meta)


def _date_params(extensive: bool = False) -> dict:
    return {"original_date": True, "extensive_search": extensive, "outputformat": "%Y-%m-%d",
            "max_date": date.today().isoformat()}


def _date(doc, tree: lxml.html.HtmlElement, text: str, title: str | None) -> str | None:
    """Publication date, most explicit first: the dateline under the headline (what a reader sees);
    the page's date metadata (meta tags, <time>, URL: htmldate without its extensive search);
    a 发布时间-labelled date anywhere on the page; the dateline of the main text; last, htmldate's
    extensive search (which can take a copyright year or a related link's date)."""
    visible = visible_text(tree, keep_chrome=True).split("\n")
    if title:
        at = next((i for i, line in enumerate(visible) if _squash(title) in _squash(line)), None)
        if at is not None:
            found = textmeta.text_metadata("\n".join(visible[at + 1:at + 6])).date
            if found:
                return found
    found = (_iso(doc.date) if doc is not None else None) or textmeta.labelled_date("\n".join(visible)) \
        or textmeta.text_metadata(text).date
    if found:
        return found
    return _iso(htmldate.find_date(copy.deepcopy(tree), **_date_params(extensive=True)))


def _tidy(text: str, drop_furniture: bool = False) -> str:
    """One paragraph a line, runs of spaces collapsed; page-furniture lines (clean.py's) dropped on request."""
    lines = [re.sub(r"[ \t\u3000\u00a0]+", " ", line).strip() for line in text.split("\n")]
    return "\n".join(line for line in lines if line and not (drop_furniture and is_furniture(line)))


def visible_text(tree: lxml.html.HtmlElement, keep_chrome: bool = False) -> str:
    """The visible text of ``<body>`` without scripts, styles, navigation and footers, one block a line."""
    tree = copy.deepcopy(tree)
    drop = ("script", "style", "noscript", "template", "head") if keep_chrome else _DROP_TAGS
    for el in list(tree.iter(*drop)):
        el.drop_tree()
    for el in list(tree.iter(lxml.etree.Comment, lxml.etree.ProcessingInstruction)):
        el.drop_tree()
    for el in tree.iter(*_BLOCK_TAGS):
        el.tail = "\n" + (el.tail or "")
        if el.tag != "br":
            el.text = "\n" + (el.text or "")
    body = tree.find("body")
    return _tidy((body if body is not None else tree).text_content())


def _meta_tags(tree: lxml.html.HtmlElement) -> dict[str, str]:
    """``<meta name|property|http-equiv=... content=...>`` pairs, first occurrence of each name."""
    out: dict[str, str] = {}
    for el in tree.iter("meta"):
        name = (el.get("name") or el.get("property") or el.get("itemprop") or "").strip().lower()
        content = (el.get("content") or "").strip()
        if name and content and name not in out:
            out[name] = content
    return out


def _title(doc, tree: lxml.html.HtmlElement, text: str) -> str | None:
    """The headline: trafilatura's title (og:title, a single <h1>, <title>) cut to the part that
    is not the site's name, else an <h1>, else the headline written in the text (textmeta)."""
    site = _site_names(tree)
    headings = {_squash(h.text_content()) for h in tree.iter("h1", "h2", "h3", "strong", "font", "b")}
    headings |= {_squash(el.text_content()) for el in tree.iter("div", "td", "span", "p")
                 if re.search(r"(?i)title|biaoti|bt\b|tit\b", el.get("class") or "") and _text_len(el) <= 80}
    written = textmeta.guess_title(text)
    candidates = []
    if doc is not None and doc.title:
        candidates.append(doc.title)
    candidates += [h.text_content() for h in tree.iter("h1")]
    candidates += [t.text_content() for t in tree.iter("title")]
    if written:
        candidates.append(written)
    for c in candidates:
        parts = [p.strip() for p in _TITLE_SEPARATOR.split(re.sub(r"\s+", " ", c).strip()) if len(p.strip()) >= 4]
        parts = [p for p in parts if _squash(p) not in site] or []
        if not parts:
            continue
        shown = [p for p in parts if _squash(p) in headings or (written and _squash(p) == _squash(written))]
        return (shown or sorted(parts, key=len, reverse=True))[0]
    return None


def _squash(s: str) -> str:
    return re.sub(r"\s+", "", s)


def _site_names(tree: lxml.html.HtmlElement) -> set[str]:
    """The site's name as the page states it (og:site_name, SiteName, application-name)."""
    meta = _meta_tags(tree)
    return {_squash(meta[k]) for k in ("og:site_name", "sitename", "application-name", "site_name") if meta.get(k)}


def _iso(value: str | None) -> str | None:
    if not value:
        return None
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})", value)
    return m.group(0) if m else None
