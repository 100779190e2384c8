"""Realistic HTML pages generated around a report's text, for testing and measuring html.py.

:func:`make_page` wraps a text's paragraphs in the chrome of a Chinese news or government site:
a navigation bar, a breadcrumb, a share bar, a sidebar of related links (with dates, to tempt a
date finder), a comment box, a footer with Copyright / ICP备 / 公网安备 lines, scripts and styles.
Three layouts: an HTML5 portal, an old table-based government site, and a div-soup CMS page
(TRS_Editor-style class names). Pages are generated at test time from whatever text is given;
the chrome vocabulary is written here (fictional place and site names), no third-party page text.

:func:`score` says which share of the body characters an extraction kept and which share of the
chrome characters leaked into it.
"""
from __future__ import annotations

import html as htmllib
import random
import re
from dataclasses import dataclass

from reportmine.ingest.clean import clean, normalise_chars
from reportmine.ingest.textmeta import find_title, _lines

LAYOUTS = ("portal", "gov", "cms")
PLACES = ("东江市", "南湖区", "北川县", "西岭市", "青山区", "白沙县", "云溪市", "临海区")
SITE_KINDS = ("总工会", "职工网", "工人报", "工会网", "职工之家")
NAV = ("首页", "工会要闻", "基层动态", "权益保障", "劳模风采", "女职工", "职工服务", "政策法规", "信息公开",
       "网上办事", "视频新闻", "专题专栏", "工会改革", "联系我们")
SECTIONS = ("新闻中心", "工会动态", "基层风采", "女职工工作", "劳动竞赛", "通知公告")
RELATED_VERBS = ("召开", "举办", "开展", "部署", "启动", "表彰", "走访慰问", "调研")
RELATED_EVENTS = ("职工技能大赛", "女职工权益保护座谈会", "劳模工匠宣讲活动", "金秋助学活动", "安康杯竞赛推进会",
                  "职工书屋建设现场会", "户外劳动者服务站点观摩", "集体协商要约行动", "送清凉活动", "普法宣传月活动")
COMMENTS = ("为工会点赞，实实在在为职工办实事！", "希望这样的活动多多开展，惠及更多一线职工。",
            "我们单位也建了爱心妈咪小屋，很暖心。", "支持！工会就是职工的娘家人。")


@dataclass(frozen=True)
class Page:
    html: str
    layout: str
    title: str
    date: str  # ISO: the article's publication date written on the page
    body: tuple[str, ...]  # paragraphs the extraction must keep
    chrome: tuple[str, ...]  # strings the extraction must drop


def body_and_title(text: str) -> tuple[str | None, list[str]]:
    """The headline of a report and its paragraphs after it (the text's own chrome above it left out)."""
    cleaned = clean(text)
    lines = _lines(cleaned)
    title, at = find_title(lines)
    paragraphs = lines[at + 1:] if at is not None else lines
    body = [p for p in paragraphs if p and p != title]
    return title, body


