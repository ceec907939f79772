"""Liveness of workers and the jobs they leave behind.

django-tasks-db marks a job RUNNING when a worker claims it and never looks at it again: a worker
killed (`kill -9`, a power cut) leaves it RUNNING for ever. Each `manage.py worker` therefore
writes a heartbeat (`WorkerHeartbeat`, keyed by the worker id that django-tasks records on the
jobs it claims) and every worker's loop calls `reclaim_stale`: a RUNNING job whose worker has been
silent for settings.WORKER_LEASE_SECONDS goes back to the queue (jobs are written to be safe to run
twice), or is marked failed after settings.JOB_MAX_RECLAIMS claims so that a job that kills its
worker does not loop. The system administrator sees stuck and failed jobs (`troubled`) and can
requeue one (`requeue`, called by an audited service one row down).
"""

from __future__ import annotations

import logging
import os
import socket
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from .errors import DomainError
from .models import LongTask, WorkerHeartbeat

logger = logging.getLogger("zhengxie.worker")

LONG_TASK_PATH = "zhengxie.lib.longwork.run_long_task"
# What the administrator reads for each job (never the task's dotted path).
JOB_LABELS: dict[str, str] = {
    "zhengxie.notices.tasks.deliver_pending": "发送邮件和短信通知",
    "zhengxie.lib.tasks.check_holiday_calendar": "检查节假日安排",
    "zhengxie.supervision.tasks.refresh_warnings": "刷新督办预警",
    "zhengxie.duty.tasks.remind_standing_reports": "提醒常委提交履职报告",
    "zhengxie.proposals.tasks.close_due": "提案到期办结",
    "zhengxie.proposals.tasks.close_due_fan_out": "提案到期办结（按政协分派）",
    "zhengxie.proposals.tasks.close_due_for": "提案到期办结（一个政协）",
    "zhengxie.assessment.tasks.recompute_open": "重新计算考评自动指标",
    "zhengxie.consultations.tasks.flag_overdue_steps": "标记协商逾期环节",
    "zhengxie.consultations.tasks.remind_invited_members": "提醒受邀委员",
    "zhengxie.learning.tasks.remind_due": "提醒委员完成必修课程",
    "zhengxie.learning.tasks.notify_assigned": "通知委员新的必修课程",
    "zhengxie.consultations.tasks.close_finished_activities": "结束已完成的活动",
    "zhengxie.audit.tasks.anchor_chain_heads": "审计日志链头存证",
    "zhengxie.notices.tasks.remind_required_unread": "提醒委员阅读必读通知",
    "zhengxie.materials.tasks.withdraw_due": "会后收回会议材料",
    "zhengxie.participation.tasks.chase_overdue_micro": "催办逾期的微建议",
    "zhengxie.groups.tasks.announce_group": "通知委员新的议政群",
    "zhengxie.surveys.tasks.tell_audience": "通知和提醒填写问卷",
    "zhengxie.plenary.tasks.tell_call_invitees": "通知委员大会发言征集",
    "zhengxie.exchange.tasks.purge_expired": "清理超过保存期限的交流消息",
    "zhengxie.assessment.tasks.score_quality_ratings": "提案质量评价计入委员履职积分",
    LONG_TASK_PATH: "耗时操作",
    "zhengxie.consultations.tasks.flag_overdue_trip_reports": "催报逾期的视察调研报告",
    "zhengxie.proposals.tasks.tell_topics_published": "通知委员提案选题已发布",
}
WORKER_LOST = "zhengxie.lib.jobs.WorkerLost"
# Chinese summaries of the errors a job may end with; the traceback stays in the server's log.
ERROR_SUMMARIES: dict[str, str] = {
    WORKER_LOST: "执行该任务的后台进程多次意外终止",
    "django.db.utils.OperationalError": "数据库暂时不可用",
    "django.db.utils.InterfaceError": "数据库连接中断",
    "zhengxie.lib.errors.DomainError": "业务规则不允许",
}


class WorkerLost(Exception):
    """A job's worker stopped beating too often: the job is not requeued again."""


def new_worker_id() -> str:
    return f"{socket.gethostname()}-{os.getpid()}-{os.urandom(3).hex()}"[:64]


def beat(worker_id: str, *, now: datetime | None = None) -> None:
    """Say that `worker_id` is alive."""
    now = now or timezone.now()
    if not WorkerHeartbeat.objects.filter(worker_id=worker_id).update(beat_at=now):
        WorkerHeartbeat.objects.create(
            worker_id=worker_id, hostname=socket.gethostname()[:255], pid=os.getpid(), beat_at=now
        )


def forget(worker_id: str) -> None:
    """A worker that stops cleanly removes its heartbeat (its jobs finished)."""
    WorkerHeartbeat.objects.filter(worker_id=worker_id).delete()


