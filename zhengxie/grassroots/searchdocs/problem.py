"""Problems the people raised at a platform, and what became of them; read on the platform's
page."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse

from zhengxie.search.index import Doc, chunks

from ..models import Problem
from . import platforms_of

LABEL = "群众反映问题"
MODELS = ("grassroots.problem",)


def documents(*, pks: list[int] | None = None, committee_ids: list[int] | None = None) -> Iterator[Doc]:
    qs = Problem.objects.select_related("platform").only(
        "committee_id", "platform__name", "text", "state", "outcome", "raised_on"
    )
    if pks is not None:
        qs = qs.filter(pk__in=pks)
    if committee_ids is not None:
        qs = qs.filter(committee_id__in=committee_ids)
    for batch in chunks(qs):
        for pr in batch:
            yield Doc(
                kind="platformproblem",
                object_id=pr.pk,
                committee_id=pr.committee_id,
                title=f"{pr.platform.name}：{pr.text[:60]}",
                body="\n".join(p for p in (pr.text, pr.outcome) if p),
                year=pr.raised_on.year,
                url=reverse("grassroots:platform", args=[pr.platform_id]),
                state=pr.get_state_display(),
            )


def visible_ids(user: Any) -> QuerySet[Any]:
    return Problem.objects.filter(platform__in=platforms_of(user).values("pk")).values("pk")
