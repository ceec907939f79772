"""Bulk import of members and of handling units from Excel.

Every row is validated first; if any row has a problem nothing is written and the user gets the
list of problems by row and column. Otherwise all rows are written. The pages run an import as
a long task (lib.longwork, `import_job`): the rows are written in batches of BATCH rows, each in
its own short transaction that also records what it created, so the write lock is never held for
long; if a batch fails, or the worker dies halfway and the job runs again, the rows the run wrote
are removed again (lib.longwork.undo) — all or nothing. Called without a task (a script, a test),
an import writes everything in one transaction.

An import builds the roster only: it creates people, members, units and their contacts, never an
account or a password. Accounts are opened afterwards from the roster (accounts.activation:
`roster_accounts_open`, `contact_account_open`) with activation codes or one-time passwords that
reach the person by letter or SMS, so that the system administrator never chooses a password he
could use. A member whose person already has an account (another committee's) gets the member role
here at once, by the roster rule (`org.services.member_role_from_roster`).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import asdict
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from zhengxie.audit.services import record
from zhengxie.lib.crypto import decrypt, search_hash, search_hashes
from zhengxie.lib.longwork import Outcome, Progress, settle, written
from zhengxie.lib.models import LongTask
from zhengxie.lib.personal import normalize_id_number, normalize_phone
from zhengxie.lib.xlsx import ImportResult, RowProblem, problems_bytes

from .models import (
    Committee,
    HandlingUnit,
    Member,
    Person,
    RoleAssignment,
    Sector,
    SpecialCommittee,
    UnitContact,
)
from .roles import ADMIN_ROLES
from .services import member_role_from_roster

MEMBER_COLUMNS = (
    "姓名", "性别", "民族", "政治面貌", "界别", "专委会", "是否常委", "工作单位", "职务", "手机号", "身份证号",
)  # fmt: skip
MEMBER_EXAMPLE = (
    "张明华", "男", "汉族", "民建会员", "经济界", "经济委员会", "否", "某某科技有限公司", "董事长", "13912345678",
    "11010519491231002X",
)  # fmt: skip
UNIT_COLUMNS = ("单位名称", "单位类别", "联系人", "联系人职务", "联系人手机")
UNIT_EXAMPLE = ("市住房和城乡建设局", "政府部门", "王科长", "办公室主任", "13912345678")
GENDERS = {"男": "M", "女": "F"}
BATCH = 200
YES_NO = {"是": True, "否": False, "": False}


def _clean(value: str, normalise: Any, column: str, row: int, problems: list[RowProblem]) -> str:
    try:
        return str(normalise(value))
    except ValidationError as exc:
        problems.append(RowProblem(row, column, exc.messages[0]))
        return ""


def _first(by_hash: dict[str | None, Any], value: str) -> Any:
    """The entry stored under the value's hash under any configured key (see lib/crypto)."""
    return next((by_hash[h] for h in search_hashes(value) if h in by_hash), None) if value else None


def _duplicates(values: list[tuple[int, str]], column: str, problems: list[RowProblem], what: str) -> None:
    counts = Counter(v for _, v in values if v)
    for row, value in values:
        if value and counts[value] > 1:
            problems.append(RowProblem(row, column, f"文件中{what}重复：{value}"))


def _write_all(
    items: list[Any],
    write: Callable[[Any], list[tuple[Any, ...]]],
    long_task: LongTask | None,
    progress: Progress | None,
) -> int:
    """Write the validated rows. As a task: a batch per transaction, recording what each wrote
    (for the undo); otherwise all in one transaction. Returns how many rows were written."""
    if progress is not None:
        progress.set_total(len(items))
    for start in range(0, len(items), BATCH):
        chunk = items[start : start + BATCH]
        with transaction.atomic() if long_task is not None else nullcontext():
            for item in chunk:
                undo = write(item)
                if long_task is not None:
                    written(long_task, *undo)
        if progress is not None:
            progress.advance(len(chunk))
    return len(items)


