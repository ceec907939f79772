"""Assessment's pending items on the home page: a rater's open ratings (every rater, including a
member or a unit's clerk asked to rate) and the staff's objections to decide. Both are `Task`s
whose list page shows exactly the rows counted."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from zhengxie.lib.pending import PendingItem, Task, TaskList
from zhengxie.org.roles import ADMIN_ROLES
from zhengxie.org.scope import roles_in

from .models import Assessment, ConsultationReview, Objection, RaterTask
from .permissions import MANAGE_ROLES


def _to_rate(user: Any, committee_id: int) -> QuerySet[RaterTask]:
    return RaterTask.objects.filter(
        rater_id=user.pk,
        committee_id=committee_id,
        state=RaterTask.State.PENDING,
        assessment__state=Assessment.State.RATING,
    )


def _to_review(user: Any, committee_id: int) -> QuerySet[ConsultationReview]:
    return ConsultationReview.objects.filter(
        rater_id=user.pk, committee_id=committee_id, done_at__isnull=True
    )


def _objections(user: Any, committee_id: int) -> QuerySet[Objection]:
    return Objection.objects.filter(committee_id=committee_id, state=Objection.State.PENDING)


RATE_TASKS = TaskList(
    Task("rate", "待完成的考评评议打分", "assessment:my_tasks", _to_rate, urgent=True),
    Task("consultations", "待评价的协商活动", "assessment:my_tasks", _to_review),
)
OBJECTION_TASKS = TaskList(Task("objections", "待处理的考评异议", "assessment:objections", _objections))


def pending_items(user: Any, committee_id: int) -> list[PendingItem]:
    roles = roles_in(user, committee_id)
    # 三员 administrators hold no business role, so they are never asked to rate.
    if not roles or roles & ADMIN_ROLES:
        return []
    items = RATE_TASKS.pending(user, committee_id, ["rate", "consultations"])
    if roles & MANAGE_ROLES:
        items += OBJECTION_TASKS.pending(user, committee_id, ["objections"])
    return items
