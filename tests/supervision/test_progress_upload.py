"""A unit reports on many items at once: it downloads the progress template from its inbox, fills
in this period's percent and text, and uploads it. One bad row writes nothing."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from tests.personas import Personas
from zhengxie.accounts.models import User
from zhengxie.lib.models import LongTask
from zhengxie.org.models import HandlingUnit
from zhengxie.supervision.models import Item, ProgressReport
from zhengxie.supervision.services.progress import TEMPLATE_COLUMNS

from .helpers import fresh, issued, messages_of, sheet_rows, signed, upload_job, xlsx

TEMPLATE = reverse("supervision:progress_template")
UPLOAD = reverse("supervision:progress_upload")


def _filled(rows: list[tuple[Any, ...]], filled: dict[str, tuple[Any, str]]) -> list[list[Any]]:
    """The template's data rows with this period's columns filled in for some numbers."""
    out = []
    for row in rows[1:]:
        percent, text = filled.get(str(row[0]), ("", ""))
        out.append([*row[:4], percent, text])
    return out


def test_the_template_lists_the_units_items_in_progress(
    client: Client, p: Personas, other_unit: HandlingUnit, other_clerk: User
) -> None:
    first = signed(p, title="老旧小区改造")
    second = signed(p, title="城中村整治")
    not_signed = issued(p, title="尚未签收的事项")
    elsewhere = signed(p, title="教育局的事项", lead_unit=other_unit, clerk=other_clerk)
    co_operated = signed(
        p, title="教育局牵头、住建局配合", lead_unit=other_unit, co_units=[p.unit], clerk=other_clerk
    )
    client.force_login(p.unit_clerk)
    assert "下载进度报送表" in client.get(reverse("supervision:inbox")).content.decode()
    response = client.get(TEMPLATE)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = sheet_rows(response.content)
    assert rows[0] == TEMPLATE_COLUMNS
    numbers = {r[0] for r in rows[1:]}
    assert numbers == {first.number, second.number}
    assert not numbers & {not_signed.number, elsewhere.number, co_operated.number}
    assert {r[1] for r in rows[1:]} == {"老旧小区改造", "城中村整治"}


def test_uploading_the_filled_template_reports_every_filled_row(
    client: Client, p: Personas, run_jobs: Any
) -> None:
    first, second, untouched = signed(p, title="甲"), signed(p, title="乙"), signed(p, title="丙")
    client.force_login(p.unit_clerk)
    rows = sheet_rows(client.get(TEMPLATE).content)
    filled = _filled(rows, {first.number: (30, "完成入户调查"), second.number: ("60%", "完成施工招标")})
    with run_jobs():
        response = client.post(UPLOAD, {"file": xlsx(TEMPLATE_COLUMNS, filled)}, follow=True)
        assert response.redirect_chain == [(UPLOAD, 302)]
        assert messages_of(response) == ["已开始报送进度，进度见下方"]
        assert not ProgressReport.objects.exists()  # the worker writes them
    page = client.get(UPLOAD)
    long_task = page.context["long_task"]
    assert long_task.state == "done" and long_task.message == "已报送 2 个事项的进度"
    assert "已报送 2 个事项的进度" in page.content.decode()
    assert long_task.params == {"kind": "progress"}  # the file's rows are not kept
    assert (fresh(first).progress, fresh(second).progress, fresh(untouched).progress) == (30, 60, 0)
    reports = ProgressReport.objects.order_by("item_id")
    assert [(r.item_id, r.percent, r.via_upload) for r in reports] == [
        (first.pk, 30, True),
        (second.pk, 60, True),
    ]


def test_a_bad_row_writes_nothing_and_the_problems_can_be_downloaded(client: Client, p: Personas) -> None:
    good, bad = signed(p, title="甲"), signed(p, title="乙")
    client.force_login(p.unit_clerk)
    rows = sheet_rows(client.get(TEMPLATE).content)
    filled = _filled(rows, {good.number: (30, "完成入户调查"), bad.number: (150, "超额完成")})
    filled.append(["督〔2000〕999号", "不存在的事项", "", "", 10, "随便写写进展"])
    response = client.post(UPLOAD, {"file": xlsx(TEMPLATE_COLUMNS, filled)})
    assert response.status_code == 400
    problems = {(pr.row, pr.column, pr.message) for pr in response.context["problems"]}
    bad_row = 2 + [r[0] for r in filled].index(bad.number)
    assert (bad_row, "本期进度(%)", "进度须是0到100之间的整数") in problems
    assert (4, "编号", "找不到本单位的督办事项“督〔2000〕999号”") in problems
    assert len(problems) == 2
    assert not ProgressReport.objects.exists()
    assert (fresh(good).progress, fresh(bad).progress) == (0, 0)
    assert "未写入任何数据" in response.content.decode()

    report = client.get(reverse("supervision:progress_problems"))
    lines = sheet_rows(report.content)
    assert lines[0] == ("行号", "列", "问题") and len(lines) == 3
    assert {line[2] for line in lines[1:]} == {m for _, _, m in problems}


def test_a_row_for_an_item_not_yet_signed_is_refused(client: Client, p: Personas) -> None:
    waiting = issued(p)
    client.force_login(p.unit_clerk)
    upload = xlsx(TEMPLATE_COLUMNS, [[waiting.number, waiting.title, "", 0, 20, "已开始调研工作"]])
    response = client.post(UPLOAD, {"file": upload})
    assert response.status_code == 400
    assert [pr.message for pr in response.context["problems"]] == ["请先签收该事项，再报送进度"]


def test_another_units_items_cannot_be_reported_by_upload(
    client: Client, p: Personas, other_unit: HandlingUnit, other_clerk: User
) -> None:
    theirs = signed(p, lead_unit=other_unit, clerk=other_clerk)
    co_operated = signed(p, title="配合事项", lead_unit=other_unit, co_units=[p.unit], clerk=other_clerk)
    client.force_login(p.unit_clerk)
    rows = [
        [theirs.number, "", "", 0, 50, "冒充报送进展"],
        [co_operated.number, "", "", 0, 50, "配合单位的进展"],
    ]
    response = client.post(UPLOAD, {"file": xlsx(TEMPLATE_COLUMNS, rows)})
    assert response.status_code == 400
    assert [(pr.row, pr.message) for pr in response.context["problems"]] == [
        (2, f"找不到本单位的督办事项“{theirs.number}”"),
        (3, "该事项不由本单位牵头，不能报送进度"),
    ]
    assert not ProgressReport.objects.exists()


def test_an_empty_template_or_a_foreign_file_is_refused(client: Client, p: Personas) -> None:
    item = signed(p)
    client.force_login(p.unit_clerk)
    empty = client.post(UPLOAD, {"file": xlsx(TEMPLATE_COLUMNS, [[item.number, item.title, "", 0, "", ""]])})
    assert empty.status_code == 400 and "文件中没有填写任何进度" in empty.content.decode()
    wrong = client.post(UPLOAD, {"file": xlsx(("姓名", "电话"), [["张三", "123"]])})
    assert wrong.status_code == 400 and "缺少列" in wrong.content.decode()
    assert not ProgressReport.objects.exists()


def test_office_staff_have_no_unit_template(client: Client, p: Personas) -> None:
    item = signed(p)
    client.force_login(p.supervision_staff)
    assert client.get(TEMPLATE).status_code == 404
    assert client.get(UPLOAD).status_code == 404
    upload = xlsx(TEMPLATE_COLUMNS, [[item.number, item.title, "", 0, 20, "已开始调研工作"]])
    assert client.post(UPLOAD, {"file": upload}).status_code == 404
    assert not LongTask.objects.exists()


def test_an_item_closed_after_the_check_fails_the_whole_upload_in_the_worker(
    client: Client, p: Personas, run_jobs: Any, other_clerk: User
) -> None:
    """The worker checks the rows again and writes all reports in one transaction or none; the
    problem report is its owner's alone."""
    first, second = signed(p, title="甲"), signed(p, title="乙")
    client.force_login(p.unit_clerk)
    rows = [
        [first.number, first.title, "", 0, 30, "完成入户调查"],
        [second.number, second.title, "", 0, 40, "完成施工招标"],
    ]

    def verify_second() -> None:
        Item.objects.filter(pk=second.pk).update(state=Item.State.VERIFYING)

    page = upload_job(client, run_jobs, UPLOAD, xlsx(TEMPLATE_COLUMNS, rows), extra=verify_second)
    long_task = page.context["long_task"]
    assert long_task.state == "failed" and long_task.error == "发现 1 处问题，未写入任何数据"
    assert [pr["row"] for pr in long_task.data["problems"]] == [3]
    assert not ProgressReport.objects.exists() and fresh(first).progress == 0
    download = reverse("lib:longwork_download", args=[long_task.pk])
    assert client.get(download).status_code == 200
    client.force_login(other_clerk)
    assert client.get(download).status_code == 404
