"""A rule's inputs read from questions in users' words, through the words in the rules file."""

from __future__ import annotations

from collections.abc import Collection

import pytest

from app.awards.rules import RuleBook, load_rulebook
from app.chat.slots import read_cases, read_inputs, read_items, undecided_inputs
from tests.conftest import REPO_ROOT

WAN = 10_000


@pytest.fixture(scope="module")
def rules() -> RuleBook:
    return load_rulebook(REPO_ROOT / "corpus")


def read_named(rules: RuleBook, rule_id: str, question: str, names: Collection[str]) -> dict[str, object]:
    """What the rule reads for each of `names` (None when it reads nothing for one)."""
    rule = rules.get(rule_id)
    assert rule is not None
    values = read_inputs(rule, question)
    return {name: values.get(name) for name in names}


@pytest.mark.parametrize(
    ("rule_id", "question", "expected"),
    [
        (
            "infrastructure-pilots",
            "我们的可信数据空间项目评上了国家级试点，固定资产投资1.2亿元，其中土建3000万",
            {"national_pilot": True, "investment_yuan": 120_000_000, "civil_works_yuan": 3000 * WAN},
        ),
        (
            "infrastructure-pilots",
            "项目总投资八千万（不含土建），还没评上国家级试点",
            {"investment_yuan": 8000 * WAN, "civil_works_yuan": 0, "national_pilot": False},
        ),
        (
            "infrastructure-pilots",
            "我们的数据基础设施评了国家级试点，不算土建投了800万",
            {"national_pilot": True, "investment_yuan": 800 * WAN, "civil_works_yuan": 0},
        ),
        (
            "infrastructure-pilots",
            "评上国家级试点，总投资1亿，刨去土建3000万",
            {"national_pilot": True, "investment_yuan": 10_000 * WAN, "civil_works_yuan": 3000 * WAN},
        ),
        (
            "infrastructure-pilots",
            "投了两个亿建数据中心，五千万的土建",
            {"investment_yuan": 200_000_000, "civil_works_yuan": 5000 * WAN},
        ),
        (
            "standards",
            "国家标准已经正式公布，起草单位名单里我们列第2位",
            {"level": "国家标准", "rank": 2, "published": True},
        ),
        (
            "standards",
            "国标草案我们排第一起草单位，目前还在公开征求意见",
            {"level": "国家标准", "rank": 1, "published": False},
        ),
        ("national-filings", "我们有六个备案，还没做推广", {"filings": 6, "scenario_promotion": False}),
        (
            "national-filings",
            "我们拿了3个备案：1个大模型备案、2个深度合成算法备案，都已经推广应用了",
            {"filings": 3, "scenario_promotion": True},
        ),
        # A count right after its cue, for filings.
        (
            "national-filings",
            "生成式AI服务备案1项、算法备案6项，都有场景推广",
            {"filings": 7, "scenario_promotion": True},
        ),
        # A total stated is the number, whatever its parts.
        (
            "national-filings",
            "一个生成式人工智能备案，加上两个深度合成备案，一共三个，都推广了",
            {"filings": 3, "scenario_promotion": True},
        ),
        # A negation reaches over the verb it denies and a conjunction.
        ("national-filings", "有3个备案，还没上线和推广", {"filings": 3, "scenario_promotion": False}),
        # A denial after the last of a list reaches back along it.
        (
            "parks-and-buildings",
            "我们的园区国家、北京市、西城区的资金和认定都没拿到，重点发展数据产业",
            {"support": "无", "data_focus": True, "park_itself": True},
        ),
        # Cues and amounts: a cue joined to an amount by 的 is that amount's; a part's cue that excludes
        # itself is not the amount's; "一共3个产品" counts products.
        (
            "infrastructure-pilots",
            "6000万的投资里1000万土建",
            {"investment_yuan": 6000 * WAN, "civil_works_yuan": 1000 * WAN},
        ),
        ("infrastructure-pilots", "土建之外的投资6000万", {"investment_yuan": 6000 * WAN}),
        (
            "national-filings",
            "一个生成式人工智能备案，已推广，公司一共3个产品",
            {"filings": 1, "scenario_promotion": True},
        ),
        (
            "national-filings",
            "1个生成式备案，备案后3个场景已经推广",
            {"filings": 1, "scenario_promotion": True},
        ),
        (
            "standards",
            "两项行业标准，一共有7个起草单位，我们排第一，已发布",
            {"level": "行业标准", "count": 2, "rank": 1, "published": True},
        ),
        (
            "innovation-platforms",
            "我们每年营收5000万，国家级平台牵头能拿多少",
            {"level": "国家", "lead_unit": True},
        ),
        # A yes phrase denied right after it.
        (
            "national-filings",
            "两项算法备案，产品还没推出去，场景推广也没做",
            {"filings": 2, "scenario_promotion": False},
        ),
        # …and past a word naming it as a matter.
        ("national-filings", "3个算法备案，推广的事还没做", {"filings": 3, "scenario_promotion": False}),
        ("national-filings", "3个算法备案，推广这块没问题", {"filings": 3, "scenario_promotion": True}),
        # A count after its cue with a verb of having between; a count said of a whole list; a list
        # of filings with no count, one each.
        ("national-filings", "算法备案两个，另外深度合成也备了一个", {"filings": 3}),
        # "两款产品" counts products: only the filing passed counts.
        (
            "national-filings",
            "生成式人工智能服务备案我们有两款产品，只通过了一款，已推广",
            {"filings": 1, "scenario_promotion": True},
        ),
        (
            "national-filings",
            "我们有算法备案和深度合成备案，两个都已经推广了，另外还有一个生成式备案",
            {"filings": 3, "scenario_promotion": True},
        ),
        (
            "national-filings",
            "我们拿到了生成式人工智能服务备案、算法备案和深度合成备案，三个都已经推广了",
            {"filings": 3, "scenario_promotion": True},
        ),
        (
            "national-filings",
            "我们拿到了生成式人工智能服务备案、算法备案和深度合成备案，都已推广",
            {"filings": 3, "scenario_promotion": True},
        ),
        (
            "standards",
            "行业标准我们有两项，都排第一，已发布",
            {"level": "行业标准", "count": 2, "rank": 1, "published": True},
        ),
        # The part of the filings said to meet the condition, or all but the part said not to.
        (
            "national-filings",
            "一共有三个国家网信办的备案。其中两个已经落地推广了，还有一个还在内测没对外",
            {"filings": 2, "scenario_promotion": True},
        ),
        ("national-filings", "有3个备案，其中1个还没有推广", {"filings": 2, "scenario_promotion": True}),
        # Some of them said with 里有, and what the next part goes on to say of them; filed and no more.
        ("national-filings", "五项里有两项只备了案，还没做推广", {"filings": 3, "scenario_promotion": True}),
        ("national-filings", "五项备案里有两项还没做推广", {"filings": 3, "scenario_promotion": True}),
        # "，还有一项…" is about another one, not more said of the part.
        (
            "national-filings",
            "三项算法备案，其中两项已经推广，还有一项正在推广",
            {"filings": 3, "scenario_promotion": True},
        ),
        # Places listed after 分别 are several: not one read as all.
        ("standards", "国家标准排名分别是第一和第三，都已经发布了", {"level": "国家标准", "published": True}),
        # 手里有 is no part of anything; promotion said undone only of its work, not of the product in use.
        (
            "national-filings",
            "我们手里有两项生成式人工智能备案，都已经推广了",
            {"filings": 2, "scenario_promotion": True},
        ),
        (
            "national-filings",
            "未来还会加大推广，两项备案都已经上线运营",
            {"filings": 2, "scenario_promotion": True},
        ),
        # A part of another kind ("其中2个是算法备案") counts nothing apart.
        (
            "national-filings",
            "一共3个备案，其中2个是算法备案，都推广了",
            {"filings": 3, "scenario_promotion": True},
        ),
        # Not when the rest says the others meet it too.
        (
            "national-filings",
            "三个算法备案都已经推广了，其中一个推广到了海外",
            {"filings": 3, "scenario_promotion": True},
        ),
        # A list denied, asked about, or only a step toward it: nothing counted.
        ("national-filings", "我们没拿到算法备案和深度合成备案，但产品已推广", {"scenario_promotion": True}),
        ("national-filings", "做了算法备案和深度合成备案，但都还没通过", {}),
        ("national-filings", "通过了算法备案和深度合成备案的初审", {}),
        # 所以 is no 以 of a way of counting.
        (
            "infrastructure-pilots",
            "国家试点，投资5000万，是租用机房所以没有土建",
            {"national_pilot": True, "investment_yuan": 5000 * WAN, "civil_works_yuan": 0},
        ),
        # A kind of unit described, not ours: nothing counted.
        ("national-filings", "通过了算法备案和深度合成备案的企业能拿多少", {}),
        # A yes phrase only planned, denied through a passive, or an intent denied.
        # Only planned: not so yet, and not said never to be — left to ask.
        (
            "national-filings",
            "两个生成式AI服务备案都已经拿到手了，不过应用推广计划要到明年才开始",
            {"filings": 2},
        ),
        ("high-quality-datasets", "数据集已经建好了，计划下个季度接入交易平台", {}),
        ("listing-and-trading", "预计年底前完成首次入表", {}),
        # 以后…才 says what came after, not what is planned.
        ("high-quality-datasets", "数据集接入交易平台以后才开始有交易", {"connected_to_platform": True}),
        (
            "key-technology-projects",
            "我们牵头的国家重点研发项目正在验收，成果还没被认可采纳",
            {"project_level": "国家", "lead_unit": True, "results_adopted": False},
        ),
        (
            "parks-and-buildings",
            "楼宇拿到过西城区的楼宇提升资金，没打算重点发展数据产业",
            {"support": "西城区", "data_focus": False},
        ),
        # A phrase whose words may stand apart ("北京分赛…一等奖"), but not across a denial.
        ("contest-beijing", "我们在北京分赛拿了二等奖", {"achievement": "其他"}),
        ("contest-beijing", "北京赛区获得了一等奖", {"achievement": "北京分赛获得一等奖"}),
        (
            "contest-beijing",
            "拿到了全国总决赛的参赛名额，但没获奖",
            {"achievement": "获得全国总决赛参赛名额"},
        ),
        ("contest-beijing", "北京分赛没拿到一等奖", {}),
        # What a park mainly is, said in words that name no business, settles nothing; an operator is the park.
        (
            "parks-and-buildings",
            "我们楼宇拿到了市级认定，楼宇基本上是满租",
            {"support": "北京市", "park_itself": True},
        ),
        ("parks-and-buildings", "重点发展数据产业，入驻的主要是中小微企业", {"data_focus": True}),
        (
            "parks-and-buildings",
            "我们是楼里的产权单位，楼宇拿到了北京市认定，入驻的都是数据企业",
            {"support": "北京市", "data_focus": True},
        ),
        # A phrase's parts stand apart only within a few words: not "全国总决赛的名额有限".
        ("contest-beijing", "全国总决赛的名额有限，我们北京分赛拿了二等奖", {"achievement": "其他"}),
        # Done before, said of something else ("之前只在国内做过数据交易", "引入过"), is not the award's matter.
        (
            "cross-border",
            "我们之前只在国内做过数据交易，今年第一次开展数据跨境业务",
            {"first_time": True},
        ),
        ("listing-and-trading", "以前引入过外部数据，这是第一次做数据资产入表", {"first_listing": True}),
        # "要不是…" is "if it were not for", no denial; "是首次…符合条件吗" states it and asks of the award.
        ("compute-vouchers", "要不是我们的大模型训练需求大，也不会租算力", {"model_training": True}),
        ("cross-border", "我们是首次开展数据出境业务符合条件吗？", {"first_time": True}),
        # A few words may stand between the parts of a phrase: "之前好像做过一次".
        ("cross-border", "之前好像做过一次小规模的数据出境", {"first_time": False}),
        ("listing-and-trading", "之前我们也入过表", {"first_listing": False}),
        # "是第一次…吗" asks; "是第一次做，能拿多少吗" states it and asks of the award.
        ("cross-border", "我们是第一次做数据出境，能拿多少吗", {"first_time": True}),
        # A negation reaches over whose the thing is: "不是我们的关联方".
        ("compute-vouchers", "阿里云不是我们的关联方", {"unrelated_party": True}),
        ("compute-vouchers", "算力是我们的关联方提供的", {"unrelated_party": False}),
        # The unit's own event, however it says it ran it.
        (
            "events",
            "我们自己办了一场数据沙龙，请了国家数据局的领导来讲话，花了80万",
            {"data_field": True, "organiser": "其他", "spending_yuan": 80 * WAN},
        ),
        # The investment given has no civil works in it.
        (
            "infrastructure-pilots",
            "可信数据空间项目投资2亿，评上了国家试点，土建没算在里面",
            {"national_pilot": True, "investment_yuan": 200_000_000, "civil_works_yuan": 0},
        ),
        # None at all, said in words; a figure that begins with 0 is a figure.
        (
            "infrastructure-pilots",
            "评上了国家级试点示范，实际完成固定资产投资3000000元，不涉及土建",
            {"national_pilot": True, "investment_yuan": 3_000_000, "civil_works_yuan": 0},
        ),
        (
            "infrastructure-pilots",
            "回到国家级，要是土建投资为零呢",
            {"national_pilot": True, "civil_works_yuan": 0},
        ),
        ("infrastructure-pilots", "土建为0.5亿", {"civil_works_yuan": 50_000_000}),
        # What a park mainly hosts says whether it focuses on data, when another business is named.
        (
            "parks-and-buildings",
            "我们楼宇拿到过区里的资金支持，但入驻企业以传统商贸为主",
            {"support": "西城区", "data_focus": False, "park_itself": True},
        ),
        (
            "parks-and-buildings",
            "园区拿了北京市认定，入驻的主要是律所和金融机构",
            {"support": "北京市", "data_focus": False},
        ),
        (
            "parks-and-buildings",
            "园区主要做文创的，拿了北京市认定",
            {"support": "北京市", "data_focus": False},
        ),
        ("parks-and-buildings", "入驻企业大部分是做数据的", {"data_focus": True}),
        ("parks-and-buildings", "楼里的数据企业主要做标注", {"data_focus": True}),
        # Not said of the park, nor a business: "主要是想问一下".
        ("parks-and-buildings", "园区主要是想问一下，北京市认定的能拿多少", {"support": "北京市"}),
        # A unit in the park is not the park.
        (
            "parks-and-buildings",
            "我们是入驻在数据产业园里的一家小公司，园区拿了市级认定",
            {"support": "北京市", "data_focus": True, "park_itself": False},
        ),
        # "按不含土建算" asks how to count, it says nothing of the civil works.
        (
            "infrastructure-pilots",
            "国家级试点示范项目投资1.2亿元（含土建），其中土建部分2800万元，按不含土建算能拿多少？",
            {"national_pilot": True, "investment_yuan": 120_000_000, "civil_works_yuan": 2800 * WAN},
        ),
        # The unit hosting its own event, a national guest notwithstanding; costs listed after "分两块：".
        (
            "events",
            "我们公司自己主办了一场数据技术发布会，请了国家数据局的领导来致辞，花了150万",
            {"organiser": "其他", "spending_yuan": 150 * WAN},
        ),
        (
            "events",
            "国家部委主办、我们承办的数据论坛，费用分两块：场地搭建260万、嘉宾差旅和会务90万",
            {"data_field": True, "organiser": "国家级", "spending_yuan": 350 * WAN},
        ),
        # Two figures for one input: the actual one counts, as the policy counts actual spending.
        (
            "events",
            "承接国家级部门主办的数据交流活动，预算报的900万，最后实际只花了六百万",
            {"organiser": "国家级", "spending_yuan": 600 * WAN},
        ),
        (
            "infrastructure-pilots",
            "原计划投资5000万，实际投资1.2亿，评上了国家级试点",
            {"investment_yuan": 120_000_000, "national_pilot": True},
        ),
        # A cue followed by its own amount is not the amount before's; a part's cue before a verb cue.
        (
            "infrastructure-pilots",
            "财务说那7000万里其实含了土建2000万",
            {"investment_yuan": 7000 * WAN, "civil_works_yuan": 2000 * WAN},
        ),
        (
            "infrastructure-pilots",
            "设备软件投资六千五百万，另外盖机房土建花了两千万",
            {"investment_yuan": 6500 * WAN, "civil_works_yuan": 2000 * WAN},
        ),
        # The part said to be the whole: all of the investment is civil works.
        (
            "infrastructure-pilots",
            "评上国家级试点了，两千万的投入都花在土建上",
            {"investment_yuan": 2000 * WAN, "civil_works_yuan": 2000 * WAN, "national_pilot": True},
        ),
        # Counted by the kind of filing too, each count next to its kind.
        (
            "national-filings",
            "手上有1个生成式人工智能服务备案、2个深度合成算法备案，已经推广应用",
            {"filings": 3, "scenario_promotion": True},
        ),
        # Items counted by the words for their kind, a longer one than the count's own cue.
        (
            "standards",
            "三项北京市地方标准都发布了，我们分别排第一、第二和第三名",
            {"level": "北京市地方标准", "count": 3, "rank": 3, "published": True},
        ),
        (
            "national-filings",
            "通过了3项国家级备案，已经在场景里推广应用",
            {"filings": 3, "scenario_promotion": True},
        ),
        (
            "events",
            "我们承办市里主办的数据论坛花了500万",
            {"data_field": True, "organiser": "市级", "spending_yuan": 500 * WAN},
        ),
        # A department by its short name says its level (the rules file's word lists of departments).
        (
            "events",
            "承办了市网信办主办的沙龙，花了二百五十万",
            {"organiser": "市级", "spending_yuan": 250 * WAN},
        ),
        # …or by its stem and 部门.
        (
            "events",
            "我们承办了市经信部门主办的一场数据沙龙，实际发生费用50万元",
            {"data_field": True, "organiser": "市级", "spending_yuan": 50 * WAN},
        ),
        (
            "events",
            "国家统计局主办、我们承办的数据论坛，投入300万",
            {"data_field": True, "organiser": "国家级", "spending_yuan": 300 * WAN},
        ),
        (
            "public-data-operation",
            "市大数据中心把公共数据授权给我们运营",
            {"level": "市属", "authorised": True},
        ),
        (
            "public-data-operation",
            "拿到了交通运输部的公共数据授权运营",
            {"level": "部属", "authorised": True},
        ),
        (
            "compute-vouchers",
            "我们租的是集团子公司的GPU做大模型训练",
            {"unrelated_party": False, "model_training": True},
        ),
        (
            "compute-vouchers",
            "训练行业大模型，租的是自己集团的算力",
            {"unrelated_party": False, "model_training": True},
        ),
        (
            "compute-vouchers",
            "租的是非关联方的智算中心算力，做行业大模型训练",
            {"unrelated_party": True, "model_training": True},
        ),
        ("cross-border", "我们不是第一次做数据出境了", {"first_time": False}),
        # The business said to have run for years, whatever a new channel is called.
        ("cross-border", "我们做数据出境业务已经四年了，新加了一条到东京的链路", {"first_time": False}),
        ("cross-border", "数据出境业务已经做了两年，还能拿首次跨境奖励吗", {"first_time": False}),
        # Time spent getting ready is no business run.
        ("cross-border", "跨境业务已经准备一年了，今年首次开展", {"first_time": True}),
        # A denial of something else about data is no event outside the data field.
        (
            "events",
            "国家数据局主办的交流活动，不涉及数据跨境，花了100万",
            {"organiser": "国家级", "spending_yuan": 100 * WAN},
        ),
        (
            "events",
            "市文旅局主办的推介会，和数据没关系，花了100万",
            {"organiser": "市级", "data_field": False, "spending_yuan": 100 * WAN},
        ),
        ("cross-border", "今年首次开展数据跨境业务", {"first_time": True}),
        (
            "innovation-platforms",
            "我们牵头的实验室被认定为北京市级重点实验室，连续3年",
            {"level": "北京市", "years": 3, "lead_unit": True},
        ),
        ("innovation-platforms", "2024年我们只是参与单位", {"lead_unit": False}),
        # One year asked for; a total asked for too, or a number of years, is the whole run.
        ("innovation-platforms", "北京市认定的，每年能拿多少", {"level": "北京市", "years": 1}),
        # …also beside how many years it runs ("连续给几年" asks how long, not for the total).
        ("innovation-platforms", "北京市认定的，每年奖多少，连续给几年", {"level": "北京市", "years": 1}),
        ("innovation-platforms", "国家认定的，每年多少，前后一共能拿多少", {"level": "国家"}),
        ("innovation-platforms", "国家认定，每年和三年合计各是多少", {"level": "国家", "years": 3}),
        ("public-data-operation", "拿到了部委的数据授权运营", {"level": "部属", "authorised": True}),
        # A yes phrase that starts inside a no phrase is what that one denies.
        (
            "public-data-operation",
            "和市属单位签了共享协议，没有正式授权运营",
            {"level": "市属", "authorised": False},
        ),
        ("chain-leader", "我们是联合体的成员单位，不是牵头的", {"lead_unit": False}),
        ("listing-and-trading", "去年已经入过一次表了，今年又入了一批", {"first_listing": False}),
        ("cross-border", "前年就做过数据出境了，今年新增一条业务", {"first_time": False}),
        ("cross-border", "没走安全评估，数据直接传到海外", {"compliant": False}),
        ("financing-interest", "普通的信用贷，没用数据资产抵押", {"data_backed": False}),
        ("data-centre-retrofit", "改造没拿到国家或者市里的资金", {"funding": "无"}),
        # A total and its parts agree; the total is the count.
        (
            "national-filings",
            "我们拿了3个，2个大模型备案1个深度合成，都在商用",
            {"filings": 3, "scenario_promotion": True},
        ),
        # A count for each of a list of kinds is that many of each.
        (
            "national-filings",
            "拿到了生成式人工智能服务备案和深度合成算法备案各一个，都在推广",
            {"filings": 2, "scenario_promotion": True},
        ),
        ("national-filings", "算法备案、深度合成备案、生成式备案各两个", {"filings": 6}),
        # A yes phrase naming a step the question says is not done: not met.
        (
            "key-technology-projects",
            "我们牵头的市级揭榜挂帅项目已结题，不过成果认可采纳的结论还没出来",
            {"project_level": "北京市", "lead_unit": True, "results_adopted": False},
        ),
        # A lower level of the same kind of recognition is not the one the measure names.
        (
            "infrastructure-pilots",
            "被评为北京市级的试点示范，设备投资5000万",
            {"national_pilot": False, "investment_yuan": 5000 * WAN},
        ),
        # A count stated as the total without punctuation; a role said to be another unit's; the award's name.
        (
            "national-filings",
            "生成式人工智能的备案过了三个然后还有一个深度合成的算法备案也下来了一共四个都是国家那边的",
            {"filings": 4},
        ),
        (
            "cross-border",
            "我司自2021年起持续开展数据跨境业务，新业务线可否申请首次开展数据跨境的奖励？",
            {"first_time": False},
        ),
        # One adverb between the negation and the phrase still turns it.
        ("standards", "国标我们排第一，但还没正式发布", {"level": "国家标准", "rank": 1, "published": False}),
        (
            "events",
            "市经信局主办、我们承办的活动，实际花了120万",
            {"organiser": "市级", "spending_yuan": 1_200_000},
        ),
        (
            "contest-national-finals",
            "数据要素×大赛全国总决赛拿了二等奖",
            {"prize": "二等奖", "this_contest": True},
        ),
        # Several items of one level, counted by the level's own words.
        (
            "standards",
            "我们牵头了两项行业标准，都已发布，都是第一起草单位",
            {"level": "行业标准", "count": 2, "rank": 1, "published": True},
        ),
        # Several places that all meet the top-three limit: the worst stands for all.
        (
            "standards",
            "3项国家标准，一个排第一，两个排第三，都已发布",
            {"level": "国家标准", "count": 3, "rank": 3, "published": True},
        ),
        # Places on both sides of the top three: the one within counts (`test_items_beyond_the_limit…`).
        (
            "standards",
            "2项国家标准，一个排第二一个排第五，都发布了",
            {"level": "国家标准", "count": 1, "rank": 2, "published": True},
        ),
        # Two levels: no single value is taken.
        ("standards", "国家标准和行业标准各参与了一项，排名第一", {"rank": 1}),
        # A negation reaches over its verb, 过 and 任何, and along a list of choices.
        ("data-centre-retrofit", "我们没拿过任何国家或市里的资金，改造能给多少", {}),
        ("national-filings", "拿了3项备案，还没开始推广", {"filings": 3, "scenario_promotion": False}),
        # A word for "none" right before a choice denies that choice; another one can still be affirmed.
        ("data-centre-retrofit", "没拿到国家资金，拿到了市里的", {"funding": "北京市"}),
        # A pilot of a lower level is not a national one; filings counted after the word for passing.
        (
            "infrastructure-pilots",
            "我们只评上了市级试点，投资八千万",
            {"national_pilot": False, "investment_yuan": 8000 * WAN},
        ),
        ("national-filings", "有一项还在审核，已经通过的是三项", {"filings": 3}),
        # Begun years ago is no first time.
        (
            "cross-border",
            "我们去年就开始做数据出境了，业务一直合规",
            {"first_time": False, "compliant": True},
        ),
        # Civil works by another name, or none at all in other words; a share with a word between.
        (
            "infrastructure-pilots",
            "项目实际完成固资投入5,500万元，其中土木建设工程700万元",
            {"investment_yuan": 5500 * WAN, "civil_works_yuan": 700 * WAN},
        ),
        (
            "infrastructure-pilots",
            "实际完成投资八百万整，全是买服务器机柜和软件，一分钱土建都没有",
            {"investment_yuan": 800 * WAN, "civil_works_yuan": 0},
        ),
        (
            "infrastructure-pilots",
            "投资1.5亿，土建其实占到一半",
            {"investment_yuan": 15_000 * WAN, "civil_works_yuan": 7_500 * WAN},
        ),
        # Promotion not done, with words between; done, and something else not yet.
        (
            "national-filings",
            "三项算法备案都通过了，应用场景还没对外推广，计划明年再推广",
            {"filings": 3, "scenario_promotion": False},
        ),
        ("national-filings", "推广其实还没做，只是完成了开发", {"scenario_promotion": False}),
        ("national-filings", "推广了还没拿到钱", {"scenario_promotion": True}),
        # A range is no one figure, nor an item of a list of costs; staff pay is a cost.
        ("events", "承办了市经信局主办的论坛，花了300到400万", {"organiser": "市级"}),
        ("events", "承办市级部门主办的活动，场地三十到五十万，搭建二十万", {"organiser": "市级"}),
        (
            "events",
            "承办了市级部门主办的数据论坛，场地费60万，人员薪酬20万，宣传30万",
            {"data_field": True, "organiser": "市级", "spending_yuan": 110 * WAN},
        ),
        # A bare ordinal right after a level, but of something else: no place.
        (
            "standards",
            "我们参与的国家标准第三方测试已经通过，标准已发布",
            {"level": "国家标准", "published": True},
        ),
        # "一年给多少" asks for one year; beside a total asked for, the whole run (no number of years said).
        ("innovation-platforms", "国家认定的平台，一年给多少，一共给多少", {"level": "国家"}),
    ],
)
def test_inputs_are_read_from_users_words(
    rules: RuleBook, rule_id: str, question: str, expected: dict
) -> None:
    rule = rules.get(rule_id)
    assert rule is not None
    assert read_inputs(rule, question) == expected


