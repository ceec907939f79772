"""社情民意 in the search index (settings.SEARCH_PROVIDERS): the current title and text and every
earlier version's; who finds one is who may open it (`permissions.opinions_visible`)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse

from zhengxie.search.index import Doc, chunks

from .models import Opinion, Revision
from .permissions import opinions_visible

LABEL = "社情民意"
MODELS = ("opinions.opinion",)


def documents(*, pks: list[int] | None = None, committee_ids: list[int] | None = None) -> Iterator[Doc]:
    qs = Opinion.objects.only("committee_id", "year", "state", "title", "body")
    if pks is not None:
        qs = qs.filter(pk__in=pks)
    if committee_ids is not None:
        qs = qs.filter(committee_id__in=committee_ids)
    for batch in chunks(qs):
        earlier: dict[int, list[str]] = {}
        for opinion_id, title, body in (
            Revision.objects.filter(opinion__in=[o.pk for o in batch])
            .order_by("number")
            .values_list("opinion_id", "title", "body")
        ):
            earlier.setdefault(opinion_id, []).extend([title, body])
        for o in batch:
            # Earlier versions add only what differs from the current text.
            extra = [t for t in dict.fromkeys(earlier.get(o.pk, [])) if t not in (o.title, o.body)]
            yield Doc(
                kind="opinion",
                object_id=o.pk,
                committee_id=o.committee_id,
                title=o.title,
                body="\n".join([o.body, *extra]),
                year=o.year,
                url=reverse("opinions:detail", args=[o.pk]),
                state=o.get_state_display(),
                office_open=o.state != Opinion.State.DRAFT,
            )


def visible_ids(user: Any) -> QuerySet[Any]:
    return opinions_visible(user).values("pk")
