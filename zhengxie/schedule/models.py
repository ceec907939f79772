"""The forward schedule (工作预安排): what an office agrees week by week and month by month —
its meetings and activities (consultations.Activity, its own and those it co-organises) plus the
entries kept here: leaders' meetings, trips and visits, publications. Clashes of members, leaders
and venues are checked across all of them; the schedule exports to Word and Excel, and each person
has a calendar feed (ICS) at a secret, revocable address."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from zhengxie.org.models import Committee
from zhengxie.org.scope import CommitteeScopedQuerySet

USER = settings.AUTH_USER_MODEL


class Entry(models.Model):
    """An item of the forward schedule that is not a members' activity."""

    class Kind(models.TextChoices):
        MEETING = "meeting", "会议"
        TRIP = "trip", "考察出访"
        PUBLICATION = "publication", "刊物出版"
        OTHER = "other", "其他"

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("类型", max_length=12, choices=Kind.choices)
    title = models.CharField("事项", max_length=200)
    starts_at = models.DateTimeField("开始时间", db_index=True)
    ends_at = models.DateTimeField("结束时间")
    place = models.CharField("地点", max_length=100, blank=True)
    organiser = models.CharField("承办处室", max_length=50, blank=True)
    leaders: models.ManyToManyField[Any, Any] = models.ManyToManyField(
        USER, verbose_name="参加领导", blank=True, related_name="+"
    )
    note = models.CharField("备注", max_length=300, blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        db_table = "schedule_entry"
        verbose_name = "工作预安排"

    def __str__(self) -> str:
        return self.title


class ActivityLeader(models.Model):
    """A committee's leader who attends an activity — its own or one it co-organises (参加领导).
    Each organiser names its own leaders; their clashes are checked across committees."""

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    activity = models.ForeignKey(
        "consultations.Activity", verbose_name="活动", on_delete=models.CASCADE, related_name="+"
    )
    user = models.ForeignKey(USER, verbose_name="参加领导", on_delete=models.PROTECT, related_name="+")

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        db_table = "schedule_activity_leader"
        verbose_name = "活动参加领导"
        constraints = [
            models.UniqueConstraint(fields=["activity", "user"], name="schedule_activity_leader_unique")
        ]

    def __str__(self) -> str:
        return str(self.user)


class FeedToken(models.Model):
    """A person's calendar feed address: only the SM3 digest of the secret is kept; issuing a new
    one or revoking ends the old address."""

    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    digest = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "schedule_feed_token"
        verbose_name = "日历订阅地址"

    def __str__(self) -> str:
        return self.prefix
