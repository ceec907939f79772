"""Questionnaires in the search index (settings.SEARCH_PROVIDERS): title and explanation; who
finds one is who may open it (`permissions.visible_surveys`: the office, and the people asked
once it is open)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse

from zhengxie.search.index import Doc, chunks

from .models import Survey
from .permissions import visible_surveys

LABEL = "问卷调查"
MODELS = ("surveys.survey",)


def documents(*, pks: list[int] | None = None, committee_ids: list[int] | None = None) -> Iterator[Doc]:
    qs = Survey.objects.only("committee_id", "title", "description", "state", "created_at")
    if pks is not None:
        qs = qs.filter(pk__in=pks)
    if committee_ids is not None:
        qs = qs.filter(committee_id__in=committee_ids)
    for batch in chunks(qs):
        for s in batch:
            yield Doc(
                kind="survey",
                object_id=s.pk,
                committee_id=s.committee_id,
                title=s.title,
                body=s.description,
                year=s.created_at.year,
                url=reverse("surveys:detail", args=[s.pk]),
                state=s.get_state_display(),
                office_open=s.state != Survey.State.DRAFT,
            )


def visible_ids(user: Any) -> QuerySet[Any]:
    return visible_surveys(user).values("pk")
