"""Plenary speeches (大会发言) in the search index (settings.SEARCH_PROVIDERS): title and text; who
finds one is who may open it (`permissions.speeches_visible`: its author and the office)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse

from zhengxie.search.index import Doc, chunks

from .models import Speech
from .permissions import speeches_visible

LABEL = "大会发言"
MODELS = ("plenary.speech",)
# Adopted speeches are the committee's; the others are still between the author and the office.
ADOPTED = {Speech.State.ORAL, Speech.State.WRITTEN, Speech.State.DELIVERED}


def documents(*, pks: list[int] | None = None, committee_ids: list[int] | None = None) -> Iterator[Doc]:
    qs = Speech.objects.only("committee_id", "title", "body", "state", "submitted_at")
    if pks is not None:
        qs = qs.filter(pk__in=pks)
    if committee_ids is not None:
        qs = qs.filter(committee_id__in=committee_ids)
    for batch in chunks(qs):
        for s in batch:
            yield Doc(
                kind="speech",
                object_id=s.pk,
                committee_id=s.committee_id,
                title=s.title,
                body=s.body,
                year=s.submitted_at.year,
                url=reverse("plenary:speech_detail", args=[s.pk]),
                state=s.get_state_display(),
                office_open=s.state in ADOPTED,
            )


def visible_ids(user: Any) -> QuerySet[Any]:
    return speeches_visible(user).values("pk")
