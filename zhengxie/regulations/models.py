"""The committee's regulations library (制度库, seed 002 counts "新建制度16项"): each rule with
its versions — the text, when it was adopted and when it takes effect, whether the version is a
new rule or a revision — so the office can say how many rules it made and revised in a year."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from zhengxie.org.models import Committee
from zhengxie.org.scope import CommitteeScopedQuerySet

USER = settings.AUTH_USER_MODEL


class Regulation(models.Model):
    """A rule of the committee (办法, 规则, 制度); its text lives in its versions."""

    class Category(models.TextChoices):
        MEETINGS = "meetings", "会议制度"
        CONSULTATION = "consultation", "协商议政"
        PROPOSALS = "proposals", "提案工作"
        SUPERVISION = "supervision", "民主监督"
        MEMBERS = "members", "委员管理"
        OFFICE = "office", "机关管理"
        OTHER = "other", "其他"

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    title = models.CharField("制度名称", max_length=200)
    category = models.CharField("类别", max_length=14, choices=Category.choices)
    is_repealed = models.BooleanField("已废止", default=False)
    repealed_on = models.DateField("废止日期", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        db_table = "regulations_regulation"
        ordering = ["-id"]
        verbose_name = "制度"
        constraints = [
            models.UniqueConstraint(fields=["committee", "title"], name="regulations_title_unique")
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("regulations:detail", args=[self.pk])


class Version(models.Model):
    """One version of a rule: its text, document number, adoption and effective dates; the first
    version is a new rule (新建), later ones are revisions (修订)."""

    class Kind(models.TextChoices):
        NEW = "new", "新建"
        REVISED = "revised", "修订"

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    regulation = models.ForeignKey(Regulation, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField("版本")
    kind = models.CharField("类型", max_length=8, choices=Kind.choices)
    doc_number = models.CharField("文号", max_length=60, blank=True)
    adopted_on = models.DateField("通过日期", db_index=True)
    effective_on = models.DateField("施行日期")
    text = models.TextField("正文")
    note = models.CharField("修订说明", max_length=500, blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        db_table = "regulations_version"
        ordering = ["regulation", "-number"]
        verbose_name = "制度版本"
        constraints = [
            models.UniqueConstraint(fields=["regulation", "number"], name="regulations_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.regulation}（第{self.number}版）"
