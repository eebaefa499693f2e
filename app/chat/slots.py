"""A rule's inputs read from a question, with the words the rules file carries for each input.

One mechanism for every rule: choice words name a choice; yes/no words (and a negation just before them)
set a boolean; a cue word next to an amount or a count says which input the figure is; zero words set a
money input to 0. Phrases are matched longest first and a shorter one inside a match does not count
("非关联方" is not "关联方"). What the question does not say is left out, never guessed.
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from fractions import Fraction
from functools import cache
from itertools import pairwise
from typing import Literal

from app.awards.rules import GAP, Rule, RuleInput
from app.chat.quantities import (
    ADDED_UP_COUNTERS,
    NUMERAL,
    RANGE_MARK,
    SENTENCE_END,
    Amount,
    Count,
    Rank,
    find_amounts,
    find_bare_ordinals,
    find_counts,
    find_ranks,
    find_shares,
    fold_digits,
    number_value,
)

InputValue = int | bool | str
_Role = Literal["choice", "yes", "no", "cue", "zero", "whole", "one", "step", "first", "none"]
# A negation just before a yes/no phrase turns it around: "还没推广", "不是首次" — but 不过 is "but"
# ("不过还没公布" denies once).
# One adverb may stand between: "没正式发布", "还没真正上线"; and a passive: "还没被认可采纳".
# An intent denied is a fact denied too: "没打算重点发展数据产业".
# The verb it denies may stand between too, with 过 and a quantifier: "没拿过任何国家资金", "还没开始推广".
# And whose it is: "阿里云不是我们的关联方".
_NEGATION = re.compile(
    r"(?:没有|没|未|(?<!要)不是|(?<!要)不(?!过)|尚未|还没|还未|并非|无)(?:(?:我们|我司|我方|本公司|我们公司)的?)?"
    r"(?:正式|真正|完全|全部|马上|立即)?"
    r"(?:打算|准备|计划)?"
    r"(?:拿到|拿|获得|得到|申请到|申请|争取到|评上|开始|进行|做|上线|落地|开展|实现|完成|推出)?过?被?"
    r"(?:和|并|及|或|、)?(?:任何|什么)?\s*$"
)
_NEGATION_REACH = 9
_CONJUNCTION = re.compile(r"\s*(?:或者|或|和|与|及|以及|还是|、|/)\s*")
# Between items of a list that each carry 的 ("国家的、市里的资金都没拿到").
_LIST_OWNER = re.compile(r"\s*的?\s*(?:、|和|或|及)\s*")
# "3个备案", "2个大模型备案": at most this many characters between a count and the cue it counts.
_TIED = 4
# What may follow a count that ends its phrase: "算法备案6项、…", "一共三个。".
_PHRASE_END = re.compile(r"\s*(?:[，。；！？;!?、,)）]|和|及|以及|加上?|外加|另加|$)")
# After a total word, without punctuation ("一共四个都是国家那边的"), an adverb starting what follows ends it too.
_TOTAL_END = re.compile(r"\s*(?:[，。；！？;!?、,)）]|和|及|以及|都|全都|也|均|$)")
# "是不是首次", "有没有推广", "算不算": a question about the condition, which says neither yes nor no.
_EITHER_WAY = re.compile(r"(是不是|有没有|算不算|能不能|是否|可不可以|要不要)")
# A choice denied after it is named: "国家和市里的资金都没拿到", "北京市的认定也没有".
_DENIED_AFTER = re.compile(
    r"[^，。；！？;!?]{0,10}?(?:都|均|也|还)?(?:没有|没|未|不是)(?:拿到|获得|得到|申请到|争取到|有|评上|通过)"
)
# A choice not yet so, only applied for: "还在申报市级认定", "市级认定还在审", "市级认定，还没批下来". Past a
# comma only a step undone counts: "北京市的授权运营，目前在做数据产品开发" is about what the unit does next.
_PENDING_BEFORE = re.compile(r"(?:还|正|仍|目前|现在)在(?:申报|申请|争取|评审|参评|走)[^，。；！？;!?]{0,4}$")
_PENDING_REACH = 10
_NOUN = r"[^，。；！？;!?已了过]{0,14}?"
_PAUSE = r"[，,]\s*(?:但|不过|可是?|只是)?(?:目前|现在|暂时)?"
# Between a cue and its count after it, a verb of having: "深度合成也备了一个", "算法备案我们有两个".
_HAVING_GAP = re.compile(
    r"(?:我们|我司|公司)?(?:也|还|又|共|一共|总共)?(?:有|备了|备案了|过了|通过了?|拿了|拿到了?|做了|获得了?)"
)
# After such a count: the end of its phrase ("也备了一个，"), not "两款产品", which counts products.
# What may follow a count said alone, with nothing counted after it ("有3个，都推广了", "两项已经推广").
_LONE_COUNT_END = re.compile(
    r"\s*(?:[，。；！？;!?、,)）]|和|及|以及|都|也|均|已|还|正|在|了|呢|吗|啊|吧|就|的话|而已|目前|现在|当前|里|$)"
)
_TIME_UNITS = frozenset({"年"})  # the one unit of find_counts that counts time
# After a count of time, time gone by rather than years asked: "两年前认定的", "认定了两年了", "三年多来".
# (Not 来 of "来算": "连续两年来算一共多少" asks.)
_ELAPSED_AFTER = re.compile(r"多?(?:前|以前|之前|以来|来(?![算计看说])|了)")
# …or before it, the age of the firm or of something it did: "成立两年", "团队组建两年", "运营了三年".
_ELAPSED_BEFORE = re.compile(
    r"(?:成立|组建|创办|创立|设立|注册|开业|运营|经营|做|干|搞|认定|建成)(?:了|有|已经|已)?\s*$"
)
# After a count of time, the years asked: "两年能拿多少", "两年可以领多少", "两年下来一共能拿多少", "三年最多多少" —
# not what the years hold ("前两年最高营收2亿", "前两年能拿的都拿到了").
_SPAN_ASKED_AFTER = re.compile(
    r"(?:下来|里|内|之内|期间)?(?:总共|一共|共|合计|累计|加起来)?"
    r"(?:(?:能|可以|可|会)(?:拿|领|获得|得到)(?!的|到了|过)|(?:最多|最高)(?=\s*(?:能|可以|多少|拿|领|[？?]|$)))"
)
# …or the first years of the run, asked of ("前两年能拿多少", "头两年一共多少"): not the firm's own first years
# ("前两年都亏损"), nor a top three ("前三项"), which find_counts leaves out.
_FIRST_YEARS_ASKED = re.compile(rf"(?:前|头)(?P<years>{NUMERAL})年{_SPAN_ASKED_AFTER.pattern}")
# After a count, words saying something of the things counted ("两个没推广", "三个是国家级的"), not naming them.
_COUNT_SAID_OF = re.compile(
    r"\s*(?:没|未|不|尚|仍|是|有|要|可|能|被|给|拿|过|又|再|共|总|全|各|每|左右|多|以上|上下)"
)
# (…or what is said of them: "行业标准有七项已公布", "备案两个均已上线".)
_COUNTED_END = re.compile(r"\s*(?:[，。；！？;!?、,)）]|和|及|以及|都|已|均|也|全|$)")
# A count opening the part of the sentence after a list, said of all its items: "三个都已经上线", "这三项均已推广".
_OPENS_ALL = re.compile(r"\s*(?:这|这些|以上|上面|上述|前面)?(?:的)?")
_ALL_AFTER = re.compile(r"(?:备案)?\s*(?:都|全都|全部|均)")
# Before a list of items said had, with no count: "拿到了…、…和…".
_HAD_BEFORE_LIST = re.compile(r"(?:拿到了?|拿下了?|通过了?|获得了?|取得了?|做了|完成了?)")
_ASKED = re.compile(r"吗|么|是否|有没有")
_UNDONE_NEAR = re.compile(r"(?:没|未)有?(?:正式)?(?:通过|拿到|批|下来|获得|完成)")
# A part of the items counted before: "其中两个", "这里面有一个".
# "五项里有两项…": a count of some of the things counted right before (not "手里有两项").
_SUBSET_BEFORE = re.compile(r"(?:其中|里面|里头|当中|中间|(?<![手这那家司心城区局])里)(?:有|的)?\s*$")
_SUBSET_REACH = 3
# Right before a phrase about "公司…": another company than the asker ("子公司注册在杭州", "母公司在上海").
_UNIT_WORDS = ("公司", "单位", "企业")
_ANOTHER_COMPANY = re.compile(r"(?:子|母|分|总|关联|兄弟|合作|外包|供应商的?|客户的?|对方)$")
# Right after the low end of a range: "到五十万", "-400万".
_RANGE_ON = re.compile(rf"\s*{RANGE_MARK}\s*[\d零〇一二两三四五六七八九十]")
# The start of a part that goes on about the same things: "…，还没做推广", "…，也没推广" (not "，还有一项
# 正在推广", which is about another).
_GOES_ON = re.compile(r"[，,]\s*(?:还没|还未|还不|也没|也未|也不|并|且|而且|但|却|只是|就是|目前|暂时)")
# A count for each of a list named before it: "算法备案和深度合成备案各一个" is two.
_EACH_BEFORE = re.compile(r"各(?:有|拿了|拿到|通过了?|获得|是|拿)?\s*$")
_LIST_BREAK = re.compile(r"\s*(?:以及|和|及|与|、|还有)\s*")
# A count said to be the total: "一共三个", "总共有5项", "合计6个".
# The words saying a figure is a total (the follow-up rules use them too: app/chat/topic.py).
TOTAL_WORDS = ("一共", "总共", "合计", "总计", "共计", "总额", "总数", "加起来")
_TOTAL_BEFORE = re.compile(rf"(?:{'|'.join(TOTAL_WORDS)}|共)(?:是|有|为|计|拿了|拿到)?\s*$")
_TOTAL_REACH = 5
# The figure that counts when a question gives two for one input: the actual one, as the policy says.
_ACTUAL = re.compile(r"实际|最终|最后|决算|核定|审计后")
# An amount of another phase or added on ("一期投资2000万，二期3000万", "预算300万，又追加了100万"), in its own
# part of the sentence: the input's sum is then not the first figure, and not surely both. Not 增加了: "比去年
# 增加了30万" compares.
_ANOTHER_PART = re.compile(
    r"(?:第?[二三四五六七八九两2-9]|后续|后一|下一)(?:期|阶段)|追加|追投|又投|再投|另投|又花|再花|加投"
)
# …unless that part is said not done: what was completed does not hold it ("第二期2500万还在建").
_NOT_DONE = re.compile(
    r"在建|未完成|没完成|没有完成|尚未|还没|(?<!按)计划|预计|准备|打算|将要|即将|施工中|在施工|正在施工|刚开始|刚启动|未验收|没验收"
)
# …or the amounts are a breakdown of a sum said: "总投资1亿，其中一期6000万、二期4000万", "（一期2000万，二期
# 3000万）", "第二阶段的10万也包含在里面".
_BREAKDOWN = re.compile(r"其中|[（(]|包含|包括|含在|算在|在内|总投资|总投入|总共|合计|共计|累计")
# …and every phase is said done ("两期都已完工", "均已建成"), in a part of its own that names no one phase
# ("一期已全部完工" is one phase's): the phases' amounts are then the input's sum.
_ALL_DONE = re.compile(r"(?:都|均|全部|全都|各期)(?:已经|已)?(?:完工|完成|建成|竣工|验收|投产|投用|结束)")
_ONE_PHASE = re.compile(r"(?<![两三四几各每])第?[一二三四五1-5](?:期|阶段)")
# Parts of one thing listed, each amount right after its own label: phases of a build ("一期8000万、二期6000万"),
# days of an event ("第一天投入120万，第二天投入90万").
_PART_LABEL = re.compile(r"(?:第?[一二三四五六七八九1-9]|首|后)(?:期|阶段)|第[一二三四五六七1-7]天|首日|次日")
# A cost's label in a list after a cue: a few characters of Chinese, no figure, no pause ("场地", "宣传推广").
_COST_LABEL = re.compile(r"[\u4e00-\u9fff]{1,6}")
_LABEL_TO_AMOUNT = 6  # at most this many characters from a label to its amount ("第一天投入120万")
# Beside listed parts, words of a budget, an actual figure or a total: the parts are not added over them.
_BUDGET_OR_TOTAL = re.compile(r"预算|实际|一共|总共|合计|共计|总计|累计|其中|总投资|总投入")
# One phase said done in its own words ("一期已完成", "二期也完成了").
_DONE = re.compile(r"(?:已经|已)(?:全部)?(?:完工|完成|建成|竣工|验收|投产|投用)|(?:完工|完成|建成|竣工)了")
_ACTUAL_REACH = 8
# Between two cues that name one thing together: nothing, or 的 ("实际完成的固定资产投资").
_JOINS = re.compile(r"\s*的?\s*")
# A figure taken back in the same message: "其中土建800万……不对，土建应该是1800万". (Across turns the
# conversation file's correction words say so.)
_CORRECTED = re.compile(r"不对|说错|搞错|写错|更正|纠正|准确地?说|确切地?说")
# A yes phrase denied by what follows it at the end of its part of the sentence: "推广也没做", "备案还没有".
# Also past a word naming it as a matter ("推广的事还没定下来", "推广这块还没落实").
_UNDONE_AFTER = re.compile(
    r"(?:的事情?|这块|那块|这事|方面|工作)?(?:都|均|也|还)?(?:还)?(?:没有|没|未)"
    r"(?:做|有|开始|进行|搞|完成|通过|弄|启动|开展|落地)?(?:好)?(?:呢)?(?=[，。；！;!]|$)"
)
# After a step a condition takes, the rest of a list of steps ("安全评估、标准合同备案都还没做") and then what is
# said of them all at the end of that part of the sentence.
_REST_OF_LIST = r"(?:(?:、|和|及|与|以及|或者?)[^，。；！？;!?]{0,12}?)?"
_STEP_UNDONE = re.compile(
    _REST_OF_LIST
    + r"(?:都|均|也)?(?:还|仍|尚)?(?:没有|没|未)(?:做|有|开始|进行|搞|完成|通过|弄|办|走|批|签|报|交)?"
    r"(?:完|好|下来|出来)?(?:呢)?(?=[，。；！？;!?]|$|能|可以|可不可以|的话|就|也|是否|会|该|怎么)"
)
_STEP_PENDING = re.compile(
    _REST_OF_LIST
    + r"(?:都|均|也)?(?:(?:(?:我们|我司|公司|单位)(?:还|正|仍|目前|现在)?|还|正|仍|目前|现在)在(?:走|办|做|审|排|申|等|准备|弄|进行)"
    r"|(?:审核|审批|办理|评估|进行|申请|申报|评审|报批|公示|准备|排队|受理)中)"
)
_STEP_DONE = re.compile(
    _REST_OF_LIST
    + r"(?:都|均|也)?(?:已经?|都已经?)?(?:通过|做完|做好|做了|完成|办完|办好|办下来|拿到|获批|批下来|批了|搞定)"
)
_PENDING_AFTER = re.compile(
    f"{_NOUN}(?:{_STEP_UNDONE.pattern}|{_STEP_PENDING.pattern}|{_PAUSE}(?:{_STEP_UNDONE.pattern}))"
)
# A count whose items are said not yet had, in its own part of the sentence: "一项备案还在审核", "两个备案没通过".
_COUNT_PENDING = re.compile(f"{_NOUN}(?:{_STEP_UNDONE.pattern}|{_STEP_PENDING.pattern})")
# A yes phrase only planned: "计划下个季度接入交易平台", "预计年底前完成首次入表", "推广计划要到明年才开始".
_PLANNED_BEFORE = re.compile(
    r"(?:计划|打算|准备|预计|将要|即将|马上要|正准备|要等)(?:在|于|到)?"
    r"(?:明年|下个?月|下个?季度|下半年|年底前?|年内|近期)?(?:再|才|会)?(?:完成|开始|进行|做|实现)?\s*$"
    # Being applied for or negotiated: "在申请某部委公共数据授权运营".
    # Not "在谈合作的时候首次…": a time, not a state.
    r"|(?:正在|还在|在)(?:申请|申报|争取|洽谈|谈)(?:(?!的时候|时候|期间)[^，。；！？;!?]){0,10}?\s*$"
)
# …or still being talked over or not settled: "推广的事还在商量", "牵头的事还没定下来" (not done, nor denied).
_PLANNED_AFTER = re.compile(
    r"(?:计划|工作)?(?:要|得|预计|打算|准备)?(?:到|等到|放到|推到)?(?:明年|下个?月|下个?季度|下半年|年底)"
    r"[^，。；！？;!?]{0,4}?(?:才|再)"
    r"|(?:的事情?|这块|那块|这事|方面)?(?:还|仍|正|目前|现在)在(?:商量|研究|考虑|讨论|谈|规划|筹备|计划)"
    r"|(?:的事情?|这块|那块|这事|方面)?(?:都|也)?(?:还)?(?:没有?|未)(?:定|确定|敲定|落实)(?:下来)?"
)
_PLANNED_REACH = 12
# "按不含土建算": the way the user asks the sum to be counted, not a fact about it.
_METHOD_BEFORE = re.compile(r"(?:按|按照|(?<!所)以)\s*$")
_METHOD_REACH = 3
# An amount for each period or item ("每年X万", "每期投了X万", "每个项目X万"): never the whole sum.
_PER_PERIOD = re.compile(
    r"(?:每年|每一年|年均|每期|每季度|每个?月|每个项目|每个|每场|每次)"
    r"(?:都|大概|大约|约|各)?(?:投入?了?|投资了?|花了?|花费了?|支出了?|投了|是|有)?\s*$"
)
_PER_PERIOD_REACH = 8
# Right after a step said done, a question whether it is: "安全评估做了吗", "通过了没有？".
_DONE_ASKED = re.compile(r"了?\s*(?:吗|么|没呢|没有?(?=\s*(?:[？?，,]|$)))")
# Before a word saying a part is the whole ("都是土建"): only some of it is.
_PARTLY = re.compile(
    r"(大部分|大多|大都|多数|基本上?|几乎|主要|多半|其余|剩下的?|其他|部分|一半|不完|并非|不)\s*$"
)
_PARTLY_REACH = 5
# A part given as a share of the whole it cannot exceed: "土建占了X%", "土建占总投资的两成", "四成是土建".
# Only an exact share: "大概占三成", "一半以上", "三成多", "X%-Y%" give no figure, and are asked for.
# "土建其实占到一半", "土建还是占一半", "土建正好占一半" (not "大概占": a rough share is asked for).
# "土建占三成", "土建部分占了40%", "土建一半" (a share said right after the part, 占 left out).
_CUE_TAKES_SHARE = re.compile(
    r"[)）]?(?:部分|工程|的投资|投资|费用|的钱)?\s*(?:其实|实际上?|还是|也|就|正好|刚好|恰好)?\s*(?:占(?:了|到)?)?"
    r"(?:总投资|总投入|投资|总额|其中|全部)?的?\s*"
)
_SHARE_IS_CUE = re.compile(r"\s*(?:都|的投资|投资|的钱)?\s*(?:是|为|用于|用在|花在|属于|投在|的)\s*")
_ROUGH_AFTER_SHARE = re.compile(r"\s*(?:以上|以下|多|左右|上下|出头|不到|到|至|-|~|～|—)")
# Before a word saying a part is the whole: the rest of it after the other amounts named ("其余都是土建").
_REMAINDER = re.compile(r"(其余|剩下的?|剩余的?|其他的?)\s*(?:部分|的钱|投资|的投资)?\s*$")
# A place said of another unit: "排第二的是另一家", "牵头单位是高校，他们排第一".
# Words for a unit other than the asker ("另一家", "合作方"): its place, role or items are not ours.
OTHER_UNIT = r"(?:另一家|另外一家|另一个单位|别家|别的单位|其他单位|别人|对方|人家|合作方|对方单位)"
# Right before a yes phrase, asking for the award it names: "申请首次开展…的奖励".
# "能按“首次入表”拿奖励吗": 按 before a quoted name is the award's name too.
# "还能拿首次开展数据跨境的奖励吗": what is got is the award, named by its words.
_NAMES_THE_AWARD = re.compile(
    r"(?:申请|申报|享受|领取|主张|能拿|还能拿|可以拿|能领)(?:这个|那个|该项?)?\s*$|按\s*[“\"「『‘]\s*$"
)
_HELD_BY_OTHER = re.compile(
    r"(?:单位|方)?的?(?:是|为)(?:一所|一家|另一家|另外一家|另一个|别的|别家|其他|高校|大学|研究院|研究所|对方)"
    # …or a unit by its name ("牵头的是清华"): anything but ours, a question word or a denial.
    r"|(?:单位|方)?的?(?:是|为)(?!我|本|咱|自己|谁|什么|哪|否|不|啥|何|公司本部|集团本部)[\u4e00-\u9fffA-Za-z]"
)
# The other unit named right before the role: "高校是牵头单位", "由合作的研究院牵头".
_HELD_BY_OTHER_BEFORE = re.compile(
    r"(?:(?:一所|一家|另一家|另外一家|另一个|别的|别家|其他|高校|大学|学校|研究院|研究所|科研院所|对方|合作方|央企|国企)"
    r"[^，。；！？我]{0,6}?(?:是|为|作为|担任|来)|由(?!我|本)[^，。；！？]{1,8}?"
    # …or right before it, as its subject, named as another one: "某大学牵头", "项目是研究院牵头的" (not "本研究院
    # 牵头", "学校牵头建的实验室")
    r"|(?:某|一所|一家|另一所|另一家|合作的|对方的?|是)(?:高校|大学|学校|研究院|研究所|科研院所|央企|国企|单位|公司))\s*$"
)
_OURS_AFTER = re.compile(r"[^。；！？]{0,24}?(?:就是|即|也就是|正是)(?:我们|我司|本公司|本单位|我方|咱们)")
# Before a role said of oneself: "作为牵头…", "是牵头…".
_AS_ROLE_BEFORE = re.compile(r"(?:作为|是|我们|我司)\s*$")
# The asker joining after another's role: "某大学牵头、我们公司参与共建的", "北大牵头我们参与的".
_OURS_JOINING_AFTER = re.compile(
    r"[的，、\s]{0,3}(?:我们|我司|本公司|本单位|我方|咱们)(?:公司|单位)?(?:只是|是|作为|只|就|也)?(?:参与|参加|配合|协助|共建|合作)"
)
_OURS_BEFORE = re.compile(r"(?:我们|我司|本单位|公司)[^，。；！？]{0,6}$")
# After a word for the first place: denied or not ours ("牵头单位不是我们"), the policy's own wording
# ("主导或参与"), or another's lead we worked under ("在市数据局牵头下").
_FIRST_DENIED = re.compile(r"(?:单位|方)?的?(?:不是|并非|不为)|或参与|或者参与|下|之下")
_OTHERS_PLACE_AFTER = re.compile(rf"(?:名|位)?的?(?:是|为)?{OTHER_UNIT}")
_OTHERS_PLACE_BEFORE = re.compile(rf"{OTHER_UNIT}(?:是|排|排在|排名|列)?\s*$")
_OTHERS_REACH = 8
# A top N (前三) is ours only when said of us without a denial: "我们都在起草单位前三", not "没进前三",
# "前三名都是高校", "差一点进前三".
# "都在起草单位前三", "起草单位都前三", "排名前三", "我们每项都是前三".
_IN_TOP_BEFORE = re.compile(
    r"(?:(?:在|进了?|进入|位列|排在|排|属于|列|起草单位(?:中|里)?|排名)(?:起草单位的?)?(?:都|均|也)?"
    r"|(?:我们|我司|公司|每项|每个|各项|都|均|也)(?:都|均|也)?(?:是|为))\s*$"
)
# 都是 only after the top: "前三名都是高校" is others', "我们都是前三" ours.
_NOT_IN_TOP_BEFORE = re.compile(r"没|不|未|差|非|无|里没有|之外|以外|以后|后面")
# …nor a top asked about or unsure ("我们是前三吗", "是前三还是前五还不确定").
_NOT_IN_TOP_AFTER = re.compile(r"没|不|未|差|非|无|都是|里没有|之外|以外|以后|后面|吗|么|还是|[?？]")
# A list of costs each after its own label: "场地X万、搭建Y万", "机柜、服务器X万，软件Y万".
_LABEL_START = re.compile(r"[，、；：:,;（(。！？!?\n+＋]")
_LABEL = re.compile(r"[^\d]{0,12}?[\u4e00-\u9fffA-Za-z][^\d]{0,12}")
_LIST_INTRO = re.compile(
    r"\s*(?:的)?(?:明细|构成|组成|包括|包含|分项|如下|分(?:[两三四五六2-6]|几)(?:块|部分|项|笔|类))"
    r"(?:是|为|如下|有)?(?:这样的)?\s*[:：]"
)
# Amounts that may each be a case of their own, with an award each: not one sum.
_SEPARATELY = re.compile(
    r"分别|各自|各[是为花投]|每(?:个|场|项|次|家|期)|[两二三四五几\d]\s*(?:场|届|次|期|个活动|个项目)|上半年|下半年|其中"
)
_OWN_CASE = re.compile(r"项目|活动|论坛|会议|大会|峰会|沙龙|[一二两三四五几每]场|场次|期|届|去年|今年|明年")
# A label naming no cost of the list: income, support received, someone else paying, a part of another.
_NOT_A_COST = re.compile(r"收入|营收|补助|补贴|资助|赞助|结算|实际|门票|利润|其中|奖励|承担")
_TOTAL_LABEL = re.compile("|".join((*TOTAL_WORDS, "共", "总额", "总计", "总投资", "总投入")))
# Between a cue and the amount it leads into: "土建X万", "土建花了X万" (no list word between).
_LEADS_INTO = re.compile(r"[^，。；！？;!?、和及与]{0,4}")
# A part's cue that excludes itself from the amount after it: "土建之外的投资X万".
_EXCEPT = re.compile(r"之外|以外|除外|外的|不含|不包括")
# A yes phrase asked about right after it: "推广没？", "推广了没有", "推广了吗".
# "工资X万不在总投资里": the amount is said to be outside what the cue after it names.
_OUTSIDE_OF = re.compile(
    r"(?:不在|不计入|不计在|不算在?|不算进|不属于|不含在|没算在?|没有算在?|没算进|未计入|未算入|不包括在|不纳入)\s*$"
)

# "是第一次…吗": a verb of being right before a yes phrase, and the rest of its part asking, not of the award.
_WHETHER_BEFORE = re.compile(r"(?:是|算|属于)\s*[“「‘]?\s*$")  # "还算“首次”吗": the word may be quoted
_WHETHER_REST = re.compile(r"[^能可拿申奖补多给符条满]{0,14}(?:吗|么|嘛)\s*")
_ASKED_AFTER = re.compile(r"了?(?:没有?|吗|么|没呢)\s*(?:[？?]|$)")
# Right after a cue for the years ("连续给几年"): how many years is asked, not the total of them.
_HOW_MANY_YEARS = re.compile(r"[^，。；！？;!?\d]{0,3}?(?:几年|多少年|多久|多长时间)")
# A part of a sentence said of every item named before it: "都排前三", "而且我们都是牵头", "起草单位都排前三"
# (a few words before 都, but no count: "一项都没发布" is one item's).
_OF_ALL = re.compile(
    r"\s*(?:而且|并且|且|另外)?(?:我们|我司|公司)?[^，。；！？;!?、\d一二两三四五六七八九十几]{0,6}?"
    r"(?:都|均|全都|全部|每项都|各项都|这些都|它们都)"
)
# Where one item's words end in a list of items: "两项国家标准（都排第一）、一项北京市地方标准（排第三）".
_ITEM_BREAK = re.compile(r"[，。；！？;!?\n、：:]|[)）](?!\s*[（(])")
# Not "." or ",": inside "1.2亿" and "2,500万" they are part of the number.
# Right after a count of things with nothing counted between: the things the question adds up ("这两个加起来
# 多少"). Not a run of years: "三年加起来多少" asks for three years of the award.
_ADDED_UP_AFTER = re.compile(rf"(?<=[{ADDED_UP_COUNTERS}])\s*(?:都)?(?:加起来|合起来|加在一起|一起算)")
_SEGMENT_BREAK = re.compile(r"[，。；！？;!?\n]")
# In a rules file's phrase, words that may stand apart: "北京分赛…一等奖" (rules.GAP).
_GAP_FILL = r"[^，。；！？;!?、\n没未不无非]{0,6}?"
# What a thing mainly is: "以传统商贸为主", "入驻的主要是律所和金融机构", "基本都是数据企业", "主攻文创".
_THING = r"[^，。；！？;!?]{1,14}"
_MAINLY = re.compile(
    rf"以(?P<a>{_THING}?)为主"
    # "主要租户是餐饮和零售", "大部分入驻企业是律所": who is meant may stand between.
    r"|(?:主要|大部分|大多数?|多数|绝大多数|基本上?|大都|清一色)(?P<who>的?(?:租户|入驻企业|入驻单位))?"
    r"(?:都)?(?:是|为|做|搞|从事|集中在|聚焦在?)"
    rf"(?P<b>{_THING})"
    rf"|(?:主攻|主打|主营)(?P<c>{_THING})"
)
# Not a kind of business: "园区主要是想问一下…", "主要是我们自己在运营".
_NOT_A_BUSINESS = re.compile(r"(?:想|要|问|了解|咨询|关心|看看|我们|我司|自己|由)")


# A span in quotation marks: the user's own name for a thing ("我们的“数据宝”"), or a passage of the policy
# copied in ("原文说“分别给予牵头单位连续3年，每年最高X万、Y万元奖励”").
_QUOTED = re.compile(r"[“\"「『‘]([^“”\"「」『』‘’]{6,})[”\"」』’]")
# A quoted span that shares a run this long with the rule's quote is the policy's words, not the user's facts —
# when the question says it cites ("第三条说“…”", "原文写着“…”") or the span gives an award ("…给予…奖励"). A
# qualification quoted by its name ("我们是“北京市认定的科技创新平台”") is the user's own.
_POLICY_RUN = 8
_CITED_BEFORE = re.compile(
    r"(?:原文|原话|政策|措施|文件|条款|第[一二三四五六七八九十]+条)[^，。；！？]{0,4}$"
    r"|(?:说|写着?|写的是|原话是|规定|提到|表述为)\s*[:：]?\s*$"
)
_AWARD_WORDS = re.compile(r"给予|奖励|补贴|支持")


@dataclass(frozen=True, slots=True)
class _Phrase:
    input: str
    role: _Role
    text: str
    choice: str | None = None


@dataclass(frozen=True, slots=True)
class _Hit:
    phrase: _Phrase
    start: int
    end: int


def _unquoted(rule: Rule, question: str) -> str:
    """`question` without the passages of the policy it quotes: "原文说“…每年最高X万、Y万元奖励”。我们是
    北京市认定的" names both levels only in the copied words, and states the one it has after them."""
    quote = fold_digits(rule.quote).lower()

    def policy_words(match: re.Match[str]) -> bool:
        said = fold_digits(match.group(1)).lower()
        run = SequenceMatcher(None, said, quote, autojunk=False).find_longest_match()
        cited = _CITED_BEFORE.search(question[max(0, match.start() - 12) : match.start()]) is not None
        return run.size >= _POLICY_RUN and (cited or _AWARD_WORDS.search(said) is not None)

    return _QUOTED.sub(lambda m: "“”" if policy_words(m) else m.group(0), question)


