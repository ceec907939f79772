"""Who sees and does what with supervision items.

The supervision office (督办处) and the committee's leaders see every item of their committee;
a handling unit's clerks and leader see the items their unit leads or co-operates on. Outside
that, an item does not exist for the user (404).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from zhengxie.org.roles import Role
from zhengxie.org.scope import assignments, get_for_user, roles_in

from .models import Item
from .workflow import UNIT

OFFICE_ROLES = frozenset({Role.SUPERVISION_STAFF, Role.LEADER})
UNIT_ROLES = frozenset({Role.UNIT_CLERK, Role.UNIT_LEADER})
ALL_ROLES = OFFICE_ROLES | UNIT_ROLES


def _reach(user: Any) -> Q | None:
    office = {c for c, r, _ in assignments(user) if r in OFFICE_ROLES}
    units = {u for c, r, u in assignments(user) if r in UNIT_ROLES and u is not None}
    reach = Q(committee_id__in=office) if office else None
    if units:
        # A unit sees an item once it is issued to it (drafts and items taken back for
        # reassignment are the office's business).
        unit_q = (Q(lead_unit_id__in=units) | Q(co_units__in=units)) & Q(issued_at__isnull=False)
        reach = unit_q if reach is None else reach | unit_q
    return reach


def items_visible(user: Any, qs: QuerySet[Item] | None = None) -> QuerySet[Item]:
    """Every item the user may see, in any of his or her committees."""
    qs = Item.objects.all() if qs is None else qs
    reach = _reach(user)
    if reach is None:
        return qs.none()
    if any(r in UNIT_ROLES for _, r, _ in assignments(user)):
        # Co-unit matching joins the m2m table; keep one row per item.
        return qs.filter(pk__in=Item.objects.filter(reach).values("pk"))
    return qs.filter(reach)


def get_item_for_user(user: Any, pk: Any, qs: QuerySet[Item] | None = None) -> Item:
    base = items_visible(user, Item.objects.all() if qs is None else qs)
    return get_for_user(base, user, pk)  # type: ignore[arg-type]


def is_office(user: Any, committee_id: int) -> bool:
    return bool(roles_in(user, committee_id) & OFFICE_ROLES)


def actor_roles(user: Any, item: Item) -> set[str]:
    """The user's roles for this item: committee roles, plus UNIT when he or she works for the
    item's lead unit (co-operating units read, but do not act)."""
    roles = roles_in(user, item.committee_id)
    if any(
        r in UNIT_ROLES and u == item.lead_unit_id for c, r, u in assignments(user) if c == item.committee_id
    ):
        roles = roles | {UNIT}
    return roles


def is_unit_leader_of(user: Any, item: Item) -> bool:
    return any(
        r == Role.UNIT_LEADER and u == item.lead_unit_id
        for c, r, u in assignments(user)
        if c == item.committee_id
    )
