"""Member duty records (履职档案) and points (履职积分): rules per committee-year, the append-only
points ledger, members' activity reports, attendance sheets, standing members' annual reports and
interviews of members short of their minimum duties."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, NoReturn

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q

from zhengxie.org.models import Committee, Member
from zhengxie.org.scope import CommitteeScopedQuerySet


class Category(models.TextChoices):
    MEETING = "meeting", "会议"
    PROPOSAL = "proposal", "提案"
    OPINION = "opinion", "社情民意"
    ACTIVITY = "activity", "活动"
    STUDY = "study", "学习培训"
    CONTACT = "contact", "联系群众"
    SERVICE = "service", "为民办实事"
    CHARITY = "charity", "公益"
    STANDING = "standing", "常委履职"
    AWARD = "award", "奖励"
    DEDUCTION = "deduction", "扣分"


class Unit(models.TextChoices):
    TIME = "次", "次"
    PIECE = "件", "件"
    ARTICLE = "篇", "篇"
    HALF_DAY = "半天", "半天"
    HOUR = "学时", "学时"
    ITEM = "项", "项"
    YEAR = "年", "年"


class Split(models.TextChoices):
    FULL = "full", "每人全额计分"
    EQUAL = "equal", "按人数平均分配"


class YearSettings(models.Model):
    """A committee's duty settings for one year: the full score that the 100-point score is
    measured against, grade bands, minimum duties, absence thresholds, whether ranks are published
    to members, and the deadline of standing members' annual reports. Created (from the previous
    year, else from `defaults.py`) the first time the year is used."""

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    full_score = models.DecimalField("满分（折算为100分的基准）", max_digits=7, decimal_places=2)
    grade_bands = models.JSONField("等次划分", default=list)
    minimums = models.JSONField("基本履职要求", default=list)
    publish_ranks = models.BooleanField("向委员公布排名", default=False)
    plenary_absences_per_term = models.PositiveSmallIntegerField("本届全体会议无故缺席提示次数", default=3)
    standing_absences_per_year = models.PositiveSmallIntegerField("常委会议年度缺席提示次数", default=3)
    standing_absences_per_term = models.PositiveSmallIntegerField("常委会议本届缺席提示次数", default=7)
    standing_report_due = models.DateField("常委年度履职报告截止日期", null=True, blank=True)
    reminder_days = models.PositiveSmallIntegerField("截止前提醒天数", default=14)

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        db_table = "duty_year_settings"
        constraints = [models.UniqueConstraint(fields=["committee", "year"], name="duty_settings_unique")]

    def __str__(self) -> str:
        return f"{self.year}年度履职设置"


class Rule(models.Model):
    """One line of a committee-year's points table: what earns (or costs) how many points, per
    which unit, up to which yearly cap. A ledger entry stores the points it actually awarded;
    when staff change a rule's points, `services.rule_update` rescores the year's entries under
    it with reversing entries, and a changed cap applies to its own year when totals are read."""

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    code = models.CharField("代码", max_length=8)
    category = models.CharField("类别", max_length=12, choices=Category.choices)
    title = models.CharField("项目", max_length=100)
    points = models.DecimalField("分值", max_digits=6, decimal_places=2)
    unit = models.CharField("计分单位", max_length=4, choices=Unit.choices, default=Unit.TIME)
    cap = models.DecimalField("年度上限", max_digits=6, decimal_places=2, null=True, blank=True)
    split = models.CharField("多人分配", max_length=8, choices=Split.choices, default=Split.FULL)
    variants = models.JSONField("分档分值", default=dict, blank=True)
    needs_evidence = models.BooleanField("须附证明材料", default=False)
    reportable = models.BooleanField("委员可自行申报（须审核）", default=False)
    auto_fed = models.BooleanField("由系统自动记分", default=False)
    is_active = models.BooleanField("启用", default=True)
    order = models.PositiveSmallIntegerField(default=0)

    # Not columns: how many entries a rescoring changed, and the long task `services.rule_update`
    # started to rescore the year's entries after a change of points.
    rescored: int = 0
    rescoring: Any = None

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        db_table = "duty_rule"
        ordering = ["committee", "year", "order", "code"]
        constraints = [models.UniqueConstraint(fields=["committee", "year", "code"], name="duty_rule_unique")]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def points_for(self, variant: str = "") -> Decimal:
        if variant:
            return Decimal(str(self.variants[variant]))
        return self.points


class LedgerQuerySet(CommitteeScopedQuerySet["PointEntry"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise TypeError("point entries are append-only: correct them with a reversing entry")

    def delete(self) -> NoReturn:
        raise TypeError("point entries are append-only: correct them with a reversing entry")

    def standing(self) -> LedgerQuerySet:
        """Entries that count as they are: neither a reversal nor reversed."""
        return self.filter(reverses__isnull=True, reversed_by__isnull=True)


class PointEntry(models.Model):
    """One line of the points ledger. Append-only: totals, caps and deductions are derived from
    these rows (selectors.py), never kept as counters; a correction is a reversing entry
    (`reverses`) with the opposite points. `source` is the object that earned the points (a
    proposal, an attendance sheet, an activity report) — the same member, rule and source count
    once (`seq` numbers re-recordings after a reversal)."""

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="point_entries")
    rule = models.ForeignKey(Rule, on_delete=models.PROTECT, related_name="entries")
    year = models.PositiveSmallIntegerField("年度")
    points = models.DecimalField("积分", max_digits=7, decimal_places=2)
    quantity = models.SmallIntegerField("数量", default=1)
    variant = models.CharField("分档", max_length=20, blank=True)
    source_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    source_id = models.BigIntegerField(null=True, blank=True)
    seq = models.PositiveSmallIntegerField(default=0)
    note = models.CharField("说明", max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField("记录时间")
    reverses = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="reversed_by"
    )

    objects = LedgerQuerySet.as_manager()

    class Meta:
        db_table = "duty_point_entry"
        constraints = [
            # record_points is idempotent: one standing original per member, rule and source.
            models.UniqueConstraint(
                fields=["member", "rule", "source_type", "source_id", "seq"],
                condition=Q(reverses__isnull=True),
                name="duty_entry_once_per_source",
            )
        ]
        indexes = [
            # Covers the ranking and the reports' aggregates (GROUP BY member, rule over one
            # committee-year, summing points and quantity) so that they read the index alone.
            models.Index(
                fields=["committee", "year", "member", "rule", "points", "quantity"],
                name="duty_entry_sums_idx",
            ),
            models.Index(fields=["member", "year"], name="duty_entry_member_idx"),
            models.Index(fields=["source_type", "source_id"], name="duty_entry_source_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.rule_id} {self.points:+}"

    @property
    def is_reversal(self) -> bool:
        return self.reverses_id is not None

    @property
    def is_reversed(self) -> bool:
        try:
            return self.reversed_by is not None
        except PointEntry.DoesNotExist:
            return False


class ActivityReport(models.Model):
    """A member's own report of an activity (联系群众, 为民办实事, 学习培训, 公益…) with evidence.
    Staff approve it (it then scores, with the report as the entry's source) or return it for
    changes; the state moves only through `workflow.py`."""

    class State(models.TextChoices):
        SUBMITTED = "submitted", "待审核"
        RETURNED = "returned", "已退回"
        APPROVED = "approved", "已通过"
        WITHDRAWN = "withdrawn", "已撤回"

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="activity_reports")
    rule = models.ForeignKey(Rule, verbose_name="履职项目", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    title = models.CharField("活动名称", max_length=100)
    happened_on = models.DateField("活动日期")
    quantity = models.PositiveSmallIntegerField("数量", default=1)
    variant = models.CharField("分档", max_length=20, blank=True)
    description = models.TextField("活动情况", max_length=2000)
    evidence = models.FileField("证明材料", upload_to="duty/evidence/%Y/%m/", blank=True)
    evidence_name = models.CharField(max_length=120, blank=True)
    state = models.CharField("状态", max_length=10, choices=State.choices, default=State.SUBMITTED)
    version = models.PositiveIntegerField(default=0)
    submitted_at = models.DateTimeField("提交时间")
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)
    review_comment = models.CharField("审核意见", max_length=500, blank=True)

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        db_table = "duty_activity_report"
        indexes = [
            models.Index(fields=["committee", "state", "id"], name="duty_report_queue_idx"),
            models.Index(fields=["member", "id"], name="duty_report_member_idx"),
        ]

    def __str__(self) -> str:
        return self.title


class AttendanceSheet(models.Model):
    """Attendance of one meeting or activity, recorded by staff for many members at once; each
    line scores or deducts by the rules of its kind (`services_attendance.KIND_RULES`)."""

    class Kind(models.TextChoices):
        PLENARY = "plenary", "全体会议"
        STANDING = "standing", "常委会议"
        CONSULTATION = "consultation", "专题协商会、双周协商等"
        INSPECTION = "inspection", "视察、调研、考察"
        GRASSROOTS = "grassroots", "基层协商"
        TRAINING = "training", "学习培训"

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    title = models.CharField("会议或活动名称", max_length=100)
    kind = models.CharField("类型", max_length=14, choices=Kind.choices)
    held_on = models.DateField("日期")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        db_table = "duty_attendance_sheet"

    def __str__(self) -> str:
        return f"{self.held_on:%Y-%m-%d} {self.title}"

    @property
    def year(self) -> int:
        return self.held_on.year


class AttendanceLine(models.Model):
    """One member's attendance on a sheet. The points live in the ledger (source: the sheet)."""

    class Status(models.TextChoices):
        PRESENT = "present", "出席"
        EXCUSED = "excused", "请假"
        UNEXCUSED = "unexcused", "无故缺席"

    sheet = models.ForeignKey(AttendanceSheet, on_delete=models.PROTECT, related_name="lines")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    status = models.CharField("出席情况", max_length=10, choices=Status.choices)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "duty_attendance_line"
        constraints = [models.UniqueConstraint(fields=["sheet", "member"], name="duty_line_unique")]

    def __str__(self) -> str:
        return f"{self.member_id} {self.get_status_display()}"


class StandingReport(models.Model):
    """A standing member's (常委) written annual duty report: text or an uploaded .docx/.pdf."""

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="standing_reports")
    year = models.PositiveSmallIntegerField("年度")
    text = models.TextField("报告内容", blank=True, max_length=20000)
    file = models.FileField("报告文件", upload_to="duty/standing/%Y/", blank=True)
    file_name = models.CharField(max_length=120, blank=True)
    submitted_at = models.DateTimeField("提交时间")
    updated_at = models.DateTimeField("最后修改", auto_now=True)

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        db_table = "duty_standing_report"
        constraints = [models.UniqueConstraint(fields=["member", "year"], name="duty_standing_unique")]

    def __str__(self) -> str:
        return f"{self.year}年度履职报告"


class Interview(models.Model):
    """The interview (约谈) of a member short of the year's minimum duties or over an absence
    threshold, recorded by staff once it has taken place."""

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    held_on = models.DateField("约谈日期")
    note = models.CharField("约谈情况", max_length=500)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        db_table = "duty_interview"
        constraints = [models.UniqueConstraint(fields=["member", "year"], name="duty_interview_unique")]

    def __str__(self) -> str:
        return f"{self.year}年度约谈"