def read_inputs(
    rule: Rule,
    question: str,
    other_cues: Collection[str] = (),
    known: Mapping[str, InputValue] | None = None,
) -> dict[str, InputValue]:
    """The inputs of `rule` that `question` states, by input name. `other_cues` are the words other rules
    use for their amounts: an amount next to one ("另外基础设施投资了五千万") is not this rule's. `known` is
    what earlier turns said: a part given as a share ("说错了，土建占四成") is a share of the whole said there."""
    return _read(rule, question, other_cues, known or {})[0]


def undecided_inputs(rule: Rule, question: str) -> set[str]:
    """Inputs the question speaks about without settling: contradictory words ("他们牵头，我们只是参与"), a
    question either way (是不是首次), a choice it denies (国家和市里的资金都没拿到). Never assumed."""
    values, mentioned = _read(rule, question)
    return mentioned - set(values)


def _read(
    rule: Rule,
    question: str,
    other_cues: Collection[str] = (),
    known: Mapping[str, InputValue] | None = None,
) -> tuple[dict[str, InputValue], set[str]]:
    question = _unquoted(rule, question)
    text = fold_digits(question).lower()
    hits = _find_phrases(_phrases(rule), text)
    values: dict[str, InputValue] = {}
    mentioned = {hit.phrase.input for hit in hits if hit.phrase.role not in ("cue", "one")}
    # A part of a sum named without its figure ("投资X万，大部分是土建"): never taken as its default of none.
    optional_money = {item.name for item in rule.inputs if item.type == "money" and not item.required}
    mentioned |= {
        hit.phrase.input
        for hit in hits
        if hit.phrase.role == "cue" and hit.phrase.input in optional_money and not _negated(text, hit.start)
    }
    ones = [hit for hit in hits if hit.phrase.role == "one"]
    for item in rule.inputs:
        mine = [hit for hit in hits if hit.phrase.input == item.name]
        value: InputValue | None
        if item.type == "choice":
            chosen = [
                hit.phrase.choice
                for hit in _affirmed_choices(mine, text)
                # A kind of item pending (国家标准还在报批) is still that kind: its own condition says so.
                if item.name == rule.items_by or not _pending(hit, text)
            ]
            value = chosen[0] if chosen else None
            if item.name == rule.level_input and len(set(chosen)) > 1:
                # Two levels named ("国家标准和行业标准各一项") are two cases with two amounts: the
                # figure of either alone would be wrong, so neither is taken.
                value = None
            elif len({choice.eligible for choice in item.choices if choice.value in chosen}) > 1 and (
                _SEPARATELY.search(text) or len(_CASE_BEFORE.findall(text)) > 1
            ):
                # Cases, one of a choice the measure takes and one of a choice it turns down ("上半年区里主办的…，
                # 下半年市级部门主办的…"): either alone would misjudge the other, so neither is taken. (One case
                # may name both: "自己办了一场沙龙，请了国家数据局的领导来讲话".)
                value = None
        elif item.type == "boolean":
            mainly = _mainly(item, text)
            if mainly:
                mentioned.add(item.name)
            value = _boolean(mine, text, mainly)
        elif item.type == "integer":
            # Items of a rule with kinds are counted by kind (read_items): "国家标准和行业标准各一项" is one of each.
            if item.reads == "rank":
                value = _place(
                    rule, item, text, mine, [h for h in hits if h.phrase.input == rule.level_input]
                )
            elif item.reads == "years_had":
                value = _years_had(text)
            else:
                value = _integer(item, mine, text, each=rule.items_by is None)
            # "每年能拿多少": one year asked for, when no number of them is given and no total is asked
            # for too ("每年多少，一共多少" asks for the whole run).
            # A cue asking how many years ("连续给几年") asks how long, not for the whole run.
            said = [h for h in mine if not _negated(text, h.start)]
            one_asked = any(h.phrase.role == "one" for h in said)
            total_asked = any(h.phrase.role == "cue" and not _HOW_MANY_YEARS.match(text, h.end) for h in said)
            if value is None and one_asked and not total_asked:
                value = 1
        else:
            value = None  # money is read for all money inputs together, below
        if value is not None:
            values[item.name] = value
        elif item.reads == "count" and any(
            c.unit in item.units
            and not _inside(c.start, c.end, ones)
            and not _adds_up(text, c, [h for h in mine if h.phrase.role == "cue"])
            and not _counts_another_thing(text, c, [h for h in mine if h.phrase.role == "cue"])
            for c in find_counts(text)
        ):
            # A number of these the question gives but in a way not read ("还剩两年"): said, not
            # unsaid, so no default stands in for it. Not the 一 of "一年给多少", which asks for one,
            # nor "三个场景", which counts something else.
            mentioned.add(item.name)
    values.update(_places_within_limit(rule, text, hits, values))
    values.update(_money(rule, hits, question, other_cues, known or {}))
    values.update(_subset_meeting(rule, hits, text, {**(known or {}), **values}))
    return values, mentioned


