"""`{% picker "units" "new_unit" id="…" %}`: the searchable picker in a hand-written form."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from zhengxie.org.picker import PickerWidget

register = template.Library()


@register.simple_tag
def picker(kind: str, name: str, *, id: str = "", key: object = "", multiple: bool = False) -> SafeString:
    """`id` + `key` make the box's id, so a list with one form per row can label each box."""
    box_id = f"{id or 'id_' + name}{key}"
    return PickerWidget(kind, multiple=multiple).render(name, None, attrs={"id": box_id})
