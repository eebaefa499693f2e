"""The calculator's face for an LLM: a thin typed function whose docstring is the contract the model reads.

An error goes back to the model as text it can act on, never as an exception that ends the turn.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from app.awards.engine import AwardCalculator
from app.errors import AppError

AwardTool = Callable[[str, dict[str, Any]], dict[str, Any] | str]

_CONTRACT = """计算西城区数据产业政策的一项奖励金额。这是得到金额数字的唯一途径：回答中的金额必须来自这里的结果。

参数：
- rule_id：奖励规则编号（见下表）。
- inputs：该规则的输入，键为输入名；金额以“元”为单位的整数（八百万元写 8000000），是/否写 true/false，
  选项写表中的原词。

返回：计算结果（amount_yuan、amount_text、eligible、capped、steps、notes、clause_id），或一段以“无法计算”开头的
说明（哪个输入有什么问题），据此向用户追问缺少的信息，不要自行估算。
“最高”金额是上限，不是承诺；eligible 为 false 时金额为 0，notes 说明原因。

可用规则：
"""


def make_award_tool(calculator: AwardCalculator) -> AwardTool:
    def calculate_award(rule_id: str, inputs: dict[str, Any]) -> dict[str, Any] | str:
        try:
            return calculator.calculate(rule_id, inputs).model_dump()
        except AppError as error:
            where = f"（{error.field}）" if error.field else ""
            return f"无法计算{where}：{error.message}"

    lines = []
    for rule in calculator.book.rules:
        fields = []
        for item in rule.inputs:
            choices = f"：{'/'.join(c.value for c in item.choices)}" if item.choices else ""
            optional = "，可选" if not item.required else ""
            fields.append(f"{item.name}（{item.label}，{item.type}{choices}{optional}）")
        lines.append(
            f"- {rule.id}【{rule.clause_id}】{rule.title}"
            + (f"；输入：{'；'.join(fields)}" if fields else "")
        )
    calculate_award.__doc__ = _CONTRACT + "\n".join(lines)
    return calculate_award