def make_page(text: str, seed: int, layout: str | None = None) -> Page:
    """An HTML page presenting ``text`` as an article, in one of :data:`LAYOUTS` (chosen by ``seed``)."""
    rng = random.Random(seed)
    layout = layout or LAYOUTS[seed % len(LAYOUTS)]
    title, body = body_and_title(text)
    place = rng.choice(PLACES)
    site = place + rng.choice(SITE_KINDS)
    title = title or f"{place}工会工作动态"
    year = rng.randint(2012, 2024)
    day = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    clock = f"{rng.randint(7, 22):02d}:{rng.randint(0, 59):02d}"
    section = rng.choice(SECTIONS)
    related = [(f"{rng.choice(PLACES)}{rng.choice(('总工会', '工会', '女职委'))}{rng.choice(RELATED_VERBS)}"
                f"{rng.choice(RELATED_EVENTS)}",
                f"{rng.randint(2010, year - 1)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}")
               for _ in range(rng.randint(5, 9))]
    comments = rng.sample(COMMENTS, 2)
    province = rng.choice("冀闽浙苏鲁豫湘粤")
    icp = f"{province}ICP备{rng.randint(10000000, 99999999)}号-{rng.randint(1, 3)}"
    police = f"{province}公网安备 {rng.randint(10 ** 13, 10 ** 14 - 1)}号"
    footer = [f"Copyright © 2008-{year} {site} 版权所有", f"主办单位：{site}  地址：{place}人民路{rng.randint(1, 300)}号",
              icp, police, f"联系电话：0{rng.randint(100, 999)}-{rng.randint(10 ** 7, 10 ** 8 - 1)}"]
    nav = rng.sample(NAV, rng.randint(8, len(NAV)))
    breadcrumb = f"当前位置：首页 > {section} > {rng.choice(NAV[1:])}"
    source = rng.choice((site, "工人日报", "中工网", f"{place}融媒体中心"))
    if rng.random() < 0.7:
        info = f"发布时间：{day} {clock}　来源：{source}　浏览次数：{rng.randint(10, 9000)}"
    else:  # an unlabelled dateline
        y, m, d = day.split("-")
        info = f"{y}年{m}月{d}日 {clock}　{source}"
    share = ["分享到：微信 微博 QQ空间", "【打印本页】【关闭窗口】", f"上一篇：{related[0][0]}", f"下一篇：{related[1][0]}"]
    comment_box = ["网友评论", "请登录后发表评论", *comments, f"已有{rng.randint(2, 99)}人参与评论"]
    script = (f"var _hmt = _hmt || []; var siteName = '{site}欢迎您'; "
              "document.write('<span>今天是' + new Date().toLocaleDateString() + '</span>');")
    style = "body{font:14px/1.8 'Microsoft YaHei'} .content p{text-indent:2em} #nav li{float:left}"
    e = htmllib.escape
    meta = ""
    if rng.random() < 0.5:
        meta += f'<meta name="PubDate" content="{day} {clock}">\n'
    if rng.random() < 0.5:
        meta += f'<meta name="ArticleTitle" content="{e(title)}">\n'
    kwargs = dict(rng=rng, e=e, site=site, title=title, body=body, nav=nav, breadcrumb=breadcrumb, info=info,
                  share=share, related=related, comment_box=comment_box, footer=footer, script=script, style=style,
                  meta=meta)
    page = {"portal": _portal, "gov": _gov, "cms": _cms}[layout](**kwargs)
    if seed % 2:  # half the pages name nothing: class and id values say nothing about the block
        names = iter(range(10 ** 6))
        page = re.sub(r'(class|id)=("[^"]*"|\'[^\']*\')', lambda m: f'{m[1]}="k{next(names)}"', page)
    chrome = ([site + "欢迎您", "今天是"] + nav + [breadcrumb] + share + [r[0] for r in related] + comment_box
              + footer)
    return Page(html=page, layout=layout, title=title, date=day, body=tuple(body), chrome=tuple(chrome))


def _paragraphs(rng, e, body, tag="p") -> str:
    out = []
    for p in body:
        style = rng.choice(("", ' style="text-indent:2em"', ' align="left"'))
        out.append(f"<{tag}{style}>{e(p)}</{tag}>")
    return "\n".join(out)


def _portal(*, rng, e, site, title, body, nav, breadcrumb, info, share, related, comment_box, footer, script,
            style, meta) -> str:
    navs = "".join(f'<li><a href="/{i}.html">{e(n)}</a></li>' for i, n in enumerate(nav))
    rel = "".join(f'<li><a href="/a/{i}.html">{e(t)}</a><span>[{d}]</span></li>' for i, (t, d) in enumerate(related))
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{e(title)}_{e(site)}</title>
{meta}<style>{style}</style><script>{script}</script></head>
<body>
<header><div class="logo"><a href="/">{e(site)}</a></div><div class="top"><a href="/login">登录</a> <a href="/reg">注册</a></div>
<nav id="nav"><ul>{navs}</ul></nav></header>
<div class="breadcrumb">{e(breadcrumb)}</div>
<main><article>
<h1>{e(title)}</h1>
<div class="info">{e(info)}</div>
<div class="content">
{_paragraphs(rng, e, body)}
</div>
<div class="share">{"".join(f"<p>{e(s)}</p>" for s in share)}</div>
</article>
<section id="comments" class="comments"><h3>{e(comment_box[0])}</h3><form><textarea placeholder="我来说两句"></textarea>
<button>发表评论</button></form>{"".join(f'<div class="comment"><p>{e(c)}</p></div>' for c in comment_box[1:])}</section>
</main>
<aside class="sidebar"><h3>相关新闻</h3><ul>{rel}</ul></aside>
<footer>{"".join(f"<p>{e(f)}</p>" for f in footer)}</footer>
<script>var _czc = _czc || []; _czc.push(["_setAccount", "1234567"]);</script>
</body></html>"""


def _gov(*, rng, e, site, title, body, nav, breadcrumb, info, share, related, comment_box, footer, script, style,
         meta) -> str:
    navs = " | ".join(f'<a href="/col/{i}/index.html" target="_blank">{e(n)}</a>' for i, n in enumerate(nav))
    rel = "".join(f'<tr><td>·<a href="/art/{i}.html">{e(t)}</a></td><td>{d}</td></tr>' for i, (t, d) in enumerate(related))
    lines = "<br>\n".join(f"&nbsp;&nbsp;&nbsp;&nbsp;{e(p)}" for p in body)
    return f"""<html>
