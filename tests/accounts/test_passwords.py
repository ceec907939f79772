"""Password policy: Chinese messages whatever the active language, no reuse of the last five."""

from __future__ import annotations

import re
from itertools import pairwise
from typing import Any

import pytest
from django.contrib.auth.password_validation import password_validators_help_texts, validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.personas import PASSWORD, Personas
from zhengxie.accounts.forms import PasswordChangeForm
from zhengxie.accounts.models import PasswordHistory, User
from zhengxie.accounts.services import password_set

CHANGE = reverse("accounts:password_change")
ENGLISH = re.compile(r"[A-Za-z]{3,}")

BAD_PASSWORDS = {
    "Ab1!": "密码太短，至少需要10个字符",
    "Wang-12": "密码与用户名过于相似",
    "password123": "密码过于常见",
    "1234567890987": "密码不能全部是数字",
    "abcdefghijkl": "密码须包含大写字母、小写字母、数字、符号中的至少三类",
}


def _messages(password: str, user: User) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        validate_password(password, user)
    return caught.value.messages


@pytest.mark.parametrize("language", ["en", "zh-hans", None])
def test_every_validator_message_is_chinese_whatever_the_language(p: Personas, language: str | None) -> None:
    with translation.override(language):
        for password, expected in BAD_PASSWORDS.items():
            messages = _messages(password, p.member_wang)
            assert expected in "；".join(messages), (password, messages)
            for message in messages:
                assert not ENGLISH.search(message), message
        for help_text in password_validators_help_texts():
            assert not ENGLISH.search(help_text), help_text


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_password_change_form_speaks_chinese(p: Personas, language: str) -> None:
    with translation.override(language):
        form = PasswordChangeForm(
            p.member_wang,
            {"old_password": "wrong", "new_password1": "Brand-New-1!", "new_password2": "other"},
        )
        assert not form.is_valid()
        errors = [m for field in form.errors.values() for m in field]
        assert "当前密码不正确，请重新输入" in errors and "两次输入的新密码不一致" in errors
        empty = PasswordChangeForm(p.member_wang, {})
        assert not empty.is_valid()
        assert empty.errors["old_password"] == ["请填写当前密码"]
        for message in [*errors, *(m for field in empty.errors.values() for m in field)]:
            assert not ENGLISH.search(str(message)), message


def test_password_page_shows_chinese_errors_to_an_english_browser(client: Client, p: Personas) -> None:
    client.force_login(p.member_wang)
    response = client.post(
        CHANGE,
        {"old_password": PASSWORD, "new_password1": "password123", "new_password2": "password123"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "密码过于常见" in page
    assert "too common" not in page and "This password" not in page


def _change(client: Client, old: str, new: str) -> Any:
    return client.post(CHANGE, {"old_password": old, "new_password1": new, "new_password2": new})


def test_the_last_five_passwords_cannot_be_chosen_again(client: Client, p: Personas) -> None:
    client.force_login(p.member_wang)
    # The initial password is the current one: choosing it again is refused.
    refused = _change(client, PASSWORD, PASSWORD)
    assert refused.status_code == 400
    assert "新密码不能与最近5次使用过的密码相同" in refused.content.decode()

    passwords = [PASSWORD] + [f"Brand-New-Pass-{i}" for i in range(1, 7)]
    for old, new in pairwise(passwords):
        assert _change(client, old, new).status_code == 302, new
    current = passwords[-1]
    # The last five (the current one and the four before it) are refused ...
    for reused in passwords[-5:]:
        response = _change(client, current, reused)
        assert response.status_code == 400, reused
        assert "新密码不能与最近5次使用过的密码相同" in response.content.decode()
    p.member_wang.refresh_from_db()
    assert p.member_wang.check_password(current)
    # ... an older one is allowed again.
    assert _change(client, current, passwords[1]).status_code == 302
    assert PasswordHistory.objects.filter(user=p.member_wang).count() == 5


def test_history_keeps_hashes_not_passwords(p: Personas) -> None:
    password_set(user=p.member_wang, password="Brand-New-Pass-1", by=p.member_wang)
    stored = list(PasswordHistory.objects.filter(user=p.member_wang).values_list("password", flat=True))
    assert len(stored) == 2  # the initial password and the new one
    assert all("Brand-New-Pass-1" not in h and PASSWORD not in h for h in stored)
    p.member_wang.refresh_from_db()
    assert stored[0] == p.member_wang.password


def test_history_applies_wherever_passwords_are_validated(p: Personas) -> None:
    password_set(user=p.member_wang, password="Brand-New-Pass-1", by=p.member_wang)
    with translation.override("en"):
        assert _messages(PASSWORD, p.member_wang) == ["新密码不能与最近5次使用过的密码相同"]
    validate_password("Brand-New-Pass-2", p.member_wang)  # a fresh one passes
    validate_password(PASSWORD, None)  # no account (a new one): nothing to compare with
