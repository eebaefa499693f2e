"""Chinese wording for pydantic's validation errors, shared by the API and the settings check."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

# `{…}` fields come from the error's context.
_MESSAGES: dict[str, str] = {
    "missing": "缺少必填字段",
    "json_invalid": "不是合法的 JSON",
    "json_type": "不是合法的 JSON",
    "model_attributes_type": "应为 JSON 对象",
    "dict_type": "应为 JSON 对象",
    "list_type": "应为数组",
    "string_type": "应为字符串",
    "string_too_short": "内容过短（至少 {min_length} 个字符）",
    "string_too_long": "内容过长（最多 {max_length} 个字符）",
    "string_pattern_mismatch": "格式不正确",
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "int_from_float": "应为整数",
    "float_type": "应为数字",
    "float_parsing": "应为数字",
    "bool_type": "应为布尔值（true/false）",
    "bool_parsing": "应为布尔值（true/false）",
    "greater_than": "必须大于 {gt}",
    "greater_than_equal": "不能小于 {ge}",
    "less_than": "必须小于 {lt}",
    "less_than_equal": "不能大于 {le}",
    "literal_error": "取值不在允许范围内（可选：{expected}）",
    "enum": "取值不在允许范围内（可选：{expected}）",
    "extra_forbidden": "不支持的字段",
    "path_type": "应为路径",
}


def describe_error(error: Mapping[str, Any]) -> str:
    """One Chinese sentence for one pydantic error; our own validators' messages pass through."""
    kind = str(error.get("type"))
    context = dict(error.get("ctx") or {})
    if kind in {"value_error", "assertion_error"} and context.get("error") is not None:
        return str(context["error"])
    if "expected" in context:
        # pydantic writes "'a', 'b' or 'c'"
        context["expected"] = (
            str(context["expected"]).replace("'", "").replace(" or ", "、").replace(", ", "、")
        )
    template = _MESSAGES.get(kind, "取值不合法")
    try:
        return template.format(**context)
    except (KeyError, IndexError):
        return template


def error_field(location: tuple[Any, ...]) -> str:
    """`body.message` → `message`; the request part is implied by the route."""
    parts = [str(part) for part in location]
    if len(parts) > 1 and parts[0] in {"body", "query", "path", "header", "cookie"}:
        parts = parts[1:]
    return ".".join(parts)
