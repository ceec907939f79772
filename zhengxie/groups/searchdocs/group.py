"""Topic groups: the theme, its explanation and the posts that are not hidden."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse

from zhengxie.search.index import Doc, chunks

from ..models import Post, TopicGroup
from ..permissions import visible_groups

LABEL = "主题议政"
MODELS = ("groups.topicgroup",)


def documents(*, pks: list[int] | None = None, committee_ids: list[int] | None = None) -> Iterator[Doc]:
    qs = TopicGroup.objects.only("committee_id", "title", "description", "kind", "is_closed", "created_at")
    if pks is not None:
        qs = qs.filter(pk__in=pks)
    if committee_ids is not None:
        qs = qs.filter(committee_id__in=committee_ids)
    for batch in chunks(qs):
        posts: dict[int, list[str]] = {}
        for group_id, body in (
            Post.objects.filter(group__in=[g.pk for g in batch], is_hidden=False)
            .order_by("id")
            .values_list("group_id", "body")
        ):
            posts.setdefault(group_id, []).append(body)
        for g in batch:
            yield Doc(
                kind="topicgroup",
                object_id=g.pk,
                committee_id=g.committee_id,
                title=g.title,
                body="\n".join([g.description, *posts.get(g.pk, [])]),
                year=g.created_at.year,
                url=reverse("groups:detail", args=[g.pk]),
                state="已关闭" if g.is_closed else "进行中",
                category=g.get_kind_display(),
            )


def visible_ids(user: Any) -> QuerySet[Any]:
    return visible_groups(user).values("pk")
