"""The awardee step's lists: which names are items of one list, which honour heads a list, and how
an honour one item holds reaches the other items (``spread_over_lists``). Invented sentences only."""
from __future__ import annotations

import pytest

from reportmine.extractors import extract
from reportmine.learn import awardees as L
from reportmine.text.doc import Doc


def candidates(text: str) -> L.Candidates:
    ex = extract(text)
    return L.Candidates(Doc(text), ex.awardees, [m for m in ex.mentions if m.label == "ORG"])


def members(c: L.Candidates) -> list[list[L.NameC]]:
    found: dict[int, list[L.NameC]] = {}
    for n in c.name_list:
        lid = c.lists().get((n.start, n.end, n.kind))
        if lid is not None:
            found.setdefault(lid, []).append(n)
    return list(found.values())


# (text, the lists of names, per list the honour heading it and the honour it is the subject of)
LISTS = [
    # people after a colon, each with a unit and titles (a title list's 、 inside an item)
    ("本县获评全国劳动模范的是：红星机械有限公司党委书记、董事长周建华，光明农业合作社理事长孙丽。",
     [["周建华", "孙丽"]], [("全国劳动模范", None)]),
    # collectives after a quoted honour and 分别为
    ("这3家“最美职工书屋”分别为：城南供电所职工书屋、西湖小学职工书屋、东风公交公司职工书屋。",
     [["城南供电所职工书屋", "西湖小学职工书屋", "东风公交公司职工书屋"]], [("最美职工书屋", None)]),
    # roster lines (unit, title, name) under a heading line
    ("本届“技术状元”分别是：\n东方机械有限公司 特级技师 王建军\n城南研究院 高级工程师 刘芳\n据了解，评选共进行了三轮。",
     [["王建军", "刘芳"]], [("技术状元", None)]),
    # roster lines, name first
    ("先进个人名单：\n王建军 东方机械有限公司特级技师\n刘芳 城南研究院高级工程师\n",
     [["王建军", "刘芳"]], [("先进个人", None)]),
    # lists before 等, a count, a passive agent or an adverb, and the award verb
    ("大会上，周丽萍、王建军、刘芳等5人荣获市劳动模范称号。", [["周丽萍", "王建军", "刘芳"]], [(None, "市劳动模范")]),
    ("此外，红星街道幸福社区、城关镇妇女联合会、县实验幼儿园等8个集体获评河北省三八红旗集体。",
     [["红星街道幸福社区", "城关镇妇女联合会", "县实验幼儿园"]], [(None, "河北省三八红旗集体")]),
    ("分别是，王小明、李大伟、陈佳等20人被省总工会授予省五一劳动奖章。", [["王小明", "李大伟", "陈佳"]],
     [(None, "省五一劳动奖章")]),
    ("团体赛中，东港市代表队、西湖区代表队并列获得二等奖。", [["东港市代表队", "西湖区代表队"]], [(None, "二等奖")]),
    # a list the honour does not govern by its place (the classifier decides)
    ("周丽萍、王建军、刘芳，今年都获得了市劳动模范称号。", [["周丽萍", "王建军", "刘芳"]], [(None, None)]),
    # each item with an honour of its own: no list
    ("全国劳模张伟、省劳模李强出席会议。", [], []),
    # clauses, each with its verb: no list
    ("王小明获评先进个人，李大伟获评优秀党员。", [], []),
    # a reading inside a title (副主席 -> 席李华) and one a verb follows (张明出席 -> 明出席) are no items
    ("会议由主席王建国主持，副主席李华、张明出席。", [], []),
]


@pytest.mark.parametrize("text, expected, governors", LISTS, ids=[t for t, _, _ in LISTS])
def test_lists_and_the_honours_that_govern_them(text, expected, governors):
    c = candidates(text)
    found = sorted(members(c), key=lambda items: items[0].start)
    assert [[c.s[n.start:n.end] for n in items] for items in found] == expected
    texts = [tuple(h.text if h else None for h in (L._heading_of(c, items), L._trailer_of(c, items))) for items in found]
    assert texts == governors


def test_a_heading_lends_every_item_its_honour():
    c = candidates("本届“技术状元”分别是：\n东方机械有限公司 特级技师 王建军\n城南研究院 高级工程师 刘芳\n")
    c.rules = []  # the heading alone (the rules read this roster too)
    added = L.spread_over_lists(c, [])
    assert sorted((c.s[p.name.start:p.name.end], p.hon.text, p.prob) for p in added) == [
        ("刘芳", "技术状元", L.HEADING_PRIOR), ("王建军", "技术状元", L.HEADING_PRIOR)]


