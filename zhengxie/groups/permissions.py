"""Who may see a topic group: the members its audience rows name, and the office of the group's
committee (its staff and leaders), who also moderate. Everyone else gets 404 for the group, its
posts, pictures and suggestions, as if they did not exist."""

from __future__ import annotations

from functools import reduce
from operator import or_
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from zhengxie.org.models import Member
from zhengxie.org.roles import Role
from zhengxie.org.scope import committee_ids, has_role

from .models import Audience, Post, TopicGroup

# The office: they create groups, moderate and distil suggestions.
OFFICE_ROLES = (Role.ACTIVITY_STAFF, Role.INFO_STAFF, Role.LEADER)

Membership = tuple[int, int, int, int | None]  # (member id, committee, sector, special committee)


def memberships(user: Any) -> list[Membership]:
    """The user's active memberships, loaded once per user object."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached: list[Membership] | None = getattr(user, "_zx_groups_memberships", None)
    if cached is None:
        cached = list(
            Member.objects.filter(person__user_id=user.pk, is_active=True).values_list(
                "pk", "committee_id", "sector_id", "special_committee_id"
            )
        )
        user._zx_groups_memberships = cached
    return cached


def audience_q(rows: list[Membership]) -> Q | None:
    """Audience rows that admit one of `rows`."""
    if not rows:
        return None
    parts = []
    for _, committee, sector, special in rows:
        narrowed = Q(sector__isnull=True, special_committee__isnull=True) | Q(sector_id=sector)
        if special is not None:
            narrowed |= Q(special_committee_id=special)
        parts.append(Q(committee_id=committee) & narrowed)
    return reduce(or_, parts)


def visible_groups(user: Any) -> QuerySet[TopicGroup]:
    """Groups the user is in (audience) or moderates (office of the group's committee)."""
    office = committee_ids(user, OFFICE_ROLES)
    condition = Q(committee_id__in=office) if office else Q(pk__in=[])
    admits = audience_q(memberships(user))
    if admits is not None:
        condition = condition | Q(Exists(Audience.objects.filter(admits, group=OuterRef("pk"))))
    return TopicGroup.objects.filter(condition)


def get_group_for_user(user: Any, pk: Any) -> TopicGroup:
    try:
        return visible_groups(user).select_related("committee").get(pk=pk)
    except (TopicGroup.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("未找到该记录") from exc


def get_post_for_user(user: Any, pk: Any) -> Post:
    """A post of a group the user may see; a hidden post only for the office."""
    try:
        post = Post.objects.select_related("group", "author", "parent", "member__sector").get(pk=pk)
    except (Post.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("未找到该记录") from exc
    group = get_group_for_user(user, post.group_id)
    if post.is_hidden and not is_moderator(user, group):
        raise Http404("未找到该记录")
    post.group = group
    return post


def is_moderator(user: Any, group: TopicGroup) -> bool:
    return has_role(user, group.committee_id, *OFFICE_ROLES)


def member_in(user: Any, group: TopicGroup) -> int | None:
    """The id of the user's membership that the group admits, if any (one query)."""
    admits = audience_q(memberships(user))
    if admits is None:
        return None
    rows = Audience.objects.filter(admits, group=group).values_list(
        "committee_id", "sector_id", "special_committee_id"
    )
    for committee, sector, special in rows:
        for member_id, c, s, sc in memberships(user):
            if c == committee and (
                (sector is None and special is None) or sector == s or (special is not None and special == sc)
            ):
                return member_id
    return None
