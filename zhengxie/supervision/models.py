"""Supervision (督查督办): items assigned to units with deadlines, their progress reports,
extension requests, warning colours, bulletins and special reports.

Supervision is the follow-up engine of the other loops (key proposals, leaders' instructions on
public-opinion information, consultation outcomes) but never imports them: an item holds a generic
link to its source object (`link_type`, `link_id`) with a label and a URL the caller supplies.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models

from zhengxie.org.files import CommitteeFile
from zhengxie.org.models import Committee, HandlingUnit
from zhengxie.org.scope import CommitteeScopedQuerySet


class ItemSource(models.Model):
    """A source of items (立项来源) in a committee's own list, e.g. 领导批示 or 年度重点工作."""

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    name = models.CharField("来源", max_length=40)
    order = models.PositiveSmallIntegerField("排序", default=0)
    is_active = models.BooleanField("启用", default=True)

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        db_table = "supervision_source"
        ordering = ["committee", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "name"], name="supervision_source_unique")
        ]

    def __str__(self) -> str:
        return self.name


class WarningPolicy(models.Model):
    """A committee's warning thresholds, in working days (domain.md §5.2 defaults)."""

    committee = models.OneToOneField(Committee, on_delete=models.PROTECT, related_name="+")
    blue_days = models.PositiveSmallIntegerField("距期限不足几个工作日亮蓝灯", default=5)
    yellow_days = models.PositiveSmallIntegerField("距期限不足几个工作日亮黄灯", default=2)
    sign_days = models.PositiveSmallIntegerField("下发后几个工作日内须签收", default=1)
    report_grace_days = models.PositiveSmallIntegerField("进度报告可延迟的工作日数", default=0)
    behind_plan_points = models.PositiveSmallIntegerField("进度落后计划多少个百分点亮黄灯", default=20)
    red_after_rejections = models.PositiveSmallIntegerField("办结报告被退回几次亮红灯", default=2)

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        db_table = "supervision_policy"

    def __str__(self) -> str:
        return f"预警规则@{self.committee_id}"


class Colour(models.TextChoices):
    GREEN = "green", "绿灯"
    BLUE = "blue", "蓝灯"
    YELLOW = "yellow", "黄灯"
    RED = "red", "红灯"


class ReportCycle(models.TextChoices):
    NONE = "none", "办结时报告"
    MONTHLY = "monthly", "每月"
    QUARTERLY = "quarterly", "每季度"
    DATES = "dates", "按指定日期"


class Item(models.Model):
    """A supervision item (督办事项). Its state follows supervision/workflow.py."""

    class State(models.TextChoices):
        DRAFT = "draft", "待审核"
        REGISTERED = "registered", "已立项"
        ISSUED = "issued", "待签收"
        IN_PROGRESS = "in_progress", "办理中"
        RETURN_REVIEW = "return_review", "退办审核"
        VERIFYING = "verifying", "待核实"
        DONE = "done", "已办结"
        CLOSED = "closed", "已销号"
        CANCELLED = "cancelled", "已撤销"

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    number = models.CharField("编号", max_length=40)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级事项",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    weight = models.DecimalField("权重", max_digits=6, decimal_places=2, default=Decimal(1))
    title = models.CharField("事项名称", max_length=200)
    content = models.TextField("督查内容", blank=True)
    category = models.CharField("类别", max_length=40, blank=True)
    source = models.ForeignKey(ItemSource, verbose_name="来源", on_delete=models.PROTECT, related_name="+")
    requirement = models.TextField("办理要求", blank=True)
    due_on = models.DateField("办结时限", db_index=True)
    original_due_on = models.DateField("原定时限")
    lead_unit = models.ForeignKey(
        HandlingUnit, verbose_name="牵头单位", on_delete=models.PROTECT, related_name="+"
    )
    co_units = models.ManyToManyField(HandlingUnit, verbose_name="配合单位", blank=True, related_name="+")
    responsible_person = models.CharField("责任人", max_length=50, blank=True)
    responsible_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="责任人账号",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    supervising_leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="督办领导",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    report_cycle = models.CharField(
        "进度报告周期", max_length=10, choices=ReportCycle.choices, default=ReportCycle.NONE
    )
    report_day = models.PositiveSmallIntegerField("每期报告日", default=5)
    report_dates = models.JSONField("指定报告日期", default=list, blank=True)
    next_report_on = models.DateField("下次报告日期", null=True, blank=True, db_index=True)
    # Generic link to what the item follows up (a key proposal, an instruction, an outcome…).
    link_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    link_id = models.PositiveBigIntegerField(null=True, blank=True)
    link_label = models.CharField("关联事项", max_length=200, blank=True)
    link_url = models.CharField(max_length=300, blank=True)

    state = models.CharField("状态", max_length=20, choices=State.choices, default=State.DRAFT, db_index=True)
    version = models.PositiveIntegerField(default=0)
    progress = models.PositiveSmallIntegerField("完成进度(%)", default=0)
    colour = models.CharField("预警", max_length=10, choices=Colour.choices, blank=True, db_index=True)
    colour_since = models.DateTimeField(null=True, blank=True)
    rejections = models.PositiveSmallIntegerField("办结报告退回次数", default=0)
    return_reason = models.TextField("退办理由", blank=True)
    completion_text = models.TextField("办结报告", blank=True)
    # Empty when a job registered the item (a reminder the source app's rules demand).
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    issued_at = models.DateTimeField("下发时间", null=True, blank=True)
    signed_at = models.DateTimeField("签收时间", null=True, blank=True)
    done_at = models.DateTimeField("办结时间", null=True, blank=True)
    closed_at = models.DateTimeField("销号时间", null=True, blank=True)

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        db_table = "supervision_item"
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "number"], name="supervision_item_number")
        ]
        indexes = [
            models.Index(fields=["committee", "state", "due_on"], name="supervision_item_board_idx"),
            models.Index(fields=["lead_unit", "state"], name="supervision_item_unit_idx"),
            models.Index(fields=["link_type", "link_id"], name="supervision_item_link_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    OPEN_STATES = (State.ISSUED, State.IN_PROGRESS, State.RETURN_REVIEW, State.VERIFYING)


class Attachment(CommitteeFile):
    """A file attached to a progress or completion report."""

    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="attachments")
    file = models.FileField(upload_to="supervision/%Y/%m/")

    class Meta(CommitteeFile.Meta):
        db_table = "supervision_attachment"


class ProgressReport(models.Model):
    """A unit's progress report (阶段反馈) on an item: percent complete and what was done."""

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="reports")
    percent = models.PositiveSmallIntegerField("完成进度(%)")
    text = models.TextField("进展情况")
    attachment = models.ForeignKey(
        Attachment, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    via_upload = models.BooleanField("批量导入", default=False)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reported_at = models.DateTimeField(auto_now_add=True)

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        db_table = "supervision_report"
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.percent}%"


