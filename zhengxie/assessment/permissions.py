"""Who sees what of assessment.

The committee's proposal, supervision and activity staff run assessments (schemes, rounds,
results); leaders read them. A rater sees only his own rating tasks. A subject's own accounts (a
handling unit's clerks and leaders) see its score card once the results are published, and may
object within the window. Outside that a record does not exist for the user (404).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import QuerySet
from django.http import Http404

from zhengxie.org.roles import Role
from zhengxie.org.scope import get_for_user, has_role, unit_ids

from .models import Assessment, RaterTask, Subject

MANAGE_ROLES = frozenset({Role.PROPOSAL_STAFF, Role.SUPERVISION_STAFF, Role.ACTIVITY_STAFF})
READ_ROLES = MANAGE_ROLES | {Role.LEADER}


def can_manage(user: Any, committee_id: int) -> bool:
    return has_role(user, committee_id, *MANAGE_ROLES)


def can_read(user: Any, committee_id: int) -> bool:
    return has_role(user, committee_id, *READ_ROLES)


def get_assessment_for_staff(user: Any, pk: Any, *, manage: bool = False) -> Assessment:
    roles = MANAGE_ROLES if manage else READ_ROLES
    return get_for_user(Assessment.objects.select_related("scheme"), user, pk, roles)


def my_tasks(user: Any) -> QuerySet[RaterTask]:
    """The user's own rating tasks, whatever his committee roles."""
    if not getattr(user, "is_authenticated", False):
        return RaterTask.objects.none()
    return RaterTask.objects.filter(rater_id=user.pk)


def get_task_for_rater(user: Any, pk: Any) -> RaterTask:
    try:
        return my_tasks(user).select_related("assessment__scheme", "subject").get(pk=pk)
    except (ObjectDoesNotExist, ValueError, TypeError) as exc:
        raise Http404("未找到该记录") from exc


def own_subjects(user: Any) -> QuerySet[Subject]:
    """Published results of the handling units the user works for."""
    units = unit_ids(user)
    if not units:
        return Subject.objects.none()
    return Subject.objects.filter(handling_unit_id__in=units, assessment__state=Assessment.State.PUBLISHED)


def get_subject_for_user(user: Any, pk: Any) -> tuple[Subject, bool]:
    """The subject and whether the user reads it as staff (True) or as the subject itself."""
    qs = Subject.objects.select_related("assessment__scheme", "committee")
    try:
        subject = qs.get(pk=pk)
    except (ObjectDoesNotExist, ValueError, TypeError) as exc:
        raise Http404("未找到该记录") from exc
    if has_role(user, subject.committee_id, *READ_ROLES):
        return subject, True
    if own_subjects(user).filter(pk=subject.pk).exists():
        return subject, False
    raise Http404("未找到该记录")