<head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"><title>{e(site)}--{e(title)}</title>
{meta}<link rel="stylesheet" href="/css/style.css"><style type="text/css">{style}</style>
<script language="javascript">{script}</script></head>
<body topmargin="0">
<table width="1000" align="center" cellpadding="0" cellspacing="0"><tr><td><img src="/images/banner.jpg"></td></tr>
<tr><td class="nav" height="36">{navs}</td></tr></table>
<table width="1000" align="center"><tr><td class="wz">{e(breadcrumb)}</td></tr></table>
<table width="1000" align="center"><tr>
<td width="700" valign="top">
<table width="100%"><tr><td class="bt" align="center"><strong><font size="5">{e(title)}</font></strong></td></tr>
<tr><td align="center" class="sj">{e(info)}</td></tr>
<tr><td class="nr">
{lines}
</td></tr>
<tr><td align="right">{"&nbsp;&nbsp;".join(e(s) for s in share)}</td></tr>
</table>
<table width="100%" class="pl"><tr><td><b>{e(comment_box[0])}</b></td></tr>
{"".join(f"<tr><td>{e(c)}</td></tr>" for c in comment_box[1:])}</table>
</td>
<td width="280" valign="top"><table width="100%"><tr><td class="tit">相关文章</td></tr>{rel}</table></td>
</tr></table>
<table width="1000" align="center" class="foot"><tr><td align="center">{"<br>".join(e(f) for f in footer)}</td></tr></table>
</body></html>"""


def _cms(*, rng, e, site, title, body, nav, breadcrumb, info, share, related, comment_box, footer, script, style,
         meta) -> str:
    navs = "".join(f'<a href="../{i}/">{e(n)}</a>' for i, n in enumerate(nav))
    rel = "".join(f'<li><span class="date">{d}</span><a href="./t{i}.html" title="{e(t)}">{e(t)}</a></li>'
                  for i, (t, d) in enumerate(related))
    return f"""<!doctype html>
<html><head><meta charset="utf-8"><meta name="SiteName" content="{e(site)}"><title>{e(title)} - {e(site)}</title>
{meta}<meta name="keywords" content="工会,职工,{e(site)}"><style>{style}</style>
<script type="text/javascript" src="/js/jquery.min.js"></script><script>{script}</script></head>
<body><div class="wrap"><div class="head"><div class="menu">{navs}</div></div>
<div class="location"><span>{e(breadcrumb)}</span></div>
<div class="main clearfix"><div class="left">
<div class="xl_title"><h2>{e(title)}</h2></div>
<div class="xl_info"><span>{e(info)}</span></div>
<div class="wz_content"><div class="TRS_Editor">
{_paragraphs(rng, e, body, tag=rng.choice(("p", "div")))}
</div></div>
<div class="xl_share">{"".join(f"<span>{e(s)}</span>" for s in share)}</div>
<div class="pinglun"><div class="pl_t">{e(comment_box[0])}</div>{"".join(f"<div class='pl_c'>{e(c)}</div>" for c in comment_box[1:])}</div>
</div>
<div class="right"><div class="tit">热点推荐</div><ul>{rel}</ul></div></div>
<div class="foot">{"".join(f"<div>{e(f)}</div>" for f in footer)}</div></div>
<script>$(function(){{ $(".menu a").hover(function(){{}}); }});</script>
</body></html>"""


def _norm(s: str) -> str:
    return re.sub(r"\s+", "", normalise_chars(s))


@dataclass(frozen=True)
class Score:
    body_kept: int
    body_total: int
    chrome_leaked: int
    chrome_total: int
    lines_kept: int  # paragraphs that come out as lines of their own
    paragraphs: int


def score(page: Page, extracted: str) -> Score:
    """Body characters kept (a paragraph counts when it is found whole) and chrome characters leaked.

    A chrome string that also occurs in the body (a section name in a sentence) is not counted.
    """
    got = _norm(extracted)
    body_text = _norm("".join(page.body))
    kept = sum(len(_norm(p)) for p in page.body if _norm(p) in got)
    total = sum(len(_norm(p)) for p in page.body)
    chrome = [_norm(c) for c in page.chrome if len(_norm(c)) >= 2 and _norm(c) not in body_text]
    leaked = sum(len(c) for c in chrome if c in got)
    lines = {_norm(line) for line in extracted.split("\n")}
    as_lines = sum(1 for p in page.body if _norm(p) in lines)
    return Score(kept, total, leaked, sum(len(c) for c in chrome), as_lines, len(page.body))
