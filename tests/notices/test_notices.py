from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from zhengxie.accounts.models import User
from zhengxie.notices.models import Notice
from zhengxie.notices.services import notify
from zhengxie.notices.tasks import deliver_pending


def test_the_same_notice_is_created_once(p):
    first = notify(recipient=p.member_wang, key="test:1", title="请签收")
    again = notify(recipient=p.member_wang, key="test:1", title="请签收")
    assert first.pk == again.pk
    assert Notice.objects.count() == 1


def test_email_is_sent_once_even_when_delivery_runs_twice(p):
    User.objects.filter(pk=p.member_wang.pk).update(email="wang@example.com")
    notify(recipient=p.member_wang, key="test:2", title="会议通知", body="明天开会", email=True)
    deliver_pending.call()
    deliver_pending.call()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "会议通知"


def test_sms_goes_through_the_gateway_interface_once(p, caplog):
    User.objects.filter(pk=p.member_wang.pk).update(phone="13800138000")
    notify(recipient=p.member_wang, key="test:3", title="督办提醒", sms=True)
    with caplog.at_level("INFO", logger="zhengxie.sms"):
        deliver_pending.call()
        deliver_pending.call()
    messages = [r.getMessage() for r in caplog.records if r.name == "zhengxie.sms"]
    assert messages == ["SMS to 138****8000: 【智慧政协】督办提醒"]


def test_inbox_shows_own_notices_and_unread_count(client, p):
    notify(recipient=p.member_wang, key="a", title="给王委员")
    notify(recipient=p.leader, key="a", title="给领导")
    client.force_login(p.member_wang)
    page = client.get(reverse("notices:inbox")).content.decode()
    assert "给王委员" in page and "给领导" not in page
    assert 'data-testid="unread-count">1<' in page
    assert "未读消息" in client.get("/").content.decode()


def test_opening_a_notice_marks_it_read_and_others_notices_are_404(client, p):
    own = notify(recipient=p.member_wang, key="a", title="x", url="/accounts/profile/")
    other = notify(recipient=p.leader, key="a", title="y")
    client.force_login(p.member_wang)
    assert client.get(reverse("notices:open", args=[other.pk])).status_code == 404
    response = client.get(reverse("notices:open", args=[own.pk]))
    assert response["Location"] == "/accounts/profile/"
    own.refresh_from_db()
    assert own.read_at is not None


def test_mark_all_read(client, p):
    for i in range(3):
        notify(recipient=p.member_wang, key=f"k{i}", title=f"t{i}")
    client.force_login(p.member_wang)
    client.post(reverse("notices:mark_all_read"))
    assert not Notice.objects.filter(recipient=p.member_wang, read_at__isnull=True).exists()


def test_htmx_mark_read_returns_the_row_fragment(client, p):
    notice = notify(recipient=p.member_wang, key="a", title="片段")
    client.force_login(p.member_wang)
    response = client.post(reverse("notices:mark_read", args=[notice.pk]), HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert body.strip().startswith(f'<li id="notice-{notice.pk}"') and "<html" not in body


@pytest.mark.parametrize("rows", [2, 50])
def test_inbox_query_count_does_not_grow(client, p, rows, django_assert_num_queries):
    for i in range(rows):
        notify(recipient=p.member_wang, key=f"k{i}", title=f"t{i}")
    client.force_login(p.member_wang)
    client.get(reverse("notices:inbox"))
    with django_assert_num_queries(8):
        assert client.get(reverse("notices:inbox")).status_code == 200
