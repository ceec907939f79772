"""Chinese names of assessment's audit actions and records (lib.labels)."""

from __future__ import annotations

from django.urls import reverse

from zhengxie.lib.labels import register_actions, register_kind, register_workflow

from .workflow import TABLE

register_actions(
    {
        "assessment.scheme.created": "建立考评方案",
        "assessment.scheme.changed": "修改考评方案",
        "assessment.scheme.versioned": "考评方案生成新版本",
        "assessment.indicator.saved": "保存考评指标",
        "assessment.indicator.deleted": "删除考评指标",
        "assessment.indicator.group_deleted": "删除一级指标及其二级指标",
        "assessment.office.added": "增加机关处室",
        "assessment.office.changed": "修改机关处室",
        "assessment.assessment.opened": "发起考评",
        "assessment.assessment.computed": "计算自动指标",
        "assessment.raters.assigned": "指定评议人",
        "assessment.raters.reminded": "催办评议",
        "assessment.rating.submitted": "提交评议打分",
        "assessment.score.reviewed": "材料审核评分",
        "assessment.objection.raised": "对考评结果提出异议",
        "assessment.objection.decided": "处理考评异议",
        "assessment.consultation_review.invited": "请第三方评价协商活动",
    },
    group="考评",
)
register_workflow(TABLE, group="考评")

register_kind(
    "assessment.scheme", "考评方案", url=lambda s: reverse("assessment:scheme", args=[s.pk]), staff_only=True
)
register_kind(
    "assessment.assessment", "考评", url=lambda a: reverse("assessment:detail", args=[a.pk]), staff_only=True
)
register_kind("assessment.subject", "被考评对象", url=lambda s: reverse("assessment:card", args=[s.pk]))
register_kind(
    "assessment.ratertask",
    "评议打分",
    title=lambda t: f"{t.subject.name}的评议",
    url=lambda t: reverse("assessment:card", args=[t.subject_id]),
    staff_only=True,
    related=("subject",),
)
register_kind(
    "assessment.objection",
    "考评异议",
    title=lambda o: f"{o.subject.name}的异议",
    url=lambda o: reverse("assessment:card", args=[o.subject_id]),
    related=("subject",),
)
register_kind(
    "assessment.consultationreview",
    "协商活动第三方评价",
    title=lambda r: f"{r.consultation.title}的第三方评价",
    url=lambda r: reverse("assessment:consultation_reviews"),
    staff_only=True,
    related=("consultation",),
)
register_kind("assessment.office", "机关处室", url=lambda o: reverse("assessment:offices"), staff_only=True)
