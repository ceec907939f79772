"""Democratic-supervision findings: title, the finding and the department's reply. The office
reads its committee's; a department those sent to it (as on the finding's page)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import Q, QuerySet
from django.urls import reverse

from zhengxie.consultations.permissions import OFFICE_ROLES
from zhengxie.org.scope import committee_ids, unit_ids
from zhengxie.search.index import Doc, chunks

from ..models import Finding

LABEL = "民主监督意见"
MODELS = ("workplans.finding",)


def documents(*, pks: list[int] | None = None, committee_ids: list[int] | None = None) -> Iterator[Doc]:
    qs = Finding.objects.only("committee_id", "title", "body", "reply", "state", "created_at")
    if pks is not None:
        qs = qs.filter(pk__in=pks)
    if committee_ids is not None:
        qs = qs.filter(committee_id__in=committee_ids)
    for batch in chunks(qs):
        for f in batch:
            yield Doc(
                kind="finding",
                object_id=f.pk,
                committee_id=f.committee_id,
                title=f.title,
                body="\n".join(p for p in (f.body, f.reply) if p),
                year=f.created_at.year,
                url=reverse("workplans:finding", args=[f.pk]),
                state=f.get_state_display(),
                category="民主监督",
            )


def visible_ids(user: Any) -> QuerySet[Any]:
    reach = Q(committee_id__in=committee_ids(user, OFFICE_ROLES)) | Q(unit_id__in=unit_ids(user))
    return Finding.objects.filter(reach).values("pk")
