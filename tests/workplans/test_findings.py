"""Democratic supervision: special supervisors, findings sent to a department with a deadline, the
department's reply on its home page, the office's rating, and a leader's instruction followed up
as a supervision item; scope and wrong roles."""

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
from zhengxie.org.models import HandlingUnit
from zhengxie.supervision.models import Item as SupervisionItem
from zhengxie.supervision.services import items as item_services
from zhengxie.workplans import supervision as services
from zhengxie.workplans.models import Finding
from zhengxie.workplans.workbench import pending_items

pytestmark = pytest.mark.django_db


def _send(p: Personas, **kw: object) -> Finding:
    args: dict = {
        "unit": p.unit, "title": "老旧小区改造专题监督意见", "body": "加快进度，公开资金使用。",
        "due_on": timezone.localdate() + timedelta(days=30),
    }  # fmt: skip
    args.update(kw)
    return services.finding_send(committee_id=p.city.pk, by=p.activity_staff, **args)


def test_finding_reply_rating_and_supervision_item(p: Personas) -> None:
    sup = services.supervisor_appoint(
        committee_id=p.city.pk, by=p.activity_staff, member=p.member_wang_record, unit=p.unit
    )
    with pytest.raises(DomainError, match="已是此部门"):
        services.supervisor_appoint(
            committee_id=p.city.pk, by=p.activity_staff, member=p.member_wang_record, unit=p.unit
        )
    f = _send(p, supervisor=sup)
    assert Notice.objects.filter(recipient=p.unit_clerk, title__contains="民主监督意见").exists()
    assert [i.label for i in pending_items(p.unit_clerk, p.city.pk)] == ["待答复的民主监督意见"]
    with pytest.raises(NotAllowed):
        services.finding_reply(finding=f, by=p.activity_staff, reply="答复")
    with pytest.raises(DomainError, match="答复后"):
        services.finding_rate(finding=f, by=p.activity_staff, rating="satisfied")
    f = services.finding_reply(finding=f, by=p.unit_clerk, reply="已制定改造计划，资金使用按季度公开。")
    assert "待评价的民主监督答复" in [i.label for i in pending_items(p.activity_staff, p.city.pk)]
    with pytest.raises(DomainError, match="不满意请填写意见"):
        services.finding_rate(finding=f, by=p.activity_staff, rating="unsatisfied")
    f = services.finding_rate(finding=f, by=p.activity_staff, rating="basic", note="进度仍偏慢")
    assert f.state == "rated"
    f = services.finding_instruct(
        finding=f, by=p.activity_staff, leader_name="市长", instruction="请住建局限期整改",
        due_on=timezone.localdate() + timedelta(days=60),
    )  # fmt: skip
    assert f.sup_item is not None and f.sup_item.lead_unit_id == p.unit.pk


def test_bad_input_stores_nothing(p: Personas) -> None:
    other_unit = HandlingUnit.objects.create(committee=p.county_a, name="县住建局")
    for kw, message in (
        ({"due_on": timezone.localdate()}, "晚于今天"),
        ({"unit": other_unit}, "不属于本政协"),
        ({"body": " "}, "监督意见"),
    ):
        with pytest.raises(DomainError, match=message):
            _send(p, **kw)
    with pytest.raises(NotAllowed):
        services.finding_send(
            committee_id=p.city.pk, by=p.leader, unit=p.unit, title="x", body="y",
            due_on=timezone.localdate() + timedelta(days=3),
        )  # fmt: skip
    assert not Finding.objects.exists()


def test_pages_scope_and_query_counts(client: Client, p: Personas) -> None:
    f = _send(p)
    other = HandlingUnit.objects.create(committee=p.city, name="市教育局")
    hidden = _send(p, unit=other, title="教育局")
    client.force_login(p.unit_clerk)
    listing = client.get(reverse("workplans:findings")).content.decode()
    assert f.title in listing and "教育局" not in listing
    assert client.get(reverse("workplans:finding", args=[hidden.pk])).status_code == 404
    client.post(reverse("workplans:finding_act", args=[f.pk, "reply"]), {"reply": "已整改"})
    assert Finding.objects.get(pk=f.pk).state == "replied"
    client.force_login(p.member_wang)
    assert client.get(reverse("workplans:findings")).status_code == 404
    client.force_login(p.activity_staff)
    r = client.post(reverse("workplans:finding_act", args=[f.pk, "rate"]), {"rating": "satisfied"})
    assert r.status_code == 302 and Finding.objects.get(pk=f.pk).rating == "satisfied"
    counter = iter(range(1000))
    same_for_few_and_many(
        client,
        reverse("workplans:findings"),
        lambda n: [_send(p, title=f"意见{next(counter)}") for _ in range(n)],
        many=15,
    )


def _accept(p: Personas, item: SupervisionItem, report: str) -> None:
    """Walk the supervision item to acceptance as the office and the department would."""
    item = item_services.item_approve(item=item, by=p.leader)
    item = item_services.item_issue(item=item, by=p.supervision_staff)
    item = item_services.item_sign(item=item, by=p.unit_clerk)
    item_services.item_report_completion(
        item=SupervisionItem.objects.get(pk=item.pk), by=p.unit_clerk, text=report
    )
    item_services.item_verify(
        item=SupervisionItem.objects.get(pk=item.pk), by=p.supervision_staff, accept=True
    )


def test_accepted_item_feeds_back_to_the_finding_and_closes_its_reply(client: Client, p: Personas) -> None:
    sup = services.supervisor_appoint(
        committee_id=p.city.pk, by=p.activity_staff, member=p.member_wang_record, unit=p.unit
    )
    f = services.finding_instruct(
        finding=_send(p, supervisor=sup), by=p.activity_staff, leader_name="市长", instruction="限期整改",
        due_on=timezone.localdate() + timedelta(days=60),
    )  # fmt: skip
    assert f.sup_item is not None
    assert [i.label for i in pending_items(p.unit_clerk, p.city.pk)] == ["待答复的民主监督意见"]
    _accept(p, f.sup_item, "已完成二十个小区改造，资金使用按季度公开。")
    f.refresh_from_db()
    # The department answered through the item: the reply is closed, the office rates it.
    assert f.state == "replied" and f.result.startswith("已完成二十个小区") and f.reply == f.result
    assert f.result_at is not None
    assert pending_items(p.unit_clerk, p.city.pk) == []
    assert "待评价的民主监督答复" in [i.label for i in pending_items(p.activity_staff, p.city.pk)]
    assert Notice.objects.filter(recipient=p.member_wang, title__startswith="批示落实情况").exists()
    client.force_login(p.activity_staff)
    page = client.get(reverse("workplans:finding", args=[f.pk])).content.decode()
    assert "批示落实情况" in page and "已完成二十个小区改造" in page


def test_accepted_item_after_a_reply_keeps_the_reply(p: Personas) -> None:
    f = services.finding_reply(finding=_send(p), by=p.unit_clerk, reply="已制定改造计划。")
    f = services.finding_instruct(
        finding=f, by=p.activity_staff, leader_name="市长", instruction="限期整改",
        due_on=timezone.localdate() + timedelta(days=60),
    )  # fmt: skip
    assert f.sup_item is not None
    _accept(p, f.sup_item, "二十个小区整改全部完成。")
    f.refresh_from_db()
    assert f.state == "replied" and f.reply == "已制定改造计划。" and f.result == "二十个小区整改全部完成。"
