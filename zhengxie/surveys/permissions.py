"""Who sees a survey: the office of its committee (staff and leaders: they build, open, remind and
read results) always; the people its audience names once it is open — the committee's members
(or those of chosen sectors or special committees) and the accounts of chosen handling units.
Everyone else gets 404."""

from __future__ import annotations

from functools import reduce
from operator import or_
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from zhengxie.org.models import Member
from zhengxie.org.roles import STAFF_ROLES, UNIT_ROLES
from zhengxie.org.scope import assignments, committee_ids, has_role

from .models import Audience, Survey

OFFICE_ROLES = tuple(STAFF_ROLES)


def _memberships(user: Any) -> list[tuple[int, int, int, int | None]]:
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_zx_survey_memberships", None)
    if cached is None:
        cached = list(
            Member.objects.filter(person__user_id=user.pk, is_active=True).values_list(
                "pk", "committee_id", "sector_id", "special_committee_id"
            )
        )
        user._zx_survey_memberships = cached
    return cached


def _audience_q(user: Any, committee_id: int | None = None) -> Q | None:
    """Audience rows (joined from the survey) that admit the user."""
    parts: list[Q] = []
    for _, committee, sector, special in _memberships(user):
        if committee_id is not None and committee != committee_id:
            continue
        narrowed = Q(sector__isnull=True, special_committee__isnull=True, unit__isnull=True) | Q(
            sector_id=sector
        )
        if special is not None:
            narrowed |= Q(special_committee_id=special)
        parts.append(Q(survey__committee_id=committee) & narrowed)
    units = [
        (c, u)
        for c, r, u in assignments(user)
        if r in UNIT_ROLES and u is not None and (committee_id is None or c == committee_id)
    ]
    for c, u in units:
        parts.append(Q(survey__committee_id=c, unit_id=u))
    return reduce(or_, parts) if parts else None


def asked(user: Any, committee_id: int | None = None) -> QuerySet[Survey]:
    """Surveys (not drafts) whose audience admits the user."""
    admits = _audience_q(user, committee_id)
    if admits is None:
        return Survey.objects.none()
    return Survey.objects.exclude(state=Survey.State.DRAFT).filter(
        Exists(Audience.objects.filter(admits, survey=OuterRef("pk")))
    )


def visible_surveys(user: Any) -> QuerySet[Survey]:
    office = committee_ids(user, OFFICE_ROLES)
    condition = Q(committee_id__in=office) if office else Q(pk__in=[])
    admits = _audience_q(user)
    if admits is not None:
        condition = condition | (
            ~Q(state=Survey.State.DRAFT) & Q(Exists(Audience.objects.filter(admits, survey=OuterRef("pk"))))
        )
    return Survey.objects.filter(condition)


def get_survey_for_user(user: Any, pk: Any) -> Survey:
    try:
        return visible_surveys(user).select_related("committee").get(pk=pk)
    except (Survey.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("未找到该记录") from exc


def is_office(user: Any, survey: Survey) -> bool:
    return has_role(user, survey.committee_id, *OFFICE_ROLES)


def is_asked(user: Any, survey: Survey) -> bool:
    return asked(user, survey.committee_id).filter(pk=survey.pk).exists()


def member_of(user: Any, committee_id: int) -> int | None:
    for member_id, committee, _, _ in _memberships(user):
        if committee == committee_id:
            return member_id
    return None
