"""Plan items (inspection, research and supervision activities of the year's plans): the item, its
form and its target. Read by the committee's office on the plan's page."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse

from zhengxie.consultations.permissions import OFFICE_ROLES
from zhengxie.search.index import Doc, chunks

from ..models import Item

LABEL = "计划项目"
MODELS = ("workplans.item",)


def documents(*, pks: list[int] | None = None, committee_ids: list[int] | None = None) -> Iterator[Doc]:
    qs = Item.objects.select_related("year_plan").only(
        "committee_id", "year_plan__year", "plan", "form", "title", "target"
    )
    if pks is not None:
        qs = qs.filter(pk__in=pks)
    if committee_ids is not None:
        qs = qs.filter(committee_id__in=committee_ids)
    for batch in chunks(qs):
        for i in batch:
            yield Doc(
                kind="planitem",
                object_id=i.pk,
                committee_id=i.committee_id,
                title=i.title,
                body="\n".join(p for p in (i.get_form_display(), i.target) if p),
                year=i.year_plan.year,
                url=reverse("workplans:detail", args=[i.year_plan_id]),
                category=i.get_plan_display(),
                # The plans are the office's working papers until published with the year's plan.
                office_open=False,
            )


def visible_ids(user: Any) -> QuerySet[Any]:
    return Item.objects.visible_to(user, OFFICE_ROLES).values("pk")
