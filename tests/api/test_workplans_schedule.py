"""/api/v1/workplans/ and /api/v1/schedule/: the office reads the year's plans with their items,
the findings (a department only its own) and the forward schedule with its clashes; everyone else
is 404; reads cost the same for few and many rows."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.api.helpers import bearer
from tests.consultations.conftest import at
from tests.personas import Personas
from tests.workplans.test_workplans import _item, _plan
from zhengxie.org.models import HandlingUnit
from zhengxie.schedule import services as schedule_services
from zhengxie.workplans import supervision

pytestmark = pytest.mark.django_db


def _finding(p: Personas, unit: HandlingUnit, title: str) -> None:
    supervision.finding_send(
        committee_id=p.city.pk, by=p.activity_staff, unit=unit, title=title, body="意见",
        due_on=timezone.localdate() + timedelta(days=30),
    )  # fmt: skip


def test_plans_and_findings_by_scope(client: Client, p: Personas) -> None:
    yp = _plan(p)
    _item(p, yp)
    _item(p, yp, plan="supervision", form="appraisal", title="民主评议住建局", target="市住房和城乡建设局")
    office = bearer(p.leader)
    got = client.get("/api/v1/workplans/", {"committee": p.city.pk}, headers=office).json()
    assert [i["title"] for i in got["items"][0]["items"]] == ["乡村振兴专题调研", "民主评议住建局"]
    assert got["items"][0]["items"][0]["activity_id"] is None
    assert (
        client.get("/api/v1/workplans/", {"committee": p.city.pk}, headers=bearer(p.member_wang)).status_code
        == 404
    )
    assert client.get("/api/v1/workplans/", {"committee": p.county_a.pk}, headers=office).status_code == 404
    other = HandlingUnit.objects.create(committee=p.city, name="市教育局")
    _finding(p, p.unit, "住建局意见")
    _finding(p, other, "教育局意见")
    clerk = client.get(
        "/api/v1/workplans/findings", {"committee": p.city.pk}, headers=bearer(p.unit_clerk)
    ).json()
    assert [f["title"] for f in clerk["items"]] == ["住建局意见"]
    everyone = client.get("/api/v1/workplans/findings", {"committee": p.city.pk}, headers=office).json()
    assert len(everyone["items"]) == 2
    r = client.get("/api/v1/workplans/findings", {"committee": p.city.pk}, headers=bearer(p.member_wang))
    assert r.status_code == 404
    with CaptureQueriesContext(connection) as few:
        client.get("/api/v1/workplans/findings", {"committee": p.city.pk}, headers=office)
    for i in range(10):
        _finding(p, p.unit, f"意见{i}")
    with CaptureQueriesContext(connection) as many:
        client.get("/api/v1/workplans/findings", {"committee": p.city.pk}, headers=office)
    assert len(few) == len(many)


def test_schedule_with_clashes(client: Client, p: Personas) -> None:
    for hour in (9, 15):
        schedule_services.entry_create(
            committee_id=p.city.pk, by=p.activity_staff, kind="meeting", title=f"主席会议{hour}",
            starts_at=at(1, hour), ends_at=at(1, hour) + timedelta(hours=1), leaders=[p.leader],
        )  # fmt: skip
    h = bearer(p.activity_staff)
    day = at(1).date().isoformat()
    got = client.get("/api/v1/schedule/", {"committee": str(p.city.pk), "start": day}, headers=h).json()
    found = next(d for d in got["days"] if d["day"] == day)
    assert [r["title"] for r in found["rows"]] == ["主席会议9", "主席会议15"]
    assert found["rows"][0]["leaders"] == ["市政协领导"]
    assert "市政协领导同日有2项安排" in found["warnings"]
    month = client.get(
        "/api/v1/schedule/", {"committee": str(p.city.pk), "start": day, "span": "month"}, headers=h
    )
    assert month.status_code == 200 and len(month.json()["days"]) >= 28
    r = client.get("/api/v1/schedule/", {"committee": str(p.city.pk), "span": "year"}, headers=h)
    assert r.status_code == 422
    r = client.get("/api/v1/schedule/", {"committee": p.city.pk}, headers=bearer(p.unit_clerk))
    assert r.status_code == 404
