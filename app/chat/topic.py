"""What a conversation is about, carried from one answer to the next.

An answer about a measure records its clause, the rule and the inputs the user has stated so far. The
next question continues that topic when retrieval finds the same clause, or when the question names no
measure of its own (its best BM25 score is weak: "那市属的呢？"); otherwise it starts fresh. Inputs the
new question states replace the earlier ones; an amount said to come on top ("另外两千万的土建") is
added, and, for a part of a larger figure, added to the whole too. Pure; the thresholds are data.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from app.awards.rules import Rule
from app.chat.quantities import ADDED_UP_COUNTERS, find_amounts, find_counts, fold_digits, number_value
from app.chat.rule_files import load_rule_file
from app.chat.slots import OTHER_UNIT, TOTAL_WORDS, InputValue, states_a_total
from app.errors import AppError

CONVERSATION_FILE_NAME = "conversation.yaml"
_PART = re.compile(r"[，。；！？;!?]|,(?!\d{3})")  # not a thousands comma, inside an amount
_TOTAL = re.compile("|".join(TOTAL_WORDS))
# "另外再算上X万": the words that may stand between the additive word and the amount in a follow-up.
_ADDITIVE_GAP = 4


class ConversationFileError(AppError):
    pass


class _FollowUp(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    weak_bm25: float = Field(ge=0)
    additive_words: tuple[str, ...] = ()
    opening_words: tuple[str, ...] = ()
    policy_words: tuple[str, ...] = ()
    more_items_words: tuple[str, ...] = ()
    correction_words: tuple[str, ...] = ()
    another_measure_score: float = Field(default=float("inf"), ge=0)
    another_measure_ratio: float = Field(default=2.0, ge=1)
    question_words: tuple[str, ...] = ()
    back_words: tuple[str, ...] = ()


class _SeveralMeasures(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    segment_bm25: float = Field(ge=0)
    same_clause_bm25: float | None = Field(default=None, ge=0)
    min_segment_chars: int = Field(ge=1)
    near_share: float = Field(default=1.0, gt=0, le=1)
    several_words: tuple[str, ...] = ()
    several_bm25: float | None = Field(default=None, ge=0)
    figure_beside_no_figure_share: float = Field(default=1.0, ge=0, le=1)
    total_words: tuple[str, ...] = ()
    total_reach: int = Field(default=8, ge=1)
    counted_total_words: tuple[str, ...] = ()
    earlier_words: tuple[str, ...] = ()
    total_ask_words: tuple[str, ...] = ()
    same_project_words: tuple[str, ...] = ()
    another_case_words: tuple[str, ...] = ()
    stacked_measure_score: float = Field(default=float("inf"), ge=0)
    stacked_title_score: float = Field(default=0.0, ge=0)
    stacked_skip_words: tuple[str, ...] = ()


class _Asks(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    duration_words: tuple[str, ...] = ()
    process_words: tuple[str, ...] = ()
    recipient_words: tuple[str, ...] = ()
    amount_words: tuple[str, ...] = ()
    how_much_words: tuple[str, ...] = ()
    award_before: tuple[str, ...] = ()
    award_after: tuple[str, ...] = ()
    own_figure_words: tuple[str, ...] = ()
    filler_words: tuple[str, ...] = ()
    may_apply_words: tuple[str, ...] = ()
    may_apply_measure_score: float = Field(default=float("inf"), ge=0)
    highest_words: tuple[str, ...] = ()
    across_policy_words: tuple[str, ...] = ()


class _ConversationFile(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    follow_up: _FollowUp
    several_measures: _SeveralMeasures
    about_measures: tuple[str, ...] = ()
    asks: _Asks = _Asks()
    plain_words: dict[str, str] = {}


_AWARD_REACH = 6
# Punctuation and spaces: what is left of a question that only asks the amount again.
_NOT_SAID = re.compile(r"[\s\W_]+")
# A word for "on top" this close before a count adds it, in a question about another case too.
_MORE_REACH = 2
_OPENS_A_PART = re.compile(r"\s*[，,：:；;]")
# How long a part of an item's kind must be to name it ("地方标准" → 方标准).
_PART_NAME = 3
# …unless the items are another unit's ("如果另外一家单位有三项呢").
_ANOTHER_UNIT = re.compile(OTHER_UNIT)


@dataclass(frozen=True, slots=True)
class FollowUpRules:
    weak_bm25: float
    additive_words: tuple[str, ...] = ()
    # A part of a question that on its own finds another measure this strongly names that measure too.
    segment_bm25: float = float("inf")
    min_segment_chars: int = 4
    # General clauses about the measures themselves (stacking): they also answer with the measure before.
    about_measures: tuple[str, ...] = ()
    # Measures of one clause scoring at least this share of the best are near enough for what the question
    # states (its inputs, a figure of the measure) to choose between them.
    near_share: float = 1.0
    # A part finding the clause already answered needs only this much, when it names another measure of
    # that clause by a word the main measure lacks ("我们运营数据交易平台" beside a datasets question).
    same_clause_bm25: float = float("inf")
    # Items said to come on top of those before ("还有两个行业标准", "又过了两个备案"), unless the question
    # corrects what was said ("更正一下，是4个").
    more_items_words: tuple[str, ...] = ()
    correction_words: tuple[str, ...] = ()
    # A question that says it asks about several things ("这两件事分别…") lets a part name another
    # clause's measure with this weaker score.
    several_words: tuple[str, ...] = ()
    several_bm25: float = float("inf")
    # A question asking how long ("能连着拿几年") or how to apply ("怎么领") and not how much is answered
    # from the measure's words.
    not_amount_words: tuple[str, ...] = ()
    amount_words: tuple[str, ...] = ()
    # A question opening like this ("那如果…", "要是…") that states something the measure before reads
    # continues it, whatever else its words find ("那如果改成从第三方云厂商租呢" after 算力券).
    opening_words: tuple[str, ...] = ()
    # A question answered by a measure without a figure also lists the clause's measures with one that
    # score at least this share of it (and above 0), when it states nothing for the one chosen.
    figure_beside_no_figure_share: float = 1.0

    # A question about the policy itself ("这政策能用几年") is not about the measure asked about before.
    policy_words: tuple[str, ...] = ()
    # Words around an amount that make it an award asked about ("最高那个X的奖励"), not the user's figure.
    award_before: tuple[str, ...] = ()
    award_after: tuple[str, ...] = ()
    own_figure_words: tuple[str, ...] = ()
    # A weak question naming another clause's measure by that measure's own words at least this strongly,
    # and this many times as strongly as the measure before, starts a new topic ("那数据资产入表呢？" after
    # a cross-border question).
    another_measure_score: float = float("inf")
    another_measure_ratio: float = 2.0
    # A question asking what the measures come to together ("两个加起来最多多少"): a total word with an
    # amount word at most `total_reach` characters after it.
    total_words: tuple[str, ...] = ()
    total_reach: int = 8
    # …and of a measure answered before too: the things added counted ("两个加起来") or pointed back to.
    counted_total_words: tuple[str, ...] = ()
    earlier_words: tuple[str, ...] = ()
    # After a total word, what asks for an amount ("多少", "能拿"); not 金额 or 钱, which a stated total has too.
    total_ask_words: tuple[str, ...] = ()
    # Said to be one project ("同一个项目既…又…"): the highest award, not the sum.
    same_project_words: tuple[str, ...] = ()
    same_project_name: str = "同一项目"
    # Another case of the measure answered just before ("还有一场…两场合计多少"): its award adds to that one's.
    another_case_words: tuple[str, ...] = ()
    # Words of a question that only asks the amount again ("那一共能拿多少？"): with the amount and total
    # words, all it says.
    filler_words: tuple[str, ...] = ()
    # Words that make a question ask something ("吗", "多少", "？"): without any, it only tells.
    question_words: tuple[str, ...] = ()
    # Words pointing back past the latest answer ("回到刚才那个入表的奖励"): the measure answered earlier in the
    # conversation that the question names best is the one it goes on about.
    back_words: tuple[str, ...] = ()
    # A question answered from a clause about the measures (stacking) lists each measure a part of it names by
    # its own words at least this strongly ("我们已经拿了算力券，…还能拿吗"), however weakly the part finds
    # that measure's clause, and its title's words at least `stacked_title_score`.
    stacked_measure_score: float = float("inf")
    stacked_title_score: float = 0.0
    # …not a part saying who the asker is or what it has not done.
    stacked_skip_words: tuple[str, ...] = ()
    # Asking how much a measure gives ("最高多少"), not only naming money ("钱什么时候发").
    how_much_words: tuple[str, ...] = ()
    # Everyday spellings of words, as the policy's readers expect them ("咋申报" → "怎么申报").
    plain_words: tuple[tuple[str, str], ...] = ()
    # Asking whether the asker may apply at all ("能申请吗", "适用这个措施吗"), of no measure named by its own
    # words at least this strongly.
    may_apply_words: tuple[str, ...] = ()
    may_apply_measure_score: float = float("inf")
    # Asking which measure gives the most ("单项奖励最高的是哪一条"), across the policy when no measure is named.
    highest_words: tuple[str, ...] = ()
    across_policy_words: tuple[str, ...] = ()

    def awards_named(self, question: str) -> set[int]:
        """The amounts the question names as an award ("最高那个X万的奖励是什么", "能拿X万的那个是给谁的"), in
        yuan; not the user's own figures ("投资高达X万", "营收最高X万")."""
        text = fold_digits(question)
        found = set()
        for amount in find_amounts(question):
            lead = text[max(0, amount.start - _AWARD_REACH) : amount.start]
            if any(word in lead for word in self.own_figure_words):
                continue
            before = lead.rstrip("那个这 ")
            after = text[amount.end : amount.end + _AWARD_REACH].lstrip("元的 ")
            if after.startswith(self.own_figure_words):
                continue  # "拿到X万融资": the user's own figure, said after it
            if (self.award_before and before.endswith(self.award_before)) or (
                self.award_after and after.startswith(self.award_after)
            ):
                found.add(amount.yuan)
        return found

    def in_plain_words(self, question: str) -> str:
        """The question with each everyday spelling in the plain word for it."""
        for said, plain in self.plain_words:
            question = question.replace(said, plain)
        return question

    def points_back(self, question: str) -> bool:
        """Whether the question points back to something said earlier ("回到刚才那个…", "说回之前的平台"), not
        to add it to this turn's award ("加上刚才那个", "刚才说的平台和标准奖励总共多少": totals)."""
        return any(word in question for word in self.back_words) and not any(
            word in question for word in (*self.earlier_words, *self.counted_total_words, *self.total_words)
        )

    def names_the_policy(self, question: str) -> bool:
        return any(word in question for word in self.policy_words)

    def opens_follow_up(self, question: str) -> bool:
        """Whether the question opens as a follow-up: "那如果…", or as a correction ("更正：…", "说错了…"),
        which by nature is about what was said before."""
        openings = (*self.opening_words, *self.correction_words)
        return question.lstrip().startswith(openings) if openings else False

    def only_states(self, question: str) -> bool:
        """Whether the question asks nothing and only tells ("楼里现在主要是律所和餐饮，做数据的很少。"): after
        an answer, what it tells is about the measure answered, when that measure reads it."""
        return bool(self.question_words) and not any(word in question for word in self.question_words)

    def asks_not_how_much(self, question: str) -> bool:
        """Whether the question asks how long a measure lasts, how to apply for it or who gets it, and not how
        much it gives (the kind words are taken out first: 多少年 is not 多少)."""
        rest = question
        for word in self.not_amount_words:
            rest = rest.replace(word, "")
        return rest != question and not any(word in rest for word in self.amount_words)

    def asks_how_much(self, question: str) -> bool:
        """Whether the question asks how much a measure gives ("最高多少奖励"), the kind words taken out first
        ("政策有效期是多少年" asks how long)."""
        rest = question
        for word in self.not_amount_words:
            rest = rest.replace(word, "")
        return any(word in rest for word in self.how_much_words)

    def asks_who_may_apply(self, question: str) -> bool:
        """Whether the question asks if the asker may apply ("非企业的数据研究院能申请吗"), not how much."""
        return any(word in question for word in self.may_apply_words) and not self.asks_how_much(question)

    def asks_highest_of_policy(self, question: str) -> bool:
        """Whether the question asks which measure of the whole policy gives the most ("这个政策哪项奖励最高",
        "整份措施里金额最大的是哪一条"), not which of one measure's items ("大赛奖励哪个最高")."""
        return any(word in question for word in self.highest_words) and (
            self.names_the_policy(question) or any(word in question for word in self.across_policy_words)
        )

    def only_asks_amount(self, question: str) -> bool:
        """Whether the question asks how much and says nothing else ("那一共能拿多少？", "总共多少钱？"):
        a follow-up asking the figure just worked out again, not a new case in words the rules do not know."""
        rest = question
        asking = (*self.amount_words, *self.total_words, *self.total_ask_words)
        if not any(word in rest for word in asking):
            return False
        # Longest first, and in one pass: "可以拿到" is not 可以拿 with a 到 left over.
        words = sorted({*asking, *self.filler_words}, key=lambda word: (-len(word), word))
        rest = re.sub("|".join(re.escape(word) for word in words), "", rest)
        return not _NOT_SAID.sub("", rest)

    def says_several(self, question: str) -> bool:
        """Whether the question says it asks about several things ("这两件事分别…", "两项分别能拿多少")."""
        return any(word in question for word in self.several_words)

    def asks_total(self, question: str) -> bool:
        """Whether the question asks for a total ("两个加起来最多多少", "一共能拿多少钱"), not states one
        ("一共投资X万", "投资合计金额Y万")."""
        return any(
            any(
                word in question[start + len(total) : start + len(total) + self.total_reach]
                for word in self.total_ask_words
            )
            for total in self.total_words
            for start in _starts(question, total)
        )

    def states_total_amount(self, question: str) -> bool:
        """Whether the question states an amount as a total ("两场加起来投入500万"): a total word at most
        `total_reach` characters before it."""
        text = fold_digits(question)
        return any(
            any(
                word in text[max(0, amount.start - self.total_reach) : amount.start]
                for word in self.total_words
            )
            for amount in find_amounts(question)
        )

    def adds_earlier(self, question: str) -> bool:
        """Whether a total asked adds a measure answered before: "这两个加起来多少", "加上刚才那个一共多少" — or
        a total asked with nothing else ("一共多少", "加一起呢"), which can only be of what was said so far."""
        if not self.asks_total(question):
            return False
        return (
            self.counted_total(question) is not None
            or any(word in question for word in self.earlier_words)
            or self.only_asks_amount(question)
        )

    def counted_total(self, question: str) -> int | None:
        """How many things a total asked adds, when the question counts them: "这两个加起来" is 2."""
        for word in self.counted_total_words:
            for start in _starts(question, word):
                if match := _COUNT_BEFORE.search(question[:start]):
                    return int(number_value(match.group("count")) or 0) or None
        return None

    def names_another_case(self, question: str) -> bool:
        """ "还有一场也是市级部门主办的…": a case of the measure besides the one said before."""
        return any(word in question for word in self.another_case_words)

    def says_same_project(self, question: str) -> bool:
        """ "同一个项目既…又…", not "跟刚才那个不是同一个项目"."""
        return any(
            not _DENIED_BEFORE.search(question[max(0, start - 3) : start])
            for word in self.same_project_words
            for start in _starts(question, word)
        )

    def segment_needed(self, question: str) -> float:
        """How strongly a part must find another clause to name its measure in this question."""
        if self.says_several(question):
            return min(self.segment_bm25, self.several_bm25)
        return self.segment_bm25

    @classmethod
    def load(cls, corpus_dir: Path) -> FollowUpRules:
        path = corpus_dir / CONVERSATION_FILE_NAME
        data = load_rule_file(path, _ConversationFile, ConversationFileError, "对话规则")
        return cls(
            data.follow_up.weak_bm25,
            data.follow_up.additive_words,
            data.several_measures.segment_bm25,
            data.several_measures.min_segment_chars,
            data.about_measures,
            data.several_measures.near_share,
            data.several_measures.same_clause_bm25
            if data.several_measures.same_clause_bm25 is not None
            else data.several_measures.segment_bm25,
            data.follow_up.more_items_words,
            data.follow_up.correction_words,
            data.several_measures.several_words,
            data.several_measures.several_bm25
            if data.several_measures.several_bm25 is not None
            else data.several_measures.segment_bm25,
            (*data.asks.duration_words, *data.asks.process_words, *data.asks.recipient_words),
            data.asks.amount_words,
            data.follow_up.opening_words,
            data.several_measures.figure_beside_no_figure_share,
            data.follow_up.policy_words,
            data.asks.award_before,
            data.asks.award_after,
            data.asks.own_figure_words,
            data.follow_up.another_measure_score,
            data.follow_up.another_measure_ratio,
            data.several_measures.total_words,
            data.several_measures.total_reach,
            data.several_measures.counted_total_words,
            data.several_measures.earlier_words,
            data.several_measures.total_ask_words,
            data.several_measures.same_project_words,
            filler_words=data.asks.filler_words,
            another_case_words=data.several_measures.another_case_words,
            question_words=data.follow_up.question_words,
            back_words=data.follow_up.back_words,
            stacked_measure_score=data.several_measures.stacked_measure_score,
            stacked_title_score=data.several_measures.stacked_title_score,
            stacked_skip_words=data.several_measures.stacked_skip_words,
            may_apply_words=data.asks.may_apply_words,
            may_apply_measure_score=data.asks.may_apply_measure_score,
            highest_words=data.asks.highest_words,
            across_policy_words=data.asks.across_policy_words,
            how_much_words=data.asks.how_much_words,
            plain_words=tuple(data.plain_words.items()),
        )


