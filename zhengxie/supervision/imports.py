"""Registering many items at once from Excel, e.g. a year's plan of ~140 key tasks in six
categories decomposed into child items (seed 000: 六大类138项重点任务).

Every row is validated first (including parents named by number, in the file or already
registered); nothing is written unless every row is good. Items arrive as drafts for the
leader's approval, which, like issuing, can then be done for all of them at once on the board.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from zhengxie.lib.errors import DomainError
from zhengxie.lib.xlsx import ImportResult, RowProblem
from zhengxie.org.models import HandlingUnit, RoleAssignment
from zhengxie.org.roles import Role

from .config import sources_for
from .models import Item, ReportCycle
from .services.items import ItemData, item_register, validate

COLUMNS = (
    "编号", "上级编号", "类别", "事项名称", "督查内容", "来源", "办理要求", "办结时限",
    "牵头单位", "配合单位", "责任人", "督办领导", "权重", "报告周期",
)  # fmt: skip
EXAMPLE = (
    "2026-01", "", "协商议政", "组织开展年度重点协商", "围绕年度协商计划组织专题协商会4次", "年度重点工作",
    "按季度报送进展", "2026-12-20", "市发展和改革委员会", "市财政局、市统计局", "张科长", "", "1", "每季度",
)  # fmt: skip
CYCLES = {label: value for value, label in ReportCycle.choices} | {"": ReportCycle.NONE}


def _date(raw: str) -> date:
    raw = raw.strip().split(" ")[0].replace("/", "-").replace(".", "-")
    try:
        return datetime.strptime(raw, "%Y-%m-%d").date()
    except ValueError:
        raise DomainError("日期格式应为 2026-12-20") from None


def import_items(
    *, committee_id: int, by: Any, rows: list[dict[str, str]], write: bool = True
) -> ImportResult:
    """Validate every row; with `write`, register all of them in one transaction (the page checks
    with write=False, the long task checks again and writes)."""
    result = ImportResult()
    sources = {s.name: s for s in sources_for(committee_id)}
    units = {u.name: u for u in HandlingUnit.objects.filter(committee_id=committee_id, is_active=True)}
    leader_ids = RoleAssignment.objects.filter(committee_id=committee_id, role=Role.LEADER).values("user_id")
    leaders: dict[str, Any] = {}
    for user in get_user_model().objects.filter(pk__in=leader_ids):
        # Two leaders of the same name cannot be told apart in a spreadsheet: ask for the other.
        leaders[user.display_name] = None if user.display_name in leaders else user
    numbers_in_file = [r["编号"].strip() for r in rows if r["编号"].strip()]
    existing = {
        i.number: i
        for i in Item.objects.filter(
            committee_id=committee_id, number__in=numbers_in_file + [r["上级编号"].strip() for r in rows]
        )
    }
    seen: dict[str, int] = {}
    due_in_file: dict[str, date] = {}  # a parent in the file is checked like a registered one
    plan: list[tuple[int, ItemData, str]] = []
    for n, row in enumerate(rows, start=2):
        problems: list[RowProblem] = []

        def bad(column: str, message: str, problems: list[RowProblem] = problems, n: int = n) -> None:
            problems.append(RowProblem(n, column, message))

        number = row["编号"].strip()
        if number:
            if number in existing:
                bad("编号", f"编号“{number}”已被使用")
            elif number in seen:
                bad("编号", f"文件中编号重复：{number}（第{seen[number]}行）")
            seen.setdefault(number, n)
        parent_number = row["上级编号"].strip()
        if parent_number and parent_number not in existing and parent_number not in seen:
            bad("上级编号", f"找不到上级事项“{parent_number}”（上级须已登记或写在本行之前）")
        source = sources.get(row["来源"].strip())
        if source is None:
            bad("来源", f"来源“{row['来源']}”不在本政协的来源清单中")
        unit = units.get(row["牵头单位"].strip())
        if unit is None:
            bad("牵头单位", f"找不到承办单位“{row['牵头单位']}”")
        co_units = []
        for name in filter(
            None, (s.strip() for s in row["配合单位"].replace(",", "、").replace("，", "、").split("、"))
        ):
            if name in units:
                co_units.append(units[name])
            else:
                bad("配合单位", f"找不到承办单位“{name}”")
        leader = None
        if row["督办领导"].strip():
            leader = leaders.get(row["督办领导"].strip())
            if row["督办领导"].strip() in leaders and leader is None:
                bad("督办领导", f"本政协有多位领导名为“{row['督办领导']}”，请导入后在事项页面选择")
            elif leader is None:
                bad("督办领导", f"“{row['督办领导']}”不是本政协的领导账号")
        try:
            due_on = _date(row["办结时限"])
        except DomainError as exc:
            bad("办结时限", exc.message)
            due_on = None
        if number and due_on:
            due_in_file.setdefault(number, due_on)
        try:
            weight = Decimal(row["权重"].strip() or "1")
        except InvalidOperation:
            bad("权重", "权重须是数字")
            weight = Decimal(1)
        cycle = CYCLES.get(row["报告周期"].strip())
        if cycle is None:
            bad("报告周期", "报告周期只能是：每月、每季度、办结时报告")
        if not problems and source and unit and due_on:
            data = ItemData(
                title=row["事项名称"],
                content=row["督查内容"],
                category=row["类别"],
                source=source,
                requirement=row["办理要求"],
                due_on=due_on,
                lead_unit=unit,
                co_units=co_units,
                responsible_person=row["责任人"],
                supervising_leader=leader,
                weight=weight,
                report_cycle=cycle or ReportCycle.NONE,
                number=number,
            )
            if parent_number in existing:
                data.parent = existing[parent_number]
            elif parent_number in due_in_file and due_on > due_in_file[parent_number]:
                bad("办结时限", "分解事项的时限不能晚于上级事项")
            for message in validate(committee_id, data):
                bad("", message)
            if not problems:
                plan.append((n, data, parent_number))
        result.problems.extend(problems)
    if result.problems or not write:
        return result
    with transaction.atomic():
        created: dict[str, Item] = {}
        for _, data, parent_number in plan:
            if parent_number and data.parent is None:
                data.parent = created[parent_number]
            item = item_register(committee_id=committee_id, by=by, data=data)
            created[item.number] = item
            result.created += 1
    return result
