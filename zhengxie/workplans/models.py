"""The year's work plans besides the consultation plan (三个计划): the inspection-and-research plan
(视察调研计划) and the democratic-supervision plan (民主监督计划). Their items — with a lead special
committee and a planned month — are submitted and approved together, and published together with
the year's consultation plan (consultations.Plan, which must be approved first). Each item becomes
an activity (consultations.Activity) when the office arranges it; the year's page shows plan
against done."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from zhengxie.consultations.models import Activity
from zhengxie.org.models import Committee, SpecialCommittee
from zhengxie.org.scope import CommitteeScopedQuerySet

USER = settings.AUTH_USER_MODEL


class YearPlan(models.Model):
    """A committee's work plans of one year, approved and published together."""

    class State(models.TextChoices):
        DRAFTING = "drafting", "编制中"
        SUBMITTED = "submitted", "报请审定"
        APPROVED = "approved", "已审定"
        PUBLISHED = "published", "已印发"

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    state = models.CharField("状态", max_length=10, choices=State.choices, default=State.DRAFTING)
    version = models.PositiveIntegerField(default=0)
    approval_note = models.CharField("审定意见", max_length=500, blank=True)
    published_at = models.DateTimeField("印发时间", null=True, blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        db_table = "workplans_year_plan"
        verbose_name = "年度工作计划"
        constraints = [models.UniqueConstraint(fields=["committee", "year"], name="workplans_year_unique")]

    def __str__(self) -> str:
        return f"{self.year}年度视察调研和民主监督计划"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("workplans:detail", args=[self.pk])


class Item(models.Model):
    """One item of a plan: an inspection, a research topic, or a democratic-supervision activity
    (专题监督, 视察监督, 民主评议 of a department)."""

    class Plan(models.TextChoices):
        INSPECTION = "inspection", "视察调研计划"
        SUPERVISION = "supervision", "民主监督计划"

    class Form(models.TextChoices):
        INSPECTION = "inspection", "视察"
        RESEARCH = "research", "调研"
        TOPIC_SUPERVISION = "topic_sup", "专题监督"
        INSPECTION_SUPERVISION = "insp_sup", "视察监督"
        APPRAISAL = "appraisal", "民主评议"

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    year_plan = models.ForeignKey(YearPlan, on_delete=models.PROTECT, related_name="items")
    plan = models.CharField("计划", max_length=12, choices=Plan.choices)
    form = models.CharField("形式", max_length=12, choices=Form.choices)
    title = models.CharField("项目", max_length=200)
    lead = models.ForeignKey(
        SpecialCommittee, verbose_name="牵头专委会", on_delete=models.PROTECT, related_name="+"
    )
    month = models.PositiveSmallIntegerField("计划月份")
    target = models.CharField("监督对象或视察单位", max_length=100, blank=True)
    activity = models.OneToOneField(
        Activity, verbose_name="安排的活动", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        db_table = "workplans_item"
        verbose_name = "计划项目"
        ordering = ["year_plan", "plan", "month", "id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("workplans:detail", args=[self.year_plan_id])


class Supervisor(models.Model):
    """A special supervisor (特约监督员): a member appointed to watch a department."""

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    member = models.ForeignKey("org.Member", verbose_name="委员", on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(
        "org.HandlingUnit", verbose_name="监督部门", on_delete=models.PROTECT, related_name="+"
    )
    appointed_on = models.DateField("聘任日期")
    is_active = models.BooleanField("在任", default=True)

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        db_table = "workplans_supervisor"
        verbose_name = "特约监督员"
        constraints = [models.UniqueConstraint(fields=["member", "unit"], name="workplans_supervisor_unique")]

    def __str__(self) -> str:
        return str(self.member)


class Finding(models.Model):
    """A finding of democratic supervision — from a supervision activity of the plan or a special
    supervisor's report — sent to the department, whose reply is tracked like a proposal's: a
    deadline, the reply, the office's rating; where a leader instructs, a supervision item
    follows it up."""

    class State(models.TextChoices):
        SENT = "sent", "待部门答复"
        REPLIED = "replied", "部门已答复"
        RATED = "rated", "已评价"

    class Rating(models.TextChoices):
        SATISFIED = "satisfied", "满意"
        BASIC = "basic", "基本满意"
        UNSATISFIED = "unsatisfied", "不满意"

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    item = models.ForeignKey(
        Item,
        verbose_name="监督计划项目",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="findings",
    )
    supervisor = models.ForeignKey(
        Supervisor,
        verbose_name="特约监督员",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reports",
    )
    unit = models.ForeignKey(
        "org.HandlingUnit", verbose_name="部门", on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField("标题", max_length=200)
    body = models.TextField("监督意见")
    due_on = models.DateField("答复期限", db_index=True)
    state = models.CharField("状态", max_length=10, choices=State.choices, default=State.SENT)
    version = models.PositiveIntegerField(default=0)
    reply = models.TextField("部门答复", blank=True)
    replied_at = models.DateTimeField("答复时间", null=True, blank=True)
    rating = models.CharField("评价", max_length=12, choices=Rating.choices, blank=True)
    rating_note = models.CharField("评价意见", max_length=300, blank=True)
    sup_item = models.OneToOneField(
        "supervision.Item",
        verbose_name="督办事项",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # What the department reported when the office accepted the supervision item (落实情况).
    result = models.TextField("批示落实情况", blank=True)
    result_at = models.DateTimeField("落实时间", null=True, blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        db_table = "workplans_finding"
        verbose_name = "民主监督意见"

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("workplans:finding", args=[self.pk])


class SupervisorReport(models.Model):
    """A special supervisor's own report on the department he or she is appointed to. The office
    reviews it: sends it to the department as a finding (naming the supervisor), or returns it
    with a reason for the supervisor to revise and submit again."""

    class State(models.TextChoices):
        SUBMITTED = "submitted", "待审阅"
        RETURNED = "returned", "退回修改"
        SENT = "sent", "已转送部门"

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    supervisor = models.ForeignKey(
        Supervisor, verbose_name="特约监督员", on_delete=models.PROTECT, related_name="own_reports"
    )
    title = models.CharField("标题", max_length=200)
    body = models.TextField("报告内容")
    state = models.CharField("状态", max_length=10, choices=State.choices, default=State.SUBMITTED)
    version = models.PositiveIntegerField(default=0)
    review_note = models.CharField("退回理由", max_length=300, blank=True)
    finding = models.OneToOneField(
        Finding,
        verbose_name="民主监督意见",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    submitted_at = models.DateTimeField("报送时间")
    reviewed_at = models.DateTimeField("审阅时间", null=True, blank=True)

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        db_table = "workplans_supervisor_report"
        verbose_name = "特约监督员报告"
        indexes = [models.Index(fields=["committee", "state"], name="workplans_report_state_idx")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("workplans:report", args=[self.pk])
