"""Other channels hand a consultation its inputs (意见建议素材): a document of the current step with
its source, the consultation's staff told; nothing lands on an archived consultation."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from tests.personas import Personas
from zhengxie.audit.models import AuditEvent
from zhengxie.consultations import config
from zhengxie.consultations.models import Consultation, Document, Step
from zhengxie.consultations.services import inputs, plans
from zhengxie.lib.errors import DomainError
from zhengxie.notices.models import Notice


def _consultation(p: Personas) -> Consultation:
    return plans.consultation_create(
        committee_id=p.city.pk, by=p.activity_staff, title="推进城市更新",
        form=config.form_named(p.city.pk, "专题协商会"), meeting_on=timezone.localdate() + timedelta(days=60),
    )  # fmt: skip


def test_an_input_lands_on_the_current_step_with_its_source(client: Client, p: Personas) -> None:
    c = _consultation(p)
    assert list(inputs.open_for_inputs(p.city.pk)) == [c]
    doc = inputs.input_add(
        consultation=c,
        by=p.info_staff,
        title="“城市更新”建言征集综述",
        body="收到建言四十条，集中在加装电梯和停车。",
        source_label="建言征集：城市更新",
        source_url="/participation/campaigns/3/",
    )
    assert doc.kind == Document.Kind.INPUT and doc.step == c.state
    assert AuditEvent.objects.filter(action="consultations.document.input_received").count() == 1
    assert Notice.objects.filter(recipient=p.activity_staff, key=f"consultation-input:{doc.pk}").exists()
    client.force_login(p.activity_staff)
    page = client.get(f"/consultations/c/{c.pk}/").content.decode()
    assert "建言征集：城市更新" in page and "收到建言四十条" in page and "意见建议素材" in page


def test_an_archived_consultation_takes_no_input_and_empty_text_is_refused(p: Personas) -> None:
    c = _consultation(p)
    with pytest.raises(DomainError, match="正文"):
        inputs.input_add(consultation=c, by=p.info_staff, title="综述", body=" ", source_label="建言征集")
    Consultation.objects.filter(pk=c.pk).update(state=Step.ARCHIVED)
    c.refresh_from_db()
    assert not inputs.open_for_inputs(p.city.pk).exists()
    with pytest.raises(DomainError, match="已归档"):
        inputs.input_add(consultation=c, by=p.info_staff, title="综述", body="正文", source_label="建言征集")
    assert not Document.objects.exists()
