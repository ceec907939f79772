"""Meetings and activities: name, kind and place, and a standalone trip's report."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse

from zhengxie.search.index import Doc, chunks

from ..models import Activity
from ..permissions import activities_visible

LABEL = "会议活动"
MODELS = ("consultations.activity",)


def documents(*, pks: list[int] | None = None, committee_ids: list[int] | None = None) -> Iterator[Doc]:
    qs = Activity.objects.select_related("trip_report")
    if pks is not None:
        qs = qs.filter(pk__in=pks)
    if committee_ids is not None:
        qs = qs.filter(committee_id__in=committee_ids)
    for batch in chunks(qs):
        for a in batch:
            yield Doc(
                kind="activity",
                object_id=a.pk,
                committee_id=a.committee_id,
                title=a.title,
                body="\n".join(p for p in (a.get_kind_display(), a.place, *_trip_report(a)) if p),
                year=a.starts_at.year,
                url=reverse("consultations:activity_detail", args=[a.pk]),
                state=a.get_state_display(),
            )


def _trip_report(activity: Activity) -> tuple[str, str]:
    report = getattr(activity, "trip_report", None)
    return (report.title, report.body) if report is not None else ("", "")


def visible_ids(user: Any) -> QuerySet[Any]:
    return activities_visible(user).values("pk")
