"""An item's whole life through the pages: registered, approved, issued, signed for, reported on,
returned once, accepted and struck off; each step audited and shown on the item's timeline. And
the steps refused in the wrong state or lost to a colleague who acted first."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tests.personas import Personas
from zhengxie.audit.models import AuditEvent
from zhengxie.lib.errors import Conflict, DomainError
from zhengxie.org.models import HandlingUnit
from zhengxie.supervision import config
from zhengxie.supervision.models import Item, ProgressReport
from zhengxie.supervision.services import items as item_services
from zhengxie.supervision.services import progress

from .helpers import PDF, fresh, in_days, issued, item_data, messages_of, register, signed

S = Item.State


def _act(client: Client, item: Item, action: str, **data: str) -> list[str]:
    response = client.post(reverse("supervision:item_act", args=[item.pk, action]), data, follow=True)
    assert response.status_code == 200
    return messages_of(response)


def _events(item: Item) -> list[str]:
    return list(
        AuditEvent.objects.filter(object_type="supervision.item", object_id=str(item.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )


def test_an_item_goes_from_registration_to_struck_off_and_every_step_is_audited(
    client: Client, p: Personas, media: Path
) -> None:
    client.force_login(p.supervision_staff)
    response = client.post(
        reverse("supervision:item_create"),
        {
            "title": "推进老旧小区改造",
            "category": "民主监督",
            "source": config.sources_for(p.city.pk)[0].pk,
            "content": "完成城区老旧小区改造任务",
            "due_on": in_days(60).isoformat(),
            "lead_unit": p.unit.pk,
            "supervising_leader": p.leader.pk,
            "report_cycle": "monthly",
            "report_day": 5,
            "weight": "1",
        },
    )
    item = Item.objects.get(title="推进老旧小区改造")
    assert response["Location"] == reverse("supervision:item_detail", args=[item.pk])
    assert (item.state, item.due_on, item.original_due_on) == (S.DRAFT, in_days(60), in_days(60))

    client.force_login(p.leader)
    _act(client, item, "approve")
    client.force_login(p.supervision_staff)
    _act(client, item, "issue")
    assert fresh(item).state == S.ISSUED and fresh(item).issued_at is not None

    client.force_login(p.unit_clerk)
    _act(client, item, "sign")
    report = client.post(
        reverse("supervision:item_report", args=[item.pk]),
        {
            "percent": 40,
            "text": "已完成12个小区的改造方案",
            "attachment": SimpleUploadedFile("方案.pdf", PDF),
        },
        follow=True,
    )
    assert "进度已报送" in messages_of(report)
    assert fresh(item).progress == 40
    _act(client, item, "complete", text="改造任务已全部完成，居民满意度调查良好。")
    assert fresh(item).state == S.VERIFYING

    client.force_login(p.supervision_staff)
    _act(client, item, "verify", decision="return", note="缺少验收材料，请补充")
    returned = fresh(item)
    assert (returned.state, returned.rejections) == (S.IN_PROGRESS, 1)

    client.force_login(p.unit_clerk)
    _act(client, item, "complete", text="已补充验收材料，改造任务全部完成。")
    client.force_login(p.supervision_staff)
    _act(client, item, "verify", decision="accept", note="同意办结")
    done = fresh(item)
    assert (done.state, done.progress) == (S.DONE, 100) and done.done_at is not None
    _act(client, item, "close")
    assert fresh(item).state == S.CLOSED and fresh(item).closed_at is not None

    assert _events(item) == [
        "supervision.item.registered",
        "supervision.item.approved",
        "supervision.item.issued",
        "supervision.item.signed",
        "supervision.item.progress_reported",
        "supervision.item.completion_reported",
        "supervision.item.completion_returned",
        "supervision.item.completion_reported",
        "supervision.item.accepted",
        "supervision.item.closed",
    ]
    actors = dict(
        AuditEvent.objects.filter(object_id=str(item.pk), object_type="supervision.item").values_list(
            "action", "actor_id"
        )
    )
    assert actors["supervision.item.approved"] == p.leader.pk
    assert actors["supervision.item.signed"] == p.unit_clerk.pk

    body = client.get(reverse("supervision:item_detail", args=[item.pk])).content.decode()
    timeline = body[body.index('data-testid="timeline"') :]
    steps = [
        "立项登记",
        "领导审核通过",
        "下发",
        "签收",
        "报送进度",
        "报送办结报告",
        "办结报告退回",
        "核实通过，办结",
        "销号归档",
    ]
    positions = [timeline.index(s) for s in steps]
    assert positions == sorted(positions)
    assert "（40%）" in timeline and "缺少验收材料，请补充" in timeline
    # People appear by name, not by login name.
    assert "住建局经办人：签收" in timeline and "clerk：" not in timeline
    assert "方案.pdf" in body


def test_the_item_page_offers_each_role_only_its_own_buttons(client: Client, p: Personas) -> None:
    item = issued(p)
    url = reverse("supervision:item_detail", args=[item.pk])
    client.force_login(p.unit_clerk)
    assert "签收</button>" in client.get(url).content.decode()
    client.force_login(p.supervision_staff)
    staff_page = client.get(url).content.decode()
    assert "签收</button>" not in staff_page and "编发督查专报" in staff_page


def test_signing_an_already_signed_item_says_so_and_changes_nothing(client: Client, p: Personas) -> None:
    item = signed(p)
    before = fresh(item)
    client.force_login(p.unit_clerk)
    assert _act(client, item, "sign") == ["当前状态为“办理中”，不能执行此操作"]
    after = fresh(item)
    assert (after.state, after.version, after.signed_at) == (S.IN_PROGRESS, before.version, before.signed_at)
    assert _events(item).count("supervision.item.signed") == 1


def test_progress_cannot_be_reported_before_signing(client: Client, p: Personas) -> None:
    item = issued(p)
    client.force_login(p.unit_clerk)
    response = client.post(
        reverse("supervision:item_report", args=[item.pk]), {"percent": 10, "text": "已开始调研"}, follow=True
    )
    assert messages_of(response) == ["请先签收该事项，再报送进度"]
    assert not ProgressReport.objects.exists()
    assert (fresh(item).state, fresh(item).progress) == (S.ISSUED, 0)


def test_a_clerk_acting_on_a_stale_copy_loses_to_a_colleague(p: Personas) -> None:
    item = issued(p)
    first, second = fresh(item), fresh(item)
    item_services.item_sign(item=first, by=p.unit_clerk)
    with pytest.raises(Conflict, match="此事项已被他人处理，请刷新"):
        item_services.item_request_return(item=second, by=p.unit_clerk, reason="本局不负责此项工作")
    stored = fresh(item)
    assert (stored.state, stored.return_reason) == (S.IN_PROGRESS, "")
    assert "supervision.item.return_requested" not in _events(item)


def test_two_staff_verifying_the_same_report_one_wins(p: Personas) -> None:
    item = signed(p)
    item_services.item_report_completion(item=item, by=p.unit_clerk, text="已全部完成改造任务并验收。")
    accept, reject = fresh(item), fresh(item)
    item_services.item_verify(item=accept, by=p.supervision_staff, accept=True)
    with pytest.raises(Conflict):
        item_services.item_verify(item=reject, by=p.supervision_staff, accept=False, note="材料不全请补充")
    stored = fresh(item)
    assert (stored.state, stored.rejections) == (S.DONE, 0)


def test_a_report_after_completion_is_refused_in_chinese(p: Personas) -> None:
    item = signed(p)
    item_services.item_report_completion(item=item, by=p.unit_clerk, text="已全部完成改造任务并验收。")
    with pytest.raises(DomainError, match="事项当前为“待核实”，不能报送进度"):
        progress.progress_report(item=fresh(item), by=p.unit_clerk, percent=100, text="补充一些进展")


def test_a_unit_returns_a_wrongly_assigned_item_and_the_office_reassigns_it(
    p: Personas, other_unit: HandlingUnit
) -> None:
    item = issued(p)
    with pytest.raises(DomainError, match="请写明退办理由"):
        item_services.item_request_return(item=item, by=p.unit_clerk, reason="不")
    item_services.item_request_return(item=item, by=p.unit_clerk, reason="此项属于教育局职责")
    item_services.item_decide_return(
        item=fresh(item), by=p.supervision_staff, accept=True, new_lead_unit=other_unit
    )
    stored = fresh(item)
    assert (stored.state, stored.lead_unit_id, stored.issued_at) == (S.REGISTERED, other_unit.pk, None)


def test_a_leader_cancels_an_open_item_with_a_reason(p: Personas) -> None:
    item = signed(p)
    with pytest.raises(DomainError, match="请填写撤销理由"):
        item_services.item_cancel(item=item, by=p.leader, reason="")
    item_services.item_cancel(item=item, by=p.leader, reason="任务调整")
    assert fresh(item).state == S.CANCELLED


def test_staff_correct_an_item_until_it_is_issued(
    client: Client, p: Personas, other_unit: HandlingUnit
) -> None:
    item = register(p)
    url = reverse("supervision:item_edit", args=[item.pk])
    client.force_login(p.supervision_staff)
    form = client.get(url).context["form"]
    data = {
        **form.initial,
        "title": "推进老旧小区和城中村改造",
        "due_on": in_days(45),
        "co_units": [other_unit.pk],
    }
    data = {k: v for k, v in data.items() if v is not None}
    assert client.post(url, data)["Location"] == reverse("supervision:item_detail", args=[item.pk])
    stored = fresh(item)
    assert (stored.title, stored.due_on, stored.original_due_on) == (
        "推进老旧小区和城中村改造",
        in_days(45),
        in_days(45),
    )
    assert list(stored.co_units.all()) == [other_unit]
    assert "supervision.item.updated" in _events(item)

    item_services.item_issue(
        item=item_services.item_approve(item=stored, by=p.leader), by=p.supervision_staff
    )
    refused = client.post(url, {**data, "title": "下发后再改名"})
    assert refused.status_code == 400 and "事项已下发，不能再修改" in refused.content.decode()
    assert fresh(item).title == "推进老旧小区和城中村改造"
    client.force_login(p.unit_clerk)
    assert client.get(url).status_code == 404


def test_editing_a_stale_copy_loses(p: Personas) -> None:
    item = register(p)
    stale = fresh(item)
    item_services.item_approve(item=item, by=p.leader)
    with pytest.raises(Conflict):
        item_services.item_update(item=stale, by=p.supervision_staff, data=item_data(p, title="过时的修改"))
    assert fresh(item).title == "推进老旧小区改造"