def import_members(
    *,
    committee: Committee,
    rows: list[dict[str, str]],
    by: Any,
    long_task: LongTask | None = None,
    progress: Progress | None = None,
) -> ImportResult:
    """Members on the roster, without accounts. A person already known by ID number (e.g. a
    member of the province committee) is reused, not duplicated; if he already has an account,
    it takes the member role here by the roster rule."""
    result = ImportResult()
    problems = result.problems
    sectors = {s.name: s for s in Sector.objects.filter(committee=committee)}
    specials = {s.name: s for s in SpecialCommittee.objects.filter(committee=committee)}
    affiliations = set(Person.Affiliation.values)
    parsed = []
    for index, row in enumerate(rows, start=2):
        for column in ("姓名", "性别", "政治面貌", "界别", "手机号", "身份证号"):
            if not row.get(column):
                problems.append(RowProblem(index, column, "必填"))
        gender = GENDERS.get(row.get("性别", ""))
        if row.get("性别") and gender is None:
            problems.append(RowProblem(index, "性别", "应为“男”或“女”"))
        if row.get("政治面貌") and row["政治面貌"] not in affiliations:
            problems.append(RowProblem(index, "政治面貌", f"不是有效的政治面貌：{row['政治面貌']}"))
        if row.get("界别") and row["界别"] not in sectors:
            problems.append(RowProblem(index, "界别", f"本政协没有该界别：{row['界别']}"))
        if row.get("专委会") and row["专委会"] not in specials:
            problems.append(RowProblem(index, "专委会", f"本政协没有该专委会：{row['专委会']}"))
        if row.get("是否常委", "") not in YES_NO:
            problems.append(RowProblem(index, "是否常委", "应为“是”或“否”"))
        phone = _clean(row["手机号"], normalize_phone, "手机号", index, problems) if row.get("手机号") else ""
        id_number = (
            _clean(row["身份证号"], normalize_id_number, "身份证号", index, problems)
            if row.get("身份证号")
            else ""
        )
        parsed.append((index, row, gender, phone, id_number))
    _duplicates([(p[0], p[4]) for p in parsed], "身份证号", problems, "身份证号")
    _duplicates([(p[0], p[3]) for p in parsed], "手机号", problems, "手机号")

    people = {
        p.id_number_hash: p
        for p in Person.objects.filter(
            id_number_hash__in=[h for p in parsed if p[4] for h in search_hashes(p[4])]
        )
    }
    members_here = set(Member.objects.filter(committee=committee).values_list("person_id", flat=True))
    # The roster rule refuses the member role to an administrator's account (三员分立): say so
    # here, before anything is written, rather than failing a batch halfway.
    admin_users = set(
        RoleAssignment.objects.filter(
            user_id__in=[p.user_id for p in people.values() if p.user_id], role__in=ADMIN_ROLES
        ).values_list("user_id", flat=True)
    )
    for index, _row, _gender, _phone, id_number in parsed:
        person = _first(people, id_number)
        if person is not None and person.pk in members_here:
            problems.append(RowProblem(index, "身份证号", "此人已是本政协委员"))
        if person is not None and person.user_id in admin_users:
            problems.append(RowProblem(index, "身份证号", "此人的账号是管理员专用账号，不能兼任委员"))
    if problems:
        problems.sort(
            key=lambda p: (p.row, MEMBER_COLUMNS.index(p.column) if p.column in MEMBER_COLUMNS else 99)
        )
        return result

    term = committee.terms.order_by("-number").first()

    def write(item: Any) -> list[tuple[Any, ...]]:
        _index, row, gender, phone, id_number = item
        undo: list[tuple[Any, ...]] = []
        person = _first(people, id_number)
        if person is None:
            person = Person.objects.create(
                name=row["姓名"],
                gender=gender or "",  # validated above: never empty here
                ethnicity=row.get("民族") or "汉族",
                affiliation=row["政治面貌"],
                employer=row.get("工作单位", ""),
                job_title=row.get("职务", ""),
                phone=phone,
                phone_hash=search_hash(phone),
                id_number=id_number,
                id_number_hash=search_hash(id_number),
            )
            undo.append(("delete", person))
        member = Member.objects.create(
            committee=committee,
            person=person,
            sector=sectors[row["界别"]],
            special_committee=specials.get(row.get("专委会", "")),
            is_standing=YES_NO[row.get("是否常委", "")],
        )
        undo.append(("delete", member))
        if term is not None:
            member.terms.add(term)
        if person.user_id is not None:  # an account opened elsewhere: the roster rule applies
            role = member_role_from_roster(member=member, by=by)
            if role is not None:
                undo.append(("delete", role))
        return undo

    with transaction.atomic() if long_task is None else nullcontext():
        result.created = _write_all(parsed, write, long_task, progress)
        with transaction.atomic():
            record(action="import.members", obj=committee, by=by, data={"rows": result.created})
            if long_task is not None:  # the rows stand from here on: a rerun must not undo them
                settle(long_task, f"成功导入 {result.created} 个委员")
    return result


