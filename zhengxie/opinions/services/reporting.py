"""Reporting an issued item (报送): to the party committee, the government, a department, or the
parent committee of the same deployment — where it arrives in the information centre's queue
as a new incoming item that keeps the chain to its origin (domain.md §2.3–2.5). Recipients
outside the platform answer on paper; the centre records their answer with `report_decide`."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from zhengxie.audit.services import record
from zhengxie.lib.errors import DomainError
from zhengxie.lib.workflow import transition
from zhengxie.org.models import Committee, HandlingUnit
from zhengxie.search.index import reindex

from ..models import Adoption, Author, Opinion, Report, Revision
from ..permissions import actor_roles
from ..workflow import LABELS, TABLE
from . import adoption as scoring
from .common import notify_authors, notify_info_staff, require_info_staff

S = Opinion.State
T = Report.Target
REPORTABLE = (S.ISSUED, S.REPORTED)


def report_send(
    *,
    opinion: Opinion,
    by: Any,
    target: str,
    target_name: str = "",
    department: HandlingUnit | None = None,
) -> Report:
    """Send the issued item to one recipient; to the parent committee it becomes an incoming item."""
    require_info_staff(by, opinion.committee_id)
    if opinion.state not in REPORTABLE:
        raise DomainError(f"当前状态为“{LABELS[opinion.state]}”，编发后才能报送")
    parent: Committee | None = None
    if target == T.PARENT:
        own = Committee.objects.select_related("parent").get(pk=opinion.committee_id)
        parent = own.parent
        if parent is None:
            raise DomainError("本政协没有上级政协，不能向上报送")
        target_name = parent.name
    elif target == T.DEPARTMENT:
        if department is None or department.committee_id != opinion.committee_id or not department.is_active:
            raise DomainError("请选择本政协的有效部门")
        target_name = department.name
    elif target in (T.PARTY, T.GOVERNMENT):
        target_name = target_name.strip()
        if not target_name or len(target_name) > 100:
            raise DomainError("请填写接收单位（不超过100个字）")
    else:
        raise DomainError("请选择报送对象")
    try:
        with transaction.atomic():
            report = Report.objects.create(
                committee_id=opinion.committee_id,
                opinion=opinion,
                target=target,
                target_name=target_name,
                department=department if target == T.DEPARTMENT else None,
                parent_committee=parent,
                reported_by=by,
            )
            if opinion.state == S.ISSUED:
                transition(
                    opinion,
                    table=TABLE,
                    to=S.REPORTED,
                    by=by,
                    roles=actor_roles(by, opinion),
                    state_labels=LABELS,
                )
            record(
                action="opinions.report.sent",
                obj=opinion,
                by=by,
                data={"report": report.pk, "target": target, "to": target_name},
            )
            if parent is not None:
                _arrive(report, opinion, parent, by)
    except IntegrityError:
        raise DomainError(f"已向“{target_name}”报送过该信息") from None
    return report


def _arrive(report: Report, opinion: Opinion, parent: Committee, by: Any) -> Opinion:
    """The copy in the parent committee's queue: same text, same authors, chain to the origin."""
    incoming = Opinion.objects.create(
        committee=parent,
        title=opinion.title,
        body=opinion.body,
        channel=Opinion.Channel.LOWER,
        unit_id=None,
        origin_id=opinion.root_id,
        reported_via=report,
        state=S.RECEIVED,
        year=timezone.localdate().year,
        created_by=by,
        submitted_at=timezone.now(),
    )
    Author.objects.bulk_create(
        Author(opinion=incoming, member_id=row.member_id, order=row.order)
        for row in opinion.author_rows.all()
    )
    Revision.objects.create(
        opinion=incoming,
        number=1,
        title=incoming.title,
        body=incoming.body,
        note=f"{report.committee}报送",
        edited_by=by,
    )
    reindex("opinion", incoming.pk)
    record(
        action="opinions.opinion.arrived",
        obj=incoming,
        by=by,
        data={"report": report.pk, "origin": incoming.origin_id},
    )
    notify_info_staff(
        parent.pk,
        key=f"arrived:{incoming.pk}",
        title=f"下级政协报送的社情民意信息：{incoming.title[:40]}",
        url=reverse("opinions:detail", args=[incoming.pk]),
    )
    return incoming


DECISIONS = (Report.Status.ADOPTED, Report.Status.SPECIAL, Report.Status.FORWARDED, Report.Status.NOT_USED)


def report_decide(*, report: Report, by: Any, status: str, note: str = "") -> Report:
    """Record a recipient's answer (党委、政府、部门). The parent committee answers in the platform."""
    require_info_staff(by, report.committee_id)
    if report.target == T.PARENT:
        raise DomainError("上级政协的处理情况由上级政协在平台中办理后自动反馈")
    if status not in DECISIONS:
        raise DomainError("请选择反馈结果")
    if report.status != Report.Status.PENDING:
        raise DomainError("该报送已有反馈结果")
    with transaction.atomic():
        updated = Report.objects.filter(pk=report.pk, status=Report.Status.PENDING).update(
            status=status, status_note=note.strip()[:200], decided_at=timezone.now()
        )
        if updated != 1:
            raise DomainError("此事项已被他人处理，请刷新")
        report.status = status
        record(
            action="opinions.report.decided", obj=report, by=by, data={"status": status, "note": note[:200]}
        )
        opinion = report.opinion
        if status != Report.Status.NOT_USED:
            kind = Adoption.Kind.FORWARDED if status == Report.Status.FORWARDED else Adoption.Kind.ADOPTED
            committee = Committee.objects.get(pk=report.committee_id)
            root_committee = opinion.origin.committee_id if opinion.origin_id else opinion.committee_id  # type: ignore[union-attr]
            scoring.adoption_store(
                opinion,
                by=by,
                level=scoring.level_between(committee, root_committee),
                kind=kind,
                recipient=report.target_name,
                adopted_on=timezone.localdate(),
                issue_label=note.strip()[:60],
            )
        else:
            notify_authors(
                opinion,
                key=f"report:{report.pk}:not_used",
                title=f"{report.target_name}：未采用《{opinion.title[:30]}》",
            )
    return report
