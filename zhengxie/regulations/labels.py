"""Chinese names of the regulations library's audit actions and records (lib.labels)."""

from __future__ import annotations

from django.urls import reverse

from zhengxie.lib.labels import register_actions, register_kind

register_actions(
    {
        "regulations.regulation.created": "新建制度",
        "regulations.regulation.revised": "修订制度",
        "regulations.regulation.repealed": "废止制度",
    },
    group="制度库",
)


def _own_url(obj: object) -> str:
    return obj.get_absolute_url()  # type: ignore[attr-defined]


register_kind("regulations.regulation", "制度", url=_own_url)
register_kind(
    "regulations.version", "制度版本", url=lambda v: reverse("regulations:detail", args=[v.regulation_id])
)
