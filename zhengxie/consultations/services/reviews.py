"""Quality gates of a consultation (seeds 001–003): the research plan is reviewed before research
starts (开题评审), the work plan (方案评审) and the research report (报告评审) of a key
consultation by named reviewers — the committee's leaders and activity staff — each with a
comment and a decision (通过 / 需修改). A step cannot be left while one of its reviews waits or
asks for revision (`gate`, called by `plans.consultation_advance`), and no research report is
added while the research plan has not passed (`opening_gate`). Reviewers find the work on their
home page and are told by a notice; the staff who asked are told of each decision."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from zhengxie.audit.services import record
from zhengxie.lib.errors import DomainError
from zhengxie.notices.services import notify
from zhengxie.org.models import RoleAssignment
from zhengxie.org.roles import Role

from ..models import Consultation, Document, Review, Step

K = Review.Kind
D = Review.Decision

# The step whose advance each review holds, and the document it reviews.
STEP_OF = {K.OPENING: Step.RESEARCH, K.SCHEME: Step.SCHEME, K.REPORT: Step.RESEARCH}
DOCUMENT_OF = {
    K.OPENING: (Document.Kind.OPENING, "开题报告"),
    K.SCHEME: (Document.Kind.SCHEME, "工作方案"),
    K.REPORT: (Document.Kind.RESEARCH, "调研报告"),
}
REVIEWER_ROLES = (Role.LEADER, Role.ACTIVITY_STAFF)


def reviewers_of(committee_id: int) -> QuerySet[Any]:
    """Who may be named a reviewer: the committee's leaders and activity staff."""
    holders = RoleAssignment.objects.filter(committee_id=committee_id, role__in=REVIEWER_ROLES)
    return get_user_model().objects.filter(pk__in=holders.values("user_id"), is_active=True).order_by("id")


def review_request(
    *, consultation: Consultation, by: Any, kind: str, reviewer_ids: list[Any]
) -> list[Review]:
    """Send the step's document to the named reviewers; a reviewer who asked for revision reviews
    again (next round)."""
    if kind not in K.values:
        raise DomainError("请选择评审类型")
    step = STEP_OF[K(kind)]
    if consultation.state != step:
        raise DomainError(f"{K(kind).label}须在“{Step(step).label}”步骤进行")
    doc_kind, doc_label = DOCUMENT_OF[K(kind)]
    if not consultation.documents.filter(kind=doc_kind).exists():
        raise DomainError(f"请先添加{doc_label}，再送评审")
    try:
        ids = {int(i) for i in reviewer_ids}
    except (TypeError, ValueError):
        raise DomainError("请选择评审人") from None
    if not ids:
        raise DomainError("请至少选择一位评审人")
    people = list(reviewers_of(consultation.committee_id).filter(pk__in=ids))
    if len(people) != len(ids):
        raise DomainError("评审人须是本政协的领导或会议活动工作人员")
    now = timezone.now()
    url = reverse("consultations:consultation_detail", args=[consultation.pk])
    done: list[Review] = []
    with transaction.atomic():
        existing = {r.reviewer_id: r for r in Review.objects.filter(consultation=consultation, kind=kind)}
        for person in people:
            review = existing.get(person.pk)
            if review is not None and review.decision != D.REVISE:
                continue  # already waiting or passed
            if review is None:
                review = Review.objects.create(
                    committee_id=consultation.committee_id, consultation=consultation, kind=kind,
                    reviewer=person, requested_by=by, requested_at=now,
                )  # fmt: skip
            else:
                review.round += 1
                Review.objects.filter(pk=review.pk).update(
                    decision=D.PENDING, decided_at=None, round=review.round, requested_by=by, requested_at=now
                )
                review.decision = D.PENDING
            record(
                action="consultations.review.requested",
                obj=review,
                by=by,
                data={"kind": kind, "reviewer": person.pk, "round": review.round},
            )
            notify(
                recipient=person,
                key=f"consultations.review.{review.pk}.{review.round}",
                title=f"请评审：{consultation.title}（{K(kind).label}）",
                body=f"请阅{doc_label}后填写评审意见和结论（通过或需修改）。",
                url=url,
                committee_id=consultation.committee_id,
            )
            done.append(review)
    if not done:
        raise DomainError("所选评审人均已在评审中或已通过")
    return done


