"""Assessment (考评): schemes of indicators per committee and year, assessments run on them, the
subjects assessed, their scores (computed from the loops' records, rated by raters, or reviewed from
evidence by staff), rating tasks, and objections to published results (seeds 000, 002, 003, 004).

A scheme is data: staff edit its indicators. Once an assessment uses a scheme, editing it makes a
new version (`Scheme.root`, `Scheme.version`) and the assessments already run keep the version
they were scored on, so finished scores never change under them.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models

from zhengxie.consultations.models import Consultation
from zhengxie.org.models import Committee, HandlingUnit, Sector, SpecialCommittee
from zhengxie.org.scope import CommitteeScopedQuerySet


class SubjectKind(models.TextChoices):
    UNIT = "unit", "承办单位"
    OFFICE = "office", "机关处室"
    SPECIAL = "special", "专门委员会"
    SECTOR = "sector", "界别活动组"
    COUNTY = "county", "县级政协"


class Method(models.TextChoices):
    AUTO = "auto", "平台数据自动计算"
    RATING = "rating", "评议打分"
    EVIDENCE = "evidence", "材料审核评分"


class RaterGroup(models.TextChoices):
    LEADER = "leader", "政协领导"
    STAFF = "staff", "机关干部"
    MEMBER = "member", "委员"
    PROPOSER = "proposer", "提案者"
    UNIT = "unit", "承办单位"
    EXTERNAL = "external", "第三方评议"


def _bands() -> list[list[object]]:
    return [["优秀", 90], ["良好", 80], ["合格", 60], ["不合格", 0]]


class Scheme(models.Model):
    """An assessment scheme (考评方案) of one committee for one year and one kind of subject.

    `root` is the first version (None on the first version itself); every version of a scheme
    shares it. Only the current version is offered for new assessments or edited."""

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    kind = models.CharField("考评对象", max_length=10, choices=SubjectKind.choices)
    name = models.CharField("方案名称", max_length=100)
    root = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="later_versions"
    )
    version = models.PositiveSmallIntegerField("版本", default=1)
    is_current = models.BooleanField("当前版本", default=True)
    anonymous = models.BooleanField("评议对被考评对象匿名", default=True)
    grade_bands = models.JSONField("等次划分", default=_bands)
    objection_days = models.PositiveSmallIntegerField("公布后异议期（天）", default=7)
    note = models.TextField("说明", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        db_table = "assessment_scheme"
        ordering = ["-year", "kind", "id"]
        indexes = [models.Index(fields=["committee", "year", "kind"], name="assessment_scheme_idx")]

    def __str__(self) -> str:
        return f"{self.year}年{self.name}（第{self.version}版）"

    @property
    def root_id_or_self(self) -> int:
        return self.root_id or self.pk

    def grade_for(self, total: Decimal | None) -> str:
        if total is None:
            return ""
        for name, minimum in sorted(self.grade_bands, key=lambda band: -float(band[1])):
            if total >= Decimal(str(minimum)):
                return str(name)
        return ""


class Indicator(models.Model):
    """An indicator of a scheme: first level (a group, `parent` empty, its points the sum of its
    children) or second level, scored by `method`. An automatic indicator names a formula of
    `formulas.FORMULAS`; a rated one weighs its rater groups by `rater_weights`."""

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="indicators")
    parent = models.ForeignKey(
        "self",
        verbose_name="一级指标",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
    )
    order = models.PositiveSmallIntegerField("排序", default=0)
    name = models.CharField("指标名称", max_length=100)
    points = models.DecimalField("分值", max_digits=6, decimal_places=2, default=Decimal(0))
    method = models.CharField("评分方式", max_length=10, choices=Method.choices, blank=True)
    formula = models.CharField("计算公式", max_length=40, blank=True)
    rater_weights = models.JSONField("评议组权重", default=dict, blank=True)
    standard = models.TextField("评分标准", blank=True)

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        db_table = "assessment_indicator"
        ordering = ["scheme", "order", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_group(self) -> bool:
        return self.parent_id is None


class Assessment(models.Model):
    """One assessment (一次考评) on one scheme version: its subjects, rating tasks and results."""

    class State(models.TextChoices):
        RATING = "rating", "评议打分中"
        CLOSED = "closed", "评议结束待公布"
        PUBLISHED = "published", "已公布"

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    scheme = models.ForeignKey(Scheme, verbose_name="考评方案", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("考评年度")
    title = models.CharField("名称", max_length=100)
    state = models.CharField("状态", max_length=10, choices=State.choices, default=State.RATING)
    version = models.PositiveIntegerField(default=0)
    deadline = models.DateField("评议截止日期")
    computed_at = models.DateTimeField("自动指标计算时间", null=True, blank=True)
    published_at = models.DateTimeField("公布时间", null=True, blank=True)
    objection_until = models.DateField("异议截止", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        db_table = "assessment_assessment"
        ordering = ["-year", "-id"]
        indexes = [models.Index(fields=["committee", "id"], name="assessment_list_idx")]

    def __str__(self) -> str:
        return self.title


class Office(models.Model):
    """One of the committee's offices (机关处室, e.g. 办公室, 研究室, 提案委员会办公室) as a subject of
    office assessments: kept on 考评 → 机关处室 and chosen when an assessment opens, so that one
    office is the same subject from year to year. org has no model of the committee's own
    offices; they matter only here."""

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    name = models.CharField("处室名称", max_length=100)
    order = models.PositiveSmallIntegerField("排序", default=0)
    is_active = models.BooleanField("在用", default=True)

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        db_table = "assessment_office"
        ordering = ["committee", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["committee", "name"], name="assessment_office_unique")]

    def __str__(self) -> str:
        return self.name


class Subject(models.Model):
    """One subject assessed (被考评对象): a handling unit, an office, a special committee, a
    sector group or a county committee. Its total, rank and grade are written when results are
    computed; `adjusted` notes a change made on an objection."""

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="subjects")
    name = models.CharField("名称", max_length=100)
    handling_unit = models.ForeignKey(
        HandlingUnit, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    special_committee = models.ForeignKey(
        SpecialCommittee, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    sector = models.ForeignKey(Sector, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    county = models.ForeignKey(Committee, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    office = models.ForeignKey(Office, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    total = models.DecimalField("总分", max_digits=7, decimal_places=2, null=True, blank=True)
    rank = models.PositiveIntegerField("名次", null=True, blank=True)
    grade = models.CharField("等次", max_length=20, blank=True)

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        db_table = "assessment_subject"
        ordering = ["assessment", "rank", "id"]
        indexes = [models.Index(fields=["handling_unit", "assessment"], name="assessment_subject_unit_idx")]

    def __str__(self) -> str:
        return self.name


class Score(models.Model):
    """A subject's points on one second-level indicator, with the figures behind an automatic one
    (`figures`: numerator, denominator, rate) and the staff's note on evidence or an adjustment."""

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    subject = models.ForeignKey(Subject, on_delete=models.CASCADE, related_name="scores")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    value = models.DecimalField("得分", max_digits=7, decimal_places=2, null=True, blank=True)
    figures = models.JSONField("计算依据", default=dict, blank=True)
    note = models.TextField("评分说明", blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(auto_now=True)

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        db_table = "assessment_score"
        constraints = [models.UniqueConstraint(fields=["subject", "indicator"], name="assessment_one_score")]

    def __str__(self) -> str:
        return f"{self.subject_id}/{self.indicator_id}: {self.value}"


class RaterTask(models.Model):
    """One rater's rating of one subject (评议任务): the marks per rated indicator and a comment."""

    class State(models.TextChoices):
        PENDING = "pending", "待评议"
        SUBMITTED = "submitted", "已提交"

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="tasks")
    subject = models.ForeignKey(Subject, on_delete=models.CASCADE, related_name="tasks")
    rater = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    group = models.CharField("评议组", max_length=10, choices=RaterGroup.choices)
    state = models.CharField("状态", max_length=10, choices=State.choices, default=State.PENDING)
    marks = models.JSONField("各指标打分", default=dict, blank=True)  # indicator id → points
    comment = models.TextField("评议意见", blank=True)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    reminded_at = models.DateTimeField("最近催办", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        db_table = "assessment_rater_task"
        ordering = ["subject__name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "subject", "rater"], name="assessment_one_task")
        ]
        indexes = [models.Index(fields=["rater", "state", "id"], name="assessment_rater_idx")]

    def __str__(self) -> str:
        return f"{self.rater_id}→{self.subject_id}"


class Objection(models.Model):
    """A subject's objection (异议) to its published result within the window, and the decision."""

    class State(models.TextChoices):
        PENDING = "pending", "待处理"
        ACCEPTED = "accepted", "已采纳"
        REFUSED = "refused", "不予采纳"

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    subject = models.ForeignKey(Subject, on_delete=models.CASCADE, related_name="objections")
    reason = models.TextField("异议理由")
    state = models.CharField("状态", max_length=10, choices=State.choices, default=State.PENDING)
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    raised_at = models.DateTimeField(auto_now_add=True)
    decision = models.TextField("处理意见", blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        db_table = "assessment_objection"
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.subject_id} {self.state}"


class ConsultationReview(models.Model):
    """A third party asked to rate one consultation on the committee's 100-point rubric (seed 000:
    重要协商活动第三方质量评价). The rating itself is the consultation's own `Rating`, so it counts in
    the consultation's average and archive; this row is the invitation and when it was done."""

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    consultation = models.ForeignKey(Consultation, on_delete=models.PROTECT, related_name="+")
    rater = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    invited_at = models.DateTimeField(auto_now_add=True)
    done_at = models.DateTimeField("评价时间", null=True, blank=True)

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        db_table = "assessment_consultation_review"
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(fields=["consultation", "rater"], name="assessment_one_review")
        ]
        indexes = [models.Index(fields=["rater", "done_at", "id"], name="assessment_review_rater_idx")]

    def __str__(self) -> str:
        return f"{self.consultation_id}/{self.rater_id}"
