"""Committee scope (DESIGN §4): what a user may see is decided here and nowhere else.

Lists start from `Model.objects.visible_to(user, roles)`; single objects come from
`get_for_user(queryset, user, pk, roles)`, which answers 404 outside the user's reach, so a
user cannot even learn that a record of a sibling committee exists.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.http import Http404

if TYPE_CHECKING:
    from zhengxie.accounts.models import User

M = TypeVar("M", bound=models.Model)

# (committee_id, role, handling_unit_id)
Assignment = tuple[int, str, int | None]


def assignments(user: Any) -> list[Assignment]:
    """The user's role assignments, loaded once per user object (i.e. once per request)."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached: list[Assignment] | None = getattr(user, "_zx_assignments", None)
    if cached is None:
        from .models import RoleAssignment

        cached = list(
            RoleAssignment.objects.filter(user_id=user.pk).values_list(
                "committee_id", "role", "handling_unit_id"
            )
        )
        user._zx_assignments = cached
    return cached


def forget_assignments(user: Any) -> None:
    user.__dict__.pop("_zx_assignments", None)
    user.__dict__.pop("_zx_party_liaison_units", None)


def liaison_unit_ids(user: Any, committee_id: int | None) -> set[int]:
    """Participating units (parties, people's organisations) of a committee the user is liaison
    for; loaded once per user object, and not at all for a user without the liaison role."""
    from .roles import Role

    if not has_role(user, committee_id, Role.UNIT_LIAISON):
        return set()
    cached: list[tuple[int, int]] | None = getattr(user, "_zx_party_liaison_units", None)
    if cached is None:
        from .models import RoleAssignment

        cached = list(
            RoleAssignment.objects.filter(
                user_id=user.pk, role=Role.UNIT_LIAISON, participating_unit__isnull=False
            ).values_list("committee_id", "participating_unit_id")
        )
        user._zx_party_liaison_units = cached
    return {u for c, u in cached if c == committee_id}


def committee_ids(user: Any, roles: Iterable[str] | None = None) -> set[int]:
    wanted = set(roles) if roles is not None else None
    return {c for c, r, _ in assignments(user) if wanted is None or r in wanted}


def roles_in(user: Any, committee_id: int | None) -> set[str]:
    return {r for c, r, _ in assignments(user) if c == committee_id}


def has_role(user: Any, committee_id: int | None, *roles: str) -> bool:
    return bool(roles_in(user, committee_id) & set(roles))


def unit_ids(user: Any, committee_id: int | None = None) -> set[int]:
    """Handling units the user clerks for (in one committee, or in all)."""
    return {
        u for c, _, u in assignments(user) if u is not None and (committee_id is None or c == committee_id)
    }


class CommitteeScopedQuerySet(models.QuerySet[M]):
    def visible_to(self, user: User | Any, roles: Iterable[str] | None = None) -> CommitteeScopedQuerySet[M]:
        """Rows of the committees where the user holds one of `roles` (any role if None)."""
        ids = committee_ids(user, roles)
        if not ids:
            return self.none()
        return self.filter(committee_id__in=ids)


def get_for_user(
    queryset: CommitteeScopedQuerySet[M], user: Any, pk: Any, roles: Iterable[str] | None = None
) -> M:
    """The object with `pk` if the user may see it, else 404 (never 403: existence stays hidden)."""
    try:
        return queryset.visible_to(user, roles).get(pk=pk)
    except (ObjectDoesNotExist, ValueError, TypeError) as exc:
        raise Http404("未找到该记录") from exc


def require_role(request: Any, *roles: str) -> int:
    """The current committee's id if the user holds one of `roles` there; else 404, so a page
    outside the user's roles looks like one that does not exist."""
    from django.http import Http404

    committee_id: int = request.committee_id
    if not has_role(request.user, committee_id, *roles):
        raise Http404
    return committee_id
