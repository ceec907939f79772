"""Who reaches a working group: its members read and write its messages and attachments; the
group's owner and the office of its committee (staff and leaders) maintain the member list. Anyone
else gets 404 for the group, its messages and its files, as if they did not exist."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404

from zhengxie.org.roles import STAFF_ROLES, Role
from zhengxie.org.scope import committee_ids, has_role

from .models import Group, GroupMember

# The office: they form groups of any kind, maintain every group's members and the settings.
OFFICE_ROLES = tuple(sorted(STAFF_ROLES))
# Who may read the contact directory of a committee.
DIRECTORY_ROLES = (Role.MEMBER, *OFFICE_ROLES)


def visible_groups(user: Any) -> QuerySet[Group]:
    """Groups the user is a member of (the only way to read a group's messages)."""
    if not getattr(user, "is_authenticated", False):
        return Group.objects.none()
    return Group.objects.filter(Exists(GroupMember.objects.filter(group=OuterRef("pk"), user_id=user.pk)))


def managed_groups(user: Any) -> QuerySet[Group]:
    """Groups of the committees where the user is office staff (member lists only)."""
    office = committee_ids(user, OFFICE_ROLES)
    return Group.objects.filter(committee_id__in=office)


def get_group_for_user(user: Any, pk: Any) -> Group:
    try:
        return visible_groups(user).select_related("committee").get(pk=pk)
    except (Group.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("未找到该记录") from exc


def get_managed_group(user: Any, pk: Any) -> Group:
    """A group the user is in or maintains as office staff; else 404."""
    try:
        group = Group.objects.select_related("committee").get(pk=pk)
    except (Group.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("未找到该记录") from exc
    if not (is_office(user, group) or GroupMember.objects.filter(group=group, user_id=user.pk).exists()):
        raise Http404("未找到该记录")
    return group


def is_office(user: Any, group: Group) -> bool:
    return has_role(user, group.committee_id, *OFFICE_ROLES)


def can_manage(user: Any, group: Group) -> bool:
    """The owner and the committee's office add and remove members."""
    return group.owner_id == user.pk or is_office(user, group)
