"""协助审查修改 requests in the search index (settings.SEARCH_PROVIDERS): the subject, the draft and
the office's comments; who finds one is who may open it (`permissions.assist_visible`: the member
who asked and the committee's proposal office). A member's draft for an upper level stays out of
the upper committees' search (not office-open)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from zhengxie.search.index import Doc, chunks

from .models import AssistRequest
from .permissions import assist_visible

LABEL = "协助审查修改"
MODELS = ("proposals.assistrequest",)


def documents(*, pks: list[int] | None = None, committee_ids: list[int] | None = None) -> Iterator[Doc]:
    qs = AssistRequest.objects.only(
        "committee_id", "upper_level", "title", "text", "state", "comments", "edited_text", "created_at"
    )
    if pks is not None:
        qs = qs.filter(pk__in=pks)
    if committee_ids is not None:
        qs = qs.filter(committee_id__in=committee_ids)
    for batch in chunks(qs):
        for r in batch:
            yield Doc(
                kind="assist",
                object_id=r.pk,
                committee_id=r.committee_id,
                title=r.title,
                body="\n".join(x for x in (r.upper_level, r.text, r.comments, r.edited_text) if x),
                year=timezone.localdate(r.created_at).year,
                url=reverse("proposals:assist_detail", args=[r.pk]),
                state=r.get_state_display(),
                office_open=False,
            )


def visible_ids(user: Any) -> QuerySet[Any]:
    return assist_visible(user).values("pk")