def _subset_meeting(
    rule: Rule, hits: list[_Hit], text: str, values: Mapping[str, InputValue]
) -> dict[str, InputValue]:
    """ "三个备案，其中两个已经推广了，还有一个还在内测": the items meeting a yes/no condition the award needs
    are the ones it counts — the part said to meet it ("其中两个已推广"), or all but the part said not to
    ("其中一个没推广"), when that part is fewer than all."""
    total = values.get(rule.count_input) if rule.count_input else None
    if rule.count_input is None or rule.items_by is not None or not isinstance(total, int) or total < 2:
        return {}
    needed = {c.input for c in rule.conditions if c.equals is True}
    units = rule.input(rule.count_input).units
    for count in find_counts(text):
        if count.unit not in units or not _SUBSET_BEFORE.search(
            text[max(0, count.start - _SUBSET_REACH) : count.start]
        ):
            continue
        if count.value >= total:
            continue
        end = _segment(text, count.start)[1]
        said = [
            hit
            for hit in hits
            if hit.phrase.input in needed
            and hit.phrase.role in ("yes", "no")
            and count.end <= hit.start < end
        ]
        if not said:
            continue
        hit = said[0]
        meets = (hit.phrase.role == "yes") != _negated(text, hit.start)
        # What the next part goes on to say of them is theirs too: "两项只备了案，还没做推广".
        going_on = _GOES_ON.match(text, end)
        reach = _segment(text, going_on.end())[1] if going_on else end
        # Not when the rest says the same of the others: "三个都已经推广了，其中一个推广到了海外".
        elsewhere = [
            other
            for other in hits
            if other.phrase.input == hit.phrase.input
            and other.phrase.role in ("yes", "no")
            and not count.end <= other.start < reach
            and ((other.phrase.role == "yes") != _negated(text, other.start)) == meets
        ]
        if elsewhere:
            continue
        return {rule.count_input: count.value if meets else total - count.value, hit.phrase.input: True}
    return {}