@pytest.mark.parametrize(
    ("rule_id", "question", "expected"),
    [
        # "其他" is the catch-all choice of several measures; "其他专项" and "其他政策" name none of them.
        (
            "standards",
            "国家标准我们排第一，已经公布了，这个奖励能和其他专项叠加吗",
            {"level": "国家标准", "rank": 1, "published": True},
        ),
        ("contest-national-finals", "全国总决赛拿了一等奖，和其他政策能一起享受吗", {"prize": "一等奖"}),
        (
            "innovation-platforms",
            "国家认定的技术创新中心，我们牵头，还拿了其他补贴",
            {"level": "国家", "lead_unit": True},
        ),
        # Not 其他措施: said of the level, it is the other level.
        (
            "innovation-platforms",
            "我们获得的认定属于其他措施的，不是国家和北京市认定的平台",
            {"level": "其他"},
        ),
    ],
)
def test_a_phrase_that_states_nothing_hides_the_choice_word_inside_it(
    rules: RuleBook, rule_id: str, question: str, expected: dict
) -> None:
    rule = rules.get(rule_id)
    assert rule is not None and "其他专项" in rule.not_values
    assert read_inputs(rule, question) == expected
    # The catch-all still reads where it is said of the measure.
    standards = rules.get("standards")
    assert standards is not None
    assert read_inputs(standards, "我们牵头的是其他省市地方标准，已经发布")["level"] == "其他"


