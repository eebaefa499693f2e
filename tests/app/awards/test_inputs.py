"""Bad inputs are refused with the field named, never a figure."""

from __future__ import annotations

from typing import Any

import pytest

from app.awards.engine import AwardCalculator
from app.errors import InvalidInputError

# (rule_id, inputs, field, words in the message) — shared with the API and CLI tests. JSON_ONLY are type
# mistakes only JSON can make: on a command line every value is text, and "2" is a fine rank there.
BAD_INPUTS: list[tuple[str, Any, str, str]] = [
    ("no-such-rule", {}, "rule_id", "没有编号为“no-such-rule”的奖励规则"),
    ("standards", {"level": "国家标准", "published": True}, "inputs.rank", "缺少必填字段"),
    (
        "standards",
        {"level": "国家标准", "rank": 1, "published": True, "bonus": 1},
        "inputs.bonus",
        "没有输入“bonus”",
    ),
    ("standards", {"level": "国家标准", "rank": "2", "published": True}, "inputs.rank", "应为整数"),
    ("standards", {"level": "国家标准", "rank": 0, "published": True}, "inputs.rank", "不能小于 1"),
    ("standards", {"level": "国家标准", "rank": 1, "published": "yes"}, "inputs.published", "应为布尔值"),
    (
        "standards",
        {"level": "省标", "rank": 1, "published": True},
        "inputs.level",
        "可选：国际标准、国家标准",
    ),
    ("events", {"spending_yuan": "800万", "organiser": "国家级"}, "inputs.spending_yuan", "应为整数"),
    ("events", {"spending_yuan": 12.5, "organiser": "国家级"}, "inputs.spending_yuan", "应为整数"),
    ("events", {"spending_yuan": -1, "organiser": "国家级"}, "inputs.spending_yuan", "不能小于 0"),
    (
        "infrastructure-pilots",
        {"investment_yuan": 100, "civil_works_yuan": 101, "national_pilot": True},
        "inputs.civil_works_yuan",
        "不能大于实际完成固定资产投资",
    ),
    ("innovation-platforms", {"level": "国家", "years": 4}, "inputs.years", "不能大于 3"),
    ("national-filings", {"filings": True, "scenario_promotion": True}, "inputs.filings", "应为整数"),
    ("key-units", ["not", "an", "object"], "inputs", "应为 JSON 对象"),
]


@pytest.mark.parametrize(("rule_id", "inputs", "field", "words"), BAD_INPUTS)
def test_bad_inputs_name_the_field(
    calculator: AwardCalculator, rule_id: str, inputs: Any, field: str, words: str
) -> None:
    with pytest.raises(InvalidInputError) as caught:
        calculator.calculate(rule_id, inputs)
    assert caught.value.field == field
    assert words in caught.value.message


JSON_ONLY = {
    ("standards", "inputs.rank", "应为整数"),
    ("standards", "inputs.published", "应为布尔值"),
    ("events", "inputs.spending_yuan", "应为整数"),
    ("national-filings", "inputs.filings", "应为整数"),
    ("key-units", "inputs", "应为 JSON 对象"),
}


def test_a_plan_error_names_the_item(calculator: AwardCalculator) -> None:
    with pytest.raises(InvalidInputError) as caught:
        calculator.plan(
            [
                (None, "key-units", {}),
                (None, "standards", {"level": "国家标准", "rank": 0, "published": True}),
            ]
        )
    assert caught.value.field == "items.1.inputs.rank"
    assert caught.value.message.startswith("第 2 项：")


def test_input_schema_lists_types_enums_minimum_and_required(calculator: AwardCalculator) -> None:
    schema = calculator.schema("standards")
    assert schema["properties"]["level"]["enum"][:2] == ["国际标准", "国家标准"]
    assert schema["properties"]["rank"]["type"] == "integer" and schema["properties"]["rank"]["minimum"] == 1
    assert schema["properties"]["published"]["type"] == "boolean"
    assert set(schema["required"]) == {"level", "rank", "published"}
    assert schema["additionalProperties"] is False
    years = calculator.schema("innovation-platforms")["properties"]["years"]
    assert (years["maximum"], years["default"]) == (3, 3)


def test_a_word_may_not_name_two_choices() -> None:
    from pydantic import ValidationError

    from app.awards.rules import RuleInput

    with pytest.raises(ValidationError, match="同时指"):
        RuleInput.model_validate(
            {
                "name": "level",
                "type": "choice",
                "label": "级别",
                "choices": [{"value": "部属", "words": ["国家级"]}, {"value": "市属", "words": ["国家级"]}],
            }
        )
