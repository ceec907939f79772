"""The lists: the office's board and its filters, a unit's inbox, a leader's own items; the
settings page; supervision's pending work on the home page."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.personas import Personas
from zhengxie.accounts.models import User
from zhengxie.audit.models import AuditEvent
from zhengxie.lib.models import LongTask
from zhengxie.org.models import HandlingUnit
from zhengxie.supervision import config
from zhengxie.supervision.models import Item, ItemSource, WarningPolicy
from zhengxie.supervision.services import items as item_services

from .helpers import approved, board_export, fresh, in_days, issued, messages_of, register, sheet_rows, signed

BOARD = reverse("supervision:board")
EXPORT = reverse("supervision:board_export")
INBOX = reverse("supervision:inbox")


def _numbers(client: Client, url: str, **params: Any) -> set[str]:
    response = client.get(url, params)
    assert response.status_code == 200
    return {item.number for item in response.context["page"].items}


@pytest.fixture
def two(p: Personas, other_unit: HandlingUnit, other_leader: User) -> tuple[Item, Item]:
    sources = config.sources_for(p.city.pk)
    housing = register(
        p, title="老旧小区改造", source=sources[0], supervising_leader=p.leader, due_on=in_days(30)
    )
    schools = register(
        p,
        title="学校周边整治",
        source=sources[1],
        lead_unit=other_unit,
        supervising_leader=other_leader,
        due_on=in_days(90),
    )
    Item.objects.filter(pk=housing.pk).update(colour="red")
    Item.objects.filter(pk=schools.pk).update(colour="yellow")
    return housing, schools


def test_the_board_filters_by_source_unit_leader_colour_and_due_window(
    client: Client, p: Personas, two: tuple[Item, Item], other_unit: HandlingUnit, other_leader: User
) -> None:
    housing, schools = fresh(two[0]), fresh(two[1])
    client.force_login(p.supervision_staff)
    both = {housing.number, schools.number}
    assert _numbers(client, BOARD) == both
    assert _numbers(client, BOARD, source=housing.source_id) == {housing.number}
    assert _numbers(client, BOARD, unit=other_unit.pk) == {schools.number}
    assert _numbers(client, BOARD, leader=p.leader.pk) == {housing.number}
    assert _numbers(client, BOARD, leader=other_leader.pk) == {schools.number}
    assert _numbers(client, BOARD, colour="red") == {housing.number}
    assert _numbers(client, BOARD, due_from=in_days(60).isoformat()) == {schools.number}
    assert _numbers(client, BOARD, due_to=in_days(60).isoformat()) == {housing.number}
    assert _numbers(client, BOARD, due_from=in_days(31), due_to=in_days(89)) == set()
    assert _numbers(client, BOARD, q="学校") == {schools.number}
    assert _numbers(client, BOARD, state="draft", unit=p.unit.pk) == {housing.number}


def test_the_board_answers_htmx_with_the_results_only(
    client: Client, p: Personas, two: tuple[Item, Item]
) -> None:
    client.force_login(p.supervision_staff)
    body = client.get(BOARD, {"colour": "red"}, HTTP_HX_REQUEST="true").content.decode()
    assert body.strip().startswith('<div id="results">') and "<html" not in body
    assert two[0].number in body and two[1].number not in body


def test_the_board_exports_what_it_shows(
    client: Client, p: Personas, two: tuple[Item, Item], run_jobs: Any
) -> None:
    client.force_login(p.supervision_staff)
    # The export button posts the filters the board was opened with.
    page = client.get(BOARD, {"colour": "yellow"}).content.decode()
    assert f'action="{EXPORT}"' in page and '<input type="hidden" name="colour" value="yellow">' in page
    long_task, content = board_export(client, run_jobs, colour="yellow")
    rows = sheet_rows(content)
    assert rows[0][:2] == ("编号", "事项名称")
    assert [(r[0], r[4], r[9]) for r in rows[1:]] == [(two[1].number, "市教育局", "黄灯")]
    assert long_task.params == {"query": "colour=yellow"} and long_task.result_name == "督办事项.xlsx"


def test_the_old_export_address_opens_the_board_with_its_filters(client: Client, p: Personas) -> None:
    client.force_login(p.supervision_staff)
    response = client.get(EXPORT, {"colour": "yellow"})
    assert response.status_code == 302 and response["Location"] == f"{BOARD}?colour=yellow"
    assert not LongTask.objects.exists()


def test_only_the_office_exports_the_board_and_only_its_owner_downloads_it(
    client: Client, p: Personas, two: tuple[Item, Item], run_jobs: Any
) -> None:
    for persona in (p.unit_clerk, p.member_wang):
        client.force_login(persona)
        assert client.post(EXPORT, {"colour": "yellow"}).status_code == 404
        assert client.get(EXPORT).status_code == 404
    assert not LongTask.objects.exists()
    client.force_login(p.supervision_staff)
    long_task, _ = board_export(client, run_jobs)
    client.force_login(p.leader)  # sees the board, but the file is the staff member's
    assert client.get(reverse("lib:longwork_download", args=[long_task.pk])).status_code == 404
    assert client.get(BOARD).context["long_task"] is None


def test_the_units_inbox_sorts_its_items_into_buckets(client: Client, p: Personas) -> None:
    to_sign = issued(p, title="待签收的事项")
    working = signed(p, title="办理中的事项")
    reported = signed(p, title="已报送的事项")
    item_services.item_report_completion(item=reported, by=p.unit_clerk, text="已全部完成并通过验收。")
    done = signed(p, title="已办结的事项")
    item_services.item_report_completion(item=done, by=p.unit_clerk, text="已全部完成并通过验收。")
    item_services.item_verify(item=fresh(done), by=p.supervision_staff, accept=True)
    register(p, title="尚未下发的事项")
    client.force_login(p.unit_clerk)
    assert _numbers(client, INBOX) == {to_sign.number}
    assert _numbers(client, INBOX, bucket="in_progress") == {working.number}
    assert _numbers(client, INBOX, bucket="reported") == {reported.number}
    assert _numbers(client, INBOX, bucket="done") == {done.number}
    body = client.get(INBOX).content.decode()
    for label in ("待签收（1）", "办理中（1）", "已报送待核实（1）", "已办结（1）"):
        assert label in body
    assert client.get(INBOX, {"bucket": "nonsense"}).status_code == 404


def test_the_leader_view_lists_only_the_leaders_own_items(
    client: Client, p: Personas, two: tuple[Item, Item], other_leader: User
) -> None:
    housing, schools = two
    cancelled = register(p, title="已撤销的事项", supervising_leader=p.leader)
    item_services.item_cancel(item=cancelled, by=p.leader, reason="任务调整")
    client.force_login(p.leader)
    assert _numbers(client, reverse("supervision:leader")) == {housing.number}
    client.force_login(other_leader)
    assert _numbers(client, reverse("supervision:leader")) == {schools.number}
    client.force_login(p.supervision_staff)
    assert client.get(reverse("supervision:leader")).status_code == 404


def _policy(**values: int) -> dict[str, Any]:
    data: dict[str, Any] = {
        "form": "policy", "blue_days": 5, "yellow_days": 2, "sign_days": 1,
        "report_grace_days": 0, "behind_plan_points": 20, "red_after_rejections": 2,
    }  # fmt: skip
    data.update(values)
    return data


def test_settings_update_the_warning_policy_and_add_a_source(client: Client, p: Personas) -> None:
    url = reverse("supervision:settings")
    client.force_login(p.supervision_staff)
    assert "来源与预警规则" in client.get(url).content.decode()

    saved = client.post(url, _policy(blue_days=7, sign_days=2), follow=True)
    assert messages_of(saved) == ["预警规则已保存"]
    policy = WarningPolicy.objects.get(committee=p.city)
    assert (policy.blue_days, policy.sign_days, policy.yellow_days) == (7, 2, 2)
    event = AuditEvent.objects.get(action="supervision.policy.changed")
    assert event.data == {"blue_days": 7, "sign_days": 2} and event.actor_id == p.supervision_staff.pk

    refused = client.post(url, _policy(blue_days=1, yellow_days=3))
    assert refused.status_code == 400 and "黄灯的临近天数不能大于蓝灯的临近天数" in refused.content.decode()
    assert WarningPolicy.objects.get(committee=p.city).blue_days == 7

    added = client.post(url, {"form": "source", "name": "政协全会交办"}, follow=True)
    assert messages_of(added) == ["来源已添加"]
    source = ItemSource.objects.get(committee=p.city, name="政协全会交办")
    assert AuditEvent.objects.filter(action="supervision.source.added", object_id=str(source.pk)).exists()
    duplicate = client.post(url, {"form": "source", "name": "政协全会交办"})
    assert duplicate.status_code == 400 and "该来源已存在" in duplicate.content.decode()

    client.post(reverse("supervision:source_toggle", args=[source.pk]))
    assert not ItemSource.objects.get(pk=source.pk).is_active
    assert source not in config.sources_for(p.city.pk)
    assert AuditEvent.objects.filter(action="supervision.source.changed", data__active=False).exists()


@pytest.mark.parametrize("persona", ["leader", "unit_clerk", "county_b_staff"])
def test_only_supervision_staff_change_settings(client: Client, p: Personas, persona: str) -> None:
    client.force_login(getattr(p, persona))
    url = reverse("supervision:settings")
    assert client.post(url, _policy(blue_days=9)).status_code == 404
    assert client.post(url, {"form": "source", "name": "新来源"}).status_code == 404
    assert not AuditEvent.objects.filter(action__startswith="supervision.").exists()


def test_each_committee_has_its_own_sources_and_policy(p: Personas) -> None:
    city = config.sources_for(p.city.pk)
    county = config.sources_for(p.county_b.pk)
    assert [s.name for s in city] == [s.name for s in county] == list(config.DEFAULT_SOURCES)
    assert not {s.pk for s in city} & {s.pk for s in county}
    config.policy_update(
        committee_id=p.city.pk, by=p.supervision_staff, values={**dict.fromkeys(config.POLICY_FIELDS, 3)}
    )
    assert config.policy_for(p.county_b.pk).blue_days == 5


def _pending(client: Client) -> str:
    body = client.get("/").content.decode()
    return body[body.index("待办事项") :]


def test_the_home_page_shows_supervision_work_to_each_role(client: Client, p: Personas) -> None:
    register(p, title="待审核一")
    register(p, title="待审核二")
    approved(p, title="待下发")
    issued(p, title="待签收")
    client.force_login(p.leader)
    leader = _pending(client)
    assert "待审核的督办事项" in leader and "?task=draft" in leader and "待下发的督办事项" not in leader
    client.force_login(p.supervision_staff)
    staff = _pending(client)
    assert "待下发的督办事项" in staff and "待审核的督办事项" not in staff
    client.force_login(p.unit_clerk)
    clerk = _pending(client)
    assert "待签收的督办事项" in clerk and "?task=to_sign" in clerk and "待审核" not in clerk
    client.force_login(p.member_wang)
    assert "督办事项" not in _pending(client)


def test_the_home_page_counts_the_pending_items(client: Client, p: Personas) -> None:
    register(p, title="待审核一")
    register(p, title="待审核二")
    client.force_login(p.leader)
    home = client.get("/")
    pending = {item.label: item.count for item in home.context["pending"]}
    assert pending["待审核的督办事项"] == 2


def test_a_co_operating_unit_is_not_asked_to_sign_or_report(
    client: Client, p: Personas, other_unit: HandlingUnit, other_clerk: User
) -> None:
    issued(p, title="住建局牵头、教育局配合", co_units=[other_unit])
    client.force_login(other_clerk)
    assert "待签收的督办事项" not in _pending(client)
    client.force_login(p.unit_clerk)
    assert "待签收的督办事项" in _pending(client)
