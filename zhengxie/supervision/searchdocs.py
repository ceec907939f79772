"""Supervision items in the search index (settings.SEARCH_PROVIDERS): title, content,
requirement, progress reports and the completion report; who finds one is who may open it
(`permissions.items_visible`)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse

from zhengxie.search.index import Doc, chunks

from .models import Item, ProgressReport
from .permissions import items_visible

LABEL = "督办事项"
MODELS = ("supervision.item",)


def documents(*, pks: list[int] | None = None, committee_ids: list[int] | None = None) -> Iterator[Doc]:
    qs = Item.objects.only(
        "committee_id",
        "created_at",
        "state",
        "category",
        "title",
        "content",
        "requirement",
        "completion_text",
    )
    if pks is not None:
        qs = qs.filter(pk__in=pks)
    if committee_ids is not None:
        qs = qs.filter(committee_id__in=committee_ids)
    for batch in chunks(qs):
        reports: dict[int, list[str]] = {}
        for item_id, text in (
            ProgressReport.objects.filter(item__in=[i.pk for i in batch])
            .order_by("id")
            .values_list("item_id", "text")
        ):
            reports.setdefault(item_id, []).append(text)
        for item in batch:
            parts = [item.content, item.requirement, *reports.get(item.pk, []), item.completion_text]
            yield Doc(
                kind="supervision",
                object_id=item.pk,
                committee_id=item.committee_id,
                title=item.title,
                body="\n".join(p for p in parts if p),
                year=item.created_at.year,
                url=reverse("supervision:item_detail", args=[item.pk]),
                state=item.get_state_display(),
                category=item.category,
                office_open=item.state != Item.State.DRAFT,
            )


def visible_ids(user: Any) -> QuerySet[Any]:
    return items_visible(user).values("pk")
