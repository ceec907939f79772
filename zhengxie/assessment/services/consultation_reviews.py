"""Third-party rating of consultations on the committee's 100-point rubric (seed 000)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from zhengxie.audit.services import record
from zhengxie.consultations.models import Consultation
from zhengxie.consultations.services import quality
from zhengxie.lib.errors import DomainError, NotAllowed

from ..models import (
    ConsultationReview,
    RaterGroup,
)
from .common import _require_staff, notify_user
from .rounds import group_users

# --- third-party rating of consultations --------------------------------------------------------------


def consultation_review_invite(*, consultation: Consultation, by: Any) -> int:
    """Ask every third-party rater of the committee to rate the consultation; each is notified
    once and sees the task on its rating page. Returns how many were newly asked."""
    _require_staff(by, consultation.committee_id)
    if consultation.state not in quality.RATABLE:
        raise DomainError("会议召开并报送成果后才能请第三方评价")
    raters = group_users(consultation.committee_id, RaterGroup.EXTERNAL)
    if not raters:
        raise DomainError("本政协还没有第三方评议员账号，请安全管理员授予")
    asked = set(
        ConsultationReview.objects.filter(consultation=consultation).values_list("rater_id", flat=True)
    )
    new = [u for u in raters if u.pk not in asked]
    with transaction.atomic():
        ConsultationReview.objects.bulk_create(
            ConsultationReview(
                committee_id=consultation.committee_id, consultation=consultation, rater=u, invited_by=by
            )
            for u in new
        )
        record(
            action="assessment.consultation_review.invited",
            obj=consultation,
            by=by,
            data={"raters": [u.pk for u in new]},
        )
        for u in new:
            notify_user(
                u.pk,
                key=f"assessment:consultation:{consultation.pk}:{u.pk}",
                title=f"请评价协商活动：{consultation.title}",
                url=reverse("assessment:rate_consultation", args=[consultation.pk]),
                committee_id=consultation.committee_id,
            )
    return len(new)


def consultation_review_submit(
    *, review: ConsultationReview, by: Any, scores: dict[str, Any], comment: str
) -> ConsultationReview:
    """The third party's scores on the rubric, stored as the consultation's own rating."""
    if review.rater_id != getattr(by, "pk", None):
        raise NotAllowed()
    with transaction.atomic():
        quality.rating_save(consultation=review.consultation, by=by, scores=scores, comment=comment)
        ConsultationReview.objects.filter(pk=review.pk).update(done_at=timezone.now())
        review.refresh_from_db()
    return review
