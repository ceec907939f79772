"""Chinese names of the publications' audit actions and records (lib.labels)."""

from __future__ import annotations

from django.urls import reverse

from zhengxie.lib.labels import register_actions, register_kind, register_workflow

from .workflow import ISSUE_TABLE

register_actions(
    {
        "publications.series.created": "新建刊物",
        "publications.issue.created": "新建刊物期次",
        "publications.item.added": "添加刊物文章",
        "publications.item.removed": "删除刊物文章",
        "publications.instruction.recorded": "记录刊物批示",
    },
    group="刊物",
)
register_workflow(ISSUE_TABLE, group="刊物")


def _issue_url(obj: object) -> str:
    return obj.get_absolute_url()  # type: ignore[attr-defined]


register_kind("publications.series", "刊物", url=lambda s: reverse("publications:index") + f"?series={s.pk}")
register_kind("publications.issue", "刊物期次", url=_issue_url, related=("series",))
register_kind(
    "publications.issueitem",
    "刊物文章",
    url=lambda i: reverse("publications:issue_detail", args=[i.issue_id]),
)
register_kind(
    "publications.issueinstruction",
    "刊物批示",
    url=lambda i: reverse("publications:issue_detail", args=[i.issue_id]),
)
