"""Normalise and link: canonical names, context resolution, hierarchy, regions, programmes, honours, figures."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import CORPUS, SHARED

from reportmine.evaluate import links as linkscore
from reportmine.cli import main
from reportmine.link import context, figures, honours, programmes
from reportmine.link.orgs import needs_host
from reportmine.link.resolve import STEPS, document, resolve
from reportmine.link.orgs import canonical_form, describe
from reportmine.link.regions import regions

LINKS = Path(__file__).resolve().parents[2] / "corpus" / "links"


# ---------------------------------------------------------------- organisation names, no context
@pytest.mark.parametrize("surface, canonical, relative", [
    ("秦皇岛市总工会女职委", "秦皇岛市总工会女职工委员会", None),
    ("全总女职工部", "中华全国总工会女职工部", None),
    ("全国总工会第八届女职工委员会", "中华全国总工会女职工委员会", None),
    ("全國總工會", "中华全国总工会", None),
    ("上海市嘉定区总工会", "嘉定区总工会", None),
    ("温州市工会女职委", "温州市总工会女职工委员会", None),
    ("廊坊总工会", "廊坊市总工会", None),
    ("湖南日报", "湖南日报", None),  # a newspaper keeps the short place name it is known by
    ("市总工会", "市总工会", "市"),
    ("省总", "省总工会", "省"),
    ("市女职委", "市总工会女职工委员会", "市"),
    ("我市总工会", "市总工会", "市"),
    ("市场监督管理局", "市场监督管理局", None),  # 市场 is a word, not the level 市
    ("县人社局", "县人力资源和社会保障局", "县"),
    # issue 21: a province's short form or abbreviation before a division under it; former names;
    # national industry unions; a township as the lowest division
    ("河北保定市总工会", "保定市总工会", None),  # 河北 is also Tianjin's 河北区: the next step decides
    ("冀保定市总工会", "保定市总工会", None),
    ("浙江杭州西湖区总工会", "西湖区总工会", None),
    ("河北区总工会", "河北区总工会", None),
    ("密云县总工会", "密云县总工会", None),
    ("浙江省金华市武义县税务局", "国家税务总局武义县税务局", None),  # a vertically managed body: its agency first
    ("国家税务总局武义县税务局", "国家税务总局武义县税务局", None),
    ("昌黎县团委", "共青团昌黎县委", None),
    ("团县委", "县团委", "县"),
    ("自治区总工会", "自治区总工会", "自治区"),
    ("铁路工会女职委", "中华全国铁路总工会女职工委员会", None),
    ("金融工会", "中国金融工会", None),
    ("玉环市龙溪镇新春党建工作站工会", "龙溪镇新春党建工作站工会", None),
    ("嘉定区城乡建设局", "嘉定区城乡建设局", None),  # 城乡 is a word, not a township
    # issue 21, third pass: a relative regional union written 工会; the party's short name before a
    # committee's place; a national union written without 全国; a city written short after its province
    ("市工会", "市总工会", "市"),
    ("县工会女职委", "县总工会女职工委员会", "县"),
    ("镇工会", "镇工会", "镇"),  # a township's union is no 总工会 by the table of divisions
    ("中共浙江省金华市武义县委宣传部", "武义县委宣传部", None),
    ("中共县委", "县委", "县"),
    ("中共中央", "中国共产党中央委员会", None),
    ("中华铁路总工会", "中华全国铁路总工会", None),
    ("新疆维吾尔自治区克拉玛依高新区职工服务中心", "克拉玛依高新区职工服务中心", None),
    ("浙江省交通运输工会", "浙江省交通运输工会", None),  # no city follows: the province stays
    ("广西壮族自治区柳州钢铁集团有限公司工会", "广西壮族自治区柳州钢铁集团有限公司工会", None),  # a company keeps its places
])
def test_canonical_form(surface, canonical, relative):
    name = canonical_form(surface)
    assert (name.name, name.relative) == (canonical, relative)


@pytest.mark.parametrize("name, region, kind, level, parent", [
    ("秦皇岛市总工会女职工委员会", "130300", "union_committee", "city", "秦皇岛市总工会"),
    ("秦皇岛市总工会", "130300", "union", "city", "河北省总工会"),
    ("河北省总工会", "130000", "union", "province", "中华全国总工会"),
    ("昌黎县总工会", "130322", "union", "county", "秦皇岛市总工会"),
    ("嘉定区总工会", "310114", "union", "county", "上海市总工会"),  # a municipality's district
    ("陕西省建设工会", "610000", "union", "province", "陕西省总工会"),  # an industry union: its federation
    ("中国金融工会", None, "union", "national", "中华全国总工会"),
    ("中国联通有限公司湖州分公司", None, "enterprise", "enterprise", "中国联通有限公司"),
    ("中车齐车集团石家庄公司工会女职工委员会", None, "union_committee", "enterprise", "中车齐车集团石家庄公司工会"),
    ("乌鲁木齐市总工会组织部", "650100", "union_committee", "city", "乌鲁木齐市总工会"),
    ("昌黎县人民医院", "130322", "hospital", "county", None),
    ("昌黎县第三中学", "130322", "school", "county", None),
    ("廊坊市体育局", "131000", "government", "city", None),
    ("河北科师学院", None, "school", None, None),  # 科 does not end a parent's name
])
def test_describe(name, region, kind, level, parent):
    r = regions().by_code[region] if region else None
    info = describe(name, r)
    assert (info.kind, info.level, info.parent[0] if info.parent else None) == (kind, level, parent)


@pytest.mark.parametrize("surface, code", [("密云县总工会", "110118"), ("河北保定市总工会", "130600"),
                                           ("玉环市龙溪镇新春党建工作站工会", "331021")])
def test_region_of_former_and_short_names(surface, code):
    assert canonical_form(surface).region.code == code


def test_division_names_point_at_divisions():
    from reportmine.gazetteers import load

    table = regions()
    for row in load("division_names"):
        assert row["code"] in table.by_code, row


@pytest.mark.parametrize("title, source, head, code", [
    (None, "来源:扬州日报", "", "321000"),
    (None, None, "株洲日报讯(全媒体记者 何春林)", "430200"),
    (None, "来源:大众日报", "", "370000"),
    (None, None, "中工网讯 记者", None),
])
def test_media_homes(title, source, head, code):
    assert context.media_homes(title, source, head) == ({code} if code else set())


def test_masthead_resolves_the_city_union():
    c = ctx("市总工会举办职工运动会。", [], source="来源:扬州日报")
    assert resolve("市总工会", c, 0).name == "扬州市总工会"


@pytest.mark.parametrize("text, orgs, mention, expected", [
    ("中粮华夏长城葡萄酿酒有限公司举办比赛。华夏公司职工参加。", ["中粮华夏长城葡萄酿酒有限公司", "华夏公司"], "华夏公司",
     "中粮华夏长城葡萄酿酒有限公司"),
    ("中车齐车集团石家庄公司工会开展活动。齐车集团工会表示。", ["中车齐车集团石家庄公司工会", "齐车集团工会"], "齐车集团工会",
     "中车齐车集团工会"),
    ("华夏公司职工参加。", ["华夏公司"], "华夏公司", "华夏公司"),  # not written in full: as written
    ("华夏银行有限公司和华夏保险有限公司参加。华夏公司表示。", ["华夏银行有限公司", "华夏保险有限公司", "华夏公司"],
     "华夏公司", "华夏公司"),  # two companies hold the stem: not guessed
])
def test_short_company_names_written_in_full_elsewhere(text, orgs, mention, expected):
    assert resolve(mention, ctx(text, orgs)).name == expected


def test_region_chain_and_ambiguous_names():
    table = regions()
    changli = table.by_name["昌黎县"][0]
    assert [r.name for r in table.chain(changli)] == ["昌黎县", "秦皇岛市", "河北省"]
    assert changli.code == "130322"
    assert len(table.by_name["朝阳区"]) >= 2
    assert table.choose(table.by_name["朝阳区"]) is None  # never guessed
    beijing = table.by_name["北京市"][0]
    assert table.choose(table.by_name["朝阳区"], [beijing]).code == "110105"


# ---------------------------------------------------------------- context
def ctx(text, orgs=(), title=None, source=None):
    return document(text, list(orgs), title=title, source_name=source)


@pytest.mark.parametrize("text, orgs, title, mention, expected", [
    # the only city named, and its province by inference
    ("廊坊市总工会举办职工运动会。市总工会还组织宣讲。", ["廊坊市总工会"], None, "市总工会", "廊坊市总工会"),
    ("廊坊市职工运动会开幕。", [], None, "省总工会", "河北省总工会"),
    ("我省各级工会积极行动。", [], "浙江省总工会召开全委会", "省总", "浙江省总工会"),
    ("昌黎县总工会开展活动。县委领导出席。", ["昌黎县总工会"], None, "县委", "昌黎县委"),
    ("秦皇岛市总工会召开会议。市女职委部署工作。", ["秦皇岛市总工会"], None, "市女职委", "秦皇岛市总工会女职工委员会"),
    # nothing tells, or two places tie: unresolved
    ("各级工会积极行动。", [], None, "市总工会", None),
    ("杭州市和温州市的职工参加。", [], None, "市总工会", None),
    # a public body without its place stays unresolved; a department goes to the body the text is about
    ("县教体局、卫健局参加。", [], None, "卫健局", None),
    ("中铁山桥集团召开会议,中铁山桥集团党委出席。物资部参加。", ["中铁山桥集团", "中铁山桥集团"], None, "物资部",
     "中铁山桥集团物资部"),
    ("本报讯 记者报道。", [], None, "本报", None),
])
def test_resolve(text, orgs, title, mention, expected):
    c = ctx(text, orgs, title)
    assert resolve(mention, c, text.find(mention)).name == expected


# issue 21, second pass: every case an invented sentence of the kind that failed
@pytest.mark.parametrize("text, orgs, title, source, lead, mention, expected", [
    # a list's level word applies to its later public bodies; not twice to one that has it
    ("昌黎县总工会联合县发改局、卫健局、人社局开展竞赛。", ["昌黎县总工会"], None, None, None, "人社局",
     "昌黎县人力资源和社会保障局"),
    ("廊坊市总工会与市邮政管理局、市场监督管理局座谈。", ["廊坊市总工会"], None, None, None, "市场监督管理局",
     "廊坊市市场监督管理局"),
    ("廊坊市总工会与市财政局、市民政局座谈。", ["廊坊市总工会"], None, None, None, "市民政局", None),
    # per-division associations, public-administration stems and several provinces' bodies: no one body
    ("廊坊市总工会联合心理卫生协会开展活动。", ["廊坊市总工会"], None, None, None, "心理卫生协会", None),
    ("廊坊市总工会联合中国心理卫生协会开展活动。", ["廊坊市总工会"], None, None, None, "中国心理卫生协会", "中国心理卫生协会"),
    ("廊坊市总工会联合人社、卫健等部门。", ["廊坊市总工会"], None, None, None, "人社", None),
    ("京津工会代表参加。", [], None, None, None, "京津工会", None),
    # the document's own body named by its head word; its title's union leaves the reporting union unknown
    ("局工会召开会议。", [], None, None, None, "局工会女职工委员会", None),
    ("女职委开展活动。河北省建设工会领导出席,河北省建设工会代表讲话。", ["河北省建设工会", "河北省建设工会"], None, None,
     None, "女职委", "河北省建设工会女职工委员会"),
    ("女职委开展活动。河北省建设工会领导出席,河北省建设工会代表讲话。", ["河北省建设工会", "河北省建设工会"],
     "局工会召开职代会", None, None, "女职委", None),
    # departments: of the one 总X, of the body the lead sentence's organisation belongs to
    ("北岭公路管理总段召开会议,东山段职工参加。", ["北岭公路管理总段", "东山段"], None, None, None, "东山段",
     "北岭公路管理总段东山段"),
    ("北岭机械有限公司工会女职工委员会开展读书活动。质量部王芳获一等奖。", ["北岭机械有限公司工会女职工委员会", "质量部"],
     None, None, "北岭机械有限公司工会女职工委员会", "质量部", "北岭机械有限公司质量部"),
    ("北岭机械有限公司开展活动。自动化装配工段参加。", ["北岭机械有限公司"], None, None, None, "自动化装配工段", None),
    # the lead's union names a company's mine: its departments are the mine's, not the group's
    ("北岭矿业集团东山煤矿工会开展竞赛。掘进工区获一等奖。", ["北岭矿业集团东山煤矿工会", "掘进工区"], None, None,
     "北岭矿业集团东山煤矿工会", "掘进工区", "北岭矿业集团东山煤矿掘进工区"),
    # the reporting union counted by what names resolve to
    ("泉州市总工会召开大会。会议审议市总工会女职工委员会报告,市总工会表示。女职工委员会换届。",
     ["泉州市总工会", "市总工会女职工委员会", "市总工会", "女职工委员会"], None, None, None, "女职工委员会",
     "泉州市总工会女职工委员会"),
    # a former division name is the home at its own level
    ("密云县总工会召开大会。县安全生产监督管理局参加。", ["密云县总工会"], None, None, None, "县安全生产监督管理局",
     "密云县安全生产监督管理局"),
    # the publisher a document names
    ("本报讯 记者报道。\n(工人日报)", [], None, None, None, "本报", "工人日报"),
    ("本网讯 记者报道。", [], None, "来源:大众日报", None, "本网", None),
    # a short division name before an organisation word places the document; two level words name two bodies
    ("市总工会联合大连工会举办活动。", [], None, None, None, "市总工会", "大连市总工会"),
    ("落实省市委会议精神。辽宁省总工会部署。", ["辽宁省总工会"], None, None, None, "省市委", None),
    ("昌黎县总工会联合县市场监督管理局开展活动。", ["昌黎县总工会"], None, None, None, "县市场监督管理局",
     "昌黎县市场监督管理局"),
    # a round-up of provinces has no home city
    ("黑龙江省总工会、山东省总工会和广东省总工会介绍经验。重庆市总工会、重庆市职工、重庆市妇联参加。\n市总工会服务队成立。",
     ["黑龙江省总工会", "山东省总工会", "广东省总工会", "重庆市总工会"], None, None, None, "市总工会服务队", None),
    # bodies whose official name puts a national one first
    ("昌黎县总工会开展活动。团县委参加。", ["昌黎县总工会"], None, None, None, "团县委", "共青团昌黎县委"),
    ("武义县职工参加。县税务局协办。", [], None, None, None, "县税务局", "国家税务总局武义县税务局"),
    # autonomous regions: their level word, 区 where no district is named, a company's registration
    ("内蒙古自治区职工创新大赛举行。", [], None, None, None, "自治区总工会", "内蒙古自治区总工会"),
    ("西藏自治区职工运动会开幕。区政府国资委领导出席。", [], None, None, None, "区政府国资委",
     "西藏自治区政府国有资产监督管理委员会"),
    ("西藏雪域建材股份有限公司工会举办活动。区政府国资委领导出席。", ["西藏雪域建材股份有限公司工会"], None, None, None,
     "区政府国资委", "西藏自治区政府国有资产监督管理委员会"),
    # a company written by its trade name and the rest; not a group for its subsidiary
    ("西藏雪域建材股份有限公司举办比赛。雪域股份公司职工参加。", ["西藏雪域建材股份有限公司", "雪域股份公司"], None, None,
     None, "雪域股份公司", "西藏雪域建材股份有限公司"),
    ("华星汽车集团工会开展活动。华星集团工会表示。", ["华星汽车集团工会", "华星集团工会"], None, None, None, "华星集团工会",
     "华星集团工会"),
    # issue 21, third pass. A company written by its trade name alone, or with 股份: the full name that
    # starts with it (or with its place of registration and then it); a shorter short name gives way
    ("宁波顺达快递集团有限公司工会成立。顺达快递员工参加。", ["宁波顺达快递集团有限公司工会", "顺达快递"], None, None,
     None, "顺达快递", "宁波顺达快递集团有限公司"),
    ("顺达快递集团工会成立。顺达员工参加。", ["顺达快递集团工会", "顺达"], None, None, None, "顺达", "顺达快递集团"),
    ("西藏雪峰建材股份有限公司举办比赛。雪峰股份公司职工参观,雪峰股份发展。",
     ["西藏雪峰建材股份有限公司", "雪峰股份公司", "雪峰股份"], None, None, None, "雪峰股份", "西藏雪峰建材股份有限公司"),
    ("中粮华夏长城葡萄酿酒有限公司举办活动。长城职工参加。", ["中粮华夏长城葡萄酿酒有限公司", "长城"], None, None, None,
     "长城", "长城"),  # inside the full name, not at its start: not read as short for it
    # a public body that carries its place by a short name is no placeless one
    ("北岭市总工会召开会议。芜湖城东邮政支局参加。", ["北岭市总工会"], None, None, None, "芜湖城东邮政支局", "芜湖城东邮政支局"),
    ("北岭市总工会召开会议。人社局参加。", ["北岭市总工会"], None, None, None, "人社局", None),  # 资源 is no place here
    ("北岭市总工会召开会议。乡村振兴局参加。", ["北岭市总工会"], None, None, None, "乡村振兴局", None),  # 振兴: a word first
    ("木渎镇总工会召开会议。木渎镇人民政府参加。", ["木渎镇总工会"], None, None, None, "木渎镇人民政府", "木渎镇人民政府"),
    # a county-level city's body written, the city above it the home: the relative name may be either
    ("许昌市总工会召开会议。许昌市职工参加。长葛市妇联发言,市妇联出席。", ["许昌市总工会", "长葛市妇联"], None, None, None,
     "市妇联", None),
    ("长葛市总工会召开会议。长葛市妇联发言,市妇联出席。", ["长葛市总工会", "长葛市妇联"], None, None, None, "市妇联",
     "长葛市妇联"),
    # a province's company by the short place name the document writes it with
    ("湖南省总工会召开会议。湖南能源集团东岭发电公司参加,省能源集团女职委发言。", ["湖南省总工会"], None, None, None,
     "省能源集团女职委", "湖南能源集团女职工委员会"),
    ("湖南省总工会召开会议。省能源集团女职委发言。", ["湖南省总工会"], None, None, None, "省能源集团女职委",
     "湖南省能源集团女职工委员会"),
    # a relative regional union written 工会; a committee named by its function alone
    ("芜湖市总工会下发通知。市工会号召。", ["芜湖市总工会"], None, None, None, "市工会", "芜湖市总工会"),
    ("北岭杯技能大赛落幕。专家评审委员会评出一等奖。", [], None, None, None, "专家评审委员会", None),
    ("北岭大学招生委员会发布通知。", [], None, None, None, "北岭大学招生委员会", "北岭大学招生委员会"),
])
def test_resolve_second_pass(text, orgs, title, source, lead, mention, expected):
    c = document(text, list(orgs), title=title, source_name=source, lead=lead)
    assert resolve(mention, c, text.find(mention)).name == expected


@pytest.mark.parametrize("text, city", [
    ("潍坊市举行仪式。潍坊市职工参加。高密市代表发言。", "潍坊市"),  # a county-level city counts for its city
    ("高密市举行仪式。高密市职工参加。高密市代表发言。潍坊市领导出席。", "高密市"),  # unless named twice as often
    ("杭州市和温州市的职工参加。", None),
])
def test_home_city_with_a_county_level_city_under_it(text, city):
    home, _ = document(text, []).home("市")
    assert (home.name if home else None) == city


def test_how_follows_the_steps():
    c = ctx("昌黎县总工会开展活动。团县委参加。", ["昌黎县总工会"])
    assert resolve("团县委", c).how == "read as 县团委; relative name: home 县: 昌黎县"
    assert resolve("昌黎县总工会", c).how == "as written"
    assert [s.__name__ for s in STEPS][0] == "publisher_itself" and STEPS[-1].__name__ == "as_written"


@pytest.mark.parametrize("name, needs", [("物资部", True), ("自动化装配工段", True), ("5702工厂", False),
                                         ("浙大二院感染管理科", False)])
def test_departments_that_need_a_host(name, needs):
    assert needs_host(name, None) is needs


@pytest.mark.parametrize("text, mention, prefix", [
    ("荣获泉州市“巾帼文明岗”及“工人先锋号”称号", "巾帼文明岗", "泉州市"),
    ("入选省级“工人先锋号”名单", "工人先锋号", "省级"),
    ("城市“工人先锋号”", "工人先锋号", ""),  # a one-character level word is not read (城市)
])
def test_place_written_before_an_honour(text, mention, prefix):
    assert honours.written_before(text, text.find(mention)) == prefix


def test_honour_joined_to_a_placed_one_and_settled():
    text = "荣获泉州市“巾帼文明岗”及“工人先锋号”称号"
    first = text.find("巾帼文明岗")
    before = {first + len("巾帼文明岗"): honours.written_before(text, first)}
    assert honours.written_before(text, text.find("工人先锋号"), (), before) == "泉州市"
    placed, bare = honours.canonical("泉州市工人先锋号"), honours.canonical("工人先锋号")
    assert honours.settle([bare, placed]) == [placed, placed]
    assert honours.settle([bare, placed, honours.canonical("厦门市工人先锋号")])[0] == bare  # two places: as written
    assert honours.several_levels("省、市五一巾帼标兵") and not honours.several_levels("省五一巾帼标兵")


def test_round_up_takes_the_place_of_its_paragraph():
    text = ("黑龙江省总工会举办联谊。\n广东省职工踊跃参加,省总工会表示支持。\n"
            "山东省总工会开展活动,省人社厅参与。")
    c = ctx(text, ["黑龙江省总工会", "山东省总工会"])
    at = text.find("省人社厅")
    assert resolve("省人社厅", c, at).name == "山东省人力资源和社会保障厅"
    assert resolve("省总工会", c, text.find("省总工会表示")).name == "广东省总工会"


def test_a_document_decides_a_name_once_unless_its_place_or_reporting_union_matters():
    text = ("黑龙江省总工会举办联谊。\n广东省职工踊跃参加,省总工会表示支持。\n"
            "山东省总工会开展活动,省总工会参与。北岭机械有限公司参加。")
    c = ctx(text, ["黑龙江省总工会", "山东省总工会", "北岭机械有限公司"])
    assert resolve("北岭机械有限公司", c) == resolve("北岭机械有限公司", c)
    assert c.memo[("decided", canonical_form("北岭机械有限公司"))].how == "as written"
    # a relative name in a round-up: each paragraph its own province, never kept
    assert resolve("省总工会", c, text.find("省总工会表示")).name == "广东省总工会"
    assert resolve("省总工会", c, text.find("省总工会参与")).name == "山东省总工会"
    assert ("decided", canonical_form("省总工会")) not in c.memo
    # a bare committee is decided before the reporting union is known (to count it) and after
    assert resolve("女职委", document("女职委开展活动。", [], source_name="来源:厦门市总工会")).name == \
        "厦门市总工会女职工委员会"


def test_bare_committee_belongs_to_the_reporting_union():
    c = ctx("女职委开展活动。", [], source="来源:厦门市总工会")
    assert resolve("女职委", c).name == "厦门市总工会女职工委员会"
    assert resolve("女职委", ctx("女职委开展活动。")).name is None


# ---------------------------------------------------------------- programmes, honours, figures
@pytest.mark.parametrize("surface, brand, kind", [
    ("“会聚良缘·爱在龙江”", "会聚良缘", "brand"),
    ("渝见·会聚良缘", "会聚良缘", "brand"),
    ("展时代风采·颂祖国华章", "展时代风采·颂祖国华章", "brand"),  # no part names a place
    ("妈咪暖心小屋", "妈咪暖心小屋", "facility"),
    ("春风行动", "春风行动", "campaign"),
    ("职工职业技能大赛", "职工职业技能大赛", "competition"),
])
def test_programmes(surface, brand, kind):
    assert programmes.canonical(surface) == brand
    assert programmes.kind_of(brand) == kind


def home_of(text):
    return ctx(text).home


@pytest.mark.parametrize("surface, text, name, level", [
    ("省劳模", "浙江省总工会表彰。", "浙江省劳动模范", "province"),
    ("省级劳动模范", "浙江省总工会表彰。", "浙江省劳动模范", "province"),
    ("省劳动模范", "浙江省总工会表彰。", "浙江省劳动模范", "province"),
    ("省劳模", "各地表彰。", "省劳动模范", "province"),
    ("全国五一巾帼标兵", "", "全国五一巾帼标兵", "national"),
    ("全国劳模", "", "全国劳动模范", "national"),
    ("2023年度河北省五一劳动奖章", "", "河北省五一劳动奖章", "province"),
])
def test_honours(surface, text, name, level):
    h = honours.canonical(surface, home_of(text))
    assert (h.name, h.level) == (name, level)


def test_honour_issuer():
    assert honours.canonical("全国五一劳动奖章").issuer == "中华全国总工会"
    assert honours.canonical("河北省五一劳动奖章").issuer == "河北省总工会"


@pytest.mark.parametrize("subject, unit, metric", [
    ("女职工", "人", "women_workers"),
    ("会员", "人", "members"),
    ("基层工会", "个", "organisations"),
    ("爱心妈妈小屋", "家", "facilities"),
    ("职工", "人次", "participants"),
    ("慰问金", "万元", "money"),
    ("专项集体合同", "份", "contracts"),
    (None, "场", "events"),
])
def test_metrics(subject, unit, metric):
    assert figures.metric(subject, unit) == metric


# ---------------------------------------------------------------- the KB
def test_issue_examples_hold_in_the_seed_kb(corpus_kb):
    con = sqlite3.connect(corpus_kb[0])

    def canonical(doc_prefix, text):
        return {r[0] for r in con.execute(
            "select l.canonical from mention_links l join documents d on d.id = l.document_id "
            "where d.source like ? and l.text = ?", [f"%{doc_prefix}%", text])}

    assert canonical("004_", "市总工会") == {"廊坊市总工会"}
    # 001 writes 省总工会 only as part of 省总工会女职工委员会: the committee of 浙江省总工会
    assert canonical("001_", "省总工会女职工委员会") == {"浙江省总工会女职工委员会"}
    assert con.execute("""select p.name from organisations o join organisations p on p.id = o.parent_id
                          where o.name = '浙江省总工会女职工委员会'""").fetchone() == ("浙江省总工会",)
    row = con.execute("""select o.name, p.name from organisations o join organisations p on p.id = o.parent_id
                         where o.name = '秦皇岛市总工会女职工委员会'""").fetchone()
    assert row == ("秦皇岛市总工会女职工委员会", "秦皇岛市总工会")
    aliases = {r[0] for r in con.execute("""select a.alias from organisation_aliases a join organisations o
        on o.id = a.organisation_id where o.name = '秦皇岛市总工会女职工委员会'""")}
    assert "秦皇岛市总工会女职委" in aliases
    chain = con.execute("""select r.name, r.code, p.name, g.name from organisations o join regions r on r.id = o.region_id
        join regions p on p.id = r.parent_id join regions g on g.id = p.parent_id where o.name = '昌黎县总工会'""").fetchone()
    assert chain == ("昌黎县", "130322", "秦皇岛市", "河北省")
    # the hierarchy reaches the national federation
    top = con.execute("""with recursive up(id, name, parent_id) as (
        select id, name, parent_id from organisations where name = '昌黎县总工会'
        union all select o.id, o.name, o.parent_id from organisations o join up on o.id = up.parent_id)
        select name from up where parent_id is null""").fetchone()
    assert top == ("中华全国总工会",)
    assert con.execute("select count(*) from figures where metric is null").fetchone()[0] == 0


def test_link_scores_on_seed_gold():
    s = linkscore.score(LINKS / "seeds", CORPUS)
    assert s.decisions >= 150
    assert s.accuracy >= 0.97, linkscore.format_score(s, verbose=True)
    assert s.wrong_rate <= 0.015, linkscore.format_score(s, verbose=True)
    # 0.95 until the ORG rules read the seed's 家政行业联合工会, which the gold leaves unresolved (no place
    # or level given): one more mention, rightly unresolved, is 301/317 = 0.9495
    assert s.resolved_share >= 0.945


@pytest.mark.skipif(not (SHARED / "corpus" / "dev").is_dir(), reason="../shared/corpus/dev is absent")
def test_link_scores_on_dev_gold():
    s = linkscore.score(LINKS / "dev", SHARED / "corpus" / "dev")
    assert s.decisions >= 150
    assert s.accuracy >= 0.99, linkscore.format_score(s, verbose=True)
    assert s.wrong_rate <= 0.01, linkscore.format_score(s, verbose=True)
    # below 0.95: the dev gold wants 16 of the 336 mentions unresolved (the document does not tell)
    assert s.resolved_share >= 0.93


# the first three train texts annotated (issue 21, first pass), the three added in its second pass
# (scored 0.750 unseen, before any change made after reading their errors) and the eight of its third
# (0.873, 9.9% wrong, when first measured); floors per group, as measured
TRAIN_GROUPS = [(("110", "162", "170"), 28, 1.0, 0.0, 0.98), (("103", "167", "173"), 19, 0.95, 0.05, 0.79),
                (("105", "109", "111", "112", "115", "161", "165", "172"), 70, 0.985, 0.015, 0.97)]


@pytest.mark.skipif(not (SHARED / "corpus" / "train").is_dir(), reason="../shared/corpus/train is absent")
@pytest.mark.parametrize("files, decisions, accuracy, wrong, resolved", TRAIN_GROUPS)
def test_link_scores_on_train_gold(tmp_path, files, decisions, accuracy, wrong, resolved):
    heldout = {line.split("\t")[0] for line in (LINKS.parent / "splits" / "heldout.tsv").read_text(encoding="utf-8")
               .splitlines() if ".txt" in line and not line.startswith("#")}
    assert not {linkscore.read_gold(f)[0] for f in (LINKS / "train").glob("*.tsv")} & heldout
    assert {f.stem for f in (LINKS / "train").glob("*.tsv")} == {n for group, *_ in TRAIN_GROUPS for n in group}
    for name in files:
        (tmp_path / f"{name}.tsv").write_bytes((LINKS / "train" / f"{name}.tsv").read_bytes())
    s = linkscore.score(tmp_path, SHARED / "corpus" / "train")
    assert s.decisions >= decisions
    assert s.accuracy >= accuracy, linkscore.format_score(s, verbose=True)
    assert s.wrong_rate <= wrong, linkscore.format_score(s, verbose=True)
    assert s.resolved_share >= resolved, linkscore.format_score(s, verbose=True)


def test_link_gold_files_are_well_formed():
    files = sorted(LINKS.rglob("*.tsv"))
    assert len(files) >= 45
    for f in files:
        name, rows = linkscore.read_gold(f)
        assert name and rows, f


def test_evaluate_links_command():
    result = CliRunner().invoke(main, ["evaluate", str(CORPUS), "--links", str(LINKS / "seeds"), "--no-model",
                                       "--json"])
    assert result.exit_code == 0, result.output
    assert '"accuracy"' in result.output


def test_bad_link_gold_names_file_and_line(tmp_path):
    bad = tmp_path / "x.tsv"
    bad.write_text("# text: x.txt\nlabel\tmention\tcanonical\tnote\nPLACE\t河北\t河北省\t\n", encoding="utf-8")
    from reportmine.errors import AnnotationError

    with pytest.raises(AnnotationError) as e:
        linkscore.read_gold(bad)
    assert "x.tsv" in str(e.value) and "3" in str(e.value)


@pytest.mark.parametrize("order", [("130100", "130600", "110000"), ("110000", "130600", "130100")])
def test_ranked_divisions_do_not_depend_on_insertion_order(order):
    """Ties among counted divisions come out in code order, so a document's home and its "several
    places" reason are the same in every process (sets feed the counts in hash order)."""
    from collections import Counter

    from reportmine.link.context import ranked

    counts = Counter()
    for code in order:
        counts[code] += 2
    counts["120000"] += 3
    assert ranked(counts, 3) == [("120000", 3), ("110000", 2), ("130100", 2)]
