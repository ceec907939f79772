"""A subject's objection to its published result and the staff's decision."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from zhengxie.audit.services import record
from zhengxie.lib.errors import DomainError
from zhengxie.org.models import RoleAssignment

from ..formulas import pts
from ..models import (
    Assessment,
    Indicator,
    Objection,
    Score,
    Subject,
)
from ..permissions import MANAGE_ROLES
from .common import _q, _require_staff, notify_user, rank_subjects

# --- objections -------------------------------------------------------------------------------------


def objection_raise(*, subject: Subject, reason: str, by: Any) -> Objection:
    assessment = subject.assessment
    if assessment.state != Assessment.State.PUBLISHED or assessment.objection_until is None:
        raise DomainError("考评结果尚未公布，不能提出异议")
    if timezone.localdate() > assessment.objection_until:
        raise DomainError(f"异议期已于{assessment.objection_until:%Y年%m月%d日}结束")
    if not reason.strip():
        raise DomainError("请写明异议理由")
    if Objection.objects.filter(subject=subject, state=Objection.State.PENDING).exists():
        raise DomainError("已有一项异议正在处理，请等待处理结果")
    with transaction.atomic():
        objection = Objection.objects.create(
            committee_id=subject.committee_id, subject=subject, reason=reason.strip()[:2000], raised_by=by
        )
        record(action="assessment.objection.raised", obj=objection, by=by, data={"subject": subject.name})
        staff = RoleAssignment.objects.filter(
            committee_id=subject.committee_id, role__in=MANAGE_ROLES
        ).values_list("user_id", flat=True)
        for user_id in sorted(set(staff)):
            notify_user(
                user_id,
                key=f"assessment:objection:{objection.pk}:{user_id}",
                title=f"考评异议待处理：{subject.name}",
                url=reverse("assessment:card", args=[subject.pk]),
                committee_id=subject.committee_id,
            )
    return objection


def objection_decide(
    *,
    objection: Objection,
    accept: bool,
    decision: str,
    by: Any,
    indicator: Indicator | None = None,
    value: Any = None,
) -> Objection:
    """Staff's decision. Accepting may correct one indicator's points (then the totals, ranks and
    grades are recomputed); the old and new points are in the audit event."""
    subject = objection.subject
    _require_staff(by, subject.committee_id)
    if objection.state != Objection.State.PENDING:
        raise DomainError("该异议已处理")
    if not decision.strip():
        raise DomainError("请填写处理意见")
    data: dict[str, Any] = {"subject": subject.name, "accepted": accept}
    with transaction.atomic():
        if accept and indicator is not None:
            if indicator.scheme_id != subject.assessment.scheme_id or indicator.is_group:
                raise DomainError("请选择本方案的二级指标")
            try:
                points = Decimal(str(value).strip())
            except (InvalidOperation, ValueError):
                raise DomainError("请填写更正后的得分") from None
            if not points.is_finite() or points < 0 or points > indicator.points:
                raise DomainError(f"得分须在0至{pts(indicator.points)}分之间")
            score = Score.objects.filter(subject=subject, indicator=indicator).first()
            data.update(
                indicator=indicator.name, old=str(score.value) if score else None, new=str(_q(points))
            )
            Score.objects.update_or_create(
                subject=subject,
                indicator=indicator,
                defaults={
                    "committee_id": subject.committee_id,
                    "value": _q(points),
                    "note": f"异议更正：{decision.strip()}",
                    "by": by,
                },
            )
            rank_subjects(subject.assessment)
        updated = Objection.objects.filter(pk=objection.pk, state=Objection.State.PENDING).update(
            state=Objection.State.ACCEPTED if accept else Objection.State.REFUSED,
            decision=decision.strip()[:2000],
            decided_by=by,
            decided_at=timezone.now(),
        )
        if not updated:
            raise DomainError("该异议已处理")
        objection.refresh_from_db()
        record(action="assessment.objection.decided", obj=objection, by=by, data=data)
        notify_user(
            objection.raised_by_id,
            key=f"assessment:objection:{objection.pk}:decided",
            title=f"考评异议处理结果：{objection.get_state_display()}",
            body=objection.decision,
            url=reverse("assessment:card", args=[subject.pk]),
            committee_id=subject.committee_id,
        )
    return objection
