"""Yearly learning plans: staff name the required courses for an audience (all members, the
term's new members, a sector, a special committee) with a deadline; assigning gives each member of
the audience the course on his or her list, with a notice. A periodic job reminds members whose
deadline is near (each assignment claimed once with a conditional UPDATE)."""

from __future__ import annotations

import logging
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from zhengxie.audit.services import record
from zhengxie.lib.errors import DomainError
from zhengxie.notices.services import notify
from zhengxie.org.models import Member, Term

from ..models import Assignment, Completion, Course, Plan, PlanItem
from ..permissions import ancestor_ids

logger = logging.getLogger(__name__)
REMIND_DAYS = 7
A = PlanItem.Audience


def plan_create(*, committee_id: int, year: int, title: str, by: Any) -> Plan:
    title = title.strip()
    if not title:
        raise DomainError("请填写计划名称")
    if not 2000 <= year <= 2100:
        raise DomainError("年度不正确")
    with transaction.atomic():
        plan = Plan.objects.create(committee_id=committee_id, year=year, title=title[:100], created_by=by)
        record(action="learning.plan.created", obj=plan, by=by, data={"year": year})
    return plan


def current_term(committee_id: int) -> Term | None:
    return Term.objects.filter(committee_id=committee_id).order_by("-number").first()


def audience(item: PlanItem) -> QuerySet[Member]:
    """The active members the item is for."""
    members = Member.objects.filter(committee_id=item.committee_id, is_active=True)
    if item.audience == A.SECTOR:
        return members.filter(sector_id=item.sector_id or 0)
    if item.audience == A.SPECIAL:
        return members.filter(special_committee_id=item.special_committee_id or 0)
    if item.audience == A.NEW:
        term = current_term(item.committee_id)
        if term is None:
            return members.none()
        # New in this term: serving in it and in no earlier term.
        return members.filter(terms=term).exclude(terms__number__lt=term.number)
    return members


def item_add(
    *,
    plan: Plan,
    course: Course,
    audience_kind: str,
    due_on: date,
    by: Any,
    sector_id: int | None = None,
    special_committee_id: int | None = None,
) -> PlanItem:
    """Add a required course to the plan and assign it to its audience at once."""
    if course.state != Course.State.PUBLISHED:
        raise DomainError("只能把已发布的课程列入学习计划")
    if course.committee_id != plan.committee_id and not (
        course.shared_down and course.committee_id in ancestor_ids({plan.committee_id})
    ):
        raise DomainError("只能列入本级课程或上级政协共享的课程")
    if audience_kind not in A.values:
        raise DomainError("学习对象不正确")
    if audience_kind == A.SECTOR and not sector_id:
        raise DomainError("请选择界别")
    if audience_kind == A.SPECIAL and not special_committee_id:
        raise DomainError("请选择专委会")
    if due_on < timezone.localdate():
        raise DomainError("完成期限不能早于今天")
    with transaction.atomic():
        item = PlanItem.objects.create(
            committee_id=plan.committee_id,
            plan=plan,
            course=course,
            audience=audience_kind,
            sector_id=sector_id if audience_kind == A.SECTOR else None,
            special_committee_id=special_committee_id if audience_kind == A.SPECIAL else None,
            due_on=due_on,
        )
        count = _assign(item)
        record(
            action="learning.plan.item_added",
            obj=item,
            by=by,
            data={"plan": plan.pk, "course": course.pk, "audience": audience_kind, "assigned": count},
        )
    return item


def _assign(item: PlanItem) -> int:
    members = list(audience(item).select_related("person"))
    done = set(
        Completion.objects.filter(
            course_id=item.course_id, member__in=members, state=Completion.State.DONE
        ).values_list("member_id", flat=True)
    )
    now = timezone.now()
    Assignment.objects.bulk_create(
        [
            Assignment(
                committee_id=item.committee_id,
                member=m,
                course_id=item.course_id,
                item=item,
                due_on=item.due_on,
                done_at=now if m.pk in done else None,
            )
            for m in members
        ],
        ignore_conflicts=True,
        batch_size=500,
    )
    PlanItem.objects.filter(pk=item.pk).update(assigned_count=len(members))
    item.assigned_count = len(members)
    # A committee has hundreds of members: their notices go out in a job, after commit.
    from ..tasks import notify_assigned

    transaction.on_commit(lambda: notify_assigned.enqueue(item.pk))
    return len(members)


def notify_assignees(item_id: int) -> int:
    """Tell each member of the item's audience who has not finished the course (idempotent: one
    notice per member and item however often it runs)."""
    item = PlanItem.objects.select_related("course").get(pk=item_id)
    url = reverse("learning:mine")
    sent = 0
    for a in Assignment.objects.filter(item=item, done_at__isnull=True).select_related(
        "member__person__user"
    ):
        user = a.member.person.user
        if user is None:
            continue
        notify(
            recipient=user,
            key=f"learning.assigned.{item.pk}",
            title=f"请于{item.due_on:%Y年%m月%d日}前完成学习课程《{item.course.title}》",
            url=url,
            committee_id=item.committee_id,
        )
        sent += 1
    return sent


def remind_due(today: date | None = None) -> int:
    """Remind members of assignments due within REMIND_DAYS that they have not finished."""
    today = today or timezone.localdate()
    due = Assignment.objects.filter(
        done_at__isnull=True, reminded_at__isnull=True, due_on__lte=today + timedelta(days=REMIND_DAYS)
    ).values_list("pk", flat=True)
    sent = 0
    now = timezone.now()
    url = reverse("learning:mine")
    for pk in list(due[:5000]):
        # The claim: only the worker whose UPDATE changes the row sends the reminder.
        if not Assignment.objects.filter(pk=pk, reminded_at__isnull=True).update(reminded_at=now):
            continue
        a = Assignment.objects.select_related("member__person__user", "course").get(pk=pk)
        user = a.member.person.user
        if user is None:
            continue
        late = "已逾期" if a.due_on < today else f"将于{a.due_on:%m月%d日}到期"
        notify(
            recipient=user,
            key=f"learning.remind.{pk}",
            title=f"学习课程《{a.course.title}》{late}，请尽快完成",
            url=url,
            committee_id=a.committee_id,
        )
        sent += 1
    logger.info("learning reminders sent: %s", sent)
    return sent
