"""Writes about accounts themselves: passwords, the privacy notice, second factors, API tokens."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from zhengxie.audit.services import record
from zhengxie.lib.errors import DomainError

from .models import ApiToken, PasswordHistory, User
from .passwords import HISTORY_SIZE


def password_set(*, user: User, password: str, by: Any) -> None:
    """The caller has validated `password` against AUTH_PASSWORD_VALIDATORS.

    API tokens issued under the old password are revoked with it, as Django ends other sessions."""
    with transaction.atomic():
        _remember_password(user)  # the one being replaced, if it was set outside this service
        user.set_password(password)
        user.must_change_password = False
        user.password_changed_at = timezone.now()
        user.save(update_fields=["password", "must_change_password", "password_changed_at"])
        _remember_password(user)
        revoked = ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        record(action="account.password_changed", obj=user, by=by, data={"tokens_revoked": revoked})


def _remember_password(user: User) -> None:
    """Keep the account's current password hash in its history, trimmed to the policy's size."""
    if not user.has_usable_password():
        return
    history = PasswordHistory.objects.filter(user=user)
    if history.filter(password=user.password).exists():
        return
    PasswordHistory.objects.create(user=user, password=user.password)
    stale = history.values_list("pk", flat=True)[HISTORY_SIZE:]
    PasswordHistory.objects.filter(pk__in=list(stale)).delete()


def privacy_acknowledge(*, user: User) -> None:
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(privacy_acknowledged_at=timezone.now())
        user.privacy_acknowledged_at = timezone.now()
        record(action="account.privacy_acknowledged", obj=user, by=user)


def totp_device_start(*, user: User) -> TOTPDevice:
    """An unconfirmed device for enrolment; an earlier unconfirmed one is replaced."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name="身份验证器", confirmed=False)


def totp_device_confirm(*, device: TOTPDevice, token: str) -> None:
    if not device.verify_token(token):
        raise DomainError("验证码不正确，请核对手机上的6位数字后重试")
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        record(action="auth.otp_enrolled", obj=device.user, by=device.user)


def totp_reset(*, user: User, by: Any) -> int:
    """Remove a user's second factors (lost phone); the gate makes him enrol again at next login."""
    with transaction.atomic():
        count, _ = TOTPDevice.objects.filter(user=user).delete()
        record(action="account.otp_reset", obj=user, by=by, data={"devices": count})
    return count


def api_token_revoke(*, token: ApiToken, by: Any) -> None:
    if token.revoked_at is not None:
        raise DomainError("该令牌已撤销")
    with transaction.atomic():
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        record(
            action="api_token.revoked", obj=token.user, by=by, data={"token": token.pk, "name": token.name}
        )
