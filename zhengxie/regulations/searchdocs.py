"""Rules in the search index (settings.SEARCH_PROVIDERS): the rule's name and its current
version's document number and text; who finds one is who may open it (any role in its committee,
as on the rule's page)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse

from zhengxie.search.index import Doc, chunks

from .models import Regulation, Version

LABEL = "制度"
MODELS = ("regulations.regulation",)


def documents(*, pks: list[int] | None = None, committee_ids: list[int] | None = None) -> Iterator[Doc]:
    qs = Regulation.objects.all()
    if pks is not None:
        qs = qs.filter(pk__in=pks)
    if committee_ids is not None:
        qs = qs.filter(committee_id__in=committee_ids)
    for batch in chunks(qs):
        current: dict[int, Version] = {}
        # Newest version last, so that each rule keeps its current one.
        for v in Version.objects.filter(regulation__in=[r.pk for r in batch]).order_by(
            "regulation_id", "number"
        ):
            current[v.regulation_id] = v
        for r in batch:
            version = current.get(r.pk)
            yield Doc(
                kind="regulation",
                object_id=r.pk,
                committee_id=r.committee_id,
                title=r.title,
                body="\n".join(p for p in (version.doc_number, version.text) if p) if version else "",
                year=version.adopted_on.year if version else r.created_at.year,
                url=reverse("regulations:detail", args=[r.pk]),
                state="已废止" if r.is_repealed else "现行有效",
                category=r.get_category_display(),
            )


def visible_ids(user: Any) -> QuerySet[Any]:
    return Regulation.objects.visible_to(user).values("pk")