def test_what_the_question_does_not_say_is_left_out(rules: RuleBook) -> None:
    rule = rules.get("infrastructure-pilots")
    assert rule is not None
    assert read_inputs(rule, "数据基础设施有什么支持？") == {}
    # Said both ways: contradictory, so not guessed.
    assert "national_pilot" not in read_inputs(rule, "评上了国家级试点，但还没评上")


def test_every_input_of_every_rule_can_be_said(rules: RuleBook) -> None:
    """Each input carries words a question can use, so no measure depends on its own code."""
    for rule in rules.rules:
        for item in rule.inputs:
            said = item.choices or item.yes_words or item.cues or item.reads
            assert said, f"{rule.id}.{item.name} has no words for the chat to read"


def test_money_without_a_cue_fills_the_one_open_amount(rules: RuleBook) -> None:
    rule = rules.get("events")
    assert rule is not None
    assert read_inputs(rule, "国家部委主办的论坛，我们承接，一共300万")["spending_yuan"] == 300 * WAN


@pytest.mark.parametrize(
    ("rule_id", "question", "absent"),
    [
        ("cross-border", "我们是不是首次开展数据跨境？", "first_time"),
        ("national-filings", "3个备案，推广没？", "scenario_promotion"),
        ("national-filings", "有没有推广会影响奖励吗", "scenario_promotion"),
        # Two figures, neither said to be the actual one: not guessed. (With 实际, that one counts.)
        ("infrastructure-pilots", "合同上投资5000万，报表上投资1.2亿，评上了国家级试点", "investment_yuan"),
        ("national-filings", "备案3个月了，还没下来", "filings"),
        ("innovation-platforms", "公司成立2年，牵头建了北京市重点实验室", "years"),
        # A level or choice only applied for, under review or not yet granted is not had.
        ("parks-and-buildings", "我们的园区目前还在申报市级认定，没批下来", "support"),
        ("parks-and-buildings", "我们园区市级认定还在审", "support"),
        ("parks-and-buildings", "园区的市级认定申报中", "support"),
        ("parks-and-buildings", "园区正在申请国家级认定", "support"),
        ("parks-and-buildings", "北京市的认定，但目前还没批下来", "support"),
        ("innovation-platforms", "国家企业技术中心我们在申报，结果还没出", "level"),
        ("public-data-operation", "北京市交通委的公共数据授权运营协议还在走流程，还没签下来", "level"),
        # A step still talked over or not settled is not done, nor said never to be.
        ("national-filings", "3个算法备案，推广的事还在商量", "scenario_promotion"),
        ("national-filings", "3个算法备案，推广的事还没定下来", "scenario_promotion"),
        ("national-filings", "3个算法备案，推广这块还没落实", "scenario_promotion"),
        ("innovation-platforms", "我们是北京市认定的科技创新平台，牵头的事还没定下来", "lead_unit"),
    ],
)
def test_what_the_question_leaves_open_is_not_filled(
    rules: RuleBook, rule_id: str, question: str, absent: str
) -> None:
    rule = rules.get(rule_id)
    assert rule is not None
    assert absent not in read_inputs(rule, question)


@pytest.mark.parametrize(
    "question",
    [
        "国家级试点示范的项目分三年投，每年1800万，都是设备和软件，没有土建",
        "国家试点，每期投了3000万，一共两期",
        "国家试点，每个项目投资2000万",
    ],
)
def test_an_amount_for_each_period_is_not_the_sum(rules: RuleBook, question: str) -> None:
    rule = rules.get("infrastructure-pilots")
    assert rule is not None
    assert "investment_yuan" not in read_inputs(rule, question)


@pytest.mark.parametrize(
    ("rule_id", "question", "expected"),
    [
        # The policy's words copied in name both levels and a run of years; the user's own say which.
        (
            "innovation-platforms",
            "第三条说“对经国家和北京市认定的科技创新平台，分别给予牵头单位连续3年，每年最高200万、100万元奖励”，"
            "我们是市级认定，牵头，能拿多少",
            {"level": "北京市", "lead_unit": True},
        ),
        (
            "cross-border",
            "措施写着“对首次开展数据跨境业务的企业给予奖励”，我们去年已经做过跨境业务了，今年这单还能拿吗",
            {"first_time": False},
        ),
        # A name of the user's own in quotation marks is still what they say.
        (
            "innovation-platforms",
            "我们牵头的“城市数据创新中心”是国家级认定的",
            {"level": "国家", "lead_unit": True},
        ),
        # …even in the policy's words, when not cited as the policy's.
        (
            "innovation-platforms",
            "我们是“北京市认定的科技创新平台”，牵头单位",
            {"level": "北京市", "lead_unit": True},
        ),
        (
            "public-data-operation",
            "我们拿到了“部属公共数据资源授权运营”",
            {"level": "部属", "authorised": True},
        ),
    ],
)
def test_the_policy_s_words_quoted_in_a_question_are_not_the_user_s_facts(
    rules: RuleBook, rule_id: str, question: str, expected: dict[str, object]
) -> None:
    rule = rules.get(rule_id)
    assert rule is not None
    assert read_inputs(rule, question) == expected


