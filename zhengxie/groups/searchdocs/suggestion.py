"""Suggestions distilled from a group's posts: title, area and text. Whoever may open the group
may open its suggestions (as on the suggestion's page)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse

from zhengxie.search.index import Doc, chunks

from ..models import Suggestion
from ..permissions import visible_groups

LABEL = "议政建议"
MODELS = ("groups.suggestion",)


def documents(*, pks: list[int] | None = None, committee_ids: list[int] | None = None) -> Iterator[Doc]:
    qs = Suggestion.objects.only("committee_id", "title", "area", "summary", "state", "created_at")
    if pks is not None:
        qs = qs.filter(pk__in=pks)
    if committee_ids is not None:
        qs = qs.filter(committee_id__in=committee_ids)
    for batch in chunks(qs):
        for s in batch:
            yield Doc(
                kind="groupsuggestion",
                object_id=s.pk,
                committee_id=s.committee_id,
                title=s.title,
                body=s.summary,
                year=s.created_at.year,
                url=reverse("groups:suggestion", args=[s.pk]),
                state=s.get_state_display(),
                category=s.area,
                # Until it is sent on, a suggestion is the office's working draft.
                office_open=s.state == Suggestion.State.SENT,
            )


def visible_ids(user: Any) -> QuerySet[Any]:
    return Suggestion.objects.filter(group__in=visible_groups(user).values("pk")).values("pk")
