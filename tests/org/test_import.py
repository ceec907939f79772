from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_tasks_db.models import DBTaskResult
from openpyxl import Workbook, load_workbook

from tests.personas import ID_WANG
from zhengxie.accounts.models import ActivationCode, User
from zhengxie.audit.models import AuditEvent
from zhengxie.lib.personal import id_check_digit
from zhengxie.org.imports import MEMBER_COLUMNS, UNIT_COLUMNS
from zhengxie.org.models import HandlingUnit, Member, Person, RoleAssignment
from zhengxie.org.roles import Role


def _id(n: int) -> str:
    first17 = f"37010219800101{n:03d}"
    return first17 + id_check_digit(first17)


def _member_row(n: int, **overrides: str) -> list[str]:
    row = {
        "姓名": f"导入委员{n}", "性别": "女", "民族": "汉族", "政治面貌": "群众", "界别": "经济界", "专委会": "经济委员会",
        "是否常委": "否", "工作单位": "某公司", "职务": "经理", "手机号": f"1391234{n:04d}", "身份证号": _id(n),
    }  # fmt: skip
    row.update(overrides)
    return [row[c] for c in MEMBER_COLUMNS]


def _xlsx(columns, rows, name="members.xlsx") -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(list(columns))
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def _upload(client, kind, file):
    return client.post(reverse("org:import_upload", args=[kind]), {"file": file})


def _import(client, run_jobs, kind, file):
    """Upload, let the worker run the import, and return the import page with its outcome."""
    with run_jobs():
        response = _upload(client, kind, file)
    assert response.status_code == 302
    return client.get(reverse("org:import_upload", args=[kind]))


def _problems(page) -> set[tuple[int, str]]:
    return {(pr["row"], pr["column"]) for pr in page.context["long_task"].data.get("problems", [])}


def test_template_is_a_real_workbook_with_the_committees_values(client, p):
    client.force_login(p.sysadmin)
    response = client.get(reverse("org:import_template", args=["members"]))
    workbook = load_workbook(io.BytesIO(response.content))
    assert [c.value for c in workbook.worksheets[0][1]] == list(MEMBER_COLUMNS)
    values = workbook["可选值"]
    assert values["A2"].value == "经济界" and values["B2"].value == "经济委员会"
    # Coded columns are drop-downs over the 可选值 sheet that refuse other values.
    sheet = workbook.worksheets[0]
    rules = {str(v.sqref): v for v in sheet.data_validations.dataValidation}
    sector_column = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[list(MEMBER_COLUMNS).index("界别")]
    sector = rules[f"{sector_column}2:{sector_column}5000"]
    assert sector.type == "list" and sector.formula1 == "'可选值'!$A$2:$A$2" and sector.showErrorMessage
    assert len(rules) == 5


def test_the_import_page_describes_each_templates_choices(client, p):
    client.force_login(p.sysadmin)
    page = client.get(reverse("org:import_index")).content.decode()
    units = page[page.index("导入承办单位") :]
    assert "单位类别在单元格的下拉列表中选择" in units and "界别" not in units


def test_members_are_imported_to_the_roster_without_accounts_or_passwords(client, p, run_jobs):
    client.force_login(p.sysadmin)
    users_before = User.objects.count()
    page = _import(client, run_jobs, "members", _xlsx(MEMBER_COLUMNS, [_member_row(i) for i in range(1, 4)]))
    html = page.content.decode()
    assert "成功导入 3 个委员" in html
    members = Member.objects.filter(committee=p.city, person__name__startswith="导入委员")
    assert members.count() == 3
    assert User.objects.count() == users_before  # no account, hence no password anyone chose
    assert not members.filter(person__user__isnull=False).exists()
    assert AuditEvent.objects.filter(action="import.members", data__rows=3).exists()
    # The page says where the accounts are opened: the roster filtered to members without one.
    assert "不开通账号" in html and reverse("org:member_list") + "?account=none" in html
    roster = client.get(reverse("org:member_list"), {"account": "none"}).content.decode()
    assert "导入委员1" in roster and "为全部没有账号的委员开通账号" in roster


def test_the_upload_form_asks_for_no_password(client, p):
    client.force_login(p.sysadmin)
    page = client.get(reverse("org:import_upload", args=["members"])).content.decode()
    assert 'type="password"' not in page and "初始密码" not in page
    assert "登录名" not in MEMBER_COLUMNS and "经办人登录名" not in UNIT_COLUMNS


def test_imported_members_get_accounts_with_activation_codes_from_the_roster(client, p, run_jobs):
    """End to end: the import builds the roster, `roster_accounts_open` opens the accounts with an
    activation code each, and the code lets the member set his own password."""
    from zhengxie.accounts.activation import roster_accounts_open

    client.force_login(p.sysadmin)
    _import(client, run_jobs, "members", _xlsx(MEMBER_COLUMNS, [_member_row(i) for i in range(1, 3)]))
    members = list(Member.objects.filter(committee=p.city, person__name__startswith="导入委员"))
    result = roster_accounts_open(
        committee=p.city, member_ids=[m.pk for m in members], by=p.sysadmin, kind="code"
    )
    assert len(result.credentials) == 2
    for member in members:
        member.person.refresh_from_db()
        user = member.person.user
        assert user is not None and not user.has_usable_password()  # the code sets it, not the admin
        assert ActivationCode.objects.filter(user=user).exists()
        assert RoleAssignment.objects.filter(user=user, committee=p.city, role=Role.MEMBER).exists()


