from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from zhengxie.accounts.models import User
from zhengxie.org.models import Committee
from zhengxie.org.scope import roles_in


def test_a_fresh_deployment_gets_its_committees_and_separated_administrators(db, monkeypatch):
    call_command("create_committee", "--code", "3701", "--name", "青州市政协", "--level", "city")
    call_command(
        "create_committee",
        "--code",
        "370102",
        "--name",
        "安平县政协",
        "--level",
        "county",
        "--parent",
        "3701",
    )
    city = Committee.objects.get(code="3701")
    assert city.children.get().name == "安平县政协"
    for username, role in (("sys1", "sysadmin"), ("sec1", "secadmin"), ("aud1", "auditadmin")):
        monkeypatch.setattr("sys.stdin", io.StringIO("Strong-Pass-2026\n"))
        call_command(
            "create_admin",
            "--username",
            username,
            "--name",
            "管理员",
            "--committee",
            "3701",
            "--role",
            role,
            "--password-stdin",
        )
        user = User.objects.get(username=username)
        assert roles_in(user, city.pk) == {role} and user.must_change_password and not user.is_superuser


def test_create_admin_refuses_weak_passwords_and_unknown_committees(db, monkeypatch):
    call_command("create_committee", "--code", "3701", "--name", "青州市政协", "--level", "city")
    monkeypatch.setattr("sys.stdin", io.StringIO("123\n"))
    with pytest.raises(CommandError):
        call_command(
            "create_admin",
            "--username",
            "x",
            "--name",
            "x",
            "--committee",
            "3701",
            "--role",
            "sysadmin",
            "--password-stdin",
        )
    with pytest.raises(CommandError, match="没有代码为 9999"):
        call_command(
            "create_admin",
            "--username",
            "x",
            "--name",
            "x",
            "--committee",
            "9999",
            "--role",
            "sysadmin",
            "--password-stdin",
        )
    assert not User.objects.exists()


def test_create_committee_refuses_duplicates_and_unknown_parents(db):
    call_command("create_committee", "--code", "3701", "--name", "青州市政协", "--level", "city")
    with pytest.raises(CommandError, match="已存在"):
        call_command("create_committee", "--code", "3701", "--name", "x", "--level", "city")
    with pytest.raises(CommandError, match="上级政协"):
        call_command(
            "create_committee", "--code", "3702", "--name", "x", "--level", "county", "--parent", "nope"
        )