def test_the_things_a_total_adds_up_are_not_a_count_of_items(rules: RuleBook) -> None:
    filings, platforms = rules.get("national-filings"), rules.get("innovation-platforms")
    assert filings is not None and platforms is not None
    # "两个加起来": the two measures asked about, not two filings — neither read nor left undecided.
    assert "filings" not in read_inputs(filings, "这两个加起来最多多少？")
    assert undecided_inputs(filings, "这两个加起来最多多少？") == set()
    assert read_inputs(filings, "两个备案加起来多少")["filings"] == 2
    assert read_inputs(filings, "我们的大模型备案两个加起来最多多少？已经推广了")["filings"] == 2
    # The items named again and added up are all there are, not more on top of the same ones…
    assert read_inputs(filings, "我们有两个备案，都已经推广应用了，两个备案加起来能拿多少")["filings"] == 2
    assert read_inputs(filings, "生成式备案两个、算法备案一个，三个备案加起来多少")["filings"] == 3
    # …but the last item of a list added up is one item of it.
    assert read_inputs(filings, "有两个生成式备案和一个算法备案加起来多少")["filings"] == 3
    assert read_inputs(filings, "两个生成式备案和两个算法备案加起来多少")["filings"] == 4
    # A run of years added up is that many years.
    assert read_inputs(platforms, "那要是市级认定的呢，三年加起来多少")["years"] == 3


def test_a_decimal_amount_keeps_its_cue_across_the_point(rules: RuleBook) -> None:
    rule = rules.get("infrastructure-pilots")
    assert rule is not None
    assert read_inputs(rule, "1.2亿元投资，其中土建2000万")["investment_yuan"] == 120_000_000


@pytest.mark.parametrize(
    ("rule_id", "question", "undecided"),
    [
        # Both said of us: we lead and only take part — not settled, so never assumed.
        ("key-technology-projects", "项目我们牵头，我们也只是参与单位", {"lead_unit"}),
        ("cross-border", "我们是不是首次开展数据跨境？", {"first_time"}),
        ("cross-border", "我们是第一次开展数据跨境业务吗？", {"first_time"}),
        ("listing-and-trading", "这次算首次入表吗", {"first_listing"}),
        ("cross-border", "新开的这条数据通道，还算“首次”跨境吗？", {"first_time"}),
        # A choice denied after it is named.
        ("parks-and-buildings", "这栋楼国家级和市级的认定都没评上", {"support"}),
        # A part of the sum named without its figure, or said not to be the whole: never taken as none.
        ("infrastructure-pilots", "国家试点，投了六千万，多数是土建", {"civil_works_yuan"}),
        ("infrastructure-pilots", "国家试点，投了六千万，并不全是土建", {"civil_works_yuan"}),
        ("infrastructure-pilots", "国家试点，投了六千万，大部分都是土建", {"civil_works_yuan"}),
        ("infrastructure-pilots", "国家试点，投了六千万，不完全是土建", {"civil_works_yuan"}),
        # A role said to be another unit's says nothing of ours: asked, never assumed.
        ("innovation-platforms", "我们参与了一个国家认定的技术创新中心，牵头单位是一所大学", {"lead_unit"}),
        ("innovation-platforms", "国家认定的技术创新中心，牵头单位是一所大学，我们能拿多少", {"lead_unit"}),
    ],
)
def test_inputs_spoken_of_but_not_settled_are_undecided(
    rules: RuleBook, rule_id: str, question: str, undecided: set[str]
) -> None:
    rule = rules.get(rule_id)
    assert rule is not None
    assert undecided_inputs(rule, question) == undecided
    assert not (set(read_inputs(rule, question)) & undecided)


def test_a_choice_denied_in_the_rules_own_words_is_that_choice(rules: RuleBook) -> None:
    rule = rules.get("data-centre-retrofit")
    assert rule is not None
    assert read_inputs(rule, "改造项目国家和市里的资金都没拿到") == {"funding": "无"}


@pytest.mark.parametrize(
    ("question", "support"),
    [
        ("园区去年被评为市级数据产业园区", "北京市"),
        ("园区拿了市级认定，国家级的还在申报中", "北京市"),
        ("园区已获得市级认定，现在在申报国家级认定", "北京市"),
        ("我们获得了北京市的数据产业园区认定，目前在做招商", "北京市"),
        ("楼宇获得了国家级认定，市级的还在审核中", "国家"),
    ],
)
def test_a_choice_granted_stands_beside_one_applied_for(rules: RuleBook, question: str, support: str) -> None:
    rule = rules.get("parks-and-buildings")
    assert rule is not None
    assert read_inputs(rule, question)["support"] == support


def test_a_lone_count_away_from_what_is_counted_counts_something_else(rules: RuleBook) -> None:
    filings = rules.get("national-filings")
    assert filings is not None
    # "两个" are the two awards asked about; the filing is named elsewhere and not counted.
    assert "filings" not in read_inputs(filings, "算力券和大模型备案那个奖励，两个能一起拿吗")
    # With nothing named, a lone count is what the measure asked about counts ("有3个").
    assert read_inputs(filings, "有3个，都推广了")["filings"] == 3


def test_items_of_several_kinds_each_take_their_own_part_of_the_sentence(rules: RuleBook) -> None:
    standards = rules.get("standards")
    assert standards is not None
    question = (
        "我们主导起草了一项国家标准，起草单位里排第二；另外参与了两项行业标准，排第一。都已经正式发布了。"
    )
    assert read_items(standards, question) == [
        {"level": "国家标准", "rank": 2, "count": 1, "published": True},
        {"level": "行业标准", "rank": 1, "count": 2, "published": True},
    ]
    # A list with 、 and brackets: each item its own words.
    listed = "去年发布了两项国家标准（我们都排第一）、一项北京市地方标准（排第三），一共能拿多少"
    assert read_items(standards, listed) == [
        {"level": "国家标准", "rank": 1, "count": 2, "published": True},
        {"level": "北京市地方标准", "rank": 3, "count": 1, "published": True},
    ]
    # A count or a place is one item's own, never shared with an item that does not say it.
    assert read_items(standards, "两项行业标准排第一，北京市地方标准排第三，已发布") == [
        {"level": "行业标准", "rank": 1, "count": 2, "published": True},
        {"level": "北京市地方标准", "rank": 3, "published": True},
    ]
    # A bare ordinal right after what it ranks is its place; one after something else is not.
    assert read_items(standards, "国标第一，行标第三，都发布了") == [
        {"level": "国家标准", "rank": 1, "published": True},
        {"level": "行业标准", "rank": 3, "published": True},
    ]
    assert "rank" not in read_inputs(standards, "行业标准第二次修订，我们参与了")
    assert read_items(standards, "国家标准排第一，行业标准也参与了") == [
        {"level": "国家标准", "rank": 1},
        {"level": "行业标准"},
    ]
    # Several kinds in one part, each with its own count: each count is its kind's only.
    assert read_items(standards, "一项国家标准两项行业标准，都排第一，已发布") == [
        {"level": "国家标准", "rank": 1, "count": 1, "published": True},
        {"level": "行业标准", "rank": 1, "count": 2, "published": True},
    ]
    # "两项都已发布" is said of both items, not a count of the last kind.
    assert read_items(
        standards, "一项国家标准，排第二；另外一项行业标准，排第一。两项都已经正式发布了。"
    ) == [
        {"level": "国家标准", "rank": 2, "count": 1, "published": True},
        {"level": "行业标准", "rank": 1, "count": 1, "published": True},
    ]
    # ...but not a kind a sentence before it that said its own.
    assert read_items(standards, "一项国家标准已发布，排第一；两项行业标准，都排第二，已发布") == [
        {"level": "国家标准", "rank": 1, "count": 1, "published": True},
        {"level": "行业标准", "rank": 2, "count": 2, "published": True},
    ]
    # 都 after the last of several kinds in one part is said of each of them; a local standard said without
    # a place is Beijing's, one of another place is not.
    assert read_items(standards, "三项行业标准加两项地方标准都排前三，都已公布") == [
        {"level": "行业标准", "rank": 3, "count": 3, "published": True},
        {"level": "北京市地方标准", "rank": 3, "count": 2, "published": True},
    ]
    assert read_inputs(standards, "地标2项排第二，已公布")["level"] == "北京市地方标准"
    assert read_inputs(standards, "河北省地方标准1项排第一，已公布")["level"] == "其他"
    assert read_inputs(standards, "上海地方标准1项排第一")["level"] == "其他"
    assert read_inputs(standards, "浙江地方标准1项排第一")["level"] == "其他"
    assert read_inputs(standards, "北京市的地方标准1项排第二")["level"] == "北京市地方标准"
    # Two places of one kind: the worst stands for both when it is in the top three; else only the item
    # within counts (第2和第4 is one award, not two).
    assert read_inputs(standards, "两项行业标准，已发布，排名分别是第2和第3")["rank"] == 3
    within = read_inputs(standards, "两项行业标准分别排第2和第4，已发布")
    assert (within["rank"], within["count"]) == (2, 1)
    # …but not over what an earlier kind says of itself.
    assert read_items(standards, "一项国家标准排第五和两项行业标准都排第二，已公布") == [
        {"level": "国家标准", "rank": 5, "count": 1, "published": True},
        {"level": "行业标准", "rank": 2, "count": 2, "published": True},
    ]
    # A part said of them all ("都排前三") is every kind's.
    assert read_items(standards, "国标2项、北京市地标2项，都已发布而且我们都排前三") == [
        {"level": "国家标准", "rank": 3, "count": 2, "published": True},
        {"level": "北京市地方标准", "rank": 3, "count": 2, "published": True},
    ]
    # …also with a few words before 都 ("起草单位都排前三"), but not a count ("一项都没发布" is one item's).
    assert read_items(standards, "一项北京地标、一项行标，起草单位里都排第二") == [
        {"level": "北京市地方标准", "rank": 2, "count": 1},
        {"level": "行业标准", "rank": 2, "count": 1},
    ]
    # A count said before any kind, opening the list ("有三项："), is of them all, no one kind's own.
    opened = "去年发布的标准我们有三项：一项国家标准排第一，一项北京市地方标准排第三名，一项行业标准排第二"
    assert read_items(standards, opened) == [
        {"level": "国家标准", "rank": 1, "count": 1, "published": True},
        {"level": "北京市地方标准", "rank": 3, "count": 1, "published": True},
        {"level": "行业标准", "rank": 2, "count": 1, "published": True},
    ]
    # ...and a place said there is every kind's.
    assert read_items(standards, "都排第一：国家标准两项，行业标准一项") == [
        {"level": "国家标准", "rank": 1, "count": 2},
        {"level": "行业标准", "rank": 1, "count": 1},
    ]
    # One kind: one case, read by read_inputs.
    assert read_items(standards, "两项行业标准排第一，已发布") == []
    # A kind denied is no item.
    assert read_items(standards, "国家标准排第一已发布，行业标准还没有参与") == []


