from __future__ import annotations

from functools import partial
from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from .roles import Role
from .scope import committee_ids, roles_in

KEYS = ("current_committee", "user_committees", "current_roles", "current_role_labels")


def committee(request: HttpRequest) -> dict[str, Any]:
    """The current committee, the user's other committees and roles, for the layout and menus.

    Lazy: a fragment (an htmx poll, a picker's matches) that never shows the layout reads nothing.
    Built once per request when first used: a page that renders several templates with the
    request (a page and its fragments) reads the committees once."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {key: SimpleLazyObject(partial(_value, request, key)) for key in KEYS}


def _value(request: HttpRequest, key: str) -> Any:
    return _context(request)[key]


def _context(request: HttpRequest) -> dict[str, Any]:
    memo: dict[str, Any] | None = getattr(request, "_zx_committee_context", None)
    if memo is not None:
        return memo
    from .models import Committee

    user = request.user
    current_id = getattr(request, "committee_id", None)
    ids = committee_ids(user)
    committees = list(Committee.objects.filter(id__in=ids).only("id", "name")) if ids else []
    current = next((c for c in committees if c.pk == current_id), None)
    roles = roles_in(user, current_id)
    memo = {
        "current_committee": current,
        "user_committees": committees,
        "current_roles": roles,
        "current_role_labels": [Role(r).label for r in sorted(roles)],
    }
    request._zx_committee_context = memo  # type: ignore[attr-defined]
    return memo
