"""Every write of the year's work plans: opening a year, adding and removing items while drafting,
the approval workflow, publishing the three plans together, and arranging an item as an activity.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from zhengxie.audit.services import record
from zhengxie.consultations.models import Activity
from zhengxie.consultations.models import Plan as ConsultationPlan
from zhengxie.consultations.services import activities
from zhengxie.lib.errors import DomainError, NotAllowed
from zhengxie.lib.workflow import transition
from zhengxie.notices.services import notify
from zhengxie.org.models import RoleAssignment, SpecialCommittee
from zhengxie.org.roles import Role
from zhengxie.org.scope import has_role, roles_in
from zhengxie.search.index import reindex

from .models import Item, YearPlan
from .workflow import YEAR_LABELS, YEAR_TABLE

Y = YearPlan.State
F = Item.Form
# Which forms each plan holds, and the kind of activity an item becomes.
PLAN_FORMS = {
    Item.Plan.INSPECTION: {F.INSPECTION, F.RESEARCH},
    Item.Plan.SUPERVISION: {F.TOPIC_SUPERVISION, F.INSPECTION_SUPERVISION, F.APPRAISAL},
}
ACTIVITY_KIND = {
    F.INSPECTION: Activity.Kind.INSPECTION,
    F.RESEARCH: Activity.Kind.RESEARCH,
    F.TOPIC_SUPERVISION: Activity.Kind.RESEARCH,
    F.INSPECTION_SUPERVISION: Activity.Kind.INSPECTION,
    F.APPRAISAL: Activity.Kind.INSPECTION,
}


def _staff(by: Any, committee_id: int) -> None:
    if not has_role(by, committee_id, Role.ACTIVITY_STAFF):
        raise NotAllowed()


def _tell(committee_id: int, role: str, *, key: str, title: str, url: str) -> None:
    for ra in RoleAssignment.objects.filter(committee_id=committee_id, role=role).select_related("user"):
        notify(recipient=ra.user, key=key, title=title, url=url, committee_id=committee_id)


def year_plan_open(*, committee_id: int, year: int, by: Any) -> YearPlan:
    _staff(by, committee_id)
    if not 2000 <= year <= 2100:
        raise DomainError("请填写正确的年度")
    try:
        with transaction.atomic():
            yp = YearPlan.objects.create(committee_id=committee_id, year=year, created_by=by)
            record(action="workplans.plan.created", obj=yp, by=by, data={"year": year})
    except IntegrityError:
        raise DomainError(f"{year}年度工作计划已存在") from None
    return yp


def item_add(
    *, year_plan: YearPlan, by: Any, plan: str, form: str, title: str, lead: SpecialCommittee | None, month: int,
    target: str = "",
) -> Item:  # fmt: skip
    _staff(by, year_plan.committee_id)
    if year_plan.state != Y.DRAFTING:
        raise DomainError("计划已报审，不能再修改项目")
    title, target = title.strip(), target.strip()
    problems = []
    if plan not in PLAN_FORMS:
        problems.append("请选择视察调研计划或民主监督计划")
    elif form not in PLAN_FORMS[Item.Plan(plan)]:
        problems.append("所选形式不属于该计划")
    if not title or len(title) > 200:
        problems.append("请填写项目名称（不超过200个字）")
    if lead is None or lead.committee_id != year_plan.committee_id:
        problems.append("请选择本政协的牵头专委会")
    if not 1 <= month <= 12:
        problems.append("计划月份应在1至12之间")
    if form == F.APPRAISAL and not target:
        problems.append("民主评议须填写被评议的部门")
    if len(target) > 100:
        problems.append("监督对象不能超过100个字")
    if problems or lead is None:
        raise DomainError("；".join(problems))
    with transaction.atomic():
        item = Item.objects.create(
            committee_id=year_plan.committee_id, year_plan=year_plan, plan=plan, form=form, title=title, lead=lead,
            month=month, target=target,
        )  # fmt: skip
        record(
            action="workplans.item.added", obj=item, by=by, data={"plan": plan, "form": form, "month": month}
        )
        reindex("planitem", item.pk)
    return item


def item_remove(*, item: Item, by: Any) -> None:
    _staff(by, item.committee_id)
    if item.year_plan.state != Y.DRAFTING:
        raise DomainError("计划已报审，不能再修改项目")
    with transaction.atomic():
        record(action="workplans.item.removed", obj=item, by=by, data={"title": item.title})
        Item.objects.filter(pk=item.pk).delete()
        reindex("planitem", item.pk)


def year_plan_submit(*, year_plan: YearPlan, by: Any) -> YearPlan:
    if not year_plan.items.exists():
        raise DomainError("计划中还没有项目")
    url = reverse("workplans:detail", args=[year_plan.pk])
    with transaction.atomic():
        transition(
            year_plan, table=YEAR_TABLE, to=Y.SUBMITTED, by=by, roles=roles_in(by, year_plan.committee_id),
            state_labels=YEAR_LABELS,
        )  # fmt: skip
        _tell(
            year_plan.committee_id, Role.LEADER, key=f"workplans.submitted.{year_plan.pk}.{year_plan.version}",
            title=f"待审定：{year_plan}", url=url,
        )  # fmt: skip
    return year_plan


def year_plan_decide(*, year_plan: YearPlan, by: Any, approve: bool, note: str = "") -> YearPlan:
    note = note.strip()
    if len(note) > 500:
        raise DomainError("审定意见不能超过500个字")
    if not approve and not note:
        raise DomainError("退回修改请填写意见")
    url = reverse("workplans:detail", args=[year_plan.pk])
    with transaction.atomic():
        transition(
            year_plan, table=YEAR_TABLE, to=Y.APPROVED if approve else Y.DRAFTING, by=by,
            roles=roles_in(by, year_plan.committee_id), state_labels=YEAR_LABELS,
            fields={"approval_note": note}, data={"note": note},
        )  # fmt: skip
        _tell(
            year_plan.committee_id, Role.ACTIVITY_STAFF,
            key=f"workplans.decided.{year_plan.pk}.{year_plan.version}",
            title=f"{year_plan}{'已审定，请与协商计划一并印发' if approve else '被退回修改'}", url=url,
        )  # fmt: skip
    return year_plan


def consultation_plan_of(year_plan: YearPlan) -> ConsultationPlan | None:
    return ConsultationPlan.objects.filter(committee_id=year_plan.committee_id, year=year_plan.year).first()


def year_plan_publish(*, year_plan: YearPlan, by: Any) -> YearPlan:
    """Publish the three plans together: the year's consultation plan must be approved too."""
    consultation_plan = consultation_plan_of(year_plan)
    if consultation_plan is None or consultation_plan.state != ConsultationPlan.State.APPROVED:
        raise DomainError(f"{year_plan.year}年度协商计划尚未审定：三个计划须一并印发")
    with transaction.atomic():
        transition(
            year_plan, table=YEAR_TABLE, to=Y.PUBLISHED, by=by, roles=roles_in(by, year_plan.committee_id),
            state_labels=YEAR_LABELS, fields={"published_at": timezone.now()},
            data={"consultation_plan": consultation_plan.pk},
        )  # fmt: skip
        _tell(
            year_plan.committee_id, Role.LEADER, key=f"workplans.published.{year_plan.pk}",
            title=f"{year_plan.year}年度协商计划、视察调研计划、民主监督计划已印发",
            url=reverse("workplans:detail", args=[year_plan.pk]),
        )  # fmt: skip
    return year_plan