def test_the_one_of_one_year_asked_for_is_no_number_of_years(rules: RuleBook) -> None:
    """ "一年给多少，一共给多少": the 一 asks for a year's amount, it gives no number of years to ask about."""
    rule = rules.get("innovation-platforms")
    assert rule is not None
    assert undecided_inputs(rule, "国家认定的平台，一年给多少，一共给多少") == set()
    assert undecided_inputs(rule, "国家认定的平台，还剩两年，一共给多少") == {"years"}


@pytest.mark.parametrize(
    ("question", "compliant"),
    [
        # Steps the condition takes, said undone or under way along a list: not met.
        ("首次把数据传给境外总部，但是出境安全评估、标准合同备案都还没做", False),
        ("第一次做数据出境，安全评估还在走流程", False),
        ("首次开展跨境业务，标准合同没签完能申请吗", False),
        ("首次开展跨境业务，安全评估没做能申请吗", False),
        ("首次做数据出境，个人信息保护认证正在办理中", False),
        # Said done: met.
        ("首次做数据出境，安全评估和标准合同都已经完成了", True),
        ("首次做数据出境，安全评估已经通过了", True),
        # Only named, or asked about: not settled either way.
        ("首次做数据出境，需要先做安全评估吗", None),
        ("首次做数据出境，安全评估做了吗", None),
        ("首次做数据出境，是否要做安全评估", None),
    ],
)
def test_a_step_the_condition_takes_is_read_by_what_is_said_of_it(
    rules: RuleBook, question: str, compliant: bool | None
) -> None:
    rule = rules.get("cross-border")
    assert rule is not None
    values = read_inputs(rule, question)
    assert values.get("compliant") == compliant
    assert values["first_time"] is True
    # A step only named leaves the condition asked for, never its default.
    assert ("compliant" in undecided_inputs(rule, question)) == (compliant is None)


@pytest.mark.parametrize(
    ("question", "investment", "civil"),
    [
        # A share of the whole.
        ("国家级试点，实际完成固定资产投资一亿二千万，其中土建占40%", 12000 * WAN, 4800 * WAN),
        ("国家级试点示范项目，实际完成总投入0.35亿，土建占两成", 3500 * WAN, 700 * WAN),
        ("国家试点，投了六千万，四成是土建", 6000 * WAN, 2400 * WAN),
        ("总共砸了八千万，基建（就是盖房子那块土建）占了一半", 8000 * WAN, 4000 * WAN),
        ("国家试点，投资9000万，土建占总投资的百分之三十", 9000 * WAN, 2700 * WAN),
        # A word for "exactly" before 占.
        ("国家级试点，实际完成投资五千万，其中土建刚好占三成", 5000 * WAN, 1500 * WAN),
        # The share said right after the part, 占 left out.
        ("国家试点，投资4000万，土建一半", 4000 * WAN, 2000 * WAN),
        ("国家试点，投资5000万，土建两成", 5000 * WAN, 1000 * WAN),
        # Rounded up, so the base and the award are never more than the exact share gives.
        ("国家试点，投资一亿，三分之一是土建", 10000 * WAN, 33_333_334),
        # The rest after the other amounts named.
        ("国家试点，投了六千万，设备两千万，其余都是土建", 6000 * WAN, 4000 * WAN),
        ("实际完成总投资35000000元，其中设备采购28,000,000元，其余都是土建工程", 3500 * WAN, 700 * WAN),
    ],
)
def test_a_part_given_as_a_share_or_the_rest_of_the_whole_is_worked_out(
    rules: RuleBook, question: str, investment: int, civil: int
) -> None:
    rule = rules.get("infrastructure-pilots")
    assert rule is not None
    values = read_inputs(rule, question)
    assert (values["investment_yuan"], values["civil_works_yuan"]) == (investment, civil)


@pytest.mark.parametrize(
    "question",
    [
        "国家试点，投了六千万，土建占比还没算出来",  # a share named but not given
        "国家试点，投了六千万，设备八千万，其余都是土建",  # the other amounts do not fit in the whole
        "国家试点，投了六千万，其余都是土建",  # no other amount: the rest of what is not said
    ],
)
def test_a_share_or_rest_that_does_not_add_up_is_asked_for(rules: RuleBook, question: str) -> None:
    rule = rules.get("infrastructure-pilots")
    assert rule is not None
    assert "civil_works_yuan" not in read_inputs(rule, question)
    assert "civil_works_yuan" in undecided_inputs(rule, question)


@pytest.mark.parametrize(
    ("rule_id", "question", "expected"),
    [
        # A list of costs, each after its own label: their sum, with a part a cue claims counted in it.
        (
            "events",
            "承接市级部门主办的交流活动，实际发生：场地40万、搭建25万、嘉宾差旅15万、直播10万",
            {"spending_yuan": 90 * WAN},
        ),
        (
            "infrastructure-pilots",
            "国家级试点示范，实际完成投资明细：服务器3,500万元，网络设备800万元，软件1,200万元，机房土建2,000万元",
            {"investment_yuan": 7500 * WAN, "civil_works_yuan": 2000 * WAN},
        ),
        (
            "infrastructure-pilots",
            "国家级试点示范，明细：机房建设（纯土建部分）1800万，机柜、服务器、网络设备3200万，软件平台1000万",
            {"investment_yuan": 6000 * WAN, "civil_works_yuan": 1800 * WAN},
        ),
        # A part's cue in the middle of the list claims its own item, not the one after it.
        (
            "infrastructure-pilots",
            "国家级试点示范，实际完成投资明细：服务器3000万、机房土建1000万、软件2000万",
            {"investment_yuan": 6000 * WAN, "civil_works_yuan": 1000 * WAN},
        ),
        # A cue opening the list with no colon names the sum, not the first item.
        (
            "infrastructure-pilots",
            "国家级试点示范，实际完成投资服务器3000万、机房土建1000万、软件2000万",
            {"investment_yuan": 6000 * WAN, "civil_works_yuan": 1000 * WAN},
        ),
        (
            "events",
            "承接国家部委主办的数据峰会，实际投入场地80万、搭建120万、直播30万",
            {"spending_yuan": 230 * WAN},
        ),
        # Phases of a build, every one said done; days of one event.
        (
            "infrastructure-pilots",
            "国家级试点示范，一期8000万、二期6000万都完成了，均不含土建",
            {"investment_yuan": 14000 * WAN, "civil_works_yuan": 0},
        ),
        (
            "infrastructure-pilots",
            "国家级试点示范，一期5000万、二期3000万都建成了，两期土建合计1000万",
            {"investment_yuan": 8000 * WAN, "civil_works_yuan": 1000 * WAN},
        ),
        (
            "events",
            "承接市级部门主办的两天数据论坛，第一天投入100万，第二天投入80万",
            {"spending_yuan": 180 * WAN},
        ),
        # The actual total beside the days' budgets.
        (
            "events",
            "国家数据局主办的数据大会，第一天预算120万，第二天预算90万，实际一共花了150万",
            {"spending_yuan": 150 * WAN},
        ),
        # Done said of two phases by name.
        (
            "infrastructure-pilots",
            "国家试点，一期3000万、二期2000万，一期二期都已经完工",
            {"investment_yuan": 5000 * WAN},
        ),
        # Phases said done each in its own words; one said not done is left out.
        (
            "infrastructure-pilots",
            "国家试点，一期8000万已完成，二期6000万也完成了",
            {"investment_yuan": 14000 * WAN},
        ),
        (
            "infrastructure-pilots",
            "国家试点，一期8000万、二期6000万都完成了，三期3000万还在建",
            {"investment_yuan": 14000 * WAN},
        ),
    ],
)
def test_a_list_of_costs_is_summed(
    rules: RuleBook, rule_id: str, question: str, expected: dict[str, int]
) -> None:
    assert read_named(rules, rule_id, question, expected) == expected


@pytest.mark.parametrize(
    ("rule_id", "question", "absent"),
    [
        # Amounts that may each be a case with its own award are never added up.
        ("events", "市级部门主办的两场活动分别花了300万和500万", "spending_yuan"),
        ("events", "市里主办的，一场论坛200万，一场沙龙50万", "spending_yuan"),
        ("infrastructure-pilots", "国家试点，A项目5000万，B项目3000万", "investment_yuan"),
        ("events", "承接了市级部门主办的两场活动，一个300万，一个500万", "spending_yuan"),
        # Phases none said done: what was completed is asked for, never one phase's figure.
        ("infrastructure-pilots", "国家试点，一期8000万、二期6000万，不含土建", "investment_yuan"),
        # Parts beside a share, a budget or a total, or a list beside another cue of the same input: asked for,
        # never the parts added over what else is said.
        ("infrastructure-pilots", "国家试点，一期3000万、二期2000万都完成了，土建占20%", "investment_yuan"),
        (
            "infrastructure-pilots",
            "国家试点，一期预算3000万、实际完成2800万，二期预算2000万、实际完成1900万，都已完工",
            "investment_yuan",
        ),
        (
            "events",
            "国家数据局主办的数据大会，第一天投入120万，第二天投入90万，合计实际发生180万",
            "spending_yuan",
        ),
        ("events", "国家数据局主办的数据大会，投入场地60万、搭建90万，宣传另外花了30万", "spending_yuan"),
        ("events", "国家数据局主办的数据大会，第一天花了场地60万、搭建30万，第二天花了50万", "spending_yuan"),
        # A total or a part of one among them, income, or support received: not summed, asked for.
        (
            "infrastructure-pilots",
            "国家级试点，服务器2000万、软件1000万，土建2000万，合计5000万",
            "investment_yuan",
        ),
        ("events", "市级部门主办的论坛，总共80万，其中场地40万", "spending_yuan"),
        ("events", "市级部门主办的论坛，场地40万、搭建25万，实际结算60万", "spending_yuan"),
        ("events", "市级部门主办的论坛，场地40万、直播10万，门票收入20万", "spending_yuan"),
        # An approximate share gives no figure.
        ("infrastructure-pilots", "国家级试点，投资6000万，土建占了一半以上", "civil_works_yuan"),
        ("infrastructure-pilots", "国家级试点，投资6000万，土建大概占三成", "civil_works_yuan"),
        ("infrastructure-pilots", "国家级试点，投资6000万，土建占30%-40%", "civil_works_yuan"),
        # A first place denied, not ours, or the policy's own wording.
        ("standards", "国家标准已发布，牵头单位不是我们", "rank"),
        ("standards", "在市数据局牵头下，我们参与制定了一项北京市地方标准，已发布", "rank"),
        ("standards", "主导或参与制定国家标准都有奖励吗？我们参与了一项，已发布", "rank"),
    ],
)
def test_amounts_that_may_be_separate_cases_are_not_summed(
    rules: RuleBook, rule_id: str, question: str, absent: str
) -> None:
    rule = rules.get(rule_id)
    assert rule is not None
    assert absent not in read_inputs(rule, question)