def test_a_person_with_an_account_elsewhere_gets_the_member_role_by_the_roster_rule(client, p, run_jobs):
    from zhengxie.lib.crypto import search_hash

    person = Person.objects.create(name="省委员", gender="F", affiliation="群众", id_number=_id(8))
    account = User.objects.create(username="shengweiyuan", display_name="省委员")
    Person.objects.filter(pk=person.pk).update(id_number_hash=search_hash(_id(8)), user=account)
    client.force_login(p.sysadmin)
    _import(client, run_jobs, "members", _xlsx(MEMBER_COLUMNS, [_member_row(8)]))
    assert RoleAssignment.objects.filter(user=account, committee=p.city, role=Role.MEMBER).exists()
    assert AuditEvent.objects.filter(action="role.granted", data__rule="roster").exists()
    password = account.password
    account.refresh_from_db()
    assert account.password == password  # the import touches no credential


def test_one_bad_row_stores_nothing_and_is_reported_by_row_and_column(client, p, run_jobs):
    client.force_login(p.sysadmin)
    rows = [
        _member_row(1),
        _member_row(
            2, 身份证号=_id(2)[:-1] + ("0" if _id(2)[-1] != "0" else "1"), 界别="不存在界", 手机号="123"
        ),
        _member_row(3, 身份证号=_id(1)),
    ]
    page = _import(client, run_jobs, "members", _xlsx(MEMBER_COLUMNS, rows))
    long_task = page.context["long_task"]
    assert long_task.state == "failed" and "未导入任何数据" in page.content.decode()
    problems = _problems(page)
    assert (3, "界别") in problems and (3, "手机号") in problems and (3, "身份证号") in problems
    assert (2, "身份证号") in problems and (4, "身份证号") in problems  # the same ID twice
    assert not Person.objects.filter(name__startswith="导入委员").exists()
    assert not User.objects.filter(username__startswith="139123").exists()

    report = client.get(reverse("lib:longwork_download", args=[long_task.pk]))
    sheet = load_workbook(io.BytesIO(b"".join(report.streaming_content))).worksheets[0]
    assert sheet["A1"].value == "行号" and sheet.max_row == len(problems) + 1


def test_a_province_member_imported_into_the_city_is_the_same_person(client, p, run_jobs):
    client.force_login(p.sysadmin)
    existing_person = Person.objects.create(name="省委员", gender="F", affiliation="群众", id_number=_id(9))
    from zhengxie.lib.crypto import search_hash

    Person.objects.filter(pk=existing_person.pk).update(id_number_hash=search_hash(_id(9)))
    _import(client, run_jobs, "members", _xlsx(MEMBER_COLUMNS, [_member_row(9)]))
    assert Member.objects.get(committee=p.city, person=existing_person)
    assert Person.objects.filter(id_number_hash=search_hash(_id(9))).count() == 1


def test_an_existing_member_cannot_be_imported_again(client, p, run_jobs):
    client.force_login(p.sysadmin)
    page = _import(client, run_jobs, "members", _xlsx(MEMBER_COLUMNS, [_member_row(1, 身份证号=ID_WANG)]))
    assert "此人已是本政协委员" in page.content.decode()


def test_a_text_file_named_xlsx_is_refused(client, p):
    client.force_login(p.sysadmin)
    fake = SimpleUploadedFile("members.xlsx", "姓名,性别\n张三,男\n".encode())
    response = _upload(client, "members", fake)
    assert response.status_code == 400 and "不是有效的 Excel" in response.content.decode()


def test_wrong_headers_are_refused(client, p):
    client.force_login(p.sysadmin)
    wrong = _upload(client, "members", _xlsx(("名字",), [["张三"]]))
    assert wrong.status_code == 400 and "缺少列" in wrong.content.decode()
    assert not Person.objects.filter(name="张三").exists()


def test_units_import_with_contacts_and_no_clerk_accounts(client, p, run_jobs):
    client.force_login(p.sysadmin)
    users_before = User.objects.count()
    rows = [
        ["市交通运输局", "政府部门", "刘科长", "办公室主任", "13900001111"],
        ["市水利局", "政府部门", "", "", ""],
    ]
    page = _import(client, run_jobs, "units", _xlsx(UNIT_COLUMNS, rows, "units.xlsx"))
    html = page.content.decode()
    assert "成功导入 2 个承办单位" in html and "为经办人开通账号" in html
    unit = HandlingUnit.objects.get(committee=p.city, name="市交通运输局")
    contact = unit.contacts.get()
    assert contact.phone == "13900001111" and contact.user_id is None
    assert User.objects.count() == users_before
    assert not RoleAssignment.objects.filter(handling_unit=unit).exists()


