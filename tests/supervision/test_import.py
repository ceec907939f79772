"""Registering a year's plan from Excel (parents and their children in one file, all rows or none),
then approving and issuing the lot from the board."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from tests.personas import Personas
from zhengxie.audit.models import AuditEvent
from zhengxie.lib.errors import DomainError
from zhengxie.lib.models import LongTask
from zhengxie.org import services
from zhengxie.org.models import HandlingUnit
from zhengxie.org.roles import Role
from zhengxie.supervision.imports import COLUMNS
from zhengxie.supervision.models import Item
from zhengxie.supervision.services import items as item_services

from .helpers import in_days, messages_of, register, sheet_rows, upload_job, xlsx

IMPORT = reverse("supervision:import")
BULK = reverse("supervision:bulk_action")
S = Item.State


def _row(**values: Any) -> list[Any]:
    row: dict[str, Any] = {
        "编号": "", "上级编号": "", "类别": "协商议政", "事项名称": "组织开展年度重点协商", "督查内容": "专题协商会4次",
        "来源": "年度重点工作", "办理要求": "按季度报送进展", "办结时限": in_days(90).isoformat(),
        "牵头单位": "市住房和城乡建设局", "配合单位": "", "责任人": "张科长", "督办领导": "", "权重": "1", "报告周期": "每季度",
    }  # fmt: skip
    row.update(values)
    return [row[c] for c in COLUMNS]


def _plan(other_unit: HandlingUnit) -> list[list[Any]]:
    return [
        _row(编号="重点-01", 事项名称="城市更新行动", 督办领导="市政协领导"),
        _row(
            编号="重点-01-1",
            上级编号="重点-01",
            事项名称="老旧小区改造",
            权重="3",
            办结时限=in_days(60).isoformat(),
        ),
        _row(
            编号="重点-01-2",
            上级编号="重点-01",
            事项名称="学校周边整治",
            牵头单位=other_unit.name,
            配合单位="市住房和城乡建设局",
        ),
        _row(编号="", 事项名称="没有编号的事项", 报告周期=""),
    ]


def test_the_template_downloads_with_the_columns(client: Client, p: Personas) -> None:
    client.force_login(p.supervision_staff)
    content = client.get(reverse("supervision:import_template")).content
    rows = sheet_rows(content)
    assert rows[0] == COLUMNS and len(rows) == 2
    # 来源, 牵头单位 and 报告周期 are drop-downs over the committee's own values.
    choices = sheet_rows(content, sheet=1)
    assert choices[0] == ("来源", "牵头单位", "报告周期")
    assert p.unit.name in [r[1] for r in choices[1:]] and "每季度" in [r[2] for r in choices[1:]]
    book = load_workbook(io.BytesIO(content))
    assert len(book.worksheets[0].data_validations.dataValidation) == 3


def test_a_plan_with_children_is_registered_as_drafts(
    client: Client, p: Personas, other_unit: HandlingUnit, run_jobs: Any
) -> None:
    client.force_login(p.supervision_staff)
    with run_jobs():
        response = client.post(IMPORT, {"file": xlsx(COLUMNS, _plan(other_unit))}, follow=True)
        assert messages_of(response) == ["已开始登记 4 个督办事项，进度见下方"]
        assert not Item.objects.exists()  # the worker writes them
    page = client.get(IMPORT)
    long_task = page.context["long_task"]
    assert long_task.state == "done" and long_task.message == "已登记 4 个督办事项，待领导审核后下发"
    assert "已登记 4 个督办事项，待领导审核后下发" in page.content.decode()
    assert long_task.params == {"kind": "items"}  # the file's rows are not kept
    top = Item.objects.get(number="重点-01")
    children = {i.number: i for i in Item.objects.filter(parent=top)}
    assert set(children) == {"重点-01-1", "重点-01-2"}
    assert children["重点-01-1"].weight == 3 and children["重点-01-1"].report_cycle == "quarterly"
    assert children["重点-01-2"].lead_unit_id == other_unit.pk
    assert list(children["重点-01-2"].co_units.all()) == [p.unit]
    assert top.supervising_leader_id == p.leader.pk and top.source.name == "年度重点工作"
    assert set(Item.objects.values_list("state", flat=True)) == {S.DRAFT}
    unnumbered = Item.objects.get(title="没有编号的事项")
    assert unnumbered.number.startswith("督〔") and unnumbered.report_cycle == "none"
    assert AuditEvent.objects.filter(action="supervision.item.registered").count() == 4


def test_a_child_can_hang_under_an_item_already_registered(
    client: Client, p: Personas, run_jobs: Any
) -> None:
    parent = register(p, number="重点-09", due_on=in_days(120))
    client.force_login(p.supervision_staff)
    upload_job(client, run_jobs, IMPORT, xlsx(COLUMNS, [_row(编号="重点-09-1", 上级编号="重点-09")]))
    assert Item.objects.get(number="重点-09-1").parent_id == parent.pk


def test_any_bad_row_stores_nothing_and_every_problem_is_listed(
    client: Client, p: Personas, other_unit: HandlingUnit
) -> None:
    register(p, number="已有-01")
    rows = [
        *_plan(other_unit),
        _row(编号="重点-02", 牵头单位="市不存在局"),
        _row(编号="重点-01", 事项名称="重复编号"),
        _row(编号="重点-03", 办结时限="明年年底"),
        _row(编号="已有-01", 事项名称="与已登记的事项重号"),
        _row(编号="重点-04", 上级编号="重点-05"),
        _row(编号="重点-05", 办结时限=in_days(-3).isoformat(), 来源="不存在的来源"),
    ]
    client.force_login(p.supervision_staff)
    response = client.post(IMPORT, {"file": xlsx(COLUMNS, rows)})
    assert response.status_code == 400
    problems = {(pr.row, pr.column): pr.message for pr in response.context["problems"]}
    assert problems[(6, "牵头单位")] == "找不到承办单位“市不存在局”"
    assert problems[(7, "编号")] == "文件中编号重复：重点-01（第2行）"
    assert problems[(8, "办结时限")] == "日期格式应为 2026-12-20"
    assert problems[(9, "编号")] == "编号“已有-01”已被使用"
    assert problems[(10, "上级编号")].startswith("找不到上级事项“重点-05”")
    assert problems[(11, "来源")] == "来源“不存在的来源”不在本政协的来源清单中"
    assert not [row for row, _ in problems if row <= 5]  # the good rows have no problem
    assert Item.objects.count() == 1
    page = response.content.decode()
    assert "未写入任何数据" in page and "找不到承办单位“市不存在局”" in page
    report = sheet_rows(client.get(reverse("supervision:import_problems")).content)
    assert len(report) == len(response.context["problems"]) + 1


def test_a_past_due_date_is_reported_on_its_row(client: Client, p: Personas) -> None:
    client.force_login(p.supervision_staff)
    response = client.post(IMPORT, {"file": xlsx(COLUMNS, [_row(), _row(办结时限=in_days(-1).isoformat())])})
    assert response.status_code == 400
    assert [(pr.row, pr.message) for pr in response.context["problems"]] == [(3, "办结时限不能早于今天")]
    assert not Item.objects.exists()


def test_a_child_due_after_its_parent_in_the_same_file_is_reported_on_its_row(
    client: Client, p: Personas
) -> None:
    rows = [
        _row(编号="重点-01", 办结时限=in_days(30).isoformat()),
        _row(编号="重点-01-1", 上级编号="重点-01", 办结时限=in_days(40).isoformat()),
    ]
    client.force_login(p.supervision_staff)
    response = client.post(IMPORT, {"file": xlsx(COLUMNS, rows)})
    assert response.status_code == 400
    assert [(pr.row, pr.message) for pr in response.context["problems"]] == [
        (3, "分解事项的时限不能晚于上级事项")
    ]
    assert not Item.objects.exists()


def test_only_supervision_staff_import(client: Client, p: Personas, other_unit: HandlingUnit) -> None:
    for persona in (p.leader, p.unit_clerk, p.member_wang):
        client.force_login(persona)
        assert client.get(IMPORT).status_code == 404
        assert client.post(IMPORT, {"file": xlsx(COLUMNS, _plan(other_unit))}).status_code == 404
    assert not LongTask.objects.exists()


def test_rows_that_went_bad_after_the_check_write_nothing(
    client: Client, p: Personas, other_unit: HandlingUnit, run_jobs: Any
) -> None:
    """The worker checks again: a number taken between the upload and the run fails the task with
    the row's problem and a report only its owner can download."""
    client.force_login(p.supervision_staff)
    page = upload_job(
        client,
        run_jobs,
        IMPORT,
        xlsx(COLUMNS, _plan(other_unit)),
        extra=lambda: register(p, number="重点-01-2"),
    )
    long_task = page.context["long_task"]
    assert long_task.state == "failed" and long_task.error == "发现 1 处问题，未写入任何数据"
    assert long_task.data["problems"] == [{"row": 4, "column": "编号", "message": "编号“重点-01-2”已被使用"}]
    assert "编号“重点-01-2”已被使用" in page.content.decode()
    assert Item.objects.count() == 1 and long_task.params == {"kind": "items"}
    download = reverse("lib:longwork_download", args=[long_task.pk])
    assert sheet_rows(client.get(download).getvalue())[1] == (4, "编号", "编号“重点-01-2”已被使用")
    client.force_login(p.leader)
    assert client.get(download).status_code == 404
    assert client.get(IMPORT).status_code == 404


