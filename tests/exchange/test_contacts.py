"""Contacts: the directory shows the same committee's members only, with each person's choice
applied; a hidden phone never appears; full numbers are audited and limited; the office's liaison
staff and writing to them."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.personas import Personas
from zhengxie.audit.models import AuditEvent
from zhengxie.exchange import contacts
from zhengxie.exchange.models import Group, GroupMember, Message
from zhengxie.lib.errors import DomainError
from zhengxie.notices.models import Notice

from .conftest import X


def test_directory_applies_each_persons_choice(client: Client, p: Personas, x: X) -> None:
    contacts.card_update(by=x.zhao, show_phone=True, show_work=True)
    client.force_login(p.member_wang)
    page = client.get(reverse("exchange:contacts")).content.decode()
    assert "赵晓梅" in page and "王建国" in page
    assert "137****7000" in page and "13700137000" not in page  # masked in the list
    assert "市第一中学" in page
    assert "13800138000" not in page and "138****8000" not in page  # 王 did not allow it
    assert "测试市建设集团" not in page
    assert "李淑芬" not in page  # a county member is never listed


def test_search_by_name_pinyin_and_sector(client: Client, p: Personas, x: X) -> None:
    client.force_login(p.member_wang)
    assert "赵晓梅" in client.get(reverse("exchange:contacts") + "?q=zxm").content.decode()
    fragment = {"HX-Request": "true"}  # the list alone, without the header's own name
    by_sector = client.get(reverse("exchange:contacts") + "?q=教育", headers=fragment).content.decode()
    assert "赵晓梅" in by_sector and "王建国" not in by_sector


def test_full_phone_only_when_allowed_audited_and_limited(
    client: Client, p: Personas, x: X, monkeypatch: pytest.MonkeyPatch
) -> None:
    client.force_login(x.zhao)
    hidden = client.post(reverse("exchange:phone", args=[p.member_wang_record.pk]))
    assert hidden.status_code == 404 and "13800138000" not in hidden.content.decode()
    contacts.card_update(by=p.member_wang, show_phone=True, show_work=False)
    shown = client.post(reverse("exchange:phone", args=[p.member_wang_record.pk]))
    assert "13800138000" in shown.content.decode()
    assert AuditEvent.objects.filter(action="exchange.contact.phone_viewed", actor=x.zhao).count() == 1
    monkeypatch.setattr(contacts, "PHONE_VIEWS_PER_DAY", 1)
    limited = client.post(reverse("exchange:phone", args=[p.member_wang_record.pk]))
    assert limited.status_code == 429 and "请明天再试" in limited.content.decode()
    client.force_login(p.member_county)
    assert client.post(reverse("exchange:phone", args=[p.member_wang_record.pk])).status_code == 404
    assert client.get(reverse("exchange:contacts")).status_code == 200  # his own county's list
    assert "王建国" not in client.get(reverse("exchange:contacts")).content.decode()
    client.force_login(p.unit_clerk)
    assert client.get(reverse("exchange:contacts")).status_code == 404


def test_own_settings_page(client: Client, p: Personas, x: X) -> None:
    client.force_login(p.member_wang)
    assert "通讯录公开设置" in client.get(reverse("accounts:profile")).content.decode()
    saved = client.post(reverse("exchange:card"), {"show_phone": "on"})
    assert saved.status_code == 302
    card = contacts.card_of(p.member_wang)
    assert card.show_phone and not card.show_work
    assert AuditEvent.objects.filter(action="exchange.contact.card_updated").exists()
    client.force_login(p.proposal_staff)
    bad = client.post(reverse("exchange:card"), {"office_phone": "<script>"})
    assert bad.status_code == 400 and "办公电话只能包含数字" in bad.content.decode()
    client.post(reverse("exchange:card"), {"office_phone": "0536-8230101", "liaison_note": "提案提交"})
    client.force_login(p.member_wang)
    office = client.get(reverse("exchange:office")).content.decode()
    assert "提案干部" in office and "0536-8230101" in office and "信息干部" in office


def test_writing_to_the_office_opens_one_conversation_per_matter(client: Client, p: Personas, x: X) -> None:
    client.force_login(p.member_wang)
    sent = client.post(reverse("exchange:office"), {"topic": "proposals", "body": "请问提案截止时间？"})
    assert sent.status_code == 302
    group = Group.objects.get(kind=Group.Kind.OFFICE, owner=p.member_wang)
    assert set(GroupMember.objects.filter(group=group).values_list("user_id", flat=True)) == {
        p.member_wang.pk,
        p.proposal_staff.pk,
    }
    assert (
        Notice.objects.filter(recipient=p.proposal_staff, url__contains=f"/exchange/{group.pk}/").count() == 1
    )
    client.post(reverse("exchange:office"), {"topic": "proposals", "body": "补充一个问题"})
    assert Group.objects.filter(kind=Group.Kind.OFFICE).count() == 1
    assert Message.objects.filter(group=group).count() == 2
    assert Notice.objects.filter(recipient=p.proposal_staff).count() == 1  # told once, then the unread count
    empty = client.post(reverse("exchange:office"), {"topic": "proposals", "body": ""})
    assert empty.status_code == 400
    with pytest.raises(DomainError, match="只有本会委员"):
        contacts.write_to_office(by=p.member_county, committee_id=p.city.pk, topic="proposals", body="x")
    client.force_login(p.proposal_staff)
    assert client.get(reverse("exchange:detail", args=[group.pk])).status_code == 200
    client.force_login(p.info_staff)
    assert client.get(reverse("exchange:detail", args=[group.pk])).status_code == 404
