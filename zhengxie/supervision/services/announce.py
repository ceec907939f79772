"""Notices for the people a supervision item now waits for: the leaders when a draft needs
approval (e.g. a proposal's 回头看 item), the lead unit when an item is issued to it for signing,
the office when a unit asks for more time or reports completion. Sent after commit, once per
item, step and person (the notice key)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse

from zhengxie.notices.services import notify
from zhengxie.org.models import RoleAssignment
from zhengxie.org.roles import Role

from ..models import Item
from ..permissions import UNIT_ROLES


def _users(committee_id: int, roles: Iterable[str], unit_id: int | None = None) -> Any:
    assigned = RoleAssignment.objects.filter(committee_id=committee_id, role__in=list(roles))
    if unit_id is not None:
        assigned = assigned.filter(handling_unit_id=unit_id)
    return get_user_model().objects.filter(pk__in=assigned.values("user_id"), is_active=True).order_by("pk")


def _send(item: Item, users: Any, *, step: str, title: str, state: str) -> None:
    url = reverse("supervision:item_detail", args=[item.pk])
    number, committee_id = item.number, item.committee_id

    def send() -> None:
        # Only if the item still waits there when the transaction commits (an item registered
        # and issued at once never waits for approval).
        if not Item.objects.filter(pk=item.pk, state=state).exists():
            return
        for user in users:
            notify(
                recipient=user,
                key=f"supervision.{step}.{item.pk}",
                title=f"{title}：{number} {item.title}"[:200],
                url=url,
                committee_id=committee_id,
            )

    transaction.on_commit(send)


def tell_approvers(item: Item) -> None:
    """A draft waits for a leader's approval: its supervising leader, or every leader."""
    leader = item.supervising_leader
    users = [leader] if leader is not None else _users(item.committee_id, [Role.LEADER])
    _send(item, users, step="draft", title="督办事项待审核", state=Item.State.DRAFT)


def tell_lead_unit(item: Item) -> None:
    users = _users(item.committee_id, UNIT_ROLES, item.lead_unit_id)
    _send(item, users, step=f"issued.{item.lead_unit_id}", title="督办事项待签收", state=Item.State.ISSUED)


def tell_office(item: Item, *, step: str, title: str, state: str) -> None:
    _send(item, _users(item.committee_id, [Role.SUPERVISION_STAFF]), step=step, title=title, state=state)
