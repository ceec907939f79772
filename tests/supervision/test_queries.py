"""The lists and the item page run a fixed number of queries, however many rows they show."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from tests.personas import Personas
from tests.querycount import same_for_few_and_many
from zhengxie.accounts.models import User
from zhengxie.org.models import HandlingUnit
from zhengxie.supervision.models import Item, ProgressReport

from .helpers import in_days, issued, register, signed


def test_the_board_query_count_does_not_grow(
    client: Client, p: Personas, other_unit: HandlingUnit, other_leader: User
) -> None:
    def add(n: int) -> None:
        for i in range(n):
            unit = p.unit if i % 2 else other_unit
            leader = p.leader if i % 2 else other_leader
            register(
                p, title=f"事项{Item.objects.count()}", lead_unit=unit, supervising_leader=leader, co_units=[]
            )

    client.force_login(p.supervision_staff)
    count = same_for_few_and_many(client, reverse("supervision:board"), add)
    assert len(client.get(reverse("supervision:board")).context["page"].items) == 20
    assert count <= 16


def test_the_unit_inbox_query_count_does_not_grow(
    client: Client, p: Personas, other_unit: HandlingUnit
) -> None:
    def add(n: int) -> None:
        for _ in range(n):
            issued(p, title=f"事项{Item.objects.count()}", co_units=[other_unit])

    client.force_login(p.unit_clerk)
    assert same_for_few_and_many(client, reverse("supervision:inbox"), add) <= 14


def test_the_leader_view_query_count_does_not_grow(client: Client, p: Personas) -> None:
    def add(n: int) -> None:
        for _ in range(n):
            issued(p, title=f"事项{Item.objects.count()}", supervising_leader=p.leader)

    client.force_login(p.leader)
    assert same_for_few_and_many(client, reverse("supervision:leader"), add) <= 13


def test_the_item_page_query_count_does_not_grow_with_reports_and_children(
    client: Client, p: Personas
) -> None:
    parent = signed(p, title="年度重点任务", due_on=in_days(90), supervising_leader=p.leader)

    def add(n: int) -> None:
        for _ in range(n):
            # Rows as a unit reported them before the task was decomposed.
            ProgressReport.objects.create(
                committee=p.city, item=parent, percent=10, text="本期完成部分工作", reported_by=p.unit_clerk
            )
            register(p, title=f"子任务{Item.objects.count()}", parent=parent, due_on=in_days(60))

    client.force_login(p.supervision_staff)
    url = reverse("supervision:item_detail", args=[parent.pk])
    assert same_for_few_and_many(client, url, add) <= 19
    body = client.get(url).content.decode()
    assert body.count("本期完成部分工作") == 20 and body.count("子任务") == 20
