"""A user's display preferences: the font size older members choose on every page."""

from __future__ import annotations

import contextlib

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from zhengxie.audit.services import record
from zhengxie.lib.errors import DomainError

from .models import User


def font_size_set(*, user: User, font_size: str, by: User) -> None:
    if font_size not in User.FontSize.values:
        raise DomainError("请选择标准、大或特大字号")
    if user.font_size == font_size:
        return
    with transaction.atomic():
        old = user.font_size
        User.objects.filter(pk=user.pk).update(font_size=font_size)
        user.font_size = font_size
        record(action="account.font_size_changed", obj=user, by=by, data={"from": old, "to": font_size})


@require_POST
def font_size_view(request: HttpRequest) -> HttpResponse:
    """The switch in the page header posts here and returns to the page it was pressed on."""
    if not request.user.is_authenticated:
        return redirect("accounts:login")
    # Only a forged value raises; the page then simply stays as it was.
    with contextlib.suppress(DomainError):
        font_size_set(user=request.user, font_size=request.POST.get("font_size", ""), by=request.user)
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        target = "/"
    return redirect(target)
