"""Reads of group exchange: a person's groups with their unread counts, the unread messages (the
home page's 未读消息 and the menu badge count the same rows), a conversation's pages (keyset,
newest first) and the messages after an id (polling), each in a fixed number of queries."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from zhengxie.lib.pending import COUNT_CAP

from .models import Attachment, Group, GroupMember, Message
from .permissions import managed_groups, visible_groups

POLL_LIMIT = 50


def groups_for(user: Any) -> QuerySet[Group]:
    """The user's groups, each with `unread` (messages by others after his last read one)."""
    last_read = GroupMember.objects.filter(group=OuterRef("group"), user_id=user.pk).values("last_read_id")[
        :1
    ]
    unread = (
        Message.objects.filter(group=OuterRef("pk"), pk__gt=Subquery(last_read))
        .exclude(author_id=user.pk)
        .order_by()
        .values("group")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        visible_groups(user)
        .select_related("committee")
        .annotate(unread=Coalesce(Subquery(unread, output_field=IntegerField()), Value(0)))
    )


def committee_groups(user: Any, committee_id: int) -> QuerySet[Group]:
    """The groups of a committee the user maintains as office staff (names and member counts)."""
    return managed_groups(user).filter(committee_id=committee_id).select_related("owner")


def unread_messages(user: Any, committee_id: int) -> QuerySet[Message]:
    """Messages by others, in the user's groups of the committee, after his last read one."""
    mine = GroupMember.objects.filter(
        group=OuterRef("group"), user_id=user.pk, last_read_id__lt=OuterRef("pk")
    )
    return (
        Message.objects.filter(committee_id=committee_id)
        .filter(Exists(mine))
        .exclude(author_id=user.pk)
        .select_related("group", "author")
    )


def unread_total(user: Any, committee_id: int | None = None) -> int:
    """The unread count (capped like the home page's counts); all committees when None."""
    mine = GroupMember.objects.filter(
        group=OuterRef("group"), user_id=user.pk, last_read_id__lt=OuterRef("pk")
    )
    rows = Message.objects.filter(Exists(mine)).exclude(author_id=user.pk)
    if committee_id is not None:
        rows = rows.filter(committee_id=committee_id)
    return rows.order_by().values("pk")[:COUNT_CAP].count()


def _attachments() -> Prefetch[Any]:
    return Prefetch("attachments", queryset=Attachment.objects.only("id", "name", "size", "message_id"))


def messages(group: Group) -> QuerySet[Message]:
    return Message.objects.filter(group=group).select_related("author").prefetch_related(_attachments())


def messages_after(group: Group, after: int, limit: int = POLL_LIMIT) -> list[Message]:
    """The first `limit` messages after id `after`, oldest first (what a poll brings)."""
    return list(messages(group).filter(pk__gt=after).order_by("id")[:limit])


def last_read(group: Group, user: Any) -> int:
    return (
        GroupMember.objects.filter(group=group, user_id=user.pk)
        .values_list("last_read_id", flat=True)
        .first()
        or 0
    )


def members(group: Group) -> QuerySet[GroupMember]:
    return GroupMember.objects.filter(group=group).select_related("user", "member__sector").order_by("id")
