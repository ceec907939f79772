"""The worker's reliability: jobs of dead workers are taken back, database errors are survived,
and the supervisor starts a worker again when it dies."""

from __future__ import annotations

import signal
from datetime import timedelta
from typing import Any

import pytest
from django.db import OperationalError
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from zhengxie.lib import jobs
from zhengxie.lib.management.commands import worker
from zhengxie.lib.tasks import check_holiday_calendar


def _running(worker_ids: list[str], minutes_ago: int = 10) -> DBTaskResult:
    result = check_holiday_calendar.enqueue()
    DBTaskResult.objects.filter(pk=result.id).update(
        status=TaskResultStatus.RUNNING,
        worker_ids=worker_ids,
        started_at=timezone.now() - timedelta(minutes=minutes_ago),
    )
    return DBTaskResult.objects.get(pk=result.id)


@pytest.mark.django_db
def test_a_job_left_running_by_a_dead_worker_is_requeued_and_then_run():
    job = _running(["dead-worker"])
    assert jobs.reclaim_stale() == [str(job.pk)]
    job.refresh_from_db()
    assert job.status == TaskResultStatus.READY
    worker.Command().handle(once=True)
    job.refresh_from_db()
    assert job.status == TaskResultStatus.SUCCESSFUL


@pytest.mark.django_db
def test_a_job_of_a_live_worker_is_left_alone():
    jobs.beat("live-worker")
    job = _running(["live-worker"])
    assert jobs.reclaim_stale() == []
    job.refresh_from_db()
    assert job.status == TaskResultStatus.RUNNING


@pytest.mark.django_db
def test_a_worker_silent_longer_than_the_lease_counts_as_dead(settings):
    settings.WORKER_LEASE_SECONDS = 60
    jobs.beat("quiet-worker", now=timezone.now() - timedelta(seconds=61))
    job = _running(["quiet-worker"])
    assert jobs.reclaim_stale() == [str(job.pk)]


@pytest.mark.django_db
def test_a_job_that_kills_its_workers_again_and_again_is_marked_failed(settings):
    settings.JOB_MAX_RECLAIMS = 3
    job = _running(["w1", "w2", "w3"])
    jobs.reclaim_stale()
    job.refresh_from_db()
    assert job.status == TaskResultStatus.FAILED
    assert job.exception_class_path == jobs.WORKER_LOST
    [row] = jobs.troubled()
    assert row.label == "检查节假日安排" and row.error == "执行该任务的后台进程多次意外终止"


@pytest.mark.django_db
def test_stuck_jobs_are_listed_in_chinese_and_can_be_requeued():
    job = _running(["dead-worker"])
    [row] = jobs.troubled()
    assert (row.label, row.state) == ("检查节假日安排", "卡住（执行它的后台进程已无响应）")
    jobs.requeue(job.pk)
    assert DBTaskResult.objects.get(pk=job.pk).status == TaskResultStatus.READY
    with pytest.raises(jobs.DomainError, match="无需重试"):
        jobs.requeue(job.pk)


@pytest.mark.django_db
def test_the_worker_survives_a_locked_database_with_growing_pauses(monkeypatch, settings):
    settings.WORKER_HEARTBEAT_SECONDS = 0
    command = worker.Command()
    calls: list[str] = []
    pauses: list[float] = []

    def tick() -> None:
        calls.append("tick")
        if len(calls) <= 3:
            raise OperationalError("database is locked")
        command.running = False

    monkeypatch.setattr(command, "tick", tick)
    monkeypatch.setattr(command, "_sleep", pauses.append)
    monkeypatch.setattr(command, "_close_connection", lambda: None)  # keeps the test's transaction
    old = signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)
    try:
        command.handle(once=False, interval=2.0)
    finally:
        signal.signal(signal.SIGINT, old[0])
        signal.signal(signal.SIGTERM, old[1])
    assert len(calls) == 4
    assert pauses == [1.0, 2.0, 4.0]
    assert worker.backoff(20) == worker.BACKOFF_CAP


@pytest.mark.django_db
def test_a_job_broken_off_by_a_database_error_is_requeued_by_its_own_worker():
    job = _running(["me"], minutes_ago=0)
    assert jobs.reclaim_own("me") == 1
    assert DBTaskResult.objects.get(pk=job.pk).status == TaskResultStatus.READY