def review_decide(*, review: Review, by: Any, decision: str, comment: str) -> Review:
    """The reviewer's decision and comment; the staff who asked are told."""
    if review.reviewer_id != getattr(by, "pk", None):
        raise DomainError("只有评审人本人可以填写评审意见")
    if review.decision != D.PENDING:
        raise DomainError("该评审已完成")
    if decision not in (D.PASS, D.REVISE):
        raise DomainError("请选择评审结论")
    comment = comment.strip()
    if not comment:
        raise DomainError("请填写评审意见")
    if len(comment) > 5000:
        raise DomainError("评审意见不能超过5000个字")
    consultation = review.consultation
    if consultation.state != STEP_OF[K(review.kind)]:
        raise DomainError("协商已离开该步骤，不能再评审")
    with transaction.atomic():
        now = timezone.now()
        changed = Review.objects.filter(pk=review.pk, decision=D.PENDING).update(
            decision=decision, comment=comment, decided_at=now
        )
        if changed != 1:
            raise DomainError("此事项已被他人处理，请刷新")
        review.decision, review.comment, review.decided_at = decision, comment, now
        record(
            action="consultations.review.decided",
            obj=review,
            by=by,
            data={"kind": review.kind, "decision": decision, "round": review.round},
        )
        notify(
            recipient=review.requested_by,
            key=f"consultations.review.decided.{review.pk}.{review.round}",
            title=f"{consultation.title}：{review.get_kind_display()}{review.get_decision_display()}",
            body=comment[:200],
            url=reverse("consultations:consultation_detail", args=[consultation.pk]),
            committee_id=consultation.committee_id,
        )
    return review


def open_reviews(consultation: Consultation, kinds: Sequence[str]) -> dict[str, int]:
    """How many reviews of these kinds wait and how many ask for revision."""
    rows = Review.objects.filter(consultation=consultation, kind__in=kinds).exclude(decision=D.PASS)
    waiting = revise = 0
    for decision in rows.values_list("decision", flat=True):
        if decision == D.REVISE:
            revise += 1
        else:
            waiting += 1
    return {"waiting": waiting, "revise": revise}


def gate(consultation: Consultation) -> None:
    """Refuse leaving the step while one of its reviews is not passed."""
    kinds = [k for k, step in STEP_OF.items() if step == consultation.state]
    if not kinds:
        return
    found = open_reviews(consultation, kinds)
    if found["waiting"] or found["revise"]:
        parts = []
        if found["waiting"]:
            parts.append(f"{found['waiting']}位评审人尚未评审")
        if found["revise"]:
            parts.append(f"{found['revise']}位评审人要求修改")
        raise DomainError(f"本步骤的评审尚未通过（{'，'.join(parts)}），不能进入下一步")


def opening_gate(consultation: Consultation) -> None:
    """No research report while the research plan's review is waiting or asks for revision."""
    found = open_reviews(consultation, [K.OPENING])
    if found["waiting"] or found["revise"]:
        raise DomainError("开题报告评审通过后才能提交调研报告")


def pending_for(user: Any, committee_id: int | None) -> QuerySet[Review]:
    """Reviews waiting for this reviewer, of consultations still at the reviewed step (in one
    committee, or in all of them when `committee_id` is None — the phone's list)."""
    at_step = Q(kind=K.SCHEME, consultation__state=Step.SCHEME) | Q(
        kind__in=[K.OPENING, K.REPORT], consultation__state=Step.RESEARCH
    )
    rows = Review.objects.filter(at_step, reviewer_id=getattr(user, "pk", None), decision=D.PENDING)
    return rows if committee_id is None else rows.filter(committee_id=committee_id)
