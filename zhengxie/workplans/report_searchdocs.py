"""Special supervisors' reports in the search index (settings.SEARCH_PROVIDERS): title and text;
who finds one is who may open it — the committee's office and leaders, and the supervisor who
wrote it (the report page's rule)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import Q, QuerySet
from django.urls import reverse

from zhengxie.org.roles import Role
from zhengxie.org.scope import committee_ids
from zhengxie.search.index import Doc, chunks

from .models import SupervisorReport

LABEL = "特约监督员报告"
MODELS = ("workplans.supervisorreport",)


def documents(*, pks: list[int] | None = None, committee_ids: list[int] | None = None) -> Iterator[Doc]:
    qs = SupervisorReport.objects.only("committee_id", "title", "body", "state", "submitted_at")
    if pks is not None:
        qs = qs.filter(pk__in=pks)
    if committee_ids is not None:
        qs = qs.filter(committee_id__in=committee_ids)
    for batch in chunks(qs):
        for report in batch:
            yield Doc(
                kind="supervisor_report",
                object_id=report.pk,
                committee_id=report.committee_id,
                title=report.title,
                body=report.body,
                year=report.submitted_at.year,
                url=reverse("workplans:report", args=[report.pk]),
                state=report.get_state_display(),
                # A supervisor's report stays with its own committee, not the levels above.
                office_open=False,
            )


def visible_ids(user: Any) -> QuerySet[Any]:
    office = committee_ids(user, [Role.ACTIVITY_STAFF, Role.LEADER])
    return SupervisorReport.objects.filter(
        Q(committee_id__in=office) | Q(supervisor__member__person__user=user)
    ).values("pk")
