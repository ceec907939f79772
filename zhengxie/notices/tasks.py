"""Delivery of notices by e-mail and SMS, at least once.

For each channel a worker first records the attempt (a conditional UPDATE that sets a lease and
counts the attempt, so overlapping workers never send the same notice at the same time), then
sends with an idempotency key the gateway deduplicates on, then marks the notice sent. A worker
killed between the claim and "sent" leaves a lease that expires: the notice is claimed and sent
again with the same key, so it is never lost and the gateway delivers it once. A failing send is
retried with exponential backoff up to settings.NOTICE_MAX_ATTEMPTS, then marked failed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import F, Q
from django.utils import timezone
from django_tasks import task

from . import announcements
from .models import Notice
from .services import email_text
from .sms import get_sms_backend

logger = logging.getLogger(__name__)
BATCH = 200


def delivery_key(notice: Notice, channel: str) -> str:
    """The idempotency key of one notice on one channel: the same on every retry."""
    return f"notice-{notice.pk}-{channel}"


def _send_email(notice: Notice) -> None:
    if not notice.recipient.email:
        raise NoAddress("收件人没有电子邮箱")
    key = delivery_key(notice, "email")
    message = EmailMessage(
        notice.title,
        email_text(notice),
        None,
        [notice.recipient.email],
        # The same Message-ID on a resend lets mail servers and clients drop the duplicate.
        headers={"Message-ID": f"<{key}@zhengxie>"},
    )
    message.send()


def _send_sms(notice: Notice) -> None:
    if not notice.recipient.phone:
        raise NoAddress("收件人没有手机号码")
    get_sms_backend().send(
        notice.recipient.phone, f"【智慧政协】{notice.title}", key=delivery_key(notice, "sms")
    )


class NoAddress(Exception):
    """The recipient has no address on this channel: failed at once, no retry helps."""


SENDERS: dict[str, Callable[[Notice], None]] = {"email": _send_email, "sms": _send_sms}


def deliver(channel: str, *, now: datetime | None = None) -> int:
    """Send what is due on `channel` (claim, send, mark sent); returns how many were sent."""
    now = now or timezone.now()
    sent_at, claimed, attempts, failed_at, error = (
        f"{channel}_{name}" for name in ("sent_at", "claimed_until", "attempts", "failed_at", "error")
    )
    due = Notice.objects.filter(
        Q(**{f"{claimed}__isnull": True}) | Q(**{f"{claimed}__lte": now}),
        **{f"want_{channel}": True, f"{sent_at}__isnull": True, f"{failed_at}__isnull": True},
    )
    sent = 0
    for notice in due.select_related("recipient").order_by("id")[:BATCH]:
        lease = now + timedelta(seconds=settings.NOTICE_SEND_LEASE_SECONDS)
        won = Notice.objects.filter(
            pk=notice.pk, **{f"{sent_at}__isnull": True, claimed: getattr(notice, claimed)}
        ).update(**{claimed: lease, attempts: F(attempts) + 1})
        if won != 1:
            continue  # another worker claimed it
        tries = getattr(notice, attempts) + 1
        try:
            SENDERS[channel](notice)
        except Exception as exc:
            give_up = isinstance(exc, NoAddress) or tries >= settings.NOTICE_MAX_ATTEMPTS
            retry_at = now + timedelta(seconds=settings.NOTICE_RETRY_BASE_SECONDS * 2 ** (tries - 1))
            message = str(exc) if isinstance(exc, NoAddress) else f"发送失败（第{tries}次）"
            logger.warning("notice %s: %s delivery failed (attempt %s): %r", notice.pk, channel, tries, exc)
            Notice.objects.filter(pk=notice.pk).update(
                **{claimed: retry_at, error: message, failed_at: now if give_up else None}
            )
            continue
        Notice.objects.filter(pk=notice.pk).update(**{sent_at: timezone.now(), error: ""})
        sent += 1
    return sent


@task()
def deliver_pending() -> int:
    return deliver("email") + deliver("sms")


@task()
def remind_required_unread() -> int:
    """Remind the members who have not read a required announcement two days after it was
    published; each announcement once, safe to run twice or in two workers at once."""
    return announcements.remind_required_unread()