@dataclass(frozen=True, slots=True)
class Topic:
    doc_id: str
    clause_id: str
    rule_id: str | None = None
    inputs: dict[str, InputValue] = field(default_factory=dict)
    # Several items of the measure ("国家标准排第二，行业标准排第一"), each its own inputs; () for one case.
    items: tuple[dict[str, InputValue], ...] = ()

    @property
    def clause_key(self) -> tuple[str, str]:
        return (self.doc_id, self.clause_id)

    def to_json(self) -> dict[str, Any]:
        return {
            "doc_id": self.doc_id,
            "clause_id": self.clause_id,
            "rule_id": self.rule_id,
            "inputs": dict(self.inputs),
            "items": [dict(item) for item in self.items],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | None) -> Topic | None:
        """The stored topic, or None when there is none or it is not one this code wrote."""
        if not data:
            return None
        try:
            inputs = {str(k): v for k, v in dict(data.get("inputs") or {}).items()}
            items = tuple({str(k): v for k, v in dict(item).items()} for item in data.get("items") or ())
            if not all(isinstance(v, int | str) for d in (inputs, *items) for v in d.values()):
                return None
            return cls(str(data["doc_id"]), str(data["clause_id"]), data.get("rule_id"), inputs, items)
        except (KeyError, TypeError, ValueError):
            return None


