"""The committee's numbered publications (seed 003): series such as 《建言资政》 and 《协商专报》,
each issue numbered 第N期 within its year when it is sent, with its items (consultation
outcomes, research reports, plenary speeches or text of its own), the leaders it is sent to and
the instructions they give on it."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from zhengxie.consultations.models import Outcome
from zhengxie.org.models import Committee
from zhengxie.org.scope import CommitteeScopedQuerySet
from zhengxie.plenary.models import Speech

USER = settings.AUTH_USER_MODEL


class Series(models.Model):
    """A publication series of the committee (《建言资政》, 《协商专报》, 《调研报告》…)."""

    class Kind(models.TextChoices):
        ADVICE = "advice", "建言资政"
        CONSULTATION = "consultation", "协商专报"
        RESEARCH = "research", "调研报告"
        SPEECHES = "speeches", "大会发言选编"
        OTHER = "other", "其他"

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    name = models.CharField("刊物名称", max_length=40)
    kind = models.CharField("类型", max_length=14, choices=Kind.choices, default=Kind.ADVICE)
    is_active = models.BooleanField("启用", default=True)

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        db_table = "publications_series"
        ordering = ["committee", "id"]
        verbose_name = "刊物"
        constraints = [
            models.UniqueConstraint(fields=["committee", "name"], name="publications_series_unique")
        ]

    def __str__(self) -> str:
        return f"《{self.name}》"


class Issue(models.Model):
    """One issue of a series. A draft collects its items; sending it gives it the next number of
    the series in its year (第N期) and records to whom it went."""

    class State(models.TextChoices):
        DRAFT = "draft", "编辑中"
        SENT = "sent", "已报送"

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    series = models.ForeignKey(Series, on_delete=models.PROTECT, related_name="issues")
    title = models.CharField("本期主题", max_length=200)
    state = models.CharField("状态", max_length=8, choices=State.choices, default=State.DRAFT)
    version = models.PositiveIntegerField(default=0)
    year = models.PositiveSmallIntegerField("年度", null=True, blank=True)
    number = models.PositiveSmallIntegerField("期号", null=True, blank=True)
    recipients = models.CharField("报送领导", max_length=300, blank=True)
    sent_on = models.DateField("报送日期", null=True, blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        db_table = "publications_issue"
        ordering = ["-id"]
        verbose_name = "刊物期次"
        constraints = [
            models.UniqueConstraint(
                fields=["series", "year", "number"], name="publications_issue_number_unique"
            )
        ]

    def __str__(self) -> str:
        if self.number:
            return f"{self.series}{self.year}年第{self.number}期"
        return f"{self.series}（编辑中）{self.title}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("publications:issue_detail", args=[self.pk])


class IssueItem(models.Model):
    """An article in an issue: a consultation outcome, a plenary speech, or text of its own."""

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="items")
    title = models.CharField("标题", max_length=200)
    author = models.CharField("作者或来源", max_length=100, blank=True)
    body = models.TextField("正文")
    outcome = models.ForeignKey(
        Outcome, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="协商成果"
    )
    speech = models.ForeignKey(
        Speech, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="大会发言"
    )

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        db_table = "publications_item"
        ordering = ["issue", "id"]
        verbose_name = "刊物文章"

    def __str__(self) -> str:
        return self.title


class IssueInstruction(models.Model):
    """A leader's instruction (批示) on a sent issue."""

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    issue = models.ForeignKey(Issue, on_delete=models.PROTECT, related_name="instructions")
    leader_name = models.CharField("批示领导", max_length=50)
    text = models.TextField("批示内容")
    given_on = models.DateField("批示日期")
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        db_table = "publications_instruction"
        ordering = ["issue", "given_on", "id"]
        verbose_name = "刊物批示"

    def __str__(self) -> str:
        return f"{self.leader_name}批示"