def read_items(rule: Rule, question: str, other_cues: Collection[str] = ()) -> list[dict[str, InputValue]]:
    """The unit's several items when the question names items of more than one kind ("国家标准排第二，另外
    一项行业标准排第一"), each with the inputs read from the parts of the sentence about it; [] when it
    names one kind or none (then `read_inputs` reads the one case). A part naming no kind belongs to the
    kind named last before it; a yes/no fact no item's own parts say (已发布) is read from the whole question."""
    if rule.items_by is None:
        return []
    question = _unquoted(rule, question)
    text = fold_digits(question).lower()
    named = [hit for hit in _find_phrases(_phrases(rule), text) if hit.phrase.input == rule.items_by]
    affirmed = _affirmed_choices([hit for hit in named if hit.phrase.role == "choice"], text)
    kinds = list(dict.fromkeys(str(hit.phrase.choice) for hit in affirmed))
    if len(kinds) < 2:
        return []
    counts = [
        c for c in find_counts(text) if rule.count_input and c.unit in rule.input(rule.count_input).units
    ]
    bounds = [0, *(m.end() for m in _ITEM_BREAK.finditer(text)), len(text) + 1]
    parts = _colon_parts(
        [(start, end - 1) for start, end in pairwise(bounds) if end - 1 > start], text, counts
    )
    owned: dict[str, list[str]] = {kind: [] for kind in kinds}
    # A part naming no kind belongs to the kinds the part before it named last: all of them when that
    # part named several ("国家标准和行业标准各一项，都排第一").
    current: list[str] = []
    for start, end in parts:
        in_part = [h for h in affirmed if start <= h.start < end]
        part_kinds = list(dict.fromkeys(str(h.phrase.choice) for h in in_part))
        if len(part_kinds) > 1 and sum(start <= c.start < end for c in counts) > 1:
            # "一项国际标准一项国家标准": each kind with its own count, cut before the next kind's count.
            sub_parts = _sub_parts(in_part, counts, start, end, text)
            for kind, (sub_start, sub_end) in sub_parts:
                owned[kind].append(text[sub_start:sub_end])
            # "三项行业标准加两项地方标准都排前三": 都 after the last kind is said of every kind in the part
            # that does not say the same of itself ("一项国家标准排第五和两项行业标准都排第二").
            tail = max(hit.end for hit in in_part)
            if _OF_ALL.match(text, tail) is not None:
                said = set(read_inputs(rule, text[tail:end], other_cues))
                for kind, (sub_start, sub_end) in sub_parts[:-1]:
                    if not said & set(read_inputs(rule, text[sub_start:sub_end], other_cues)):
                        owned[kind].append(text[tail:end])
        else:
            # "国标2项、北京市地标2项，都排前三": a part said of them all belongs to every kind named since the
            # sentence began — not to one a sentence before it ("国家标准排第一；两项行业标准，都排第二").
            since = max((m.end() for m in SENTENCE_END.finditer(text, 0, start)), default=0)
            seen = [
                kind
                for kind in kinds
                if any(since <= h.start < start and h.phrase.choice == kind for h in affirmed)
            ]
            of_all = not part_kinds and _OF_ALL.match(text, start) is not None
            if not part_kinds and not current:
                # Before any kind is named, a part is said of them all ("都排前三："), and a count there is
                # of them all ("我们有三项：一项国家标准…"), no one kind's own.
                if not any(start <= c.start < end for c in counts):
                    for kind in kinds:
                        owned[kind].append(text[start:end])
                continue
            for kind in part_kinds or (seen if of_all else current):
                owned[kind].append(text[start:end])
        current = part_kinds or current
    whole = read_inputs(rule, question, other_cues)
    # Only yes/no facts hold for every item (两项都已发布); a count or a place is one item's own.
    facts = {item.name for item in rule.inputs if item.type == "boolean"}
    items = []
    for kind in kinds:
        own = read_inputs(rule, "，".join(owned[kind]), other_cues)
        shared = {name: value for name, value in whole.items() if name not in own and name in facts}
        items.append({**shared, **own, rule.items_by: kind})
    return items


def _colon_parts(parts: list[tuple[int, int]], text: str, counts: list[Count]) -> list[tuple[int, int]]:
    """A part ending in a colon says what the part after it is ("排第五的：国家标准一项") and goes with it —
    unless it counts the items that follow ("我们有三项：") or says 都 ("都排第一："): that is said of them all."""
    merged: list[tuple[int, int]] = []
    carried: int | None = None
    for start, end in parts:
        start = start if carried is None else carried
        carried = None
        said_of_all = _OF_ALL.match(text, start) is not None  # "都排第一："
        if (
            text[end : end + 1] in "：:"
            and not said_of_all
            and not any(start <= c.start < end for c in counts)
        ):
            carried = start
            continue
        merged.append((start, end))
    if carried is not None:
        merged.append((carried, len(text)))
    return merged


def _sub_parts(
    hits: list[_Hit], counts: list[Count], start: int, end: int, text: str
) -> list[tuple[str, tuple[int, int]]]:
    """A part naming several kinds cut at each kind after the first, a count right before it going with it —
    unless the part counts each kind after its name ("北京市地方标准1项和行业标准2项"): then a count standing
    right after the kind before is that kind's own."""
    counted_before = any(start <= c.start and 0 <= hits[0].start - c.end <= _TIED for c in counts)
    cuts = [start]
    for previous, hit in pairwise(hits):
        tied = [
            c
            for c in counts
            if previous.end <= c.start
            and 0 <= hit.start - c.end <= _TIED
            and (counted_before or text[previous.end : c.start].strip())
        ]
        cuts.append(tied[-1].start if tied else hit.start)
    cuts.append(end)
    return [(str(hit.phrase.choice), (cuts[i], cuts[i + 1])) for i, hit in enumerate(hits)]


def _phrases(rule: Rule) -> list[_Phrase]:
    phrases: list[_Phrase] = []
    # Items are counted by the words for their kind: "三项北京市地方标准".
    if rule.count_input and rule.items_by:
        phrases += [
            _Phrase(rule.count_input, "cue", word.lower())
            for choice in rule.input(rule.items_by).choices
            for word in {choice.value, *choice.words}
        ]
    for item in rule.inputs:
        for choice in item.choices:
            for word in {choice.value, *choice.words}:
                phrases.append(_Phrase(item.name, "choice", word.lower(), choice.value))
        phrases += [_Phrase(item.name, "yes", word.lower()) for word in item.yes_words]
        phrases += [_Phrase(item.name, "no", word.lower()) for word in item.no_words]
        phrases += [_Phrase(item.name, "step", word.lower()) for word in item.step_words]
        phrases += [_Phrase(item.name, "cue", word.lower()) for word in item.cues]
        phrases += [_Phrase(item.name, "zero", word.lower()) for word in item.zero_words]
        phrases += [_Phrase(item.name, "whole", word.lower()) for word in item.whole_words]
        phrases += [_Phrase(item.name, "one", word.lower()) for word in item.one_words]
        phrases += [_Phrase(item.name, "first", word.lower()) for word in item.first_words]
    phrases += [_Phrase("", "none", word.lower()) for word in rule.not_values]
    return sorted(phrases, key=lambda phrase: len(phrase.text), reverse=True)


def _find_phrases(phrases: list[_Phrase], text: str) -> list[_Hit]:
    """Every occurrence, longest phrases first; one inside a longer match is part of it."""
    hits: list[_Hit] = []
    for phrase in phrases:
        for start, end in _occurrences(phrase.text, text):
            if not any(h.start <= start and end <= h.end and h.end - h.start > end - start for h in hits):
                hits.append(_Hit(phrase, start, end))
    # A phrase stating nothing only hides the words inside it; a place said of the unit itself ("我们是北京市
    # 西城区的企业", "公司在北京") is no level of what it did.
    places = [match.span() for match in _UNIT_PLACE.finditer(text)]
    return sorted(
        (
            hit
            for hit in hits
            if hit.phrase.role != "none"
            and not (hit.phrase.role == "choice" and any(s <= hit.start and hit.end <= e for s, e in places))
        ),
        key=lambda hit: hit.start,
    )


# Where the unit itself is: "我们是北京市西城区的数据企业", "公司在北京", "北京市西城区的一家公司".
_UNIT_PLACE = re.compile(
    r"(?<![办权定榜方])(?:我们|我司|本公司|我们公司|公司|园区|楼宇)(?:是|在|位于|注册在|落户在?|地处)(?:北京市?)?(?:西城区?)?"
    r"(?=[的，,。；！？\s]|$)(?:的[^，。；！？国市部级区]{0,6}?(?:企业|公司|单位|机构|园区|楼宇))?"
    r"|(?:北京市?)?西城区?的(?:一家)?[^，。；！？国市部级区]{0,6}?(?:企业|公司|单位|机构)"
)


def _occurrences(phrase: str, text: str) -> list[tuple[int, int]]:
    if GAP in phrase:
        return [match.span() for match in _gapped(phrase).finditer(text)]
    spans = []
    start = text.find(phrase)
    while start >= 0:
        spans.append((start, start + len(phrase)))
        start = text.find(phrase, start + 1)
    return spans


@cache
def _gapped(phrase: str) -> re.Pattern[str]:
    """ "北京分赛…一等奖" as "北京分赛拿了一等奖", "北京分赛的一等奖": its parts in order in one part of the
    sentence, with a few words between that deny nothing ("北京分赛没拿到一等奖" is not it)."""
    return re.compile(_GAP_FILL.join(re.escape(part) for part in phrase.split(GAP)))


def _affirmed_choices(hits: list[_Hit], text: str) -> list[_Hit]:
    """The choices the question affirms. A negation reaches along a list: in "没拿过国家或市里的资金"
    both are denied."""
    affirmed: list[_Hit] = []
    denials: list[_Hit] = []
    previous: tuple[_Hit, bool] | None = None
    choices = [h for h in hits if h.phrase.role == "choice"]
    for index, hit in enumerate(choices):
        after = choices[index + 1] if index + 1 < len(choices) else None
        if (
            after is not None
            and _NEGATION.match(hit.phrase.text)
            and after.start - hit.end <= _NEGATION_REACH
            and _negated(text, after.start)
        ):
            # "没拿到国家资金，拿到了市里的": a word for "none" that denies the choice after it; it stands
            # only if nothing named is affirmed ("没拿到国家或者市里的资金").
            denials.append(hit)
            continue
        denied = _negated(text, hit.start) or _DENIED_AFTER.match(text, hit.end) is not None
        if previous is not None and previous[1] and _CONJUNCTION.fullmatch(text[previous[0].end : hit.start]):
            denied = True
        if not denied:
            affirmed.append(hit)
        previous = (hit, denied)
    # A denial after the last of a list reaches back along it: "国家、北京市、西城区的资金都没拿到".
    for index in range(len(choices) - 1, 0, -1):
        hit, before = choices[index], choices[index - 1]
        listed = _CONJUNCTION.fullmatch(text[before.end : hit.start]) or _LIST_OWNER.fullmatch(
            text[before.end : hit.start]
        )
        if (
            hit not in affirmed
            and before in affirmed
            and listed
            and _DENIED_AFTER.match(text, _list_end(choices, index, text))
        ):
            affirmed.remove(before)
    return affirmed or denials


