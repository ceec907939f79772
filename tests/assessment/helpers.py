"""Fixtures of assessment tests: a year of proposal records whose figures are computed by hand."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.utils import timezone

from tests.personas import Personas
from zhengxie.assessment import services
from zhengxie.assessment.models import Assessment, Scheme, SubjectKind
from zhengxie.org.models import HandlingUnit, Term
from zhengxie.proposals.models import Assignment, Contact, Proposal, Rating

YEAR = 2025


def at(day: date) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, 10))


def proposal(p: Personas, n: int, *, result: str = "A", followup: str = "") -> Proposal:
    return Proposal.objects.create(
        committee=p.city,
        term=Term.objects.get(committee=p.city),
        year=YEAR,
        number=f"14-1-{n:03d}",
        proposer=p.member_wang_record,
        proposer_name="王建国",
        title=f"关于第{n}件事的提案",
        state=Proposal.State.CLOSED,
        result=result,
        followup_result=followup,
        created_by=p.member_wang,
    )


def assign(
    p: Personas, prop: Proposal, unit: HandlingUnit, *, due: date, replied: date | None, role: str = "lead"
) -> Assignment:
    return Assignment.objects.create(
        committee=p.city,
        proposal=prop,
        unit=unit,
        role=role,
        state=Assignment.State.REPLIED if replied else Assignment.State.HANDLING,
        due_on=due,
        replied_at=at(replied) if replied else None,
    )


def contact(p: Personas, a: Assignment, stage: str = "before") -> Contact:
    return Contact.objects.create(
        committee=p.city,
        proposal=a.proposal,
        assignment=a,
        stage=stage,
        mode="phone",
        on=date(YEAR, 3, 1),
        participants="王建国",
        notes="电话沟通",
        recorded_by=p.unit_clerk,
    )


def rating(p: Personas, prop: Proposal, work: str, result: str) -> Rating:
    return Rating.objects.create(
        committee=p.city,
        proposal=prop,
        member=p.member_wang_record,
        work=work,
        result=result,
        by=p.member_wang,
    )


def unit_records(p: Personas) -> HandlingUnit:
    """住建局 (p.unit) leads 4 proposals of the year and co-handles 1; 交通局 leads 1.

    - on time: #1 (replied before due), #2 (on the due day); late: #3 (after due); #4 unanswered
      → 按期答复 2/4;
    - contacts: #1 before, #2 during, co-handled #5 before → 有沟通 3/5, 办前 2/5;
    - ratings: #1 满意/满意 (20 tenths), #2 基本满意/不满意 (6) → 26/40 = 65%;
    - B class: #2 (verified), #3 (not) → 1/2.
    """
    other = HandlingUnit.objects.create(committee=p.city, name="市交通运输局")
    due = date(YEAR, 6, 30)
    p1, p2, p3, p4, p5 = (proposal(p, n) for n in range(1, 6))
    Proposal.objects.filter(pk=p2.pk).update(result="B", followup_result="已完成改造")
    Proposal.objects.filter(pk=p3.pk).update(result="B")
    a1 = assign(p, p1, p.unit, due=due, replied=date(YEAR, 5, 1))
    a2 = assign(p, p2, p.unit, due=due, replied=due)
    assign(p, p3, p.unit, due=due, replied=date(YEAR, 7, 15))
    assign(p, p4, p.unit, due=due, replied=None)
    assign(p, p5, other, due=due, replied=date(YEAR, 5, 1))
    a5co = assign(p, p5, p.unit, due=due, replied=None, role="co")
    contact(p, a1, "before")
    contact(p, a2, "during")
    contact(p, a5co, "before")
    rating(p, p1, "satisfied", "satisfied")
    rating(p, p2, "basic", "dissatisfied")
    # A proposal of another year does not count.
    old = proposal(p, 99)
    Proposal.objects.filter(pk=old.pk).update(year=YEAR - 1)
    assign(p, old, p.unit, due=date(YEAR - 1, 6, 30), replied=None)
    return other


def unit_scheme(p: Personas) -> Scheme:
    services.schemes_create_defaults(committee=p.city, year=YEAR, by=p.proposal_staff)
    return Scheme.objects.get(committee=p.city, year=YEAR, kind=SubjectKind.UNIT, is_current=True)


def open_units(p: Personas, **kwargs: Any) -> Assessment:
    scheme = unit_scheme(p)
    return services.assessment_open(
        committee=p.city,
        scheme=scheme,
        year=YEAR,
        title="2025年度提案办理考核",
        deadline=timezone.localdate(),
        by=p.proposal_staff,
        **kwargs,
    )
