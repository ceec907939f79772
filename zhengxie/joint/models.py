"""Joint activities (联办活动, 三级联动): a meeting or activity of one committee (the host, whose
`consultations.Activity` it is) organised together with other committees and with parties or
units.

A co-organising committee is an upper, lower or sibling committee of the host — added by the
host's office directly — or a committee outside the tree, which the host's office invites and the
other office accepts. Each co-organising committee invites its own members to the host's activity
(their `consultations.Invitation` rows), records their attendance, and may join a remote
consultation as a venue (分会场) with its own sign-in list. Attendance and points reach each
member's own committee's duty ledger. The activity's outcomes belong to every organiser.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from zhengxie.consultations.models import Activity
from zhengxie.org.models import Committee, ParticipatingUnit
from zhengxie.org.scope import CommitteeScopedQuerySet

USER = settings.AUTH_USER_MODEL


class CoOrganiser(models.Model):
    """One co-organiser of a host committee's activity: another committee (`partner`) or a party
    or unit of the host (`unit`). The row belongs to the host committee (`committee`)."""

    class Relation(models.TextChoices):
        UPPER = "upper", "上级政协"
        LOWER = "lower", "下级政协"
        SIBLING = "sibling", "同级政协"
        OUTSIDE = "outside", "其他政协"
        UNIT = "unit", "党派团体及单位"

    class State(models.TextChoices):
        INVITED = "invited", "待对方确认"
        ACCEPTED = "accepted", "已确认联办"
        DECLINED = "declined", "对方已谢绝"

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    activity = models.ForeignKey(Activity, on_delete=models.PROTECT, related_name="co_organisers")
    partner = models.ForeignKey(
        Committee,
        verbose_name="联办政协",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    unit = models.ForeignKey(
        ParticipatingUnit,
        verbose_name="联办党派团体",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    relation = models.CharField("关系", max_length=8, choices=Relation.choices)
    state = models.CharField("状态", max_length=10, choices=State.choices, default=State.ACCEPTED)
    venue = models.CharField("分会场", max_length=100, blank=True)
    note = models.CharField("联办分工", max_length=300, blank=True)
    answer_note = models.CharField("答复意见", max_length=300, blank=True)
    version = models.PositiveIntegerField(default=0)
    added_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)
    answered_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    answered_at = models.DateTimeField("答复时间", null=True, blank=True)

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        db_table = "joint_co_organiser"
        verbose_name = "联办单位"
        ordering = ["activity", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "partner"],
                condition=models.Q(partner__isnull=False),
                name="joint_partner_once",
            ),
            models.UniqueConstraint(
                fields=["activity", "unit"], condition=models.Q(unit__isnull=False), name="joint_unit_once"
            ),
            models.CheckConstraint(
                condition=models.Q(partner__isnull=True, unit__isnull=False)
                | models.Q(partner__isnull=False, unit__isnull=True),
                name="joint_partner_or_unit",
            ),
        ]
        indexes = [models.Index(fields=["partner", "state"], name="joint_partner_state")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("joint:detail", args=[self.activity_id])

    @property
    def name(self) -> str:
        who = self.partner if self.partner_id else self.unit
        return str(who)
