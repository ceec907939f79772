from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from zhengxie.audit.models import AuditEvent
from zhengxie.audit.services import record

LIST = reverse("audit:event_list")


def test_auditadmin_sees_the_committees_events_and_its_login_failures(client, p):
    client.post(reverse("accounts:login"), {"username": "wang", "password": "wrong"})
    client.post(reverse("accounts:login"), {"username": "county_b", "password": "wrong"})
    record(action="test.city", committee_id=p.city.pk)
    record(action="test.county", committee_id=p.county_b.pk)
    client.force_login(p.auditadmin)
    page = client.get(LIST).content.decode()
    assert "test.city" in page and "test.county" not in page
    failures = client.get(LIST, {"action": "auth.login_failed"}).content.decode()
    assert "wang" in failures and "county_b" not in failures
    assert "近24小时登录失败" in client.get("/").content.decode()


def test_viewing_the_log_is_itself_audited(client, p):
    client.force_login(p.auditadmin)
    client.get(LIST, {"action": "auth."})
    event = AuditEvent.objects.filter(action="audit.viewed").latest("id")
    assert event.data == {"filters": {"action": "auth."}}


@pytest.mark.parametrize("persona", ["sysadmin", "secadmin", "leader", "proposal_staff", "member_wang"])
def test_only_the_audit_administrator_reads_the_log(client, p, persona):
    event = record(action="test.x", committee_id=p.city.pk)
    client.force_login(getattr(p, persona))
    assert client.get(LIST).status_code == 404
    assert client.get(reverse("audit:event_detail", args=[event.pk])).status_code == 404
    assert client.get(reverse("audit:event_export")).status_code == 404


def test_auditadmin_cannot_open_another_committees_event(client, p):
    event = record(action="test.county", committee_id=p.county_b.pk)
    client.force_login(p.auditadmin)
    assert client.get(reverse("audit:event_detail", args=[event.pk])).status_code == 404


def test_export_is_a_real_workbook_with_the_filtered_events(client, p):
    record(action="role.granted", committee_id=p.city.pk, data={"role": "leader"})
    record(action="test.other", committee_id=p.city.pk)
    client.force_login(p.auditadmin)
    response = client.get(reverse("audit:event_export"), {"action": "role."})
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("时间", "操作人", "操作")
    actions = {r[2] for r in rows[1:]}
    assert "role.granted" in actions and "test.other" not in actions
    assert AuditEvent.objects.filter(action="audit.exported").exists()


def test_bad_date_range_shows_a_message(client, p):
    client.force_login(p.auditadmin)
    page = client.get(LIST, {"start": "2026-02-01", "end": "2026-01-01"}).content.decode()
    assert "结束日期不能早于开始日期" in page


def test_verify_button_reports_the_chain_state(client, p):
    client.force_login(p.auditadmin)
    response = client.post(reverse("audit:chain_verify"), follow=True)
    assert "审计日志完整" in response.content.decode()


@pytest.mark.parametrize("rows", [2, 50])
def test_log_query_count_does_not_grow(client, p, rows, django_assert_num_queries):
    for i in range(rows):
        record(action=f"test.{i}", committee_id=p.city.pk, by=p.leader)
    client.force_login(p.auditadmin)
    client.get(LIST)
    with django_assert_num_queries(16):
        assert client.get(LIST).status_code == 200
