"""Warning colours (亮灯): how each colour arises, who is told when an item changes colour, and that
the job announces each change exactly once however often or concurrently it runs."""

from __future__ import annotations

import threading
from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection
from django.urls import reverse

from tests.personas import Personas
from zhengxie.accounts.models import User
from zhengxie.audit.models import AuditEvent
from zhengxie.lib.workdays import add_working_days
from zhengxie.notices.models import Notice
from zhengxie.supervision import tasks, warnings
from zhengxie.supervision.models import ColourChange, Item, WarningPolicy
from zhengxie.supervision.services import items as item_services
from zhengxie.supervision.warnings import Today, colour_for

from .helpers import aware, fresh, signed, today

S = Item.State
DAY = date(2026, 3, 16)  # a Monday, two weeks clear of any holiday or 调休 weekend


def _item(due_in_working_days: int = 30, **fields: Any) -> Item:
    """An item as the job sees it (not stored): in progress, due in six weeks, on plan."""
    values: dict[str, Any] = {
        "state": S.IN_PROGRESS,
        "due_on": add_working_days(DAY, due_in_working_days),
        "issued_at": aware(DAY - timedelta(days=2)),
        "progress": 10,
        "rejections": 0,
        "next_report_on": None,
        "colour": "",
    }
    values.update(fields)
    return Item(**values)


CASES = [
    ("on plan", {}, "green", "按计划推进"),
    ("verifying", {"state": S.VERIFYING, "due_on": DAY - timedelta(days=3)}, "green", "办结报告待核实"),
    ("due in 4 working days", {"due_in_working_days": 4, "progress": 60}, "blue", "距办结时限不足5个工作日"),
    ("not signed for in time", {"state": S.ISSUED, "issued_at": aware(DAY - timedelta(days=7)), "progress": 0}, "blue", "下发已5个工作日仍未签收"),
    ("signed for in time", {"state": S.ISSUED, "issued_at": aware(DAY - timedelta(days=3)), "progress": 0}, "green", "按计划推进"),
    ("due tomorrow", {"due_in_working_days": 1, "progress": 90}, "yellow", "距办结时限不足2个工作日"),
    ("report missing", {"next_report_on": DAY - timedelta(days=3)}, "yellow", "应于2026年03月13日报送的进度未报送"),
    ("report due on Sunday is due on Monday", {"next_report_on": DAY - timedelta(days=1)}, "green", "按计划推进"),
    ("report due today", {"next_report_on": DAY}, "green", "按计划推进"),
    ("behind plan", {"issued_at": aware(DAY - timedelta(days=50)), "due_on": DAY + timedelta(days=50)}, "yellow", "进度10%，落后于计划进度50%"),
    ("slightly behind plan", {"issued_at": aware(DAY - timedelta(days=50)), "due_on": DAY + timedelta(days=50), "progress": 31}, "green", "按计划推进"),
    ("overdue", {"due_on": DAY - timedelta(days=1), "progress": 95}, "red", "已超过办结时限"),
    ("returned twice", {"rejections": 2}, "red", "办结报告已被退回2次"),
    ("returned once", {"rejections": 1}, "green", "按计划推进"),
    ("done", {"state": S.DONE, "due_on": DAY - timedelta(days=1)}, "", ""),
    ("draft", {"state": S.DRAFT, "due_on": DAY - timedelta(days=1)}, "", ""),
]  # fmt: skip


@pytest.mark.parametrize(("case", "fields", "colour", "reason"), CASES, ids=[c[0] for c in CASES])
def test_the_colour_of_an_item(db: None, case: str, fields: dict[str, Any], colour: str, reason: str) -> None:
    assert colour_for(_item(**fields), WarningPolicy(), Today.of(DAY)) == (colour, reason)


def test_report_grace_days_and_thresholds_come_from_the_committees_policy(db: None) -> None:
    lenient = WarningPolicy(report_grace_days=3, yellow_days=0, blue_days=0, red_after_rejections=3)
    assert colour_for(_item(next_report_on=DAY - timedelta(days=1)), lenient, Today.of(DAY))[0] == "green"
    assert colour_for(_item(due_in_working_days=1, progress=90), lenient, Today.of(DAY))[0] == "green"
    assert colour_for(_item(rejections=2), lenient, Today.of(DAY))[0] == "green"


@pytest.fixture
def watched(p: Personas, unit_leader: User) -> Item:
    """An item in progress with a responsible clerk and a supervising leader, due in ten working
    days: yellow on its due date, red the day after."""
    return signed(
        p,
        due_on=add_working_days(today(), 10),
        responsible_user=p.unit_clerk,
        supervising_leader=p.leader,
    )


def _notices(item: Item) -> dict[str, list[tuple[str, bool]]]:
    """Per user name, the (colour word in the title, wants SMS) of the item's colour notices."""
    out: dict[str, list[tuple[str, bool]]] = {}
    for n in Notice.objects.filter(key__startswith="supervision.colour.").order_by("id"):
        word = "红灯" if "红灯" in n.title else "黄灯" if "黄灯" in n.title else n.title
        out.setdefault(n.recipient.username, []).append((word, n.want_sms))
    return out


