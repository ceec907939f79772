"""The daily job at scale: rows are handled a batch per transaction, each 催办 item costs a fixed
number of statements however many there are, a rerun does nothing and costs the same whatever
the night handled, and the audit chain verifies after a batched run."""

from __future__ import annotations

from datetime import timedelta

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.personas import Personas
from tests.proposals.helpers import fresh_assignment, signed, today
from zhengxie.audit.models import AuditEvent
from zhengxie.proposals import tasks
from zhengxie.proposals.models import Assignment
from zhengxie.supervision.models import Item

URGE = "提案办理催办"


def _late_shares(p: Personas, n: int, start: int = 0) -> None:
    for i in range(start, start + n):
        share = signed(p, title=f"关于第{i}项工作的建议")
        Assignment.objects.filter(pk=share.pk).update(due_on=today() - timedelta(days=3))
        fresh_assignment(share)


def _run(committee_id: int) -> tuple[dict[str, int], int]:
    with CaptureQueriesContext(connection) as captured:
        done = tasks.close_due_for.call(committee_id)
    return done, len(captured.captured_queries)


def test_each_urge_item_costs_a_fixed_number_of_statements_and_a_rerun_does_nothing(p: Personas) -> None:
    _late_shares(p, 2)
    few, few_cost = _run(p.city.pk)
    assert few["urged"] == 2
    again, rerun_few = _run(p.city.pk)
    assert again == {"submitted": 0, "closed": 0, "urged": 0, "reported": 0}

    _late_shares(p, 6, start=2)
    many, many_cost = _run(p.city.pk)
    assert many["urged"] == 6
    again, rerun_many = _run(p.city.pk)
    assert again["urged"] == 0
    # A rerun only looks: the same few queries whatever the nights before handled.
    assert rerun_few == rerun_many <= 8
    # Per item: the claim, the item's insert, two audited steps, its colour and the unit's red
    # notices — the batch's commit, the audit insert and head, the search index, the year's number
    # and the committee's source and policy are paid once per batch.
    per_item = (many_cost - few_cost) / 4
    assert per_item <= 25, (few_cost, many_cost)
    assert Item.objects.filter(category=URGE).count() == 8


def test_items_of_a_batch_take_consecutive_numbers_of_the_year(p: Personas) -> None:
    _late_shares(p, 3)
    before = Item.objects.filter(committee=p.city).count()
    tasks.close_due.call()
    year = timezone.localdate().year
    numbers = sorted(Item.objects.filter(category=URGE).values_list("number", flat=True))
    assert numbers == sorted(f"督〔{year}〕{before + i}号" for i in (1, 2, 3))


def test_the_audit_chain_verifies_after_a_batched_run(p: Personas, capsys) -> None:
    _late_shares(p, 3)
    tasks.close_due.call()
    opened = AuditEvent.objects.filter(action="supervision.item.registered").count()
    assert opened == 3
    call_command("verify_audit")
    assert "审计日志完整" in capsys.readouterr().out
