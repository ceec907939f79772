from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from zhengxie.audit.models import AuditEvent

URL = reverse("accounts:security")


def _lock(client, username):
    for _ in range(5):
        client.post(
            reverse("accounts:login"), {"username": username, "password": "nope"}, REMOTE_ADDR="10.1.1.1"
        )


def test_secadmin_sees_and_lifts_a_lockout(client, p):
    _lock(client, "wang")
    client.force_login(p.secadmin)
    home = client.get("/").content.decode()
    assert "被锁定的账号" in home
    page = client.get(URL).content.decode()
    assert "wang" in page
    attempt = AccessAttempt.objects.get(username="wang")
    assert client.post(URL, {"action": "unlock", "attempt": attempt.pk}).status_code == 302
    assert not AccessAttempt.objects.exists()
    assert AuditEvent.objects.filter(action="auth.unlocked", actor=p.secadmin).exists()


def test_secadmin_resets_a_lost_second_factor(client, p):
    TOTPDevice.objects.create(user=p.leader, name="phone", confirmed=True)
    client.force_login(p.secadmin)
    assert client.post(URL, {"action": "reset_otp", "user": p.leader.pk}).status_code == 302
    assert not TOTPDevice.objects.filter(user=p.leader).exists()
    assert AuditEvent.objects.filter(action="account.otp_reset", actor=p.secadmin).exists()


def test_secadmin_cannot_reset_a_user_of_another_committee(client, p):
    # The city's subtree (its counties) is his; the province above it is not.
    from zhengxie.org.services import account_create, role_grant

    province_staff = account_create(username="prov", display_name="省干部", password=None, by=None)
    role_grant(user=province_staff, committee=p.province, role="info_staff", by=None)
    TOTPDevice.objects.create(user=province_staff, name="phone", confirmed=True)
    client.force_login(p.secadmin)
    assert client.post(URL, {"action": "reset_otp", "user": province_staff.pk}).status_code == 404
    assert TOTPDevice.objects.filter(user=province_staff).exists()


@pytest.mark.parametrize("persona", ["sysadmin", "auditadmin", "leader", "member_wang"])
def test_only_the_security_administrator_reaches_the_page(client, p, persona):
    client.force_login(getattr(p, persona))
    assert client.get(URL).status_code == 404


def test_security_page_query_count_is_fixed(client, p, django_assert_max_num_queries):
    client.force_login(p.secadmin)
    # 13: the committee tree (one query) and the lockouts, to keep to the committee's subtree.
    with django_assert_max_num_queries(13):
        assert client.get(URL).status_code == 200
