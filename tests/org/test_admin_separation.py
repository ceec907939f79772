"""Three-admin separation (三员分立): each attack step a system administrator could take alone, and
the security administrator's reach. Each test failed before the separation was enforced."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from tests.querycount import same_for_few_and_many
from zhengxie.accounts import activation
from zhengxie.accounts.models import User
from zhengxie.audit.models import AuditEvent
from zhengxie.lib.errors import DomainError
from zhengxie.org import services
from zhengxie.org.models import RoleAssignment
from zhengxie.org.roles import Role

USERS = reverse("org:user_list")
ROLES = reverse("org:role_list")
SECURITY = reverse("accounts:security")


def _fresh(p, username="fresh"):
    return services.account_create(
        username=username, display_name="新账号", password=None, by=p.sysadmin, committee=p.city
    )


def test_sysadmin_cannot_grant_a_business_role(p):
    user = _fresh(p)
    with pytest.raises(DomainError, match="安全管理员授予"):
        services.role_grant(user=user, committee=p.city, role=Role.PROPOSAL_STAFF, by=p.sysadmin)
    assert not RoleAssignment.objects.filter(user=user).exists()


@pytest.mark.parametrize("role", [Role.SYSADMIN, Role.SECADMIN, Role.AUDITADMIN])
@pytest.mark.parametrize("actor", ["sysadmin", "secadmin"])
def test_no_administrator_creates_another_administrator(p, role, actor):
    user = _fresh(p)
    with pytest.raises(DomainError, match="create_admin"):
        services.role_grant(user=user, committee=p.city, role=role, by=getattr(p, actor))
    assert not RoleAssignment.objects.filter(user=user).exists()


def test_sysadmin_cannot_deactivate_the_audit_administrator(client, p):
    client.force_login(p.sysadmin)
    client.post(USERS, {"action": "deactivate", "user": p.auditadmin.pk})
    assert User.objects.get(pk=p.auditadmin.pk).is_active
    with pytest.raises(DomainError, match="管理员账号"):
        services.account_set_active(user=p.secadmin, active=False, by=p.sysadmin)
    assert not AuditEvent.objects.filter(action="account.deactivated").exists()


def test_no_administrator_resets_another_administrators_password(client, p):
    client.force_login(p.sysadmin)
    before = User.objects.get(pk=p.auditadmin.pk).password
    client.post(USERS, {"action": "reset", "user": p.auditadmin.pk, "delivery": "letter_password"})
    assert User.objects.get(pk=p.auditadmin.pk).password == before
    with pytest.raises(DomainError, match="管理员账号"):
        activation.password_reset(user=p.secadmin, by=p.sysadmin, kind=activation.CODE)


def test_administrator_roles_cannot_be_revoked_on_the_platform(p):
    assignment = RoleAssignment.objects.get(user=p.auditadmin)
    with pytest.raises(DomainError, match="不能在平台上撤销"):
        services.role_revoke(assignment=assignment, by=p.secadmin)
    assert RoleAssignment.objects.filter(pk=assignment.pk).exists()


def test_secadmin_grants_and_revokes_a_staff_role_each_step_audited(client, p):
    user = _fresh(p)
    client.force_login(p.secadmin)
    assert "fresh" in client.get(ROLES).content.decode()
    response = client.post(ROLES, {"action": "grant", "user": user.pk, "role": Role.PROPOSAL_STAFF})
    assert response.status_code == 302
    assignment = RoleAssignment.objects.get(user=user, role=Role.PROPOSAL_STAFF, committee=p.city)
    client.post(ROLES, {"action": "revoke", "assignment": assignment.pk})
    assert not RoleAssignment.objects.filter(pk=assignment.pk).exists()
    actions = list(
        AuditEvent.objects.filter(actor=p.secadmin, action__startswith="role.")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["role.granted", "role.revoked"]


def test_secadmin_cannot_grant_the_member_role_or_an_administrator_role(client, p):
    user = _fresh(p)
    client.force_login(p.secadmin)
    for role in (Role.MEMBER, Role.AUDITADMIN):
        response = client.post(ROLES, {"action": "grant", "user": user.pk, "role": role})
        assert response.status_code == 400
    assert not RoleAssignment.objects.filter(user=user).exists()


def test_secadmin_grants_a_unit_role_only_with_a_unit(client, p):
    user = _fresh(p)
    client.force_login(p.secadmin)
    response = client.post(ROLES, {"action": "grant", "user": user.pk, "role": Role.UNIT_LEADER})
    assert response.status_code == 400 and "须指定本政协的承办单位" in response.content.decode()
    client.post(
        ROLES, {"action": "grant", "user": user.pk, "role": Role.UNIT_LEADER, "handling_unit": p.unit.pk}
    )
    assert RoleAssignment.objects.get(user=user).handling_unit == p.unit


def test_secadmin_cannot_reach_accounts_or_roles_of_another_committee(client, p):
    client.force_login(p.secadmin)
    assert "county_b" not in client.get(ROLES).content.decode()
    response = client.post(ROLES, {"action": "grant", "user": p.county_b_staff.pk, "role": Role.LEADER})
    assert response.status_code == 404
    county = RoleAssignment.objects.get(user=p.county_b_staff)
    assert client.post(ROLES, {"action": "revoke", "assignment": county.pk}).status_code == 404
    assert RoleAssignment.objects.filter(user=p.county_b_staff).count() == 1


@pytest.mark.parametrize("persona", ["sysadmin", "auditadmin", "leader", "member_wang"])
def test_only_the_security_administrator_reaches_role_grants(client, p, persona):
    client.force_login(getattr(p, persona))
    assert client.get(ROLES).status_code == 404


def test_role_page_query_count_does_not_grow(client, p):
    client.force_login(p.secadmin)

    def add(n):
        start = User.objects.count()
        for i in range(n):
            _fresh(p, username=f"staff{start + i}")

    same_for_few_and_many(client, ROLES, add)


def _lock(client, identifier):
    for _ in range(5):
        client.post(
            reverse("accounts:login"), {"username": identifier, "password": "nope"}, REMOTE_ADDR="10.9.9.9"
        )


def test_city_secadmin_sees_and_unlocks_only_his_subtrees_accounts(client, p):
    province_staff = services.account_create(username="prov", display_name="省干部", password=None, by=None)
    services.role_grant(user=province_staff, committee=p.province, role=Role.INFO_STAFF, by=None)
    _lock(client, "prov")
    _lock(client, "county_b")  # 乙县 is below the city
    client.force_login(p.secadmin)
    page = client.get(SECURITY).content.decode()
    assert "county_b" in page and "prov" not in page
    foreign = AccessAttempt.objects.get(username="prov")
    assert client.post(SECURITY, {"action": "unlock", "attempt": foreign.pk}).status_code == 404
    assert AccessAttempt.objects.filter(pk=foreign.pk).exists()
    own = AccessAttempt.objects.get(username="county_b")
    assert client.post(SECURITY, {"action": "unlock", "attempt": own.pk}).status_code == 302
    assert not AccessAttempt.objects.filter(pk=own.pk).exists()
