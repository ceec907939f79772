"""Authenticate with a username or with the account's mobile number."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from zhengxie.lib.crypto import search_hashes
from zhengxie.lib.personal import looks_like_phone, normalize_phone

from .models import User


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
        user = User.objects.filter(username=username).first()
        if user is None and looks_like_phone(username):
            user = User.objects.filter(phone_hash__in=search_hashes(normalize_phone(username))).first()
        if user is None:
            User().set_password(password)  # same work as a real check, so timing does not reveal names
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
