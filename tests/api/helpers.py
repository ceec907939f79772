"""Shared helpers for the API tests: a token for a persona, and JSON calls with it."""

from __future__ import annotations

from typing import Any

from django.test import Client

from zhengxie.accounts.models import User
from zhengxie.accounts.tokens import api_token_create


def bearer(user: User) -> dict[str, str]:
    """Request headers that authenticate as `user` with a fresh personal token."""
    _, value = api_token_create(user=user, name="测试")
    return {"Authorization": f"Bearer {value}"}


def get(client: Client, url: str, user: User | None = None, **params: Any) -> Any:
    headers = bearer(user) if user is not None else {}
    return client.get(url, params, headers=headers)
