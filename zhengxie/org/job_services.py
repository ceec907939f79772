"""The system administrator's retry of a failed or stuck background job (lib.jobs), audited."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from zhengxie.audit.services import record
from zhengxie.lib.errors import DomainError
from zhengxie.lib.jobs import requeue, troubled


def job_retry(*, job_id: str, committee_id: int, by: Any) -> str:
    """Put a job the administrator can see back in the queue; returns its Chinese name."""
    shown = {row.id: row for row in troubled(committee_id=committee_id)}
    if job_id not in shown:
        raise DomainError("没有找到该任务，它可能已被重新排队或已完成")
    with transaction.atomic():
        requeue(job_id)
        record(
            action="lib.job.retried",
            by=by,
            committee_id=committee_id,
            data={"job": job_id, "label": shown[job_id].label, "state": shown[job_id].state},
        )
    return shown[job_id].label
