"""Authenticate with a username or with the account's mobile number."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from zhengxie.lib.crypto import search_hashes
from zhengxie.lib.personal import normalize_phone

from .models import User


def phone_or_none(identifier: str) -> str | None:
    """The 11-digit number behind `135 8209 4348`, `135-8209-4348` or `+86 13582094348`, else None."""
    try:
        return normalize_phone(identifier)
    except ValidationError:
        return None


def find_account(identifier: str) -> User | None:
    """The account a typed login name means: a username first, then a login phone in any form.

    Login and the lockout count both resolve identifiers here, so whatever form is typed, the
    failures land on the same account."""
    identifier = (identifier or "").strip()
    if not identifier:
        return None
    user = User.objects.filter(username=identifier).first()
    if user is None:
        phone = phone_or_none(identifier)
        if phone is not None:
            user = User.objects.filter(phone_hash__in=search_hashes(phone)).first()
    return user


class UsernameOrPhoneBackend(ModelBackend):
    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        if not username or password is None:
            return None
        user = find_account(username)
        if user is None:
            User().set_password(password)  # same work as a real check, so timing does not reveal names
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