def test_units_import_refuses_duplicates_and_unknown_kinds(client, p, run_jobs):
    client.force_login(p.sysadmin)
    rows = [
        ["市住房和城乡建设局", "政府部门", "", "", ""],  # already exists
        ["市林业局", "外星部门", "", "", ""],
        ["市林业局", "政府部门", "", "", ""],  # duplicate name
    ]
    problems = _problems(_import(client, run_jobs, "units", _xlsx(UNIT_COLUMNS, rows, "units.xlsx")))
    assert {(2, "单位名称"), (3, "单位类别"), (4, "单位名称")} <= problems
    assert not HandlingUnit.objects.filter(name="市林业局").exists()


@pytest.mark.parametrize("persona", ["proposal_staff", "secadmin", "auditadmin", "member_wang"])
def test_only_sysadmin_imports(client, p, persona):
    client.force_login(getattr(p, persona))
    assert client.get(reverse("org:import_index")).status_code == 404
    assert client.get(reverse("org:import_template", args=["members"])).status_code == 404
    assert _upload(client, "members", _xlsx(MEMBER_COLUMNS, [_member_row(1)])).status_code == 404
    assert not Person.objects.filter(name="导入委员1").exists()


def test_three_hundred_members_import_in_batches(client, p, run_jobs):
    client.force_login(p.sysadmin)
    rows = [_member_row(i) for i in range(1, 301)]
    page = _import(client, run_jobs, "members", _xlsx(MEMBER_COLUMNS, rows))
    assert Member.objects.filter(committee=p.city).count() == 301
    long_task = page.context["long_task"]
    assert (long_task.state, long_task.done, long_task.total, long_task.undo) == ("done", 300, 300, [])
    assert long_task.params == {"kind": "members"}  # the rows are not kept


def test_a_failing_batch_removes_the_rows_of_the_earlier_batches(client, p, run_jobs, monkeypatch):
    from zhengxie.org import imports

    monkeypatch.setattr(imports, "BATCH", 2)
    real_create = imports.Member.objects.create
    calls = []

    def create(**kwargs):
        calls.append(1)
        if len(calls) == 4:  # the second row of the second batch
            raise RuntimeError("disk full")
        return real_create(**kwargs)

    monkeypatch.setattr(imports.Member.objects, "create", create)
    client.force_login(p.sysadmin)
    page = _import(client, run_jobs, "members", _xlsx(MEMBER_COLUMNS, [_member_row(i) for i in range(1, 6)]))
    assert "处理时出错，请稍后重试" in page.content.decode()
    # The job itself failed, so the system administrator sees it and may retry it.
    assert DBTaskResult.objects.get().status == "FAILED"
    assert not Person.objects.filter(name__startswith="导入委员").exists()
    assert not User.objects.filter(username__startswith="139123").exists()
    assert Member.objects.filter(committee=p.city).count() == 1


def test_a_rerun_after_the_worker_died_halfway_undoes_then_imports_once(p, monkeypatch):
    """A worker killed after the first batch: the job runs again, removes that batch's rows, and
    imports the file once."""
    import json

    from zhengxie.lib import longwork
    from zhengxie.lib.crypto import encrypt
    from zhengxie.org import imports

    monkeypatch.setattr(imports, "BATCH", 2)
    rows = [dict(zip(MEMBER_COLUMNS, _member_row(i), strict=True)) for i in range(1, 6)]
    long_task = longwork.start(
        runner=imports.import_job,
        label="导入委员",
        owner=p.sysadmin,
        committee_id=p.city.pk,
        params={"kind": "members", "rows": encrypt(json.dumps(rows))},
    )

    class Killed(BaseException):
        pass

    real_advance = longwork.Progress.advance

    def killed_after_first_batch(self, count=1):
        real_advance(self, count)
        raise Killed

    monkeypatch.setattr(longwork.Progress, "advance", killed_after_first_batch)
    with pytest.raises(Killed):
        longwork.run_long_task.call(long_task.pk)
    assert Person.objects.filter(name__startswith="导入委员").count() == 2
    monkeypatch.setattr(longwork.Progress, "advance", real_advance)
    assert longwork.run_long_task.call(long_task.pk) == "done"
    assert Person.objects.filter(name__startswith="导入委员").count() == 5
    assert Member.objects.filter(committee=p.city).count() == 6
    assert longwork.run_long_task.call(long_task.pk) == "skipped"  # a third run changes nothing


def test_a_person_whose_account_is_an_administrators_is_refused_before_anything_is_written(
    client, p, run_jobs
):
    from zhengxie.lib.crypto import search_hash

    person = Person.objects.create(name="管理员本人", gender="M", affiliation="群众", id_number=_id(7))
    Person.objects.filter(pk=person.pk).update(id_number_hash=search_hash(_id(7)), user=p.secadmin)
    client.force_login(p.sysadmin)
    page = _import(client, run_jobs, "members", _xlsx(MEMBER_COLUMNS, [_member_row(1), _member_row(7)]))
    assert (3, "身份证号") in _problems(page)
    assert not Member.objects.filter(person__name__in=["导入委员1", "管理员本人"]).exists()
    assert not RoleAssignment.objects.filter(user=p.secadmin, role=Role.MEMBER).exists()
