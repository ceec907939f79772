"""Inputs handed to a consultation by other channels (意见建议素材): a suggestion campaign's
summary, a topic group's distilled suggestion, a studio's findings… They land as a document of the
consultation's current step, named with their source, and the consultation's staff are told. The
calling app checks who may send (its own office) and keeps the document's id on its side; this
module knows nothing of it."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse

from zhengxie.audit.services import record
from zhengxie.lib.errors import DomainError
from zhengxie.notices.services import notify
from zhengxie.org.models import RoleAssignment
from zhengxie.org.roles import Role
from zhengxie.search.index import reindex

from ..models import Consultation, Document, Step


def open_for_inputs(committee_id: int) -> QuerySet[Consultation]:
    """The committee's consultations that still take inputs (not archived), newest first: the
    choice a sending page offers."""
    return (
        Consultation.objects.filter(committee_id=committee_id)
        .exclude(state=Step.ARCHIVED)
        .only("pk", "title", "state", "committee_id")
        .order_by("-pk")
    )


def input_add(
    *, consultation: Consultation, by: Any, title: str, body: str, source_label: str, source_url: str = ""
) -> Document:
    if consultation.state == Step.ARCHIVED:
        raise DomainError("协商已归档，不能再送交意见建议素材")
    title, body = title.strip(), body.strip()
    if not title or len(title) > 200:
        raise DomainError("请填写标题（不超过200个字）")
    if not body:
        raise DomainError("请填写意见建议素材的正文")
    doc = Document(
        committee_id=consultation.committee_id,
        consultation=consultation,
        step=consultation.state,
        kind=Document.Kind.INPUT,
        title=title,
        body=body[:50000],
        source_label=source_label.strip()[:120],
        source_url=source_url[:200],
        created_by=by,
    )
    with transaction.atomic():
        doc.save()
        reindex("consultation", consultation.pk)
        record(
            action="consultations.document.input_received",
            obj=doc,
            by=by,
            data={"consultation": consultation.pk, "source": doc.source_label},
        )
        staff = RoleAssignment.objects.filter(
            committee_id=consultation.committee_id, role=Role.ACTIVITY_STAFF
        ).values("user_id")
        url = reverse("consultations:consultation_detail", args=[consultation.pk])
        for user in get_user_model().objects.filter(pk__in=staff, is_active=True).order_by("pk"):
            notify(
                recipient=user,
                key=f"consultation-input:{doc.pk}",
                title=f"协商“{consultation.title}”收到意见建议素材",
                body=f"{doc.title}（来源：{doc.source_label}）",
                url=url,
                committee_id=consultation.committee_id,
            )
    return doc
