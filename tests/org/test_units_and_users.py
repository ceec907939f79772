from __future__ import annotations

import pytest
from django.urls import reverse

from zhengxie.accounts.models import User
from zhengxie.audit.models import AuditEvent
from zhengxie.org.models import HandlingUnit, RoleAssignment, UnitContact
from zhengxie.org.roles import Role
from zhengxie.org.scope import committee_ids

UNITS = reverse("org:unit_list")
USERS = reverse("org:user_list")


def _units(p, n):
    for i in range(n):
        unit = HandlingUnit.objects.create(committee=p.city, name=f"单位{i}")
        UnitContact.objects.create(committee=p.city, unit=unit, name=f"联系人{i}", phone="13700000000")


@pytest.mark.parametrize("rows", [2, 50])
def test_unit_list_query_count_does_not_grow(client, p, rows, django_assert_num_queries):
    _units(p, rows)
    client.force_login(p.supervision_staff)
    client.get(UNITS)
    with django_assert_num_queries(9):
        page = client.get(UNITS)
    assert "137****0000" in page.content.decode()


def test_clerk_is_sent_to_his_own_unit_and_cannot_see_others(client, p):
    other = HandlingUnit.objects.create(committee=p.city, name="市教育局")
    client.force_login(p.unit_clerk)
    assert client.get(UNITS)["Location"] == reverse("org:unit_detail", args=[p.unit.pk])
    assert client.get(reverse("org:unit_detail", args=[p.unit.pk])).status_code == 200
    assert client.get(reverse("org:unit_detail", args=[other.pk])).status_code == 404


def test_sysadmin_creates_a_unit_and_a_contact(client, p):
    client.force_login(p.sysadmin)
    response = client.post(reverse("org:unit_create"), {"name": "市水利局", "kind": "government"})
    unit = HandlingUnit.objects.get(name="市水利局")
    assert response["Location"] == reverse("org:unit_detail", args=[unit.pk])
    bad = client.post(reverse("org:unit_detail", args=[unit.pk]), {"name": "张三", "phone": "123"})
    assert bad.status_code == 400 and not unit.contacts.exists()
    client.post(reverse("org:unit_detail", args=[unit.pk]), {"name": "张三", "phone": "13912345678"})
    assert unit.contacts.get().phone == "13912345678"
    duplicate = client.post(reverse("org:unit_create"), {"name": "市水利局", "kind": "government"})
    assert duplicate.status_code == 400 and "已存在" in duplicate.content.decode()
    assert AuditEvent.objects.filter(action="handling_unit.created").count() == 1


def test_staff_cannot_create_units(client, p):
    client.force_login(p.proposal_staff)
    assert client.post(reverse("org:unit_create"), {"name": "x", "kind": "government"}).status_code == 404
    assert not HandlingUnit.objects.filter(name="x").exists()


def test_sysadmin_creates_an_account_without_a_role_and_without_choosing_its_password(client, p):
    client.force_login(p.sysadmin)
    data = {
        "action": "create",
        "new-username": "newstaff",
        "new-display_name": "新干部",
        "new-phone": "",
        "new-delivery": "letter_password",
        # An attacker's extra fields are ignored: no role, no password of his choosing.
        "new-password": "Init-Pass-2026x",
        "new-role": Role.INFO_STAFF,
    }
    response = client.post(USERS, data)
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")
    user = User.objects.get(username="newstaff")
    assert user.must_change_password and committee_ids(user) == set()
    assert not user.check_password("Init-Pass-2026x")
    assert "newstaff" in client.get(USERS).content.decode()  # still found through its committee


def test_account_with_a_bad_username_is_not_created(client, p):
    client.force_login(p.sysadmin)
    data = {
        "action": "create",
        "new-username": "坏 名",
        "new-display_name": "x",
        "new-delivery": "letter_code",
    }
    response = client.post(USERS, data)
    assert response.status_code == 400 and "登录名为3至40位" in response.content.decode()
    assert not User.objects.filter(display_name="x").exists()


def test_sysadmin_can_no_longer_grant_or_revoke_roles(client, p):
    client.force_login(p.sysadmin)
    assert (
        client.post(USERS, {"action": "grant", "user": p.leader.pk, "role": Role.SECADMIN}).status_code == 404
    )
    assignment = RoleAssignment.objects.get(user=p.leader)
    assert client.post(USERS, {"action": "revoke", "assignment": assignment.pk}).status_code == 404
    assert client.get(reverse("org:role_list")).status_code == 404
    assert list(RoleAssignment.objects.filter(user=p.leader).values_list("role", flat=True)) == [Role.LEADER]


def test_sysadmin_cannot_touch_accounts_of_another_committee(client, p):
    client.force_login(p.sysadmin)
    assert client.post(USERS, {"action": "deactivate", "user": p.county_b_staff.pk}).status_code == 404
    assert User.objects.get(pk=p.county_b_staff.pk).is_active


def test_sysadmin_deactivates_an_account_which_then_cannot_log_in(client, p):
    client.force_login(p.sysadmin)
    client.post(USERS, {"action": "deactivate", "user": p.leader.pk})
    assert not User.objects.get(pk=p.leader.pk).is_active
    assert AuditEvent.objects.filter(action="account.deactivated").exists()


@pytest.mark.parametrize("persona", ["secadmin", "auditadmin", "leader", "member_wang"])
def test_only_sysadmin_reaches_accounts_and_roles(client, p, persona):
    client.force_login(getattr(p, persona))
    assert client.get(USERS).status_code == 404


@pytest.mark.parametrize("extra", [0, 30])
def test_user_list_query_count_does_not_grow(client, p, extra, django_assert_num_queries):
    from zhengxie.org import services

    for i in range(extra):
        user = services.account_create(username=f"u{i}", display_name="x", password=None, by=None)
        services.role_grant(user=user, committee=p.city, role=Role.MEMBER, by=None)
    client.force_login(p.sysadmin)
    client.get(USERS)
    with django_assert_num_queries(11):
        assert client.get(USERS).status_code == 200


def test_switching_committee_needs_a_role_there(client, p):
    from zhengxie.org.services import role_grant

    role_grant(user=p.member_wang, committee=p.province, role=Role.MEMBER, by=None)
    client.force_login(p.member_wang)
    assert client.post(reverse("org:switch_committee"), {"committee": p.province.pk}).status_code == 302
    assert "测试省政协" in client.get("/").content.decode()
    assert client.post(reverse("org:switch_committee"), {"committee": p.county_b.pk}).status_code == 404


@pytest.mark.parametrize("contacts", [1, 20])
def test_unit_detail_query_count_does_not_grow(client, p, contacts, django_assert_num_queries):
    for i in range(contacts):
        UnitContact.objects.create(committee=p.city, unit=p.unit, name=f"联系人{i}", phone="13700000000")
    client.force_login(p.sysadmin)
    client.get(reverse("org:unit_detail", args=[p.unit.pk]))
    with django_assert_num_queries(8):
        assert client.get(reverse("org:unit_detail", args=[p.unit.pk])).status_code == 200
