from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from tests.personas import PASSWORD
from zhengxie.accounts.models import User
from zhengxie.audit.models import AuditEvent

NEW_PASSWORD = "Qz-new-Secret-77"


def test_first_login_requires_password_change_then_privacy_notice(client, p):
    User.objects.filter(pk=p.member_wang.pk).update(must_change_password=True, privacy_acknowledged_at=None)
    client.post(reverse("accounts:login"), {"username": "wang", "password": PASSWORD})
    assert client.get("/")["Location"] == reverse("accounts:password_change")

    weak = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": "abcdefghij", "new_password2": "abcdefghij"},
    )
    assert weak.status_code == 400
    assert "至少三类" in weak.content.decode()
    assert User.objects.get(pk=p.member_wang.pk).check_password(PASSWORD)

    ok = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert ok.status_code == 302
    assert client.get("/")["Location"] == reverse("accounts:privacy")
    notice = client.get(reverse("accounts:privacy")).content.decode()
    assert "个人信息保护法" in notice and "SM4" in notice
    client.post(reverse("accounts:privacy"))
    assert client.get("/").status_code == 200

    user = User.objects.get(pk=p.member_wang.pk)
    assert not user.must_change_password and user.privacy_acknowledged_at is not None
    assert AuditEvent.objects.filter(action="account.password_changed", actor=user).exists()
    assert AuditEvent.objects.filter(action="account.privacy_acknowledged", actor=user).exists()


def test_expired_password_must_be_changed(client, p, settings):
    User.objects.filter(pk=p.info_staff.pk).update(password_changed_at=timezone.now() - timedelta(days=91))
    client.force_login(p.info_staff)
    assert client.get("/")["Location"] == reverse("accounts:password_change")
    settings.PASSWORD_MAX_AGE_DAYS = 0
    assert client.get("/").status_code == 200
