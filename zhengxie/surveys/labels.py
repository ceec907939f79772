"""Chinese names of surveys' audit actions and records (lib.labels)."""

from __future__ import annotations

from django.urls import reverse

from zhengxie.lib.labels import register_actions, register_kind

register_actions(
    {
        "surveys.survey.created": "新建问卷",
        "surveys.question.added": "添加问卷题目",
        "surveys.question.deleted": "删除问卷题目",
        "surveys.survey.opened": "发布问卷",
        "surveys.survey.closed": "结束问卷",
        "surveys.survey.reminded": "提醒填写问卷",
        "surveys.survey.answered": "填写问卷",
        "surveys.survey.answered_public": "社会公众填写问卷",
    },
    group="问卷调查",
)
register_kind("surveys.survey", "问卷", url=lambda obj: reverse("surveys:detail", args=[obj.pk]))
