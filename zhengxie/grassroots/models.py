"""Grassroots platforms run on the spot (一线协商): the township activity groups (乡镇政协活动小组)
and their conveners (召集人), each platform's "五有" profile and the members assigned to it, the
platform consultations conveners record through the committee's steps (a simplified eight
steps) with photos, the problems raised and what became of them, and members' visits.

The platforms themselves, and the consultations held on them that score members' duty (A04), are
consultations' `Platform` and `PlatformActivity`: this app adds who runs them and what happens
around them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from zhengxie.consultations.models import Platform, PlatformActivity
from zhengxie.org.models import Committee, Member
from zhengxie.org.scope import CommitteeScopedQuerySet

USER = settings.AUTH_USER_MODEL


class Group(models.Model):
    """A township's activity group (乡镇政协活动小组): the platforms of the township, run by its
    conveners."""

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    name = models.CharField("活动小组", max_length=100)
    township = models.CharField("乡镇（街道）", max_length=50)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        db_table = "grassroots_group"
        verbose_name = "乡镇政协活动小组"
        ordering = ["committee", "township", "id"]
        constraints = [models.UniqueConstraint(fields=["committee", "name"], name="grassroots_group_unique")]

    def __str__(self) -> str:
        return self.name


class Convener(models.Model):
    """A convener of a group: an account holding the convener role in the committee (granted by
    the security administrator), appointed to the group by the office."""

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    group = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="conveners")
    user = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    appointed_on = models.DateField("任职日期")
    is_active = models.BooleanField("在任", default=True)

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        db_table = "grassroots_convener"
        verbose_name = "活动小组召集人"
        constraints = [models.UniqueConstraint(fields=["group", "user"], name="grassroots_convener_unique")]

    def __str__(self) -> str:
        return str(self.user)


class Profile(models.Model):
    """A platform's "五有" profile (有召集人、有活动场所、有统一标识、有活动制度和内容、有档案资料)
    and its township group."""

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    platform = models.OneToOneField(Platform, on_delete=models.PROTECT, related_name="profile")
    group = models.ForeignKey(
        Group,
        verbose_name="活动小组",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="profiles",
    )
    convener_name = models.CharField("召集人", max_length=50, blank=True)
    venue = models.CharField("活动场所", max_length=100, blank=True)
    has_sign = models.BooleanField("统一标识", default=False)
    system = models.CharField("活动制度和内容", max_length=300, blank=True)
    has_archive = models.BooleanField("档案资料", default=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        db_table = "grassroots_profile"
        verbose_name = "平台五有情况"

    def __str__(self) -> str:
        return str(self.platform_id)

    @property
    def five_met(self) -> int:
        """How many of the five standards the platform meets."""
        return sum(
            (bool(self.convener_name), bool(self.venue), self.has_sign, bool(self.system), self.has_archive)
        )


class Assignment(models.Model):
    """A member assigned to a platform (委员下沉联系村、社区、企事业单位)."""

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    platform = models.ForeignKey(Platform, on_delete=models.PROTECT, related_name="+")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    assigned_at = models.DateTimeField(auto_now_add=True)

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        db_table = "grassroots_assignment"
        verbose_name = "委员联系平台"
        constraints = [
            models.UniqueConstraint(fields=["platform", "member"], name="grassroots_assignment_unique")
        ]
        indexes = [models.Index(fields=["member", "platform"], name="grassroots_assign_member")]

    def __str__(self) -> str:
        return f"{self.member_id}@{self.platform_id}"


class StepSetting(models.Model):
    """Which of the eight steps a committee's platforms walk (简化的八步), as step codes in order."""

    committee = models.OneToOneField(Committee, on_delete=models.PROTECT, related_name="+")
    steps = models.JSONField("步骤", default=list)

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        db_table = "grassroots_step_setting"
        verbose_name = "平台协商步骤"

    def __str__(self) -> str:
        return ",".join(self.steps)


