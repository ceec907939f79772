"""The home page's supervision items open lists of exactly the rows they count, and each new
piece of work tells the people it waits for."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.test import Client

from tests.personas import Personas
from tests.supervision.helpers import fresh, issued, register, signed
from zhengxie.notices.models import Notice
from zhengxie.org.models import HandlingUnit
from zhengxie.supervision.models import Colour, Item


def _items(client: Client) -> dict[str, Any]:
    return {item.label: item for item in client.get("/").context["pending"]}


def _opened(client: Client, url: str) -> list[int]:
    response = client.get(url)
    assert response.status_code == 200
    return [row.pk for row in response.context["page"].items]


def test_to_sign_counts_and_lists_only_the_items_the_unit_leads(
    client: Client, p: Personas, other_unit: HandlingUnit, django_capture_on_commit_callbacks: Any
) -> None:
    led = [issued(p, title="住建局牵头一"), issued(p, title="住建局牵头二")]
    issued(p, title="教育局牵头、住建局配合", lead_unit=other_unit, co_units=[p.unit])
    client.force_login(p.unit_clerk)
    item = _items(client)["待签收的督办事项"]
    assert item.count == 2
    assert sorted(_opened(client, item.url)) == sorted(i.pk for i in led)


def test_red_items_open_the_red_items_not_every_item_in_progress(client: Client, p: Personas) -> None:
    red = signed(p, title="已逾期")
    signed(p, title="按期推进")
    Item.objects.filter(pk=red.pk).update(colour=Colour.RED)
    client.force_login(p.unit_clerk)
    item = _items(client)["逾期亮红灯的督办事项"]
    assert item.count == 1 and item.urgent
    assert _opened(client, item.url) == [red.pk]
    # The tabs stay as they were for browsing.
    assert len(_opened(client, "/supervision/unit/?bucket=in_progress")) == 2


def test_an_unknown_task_is_not_found(client: Client, p: Personas) -> None:
    client.force_login(p.unit_clerk)
    assert client.get("/supervision/unit/?task=nonsense").status_code == 404
    client.force_login(p.supervision_staff)
    assert client.get("/supervision/?task=nonsense").status_code == 404


def test_pending_extensions_open_the_items_that_asked(client: Client, p: Personas) -> None:
    from zhengxie.supervision.services.extensions import extension_request

    asking = signed(p, title="申请延期")
    signed(p, title="未申请")
    extension_request(
        item=fresh(asking),
        by=p.unit_clerk,
        new_due_on=asking.due_on + timedelta(days=30),
        reason="需要更多时间完成",
        progress_text="已完成大部分工作",
    )
    client.force_login(p.supervision_staff)
    item = _items(client)["延期申请待审批"]
    assert item.count == 1
    assert _opened(client, item.url) == [asking.pk]


def test_a_draft_tells_its_supervising_leader_and_issuing_tells_the_unit(
    p: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        draft = register(p, title="回头看", supervising_leader=p.leader)
    notice = Notice.objects.get(recipient=p.leader)
    assert notice.title.startswith("督办事项待审核") and notice.url == f"/supervision/items/{draft.pk}/"
    with django_capture_on_commit_callbacks(execute=True):
        item = issued(p, title="下发给住建局")
    assert Notice.objects.filter(
        recipient=p.unit_clerk, title__startswith="督办事项待签收", url__endswith=f"/{item.pk}/"
    ).exists()


def test_an_item_registered_and_issued_at_once_asks_no_leader(
    p: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    from tests.supervision.helpers import item_data
    from zhengxie.supervision.services.from_source import item_issue_for_source

    with django_capture_on_commit_callbacks(execute=True):
        item_issue_for_source(committee_id=p.city.pk, by=p.supervision_staff, data=item_data(p), link=p.unit)
    assert not Notice.objects.filter(title__startswith="督办事项待审核").exists()
    assert Notice.objects.filter(recipient=p.unit_clerk, title__startswith="督办事项待签收").exists()
