"""/api/v1/learning/: assigned courses, lesson content, heartbeats and notes for the phone app."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from tests.learning.helpers import course_with_lessons
from tests.personas import Personas
from zhengxie.learning.services import plans, reading

pytestmark = pytest.mark.django_db

QUIZ = [{"q": "政协的主要职能有几项？", "options": ["两项", "三项"], "answer": 1}]


def _client(user: object) -> Client:
    c = Client()
    c.force_login(user)  # type: ignore[arg-type]
    return c


def _post(c: Client, url: str, body: dict[str, object]) -> Any:
    return c.post(url, json.dumps(body), content_type="application/json")


def test_member_takes_an_assigned_lesson_through_the_api(p: Personas) -> None:
    course = course_with_lessons(p.city, p.activity_staff, quiz=QUIZ, rule="quiz")
    plan = plans.plan_create(committee_id=p.city.pk, year=2026, title="计划", by=p.activity_staff)
    plans.item_add(
        plan=plan,
        course=course,
        audience_kind="all",
        due_on=timezone.localdate() + timedelta(days=9),
        by=p.activity_staff,
    )
    c = _client(p.member_wang)
    listed = c.get(f"/api/v1/learning/assignments?committee={p.city.pk}").json()
    assert [a["course"] for a in listed] == [course.title] and listed[0]["done"] is False
    lesson_id = c.get(f"/api/v1/learning/courses/{course.pk}").json()["lessons"][0]["id"]
    content = c.get(f"/api/v1/learning/lessons/{lesson_id}").json()
    assert "统一战线" in content["body_html"]
    assert content["questions"] == [{"q": QUIZ[0]["q"], "options": QUIZ[0]["options"]}]  # no answers
    view = _post(c, f"/api/v1/learning/lessons/{lesson_id}/views", {}).json()["view"]
    beat = _post(
        c, f"/api/v1/learning/lessons/{lesson_id}/views/{view}/beat", {"visible": True, "fraction": 2}
    )
    assert beat.status_code == 422
    beat = _post(
        c, f"/api/v1/learning/lessons/{lesson_id}/views/{view}/beat", {"visible": False, "position": 0.3}
    )
    assert beat.json() == {"seconds": 0, "position": 0.3, "completed": False}
    result = _post(c, f"/api/v1/learning/lessons/{lesson_id}/quiz", {"answers": [1]}).json()
    assert result == {"score": 100, "passed": True}
    assert c.get(f"/api/v1/learning/assignments?committee={p.city.pk}").json()[0]["done"] is True


def test_api_is_404_outside_reach(p: Personas) -> None:
    draft = course_with_lessons(p.city, p.activity_staff, publish=False)
    county = _client(p.member_county)
    assert county.get(f"/api/v1/learning/courses/{draft.pk}").status_code == 404
    assert county.get(f"/api/v1/learning/lessons/{draft.lessons.get().pk}").status_code == 404
    assert county.get(f"/api/v1/learning/assignments?committee={p.city.pk}").status_code == 404


def test_notes_through_the_api(p: Personas) -> None:
    group = reading.group_create(
        committee_id=p.city.pk,
        name="读书群",
        description="",
        member_ids=[p.member_wang_record.pk],
        books=[],
        by=p.activity_staff,
    )
    c = _client(p.member_wang)
    made = _post(c, f"/api/v1/learning/groups/{group.pk}/notes", {"title": "心得", "body": "读书使人明理。"})
    assert made.status_code == 200
    assert [n["title"] for n in c.get(f"/api/v1/learning/notes?committee={p.city.pk}").json()["items"]] == [
        "心得"
    ]
    assert (
        _post(
            _client(p.member_county), f"/api/v1/learning/groups/{group.pk}/notes", {"title": "x", "body": "y"}
        ).status_code
        == 404
    )
