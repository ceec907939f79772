"""The plenary session's business (全体会议, seed 002): its agenda and schedule, the group
discussions (分组讨论) with their members and rooms, and the call for speeches (大会发言) —
submitted by members in their own name or for a participating unit or special committee,
reviewed, selected for oral or written delivery and printed as a collection.

A plenary is a `consultations.Activity` of kind 全体会议: invitations, sign-in and attendance
stay there. Speeches score the duty rules: a group-discussion speech M02, an oral plenary
speech delivered M05, a written speech adopted (selected for the collection) M06.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from zhengxie.consultations.models import Activity
from zhengxie.org.models import Committee, Member, ParticipatingUnit, SpecialCommittee
from zhengxie.org.scope import CommitteeScopedQuerySet

USER = settings.AUTH_USER_MODEL


class AgendaItem(models.Model):
    """One item of the plenary's agenda and schedule (议程和日程): what, when, where, who presides."""

    class Kind(models.TextChoices):
        ASSEMBLY = "assembly", "全体大会"
        GROUP = "group", "分组讨论"
        OTHER = "other", "其他"

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    activity = models.ForeignKey(Activity, on_delete=models.PROTECT, related_name="agenda_items")
    kind = models.CharField("类型", max_length=10, choices=Kind.choices, default=Kind.ASSEMBLY)
    title = models.CharField("议程", max_length=200)
    starts_at = models.DateTimeField("开始时间")
    ends_at = models.DateTimeField("结束时间")
    place = models.CharField("地点", max_length=100)
    presider = models.CharField("主持人", max_length=50, blank=True)

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        db_table = "plenary_agenda_item"
        ordering = ["activity", "starts_at", "id"]
        verbose_name = "全会议程"

    def __str__(self) -> str:
        return self.title


class DiscussionGroup(models.Model):
    """A discussion group (讨论组) of the plenary: its room, convener, secretary and members."""

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    activity = models.ForeignKey(Activity, on_delete=models.PROTECT, related_name="discussion_groups")
    name = models.CharField("组名", max_length=50)
    room = models.CharField("讨论地点", max_length=100)
    convener = models.ForeignKey(
        Member, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="召集人"
    )
    secretary = models.CharField("联络员", max_length=50, blank=True)

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        db_table = "plenary_discussion_group"
        ordering = ["activity", "id"]
        verbose_name = "讨论组"
        constraints = [models.UniqueConstraint(fields=["activity", "name"], name="plenary_group_unique_name")]

    def __str__(self) -> str:
        return self.name


class GroupSeat(models.Model):
    """A member placed in a discussion group; a member sits in one group per plenary. The
    speeches the group's secretary marks are counted on the member's plenary invitation (and
    scored by rule M02 there), so the activity page and the group page show one count."""

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    activity = models.ForeignKey(Activity, on_delete=models.PROTECT, related_name="+")
    group = models.ForeignKey(DiscussionGroup, on_delete=models.CASCADE, related_name="seats")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        db_table = "plenary_group_seat"
        ordering = ["group", "id"]
        verbose_name = "分组名单"
        constraints = [
            models.UniqueConstraint(fields=["activity", "member"], name="plenary_seat_one_group_per_member")
        ]

    def __str__(self) -> str:
        return f"{self.group}：{self.member}"


class SpeechCall(models.Model):
    """The call for plenary speeches (大会发言征集): its guidance and deadline, one per plenary."""

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    activity = models.OneToOneField(Activity, on_delete=models.PROTECT, related_name="speech_call")
    title = models.CharField("征集标题", max_length=200)
    guidance = models.TextField("征集要求", blank=True)
    closes_at = models.DateTimeField("截止时间", db_index=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        db_table = "plenary_speech_call"
        verbose_name = "大会发言征集"

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("plenary:call_detail", args=[self.pk])


class Speech(models.Model):
    """A speech submitted to the call (大会发言材料): by a member in his or her own name, or for a
    participating unit or special committee (单位发言, the member writing it named as author).
    Staff review it: return it for revision, or decide — oral delivery, written delivery (printed
    in the collection) or not selected; an oral speech is then marked delivered."""

    class State(models.TextChoices):
        SUBMITTED = "submitted", "待审核"
        RETURNED = "returned", "退回修改"
        ORAL = "oral", "拟大会口头发言"
        WRITTEN = "written", "书面发言采用"
        NOT_SELECTED = "not_selected", "未采用"
        DELIVERED = "delivered", "已大会发言"
        WITHDRAWN = "withdrawn", "已撤回"

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    call = models.ForeignKey(SpeechCall, on_delete=models.PROTECT, related_name="speeches")
    title = models.CharField("题目", max_length=200)
    body = models.TextField("发言稿")
    author = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+", verbose_name="发言人")
    unit = models.ForeignKey(
        ParticipatingUnit, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="代表参加单位",
    )  # fmt: skip
    special_committee = models.ForeignKey(
        SpecialCommittee, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="代表专委会",
    )  # fmt: skip
    state = models.CharField("状态", max_length=14, choices=State.choices, default=State.SUBMITTED)
    version = models.PositiveIntegerField(default=0)
    review_note = models.CharField("审核意见", max_length=500, blank=True)
    order = models.PositiveSmallIntegerField("发言顺序", null=True, blank=True)
    submitted_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField("提交时间")
    decided_at = models.DateTimeField("审定时间", null=True, blank=True)

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        db_table = "plenary_speech"
        ordering = ["-id"]
        verbose_name = "大会发言"
        indexes = [models.Index(fields=["call", "state"], name="plenary_speech_call_state")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("plenary:speech_detail", args=[self.pk])

    @property
    def on_behalf(self) -> str:
        unit = self.unit or self.special_committee
        return str(unit) if unit is not None else ""