def _pending(hit: _Hit, text: str) -> bool:
    """A choice named as applied for and not yet granted: what a condition requires is not had yet."""
    if _PENDING_BEFORE.search(text[max(0, hit.start - _PENDING_REACH) : hit.start]):
        return True
    return _PENDING_AFTER.match(text, hit.end) is not None


def _list_end(choices: list[_Hit], index: int, text: str) -> int:
    """Where the list the choice at `index` ends: after its last item joined by a conjunction."""
    end = choices[index].end
    for later in choices[index + 1 :]:
        if not _CONJUNCTION.fullmatch(text[end : later.start]):
            break
        end = later.end
    return end


def _inside(start: int, end: int, hits: list[_Hit]) -> bool:
    return any(hit.start <= start and end <= hit.end for hit in hits)


def _negated(text: str, start: int) -> bool:
    return _NEGATION.search(text[max(0, start - _NEGATION_REACH) : start]) is not None


def _mainly(item: RuleInput, text: str) -> set[bool]:
    """What the question says `item`'s thing mainly is: met when what it names (or what it is said of, "楼里的
    数据企业主要做标注") has a word that fits, not met when it names another business ("以传统商贸为主")
    and nothing that fits."""
    if item.mainly is None:
        return set()
    votes = set()
    for match in _MAINLY.finditer(text):
        named = match.group("a") or match.group("b") or match.group("c")
        start, _ = _segment(text, match.start())
        said_of = text[start : match.start()] + (match.group("who") or "")
        if not any(word in said_of for word in item.mainly.subjects) or _NOT_A_BUSINESS.match(named):
            continue
        if any(word.lower() in said_of + named for word in item.mainly.fits):
            fits = True
        elif any(word.lower() in named for word in item.mainly.others):
            fits = False
        else:
            continue  # "楼宇基本上是满租", "主要是中小微企业": no business that settles it
        votes.add(fits != _negated(text, match.start()))
    return votes


def _boolean(hits: list[_Hit], text: str, mainly: Collection[bool] = ()) -> bool | None:
    noes = [hit for hit in hits if hit.phrase.role == "no"]
    steps = [hit for hit in hits if hit.phrase.role == "step"]
    votes = set(mainly)
    for hit in hits:
        if hit.phrase.role == "step":
            votes |= _step(hit, text)
            continue
        if any(re.fullmatch(r"的?", text[hit.end : step.start]) for step in steps):
            continue  # "认可采纳的结论还没出来": the yes phrase names the step, which says what is so
        if hit.phrase.role == "yes" and _NAMES_THE_AWARD.search(text[max(0, hit.start - 6) : hit.start]):
            continue  # "可否申请首次开展数据跨境的奖励": the award's name, not a fact about the asker
        if hit.phrase.role == "yes" and _held_by_other(hit, text):
            continue  # "牵头单位是一所大学": said of another unit, nothing said of ours
        if hit.phrase.text.startswith(_UNIT_WORDS) and _ANOTHER_COMPANY.search(text[: hit.start]):
            continue  # "我们的子公司注册在杭州": another unit's "公司…", nothing said of ours
        if hit.phrase.role not in ("yes", "no"):
            continue
        # "还没评上国家级试点": the yes phrase is the object of the denial right before it — in the same
        # part of the sentence: in "在西城没有办公室，但注册在西城" the second part says what is so. A no
        # phrase that denies nothing ("我们是深圳一家…") has no object: "…集团在西城注册的子公司" stands.
        # "没有正式授权运营": a yes phrase starting inside a no phrase is part of what that one denies.
        if hit.phrase.role == "yes" and any(
            no.start <= hit.start
            and (
                hit.start < no.end
                or (
                    hit.start - no.end <= _NEGATION_REACH
                    and _NEGATION.search(no.phrase.text) is not None
                    and not _SEGMENT_BREAK.search(text, no.end, hit.start)
                )
            )
            for no in noes
        ):
            continue
        around = text[max(0, hit.start - _NEGATION_REACH - 1) : hit.end]
        if _EITHER_WAY.search(around):
            continue
        if hit.phrase.role == "yes" and _ASKED_AFTER.match(text, hit.end):
            continue  # "推广没？", "推广了吗": a question about it, saying neither
        if hit.phrase.role == "yes" and _asked_whether(hit, text):
            continue  # "我们是第一次开展数据跨境业务吗？"
        if hit.phrase.role == "yes" and _planned(hit, text) and not _negated(text, hit.start):
            continue  # "计划下个季度接入交易平台": not so yet, and not said never to be — asked for
        # "场景推广也没做": a yes phrase denied right after it.
        denied_after = hit.phrase.role == "yes" and _UNDONE_AFTER.match(text, hit.end) is not None
        votes.add((hit.phrase.role == "yes") != (_negated(text, hit.start) or denied_after))
    return votes.pop() if len(votes) == 1 else None  # unsaid or contradictory: not guessed


def _asked_whether(hit: _Hit, text: str) -> bool:
    """ "是第一次开展…吗", "算首次吗": the part of the sentence asks whether it is so — not "是第一次做，能拿
    多少吗", where the question is about the award."""
    if not _WHETHER_BEFORE.search(text[max(0, hit.start - 2) : hit.start]):
        return False
    _, end = _segment(text, hit.end)
    return _WHETHER_REST.fullmatch(text[hit.end : end]) is not None


def _planned(hit: _Hit, text: str) -> bool:
    before = text[max(0, hit.start - _PLANNED_REACH) : hit.start]
    return _PLANNED_BEFORE.search(before) is not None or _PLANNED_AFTER.match(text, hit.end) is not None


def _held_by_other(hit: _Hit, text: str) -> bool:
    """A role named as another unit's ("牵头单位是一所大学", "运营方为一家国企"), not "我们牵头的是…" nor "牵头
    单位是XX有限公司，就是我们公司"."""
    if _OURS_BEFORE.search(text[max(0, hit.start - 8) : hit.start]) or _OURS_AFTER.match(text, hit.end):
        return False
    if _HELD_BY_OTHER_BEFORE.search(text[max(0, hit.start - 14) : hit.start]):
        return True
    if (
        hit.phrase.text == "牵头"
        and _OURS_JOINING_AFTER.match(text, hit.end)
        and not _AS_ROLE_BEFORE.search(text[max(0, hit.start - 4) : hit.start])
    ):
        return True
    said, tail = hit.phrase.text, text[hit.end : hit.end + 14]
    role = "单位" if said.endswith(("单位", "方")) else ""
    # "牵头单位是一所大学", "牵头方为…", "牵头的是一所高校"
    return (
        bool(role or tail.startswith(("单位", "方", "的是", "的为")))
        and _HELD_BY_OTHER.match(role + tail) is not None
    )


def _step(hit: _Hit, text: str) -> set[bool]:
    """What the question says of a step the condition takes: undone or under way is not met; done is; only
    named (安全评估要做吗) says nothing, and the input stays asked for."""
    if _EITHER_WAY.search(text[max(0, hit.start - _NEGATION_REACH) : hit.end + 4]):
        return set()  # "是否要做安全评估", "安全评估要不要做"
    if _negated(text, hit.start) or _STEP_UNDONE.match(text, hit.end) or _STEP_PENDING.match(text, hit.end):
        return {False}
    done = _STEP_DONE.match(text, hit.end)
    if done and not _DONE_ASKED.match(text, done.end()):
        return {True}  # "安全评估通过了", not "安全评估做了吗"
    return set()


def _said_last(
    said: Mapping[str, list[Amount]], position: int, skip: Collection[str] = ()
) -> tuple[str, Amount] | None:
    """The input and amount said last before `position` (an input in `skip` aside)."""
    earlier = [
        (name, amount)
        for name, amounts in said.items()
        if name not in skip
        for amount in amounts
        if amount.end <= position
    ]
    return max(earlier, key=lambda pair: pair[1].end) if earlier else None


def _segment(text: str, position: int) -> tuple[int, int]:
    starts = [m.end() for m in _SEGMENT_BREAK.finditer(text, 0, position)]
    end = _SEGMENT_BREAK.search(text, position)
    return (starts[-1] if starts else 0, end.start() if end else len(text))


# Between what is ranked and a bare ordinal for its place: "国家标准第二", "地方标准我们是第三".
_RANKED_GAP = re.compile(r"\s*(?:我们|我司|公司)?是?\s*")


def _place(
    rule: Rule, item: RuleInput, text: str, hits: list[_Hit], levels: Sequence[_Hit] = ()
) -> int | None:
    """The place the question gives, a word for the first one included (牵头). Several places ("一个排第一，
    一个排第三") are several items: the worst of them stands for all when it meets every limit the rule sets
    on the place (then each item does); otherwise the items differ in what they get, and no single place is
    taken (`_places_within_limit` counts the items that meet it)."""
    ours = _our_ranks(text, levels)
    places = {rank.value for rank in ours if not rank.top}
    limits = [c.at_most_value for c in rule.conditions if c.input == item.name and c.at_most]
    if _first_said(text, hits):
        places.add(1)
    if not places and item.name != rule.level_input:
        # "都在起草单位前三": any place up to N; its last one stands for it when that meets every limit the
        # rule sets (a top-N says nothing of a place that sets the amount).
        tops = {
            rank.value
            for rank in ours
            if rank.top
            and _IN_TOP_BEFORE.search(text[max(0, rank.start - _OTHERS_REACH) : rank.start])
            and not _NOT_IN_TOP_BEFORE.search(text[max(0, rank.start - _OTHERS_REACH) : rank.start])
            and not _NOT_IN_TOP_AFTER.search(text[rank.start : rank.end + 4])
        }
        if tops and all(limit is not None and max(tops) <= limit for limit in limits):
            return max(tops)
    if len(places) <= 1:
        return places.pop() if places else None
    if item.name == rule.level_input:
        return None  # places that set the amount: each item's would differ
    if (
        "分别" in text
        and rule.count_input
        and not any(count.unit in rule.input(rule.count_input).units for count in find_counts(text))
    ):
        return None  # "排名分别是第一和第三": several items, but how many is not said
    worst = max(places)
    return worst if all(limit is not None and worst <= limit for limit in limits) else None


def _our_ranks(text: str, levels: Sequence[_Hit]) -> list[Rank]:
    """The places the question gives for the unit's own items, not another's ("对方排第一")."""
    ranks = find_ranks(text)
    # "国家标准第二": a bare ordinal right after what it ranks.
    ranks += [
        rank
        for rank in find_bare_ordinals(text)
        if not any(r.start <= rank.start < r.end or rank.start <= r.start < rank.end for r in ranks)
        and any(_RANKED_GAP.fullmatch(text, level.end, rank.start) for level in levels)
    ]
    return [
        rank
        for rank in ranks
        if not _OTHERS_PLACE_AFTER.match(text, rank.end)
        and not _OTHERS_PLACE_BEFORE.search(text[max(0, rank.start - _OTHERS_REACH) : rank.start])
    ]


def _first_said(text: str, hits: list[_Hit]) -> list[_Hit]:
    """The words saying the unit holds the first place (牵头, 主导), not denied nor another's."""
    return [
        hit
        for hit in hits
        if hit.phrase.role == "first"
        and not _negated(text, hit.start)
        and not _FIRST_DENIED.match(text, hit.end)
        and not _held_by_other(hit, text)
        and not _OTHERS_PLACE_BEFORE.search(text[max(0, hit.start - _OTHERS_REACH) : hit.start])
    ]


# Before a place given to one of several items: "一项排第二", "另一个排第七", "其中一项我们是第三".
_ITEM_BEFORE_RANK = re.compile(
    r"(?:一项|一个|一份|一款|另一项|另一个|另外一项|另外一个|其中一项|其中一个|还有一项|还有一个)[^，。；！？]*$"
)
_ITEM_REACH = 8


