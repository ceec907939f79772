"""督导组 visits and their findings in the search index (settings.SEARCH_PROVIDERS): the group and
the unit visited, the findings and the unit's reply; who finds one is who may open it
(`permissions.visits_visible`: the committee's proposal office and the inspected unit)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse

from zhengxie.search.index import Doc, chunks

from .models import InspectionVisit
from .permissions import visits_visible

LABEL = "督导意见"
MODELS = ("proposals.inspectionvisit",)


def documents(*, pks: list[int] | None = None, committee_ids: list[int] | None = None) -> Iterator[Doc]:
    qs = (
        InspectionVisit.objects.select_related("group", "unit")
        .only("committee_id", "visit_on", "state", "findings", "rating", "reply", "group__name",
              "group__year", "unit__name")
        .order_by("pk")
    )  # fmt: skip
    if pks is not None:
        qs = qs.filter(pk__in=pks)
    if committee_ids is not None:
        qs = qs.filter(committee_id__in=committee_ids)
    for batch in chunks(qs):
        for v in batch:
            rating = f"评价：{v.get_rating_display()}" if v.rating else ""
            yield Doc(
                kind="inspection",
                object_id=v.pk,
                committee_id=v.committee_id,
                title=f"{v.group.name}督导{v.unit.name}",
                body="\n".join(x for x in (v.findings, rating, v.reply) if x),
                year=v.group.year,
                url=reverse("proposals:inspection_visit", args=[v.pk]),
                state=v.get_state_display(),
            )


def visible_ids(user: Any) -> QuerySet[Any]:
    return visits_visible(user).values("pk")
