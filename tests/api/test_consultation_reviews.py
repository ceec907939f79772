"""/api/v1/consultations/reviews: a named reviewer reads the plans and reports waiting for him on
the phone and gives his decision; someone else's review is 404, bad input a Chinese 400. And the
member's duty record tells which minimum duties he reports himself."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.api.helpers import bearer
from tests.personas import Personas
from zhengxie.consultations import config
from zhengxie.consultations.models import Review
from zhengxie.consultations.services import plans, reviews

pytestmark = pytest.mark.django_db
BASE = "/api/v1/consultations/"


def _under_review(p: Personas, title: str = "推进城市更新") -> Review:
    c = plans.consultation_create(
        committee_id=p.city.pk, by=p.activity_staff, title=title, form=config.form_named(p.city.pk, "专题协商会"),
        meeting_on=timezone.localdate() + timedelta(days=60),
    )  # fmt: skip
    plans.document_add(consultation=c, by=p.activity_staff, kind="archive", title="议题论证", body="论证")
    c = plans.consultation_advance(consultation=c, by=p.activity_staff)
    plans.document_add(
        consultation=c, by=p.activity_staff, kind="scheme", title="工作方案", body="分三组调研"
    )
    (review,) = reviews.review_request(
        consultation=c, by=p.activity_staff, kind="scheme", reviewer_ids=[p.leader.pk]
    )
    return review


def _post(client: Client, url: str, headers: dict[str, str], body: dict[str, Any]) -> Any:
    return client.post(url, body, content_type="application/json", headers=headers)


def test_reviewer_lists_and_decides_on_the_phone(client: Client, p: Personas) -> None:
    review = _under_review(p)
    headers = bearer(p.leader)
    listed = client.get(BASE + "reviews", headers=headers).json()
    assert [(i["kind_label"], i["consultation_title"]) for i in listed["items"]] == [
        ("方案评审", "推进城市更新")
    ]
    assert "分三组调研" in listed["items"][0]["documents"][0]
    bad = _post(client, f"{BASE}reviews/{review.pk}/decide", headers, {"decision": "pass", "comment": " "})
    assert bad.status_code == 400 and bad.json()["message"] == "请填写评审意见"
    done = _post(
        client, f"{BASE}reviews/{review.pk}/decide", headers, {"decision": "revise", "comment": "补充数据"}
    )
    assert done.status_code == 200 and done.json()["decision_label"] == "需修改"
    again = _post(client, f"{BASE}reviews/{review.pk}/decide", headers, {"decision": "pass", "comment": "好"})
    assert again.status_code == 400 and again.json()["message"] == "该评审已完成"
    assert client.get(BASE + "reviews", headers=headers).json()["items"] == []


def test_someone_elses_review_is_404(client: Client, p: Personas) -> None:
    review = _under_review(p)
    for user in (p.activity_staff, p.member_wang, p.county_b_staff):
        resp = _post(
            client, f"{BASE}reviews/{review.pk}/decide", bearer(user), {"decision": "pass", "comment": "好"}
        )
        assert resp.status_code == 404
        assert client.get(BASE + "reviews", headers=bearer(user)).json()["items"] == []
    assert Review.objects.get().decision == ""


def test_review_list_query_count_does_not_grow(client: Client, p: Personas) -> None:
    headers = bearer(p.leader)
    _under_review(p, "议题一")

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(BASE + "reviews", headers=headers).status_code == 200
        return len(ctx.captured_queries)

    count()  # warm-up: the token's first use
    before = count()
    for i in range(5):
        _under_review(p, f"议题{i + 2}")
    assert count() == before


def test_the_duty_record_marks_minimums_the_member_reports(client: Client, p: Personas) -> None:
    body = client.get("/api/v1/duty/me", {"committee": p.city.pk}, headers=bearer(p.member_wang)).json()
    flags = {m["label"]: m["reportable"] for m in body["minimums"]}
    assert flags["交一批朋友"] is True and flags["出席全体会议"] is False
