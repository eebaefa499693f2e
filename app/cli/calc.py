"""`policy-assistant calc [RULE_ID] [KEY=VALUE…]`: one award, computed as the API computes it."""

from __future__ import annotations

import json
from typing import Any

import click

from app.awards.engine import AwardCalculator
from app.awards.inputs import match_choice
from app.awards.money import MoneyFormatError, parse_money
from app.awards.rules import RuleInput
from app.cli.context import CliError, load_settings, reported_as_one_line
from app.errors import InvalidInputError
from app.indexing import read_bundled_corpus
from indexer import parse_document

_TRUE = {"true", "1", "yes", "y", "是", "有", "对"}
_FALSE = {"false", "0", "no", "n", "否", "无", "没有", "不"}


def coerce_value(item: RuleInput | None, text: str) -> Any:
    """A command-line word as the input's type; what does not fit is passed on for validation to name."""
    if item is None:
        return text
    if item.type == "choice":
        choice = match_choice(item, text)
        return choice.value if choice else text
    if item.type == "boolean":
        lowered = text.strip().lower()
        return True if lowered in _TRUE else False if lowered in _FALSE else text
    try:
        return int(text)  # also a negative number, for validation to refuse by name
    except ValueError:
        pass
    if item.type == "money":
        try:
            return parse_money(text)  # written in 万元 or 亿元
        except MoneyFormatError:
            pass
    return text


def load_calculator() -> AwardCalculator:
    settings = load_settings()
    texts: dict[tuple[str, str], str] = {}
    for pending in read_bundled_corpus(settings.corpus_dir):
        parsed = parse_document(pending.source, pending.doc_id, pending.title)
        texts.update({(c.doc_id, c.clause_id): c.text for c in parsed.clauses})
    return AwardCalculator.load(settings.corpus_dir, settings.prompts_dir, texts)


@click.command()
@click.argument("rule_id", required=False)
@click.argument("assignments", nargs=-1, metavar="[KEY=VALUE]...")
def calc(rule_id: str | None, assignments: tuple[str, ...]) -> None:
    """计算一项奖励，输出与 POST /api/calculate 相同的 JSON；不给 RULE_ID 时列出全部规则。

    例：policy-assistant calc events spending_yuan=8000000 organiser=国家级

    金额可写元数，也可按万元、亿元的写法；选项可用常见说法（如“部委”）。
    """
    with reported_as_one_line():
        calculator = load_calculator()
    if rule_id is None:
        for rule in calculator.book.rules:
            names = " ".join(f"{item.name}={item.type}" for item in rule.inputs)
            click.echo(f"{rule.id}\t{rule.clause_id}\t{rule.title}\t{names}".rstrip())
        return
    inputs: dict[str, Any] = {}
    for assignment in assignments:
        key, sep, value = assignment.partition("=")
        if not sep or not key:
            raise click.UsageError(f"参数“{assignment}”应写成 名称=值")
        inputs[key] = value
    try:
        rule = calculator.rule(rule_id)
        typed = {
            key: coerce_value(next((i for i in rule.inputs if i.name == key), None), value)
            for key, value in inputs.items()
        }
        result = calculator.calculate(rule_id, typed)
    except InvalidInputError as error:
        raise CliError(f"{error.field}：{error.message}") from None
    click.echo(json.dumps(result.model_dump(), ensure_ascii=False, indent=2))
