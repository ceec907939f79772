"""The three plans of a year in one Word document, in the official layout: the consultation plan's
included topics, the inspection-and-research plan and the democratic-supervision plan."""

from __future__ import annotations

from django.utils import timezone

from zhengxie.lib.docx import OfficialDocument

from . import selectors, services
from .models import Item, YearPlan


def three_plans(yp: YearPlan) -> OfficialDocument:
    committee = yp.committee
    doc = OfficialDocument(issuer=committee.name, issued_on=timezone.localdate())
    draft = "" if yp.state == YearPlan.State.PUBLISHED else "（草案）"
    doc.title(f"{committee.name}{yp.year}年度协商计划、视察调研计划和民主监督计划{draft}")
    consultation_plan = services.consultation_plan_of(yp)
    doc.heading("一、年度协商计划")
    if consultation_plan is None:
        doc.paragraph("本年度协商计划尚未编制。")
    else:
        topics = list(
            consultation_plan.topics.filter(state="included")
            .select_related("form", "lead")
            .order_by("planned_month", "id")
        )
        doc.table(
            ["序号", "协商议题", "协商形式", "牵头专委会", "计划时间"],
            [
                [i, t.title, t.form.name if t.form else "", t.lead.name if t.lead else "",
                 f"{t.planned_month}月" if t.planned_month else "待定"]
                for i, t in enumerate(topics, start=1)
            ],
        )  # fmt: skip
    items = selectors.items_of(yp)
    for n, (value, label) in enumerate(Item.Plan.choices, start=2):
        doc.heading(f"{'一二三'[n - 1]}、{label}")
        rows = [i for i in items if i.plan == value]
        doc.table(
            ["序号", "项目", "形式", "牵头专委会", "对象", "计划时间"],
            [
                [k, i.title, i.get_form_display(), i.lead.name, i.target or "—", f"{i.month}月"]
                for k, i in enumerate(rows, start=1)
            ],
        )
    doc.signature()
    return doc