def item_arrange(*, item: Item, by: Any, starts_at: datetime, ends_at: datetime, place: str) -> Activity:
    """The office arranges a planned item: it becomes an activity organised by its lead special
    committee, whose members are then invited on the activity page."""
    _staff(by, item.committee_id)
    if item.year_plan.state not in (Y.APPROVED, Y.PUBLISHED):
        raise DomainError("计划审定后才能安排活动")
    if item.activity_id is not None:
        raise DomainError("该项目已安排活动")
    if timezone.localtime(starts_at).year != item.year_plan.year:
        raise DomainError(f"活动时间应在{item.year_plan.year}年内")
    title = item.title if not item.target else f"{item.title}（{item.target}）"
    with transaction.atomic():
        activity = activities.activity_create(
            committee_id=item.committee_id, by=by, kind=ACTIVITY_KIND[Item.Form(item.form)], title=title[:200],
            starts_at=starts_at, ends_at=ends_at, place=place, organiser=item.lead,
        )  # fmt: skip
        updated = Item.objects.filter(pk=item.pk, activity__isnull=True).update(activity=activity)
        if updated != 1:
            raise DomainError("此事项已被他人处理，请刷新")
        item.activity = activity
        record(action="workplans.item.arranged", obj=item, by=by, data={"activity": activity.pk})
    return activity