def reclaim_stale(*, now: datetime | None = None) -> list[str]:
    """Requeue (or fail, past the limit) RUNNING jobs whose worker's heartbeat is stale; returns
    their ids. Safe to run in several workers at once: each change is a conditional UPDATE."""
    now = now or timezone.now()
    cutoff = now - timedelta(seconds=settings.WORKER_LEASE_SECONDS)
    alive = set(WorkerHeartbeat.objects.filter(beat_at__gt=cutoff).values_list("worker_id", flat=True))
    changed = []
    for job in DBTaskResult.objects.running().filter(Q(started_at__lt=cutoff) | Q(started_at__isnull=True)):
        if job.worker_ids and job.worker_ids[-1] in alive:
            continue
        unchanged = DBTaskResult.objects.filter(
            pk=job.pk, status=TaskResultStatus.RUNNING, started_at=job.started_at
        )
        if len(job.worker_ids) >= settings.JOB_MAX_RECLAIMS:
            done = unchanged.update(
                status=TaskResultStatus.FAILED,
                finished_at=now,
                exception_class_path=WORKER_LOST,
                traceback=f"worker {job.worker_ids[-1] if job.worker_ids else '?'} lost; claimed "
                f"{len(job.worker_ids)} times",
            )
            what = "failed"
        else:
            done = unchanged.update(status=TaskResultStatus.READY, started_at=None)
            what = "requeued"
        if done:
            logger.warning("job %s (%s) of a dead worker %s", job.pk, job.task_path, what)
            changed.append(str(job.pk))
    WorkerHeartbeat.objects.filter(beat_at__lt=now - timedelta(days=1)).delete()
    return changed


@dataclass
class TroubledJob:
    id: str
    label: str
    state: str
    enqueued_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    error: str


def _label(job: DBTaskResult, long_tasks: dict[int, LongTask]) -> str:
    if job.task_path == LONG_TASK_PATH:
        args = job.args_kwargs.get("args") or []
        long_task = long_tasks.get(args[0]) if args else None
        if long_task is not None:
            return long_task.label
    return JOB_LABELS.get(job.task_path, "后台任务")


def troubled(
    *, committee_id: int | None = None, now: datetime | None = None, limit: int = 100
) -> list[TroubledJob]:
    """Failed jobs and jobs RUNNING without a live worker, newest first (a fixed number of
    queries). Long tasks of other committees than `committee_id` are left out; the periodic jobs
    serve the whole deployment and carry no data, so every system administrator sees them."""
    now = now or timezone.now()
    cutoff = now - timedelta(seconds=settings.WORKER_LEASE_SECONDS)
    alive = set(WorkerHeartbeat.objects.filter(beat_at__gt=cutoff).values_list("worker_id", flat=True))
    jobs = list(
        DBTaskResult.objects.filter(
            Q(status=TaskResultStatus.FAILED) | Q(status=TaskResultStatus.RUNNING, started_at__lt=cutoff)
        )
        .defer("return_value")
        .order_by("-enqueued_at")[: limit * 2]
    )
    jobs = [
        j
        for j in jobs
        if j.status == TaskResultStatus.FAILED or not (j.worker_ids and j.worker_ids[-1] in alive)
    ]
    ids = [
        j.args_kwargs["args"][0] for j in jobs if j.task_path == LONG_TASK_PATH and j.args_kwargs.get("args")
    ]
    long_tasks = LongTask.objects.in_bulk(ids)
    if committee_id is not None:
        jobs = [j for j in jobs if not _other_committee(j, long_tasks, committee_id)]
    rows = []
    for job in jobs[:limit]:
        if job.status == TaskResultStatus.FAILED:
            state = "失败"
            error = ERROR_SUMMARIES.get(job.exception_class_path, "程序出错，详情见服务器日志")
            args = job.args_kwargs.get("args") or []
            if (
                job.task_path == LONG_TASK_PATH
                and args
                and args[0] in long_tasks
                and long_tasks[args[0]].error
            ):
                error = long_tasks[args[0]].error
        else:
            state, error = "卡住（执行它的后台进程已无响应）", ""
        rows.append(
            TroubledJob(
                str(job.pk),
                _label(job, long_tasks),
                state,
                job.enqueued_at,
                job.started_at,
                job.finished_at,
                error,
            )
        )
    return rows


def _other_committee(job: DBTaskResult, long_tasks: dict[int, LongTask], committee_id: int) -> bool:
    args = job.args_kwargs.get("args") or []
    if job.task_path != LONG_TASK_PATH or not args:
        return False
    long_task = long_tasks.get(args[0])
    return long_task is not None and long_task.committee_id not in (None, committee_id)


def requeue(job_id: Any) -> DBTaskResult:
    """Put a failed or stuck job back in the queue (the caller audits). Raises DomainError when the
    job is neither."""
    try:
        job = DBTaskResult.objects.get(pk=job_id)
    except (DBTaskResult.DoesNotExist, ValueError, TypeError) as exc:
        raise DomainError("没有找到该任务") from exc
    if job.status not in (TaskResultStatus.FAILED, TaskResultStatus.RUNNING):
        raise DomainError("该任务已在排队或已完成，无需重试")
    updated = DBTaskResult.objects.filter(pk=job.pk, status=job.status, started_at=job.started_at).update(
        status=TaskResultStatus.READY, started_at=None, finished_at=None, run_after=timezone.now()
    )
    if not updated:
        raise DomainError("此任务已被他人处理，请刷新")
    if job.task_path == LONG_TASK_PATH and job.args_kwargs.get("args"):
        LongTask.objects.filter(pk=job.args_kwargs["args"][0], state=LongTask.State.FAILED).update(
            state=LongTask.State.QUEUED, error=""
        )
    job.refresh_from_db()
    return job


def reclaim_own(worker_id: str) -> int:
    """Between batches this worker runs nothing: a job still RUNNING under its id was left by a
    batch that broke off (a database error while recording the result). Requeue it."""
    count = 0
    for job in DBTaskResult.objects.running().only("pk", "worker_ids", "started_at"):
        if job.worker_ids and job.worker_ids[-1] == worker_id:
            count += DBTaskResult.objects.filter(
                pk=job.pk, status=TaskResultStatus.RUNNING, started_at=job.started_at
            ).update(status=TaskResultStatus.READY, started_at=None)
    return count
