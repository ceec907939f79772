"""Library items (courses, policy documents, reading lists): name, summary, topic and the titles
and text of their lessons."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.html import strip_tags

from zhengxie.search.index import Doc, chunks

from ..models import Course, Lesson
from ..permissions import courses_visible

LABEL = "学习资料"
MODELS = ("learning.course",)


def documents(*, pks: list[int] | None = None, committee_ids: list[int] | None = None) -> Iterator[Doc]:
    qs = Course.objects.only("committee_id", "kind", "title", "summary", "topic", "state", "created_at")
    if pks is not None:
        qs = qs.filter(pk__in=pks)
    if committee_ids is not None:
        qs = qs.filter(committee_id__in=committee_ids)
    for batch in chunks(qs):
        lessons: dict[int, list[str]] = {}
        for course_id, title, body in (
            Lesson.objects.filter(course__in=[c.pk for c in batch])
            .order_by("course_id", "order", "id")
            .values_list("course_id", "title", "body")
        ):
            # Lesson text is sanitised HTML: the index reads its words, not its tags.
            lessons.setdefault(course_id, []).extend([title, strip_tags(body)])
        for c in batch:
            yield Doc(
                kind="course",
                object_id=c.pk,
                committee_id=c.committee_id,
                title=c.title,
                body="\n".join(p for p in (c.topic, c.summary, *lessons.get(c.pk, [])) if p),
                year=c.created_at.year,
                url=reverse("learning:course", args=[c.pk]),
                state=c.get_state_display(),
                category=c.get_kind_display(),
                office_open=c.state == Course.State.PUBLISHED,
            )


def visible_ids(user: Any) -> QuerySet[Any]:
    return courses_visible(user).values("pk")
