"""Reads of topic groups: the groups a person is in, a group's posts and a post's replies (both
paged by keyset, newest first, in a fixed number of queries), the suggestions."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from .models import Audience, Picture, Post, Suggestion, TopicGroup, Useful
from .permissions import audience_q, memberships, visible_groups


def groups_for(user: Any) -> QuerySet[TopicGroup]:
    return visible_groups(user).select_related("committee")


def open_q() -> Q:
    return Q(is_closed=False) & (Q(closes_at__isnull=True) | Q(closes_at__gt=timezone.now()))


def unposted(user: Any, committee_id: int) -> QuerySet[TopicGroup]:
    """Open groups that admit the user as a member of `committee_id` and where the user has not
    posted yet (the member's home-page task)."""
    rows = [m for m in memberships(user) if m[1] == committee_id]
    admits = audience_q(rows)
    if admits is None:
        return TopicGroup.objects.none()
    return (
        TopicGroup.objects.filter(open_q())
        .filter(Exists(Audience.objects.filter(admits, group=OuterRef("pk"))))
        .exclude(Exists(Post.objects.filter(group=OuterRef("pk"), author_id=user.pk)))
        .select_related("committee")
    )


def draft_suggestions(user: Any, committee_id: int) -> QuerySet[Suggestion]:
    return Suggestion.objects.filter(committee_id=committee_id, state=Suggestion.State.DRAFT).select_related(
        "group"
    )


def _pictures() -> Prefetch[Any]:
    return Prefetch("pictures", queryset=Picture.objects.only("id", "name", "post_id"))


def posts(group: TopicGroup, *, moderator: bool) -> QuerySet[Post]:
    """Top-level posts of the group; hidden ones only for moderators."""
    rows = Post.objects.filter(group=group, parent__isnull=True)
    if not moderator:
        rows = rows.filter(is_hidden=False)
    return rows.select_related("author", "member__sector").prefetch_related(_pictures())


def replies(post: Post, *, moderator: bool) -> QuerySet[Post]:
    rows = Post.objects.filter(parent=post)
    if not moderator:
        rows = rows.filter(is_hidden=False)
    return rows.select_related("author", "member__sector").prefetch_related(_pictures())


def marked(user: Any, items: list[Post]) -> set[int]:
    """Which of `items` the user marked useful (one query)."""
    if not items:
        return set()
    return set(Useful.objects.filter(user_id=user.pk, post__in=items).values_list("post_id", flat=True))


def useful_posts(group: TopicGroup, limit: int = 100) -> list[Post]:
    """The most useful visible posts, the candidates staff distil first."""
    return list(
        Post.objects.filter(group=group, is_hidden=False, useful_count__gt=0)
        .select_related("author")
        .order_by("-useful_count", "-id")[:limit]
    )