def test_the_supervisor_starts_the_worker_again_when_it_dies(monkeypatch: Any) -> None:
    started: list[list[str]] = []

    class Child:
        def __init__(self, args: list[str]) -> None:
            started.append(args)
            self.code: int | None = None

        def wait(self) -> int:
            if len(started) == 1:
                self.code = -9  # killed
            else:
                signal.raise_signal(signal.SIGTERM)  # then the operator stops everything
                self.code = 0
            return self.code

        def poll(self) -> int | None:
            return self.code

        def send_signal(self, signum: int) -> None:
            pass

    monkeypatch.setattr(worker.subprocess, "Popen", Child)
    monkeypatch.setattr(worker, "RESTART_PAUSE", 0.01)
    old = signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)
    try:
        worker.Command().supervise(2.0)
    finally:
        signal.signal(signal.SIGINT, old[0])
        signal.signal(signal.SIGTERM, old[1])
    assert len(started) == 2 and started[0][-3:] == ["worker", "--interval", "2.0"]


def test_the_system_administrator_sees_stuck_and_failed_jobs_and_retries_one(client, p):
    from django.urls import reverse

    from tests.querycount import same_for_few_and_many
    from zhengxie.audit.models import AuditEvent

    stuck = _running(["dead-worker"])
    client.force_login(p.sysadmin)
    home = client.get("/").content.decode()
    assert "失败或卡住的后台任务" in home and reverse("org:job_list") in home
    page = client.get(reverse("org:job_list")).content.decode()
    assert "检查节假日安排" in page and "卡住" in page
    assert "zhengxie.lib" not in page and "check_holiday_calendar" not in page
    response = client.post(reverse("org:job_list"), {"job": str(stuck.pk)}, follow=True)
    assert "已重新排队：检查节假日安排" in response.content.decode()
    assert DBTaskResult.objects.get(pk=stuck.pk).status == TaskResultStatus.READY
    event = AuditEvent.objects.get(action="lib.job.retried")
    assert event.actor == p.sysadmin and event.data["label"] == "检查节假日安排"
    again = client.post(reverse("org:job_list"), {"job": str(stuck.pk)}, follow=True)
    assert "没有找到该任务" in again.content.decode()
    assert AuditEvent.objects.filter(action="lib.job.retried").count() == 1

    def add(n: int) -> None:
        for _ in range(n):
            _running(["dead-worker"])

    DBTaskResult.objects.all().delete()
    same_for_few_and_many(client, reverse("org:job_list"), add, few=2, many=50)


@pytest.mark.parametrize("persona", ["secadmin", "auditadmin", "proposal_staff", "member_wang"])
def test_only_the_system_administrator_sees_the_jobs(client, p, persona):
    from django.urls import reverse

    job = _running(["dead-worker"])
    client.force_login(getattr(p, persona))
    assert client.get(reverse("org:job_list")).status_code == 404
    assert client.post(reverse("org:job_list"), {"job": str(job.pk)}).status_code == 404
    assert DBTaskResult.objects.get(pk=job.pk).status == TaskResultStatus.RUNNING


def test_a_long_task_of_another_committee_is_not_shown(client, p):
    from django.urls import reverse

    from zhengxie.lib.longwork import run_long_task
    from zhengxie.lib.models import LongTask

    other = LongTask.objects.create(committee_id=p.county_a.pk, kind="x.y", label="导入委员")
    own = LongTask.objects.create(committee_id=p.city.pk, kind="x.y", label="导出提案统计")
    for long_task in (other, own):
        result = run_long_task.enqueue(long_task.pk)
        DBTaskResult.objects.filter(pk=result.id).update(
            status=TaskResultStatus.FAILED, exception_class_path="builtins.KeyError"
        )
    client.force_login(p.sysadmin)
    page = client.get(reverse("org:job_list")).content.decode()
    assert "导出提案统计" in page and "导入委员" not in page and "程序出错，详情见服务器日志" in page


def test_make_run_serves_and_announces_the_port_it_is_given_and_supervises_the_worker() -> None:
    import subprocess
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    recipe = subprocess.run(
        ["make", "-n", "run", "PORT=8123"], cwd=root, capture_output=True, text=True, check=True
    ).stdout
    assert "load_demo --address http://127.0.0.1:8123" in recipe
    assert "runserver --noreload 127.0.0.1:8123" in recipe
    assert "manage.py worker --supervise" in recipe


def test_every_periodic_job_has_a_chinese_name_for_the_jobs_page(settings: Any) -> None:
    from zhengxie.lib.jobs import JOB_LABELS

    missing = [path for path, _interval in settings.PERIODIC_TASKS.values() if path not in JOB_LABELS]
    assert missing == []