class Record(models.Model):
    """One consultation on a platform, recorded step by step by its convener. `steps` are the
    committee's steps when it was opened; `state` is the last step done. Completing the meeting
    step records the consultations `PlatformActivity` (attending members score A04)."""

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    platform = models.ForeignKey(Platform, on_delete=models.PROTECT, related_name="+")
    title = models.CharField("协商议题", max_length=200)
    steps = models.JSONField("步骤", default=list)
    state = models.CharField("已完成步骤", max_length=10)
    finished = models.BooleanField("已归档", default=False)
    activity = models.OneToOneField(
        PlatformActivity, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=0)
    opened_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField(auto_now_add=True)

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        db_table = "grassroots_record"
        verbose_name = "平台协商"
        indexes = [models.Index(fields=["platform", "finished"], name="grassroots_record_open")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("grassroots:record", args=[self.pk])

    @property
    def next_step(self) -> str | None:
        if self.finished or self.state not in self.steps:
            return None
        i = self.steps.index(self.state)
        return self.steps[i + 1] if i + 1 < len(self.steps) else None


class StepEntry(models.Model):
    """A step of a platform consultation done: when, by whom, what was done."""

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    record = models.ForeignKey(Record, on_delete=models.PROTECT, related_name="entries")
    step = models.CharField("步骤", max_length=10)
    note = models.TextField("情况")
    done_on = models.DateField("日期")
    by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        db_table = "grassroots_step_entry"
        ordering = ["record", "id"]

    def __str__(self) -> str:
        return self.step


class Photo(models.Model):
    """A photograph of a step (现场照片), checked by content on upload."""

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    record = models.ForeignKey(Record, on_delete=models.PROTECT, related_name="photos")
    step = models.CharField("步骤", max_length=10)
    file = models.FileField(upload_to="grassroots/%Y/%m/")  # stored under a random name
    file_name = models.CharField("文件名", max_length=150)
    by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        db_table = "grassroots_photo"

    def __str__(self) -> str:
        return self.file_name


class Visit(models.Model):
    """A member's visit to the village, community or enterprise he or she is assigned to."""

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    platform = models.ForeignKey(Platform, on_delete=models.PROTECT, related_name="+")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    visited_on = models.DateField("走访日期")
    people_met = models.PositiveIntegerField("联系群众人数", default=0)
    summary = models.TextField("走访情况")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        db_table = "grassroots_visit"
        verbose_name = "委员走访"
        indexes = [models.Index(fields=["platform", "visited_on"], name="grassroots_visit_day")]

    def __str__(self) -> str:
        return f"{self.member_id} {self.visited_on}"


class Problem(models.Model):
    """A problem the people raised at a platform consultation or a member's visit, and what
    became of it: solved on the spot, or passed on as 社情民意 (an incoming item in the
    information office's queue) or as a proposal lead for the platform's members."""

    class State(models.TextChoices):
        RAISED = "raised", "待解决"
        SOLVED = "solved", "已解决"
        OPINION = "opinion", "已转社情民意"
        PROPOSAL = "proposal", "已转提案线索"

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    platform = models.ForeignKey(Platform, on_delete=models.PROTECT, related_name="+")
    record = models.ForeignKey(
        Record, on_delete=models.PROTECT, null=True, blank=True, related_name="problems"
    )
    visit = models.ForeignKey(Visit, on_delete=models.PROTECT, null=True, blank=True, related_name="problems")
    text = models.CharField("问题", max_length=500)
    state = models.CharField("状态", max_length=10, choices=State.choices, default=State.RAISED)
    outcome = models.CharField("办理结果", max_length=500, blank=True)
    raised_on = models.DateField("提出日期")
    resolved_on = models.DateField("办结日期", null=True, blank=True)
    raised_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    # The proposal draft prepared from the problem for an assigned member (转提案 by a draft).
    proposal = models.ForeignKey(
        "proposals.Proposal", verbose_name="提案草稿", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        db_table = "grassroots_problem"
        verbose_name = "群众反映问题"
        indexes = [models.Index(fields=["platform", "state"], name="grassroots_problem_state")]

    def __str__(self) -> str:
        return self.text[:30]

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("grassroots:platform", args=[self.platform_id])
