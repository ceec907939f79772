"""attempt(): a service's refusal goes into the form (or a message), success shows its message."""

from __future__ import annotations

from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.test import RequestFactory

from zhengxie.lib.attempt import attempt
from zhengxie.lib.errors import DomainError


class _Form(forms.Form):
    name = forms.CharField()


def _request():
    request = RequestFactory().post("/")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)  # type: ignore[attr-defined]
    return request


def _refuse() -> int:
    raise DomainError("名称已被使用")


def test_success_returns_the_value_and_shows_the_message() -> None:
    request = _request()
    done = attempt(request, lambda: 7, success="已保存")
    assert done and done.value == 7
    assert [str(m) for m in get_messages(request)] == ["已保存"]


def test_a_refusal_goes_into_the_form() -> None:
    request = _request()
    form = _Form({"name": "甲"})
    assert form.is_valid()
    done = attempt(request, _refuse, success="已保存", form=form)
    assert not done and form.non_field_errors() == ["名称已被使用"]
    assert list(get_messages(request)) == []


def test_without_a_form_a_refusal_is_an_error_message() -> None:
    request = _request()
    assert not attempt(request, _refuse, success="已保存")
    assert [(m.level_tag, str(m)) for m in get_messages(request)] == [("error", "名称已被使用")]
