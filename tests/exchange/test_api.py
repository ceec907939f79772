"""/api/v1/exchange/ and /api/v1/contacts/: a phone lists its groups with unread counts, polls for
new messages, posts (with a file) and marks read; outside the group everything is 404; the
directory never carries a hidden phone or another committee's member."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.api.helpers import bearer
from tests.personas import Personas
from zhengxie.exchange import contacts, services
from zhengxie.exchange.models import Message

from .conftest import X
from .test_exchange import PNG


def test_a_phone_polls_posts_and_marks_read(client: Client, p: Personas, x: X) -> None:
    wang = bearer(p.member_wang)
    first = services.message_post(group=x.group, by=x.zhao, body="开会通知")
    groups = client.get("/api/v1/exchange/groups", headers=wang).json()
    assert [(g["id"], g["unread"]) for g in groups["items"]] == [(x.group.pk, 1)]
    assert client.get("/api/v1/exchange/unread", headers=wang).json() == {"unread_total": 1}
    page = client.get(f"/api/v1/exchange/groups/{x.group.pk}/messages", headers=wang).json()
    assert [m["body"] for m in page["items"]] == ["开会通知"]
    services.message_post(group=x.group, by=x.zhao, body="新消息")
    polled = client.get(
        f"/api/v1/exchange/groups/{x.group.pk}/messages?since={first.pk}", headers=wang
    ).json()
    assert [m["body"] for m in polled["items"]] == ["新消息"]
    read = client.post(
        f"/api/v1/exchange/groups/{x.group.pk}/read", {}, content_type="application/json", headers=wang
    ).json()
    assert read["unread_total"] == 0
    posted = client.post(
        f"/api/v1/exchange/groups/{x.group.pk}/messages",
        {"body": "收到"},
        content_type="application/json",
        headers=wang,
    )
    assert posted.status_code == 201 and posted.json()["mine"]
    upload = client.post(
        f"/api/v1/exchange/groups/{x.group.pk}/messages/upload",
        {"body": "照片", "file": SimpleUploadedFile("a.png", PNG, content_type="image/png")},
        headers=wang,
    )
    assert upload.status_code == 201 and upload.json()["attachments"][0]["picture"]
    empty = client.post(
        f"/api/v1/exchange/groups/{x.group.pk}/messages",
        {"body": " "},
        content_type="application/json",
        headers=wang,
    )
    assert empty.status_code == 400 and empty.json()["message"] == "请填写消息内容或添加附件"
    too_long = client.post(
        f"/api/v1/exchange/groups/{x.group.pk}/messages",
        {"body": "长" * 2001},
        content_type="application/json",
        headers=wang,
    )
    assert too_long.status_code == 422


def test_outside_the_group_the_api_is_404(client: Client, p: Personas, x: X) -> None:
    services.message_post(group=x.group, by=x.zhao, body="内部")
    li = bearer(p.member_county)
    assert client.get("/api/v1/exchange/groups", headers=li).json()["items"] == []
    assert client.get(f"/api/v1/exchange/groups/{x.group.pk}", headers=li).status_code == 404
    assert client.get(f"/api/v1/exchange/groups/{x.group.pk}/messages", headers=li).status_code == 404
    posted = client.post(
        f"/api/v1/exchange/groups/{x.group.pk}/messages",
        {"body": "x"},
        content_type="application/json",
        headers=li,
    )
    assert posted.status_code == 404 and Message.objects.count() == 1
    assert client.get("/api/v1/exchange/unread", headers=li).json() == {"unread_total": 0}


def test_contacts_api(client: Client, p: Personas, x: X) -> None:
    contacts.card_update(by=x.zhao, show_phone=True, show_work=False)
    wang = bearer(p.member_wang)
    listed = client.get("/api/v1/contacts/", headers=wang).json()
    names = {i["name"]: i for i in listed["items"]}
    assert set(names) == {"王建国", "赵晓梅"}
    assert names["赵晓梅"]["phone_masked"] == "137****7000" and names["赵晓梅"]["employer"] == ""
    assert names["王建国"]["phone_masked"] == "" and "13800138000" not in str(listed)
    full = client.post(f"/api/v1/contacts/{x.zhao_record.pk}/phone", headers=wang).json()
    assert full == {"phone": "13700137000"}
    hidden = client.post(f"/api/v1/contacts/{p.member_wang_record.pk}/phone", headers=bearer(x.zhao))
    assert hidden.status_code == 404 and "13800138000" not in hidden.content.decode()
    li = bearer(p.member_county)
    assert client.get(f"/api/v1/contacts/?committee={p.city.pk}", headers=li).status_code == 404
    assert "王建国" not in client.get("/api/v1/contacts/", headers=li).content.decode()
    mine = client.put(
        "/api/v1/contacts/mine",
        {"show_phone": True, "show_work": True, "office_phone": "", "liaison_note": ""},
        content_type="application/json",
        headers=wang,
    )
    assert mine.status_code == 200 and mine.json()["show_phone"]
    staff = client.get("/api/v1/contacts/liaison", headers=wang).json()
    assert {s["topic"] for s in staff} == {"proposals", "information", "activities"}
    office = client.post(
        "/api/v1/contacts/office",
        {"topic": "information", "body": "信息报送格式？"},
        content_type="application/json",
        headers=wang,
    )
    assert office.status_code == 201
    wrong = client.post(
        "/api/v1/contacts/office", {"topic": "x", "body": "y"}, content_type="application/json", headers=wang
    )
    assert wrong.status_code == 400 and wrong.json()["message"] == "请选择联络事项"
