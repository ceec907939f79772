"""The step every form and action view repeats: call a service, and show its refusal.

A service refuses with a `DomainError` whose message is Chinese and meant for the user. A form
view puts it among the form's errors (the form is shown again with what was typed); an action
view (a button that posts and goes back) shows it as an error message. On success the view's
message is shown and the view redirects.

    if request.method == "POST" and form.is_valid():
        done = attempt(request, lambda: services.thing_create(...), success="已保存", form=form)
        if done:
            return redirect("app:detail", done.value.pk)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar, cast

from django.contrib import messages
from django.http import HttpRequest

from .errors import DomainError

T = TypeVar("T")


@dataclass(frozen=True)
class Attempt(Generic[T]):
    """What the service call came to: true when it succeeded, with what it returned."""

    ok: bool
    value: T

    def __bool__(self) -> bool:
        return self.ok


def attempt(
    request: HttpRequest, call: Callable[[], T], success: str = "", *, form: Any = None
) -> Attempt[T]:
    """Run `call`. On success show `success` (if any); on a DomainError put its message into
    `form`'s errors, or show it as an error message when there is no form."""
    try:
        value = call()
    except DomainError as exc:
        if form is not None:
            form.add_error(None, exc.message)
        else:
            messages.error(request, exc.message)
        return Attempt(False, cast(T, None))
    if success:
        messages.success(request, success)
    return Attempt(True, value)
