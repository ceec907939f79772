"""三办督导组: proposal staff form a joint group, plan visits to handling units with the
proposals looked at, record findings and a rating; the unit's clerk sees the task on the home
page, replies, and the office sees who replied."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.api.helpers import bearer
from tests.personas import Personas
from tests.querycount import same_for_few_and_many
from zhengxie.accounts.models import User
from zhengxie.audit.models import AuditEvent
from zhengxie.lib.errors import DomainError, NotAllowed
from zhengxie.notices.models import Notice
from zhengxie.org.models import HandlingUnit
from zhengxie.proposals.models import InspectionGroup, InspectionMember, InspectionVisit
from zhengxie.proposals.services import inspections
from zhengxie.proposals.unit_workbench import pending_items

from .helpers import assigned

FINDINGS = "办前沟通到位，但部分答复件未写明落实时限，需加强跟踪落实。"


def _group(p: Personas) -> InspectionGroup:
    return inspections.group_create(
        committee_id=p.city.pk, by=p.proposal_staff, year=timezone.localdate().year, name="提案办理督导第一组"
    )


def _visit(p: Personas, group: InspectionGroup | None = None, **kw: Any) -> InspectionVisit:
    values: dict[str, Any] = {"unit_id": p.unit.pk, "visit_on": timezone.localdate()}
    values.update(kw)
    return inspections.visit_plan(group=group or _group(p), by=p.proposal_staff, **values)


def _items(user: Any, committee_id: int) -> dict[str, int]:
    return {i.label: i.count for i in pending_items(user, committee_id)}


def test_group_visit_findings_and_reply(p: Personas, django_capture_on_commit_callbacks: Any) -> None:
    group = _group(p)
    for name, office in (("张主任", "committee"), ("李科长", "party"), ("赵科长", "government")):
        inspections.member_add(group=group, by=p.proposal_staff, name=name, office=office)
    assert sorted(group.members.values_list("office", flat=True)) == ["committee", "government", "party"]
    proposal = assigned(p)
    visit = _visit(p, group, proposal_ids=[proposal.pk])
    assert list(visit.proposals.all()) == [proposal]
    assert _items(p.proposal_staff, p.city.pk)["待记录督导意见的督导"] == 1
    due = timezone.localdate() + timedelta(days=10)
    with django_capture_on_commit_callbacks(execute=True):
        inspections.findings_record(
            visit=visit, by=p.proposal_staff, findings=FINDINGS, rating="fair_good", reply_due=due
        )
    assert Notice.objects.filter(
        recipient=p.unit_clerk, key=f"proposals.inspection.{visit.pk}.findings"
    ).exists()
    assert _items(p.unit_clerk, p.city.pk)["督导组反馈待回复"] == 1
    with pytest.raises(DomainError, match="不能再次记录"):
        inspections.findings_record(visit=visit, by=p.proposal_staff, findings=FINDINGS, rating="good")
    with django_capture_on_commit_callbacks(execute=True):
        inspections.reply_record(visit=visit, by=p.unit_clerk, reply="已督促各科室在答复件中写明落实时限。")
    visit.refresh_from_db()
    assert visit.state == "replied" and visit.get_rating_display() == "较好"
    assert "督导组反馈待回复" not in _items(p.unit_clerk, p.city.pk)
    assert Notice.objects.filter(
        recipient=p.proposal_staff, key=f"proposals.inspection.{visit.pk}.replied"
    ).exists()
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "proposals.inspection.group_created",
        "proposals.inspection.member_added",
        "proposals.inspection.visit_planned",
        "proposals.inspection.findings_recorded",
        "proposals.inspection.replied",
    } <= actions
    with pytest.raises(DomainError, match="已回复"):
        inspections.reply_record(visit=visit, by=p.unit_clerk, reply="再次回复的内容")


def test_wrong_role_and_bad_input_store_nothing(p: Personas, edu_unit: HandlingUnit, edu_clerk: User) -> None:
    year = timezone.localdate().year
    with pytest.raises(NotAllowed):
        inspections.group_create(committee_id=p.city.pk, by=p.unit_clerk, year=year, name="督导组")
    with pytest.raises(DomainError, match="督导组名称"):
        inspections.group_create(committee_id=p.city.pk, by=p.proposal_staff, year=year, name=" ")
    with pytest.raises(DomainError, match="年度"):
        inspections.group_create(committee_id=p.city.pk, by=p.proposal_staff, year=None, name="督导组")
    assert not InspectionGroup.objects.exists()
    group = _group(p)
    with pytest.raises(DomainError, match="办公室"):
        inspections.member_add(group=group, by=p.proposal_staff, name="张主任", office="")
    assert not InspectionMember.objects.exists()
    proposal = assigned(p)  # assigned to 住建局, not to 教育局
    with pytest.raises(DomainError, match="交该单位办理"):
        _visit(p, group, unit_id=edu_unit.pk, proposal_ids=[proposal.pk])
    with pytest.raises(DomainError, match=r"承办单位.*督导日期"):
        _visit(p, group, unit_id=None, visit_on=None)
    assert not InspectionVisit.objects.exists()
    visit = _visit(p, group)
    with pytest.raises(DomainError, match="评价"):
        inspections.findings_record(visit=visit, by=p.proposal_staff, findings=FINDINGS, rating="优")
    with pytest.raises(DomainError, match="至少5个字"):
        inspections.findings_record(visit=visit, by=p.proposal_staff, findings="好", rating="good")
    with pytest.raises(DomainError, match="回复期限"):
        inspections.findings_record(
            visit=visit,
            by=p.proposal_staff,
            findings=FINDINGS,
            rating="good",
            reply_due=timezone.localdate() - timedelta(days=1),
        )
    with pytest.raises(DomainError, match="还没有督导意见"):
        inspections.reply_record(visit=visit, by=p.unit_clerk, reply="还没有意见就回复")
    inspections.findings_record(visit=visit, by=p.proposal_staff, findings=FINDINGS, rating="average")
    with pytest.raises(NotAllowed):
        inspections.reply_record(visit=visit, by=edu_clerk, reply="别的单位来回复")
    with pytest.raises(DomainError, match="至少5个字"):
        inspections.reply_record(visit=visit, by=p.unit_clerk, reply="好")
    visit.refresh_from_db()
    assert visit.state == "awaiting" and visit.reply == ""


def test_the_pages(client: Client, p: Personas, edu_clerk: User) -> None:
    proposal = assigned(p)
    client.force_login(p.proposal_staff)
    url = reverse("proposals:inspections")
    bad = client.post(url, {"name": "", "year": "2026"})
    assert bad.status_code == 400 and "督导组名称" in bad.content.decode()
    created = client.post(url, {"name": "提案办理督导第一组", "year": str(timezone.localdate().year)})
    group = InspectionGroup.objects.get()
    group_url = reverse("proposals:inspection_group", args=[group.pk])
    assert created.status_code == 302 and created["Location"] == group_url
    assert (
        client.post(group_url, {"action": "member", "name": "李科长", "office": "party"}).status_code == 302
    )
    assert "党委办公室" in client.get(group_url).content.decode()
    bad = client.post(group_url, {"action": "visit", "unit": "", "visit_on": "不是日期"})
    assert bad.status_code == 400 and "督导日期" in bad.content.decode()
    planned = client.post(
        group_url, {"action": "visit", "unit": p.unit.pk, "visit_on": str(timezone.localdate())}
    )
    visit = InspectionVisit.objects.get()
    visit_url = reverse("proposals:inspection_visit", args=[visit.pk])
    assert planned.status_code == 302 and planned["Location"] == visit_url
    assert proposal.title in client.get(visit_url).content.decode()
    assert client.post(visit_url, {"action": "proposals", "proposals": [proposal.pk]}).status_code == 302
    found = {"action": "findings", "findings": FINDINGS, "rating": "good", "reply_due": ""}
    assert client.post(visit_url, found).status_code == 302
    assert "待单位回复" in client.get(url, {"show": "awaiting"}).content.decode()
    # The unit's clerk: from the home-page task to the reply.
    client.force_login(p.unit_clerk)
    assert client.post(visit_url, found).status_code == 404
    task = client.get(reverse("proposals:inspection_unit"), {"task": "to_reply"}).content.decode()
    assert "督导组反馈待回复" in task and visit_url in task
    assert 'data-testid="inspection-findings"' in client.get(visit_url).content.decode()
    assert client.post(visit_url, {"action": "reply", "reply": "好"}).status_code == 400
    assert client.post(visit_url, {"action": "reply", "reply": "已按督导意见整改落实。"}).status_code == 302
    assert client.get(url).status_code == 404
    # Another unit's clerk and another committee's staff see nothing.
    for who in (edu_clerk, p.county_b_staff):
        client.force_login(who)
        assert client.get(visit_url).status_code == 404
        assert client.get(group_url).status_code == 404
    client.force_login(edu_clerk)
    assert visit_url not in client.get(reverse("proposals:inspection_unit")).content.decode()
    # A leader reads but does not write.
    client.force_login(p.leader)
    page = client.get(url, {"show": "replied"}).content.decode()
    assert "单位已回复" in page and p.unit.name in page
    assert client.post(url, {"name": "领导的组", "year": "2026"}).status_code == 404
    assert 'data-testid="inspection-reply"' in client.get(visit_url).content.decode()


def test_the_lists_query_counts_do_not_grow(client: Client, p: Personas) -> None:
    group = _group(p)
    proposal = assigned(p)

    def add(n: int) -> None:
        for _ in range(n):
            visit = _visit(p, group, proposal_ids=[proposal.pk])
            inspections.findings_record(visit=visit, by=p.proposal_staff, findings=FINDINGS, rating="good")

    client.force_login(p.proposal_staff)
    same_for_few_and_many(client, reverse("proposals:inspections"), add)
    client.force_login(p.unit_clerk)
    same_for_few_and_many(client, reverse("proposals:inspection_unit"), add)


def test_the_api_for_units(client: Client, p: Personas, edu_clerk: User) -> None:
    planned = _visit(p)
    visit = _visit(p)
    inspections.findings_record(visit=visit, by=p.proposal_staff, findings=FINDINGS, rating="poor")
    auth = bearer(p.unit_clerk)
    listed = client.get("/api/v1/proposals/inspections", {"committee": p.city.pk}, headers=auth).json()
    assert [(r["id"], r["rating_label"]) for r in listed] == [(visit.pk, "差")]
    url = f"/api/v1/proposals/inspections/{visit.pk}/reply"
    short = client.post(url, {"reply": "好"}, content_type="application/json", headers=auth)
    assert short.status_code == 400 and "至少5个字" in short.json()["message"]
    for who, vid in ((edu_clerk, visit.pk), (p.proposal_staff, visit.pk), (p.unit_clerk, planned.pk)):
        other = client.post(
            f"/api/v1/proposals/inspections/{vid}/reply",
            {"reply": "已整改落实到位。"},
            content_type="application/json",
            headers=bearer(who),
        )
        assert other.status_code == 404
    done = client.post(url, {"reply": "已整改落实到位。"}, content_type="application/json", headers=auth)
    assert done.status_code == 200 and done.json()["state_label"] == "单位已回复"
