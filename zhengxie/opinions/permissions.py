"""Who sees and does what with information items.

The information centre and the committee's leaders see every item of their committee; an author
sees the items he or she wrote or is credited on (and, on them, every level's status); the
submitting account (an informant, a station) sees what it submitted; a participating unit's
liaison officer sees the unit's items. Outside that an item does not exist for the user (404).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Q, QuerySet
from django.http import Http404

from zhengxie.org.roles import Role
from zhengxie.org.scope import assignments, roles_in
from zhengxie.supervision.selectors import followed_up_ids

from .models import Correspondent, Instruction, Opinion
from .workflow import AUTHOR, LIAISON

OFFICE_ROLES = frozenset({Role.INFO_STAFF, Role.LEADER})


def liaison_units(user: Any) -> set[int]:
    """Participating units whose liaison officer the user is."""
    if not getattr(user, "is_authenticated", False):
        return set()
    cached: set[int] | None = getattr(user, "_zx_liaison_units", None)
    if cached is None:
        cached = set(
            Correspondent.objects.filter(
                user_id=user.pk, kind=Correspondent.Kind.LIAISON, is_active=True, unit__isnull=False
            ).values_list("unit_id", flat=True)
        )
        user._zx_liaison_units = cached
    return cached


def _reach(user: Any) -> Q | None:
    if not getattr(user, "is_authenticated", False):
        return None
    office = {c for c, r, _ in assignments(user) if r in OFFICE_ROLES}
    reach = Q(created_by_id=user.pk) | Q(author_rows__member__person__user_id=user.pk)
    if office:
        reach |= Q(committee_id__in=office)
    if any(r == Role.SUPERVISION_STAFF for _, r, _ in assignments(user)):
        # The supervision office reads the items whose instructions its items follow up.
        followed = Instruction.objects.filter(pk__in=followed_up_ids(user, Instruction))
        reach |= Q(pk__in=followed.values("opinion_id"))
    units = liaison_units(user)
    if units:
        # The unit's items once submitted for its screening (drafts stay the author's).
        reach |= Q(unit_id__in=units) & ~Q(state=Opinion.State.DRAFT)
    return reach


def opinions_visible(user: Any, qs: QuerySet[Opinion] | None = None) -> QuerySet[Opinion]:
    qs = Opinion.objects.all() if qs is None else qs
    reach = _reach(user)
    if reach is None:
        return qs.none()
    # Matching authors joins the author table; keep one row per item.
    return qs.filter(pk__in=Opinion.objects.filter(reach).values("pk"))


def get_opinion_for_user(user: Any, pk: Any, qs: QuerySet[Opinion] | None = None) -> Opinion:
    """The item if the user may see it, else 404 (never 403: existence stays hidden)."""
    try:
        return opinions_visible(user, qs).get(pk=pk)
    except (ObjectDoesNotExist, ValueError, TypeError) as exc:
        raise Http404("未找到该记录") from exc


def is_office(user: Any, committee_id: int) -> bool:
    return bool(roles_in(user, committee_id) & OFFICE_ROLES)


def is_info_staff(user: Any, committee_id: int) -> bool:
    return Role.INFO_STAFF in roles_in(user, committee_id)


def actor_roles(user: Any, opinion: Opinion) -> set[str]:
    """Committee roles, plus AUTHOR for the item's creator and LIAISON for its unit's liaison."""
    roles = set(roles_in(user, opinion.committee_id))
    if opinion.created_by_id == user.pk:
        roles.add(AUTHOR)
    if opinion.unit_id is not None and opinion.unit_id in liaison_units(user):
        roles.add(LIAISON)
    return roles
