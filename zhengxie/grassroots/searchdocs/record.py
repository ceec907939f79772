"""Platform consultations: the topic and what each step recorded."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse

from zhengxie.consultations.models import Step
from zhengxie.search.index import Doc, chunks

from ..models import Record, StepEntry
from . import platforms_of

LABEL = "平台协商"
MODELS = ("grassroots.record",)
STEP_LABELS = dict(Step.choices)


def documents(*, pks: list[int] | None = None, committee_ids: list[int] | None = None) -> Iterator[Doc]:
    qs = Record.objects.only("committee_id", "title", "state", "finished", "opened_at")
    if pks is not None:
        qs = qs.filter(pk__in=pks)
    if committee_ids is not None:
        qs = qs.filter(committee_id__in=committee_ids)
    for batch in chunks(qs):
        notes: dict[int, list[str]] = {}
        for record_id, note in (
            StepEntry.objects.filter(record__in=[r.pk for r in batch])
            .order_by("id")
            .values_list("record_id", "note")
        ):
            notes.setdefault(record_id, []).append(note)
        for r in batch:
            yield Doc(
                kind="platformrecord",
                object_id=r.pk,
                committee_id=r.committee_id,
                title=r.title,
                body="\n".join(notes.get(r.pk, [])),
                year=r.opened_at.year,
                url=reverse("grassroots:record", args=[r.pk]),
                state="已归档" if r.finished else STEP_LABELS.get(r.state, ""),
            )


def visible_ids(user: Any) -> QuerySet[Any]:
    return Record.objects.filter(platform__in=platforms_of(user).values("pk")).values("pk")