@pytest.mark.parametrize("prob, spread", [(0.6, True), (L.LIST_FLOOR - 0.05, False)])
def test_an_item_lends_its_honour_to_the_list_from_the_floor_up(prob, spread):
    c = candidates("周丽萍、王建军、刘芳，今年都获得了市劳动模范称号。")
    c.rules = []  # the classifier's pairs alone
    pairs = [p for p in L.candidate_pairs(c) if p.hon.text == "市劳动模范"]
    for p in pairs:
        p.prob = p.own = prob if c.s[p.name.start:p.name.end] == "刘芳" else 0.01
    kept = L.decode(c, L.spread_over_lists(c, pairs), 0.5)
    names = sorted(c.s[p.name.start:p.name.end] for p in kept)
    assert names == (["刘芳", "周丽萍", "王建军"] if spread else [])


def test_the_rules_reading_of_an_item_takes_the_honour():
    # 长孙 is a compound surname: the reading after the title is 孙丽, and the segmenter agrees
    c = candidates("本县获评全国劳动模范的是：红星机械有限公司董事长周建华，光明农业合作社理事长孙丽。")
    got = {c.s[p.name.start:p.name.end] for p in L.spread_over_lists(c, [])}
    assert got == {"周建华", "孙丽"}


@pytest.mark.parametrize("text, present, absent", [
    # the subject of an award verb, after adverbs and a passive agent are cut off
    ("南平市妇联获评全国三八红旗集体。", ["南平市妇联"], []),
    ("东港市代表队并列获得二等奖。", ["东港市代表队"], ["东港市代表队并列"]),
    ("城关镇妇女联合会被省妇联授予三八红旗集体。", ["城关镇妇女联合会"], ["城关镇妇女联合会被省妇联"]),
    # a count is no collective's name
    ("共有100位个人和100个集体获上海市五一巾帼奖。", [], ["100位个人和100个集体"]),
    ("城南供电所等5家单位工会分会获评模范职工小家。", [], ["城南供电所等5家单位工会分会"]),
])
def test_collective_candidates(text, present, absent):
    c = candidates(text)
    found = {c.s[n.start:n.end] for n in c.name_list if n.kind == "org"}
    assert set(present) <= {c.s[n.start:n.end] for n in c.name_list if "subject" in n.src}
    assert not set(absent) & found


@pytest.mark.parametrize("sources, kind, span, expected", [
    ({"tok"}, "person", (10, 13), False),              # the segmenter alone
    ({"title", "tok"}, "person", (10, 13), False),     # nothing says where the name ends
    ({"after", "tail"}, "person", (10, 13), False),    # only where it ends
    ({"after", "tok"}, "person", (10, 13), True),
    ({"tail", "title"}, "person", (10, 13), True),
    ({"whole"}, "person", (10, 13), True),             # a whole field: both ends
    ({"after", "head"}, "person", (4, 7), False),     # 党委工|作部: it cuts a word
    ({"after", "head", "rule"}, "person", (4, 7), True),
    ({"orgmention"}, "org", (0, 4), True),            # collectives always
])
def test_which_names_get_pairs(sources, kind, span, expected):
    c = candidates("公司工会党委工作部的刘春梅获得一等奖。")
    assert c.s[10:13] == "刘春梅" and c.s[4:7] == "党委工"
    assert L.pairable(c, L.NameC(*span, kind, set(sources))) is expected


@pytest.mark.parametrize("text, start, ends", [
    ("王建国同志", 0, (2, 3)),      # a surname and one or two given characters
    ("欧阳明华", 0, (3, 4)),        # a compound surname takes two more
    ("赖小红", 0, (2, 3)),          # a surname of the extra list
    ("王的人", 0, ()),              # a function word is no given name
    ("王1", 0, ()),                 # nor a digit
    ("王", 0, ()),                  # the text ends
    ("记者王刚", 2, (4,)),          # ends count from the text's start
    ("同志们", 0, ()),              # no surname
])
def test_person_ends(text, start, ends):
    assert L.person_ends(text, start) == ends
    assert [e for e in range(start, len(text) + 1) if L.person_ok(text, start, e)] == list(ends)
    assert bool(ends) <= bool(L.surname_start().match(text, start))  # the scan for names stops at every start


@pytest.mark.parametrize("name, head", [
    ("红星机械有限公司", "有限公司"),
    ("某区第一小学", "小学"),          # the longest head: 小学, not 学
    ("光明社区志愿服务站", "服务站"),
    ("某某", None),
])
def test_coll_head(name, head):
    assert L.coll_head(name) == head
    assert head is None or head == max((h for h in L.COLL_HEADS if name.endswith(h)), key=len)
