"""The consultation case library: a case's title, process, outcome and effect."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse

from zhengxie.search.index import Doc, chunks

from ..models import Case
from ..permissions import cases_visible

LABEL = "协商案例"
MODELS = ("consultations.case",)


def documents(*, pks: list[int] | None = None, committee_ids: list[int] | None = None) -> Iterator[Doc]:
    qs = Case.objects.all()
    if pks is not None:
        qs = qs.filter(pk__in=pks)
    if committee_ids is not None:
        qs = qs.filter(committee_id__in=committee_ids)
    for batch in chunks(qs):
        for c in batch:
            yield Doc(
                kind="case",
                object_id=c.pk,
                committee_id=c.committee_id,
                title=c.title,
                body="\n".join((c.summary, c.outcome, c.effect)),
                year=c.selected_at.year,
                url=reverse("consultations:case_detail", args=[c.pk]),
                state="已共享" if c.shared else "",
            )


def visible_ids(user: Any) -> QuerySet[Any]:
    return cases_visible(user).values("pk")
