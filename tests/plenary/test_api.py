"""/api/v1/plenary/: a member on a phone reads the open calls, submits, revises and resubmits."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.personas import Personas
from zhengxie.plenary import services
from zhengxie.plenary.models import Speech, SpeechCall

pytestmark = pytest.mark.django_db


def test_member_submits_and_resubmits_through_the_api(client: Client, p: Personas, call: SpeechCall) -> None:
    client.force_login(p.member_wang)
    calls = client.get("/api/v1/plenary/calls").json()
    assert [c["id"] for c in calls] == [call.pk]
    bad = client.post(
        f"/api/v1/plenary/calls/{call.pk}/speeches",
        {"title": "", "body": ""},
        content_type="application/json",
    )
    assert bad.status_code in (400, 422) and not Speech.objects.exists()
    created = client.post(
        f"/api/v1/plenary/calls/{call.pk}/speeches", {"title": "关于就业的建议", "body": "内容"},
        content_type="application/json",
    )  # fmt: skip
    assert created.status_code == 201, created.content
    speech_id = created.json()["id"]
    services.speech_decide(
        speech=Speech.objects.get(), by=p.activity_staff, decision="returned", note="补充数据"
    )
    edited = client.put(
        f"/api/v1/plenary/speeches/{speech_id}", {"title": "关于就业的建议（修改稿）", "body": "内容二"},
        content_type="application/json",
    )  # fmt: skip
    assert edited.status_code == 200
    again = client.post(f"/api/v1/plenary/speeches/{speech_id}/resubmit")
    assert again.json()["state"] == "submitted"
    mine = client.get("/api/v1/plenary/speeches").json()
    assert [s["title"] for s in mine["items"]] == ["关于就业的建议（修改稿）"]
    plenary = client.get(f"/api/v1/plenary/plenaries/{call.activity_id}").json()
    assert plenary["call_id"] == call.pk


def test_other_members_speech_is_404(client: Client, p: Personas, call: SpeechCall) -> None:
    speech = services.speech_submit(
        call=call, by=p.member_wang, author=p.member_wang_record, title="甲", body="乙"
    )
    client.force_login(p.member_county)
    assert client.get(f"/api/v1/plenary/speeches/{speech.pk}").status_code == 404
    assert (
        client.post(
            f"/api/v1/plenary/calls/{call.pk}/speeches",
            {"title": "a", "body": "b"},
            content_type="application/json",
        ).status_code
        == 404
    )
    client.force_login(p.activity_staff)
    # Staff are not the author: the member's endpoints answer 404.
    assert client.post(f"/api/v1/plenary/speeches/{speech.pk}/withdraw").status_code == 404