@pytest.mark.parametrize(
    ("question", "items"),
    [
        # 牵头 is the first drafter; places listed for the items of one kind; a count right after a kind.
        (
            "共三项标准都发布了：一个国家标准，我们牵头；另外两个是行业标准，我们分别是第二、第三起草单位",
            [("国家标准", 1, 1), ("行业标准", 3, 2)],
        ),
        (
            "北京市地方标准两个（第一、第二起草单位），行业标准三个（都是牵头），全部已发布",
            [("北京市地方标准", 2, 2), ("行业标准", 1, 3)],
        ),
    ],
)
def test_each_kind_of_standard_gets_its_places_and_count(
    rules: RuleBook, question: str, items: list[tuple[str, int, int]]
) -> None:
    rule = rules.get("standards")
    assert rule is not None
    read = read_items(rule, question)
    assert [(item["level"], item["rank"], item.get("count", 1)) for item in read] == items
    assert all(item["published"] is True for item in read)


@pytest.mark.parametrize(
    ("question", "items"),
    [
        # Each count after its kind's name, joined by 和 or 加: each kind's own, not the next one's.
        ("北京市地方标准1项和行业标准2项，起草单位都排前三", [("北京市地方标准", 3, 1), ("行业标准", 3, 2)]),
        ("国家标准一项加行业标准两项，都是第一起草单位", [("国家标准", 1, 1), ("行业标准", 1, 2)]),
        # Each count before its kind's name, with or without a word between.
        ("一项国际标准一项国家标准，都排第二", [("国际标准", 2, 1), ("国家标准", 2, 1)]),
        ("1项国家标准和2项行业标准，都排第一", [("国家标准", 1, 1), ("行业标准", 1, 2)]),
        # A top three said right after the drafters, with no verb of ranking.
        ("北京市地方标准2项、行业标准1项，起草单位都前三", [("北京市地方标准", 3, 2), ("行业标准", 3, 1)]),
        # One place said of them all with 都是 between the word for ranking and the place.
        (
            "1项国家标准、2项行业标准，都已经公布，起草单位排名都是第二",
            [("国家标准", 2, 1), ("行业标准", 2, 2)],
        ),
    ],
)
def test_a_count_goes_with_the_kind_it_is_written_beside(
    rules: RuleBook, question: str, items: list[tuple[str, int, int]]
) -> None:
    rule = rules.get("standards")
    assert rule is not None
    assert [
        (item["level"], item.get("rank"), item.get("count", 1)) for item in read_items(rule, question)
    ] == items


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # Items of one kind at places within the top three and beyond it: only those within count.
        ("两项国家标准都已发布，起草单位排名分别是第三和第八", {"rank": 3, "count": 1}),
        ("已发布的行业标准有三项，一项排第一，一项排第二，一项排第九", {"rank": 2, "count": 2}),
        # A lead word beside places given item by item is no further item.
        ("我们牵头制定国家标准，一项排第二，另一项排第六，都发布了", {"rank": 2, "count": 1}),
        # None within: the best place beyond stands, which the rule turns down.
        ("两项国家标准已发布，我们分别排第四和第七", {"rank": 4}),
        # All within: the worst place stands for all, as before.
        ("两项国家标准已发布，分别排第一和第三", {"rank": 3, "count": 2}),
    ],
)
def test_items_beyond_the_limit_on_their_place_are_not_counted(
    rules: RuleBook, question: str, expected: dict[str, int]
) -> None:
    rule = rules.get("standards")
    assert rule is not None
    values = read_inputs(rule, question)
    assert {name: values.get(name) for name in expected} == expected


@pytest.mark.parametrize(
    ("rule_id", "question", "lead"),
    [
        # Another unit named leading, the asker joining the building.
        ("innovation-platforms", "平台是某大学牵头、我们公司参与共建的，国家认定了", False),
        ("key-technology-projects", "揭榜挂帅项目是研究院牵头的，我们是参与单位之一，成果已被采纳", False),
        # The asker's own kind of unit leading, or 参与 in the policy's own sense: still the lead.
        ("innovation-platforms", "本研究院牵头建设的实验室被认定为国家级平台", True),
        ("key-technology-projects", "作为牵头单位，我们参与了国家揭榜挂帅项目，成果已被采纳", True),
    ],
)
def test_who_leads_is_read_from_whose_role_it_is(
    rules: RuleBook, rule_id: str, question: str, lead: bool
) -> None:
    assert read_named(rules, rule_id, question, ["lead_unit"]) == {"lead_unit": lead}


@pytest.mark.parametrize(
    ("question", "had"),
    [
        ("国家认定的技术创新中心，前两年已经各拿了奖励，剩下还能拿多少", 2),
        ("北京市认定的实验室已经连续领了三年，还能再申请吗", 3),
        ("国家级平台已经拿了一年了，后面还能拿多少", 1),
        ("市级认定的企业技术中心，第三年还能拿吗", 2),
        ("我们的平台是国家级认定的，前两年能拿的都拿到了，剩下能拿多少？", 2),
        # Not years of the award: the unit's own age; years asked about, not had.
        ("国家认定的实验室成立3年了，能拿多少", None),
        ("国家认定的创新平台，前两年能拿多少", None),
        ("北京市认定的平台，第二年能拿多少", None),
    ],
)
def test_the_years_of_a_yearly_award_had_already_are_read(
    rules: RuleBook, question: str, had: int | None
) -> None:
    assert read_named(rules, "innovation-platforms", question, ["years_received"]) == {"years_received": had}


@pytest.mark.parametrize(
    ("question", "years"),
    [
        ("国家认定的创新平台，前两年能拿多少", 2),
        ("北京市认定的平台，头两年一共能拿多少", 2),
        ("北京市认定的平台，两年能拿多少", 2),
        ("国家级平台前2年可以领多少", 2),
        # Time gone by, not years asked: the whole run, capped.
        ("我们两年前认定的国家级平台最多能拿多少", None),
        ("国家级平台认定了两年了最多能拿多少", None),
        ("北京市认定的实验室三年多来一共能拿多少", None),
        # Recognition come through is no run of years ("认定下来了"); one year asked stays one.
        ("市级技术创新中心认定下来了，每年给多少？给几年？", 1),
        ("北京市认定的平台，两年下来能拿多少", 2),
        # The firm's own first years, and its age: not years asked of the award.
        ("公司前两年都亏损，国家级平台能拿多少", None),
        ("成立两年能申请国家级平台奖励吗", None),
        ("国家级科技创新平台，我们公司成立两年能拿多少？", None),
        ("国家级平台，研发团队组建两年能拿多少？", None),
        ("国家级科技创新平台，我们前两年最高营收2亿，能拿多少？", None),
        ("我们的平台是国家级认定的，前两年能拿的都拿到了，剩下能拿多少？", None),
        # 来算 asks.
        ("国家级科技创新平台连续两年来算一共多少？", 2),
    ],
)
def test_the_years_asked_of_a_yearly_award_are_read_apart_from_time_gone_by(
    rules: RuleBook, question: str, years: int | None
) -> None:
    assert read_named(rules, "innovation-platforms", question, ["years"]) == {"years": years}


def test_a_project_only_hoped_to_become_a_national_pilot_is_none(rules: RuleBook) -> None:
    for question in [
        "我们的可信数据空间没能评上国家级，不含土建投资2000万",
        "希望明年能评上国家级，现在能拿多少",
    ]:
        assert read_named(rules, "infrastructure-pilots", question, ["national_pilot"]) == {
            "national_pilot": False
        }


@pytest.mark.parametrize(
    "question",
    [
        # Three items, two places: which item is where is not said.
        "三项国家标准已发布，我们排第二和第五",
        # A role's place beside ours, not another item's.
        "国家标准我们排第四，牵头单位排第一，已发布",
    ],
)
def test_places_not_given_item_by_item_are_not_counted_out(rules: RuleBook, question: str) -> None:
    rule = rules.get("standards")
    assert rule is not None
    assert "rank" not in read_inputs(rule, question)  # asked for, not worked out


def test_a_first_place_word_denied_is_no_first_place(rules: RuleBook) -> None:
    rule = rules.get("standards")
    assert rule is not None
    assert read_inputs(rule, "我们不是牵头的，排第四，国家标准已发布")["rank"] == 4
    assert read_inputs(rule, "国家标准我们牵头起草，已发布")["rank"] == 1


@pytest.mark.parametrize(
    ("question", "rank"),
    [
        ("说错了，我们是第四起草单位，排第二的是另一家", 4),
        ("国家标准已发布，对方排第一，我们排第三", 3),
        ("我们排第二，他们排第一", 2),
    ],
)
def test_a_place_said_of_another_unit_is_not_ours(rules: RuleBook, question: str, rank: int) -> None:
    rule = rules.get("standards")
    assert rule is not None
    assert read_inputs(rule, question)["rank"] == rank


@pytest.mark.parametrize(
    ("rule_id", "question", "expected"),
    [
        # A bare colon is no list: the cue before it names its figure.
        (
            "infrastructure-pilots",
            "国家级试点示范，固定资产投资：6000万元；土建：2000万元",
            {"investment_yuan": 6000 * WAN, "civil_works_yuan": 2000 * WAN},
        ),
        ("cross-border", "我们今年已经开展了首次数据出境业务", {"first_time": True}),
        # An adverb ends a count's phrase only after a total word: pending filings are not counted.
        ("national-filings", "算法备案3个都还在审核，生成式备案1个已通过，已推广", {"filings": 1}),
        (
            "national-filings",
            "生成式人工智能服务备案和深度合成备案各一个，另外还有一个算法备案",
            {"filings": 3},
        ),
        # A comma ends a list of places: 5名员工 is no place.
        ("standards", "国家标准已发布，我们排第二，5名员工参与了起草", {"rank": 2}),
        ("innovation-platforms", "我们牵头的是一家国家认定的技术创新中心", {"lead_unit": True}),
    ],
)
def test_review_cases_read_as_said(
    rules: RuleBook, rule_id: str, question: str, expected: dict[str, object]
) -> None:
    assert read_named(rules, rule_id, question, expected) == expected


