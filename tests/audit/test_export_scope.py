"""The audit log's export reads through the same rule as its page: another committee's events are
neither listed nor exported."""

from __future__ import annotations

import io

from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from tests.personas import Personas
from zhengxie.audit.services import record


def test_another_committees_events_are_not_exported(client: Client, p: Personas) -> None:
    here = record(action="member.created", committee_id=p.city.pk, data={"marker": "本市事件"})
    there = record(action="member.created", committee_id=p.county_b.pk, data={"marker": "邻县事件"})
    client.force_login(p.auditadmin)
    assert client.get(reverse("audit:event_detail", args=[there.pk])).status_code == 404
    assert client.get(reverse("audit:event_detail", args=[here.pk])).status_code == 200
    response = client.get(reverse("audit:event_export"), {"action": "member.created"})
    data = [
        str(r[6])
        for r in load_workbook(io.BytesIO(response.content)).worksheets[0].iter_rows(values_only=True)
    ]
    assert any("本市事件" in d for d in data) and not any("邻县事件" in d for d in data)