def test_yellow_tells_the_responsible_person_and_red_adds_the_leaders_by_sms(
    p: Personas, watched: Item
) -> None:
    due = watched.due_on
    [change] = warnings.refresh(today=due)
    assert (change.old, change.new, change.reason) == ("", "yellow", "距办结时限不足2个工作日")
    assert _notices(watched) == {"clerk": [("黄灯", False)]}
    notice = Notice.objects.get()
    assert notice.key == f"supervision.colour.{change.pk}" and watched.number in notice.title
    assert notice.url == reverse("supervision:item_detail", args=[watched.pk])

    [red] = warnings.refresh(today=due + timedelta(days=1))
    assert (red.old, red.new) == ("yellow", "red")
    assert _notices(watched) == {
        "clerk": [("黄灯", False), ("红灯", True)],
        "unit_leader": [("红灯", True)],
        "leader": [("红灯", True)],
    }
    stored = fresh(watched)
    assert stored.colour == "red" and stored.colour_since is not None
    assert (
        AuditEvent.objects.filter(action="supervision.item.colour_changed", object_id=str(watched.pk)).count()
        == 2
    )


def test_without_a_responsible_person_the_units_clerks_are_told(p: Personas, unit_leader: User) -> None:
    item = signed(p, due_on=add_working_days(today(), 10))
    warnings.refresh(today=item.due_on)
    assert _notices(item) == {"clerk": [("黄灯", False)]}
    warnings.refresh(today=item.due_on + timedelta(days=1))
    assert _notices(item) == {"clerk": [("黄灯", False), ("红灯", True)], "unit_leader": [("红灯", True)]}


def test_turning_green_again_tells_nobody(p: Personas, watched: Item) -> None:
    warnings.refresh(today=watched.due_on)
    Item.objects.filter(pk=watched.pk).update(due_on=watched.due_on + timedelta(days=60))
    [change] = warnings.refresh(today=watched.due_on)
    assert (change.old, change.new) == ("yellow", "green")
    assert Notice.objects.count() == 1


def test_a_finished_item_loses_its_colour_silently(p: Personas, watched: Item) -> None:
    warnings.refresh(today=watched.due_on)
    item_services.item_report_completion(item=fresh(watched), by=p.unit_clerk, text="已全部完成并通过验收。")
    item_services.item_verify(item=fresh(watched), by=p.supervision_staff, accept=True)
    assert warnings.refresh(today=watched.due_on) == []
    assert fresh(watched).colour == "" and ColourChange.objects.count() == 1


def test_running_the_job_twice_announces_each_change_once(p: Personas, watched: Item) -> None:
    red_day = watched.due_on + timedelta(days=1)
    assert len(warnings.refresh(today=red_day)) == 1
    assert warnings.refresh(today=red_day) == []
    assert ColourChange.objects.count() == 1
    assert _notices(watched) == {
        "clerk": [("红灯", True)],
        "unit_leader": [("红灯", True)],
        "leader": [("红灯", True)],
    }


def test_two_overlapping_runs_on_stale_items_announce_the_change_once(p: Personas, watched: Item) -> None:
    red_day = watched.due_on + timedelta(days=1)
    first_worker, second_worker = fresh(watched), fresh(watched)  # both loaded before either wrote
    assert len(warnings.refresh(today=red_day, items=[first_worker])) == 1
    assert warnings.refresh(today=red_day, items=[second_worker]) == []
    assert ColourChange.objects.count() == 1
    assert Notice.objects.count() == 3
    assert sorted(Notice.objects.values_list("recipient__username", flat=True)) == [
        "clerk",
        "leader",
        "unit_leader",
    ]


def test_the_periodic_task_recomputes_todays_colours(p: Personas) -> None:
    due_today = signed(p, due_on=today())
    far = signed(p, title="远期事项", due_on=today() + timedelta(days=300))
    assert tasks.refresh_warnings.call() == 2
    assert (fresh(due_today).colour, fresh(far).colour) == ("yellow", "green")
    assert tasks.refresh_warnings.call() == 0


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs two real connections (PostgreSQL)")
def test_two_workers_racing_announce_the_change_once(
    transactional_db: None, p: Personas, watched: Item
) -> None:
    red_day = watched.due_on + timedelta(days=1)
    copies = [fresh(watched), fresh(watched)]
    barrier = threading.Barrier(2)
    outcomes: list[Any] = []
    # Registering and issuing the item may already have notified its people (after commit).
    notices_before = Notice.objects.count()

    def run(copy: Item) -> None:
        try:
            barrier.wait()
            outcomes.append(len(warnings.refresh(today=red_day, items=[copy])))
        except Exception as exc:  # shown in the assertion below
            outcomes.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(c,)) for c in copies]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == [0, 1]
    assert ColourChange.objects.count() == 1
    assert Notice.objects.count() == notices_before + 3
