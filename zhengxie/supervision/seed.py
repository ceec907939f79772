"""Synthetic supervision items for `manage.py seed` (benchmarks): about 120 items per committee in
every state of the workflow, with progress reports, then one run of the warning job so that the
colours are real. Rows are bulk-created; the seeded staff account of each committee also becomes
its supervision office."""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from zhengxie.org.models import HandlingUnit, RoleAssignment
from zhengxie.org.roles import Role

from . import config, warnings
from .models import Item, ProgressReport, ReportCycle

BATCH = 2000
ITEMS_PER_COMMITTEE = 120
S = Item.State
STATES = (
    [S.DRAFT, S.REGISTERED] + [S.ISSUED] * 2 + [S.IN_PROGRESS] * 8 + [S.VERIFYING, S.DONE] + [S.CLOSED] * 5
)
VERBS = ("推进", "落实", "督促", "跟踪", "办理", "完成")
TOPICS = (
    "城市更新",
    "营商环境",
    "乡村振兴",
    "生态保护",
    "养老服务",
    "义务教育",
    "就业创业",
    "交通治堵",
    "医疗改革",
    "文旅融合",
)


def seed(result: Any, rng: random.Random) -> None:
    user_model_ids = dict(
        RoleAssignment.objects.filter(
            committee__in=result.committees,
            role=Role.PROPOSAL_STAFF,
            user__username__in=result.staff_usernames,
        ).values_list("committee_id", "user_id")
    )
    now = timezone.now()
    today = timezone.localdate()
    with transaction.atomic():
        RoleAssignment.objects.bulk_create(
            (
                RoleAssignment(user_id=u, committee_id=c, role=Role.SUPERVISION_STAFF)
                for c, u in user_model_ids.items()
            ),
            batch_size=BATCH,
        )
        items: list[Item] = []
        for committee in result.committees:
            units = list(
                HandlingUnit.objects.filter(committee=committee).order_by("pk").values_list("pk", flat=True)
            )
            sources = config.sources_for(committee.pk)
            if not units:
                continue
            for n in range(1, ITEMS_PER_COMMITTEE + 1):
                state = rng.choice(STATES)
                issued = now - timedelta(days=rng.randint(5, 300))
                due = today + timedelta(days=rng.randint(-20, 120))
                finished = state in (S.DONE, S.CLOSED)
                items.append(
                    Item(
                        committee_id=committee.pk,
                        number=f"督〔{today.year}〕{n}号",
                        title=f"{rng.choice(VERBS)}{rng.choice(TOPICS)}重点任务第{n}项",
                        content="按照年度工作要点分解落实。",
                        source=rng.choice(sources),
                        due_on=due,
                        original_due_on=due - timedelta(days=rng.choice((0, 0, 0, 30))),
                        lead_unit_id=rng.choice(units),
                        report_cycle=ReportCycle.MONTHLY,
                        next_report_on=today + timedelta(days=rng.randint(-10, 25))
                        if state == S.IN_PROGRESS
                        else None,
                        state=state,
                        progress=100 if finished else rng.randint(0, 90),
                        created_by_id=user_model_ids[committee.pk],
                        issued_at=issued if state not in (S.DRAFT, S.REGISTERED) else None,
                        signed_at=issued + timedelta(days=1)
                        if state not in (S.DRAFT, S.REGISTERED, S.ISSUED)
                        else None,
                        done_at=issued + timedelta(days=rng.randint(20, 200)) if finished else None,
                    )
                )
        Item.objects.bulk_create(items, batch_size=BATCH)
        reports = [
            ProgressReport(
                committee_id=i.committee_id,
                item_id=i.pk,
                percent=i.progress,
                text="按计划推进，已完成阶段性任务。",
                reported_by_id=user_model_ids[i.committee_id],
            )
            for i in Item.objects.filter(committee__in=result.committees, state=S.IN_PROGRESS)
            .order_by("id")
            .only("id", "committee_id", "progress")
        ]
        ProgressReport.objects.bulk_create(reports, batch_size=BATCH)
    warnings.refresh(
        items=Item.objects.filter(committee__in=result.committees, state__in=warnings.WATCHED)
        .only(*warnings.BOARD_FIELDS)
        .order_by("id")
        .iterator(chunk_size=BATCH)
    )
