# ruff: noqa: F811  (the fixtures imported from tests.grassroots are parameters below)
"""/api/v1/grassroots/: a convener's phone lists his group's platforms, opens a consultation, does
its steps, records a problem and its outcome; a member's phone records a visit; another town's
platform is 404; bad input as on the pages."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.api.helpers import bearer
from tests.grassroots.conftest import convener, other_town, towns, village  # noqa: F401  (fixtures)
from tests.personas import Personas
from zhengxie.accounts.models import User
from zhengxie.consultations.models import Platform
from zhengxie.grassroots import services
from zhengxie.grassroots.models import Problem, Visit

pytestmark = pytest.mark.django_db
BASE = "/api/v1/grassroots/"


def _post(client: Client, url: str, headers: dict[str, str], body: dict[str, Any]) -> Any:
    return client.post(url, body, content_type="application/json", headers=headers)


def test_convener_phone(
    client: Client, p: Personas, convener: User, village: Platform, other_town: Platform
) -> None:
    h = bearer(convener)
    c = p.city.pk
    listed = client.get(BASE + "platforms", {"committee": c}, headers=h).json()
    assert [i["name"] for i in listed["items"]] == ["高城村协商议事点"]
    assert (
        client.get(f"{BASE}platforms/{other_town.pk}/records", {"committee": c}, headers=h).status_code == 404
    )
    r = _post(
        client, f"{BASE}platforms/{other_town.pk}/records", h, {"committee": c, "title": "x", "note": "y"}
    )
    assert r.status_code == 404
    r = _post(
        client, f"{BASE}platforms/{village.pk}/records", h, {"committee": c, "title": "城乡供水", "note": " "}
    )
    assert r.status_code == 400
    rec = _post(
        client,
        f"{BASE}platforms/{village.pk}/records",
        h,
        {"committee": c, "title": "城乡供水", "note": "议题"},
    )
    rid = rec.json()["id"]
    assert rec.json()["next_step"] == "research"
    _post(client, f"{BASE}records/{rid}/steps", h, {"committee": c, "note": "调研"})
    r = _post(client, f"{BASE}records/{rid}/steps", h, {"committee": c, "note": "开会", "participants": 0})
    assert r.status_code == 422
    r = _post(
        client, f"{BASE}records/{rid}/steps", h,
        {"committee": c, "note": "开会", "participants": 12, "member_ids": [p.member_wang_record.pk]},
    )  # fmt: skip
    assert r.json()["state"] == "meeting"
    pr = _post(
        client,
        f"{BASE}platforms/{village.pk}/problems",
        h,
        {"committee": c, "text": "水压低", "record_id": rid},
    )
    r = _post(
        client,
        f"{BASE}problems/{pr.json()['id']}/resolve",
        h,
        {"committee": c, "state": "solved", "outcome": "已加压"},
    )
    assert r.json()["state_label"] == "已解决"
    assert Problem.objects.get().state == "solved"


def test_member_phone_records_a_visit(
    client: Client, p: Personas, village: Platform, other_town: Platform
) -> None:
    services.members_assign(platform=village, by=p.activity_staff, members=[p.member_wang_record])
    h = bearer(p.member_wang)
    body = {
        "committee": p.city.pk,
        "visited_on": "2020-01-02",
        "people_met": 3,
        "summary": "走访",
        "problems": ["缺药"],
    }
    r = _post(client, f"{BASE}platforms/{village.pk}/visits", h, body)
    assert r.status_code == 200 and Visit.objects.count() == 1 and Problem.objects.count() == 1
    assert _post(client, f"{BASE}platforms/{other_town.pk}/visits", h, body).status_code == 404
    r = _post(
        client,
        f"{BASE}platforms/{village.pk}/records",
        h,
        {"committee": p.city.pk, "title": "x", "note": "y"},
    )
    assert r.status_code == 403


def test_convener_phone_uploads_step_photos(
    client: Client, p: Personas, convener: User, village: Platform, other_town: Platform
) -> None:
    from tests.grassroots.conftest import png
    from zhengxie.grassroots.models import Photo

    h = bearer(convener)
    c = p.city.pk
    rec = services.record_open(platform=village, by=convener, title="集镇市场", note="议题")
    r = client.post(f"{BASE}records/{rec.pk}/photos", {"committee": c, "photo": png()}, headers=h)
    assert r.status_code == 201 and r.json()["step"] == "topic"
    # a step not yet done, a file that is not a picture: clear Chinese, nothing stored
    r = client.post(
        f"{BASE}records/{rec.pk}/photos", {"committee": c, "step": "meeting", "photo": png()}, headers=h
    )
    assert r.status_code == 400 and "已完成的步骤" in r.json()["message"]
    fake = SimpleUploadedFile("现场.png", b"MZ not a picture", content_type="image/png")
    r = client.post(f"{BASE}records/{rec.pk}/photos", {"committee": c, "photo": fake}, headers=h)
    assert r.status_code == 400
    assert Photo.objects.count() == 1
    for _ in range(5):
        client.post(f"{BASE}records/{rec.pk}/photos", {"committee": c, "photo": png()}, headers=h)
    r = client.post(f"{BASE}records/{rec.pk}/photos", {"committee": c, "photo": png()}, headers=h)
    assert r.status_code == 400 and "最多" in r.json()["message"] and Photo.objects.count() == 6
    # another town's record is 404
    far = services.record_open(platform=other_town, by=p.activity_staff, title="企业用工", note="议题")
    r = client.post(f"{BASE}records/{far.pk}/photos", {"committee": c, "photo": png()}, headers=h)
    assert r.status_code == 404
