"""Synthetic consultations for `manage.py seed` (benchmarks): per committee this year's approved
plan, twelve consultations spread over the eight steps (those in 制定方案 with a work plan
waiting for review, the archived ones in the case library, half of them shared), and forty
activities of the year with about thirty invited members each — attendance recorded, the present
members' attendance points in the duty ledger, and a report owed for every held standalone
inspection or research trip (most submitted). Rows are bulk-created (no audit events: benchmark data, not anyone's
action); the seeded staff account of each committee also becomes its activity staff."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from zhengxie.duty.models import PointEntry, Rule
from zhengxie.lib import workdays
from zhengxie.org.models import Member, RoleAssignment
from zhengxie.org.roles import Role

from . import config
from .models import Activity, Case, Consultation, Invitation, Plan, Review, Step, Topic, TripReport

BATCH = 5000
CONSULTATIONS = 12
ACTIVITIES = 40
INVITED = 30
TOPICS = ("城市更新", "营商环境", "乡村振兴", "生态保护", "养老服务", "义务教育", "就业创业", "数字政府")
KINDS = [k.value for k in Activity.Kind]
PLACES = ("政协三楼会议室", "政协一楼报告厅", "委员之家", "党校礼堂")
# attendance -> weight; present mostly.
ATTENDANCE = (("present", 8), ("excused", 1), ("unexcused", 1))


def seed(result: Any, rng: random.Random) -> None:
    staff = dict(
        RoleAssignment.objects.filter(
            committee__in=result.committees,
            role=Role.PROPOSAL_STAFF,
            user__username__in=result.staff_usernames,
        ).values_list("committee_id", "user_id")
    )
    today = timezone.localdate()
    year = today.year
    steps = [s.value for s in Step]
    activity_type = ContentType.objects.get_for_model(Activity)
    with transaction.atomic():
        RoleAssignment.objects.bulk_create(
            (RoleAssignment(user_id=u, committee_id=c, role=Role.ACTIVITY_STAFF) for c, u in staff.items()),
            batch_size=BATCH,
        )
        committee_ids = [c.pk for c in result.committees if c.pk in staff]
        Plan.objects.bulk_create(
            Plan(
                committee_id=c, year=year, title=f"{year}年度协商计划", state=Plan.State.APPROVED,
                approved_at=timezone.now(), created_by_id=staff[c],
            )
            for c in committee_ids
        )  # fmt: skip
        plan_ids = dict(
            Plan.objects.filter(committee_id__in=committee_ids, year=year).values_list("committee_id", "id")
        )
        forms = {c: config.forms_for(c) for c in committee_ids}
        for c in committee_ids:
            config.step_rules(c)
        topics = [
            Topic(
                committee_id=c, plan_id=plan_ids[c], title=f"{TOPICS[i % len(TOPICS)]}专题协商（{i + 1}）",
                source_kind=Topic.SourceKind.OTHER, state=Topic.State.INCLUDED, form=forms[c][i % len(forms[c])],
                planned_month=(i % 12) + 1, submitted_by_id=staff[c],
            )
            for c in committee_ids
            for i in range(CONSULTATIONS)
        ]  # fmt: skip
        Topic.objects.bulk_create(topics, batch_size=BATCH)
        consultations = []
        for t in topics:
            i = int(t.title.rsplit("（", 1)[1].rstrip("）")) - 1
            consultations.append(
                Consultation(
                    committee_id=t.committee_id, plan_id=t.plan_id, topic=t, title=t.title, form=t.form,
                    meeting_on=date(year, t.planned_month or 1, 15), state=steps[i % len(steps)],
                    step_started_on=today - timedelta(days=rng.randint(0, 40)),
                    due_on=today + timedelta(days=rng.randint(-10, 60)) if i % len(steps) != 7 else None,
                    created_by_id=staff[t.committee_id],
                )
            )  # fmt: skip
        Consultation.objects.bulk_create(consultations, batch_size=BATCH)
        _gates_and_cases(consultations, staff, rng)
        _activities(committee_ids, staff, year, rng, activity_type)


def _activities(
    committee_ids: list[int], staff: dict[int, int], year: int, rng: random.Random, activity_type: ContentType
) -> None:
    now = timezone.now()
    first = timezone.make_aware(datetime.combine(date(year, 1, 6), time(9)))
    span = max((now - first).days + 60, 1)
    rows = []
    for c in committee_ids:
        for i in range(ACTIVITIES):
            starts = first + timedelta(days=rng.randint(0, span))
            rows.append(
                Activity(
                    committee_id=c, kind=KINDS[i % len(KINDS)], title=f"{TOPICS[i % len(TOPICS)]}{Activity.Kind(KINDS[i % len(KINDS)]).label}",
                    starts_at=starts, ends_at=starts + timedelta(hours=3), place=PLACES[i % len(PLACES)],
                    state=Activity.State.HELD if starts < now else Activity.State.PLANNED, created_by_id=staff[c],
                )
            )  # fmt: skip
    Activity.objects.bulk_create(rows, batch_size=BATCH)
    members: dict[int, list[int]] = {}
    for member_id, c in (
        Member.objects.filter(committee_id__in=committee_ids, is_active=True)
        .order_by("id")
        .values_list("id", "committee_id")
    ):
        members.setdefault(c, []).append(member_id)
    rules = {
        (c, code): (pk, points)
        for c, code, pk, points in Rule.objects.filter(
            committee_id__in=committee_ids, year=year, code__in=["M04", "A01", "L01", "M01", "M03"]
        ).values_list("committee_id", "code", "id", "points")
    }
    duty_code = {
        "plenary": "M01",
        "standing": "M03",
        "inspection": "A01",
        "research": "A01",
        "training": "L01",
        "reading": "L01",
    }
    statuses = [s for s, _ in ATTENDANCE]
    weights = [w for _, w in ATTENDANCE]
    invitations: list[Invitation] = []
    entries: list[PointEntry] = []
    for a in rows:
        pool = members.get(a.committee_id, [])
        held = a.state == Activity.State.HELD
        for member_id in rng.sample(pool, min(INVITED, len(pool))):
            status = rng.choices(statuses, weights)[0] if held else ""
            invitations.append(
                Invitation(
                    committee_id=a.committee_id, activity=a, member_id=member_id,
                    reply=Invitation.Reply.REGISTERED, attendance=status,
                    signed_in_at=a.starts_at if status == "present" else None,
                )
            )  # fmt: skip
            rule = rules.get((a.committee_id, duty_code.get(a.kind, "M04")))
            if status == "present" and rule is not None:
                entries.append(
                    PointEntry(
                        committee_id=a.committee_id, member_id=member_id, rule_id=rule[0], year=year, points=rule[1],
                        quantity=1, source_type=activity_type, source_id=a.pk, recorded_at=a.starts_at,
                    )
                )  # fmt: skip
        if len(invitations) >= BATCH:
            Invitation.objects.bulk_create(invitations, batch_size=BATCH)
            PointEntry.objects.bulk_create(entries, batch_size=BATCH)
            invitations, entries = [], []
    Invitation.objects.bulk_create(invitations, batch_size=BATCH)
    PointEntry.objects.bulk_create(entries, batch_size=BATCH)
    _trip_reports(rows, staff, rng)


def _gates_and_cases(consultations: list[Consultation], staff: dict[int, int], rng: random.Random) -> None:
    now = timezone.now()
    Review.objects.bulk_create(
        (
            Review(
                committee_id=c.committee_id, consultation=c, kind=Review.Kind.SCHEME, reviewer_id=staff[c.committee_id],
                requested_by_id=staff[c.committee_id], requested_at=now,
            )
            for c in consultations
            if c.state == Step.SCHEME
        ),
        batch_size=BATCH,
    )  # fmt: skip
    Case.objects.bulk_create(
        (
            Case(
                committee_id=c.committee_id, consultation=c, title=f"{c.title}案例", summary="专题调研、座谈协商。",
                outcome="形成建议案一份。", effect="主要建议被党委政府采纳。", shared=rng.random() < 0.5,
                selected_by_id=staff[c.committee_id],
            )
            for c in consultations
            if c.state == Step.ARCHIVED
        ),
        batch_size=BATCH,
    )  # fmt: skip


def _trip_reports(activities: list[Activity], staff: dict[int, int], rng: random.Random) -> None:
    due: dict[date, date] = {}
    reports = []
    for a in activities:
        if a.state != Activity.State.HELD or a.kind not in (Activity.Kind.INSPECTION, Activity.Kind.RESEARCH):
            continue
        ended = timezone.localtime(a.ends_at).date()
        if ended not in due:
            due[ended] = workdays.add_working_days(ended, 5)
        submitted = rng.random() < 0.8
        reports.append(
            TripReport(
                committee_id=a.committee_id, activity=a, due_on=due[ended],
                title=f"{a.title}报告" if submitted else "", body="一、基本情况\n二、意见建议" if submitted else "",
                submitted_at=a.ends_at + timedelta(days=3) if submitted else None,
                submitted_by_id=staff[a.committee_id] if submitted else None,
            )
        )  # fmt: skip
    TripReport.objects.bulk_create(reports, batch_size=BATCH)
