"""Chinese names of the search app's audit actions and records (lib.labels)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from zhengxie.lib.labels import register_actions, register_kind


def _setting_url(obj: Any) -> str:
    return reverse("search:settings")


register_actions({"search.setting.changed": "修改检索设置"}, group="检索")
register_kind("search.searchsetting", "检索设置", url=_setting_url, staff_only=True)
