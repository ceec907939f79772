"""Reads of the participation app: the lists behind each role's page and home-page task, the
figures per handling unit and per studio. Each is one query however many rows there are."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone

from zhengxie.org.scope import unit_ids

from .models import Contribution, MicroSuggestion, Reception, Studio
from .permissions import is_office, micro_visible, receptions_visible

S = MicroSuggestion.State
LIST_RELATED = ("member__person", "unit")


def mine(user: Any, committee_id: int) -> QuerySet[MicroSuggestion]:
    return MicroSuggestion.objects.filter(
        committee_id=committee_id, member__person__user_id=user.pk
    ).select_related(*LIST_RELATED)


def to_screen(user: Any, committee_id: int) -> QuerySet[MicroSuggestion]:
    return (
        micro_visible(user).filter(committee_id=committee_id, state=S.SUBMITTED).select_related(*LIST_RELATED)
    )


def to_answer(user: Any, committee_id: int) -> QuerySet[MicroSuggestion]:
    return MicroSuggestion.objects.filter(
        committee_id=committee_id, unit_id__in=unit_ids(user, committee_id), state=S.ROUTED
    ).select_related(*LIST_RELATED)


def to_rate(user: Any, committee_id: int) -> QuerySet[MicroSuggestion]:
    return mine(user, committee_id).filter(state=S.ANSWERED)


def unit_all(user: Any, committee_id: int) -> QuerySet[MicroSuggestion]:
    return (
        MicroSuggestion.objects.filter(committee_id=committee_id, unit_id__in=unit_ids(user, committee_id))
        .exclude(state=S.SUBMITTED)
        .select_related(*LIST_RELATED)
    )


def office_list(
    user: Any, committee_id: int, state: str = "", overdue: bool = False
) -> QuerySet[MicroSuggestion]:
    rows = micro_visible(user).filter(committee_id=committee_id).select_related(*LIST_RELATED)
    if state in S.values:
        rows = rows.filter(state=state)
    if overdue:
        rows = rows.filter(state=S.ROUTED, answer_due_on__lt=timezone.localdate())
    return rows


@dataclass
class UnitFigures:
    unit: str
    routed: int
    answered: int
    on_time: int
    overdue_open: int
    rated: int
    satisfied: int
    basic: int

    @property
    def on_time_rate(self) -> str:
        return f"{self.on_time * 100 // self.answered}%" if self.answered else "—"

    @property
    def satisfaction_rate(self) -> str:
        return f"{(self.satisfied + self.basic) * 100 // self.rated}%" if self.rated else "—"


def unit_figures(committee_id: int, year: int) -> list[UnitFigures]:
    """Per handling unit this year: routed, answered, answered on time, open past due, rated and
    satisfied (满意 and 基本满意)."""
    today = timezone.localdate()
    answered = Q(state__in=[S.ANSWERED, S.RATED])
    rows = (
        MicroSuggestion.objects.filter(committee_id=committee_id, unit__isnull=False, routed_at__year=year)
        .annotate(answered_day=TruncDate("answered_at"))
        .values("unit_id", "unit__name")
        .annotate(
            routed=Count("id"),
            answered=Count("id", filter=answered),
            on_time=Count("id", filter=answered & Q(answered_day__lte=F("answer_due_on"))),
            overdue_open=Count("id", filter=Q(state=S.ROUTED, answer_due_on__lt=today)),
            rated=Count("id", filter=Q(state=S.RATED)),
            satisfied=Count("id", filter=Q(rating=MicroSuggestion.Rating.SATISFIED)),
            basic=Count("id", filter=Q(rating=MicroSuggestion.Rating.BASIC)),
        )
        .order_by("unit__name")
    )
    return [
        UnitFigures(
            unit=r["unit__name"],
            routed=r["routed"],
            answered=r["answered"],
            on_time=r["on_time"],
            overdue_open=r["overdue_open"],
            rated=r["rated"],
            satisfied=r["satisfied"],
            basic=r["basic"],
        )
        for r in rows
    ]


def studios_with_figures(qs: QuerySet[Studio], year: int) -> QuerySet[Studio]:
    """Studios with this year's receptions, those solved on the spot and those carried on."""
    this_year = Q(receptions__received_on__year=year)
    carried = [Reception.Outcome.MICRO, Reception.Outcome.OPINION, Reception.Outcome.PROPOSAL]
    return qs.annotate(
        received=Count("receptions", filter=this_year),
        solved=Count("receptions", filter=this_year & Q(receptions__outcome=Reception.Outcome.SOLVED)),
        carried=Count("receptions", filter=this_year & Q(receptions__outcome__in=carried)),
        open=Count("receptions", filter=this_year & Q(receptions__outcome=Reception.Outcome.OPEN)),
    ).order_by("id")


def my_receptions(user: Any, committee_id: int) -> QuerySet[Reception]:
    return Reception.objects.filter(
        committee_id=committee_id, member__person__user_id=user.pk
    ).select_related("studio")


def open_receptions(user: Any, committee_id: int) -> QuerySet[Reception]:
    return my_receptions(user, committee_id).filter(outcome=Reception.Outcome.OPEN)


def studio_receptions(user: Any, studio: Studio) -> QuerySet[Reception]:
    return receptions_visible(user).filter(studio=studio).select_related("member__person")


def to_moderate(user: Any, committee_id: int) -> QuerySet[Contribution]:
    """Contributions of the committee's campaigns waiting for the office's moderation."""
    if not is_office(user, committee_id):
        return Contribution.objects.none()
    return Contribution.objects.filter(
        committee_id=committee_id, state=Contribution.State.PENDING
    ).select_related("campaign", "member__person")