def continues(
    previous: Topic | None, top_clause: tuple[str, str] | None, top_bm25: float, rules: FollowUpRules
) -> bool:
    """Whether the question goes on about the previous answer's topic."""
    if previous is None:
        return False
    if top_clause == previous.clause_key:
        return True
    return top_bm25 < rules.weak_bm25


def merge_inputs(
    rule: Rule,
    earlier: Mapping[str, InputValue],
    now: Mapping[str, InputValue],
    question: str,
    rules: FollowUpRules,
) -> dict[str, InputValue]:
    """The earlier inputs with what this question states on top."""
    merged = dict(earlier)
    additive = _additive_amounts(question, rules.additive_words)
    for name, value in now.items():
        item = rule.input(name)
        previous = merged.get(name)
        if (
            item.type == "money"
            and isinstance(value, int)
            and not isinstance(value, bool)
            and value in additive
        ):
            if isinstance(previous, int) and not isinstance(previous, bool):
                value += previous
            # A part of a larger figure said to come on top ("另外的土建") grows the whole as well.
            whole = item.not_more_than
            if whole and whole not in now and isinstance(merged.get(whole), int):
                merged[whole] = int(merged[whole]) + (value - (previous if isinstance(previous, int) else 0))
        merged[name] = value
    # "每年最多多少" then "一共呢": the whole run asked for now, not the one year asked before.
    years = rule.years_input
    if years and years not in now and merged.get(years) == 1 and rules.asks_total(question):
        del merged[years]
    return merged


