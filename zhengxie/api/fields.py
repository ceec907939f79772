"""Invalid input in Chinese, field by field: pydantic's errors become `{"committee": "缺少字段"}`
and the message "输入有误：缺少字段：committee"."""

from __future__ import annotations

from typing import Any


def _field_name(loc: tuple[Any, ...]) -> str:
    """The client's name for the field: `committee`, `items.0.title`. A body parameter's own name
    (ninja's `payload`) is not part of what the client sent, so it is left out."""
    if not loc:
        return ""
    source, rest = loc[0], list(loc[1:])
    if source == "body" and rest:
        rest = rest[1:]
    return ".".join(str(part) for part in rest)


def _problem(error: dict[str, Any]) -> str:
    kind = str(error.get("type", ""))
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return "缺少字段"
    if kind == "string_too_short":
        return "不能为空" if ctx.get("min_length") == 1 else f"不能少于{ctx.get('min_length')}个字符"
    if kind == "string_too_long":
        return f"不能超过{ctx.get('max_length')}个字符"
    if kind in ("too_short", "too_long"):
        return "项数不符合要求"
    if kind.startswith("int_"):
        return "应为整数"
    if kind.startswith(("float_", "decimal_")):
        return "应为数字"
    if kind.startswith("bool_"):
        return "应为 true 或 false"
    if kind.startswith("datetime_"):
        return "应为日期时间（如 2026-01-31T09:00:00+08:00）"
    if kind.startswith("date_"):
        return "应为日期（如 2026-01-31）"
    if kind == "greater_than_equal":
        return f"不能小于{ctx.get('ge')}"
    if kind == "greater_than":
        return f"须大于{ctx.get('gt')}"
    if kind == "less_than_equal":
        return f"不能大于{ctx.get('le')}"
    if kind == "less_than":
        return f"须小于{ctx.get('lt')}"
    if kind in ("literal_error", "enum"):
        return f"只能是{ctx.get('expected', '规定的值')}"
    if kind == "string_pattern_mismatch":
        return "格式不正确"
    if kind == "string_type":
        return "应为文本"
    if kind == "list_type":
        return "应为列表"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return "应为对象"
    if kind == "json_invalid":
        return "不是有效的 JSON"
    if kind == "value_error" and isinstance(ctx.get("error"), str):
        return str(ctx["error"])
    return "值不符合要求"


def invalid_input_fields(errors: list[dict[str, Any]]) -> dict[str, str]:
    fields: dict[str, str] = {}
    for error in errors:
        fields.setdefault(_field_name(tuple(error.get("loc", ()))) or "请求内容", _problem(error))
    return fields


def invalid_input_message(fields: dict[str, str]) -> str:
    return "；".join(
        f"{problem}：{name}" if problem == "缺少字段" else f"{name}：{problem}"
        for name, problem in fields.items()
    )
