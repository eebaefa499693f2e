"""Each rule's inputs as a strict pydantic model: the validation behind 422s and the JSON Schema of GET /api/rules."""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model

from app.awards.rules import GAP, Choice, Rule, RuleInput
from app.errors import InvalidInputError
from app.validation_messages import describe_error

INPUTS_FIELD = "inputs"


def match_choice(item: RuleInput, text: str) -> Choice | None:
    """The choice a person means: its own value, or one of the words the rules file lists for it. A word
    whose parts the chat may find apart ("分赛…二等奖") is met by a text holding its parts in that order
    ("北京分赛二等奖"), when that names only one choice."""
    wanted = "".join(text.split())
    exact = next(
        (c for c in item.choices if wanted == c.value or wanted in {w.replace(GAP, "") for w in c.words}),
        None,
    )
    if exact is not None:
        return exact
    apart = [
        c
        for c in item.choices
        if any(GAP in w and re.search(".*?".join(map(re.escape, w.split(GAP))), wanted) for w in c.words)
    ]
    return apart[0] if len(apart) == 1 else None


def build_input_model(rule: Rule) -> type[BaseModel]:
    fields: dict[str, Any] = {item.name: _field(rule, item) for item in rule.inputs}
    # strict: "800" is not a number and 1 is not true; extra="forbid": a misspelt input is an error.
    config = ConfigDict(extra="forbid", strict=True, title=rule.title)
    model: type[BaseModel] = create_model(f"Inputs_{rule.id.replace('-', '_')}", __config__=config, **fields)
    return model


def _field(rule: Rule, item: RuleInput) -> tuple[Any, Any]:
    annotation: Any
    constraints: dict[str, Any] = {"title": item.label, "description": item.label}
    if item.unit:
        constraints["json_schema_extra"] = {"unit": item.unit}
    default: Any = ...
    if item.type == "choice":
        annotation = Literal[tuple(choice.value for choice in item.choices)]
    elif item.type == "boolean":
        annotation = bool
    else:
        annotation = int
        constraints["ge"] = item.minimum if item.minimum is not None else 0
        maximum = item.maximum
        if item.name == rule.years_input:
            maximum = rule.years_value
            default = rule.years_value
        if maximum is not None:
            constraints["le"] = maximum
    if not item.required and default is ...:
        default = item.default if item.default is not None else 0
    return annotation, Field(default, **constraints)


def validate_inputs(rule: Rule, model: type[BaseModel], raw: object) -> dict[str, Any]:
    """Typed input values, or `InvalidInputError` naming the field (`inputs.<name>`) in Chinese."""
    if not isinstance(raw, dict):
        raise InvalidInputError("inputs 应为 JSON 对象", field=INPUTS_FIELD)
    try:
        values = model.model_validate(raw).model_dump()
    except ValidationError as error:
        first = error.errors()[0]
        name = str(first["loc"][0]) if first["loc"] else ""
        field = f"{INPUTS_FIELD}.{name}" if name else INPUTS_FIELD
        label = next((item.label for item in rule.inputs if item.name == name), None)
        message = describe_error(first)
        if first["type"] == "extra_forbidden":
            allowed = "、".join(item.name for item in rule.inputs) or "（无）"
            message = f"规则“{rule.id}”没有输入“{name}”（可用：{allowed}）"
        elif first["type"] == "literal_error":
            choices = next(item.choices for item in rule.inputs if item.name == name)
            message = f"取值不在允许范围内（可选：{'、'.join(c.value for c in choices)}）"
        raise InvalidInputError(f"{label}：{message}" if label else message, field=field) from None
    for item in rule.inputs:
        if item.not_more_than and values[item.name] > values[item.not_more_than]:
            other = rule.input(item.not_more_than)
            raise InvalidInputError(f"{item.label}不能大于{other.label}", field=f"{INPUTS_FIELD}.{item.name}")
    return values


def inputs_schema(model: type[BaseModel]) -> dict[str, Any]:
    return model.model_json_schema()
