"""/api/v1/opinions/: a member submits and follows every level; the upper centre's queue shows
what lower committees reported; scope and bad input as on the pages."""

from __future__ import annotations

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.api.helpers import bearer
from tests.personas import Personas
from zhengxie.opinions.models import Opinion
from zhengxie.opinions.services import adoption

from .conftest import Info
from .helpers import BODY, at_city, publish_at, published, submitted


def test_a_member_submits_and_follows_every_level(client: Client, p: Personas, o: Info) -> None:
    headers = bearer(p.member_county)
    created = client.post(
        "/api/v1/opinions/items",
        {"committee": p.county_a.pk, "title": "关于农村养老服务的建议", "body": BODY},
        content_type="application/json",
        headers=headers,
    )
    assert created.status_code == 200 and created.json()["state"] == "received"
    county, city = at_city(p, o)
    publish_at(city, info=p.info_staff, leader=p.leader)
    mine = client.get("/api/v1/opinions/items/mine", headers=headers).json()
    assert {i["title"] for i in mine["items"]} == {"关于农村养老服务的建议", county.title}
    detail = client.get(f"/api/v1/opinions/items/{county.pk}", headers=headers).json()
    assert [lv["committee"] for lv in detail["levels"]] == ["甲县政协", "测试市政协"]
    assert detail["levels"][0]["reports"][0]["status"] == "adopted"
    assert [a["level"] for a in detail["adoptions"] if a["counts"]] == ["city"]


def test_the_upper_centres_queue_shows_reported_items(client: Client, p: Personas, o: Info) -> None:
    _, city = at_city(p, o)
    headers = bearer(p.info_staff)
    queue = client.get(
        "/api/v1/opinions/queue", {"committee": str(p.city.pk), "state": "received"}, headers=headers
    )
    assert [i["id"] for i in queue.json()["items"]] == [city.pk]
    assert queue.json()["items"][0]["channel"] == "lower"
    accepted = client.post(f"/api/v1/opinions/items/{city.pk}/accept", headers=headers)
    assert accepted.json()["state"] == "editing"


def test_scope_and_bad_input(client: Client, p: Personas, o: Info) -> None:
    opinion = submitted(p)
    assert (
        client.get(f"/api/v1/opinions/items/{opinion.pk}", headers=bearer(p.member_wang)).status_code == 404
    )
    assert (
        client.get(
            "/api/v1/opinions/queue", {"committee": p.county_a.pk}, headers=bearer(p.info_staff)
        ).status_code
        == 404
    )
    bad = client.post(
        "/api/v1/opinions/items",
        {"committee": p.county_a.pk, "title": "", "body": ""},
        content_type="application/json",
        headers=bearer(p.member_county),
    )
    assert bad.status_code == 400 and "请填写标题" in bad.json()["message"]
    wrong = client.post(f"/api/v1/opinions/items/{opinion.pk}/accept", headers=bearer(p.member_county))
    assert wrong.status_code == 403 and "权限" in wrong.json()["message"]
    assert Opinion.objects.count() == 1


def test_my_items_query_count_does_not_grow(client: Client, p: Personas, o: Info) -> None:
    headers = bearer(p.member_county)

    def count() -> int:
        client.get("/api/v1/opinions/items/mine", headers=headers)
        with CaptureQueriesContext(connection) as captured:
            client.get("/api/v1/opinions/items/mine", headers=headers)
        return len(captured.captured_queries)

    for _ in range(2):
        submitted(p)
    few = count()
    for _ in range(18):
        submitted(p)
    assert count() == few


def test_the_queue_query_count_does_not_grow(client: Client, p: Personas, o: Info) -> None:
    headers = bearer(o.county_info)

    def count() -> int:
        params = {"committee": str(p.county_a.pk)}
        client.get("/api/v1/opinions/queue", params, headers=headers)
        with CaptureQueriesContext(connection) as captured:
            client.get("/api/v1/opinions/queue", params, headers=headers)
        return len(captured.captured_queries)

    for _ in range(2):
        submitted(p)
    few = count()
    for _ in range(18):
        submitted(p)
    assert count() == few


def test_the_author_reads_instructions_and_their_feedback(client: Client, p: Personas, o: Info) -> None:
    opinion = published(p, o)
    instruction = adoption.instruction_record(
        opinion=opinion,
        by=o.county_info,
        leader_name="县委书记",
        level="county",
        text="请卫健局研究落实。",
        given_on=timezone.localdate(),
        is_principal=True,
    )
    adoption.instruction_feedback(instruction=instruction, by=o.county_info, text="已出台养老服务补贴办法。")
    detail = client.get(f"/api/v1/opinions/items/{opinion.pk}", headers=bearer(p.member_county)).json()
    assert detail["instructions"] == [
        {
            "leader_name": "县委书记",
            "level": "county",
            "is_principal": True,
            "text": "请卫健局研究落实。",
            "given_on": timezone.localdate().isoformat(),
            "feedback": "已出台养老服务补贴办法。",
            "feedback_on": timezone.localdate().isoformat(),
        }
    ]
