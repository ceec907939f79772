"""问卷调查 (surveys): staff build a questionnaire (single and multiple choice, scale, text,
required questions, simple branching) for an audience of members (all, chosen sectors or special
committees) or handling units, anonymous or named, open for a period, with reminders; results as
figures, charts and Excel; a survey may serve a consultation's research step.

Anonymity is structural: an anonymous survey's `Response` holds no link to the person (no user,
no member, only the day, and a random key so its row order says nothing); whether someone has
answered is a separate `Participation` row that names no response.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from zhengxie.org.models import Committee, HandlingUnit, Member, Sector, SpecialCommittee
from zhengxie.org.scope import CommitteeScopedQuerySet


class Survey(models.Model):
    """One questionnaire of a committee. Its state: draft (being built) → open → closed."""

    class State(models.TextChoices):
        DRAFT = "draft", "编辑中"
        OPEN = "open", "进行中"
        CLOSED = "closed", "已结束"

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    title = models.CharField("问卷标题", max_length=100)
    description = models.TextField("说明", max_length=2000, blank=True)
    anonymous = models.BooleanField("匿名问卷", default=True)
    # Also (or only) asked of the public through the participation channel's public page, without
    # login; always anonymous.
    public = models.BooleanField("面向社会公众", default=False)
    closes_at = models.DateTimeField("截止时间", db_index=True)
    state = models.CharField("状态", max_length=10, choices=State.choices, default=State.DRAFT)
    consultation = models.ForeignKey(
        "consultations.Consultation",
        verbose_name="用于协商（前期调研）",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    response_count = models.PositiveIntegerField(default=0)
    opened_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]

    def __str__(self) -> str:
        return self.title


class Audience(models.Model):
    """Who is asked: the members of the survey's committee (narrowed to a sector or a special
    committee when set), or the accounts of one handling unit."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="audience")
    sector = models.ForeignKey(Sector, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    special_committee = models.ForeignKey(
        SpecialCommittee, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    unit = models.ForeignKey(HandlingUnit, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        db_table = "surveys_audience"

    def __str__(self) -> str:
        return f"{self.sector_id}/{self.special_committee_id}/{self.unit_id}"


class Question(models.Model):
    """A question. `show_if` + `show_if_choice`: shown (and required) only when that earlier
    single-choice question was answered with that choice (simple branching)."""

    class Kind(models.TextChoices):
        SINGLE = "single", "单选"
        MULTIPLE = "multiple", "多选"
        SCALE = "scale", "量表打分"
        TEXT = "text", "文字回答"

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    number = models.PositiveSmallIntegerField("题号")
    kind = models.CharField("题型", max_length=10, choices=Kind.choices)
    text = models.CharField("题目", max_length=300)
    required = models.BooleanField("必答", default=True)
    choices = models.JSONField("选项", default=list, blank=True)
    scale_max = models.PositiveSmallIntegerField("量表最高分", default=5)
    show_if = models.ForeignKey(
        "self", verbose_name="前置题", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    show_if_choice = models.PositiveSmallIntegerField("前置题选项", null=True, blank=True)

    class Meta:
        ordering = ["survey", "number"]
        constraints = [models.UniqueConstraint(fields=["survey", "number"], name="surveys_question_number")]

    def __str__(self) -> str:
        return f"{self.number}. {self.text}"


class Response(models.Model):
    """One filled-in questionnaire. Anonymous: `respondent` and `member` stay empty and only the
    day is kept."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    submitted_on = models.DateField("填写日期")
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    member = models.ForeignKey(Member, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        indexes = [models.Index(fields=["survey", "submitted_on"], name="surveys_response_day")]

    def __str__(self) -> str:
        return str(self.id)


class Answer(models.Model):
    """One answer: a choice (1-based; a multiple-choice question has one row per ticked choice),
    a scale value, or text. Keyed randomly like the response, so row order links no answer to the
    order in which people answered."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    value = models.PositiveSmallIntegerField(null=True, blank=True)
    text = models.TextField(max_length=2000, blank=True)

    class Meta:
        indexes = [models.Index(fields=["question", "value"], name="surveys_answer_value")]

    def __str__(self) -> str:
        return f"{self.question_id}={self.value or self.text[:20]}"


class Participation(models.Model):
    """That a person has answered (for "已填写", reminders and refusing a second answer). It never
    names the response."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["survey", "user"], name="surveys_answer_once")]

    def __str__(self) -> str:
        return f"{self.user_id}@{self.survey_id}"


class Tally(models.Model):
    """Running counts of a survey's answers, written in the same transaction as each answer, so
    the results read a few rows per question instead of every answer: `value` 0 counts the
    responses that answered the question, `value` n ≥ 1 the answers with choice (or scale point)
    n. The rows are made when the survey opens (its questions are frozen then)."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    value = models.PositiveSmallIntegerField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        db_table = "surveys_tally"
        constraints = [models.UniqueConstraint(fields=["question", "value"], name="surveys_tally_key")]

    def __str__(self) -> str:
        return f"{self.question_id}:{self.value}={self.count}"
