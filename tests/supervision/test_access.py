"""Who sees what: outside the supervision office, the committee's leaders and the item's units an
item does not exist (404); inside, the workflow table decides who may do what."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tests.personas import Personas, _user
from zhengxie.accounts.models import User
from zhengxie.lib.errors import NotAllowed
from zhengxie.org.models import HandlingUnit
from zhengxie.org.roles import Role
from zhengxie.supervision.models import Attachment, Bulletin, Item, ProgressReport
from zhengxie.supervision.services import items as item_services
from zhengxie.supervision.services import outputs, progress

from .helpers import PDF, approved, fresh, issued, messages_of, register, signed, today

S = Item.State


@pytest.fixture
def reported(p: Personas, media: Path) -> Item:
    """An item in progress with a progress report and its PDF attachment."""
    item = signed(p)
    progress.progress_report(
        item=item,
        by=p.unit_clerk,
        percent=30,
        text="已完成方案编制",
        upload=SimpleUploadedFile("方案.pdf", PDF),
    )
    return item


@pytest.fixture
def bulletin(p: Personas, reported: Item) -> Bulletin:
    return outputs.bulletin_issue(
        committee_id=p.city.pk,
        by=p.supervision_staff,
        year=today().year,
        quarter=(today().month - 1) // 3 + 1,
        summary="",
        praised=[],
        reminded=[],
    )


def _urls(item: Item, bulletin: Bulletin) -> dict[str, str]:
    attachment = Attachment.objects.get(item=item)
    return {
        "item": reverse("supervision:item_detail", args=[item.pk]),
        "board": reverse("supervision:board"),
        "bulletin": reverse("supervision:bulletin_docx", args=[bulletin.pk]),
        "attachment": reverse("supervision:attachment", args=[attachment.pk]),
        "special_report": reverse("supervision:special_report_new", args=[item.pk]),
    }


@pytest.mark.parametrize("persona", ["member_wang", "county_b_staff", "proposal_staff"])
def test_people_outside_supervision_get_404_everywhere(
    client: Client, p: Personas, reported: Item, bulletin: Bulletin, persona: str
) -> None:
    client.force_login(getattr(p, persona))
    for name, url in _urls(reported, bulletin).items():
        assert client.get(url).status_code == 404, name
    assert client.get(reverse("supervision:inbox")).status_code == 404
    assert client.get(reverse("supervision:leader")).status_code == 404
    assert client.post(reverse("supervision:item_act", args=[reported.pk, "sign"])).status_code == 404


def test_a_clerk_of_another_unit_cannot_see_the_units_items(
    client: Client, p: Personas, reported: Item, bulletin: Bulletin, other_clerk: User
) -> None:
    client.force_login(other_clerk)
    for name, url in _urls(reported, bulletin).items():
        assert client.get(url).status_code == 404, name
    inbox = client.get(reverse("supervision:inbox"), {"bucket": "in_progress"}).content.decode()
    assert reported.number not in inbox and "暂无事项" in inbox
    response = client.post(
        reverse("supervision:item_report", args=[reported.pk]), {"percent": 90, "text": "冒充报送进度"}
    )
    assert response.status_code == 404
    assert ProgressReport.objects.count() == 1


def test_the_lead_units_clerk_sees_the_item_and_its_attachment_but_not_the_office_pages(
    client: Client, p: Personas, reported: Item, bulletin: Bulletin
) -> None:
    client.force_login(p.unit_clerk)
    urls = _urls(reported, bulletin)
    assert client.get(urls["item"]).status_code == 200
    download = client.get(urls["attachment"])
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF  # type: ignore[attr-defined]
    for name in ("board", "bulletin", "special_report"):
        assert client.get(urls[name]).status_code == 404, name
    assert (
        reported.number
        in client.get(reverse("supervision:inbox"), {"bucket": "in_progress"}).content.decode()
    )


def test_another_committees_unit_clerk_cannot_reach_the_item(client: Client, p: Personas) -> None:
    county_unit = HandlingUnit.objects.create(committee=p.county_b, name="乙县住建局")
    county_clerk = _user("county_clerk", "乙县住建局经办人", p.county_b, Role.UNIT_CLERK, unit=county_unit)
    item = issued(p)
    client.force_login(county_clerk)
    assert client.get(reverse("supervision:item_detail", args=[item.pk])).status_code == 404
    assert item.number not in client.get(reverse("supervision:inbox")).content.decode()


def test_a_unit_clerk_cannot_approve_or_issue(client: Client, p: Personas) -> None:
    draft = register(p)
    ready = approved(p, title="第二个事项")
    client.force_login(p.unit_clerk)
    for item, action, state in ((draft, "approve", S.DRAFT), (ready, "issue", S.REGISTERED)):
        # Not yet issued, the item does not exist for the unit at all.
        assert client.get(reverse("supervision:item_detail", args=[item.pk])).status_code == 404
        response = client.post(reverse("supervision:item_act", args=[item.pk, action]))
        assert response.status_code == 404
        assert (fresh(item).state, fresh(item).version) == (state, item.version)
    with pytest.raises(NotAllowed):
        item_services.item_approve(item=fresh(draft), by=p.unit_clerk)


def test_staff_cannot_approve_and_a_leader_cannot_issue(p: Personas) -> None:
    draft = register(p)
    with pytest.raises(NotAllowed):
        item_services.item_approve(item=draft, by=p.supervision_staff)
    item_services.item_approve(item=draft, by=p.leader)
    with pytest.raises(NotAllowed):
        item_services.item_issue(item=draft, by=p.leader)
    assert fresh(draft).state == S.REGISTERED


def test_a_co_operating_units_clerk_reads_but_does_not_report(
    client: Client, p: Personas, other_unit: HandlingUnit, other_clerk: User
) -> None:
    item = signed(p, co_units=[other_unit])
    client.force_login(other_clerk)
    url = reverse("supervision:item_detail", args=[item.pk])
    body = client.get(url).content.decode()
    assert item.title in body and "报送进度</button>" not in body and "申请延期" not in body
    response = client.post(
        reverse("supervision:item_report", args=[item.pk]),
        {"percent": 50, "text": "配合单位的进展"},
        follow=True,
    )
    assert messages_of(response) == ["您没有执行此操作的权限"]
    assert not ProgressReport.objects.exists()
    completion = client.post(
        reverse("supervision:item_act", args=[item.pk, "complete"]),
        {"text": "配合单位报送的办结报告内容"},
        follow=True,
    )
    assert messages_of(completion) == ["您没有执行此操作的权限"]
    assert fresh(item).state == S.IN_PROGRESS
    assert item.number in client.get(reverse("supervision:inbox"), {"bucket": "in_progress"}).content.decode()


def test_a_co_operating_unit_cannot_sign_for_the_item(
    p: Personas, other_unit: HandlingUnit, other_clerk: User
) -> None:
    item = issued(p, co_units=[other_unit])
    with pytest.raises(NotAllowed):
        item_services.item_sign(item=item, by=other_clerk)
    assert fresh(item).state == S.ISSUED


def test_the_unit_leader_acts_for_the_unit(p: Personas, unit_leader: User) -> None:
    item = issued(p)
    item_services.item_sign(item=item, by=unit_leader)
    progress.progress_report(item=item, by=unit_leader, percent=20, text="负责人报送的进展情况")
    assert fresh(item).progress == 20
