"""Studio receptions: the problem a visitor raised and what was done (never the visitor's name or
phone). Read by the member who received the visit and the office (`receptions_visible`)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse

from zhengxie.search.index import Doc, chunks

from ..models import Reception
from ..permissions import receptions_visible

LABEL = "工作室接待"
MODELS = ("participation.reception",)


def documents(*, pks: list[int] | None = None, committee_ids: list[int] | None = None) -> Iterator[Doc]:
    qs = Reception.objects.select_related("studio").only(
        "committee_id", "studio__name", "received_on", "problem", "action", "outcome"
    )
    if pks is not None:
        qs = qs.filter(pk__in=pks)
    if committee_ids is not None:
        qs = qs.filter(committee_id__in=committee_ids)
    for batch in chunks(qs):
        for r in batch:
            yield Doc(
                kind="reception",
                object_id=r.pk,
                committee_id=r.committee_id,
                title=f"{r.studio.name}接待：{r.problem[:40]}",
                body="\n".join(p for p in (r.problem, r.action) if p),
                year=r.received_on.year,
                url=reverse("participation:reception_detail", args=[r.pk]),
                state=r.get_outcome_display(),
                # What residents told a member stays with the member's committee.
                office_open=False,
            )


def visible_ids(user: Any) -> QuerySet[Any]:
    return receptions_visible(user).values("pk")