def _places_within_limit(
    rule: Rule, text: str, hits: list[_Hit], values: Mapping[str, InputValue]
) -> dict[str, InputValue]:
    """Items of one kind at several places, some beyond the limit the rule sets ("两项国家标准，一项排第二，
    一项排第七"): the award counts the ones within it — their number, and the worst of their places; with
    none within, the best place beyond, which the calculator turns down with the rule's reason. Only when
    the question gives each item a place (as many places as items, when it says how many)."""
    if rule.count_input is None:
        return {}
    ranked = [i for i in rule.inputs if i.reads == "rank" and i.name != rule.level_input]
    if len(ranked) != 1 or ranked[0].name in values:
        return {}
    item = ranked[0]
    limits = [c.at_most_value for c in rule.conditions if c.input == item.name and c.at_most]
    if not limits or any(limit is None for limit in limits):
        return {}
    limit = min(limit for limit in limits if limit is not None)
    levels = [hit for hit in hits if hit.phrase.input == rule.level_input]
    ranks = [rank for rank in _our_ranks(text, levels) if not rank.top]
    # Places given to items ("一项排第二，一项排第七", "分别排第三和第八"), not a role's ("牵头单位排第一") nor
    # a lead word beside them (牵头 may be the same item's first place).
    given_to_items = "分别" in text or all(
        _ITEM_BEFORE_RANK.search(text[max(0, rank.start - _ITEM_REACH) : rank.start]) for rank in ranks
    )
    places = [rank.value for rank in ranks]
    if len(places) < 2 or not given_to_items or all(place <= limit for place in places):
        return {}
    counted = values.get(rule.count_input)
    if counted is not None and counted != len(places):
        return {}
    within = [place for place in places if place <= limit]
    if not within:
        return {item.name: min(places)}
    return {item.name: max(within), rule.count_input: len(within)}


# The years of a yearly award had already: "前两年已经各拿了奖励", "已经连续领了3年" — or the year asked about, the
# ones before it had: "第4年还能继续申请吗".
# Only what is done: "前两年能拿多少" asks about two years, "第二年能拿多少" about one.
_YEARS_HAD = re.compile(
    rf"前(?P<first>{NUMERAL})年[^，。；！？]{{0,4}}?"
    rf"(?:(?:已经|已)(?:都|各)?(?:拿|领|获得|享受)|(?:都|各)?(?:拿|领|获得|享受)(?:到)?(?:了|过))"
    rf"|(?:已经|已)(?:连续)?(?:各)?(?:拿|领|获得|享受)(?:了|过)(?:奖励)?(?P<had>{NUMERAL})年"
    rf"|第(?P<next>{NUMERAL})年(?:还|继续|也)"
)


def _years_had(text: str) -> int | None:
    match = _YEARS_HAD.search(text)
    if match is None:
        return None
    if match.group("next") is not None:
        value = number_value(match.group("next"))
        return int(value) - 1 if isinstance(value, int) and value >= 1 else None
    value = number_value(match.group("first") or match.group("had"))
    return value if isinstance(value, int) else None


def _integer(item: RuleInput, hits: list[_Hit], text: str, each: bool = True) -> int | None:
    if item.reads != "count":
        return None
    # A cue with a negation just before it ("3个没有备案") counts nothing.
    cues = [hit for hit in hits if hit.phrase.role == "cue" and not _negated(text, hit.start)]
    counts = [
        count
        for count in find_counts(text)
        if count.unit in item.units
        and not _adds_up(text, count, cues)
        # "一项备案还在审核，另外三项已通过": the one under review is not had yet.
        and not _COUNT_PENDING.match(text, count.end)
        # "其中两项…", "五项里有两项…": some of them, not how many (`_subset_meeting`).
        and not _SUBSET_BEFORE.search(text[max(0, count.start - _SUBSET_REACH) : count.start])
        and not (
            count.unit in _TIME_UNITS
            and (
                _ELAPSED_AFTER.match(text, count.end)
                or _ELAPSED_BEFORE.search(text, max(0, count.start - 6), count.start)
            )
        )
    ]
    first_years = (
        {
            value
            for match in _FIRST_YEARS_ASKED.finditer(fold_digits(text))
            if isinstance(value := number_value(match.group("years")), int)
        }
        if _TIME_UNITS & set(item.units)
        else set()
    )
    if not counts:
        if len(first_years) == 1:
            return first_years.pop()
        return _listed(cues, text) if each else None
    # The question states the total ("…两个算法备案，一共三个"): that is the number, whatever its parts.
    totals = {c.value for c in _stated_totals(counts, cues, text, item)}
    if len(totals) == 1:
        return totals.pop()
    # "…算法备案和深度合成备案，三个都已经上线": a count opening the part after them, said of them all.
    # Not for a rule counting items by kind: there "两项都已发布" is said of items of every kind.
    # With the counts tied to their cues after it: "两个都已经推广了，另外还有一个生成式备案" is three.
    for c in counts if each else []:
        if (
            _OPENS_ALL.fullmatch(text[_segment(text, c.start)[0] : c.start])
            and _ALL_AFTER.match(text, c.end)
            and any(cue.end <= _segment(text, c.start)[0] for cue in cues)
        ):
            later = [
                d
                for d in counts
                if d.start > c.end
                and any(0 <= cue.start - d.end <= _TIED and _same_segment(text, d, cue) for cue in cues)
            ]
            return c.value + sum(d.value for d in later)
    in_cue_segment = [
        c for c in counts if any(_segment(text, c.start) == _segment(text, cue.start) for cue in cues)
    ]
    # "拿了3个：2个大模型备案、1个深度合成": a total whose parts, all in the cue's clause, add up to it.
    for total in counts:
        parts = [c for c in in_cue_segment if c.start > total.end]
        if len(parts) >= 2 and sum(c.value for c in parts) == total.value:
            return total.value
    # "算法备案和深度合成备案各一个": the count times the items of the list before it that name the input.
    for count in counts if each else []:
        if _EACH_BEFORE.search(text[max(0, count.start - 4) : count.start]):
            start = _segment(text, count.start)[0]
            named = [
                piece
                for piece in _LIST_BREAK.split(text[start : count.start])
                if any(
                    cue.start >= start and cue.end <= count.start and cue.phrase.text in piece for cue in cues
                )
            ]
            if len(named) >= 2:
                # With counts tied to cues outside the list ("…各一个，另外还有一个算法备案").
                rest = [
                    c
                    for c in counts
                    if not start <= c.start <= count.end
                    and any(0 <= cue.start - c.end <= _TIED and _same_segment(text, c, cue) for cue in cues)
                ]
                return count.value * len(named) + sum(c.value for c in rest)
    # Each count tied to its own cue ("2个大模型备案和1个算法备案"): together they are the number.
    tied = [
        c
        for c in counts
        if any(0 <= cue.start - c.end <= _TIED and _same_segment(text, c, cue) for cue in cues)
        # "算法备案6项": right after the cue, for an input whose counts may stand there.
        # For one whose counts stand before it, only where the count ends its phrase: "行业标准三个（都是牵头）",
        # not "行业标准有5个起草单位".
        or (
            (item.count_after_cue or item.count_before_cue)
            and any(c.start == cue.end for cue in cues)
            and (_PHRASE_END.match(text, c.end) is not None or text[c.end : c.end + 1] in "（(")
        )
        # "深度合成也备了一个", "生成式人工智能服务备案我们有两款产品": a verb of having between.
        or (
            (item.count_after_cue or item.count_before_cue)
            and any(c.start > cue.end and _HAVING_GAP.fullmatch(text[cue.end : c.start]) for cue in cues)
            and _COUNTED_END.match(text, c.end) is not None
        )
    ]
    if tied:
        return sum(c.value for c in tied) if len(tied) > 1 else tied[0].value
    spans = first_years | {
        c.value for c in counts if c.unit in _TIME_UNITS and _SPAN_ASKED_AFTER.match(text, c.end)
    }
    if len(spans) == 1:
        return spans.pop()
    if item.count_before_cue:
        return None  # "行业标准有5个起草单位": a count elsewhere in the sentence counts something else
    # Without a cue, a lone count is taken only for an input the rule needs ("有3个"), never for an
    # optional one, where "成立2年" would be read as "连续2年"; and not when the question names what is
    # counted elsewhere: "大模型备案那个奖励，两个能一起拿吗" counts awards, not filings.
    # A lone count must end what it says, too: "有3个", "拿了两项，都推广了" — not "拿到北京市的一项支持资金"
    # or "训练一个金融行业的大模型", which count something else.
    lone = [c for c in counts if _LONE_COUNT_END.match(text, c.end)]
    chosen = in_cue_segment or (lone if len(counts) == 1 and item.required and not cues else [])
    values = {count.value for count in chosen}
    return values.pop() if len(values) == 1 else None  # two different counts: ask, do not pick


def _counts_another_thing(text: str, count: Count, cues: list[_Hit]) -> bool:
    """ "在三个场景落地": a count of things (not of years: "3年时间" is a number of years) names what it counts,
    and none of the input's cues follows it in its part of the sentence."""
    segment = _segment(text, count.start)
    return (
        count.unit not in _TIME_UNITS
        and _LONE_COUNT_END.match(text, count.end) is None
        and _COUNT_SAID_OF.match(text, count.end) is None
    ) and not any(cue.start >= count.end and _segment(text, cue.start) == segment for cue in cues)


def _adds_up(text: str, count: Count, cues: list[_Hit]) -> bool:
    """ "两个加起来多少": how many things the question adds up (two measures), not a number of items — unless
    what it counts is named right before it ("备案两个加起来")."""
    return _ADDED_UP_AFTER.match(text, count.end) is not None and not any(
        0 <= count.start - cue.end <= _TIED for cue in cues
    )


def _listed(cues: list[_Hit], text: str) -> int | None:
    """With no count said, a list of two or more items after a verb of having, each naming the input: one
    each ("拿到了生成式人工智能服务备案、算法备案和深度合成备案")."""
    for start, end in {_segment(text, cue.start) for cue in cues}:
        had = _HAD_BEFORE_LIST.search(text, start, end)
        if had is None or _negated(text, had.start()) or _ASKED.search(text, start, end):
            continue  # "没拿到算法备案和深度合成备案", "拿到了…备案吗"
        pieces = [
            piece
            for piece in _LIST_BREAK.split(text[had.end() : end])
            if any(cue.phrase.text in piece and had.end() <= cue.start < end for cue in cues)
        ]
        # Not "通过了算法备案和深度合成备案的企业" (a kind of unit) or "…的初审" (a step toward them), nor
        # a list said undone after it ("…，但都还没通过").
        after = text[end : _segment(text, end + 1)[1]] if end < len(text) else ""
        if len(pieces) >= 2 and "的" not in pieces[-1] and not _UNDONE_NEAR.search(after):
            return len(pieces)
    return None


def _stated_totals(counts: list[Count], cues: list[_Hit], text: str, item: RuleInput) -> list[Count]:
    """Counts said to be the total ("一共三个", "总共5项备案"): after a total word, and ending their phrase
    or followed by the input's cue — "一共3个产品", "起草单位一共5个" count something else."""
    found = []
    for count in counts:
        # "…，两个备案加起来能拿多少": the items, added up — all there are, whatever was said before. Only a
        # count opening its part: in "两个生成式备案和一个算法备案加起来" the last is one item of a list.
        opens = _OPENS_ALL.fullmatch(text[_segment(text, count.start)[0] : count.start]) is not None
        if opens and any(
            0 <= cue.start - count.end <= _TIED
            and _same_segment(text, count, cue)
            and _ADDED_UP_AFTER.match(text, cue.end)
            for cue in cues
        ):
            found.append(count)
            continue
        if not _TOTAL_BEFORE.search(text[max(0, count.start - _TOTAL_REACH) : count.start]):
            continue
        cued = any(0 <= cue.start - count.end <= _TIED and _same_segment(text, count, cue) for cue in cues)
        ends = _TOTAL_END.match(text, count.end) is not None
        if cued or (ends and not item.count_before_cue):
            found.append(count)
    return found


def _same_segment(text: str, count: Count, cue: _Hit) -> bool:
    return _segment(text, count.start) == _segment(text, cue.start)


