"""At-least-once delivery of e-mail and SMS: a worker killed between claiming a notice and marking
it sent loses nothing, and the gateway, deduplicating on the notice's key, sends it once."""

from __future__ import annotations

from datetime import timedelta
from typing import Any, ClassVar

import pytest
from django.utils import timezone

from zhengxie.accounts.models import User
from zhengxie.notices import tasks
from zhengxie.notices.models import Notice
from zhengxie.notices.services import notify


class DedupGateway:
    """An operator's gateway: it delivers each idempotency key once, however often it is called."""

    calls: ClassVar[list[tuple[str, str, str]]] = []
    delivered: ClassVar[dict[str, str]] = {}
    fail_next: ClassVar[int] = 0

    def send(self, phone: str, text: str, *, key: str) -> None:
        if DedupGateway.fail_next:
            DedupGateway.fail_next -= 1
            raise ConnectionError("gateway timeout")
        DedupGateway.calls.append((phone, text, key))
        DedupGateway.delivered.setdefault(key, text)


class Killed(BaseException):
    """Stands for `kill -9`: nothing after it in the worker runs (not even `except Exception`)."""


@pytest.fixture
def gateway(settings: Any) -> type[DedupGateway]:
    settings.SMS_BACKEND = f"{__name__}.DedupGateway"
    DedupGateway.calls, DedupGateway.delivered, DedupGateway.fail_next = [], {}, 0
    return DedupGateway


@pytest.fixture
def sms(p: Any) -> Notice:
    User.objects.filter(pk=p.member_wang.pk).update(phone="13800138000")
    return notify(recipient=p.member_wang, key="t:sms", title="督办提醒", sms=True)


def test_a_worker_killed_after_the_claim_delivers_the_sms_on_a_later_run_once(gateway, sms, monkeypatch):
    real = tasks._send_sms

    def killed(notice: Notice) -> None:
        raise Killed

    monkeypatch.setitem(tasks.SENDERS, "sms", killed)
    with pytest.raises(Killed):
        tasks.deliver("sms")
    sms.refresh_from_db()
    assert sms.sms_sent_at is None and sms.sms_attempts == 1 and sms.sms_claimed_until is not None
    monkeypatch.setitem(tasks.SENDERS, "sms", real)
    assert tasks.deliver("sms") == 0  # the lease still runs: the claiming worker might be alive
    later = timezone.now() + timedelta(seconds=301)
    assert tasks.deliver("sms", now=later) == 1
    assert tasks.deliver("sms", now=later + timedelta(hours=1)) == 0
    sms.refresh_from_db()
    assert sms.sms_sent_at is not None and sms.sms_attempts == 2
    assert gateway.calls == [("13800138000", "【智慧政协】督办提醒", f"notice-{sms.pk}-sms")]


def test_a_worker_killed_after_sending_resends_with_the_same_key_and_the_gateway_sends_once(
    gateway, sms, monkeypatch
):
    def sent_then_killed(notice: Notice) -> None:
        tasks._send_sms(notice)
        raise Killed

    monkeypatch.setitem(tasks.SENDERS, "sms", sent_then_killed)
    with pytest.raises(Killed):
        tasks.deliver("sms")
    monkeypatch.undo()
    assert tasks.deliver("sms", now=timezone.now() + timedelta(seconds=301)) == 1
    keys = [key for _, _, key in gateway.calls]
    assert keys == [f"notice-{sms.pk}-sms"] * 2  # sent twice, with one key
    assert list(gateway.delivered) == [f"notice-{sms.pk}-sms"]  # delivered once


def test_failures_are_retried_with_backoff_then_shown_as_failed(gateway, sms, settings):
    settings.NOTICE_MAX_ATTEMPTS = 3
    gateway.fail_next = 5
    now = timezone.now()
    assert tasks.deliver("sms", now=now) == 0
    sms.refresh_from_db()
    assert sms.sms_attempts == 1 and sms.sms_error == "发送失败（第1次）" and sms.sms_failed_at is None
    # Backoff: 60 s after the first failure, 120 s after the second.
    assert tasks.deliver("sms", now=now + timedelta(seconds=59)) == 0
    assert Notice.objects.get(pk=sms.pk).sms_attempts == 1
    tasks.deliver("sms", now=now + timedelta(seconds=61))
    tasks.deliver("sms", now=now + timedelta(seconds=61 + 121))
    sms.refresh_from_db()
    assert sms.sms_attempts == 3 and sms.sms_failed_at is not None and sms.sms_sent_at is None
    assert tasks.deliver("sms", now=now + timedelta(days=1)) == 0  # failed for good: no more tries
    assert gateway.calls == []


def test_a_recipient_without_a_phone_fails_at_once_with_a_chinese_reason(gateway, p):
    User.objects.filter(pk=p.member_wang.pk).update(phone="")
    notice = notify(recipient=p.member_wang, key="t:nophone", title="提醒", sms=True)
    tasks.deliver("sms")
    notice.refresh_from_db()
    assert notice.sms_failed_at is not None and notice.sms_error == "收件人没有手机号码"
