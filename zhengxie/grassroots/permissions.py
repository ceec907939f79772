"""Who sees which grassroots platform, in the current committee.

The office (activity staff, leaders) sees every platform of the committee; a convener only the
platforms of the groups he or she convenes; a member only the platforms he or she is assigned to.
Anything else is 404. Activity staff and a platform's conveners run it (profile, consultations,
problems); the office assigns members; an assigned member records visits."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from zhengxie.consultations.models import Platform
from zhengxie.consultations.permissions import OFFICE_ROLES, my_member_ids
from zhengxie.org.roles import Role
from zhengxie.org.scope import roles_in
from zhengxie.org.selectors import below_office

from .models import Assignment, Convener

READ_ROLES = OFFICE_ROLES | {Role.CONVENER, Role.MEMBER}


def convened_platforms(user: Any, committee_id: int) -> QuerySet[Platform]:
    groups = Convener.objects.filter(committee_id=committee_id, user_id=user.pk, is_active=True).values(
        "group_id"
    )
    return Platform.objects.filter(committee_id=committee_id, profile__group_id__in=groups)


def assigned_platforms(user: Any, committee_id: int) -> QuerySet[Platform]:
    mine = Assignment.objects.filter(committee_id=committee_id, member_id__in=my_member_ids(user))
    return Platform.objects.filter(committee_id=committee_id, pk__in=mine.values("platform_id"))


def platforms_visible(user: Any, committee_id: int) -> QuerySet[Platform]:
    roles = roles_in(user, committee_id)
    base = Platform.objects.filter(committee_id=committee_id)
    if roles & OFFICE_ROLES:
        return base
    reach = Q(pk__in=[])
    if Role.CONVENER in roles:
        reach |= Q(pk__in=convened_platforms(user, committee_id).values("pk"))
    if Role.MEMBER in roles:
        reach |= Q(pk__in=assigned_platforms(user, committee_id).values("pk"))
    if not roles & READ_ROLES:
        return base.none()
    return base.filter(reach)


def get_platform_for_user(user: Any, pk: Any, committee_id: int) -> Platform:
    platform = platforms_visible(user, committee_id).filter(pk=pk).select_related("profile__group").first()
    if platform is None:
        raise Http404("未找到该记录")
    return platform


def get_platform_to_read(user: Any, pk: Any, committee_id: int) -> Platform:
    """For the pages that only show a platform: one of the current committee the user reaches, or
    one of a committee below the user's office (a city office opens a county's platform that its
    search shows; the page offers it no action, as the user holds no role there)."""
    below = below_office(user, OFFICE_ROLES)
    reach = platforms_visible(user, committee_id)
    if below:
        reach = reach | Platform.objects.filter(committee_id__in=below)
    platform = reach.filter(pk=pk).select_related("profile__group").first()
    if platform is None:
        raise Http404("未找到该记录")
    return platform


def can_run(user: Any, platform: Platform) -> bool:
    """Activity staff of the committee, or an active convener of the platform's group."""
    roles = roles_in(user, platform.committee_id)
    if Role.ACTIVITY_STAFF in roles:
        return True
    if Role.CONVENER not in roles:
        return False
    return convened_platforms(user, platform.committee_id).filter(pk=platform.pk).exists()


def is_assigned(user: Any, platform: Platform) -> bool:
    return Assignment.objects.filter(platform=platform, member_id__in=my_member_ids(user)).exists()