@pytest.mark.parametrize(
    ("rule_id", "question", "expected"),
    [
        # An amount said to lie outside what the cue after it names is not that figure.
        (
            "infrastructure-pilots",
            "国家级试点，固定资产投资9000万，其中土建3000万；另外人员费用600万不计入投资",
            {"investment_yuan": 9000 * WAN, "civil_works_yuan": 3000 * WAN},
        ),
        # The policy counts the investment actually completed: a planned figure beside it gives way.
        (
            "infrastructure-pilots",
            "评上国家级试点示范了，预算投资2亿（不含土建），到现在实际完成了4500万",
            {"investment_yuan": 4500 * WAN, "civil_works_yuan": 0},
        ),
        # A cue right before a cue that opens a list opens it too.
        (
            "infrastructure-pilots",
            "国家级试点，已完成投资构成如下：服务器2100万，机房改造（土建）900万，存储600万",
            {"investment_yuan": 3600 * WAN, "civil_works_yuan": 900 * WAN},
        ),
        # Within the top N (前三) meets a limit of N, for a place that sets no amount.
        ("standards", "两个行业标准已经公布，我们都排在起草单位的前三名", {"rank": 3}),
        ("standards", "一项国家标准已经公布，我们在起草单位前五", {"rank": None}),
        ("standards", "国家标准已发布，但我们没进起草单位前三", {"rank": None}),
        ("standards", "国家标准已发布，前三名都是高校，我们排在后面", {"rank": None}),
        ("standards", "国家标准已发布，差一点进前三", {"rank": None}),
        # …and is no item of a sum.
        (
            "infrastructure-pilots",
            "国家级试点示范，服务器3000万，软件1000万，工资200万不在总投资里，没有土建",
            {"investment_yuan": 4000 * WAN},
        ),
        # A role named as another unit's, that unit before it: nothing said of ours.
        ("innovation-platforms", "和研究所共建的国家级技术创新中心，研究所是牵头单位", {"lead_unit": None}),
        ("innovation-platforms", "北京市认定的企业技术中心，由合作的高校牵头", {"lead_unit": None}),
        ("innovation-platforms", "北京市认定的企业技术中心，由我们牵头", {"lead_unit": True}),
        ("innovation-platforms", "国家认定的技术创新中心，牵头的是一家研究院", {"lead_unit": None}),
        ("key-technology-projects", "项目由研究院牵头，我们只是参与单位", {"lead_unit": False}),
        # 不过 is "but", no negation of what follows it.
        ("standards", "我们牵头的行业标准排第一，不过还没发布", {"published": False}),
        ("standards", "行业标准排第二，不过已经正式发布了", {"published": True}),
    ],
)
def test_what_is_outside_planned_or_another_units_is_not_ours(
    rules: RuleBook, rule_id: str, question: str, expected: dict[str, object]
) -> None:
    assert read_named(rules, rule_id, question, expected) == expected


@pytest.mark.parametrize(
    ("rule_id", "question", "expected"),
    [
        # Another level's pilot, or none entered for, is no national pilot.
        (
            "infrastructure-pilots",
            "入选的是北京市的试点示范，不是国家级的，固投5000万",
            {"national_pilot": False},
        ),
        ("infrastructure-pilots", "自己投了八千万建的，没参加过什么试点评选", {"national_pilot": False}),
        ("infrastructure-pilots", "评上了国家级试点示范，投资8000万", {"national_pilot": True}),
        # Not rented at all is not rented from an unrelated party.
        (
            "compute-vouchers",
            "自己买了两百张显卡搭了机房训练大模型，没有租别人的",
            {"unrelated_party": False},
        ),
        ("compute-vouchers", "从第三方云厂商租GPU训练金融大模型", {"unrelated_party": True}),
        # Started years ago is not the first time.
        (
            "cross-border",
            "前年就开始给海外客户提供数据出境服务了，一直合规在做，今年新签了一个项目",
            {"first_time": False},
        ),
        ("cross-border", "今年第一次做数据出境业务", {"first_time": True}),
        # The award's name in quotation marks after 按 says nothing of the unit.
        (
            "listing-and-trading",
            "去年已经做过一次数据资产入表了，今年又有一批入表，能按“首次入表”拿奖励吗",
            {"first_listing": False},
        ),
        # The measure's name (数据产业集聚区) is not a focus on data; who is meant may stand after 主要.
        (
            "parks-and-buildings",
            "楼宇拿到了区里的认定，但主要租户是餐饮和零售，能拿数据产业集聚区那个奖励吗",
            {"data_focus": False},
        ),
        ("parks-and-buildings", "楼宇拿到了区里的认定，数据企业没几家", {"data_focus": False}),
        # A role another unit holds, by its name, is not ours; one of several builders is not the lead.
        ("innovation-platforms", "国家认定的技术创新中心，牵头的是清华", {"lead_unit": None}),
        ("innovation-platforms", "国家级实验室，我们是共建单位之一", {"lead_unit": False}),
        ("innovation-platforms", "国家认定的技术创新中心，牵头单位是我们", {"lead_unit": True}),
        # Applied for, under review or negotiated is not yet had.
        (
            "innovation-platforms",
            "北京市的工程技术研究中心，认定还在评审",
            {"recognised": False},
        ),
        (
            "key-technology-projects",
            "北京市揭榜挂帅项目我们牵头，还在研发中，预计明年才验收",
            {"results_adopted": False},
        ),
        ("public-data-operation", "在申请某部委公共数据授权运营，还在谈，没正式授权", {"authorised": False}),
        # …but not another item's or the award application's step, nor a time ("在谈合作的时候").
        ("innovation-platforms", "北京市认定的企业技术中心，国家级的那个还在评审", {"recognised": None}),
        ("standards", "国家标准已发布排第一，申报材料也报上去了", {"published": True}),
        ("key-technology-projects", "成果被认可采纳，后续二期还在研发", {"results_adopted": True}),
        ("cross-border", "我们在谈合作的时候首次向境外传输了数据", {"first_time": True}),
        ("cross-border", "我们一直在提供数据标注服务，今年第一次做数据出境", {"first_time": True}),
        (
            "compute-vouchers",
            "从第三方云厂商租GPU训练大模型，训练数据是自己采购的",
            {"unrelated_party": True},
        ),
        ("parks-and-buildings", "楼宇主要客户是银行，入驻的基本都是数据企业", {"data_focus": True}),
        ("parks-and-buildings", "园区一共50家企业，其中数据企业就有35家", {"data_focus": True}),
        (
            "innovation-platforms",
            "国家认定的中心，牵头单位是北京金数科技有限公司，就是我们公司",
            {"lead_unit": True},
        ),
        ("contest-national-finals", "全国总决赛三等奖，不是数据要素×典型案例那个", {"this_contest": None}),
        ("infrastructure-pilots", "自建的数据基础设施，没有参与任何试点示范评选", {"national_pilot": False}),
        # A company as host, a department only sending a speaker, is no department's event.
        ("events", "主办方其实是一家上市科技公司，国家数据局只是派领导来致辞", {"organiser": "其他"}),
        # Long done is not the first time; "还能拿首次开展…的奖励" names the award, says nothing of the unit.
        (
            "cross-border",
            "早在2021年就有数据出境业务了，今年还能拿首次开展数据跨境的奖励吗",
            {"first_time": False},
        ),
        ("cross-border", "我们是首次开展数据跨境，能拿首次开展数据跨境的奖励吗", {"first_time": True}),
        # Another contest said not to be this one.
        (
            "contest-national-finals",
            "我们拿了河北省大数据应用创新大赛一等奖（省里办的，不是“数据要素×”大赛）",
            {"this_contest": False},
        ),
        ("contest-national-finals", "数据要素×大赛全国总决赛一等奖", {"this_contest": True}),
        ("parks-and-buildings", "楼里租户主要是餐厅和律所，数据企业只有两三家", {"data_focus": False}),
        # Any 分赛's second prize is no award, Beijing's or another province's.
        ("contest-beijing", "河北那边的数据要素×大赛分赛拿了二等奖", {"achievement": "其他"}),
        ("contest-beijing", "北京分赛拿了一等奖", {"achievement": "北京分赛获得一等奖"}),
    ],
)
def test_conditions_said_in_other_words_are_read_as_said(
    rules: RuleBook, rule_id: str, question: str, expected: dict[str, object]
) -> None:
    assert read_named(rules, rule_id, question, expected) == expected


@pytest.mark.parametrize(
    ("question", "filings"),
    [
        # A lone count followed by what it counts counts something else.
        ("做数据标注的，今年刚拿到北京市的一项支持资金，还能再拿配套吗", None),
        ("训练一个金融行业的标注辅助大模型，能申请吗", None),
        # One that ends what it says is the number asked about.
        ("我们有两项已经推广了", 2),
        ("有3个，都推广了", 3),
        ("如果只有2个的话，还有奖励吗", 2),
    ],
)
def test_a_lone_count_is_the_number_only_when_nothing_counted_follows(
    rules: RuleBook, question: str, filings: int | None
) -> None:
    rule = rules.get("national-filings")
    assert rule is not None
    assert read_inputs(rule, question).get("filings") == filings


@pytest.mark.parametrize(
    ("question", "filings"),
    [
        # Items said not yet had in their own part of the sentence are not counted.
        ("一项备案还在审核，另外三项已通过并推广", 3),
        ("三项已通过并推广，还有一项备案在审核中", 3),
        ("有两个备案没通过，三个通过了", 3),
        # A condition said undone after a comma is the condition's, not the count's.
        ("3个备案，推广还没做", 3),
    ],
)
def test_a_count_of_items_not_yet_had_is_not_counted(rules: RuleBook, question: str, filings: int) -> None:
    rule = rules.get("national-filings")
    assert rule is not None
    assert read_inputs(rule, question).get("filings") == filings


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # A figure taken back in the same message: the one said after it.
        (
            "国家级试点示范项目，实际完成固定资产投资6000万，其中土建800万……不对，土建应该是1800万",
            {"investment_yuan": 6000 * WAN, "civil_works_yuan": 1800 * WAN},
        ),
        (
            "国家级试点，投资5000万，说错了，投资是5500万，土建1000万",
            {"investment_yuan": 5500 * WAN, "civil_works_yuan": 1000 * WAN},
        ),
        # Two figures with nothing taking one back: which is meant is asked.
        (
            "国家级试点，投资5000万，土建1000万，另一个项目土建2000万",
            {"investment_yuan": 5000 * WAN, "civil_works_yuan": None},
        ),
        # The actual figure beside a planned one, however long the words between 实际 and it.
        (
            "评为国家级试点示范，计划总投资2亿，目前实际完成固定资产投资9,000万，其中土建1,500万",
            {"investment_yuan": 9000 * WAN, "civil_works_yuan": 1500 * WAN},
        ),
        # …and with 的 between the words naming it.
        (
            "项目计划总投资2亿，评为国家级试点示范，目前实际完成的固定资产投资是5300万，其中土建800万",
            {"investment_yuan": 5300 * WAN, "civil_works_yuan": 800 * WAN},
        ),
    ],
)
def test_of_two_figures_the_corrected_or_actual_one_is_taken(
    rules: RuleBook, question: str, expected: dict[str, object]
) -> None:
    assert read_named(rules, "infrastructure-pilots", question, expected) == expected


@pytest.mark.parametrize(
    ("question", "undecided"),
    [
        # A count naming other things ("三个场景") says nothing of the number of filings...
        ("现在已经在三个场景落地推广了", False),
        ("两个客户都在用了", False),
        # ...one saying something of the things counted does, unread ("还剩两个没推广").
        ("还剩两个没推广", True),
    ],
)
def test_a_count_of_other_things_leaves_the_number_of_items_unsaid(
    rules: RuleBook, question: str, undecided: bool
) -> None:
    rule = rules.get("national-filings")
    assert rule is not None
    assert ("filings" in undecided_inputs(rule, question)) is undecided
    assert "filings" not in read_inputs(rule, question)


