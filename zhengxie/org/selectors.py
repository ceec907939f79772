"""Reads about accounts of the organisation: which committees an administrator's scope covers,
which accounts it reaches, and which members can log in."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db.models import Exists, OuterRef, Q, QuerySet

from .models import AccountHome, Committee, Member, RoleAssignment, UnitContact
from .roles import ADMIN_ROLES
from .scope import assignments


def ancestor_ids(ids: set[int]) -> set[int]:
    """The committees above any of `ids` (one query: a deployment has a few hundred committees)."""
    if not ids:
        return set()
    parents = dict(Committee.objects.values_list("id", "parent_id"))
    found: set[int] = set()
    for pk in ids:
        node = parents.get(pk)
        while node is not None and node not in found:
            found.add(node)
            node = parents.get(node)
    return found


def subtree_ids(committee_id: int) -> set[int]:
    """The committee and every committee below it (a city and its counties). One query: a
    deployment has at most a few hundred committees."""
    children: dict[int | None, list[int]] = {}
    for pk, parent in Committee.objects.values_list("id", "parent_id"):
        children.setdefault(parent, []).append(pk)
    found, stack = set(), [committee_id]
    while stack:
        node = stack.pop()
        if node not in found:
            found.add(node)
            stack.extend(children.get(node, []))
    return found


def below_office(user: Any, roles: Iterable[str]) -> set[int]:
    """The committees below those where the user holds one of `roles` (a city office: its
    counties), where the user holds no role: what an office may open, read-only, from a list or
    search that shows its lower committees' records. Kept on the user object for the request."""
    wanted = frozenset(roles)
    memo: dict[frozenset[str], set[int]] = user.__dict__.setdefault("_zx_below_office", {})
    if wanted in memo:
        return memo[wanted]
    held = assignments(user)
    office = {c for c, r, _ in held if r in wanted}
    found: set[int] = set()
    if office:
        children: dict[int | None, list[int]] = {}
        for pk, parent in Committee.objects.values_list("id", "parent_id"):
            children.setdefault(parent, []).append(pk)
        stack = [child for c in office for child in children.get(c, [])]
        while stack:
            node = stack.pop()
            if node not in found:
                found.add(node)
                stack.extend(children.get(node, []))
        found -= {c for c, _, _ in held}
    memo[wanted] = found
    return found


def accounts_of(committee_ids: Iterable[int]) -> QuerySet[Any]:
    """Accounts managed by these committees: those homed there (created by their administrators,
    roles or not) and those holding a role there."""
    ids = list(committee_ids)
    return get_user_model().objects.filter(
        Q(pk__in=AccountHome.objects.filter(committee_id__in=ids).values("user_id"))
        | Q(pk__in=RoleAssignment.objects.filter(committee_id__in=ids).values("user_id"))
    )


def is_administrator(user: Any) -> bool:
    return RoleAssignment.objects.filter(user=user, role__in=ADMIN_ROLES).exists()


def administrator_ids(user_ids: Iterable[int]) -> set[int]:
    return set(
        RoleAssignment.objects.filter(user_id__in=list(user_ids), role__in=ADMIN_ROLES).values_list(
            "user_id", flat=True
        )
    )


def _can_log_in(user_ref: str) -> Exists:
    """An active account with a usable password: one waiting for its activation code cannot."""
    return Exists(
        get_user_model()
        .objects.filter(pk=OuterRef(user_ref), is_active=True)
        .exclude(password__startswith=UNUSABLE_PASSWORD_PREFIX)
    )


def with_login_flag(members: Any) -> Any:
    """Annotate `can_log_in` on each member, so pickers can mark who cannot log in yet."""
    return members.annotate(can_log_in=_can_log_in("person__user_id"))


def member_ids_with_login(committee_id: int) -> set[int]:
    """Ids of the committee's members whose account is active and usable."""
    return set(
        with_login_flag(Member.objects.filter(committee_id=committee_id))
        .filter(can_log_in=True)
        .values_list("id", flat=True)
    )


def login_suffix(member: Any) -> str:
    """What a picker adds to a member's name when he cannot log in yet."""
    return "" if getattr(member, "can_log_in", True) else "（未开通账号）"


def contacts_with_login_flag(contacts: QuerySet[UnitContact]) -> Any:
    return contacts.annotate(can_log_in=_can_log_in("user_id"))