def parts_on_top(
    rule: Rule, values: Mapping[str, InputValue], question: str, rules: FollowUpRules
) -> dict[str, InputValue]:
    """`values` with a part said to come on top of its whole in the same question added to that whole:
    "设备软件投资X万，另外土建花了Y万" is X+Y in all, Y of it civil works."""
    grown = dict(values)
    additive = _additive_amounts(question, rules.additive_words, reach=None)
    for item in rule.inputs:
        part, whole = grown.get(item.name), item.not_more_than
        if whole is None or not isinstance(part, int) or isinstance(part, bool) or part not in additive:
            continue
        total = grown.get(whole)
        if isinstance(total, int) and not isinstance(total, bool):
            grown[whole] = total + part
    return grown


def merge_items(
    rule: Rule,
    earlier: Sequence[Mapping[str, InputValue]],
    now: Sequence[Mapping[str, InputValue]],
    question: str,
    rules: FollowUpRules,
) -> list[dict[str, InputValue]] | None:
    """The unit's items once this question is added to those before: items said to come on top are
    added ("还有两个行业标准…加起来" → a new item; "又过了两个备案" → the count grows); a question that
    names again a kind already listed corrects that item. None when the question is not about several
    items: then it re-asks the one case (`merge_inputs`), as "那行业标准呢？" does."""
    if not earlier or not now or (rule.items_by is None and rule.count_input is None):
        return None
    kind_of = rule.items_by
    # A total stated ("又过了两个，现在一共5个") is the number, not one more to add.
    correcting = any(word in question for word in rules.correction_words) or states_a_total(rule, question)
    # "On top" only when said before what is added ("还有两个行业标准"), not "那2个备案还有奖励吗", and
    # never in a question about another case ("如果只有2个的话").
    units = rule.input(rule.count_input).units if rule.count_input else ()
    counted = [c for c in find_counts(fold_digits(question)) if not units or c.unit in units]
    first = min((c.start for c in counted), default=len(question))
    said_before = [
        start + len(word)
        for word in rules.more_items_words
        for start in _starts(question, word)
        if start < first
    ]
    # "还有，" opening the sentence may add an item ("还有，我们还参与了一项行业标准") or go on about one listed
    # ("还有，那个地方标准其实还没公布"): only the first when the kind named is a new one.
    opens_only = bool(said_before) and all(_OPENS_A_PART.match(question, end) for end in said_before)
    # ...but "如果再过一个" adds one: the word right before the count says it comes on top.
    more = not correcting and (
        (any(first - end <= _MORE_REACH for end in said_before) and not _ANOTHER_UNIT.search(question))
        or (bool(said_before) and not any(word in question for word in rules.opening_words if len(word) > 1))
    )
    items = [dict(item) for item in earlier]
    if kind_of is not None and len(now) == 1 and kind_of not in now[0]:
        # "那个地方标准" after one named 北京市地方标准: the one item whose kind the question names in part.
        kind = _named_in_part(question, [str(i[kind_of]) for i in items if isinstance(i.get(kind_of), str)])
        if kind is not None:
            now = [{**now[0], kind_of: kind}]
    if (
        more
        and opens_only
        and kind_of is not None
        and all(any(i.get(kind_of) == new.get(kind_of) for i in items) for new in now)
    ):
        more = False
    if not more:
        # Correcting a listed item ("行业标准其实排第四"): only when several were listed and each item
        # named now is one of them.
        if len(items) < 2 or kind_of is None:
            return None
        if not all(any(i.get(kind_of) == new.get(kind_of) for i in items) for new in now):
            return None
        for new in now:
            next(i for i in items if i.get(kind_of) == new.get(kind_of)).update(new)
        return items
    # What every item before shares and is not one item's own (已发布, 已推广) holds for the new ones too.
    own = {item.name for item in rule.inputs if item.type != "boolean"}
    shared = {
        name: value
        for name, value in items[0].items()
        if name not in own and all(i.get(name) == value for i in items)
    }
    # An item is the same as one before only when all it says besides the count agrees ("还有一个行业标准
    # 排第一" after one ranked fifth is another standard).
    told = [i.name for i in rule.inputs if i.type != "boolean" and i.name != rule.count_input]
    for new in now:
        same = next(
            (i for i in items if all(new.get(name, i.get(name)) == i.get(name) for name in told)), None
        )
        count = rule.count_input
        if same is not None and count is not None and isinstance(new.get(count), int):
            grown = _as_count(same.get(count)) + _as_count(new.get(count))
            same.update(new)
            same[count] = grown
        else:
            items.append({**shared, **new})
    return items


