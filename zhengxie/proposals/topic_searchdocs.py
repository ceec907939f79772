"""提案选题 (领导点题、群众荐题) in the search index (settings.SEARCH_PROVIDERS): title, description
and where the public's topic came from; who finds one is who may open it
(`permissions.topics_visible`: the office every topic, members the published ones)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse

from zhengxie.search.index import Doc, chunks

from .models import SuggestedTopic
from .permissions import topics_visible

LABEL = "提案选题"
MODELS = ("proposals.suggestedtopic",)


def documents(*, pks: list[int] | None = None, committee_ids: list[int] | None = None) -> Iterator[Doc]:
    qs = SuggestedTopic.objects.only(
        "committee_id", "year", "source", "title", "description", "category", "source_note", "state"
    )
    if pks is not None:
        qs = qs.filter(pk__in=pks)
    if committee_ids is not None:
        qs = qs.filter(committee_id__in=committee_ids)
    for batch in chunks(qs):
        for t in batch:
            yield Doc(
                kind="topic",
                object_id=t.pk,
                committee_id=t.committee_id,
                title=t.title,
                body="\n".join(x for x in (t.get_source_display(), t.description, t.source_note) if x),
                year=t.year,
                url=reverse("proposals:topic_detail", args=[t.pk]),
                state=t.get_state_display(),
                category=t.category,
                office_open=t.state == SuggestedTopic.State.PUBLISHED,
            )


def visible_ids(user: Any) -> QuerySet[Any]:
    return topics_visible(user).values("pk")
