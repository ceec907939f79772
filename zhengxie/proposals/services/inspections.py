"""三办督导组 (issue 22): the committee office, the party committee office and the government
office form a joint group for a year, visit handling units, look at the proposals assigned to
them and record findings with a rating; the unit replies to the findings."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from zhengxie.audit.services import record
from zhengxie.lib.errors import Conflict, DomainError, NotAllowed
from zhengxie.notices.services import notify
from zhengxie.org.models import HandlingUnit
from zhengxie.org.roles import Role
from zhengxie.org.scope import roles_in
from zhengxie.search.index import reindex

from ..models import Assignment, InspectionGroup, InspectionMember, InspectionVisit
from ..permissions import user_units
from .recipients import tell_staff, unit_users

S = InspectionVisit.State


def _staff_only(by: Any, committee_id: int) -> None:
    if Role.PROPOSAL_STAFF not in roles_in(by, committee_id):
        raise NotAllowed("只有本政协提案工作人员可以安排督导")


def group_create(*, committee_id: int, by: Any, year: int | None, name: str) -> InspectionGroup:
    _staff_only(by, committee_id)
    name = name.strip()
    problems = []
    if not name:
        problems.append("请填写督导组名称")
    elif len(name) > 100:
        problems.append("督导组名称过长")
    if year is None or not 2000 <= year <= 2100:
        problems.append("请填写正确的年度")
    if problems or year is None:
        raise DomainError("；".join(problems))
    with transaction.atomic():
        group = InspectionGroup.objects.create(committee_id=committee_id, year=year, name=name, created_by=by)
        record(action="proposals.inspection.group_created", obj=group, by=by, data={"year": year})
    return group


def member_add(
    *, group: InspectionGroup, by: Any, name: str, office: str, title: str = ""
) -> InspectionMember:
    _staff_only(by, group.committee_id)
    name, title = name.strip(), title.strip()
    problems = []
    if not name:
        problems.append("请填写成员姓名")
    if office not in InspectionMember.Office.values:
        problems.append("请选择成员所在的办公室")
    if len(name) > 50 or len(title) > 100:
        problems.append("内容过长")
    if problems:
        raise DomainError("；".join(problems))
    with transaction.atomic():
        row = InspectionMember.objects.create(group=group, name=name, office=office, title=title)
        record(
            action="proposals.inspection.member_added",
            obj=group,
            by=by,
            data={"name": name, "office": row.get_office_display()},
        )
    return row


def _assigned_to(committee_id: int, unit_id: int, ids: list[int]) -> bool:
    """Whether every proposal picked is (still) assigned to the unit."""
    if not ids:
        return True
    assigned = set(
        Assignment.objects.filter(committee_id=committee_id, unit_id=unit_id, proposal_id__in=ids)
        .exclude(state=Assignment.State.WITHDRAWN)
        .values_list("proposal_id", flat=True)
    )
    return assigned == set(ids)


def visit_plan(
    *,
    group: InspectionGroup,
    by: Any,
    unit_id: int | None,
    visit_on: date | None,
    proposal_ids: list[int] | None = None,
) -> InspectionVisit:
    """Plans a visit; the proposals looked at must be ones assigned to that unit."""
    _staff_only(by, group.committee_id)
    problems = []
    unit = (
        HandlingUnit.objects.filter(pk=unit_id, committee_id=group.committee_id).first() if unit_id else None
    )
    if unit is None:
        problems.append("请选择被督导的承办单位")
    if visit_on is None:
        problems.append("请填写督导日期")
    ids = sorted(set(proposal_ids or []))
    if unit is not None and not _assigned_to(group.committee_id, unit.pk, ids):
        problems.append("只能选择交该单位办理的提案")
    if problems or unit is None or visit_on is None:
        raise DomainError("；".join(problems))
    with transaction.atomic():
        visit = InspectionVisit.objects.create(
            committee_id=group.committee_id, group=group, unit=unit, visit_on=visit_on, created_by=by
        )
        visit.proposals.set(ids)
        record(
            action="proposals.inspection.visit_planned",
            obj=visit,
            by=by,
            data={"unit": unit.name, "visit_on": str(visit_on), "proposals": len(ids)},
        )
        reindex("inspection", visit.pk)
    return visit


def visit_proposals_set(*, visit: InspectionVisit, by: Any, proposal_ids: list[int]) -> InspectionVisit:
    """Before the visit, the office picks which of the unit's proposals the group looks at."""
    _staff_only(by, visit.committee_id)
    if visit.state != S.PLANNED:
        raise DomainError("督导意见已记录，不能再更改查看的提案")
    ids = sorted(set(proposal_ids))
    if not _assigned_to(visit.committee_id, visit.unit_id, ids):
        raise DomainError("只能选择交该单位办理的提案")
    with transaction.atomic():
        visit.proposals.set(ids)
        record(action="proposals.inspection.proposals_picked", obj=visit, by=by, data={"proposals": len(ids)})
    return visit


