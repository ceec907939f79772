from __future__ import annotations

from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.personas import PASSWORD
from zhengxie.audit.models import AuditEvent


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key):06d}"


def test_staff_must_enrol_a_second_factor_when_required(client, p, settings):
    settings.REQUIRE_2FA = True
    client.post(reverse("accounts:login"), {"username": "proposal", "password": PASSWORD})
    assert client.get("/")["Location"] == reverse("accounts:otp_setup")
    page = client.get(reverse("accounts:otp_setup"))
    assert "<svg" in page.content.decode()
    device = TOTPDevice.objects.get(user=p.proposal_staff, confirmed=False)

    bad = client.post(
        reverse("accounts:otp_setup"), {"token": "000000" if _code(device) != "000000" else "111111"}
    )
    assert bad.status_code == 400
    device.refresh_from_db()
    device.throttle_reset()  # django-otp slows retries after a failure; the test need not wait
    assert client.post(reverse("accounts:otp_setup"), {"token": _code(device)}).status_code == 302
    assert client.get("/").status_code == 200
    assert AuditEvent.objects.filter(action="auth.otp_enrolled", actor=p.proposal_staff).exists()


def test_member_is_not_forced_to_enrol(client, p, settings):
    settings.REQUIRE_2FA = True
    client.post(reverse("accounts:login"), {"username": "wang", "password": PASSWORD})
    assert client.get("/").status_code == 200


def test_enrolled_user_needs_the_code_before_being_logged_in(client, p):
    device = TOTPDevice.objects.create(user=p.leader, name="phone", confirmed=True)
    response = client.post(reverse("accounts:login"), {"username": "leader", "password": PASSWORD})
    assert response["Location"] == reverse("accounts:otp_verify")
    assert "_auth_user_id" not in client.session  # not logged in after the password alone
    assert client.get("/").status_code == 302

    wrong = client.post(reverse("accounts:otp_verify"), {"token": "12345"})
    assert wrong.status_code == 400 and "6位数字" in wrong.content.decode()
    assert client.post(reverse("accounts:otp_verify"), {"token": _code(device)}).status_code == 302
    assert client.get("/").status_code == 200
    assert AuditEvent.objects.filter(action="auth.login", actor=p.leader, data__second_factor=True).exists()


def test_repeated_wrong_codes_end_the_attempt(client, p):
    device = TOTPDevice.objects.create(user=p.leader, name="phone", confirmed=True)
    client.post(reverse("accounts:login"), {"username": "leader", "password": PASSWORD})
    wrong = "000000" if _code(device) != "000000" else "111111"
    for _ in range(5):
        response = client.post(reverse("accounts:otp_verify"), {"token": wrong})
    assert response["Location"] == reverse("accounts:login")
    assert client.get(reverse("accounts:otp_verify"))["Location"] == reverse("accounts:login")
    assert AuditEvent.objects.filter(action="auth.otp_failed", success=False).count() == 5
