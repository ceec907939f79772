"""Special supervisors' own reports: the supervisor sees his departments and writes a report from
his home page, the office reviews it (returns it with a reason, or sends it to the department as a
finding naming the supervisor); a supervisor sees only his own reports; wrong roles and states."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.personas import Personas
from tests.querycount import same_for_few_and_many
from zhengxie.lib.errors import DomainError, NotAllowed
from zhengxie.notices.models import Notice
from zhengxie.org import services as org_services
from zhengxie.org.models import HandlingUnit
from zhengxie.search.models import Document
from zhengxie.workplans import supervision
from zhengxie.workplans import supervisor_reports as services
from zhengxie.workplans.models import Finding, Supervisor, SupervisorReport
from zhengxie.workplans.workbench import pending_items

pytestmark = pytest.mark.django_db

BODY = "住建局老旧小区改造进度滞后，部分小区资金使用未公开。"


@pytest.fixture
def sup(p: Personas) -> Supervisor:
    return supervision.supervisor_appoint(
        committee_id=p.city.pk, by=p.activity_staff, member=p.member_wang_record, unit=p.unit
    )


def _labels(user: object, p: Personas) -> list[str]:
    return [i.label for i in pending_items(user, p.city.pk)]


def test_report_returned_revised_and_sent_to_the_department(p: Personas, sup: Supervisor) -> None:
    assert "本年度待报送的特约监督报告" in _labels(p.member_wang, p)
    r = services.report_submit(supervisor=sup, by=p.member_wang, title="老旧小区改造监督报告", body=BODY)
    assert "本年度待报送的特约监督报告" not in _labels(p.member_wang, p)
    assert "待审阅的特约监督员报告" in _labels(p.activity_staff, p)
    assert Notice.objects.filter(recipient=p.activity_staff, title__contains="特约监督员报告").exists()
    assert Document.objects.filter(kind="supervisor_report", object_id=r.pk).exists()
    with pytest.raises(DomainError, match="退回理由"):
        services.report_return(report=r, by=p.activity_staff, note=" ")
    r = services.report_return(report=r, by=p.activity_staff, note="请补充具体小区名单")
    assert "退回修改的特约监督报告" in _labels(p.member_wang, p)
    with pytest.raises(DomainError, match="已审阅"):
        services.report_forward(
            report=r, by=p.activity_staff, due_on=timezone.localdate() + timedelta(days=30)
        )
    r = services.report_revise(
        report=r, by=p.member_wang, title="老旧小区改造监督报告", body=BODY + "名单附后。"
    )
    assert r.state == "submitted"
    with pytest.raises(NotAllowed):
        services.report_forward(report=r, by=p.leader, due_on=timezone.localdate() + timedelta(days=30))
    r = services.report_forward(
        report=r, by=p.activity_staff, due_on=timezone.localdate() + timedelta(days=30)
    )
    assert r.state == "sent" and r.finding is not None
    finding = Finding.objects.get(pk=r.finding.pk)
    assert finding.supervisor_id == sup.pk and finding.unit_id == p.unit.pk and "名单附后" in finding.body
    assert "待答复的民主监督意见" in _labels(p.unit_clerk, p)
    assert Notice.objects.filter(recipient=p.member_wang, title__contains="已转送").exists()


def test_only_the_supervisor_reports_and_bad_input_stores_nothing(p: Personas, sup: Supervisor) -> None:
    with pytest.raises(NotAllowed):
        services.report_submit(supervisor=sup, by=p.member_county, title="报告", body=BODY)
    with pytest.raises(NotAllowed):
        services.report_submit(supervisor=sup, by=p.activity_staff, title="报告", body=BODY)
    with pytest.raises(DomainError, match="报告内容"):
        services.report_submit(supervisor=sup, by=p.member_wang, title="报告", body="太短")
    with pytest.raises(DomainError, match="标题"):
        services.report_submit(supervisor=sup, by=p.member_wang, title=" ", body=BODY)
    Supervisor.objects.filter(pk=sup.pk).update(is_active=False)
    with pytest.raises(NotAllowed):
        services.report_submit(supervisor=sup, by=p.member_wang, title="报告", body=BODY)
    assert not SupervisorReport.objects.exists()


def test_pages_scope_and_query_counts(client: Client, p: Personas, sup: Supervisor) -> None:
    client.force_login(p.member_wang)
    page = client.get(reverse("workplans:supervise")).content.decode()
    assert "市住房和城乡建设局" in page and "报送监督报告" in page
    r = client.post(
        reverse("workplans:supervise_submit"), {"supervisor": sup.pk, "title": "监督报告", "body": BODY}
    )
    assert r.status_code == 302
    mine = SupervisorReport.objects.get()
    assert client.get(reverse("workplans:report", args=[mine.pk])).status_code == 200
    # bad input: a message, nothing stored
    r = client.post(
        reverse("workplans:supervise_submit"), {"supervisor": sup.pk, "title": "", "body": "短"}, follow=True
    )
    assert "请填写标题" in r.content.decode() and SupervisorReport.objects.count() == 1
    # another member, appointed elsewhere, sees neither the report nor the office's list
    other_unit = HandlingUnit.objects.create(committee=p.city, name="市教育局")
    person = org_services.person_find_or_create(name="赵委员", gender="F", affiliation="无党派人士", by=None)
    zhao = org_services.member_create(committee=p.city, person=person, sector=p.sector, by=None)
    other = supervision.supervisor_appoint(
        committee_id=p.city.pk, by=p.activity_staff, member=zhao, unit=other_unit
    )
    hidden = SupervisorReport.objects.create(
        committee=p.city, supervisor=other, title="教育局报告", body=BODY, submitted_at=timezone.now()
    )
    assert client.get(reverse("workplans:report", args=[hidden.pk])).status_code == 404
    assert "教育局报告" not in client.get(reverse("workplans:supervise")).content.decode()
    assert client.get(reverse("workplans:reports")).status_code == 404
    assert client.post(reverse("workplans:report_act", args=[mine.pk, "forward"]), {}).status_code == 302
    assert SupervisorReport.objects.get(pk=mine.pk).state == "submitted"
    # the office reviews from its list
    client.force_login(p.activity_staff)
    listing = client.get(reverse("workplans:reports") + "?task=to_review").content.decode()
    assert "监督报告" in listing and "教育局报告" in listing
    due = (timezone.localdate() + timedelta(days=20)).isoformat()
    client.post(reverse("workplans:report_act", args=[mine.pk, "forward"]), {"due_on": due})
    assert SupervisorReport.objects.get(pk=mine.pk).state == "sent"
    counter = iter(range(1000))
    same_for_few_and_many(
        client,
        reverse("workplans:reports"),
        lambda n: [
            services.report_submit(supervisor=sup, by=p.member_wang, title=f"报告{next(counter)}", body=BODY)
            for _ in range(n)
        ],
        many=15,
    )
    client.force_login(p.member_wang)
    same_for_few_and_many(
        client,
        reverse("workplans:supervise"),
        lambda n: [
            services.report_submit(supervisor=sup, by=p.member_wang, title=f"报告{next(counter)}", body=BODY)
            for _ in range(n)
        ],
        many=15,
    )
