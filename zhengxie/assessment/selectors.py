"""Reads of assessment that are more than a `get`: a scheme's indicator tree, the raters' progress,
rankings and a subject's score card. Each runs a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from . import formulas
from .models import Assessment, Indicator, Method, Objection, RaterGroup, RaterTask, Scheme, Score, Subject


@dataclass
class Group:
    indicator: Indicator
    children: list[Indicator] = field(default_factory=list)


def tree(scheme: Scheme) -> list[Group]:
    """First-level indicators with their second-level ones, in order (one query)."""
    rows = list(Indicator.objects.filter(scheme=scheme).order_by("order", "id"))
    groups = {r.pk: Group(r) for r in rows if r.parent_id is None}
    for r in rows:
        if r.parent_id is not None and r.parent_id in groups:
            groups[r.parent_id].children.append(r)
    return list(groups.values())


def describe(ind: Indicator) -> str:
    """How an indicator is scored, in words."""
    if ind.method == Method.AUTO:
        found = formulas.FORMULAS.get(ind.formula)
        return f"自动计算：{found.doc}" if found else "自动计算"
    if ind.method == Method.RATING:
        labels = dict(RaterGroup.choices)
        parts = [f"{labels.get(g, g)}{w}%" for g, w in ind.rater_weights.items()]
        return "评议打分：" + "、".join(parts)
    if ind.method == Method.EVIDENCE:
        return "材料审核评分" + (f"：{ind.standard}" if ind.standard else "")
    return ""


def versions(scheme: Scheme) -> QuerySet[Scheme]:
    root = scheme.root_id or scheme.pk
    return Scheme.objects.filter(Q(pk=root) | Q(root_id=root)).order_by("-version")


def deadline_passed(assessment: Assessment, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    end = timezone.make_aware(datetime.combine(assessment.deadline, time.max))
    return now > end


@dataclass
class RaterProgress:
    rater_id: int
    name: str
    group: str
    total: int
    done: int
    late: int

    @property
    def missing(self) -> int:
        return self.total - self.done


def progress(assessment: Assessment) -> list[RaterProgress]:
    """Per rater: tasks, submitted, submitted after the deadline; one grouped query."""
    end = timezone.make_aware(datetime.combine(assessment.deadline, time.max))
    labels = dict(RaterGroup.choices)
    rows = (
        RaterTask.objects.filter(assessment=assessment)
        .order_by()
        .values("rater_id", "rater__display_name", "rater__username", "group")
        .annotate(
            total=Count("id"),
            done=Count("id", filter=Q(state=RaterTask.State.SUBMITTED)),
            late=Count("id", filter=Q(state=RaterTask.State.SUBMITTED, submitted_at__gt=end)),
        )
        .order_by("group", "rater__display_name", "rater_id")
    )
    return [
        RaterProgress(
            r["rater_id"],
            r["rater__display_name"] or r["rater__username"],
            labels.get(r["group"], r["group"]),
            r["total"],
            r["done"],
            r["late"],
        )
        for r in rows
    ]


def ranking(assessment: Assessment) -> QuerySet[Subject]:
    return Subject.objects.filter(assessment=assessment).order_by("rank", "name", "id")


@dataclass
class CardLine:
    indicator: Indicator
    how: str
    score: Score | None
    drillable: bool


@dataclass
class CardGroup:
    indicator: Indicator
    lines: list[CardLine]
    earned: Decimal


@dataclass
class Comment:
    who: str
    group: str
    text: str


def score_card(subject: Subject, *, as_staff: bool) -> dict[str, Any]:
    """The subject's indicators with points, figures and notes, and the raters' comments (names
    only for staff when the scheme keeps ratings anonymous to the subject)."""
    assessment = subject.assessment
    scores = {s.indicator_id: s for s in Score.objects.filter(subject=subject)}
    groups = []
    for g in tree(assessment.scheme):
        lines = [
            CardLine(
                c,
                describe(c),
                scores.get(c.pk),
                c.method == Method.AUTO
                and c.formula in formulas.FORMULAS
                and formulas.object_id(subject) is not None,
            )
            for c in g.children
        ]
        earned = sum((line.score.value or Decimal(0) for line in lines if line.score), Decimal(0))
        groups.append(CardGroup(g.indicator, lines, earned))
    labels = dict(RaterGroup.choices)
    show_names = as_staff or not assessment.scheme.anonymous
    comments = [
        Comment(
            (t.rater.display_name or t.rater.username) if show_names else "",
            labels.get(t.group, t.group),
            t.comment,
        )
        for t in RaterTask.objects.filter(subject=subject, state=RaterTask.State.SUBMITTED)
        .exclude(comment="")
        .select_related("rater")
        .order_by("group", "id")
    ]
    objections = list(Objection.objects.filter(subject=subject).select_related("raised_by", "decided_by"))
    return {"groups": groups, "comments": comments, "objections": objections}


def own_tasks(user: Any, assessment_state: str = Assessment.State.RATING) -> QuerySet[RaterTask]:
    return RaterTask.objects.filter(rater_id=user.pk, assessment__state=assessment_state)