def test_a_failure_halfway_through_the_writes_leaves_no_item_and_no_audit_event(
    client: Client, p: Personas, other_unit: HandlingUnit, run_jobs: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    register_item = item_services.item_register
    calls: list[int] = []

    def failing_third(**kwargs: Any) -> Item:
        calls.append(1)
        if len(calls) == 3:
            raise DomainError("承办单位已停用")
        return register_item(**kwargs)

    monkeypatch.setattr("zhengxie.supervision.imports.item_register", failing_third)
    client.force_login(p.supervision_staff)
    page = upload_job(client, run_jobs, IMPORT, xlsx(COLUMNS, _plan(other_unit)))
    long_task = page.context["long_task"]
    assert len(calls) == 3 and long_task.state == "failed" and long_task.error == "承办单位已停用"
    assert long_task.params == {"kind": "items"}
    assert not Item.objects.exists()
    assert not AuditEvent.objects.filter(action="supervision.item.registered").exists()


def test_the_leader_approves_and_staff_issue_the_imported_plan_at_once(
    client: Client, p: Personas, other_unit: HandlingUnit, run_jobs: Any
) -> None:
    client.force_login(p.supervision_staff)
    upload_job(client, run_jobs, IMPORT, xlsx(COLUMNS, _plan(other_unit)))
    ids = list(Item.objects.values_list("pk", flat=True))

    too_early = client.post(BULK, {"action": "issue", "items": ids}, follow=True)
    assert messages_of(too_early)[0].startswith("未处理任何事项：")
    assert set(Item.objects.values_list("state", flat=True)) == {S.DRAFT}

    client.force_login(p.leader)
    approved = client.post(BULK, {"action": "approve", "items": ids}, follow=True)
    assert messages_of(approved) == ["已审核通过 4 项"]
    assert set(Item.objects.values_list("state", flat=True)) == {S.REGISTERED}

    client.force_login(p.supervision_staff)
    issued = client.post(BULK, {"action": "issue", "items": ids}, follow=True)
    assert messages_of(issued) == ["已下发 4 项"]
    assert set(Item.objects.values_list("state", flat=True)) == {S.ISSUED}
    assert AuditEvent.objects.filter(action="supervision.item.issued").count() == 4


def test_bulk_actions_are_all_or_nothing(client: Client, p: Personas) -> None:
    first = register(p, title="甲")
    second = register(p, title="乙")
    client.force_login(p.leader)
    client.post(reverse("supervision:item_act", args=[second.pk, "approve"]), follow=True)
    response = client.post(BULK, {"action": "approve", "items": [first.pk, second.pk]}, follow=True)
    assert messages_of(response) == [f"未处理任何事项：{second.number}：当前状态为“已立项”，不能执行此操作"]
    assert Item.objects.get(pk=first.pk).state == S.DRAFT


def test_bulk_actions_ignore_other_committees_items_and_refuse_units(client: Client, p: Personas) -> None:
    item = register(p)
    client.force_login(p.unit_clerk)
    assert client.post(BULK, {"action": "approve", "items": [item.pk]}).status_code == 404
    client.force_login(p.county_b_staff)
    assert client.post(BULK, {"action": "approve", "items": [item.pk]}).status_code == 404
    assert Item.objects.get(pk=item.pk).state == S.DRAFT


def test_two_leaders_of_the_same_name_are_not_guessed(client: Client, p: Personas) -> None:
    namesake = services.account_create(
        username="leader2", display_name="市政协领导", password=None, by=None, must_change_password=False
    )
    services.role_grant(user=namesake, committee=p.city, role=Role.LEADER, by=None)
    client.force_login(p.supervision_staff)
    response = client.post(IMPORT, {"file": xlsx(COLUMNS, [_row(督办领导="市政协领导")])})
    assert response.status_code == 400
    assert [(pr.column, pr.row) for pr in response.context["problems"]] == [("督办领导", 2)]
    assert "多位领导" in response.context["problems"][0].message
    assert not Item.objects.exists()
