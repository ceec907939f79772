"""Consultation (协商议政) and meetings/activities (会议活动), domain.md §4.

The year's plan collects topics and, once approved, turns each included topic into a
`Consultation` that walks the eight steps (consultations/workflow.py) with a deadline per step.
Meetings and activities (`Activity`) invite members, take registrations, leave requests and
sign-ins, and feed the duty ledger. Online deliberation, outcomes with their follow-up in
supervision, quality ratings and grassroots platforms hang off a committee or a consultation.

Vocabularies (consultation forms, step deadlines, the rating rubric) are rows per committee,
created from config.py's defaults the first time a committee needs them.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models

from zhengxie.org.models import Committee, Member, ParticipatingUnit, SpecialCommittee
from zhengxie.org.scope import CommitteeScopedQuerySet
from zhengxie.supervision.models import Item

USER = settings.AUTH_USER_MODEL


class ConsultationForm(models.Model):
    """A form of consultation in a committee's own list (全体会议, 双周协商座谈会, 网络议政…).

    `attendance_kind` says which duty rules its meetings score by (duty AttendanceSheet.Kind)."""

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    name = models.CharField("协商形式", max_length=40)
    attendance_kind = models.CharField("出席计分类型", max_length=14, default="consultation")
    is_online = models.BooleanField("网络或远程", default=False)
    order = models.PositiveSmallIntegerField("排序", default=0)
    is_active = models.BooleanField("启用", default=True)

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        db_table = "consultations_form"
        ordering = ["committee", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "name"], name="consultations_form_unique")
        ]

    def __str__(self) -> str:
        return self.name


class Step(models.TextChoices):
    """The eight steps (八步工作法) — the states of a consultation."""

    TOPIC = "topic", "确定议题"
    SCHEME = "scheme", "制定方案"
    RESEARCH = "research", "前期调研"
    MEETING = "meeting", "召开会议"
    OUTCOME = "outcome", "报送成果"
    TRACKING = "tracking", "跟踪监督"
    FEEDBACK = "feedback", "反馈结果"
    ARCHIVED = "archived", "形成档案"


class StepRule(models.Model):
    """When a step must be finished, per committee: `days` working days before or after the
    meeting, or after the step began (domain.md §4.1: notice ≥15 working days before the meeting,
    materials ≥10 before, outcome report ≤7 after)."""

    class Anchor(models.TextChoices):
        BEFORE_MEETING = "before_meeting", "会前"
        AFTER_MEETING = "after_meeting", "会后"
        AFTER_START = "after_start", "本步骤开始后"

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    step = models.CharField("步骤", max_length=10, choices=Step.choices)
    anchor = models.CharField("起算", max_length=16, choices=Anchor.choices)
    days = models.PositiveSmallIntegerField("工作日数")
    documents = models.CharField("本步骤材料", max_length=200, blank=True)

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        db_table = "consultations_step_rule"
        constraints = [
            models.UniqueConstraint(fields=["committee", "step"], name="consultations_step_unique")
        ]

    def __str__(self) -> str:
        return f"{self.get_step_display()} {self.get_anchor_display()}{self.days}个工作日"


class Plan(models.Model):
    """A committee's annual consultation plan (年度协商计划): drafted by the office from the
    collected topics, approved (党委审定, recorded by a leader), then carried out."""

    class State(models.TextChoices):
        COLLECTING = "collecting", "征集议题"
        SUBMITTED = "submitted", "报请审定"
        APPROVED = "approved", "已审定"

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    title = models.CharField("计划名称", max_length=100)
    state = models.CharField("状态", max_length=12, choices=State.choices, default=State.COLLECTING)
    version = models.PositiveIntegerField(default=0)
    approval_note = models.CharField("审定意见", max_length=500, blank=True)
    approved_at = models.DateTimeField("审定时间", null=True, blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        db_table = "consultations_plan"
        constraints = [models.UniqueConstraint(fields=["committee", "year"], name="consultations_plan_year")]

    def __str__(self) -> str:
        return self.title


class Topic(models.Model):
    """A topic suggested for the plan by a party or group, a special committee or a member."""

    class SourceKind(models.TextChoices):
        PARTY = "party", "党派团体"
        SPECIAL = "special", "专门委员会"
        MEMBER = "member", "委员"
        OTHER = "other", "党政部门及其他"

    class State(models.TextChoices):
        SUGGESTED = "suggested", "已征集"
        INCLUDED = "included", "列入计划"
        DECLINED = "declined", "未列入"

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="topics")
    title = models.CharField("议题", max_length=200)
    reason = models.TextField("理由与建议", blank=True)
    source_kind = models.CharField("提出方", max_length=10, choices=SourceKind.choices)
    party = models.ForeignKey(
        ParticipatingUnit,
        verbose_name="党派团体",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    special_committee = models.ForeignKey(
        SpecialCommittee,
        verbose_name="专委会",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    member = models.ForeignKey(
        Member, verbose_name="委员", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    state = models.CharField("状态", max_length=10, choices=State.choices, default=State.SUGGESTED)
    form = models.ForeignKey(
        ConsultationForm,
        verbose_name="协商形式",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    lead = models.ForeignKey(
        SpecialCommittee,
        verbose_name="牵头专委会",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    planned_month = models.PositiveSmallIntegerField("计划月份", null=True, blank=True)
    submitted_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(auto_now_add=True)

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        db_table = "consultations_topic"

    def __str__(self) -> str:
        return self.title


class Consultation(models.Model):
    """One consultation of the plan, walking the eight steps. `due_on` is the current step's
    deadline (StepRule), recomputed at each step; a step past it shows as overdue."""

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    plan = models.ForeignKey(
        Plan, on_delete=models.PROTECT, null=True, blank=True, related_name="consultations"
    )
    topic = models.OneToOneField(
        Topic, on_delete=models.PROTECT, null=True, blank=True, related_name="consultation"
    )
    title = models.CharField("协商议题", max_length=200)
    form = models.ForeignKey(
        ConsultationForm, verbose_name="协商形式", on_delete=models.PROTECT, related_name="+"
    )
    lead = models.ForeignKey(
        SpecialCommittee,
        verbose_name="牵头专委会",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    meeting_on = models.DateField("会议日期", null=True, blank=True)
    state = models.CharField("步骤", max_length=10, choices=Step.choices, default=Step.TOPIC)
    version = models.PositiveIntegerField(default=0)
    step_started_on = models.DateField("本步骤开始")
    due_on = models.DateField("本步骤期限", null=True, blank=True, db_index=True)
    overdue_noticed = models.CharField(max_length=10, blank=True)  # the step already reported overdue
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        db_table = "consultations_consultation"

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("consultations:consultation_detail", args=[self.pk])


class Document(models.Model):
    """A document of a step: 工作方案, 调研报告, 会议通知, 会议材料, 纪要, 建议案, 协商专报, 归档说明…"""

    class Kind(models.TextChoices):
        SCHEME = "scheme", "工作方案"
        RESEARCH = "research", "调研报告"
        NOTICE = "notice", "会议通知"
        MATERIALS = "materials", "会议材料"
        MINUTES = "minutes", "会议纪要"
        RECOMMENDATION = "recommendation", "建议案"
        SPECIAL_REPORT = "special_report", "协商专报"
        FEEDBACK = "feedback", "反馈情况"
        ARCHIVE = "archive", "归档说明"
        # Handed over by another channel (a campaign's summary, a topic group's suggestion…).
        INPUT = "input", "意见建议素材"
        # The research plan (调研提纲、开题报告) reviewed before research starts (开题评审).
        OPENING = "opening", "开题报告"

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    consultation = models.ForeignKey(Consultation, on_delete=models.PROTECT, related_name="documents")
    step = models.CharField("步骤", max_length=10, choices=Step.choices)
    kind = models.CharField("材料类型", max_length=16, choices=Kind.choices)
    title = models.CharField("标题", max_length=200)
    body = models.TextField("正文", blank=True)
    file = models.FileField(upload_to="consultations/%Y/%m/", blank=True)  # stored under a random name
    file_name = models.CharField("附件名", max_length=150, blank=True)
    # An input's origin, shown with it (the source keeps the document's id on its side).
    source_label = models.CharField("来源", max_length=120, blank=True)
    source_url = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        db_table = "consultations_document"

    def __str__(self) -> str:
        return self.title


class Outcome(models.Model):
    """A consultation outcome (纪要, 建议案 or 协商专报) submitted to the party committee and
    government; each leader's instruction on it (`instructions`) opens a supervision item, its
    feedback on adoption is shown to the participants."""

    class Kind(models.TextChoices):
        MINUTES = "minutes", "协商会议纪要"
        RECOMMENDATION = "recommendation", "建议案"
        SPECIAL_REPORT = "special_report", "协商专报"

    class Adoption(models.TextChoices):
        PENDING = "", "待反馈"
        ADOPTED = "adopted", "采纳"
        PARTLY = "partly", "部分采纳"
        NOTED = "noted", "留作参考"

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    consultation = models.ForeignKey(Consultation, on_delete=models.PROTECT, related_name="outcomes")
    kind = models.CharField("成果类型", max_length=16, choices=Kind.choices)
    title = models.CharField("标题", max_length=200)
    body = models.TextField("正文")
    addressee = models.CharField("报送", max_length=100, default="中共市委、市人民政府")
    submitted_at = models.DateTimeField("报送时间", null=True, blank=True)
    adoption = models.CharField("采纳情况", max_length=8, choices=Adoption.choices, blank=True)
    feedback = models.TextField("反馈情况", blank=True)
    feedback_at = models.DateTimeField("反馈时间", null=True, blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        db_table = "consultations_outcome"

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("consultations:consultation_detail", args=[self.consultation_id])


class Instruction(models.Model):
    """A leader's instruction (批示) on a submitted outcome. Each one is kept with the supervision
    item that follows it up (the item links back to this row); when the item is accepted as
    done, its completion report becomes the instruction's implementation result (落实情况)."""

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    outcome = models.ForeignKey(Outcome, on_delete=models.PROTECT, related_name="instructions")
    leader_name = models.CharField("批示领导", max_length=50)
    text = models.TextField("批示内容")
    given_on = models.DateField("批示日期")
    item = models.OneToOneField(
        Item,
        verbose_name="督办事项",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    result = models.TextField("落实情况", blank=True)
    result_at = models.DateTimeField("落实反馈时间", null=True, blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        db_table = "consultations_instruction"
        ordering = ["given_on", "id"]
        verbose_name = "协商成果批示"

    def __str__(self) -> str:
        return f"{self.leader_name}批示"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("consultations:consultation_detail", args=[self.outcome.consultation_id])


class Activity(models.Model):
    """A meeting or activity members are invited to: plenary, standing-committee meeting,
    consultation meeting, inspection, research trip, training, reading activity, remote
    consultation. Members sign in by scanning its QR code (a signed, expiring token)."""

    class Kind(models.TextChoices):
        PLENARY = "plenary", "全体会议"
        STANDING = "standing", "常委会议"
        CONSULTATION = "consultation", "协商会议"
        REMOTE = "remote", "远程协商"
        INSPECTION = "inspection", "视察"
        RESEARCH = "research", "调研"
        TRAINING = "training", "学习培训"
        READING = "reading", "读书活动"

    class State(models.TextChoices):
        PLANNED = "planned", "筹备中"
        HELD = "held", "已举行"
        CANCELLED = "cancelled", "已取消"

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    consultation = models.ForeignKey(
        Consultation, on_delete=models.PROTECT, null=True, blank=True, related_name="activities"
    )
    organiser = models.ForeignKey(
        SpecialCommittee,
        verbose_name="承办专委会",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    kind = models.CharField("类型", max_length=14, choices=Kind.choices)
    title = models.CharField("名称", max_length=200)
    starts_at = models.DateTimeField("开始时间", db_index=True)
    ends_at = models.DateTimeField("结束时间")
    place = models.CharField("地点", max_length=100, blank=True)
    video_link = models.URLField("视频会议链接", blank=True)
    registration_closes_at = models.DateTimeField("报名截止", null=True, blank=True)
    state = models.CharField("状态", max_length=10, choices=State.choices, default=State.PLANNED)
    version = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        db_table = "consultations_activity"
        verbose_name = "会议活动"

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("consultations:activity_detail", args=[self.pk])


class Invitation(models.Model):
    """One member invited to an activity: registration, leave request, sign-in and the attendance
    that the duty ledger scores (source: the activity)."""

    class Reply(models.TextChoices):
        INVITED = "invited", "待回复"
        REGISTERED = "registered", "已报名"
        LEAVE_REQUESTED = "leave", "请假待批"
        EXCUSED = "excused", "准假"
        LEAVE_REFUSED = "refused", "不准假"

    class Attendance(models.TextChoices):
        NONE = "", "未登记"
        PRESENT = "present", "出席"
        EXCUSED = "excused", "请假"
        UNEXCUSED = "unexcused", "无故缺席"

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    activity = models.ForeignKey(Activity, on_delete=models.PROTECT, related_name="invitations")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    reply = models.CharField("回复", max_length=10, choices=Reply.choices, default=Reply.INVITED)
    leave_reason = models.CharField("请假事由", max_length=300, blank=True)
    attendance = models.CharField("出席情况", max_length=10, choices=Attendance.choices, blank=True)
    signed_in_at = models.DateTimeField("签到时间", null=True, blank=True)
    signed_in_by_staff = models.BooleanField("工作人员代签", default=False)
    remote = models.BooleanField("远程参加", default=False)
    speeches = models.PositiveSmallIntegerField("发言次数", default=0)
    invited_at = models.DateTimeField(auto_now_add=True)

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        db_table = "consultations_invitation"
        constraints = [
            models.UniqueConstraint(fields=["activity", "member"], name="consultations_invitation_unique")
        ]
        indexes = [models.Index(fields=["member", "activity"], name="consult_inv_member")]

    def __str__(self) -> str:
        return f"{self.activity_id}:{self.member_id}"


class Deliberation(models.Model):
    """An online deliberation topic (网络议政), open to invited members for a period."""

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    consultation = models.ForeignKey(
        Consultation, on_delete=models.PROTECT, null=True, blank=True, related_name="deliberations"
    )
    title = models.CharField("议题", max_length=200)
    description = models.TextField("说明", blank=True)
    opens_at = models.DateTimeField("开始时间")
    closes_at = models.DateTimeField("结束时间", db_index=True)
    members = models.ManyToManyField(Member, verbose_name="受邀委员", related_name="+")
    summary = models.TextField("意见综述", blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        db_table = "consultations_deliberation"
        verbose_name = "网络议政"

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("consultations:deliberation_detail", args=[self.pk])


class Comment(models.Model):
    """A member's comment in an online deliberation, possibly a reply to another; staff may hide it
    (moderation) or mark it a useful speech (有效发言), which scores duty points."""

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    deliberation = models.ForeignKey(Deliberation, on_delete=models.PROTECT, related_name="comments")
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="replies"
    )
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    body = models.TextField("发言")
    hidden = models.BooleanField("已屏蔽", default=False)
    hidden_reason = models.CharField("屏蔽理由", max_length=200, blank=True)
    useful = models.BooleanField("有效发言", default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        db_table = "consultations_comment"
        verbose_name = "网络议政发言"

    def __str__(self) -> str:
        return self.body[:30]

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("consultations:deliberation_detail", args=[self.deliberation_id])


class RubricItem(models.Model):
    """One scored item of a committee's 100-point quality rubric (domain.md §4.3)."""

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    dimension = models.CharField("维度", max_length=20)
    name = models.CharField("评价内容", max_length=100)
    max_points = models.DecimalField("分值", max_digits=5, decimal_places=1)
    order = models.PositiveSmallIntegerField(default=0)

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        db_table = "consultations_rubric_item"
        ordering = ["committee", "order", "id"]

    def __str__(self) -> str:
        return f"{self.dimension}·{self.name}"


class Rating(models.Model):
    """One rater's scores for a consultation (`scores`: rubric item id -> points)."""

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    consultation = models.ForeignKey(Consultation, on_delete=models.PROTECT, related_name="ratings")
    rater = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    scores = models.JSONField(default=dict)
    total = models.DecimalField("总分", max_digits=5, decimal_places=1, default=Decimal(0))
    comment = models.CharField("评价意见", max_length=500, blank=True)
    rated_at = models.DateTimeField(auto_now=True)

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        db_table = "consultations_rating"
        constraints = [
            models.UniqueConstraint(fields=["consultation", "rater"], name="consultations_rating_unique")
        ]

    def __str__(self) -> str:
        return f"{self.consultation_id} {self.total}"


class Platform(models.Model):
    """A grassroots consultation platform (基层协商议事平台, e.g. 有事好商量 议事室) of a township,
    village, community, enterprise or institution; the grassroots app keeps its "五有" profile,
    group and members."""

    class Level(models.TextChoices):
        TOWNSHIP = "township", "乡镇（街道）"
        VILLAGE = "village", "村（社区）"
        COMMUNITY = "community", "社区"
        ENTERPRISE = "enterprise", "企业"
        INSTITUTE = "institute", "事业单位"

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    name = models.CharField("名称", max_length=100)
    level = models.CharField("层级", max_length=10, choices=Level.choices)
    township = models.CharField("乡镇（街道）", max_length=50)
    village = models.CharField("村（社区）", max_length=50, blank=True)
    is_active = models.BooleanField("在用", default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        db_table = "consultations_platform"

    def __str__(self) -> str:
        return self.name


class PlatformActivity(models.Model):
    """One consultation held on a grassroots platform and the problems it solved."""

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    platform = models.ForeignKey(Platform, on_delete=models.PROTECT, related_name="activities")
    held_on = models.DateField("日期")
    topic = models.CharField("协商事项", max_length=200)
    participants = models.PositiveIntegerField("参加人数", default=0)
    members = models.ManyToManyField(Member, verbose_name="参加委员", blank=True, related_name="+")
    problems_solved = models.PositiveIntegerField("解决问题数", default=0)
    result = models.TextField("协商结果", blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        db_table = "consultations_platform_activity"
        verbose_name = "基层协商活动"

    def __str__(self) -> str:
        return self.topic


class Requirement(models.Model):
    """A committee's own figures for its consultation work, created with the defaults the first
    time they are needed: at least so many 专题协商 a year (seed 002: 一般每年度不少于4次; a
    consultation counts when its form's name contains 专题协商), and the working days allowed for
    the report of a standalone inspection or research trip (seed 003: within a week)."""

    committee = models.OneToOneField(Committee, on_delete=models.PROTECT, related_name="+")
    special_per_year = models.PositiveSmallIntegerField("每年专题协商不少于（次）", default=4)
    trip_report_days = models.PositiveSmallIntegerField("视察调研报告期限（活动后工作日）", default=5)

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        db_table = "consultations_requirement"
        verbose_name = "协商工作要求"

    def __str__(self) -> str:
        return f"每年专题协商不少于{self.special_per_year}次"


class Review(models.Model):
    """A named reviewer's opinion on a consultation's research plan (开题评审), work plan (方案评审)
    or research report (报告评审). While any review of the current step is waiting or asks for
    revision, the consultation cannot leave the step; asking again puts a 需修改 review back to
    waiting (the earlier comment stays in the audit log)."""

    class Kind(models.TextChoices):
        OPENING = "opening", "开题评审"
        SCHEME = "scheme", "方案评审"
        REPORT = "report", "报告评审"

    class Decision(models.TextChoices):
        PENDING = "", "待评审"
        PASS = "pass", "通过"
        REVISE = "revise", "需修改"

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    consultation = models.ForeignKey(Consultation, on_delete=models.PROTECT, related_name="reviews")
    kind = models.CharField("评审类型", max_length=8, choices=Kind.choices)
    reviewer = models.ForeignKey(USER, verbose_name="评审人", on_delete=models.PROTECT, related_name="+")
    decision = models.CharField("评审结论", max_length=8, choices=Decision.choices, blank=True)
    comment = models.TextField("评审意见", blank=True)
    round = models.PositiveSmallIntegerField("轮次", default=1)
    requested_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField("送审时间")
    decided_at = models.DateTimeField("评审时间", null=True, blank=True)

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        db_table = "consultations_review"
        verbose_name = "协商评审"
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "kind", "reviewer"], name="consultations_review_unique"
            )
        ]
        indexes = [models.Index(fields=["reviewer", "decision"], name="consult_review_mine")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.consultation_id}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("consultations:consultation_detail", args=[self.consultation_id])


class TripReport(models.Model):
    """The report of a standalone inspection or research trip (视察、调研 not run inside a
    consultation), due so many working days after the trip (`Requirement.trip_report_days`);
    the daily job tells the activity staff once when it is overdue."""

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    activity = models.OneToOneField(Activity, on_delete=models.PROTECT, related_name="trip_report")
    due_on = models.DateField("报告期限", db_index=True)
    title = models.CharField("报告标题", max_length=200, blank=True)
    body = models.TextField("报告正文", blank=True)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    submitted_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    overdue_noticed = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        db_table = "consultations_trip_report"
        verbose_name = "视察调研报告"

    def __str__(self) -> str:
        return self.title or f"{self.activity}报告"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("consultations:activity_detail", args=[self.activity_id])


class Case(models.Model):
    """A finished consultation selected for the case library (协商案例) with its outcome and
    effect written up; shared cases are read by the committees above (a province reads its
    counties' shared cases)."""

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    consultation = models.OneToOneField(Consultation, on_delete=models.PROTECT, related_name="case")
    title = models.CharField("案例标题", max_length=200)
    summary = models.TextField("协商过程")
    outcome = models.TextField("协商成果")
    effect = models.TextField("成效")
    shared = models.BooleanField("向上级政协共享", default=False)
    selected_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    selected_at = models.DateTimeField("入选时间", auto_now_add=True)

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        db_table = "consultations_case"
        verbose_name = "协商案例"

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("consultations:case_detail", args=[self.pk])
