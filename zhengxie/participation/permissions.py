"""Who sees what in the participation app.

A member sees the micro-suggestions he or she made and the receptions he or she recorded; the
office (proposal and information staff) and leaders see all of their committee's; a handling
unit's clerks and leaders see only the suggestions routed to their unit (once routed, and after).
Outside that a record does not exist for the user (404)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Q, QuerySet
from django.http import Http404

from zhengxie.org.roles import Role
from zhengxie.org.scope import assignments, roles_in, unit_ids

from .models import MicroSuggestion, Reception, Studio
from .workflow import AUTHOR, OFFICE, UNIT

READERS = OFFICE | {Role.LEADER}
# Who keeps the studios' register and reads their record (the office of member affairs).
STUDIO_OFFICE = frozenset({Role.ACTIVITY_STAFF, Role.PROPOSAL_STAFF, Role.INFO_STAFF, Role.LEADER})
STUDIO_EDITORS = frozenset({Role.ACTIVITY_STAFF})


def _committees(user: Any, roles: frozenset[str]) -> set[int]:
    return {c for c, r, _ in assignments(user) if r in roles}


def micro_visible(user: Any, qs: QuerySet[MicroSuggestion] | None = None) -> QuerySet[MicroSuggestion]:
    qs = MicroSuggestion.objects.all() if qs is None else qs
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    reach = Q(member__person__user_id=user.pk) | Q(created_by_id=user.pk)
    office = _committees(user, READERS)
    if office:
        reach |= Q(committee_id__in=office)
    units = unit_ids(user)
    if units:
        reach |= Q(unit_id__in=units) & ~Q(state=MicroSuggestion.State.SUBMITTED)
    return qs.filter(reach)


def get_micro_for_user(user: Any, pk: Any) -> MicroSuggestion:
    try:
        return micro_visible(user).select_related("committee", "member__person", "unit", "studio").get(pk=pk)
    except (ObjectDoesNotExist, ValueError, TypeError) as exc:
        raise Http404("未找到该记录") from exc


def actor_roles(user: Any, micro: MicroSuggestion) -> set[str]:
    roles = set(roles_in(user, micro.committee_id))
    if micro.unit_id is not None and micro.unit_id in unit_ids(user, micro.committee_id):
        roles.add(UNIT)
    if micro.member.person.user_id == user.pk:
        roles.add(AUTHOR)
    return roles


def is_office(user: Any, committee_id: int) -> bool:
    return bool(roles_in(user, committee_id) & OFFICE)


def reads_micro(user: Any, committee_id: int) -> bool:
    return bool(roles_in(user, committee_id) & READERS)


def studios_visible(user: Any) -> QuerySet[Studio]:
    if not getattr(user, "is_authenticated", False):
        return Studio.objects.none()
    reach = Q(members__person__user_id=user.pk)
    office = _committees(user, STUDIO_OFFICE)
    if office:
        reach |= Q(committee_id__in=office)
    return Studio.objects.filter(pk__in=Studio.objects.filter(reach).values("pk"))


def get_studio_for_user(user: Any, pk: Any) -> Studio:
    try:
        return studios_visible(user).select_related("committee").get(pk=pk)
    except (ObjectDoesNotExist, ValueError, TypeError) as exc:
        raise Http404("未找到该记录") from exc


def receptions_visible(user: Any) -> QuerySet[Reception]:
    if not getattr(user, "is_authenticated", False):
        return Reception.objects.none()
    reach = Q(member__person__user_id=user.pk)
    office = _committees(user, STUDIO_OFFICE)
    if office:
        reach |= Q(committee_id__in=office)
    return Reception.objects.filter(reach)


def get_reception_for_user(user: Any, pk: Any) -> Reception:
    try:
        return receptions_visible(user).select_related("studio", "member__person").get(pk=pk)
    except (ObjectDoesNotExist, ValueError, TypeError) as exc:
        raise Http404("未找到该记录") from exc


def sees_visitor(user: Any, reception: Reception) -> bool:
    """The resident's name and phone: the member who received him or her, and the office."""
    return reception.member.person.user_id == user.pk or bool(
        roles_in(user, reception.committee_id) & STUDIO_OFFICE
    )


def edits_studios(user: Any, committee_id: int) -> bool:
    return bool(roles_in(user, committee_id) & STUDIO_EDITORS)
