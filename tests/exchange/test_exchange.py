"""Group exchange: forming groups, members, messages with attachments, unread counts, polling,
retention; nobody outside a group reaches anything of it."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.personas import Personas
from zhengxie.audit.models import AuditEvent
from zhengxie.exchange import selectors, services
from zhengxie.exchange.models import Attachment, Group, GroupMember, Message
from zhengxie.lib.errors import DomainError

from .conftest import X

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_office_forms_a_sector_group_with_the_whole_sector(p: Personas, x: X) -> None:
    group = services.group_create(
        committee_id=p.city.pk,
        by=p.info_staff,
        name="教育界交流群",
        kind=Group.Kind.SECTOR,
        sector=x.education,
    )
    users = set(GroupMember.objects.filter(group=group).values_list("user_id", flat=True))
    assert users == {p.info_staff.pk, x.zhao.pk}
    assert group.member_count == 2
    assert AuditEvent.objects.filter(action="exchange.group.created", object_id=str(group.pk)).exists()


def test_a_member_forms_a_research_team_only_when_allowed(p: Personas, x: X) -> None:
    team = services.group_create(
        committee_id=p.city.pk, by=p.member_wang, name="调研组", kind=Group.Kind.TEAM, user_ids=[x.zhao.pk]
    )
    assert team.owner_id == p.member_wang.pk and team.member_count == 2
    with pytest.raises(DomainError, match="委员只能建立课题调研组"):
        services.group_create(committee_id=p.city.pk, by=p.member_wang, name="工作群", kind=Group.Kind.WORK)
    services.settings_update(
        committee_id=p.city.pk, by=p.activity_staff, retention_months=12, members_may_create_teams=False
    )
    with pytest.raises(DomainError, match="暂不允许委员自建"):
        services.group_create(committee_id=p.city.pk, by=p.member_wang, name="调研组2", kind=Group.Kind.TEAM)
    with pytest.raises(DomainError, match="须是本会委员"):
        services.group_create(
            committee_id=p.city.pk,
            by=p.activity_staff,
            name="x",
            kind=Group.Kind.WORK,
            user_ids=[p.member_county.pk],
        )
    assert Group.objects.count() == 2


def test_messages_unread_counts_and_reading(p: Personas, x: X) -> None:
    services.message_post(group=x.group, by=p.activity_staff, body="请查收调研提纲")
    services.message_post(group=x.group, by=x.zhao, body="收到")
    assert selectors.unread_total(p.member_wang, p.city.pk) == 2
    # Writing counts as having read what came before; her own message is never unread.
    assert selectors.unread_total(x.zhao, p.city.pk) == 0
    row: Any = selectors.groups_for(p.member_wang).get(pk=x.group.pk)
    assert row.unread == 2
    services.mark_read(group=x.group, by=p.member_wang)
    assert selectors.unread_total(p.member_wang, p.city.pk) == 0
    services.mark_read(group=x.group, by=p.member_wang, up_to=1)  # never moves backwards
    assert selectors.unread_total(p.member_wang, p.city.pk) == 0


def test_bad_messages_store_nothing(p: Personas, x: X) -> None:
    with pytest.raises(DomainError, match="请填写消息内容"):
        services.message_post(group=x.group, by=p.member_wang, body="  ")
    with pytest.raises(DomainError, match="不能超过2000"):
        services.message_post(group=x.group, by=p.member_wang, body="长" * 2001)
    fake = SimpleUploadedFile("a.png", b"<html><script>x</script>", content_type="image/png")
    with pytest.raises(DomainError):
        services.message_post(group=x.group, by=p.member_wang, body="图", files=[fake])
    with pytest.raises(DomainError, match="不在本群"):
        services.message_post(group=x.group, by=p.member_county, body="x")
    assert Message.objects.count() == 0 and Attachment.objects.count() == 0


def test_members_added_and_removed_by_owner_or_office(p: Personas, x: X) -> None:
    team = services.group_create(
        committee_id=p.city.pk, by=p.member_wang, name="调研组", kind=Group.Kind.TEAM
    )
    services.message_post(group=team, by=p.member_wang, body="第一条")
    with pytest.raises(DomainError, match="只有群主或机关工作人员"):
        services.members_add(group=team, by=x.zhao, user_ids=[x.zhao.pk])
    assert services.members_add(group=team, by=p.member_wang, user_ids=[x.zhao.pk]) == 1
    # Joining later: what came before counts as read.
    assert selectors.unread_total(x.zhao, p.city.pk) == 0
    with pytest.raises(DomainError, match="群主不能移出"):
        services.member_remove(group=team, by=p.activity_staff, user_id=p.member_wang.pk)
    services.member_remove(group=team, by=p.activity_staff, user_id=x.zhao.pk)
    assert not GroupMember.objects.filter(group=team, user=x.zhao).exists()
    assert AuditEvent.objects.filter(action="exchange.member.removed").count() == 1


def test_a_member_reads_replies_and_the_unread_count_drops(client: Client, p: Personas, x: X) -> None:
    services.message_post(group=x.group, by=x.zhao, body="下周二去社区座谈")
    client.force_login(p.member_wang)
    home = client.get("/").content.decode()
    assert "未读消息" in home
    unread = client.get(reverse("exchange:index") + "?task=unread").content.decode()
    assert "下周二去社区座谈" in unread
    assert 'data-testid="exchange-unread">1<' in client.get(reverse("exchange:badge")).content.decode()
    page = client.get(reverse("exchange:detail", args=[x.group.pk])).content.decode()
    assert "下周二去社区座谈" in page
    assert client.get(reverse("exchange:badge")).content.decode().strip() == ""
    picture = SimpleUploadedFile("现场.png", PNG, content_type="image/png")
    sent = client.post(
        reverse("exchange:send", args=[x.group.pk]), {"body": "好的", "attachments": [picture]}
    )
    assert sent.status_code == 302
    message = Message.objects.get(body="好的")
    attachment = message.attachments.get()
    assert client.get(reverse("exchange:attachment", args=[attachment.pk])).status_code == 200
    empty = client.post(reverse("exchange:send", args=[x.group.pk]), {"body": ""})
    assert empty.status_code == 400 and "请填写消息内容或添加附件" in empty.content.decode()


def test_polling_brings_new_messages_and_marks_them_read(client: Client, p: Personas, x: X) -> None:
    first = services.message_post(group=x.group, by=x.zhao, body="一")
    client.force_login(p.member_wang)
    client.get(reverse("exchange:detail", args=[x.group.pk]))
    services.message_post(group=x.group, by=x.zhao, body="二号消息")
    polled = client.get(reverse("exchange:poll", args=[x.group.pk]) + f"?after={first.pk}").content.decode()
    assert "二号消息" in polled and f"after={first.pk + 1}" in polled
    assert selectors.unread_total(p.member_wang, p.city.pk) == 0


def test_outside_the_group_everything_is_404(client: Client, p: Personas, x: X) -> None:
    message = services.message_post(
        group=x.group,
        by=x.zhao,
        body="内部",
        files=[SimpleUploadedFile("a.pdf", PDF, content_type="application/pdf")],
    )
    attachment = message.attachments.get()
    for user in (p.member_county, p.county_b_staff, p.proposal_staff, p.unit_clerk):
        client.force_login(user)
        for name in ("detail", "poll", "leave"):
            assert client.get(reverse(f"exchange:{name}", args=[x.group.pk])).status_code in (404, 405)
        assert client.post(reverse("exchange:send", args=[x.group.pk]), {"body": "x"}).status_code == 404
        assert client.get(reverse("exchange:attachment", args=[attachment.pk])).status_code == 404
        assert "内部" not in client.get(reverse("exchange:badge")).content.decode()
    # The office of the committee maintains the member list but reads no message.
    client.force_login(p.proposal_staff)
    members = client.get(reverse("exchange:members", args=[x.group.pk]))
    assert members.status_code == 200 and "内部" not in members.content.decode()
    client.force_login(p.member_county)
    assert client.get(reverse("exchange:members", args=[x.group.pk])).status_code == 404
    assert Message.objects.count() == 1


def test_member_page_adds_and_removes(client: Client, p: Personas, x: X) -> None:
    client.force_login(x.zhao)
    refused = client.post(
        reverse("exchange:members", args=[x.group.pk]), {"action": "remove", "user": p.member_wang.pk}
    )
    assert refused.status_code == 404
    client.force_login(p.activity_staff)
    gone = client.post(
        reverse("exchange:members", args=[x.group.pk]), {"action": "remove", "user": x.zhao.pk}
    )
    assert gone.status_code == 302
    added = client.post(
        reverse("exchange:members", args=[x.group.pk]), {"action": "add", "members": [x.zhao_record.pk]}
    )
    assert added.status_code == 302 and GroupMember.objects.filter(group=x.group, user=x.zhao).exists()
    bad = client.post(
        reverse("exchange:members", args=[x.group.pk]), {"action": "add", "members": ["999999"]}
    )
    assert bad.status_code == 400


def test_create_page_and_settings_page(client: Client, p: Personas, x: X) -> None:
    client.force_login(p.member_wang)
    assert client.get(reverse("exchange:settings")).status_code == 404
    made = client.post(
        reverse("exchange:create"), {"name": "养老课题组", "kind": "team", "members": [x.zhao_record.pk]}
    )
    assert made.status_code == 302
    bad = client.post(reverse("exchange:create"), {"name": "", "kind": "team"})
    assert bad.status_code == 400
    client.force_login(p.activity_staff)
    wrong = client.post(reverse("exchange:settings"), {"retention_months": "0"})
    assert wrong.status_code == 400
    saved = client.post(
        reverse("exchange:settings"), {"retention_months": "6", "members_may_create_teams": "on"}
    )
    assert saved.status_code == 302 and services.settings_for(p.city.pk).retention_months == 6


def test_retention_deletes_old_messages_and_their_files(
    p: Personas, x: X, django_capture_on_commit_callbacks: object
) -> None:
    old = services.message_post(
        group=x.group,
        by=x.zhao,
        body="旧",
        files=[SimpleUploadedFile("a.png", PNG, content_type="image/png")],
    )
    path = old.attachments.get().file.path
    services.message_post(group=x.group, by=x.zhao, body="新")
    Message.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=800))
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        assert services.purge_expired() == 1
    assert list(Message.objects.values_list("body", flat=True)) == ["新"]
    import os

    assert not os.path.exists(path)
    event = AuditEvent.objects.get(action="exchange.messages.purged")
    assert event.data["messages"] == 1 and event.data["files"] == 1
    assert services.purge_expired() == 0
    services.settings_update(
        committee_id=p.city.pk, by=p.activity_staff, retention_months=1, members_may_create_teams=True
    )
    Message.objects.update(created_at=timezone.now() - timedelta(days=40))
    assert services.purge_expired() == 1
