"""In-app notices, with optional e-mail and SMS delivery; announcements and briefings to members with read receipts."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from zhengxie.org.files import CommitteeFile


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


class Announcement(models.Model):
    """An announcement (通知公告) or a briefing document (知情明政通报) the office publishes to
    chosen members of its committee: all, the standing members, one sector or one special
    committee. Each recipient gets a Receipt, which records when he or she read it; a `required`
    one is chased until read."""

    class Kind(models.TextChoices):
        NOTICE = "notice", "通知公告"
        BRIEFING = "briefing", "知情明政通报"

    class Audience(models.TextChoices):
        ALL = "all", "全体委员"
        STANDING = "standing", "常务委员"
        SECTOR = "sector", "界别委员"
        SPECIAL = "special", "专委会委员"

    committee = models.ForeignKey("org.Committee", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("类别", max_length=10, choices=Kind.choices, default=Kind.NOTICE)
    title = models.CharField("标题", max_length=200)
    body = models.TextField("正文")
    audience = models.CharField("发送范围", max_length=10, choices=Audience.choices, default=Audience.ALL)
    sector = models.ForeignKey(
        "org.Sector", verbose_name="界别", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    special_committee = models.ForeignKey(
        "org.SpecialCommittee",
        verbose_name="专委会",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    required = models.BooleanField("须阅知", default=False)
    recipients = models.PositiveIntegerField(default=0)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    published_at = models.DateTimeField(db_index=True)
    # Claimed by the reminder job with a conditional UPDATE, so unread recipients are chased once.
    auto_reminded_at = models.DateTimeField(null=True, blank=True)
    # A briefing's meeting (知情明政通报会): an activity of consultations with its materials
    # (materials app), arranged or linked by participation.services.briefings; notices sits below
    # both apps, so it keeps the id only.
    activity_id = models.BigIntegerField(null=True, blank=True)

    class Meta:
        db_table = "notices_announcement"
        ordering = ["-id"]
        indexes = [models.Index(fields=["committee", "published_at"], name="notices_ann_committee")]

    def __str__(self) -> str:
        return self.title


class Receipt(models.Model):
    """One recipient of an announcement and when he or she first opened it (the read receipt)."""

    announcement = models.ForeignKey(Announcement, on_delete=models.CASCADE, related_name="receipts")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    name = models.CharField("姓名", max_length=50)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "notices_receipt"
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["announcement", "user"], name="notices_receipt_once")]
        indexes = [models.Index(fields=["user", "read_at"], name="notices_receipt_unread")]

    def __str__(self) -> str:
        return f"{self.name} {self.announcement_id}"


class AnnouncementFile(CommitteeFile):
    """A file attached to an announcement or a briefing document (checked by lib/uploads)."""

    announcement = models.ForeignKey(Announcement, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(upload_to="notices/announcements/%Y/%m/")

    class Meta(CommitteeFile.Meta):
        db_table = "notices_announcement_file"
