"""Items decomposed into children: the parent's progress is the weighted mean of its children's,
and the parent cannot be reported complete while a child is open."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.personas import Personas
from zhengxie.lib.errors import DomainError
from zhengxie.supervision.models import Item
from zhengxie.supervision.services import items as item_services
from zhengxie.supervision.services import progress

from .helpers import fresh, in_days, item_data, register, signed

S = Item.State


def _complete(item: Item, p: Personas) -> None:
    item_services.item_report_completion(item=fresh(item), by=p.unit_clerk, text="已全部完成并通过验收。")
    item_services.item_verify(item=fresh(item), by=p.supervision_staff, accept=True)


@pytest.fixture
def family(p: Personas) -> tuple[Item, Item, Item]:
    parent = signed(p, title="年度重点任务", due_on=in_days(90))
    light = signed(p, title="子任务一", parent=parent, weight=Decimal(1), due_on=in_days(60))
    heavy = signed(p, title="子任务二", parent=parent, weight=Decimal(3), due_on=in_days(60))
    return parent, light, heavy


def test_parent_progress_is_the_weighted_mean_of_its_children(
    p: Personas, family: tuple[Item, Item, Item]
) -> None:
    parent, light, heavy = family
    assert fresh(parent).progress == 0
    _complete(light, p)
    assert fresh(parent).progress == 25  # (100×1 + 0×3) / 4
    progress.progress_report(item=fresh(heavy), by=p.unit_clerk, percent=40, text="完成部分改造")
    assert fresh(parent).progress == 55  # (100×1 + 40×3) / 4


def test_a_cancelled_child_no_longer_counts(p: Personas, family: tuple[Item, Item, Item]) -> None:
    parent, light, heavy = family
    _complete(light, p)
    item_services.item_cancel(item=fresh(heavy), by=p.leader, reason="任务调整")
    assert fresh(parent).progress == 100


def test_the_parent_cannot_be_reported_complete_while_a_child_is_open(
    p: Personas, family: tuple[Item, Item, Item]
) -> None:
    parent, light, heavy = family
    _complete(light, p)
    with pytest.raises(DomainError, match="还有分解事项未办结，不能报送办结报告"):
        item_services.item_report_completion(item=fresh(parent), by=p.unit_clerk, text="全部任务已完成。。。")
    assert fresh(parent).state == S.IN_PROGRESS
    _complete(heavy, p)
    item_services.item_report_completion(item=fresh(parent), by=p.unit_clerk, text="全部任务已完成并验收。")
    assert fresh(parent).state == S.VERIFYING


def test_grandchildren_roll_up_to_the_top(p: Personas, family: tuple[Item, Item, Item]) -> None:
    parent, _, heavy = family
    grandchild = signed(p, title="孙任务", parent=heavy, due_on=in_days(30))
    progress.progress_report(item=grandchild, by=p.unit_clerk, percent=80, text="孙任务进展顺利")
    assert fresh(heavy).progress == 80
    assert fresh(parent).progress == 60  # (0×1 + 80×3) / 4


def test_a_parent_with_open_children_cannot_be_cancelled(
    p: Personas, family: tuple[Item, Item, Item]
) -> None:
    parent, _, _ = family
    with pytest.raises(DomainError, match="还有未办结的分解事项"):
        item_services.item_cancel(item=fresh(parent), by=p.leader, reason="任务调整")
    assert fresh(parent).state == S.IN_PROGRESS


def test_a_parent_is_reported_through_its_children(p: Personas, family: tuple[Item, Item, Item]) -> None:
    parent, _, _ = family
    with pytest.raises(DomainError, match="由分解事项汇总"):
        progress.progress_report(item=fresh(parent), by=p.unit_clerk, percent=80, text="整体进展顺利")
    assert not fresh(parent).reports.exists()


def test_moving_a_child_recomputes_both_parents(p: Personas) -> None:
    old_parent = register(p, title="旧的上级事项", due_on=in_days(90))
    new_parent = register(p, title="新的上级事项", due_on=in_days(90))
    done_child = register(p, title="已办结的子事项", parent=old_parent, due_on=in_days(30))
    other = register(p, title="未开始的子事项", parent=old_parent, due_on=in_days(30))
    Item.objects.filter(pk=done_child.pk).update(state=S.DONE, progress=100)
    item_services.item_update(
        item=fresh(other),
        by=p.supervision_staff,
        data=item_data(p, title="未开始的子事项", parent=new_parent, due_on=in_days(30)),
    )
    assert fresh(old_parent).progress == 100
    assert fresh(new_parent).progress == 0
