"""What an authenticated user must do before using the platform, in order:
set up a second factor (where required), change an initial or expired password, and acknowledge
the personal-information notice."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone
from django_otp import user_has_device

from zhengxie.org.roles import TWO_FACTOR_ROLES
from zhengxie.org.scope import assignments


def requires_two_factor(user: Any) -> bool:
    if user_has_device(user):
        return True  # whoever enrolled a device uses it, required or not
    return settings.REQUIRE_2FA and any(role in TWO_FACTOR_ROLES for _, role, _ in assignments(user))


def password_expired(user: Any) -> bool:
    if settings.PASSWORD_MAX_AGE_DAYS <= 0 or user.password_changed_at is None:
        return False
    return timezone.now() - user.password_changed_at > timedelta(days=settings.PASSWORD_MAX_AGE_DAYS)


def pending_step(user: Any) -> str | None:
    """The URL name of the first gate the user has not passed, or None."""
    if requires_two_factor(user) and not user.is_verified():
        return "accounts:otp_verify" if user_has_device(user) else "accounts:otp_setup"
    if user.must_change_password or password_expired(user):
        return "accounts:password_change"
    if user.privacy_acknowledged_at is None:
        return "accounts:privacy"
    return None
