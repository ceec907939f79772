"""An accepted item is handed back to the app whose record it follows up, through the receiver
that app names in settings.SUPERVISION_DONE_RECEIVERS; a failing receiver undoes the acceptance."""

from __future__ import annotations

from typing import Any

import pytest

from tests.personas import Personas
from zhengxie.supervision.models import Item
from zhengxie.supervision.services import items as item_services

from .helpers import fresh, item_data, signed

S = Item.State
received: list[tuple[int, Any]] = []


def remember(*, item: Item, by: Any) -> None:
    received.append((item.pk, by))


def refuse(*, item: Item, by: Any) -> None:
    raise RuntimeError("the source app failed")


@pytest.fixture(autouse=True)
def _clear() -> None:
    received.clear()


def _linked_and_reported(p: Personas) -> Item:
    """An item following up a record (here a handling unit stands in for any app's record),
    signed for and reported complete."""
    item = item_services.item_register(
        committee_id=p.city.pk, by=p.supervision_staff, data=item_data(p), link=p.unit
    )
    item = item_services.item_approve(item=item, by=p.leader)
    item = item_services.item_sign(
        item=item_services.item_issue(item=item, by=p.supervision_staff), by=p.unit_clerk
    )
    item_services.item_report_completion(item=fresh(item), by=p.unit_clerk, text="已全部完成并通过验收。")
    return fresh(item)


def _verifying(p: Personas, **overrides: Any) -> Item:
    item = signed(p, **overrides)
    item_services.item_report_completion(item=fresh(item), by=p.unit_clerk, text="已全部完成并通过验收。")
    return fresh(item)


def test_the_linked_app_hears_of_acceptance_once(p: Personas, settings: Any) -> None:
    settings.SUPERVISION_DONE_RECEIVERS = {"org.handlingunit": f"{__name__}.remember"}
    item = _linked_and_reported(p)
    # Returned for more work: the source hears nothing yet.
    item_services.item_verify(item=fresh(item), by=p.supervision_staff, accept=False, note="材料不全，请补充")
    assert received == []
    item_services.item_report_completion(item=fresh(item), by=p.unit_clerk, text="材料已补充，全部完成。")
    item_services.item_verify(item=fresh(item), by=p.supervision_staff, accept=True)
    assert received == [(item.pk, p.supervision_staff)]


def test_items_without_a_link_or_receiver_are_accepted_as_before(p: Personas, settings: Any) -> None:
    settings.SUPERVISION_DONE_RECEIVERS = {"org.handlingunit": f"{__name__}.remember"}
    item = _verifying(p)
    item_services.item_verify(item=item, by=p.supervision_staff, accept=True)
    assert fresh(item).state == S.DONE and received == []


def test_a_failing_receiver_leaves_the_item_unaccepted(p: Personas, settings: Any) -> None:
    settings.SUPERVISION_DONE_RECEIVERS = {"org.handlingunit": f"{__name__}.refuse"}
    item = _linked_and_reported(p)
    with pytest.raises(RuntimeError):
        item_services.item_verify(item=fresh(item), by=p.supervision_staff, accept=True)
    assert fresh(item).state == S.VERIFYING
