"""Small helpers for drawing the answer form."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    """mapping[key], or an empty list (the values submitted for one question)."""
    if not isinstance(mapping, dict):
        return []
    return mapping.get(key, [])


@register.filter
def scale_range(top: int) -> range:
    return range(1, int(top) + 1)