def import_units(
    *,
    committee: Committee,
    rows: list[dict[str, str]],
    by: Any,
    long_task: LongTask | None = None,
    progress: Progress | None = None,
) -> ImportResult:
    """Handling units with a contact each, without accounts: a contact's clerk account is opened
    from the unit's page (`contact_account_open`)."""
    result = ImportResult()
    problems = result.problems
    kinds = {label: value for value, label in HandlingUnit.Kind.choices}
    existing = set(HandlingUnit.objects.filter(committee=committee).values_list("name", flat=True))
    parsed = []
    for index, row in enumerate(rows, start=2):
        name = row.get("单位名称", "")
        if not name:
            problems.append(RowProblem(index, "单位名称", "必填"))
        elif name in existing:
            problems.append(RowProblem(index, "单位名称", f"本政协已有该单位：{name}"))
        kind = kinds.get(row.get("单位类别", ""))
        if kind is None:
            problems.append(RowProblem(index, "单位类别", "应为：" + "、".join(kinds)))
        phone = (
            _clean(row["联系人手机"], normalize_phone, "联系人手机", index, problems)
            if row.get("联系人手机")
            else ""
        )
        parsed.append((index, row, kind, phone))
    _duplicates([(p[0], p[1].get("单位名称", "")) for p in parsed], "单位名称", problems, "单位名称")
    if problems:
        problems.sort(key=lambda p: (p.row, UNIT_COLUMNS.index(p.column)))
        return result

    def write(item: Any) -> list[tuple[Any, ...]]:
        _index, row, kind, phone = item
        unit = HandlingUnit.objects.create(committee=committee, name=row["单位名称"], kind=kind or "")
        undo: list[tuple[Any, ...]] = [("delete", unit)]
        if row.get("联系人"):
            contact = UnitContact.objects.create(
                committee=committee,
                unit=unit,
                name=row["联系人"],
                job_title=row.get("联系人职务", ""),
                phone=phone,
            )
            undo.append(("delete", contact))
        return undo

    with transaction.atomic() if long_task is None else nullcontext():
        result.created = _write_all(parsed, write, long_task, progress)
        with transaction.atomic():
            record(action="import.units", obj=committee, by=by, data={"rows": result.created})
            if long_task is not None:  # the rows stand from here on: a rerun must not undo them
                settle(long_task, f"成功导入 {result.created} 个承办单位")
    return result


IMPORTERS = {"members": import_members, "units": import_units}


def import_job(long_task: LongTask, progress: Progress) -> Outcome:
    """The long task behind the import pages: params hold the kind and, encrypted, the rows
    (personal data)."""
    params = long_task.params
    assert long_task.committee_id is not None  # the import page always sets it
    committee = Committee.objects.get(pk=long_task.committee_id)
    result = IMPORTERS[params["kind"]](
        committee=committee,
        rows=json.loads(decrypt(params["rows"])),
        by=long_task.owner,
        long_task=long_task,
        progress=progress,
    )
    # The file's personal data is not kept once the import has run.
    LongTask.objects.filter(pk=long_task.pk).update(params={"kind": params["kind"]})
    if result.problems:
        return Outcome(
            error=f"发现 {len(result.problems)} 处问题，未导入任何数据",
            data={"problems": [asdict(p) for p in result.problems]},
            file=("导入错误报告.xlsx", problems_bytes(result.problems)),
        )
    return Outcome(message=long_task.message)
