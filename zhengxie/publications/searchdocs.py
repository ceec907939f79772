"""Publication issues in the search index (settings.SEARCH_PROVIDERS): the issue's theme and its
articles (title, author, text) and the leaders' instructions on it; who finds one is who may open
it (the committee's office, as on `permissions.get_issue_for_user`)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse

from zhengxie.consultations.permissions import OFFICE_ROLES
from zhengxie.search.index import Doc, chunks

from .models import Issue, IssueInstruction, IssueItem

LABEL = "刊物"
MODELS = ("publications.issue",)


def documents(*, pks: list[int] | None = None, committee_ids: list[int] | None = None) -> Iterator[Doc]:
    qs = Issue.objects.select_related("series")
    if pks is not None:
        qs = qs.filter(pk__in=pks)
    if committee_ids is not None:
        qs = qs.filter(committee_id__in=committee_ids)
    for batch in chunks(qs):
        ids = [i.pk for i in batch]
        texts: dict[int, list[str]] = {}
        for issue_id, title, author, body in (
            IssueItem.objects.filter(issue__in=ids)
            .order_by("id")
            .values_list("issue_id", "title", "author", "body")
        ):
            texts.setdefault(issue_id, []).extend([title, author, body])
        for issue_id, leader, text in (
            IssueInstruction.objects.filter(issue__in=ids)
            .order_by("id")
            .values_list("issue_id", "leader_name", "text")
        ):
            texts.setdefault(issue_id, []).append(f"{leader}批示：{text}")
        for i in batch:
            yield Doc(
                kind="issue",
                object_id=i.pk,
                committee_id=i.committee_id,
                title=f"{i}：{i.title}" if i.number else i.title,
                body="\n".join(t for t in texts.get(i.pk, []) if t),
                year=i.year or i.created_at.year,
                url=reverse("publications:issue_detail", args=[i.pk]),
                state=i.get_state_display(),
                category=i.series.name,
                office_open=i.state == Issue.State.SENT,
            )


def visible_ids(user: Any) -> QuerySet[Any]:
    return Issue.objects.visible_to(user, OFFICE_ROLES).values("pk")
