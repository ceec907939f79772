"""Activity reports: a member reports with evidence, staff approve (it scores once) or return it
with a comment, the member edits and resubmits."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.duty.helpers import PNG, add_members, pdf
from tests.querycount import queries
from zhengxie.audit.models import AuditEvent
from zhengxie.duty import services_attendance, services_reports
from zhengxie.duty.models import ActivityReport, PointEntry
from zhengxie.lib.errors import DomainError
from zhengxie.notices.models import Notice

TODAY = date.today()
NEW = reverse("duty:report_create")


def _form(**extra):
    data = {
        "code": "C01",
        "title": "委员工作室接待群众",
        "happened_on": TODAY.isoformat(),
        "quantity": "1",
        "description": "接待群众5人，收集意见3条。",
        "evidence": pdf(),
    }
    data.update(extra)
    return data


def _submit(p, **extra):
    values: dict[str, Any] = {
        "code": "A01",
        "title": "专题视察",
        "happened_on": TODAY,
        "description": "全程参加",
    }
    values.update(extra)
    return services_reports.report_submit(member=p.member_wang_record, by=p.member_wang, **values)


def test_member_reports_an_activity_with_evidence_and_staff_approve_it(client, p):
    client.force_login(p.member_wang)
    response = client.post(NEW, _form())
    report = ActivityReport.objects.get()
    assert response.status_code == 302 and report.state == "submitted" and report.evidence_name == "证明.pdf"
    assert not report.evidence.name.endswith("证明.pdf")  # stored under a random name
    client.force_login(p.activity_staff)
    assert "委员工作室接待群众" in client.get(reverse("duty:review_queue")).content.decode()
    url = reverse("duty:report_detail", args=[report.pk])
    assert client.post(url, {"action": "approve", "comment": "属实"}).status_code == 302
    report.refresh_from_db()
    assert report.state == "approved" and report.reviewed_by == p.activity_staff
    entry = PointEntry.objects.get()
    assert (entry.rule.code, entry.points, entry.source_id) == ("C01", 2, report.pk)
    assert Notice.objects.filter(recipient=p.member_wang, title__contains="审核通过").exists()
    assert AuditEvent.objects.filter(action="duty.report.approved").exists()


def test_return_with_comment_then_edit_and_resubmit(client, p):
    report = _submit(p)
    client.force_login(p.activity_staff)
    url = reverse("duty:report_detail", args=[report.pk])
    client.post(url, {"action": "return", "comment": "请补充视察时间"})
    report.refresh_from_db()
    assert report.state == "returned" and report.review_comment == "请补充视察时间"
    assert Notice.objects.filter(recipient=p.member_wang, title__contains="被退回").exists()
    client.force_login(p.member_wang)
    assert "被退回的履职活动申报" in client.get("/").content.decode()
    edit = reverse("duty:report_edit", args=[report.pk])
    data = _form(code="A01", title="专题视察（补充）", evidence="")
    assert client.post(edit, data).status_code == 302
    report.refresh_from_db()
    assert (report.state, report.title, report.version) == ("submitted", "专题视察（补充）", 2)


def test_returning_needs_a_comment(p):
    report = _submit(p)
    with pytest.raises(DomainError, match="请填写退回意见"):
        services_reports.report_return(
            report=report, by=p.activity_staff, roles={"activity_staff"}, comment=""
        )
    assert ActivityReport.objects.get().state == "submitted"


def test_approving_twice_is_refused_with_a_clear_message_and_scores_once(client, p):
    report = _submit(p)
    services_reports.report_approve(report=report, by=p.activity_staff, roles={"activity_staff"})
    client.force_login(p.activity_staff)
    response = client.post(
        reverse("duty:report_detail", args=[report.pk]), {"action": "approve"}, follow=True
    )
    assert "当前状态为“已通过”，不能执行此操作" in response.content.decode()
    assert PointEntry.objects.count() == 1


def test_only_a_returned_report_can_be_edited(p):
    report = _submit(p)
    with pytest.raises(DomainError, match="只有被退回的申报"):
        services_reports.report_resubmit(
            report=report,
            by=p.member_wang,
            roles={"member"},
            code="A01",
            title="x",
            happened_on=TODAY,
            description="y",
        )


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"evidence": ""}, "须上传证明材料"),
        ({"evidence": SimpleUploadedFile("假.pdf", b"MZ\x90\x00 not a pdf")}, "附件内容与文件类型不符"),
        ({"evidence": SimpleUploadedFile("a.exe", b"MZ")}, "附件只能是"),
        ({"evidence": SimpleUploadedFile("图.pdf", PNG)}, "附件内容与文件类型不符"),
        ({"happened_on": (TODAY + timedelta(days=2)).isoformat()}, "不能晚于今天"),
        ({"happened_on": date(TODAY.year - 3, 5, 1).isoformat()}, "只能申报本年度或上一年度"),
        ({"code": "M01"}, "选择一个有效的选项"),
        ({"title": ""}, "这个字段是必填项"),
    ],
)
def test_bad_input_is_refused_in_chinese_and_nothing_is_stored(client, p, extra, message):
    client.force_login(p.member_wang)
    response = client.post(NEW, _form(**extra))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ActivityReport.objects.exists()


def test_png_evidence_is_accepted_and_only_owner_and_staff_download_it(client, p):
    client.force_login(p.member_wang)
    client.post(NEW, _form(evidence=SimpleUploadedFile("照片.png", PNG)))
    report = ActivityReport.objects.get()
    url = reverse("duty:report_evidence", args=[report.pk])
    assert client.get(url).status_code == 200
    client.force_login(p.leader)
    assert client.get(url).status_code == 200
    for persona in (p.proposal_staff, p.county_b_staff, p.member_county):
        client.force_login(persona)
        assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    "persona", ["proposal_staff", "unit_clerk", "sysadmin", "county_b_staff", "member_county"]
)
def test_other_roles_cannot_see_the_queue_or_a_report(client, p, persona):
    report = _submit(p)
    client.force_login(getattr(p, persona))
    assert client.get(reverse("duty:review_queue")).status_code == 404
    assert client.get(reverse("duty:report_detail", args=[report.pk])).status_code == 404


def test_a_leader_reads_but_cannot_approve(client, p):
    report = _submit(p)
    client.force_login(p.leader)
    url = reverse("duty:report_detail", args=[report.pk])
    page = client.get(url).content.decode()
    assert "专题视察" in page and 'value="approve"' not in page
    response = client.post(url, {"action": "approve"}, follow=True)
    assert "没有执行此操作的权限" in response.content.decode()
    assert ActivityReport.objects.get().state == "submitted"


def test_a_member_withdraws_his_report_but_not_anothers(client, p):
    other = add_members(p, 1)[0]
    report = _submit(p)
    client.force_login(p.member_wang)
    client.post(reverse("duty:report_detail", args=[report.pk]), {"action": "withdraw"})
    assert ActivityReport.objects.get().state == "withdrawn"
    with pytest.raises(DomainError):
        services_reports.report_submit(
            member=other, by=p.member_wang, code="A01", title="x", happened_on=TODAY, description="y"
        )


def _reports(p, n):
    for i in range(n):
        _submit(p, title=f"视察{i}")


def test_queue_and_my_reports_query_counts_do_not_grow(client, p):
    _reports(p, 2)
    client.force_login(p.activity_staff)
    small_queue = queries(client, reverse("duty:review_queue"))
    client.force_login(p.member_wang)
    small_mine = queries(client, reverse("duty:my_reports"))
    _reports(p, 48)
    client.force_login(p.activity_staff)
    assert queries(client, reverse("duty:review_queue")) == small_queue
    client.force_login(p.member_wang)
    assert queries(client, reverse("duty:my_reports")) == small_mine


def test_report_detail_query_count_does_not_depend_on_other_reports(client, p):
    _reports(p, 2)
    _grassroots_sheets(p, 2)
    report = _submit(p, code="A04", title="社区协商")
    client.force_login(p.activity_staff)
    url = reverse("duty:report_detail", args=[report.pk])
    small = queries(client, url)
    _reports(p, 48)
    _grassroots_sheets(p, 10)  # more earlier entries of the same rule to compare with
    assert queries(client, url) == small


def _grassroots_sheets(p, n):
    """`n` grassroots consultation sheets with 王委员 present: each scores A04 automatically."""
    for i in range(n):
        sheet = services_attendance.sheet_create(
            committee_id=p.city.pk,
            title=f"社区协商议事{i}",
            kind="grassroots",
            held_on=TODAY,
            by=p.activity_staff,
        )
        services_attendance.sheet_record(
            sheet=sheet, statuses={p.member_wang_record.pk: "present"}, by=p.activity_staff
        )


def test_the_reviewer_sees_what_already_scored_under_the_same_rule(client, p):
    """A04 is fed by grassroots attendance and open to members' reports: the reviewer sees the
    year's entries under the rule next to the report, so one activity is not counted twice."""
    _grassroots_sheets(p, 1)
    _submit(p, code="A04", title="其他视察")  # 王委员's earlier A04 report, approved
    services_reports.report_approve(
        report=ActivityReport.objects.get(), by=p.activity_staff, roles={"activity_staff"}, comment=""
    )
    report = _submit(p, code="A04", title="社区协商议事0")
    _submit(p, code="A01", title="专题视察")  # another rule: not listed
    client.force_login(p.activity_staff)
    page = client.get(reverse("duty:report_detail", args=[report.pk])).content.decode()
    section = page[page.index('data-testid="same-rule"') :]
    assert "基层协商：社区协商议事0" in section and "履职活动申报：其他视察" in section
    assert "专题视察" not in section and "此项目也由系统自动记分" in section
    # The member reading his own report does not get the reviewer's comparison.
    client.force_login(p.member_wang)
    assert (
        'data-testid="same-rule"'
        not in client.get(reverse("duty:report_detail", args=[report.pk])).content.decode()
    )
