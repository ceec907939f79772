"""Long work (lib.longwork): a task runs in the worker, its owner follows its progress and
downloads its result; anyone else gets a 404; a failure reads in Chinese."""

from __future__ import annotations

from django.urls import reverse

from zhengxie.lib import longwork
from zhengxie.lib.errors import DomainError
from zhengxie.lib.models import LongTask


def sample_export(long_task: LongTask, progress: longwork.Progress) -> longwork.Outcome:
    progress.set_total(3)
    for _ in range(3):
        progress.advance()
    return longwork.Outcome(message="已生成", file=("年度统计.xlsx", b"PK-content"))


def refusing(long_task: LongTask, progress: longwork.Progress) -> longwork.Outcome:
    raise DomainError("该年度没有可导出的数据")


def crashing(long_task: LongTask, progress: longwork.Progress) -> longwork.Outcome:
    raise KeyError("internal")


def _start(p, runner, run_jobs) -> LongTask:
    with run_jobs():
        long_task = longwork.start(
            runner=runner, label="导出年度统计", owner=p.proposal_staff, committee_id=p.city.pk
        )
    long_task.refresh_from_db()
    return long_task


def test_the_owner_follows_the_progress_and_downloads_the_result(client, p, run_jobs, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    long_task = longwork.start(
        runner=sample_export, label="导出年度统计", owner=p.proposal_staff, committee_id=p.city.pk
    )
    client.force_login(p.proposal_staff)
    waiting = client.get(reverse("lib:longwork", args=[long_task.pk]), HTTP_HX_REQUEST="true")
    assert 'hx-trigger="every 2s"' in waiting.content.decode() and "排队中" in waiting.content.decode()
    long_task = _start(p, sample_export, run_jobs)
    assert (long_task.state, long_task.done, long_task.total, long_task.percent) == ("done", 3, 3, 100)
    done = client.get(reverse("lib:longwork", args=[long_task.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert "已生成" in done and "hx-trigger" not in done and "下载年度统计.xlsx" in done
    response = client.get(reverse("lib:longwork_download", args=[long_task.pk]))
    assert b"".join(response.streaming_content) == b"PK-content"
    assert "%E5%B9%B4%E5%BA%A6%E7%BB%9F%E8%AE%A1.xlsx" in response["Content-Disposition"]


def test_someone_else_gets_404_for_the_progress_and_the_download(client, p, run_jobs, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    long_task = _start(p, sample_export, run_jobs)
    for other in (p.member_wang, p.sysadmin, p.county_b_staff):
        client.force_login(other)
        assert client.get(reverse("lib:longwork", args=[long_task.pk])).status_code == 404
        assert client.get(reverse("lib:longwork_download", args=[long_task.pk])).status_code == 404
    client.logout()
    assert client.get(reverse("lib:longwork_download", args=[long_task.pk])).status_code == 302


def test_a_refused_task_shows_its_chinese_reason(client, p, run_jobs):
    long_task = _start(p, refusing, run_jobs)
    assert long_task.state == "failed"
    client.force_login(p.proposal_staff)
    page = client.get(reverse("lib:longwork", args=[long_task.pk])).content.decode()
    assert "该年度没有可导出的数据" in page and 'hx-trigger="every' not in page  # no more polling
    assert client.get(reverse("lib:longwork_download", args=[long_task.pk])).status_code == 404


def test_a_crashing_task_shows_a_chinese_error_and_no_internals(client, p, run_jobs):
    long_task = _start(p, crashing, run_jobs)
    client.force_login(p.proposal_staff)
    page = client.get(reverse("lib:longwork", args=[long_task.pk])).content.decode()
    assert longwork.UNEXPECTED in page
    assert "KeyError" not in page and "internal" not in page
