from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.audit.tampering import sql
from zhengxie.audit.models import AuditEvent
from zhengxie.audit.services import record

LIST = reverse("audit:event_list")


def test_auditadmin_sees_the_committees_events_and_its_login_failures(client, p):
    client.post(reverse("accounts:login"), {"username": "wang", "password": "wrong"})
    client.post(reverse("accounts:login"), {"username": "county_b", "password": "wrong"})
    record(action="sector.created", committee_id=p.city.pk)
    record(action="term.created", committee_id=p.county_b.pk)
    client.force_login(p.auditadmin)
    results = client.get(LIST).content.decode().split('id="results"')[1]
    assert "新建界别" in results and "新建届次" not in results
    assert "sector.created" not in results  # Chinese, not the stored name
    failures = client.get(LIST, {"action": "auth.login_failed"}).content.decode()
    assert "wang" in failures and "county_b" not in failures
    assert "近24小时登录失败" in client.get("/").content.decode()


def test_viewing_the_log_is_itself_audited(client, p):
    client.force_login(p.auditadmin)
    client.get(LIST, {"action": "auth.login"})
    event = AuditEvent.objects.filter(action="audit.viewed").latest("id")
    assert event.data == {"filters": {"action": "auth.login"}}


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
    record(action="role.revoked", committee_id=p.city.pk)
    client.force_login(p.auditadmin)
    response = client.get(reverse("audit:event_export"), {"action": "role.granted"})
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("时间", "操作人", "操作")
    actions = {r[2] for r in rows[1:]}
    assert "授予角色" in actions and "撤销角色" not in actions
    assert AuditEvent.objects.filter(action="audit.exported").exists()


def test_bad_date_range_shows_a_message(client, p):
    client.force_login(p.auditadmin)
    page = client.get(LIST, {"start": "2026-02-01", "end": "2026-01-01"}).content.decode()
    assert "结束日期不能早于开始日期" in page


def test_verify_button_reports_the_chain_state(client, p):
    client.force_login(p.auditadmin)
    response = client.post(reverse("audit:chain_verify"), follow=True)
    assert "审计日志完整" in response.content.decode() and "条审计链" in response.content.decode()


@pytest.mark.parametrize("rows", [2, 50])
def test_log_query_count_does_not_grow(client, p, rows, django_assert_num_queries):
    for i in range(rows):
        record(action=f"test.{i}", committee_id=p.city.pk, by=p.leader)
    client.force_login(p.auditadmin)
    client.get(LIST)
    with django_assert_num_queries(11):
        assert client.get(LIST).status_code == 200


def test_filters_narrow_by_actor_result_object_type_and_date(client, p):
    record(action="term.created", committee_id=p.city.pk, by=p.leader)
    record(action="session.created", committee_id=p.city.pk, success=False)
    record(action="sector.created", obj=p.sector)
    client.force_login(p.auditadmin)

    def actions(**params: str) -> set[str]:
        page = client.get(LIST, params).content.decode().split('id="results"')[1]
        return {a for a in ("新建届次", "新建会议次数", "新建界别") if a in page}

    assert actions() == {"新建届次", "新建会议次数", "新建界别"}
    assert actions(actor=p.leader.username) == {"新建届次"}
    assert actions(result="fail") == {"新建会议次数"}
    assert actions(object_type="org.sector") == {"新建界别"}
    assert actions(action="sector.created") == {"新建界别"}
    assert actions(start="2000-01-01", end="2000-01-02") == set()


def test_htmx_request_gets_only_the_results_fragment(client, p):
    record(action="sector.created", committee_id=p.city.pk)
    client.force_login(p.auditadmin)
    page = client.get(LIST, headers={"HX-Request": "true"}).content.decode()
    assert 'id="results"' in page and "新建界别" in page
    assert "<html" not in page and "校验日志完整性" not in page


def test_detail_shows_pretty_data_and_both_hashes(client, p, django_assert_max_num_queries):
    event = record(action="test.detail", committee_id=p.city.pk, data={"意见": "同意", "n": 1})
    client.force_login(p.auditadmin)
    with django_assert_max_num_queries(16):
        page = client.get(reverse("audit:event_detail", args=[event.pk])).content.decode()
    assert "&quot;意见&quot;: &quot;同意&quot;" in page  # indented JSON, Chinese kept readable
    assert event.hash in page and event.prev_hash in page


def test_export_is_capped_and_audited_with_filter_and_row_count(client, p, monkeypatch):
    monkeypatch.setattr("zhengxie.audit.views.EXPORT_CAP", 2)
    for i in range(3):
        record(action="role.granted", committee_id=p.city.pk, data={"n": i})
    client.force_login(p.auditadmin)
    response = client.get(reverse("audit:event_export"), {"action": "role.granted"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(load_workbook(io.BytesIO(response.content)).worksheets[0].iter_rows(values_only=True))
    assert rows[0] == ("时间", "操作人", "操作", "对象", "结果", "IP", "数据", "哈希")
    assert [r[2] for r in rows[1:]] == ["授予角色", "授予角色"]
    assert [r[6] for r in rows[1:]] == ['{"n": 2}', '{"n": 1}']  # newest first
    exported = AuditEvent.objects.filter(action="audit.exported").latest("id")
    assert exported.data == {"filters": {"action": "role.granted"}, "rows": 2}


def test_export_does_not_turn_logged_text_into_formulas(client, p):
    # A failed login stores whatever user name was typed; it must stay text in the workbook.
    record(action="test.evil", committee_id=p.city.pk, actor_name='=HYPERLINK("http://x","a")\x01')
    client.force_login(p.auditadmin)
    response = client.get(reverse("audit:event_export"), {"action": "test.evil"})
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    cell = sheet.cell(row=2, column=2)
    assert cell.data_type == "s" and cell.value == '\'=HYPERLINK("http://x","a")'


def test_verify_button_names_a_tampered_event(client, p):
    events = [record(action=f"test.{i}", committee_id=p.city.pk) for i in range(3)]
    sql("UPDATE audit_event SET data = %s WHERE id = %s", ['{"x": 1}', events[1].pk])
    client.force_login(p.auditadmin)
    page = client.post(reverse("audit:chain_verify"), follow=True).content.decode()
    assert f"事件 #{events[1].pk}" in page and "审计日志校验失败" in page
    assert "的审计链" in page


def test_verify_needs_post_and_the_audit_administrator(client, p):
    client.force_login(p.sysadmin)
    assert client.post(reverse("audit:chain_verify")).status_code == 404
    client.force_login(p.auditadmin)
    assert client.get(reverse("audit:chain_verify")).status_code == 405


def test_no_login_failures_means_no_pending_item(p):
    from zhengxie.audit.workbench import pending_items

    assert pending_items(p.auditadmin, p.city.pk) == []
    record(action="auth.login_failed", actor_name=p.member_wang.username, success=False)
    assert [(i.label, i.count) for i in pending_items(p.auditadmin, p.city.pk)] == [("近24小时登录失败", 1)]
    assert pending_items(p.sysadmin, p.city.pk) == []


def test_event_detail_query_count(client, p, django_assert_max_num_queries):
    event = record(action="sector.created", committee_id=p.city.pk, by=p.leader, data={"k": "v"})
    client.force_login(p.auditadmin)
    with django_assert_max_num_queries(10):
        page = client.get(reverse("audit:event_detail", args=[event.pk]))
    assert "新建界别" in page.content.decode()
