"""Extensions (延期申请): asked by the lead unit before the due date, one at a time, decided by the
office. An approved extension moves the due date, but the bulletin still counts lateness against
the original one."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from tests.personas import Personas
from zhengxie.audit.models import AuditEvent
from zhengxie.lib.errors import DomainError, NotAllowed
from zhengxie.supervision.models import Extension, Item
from zhengxie.supervision.selectors import period_figures
from zhengxie.supervision.services import extensions
from zhengxie.supervision.services import items as item_services

from .helpers import aware, fresh, in_days, issued, messages_of, signed

REASON = "涉及多个部门协调，需要更多时间"
PROGRESS = "已完成方案编制和入户调查"


def _ask(item: Item, p: Personas, new_due_on: date) -> Extension:
    return extensions.extension_request(
        item=item, by=p.unit_clerk, reason=REASON, progress_text=PROGRESS, new_due_on=new_due_on
    )


def test_a_unit_asks_for_an_extension_on_the_item_page(client: Client, p: Personas) -> None:
    item = signed(p, due_on=in_days(20))
    client.force_login(p.unit_clerk)
    url = reverse("supervision:item_detail", args=[item.pk])
    assert "提交延期申请" in client.get(url).content.decode()
    response = client.post(
        reverse("supervision:extension_request", args=[item.pk]),
        {"new_due_on": in_days(50).isoformat(), "reason": REASON, "progress_text": PROGRESS},
        follow=True,
    )
    assert messages_of(response) == ["延期申请已提交，等待审批"]
    extension = Extension.objects.get()
    assert (extension.old_due_on, extension.new_due_on, extension.state) == (
        in_days(20),
        in_days(50),
        "pending",
    )
    assert fresh(item).due_on == in_days(20)
    body = response.content.decode()
    assert "延期申请（待审批）" in body and "提交延期申请" not in body  # one at a time
    assert AuditEvent.objects.filter(
        action="supervision.extension.requested", object_id=str(item.pk)
    ).exists()


def test_an_extension_is_refused_once_the_due_date_has_passed(p: Personas) -> None:
    item = signed(p, due_on=in_days(3))
    with (
        time_machine.travel(aware(in_days(4)), tick=False),
        pytest.raises(DomainError, match="延期须在办结时限之前申请"),
    ):
        _ask(fresh(item), p, in_days(30))
    assert not Extension.objects.exists()


def test_on_the_due_date_itself_an_extension_may_still_be_asked(p: Personas) -> None:
    item = signed(p, due_on=in_days(3))
    with time_machine.travel(aware(in_days(3)), tick=False):
        _ask(fresh(item), p, in_days(30))
    assert Extension.objects.count() == 1


def test_only_one_extension_waits_at_a_time(p: Personas) -> None:
    item = signed(p, due_on=in_days(20))
    _ask(item, p, in_days(40))
    with pytest.raises(DomainError, match="已有一个延期申请在审批中"):
        _ask(fresh(item), p, in_days(50))
    assert Extension.objects.count() == 1
    first = Extension.objects.get()
    extensions.extension_decide(extension=first, by=p.supervision_staff, approve=False, note="理由不充分")
    _ask(fresh(item), p, in_days(35))  # after a decision the unit may ask again
    assert Extension.objects.filter(state=Extension.State.PENDING).count() == 1


@pytest.mark.parametrize(
    ("days", "message"),
    [
        (20, "申请延至的日期须晚于现在的办结时限"),
        (10, "申请延至的日期须晚于现在的办结时限"),
        (220, "一次延期不能超过6个月"),
    ],
)
def test_the_new_date_must_be_later_and_within_six_months(p: Personas, days: int, message: str) -> None:
    item = signed(p, due_on=in_days(20))
    with pytest.raises(DomainError, match=message):
        _ask(item, p, in_days(days))
    with pytest.raises(DomainError, match="请写明延期理由和目前进展"):
        extensions.extension_request(
            item=item, by=p.unit_clerk, reason="忙", progress_text="无", new_due_on=in_days(30)
        )
    assert not Extension.objects.exists()


def test_the_office_approves_and_the_due_date_moves_but_the_original_stays(
    client: Client, p: Personas
) -> None:
    item = signed(p, due_on=in_days(20))
    extension = _ask(item, p, in_days(50))
    client.force_login(p.supervision_staff)
    response = client.post(
        reverse("supervision:extension_decide", args=[extension.pk]), {"decision": "accept"}, follow=True
    )
    assert messages_of(response) == ["已审批"]
    stored = fresh(item)
    assert (stored.due_on, stored.original_due_on) == (in_days(50), in_days(20))
    extension.refresh_from_db()
    assert (extension.state, extension.decided_by_id) == (Extension.State.APPROVED, p.supervision_staff.pk)
    assert AuditEvent.objects.filter(action="supervision.extension.approved", object_id=str(item.pk)).exists()
    body = client.get(reverse("supervision:item_detail", args=[item.pk])).content.decode()
    assert "原定" in body and "同意延期" in body

    again = client.post(
        reverse("supervision:extension_decide", args=[extension.pk]), {"decision": "accept"}, follow=True
    )
    assert messages_of(again) == ["该延期申请已审批"]


def test_refusing_needs_a_note_and_leaves_the_date(p: Personas) -> None:
    item = signed(p, due_on=in_days(20))
    extension = _ask(item, p, in_days(50))
    with pytest.raises(DomainError, match="不同意延期时请填写意见"):
        extensions.extension_decide(extension=extension, by=p.supervision_staff, approve=False)
    extensions.extension_decide(extension=extension, by=p.supervision_staff, approve=False, note="请按期完成")
    assert fresh(item).due_on == in_days(20)


def test_units_cannot_decide_their_own_extensions(client: Client, p: Personas) -> None:
    item = signed(p, due_on=in_days(20))
    extension = _ask(item, p, in_days(50))
    with pytest.raises(NotAllowed):
        extensions.extension_decide(extension=extension, by=p.unit_clerk, approve=True)
    client.force_login(p.unit_clerk)
    response = client.post(
        reverse("supervision:extension_decide", args=[extension.pk]), {"decision": "accept"}, follow=True
    )
    assert messages_of(response) == ["您没有执行此操作的权限"]
    assert fresh(item).due_on == in_days(20)


def _at(day: date) -> time_machine.travel:
    return time_machine.travel(aware(day), tick=False)


def test_bulletin_figures_count_lateness_against_the_original_due_date(p: Personas) -> None:
    with _at(date(2026, 4, 1)):
        late_done = signed(p, title="延期后办结", due_on=date(2026, 4, 30))
        late_open = signed(p, title="延期后未办结", due_on=date(2026, 5, 15))
        on_time = signed(p, title="按期办结", due_on=date(2026, 6, 25))
    with _at(date(2026, 4, 10)):
        extension = _ask(fresh(late_done), p, date(2026, 6, 10))
        extensions.extension_decide(extension=extension, by=p.supervision_staff, approve=True)
    with _at(date(2026, 5, 10)):
        extension = _ask(fresh(late_open), p, date(2026, 6, 30))
        extensions.extension_decide(extension=extension, by=p.supervision_staff, approve=True)
    for item, day in ((late_done, date(2026, 5, 20)), (on_time, date(2026, 6, 1))):
        with _at(day):
            item_services.item_report_completion(
                item=fresh(item), by=p.unit_clerk, text="已全部完成并通过验收。"
            )
            item_services.item_verify(item=fresh(item), by=p.supervision_staff, accept=True)
    assert fresh(late_done).due_on == date(2026, 6, 10)  # done before the extended date…

    with _at(date(2026, 7, 3)):
        [unit] = period_figures(p.city.pk, 2026, 2)
    assert (unit.unit, unit.total, unit.done, unit.done_on_time) == ("市住房和城乡建设局", 3, 2, 1)
    assert unit.overdue == 2  # …but after the original one; and the open one is late by the original date
    assert unit.extensions == 2


def test_an_item_not_yet_due_is_not_counted_overdue_in_the_current_quarter(p: Personas) -> None:
    with _at(date(2026, 4, 1)):
        signed(p, title="五月到期", due_on=date(2026, 4, 20))
        signed(p, title="六月到期", due_on=date(2026, 6, 20))
    with _at(date(2026, 5, 6)):
        [unit] = period_figures(p.city.pk, 2026, 2)
    assert (unit.total, unit.overdue) == (2, 1)


def test_an_extension_may_be_asked_before_signing_but_not_after_completion(p: Personas) -> None:
    waiting = issued(p, due_on=in_days(20))
    _ask(waiting, p, in_days(40))
    assert Extension.objects.filter(item=waiting).exists()
    reported = signed(p, title="已报办结", due_on=in_days(20))
    item_services.item_report_completion(item=reported, by=p.unit_clerk, text="已全部完成并通过验收。")
    with pytest.raises(DomainError, match="事项当前为“待核实”，不能申请延期"):
        _ask(fresh(reported), p, in_days(40))


def test_an_extension_left_pending_cannot_be_approved_once_the_item_is_finished(p: Personas) -> None:
    item = signed(p, due_on=in_days(20))
    extension = _ask(item, p, in_days(50))
    item_services.item_report_completion(item=fresh(item), by=p.unit_clerk, text="已全部完成并通过验收。")
    item_services.item_verify(item=fresh(item), by=p.supervision_staff, accept=True)
    extension.item = fresh(item)
    with pytest.raises(DomainError, match="事项当前为“已办结”，不能再延期"):
        extensions.extension_decide(extension=extension, by=p.supervision_staff, approve=True)
    assert fresh(item).due_on == in_days(20)
    extensions.extension_decide(extension=extension, by=p.supervision_staff, approve=False, note="事项已办结")
    extension.refresh_from_db()
    assert extension.state == Extension.State.REFUSED
