"""Consultations: the topic and its reasons, the step documents' stored text and the outcomes."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse

from zhengxie.search.index import Doc, chunks

from ..models import Consultation, Document, Outcome
from ..permissions import consultations_visible

LABEL = "协商议题"
MODELS = ("consultations.consultation",)


def documents(*, pks: list[int] | None = None, committee_ids: list[int] | None = None) -> Iterator[Doc]:
    qs = Consultation.objects.select_related("topic")
    if pks is not None:
        qs = qs.filter(pk__in=pks)
    if committee_ids is not None:
        qs = qs.filter(committee_id__in=committee_ids)
    for batch in chunks(qs):
        ids = [c.pk for c in batch]
        texts: dict[int, list[str]] = {}
        for cid, title, body in (
            Document.objects.filter(consultation__in=ids)
            .order_by("id")
            .values_list("consultation_id", "title", "body")
        ):
            texts.setdefault(cid, []).extend([title, body])
        for cid, title, body, feedback in (
            Outcome.objects.filter(consultation__in=ids)
            .order_by("id")
            .values_list("consultation_id", "title", "body", "feedback")
        ):
            texts.setdefault(cid, []).extend([title, body, feedback])
        for c in batch:
            topic = getattr(c, "topic", None)
            parts = [topic.reason if topic else "", *texts.get(c.pk, [])]
            yield Doc(
                kind="consultation",
                object_id=c.pk,
                committee_id=c.committee_id,
                title=c.title,
                body="\n".join(p for p in parts if p),
                year=c.created_at.year,
                url=reverse("consultations:consultation_detail", args=[c.pk]),
                state=c.get_state_display(),
            )


def visible_ids(user: Any) -> QuerySet[Any]:
    return consultations_visible(user).values("pk")
