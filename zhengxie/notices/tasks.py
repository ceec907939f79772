"""Delivery of notices by e-mail and SMS. Each notice is claimed with a conditional UPDATE before
it is sent, so overlapping workers or a rerun never send it twice."""

from __future__ import annotations

import logging

from django.core.mail import send_mail
from django.utils import timezone
from django_tasks import task

from .models import Notice
from .sms import get_sms_backend

logger = logging.getLogger(__name__)
BATCH = 200


@task()
def deliver_pending() -> int:
    sent = 0
    for notice in Notice.objects.filter(want_email=True, email_sent_at__isnull=True).select_related(
        "recipient"
    )[:BATCH]:
        if (
            Notice.objects.filter(pk=notice.pk, email_sent_at__isnull=True).update(
                email_sent_at=timezone.now()
            )
            != 1
        ):
            continue  # another worker claimed it
        if notice.recipient.email:
            send_mail(notice.title, f"{notice.body}\n\n{notice.url}".strip(), None, [notice.recipient.email])
            sent += 1
    sms = None
    for notice in Notice.objects.filter(want_sms=True, sms_sent_at__isnull=True).select_related("recipient")[
        :BATCH
    ]:
        if (
            Notice.objects.filter(pk=notice.pk, sms_sent_at__isnull=True).update(sms_sent_at=timezone.now())
            != 1
        ):
            continue
        if notice.recipient.phone:
            sms = sms or get_sms_backend()
            sms.send(notice.recipient.phone, f"【智慧政协】{notice.title}")
            sent += 1
    return sent
