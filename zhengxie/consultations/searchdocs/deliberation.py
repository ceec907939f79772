"""Online deliberations: the question, its explanation, the summary and the visible posts."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse

from zhengxie.search.index import Doc, chunks

from ..models import Comment, Deliberation
from ..permissions import deliberations_visible

LABEL = "网络议政"
MODELS = ("consultations.deliberation",)


def documents(*, pks: list[int] | None = None, committee_ids: list[int] | None = None) -> Iterator[Doc]:
    qs = Deliberation.objects.all()
    if pks is not None:
        qs = qs.filter(pk__in=pks)
    if committee_ids is not None:
        qs = qs.filter(committee_id__in=committee_ids)
    for batch in chunks(qs):
        posts: dict[int, list[str]] = {}
        for did, body in (
            Comment.objects.filter(deliberation__in=[d.pk for d in batch], hidden=False)
            .order_by("id")
            .values_list("deliberation_id", "body")
        ):
            posts.setdefault(did, []).append(body)
        for d in batch:
            parts = [d.description, d.summary, *posts.get(d.pk, [])]
            yield Doc(
                kind="deliberation",
                object_id=d.pk,
                committee_id=d.committee_id,
                title=d.title,
                body="\n".join(p for p in parts if p),
                year=d.opens_at.year,
                url=reverse("consultations:deliberation_detail", args=[d.pk]),
            )


def visible_ids(user: Any) -> QuerySet[Any]:
    return deliberations_visible(user).values("pk")