def _money(
    rule: Rule,
    hits: list[_Hit],
    question: str,
    other_cues: Collection[str],
    known: Mapping[str, InputValue],
) -> dict[str, InputValue]:
    """Each amount goes to the money input whose cue is nearest to it in the same part of the sentence."""
    text = fold_digits(question).lower()
    money_inputs = [item for item in rule.inputs if item.type == "money"]
    if not money_inputs:
        return {}
    names = {item.name for item in money_inputs}
    # "纯土建部分）X万": a word saying a part is all of it names the amount after it, as a cue does. A cue
    # that opens a list ("实际完成投资明细：服务器X万…") names the list's sum, none of its items.
    # "实际完成投资明细：": a cue right before such a cue opens the list with it.
    intro_starts = {hit.start for hit in hits if _LIST_INTRO.match(text, hit.end)}
    amounts = find_amounts(question)
    # "实际投入场地X万、搭建Y万": the cue opens the list, as 明细： does.
    openers = [
        hit
        for hit in hits
        if hit.phrase.input in names
        and _opens_costs(hit, amounts, text)
        # Not beside another cue of the same input ("…，宣传另外花了30万", "预算是200万"): then which figure is
        # the sum is not guessed.
        and not any(
            other.phrase.input == hit.phrase.input
            and other.phrase.role == "cue"
            and other.start != hit.start
            # (Cues run together with it name one thing: "实际完成投资…".)
            and not (hit.start - 1 <= other.end <= hit.start or hit.end <= other.start <= hit.end + 1)
            for other in hits
        )
    ]
    cues = [
        hit
        for hit in hits
        if hit.phrase.input in names
        and hit.phrase.role in ("cue", "whole")
        and not _LIST_INTRO.match(text, hit.end)
        and hit.end not in intro_starts
        and hit not in openers
    ]
    values: dict[str, InputValue] = {}
    claimed: dict[str, set[int]] = {}
    actual: dict[str, set[int]] = {}  # the figures said to be the actual ones ("实际只花了X万")
    said: dict[str, list[Amount]] = {}  # each input's amounts in the order said, for a correction
    unplaced: list[Amount] = []
    parts = {item.name for item in money_inputs if item.not_more_than}
    # "X万的投资", "X万的土建": a cue right after an amount and 的 is that amount's, and no other's.
    joined = {
        id(amount): cue
        for amount in amounts
        for cue in cues
        if cue.phrase.role == "cue"
        and cue.start >= amount.end
        and re.fullmatch(r"\s*的?\s*", text[amount.end : cue.start])
    }
    taken_cues = {id(cue) for cue in joined.values()}
    mine = {phrase.text for phrase in _phrases(rule) if phrase.role != "none"}
    foreign = [cue for cue in other_cues if cue not in mine]
    for number, amount in enumerate(amounts):
        segment = _segment(text, amount.start)
        if _PER_PERIOD.search(text[max(0, amount.start - _PER_PERIOD_REACH) : amount.start]):
            continue  # "每年X万": one period's figure, not the sum the rule takes; the sum is asked for
        if id(amount) in joined:
            cue = joined[id(amount)]
            claimed.setdefault(cue.phrase.input, set()).add(amount.yuan)
            continue
        around = [cue for cue in cues if _segment(text, cue.start) == segment and id(cue) not in taken_cues]
        if not around:
            unplaced.append(amount)
            continue
        # The nearest cue before the amount, else the nearest after it ("X万的土建"). Among the cues
        # since the amount before, one naming a part of a larger figure says what the sum is ("土建花了两千
        # 万": the civil works, not the spending "花了" would make it).
        since = amounts[number - 1].end if number else 0
        # Not past an amount before, to one with a label of its own in a list ("机房土建1000万、软件2000万":
        # 土建 is not the software's).
        labelled = _own_label(text, amount, since, cues)
        before = [cue for cue in around if cue.end <= amount.start and (cue.start >= since or not labelled)]
        own = [
            cue
            for cue in before
            if cue.start >= since
            and cue.phrase.input in parts
            and not _EXCEPT.search(text[cue.end : amount.start])  # "土建之外的投资X万"
        ]
        # A cue after the amount names it unless it leads straight into the next amount: in "X万里含了
        # 土建Y万" 土建 is Y's; in "X万的土建和Y万的设备投资" it is X's.
        later = amounts[number + 1].start if number + 1 < len(amounts) else None
        after = [
            cue
            for cue in around
            if cue.phrase.role == "cue"
            and cue.start >= amount.end
            and (later is None or cue.end <= later)
            and not (later is not None and _LEADS_INTO.fullmatch(text[cue.end : later]))
            and not _OUTSIDE_OF.search(text[amount.end : cue.start])
        ]
        if not before and not after:
            if not any(
                cue.start >= amount.end and _OUTSIDE_OF.search(text[amount.end : cue.start]) for cue in around
            ):
                unplaced.append(amount)  # "工资X万不在总投资里" is no part of any sum
            continue
        cue = own[-1] if own else before[-1] if before else min(after, key=lambda c: c.start - amount.end)
        claimed.setdefault(cue.phrase.input, set()).add(amount.yuan)
        said.setdefault(cue.phrase.input, []).append(amount)
        # From the first of the cues run together before it: "实际完成固定资产投资X万" (not "实际办了两场，一场投入X万").
        lead = _chain_start(cue, cues, text)
        if _ACTUAL.search(text[max(since, min(lead - 2, amount.start - _ACTUAL_REACH)) : amount.start]):
            actual.setdefault(cue.phrase.input, set()).add(amount.yuan)
    for hit in hits:
        if (
            hit.phrase.input in names
            and hit.phrase.role == "zero"
            and not _METHOD_BEFORE.search(text[max(0, hit.start - _METHOD_REACH) : hit.start])
        ):
            claimed.setdefault(hit.phrase.input, set()).add(0)
    # "投入300万，不对，应该是350万": an amount no cue claims, right after words taking back the amount before
    # it, is that amount's input's instead.
    for amount in list(unplaced):
        if (last_said := _said_last(said, amount.start)) is None:
            continue
        name, last = last_said
        if _CORRECTED.search(text, last.end, amount.start) and _segment(text, last.start) != _segment(
            text, amount.start
        ):
            claimed[name] = {amount.yuan}
            said[name].append(amount)
            unplaced.remove(amount)
    # "花了60万，加上差旅一共70万": an amount no cue claims, right after a word for a total, in a later part than a
    # whole's figure (not a part's such as 土建), is that whole's sum — when it is no smaller.
    for amount in list(unplaced):
        last_said = _said_last(said, amount.start, skip=parts)
        if last_said is None or not _TOTAL_BEFORE.search(
            text[max(0, amount.start - _TOTAL_REACH) : amount.start]
        ):
            continue
        name, last = last_said
        if amount.yuan >= last.yuan and _segment(text, last.start) != _segment(text, amount.start):
            claimed[name] = {amount.yuan}
            said[name].append(amount)
            unplaced.remove(amount)
    # Two different figures for one input: the one said to be the actual one, as the policy counts actual
    # investment and spending ("预算X万，实际只花了Y万"); otherwise which is meant is not guessed.
    for name, figures in claimed.items():
        if len(figures) > 1 and len(actual.get(name, set())) == 1:
            claimed[name] = set(actual[name])
        elif (
            len(figures) > 1
            and len(order := said.get(name, [])) == len(figures)
            # The last figure, when the words before it take back the one said before it.
            and _CORRECTED.search(text, order[-2].end, order[-1].start)
        ):
            claimed[name] = {order[-1].yuan}
    # "一期投资2000万，二期3000万": a later phase's amount no cue claims, after an input's figure, leaves that
    # input's sum unsettled — asked for, not taken as the first figure nor as both.
    unsettled: set[str] = set()
    for amount in list(unplaced):
        start, end = _segment(text, amount.start)
        if not _ANOTHER_PART.search(text, start, amount.start) or _NOT_DONE.search(text, start, end):
            continue
        if (last_said := _said_last(said, amount.start)) is None:
            continue
        name, last = last_said
        if _BREAKDOWN.search(text, _segment(text, last.start)[0], end):
            continue
        unplaced.remove(amount)
        if _all_phases_done(text, amounts) and len(claimed.get(name, set())) == 1 and name not in unsettled:
            claimed[name] = {next(iter(claimed[name])) + amount.yuan}
            said[name].append(amount)
            continue
        unsettled.add(name)
    conflicting = {name for name, figures in claimed.items() if len(figures) > 1} | unsettled
    values.update(
        {
            name: next(iter(amounts))
            for name, amounts in claimed.items()
            if len(amounts) == 1 and name not in unsettled
        }
    )
    # "投资X万全是土建": the part is the whole it cannot exceed, when nothing else is said of it — one amount
    # in the question, and not "大部分都是土建", "其余都是土建", "不完全是土建" (then it is asked for).
    for item in money_inputs:
        said_whole = len(amounts) == 1 and any(
            hit.phrase.input == item.name
            and hit.phrase.role == "whole"
            and not _negated(text, hit.start)
            and not _PARTLY.search(text[max(0, hit.start - _PARTLY_REACH) : hit.start])
            for hit in hits
        )
        whole = values.get(item.not_more_than) if item.not_more_than else None
        if said_whole and item.name not in claimed and whole is not None:
            values[item.name] = whole
    # One amount no cue claims, and one required money input still open: that is what it is.
    open_inputs = [
        item.name
        for item in money_inputs
        if item.required and item.name not in values and item.name not in conflicting
    ]
    filled: Amount | None = None
    # Not one another measure's word or the unit's own figure names ("注册资本2000万").
    own_unplaced = [
        amount
        for amount in unplaced
        if not any(cue in text[slice(*_segment(text, amount.start))] for cue in foreign)
    ]
    if len(own_unplaced) == 1 and len(open_inputs) == 1:
        values[open_inputs[0]] = own_unplaced[0].yuan
        filled = own_unplaced[0]
    elif (
        len(unplaced) >= 2
        and len(open_inputs) == 1
        and (total := _itemised(unplaced, text, other_cues, [hit.end for hit in openers]))
    ):
        # "服务器X万、网络设备Y万、机房土建Z万": the sum open is the items', with the parts a cue claimed.
        listed = sum(
            int(values[item.name])
            for item in money_inputs
            if item.not_more_than == open_inputs[0] and item.name in claimed and item.name in values
        )
        values[open_inputs[0]] = total + listed
    for item in money_inputs:
        whole = values.get(item.not_more_than, known.get(item.not_more_than)) if item.not_more_than else None
        if (
            item.name in claimed
            or item.name in values
            or not isinstance(whole, int)
            or isinstance(whole, bool)
        ):
            continue
        if (share := _share_of(item, hits, text)) is not None:
            # Rounded up: the part taken out of the sum, never more award than the exact share gives.
            values[item.name] = math.ceil(whole * share)
        elif _remainder_said(item, hits, text):
            # "投资X万，设备Y万，其余都是土建": the whole less the amounts no cue claims, when they fit in it.
            others = sum(amount.yuan for amount in unplaced if amount is not filled)
            if others and len(unplaced) - (filled is not None) == len(amounts) - 1 and others <= whole:
                values[item.name] = whole - others
    _sum_listed_parts(money_inputs, text, amounts, values)
    return values


def _own_label(text: str, amount: Amount, since: int, cues: Sequence[_Hit]) -> bool:
    """Whether the amount follows its own label, after a pause in a list and past the amount before ("、软件
    2000万"), with no cue in it."""
    starts = [m.end() for m in _LABEL_START.finditer(text, since, amount.start)]
    if not starts or not since:
        return False
    label = text[starts[-1] : amount.start].strip()
    return _COST_LABEL.fullmatch(label) is not None and not any(
        starts[-1] <= cue.start < amount.start for cue in cues
    )


def _opens_costs(cue: _Hit, amounts: Sequence[Amount], text: str) -> bool:
    """Whether the cue opens a list of costs each after its own label, with no colon ("实际投入场地60万、搭建
    90万、宣传30万"): it names the list's sum, not the first item. Not a cue right before its own figure ("投入
    500万、土建100万")."""
    after = [amount for amount in amounts if amount.start >= cue.end]
    if len(after) < 2:
        return False
    first, second = after[0], after[1]
    label = text[cue.end : first.start]
    return (
        _COST_LABEL.fullmatch(label) is not None
        and text[first.end : first.end + 1] == "、"
        and _COST_LABEL.fullmatch(text[first.end + 1 : second.start]) is not None
    )