def findings_record(
    *, visit: InspectionVisit, by: Any, findings: str, rating: str, reply_due: date | None = None
) -> InspectionVisit:
    _staff_only(by, visit.committee_id)
    if visit.state != S.PLANNED:
        raise DomainError("该次督导已记录督导意见，不能再次记录")
    findings = findings.strip()
    problems = []
    if len(findings) < 5:
        problems.append("请填写督导意见（至少5个字）")
    elif len(findings) > 5000:
        problems.append("督导意见过长")
    if rating not in InspectionVisit.Rating.values:
        problems.append("请选择评价：好、较好、一般或差")
    if reply_due is not None and reply_due < timezone.localdate():
        problems.append("回复期限不能早于今天")
    if problems:
        raise DomainError("；".join(problems))
    now = timezone.now()
    with transaction.atomic():
        updated = InspectionVisit.objects.filter(pk=visit.pk, state=S.PLANNED).update(
            state=S.AWAITING,
            findings=findings,
            rating=rating,
            reply_due=reply_due,
            findings_by=by,
            findings_at=now,
        )
        if updated != 1:
            raise Conflict()
        visit.state, visit.findings, visit.rating, visit.reply_due = S.AWAITING, findings, rating, reply_due
        visit.findings_by, visit.findings_at = by, now
        record(
            action="proposals.inspection.findings_recorded",
            obj=visit,
            by=by,
            data={"rating": visit.get_rating_display(), "reply_due": str(reply_due or "")},
        )
        reindex("inspection", visit.pk)
    url = reverse("proposals:inspection_visit", args=[visit.pk])
    due = f"，请于{reply_due:%Y年%m月%d日}前回复" if reply_due else "，请回复"
    transaction.on_commit(
        lambda: [
            notify(
                recipient=user,
                key=f"proposals.inspection.{visit.pk}.findings",
                title="督导组反馈待回复",
                body=f"督导组对本单位提案办理工作提出了督导意见{due}。",
                url=url,
                committee_id=visit.committee_id,
            )
            for user in unit_users(visit.committee_id, [visit.unit_id])
        ]
    )
    return visit


def reply_record(*, visit: InspectionVisit, by: Any, reply: str) -> InspectionVisit:
    if visit.unit_id not in user_units(by, visit.committee_id):
        raise NotAllowed("只有被督导单位可以回复督导意见")
    if visit.state != S.AWAITING:
        raise DomainError("该次督导还没有督导意见或已回复，不能回复")
    reply = reply.strip()
    if len(reply) < 5:
        raise DomainError("请填写回复内容（至少5个字）")
    if len(reply) > 5000:
        raise DomainError("回复内容过长")
    now = timezone.now()
    with transaction.atomic():
        updated = InspectionVisit.objects.filter(pk=visit.pk, state=S.AWAITING).update(
            state=S.REPLIED, reply=reply, replied_by=by, replied_at=now
        )
        if updated != 1:
            raise Conflict()
        visit.state, visit.reply, visit.replied_by, visit.replied_at = S.REPLIED, reply, by, now
        record(action="proposals.inspection.replied", obj=visit, by=by)
        reindex("inspection", visit.pk)
    transaction.on_commit(
        lambda: tell_staff(
            committee_id=visit.committee_id,
            key=f"proposals.inspection.{visit.pk}.replied",
            title="承办单位已回复督导意见",
            body=f"{visit.unit.name}已回复督导组的督导意见。",
            url=reverse("proposals:inspection_visit", args=[visit.pk]),
        )
    )
    return visit