def _named_in_part(question: str, kinds: Sequence[str]) -> str | None:
    """The one of `kinds` the question names by a part of it no other has ("地方标准" of 北京市地方标准 beside
    国家标准 and 行业标准); None when it names none, or several."""
    named = {
        kind
        for kind in kinds
        if any(
            kind[i : i + _PART_NAME] in question
            and not any(kind[i : i + _PART_NAME] in other for other in kinds if other != kind)
            for i in range(len(kind) - _PART_NAME + 1)
        )
    }
    return named.pop() if len(named) == 1 else None


def _as_count(value: InputValue | None) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 1


def _additive_amounts(question: str, words: Sequence[str], reach: int | None = _ADDITIVE_GAP) -> set[int]:
    """Amounts (in yuan) with an additive word at most `reach` characters before them (anywhere before
    them in their part of the sentence when None), in a part that does not call itself a total."""
    if not words:
        return set()
    text = fold_digits(question)
    found = set()
    for amount in find_amounts(text):
        head = _PART.split(text[: amount.start])[-1]
        if _TOTAL.search(head + _PART.split(text[amount.start :])[0]):
            continue
        before = (
            head
            if reach is None
            else text[max(0, amount.start - len(max(words, key=len)) - reach) : amount.start]
        )
        if any(word in before for word in words):
            found.add(amount.yuan)
    return found


# The things a total adds, counted right before it: "两个", "这三项", "两者都".
# A denial right before a word: "不是同一个项目".
_DENIED_BEFORE = re.compile(r"(?:不是|并非|不属于|不在|非)\s*$")
_COUNT_BEFORE = re.compile(rf"(?P<count>[两二三四五])[{ADDED_UP_COUNTERS}]\s*(?:都)?\s*$")


def _starts(text: str, word: str) -> list[int]:
    return [match.start() for match in re.finditer(re.escape(word), text)]
