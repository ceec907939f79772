"""The daily job: joint proposals past their co-signing period go in, replied proposals past
their rating period without dissatisfaction are closed — once, however often it runs."""

from __future__ import annotations

import threading
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tests.personas import Personas
from tests.proposals.conftest import complete_data
from tests.proposals.factories import replied_proposal
from zhengxie.audit.models import AuditEvent
from zhengxie.proposals import tasks
from zhengxie.proposals.models import Proposal, ProposerKind, Rating
from zhengxie.proposals.services import submission as sub
from zhengxie.proposals.services.evaluation import close_after_rating

P = Proposal.State


def _past(p: Personas, **kwargs) -> Proposal:
    return replied_proposal(p, rating_until=timezone.localdate() - timedelta(days=1), **kwargs)


def test_job_closes_once_when_run_twice(p: Personas) -> None:
    proposal = _past(p)
    assert tasks.close_due.call() == {"submitted": 0, "closed": 1, "urged": 0, "reported": 0}
    assert tasks.close_due.call() == {"submitted": 0, "closed": 0, "urged": 0, "reported": 0}
    proposal.refresh_from_db()
    assert proposal.state == P.CLOSED
    assert AuditEvent.objects.filter(action="proposals.proposal.closed").count() == 1


def test_job_leaves_open_periods_and_dissatisfied_proposals(p: Personas) -> None:
    still_open = replied_proposal(p, rating_until=timezone.localdate())
    unhappy = _past(p, title="关于乙的建议")
    Rating.objects.create(
        committee=p.city,
        proposal=unhappy,
        member=p.member_wang_record,
        work="basic",
        result="dissatisfied",
        comment="未解决",
        by=p.member_wang,
    )
    assert tasks.close_due.call()["closed"] == 0
    assert set(Proposal.objects.values_list("state", flat=True)) == {P.REPLIED}
    assert still_open.pk != unhappy.pk


def test_job_submits_joint_proposals_after_the_cosigning_period(p: Personas, zhao) -> None:
    data = complete_data(kind=ProposerKind.JOINT, cosigners=[zhao[1]])
    draft = sub.proposal_create(committee_id=p.city.pk, by=p.member_wang, data=data)
    sub.proposal_submit(proposal=draft, by=p.member_wang)
    Proposal.objects.filter(pk=draft.pk).update(cosign_until=timezone.localdate() - timedelta(days=1))
    assert tasks.close_due.call()["submitted"] == 1
    assert tasks.close_due.call()["submitted"] == 0
    draft.refresh_from_db()
    assert draft.state == P.SUBMITTED


def test_two_workers_holding_the_same_row_close_it_once(p: Personas) -> None:
    proposal = _past(p)
    first, second = (Proposal.objects.get(pk=proposal.pk) for _ in range(2))  # both read before either wrote
    assert close_after_rating(proposal=first) is True
    assert close_after_rating(proposal=second) is False
    assert AuditEvent.objects.filter(action="proposals.proposal.closed").count() == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs two real connections (PostgreSQL)")
def test_two_workers_at_once_close_each_proposal_once(transactional_db: None, p: Personas) -> None:
    for i in range(6):
        _past(p, title=f"关于第{i}项的建议")
    barrier = threading.Barrier(2)
    outcomes: list[Any] = []

    def work() -> None:
        try:
            barrier.wait()
            outcomes.append(tasks.close_due.call()["closed"])
        except Exception as exc:  # shown in the assertion below
            outcomes.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=work) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(outcomes) == 6
    assert AuditEvent.objects.filter(action="proposals.proposal.closed").count() == 6
    assert set(Proposal.objects.values_list("state", flat=True)) == {P.CLOSED}


def test_the_scheduled_job_shares_the_night_out_one_job_per_committee(p: Personas) -> None:
    """The scheduler's entry enqueues a job for each committee with due work; each job handles
    only its committee's rows, and a job run twice moves nothing twice."""
    proposal = _past(p)
    assert tasks.committees_with_due_work() == [p.city.pk]
    assert tasks.close_due_fan_out.call() == {"committees": 1}
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "zhengxie.proposals.tasks.close_due_for"
    assert queued.args_kwargs["args"] == [p.city.pk]
    assert tasks.close_due_for.call(p.county_a.pk)["closed"] == 0
    assert tasks.close_due_for.call(p.city.pk)["closed"] == 1
    assert tasks.close_due_for.call(p.city.pk)["closed"] == 0
    proposal.refresh_from_db()
    assert proposal.state == P.CLOSED
    assert tasks.committees_with_due_work() == []
