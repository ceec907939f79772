"""/api/v1/supervision/: a handling unit's own OA system lists its items, signs for them, reports
progress, asks for an extension and reports completion; scope as on the pages."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.api.helpers import bearer
from tests.personas import Personas
from zhengxie.org.models import HandlingUnit
from zhengxie.supervision import config
from zhengxie.supervision.models import Item
from zhengxie.supervision.services.items import ItemData, item_approve, item_issue, item_register


def _issued(p: Personas, title: str = "落实停车设施建设", unit: HandlingUnit | None = None) -> Item:
    item = item_register(
        committee_id=p.city.pk,
        by=p.supervision_staff,
        data=ItemData(
            title=title,
            source=config.source_named(p.city.pk, "重点提案"),
            due_on=timezone.localdate() + timedelta(days=30),
            lead_unit=unit or p.unit,
        ),
    )
    item_approve(item=item, by=p.leader)
    return item_issue(item=item, by=p.supervision_staff)


def _post(client: Client, url: str, headers: dict[str, str], body: dict[str, Any] | None = None) -> Any:
    return client.post(url, body or {}, content_type="application/json", headers=headers)


def test_unit_works_an_item_through_the_api(client: Client, p: Personas) -> None:
    item = _issued(p)
    headers = bearer(p.unit_clerk)
    listed = client.get(
        "/api/v1/supervision/items", {"committee": str(p.city.pk), "bucket": "to_sign"}, headers=headers
    )
    assert [i["number"] for i in listed.json()["items"]] == [item.number]

    signed = _post(client, f"/api/v1/supervision/items/{item.pk}/sign", headers)
    assert signed.status_code == 200 and signed.json()["state"] == "in_progress"
    reported = _post(
        client,
        f"/api/v1/supervision/items/{item.pk}/progress",
        headers,
        {"percent": 50, "text": "完成选址论证"},
    )
    assert reported.json()["progress"] == 50
    new_due = (item.due_on + timedelta(days=20)).isoformat()
    asked = _post(
        client,
        f"/api/v1/supervision/items/{item.pk}/extension",
        headers,
        {"new_due_on": new_due, "reason": "需等待规划审批结果", "progress_text": "方案已完成"},
    )
    assert asked.status_code == 200
    done = _post(
        client,
        f"/api/v1/supervision/items/{item.pk}/completion",
        headers,
        {"text": "停车场已建成并投入使用，共新增车位300个。"},
    )
    assert done.json()["state"] == "verifying"

    detail = client.get(f"/api/v1/supervision/items/{item.pk}", headers=headers).json()
    assert [r["percent"] for r in detail["reports"]] == [50]
    assert [e["action"] for e in detail["timeline"]][-3:] == ["报送进度", "申请延期", "报送办结报告"]


def test_wrong_state_is_a_clear_error_and_changes_nothing(client: Client, p: Personas) -> None:
    item = _issued(p)
    response = _post(
        client,
        f"/api/v1/supervision/items/{item.pk}/progress",
        bearer(p.unit_clerk),
        {"percent": 10, "text": "开始办理"},
    )
    assert response.status_code == 400
    assert response.json()["message"] == "请先签收该事项，再报送进度"
    item.refresh_from_db()
    assert item.progress == 0 and not item.reports.exists()


def test_bad_percent_is_refused(client: Client, p: Personas) -> None:
    item = _issued(p)
    headers = bearer(p.unit_clerk)
    _post(client, f"/api/v1/supervision/items/{item.pk}/sign", headers)
    response = _post(
        client, f"/api/v1/supervision/items/{item.pk}/progress", headers, {"percent": 150, "text": "超额完成"}
    )
    assert response.status_code == 422
    assert not item.reports.exists()


def test_other_units_and_committees_get_404(client: Client, p: Personas) -> None:
    other_unit = HandlingUnit.objects.create(committee=p.city, name="市教育局")
    item = _issued(p, unit=other_unit)
    for user in (p.unit_clerk, p.county_b_staff, p.member_wang):
        headers = bearer(user)
        assert client.get(f"/api/v1/supervision/items/{item.pk}", headers=headers).status_code == 404
        assert _post(client, f"/api/v1/supervision/items/{item.pk}/sign", headers).status_code == 404
    assert (
        client.get(
            "/api/v1/supervision/items", {"committee": p.city.pk}, headers=bearer(p.county_b_staff)
        ).status_code
        == 404
    )
    mine = client.get(
        "/api/v1/supervision/items", {"committee": p.city.pk}, headers=bearer(p.unit_clerk)
    ).json()
    assert mine["items"] == []


def test_office_sees_every_item_of_its_committee(client: Client, p: Personas) -> None:
    _issued(p, "一号事项")
    _issued(p, "二号事项", unit=HandlingUnit.objects.create(committee=p.city, name="市教育局"))
    listed = client.get(
        "/api/v1/supervision/items", {"committee": p.city.pk}, headers=bearer(p.supervision_staff)
    )
    assert sorted(i["title"] for i in listed.json()["items"]) == ["一号事项", "二号事项"]


def test_item_list_query_count_does_not_grow(client: Client, p: Personas) -> None:
    headers = bearer(p.unit_clerk)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/api/v1/supervision/items", {"committee": p.city.pk}, headers=headers)
        assert response.status_code == 200
        return len(queries)

    for n in range(2):
        _issued(p, f"事项{n}")
    count()  # the first call of a token also records its first use
    few = count()
    for n in range(2, 20):
        _issued(p, f"事项{n}")
    assert count() == few
