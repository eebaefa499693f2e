"""The award rules file (`corpus/award-rules.yaml`), validated into typed models at load.

Every figure is written in the YAML exactly as the policy writes it (an amount in 万元, a rate in %, a
number of years, "前三名") and its value is parsed from that text, so a rule has no number apart from its wording; the drift
check (`drift.py`) then proves the wording stands in the clause.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Literal, Self

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from app.awards.money import MoneyFormatError, parse_money, parse_rate
from app.errors import AppError
from indexer.headings import numeral_value
from indexer.yaml_files import read_yaml

RULES_FILE_NAME = "award-rules.yaml"
_RULE_ID = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
_INPUT_NAME = r"^[a-z][a-z0-9_]*$"
_COUNT = re.compile(r"[零〇一二三四五六七八九十百两]+|\d+")


class RulesFileError(AppError):
    """The rules file is missing, malformed, or inconsistent with itself or with the policy."""


def parse_count(text: str) -> int:
    """The number inside a figure such as "N年" or "前三名"."""
    found = _COUNT.search(text)
    if found is None:
        raise ValueError(f"“{text}”中没有数字")
    return numeral_value(found.group())


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


# Between the parts of a phrase the chat may find apart: "北京分赛…一等奖" is also "北京分赛拿了一等奖".
GAP = "…"


class Choice(_Strict):
    value: str = Field(min_length=1, description="The policy's own word for this value")
    words: tuple[str, ...] = Field(default=(), description="How users say it; matched by the chat")
    # Filled when the file is loaded, from `words` with a <list> in them: names (市网信办, 工信部) that say the
    # value but not what the measure is about, so measures.py leaves them out of the measure's words.
    listed_words: tuple[str, ...] = Field(default=(), description="The words that came from word lists")
    amount: str | None = Field(default=None, description="The figure for this value, as the policy writes it")
    eligible: bool = True
    reason: str | None = Field(default=None, description="Why this value gets nothing")

    @property
    def amount_yuan(self) -> int | None:
        return parse_money(self.amount) if self.amount else None

    @model_validator(mode="after")
    def _check(self) -> Self:
        if not self.eligible and not self.reason:
            raise ValueError(f"选项“{self.value}”不可获奖时必须写明 reason")
        if self.amount:
            parse_money(self.amount)
        return self


class Mainly(_Strict):
    """How a question says what a thing mainly is ("入驻的主要是律所", "园区以传统商贸为主"): said of one of
    `subjects`, it meets the boolean when the thing named has one of `fits`, fails it when it has one of
    `others` (another business), and says nothing otherwise ("楼宇基本上是满租")."""

    subjects: tuple[str, ...] = Field(
        min_length=1, description="What the sentence must be about (入驻, 园区)"
    )
    fits: tuple[str, ...] = Field(min_length=1, description="Words of a main business that meets it (数据)")
    others: tuple[str, ...] = Field(min_length=1, description="Words of a main business that does not (律所)")


class RuleInput(_Strict):
    name: str = Field(pattern=_INPUT_NAME)
    type: Literal["money", "integer", "boolean", "choice"]
    label: str = Field(min_length=1)
    unit: str | None = None
    required: bool = True
    default: int | bool | str | None = None
    minimum: int | None = None
    maximum: int | None = None
    not_more_than: str | None = Field(default=None, description="Another money input this one cannot exceed")
    choices: tuple[Choice, ...] = ()
    # How a question says this input, read by the chat (app/chat/slots.py) — one mechanism for every rule:
    cues: tuple[str, ...] = Field(default=(), description="Words just before a figure that is this input")
    zero_words: tuple[str, ...] = Field(default=(), description="Phrases meaning this money input is 0")
    whole_words: tuple[str, ...] = Field(
        default=(),
        description="Phrases meaning this money input is all of the one it cannot exceed (全是土建)",
    )
    yes_words: tuple[str, ...] = Field(default=(), description="Phrases meaning this boolean is true")
    no_words: tuple[str, ...] = Field(default=(), description="Phrases meaning this boolean is false")
    mainly: Mainly | None = Field(default=None, description="What a thing is said to be mainly about")
    step_words: tuple[str, ...] = Field(
        default=(),
        description="What the condition takes, named without saying it is done (安全评估): said undone "
        "(安全评估还没做) it is false, said done true, only named it is asked for",
    )
    reads: Literal["count", "rank", "years_had"] | None = Field(
        default=None,
        description="What an integer input is: a number of things, a place, or the years of a yearly award "
        "had already (前两年已经拿了, 已经连续领了3年, 第4年还能…)",
    )
    units: tuple[str, ...] = Field(default=(), description="Classifiers a count of this input carries")
    count_after_cue: bool = Field(
        default=False, description="A count right after a cue is this input too (算法备案6项)"
    )
    first_words: tuple[str, ...] = Field(
        default=(), description="Phrases meaning the first place, for an input read as a rank (牵头)"
    )
    one_words: tuple[str, ...] = Field(
        default=(),
        description="Phrases asking for one of this count when no number is given (每年 → one year)",
    )
    count_before_cue: bool = Field(
        default=False,
        description="A count is this input only right before a cue (两项行业标准), never elsewhere in the "
        "sentence (行业标准有5个起草单位)",
    )

    @model_validator(mode="after")
    def _check(self) -> Self:
        if (self.type == "choice") != bool(self.choices):
            raise ValueError(f"输入“{self.name}”：只有 choice 类型有 choices，且必须有")
        if (self.yes_words or self.no_words or self.step_words or self.mainly) and self.type != "boolean":
            raise ValueError(
                f"输入“{self.name}”：只有 boolean 类型有 yes_words / no_words / step_words / mainly"
            )
        if self.zero_words and self.type != "money":
            raise ValueError(f"输入“{self.name}”：只有 money 类型有 zero_words")
        if self.whole_words and not self.not_more_than:
            raise ValueError(f"输入“{self.name}”：whole_words 须与 not_more_than 一起使用")
        if (self.reads or self.units or self.one_words) and self.type != "integer":
            raise ValueError(f"输入“{self.name}”：只有 integer 类型有 reads / units / one_words")
        if self.first_words and self.reads != "rank":
            raise ValueError(f"输入“{self.name}”：first_words 只用于按排名读取的输入")
        if (self.count_before_cue or self.count_after_cue) and self.reads != "count":
            raise ValueError(f"输入“{self.name}”：count_before_cue / count_after_cue 只用于按数量读取的输入")
        if self.count_before_cue and self.count_after_cue:
            raise ValueError(f"输入“{self.name}”：count_before_cue 与 count_after_cue 不能同时使用")
        if self.reads == "count" and not self.units:
            raise ValueError(f"输入“{self.name}”：按数量读取时须写明 units（如 项、个）")
        values = [choice.value for choice in self.choices]
        if len(values) != len(set(values)):
            raise ValueError(f"输入“{self.name}”的选项重复")
        owners: dict[str, str] = {}
        for choice in self.choices:
            for word in {choice.value, *choice.words}:
                if owners.setdefault(word, choice.value) != choice.value:
                    raise ValueError(f"输入“{self.name}”中，“{word}”同时指“{owners[word]}”和“{choice.value}”")
        return self


class Condition(_Strict):
    """An eligibility condition on one input; unmet, the award is 0 and `reason` says why."""

    input: str
    equals: bool | None = None
    at_most: str | None = Field(default=None, description='A figure such as "前三名"')
    reason: str = Field(min_length=1)

    @property
    def at_most_value(self) -> int | None:
        return parse_count(self.at_most) if self.at_most else None


class RateBase(_Strict):
    input: str
    minus: str | None = None
    label: str = Field(min_length=1, description="What the rate applies to, as the policy names it")


class Rule(_Strict):
    id: str = Field(pattern=_RULE_ID)
    doc_id: str
    clause_id: str
    title: str = Field(min_length=1)
    quote: str = Field(min_length=1, description="The clause's words this rule rests on, verbatim")
    kind: Literal["cap", "level", "per_year", "per_item", "rate", "no_figure"]
    cap: str | None = None
    per_item: str | None = None
    per_unit_cap: str | None = None
    rate: str | None = None
    # "按照不超过…的10%": the rate gives a maximum, not the amount (checked against the quote).
    rate_is_ceiling: bool = False
    years: str | None = None
    level_input: str | None = None
    count_input: str | None = None
    years_input: str | None = None
    # For a yearly award: the input saying how many years of the run the unit has had already ("前两年已经
    # 拿了"): the years left are what it may still get.
    received_input: str | None = None
    # The choice input telling the unit's items apart when it has several of different kinds ("国家标准排
    # 第二，行业标准排第一"): each item gets its own award, and they add up to the per-unit total.
    items_by: str | None = None
    base: RateBase | None = None
    inputs: tuple[RuleInput, ...] = ()
    conditions: tuple[Condition, ...] = ()
    notes: tuple[str, ...] = ()
    # Phrases holding one of the rule's words that state none of its inputs (the rule book's `not_values`,
    # given to every rule): "和其他专项叠加" names no standard of another kind.
    not_values: tuple[str, ...] = ()

    @property
    def cap_yuan(self) -> int | None:
        return parse_money(self.cap) if self.cap else None

    @property
    def per_item_yuan(self) -> int | None:
        return parse_money(self.per_item) if self.per_item else None

    @property
    def per_unit_cap_yuan(self) -> int | None:
        return parse_money(self.per_unit_cap) if self.per_unit_cap else None

    @property
    def rate_value(self) -> Decimal | None:
        return parse_rate(self.rate) if self.rate else None

    @property
    def years_value(self) -> int | None:
        return parse_count(self.years) if self.years else None

    def input(self, name: str) -> RuleInput:
        return next(item for item in self.inputs if item.name == name)

    def figures(self) -> list[str]:
        """Every figure the rule takes from the policy, as written there."""
        found = [f for f in (self.cap, self.per_item, self.per_unit_cap, self.rate, self.years) if f]
        found += [c.at_most for c in self.conditions if c.at_most]
        if self.level_input:
            found += [c.amount for c in self.input(self.level_input).choices if c.amount]
        return found

    def amounts_yuan(self) -> set[int]:
        """The rule's sums of money (caps, per-item and per-unit amounts, a table's amounts), in yuan."""
        found = {self.cap_yuan, self.per_item_yuan, self.per_unit_cap_yuan}
        if self.level_input:
            found |= {c.amount_yuan for c in self.input(self.level_input).choices}
        return {amount for amount in found if amount is not None}

    @model_validator(mode="after")
    def _check(self) -> Self:
        names = [item.name for item in self.inputs]
        if len(names) != len(set(names)):
            raise ValueError("输入名称重复")
        referenced = [
            self.level_input,
            self.count_input,
            self.years_input,
            self.received_input,
            self.items_by,
        ]
        referenced += [c.input for c in self.conditions]
        if self.base:
            referenced += [self.base.input, self.base.minus]
        referenced += [item.not_more_than for item in self.inputs]
        for name in referenced:
            if name is not None and name not in names:
                raise ValueError(f"引用了不存在的输入“{name}”")
        needs: dict[str, tuple[str, ...]] = {
            "cap": ("cap",),
            "level": ("level_input",),
            "per_year": ("years", "years_input"),
            "per_item": ("per_item", "per_unit_cap", "count_input"),
            "rate": ("rate", "cap", "base"),
            "no_figure": (),
        }
        missing = [part for part in needs[self.kind] if getattr(self, part) is None]
        if missing:
            raise ValueError(f"{self.kind} 类规则缺少 {', '.join(missing)}")
        for item in self.inputs:
            defaulted = item.default is not None or item.type == "money" or item.name == self.years_input
            if not item.required and not defaulted:
                raise ValueError(f"可选输入“{item.name}”需要默认值")
        if self.kind == "no_figure" and self.figures():
            raise ValueError("no_figure 类规则不能有金额")
        if self.kind in {"level", "per_year"} and self.level_input:
            for choice in self.input(self.level_input).choices:
                if choice.eligible and choice.amount is None and self.cap is None:
                    raise ValueError(f"选项“{choice.value}”没有金额，规则也没有 cap")
        if self.items_by and (self.per_unit_cap is None or self.input(self.items_by).type != "choice"):
            raise ValueError("items_by 须指向 choice 类输入，且规则须有 per_unit_cap")
        if self.received_input and (
            self.kind != "per_year" or self.input(self.received_input).type != "integer"
        ):
            raise ValueError("received_input 须是 per_year 类规则的整数输入")
        if self.kind == "per_year" and self.level_input is None and self.cap is None:
            raise ValueError("per_year 类规则需要 cap 或 level_input")
        try:
            for figure in self.figures():
                if figure.endswith("%"):
                    parse_rate(figure)
                elif figure[-1] in "元万亿":
                    parse_money(figure)
                else:
                    parse_count(figure)
        except (MoneyFormatError, ValueError) as exc:
            raise ValueError(f"金额写法无法识别：{exc}") from exc
        return self


class UnusedFigure(_Strict):
    """A money figure of the policy that no rule uses, and why."""

    clause_id: str
    figure: str
    reason: str = Field(min_length=1)


# The phrase fields a word list may stand in ("注册在<其他地方>").
_PHRASE_FIELDS = (
    "yes_words",
    "no_words",
    "zero_words",
    "whole_words",
    "step_words",
    "first_words",
    "one_words",
)
# Not {…}: braces end a YAML flow sequence's plain words.
_WORD_LIST = re.compile(r"<([^<>]+)>")


def _expanded(phrase: str, lists: dict[str, list[str]]) -> list[str]:
    """ "注册在<其他地方>" as one phrase per place; a name no list has is an error."""
    found = _WORD_LIST.search(phrase)
    if found is None:
        return [phrase]
    name = found.group(1)
    if name not in lists:
        raise ValueError(f"短语“{phrase}”引用了不存在的词表“{name}”")
    head, tail = phrase[: found.start()], phrase[found.end() :]
    return [expanded for word in lists[name] for expanded in _expanded(f"{head}{word}{tail}", lists)]


def _expand_input(item: object, lists: dict[str, list[str]]) -> object:
    if not isinstance(item, dict):
        return item
    item = dict(item)
    for name in _PHRASE_FIELDS:
        if isinstance(item.get(name), list):
            item[name] = list(
                dict.fromkeys(p for phrase in item[name] for p in _expanded(str(phrase), lists))
            )
    if isinstance(item.get("choices"), list):
        item["choices"] = [_expand_choice(choice, lists) for choice in item["choices"]]
    return item


def _expand_choice(choice: object, lists: dict[str, list[str]]) -> object:
    if not isinstance(choice, dict):
        return choice
    words = [str(word) for word in choice.get("words", [])]
    listed = [p for w in words if _WORD_LIST.search(w) for p in _expanded(w, lists)]
    return {
        **choice,
        "words": [p for w in words for p in _expanded(w, lists)],
        "listed_words": [*choice.get("listed_words", []), *listed],
    }


class RuleBook(_Strict):
    doc_id: str
    notes: dict[str, str]
    rules: tuple[Rule, ...]
    unused_figures: tuple[UnusedFigure, ...] = ()
    # Who may apply for any measure (第一条): yes/no conditions every award rests on. A question stating one
    # unmet ("我是个人开发者", "西城没有任何机构") gets no award worked out, whatever measure it asks about.
    applicant: Rule | None = None
    # Words several rules' phrases share, named once ("<其他地方>"): a phrase naming a list
    # stands for one phrase per word of it.
    word_lists: dict[str, tuple[str, ...]] = {}
    # A unit's own figures that no measure counts as a cost ("注册资本1000万", "营收3亿"): an amount one of
    # them names is no rule's input, even when it is the only amount a question gives.
    other_figures: tuple[str, ...] = ()
    # Phrases that hold a word for an input's value but state no input of any rule ("其他专项", "其他政策"
    # hold the catch-all choice 其他): every rule reads past them.
    not_values: tuple[str, ...] = ()

    @model_validator(mode="before")
    @classmethod
    def _share_not_values(cls, data: object) -> object:
        if not isinstance(data, dict) or not data.get("not_values"):
            return data
        words = [str(word) for word in data["not_values"]]
        data = dict(data)
        data["rules"] = [
            {**rule, "not_values": words} if isinstance(rule, dict) else rule
            for rule in data.get("rules") or []
        ]
        return data

    @model_validator(mode="before")
    @classmethod
    def _expand_word_lists(cls, data: object) -> object:
        if not isinstance(data, dict) or not data.get("word_lists"):
            return data
        lists = {str(name): [str(word) for word in words] for name, words in data["word_lists"].items()}
        data = dict(data)
        rules = [data.get("applicant"), *(data.get("rules") or [])]
        expanded = [
            {**rule, "inputs": [_expand_input(item, lists) for item in rule.get("inputs") or []]}
            if isinstance(rule, dict)
            else rule
            for rule in rules
        ]
        data["applicant"], data["rules"] = expanded[0], expanded[1:]
        return data

    @model_validator(mode="after")
    def _check(self) -> Self:
        if self.applicant is not None:
            applicant = self.applicant
            if applicant.kind != "no_figure" or any(item.type != "boolean" for item in applicant.inputs):
                raise ValueError("applicant 须是 no_figure 类规则，且输入都是 boolean")
            if not applicant.conditions or any(c.equals is not True for c in applicant.conditions):
                raise ValueError("applicant 的每个条件须为 equals: true")
        ids = [rule.id for rule in self.rules]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"规则 id 重复：{', '.join(duplicates)}")
        for required in ("cap", "guide"):
            if required not in self.notes:
                raise ValueError(f"notes 中缺少“{required}”")
        return self

    def get(self, rule_id: str) -> Rule | None:
        return next((rule for rule in self.rules if rule.id == rule_id), None)


def load_rulebook(corpus_dir: Path) -> RuleBook:
    path = corpus_dir / RULES_FILE_NAME
    try:
        data = read_yaml(path)
        return RuleBook.model_validate(data)
    except FileNotFoundError as exc:
        raise RulesFileError(f"找不到奖励规则文件 {path}") from exc
    except yaml.YAMLError as exc:
        raise RulesFileError(f"奖励规则文件 {path} 不是合法的 YAML：{exc}") from exc
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise RulesFileError(f"奖励规则文件 {path} 有误（{where}）：{first['msg']}") from exc
