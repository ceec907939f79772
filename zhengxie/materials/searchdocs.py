"""Meeting materials in the search index (settings.SEARCH_PROVIDERS): one document per activity
that carries materials — its agenda and the names of its documents (the files themselves are not
read). Who finds it is who may open the activity's materials page (`activities_visible`)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse

from zhengxie.consultations.models import Activity
from zhengxie.consultations.permissions import activities_visible
from zhengxie.search.index import Doc, chunks

from .models import Agenda, Material

LABEL = "会议材料"
# An activity's transitions (planned, held, cancelled) change the state shown on its hit.
MODELS = ("consultations.activity",)


def documents(*, pks: list[int] | None = None, committee_ids: list[int] | None = None) -> Iterator[Doc]:
    qs = Activity.objects.filter(
        Q(Exists(Agenda.objects.filter(activity=OuterRef("pk"))))
        | Q(Exists(Material.objects.filter(activity=OuterRef("pk"))))
    ).only("committee_id", "title", "state", "starts_at")
    if pks is not None:
        qs = qs.filter(pk__in=pks)
    if committee_ids is not None:
        qs = qs.filter(committee_id__in=committee_ids)
    for batch in chunks(qs):
        ids = [a.pk for a in batch]
        agendas = dict(Agenda.objects.filter(activity__in=ids).values_list("activity_id", "text"))
        names: dict[int, list[str]] = {}
        for activity_id, title in (
            Material.objects.filter(activity__in=ids).order_by("id").values_list("activity_id", "title")
        ):
            names.setdefault(activity_id, []).append(title)
        for a in batch:
            yield Doc(
                kind="materials",
                object_id=a.pk,
                committee_id=a.committee_id,
                title=f"{a.title}会议材料",
                body="\n".join([agendas.get(a.pk, ""), *names.get(a.pk, [])]).strip(),
                year=a.starts_at.year,
                url=reverse("materials:activity", args=[a.pk]),
                state=a.get_state_display(),
                # Meeting papers stay with the meeting's committee (some are internal).
                office_open=False,
            )


def visible_ids(user: Any) -> QuerySet[Any]:
    return activities_visible(user).values("pk")
