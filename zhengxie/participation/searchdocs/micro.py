"""Micro-suggestions: title, text, place and the unit's answer."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse

from zhengxie.search.index import Doc, chunks

from ..models import MicroSuggestion
from ..permissions import micro_visible

LABEL = "微建议"
MODELS = ("participation.microsuggestion",)


def documents(*, pks: list[int] | None = None, committee_ids: list[int] | None = None) -> Iterator[Doc]:
    qs = MicroSuggestion.objects.only(
        "committee_id", "title", "body", "place", "topic", "answer", "state", "submitted_at"
    )
    if pks is not None:
        qs = qs.filter(pk__in=pks)
    if committee_ids is not None:
        qs = qs.filter(committee_id__in=committee_ids)
    for batch in chunks(qs):
        for m in batch:
            yield Doc(
                kind="micro",
                object_id=m.pk,
                committee_id=m.committee_id,
                title=m.title,
                body="\n".join(p for p in (m.body, m.place, m.answer) if p),
                year=m.submitted_at.year,
                url=reverse("participation:micro_detail", args=[m.pk]),
                state=m.get_state_display(),
                category=m.topic,
            )


def visible_ids(user: Any) -> QuerySet[Any]:
    return micro_visible(user).values("pk")
