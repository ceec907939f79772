"""In-app notices, with optional e-mail and SMS delivery."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Notice(models.Model):
    """A message to one user. `key` makes creation idempotent: the same (recipient, key) is
    created once however often the job that sends it runs."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notices")
    committee_id = models.BigIntegerField(null=True, blank=True)
    key = models.CharField(max_length=120)
    title = models.CharField("标题", max_length=200)
    body = models.TextField("内容", blank=True)
    url = models.CharField("链接", max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    # Delivery by other channels, at least once (notices.tasks): a worker claims a channel by
    # setting its lease (`*_claimed_until`), sends, then sets `*_sent_at`. A lease that expired
    # without "sent" (the worker died) is claimed again; failures count in `*_attempts` and are
    # retried with backoff until NOTICE_MAX_ATTEMPTS, then `*_failed_at` shows them as failed.
    want_email = models.BooleanField(default=False)
    email_sent_at = models.DateTimeField(null=True, blank=True)
    email_claimed_until = models.DateTimeField(null=True, blank=True)
    email_attempts = models.PositiveSmallIntegerField(default=0)
    email_failed_at = models.DateTimeField(null=True, blank=True)
    email_error = models.CharField(max_length=300, blank=True)
    want_sms = models.BooleanField(default=False)
    sms_sent_at = models.DateTimeField(null=True, blank=True)
    sms_claimed_until = models.DateTimeField(null=True, blank=True)
    sms_attempts = models.PositiveSmallIntegerField(default=0)
    sms_failed_at = models.DateTimeField(null=True, blank=True)
    sms_error = models.CharField(max_length=300, blank=True)

    class Meta:
        db_table = "notices_notice"
        ordering = ["-id"]
        constraints = [models.UniqueConstraint(fields=["recipient", "key"], name="notices_recipient_key")]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notices_unread_idx")]

    def __str__(self) -> str:
        return self.title