@pytest.mark.parametrize(
    ("rule_id", "question", "input_name", "expected"),
    [
        # Another phase's or an added amount: the sum is not the first figure, and not surely both.
        (
            "infrastructure-pilots",
            "国家级试点，一期固定资产投资2000万，二期3000万，都不含土建",
            "investment_yuan",
            None,
        ),
        ("events", "国家数据局主办的大会，活动预算300万，实际因为场地又追加了100万", "spending_yuan", None),
        (
            "infrastructure-pilots",
            "国家级试点，第一阶段投资1200万，第二阶段投资800万，不含土建",
            "investment_yuan",
            None,
        ),
        # A phase said not done is no part of what was completed.
        (
            "infrastructure-pilots",
            "国家级试点示范，第一期投资1500万已完成，第二期2500万还在建，不含土建",
            "investment_yuan",
            1500 * WAN,
        ),
        # Items of one sum are still added up, however they are joined.
        ("events", "部委主办的交流活动，场地费80万，搭建费40万", "spending_yuan", 120 * WAN),
        ("events", "市里主办的活动，场地80万+搭建40万", "spending_yuan", 120 * WAN),
        # "100+50万": the first shares the second's unit; not 50万 alone.
        ("events", "市级部门主办的活动，投入100+50万", "spending_yuan", None),
        (
            "infrastructure-pilots",
            "国家级试点示范项目，设备3000万+软件2000万，土建另算",
            "investment_yuan",
            5000 * WAN,
        ),
        # A breakdown of a sum said, a comparison, a phase done as planned.
        (
            "infrastructure-pilots",
            "国家级试点，总投资1亿，其中一期6000万、二期4000万，土建2000万",
            "investment_yuan",
            10_000 * WAN,
        ),
        ("events", "市数据局主办的论坛，实际花了150万，比去年增加了30万", "spending_yuan", 150 * WAN),
        (
            "infrastructure-pilots",
            "国家级试点，一期投资2000万，二期3000万已按计划完工，没有土建",
            "investment_yuan",
            None,
        ),
        # Every phase said done: the phases' amounts are the sum.
        (
            "infrastructure-pilots",
            "国家级试点示范，一期完成投资4000万，二期完成3500万，都不含土建，两期都已完工",
            "investment_yuan",
            7500 * WAN,
        ),
        (
            "infrastructure-pilots",
            "国家级试点，一期投资2000万，二期3000万，三期1000万，均已建成，没有土建",
            "investment_yuan",
            6000 * WAN,
        ),
        # Done said of one phase is not of all; 正在施工 is not done.
        (
            "infrastructure-pilots",
            "国家级试点示范，一期固定资产投资3000万已全部完工，二期2000万正在施工，不含土建",
            "investment_yuan",
            3000 * WAN,
        ),
        (
            "infrastructure-pilots",
            "国家级试点示范，一期投资3000万，二期2000万，一期都已完工，二期刚开始，不含土建",
            "investment_yuan",
            None,
        ),
        # A total said after a whole's figure is that whole's sum.
        ("events", "市科委主办的活动，花了60万，加上差旅一共70万", "spending_yuan", 70 * WAN),
        ("events", "市科委主办的交流活动，费用60万，增加了嘉宾差旅10万，合计70万", "spending_yuan", 70 * WAN),
        (
            "infrastructure-pilots",
            "国家级试点，设备投资5000万，土建3000万，合计8000万",
            "investment_yuan",
            8000 * WAN,
        ),
        # Not a smaller figure said with 一共 (a part of it), nor a count.
        ("events", "市级部门主办的论坛，投入300万，其中场地费一共80万", "spending_yuan", 300 * WAN),
        ("events", "市科委主办的活动，花了60万，一共办了两场", "spending_yuan", 60 * WAN),
    ],
)
def test_figures_said_in_several_parts_give_one_sum_or_none(
    rules: RuleBook, rule_id: str, question: str, input_name: str, expected: int | None
) -> None:
    rule = rules.get(rule_id)
    assert rule is not None
    assert read_inputs(rule, question).get(input_name) == expected


def test_a_business_going_on_since_a_year_is_no_first_time(rules: RuleBook) -> None:
    rule = rules.get("cross-border")
    assert rule is not None
    question = "我们从2022年起就在做数据出境业务，今年新开了一条跨境业务线，能按首次跨境拿奖励吗"
    assert "first_time" not in read_inputs(rule, question)
    assert read_inputs(rule, "自2021年以来一直有出境业务")["first_time"] is False
    assert read_inputs(rule, "我们今年第一次做数据出境业务")["first_time"] is True


def test_review_cases_of_actual_colons_corrections_and_first_times(rules: RuleBook) -> None:
    events, standards, cross_border = (rules.get(r) for r in ("events", "standards", "cross-border"))
    assert events is not None and standards is not None and cross_border is not None
    # 实际 said of something else than a cue's figure marks none of the amounts.
    assert "spending_yuan" not in read_inputs(
        events, "我们实际办了两场，一场投入300万，一场投入200万，都是市级的"
    )
    assert "spending_yuan" not in read_inputs(
        events, "去年那场活动我们实际上是协办，投入100万；今年这场市级部门主办的论坛投入200万"
    )
    # A part ending in a colon goes with the part after it.
    assert read_items(standards, "排第五的：国家标准一项；排第一的：行业标准一项") == [
        {"level": "国家标准", "rank": 5, "count": 1},
        {"level": "行业标准", "rank": 1, "count": 1},
    ]
    # A figure no cue claims, right after words taking back the one before it, replaces that one.
    assert (
        read_inputs(events, "市级部门主办的论坛，投入300万，不对，应该是350万")["spending_yuan"] == 350 * WAN
    )
    # …but "应该是" alone hedges, it takes nothing back: a second phase's figure leaves the sum open.
    assert "spending_yuan" not in read_inputs(events, "一期投入2000万，二期应该是3000万，市级")
    # Words of going on since a year are about cross-border business only when they say so.
    assert (
        read_inputs(cross_border, "我们成立以来一直合规经营，今年首次开展数据跨境流动业务")["first_time"]
        is True
    )
    assert (
        read_inputs(cross_border, "公司2018年起就在西城经营，今年首次开展数据跨境流动业务")["first_time"]
        is True
    )


@pytest.mark.parametrize(
    ("question", "rank"),
    [
        # A top three said of the unit with 是: ours.
        ("4项行业标准都发布了，我们每项都是前三", 3),
        ("两项行业标准都发布了，我们都是前三", 3),
        # 都是 after the top three says who holds it: not ours; nor a top three denied.
        ("两项行业标准都发布了，前三名都是高校", None),
        ("行业标准都发布了，我们不是前三", None),
        # …nor a top asked about or unsure.
        ("一项国家标准已发布，我们是前三吗", None),
        ("一项国家标准已发布，我们是前三还是前五还不确定", None),
    ],
)
def test_a_top_three_said_with_shi_is_ours_only_when_said_of_us(
    rules: RuleBook, question: str, rank: int | None
) -> None:
    rule = rules.get("standards")
    assert rule is not None
    assert read_inputs(rule, question).get("rank") == rank


# Other rules' cost words, as the composer passes them: this rule's own are not among the foreign ones.
COST_WORDS = ("投入", "花了", "土建", "营收", "预算", "收入", "投资")


@pytest.mark.parametrize(
    ("rule_id", "question", "cases"),
    [
        # Each cost after a word for its own case, or listed after 分别.
        ("events", "承办了两场市级部门主办的数据活动，一场花了150万，一场花了250万", [150 * WAN, 250 * WAN]),
        ("events", "市里主办的，一场论坛200万，一场沙龙50万", [200 * WAN, 50 * WAN]),
        ("events", "市级部门主办的两场活动分别花了300万和500万", [300 * WAN, 500 * WAN]),
        ("events", "两场市级活动，其中一场实际花了150万，另一场实际花了250万", [150 * WAN, 250 * WAN]),
        # One case, or costs that are no cases' own: a total, an award asked about, a budget, income, a count of
        # cases other than the costs', a part of another kind, cases said to differ in what else they are.
        ("events", "市科委主办的活动，花了60万，一共办了两场", []),
        ("events", "两场活动一共花了400万，其中一场150万", []),
        ("events", "承办了两场市级活动，一场150万，一场250万，能拿200万吗", []),
        ("events", "承办了三场市级活动，一场150万，一场250万", []),
        ("events", "市级活动预算300万，实际花了250万", []),
        ("events", "一场市级活动花了300万，另一场营收100万", []),
        ("events", "上半年区里办的论坛花了120万，下半年市级大会花了300万", []),
        ("infrastructure-pilots", "两个国家级试点项目，分别投资5000万和3000万，其中土建各1000万", []),
        # A ceiling rate (不超过…10%) sets no figure per case; a running total; one case asked; a part of a
        # figure given; hosts said case by case.
        ("infrastructure-pilots", "国家试点，a项目5000万，b项目3000万", []),
        ("events", "承接市里主办的活动，去年花了100万，今年累计花了150万", []),
        ("events", "承接了市里主办的两场论坛，一场花了100万，一场花了150万，第二场能拿多少", []),
        ("events", "承接了市级部门主办的活动，去年花了100万，其中一场论坛花了40万", []),
        ("events", "承接市级部门主办的活动，一场花了100万，另一场花了50万但主办方是企业", []),
        ("events", "一场是市级部门主办的论坛花了100万，一场是公司年会花了200万", []),
        # A measure not paid by a share of a cost.
        ("listing-and-trading", "两个数据产品，一个入表500万，一个入表300万", []),
    ],
)
def test_cases_of_a_measure_are_read_each_with_its_own_cost(
    rules: RuleBook, rule_id: str, question: str, cases: list[int]
) -> None:
    rule = rules.get(rule_id)
    assert rule is not None
    assert read_cases(rule, question, COST_WORDS) == cases


@pytest.mark.parametrize(
    ("rule_id", "question", "name", "value"),
    [
        # Where the unit itself is, said before what it did: no level of what it did.
        ("key-technology-projects", "我们是西城区的企业，牵头了国家级揭榜挂帅项目", "project_level", "国家"),
        ("public-data-operation", "我们是西城区的数据企业，获得了部属公共数据授权运营", "level", "部属"),
        ("events", "我们是北京市西城区的企业，承办了区级活动", "organiser", "其他"),
        ("events", "我们公司在北京，承接了国家部委主办的论坛", "organiser", "国家级"),
        ("parks-and-buildings", "我们园区在北京市西城区，获得了西城区认定", "support", "西城区"),
        # …while a level said of what it did still stands.
        ("events", "西城区主办的论坛我们承办了", "organiser", "其他"),
        ("public-data-operation", "拿到了西城区授权的公共数据运营", "level", "其他"),
        # Another unit's place is the level: the host's, the authoriser's.
        ("events", "主办单位是北京市的，在西城区举办的数据论坛，我们承接了", "organiser", "市级"),
        ("public-data-operation", "授权单位是北京市的，我们拿到了授权运营", "level", "市属"),
    ],
)
def test_the_units_own_place_is_no_level_of_what_it_did(
    rules: RuleBook, rule_id: str, question: str, name: str, value: str
) -> None:
    rule = rules.get(rule_id)
    assert rule is not None
    assert read_inputs(rule, question).get(name) == value


@pytest.mark.parametrize(
    ("question", "first"),
    [
        ("我们公司今年首次完成数据资产入表", True),
        ("第一次把数据资产入了表", True),
        ("首次上架数据产品，之前入过表", False),
        # A first time of something else beside a listing done before is no first listing.
        ("首次做数据跨境，数据也入表过了", None),
    ],
)
def test_a_first_listing_is_read_with_words_between(
    rules: RuleBook, question: str, first: bool | None
) -> None:
    rule = rules.get("listing-and-trading")
    assert rule is not None
    assert read_inputs(rule, question).get("first_listing") is first