class Extension(models.Model):
    """A unit's request to extend an item's due date (延期申请), asked before the due date."""

    class State(models.TextChoices):
        PENDING = "pending", "待审批"
        APPROVED = "approved", "已同意"
        REFUSED = "refused", "未同意"

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="extensions")
    reason = models.TextField("延期理由")
    progress_text = models.TextField("目前进展")
    old_due_on = models.DateField("原时限")
    new_due_on = models.DateField("申请延至")
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    version = models.PositiveIntegerField(default=0)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField("审批意见", blank=True)

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        db_table = "supervision_extension"
        ordering = ["-id"]
        constraints = [
            # At most one open request per item: a second one waits for the first decision.
            models.UniqueConstraint(
                fields=["item"], condition=models.Q(state="pending"), name="supervision_one_pending_extension"
            )
        ]

    def __str__(self) -> str:
        return f"{self.item_id} → {self.new_due_on}"


class ColourChange(models.Model):
    """A change of an item's warning colour, written once by the job that claimed it."""

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="colour_changes")
    old = models.CharField(max_length=10, choices=Colour.choices, blank=True)
    new = models.CharField(max_length=10, choices=Colour.choices)
    reason = models.CharField(max_length=200, blank=True)
    changed_at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        db_table = "supervision_colour_change"
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.old}→{self.new}"


class Bulletin(models.Model):
    """A quarterly supervision bulletin (督办情况通报): its figures are computed when issued and
    kept, so the issued text never changes afterwards."""

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    quarter = models.PositiveSmallIntegerField("季度")
    number = models.PositiveSmallIntegerField("期号")
    summary = models.TextField("总体情况", blank=True)
    praised = models.JSONField("公开表扬", default=list)
    reminded = models.JSONField("点名提醒", default=list)
    figures = models.JSONField("统计数据", default=dict)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    issued_at = models.DateTimeField(auto_now_add=True)

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        db_table = "supervision_bulletin"
        ordering = ["-year", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "year", "number"], name="supervision_bulletin_number"
            ),
            models.UniqueConstraint(
                fields=["committee", "year", "quarter"], name="supervision_bulletin_quarter"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}年第{self.number}期督办情况通报"


class SpecialReport(models.Model):
    """A special report (督查专报) on one item, numbered per committee and year."""

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="special_reports")
    year = models.PositiveSmallIntegerField("年度")
    number = models.PositiveSmallIntegerField("期号")
    title = models.CharField("标题", max_length=200)
    background = models.TextField("基本情况")
    issues = models.JSONField("存在问题", default=list)
    suggestions = models.TextField("下一步建议", blank=True)
    leader_instruction = models.TextField("领导批示", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        db_table = "supervision_special_report"
        ordering = ["-year", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "year", "number"], name="supervision_special_number")
        ]

    def __str__(self) -> str:
        return f"督查专报{self.year}年第{self.number}期"