def _sum_listed_parts(
    money_inputs: Sequence[RuleInput], text: str, amounts: Sequence[Amount], values: dict[str, InputValue]
) -> None:
    """Parts of one thing listed, each amount after its own label ("一期8000万、二期6000万都完成了", "第一天投入
    120万，第二天投入90万"): the whole input (投资, 投入) is their sum — never one part's figure. Phases of a build
    count only when said done (the policy counts investment actually completed): all of them in plural words
    ("都完成了"), or each in its own words ("一期已完成"); a phase said not done ("三期还在建") is left out; with
    none said done the sum is asked for. A breakdown of a total said ("总投资1亿，其中一期…") is left to the total."""
    labelled: list[tuple[re.Match[str], Amount]] = []
    for amount in amounts:
        label = None
        for match in _PART_LABEL.finditer(text, max(0, amount.start - _LABEL_TO_AMOUNT), amount.start):
            if not re.search(r"[，。；、,;]", text[match.end() : amount.start]):
                label = match
        if label is not None:
            labelled.append((label, amount))
    labels = {label.group() for label, _ in labelled}
    whole = next((item for item in money_inputs if item.required and item.not_more_than is None), None)
    # (A total of a part said after the list is no breakdown of the whole: "两期土建合计1200万".)
    if (
        whole is None
        or len(labelled) < 2
        or len(labels) < len(labelled)
        or _BREAKDOWN.search(text, 0, labelled[-1][1].end)
    ):
        return
    # A budget, an actual figure or a total said beside the parts: which is the sum is read as before, never
    # the parts added over it; a share of a part said beside them would be taken of one part: asked for.
    part_cues = [cue for item in money_inputs if item.not_more_than for cue in item.cues]
    if any(
        not any(cue in text[max(0, match.start() - len(cue) - 2) : match.start()] for cue in part_cues)
        for match in _BUDGET_OR_TOTAL.finditer(text)
    ):
        return  # (a part's own total, "两期土建合计1000万", is none of these)
    if find_shares(text):
        values.pop(whole.name, None)
        return
    # A listed figure a part's cue took (一期土建2000万) is that part's, not one of the whole's parts.
    taken = {values[item.name] for item in money_inputs if item.not_more_than and item.name in values}
    parts = [(label, amount) for label, amount in labelled if amount.yuan not in taken]
    if len(parts) < 2:
        return
    if not any(label.group().endswith(("期", "阶段")) for label, _ in parts):
        values[whole.name] = sum(amount.yuan for _, amount in parts)
        return
    # Each phase's own words run from its label to the next one's.
    bounds = [label.start() for label, _ in parts] + [len(text)]
    pieces = [text[bounds[i] : bounds[i + 1]] for i in range(len(parts))]
    # Every phase said done, of the list ("一期8000万、二期6000万都完成了") or of two phases or more by name
    # ("一期二期都已经完工") — not of one phase named alone ("一期都已完工" is that phase's).
    all_done = any(
        any(start <= a.start < end for a in amounts)
        or len(_ONE_PHASE.findall(text, start, match.start())) != 1
        for match in _ALL_DONE.finditer(text)
        for start, end in [_segment(text, match.start())]
    )
    done = [
        amount
        for (_, amount), piece in zip(parts, pieces, strict=True)
        if not _NOT_DONE.search(piece) and (all_done or _DONE.search(piece))
    ]
    if done:
        values[whole.name] = sum(amount.yuan for amount in done)
    else:
        values.pop(whole.name, None)  # no phase said done: how much was completed is asked for


def _all_phases_done(text: str, amounts: Sequence[Amount]) -> bool:
    """Whether the question says every phase is done, in a part naming no amount and no one phase."""
    for match in _ALL_DONE.finditer(text):
        start, end = _segment(text, match.start())
        if not _ONE_PHASE.search(text, start, end) and not any(start <= a.start < end for a in amounts):
            return True
    return False


def _chain_start(cue: _Hit, cues: list[_Hit], text: str) -> int:
    """Where the cues run together up to `cue` begin ("实际完成固定资产投资", "实际完成的固定资产投资": 实际完成,
    then 固定资产投资)."""
    start = cue.start
    while before := [
        c for c in cues if c.start < start and (start <= c.end or _JOINS.fullmatch(text, c.end, start))
    ]:
        start = min(c.start for c in before)
    return start


def _itemised(
    amounts: list[Amount], text: str, other_cues: Collection[str], openers: Collection[int] = ()
) -> int | None:
    """The sum of a list of costs, each after its own label ("场地X万、搭建Y万、直播Z万"); None when the amounts
    may be separate cases (两个项目分别…, 每场…), when one is no cost (收入, 补助, 其中…), or when the list
    states a total among them (asked for, not added up nor trusted over the items)."""
    if _SEPARATELY.search(text):
        return None
    if any(_RANGE_ON.match(text, amount.end) for amount in amounts):
        return None  # "场地三十到五十万": the low end of a range is no item of its own
    labels = []
    for amount in amounts:
        # A label begins after a pause, or after the cue opening the list (`openers`: where each ends).
        starts = [m.end() for m in _LABEL_START.finditer(text, 0, amount.start)]
        starts += [end for end in openers if end <= amount.start]
        labels.append(text[max(starts, default=0) : amount.start].strip())
    if not all(_LABEL.fullmatch(label) for label in labels) or any(
        _OWN_CASE.search(label) or _NOT_A_COST.search(label) or any(cue in label for cue in other_cues)
        for label in labels
    ):
        return None
    # A total stated among the items ("…，一共X万"): not added up, nor trusted over them; asked for.
    if any(_TOTAL_LABEL.search(label) for label in labels):
        return None
    return sum(amount.yuan for amount in amounts)


def _share_of(item: RuleInput, hits: list[_Hit], text: str) -> Fraction | None:
    """The share of its whole the question gives a part: "土建占X%", "N成是土建"; None unless one."""
    cues = [
        h
        for h in hits
        if h.phrase.input == item.name and h.phrase.role == "cue" and not _negated(text, h.start)
    ]
    found = {
        share.value
        for share in find_shares(text)
        for cue in cues
        if not _ROUGH_AFTER_SHARE.match(text, share.end)
        and (
            (cue.end <= share.start and _CUE_TAKES_SHARE.fullmatch(text[cue.end : share.start]))
            or (share.end <= cue.start and _SHARE_IS_CUE.fullmatch(text[share.end : cue.start]))
        )
    }
    return found.pop() if len(found) == 1 else None


def _remainder_said(item: RuleInput, hits: list[_Hit], text: str) -> bool:
    return any(
        hit.phrase.input == item.name
        and hit.phrase.role == "whole"
        and _REMAINDER.search(text[max(0, hit.start - _PARTLY_REACH - 3) : hit.start]) is not None
        for hit in hits
    )


def states_a_total(rule: Rule, question: str) -> bool:
    """Whether the question gives the number of the rule's items as a total ("现在一共5个")."""
    if rule.count_input is None:
        return False
    item = rule.input(rule.count_input)
    text = fold_digits(_unquoted(rule, question)).lower()
    hits = _find_phrases(_phrases(rule), text)
    cues = [
        h
        for h in hits
        if h.phrase.input == item.name and h.phrase.role == "cue" and not _negated(text, h.start)
    ]
    counts = [c for c in find_counts(text) if c.unit in item.units]
    return bool(_stated_totals(counts, cues, text, item))


# A case of its own named before its cost: "一场花了150万", "另一场250万", "A项目5000万", "上半年那场…".
# (Not a time, 去年/今年/上半年: "去年花了100万，今年累计花了150万" is one case's running total; nor 其中一场,
# a part of a figure already given.)
_CASE_BEFORE = re.compile(
    r"(?:[一两二三四五六七八九十几每另]|另外一)\s*(?:场|个活动|个项目|个|次活动)|[a-z甲乙丙丁]\s*(?:项目|活动)"
)
# One case asked about ("第二场能拿多少", "今年这场"), or a figure to date (累计, 截至目前): no sum of cases.
_ONE_CASE_ASKED = re.compile(
    r"第[一二两三四五\d]场|这一?场|那一?场|累计|截至|截止|目前|到现在|已经申请|申请过"
)
# Who hosted a case, said after the cases begin ("一场是市经信局主办的…，另一场是我们和高校合办的"): each case's
# own host, which one reading for them all would misjudge.
_HOST_WORDS = re.compile(r"主办|承办|合办|协办|举办|年会|区里|区级|企业|公司|自己|高校|主办方")
# How many cases the question counts: "两场", "3个活动", "两个项目".
_CASES_COUNTED = re.compile(rf"(?P<number>{NUMERAL})\s*(?:场|个活动|个项目|次活动|个试点项目)")
# 分别 before the costs, listed: "分别花了300万和500万", "分别是200万、150万".
_EACH_LISTED = re.compile(r"分别[^，。；！？\d]{0,6}$")
# A label naming no case's actual cost: income, support received, someone else paying, a budget.
_NOT_A_CASE_COST = re.compile(r"收入|营收|补助|补贴|资助|赞助|结算|门票|利润|奖励|承担|预算")
_LISTED_JOIN = re.compile(r"\s*(?:和|与|跟|、|,|，|以及)\s*(?:另一场|另一个|第二场)?[^，。；！？\d]{0,2}$")


def read_cases(rule: Rule, question: str, other_cues: Collection[str] = ()) -> list[int]:
    """The cost of each case when the question gives several cases of a measure paid as a share of each case's
    cost ("承接了两场，一场花了150万，一场花了250万"), in the order said; [] when it gives one, or when which
    figure is a case's cost is not plain: a figure with no case or cost word before it ("能拿200万吗"), a
    total, a share, a range, a figure of another kind, or a part the rule takes off (土建) spoken of."""
    # (A rate that is a ceiling, "不超过…10%", sets no figure per case to add.)
    if rule.kind != "rate" or rule.base is None or rule.rate_is_ceiling:
        return []
    text = fold_digits(question).lower()
    if not (_SEPARATELY.search(text) or len(_CASE_BEFORE.findall(text)) > 1) or find_shares(text):
        return []
    if _ONE_CASE_ASKED.search(text):
        return []
    base = rule.input(rule.base.input)
    hits = _find_phrases(_phrases(rule), text)
    # Another money input spoken of ("其中土建…"): each case's part would have to be read too.
    if any(hit.phrase.input != base.name and rule.input(hit.phrase.input).type == "money" for hit in hits):
        return []
    # Cases that differ in what else is said of them ("上半年区里办的…，下半年市级的…"): each case's own facts
    # would have to be read; one reading for them all might count a case the measure turns down.
    said: dict[str, set[str]] = {}
    for hit in hits:
        if hit.phrase.role in ("choice", "yes", "no"):
            said.setdefault(hit.phrase.input, set()).add(str(hit.phrase.choice or hit.phrase.role))
    if any(len(values) > 1 for values in said.values()):
        return []
    amounts = find_amounts(question)
    if len(amounts) < 2 or any(_RANGE_ON.match(text, amount.end) for amount in amounts):
        return []
    mine = {phrase.text for phrase in _phrases(rule) if phrase.role != "none"}
    foreign = [cue for cue in other_cues if cue not in mine]
    opening = len(text)  # where the cases begin: their first word for a case, or 分别
    for index, amount in enumerate(amounts):
        since = max((m.end() for m in _LABEL_START.finditer(text, 0, amount.start)), default=0)
        label = text[since : amount.start]
        if (
            _NOT_A_CASE_COST.search(label)
            or _TOTAL_LABEL.search(label)
            or any(cue in label for cue in foreign)
        ):
            return []
        listed = index > 0 and _LISTED_JOIN.fullmatch(text, amounts[index - 1].end, amount.start) is not None
        opened = _EACH_LISTED.search(text[max(0, amount.start - 10) : amount.start]) is not None
        named = _CASE_BEFORE.search(label)
        each = _EACH_LISTED.search(text[: amount.start]) if opened or listed else None
        if not (named or opened or (listed and each)):
            return []
        opening = min(opening, since + named.start() if named else each.start() if each else opening)
    if _HOST_WORDS.search(text, opening):
        return []
    counted = [number_value(m.group("number")) for m in _CASES_COUNTED.finditer(text)]
    if any(isinstance(number, int) and number > 1 and number != len(amounts) for number in counted):
        return []
    return [amount.yuan for amount in amounts]
